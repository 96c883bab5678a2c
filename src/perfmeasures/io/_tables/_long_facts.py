"""The rows of a long table, grouped by measure and period, and read as facts.

The header must name each of the format's columns once.  Each row below it
is one fact: a fact about the plan (no ``ref``), about a measure or one of
its parts (no ``period``), or about a measure in one period.  Rows that
cannot be placed, and facts given twice, are problems at their row.

A :class:`Facts` holds the facts of one thing (the plan, a measure, a
measure in one period) by field name, reads each as the type it should be,
and records a located problem, rather than raising, for each that is not.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TypeVar

import attrs
import cattrs

from ..._errors import InvalidValueError, LoadError, Problem
from ..._periods import Period, parse_period
from ..._rules import Rules
from .._json._converter import make_converter
from .._json._reading import DEFAULT_MAX_DEPTH, parse, problems_from
from .._sheets._cells import restore
from ._long_write import COLUMNS

__all__ = [
    "SPELT",
    "Fact",
    "Facts",
    "Group",
    "at",
    "catch",
    "group_rows",
    "read_header",
]


_E = TypeVar("_E", bound=enum.Enum)
_T = TypeVar("_T")
_DECIMAL = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d{1,4})?")
_NUMBERED = re.compile(r"(?P<group>.+)\.(?P<number>[1-9]\d{0,5})\.(?P<name>\w+)")
_RULES_BYTES = 1024 * 1024


@functools.cache
def _converter() -> cattrs.Converter:
    return make_converter()


@attrs.frozen
class Fact:
    value: str
    row: int


def at(row: int, column: str) -> str:
    return f'row {row}, column "{column}"'


@attrs.define
class Facts:
    """The facts of one thing (the plan, a measure, a period), read by field."""

    facts: dict[str, Fact]
    problems: list[Problem]
    first_row: int
    what: str
    used: set[str] = attrs.field(factory=set)

    def has(self, *names: str) -> bool:
        return any(n in self.facts for n in names)

    def _take(self, name: str, *, required: bool) -> Fact | None:
        fact = self.facts.get(name)
        self.used.add(name)
        if fact is None and required:
            self.problems.append(
                Problem(
                    f"row {self.first_row}",
                    f"{self.what} has no {name!r} row; expected one",
                )
            )
        return fact

    def fail(self, fact: Fact, expected: str) -> None:
        self.problems.append(
            Problem(at(fact.row, "value"), f"expected {expected} (got {fact.value!r})")
        )

    def text(self, name: str, *, required: bool = False) -> str | None:
        fact = self._take(name, required=required)
        return None if fact is None else fact.value

    def decimal(self, name: str, *, required: bool = False) -> Decimal | None:
        fact = self._take(name, required=required)
        if fact is None:
            return None
        if len(fact.value) > 100 or not _DECIMAL.fullmatch(fact.value):
            self.fail(fact, "a number such as 94.8")
            return None
        return Decimal(fact.value)

    def integer(self, name: str) -> int | None:
        fact = self._take(name, required=False)
        if fact is None:
            return None
        if not fact.value.isascii() or not fact.value.isdigit() or len(fact.value) > 9:
            self.fail(fact, "a whole number")
            return None
        return int(fact.value)

    def flag(self, name: str) -> bool | None:
        fact = self._take(name, required=False)
        if fact is None:
            return None
        if fact.value not in {"true", "false"}:
            self.fail(fact, "true or false")
            return None
        return fact.value == "true"

    def choice(
        self, name: str, kind: type[_E], *, required: bool = False, blank: bool = False
    ) -> _E | None:
        fact = self._take(name, required=required)
        if fact is None or (blank and fact.value == ""):
            return None
        for member in kind:
            if member.value == fact.value:
                return member
        choices = ", ".join(repr(m.value) for m in kind)
        self.fail(fact, f"one of {choices}" + (" or blank" if blank else ""))
        return None

    def period(self, name: str, *, required: bool = False) -> Period | None:
        fact = self._take(name, required=required)
        if fact is None:
            return None
        try:
            return parse_period(fact.value)
        except InvalidValueError as error:
            self.fail(fact, error.expected)
            return None

    def rules(self, name: str) -> Rules | None:
        fact = self._take(name, required=False)
        if fact is None:
            return None
        where = at(fact.row, "value")
        try:
            document, found = parse(
                fact.value, where, max_bytes=_RULES_BYTES, max_depth=DEFAULT_MAX_DEPTH
            )
        except LoadError as error:
            found, document = list(error.problems), None
        if not found:
            try:
                return _converter().structure(document, Rules)
            except Exception as error:  # noqa: BLE001 - every failure is a problem.
                found = problems_from(error, "$", Rules)
        self.problems.extend(
            Problem(f"{where}, {p.location}", p.message) for p in found
        )
        return None

    def numbered(self, group: str) -> dict[int, dict[str, str]]:
        """Fields ``<group>.<n>.<name>``, as names by number, in number order."""
        found: dict[int, dict[str, str]] = {}
        for name in self.facts:
            match = _NUMBERED.fullmatch(name)
            if match and match["group"] == group:
                found.setdefault(int(match["number"]), {})[match["name"]] = name
        return dict(sorted(found.items()))

    def check_used(self) -> None:
        for name, fact in self.facts.items():
            if name not in self.used:
                self.problems.append(
                    Problem(
                        at(fact.row, "field"),
                        f"expected a field that {self.what} has (got {name!r})",
                    )
                )


def catch(facts: Facts, build: Callable[..., _T], **kwargs: object) -> _T | None:
    """``build(**kwargs)``, or None with the error as a problem of *facts*."""
    try:
        return build(**kwargs)
    except InvalidValueError as error:
        facts.problems.append(
            Problem(f"row {facts.first_row}", f"{facts.what}: {error}")
        )
        return None


#: The columns that spell a period out.
SPELT = COLUMNS[3:7]


@attrs.define
class Group:
    """The facts of one measure (or one part of one), by period."""

    ref: str
    part: str
    first_row: int
    facts: dict[str, Fact] = attrs.field(factory=dict)
    periods: dict[Period, dict[str, Fact]] = attrs.field(factory=dict)
    spelt: list[tuple[Period, tuple[str, ...], int]] = attrs.field(factory=list)

    @property
    def what(self) -> str:
        if self.part:
            return f"part {self.part!r} of measure {self.ref!r}"
        return f"measure {self.ref!r}"


def read_header(row: Sequence[str], problems: list[Problem]) -> dict[str, int]:
    columns: dict[str, int] = {}
    expected = ", ".join(COLUMNS)
    for index, cell in enumerate(row):
        name = restore(cell).strip()
        if name not in COLUMNS:
            problems.append(
                Problem(at(1, name), f"expected one of {expected} (got {name!r})")
            )
        elif name in columns:
            problems.append(Problem(at(1, name), "expected each column once"))
        else:
            columns[name] = index
    problems.extend(
        Problem("row 1", f'has no "{name}" column; expected the columns {expected}')
        for name in COLUMNS
        if name not in columns
    )
    return columns


def group_rows(
    rows: Sequence[Sequence[str]],
    columns: dict[str, int],
    strict_width: bool,
    problems: list[Problem],
) -> tuple[dict[str, Fact], dict[tuple[str, str], Group]]:
    """The plan's facts, and every measure's, from the rows below the header."""
    plan: dict[str, Fact] = {}
    groups: dict[tuple[str, str], Group] = {}
    width = len(rows[0])
    for number, raw in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in raw):
            continue
        extra = len(raw) > width and any(c.strip() for c in raw[width:])
        if extra or (strict_width and len(raw) != width):
            problems.append(
                Problem(
                    f"row {number}",
                    f"has {len(raw)} cells but the header has {width}; expected "
                    "one under each column (is the file truncated?)",
                )
            )
            continue
        cell = {c: restore(raw[i]) if i < len(raw) else "" for c, i in columns.items()}
        # References are kept exactly as written; only blankness is tested.
        ref = cell["ref"] if cell["ref"].strip() else ""
        part = cell["part"] if cell["part"].strip() else ""
        field, label = cell["field"].strip(), cell["period"].strip()
        if not field:
            problems.append(Problem(at(number, "field"), "expected a field (got '')"))
            continue
        facts = plan
        if not ref and (part or label):
            problems.append(
                Problem(
                    at(number, "ref"), f"expected a reference for {field!r} (got '')"
                )
            )
            continue
        if ref:
            group = groups.setdefault((ref, part), Group(ref, part, number))
            facts = group.facts
        if ref and label:
            try:
                period = parse_period(label)
            except InvalidValueError as error:
                problems.append(
                    Problem(
                        at(number, "period"),
                        f"expected {error.expected} (got {label!r})",
                    )
                )
                continue
            facts = group.periods.setdefault(period, {})
            spelt = tuple(cell[c].strip() for c in SPELT)
            if any(spelt):
                group.spelt.append((period, spelt, number))
        if field in facts:
            problems.append(
                Problem(
                    at(number, "field"),
                    f"repeats {field!r} (first on row {facts[field].row}); "
                    "expected each fact once",
                )
            )
            continue
        facts[field] = Fact(cell["value"], number)
    return plan, groups
