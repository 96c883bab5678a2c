"""One data row of a wide table, read cell by cell, with its problems.

A :class:`Row` reads the cell under a mapped heading and records a located
problem for each that cannot be read.  :func:`split_parts` sorts a row's
figures into the measure's own and each labelled part's, as a
:class:`Series` per part with the unit its figures imply.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import TypeVar

import attrs

from .._errors import InvalidValueError, Problem
from .._measures import Unit, UnitKind
from .._periods import Period
from .._values import Value
from ._cells import CellPart, restore
from ._wide_layout import Layout, where
from ._words import parse_word

__all__ = ["Row", "Series", "split_parts", "word_cell"]

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
