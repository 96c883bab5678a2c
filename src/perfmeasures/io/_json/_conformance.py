"""Conformance vectors: the status and direction rules as a table of cases.

For applications that embed or re-implement perfmeasures' rules in another
language: each case gives a rule's inputs in wire form and the answer
perfmeasures gives.  The tables below choose the inputs (every preset,
every scheme parameter's boundary from both sides, zero targets, ranges,
floors, the year-end split); the expected answers are computed by calling
the library's own rules, never written by hand.  The result is shipped as
``perfmeasures/io/_json/conformance.json``; a test rebuilds it and compares, and
another checks every shipped case against the library.  After changing a
rule, rewrite the file with ``python -m perfmeasures.io._generate``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from importlib import resources
from typing import Any

from ... import presets
from ..._bands import Exceeded, FourBand
from ..._direction import direction_between
from ..._measures import Polarity
from ..._ratings import Direction
from ..._status import (
    Case,
    FloorStandard,
    Progress,
    StatusScheme,
    TargetMet,
    Tolerance,
    YearEndSplit,
)
from ..._targets import ChangeKind, PeriodTarget
from ._converter import shared_converter

__all__ = [
    "CONFORMANCE_FILE",
    "CONFORMANCE_FORMAT",
    "build_conformance",
    "conformance_cases",
    "conformance_text",
    "direction_inputs",
    "schemes",
    "status_inputs",
]

#: The ``"format"`` of the conformance file.
CONFORMANCE_FORMAT = "perfmeasures/conformance/1"

#: The shipped conformance file, in ``perfmeasures/io/_json/``.
CONFORMANCE_FILE = "conformance.json"
_STEP = Decimal("0.01")
_TARGET = Decimal(200)
_RANGE = (Decimal(40), Decimal(60))


def schemes() -> list[tuple[str, StatusScheme]]:
    """Every scheme the vectors cover, named: each preset, then each variant.

    The variants exercise what no preset does: exclusive green bands,
    absolute progress bands, a split with a tolerance in year, and
    absolute, exclusive yellow, amber and blue boundaries.
    """
    named: list[tuple[str, StatusScheme]] = [
        (name, presets.by_name(name)) for name in presets.names()
    ]
    named += [
        ("reigate_banstead(5)", presets.reigate_banstead(5)),
        ("brighton_hove(3)", presets.brighton_hove(3)),
        ("havering_2024(7.5)", presets.havering_2024("7.5")),
        (
            "tolerance(amber=10, green=2, both exclusive)",
            Tolerance(amber=10, green=2, amber_inclusive=False, green_inclusive=False),
        ),
        (
            "tolerance(amber=4, green=1, absolute)",
            Tolerance(amber=4, green=1, kind=ChangeKind.ABSOLUTE),
        ),
        (
            "progress(green=3, absolute, exclusive, amber when not worse)",
            Progress(
                green=3,
                kind=ChangeKind.ABSOLUTE,
                green_inclusive=False,
                amber_when=frozenset({Direction.IMPROVING, Direction.NO_CHANGE}),
            ),
        ),
        (
            "year_end_split(tolerance 10 in year, target met at year end)",
            YearEndSplit(in_year=Tolerance(amber=10), year_end=TargetMet()),
        ),
        (
            "four_band(yellow=1, amber=4, absolute, both exclusive)",
            FourBand(
                yellow=1,
                amber=4,
                kind=ChangeKind.ABSOLUTE,
                yellow_inclusive=False,
                amber_inclusive=False,
            ),
        ),
        (
            "exceeded(blue=3, absolute, exclusive) on four_band(yellow=5, amber=10)",
            Exceeded(
                blue=3,
                kind=ChangeKind.ABSOLUTE,
                blue_inclusive=False,
                scheme=FourBand(yellow=5, amber=10),
            ),
        ),
    ]
    return named


def _parts(scheme: StatusScheme) -> list[StatusScheme]:
    if isinstance(scheme, Exceeded):
        return _parts(scheme.scheme)
    if isinstance(scheme, YearEndSplit):
        return [scheme.in_year, scheme.year_end]
    return [scheme]


def _limits(scheme: StatusScheme, reference: Decimal) -> list[Decimal]:
    """Every shortfall, in units, at which *scheme* may change its answer."""
    limits = {Decimal(0)}
    if isinstance(scheme, Exceeded):
        # Blue lies beyond the target: a negative shortfall.
        blue = scheme.blue
        limits.add(
            -(reference * blue / 100 if scheme.kind is ChangeKind.PERCENT else blue)
        )
    for part in _parts(scheme):
        if isinstance(part, Tolerance | Progress | FourBand):
            if isinstance(part, FourBand):
                bands = [part.yellow, part.amber]
            else:
                bands = [part.green] + (
                    [part.amber] if isinstance(part, Tolerance) else []
                )
            for band in bands:
                if part.kind is ChangeKind.PERCENT:
                    limits.add(reference * band / 100)
                else:
                    limits.add(band)
    return sorted(limits)


def _shortfalls(scheme: StatusScheme, reference: Decimal) -> list[Decimal]:
    """Shortfalls on, just inside and just beyond each of the scheme's limits."""
    found = {
        limit + offset
        for limit in _limits(scheme, reference)
        for offset in (-_STEP, Decimal(0), _STEP)
    }
    return sorted(found)


def _directions(scheme: StatusScheme) -> list[Direction]:
    if any(isinstance(part, Progress) for part in _parts(scheme)):
        return [
            Direction.IMPROVING,
            Direction.NO_CHANGE,
            Direction.WORSENING,
            Direction.NOT_APPLICABLE,
        ]
    return [Direction.NOT_APPLICABLE]


def _year_ends(scheme: StatusScheme) -> list[bool]:
    return [False, True] if isinstance(scheme, YearEndSplit) else [False]


def _value_inputs(
    scheme: StatusScheme,
) -> Iterator[tuple[Polarity, Decimal, PeriodTarget]]:
    """Targets with a value: at, above and below every band, for every polarity."""
    for target_value in (_TARGET, Decimal(0)):
        target = PeriodTarget(value=target_value)
        gaps = (
            _shortfalls(scheme, target_value)
            if target_value
            else [-_STEP, Decimal(0), _STEP]
        )
        for gap in gaps:
            yield Polarity.HIGHER_IS_BETTER, target_value - gap, target
            yield Polarity.LOWER_IS_BETTER, target_value + gap, target
            yield Polarity.NEUTRAL, target_value - gap, target
            if gap >= 0:
                yield Polarity.CLOSEST_TO_TARGET, target_value + gap, target
                yield Polarity.CLOSEST_TO_TARGET, target_value - gap, target


def _range_inputs(
    scheme: StatusScheme,
) -> Iterator[tuple[Polarity, Decimal, PeriodTarget]]:
    """A range target: inside, on each bound, and beyond each band outside it."""
    lower, upper = _RANGE
    target = PeriodTarget(lower=lower, upper=upper)
    yield Polarity.CLOSEST_TO_TARGET, (lower + upper) / 2, target
    for gap in _shortfalls(scheme, lower):
        if gap >= 0:
            yield Polarity.CLOSEST_TO_TARGET, lower - gap, target
    for gap in _shortfalls(scheme, upper):
        if gap >= 0:
            yield Polarity.HIGHER_IS_BETTER, upper + gap, target


def _floor_inputs() -> Iterator[tuple[Polarity, Decimal, PeriodTarget]]:
    """Targets with a floor: met, between target and floor, on and below the floor."""
    high = PeriodTarget(value=Decimal(100), floor=Decimal(90))
    for actual in ("100", "99.99", "95", "90", "89.99"):
        yield Polarity.HIGHER_IS_BETTER, Decimal(actual), high
    low = PeriodTarget(value=Decimal(10), floor=Decimal(12))
    for actual in ("10", "10.01", "11", "12", "12.01"):
        yield Polarity.LOWER_IS_BETTER, Decimal(actual), low


def _wire_target(target: PeriodTarget) -> dict[str, str | None]:
    return {
        name: None if value is None else str(value)
        for name, value in (
            ("value", target.value),
            ("lower", target.lower),
            ("upper", target.upper),
            ("floor", target.floor),
        )
    }


def status_inputs(
    scheme: StatusScheme,
) -> Iterator[tuple[Polarity, Decimal, PeriodTarget, Direction, bool]]:
    """Every input the vectors rate *scheme* on."""
    targets = [*_value_inputs(scheme), *_range_inputs(scheme)]
    if any(isinstance(part, FloorStandard | TargetMet) for part in _parts(scheme)):
        targets += _floor_inputs()
    for polarity, actual, target in targets:
        for direction in _directions(scheme):
            for is_year_end in _year_ends(scheme):
                yield polarity, actual, target, direction, is_year_end


def direction_inputs() -> list[
    tuple[Polarity, Decimal, Decimal, Decimal, ChangeKind, bool]
]:
    """Every input the vectors judge direction on.

    Each is a polarity, the current and previous figures, the threshold and
    its kind, and whether plain higher or lower is asked for.  For "closest
    to target" measures the figures are distances from the target.
    """
    previous = Decimal(100)
    thresholds = [
        (Decimal(0), ChangeKind.ABSOLUTE),
        (Decimal(1), ChangeKind.ABSOLUTE),
        (Decimal(5), ChangeKind.PERCENT),
    ]
    around_threshold = [
        (polarity, current, previous, threshold, kind, plain)
        for polarity in Polarity
        for threshold, kind in thresholds
        for change in _changes(previous, threshold, kind)
        for current in sorted({previous + change, previous - change})
        for plain in (False, True)
    ]
    # A percentage change from nothing: any change at all is beyond the threshold.
    from_zero = [
        (polarity, current, Decimal(0), Decimal(5), ChangeKind.PERCENT, False)
        for polarity in Polarity
        for current in (Decimal(0), _STEP, -_STEP)
    ]
    return around_threshold + from_zero


def _changes(previous: Decimal, threshold: Decimal, kind: ChangeKind) -> list[Decimal]:
    """No change, a change of exactly the threshold, and one just beyond it."""
    units = previous * threshold / 100 if kind is ChangeKind.PERCENT else threshold
    return sorted({Decimal(0), units, units + _STEP})


def build_conformance() -> dict[str, Any]:
    """The conformance document, with every expected answer computed by the library."""
    converter = shared_converter()
    named = schemes()
    status_cases = []
    for name, scheme in named:
        for polarity, actual, target, direction, is_year_end in status_inputs(scheme):
            case = Case(
                actual=actual,
                target=target,
                polarity=polarity,
                direction=direction,
                is_year_end=is_year_end,
            )
            status_cases.append(
                {
                    "scheme": name,
                    "polarity": polarity.value,
                    "actual": str(actual),
                    "target": _wire_target(target),
                    "direction": direction.value,
                    "is_year_end": is_year_end,
                    "expected": scheme.rate(case).value,
                }
            )
    direction_cases = [
        {
            "polarity": polarity.value,
            "current": str(current),
            "previous": str(previous),
            "threshold": str(threshold),
            "threshold_kind": kind.value,
            "plain": plain,
            "expected": direction_between(
                polarity,
                current,
                previous,
                threshold=threshold,
                threshold_kind=kind,
                plain=plain,
            ).value,
        }
        for polarity, current, previous, threshold, kind, plain in direction_inputs()
    ]
    return {
        "format": CONFORMANCE_FORMAT,
        "schemes": {
            name: converter.unstructure(scheme, StatusScheme) for name, scheme in named
        },
        "status_cases": status_cases,
        "direction_cases": direction_cases,
    }


def conformance_text(document: dict[str, Any]) -> str:
    """*document* as the shipped file writes it: one case to a line."""

    def cases(key: str) -> str:
        lines = ",\n".join(
            "    " + json.dumps(case, ensure_ascii=False) for case in document[key]
        )
        return f'  "{key}": [\n{lines}\n  ]'

    head = f'  "format": {json.dumps(document["format"])}'
    named = ",\n".join(
        f"    {json.dumps(name)}: {json.dumps(scheme)}"
        for name, scheme in document["schemes"].items()
    )
    schemes_part = f'  "schemes": {{\n{named}\n  }}'
    parts = [head, schemes_part, cases("status_cases"), cases("direction_cases")]
    body = ",\n".join(parts)
    return "{\n" + body + "\n}\n"


def conformance_cases() -> dict[str, Any]:
    """The shipped conformance vectors.

    A dictionary with ``"format"`` (``"perfmeasures/conformance/1"``),
    ``"schemes"``, ``"status_cases"`` and ``"direction_cases"``.
    ``"schemes"`` maps a name to a status scheme in wire form, as in a
    plan's rules.  A status case holds the name of its ``"scheme"``, a
    ``"polarity"``, an
    ``"actual"`` figure, a ``"target"`` (``"value"``, ``"lower"``,
    ``"upper"`` and ``"floor"``, each a decimal string or null), the
    ``"direction"`` of travel, ``"is_year_end"``, and the ``"expected"``
    status.  A direction case holds a ``"polarity"``, the ``"current"`` and
    ``"previous"`` figures, a ``"threshold"`` and its ``"threshold_kind"``,
    ``"plain"``, and the ``"expected"`` direction.

    >>> cases = conformance_cases()
    >>> sorted(cases)
    ['direction_cases', 'format', 'schemes', 'status_cases']
    >>> cases["schemes"]["maidstone"]["type"]
    'tolerance'

    .. versionadded:: 0.1.0
    """
    path = resources.files(__package__).joinpath(CONFORMANCE_FILE)
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document
