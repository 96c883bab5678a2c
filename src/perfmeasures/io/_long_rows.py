"""The rows of a long table, checked and grouped by measure and period.

The header must name each of the format's columns once.  Each row below it
is one fact: a fact about the plan (no ``ref``), about a measure or one of
its parts (no ``period``), or about a measure in one period.  Rows that
cannot be placed, and facts given twice, are problems at their row.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from .._errors import InvalidValueError, Problem
from .._periods import Period, parse_period
from ._cells import restore
from ._long import COLUMNS
from ._long_facts import Fact, at

__all__ = ["SPELT", "Group", "group_rows", "read_header"]

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
