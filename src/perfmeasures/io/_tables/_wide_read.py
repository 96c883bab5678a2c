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
   year_start          Year starts, Year start, Year starts in
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
    April where not given.  Period headings are read in these years.  A
    Year starts column gives a row's own month, for a plan whose
    measures' years differ (``Jan`` for calendar years, ``Sep`` for
    academic years).  On such a row the plain Target, status, direction,
    override and notes columns (the table's own target year and report
    period) are a problem, never read as other periods: its cells go under
    headings of its own periods (``Target 2019/20 (Sep-Aug)``).
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
    :func:`~perfmeasures.io._sheets._cells.parse_unit`: ``count``,
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
    :func:`~perfmeasures.io._sheets._cells.parse_target` (``90``, ``85%``,
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
    (:func:`~perfmeasures.io._sheets._cells.parse_direction`).  On a
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
- A part's own fields where they differ from what the row implies (its
  polarity, aggregation, flags, rules, targets, benchmarks, published
  records, overrides and notes), and parts at more than one level.
- A published record with neither status nor direction.
- Text no cell can hold back exactly: a unit label or part title that
  begins or ends with spaces, names or labels with the grammar's
  separators (a benchmark name with a colon or semicolon, a part title
  on several lines), an override reason ending with ``(by ...)``.
- A unit's symbol on a unit that is not money.

The writers (:func:`~perfmeasures.io.write_wide_csv`,
:func:`~perfmeasures.io.write_wide_xlsx`) write every field above:
front matter (Title, Organisation, Year starts, Rules, one Priority row per
priority), Unit, Aggregation, Compare with and Data only columns always,
Year starts (where the measures' years start in different months), Under
development, Benchmarks, Parts, Override and Rules columns where a
measure needs them, and ``Target <period>``, status, direction, override
and notes columns for periods other than the table's own.

Rows
====

One data row of a wide table, read cell by cell into one measure.

A :class:`Row` reads the cell under a mapped heading and records a located problem for
each that cannot be read.  :func:`split_parts` sorts a row's figures into
the measure's own and each labelled part's, as a :class:`Series` per part
with the unit its figures imply.  :func:`read_measure` reads the measure
from them.

Cells that hold records
=======================

The cells of a wide table that hold records: benchmarks, overrides and parts.

Each reader is the inverse of its writer; a writer gives None for what no
cell can carry, and the table then leaves it out (the read-back check names
the loss).

``Benchmarks``
    ``statistical neighbours: 54.5; national average: 45.3 (2018/19)``:
    items parted by semicolons, each a name, a colon, the figure and
    optionally the period in brackets.
``Override``
    ``Amber: the service re-profiled the year (by performance team)``: the
    status set by hand, a colon, the reason, and optionally who made the
    judgement in brackets after ``by``.
``Parts``
    One line per part of a multi-part measure, in order: its label (as its
    value cells write it), a colon and its title:
    ``vehicles: Licensed vehicles found compliant``.

When a table need not say how figures add up
============================================

Whether a measure read from a table would be rated differently by aggregation.

A wide table that does not say how a measure's figures add up may still be
read when the answer cannot change any figure a rating uses.  That is
decided by working the figures out under every
:class:`~perfmeasures.Aggregation` and comparing them:

- the figure of every period that has figures, or whose parts have (a year
  whose quarters are given, a quarter whose months are), for its own
  rating and as a comparator for direction of travel and relative targets;
- the year-to-date figure of every such period that a year-to-date target
  (an annual target, or a change on last year) rates.

Where they all agree, no aggregation is needed; where any differs, the
table must say.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import attrs

from ..._arithmetic import in_context
from ..._errors import InvalidValueError, LoadError, Problem
from ..._figures import period_figure, year_to_date_figure
from ..._measures import (
    Aggregation,
    Benchmark,
    Comparison,
    Frequency,
    Measure,
    Polarity,
    Unit,
    UnitKind,
)
from ..._periods import Month, Period, Quarter, Year, parse_period
from ..._plan import Plan
from ..._ratings import Direction, Override, Published, Status
from ..._targets import AnnualTarget, Basis, RelativeTarget, Target
from ..._values import Value, to_decimal
from .._sheets._cells import (
    CellPart,
    format_target,
    is_data_only,
    parse_cell,
    parse_direction,
    parse_flag,
    parse_target,
    parse_unit,
    parse_word,
    restore,
    word,
    write_figure,
)
from .._sheets._read import (
    CSV_MAX_BYTES,
    XLSX_MAX_BYTES,
    Merge,
    Source,
    read_csv_rows,
    read_xlsx_grid,
)
from ._layout import (
    HEADER_SEARCH,
    Layout,
    PriorityCell,
    WideMapping,
    find_header,
    layout_of,
    month_word,
    parse_priority,
    parse_start_month,
    plan_priorities,
    read_front_matter,
    read_rules,
    resolve_periods,
    where,
)

__all__ = [
    "Context",
    "Need",
    "Row",
    "Series",
    "aggregation_need",
    "format_benchmarks",
    "format_override",
    "format_parts",
    "parse_benchmarks",
    "parse_override",
    "parse_parts",
    "read_measure",
    "read_wide_csv",
    "read_wide_xlsx",
    "split_parts",
    "word_cell",
]


EXPECTED_BENCHMARKS = (
    "benchmarks such as 'statistical neighbours: 54.5; national average: "
    "45.3 (2018/19)'"
)
EXPECTED_OVERRIDE = (
    "a status, a colon and the reason, such as 'Amber: re-profiled "
    "(by performance team)'"
)
EXPECTED_PARTS = "one 'label: title' line per part, such as 'vehicles: Vehicles'"

_BENCHMARK = re.compile(
    r"(?P<name>[^:;]*\S)\s*:\s*(?P<value>[-+]?[\d,]*\.?\d+)"
    r"(?:\s*\(\s*(?P<period>[^()]+?)\s*\))?",
)
_BY = re.compile(r"\s*\(\s*by\s+(?P<by>[^()]*?)\s*\)\s*$", re.IGNORECASE)


def parse_benchmarks(text: str, start_month: int) -> tuple[Benchmark, ...]:
    """Read a Benchmarks cell.

    Raises:
        InvalidValueError: An item is not ``name: figure (period)``.
    """
    found = []
    for item in text.split(";"):
        if not item.strip():
            continue
        match = _BENCHMARK.fullmatch(item.strip())
        if match is None:
            raise InvalidValueError("benchmarks", text, EXPECTED_BENCHMARKS)
        try:
            period = (
                parse_period(match["period"], year_start_month=start_month)
                if match["period"]
                else None
            )
            value = to_decimal(match["value"], "benchmarks")
        except InvalidValueError:
            raise InvalidValueError("benchmarks", text, EXPECTED_BENCHMARKS) from None
        found.append(Benchmark(name=match["name"].strip(), value=value, period=period))
    return tuple(found)


def _benchmark_text(benchmark: Benchmark) -> str:
    value: Decimal = benchmark.value
    text = f"{benchmark.name}: {value:f}"
    if benchmark.period is not None:
        text += f" ({benchmark.period.label})"
    return text


def format_benchmarks(
    benchmarks: tuple[Benchmark, ...], start_month: int
) -> str | None:
    """A Benchmarks cell, or None where the cell cannot carry them all."""
    text = "; ".join(_benchmark_text(b) for b in benchmarks)
    try:
        back = parse_benchmarks(text, start_month)
    except InvalidValueError:
        return None
    return text if back == benchmarks else None


def parse_override(text: str) -> Override:
    """Read an Override cell.

    Raises:
        InvalidValueError: The cell is not a status, a colon and a reason.
    """
    status_text, colon, rest = text.partition(":")
    if not colon:
        raise InvalidValueError("override", text, EXPECTED_OVERRIDE)
    try:
        status = parse_word(status_text, Status, "override")
    except InvalidValueError as error:
        raise InvalidValueError(
            "override", text, f"{EXPECTED_OVERRIDE}; the status {error.expected}"
        ) from None
    by: str | None = None
    if match := _BY.search(rest):
        by = match["by"]
        rest = rest[: match.start()]
    reason = rest.strip()
    if not reason:
        raise InvalidValueError("override", text, EXPECTED_OVERRIDE)
    return Override(status=status, reason=reason, by=by)


def format_override(override: Override) -> str | None:
    """An Override cell, or None where the cell cannot carry the override."""
    text = f"{word(override.status)}: {override.reason}"
    if override.by is not None:
        text += f" (by {override.by})"
    try:
        back = parse_override(text)
    except InvalidValueError:
        return None
    return text if back == override else None


def parse_parts(text: str) -> list[tuple[str, str]]:
    """Read a Parts cell: each part's label and title, in order.

    Raises:
        InvalidValueError: A line is not ``label: title``, or a label repeats.
    """
    parts: list[tuple[str, str]] = []
    seen: set[str] = set()
    for line in text.splitlines():
        if not line.strip():
            continue
        label, colon, title = line.partition(":")
        if not colon or not label.strip() or not title.strip():
            raise InvalidValueError("parts", text, EXPECTED_PARTS)
        key = label.strip().casefold()
        if key in seen:
            raise InvalidValueError("parts", text, f"{EXPECTED_PARTS}, each once")
        seen.add(key)
        parts.append((label.strip(), title.strip()))
    return parts


def format_parts(parts: list[tuple[str, str]]) -> str | None:
    """A Parts cell, or None where the cell cannot carry the labels and titles."""
    text = "\n".join(f"{label}: {title}" for label, title in parts)
    try:
        back = parse_parts(text)
    except InvalidValueError:
        return None
    return text if back == parts else None


@attrs.frozen
class Need:
    """Why a measure's rating depends on its aggregation.

    Args:
        period: The period whose figure depends on it.
        target_period: The period the year-to-date target is keyed to, or
            None where a period's own figure would be derived.
        target: That target, or None.
        parts: ``quarterly`` or ``monthly``: the figures added up.
        part: The label of the part of a multi-part measure concerned, or
            None for the measure itself.
    """

    period: Period
    target_period: Period | None
    target: Target | None
    parts: str
    part: str | None = None


def _candidates(measure: Measure) -> list[Period]:
    """Every period whose figure the measure's given figures bear on."""
    found: set[Period] = set()
    start = measure.year_start_month
    for series in (measure, *measure.components):
        for period in series.values:
            found.add(period)
            if isinstance(period, Month):
                quarter = period.quarter(start)
                found.update((quarter, quarter.year))
            elif isinstance(period, Quarter):
                found.add(period.year)
    return sorted(found, key=lambda p: (p.start, p.end))


def _ytd_target(measure: Measure, period: Period) -> tuple[Period, Target] | None:
    if isinstance(period, Year):
        return None
    entry = measure.target_entry(period)
    if entry is None:
        return None
    target = entry[1]
    if isinstance(target, AnnualTarget) and target.basis is Basis.YEAR_TO_DATE:
        return entry
    if (
        isinstance(target, RelativeTarget)
        and isinstance(target.baseline, Year)
        and target.basis is Basis.YEAR_TO_DATE
    ):
        return entry
    return None


def _parts_word(measure: Measure, period: Period) -> str:
    """What the figures are that would be added up to give *period*'s."""
    if isinstance(period, Year):
        quarters = any(q in measure.values for q in period.quarters())
        return "quarterly" if quarters else "monthly"
    if period in measure.values:
        # A year-to-date figure alone, less the year to date before it.
        return "quarterly" if isinstance(period, Quarter) else "monthly"
    return "monthly"


def _agree(values: Iterable[object]) -> bool:
    return len(set(values)) <= 1


def aggregation_need(measure: Measure) -> Need | None:
    """The first reason *measure*'s ratings depend on its aggregation, or None.

    A year-to-date target's reason comes before a derived figure's.
    """
    variants = [
        attrs.evolve(
            measure,
            aggregation=aggregation,
            components=tuple(
                attrs.evolve(part, aggregation=aggregation)
                for part in measure.components
            ),
        )
        for aggregation in Aggregation
    ]
    derived: Need | None = None
    prefix = f"{measure.ref} "
    for period in _candidates(measure):
        for series in range(len(measure.components) + 1):
            forms = [v if series == 0 else v.components[series - 1] for v in variants]
            part = None if series == 0 else forms[0].ref.removeprefix(prefix)
            entry = _ytd_target(forms[0], period)
            if entry is not None and not _agree(
                year_to_date_figure(f, period).value for f in forms
            ):
                word = "quarterly" if isinstance(period, Quarter) else "monthly"
                return Need(period, entry[0], entry[1], word, part)
            if derived is None and not _agree(
                period_figure(f, period).value for f in forms
            ):
                derived = Need(period, None, None, _parts_word(forms[0], period), part)
    return derived


_E = TypeVar("_E", bound=enum.Enum)


@attrs.define
class Row:
    """One data row being read, with the problems found in it."""

    cells: Sequence[str]
    number: int
    layout: Layout
    problems: list[Problem]

    def text(self, field: str) -> str | None:
        """The text under *field*'s column, or None where blank or absent."""
        return self.text_at(self.layout.fields.get(field))

    def text_at(self, index: int | None) -> str | None:
        """The text in column *index*, or None where blank or absent."""
        if index is None or index >= len(self.cells):
            return None
        text = restore(self.cells[index])
        return text if text.strip() else None

    def where(self, field_or_index: str | int | None = None) -> str:
        """The location of the row, or of its cell in a column."""
        if field_or_index is None:
            return f"row {self.number}"
        index = (
            field_or_index
            if isinstance(field_or_index, int)
            else self.layout.fields[field_or_index]
        )
        return where(self.number, self.layout.headings[index])

    def fail(self, field_or_index: str | int, error: InvalidValueError) -> None:
        """Record *error* as a problem of the cell under *field_or_index*."""
        self.problems.append(
            Problem(
                self.where(field_or_index),
                f"expected {error.expected} (got {error.value!r})",
            )
        )


def word_cell(row: Row, field: str, kind: type[_E]) -> _E | None:
    """The member of *kind* the cell under *field* names, or None where blank."""
    text = row.text(field)
    if text is None:
        return None
    try:
        return parse_word(text, kind, field)
    except InvalidValueError as error:
        row.fail(field, error)
        return None


@attrs.define
class Series:
    """The figures of a measure, or of one of its parts, as its cells give them."""

    label: str | None
    order: int
    letter: str | None = None
    cells: dict[Period, tuple[int, CellPart]] = attrs.field(factory=dict)
    percent: bool = False
    money: bool = False

    def add(self, index: int, period: Period, part: CellPart) -> None:
        self.cells[period] = (index, part)
        self.percent = self.percent or part.percent
        self.money = self.money or part.money
        if part.letter and (self.letter is None or part.letter < self.letter):
            self.letter = part.letter

    @property
    def values(self) -> dict[Period, Value]:
        return {period: part.value for period, (_, part) in self.cells.items()}

    @property
    def unit(self) -> Unit:
        if self.percent:
            return Unit(kind=UnitKind.PERCENTAGE)
        return Unit(kind=UnitKind.MONEY) if self.money else Unit()

    def check(self, row: Row) -> bool:
        """Whether every percentage lies from 0 to 100; a problem for each not."""
        good = True
        for index, part in self.cells.values() if self.percent else ():
            figures = (part.value.amount, part.value.year_to_date)
            if any(f is not None and not 0 <= f <= 100 for f in figures):
                text = restore(row.cells[index])
                row.fail(
                    index,
                    InvalidValueError("cell", text, "a percentage from 0 to 100"),
                )
                good = False
        return good


def frequency_of(series: Sequence[Series]) -> Frequency:
    """The frequency a row's figures show, where the sheet does not say one.

    Monthly when any figure is a month's, quarterly when any is a quarter's,
    else annual when any is a year's; monthly for a row with no figures.
    """
    periods = {period for each in series for period in each.cells}
    if any(isinstance(period, Month) for period in periods):
        return Frequency.MONTHLY
    if any(isinstance(period, Quarter) for period in periods):
        return Frequency.QUARTERLY
    return Frequency.ANNUAL if periods else Frequency.MONTHLY


def split_parts(
    cells: Sequence[tuple[int, Period, Sequence[CellPart]]],
) -> tuple[Series, list[Series]]:
    """The measure's own figures, and each labelled part's, in part order.

    Parts are matched by label whatever its case, and keep the label's first
    spelling.  They are ordered by the letters they are listed under
    (``a)``, ``b)``), then by where they first appear.  Each takes its unit
    from its own figures.
    """
    own = Series(None, 0)
    parts: dict[str, Series] = {}
    for index, period, cell in cells:
        for item in cell:
            if item.label is None:
                own.add(index, period, item)
            else:
                key = item.label.casefold()
                part = parts.setdefault(key, Series(item.label, len(parts)))
                part.add(index, period, item)
    ordered = sorted(
        parts.values(), key=lambda p: (p.letter is None, p.letter or "", p.order)
    )
    return own, ordered


_AGGREGATIONS = "sum, snapshot, average, ratio or none"


@attrs.frozen(kw_only=True)
class Context:
    """What every row of one table is read with."""

    report: Period | None
    target_year: Year | None
    start_month: int


def _year_start(row: Row, table_start: int) -> int:
    """The month *row*'s measure's years start in: its own cell's, or the table's."""
    text = row.text("year_start")
    if text is None:
        return table_start
    try:
        return parse_start_month(text)
    except InvalidValueError as error:
        row.fail("year_start", error)
        return table_start


def _flag(row: Row, field: str) -> bool | None:
    text = row.text(field)
    if text is None:
        return None
    try:
        return parse_flag(text, field)
    except InvalidValueError as error:
        row.fail(field, error)
        return None


def _unit(row: Row) -> Unit | None:
    text = row.text("unit")
    if text is None:
        return None
    try:
        return parse_unit(text)
    except InvalidValueError as error:
        row.fail("unit", error)
        return None


def _series_unit(row: Row, series: Series, given: Unit | None) -> Unit:
    """The unit of *series*: the Unit cell's, checked against the figures' marks."""
    if given is None:
        return series.unit
    kind = given.kind
    if (series.percent and kind is not UnitKind.PERCENTAGE) or (
        series.money and kind is not UnitKind.MONEY
    ):
        mark = "%" if series.percent else "£"
        index = next(iter(series.cells.values()))[0] if series.cells else None
        row.problems.append(
            Problem(
                row.where("unit"),
                f"says {restore(row.text('unit') or '')!r}, but figures on the row "
                f"are written with {mark}; expected a unit that agrees"
                + (f' (see column "{row.layout.headings[index]}")' if index else ""),
            )
        )
    return given


def _period_columns(row: Row, field: str) -> list[tuple[int, Period, str]]:
    """The filled ``<heading> <period>`` cells of *field* on the row."""
    found = []
    for (name, period), index in row.layout.period_fields.items():
        text = row.text_at(index)
        if name == field and text is not None:
            found.append((index, period, text))
    return found


def _published(
    row: Row, ctx: Context, polarity: Polarity | None
) -> dict[Period, Published]:
    """The statuses and directions published on the row, by period.

    A direction may be an arrow, read as
    :func:`~perfmeasures.io._sheets._cells.parse_direction` reads it for a
    measure of the row's *polarity*.
    """

    def read(text: str, kind: type[Status | Direction], field: str) -> Any:  # noqa: ANN401 - a Status or a Direction.
        if kind is Direction:
            return parse_direction(text, field, polarity)
        return parse_word(text, kind, field)

    found: dict[Period, dict[str, Any]] = {}
    for field, kind in (("status", Status), ("direction", Direction)):
        cells = _period_columns(row, field)
        if (
            ctx.report is not None
            and (text := row.text(field)) is not None
            and _of_own_years(row, field, ctx.report, ctx.start_month)
        ):
            cells.insert(0, (row.layout.fields[field], ctx.report, text))
        for index, period, text in cells:
            try:
                found.setdefault(period, {})[field] = read(text, kind, field)
            except InvalidValueError as error:
                row.fail(index, error)
    return {period: Published(**given) for period, given in found.items()}


def _notes(row: Row, ctx: Context) -> dict[Period, str]:
    notes = {period: cell for _, period, cell in _period_columns(row, "notes")}
    text = row.text("notes")
    if (
        text is not None
        and ctx.report is not None
        and _of_own_years(row, "notes", ctx.report, ctx.start_month)
    ):
        notes[ctx.report] = text
    return notes


def _overrides(row: Row, ctx: Context) -> dict[Period, Override]:
    cells = [(i, p, t) for i, p, t in _period_columns(row, "override")]
    if (
        (text := row.text("override")) is not None
        and ctx.report is not None
        and _of_own_years(row, "override", ctx.report, ctx.start_month)
    ):
        cells.insert(0, (row.layout.fields["override"], ctx.report, text))
    found: dict[Period, Override] = {}
    for index, period, cell in cells:
        try:
            found[period] = parse_override(cell)
        except InvalidValueError as error:
            row.fail(index, error)
    return found


def _of_own_years(row: Row, field: str, period: Period | None, start: int) -> bool:
    """Whether the table's *period* for *field*'s plain column suits the row.

    A plain column (Target, Overall status ...) is for the table's own
    target year or report period.  On a row whose years start in another
    month, a year or quarter of the table's is none of the row's: the cell
    is a problem naming the heading to use instead, never read as another
    period.
    """
    if period is None or isinstance(period, Month):
        return True
    if period.financial_year().start_month == start:
        return True
    last = period.months()[-1]
    own = (
        last.quarter(start)
        if isinstance(period, Quarter)
        else last.financial_year(start)
    )
    heading = row.layout.headings[row.layout.fields[field]]
    row.fail(
        field,
        InvalidValueError(
            field,
            row.text(field),
            f"no cell here: the column is for {period.label}, which is not one "
            f"of this row's periods (its years start in {month_word(start)}); "
            f"put it under a heading such as '{heading} {own.label}'",
        ),
    )
    return False


def _targets(row: Row, ctx: Context) -> tuple[dict[Period, Target], bool, bool]:
    """The row's targets, whether one says data only, and whether any is a %."""
    cells: list[tuple[int, Period | None, str]] = []
    if (text := row.text("target")) is not None and (
        is_data_only(text)
        or _of_own_years(row, "target", ctx.target_year, ctx.start_month)
    ):
        cells.append((row.layout.fields["target"], ctx.target_year, text))
    cells += _period_columns(row, "target")
    targets: dict[Period, Target] = {}
    data_only = percent = False
    for index, period, cell in cells:
        if is_data_only(cell):
            data_only = True
            continue
        if period is None:
            row.fail(
                index, InvalidValueError("target", cell, "a target_year to key it to")
            )
            continue
        year = period if isinstance(period, Year) else period.financial_year()
        try:
            target, is_percent = parse_target(cell, year=year)
        except InvalidValueError as error:
            row.fail(index, error)
            continue
        if target is not None:
            targets[period] = target
            percent = percent or is_percent
    return targets, data_only, percent


def _need_text(need: Need, unit: Unit, has_column: bool) -> str:
    fix = (
        f"fill in its Aggregation cell ({_AGGREGATIONS})"
        if has_column
        else f"add an Aggregation column ({_AGGREGATIONS})"
    )
    target = need.target
    if isinstance(target, AnnualTarget):
        figure = write_figure(
            target.value, percent=unit.kind is UnitKind.PERCENTAGE, money=False
        )
        subject = f"the annual target {figure}"
    elif target is not None:
        subject = f"the year-to-date target {format_target(target)!r}"
    else:
        whose = "" if need.part is None else f" of part {need.part!r}"
        subject = (
            f"the figure for {need.period.label}{whose} is not given and would "
            f"be derived from {need.parts} figures, which"
        )
        return f"{subject} needs to know how they add up; {fix}"
    whose = "" if need.part is None else f" of part {need.part!r}"
    return (
        f"{subject} needs to know how {need.parts} figures{whose} add up "
        f"(for {need.period.label}); {fix}"
    )


# A measure's field keyed by period, as its validators name it: values['Q1 2019/20'].
_KEYED_FIELD = re.compile(r"(?P<name>\w+)\['(?P<label>[^']*)'\]")
# The wide field whose columns hold each of the measure's fields by period.
_COLUMN_OF = {
    "values": None,
    "targets": "target",
    "published": "status",
    "overrides": "override",
    "notes": "notes",
}


def _field_location(row: Row, field: str) -> str:
    """Where on *row* the measure's *field* came from: its column, or the row."""
    match = _KEYED_FIELD.fullmatch(field)
    if match is None or match["name"] not in _COLUMN_OF:
        return row.where()
    label, wide = match["label"], _COLUMN_OF[match["name"]]
    if wide is None:
        columns = [i for i, period in row.layout.periods if period.label == label]
    else:
        columns = [
            index
            for (name, period), index in row.layout.period_fields.items()
            if name == wide and period.label == label
        ]
        if not columns and wide in row.layout.fields:
            columns = [row.layout.fields[wide]]
    return row.where(columns[0]) if columns else row.where()


def _need_location(row: Row, need: Need) -> str:
    if need.target_period is not None:
        key = ("target", need.target_period)
        if key in row.layout.period_fields:
            return row.where(row.layout.period_fields[key])
        if "target" in row.layout.fields:
            return row.where("target")
    for index, period in row.layout.periods:
        if period == need.period:
            return row.where(index)
    return row.where("aggregation" if "aggregation" in row.layout.fields else None)


def _parts(
    row: Row, title: str, parts: list[Series]
) -> list[tuple[str, str, Series | None]]:
    """Each part's label, title and figures: the Parts cell's, then the rest.

    Parts the Parts cell lists take its titles and order; parts with
    figures that it does not list follow, titled after the measure.
    """
    listed: list[tuple[str, str]] = []
    if (text := row.text("parts")) is not None:
        try:
            listed = parse_parts(text)
        except InvalidValueError as error:
            row.fail("parts", error)
    unlisted = {(p.label or "").casefold(): p for p in parts}
    found = [
        (label, name, unlisted.pop(label.casefold(), None)) for label, name in listed
    ]
    found += [
        (p.label or "", f"{title} ({p.label})", p)
        for p in parts
        if (p.label or "").casefold() in unlisted
    ]
    return found


def _records(row: Row, ctx: Context, polarity: Polarity | None) -> dict[str, Any]:
    """The row's benchmarks, rules, published records, overrides and notes."""
    benchmarks: tuple[Benchmark, ...] = ()
    if (cell := row.text("benchmarks")) is not None:
        try:
            benchmarks = parse_benchmarks(cell, ctx.start_month)
        except InvalidValueError as error:
            row.fail("benchmarks", error)
    rules = None
    if (cell := row.text("rules")) is not None:
        rules, bad = read_rules(cell, row.where("rules"))
        row.problems.extend(bad)
    return {
        "benchmarks": benchmarks,
        "rules": rules,
        "published": _published(row, ctx, polarity),
        "overrides": _overrides(row, ctx),
        "notes": _notes(row, ctx),
    }


def _part_measure(  # noqa: PLR0913 - the part and what it shares.
    ref: str,
    *,
    label: str,
    title: str,
    series: Series | None,
    unit: Unit,
    common: dict[str, Any],
) -> Measure:
    """One part of a multi-part measure.

    It shares its measure's fields, and its targets where its figures are
    in its measure's unit; a part in another unit has no targets.
    """
    own = series.unit if series is not None and series.cells else unit
    shared = dict(common)
    if own.kind is not unit.kind:
        shared["targets"] = {}
    return Measure(
        ref=f"{ref} {label}",
        title=title,
        unit=own,
        values=series.values if series is not None else {},
        **shared,
    )


def read_measure(row: Row, ctx: Context) -> tuple[Measure | None, PriorityCell | None]:
    """The measure on *row*, and its Priority cell; None where the row has problems."""
    before = len(row.problems)
    start = _year_start(row, ctx.start_month)
    if start != ctx.start_month:
        ctx = attrs.evolve(ctx, start_month=start)
    ref = (row.text("ref") or "").strip()
    if not ref:
        row.fail("ref", InvalidValueError("ref", "", "a reference such as 1.A2"))
    title = row.text("title")
    if title is None:
        row.fail("title", InvalidValueError("title", "", "the measure's title"))
    polarity = word_cell(row, "polarity", Polarity)
    if polarity is None and row.text("polarity") is None:
        row.fail("polarity", InvalidValueError("polarity", "", "High, Low or Neutral"))
    given_frequency = word_cell(row, "frequency", Frequency)
    aggregation = word_cell(row, "aggregation", Aggregation)
    compare_with = word_cell(row, "compare_with", Comparison)
    data_only = _flag(row, "data_only")
    under_development = _flag(row, "under_development")
    given_unit = _unit(row)
    priority_text = row.text("priority")
    priority = parse_priority(priority_text) if priority_text is not None else None

    cells: list[tuple[int, Period, tuple[CellPart, ...]]] = []
    for index, period in row.layout.periods:
        text = restore(row.cells[index]) if index < len(row.cells) else ""
        try:
            cells.append((index, period, parse_cell(text).parts))
        except InvalidValueError as error:
            row.fail(index, error)
    own, parts = split_parts(cells)
    frequency = given_frequency or frequency_of([own, *parts])
    targets, says_data_only, target_percent = _targets(row, ctx)
    own.percent = own.percent or (target_percent and given_unit is None)
    if says_data_only and data_only is False:
        row.problems.append(
            Problem(
                row.where("target"),
                "says data only, but the Data only column says no; expected them "
                "to agree",
            )
        )
    records = _records(row, ctx, polarity)
    listed = _parts(row, title or "", parts)
    checked = [series.check(row) for series in (own, *parts)]
    unit = _series_unit(row, own, given_unit)
    if not all(checked) or len(row.problems) > before:
        return None, priority
    if polarity is None or title is None:
        return None, priority

    common: dict[str, Any] = {
        "polarity": polarity,
        "frequency": frequency,
        "aggregation": aggregation or Aggregation.NONE,
        "compare_with": compare_with or Comparison.PREVIOUS_PERIOD,
        "year_start_month": ctx.start_month,
        "targets": targets,
        "data_only": bool(data_only or says_data_only),
        "under_development": bool(under_development),
    }
    try:
        measure = Measure(
            ref=ref,
            title=title,
            unit=unit,
            values=own.values,
            **records,
            components=tuple(
                _part_measure(
                    ref,
                    label=label,
                    title=name,
                    series=series,
                    unit=unit,
                    common=common,
                )
                for label, name, series in listed
            ),
            priority=priority.key if priority is not None else None,
            outcome=row.text("outcome"),
            action=row.text("action"),
            lead_accountability=row.text("lead_accountability"),
            lead_officer=row.text("lead_officer"),
            **common,
        )
    except InvalidValueError as error:
        where = _field_location(row, error.field)
        row.problems.append(Problem(where, f"cannot be a measure: {error}"))
        return None, priority
    if aggregation is None and (need := aggregation_need(measure)) is not None:
        row.problems.append(
            Problem(
                _need_location(row, need),
                _need_text(need, unit, "aggregation" in row.layout.fields),
            )
        )
        return None, priority
    return measure, priority


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
