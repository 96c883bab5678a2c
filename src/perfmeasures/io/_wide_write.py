"""Writing a plan as a council's wide table (one row per measure).

The table is laid out like the seed report: the mapped columns in
:class:`~perfmeasures.io.WideMapping` order, then a column per period
(years, then quarters, then months, each in date order, headed as the seed
heads them: ``Year end 2018/19``, ``Q1 Apr - Jun 2019``, ``Apr-19``), then
the data notes.  Reading the table back with the same report period and
target year gives the same figures, and every other field a wide table
carries (see :mod:`perfmeasures.io._wide`).
"""

from __future__ import annotations

from decimal import Decimal

from .._arithmetic import in_context
from .._measures import Measure, UnitKind
from .._periods import Period, Quarter, Year
from .._plan import Plan
from .._values import Value
from ._cells import CellPart, format_cell
from ._mapping import WideMapping
from ._sheets_write import Target, XlsxCell, write_csv_rows, write_xlsx_rows
from ._target_cells import format_target
from ._wide_layout import resolve_periods
from ._words import word

__all__ = ["period_heading", "write_wide_csv", "write_wide_xlsx"]

_MONTH_ABBR = (
    *("Jan", "Feb", "Mar", "Apr", "May", "Jun"),
    *("Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
)


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
            f"Q{period.number} {_MONTH_ABBR[first.month - 1]} - "
            f"{_MONTH_ABBR[last.month - 1]} {last.year}"
        )
    if 1970 <= period.year <= 2069:
        return f"{_MONTH_ABBR[period.month - 1]}-{period.year % 100:02d}"
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


def _rows(
    plan: Plan,
    mapping: WideMapping | None,
    report_period: Period | str | None,
    target_year: Year | str | None,
    *,
    numbers: bool,
) -> tuple[list[list[XlsxCell]], frozenset[tuple[int, int]]]:
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
    report, year = resolve_periods(periods, report_period, target_year, 4)
    columns = [(name, c) for name, c in mapping.columns() if name != "notes"]
    header: list[XlsxCell] = [c.heading for _, c in columns]
    header += [period_heading(p) for p in periods]
    if mapping.notes is not None:
        header.append(mapping.notes.heading)
    rows: list[list[XlsxCell]] = [header]
    percent_cells: set[tuple[int, int]] = set()
    for measure in plan.measures:
        published = measure.published.get(report) if report is not None else None
        target = measure.targets.get(year) if year is not None else None
        fields: dict[str, str | None] = {
            "ref": measure.ref,
            "title": measure.title,
            "polarity": word(measure.polarity),
            "frequency": word(measure.frequency),
            "target": (
                format_target(target, percent=measure.unit.kind is UnitKind.PERCENTAGE)
                if target is not None
                else None
            ),
            "status": (
                word(published.status) if published and published.status else None
            ),
            "direction": (
                word(published.direction) if published and published.direction else None
            ),
            "priority": measure.priority,
            "outcome": measure.outcome,
            "lead_accountability": measure.lead_accountability,
            "action": measure.action,
            "lead_officer": measure.lead_officer,
        }
        row: list[XlsxCell] = [fields[name] or "" for name, _ in columns]
        for period in periods:
            cell, is_percent = _value_cell(measure, period, numbers=numbers)
            if is_percent:
                percent_cells.add((len(rows), len(row)))
            row.append(cell)
        if mapping.notes is not None:
            note = measure.notes.get(report) if report is not None else None
            row.append(note or "")
        rows.append(row)
    return rows, frozenset(percent_cells)


@in_context
def write_wide_csv(
    plan: Plan,
    target: Target,
    *,
    mapping: WideMapping | None = None,
    report_period: Period | str | None = None,
    target_year: Year | str | None = None,
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

    Raises:
        InvalidValueError: A part of a multi-part measure has a reference
            that cannot be written as a cell label.

    .. versionadded:: 0.1.0
    """
    rows, _ = _rows(plan, mapping, report_period, target_year, numbers=False)
    write_csv_rows(
        target, [[c if isinstance(c, str | Decimal) else "" for c in r] for r in rows]
    )


@in_context
def write_wide_xlsx(
    plan: Plan,
    target: Target,
    *,
    mapping: WideMapping | None = None,
    report_period: Period | str | None = None,
    target_year: Year | str | None = None,
) -> None:
    """Write *plan* as a wide table to an .xlsx workbook.

    As :func:`write_wide_csv`; plain figures are numeric cells, and
    percentages are stored as fractions formatted as percentages.

    Raises:
        MissingExtraError: openpyxl is not installed
            (``pip install 'perfmeasures[excel]'``).

    .. versionadded:: 0.1.0
    """
    rows, percent = _rows(plan, mapping, report_period, target_year, numbers=True)
    write_xlsx_rows(target, rows, title="Measures", percent=percent)
