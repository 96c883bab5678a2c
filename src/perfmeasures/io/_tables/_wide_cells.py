"""The cells of a wide table that hold records: benchmarks, overrides and parts.

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
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..._errors import InvalidValueError
from ..._measures import Benchmark
from ..._periods import parse_period
from ..._ratings import Override, Status
from ..._values import to_decimal
from .._sheets._words import parse_word, word

__all__ = [
    "format_benchmarks",
    "format_override",
    "format_parts",
    "parse_benchmarks",
    "parse_override",
    "parse_parts",
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
