"""One data row of a wide table, read cell by cell into one measure.

The grammar is in :mod:`perfmeasures.io._tables._wide_read`.  A :class:`Row`
reads the cell under a mapped heading and records a located problem for
each that cannot be read.  :func:`split_parts` sorts a row's figures into
the measure's own and each labelled part's, as a :class:`Series` per part
with the unit its figures imply.  :func:`read_measure` reads the measure
from them.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import Any, TypeVar

import attrs

from ..._errors import InvalidValueError, Problem
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
from ..._periods import Month, Period, Quarter, Year
from ..._ratings import Direction, Override, Published, Status
from ..._targets import AnnualTarget, Target
from ..._values import Value
from .._sheets._cells import CellPart, parse_cell, restore, write_figure
from .._sheets._targets import format_target, is_data_only, parse_target
from .._sheets._words import parse_direction, parse_flag, parse_unit, parse_word
from ._wide_cells import parse_benchmarks, parse_override, parse_parts
from ._wide_guess import Need, aggregation_need
from ._wide_layout import Layout, PriorityCell, parse_priority, read_rules, where

__all__ = [
    "Context",
    "Row",
    "Series",
    "read_measure",
    "split_parts",
    "word_cell",
]


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
    :func:`~perfmeasures.io._sheets._words.parse_direction` reads it for a
    measure of the row's *polarity*.
    """

    def read(text: str, kind: type[Status | Direction], field: str) -> Any:  # noqa: ANN401 - a Status or a Direction.
        if kind is Direction:
            return parse_direction(text, field, polarity)
        return parse_word(text, kind, field)

    found: dict[Period, dict[str, Any]] = {}
    for field, kind in (("status", Status), ("direction", Direction)):
        cells = _period_columns(row, field)
        if ctx.report is not None and (text := row.text(field)) is not None:
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
    if text is not None and ctx.report is not None:
        notes[ctx.report] = text
    return notes


def _overrides(row: Row, ctx: Context) -> dict[Period, Override]:
    cells = [(i, p, t) for i, p, t in _period_columns(row, "override")]
    if (text := row.text("override")) is not None and ctx.report is not None:
        cells.insert(0, (row.layout.fields["override"], ctx.report, text))
    found: dict[Period, Override] = {}
    for index, period, cell in cells:
        try:
            found[period] = parse_override(cell)
        except InvalidValueError as error:
            row.fail(index, error)
    return found


def _targets(row: Row, ctx: Context) -> tuple[dict[Period, Target], bool, bool]:
    """The row's targets, whether one says data only, and whether any is a %."""
    cells: list[tuple[int, Period | None, str]] = []
    if (text := row.text("target")) is not None:
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
        row.problems.append(Problem(row.where(), f"cannot be a measure: {error}"))
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
