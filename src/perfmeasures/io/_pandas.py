"""Plans and evaluations as pandas data frames (the optional ``pandas`` extra).

Columns are explicit, never pandas ``Period`` objects: a period is its
label (``Q1 2019/20``) with ``period_type``, ``financial_year`` (``2019/20``),
``quarter`` (1 to 4, counted in the measure's own years) and ``month`` (1 to
12, the calendar month) beside it.  Every column has ``object`` dtype, the
same under pandas 2 and 3: figures are :class:`~decimal.Decimal` objects,
exactly as published; enums are their lower_snake values; blanks are None,
never ``NaN``.  Convert as you need, for example
``frame["amount"].astype(float)`` for plotting.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .._arithmetic import in_context
from .._batch import EvaluationSet
from .._figures import target_for
from .._measures import Measure
from .._plan import Plan
from ._export import EVALUATION_COLUMNS, Record, evaluation_records
from ._extras import pandas_module
from ._tables._long_write import period_columns

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["PLAN_COLUMNS", "evaluations_to_pandas", "plan_to_pandas"]

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
)


def _frame(records: Sequence[Record], columns: Sequence[str]) -> pd.DataFrame:
    pandas = pandas_module()
    data = {c: pandas.Series([r[c] for r in records], dtype=object) for c in columns}
    frame: pd.DataFrame = pandas.DataFrame(data, columns=list(columns))
    return frame


def _plan_records(measure: Measure, ref: str, part: str | None) -> list[Record]:
    records: list[Record] = []
    for period, value in measure.values.items():  # noqa: PD011 - not a frame.
        kind, year, quarter, month = period_columns(period, measure.year_start_month)
        target = target_for(measure, period)
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
                "target": target.value if target is not None else None,
            }
        )
    return records


@in_context
def plan_to_pandas(plan: Plan) -> pd.DataFrame:
    """Every published figure of *plan*, one row per measure (or part) and period.

    Columns are :data:`PLAN_COLUMNS`.  ``target`` is the target figure that
    applies to the row's period (an annual target's share for a quarter),
    or None where no single figure applies (no target, a range, or a
    relative target whose baseline is missing).

    >>> from perfmeasures.examples import rotherham_2019_20
    >>> frame = plan_to_pandas(rotherham_2019_20())
    >>> frame[frame.ref == "1.A2"].iloc[-1][["period", "amount", "target"]].tolist()
    ['Jun 2019', Decimal('94.8'), Decimal('90')]

    Raises:
        MissingExtraError: pandas is not installed
            (``pip install 'perfmeasures[pandas]'``).

    .. versionadded:: 0.1.0
    """
    records: list[Record] = []
    for measure in plan.measures:
        records.extend(_plan_records(measure, measure.ref, None))
        for part in measure.components:
            records.extend(_plan_records(part, measure.ref, part.ref))
    return _frame(records, PLAN_COLUMNS)


@in_context
def evaluations_to_pandas(
    evaluations: EvaluationSet, plan: Plan | None = None
) -> pd.DataFrame:
    """*evaluations* as a data frame, one row per measure and part.

    The columns are those of the CSV export
    (:data:`~perfmeasures.io._export.EVALUATION_COLUMNS`), with figures as Decimals,
    ``quarter`` and ``month`` as whole numbers and ``overridden`` as a
    boolean.

    Args:
        evaluations: The evaluation set.
        plan: The plan evaluated, for titles and each measure's year start.

    >>> from perfmeasures import evaluate_plan
    >>> from perfmeasures.examples import rotherham_2019_20
    >>> plan = rotherham_2019_20()
    >>> frame = evaluations_to_pandas(evaluate_plan(plan, "Q1 2019/20"), plan)
    >>> frame.set_index("ref").loc["1.A2", ["status", "direction", "actual"]].tolist()
    ['red', 'worsening', Decimal('94.8')]

    Raises:
        MissingExtraError: pandas is not installed
            (``pip install 'perfmeasures[pandas]'``).

    .. versionadded:: 0.1.0
    """
    return _frame(evaluation_records(evaluations, plan), EVALUATION_COLUMNS)
