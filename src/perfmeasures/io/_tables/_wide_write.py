"""Writing a plan as a council's wide table (one row per measure).

:func:`table_rows` lays a plan out as :mod:`perfmeasures.io._tables._wide_read`
describes: front matter, header and a row per measure;
:func:`write_wide_csv` and :func:`write_wide_xlsx` write the rows to CSV or
a workbook.

The table is laid out like the seed report: the mapped columns in
:class:`~perfmeasures.io.WideMapping` order, then a column per period
(years, then quarters, then months, each in date order, headed as the seed
heads them: ``Year end 2018/19``, ``Q1 Apr - Jun 2019``, ``Apr-19``), then
the data notes.  Reading the table back with the same report period and
target year gives the same figures, and every other field a wide table
carries (see :mod:`perfmeasures.io._tables._wide_read`).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from ..._arithmetic import in_context
from ..._errors import InvalidValueError
from ..._measures import Measure, Unit, UnitKind
from ..._periods import MONTH_ABBREVIATIONS, Period, Quarter, Year
from ..._plan import Plan
from ..._values import Value
from .._sheets._cells import (
    DATA_ONLY,
    CellPart,
    flag,
    format_cell,
    format_target,
    format_unit,
    word,
)
from .._sheets._write import (
    SheetLayout,
    Target,
    Where,
    XlsxCell,
    target_name,
    write_csv_rows,
    write_data,
    xlsx_bytes,
)
from ._layout import (
    FRONT_LABELS,
    WideMapping,
    month_word,
    priority_text,
    refuse_losses,
    resolve_periods,
    rules_cell,
    wide_read_options,
)
from ._wide_read import (
    format_benchmarks,
    format_override,
    format_parts,
    read_wide_csv,
    read_wide_xlsx,
)

__all__ = [
    "period_heading",
    "table_rows",
    "write_wide_csv",
    "write_wide_xlsx",
]


# Columns written only when some measure has something for them.
_WHEN_USED = (
    "year_start",
    "under_development",
    "benchmarks",
    "parts",
    "override",
    "rules",
)
# The ``<heading> <period>`` columns, in the order written after the figures.
_PERIOD_COLUMNS = ("target", "status", "direction", "override", "notes")


def period_heading(period: Period) -> str:
    """The heading the seed report gives *period*'s column.

    Years starting in April are ``Year end 2018/19``; their quarters
    ``Q1 Apr - Jun 2019``; months ``Apr-19``.  Other periods are headed by
    their canonical labels, which :func:`~perfmeasures.parse_period` reads
    whatever month years start in.

    >>> period_heading(Quarter(Year(2018), 4))
    'Q4 Jan - Mar 2019'

    .. versionadded:: 0.1.0
    """
    if isinstance(period, Year):
        return f"Year end {period.label}" if period.start_month != 1 else period.label
    if isinstance(period, Quarter):
        if period.year.start_month != 4:
            return period.label
        first, _, last = period.months()
        return (
            f"Q{period.number} {MONTH_ABBREVIATIONS[first.month - 1]} - "
            f"{MONTH_ABBREVIATIONS[last.month - 1]} {last.year}"
        )
    if 1970 <= period.year <= 2069:
        return f"{MONTH_ABBREVIATIONS[period.month - 1]}-{period.year % 100:02d}"
    return period.label


def _kind_order(period: Period) -> tuple[int, Period]:
    rank = 0 if isinstance(period, Year) else 1 if isinstance(period, Quarter) else 2
    return rank, period


def _label(measure: Measure, part: Measure) -> str:
    prefix = f"{measure.ref} "
    return part.ref.removeprefix(prefix) if part.ref.startswith(prefix) else part.ref


def _part(
    series: Measure, value: Value, label: str | None, letter: str | None
) -> CellPart:
    """*value* of *series* (a measure or one of its parts) as a cell part."""
    return CellPart(
        value=value,
        label=label,
        percent=series.unit.kind is UnitKind.PERCENTAGE,
        money=series.unit.kind is UnitKind.MONEY,
        letter=letter,
    )


def _value_cell(
    measure: Measure, period: Period, *, numbers: bool
) -> tuple[XlsxCell, bool]:
    """The cell for *period*, and whether it is a bare percentage figure."""
    parts = []
    own = measure.values.get(period)
    if own is not None:
        parts.append(_part(measure, own, None, None))
    for index, component in enumerate(measure.components):
        value = component.values.get(period)
        if value is not None:
            letter = chr(ord("a") + index) if index < 26 else None
            label = _label(measure, component)
            parts.append(_part(component, value, label, letter))
    if not parts:
        return "", False
    (first, *others) = parts
    amount = first.value.amount
    plain = amount is not None and first.value == Value(amount=amount)
    if plain and not others and first.label is None and not first.money:
        figure = amount or Decimal(0)
        if numbers or not first.percent:
            return figure, first.percent
        return f"{figure:f}%", False
    return format_cell(parts), False


def _unit_text(unit: Unit) -> str:
    """The Unit cell: the whole unit, or as much as a cell can say."""
    try:
        return format_unit(unit)
    except InvalidValueError:
        # The read-back check names what is lost.
        return format_unit(Unit(kind=unit.kind, per=unit.per))


def _periods_of(items: Iterable[Period], skip: Period | None) -> list[Period]:
    return sorted({p for p in items if p != skip}, key=_kind_order)


def _front_matter(plan: Plan) -> list[list[XlsxCell]]:
    rows: list[list[XlsxCell]] = [[FRONT_LABELS["title"], plan.title]]
    if plan.organisation is not None:
        rows.append([FRONT_LABELS["organisation"], plan.organisation])
    if plan.year_start_month is not None:
        rows.append([FRONT_LABELS["start_month"], month_word(plan.year_start_month)])
    rows.append([FRONT_LABELS["rules"], rules_cell(plan.rules)])
    rows += [
        [FRONT_LABELS["priority"], priority_text(p.key, p)] for p in plan.priorities
    ]
    rows.append([])
    return rows


def _used(plan: Plan, name: str) -> bool:
    measures = plan.measures
    if name == "year_start":
        # Only where the measures' years differ: one start is the table's own.
        return plan.year_start_month is None
    if name == "under_development":
        return any(m.under_development for m in measures)
    if name == "benchmarks":
        return any(m.benchmarks for m in measures)
    if name == "parts":
        return any(m.components for m in measures)
    if name == "override":
        return any(m.overrides for m in measures)
    return any(m.rules is not None for m in measures)


def _fields(
    plan: Plan, measure: Measure, report: Period | None, year: Year | None
) -> dict[str, str | None]:
    """The text of each mapped column on *measure*'s row."""
    percent = measure.unit.kind is UnitKind.PERCENTAGE
    target = measure.targets.get(year) if year is not None else None
    published = measure.published.get(report) if report is not None else None
    override = measure.overrides.get(report) if report is not None else None
    prefix = f"{measure.ref} "
    parts = [(p.ref.removeprefix(prefix), p.title) for p in measure.components]
    if target is not None:
        target_text: str | None = format_target(target, percent=percent)
    else:
        target_text = DATA_ONLY if measure.data_only else None
    return {
        "ref": measure.ref,
        "title": measure.title,
        "polarity": word(measure.polarity),
        "unit": _unit_text(measure.unit),
        "frequency": word(measure.frequency),
        "aggregation": word(measure.aggregation),
        "compare_with": word(measure.compare_with),
        "year_start": month_word(measure.year_start_month),
        "data_only": flag(measure.data_only),
        "under_development": flag(measure.under_development),
        "target": target_text,
        "status": word(published.status) if published and published.status else None,
        "direction": (
            word(published.direction) if published and published.direction else None
        ),
        "benchmarks": format_benchmarks(measure.benchmarks, measure.year_start_month),
        "parts": format_parts(parts) if parts else None,
        "override": format_override(override) if override is not None else None,
        "rules": rules_cell(measure.rules) if measure.rules is not None else None,
        "priority": (
            priority_text(measure.priority, plan.priority(measure.priority))
            if measure.priority is not None
            else None
        ),
        "outcome": measure.outcome,
        "lead_accountability": measure.lead_accountability,
        "action": measure.action,
        "lead_officer": measure.lead_officer,
        "notes": measure.notes.get(report) if report is not None else None,
    }


def _period_cell(measure: Measure, name: str, period: Period) -> str:
    """The text of *measure*'s ``<heading> <period>`` cell for field *name*."""
    percent = measure.unit.kind is UnitKind.PERCENTAGE
    if name == "target":
        target = measure.targets.get(period)
        return format_target(target, percent=percent) if target is not None else ""
    if name in {"status", "direction"}:
        published = measure.published.get(period)
        member = getattr(published, name, None) if published is not None else None
        return word(member) if member is not None else ""
    if name == "override":
        override = measure.overrides.get(period)
        return (format_override(override) or "") if override is not None else ""
    return measure.notes.get(period) or ""


def _extra_periods(
    plan: Plan, name: str, report: Period | None, year: Year | None
) -> list[Period]:
    """The periods other than the table's own with an entry for field *name*."""
    measures = plan.measures
    if name == "target":
        return _periods_of((p for m in measures for p in m.targets), year)
    if name in {"status", "direction"}:
        return _periods_of(
            (
                p
                for m in measures
                for p, published in m.published.items()
                if getattr(published, name) is not None
            ),
            report,
        )
    if name == "override":
        return _periods_of((p for m in measures for p in m.overrides), report)
    return _periods_of((p for m in measures for p in m.notes), report)


def table_rows(
    plan: Plan,
    mapping: WideMapping | None,
    report_period: Period | str | None,
    target_year: Year | str | None,
    *,
    numbers: bool,
) -> tuple[list[list[XlsxCell]], frozenset[tuple[int, int]]]:
    """The rows of *plan*'s wide table, and the cells holding bare percentages.

    Args:
        plan: The plan.
        mapping: The headings to write.
        report_period: The period of the status, direction, override and
            notes columns; by default the latest quarter with figures.
        target_year: The year of the Target column; by default the report
            period's.
        numbers: Whether plain figures are numbers (for a workbook) or text.
    """
    mapping = mapping or WideMapping()
    periods = sorted(
        {
            period
            for measure in plan.measures
            for series in (measure, *measure.components)
            for period in series.values
        },
        key=_kind_order,
    )
    report, year = resolve_periods(
        periods, report_period, target_year, plan.year_start_month or 4
    )
    columns = [
        (name, column)
        for name, column in mapping.columns()
        if name != "notes" and (name not in _WHEN_USED or _used(plan, name))
    ]
    extras = [
        (name, period, f"{column.heading} {period.label}")
        for name in _PERIOD_COLUMNS
        if (column := getattr(mapping, name)) is not None
        for period in _extra_periods(plan, name, report, year)
    ]
    rows = _front_matter(plan)
    header: list[XlsxCell] = [c.heading for _, c in columns]
    header += [period_heading(p) for p in periods]
    header += [heading for _, _, heading in extras]
    if mapping.notes is not None:
        header.append(mapping.notes.heading)
    rows.append(header)
    percent_cells: set[tuple[int, int]] = set()
    for measure in plan.measures:
        fields = _fields(plan, measure, report, year)
        row: list[XlsxCell] = [fields[name] or "" for name, _ in columns]
        for period in periods:
            cell, is_percent = _value_cell(measure, period, numbers=numbers)
            if is_percent:
                percent_cells.add((len(rows), len(row)))
            row.append(cell)
        row += [_period_cell(measure, name, period) for name, period, _ in extras]
        if mapping.notes is not None:
            row.append(fields["notes"] or "")
        rows.append(row)
    return rows, frozenset(percent_cells)


def _where(rows: Sequence[Sequence[XlsxCell]], plan: Plan) -> Where:
    """Name a cell of the wide table by the measure and heading it is under.

    The rows are the front matter, the headings, then one a measure.
    """
    first = len(rows) - len(plan.measures)

    def where(row: int, column: int) -> str:
        if row < first - 1:
            return f"the front matter, row {row + 1}"
        heading = rows[first - 1][column]
        if row == first - 1:
            return f"the heading {heading!r}"
        return f"measure {plan.measures[row - first].ref}, {heading}"

    return where


@in_context
def write_wide_csv(  # noqa: PLR0913 - keyword-only writing options.
    plan: Plan,
    target: Target,
    *,
    mapping: WideMapping | None = None,
    report_period: Period | str | None = None,
    target_year: Year | str | None = None,
    lossy: bool = False,
) -> None:
    """Write *plan* as a wide table, one row per measure, to CSV.

    Args:
        plan: The plan.
        target: A path, or a file opened for writing (text or binary).
        mapping: The headings to write; :class:`WideMapping` by default.
        report_period: The period whose published status, direction and
            data notes fill those columns; by default the latest quarter
            with figures.
        target_year: The year whose targets fill the target column; by
            default the report period's year.
        lossy: Write the table even if it cannot carry the whole plan (a
            table for people to read, not to import again).

    The table is read back in memory (with :func:`read_wide_csv` and the
    same *mapping*, *report_period* and *target_year*) before anything is
    written; unless *lossy*, a plan that would not come back whole is
    refused with everything that would be lost.

    Raises:
        InvalidValueError: A part of a multi-part measure has a reference
            that cannot be written as a cell label.
        LossyConversionError: The table cannot carry the whole plan; every
            loss is listed, and nothing is written.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.3.0
       Refuses a table that would lose anything, unless *lossy*.
    """
    rows, _ = table_rows(plan, mapping, report_period, target_year, numbers=False)
    buffer = io.StringIO(newline="")
    write_csv_rows(
        buffer,
        [[c if isinstance(c, str | Decimal) else "" for c in r] for r in rows],
        where=_where(rows, plan),
    )
    text = buffer.getvalue()
    options = wide_read_options(plan, mapping, report_period, target_year)
    if not lossy:
        refuse_losses(
            plan, "wide CSV", lambda: read_wide_csv(io.StringIO(text), **options)
        )
    write_data(target, text)


@in_context
def write_wide_xlsx(  # noqa: PLR0913 - keyword-only writing options.
    plan: Plan,
    target: Target,
    *,
    mapping: WideMapping | None = None,
    report_period: Period | str | None = None,
    target_year: Year | str | None = None,
    lossy: bool = False,
) -> None:
    """Write *plan* as a wide table to an .xlsx workbook.

    As :func:`write_wide_csv` (read back with :func:`read_wide_xlsx`);
    plain figures are numeric cells, and percentages are stored as
    fractions formatted as percentages.  The heading row is bold, filtered
    and repeated on printed pages, and columns are sized to their cells.

    Raises:
        LossyConversionError: The workbook cannot carry the whole plan;
            every loss is listed, and nothing is written.
        MissingExtraError: openpyxl is not installed
            (``pip install 'perfmeasures[excel]'``).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.3.0
       Refuses a workbook that would lose anything, unless *lossy*.  The
       heading row is bold and filtered, and columns are sized.
    """
    rows, percent = table_rows(plan, mapping, report_period, target_year, numbers=True)
    # The headings follow the front matter and come before one row a measure.
    # The front matter (a row a priority) is often too tall to keep in view,
    # so the headings are filtered and sized but not frozen.
    layout = SheetLayout(
        heading_row=len(rows) - len(plan.measures) - 1, freeze=False, max_width=40
    )
    data = xlsx_bytes(
        rows,
        name=target_name(target),
        title="Measures",
        percent=percent,
        layout=layout,
        where=_where(rows, plan),
    )
    options = wide_read_options(plan, mapping, report_period, target_year)
    if not lossy:
        refuse_losses(
            plan, "wide xlsx", lambda: read_wide_xlsx(io.BytesIO(data), **options)
        )
    write_data(target, data)
