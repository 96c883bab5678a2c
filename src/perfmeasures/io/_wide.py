"""Reading a council's wide table (one row per measure) into a plan.

The header row is the first of the top 30 rows with a reference heading
(``Ref No.``); rows above it (titles, "Annual / Quarterly / Monthly" bands)
are skipped, as are blank rows below it.  Headings are matched through a
:class:`~perfmeasures.io.WideMapping`; every other heading must be a period
label (``Year end 2018/19``, ``Q1 Apr - June 2019``, ``Apr-19``) and its
column holds that period's figures, read by
:func:`~perfmeasures.io.parse_cell`.

What a wide table cannot carry, and how it is filled in:

- The plan's title (the file's name by default), organisation, priority
  titles and rules (the library's defaults), which
  :func:`attrs.evolve` can set afterwards.
- A measure's unit beyond "percentage" (a figure written with ``%``) or
  "money" (written with ``£``): rates and days come in as counts.
- Aggregation, comparator period and year start (defaults, or the
  *year_start_month* given), benchmarks, overrides, the data-only and
  under-development flags.
- Targets other than the target year's, an annual target's basis, and a
  relative target's basis.
- Status, direction and notes for any period but the report period.
- The titles of a multi-part measure's parts, their own targets, and
  parts with no figures.  A part labelled ``Vehicles`` in measure
  ``3.A4(b)`` becomes component ``3.A4(b) Vehicles``, with its parent's
  title, polarity, frequency and target, and a unit read from its own
  figures.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .._arithmetic import in_context
from .._errors import InvalidValueError, LoadError, Problem
from .._measures import Frequency, Measure, Polarity
from .._periods import Period, Year
from .._plan import Plan
from .._ratings import Direction, Published, Status
from .._targets import Target
from ._cells import CellPart, parse_cell, restore
from ._mapping import WideMapping
from ._sheets import MAX_BYTES, Source, read_csv_rows, read_xlsx_rows
from ._target_cells import parse_target
from ._wide_layout import HEADER_SEARCH, find_header, layout_of, resolve_periods
from ._wide_rows import Row, split_parts, word_cell

__all__ = ["read_wide_csv", "read_wide_xlsx"]


def _measure(
    row: Row, report: Period | None, target_year: Year | None, start_month: int
) -> Measure | None:
    before = len(row.problems)
    ref = (row.text("ref") or "").strip()
    if not ref:
        row.fail("ref", InvalidValueError("ref", "", "a reference such as 1.A2"))
    title = row.text("title")
    if title is None:
        row.fail("title", InvalidValueError("title", "", "the measure's title"))
    polarity = word_cell(row, "polarity", Polarity)
    if polarity is None and row.text("polarity") is None:
        row.fail("polarity", InvalidValueError("polarity", "", "High, Low or Neutral"))
    frequency = word_cell(row, "frequency", Frequency) or Frequency.MONTHLY
    status = word_cell(row, "status", Status)
    direction = word_cell(row, "direction", Direction)

    cells: list[tuple[int, Period, tuple[CellPart, ...]]] = []
    for index, period in row.layout.periods:
        text = restore(row.cells[index]) if index < len(row.cells) else ""
        try:
            cells.append((index, period, parse_cell(text).parts))
        except InvalidValueError as error:
            row.fail(index, error)
    own, parts = split_parts(cells)
    target: Target | None = None
    target_text = row.text("target")
    if target_text is not None and target_year is None:
        row.fail(
            "target",
            InvalidValueError("target", target_text, "a target_year to key it to"),
        )
    elif target_text is not None and target_year is not None:
        try:
            target, target_percent = parse_target(target_text, year=target_year)
            own.percent = own.percent or target_percent
        except InvalidValueError as error:
            row.fail("target", error)
    checked = [series.check(row) for series in (own, *parts)]
    if not all(checked):
        return None
    if len(row.problems) > before or polarity is None or title is None:
        return None

    common: dict[str, Any] = {
        "polarity": polarity,
        "frequency": frequency,
        "year_start_month": start_month,
        "targets": {target_year: target} if target and target_year else {},
    }
    notes = row.text("notes")
    return Measure(
        ref=ref,
        title=title,
        unit=own.unit,
        values=own.values,
        published=(
            {report: Published(status=status, direction=direction)}
            if report is not None and (status or direction)
            else {}
        ),
        notes={report: notes} if report is not None and notes else {},
        components=tuple(
            Measure(
                ref=f"{ref} {part.label}",
                title=f"{title} ({part.label})",
                unit=part.unit,
                values=part.values,
                **common,
            )
            for part in parts
        ),
        priority=row.text("priority"),
        outcome=row.text("outcome"),
        action=row.text("action"),
        lead_accountability=row.text("lead_accountability"),
        lead_officer=row.text("lead_officer"),
        **common,
    )


def _read(  # noqa: PLR0913 - keyword-only reading options.
    name: str,
    rows: list[list[str]],
    *,
    mapping: WideMapping | None,
    title: str | None,
    report_period: Period | str | None,
    target_year: Year | str | None,
    year_start_month: int,
    strict_width: bool,
) -> Plan:
    mapping = mapping or WideMapping()
    start: object = year_start_month
    if not isinstance(start, int) or isinstance(start, bool) or not 1 <= start <= 12:
        raise InvalidValueError(
            "year_start_month", year_start_month, "a month number from 1 to 12"
        )
    header = find_header(rows, mapping)
    if header is None:
        raise LoadError(
            name,
            [
                Problem(
                    f"rows 1 to {min(len(rows), HEADER_SEARCH)}",
                    "hold no header row; expected a row with a "
                    f'"{mapping.ref.heading}" heading, such as the seed table\'s',
                )
            ],
        )
    problems: list[Problem] = []
    layout = layout_of(rows, header, mapping, year_start_month, problems)
    if problems:
        raise LoadError(name, problems)
    report, year = resolve_periods(
        [p for _, p in layout.periods], report_period, target_year, year_start_month
    )

    measures: list[Measure] = []
    seen: dict[str, int] = {}
    for index in range(header + 1, len(rows)):
        cells = rows[index]
        if not any(c.strip() for c in cells):
            continue
        number = index + 1
        if len(cells) > layout.width and any(c.strip() for c in cells[layout.width :]):
            problems.append(
                Problem(
                    f"row {number}",
                    f"has {len(cells)} cells but the header row has {layout.width}; "
                    "expected no figures beyond the last heading",
                )
            )
            continue
        if strict_width and len(cells) < layout.width:
            problems.append(
                Problem(
                    f"row {number}",
                    f"has {len(cells)} cells but the header row has {layout.width}; "
                    "expected a cell under every heading (is the file truncated?)",
                )
            )
            continue
        row = Row(cells, number, layout, problems)
        measure = _measure(row, report, year, year_start_month)
        if measure is None:
            continue
        if measure.ref in seen:
            row.fail(
                "ref",
                InvalidValueError(
                    "ref",
                    measure.ref,
                    f"a reference not already used on row {seen[measure.ref]}",
                ),
            )
            continue
        seen[measure.ref] = number
        measures.append(measure)
    if problems:
        raise LoadError(name, problems)
    default_title = Path(name).stem if name != "<stream>" else "Imported plan"
    return Plan(title=title if title is not None else default_title, measures=measures)


@in_context
def read_wide_csv(  # noqa: PLR0913 - keyword-only reading options.
    source: Source,
    *,
    mapping: WideMapping | None = None,
    title: str | None = None,
    report_period: Period | str | None = None,
    target_year: Year | str | None = None,
    year_start_month: int = 4,
    encoding: str = "utf-8",
    max_bytes: int = MAX_BYTES,
) -> Plan:
    """Read a council's wide table of measures from CSV.

    Args:
        source: A path, or a file opened for reading.
        mapping: How headings map to fields; :class:`WideMapping` by default.
        title: The plan's title; the file's name by default.
        report_period: The period the status, direction and data notes
            columns are for; by default the latest quarter among the period
            columns (or the latest period if there are no quarters).
        target_year: The year the target column is for; by default the
            year of the report period.
        year_start_month: The month years start in (4, April).
        encoding: The file's text encoding.
        max_bytes: The largest file to read.

    Returns:
        The plan, with one measure per row.

    Raises:
        LoadError: Every problem found, each with its row and column.

    .. versionadded:: 0.1.0
    """
    name, rows = read_csv_rows(source, encoding=encoding, max_bytes=max_bytes)
    return _read(
        name,
        rows,
        mapping=mapping,
        title=title,
        report_period=report_period,
        target_year=target_year,
        year_start_month=year_start_month,
        strict_width=True,
    )


@in_context
def read_wide_xlsx(  # noqa: PLR0913 - keyword-only reading options.
    source: Source,
    *,
    sheet: str | None = None,
    mapping: WideMapping | None = None,
    title: str | None = None,
    report_period: Period | str | None = None,
    target_year: Year | str | None = None,
    year_start_month: int = 4,
    max_bytes: int = MAX_BYTES,
) -> Plan:
    """Read a council's wide table of measures from an .xlsx workbook.

    As :func:`read_wide_csv`, from one sheet (the active one by default).
    Numbers stay exact: a cell holding 94.8 reads as ``Decimal('94.8')``,
    and a cell formatted as a percentage (0.817 shown as 81.7%) reads as
    the percentage ``81.7``.  Formulas are never evaluated: their values as
    Excel last saved them are read.

    Raises:
        LoadError: Every problem found, each with its row and column.
        MissingExtraError: openpyxl is not installed
            (``pip install 'perfmeasures[excel]'``).

    .. versionadded:: 0.1.0
    """
    name, rows = read_xlsx_rows(source, sheet=sheet, max_bytes=max_bytes)
    return _read(
        name,
        rows,
        mapping=mapping,
        title=title,
        report_period=report_period,
        target_year=target_year,
        year_start_month=year_start_month,
        strict_width=False,
    )
