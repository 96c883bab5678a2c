"""Target cells: a target as a spreadsheet's target column writes it, and back.

A target cell reads as one of::

    90      85%      90 (floor: 80)           a fixed target (with a floor)
    280 (annual target)   280 (Cumulative target)   an annual target
    5 to 10                                   a range
    10% reduction on 2018/19   5 increase     a change on a baseline period
                                              (the year before by default)

A bracketed remark after a figure (``85% (Vehicles and drivers)``) says
what the target covers and is skipped.
"""

from __future__ import annotations

import re
from decimal import Decimal

from .._errors import InvalidValueError
from .._periods import Year, parse_period
from .._targets import (
    AnnualTarget,
    ChangeKind,
    FixedTarget,
    RangeTarget,
    RelativeTarget,
    Target,
)
from ._cells import (
    FIGURE_TEXT,
    LABEL,
    LEAD_FIGURE,
    invalid,
    read_figure,
    write_figure,
)

__all__ = ["EXPECTED_TARGET", "format_target", "parse_target"]

EXPECTED_TARGET = (
    "a target such as 90, 85%, 280 (annual target), 90 (floor: 80), "
    "5 to 10 or 10% reduction on 2018/19"
)

_RELATIVE = re.compile(
    rf"(?P<figure>{FIGURE_TEXT})\s+(?P<way>reduction|increase)"
    r"(?:\s+on\s+(?P<base>.+))?",
    re.IGNORECASE,
)
_RANGE = re.compile(
    rf"(?P<lower>{FIGURE_TEXT})\s+to\s+(?P<upper>{FIGURE_TEXT})", re.IGNORECASE
)
_ANNUAL = re.compile(r"\(\s*(?:annual|cumulative)(?:\s+target)?\s*\)\s*", re.IGNORECASE)
_FLOOR = re.compile(
    rf"\(\s*floor\s*:?\s*(?P<figure>{FIGURE_TEXT})\s*\)\s*", re.IGNORECASE
)


def parse_target(text: str, *, year: Year) -> tuple[Target | None, bool]:
    """Read a target cell, for the year *year*.

    Returns:
        The target (None for a blank cell), and whether its figures were
        written as percentages.

    Raises:
        InvalidValueError: The text is not a target this grammar reads.

    >>> parse_target("85%", year=Year(2019))
    (FixedTarget(value=Decimal('85'), floor=None), True)
    >>> parse_target("10% reduction", year=Year(2019))[0].baseline.label
    '2018/19'

    .. versionadded:: 0.1.0
    """
    flat = " ".join(text.split())
    if not flat:
        return None, False
    try:
        if match := _RELATIVE.fullmatch(flat):
            change, percent, _ = read_figure(match["figure"], text)
            base = match["base"]
            return RelativeTarget(
                baseline=parse_period(base) if base else year.previous(),
                change=-change if match["way"].lower() == "reduction" else change,
                change_kind=ChangeKind.PERCENT if percent else ChangeKind.ABSOLUTE,
            ), False
        if match := _RANGE.fullmatch(flat):
            lower, low_pct, _ = read_figure(match["lower"], text)
            upper, up_pct, _ = read_figure(match["upper"], text)
            return RangeTarget(lower=lower, upper=upper), low_pct or up_pct
        match = LEAD_FIGURE.match(flat)
        if match is None:
            raise invalid(text, EXPECTED_TARGET)
        value, percent, _ = read_figure(match["figure"], text)
        annual = False
        floor: Decimal | None = None
        pos = match.end()
        while pos < len(flat):
            if found := _ANNUAL.match(flat, pos):
                if annual:
                    raise invalid(text, EXPECTED_TARGET)
                annual = True
            elif found := _FLOOR.match(flat, pos):
                if floor is not None:
                    raise invalid(text, EXPECTED_TARGET)
                floor = read_figure(found["figure"], text)[0]
            elif found := LABEL.match(flat, pos):
                pass  # A note on what the target covers ("Vehicles and drivers").
            else:
                raise invalid(text, EXPECTED_TARGET)
            pos = found.end()
        if annual:
            return AnnualTarget(value=value, floor=floor), percent
        return FixedTarget(value, floor=floor), percent
    except InvalidValueError as error:
        if error.field == "cell" and error.value == text:
            raise invalid(text, EXPECTED_TARGET) from None
        raise invalid(text, f"{EXPECTED_TARGET} ({error})") from None


def format_target(target: Target, *, percent: bool = False) -> str:
    """Write *target* as :func:`parse_target` reads it.

    What a cell cannot say is left out: an annual target's quarterly
    profile and basis, and a relative target's basis.

    .. versionadded:: 0.1.0
    """
    opts = {"percent": percent, "money": False}
    if isinstance(target, RangeTarget):
        lower = write_figure(target.lower, **opts)
        return f"{lower} to {write_figure(target.upper, **opts)}"
    if isinstance(target, RelativeTarget):
        unit = "%" if target.change_kind is ChangeKind.PERCENT else ""
        way = "reduction" if target.change.is_signed() else "increase"
        return f"{abs(target.change):f}{unit} {way} on {target.baseline.label}"
    text = write_figure(target.value, **opts)
    if isinstance(target, AnnualTarget):
        text += " (annual target)"
    if target.floor is not None:
        text += f" (floor: {write_figure(target.floor, **opts)})"
    return text
