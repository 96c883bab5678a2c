"""Plans and evaluations as pandas data frames (the optional ``pandas`` extra).

Columns are typed for analysis, the same under pandas 2 and 3:

- Figures are ``float64``, blanks ``NaN``, so that ``frame["actual"].mean()``,
  ``frame.plot`` and arithmetic work as they are.  A float holds about 15
  significant digits: for the figures exactly as published (a computed
  target of 28.333... to 28 places), pass ``exact=True`` and figure
  columns hold :class:`~decimal.Decimal` objects (``object`` dtype,
  blanks None) under the same names.
- Periods are ordered categoricals whose categories run in time order,
  so that sorting, grouping and pivoting follow time rather than the
  alphabet: a period ends after those before it, and a shorter period
  comes before a longer one ending with it (``Apr 2019``, ``May 2019``,
  ``Jun 2019``, ``Q1 2019/20`` ... ``Mar 2020``, ``Q4 2019/20``,
  ``2019/20``).  ``period`` (and ``comparator_period``) are labels;
  ``financial_year`` is the year's label, ordered likewise.  The
  categories are the periods the frame holds.
- ``quarter`` (1 to 4, counted in the measure's own years) and ``month``
  (1 to 12, the calendar month) are nullable whole numbers (``Int64``).
- Enums are their lower_snake values and other text is text (``object``
  dtype), blanks None; ``overridden`` is a boolean.

Never pandas ``Period`` objects: a council's quarter is not a pandas
fiscal quarter unless its year starts in April, and a label reads as the
council prints it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from types import ModuleType
from typing import TYPE_CHECKING, Any

import attrs

from .._arithmetic import in_context
from .._batch import EvaluationSet
from .._evaluate import Evaluation
from .._figures import figure_of, target_for
from .._lazy import optional_module
from .._measures import Measure
from .._periods import Period, Year
from .._plan import Plan
from .._targets import AnnualTarget, Basis, PeriodTarget, RelativeTarget, Target
from ._export import EVALUATION_COLUMNS, Record, evaluation_records
from ._tables._long import period_columns

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "PLAN_COLUMNS",
    "evaluations_to_pandas",
    "pandas_module",
    "plan_to_pandas",
]


def pandas_module() -> ModuleType:
    """pandas, or a :class:`MissingExtraError` naming the ``pandas`` extra."""
    return optional_module("pandas", "pandas", "building pandas data frames")


#: The columns of :func:`plan_to_pandas`, in order.
PLAN_COLUMNS = (
    "ref",
    "part",
    "title",
    "polarity",
    "unit",
    "period",
    "period_type",
    "financial_year",
    "quarter",
    "month",
    "amount",
    "year_to_date",
    "numerator",
    "denominator",
    "missing",
    "target",
    "target_basis",
    "target_lower",
    "target_upper",
    "period_target",
    "year_to_date_target",
    "annual_target",
)

#: The figure columns of each frame: floats, or Decimals with ``exact=True``.
_PLAN_FIGURES = frozenset(
    {
        "amount",
        "year_to_date",
        "numerator",
        "denominator",
        "target",
        "target_lower",
        "target_upper",
        "period_target",
        "year_to_date_target",
        "annual_target",
    }
)
_EVALUATION_FIGURES = frozenset(
    {
        "actual",
        "period_actual",
        "target",
        "target_lower",
        "target_upper",
        "annual_target",
        "comparator_value",
        "variance",
        "variance_percent",
    }
)
_WHOLE = frozenset({"quarter", "month"})

_TimeKey = tuple[dt.date, int]


def _time_key(period: Period) -> _TimeKey:
    """Sorts periods by when they end, a shorter before a longer ending with it."""
    return period.end, -period.start.toordinal()


def _ordered(
    labels: Sequence[str | None], keys: Mapping[str, _TimeKey]
) -> pd.Categorical:
    """*labels* as an ordered categorical, its categories in the order of *keys*."""
    pandas = pandas_module()
    categories = sorted(keys, key=keys.__getitem__)
    ordered: pd.Categorical = pandas.Categorical(
        labels, categories=categories, ordered=True
    )
    return ordered


def _period_keys(periods: Iterable[Period | None]) -> dict[str, _TimeKey]:
    """The time key of each period's label (the first period of a label wins)."""
    keys: dict[str, _TimeKey] = {}
    for period in periods:
        if period is not None and period.label not in keys:
            keys[period.label] = _time_key(period)
    return keys


def _year_keys(
    years: Sequence[str | None],
    periods: Sequence[Period],
    period_keys: Mapping[str, _TimeKey],
) -> dict[str, _TimeKey]:
    """A time key for each year label: that of its earliest period in the frame."""
    keys: dict[str, _TimeKey] = {}
    for year, period in zip(years, periods, strict=True):
        if year is not None:
            key = period_keys[period.label]
            keys[year] = min(keys.get(year, key), key)
    return keys


def _figure(value: object) -> float:
    return float(value) if isinstance(value, Decimal) else float("nan")


def _frame(  # noqa: PLR0913 - the rows, and how each column is typed.
    records: Sequence[Record],
    columns: Sequence[str],
    *,
    figures: frozenset[str],
    rows: Sequence[Period],
    periods: Mapping[str, Sequence[Period | None]],
    exact: bool,
) -> pd.DataFrame:
    """A frame of *records*, typed column by column.

    Args:
        records: The rows.
        columns: The columns, in order.
        figures: The columns holding figures.
        rows: The period of each row.
        periods: For each period column, the period of each row.
        exact: Whether figures are Decimals rather than floats.
    """
    pandas = pandas_module()
    data: dict[str, Any] = {}
    for column in columns:
        given = [r[column] for r in records]
        if column in figures:
            data[column] = (
                pandas.Series(given, dtype=object)
                if exact
                else pandas.Series([_figure(v) for v in given], dtype="float64")
            )
        elif column in periods:
            labels = [p.label if p is not None else None for p in periods[column]]
            data[column] = _ordered(labels, _period_keys(periods[column]))
        elif column == "financial_year":
            years = [y if isinstance(y, str) else None for y in given]
            keys = _year_keys(years, rows, _period_keys(rows))
            data[column] = _ordered(years, keys)
        elif column in _WHOLE:
            data[column] = pandas.Series(given, dtype="Int64")
        elif column == "overridden":
            data[column] = pandas.Series(given, dtype=bool)
        else:
            data[column] = pandas.Series(given, dtype=object)
    frame: pd.DataFrame = pandas.DataFrame(data, columns=list(columns))
    return frame


_OTHER_BASIS = {Basis.PERIOD: Basis.YEAR_TO_DATE, Basis.YEAR_TO_DATE: Basis.PERIOD}


def _resolve(measure: Measure, period: Period, target: Target) -> PeriodTarget | None:
    """*target* resolved for *measure*'s *period*, as the evaluation resolves it."""
    if isinstance(target, RelativeTarget):
        return target.resolve(
            period,
            lambda base: figure_of(measure, base).value,
            measure.year_start_month,
        )
    return target.resolved(period, measure.year_start_month)


def _targets(measure: Measure, period: Period) -> Record:
    """The target columns of *measure*'s row for *period*.

    ``target`` is what a rating compares (with the period's figure or the
    year to date: ``target_basis``); ``period_target`` and
    ``year_to_date_target`` are the target for the period alone and for
    the year to its end, where the target says (an annual target profiled
    over the year says both; a fixed figure only the first); for a year,
    both are the year's.
    """
    resolved = target_for(measure, period)
    entry = measure.target_entry(period)
    if resolved is None or entry is None:
        return dict.fromkeys(PLAN_COLUMNS[PLAN_COLUMNS.index("target") :])
    by_basis: dict[Basis, Decimal | None] = {resolved.basis: resolved.value}
    target = entry[1]
    if isinstance(period, Year):
        by_basis = dict.fromkeys(Basis, resolved.value)
    elif isinstance(target, AnnualTarget | RelativeTarget):
        other = _OTHER_BASIS[resolved.basis]
        found = _resolve(measure, period, attrs.evolve(target, basis=other))
        if found is not None and found.basis is other:
            by_basis[other] = found.value
    return {
        "target": resolved.value,
        "target_basis": resolved.basis.value,
        "target_lower": resolved.lower,
        "target_upper": resolved.upper,
        "period_target": by_basis.get(Basis.PERIOD),
        "year_to_date_target": by_basis.get(Basis.YEAR_TO_DATE),
        "annual_target": resolved.annual,
    }


def _plan_records(
    measure: Measure, ref: str, part: str | None, periods: list[Period]
) -> list[Record]:
    records: list[Record] = []
    for period, value in measure.values.items():  # noqa: PD011 - not a frame.
        kind, year, quarter, month = period_columns(period, measure.year_start_month)
        periods.append(period)
        records.append(
            {
                "ref": ref,
                "part": part,
                "title": measure.title,
                "polarity": measure.polarity.value,
                "unit": measure.unit.kind.value,
                "period": period.label,
                "period_type": kind,
                "financial_year": year,
                "quarter": int(quarter) if quarter else None,
                "month": int(month) if month else None,
                "amount": value.amount,
                "year_to_date": value.year_to_date,
                "numerator": value.numerator,
                "denominator": value.denominator,
                "missing": value.missing.value if value.missing else None,
                **_targets(measure, period),
            }
        )
    return records


@in_context
def plan_to_pandas(plan: Plan, *, exact: bool = False) -> pd.DataFrame:
    """Every published figure of *plan*, one row per measure (or part) and period.

    The columns, in order: ``ref``, ``part`` (a part's own reference, on
    the rows of a part of a multi-part measure), ``title``, ``polarity``,
    ``unit``, the period (``period``, ``period_type``, ``financial_year``,
    ``quarter``, ``month``), the figures published (``amount``, the
    period's own figure; ``year_to_date``, the cumulative figure, where
    published; ``numerator``, ``denominator``), ``missing`` (why a figure
    is missing), and the targets that apply to the period, named by what
    they hold:

    ``period_target``
        The target for the period alone, to set beside ``amount``: an
        annual target's share of the period (2.B7's 85 for Q1, 28.33 for
        April), or a fixed target's figure.
    ``year_to_date_target``
        The target for the year up to the period's end, to set beside the
        year-to-date figure: an annual target's profile to date (2.B7's
        56.67 by the end of May).  Blank where the target is a fixed
        figure.
    ``annual_target``
        The whole year's target, for targets set for a year.
    ``target``, ``target_basis``
        The target a rating compares, and which figure it is compared with
        (``period`` or ``year_to_date``): one of the two above.
    ``target_lower``, ``target_upper``
        The bounds of a range or inequality target (where ``target`` is
        blank).

    Every target column is blank where no target applies, or a relative
    target's baseline figure is missing.

    Figures are ``float64`` (blanks ``NaN``), so that ``frame.amount.mean()``
    and ``frame.plot`` work as they are; with *exact* they are
    :class:`~decimal.Decimal` objects (blanks None) under the same names.
    ``period`` and ``financial_year`` are ordered categoricals in time
    order (a period after those ending before it, a shorter period before
    a longer one ending with it: ``Apr 2019``, ``May 2019``, ``Jun 2019``,
    ``Q1 2019/20``), so that sorting, grouping and pivoting follow time;
    their categories are the periods the frame holds.  ``quarter`` (1 to 4,
    in the measure's own years) and ``month`` (1 to 12) are ``Int64``;
    enums are their lower_snake values; other columns are text, blanks
    None.

    Args:
        plan: The plan.
        exact: Give figures as :class:`~decimal.Decimal` objects exactly as
            published or computed, rather than floats.

    >>> from perfmeasures.examples import rotherham_2019_20
    >>> frame = plan_to_pandas(rotherham_2019_20())
    >>> b7 = frame[(frame.ref == "2.B7") & (frame.period_type == "month")]
    >>> b7[["period", "amount", "period_target", "year_to_date_target"]].round(2)
          period  amount  period_target  year_to_date_target
    44  Apr 2019    39.0          28.33                28.33
    46  May 2019    24.0          28.33                56.67
    47  Jun 2019    18.0          28.33                85.00
    >>> quarters = frame[frame.period_type == "quarter"]
    >>> quarters.sort_values("period").period.unique().tolist()[-2:]
    ['Q4 2018/19', 'Q1 2019/20']
    >>> plan_to_pandas(rotherham_2019_20(), exact=True).period_target[44]
    Decimal('28.33333333333333333333333333')

    Raises:
        MissingExtraError: pandas is not installed
            (``pip install 'perfmeasures[pandas]'``).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.3.0
       Figures are floats unless *exact*; periods and years are ordered
       categoricals; ``quarter`` and ``month`` are ``Int64``; the targets
       are named by what they hold (``target_basis``, ``target_lower``,
       ``target_upper``, ``period_target``, ``year_to_date_target`` and
       ``annual_target`` are new).
    """
    records: list[Record] = []
    periods: list[Period] = []
    for measure in plan.measures:
        records.extend(_plan_records(measure, measure.ref, None, periods))
        for part in measure.components:
            records.extend(_plan_records(part, measure.ref, part.ref, periods))
    return _frame(
        records,
        PLAN_COLUMNS,
        figures=_PLAN_FIGURES,
        rows=periods,
        periods={"period": periods},
        exact=exact,
    )


def _evaluated(evaluations: EvaluationSet) -> Iterable[Evaluation]:
    """Each evaluation and its parts', in the order of the export's rows."""
    for evaluation in evaluations:
        yield evaluation
        yield from evaluation.components


@in_context
def evaluations_to_pandas(
    evaluations: EvaluationSet, plan: Plan | None = None, *, exact: bool = False
) -> pd.DataFrame:
    """*evaluations* as a data frame, one row per measure and part.

    The columns are those :func:`~perfmeasures.io.write_evaluations_csv`
    writes.  Figures (``actual``, ``period_actual``, ``target``,
    ``target_lower``, ``target_upper``, ``annual_target``,
    ``comparator_value``, ``variance``, ``variance_percent``) are
    ``float64`` (blanks ``NaN``), or :class:`~decimal.Decimal` objects
    (blanks None) with *exact*.  ``actual`` and ``target`` are the figures
    the rating compares (the period's or the year to date's, as ``basis``
    says); ``period_actual`` is the period's own figure.  ``period``,
    ``comparator_period`` and ``financial_year`` are ordered categoricals
    in time order, as :func:`plan_to_pandas` gives them; ``quarter`` and
    ``month`` are ``Int64``; ``overridden`` is ``bool``; statuses,
    directions and other enums are their lower_snake values, and other
    columns text, blanks None.

    Args:
        evaluations: The evaluation set.
        plan: The plan evaluated, for titles and each measure's year start.
        exact: Give figures as :class:`~decimal.Decimal` objects rather than
            floats.

    >>> from perfmeasures import evaluate_plan
    >>> from perfmeasures.examples import rotherham_2019_20
    >>> plan = rotherham_2019_20()
    >>> frame = evaluations_to_pandas(evaluate_plan(plan, "Q1 2019/20"), plan)
    >>> row = frame[frame.ref == "1.A2"]
    >>> row[["status", "direction", "actual", "target"]].to_dict("records")
    [{'status': 'red', 'direction': 'worsening', 'actual': 94.8, 'target': 90.0}]
    >>> print(f"{frame[frame.status == 'red'].variance_percent.mean():.2f}")
    7.11

    Raises:
        MissingExtraError: pandas is not installed
            (``pip install 'perfmeasures[pandas]'``).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.3.0
       Figures are floats unless *exact*; ``period``, ``comparator_period``
       and ``financial_year`` are ordered categoricals; ``quarter`` and
       ``month`` are ``Int64``; ``overridden`` is ``bool``.
    """
    rows = list(_evaluated(evaluations))
    return _frame(
        evaluation_records(evaluations, plan),
        EVALUATION_COLUMNS,
        figures=_EVALUATION_FIGURES,
        rows=[e.period for e in rows],
        periods={
            "period": [e.period for e in rows],
            "comparator_period": [e.comparator_period for e in rows],
        },
        exact=exact,
    )
