"""Reading a council's wide table (one row per measure) into a plan.

The header grammar
==================

A wide table is a grid of cells (a CSV file, or one sheet of a workbook):
optional *front matter* rows, one *header row*, then one *data row* per
measure.  Blank rows anywhere are skipped.

Header row
----------
The header row is the first of the top 30 rows with a reference heading
(``Ref No.``).  Each heading is compared without regard to case, spacing,
trailing full stops or colons, or a bracketed remark at its end
(``Lead Accountability (Strategic Director)`` reads as ``lead
accountability``), and is one of:

1. A *field heading* of the :class:`~perfmeasures.io.WideMapping`
   (default headings first, other accepted headings after):

   ==================  ===================================================
   Field               Headings
   ==================  ===================================================
   priority            Priority, Corporate priority
   outcome             Outcome
   lead_accountability Lead Accountability (Strategic Director), ...
   ref (required)      Ref No., Ref, Reference, Measure ref, PI ref, ...
   action              Action
   title (required)    Measure, Measure title, Title, Indicator, ...
   lead_officer        Lead officer, Responsible officer, Officer
   polarity (required) Good performance, Polarity, Good is, Better is
   unit                Unit, Units, Unit of measure, Measure unit
   frequency           Frequency of reporting, Frequency
   aggregation         Aggregation, Roll-up, Roll up, Rollup, ...
   compare_with        Compare with, Comparator, Comparison, ...
   data_only           Data only, Data only measure, Monitoring only
   under_development   Under development, In development
   target              Target, Annual target, Target value
   status              Overall status, Status, RAG, RAG status, Rating
   direction           DOT, Direction of travel, Direction, Trend
   benchmarks          Benchmarks, Benchmark, Comparators
   parts               Parts, Part titles, Components
   override            Override, Status override, Overridden status
   rules               Rules, Status rules, Rating rules
   notes               Data notes, Notes, Commentary, Comments
   ==================  ===================================================

2. A *period heading*: any label :func:`~perfmeasures.parse_period`
   reads (``Year end 2018/19``, ``Q1 Apr - June 2019``, ``Apr-19``,
   ``Q1 2019/20``), in the plan's years.  Its column holds that period's
   figures, in the value-cell grammar of
   :func:`~perfmeasures.io._sheets._cells.parse_cell` (``94.8``, ``81.7%``,
   ``145 (Cumulative)``, ``a) 73% (vehicles)``, ``Not available``).
3. A *period field heading*: the heading of the target, status,
   direction, override or notes field (any of its accepted headings),
   a space, and a period label: ``Target 2020/21``, ``Target Q1 2019/20``,
   ``Overall status Q4 2018/19``, ``DOT Q4 2018/19``, ``Override Q4
   2018/19``, ``Data notes Q4 2018/19``.  Its column holds that field for
   that period.  The plain field headings are for the table's own periods:
   the *target year* for Target, the *report period* for the others.
4. A heading listed in ``WideMapping.ignore``: the column is skipped.

Any other heading, a heading repeated, or figures under no heading, is a
located problem.

The report period is the latest quarter among the period columns (the
latest period where there are no quarters) unless *report_period* is
given; the target year is the report period's year unless *target_year*
is given.

Front matter
------------
Rows above the header row whose first non-blank cell is one of these
labels (any case, a trailing colon allowed) set the plan's fields, with the
value in the next non-blank cell of the row:

``Title``
    The plan's title.
``Organisation`` (or ``Organization``, ``Council``)
    Who publishes it.
``Year starts``
    The month the plan's years start in, by name (``April``, ``Sep``);
    April where not given.  Period headings are read in these years.
``Rules``
    The plan's rules: a preset's name (``rotherham``, see
    :func:`perfmeasures.presets.names`), a JSON rules object as the JSON
    and long formats write it (``{"status": {...}, "direction": {...}}``),
    or a JSON status scheme object (``{"type": "tolerance", "amber":
    "5"}``).  The library's default rules where not given.
``Priority``
    One row per priority, in the plan's order: a Priority cell (below).
    Priorities no measure names are kept this way.

Otherwise, the first cell standing alone on a row above the header is the
title.  The *title* argument overrides both; the file's name is the last
resort.  Each label but Priority may appear once.

Data rows
---------
Ref, title and polarity are required.  The other cells:

Priority
    ``1``, ``Priority 1: Every child making the best start in life``,
    ``1 - Every child ...``, ``1. Every child ...``: key ``1`` and the
    title.  Any other text is both key and title.  The plan's priorities
    are the Priority front matter rows, then the keys of the data rows in
    order of first appearance; a key with no title anywhere is titled
    ``Priority <key>``; one key with two titles is a located problem.
Unit
    :func:`~perfmeasures.io._sheets._words.parse_unit`: ``count``,
    ``percentage``, ``money``, ``money (€)``, ``days``, ``score``,
    ``rate per 10,000``, each optionally followed by a colon and the label
    printed after figures (``rate per 10,000: per 10K population under
    18``).  Blank: percentage when a figure or the target is written with
    ``%``, money when a figure is written with ``£``, else count.  A unit
    that disagrees with the figures' ``%`` or ``£`` is a located problem.
Frequency of reporting
    ``Monthly``, ``Quarterly``, ``Annual`` (``Annually``, ``Yearly``);
    monthly where blank (it does not change ratings).
Aggregation
    ``Sum`` (``Total``), ``Snapshot`` (``Latest``), ``Average``
    (``Mean``), ``Ratio`` or ``None``: how a longer period's figure, and
    a year-to-date figure, follow from shorter ones.  See *Never guessed*.
Compare with
    ``Previous period`` (``Previous``, ``Previous quarter`` ...) or
    ``Same period last year`` (``Same quarter last year``, ``Last
    year``): the direction of travel's comparator.  Previous period where
    blank (the usual convention).
Data only, Under development
    ``Yes`` or ``No`` (``Y``, ``True``, ``1``, ``x`` / ``N``, ``False``,
    ``0``); no where blank.
Target, Target <period>
    :func:`~perfmeasures.io._sheets._targets.parse_target` (``90``, ``85%``,
    ``280 (annual target)``, ``280 (profile: 85, 65, 65, 65)``, ``5 to 10``,
    ``< 5``, ``10% reduction on 2018/19`` ...).  A cell reading ``Data only`` (any
    case; also ``N/A (data only)``, ``N/A - data only``, ``No target
    (data only)``) means the measure is data only, with no target; a Data
    only column saying ``No`` beside it is a located problem.
Overall status, DOT (and of other periods)
    A status word (``Red``, ``Amber``, ``Green``, or an initial ``R``,
    ``A``, ``G``, ``B``, ``Y``) and a direction word (``Improving``,
    ``Worsening``, ``Same`` ...) or arrow, as published.  Arrows follow
    the key perfmeasures' reports print, where up means better: ``▲``,
    ``↑``, ``⬆`` or ``↗`` improving; ``▼``, ``↓``, ``⬇`` or ``↘``
    worsening; ``►``, ``▶``, ``→``, ``↔`` or ``=`` no change; ``△``
    higher and ``▽`` lower; a dash not applicable
    (:func:`~perfmeasures.io._sheets._words.parse_direction`).  On a
    measure with no better direction (``Neutral``), where nothing can
    improve, an up arrow reads as higher and a down arrow as lower.  An
    arrow beside a word (``↑ Higher``) is read by the word, so a council
    whose key draws ``↑`` for "higher" on every measure writes the word.
Benchmarks
    ``statistical neighbours: 54.5; national average: 45.3 (2018/19)``:
    a name, a colon, the figure and optionally the period in brackets,
    items parted by semicolons.
Parts
    One line per part of a multi-part measure, in order: the label its
    value cells use, a colon, and its title (``vehicles: Licensed
    vehicles found compliant``).  Parts with figures it does not list are
    titled ``<measure title> (<label>)``.
Override (and of other periods)
    ``Amber: the year was re-profiled (by performance team)``: the status
    set by hand, a colon, the reason, and optionally who decided, in
    brackets after ``by``.
Rules
    The measure's own rules, as the Rules front matter row.
Data notes (and of other periods)
    Free text.

A part of a multi-part measure (``a) 73% (vehicles)`` in a value cell, or
a line of the Parts cell) becomes component ``<ref> <label>`` with its
measure's polarity, frequency, aggregation, comparator, flags and targets,
and the unit its own figures imply.  A part whose figures are in another
unit than its measure's takes no targets (its measure's would be in the
wrong unit).

In a workbook, a cell merged down several rows (Priority and Outcome,
say) fills every row of the merge, in every field column but the
reference; merged period cells are not filled.

Never guessed
-------------
A measure's rating depends on its aggregation when a figure a rating uses
would be derived from others.  The reader works out, under every
aggregation, the figure of each period the row's figures bear on (each
period column, and the quarter and year containing each), and the
year-to-date figure of each such period rated by a year-to-date target
(an annual target, or a change on a year's figure).  Where the Aggregation
cell is blank, or there is no Aggregation column, and any of these
differ, the table is refused with a located problem naming the fact::

    row 7, column "Target": the annual target 200 needs to know how
    quarterly figures add up (for Q2 2019/20); add an Aggregation column
    (sum, snapshot, average, ratio or none)

Where they all agree (every figure rated is published, and no target
counts the year to date), the documented default applies: aggregation
``None``, so that nothing is ever derived from the table later either.

What a wide table cannot carry
------------------------------
- Year starts other than the plan's single one (a plan whose measures'
  years differ is written without a Year starts row and read in April
  years).
- A part's own fields where they differ from what the row implies (its
  polarity, aggregation, flags, rules, targets, benchmarks, published
  records, overrides and notes), and parts at more than one level.
- A published record with neither status nor direction.
- An annual target's basis, and a relative target's basis (year to date
  by default, as the model's).
- Text no cell can hold back exactly: a unit label or part title that
  begins or ends with spaces, names or labels with the grammar's
  separators (a benchmark name with a colon or semicolon, a part title
  on several lines), an override reason ending with ``(by ...)``.
- A unit's symbol on a unit that is not money.

The writers (:func:`~perfmeasures.io.write_wide_csv`,
:func:`~perfmeasures.io.write_wide_xlsx`) write every field above:
front matter (Title, Organisation, Year starts, Rules, one Priority row per
priority), Unit, Aggregation, Compare with and Data only columns always,
Under development, Benchmarks, Parts, Override and Rules columns where a
measure needs them, and ``Target <period>``, status, direction, override
and notes columns for periods other than the table's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..._arithmetic import in_context
from ..._errors import InvalidValueError, LoadError, Problem
from ..._measures import Measure
from ..._periods import Period, Year
from ..._plan import Plan
from .._sheets._read import (
    CSV_MAX_BYTES,
    XLSX_MAX_BYTES,
    Merge,
    Source,
    read_csv_rows,
    read_xlsx_grid,
)
from ._mapping import WideMapping
from ._wide_layout import (
    HEADER_SEARCH,
    Layout,
    PriorityCell,
    find_header,
    layout_of,
    plan_priorities,
    read_front_matter,
    resolve_periods,
)
from ._wide_row import Context, Row, read_measure

__all__ = ["read_wide_csv", "read_wide_xlsx"]

# Merged cells in these columns fill every row of the merge.
_NOT_FILLED = frozenset({"ref"})


def _fill_merges(
    rows: list[list[str]], merges: Sequence[Merge], layout: Layout
) -> None:
    """Give every row of a vertical merge below the header its top cell's text."""
    columns = {i for name, i in layout.fields.items() if name not in _NOT_FILLED}
    for merge in merges:
        column = merge.first_column
        if merge.first_row <= layout.row or column not in columns:
            continue
        top = rows[merge.first_row]
        text = top[column] if column < len(top) else ""
        for index in range(merge.first_row + 1, min(merge.last_row + 1, len(rows))):
            row = rows[index]
            if len(row) <= column:
                row.extend([""] * (column + 1 - len(row)))
            row[column] = text


def _start_month(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 12:
        raise InvalidValueError(
            "year_start_month", value, "a month number from 1 to 12"
        )
    return value


def _read(  # noqa: PLR0913 - keyword-only reading options.
    name: str,
    rows: list[list[str]],
    *,
    mapping: WideMapping | None,
    title: str | None,
    report_period: Period | str | None,
    target_year: Year | str | None,
    year_start_month: int | None,
    strict_width: bool,
    merges: Sequence[Merge] = (),
) -> Plan:
    mapping = mapping or WideMapping()
    if year_start_month is not None:
        _start_month(year_start_month)
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
    front = read_front_matter(rows, header, problems)
    start = year_start_month or front.start_month or 4
    layout = layout_of(rows, header, mapping, start, problems)
    if problems:
        raise LoadError(name, problems)
    _fill_merges(rows, merges, layout)
    report, year = resolve_periods(
        [p for _, p in layout.periods], report_period, target_year, start
    )
    context = Context(report=report, target_year=year, start_month=start)

    measures: list[Measure] = []
    priorities: list[tuple[str, PriorityCell]] = list(front.priorities)
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
        measure, priority = read_measure(row, context)
        if priority is not None:
            priorities.append((row.where("priority"), priority))
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
    keyed = plan_priorities(priorities, problems)
    if problems:
        raise LoadError(name, problems)
    default_title = Path(name).stem if name != "<stream>" else "Imported plan"
    extra = {} if front.rules is None else {"rules": front.rules}
    try:
        return Plan(
            title=title if title is not None else front.title or default_title,
            organisation=front.organisation,
            priorities=keyed,
            measures=measures,
            **extra,
        )
    except InvalidValueError as error:
        where = f"rows 1 to {header + 1}" if error.field != "measures" else "file"
        raise LoadError(
            name,
            [
                Problem(
                    where,
                    f"{error.field}: expected {error.expected} (got {error.value!r})",
                )
            ],
        ) from None


@in_context
def read_wide_csv(  # noqa: PLR0913 - keyword-only reading options.
    source: Source,
    *,
    mapping: WideMapping | None = None,
    title: str | None = None,
    report_period: Period | str | None = None,
    target_year: Year | str | None = None,
    year_start_month: int | None = None,
    encoding: str = "utf-8",
    max_bytes: int = CSV_MAX_BYTES,
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
    year_start_month: int | None = None,
    max_bytes: int = XLSX_MAX_BYTES,
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
    name, rows, merges = read_xlsx_grid(source, sheet=sheet, max_bytes=max_bytes)
    return _read(
        name,
        rows,
        mapping=mapping,
        title=title,
        report_period=report_period,
        target_year=target_year,
        year_start_month=year_start_month,
        strict_width=False,
        merges=merges,
    )
