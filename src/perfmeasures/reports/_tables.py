"""Priority tables: each measure's ratings and figures over recent periods.

The columns follow the seed report: the year-end figures of earlier years,
the quarters of the previous and the current year, and the months of the
current quarter.  Every cell keeps its exact figure beside the text shown.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from .._arithmetic import in_context
from .._batch import EvaluationSet, evaluate_plan
from .._errors import InvalidValueError
from .._evaluate import Evaluation, evaluate
from .._figures import Source, period_figure, target_for
from .._measures import Benchmark, Frequency, Measure, Polarity, Unit
from .._periods import Month, Period, Quarter, Year
from .._plan import Plan
from .._ratings import Assurance, Direction, Status, Variation
from .._rules import Rules
from .._targets import (
    AnnualTarget,
    Basis,
    BoundTarget,
    ChangeKind,
    FixedTarget,
    RangeTarget,
    RelativeTarget,
)
from .._values import MissingReason
from ._exceptions import group_by_priority
from ._format import derived, figure, plain

__all__ = [
    "Cell",
    "Columns",
    "PriorityTable",
    "PriorityTables",
    "Row",
    "TrendPoint",
    "columns_for",
    "priority_tables",
]


@attrs.frozen(kw_only=True)
class Columns:
    """The periods a priority table shows, in three groups.

    Args:
        annual: Year-end columns, oldest first.
        quarterly: Quarter columns, oldest first.
        monthly: Month columns, oldest first.

    .. versionadded:: 0.1.0
    """

    annual: tuple[Year, ...]
    quarterly: tuple[Quarter, ...]
    monthly: tuple[Month, ...]


@in_context
def columns_for(
    period: Period, *, years: int = 4, year_start_month: int = 4
) -> Columns:
    """The columns of a table reporting *period*.

    The *years* years before the period's year (and the year itself when a
    year is reported); the quarters of the previous year and of the current
    year up to the period; the months of the current quarter up to the period.

    >>> c = columns_for(Quarter(Year(2019), 1))
    >>> [y.label for y in c.annual]
    ['2015/16', '2016/17', '2017/18', '2018/19']
    >>> [q.label for q in c.quarterly][-2:]
    ['Q4 2018/19', 'Q1 2019/20']
    >>> [m.label for m in c.monthly]
    ['Apr 2019', 'May 2019', 'Jun 2019']

    Raises:
        InvalidValueError: *years* is negative.

    .. versionadded:: 0.1.0
    """
    # Checked at run time too: the command line and notebooks pass anything.
    given: object = years
    if not isinstance(given, int) or isinstance(given, bool) or given < 0:
        raise InvalidValueError("years", years, "a whole number of at least 0")
    if isinstance(period, Year):
        year, quarter, last_month = period, period.quarters()[-1], None
    elif isinstance(period, Quarter):
        year, quarter, last_month = period.year, period, None
    else:
        quarter = period.quarter(year_start_month)
        year, last_month = quarter.year, period
    annual = tuple(year.shift(-n) for n in range(years, 0, -1))
    if isinstance(period, Year):
        annual = (*annual[1:], year) if years else ()
    quarters = year.previous().quarters() + quarter.year_to_date()
    months = tuple(m for m in quarter.months() if last_month is None or m <= last_month)
    return Columns(annual=annual, quarterly=quarters, monthly=months)


@attrs.frozen(kw_only=True)
class Cell:
    """One figure in a priority table.

    Args:
        period: The column's period.
        value: The figure for the period alone, or None.
        year_to_date: The cumulative figure published for the period, if any.
        source: Where the figure came from (published, derived).
        missing: Why the figure is missing, where it is.
        text: The figure as shown, or why it is missing (empty when
            nothing was published).
        year_to_date_text: The published cumulative figure as shown, if any.

    .. versionadded:: 0.1.0
    """

    period: Period
    value: Decimal | None
    year_to_date: Decimal | None
    source: Source
    missing: MissingReason | None
    text: str
    year_to_date_text: str | None = None


@attrs.frozen(kw_only=True)
class TrendPoint:
    """A point of a measure's quarterly series, for a sparkline.

    Args:
        period: The quarter.
        value: The figure for the quarter alone, or None.
        target: The target for the quarter alone, or None.

    .. versionadded:: 0.1.0
    """

    period: Period
    value: Decimal | None
    target: Decimal | None


@attrs.frozen(kw_only=True)
class Row:
    """A measure's line in a priority table.

    Args:
        ref: The measure's reference.
        title: What it measures.
        polarity: Which way good performance lies.
        unit: The unit of its figures.
        frequency: How often it is reported.
        target: The target that applies to the period, in short.
        status: The status to publish.
        computed_status: The status the rules give.
        direction: The direction of travel.
        lead_officer: Who reports it.
        annual: The year-end cells.
        quarterly: The quarter cells.
        monthly: The month cells.
        trend: The quarterly series and targets, for a sparkline.
        parts: The rows of a multi-part measure's parts.
        variation: The XmR chart's variation icon, in tables built with
            ``spc=True`` and where the measure has one.
        assurance: The XmR chart's assurance icon, likewise.
        benchmarks: The comparators published beside the measure
            (statistical neighbours, a national average).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.3.0
       *variation*, *assurance* and *benchmarks*.
    """

    ref: str
    title: str
    polarity: Polarity
    unit: Unit
    frequency: Frequency
    target: str
    status: Status
    computed_status: Status
    direction: Direction
    lead_officer: str | None
    annual: tuple[Cell, ...]
    quarterly: tuple[Cell, ...]
    monthly: tuple[Cell, ...]
    trend: tuple[TrendPoint, ...]
    parts: tuple[Row, ...] = ()
    variation: Variation | None = None
    assurance: Assurance | None = None
    benchmarks: tuple[Benchmark, ...] = ()


@attrs.frozen(kw_only=True)
class PriorityTable:
    """The rows under one plan priority.

    .. versionadded:: 0.1.0
    """

    key: str | None
    title: str
    rows: tuple[Row, ...]


@attrs.frozen(kw_only=True)
class PriorityTables:
    """A table per priority, all with the same columns.

    Args:
        period: The period rated.
        columns: The figure columns every table has.
        tables: The tables, in the plan's order of priorities.
        spc: Whether the rows carry the XmR chart icons, for renderers to
            show a variation and an assurance column.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.3.0
       *spc*.
    """

    period: Period
    columns: Columns
    tables: tuple[PriorityTable, ...]
    spc: bool = False

    def __repr__(self) -> str:
        from .._display import tables_repr  # noqa: PLC0415 - only when shown.

        return tables_repr(self)

    def _repr_html_(self) -> str:
        from .._display import tables_html  # noqa: PLC0415 - only when shown.

        return tables_html(self)

    def _repr_markdown_(self) -> str:
        from .._display import tables_markdown  # noqa: PLC0415 - only when shown.

        return tables_markdown(self)


_MISSING_WORDS = {
    MissingReason.NOT_AVAILABLE: "Not available",
    MissingReason.NOT_YET_AVAILABLE: "Not yet available",
    MissingReason.NOT_PUBLISHED: "",
}


def _cell(measure: Measure, period: Period) -> Cell:
    found = period_figure(measure, period)
    published = measure.values.get(period)
    year_to_date = published.year_to_date if published is not None else None
    if found.value is None:
        reason = found.missing or MissingReason.NOT_PUBLISHED
        text = _MISSING_WORDS[reason]
    elif found.source is Source.PUBLISHED:
        text = figure(measure.unit, found.value)
    else:
        text = derived(measure.unit, found.value)
    shown = None
    if year_to_date is not None and not isinstance(period, Year):
        shown = figure(measure.unit, year_to_date)
    return Cell(
        period=period,
        value=found.value,
        year_to_date=year_to_date,
        source=found.source,
        missing=found.missing,
        text=text,
        year_to_date_text=shown,
    )


def _quarter_target(measure: Measure, quarter: Quarter) -> Decimal | None:
    """The target for *quarter* alone: a year-to-date target less the last one."""
    resolved = target_for(measure, quarter)
    if resolved is None or resolved.value is None:
        return None
    if resolved.basis is not Basis.YEAR_TO_DATE or quarter.number == 1:
        return resolved.value
    before = target_for(measure, quarter.previous())
    if before is None or before.value is None or before.basis is not Basis.YEAR_TO_DATE:
        return None
    return resolved.value - before.value


def short_target(measure: Measure, period: Period) -> str:
    """The target for *period* as a table's Target column shows it.

    An inequality shows with its sign, as councils print it: ``< 5``,
    ``≥ 95%``.
    """
    entry = measure.target_entry(period)
    if entry is None:
        return "Data only" if measure.data_only else ""
    target = entry[1]
    if isinstance(target, FixedTarget):
        text = figure(measure.unit, target.value)
    elif isinstance(target, BoundTarget):
        text = f"{target.bound.symbol} {figure(measure.unit, target.value)}"
    elif isinstance(target, RangeTarget):
        low, high = (
            figure(measure.unit, target.lower),
            figure(measure.unit, target.upper),
        )
        text = f"{low} to {high}"
    elif isinstance(target, AnnualTarget):
        text = f"{figure(measure.unit, target.value)} for the year"
        if target.profile is not None:
            text += (
                " (" + ", ".join(figure(measure.unit, p) for p in target.profile) + ")"
            )
    else:
        text = _relative_short(measure, target, period)
    floor = (
        target.floor
        if isinstance(target, FixedTarget | AnnualTarget | BoundTarget)
        else None
    )
    if floor is not None:
        text += f", floor {figure(measure.unit, floor)}"
    return text


def _relative_short(measure: Measure, target: RelativeTarget, period: Period) -> str:
    sign = "+" if target.change >= 0 else "-"
    size = plain(abs(target.change))
    unit = "%" if target.change_kind is ChangeKind.PERCENT else ""
    text = f"{sign}{size}{unit} on {target.baseline}"
    resolved = target_for(measure, period)
    if resolved is not None and resolved.annual is not None:
        text = f"{derived(measure.unit, resolved.annual)} for the year ({text})"
    elif resolved is not None and resolved.value is not None:
        text = f"{derived(measure.unit, resolved.value)} ({text})"
    return text


def _row(
    measure: Measure, evaluation: Evaluation, columns: Columns, rules: Rules
) -> Row:
    # A multi-part measure with no part figures for the period is evaluated
    # as a whole; its parts still get rows, each rated on its own.
    results = evaluation.components or tuple(
        evaluate(part, evaluation.period, rules=rules) for part in measure.components
    )
    parts = tuple(
        _row(part, result, columns, rules)
        for part, result in zip(measure.components, results, strict=True)
    )
    return Row(
        ref=measure.ref,
        title=measure.title,
        polarity=measure.polarity,
        unit=measure.unit,
        frequency=measure.frequency,
        target=short_target(measure, evaluation.period),
        status=evaluation.status,
        computed_status=evaluation.computed_status,
        direction=evaluation.direction,
        lead_officer=measure.lead_officer,
        annual=tuple(_cell(measure, p) for p in columns.annual),
        quarterly=tuple(_cell(measure, p) for p in columns.quarterly),
        monthly=tuple(_cell(measure, p) for p in columns.monthly),
        trend=tuple(
            TrendPoint(
                period=q,
                value=period_figure(measure, q).value,
                target=_quarter_target(measure, q),
            )
            for q in columns.quarterly
        ),
        parts=parts,
        variation=evaluation.variation,
        assurance=evaluation.assurance,
        benchmarks=measure.benchmarks,
    )


@in_context
def priority_tables(
    plan: Plan, period: Period | str, *, years: int = 4, spc: bool = False
) -> PriorityTables:
    """A table per priority of *plan*'s measures, rated for *period*.

    Args:
        plan: The plan.
        period: The period, or a label read as a period of the plan's years.
        years: How many earlier year-end columns to show.
        spc: Whether to add each measure's XmR chart icons
            (``evaluate_plan(..., spc=True)``).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.3.0
       *spc*.
    """
    rated = evaluate_plan(plan, period, spc=spc)
    return tables_of(plan, rated, years=years, spc=spc)


def tables_of(
    plan: Plan, evaluations: EvaluationSet, *, years: int = 4, spc: bool = False
) -> PriorityTables:
    """:func:`priority_tables` of *plan*'s *evaluations*, already made."""
    start = plan.measures[0].year_start_month if plan.measures else 4
    columns = columns_for(evaluations.period, years=years, year_start_month=start)
    rows = [
        (measure.ref, _row(measure, evaluation, columns, plan.rules_for(measure.ref)))
        for measure, evaluation in zip(plan.measures, evaluations, strict=True)
    ]
    return PriorityTables(
        period=evaluations.period,
        columns=columns,
        tables=tuple(
            PriorityTable(key=key, title=title, rows=tuple(items))
            for key, title, items in group_by_priority(plan, rows)
        ),
        spc=spc,
    )
