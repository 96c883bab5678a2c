"""Target cells: a target as a spreadsheet's target column writes it, and back.

A target cell reads as one of::

    90      85%      90 (floor: 80)           a fixed target (with a floor)
    280 (annual target)   280 (Cumulative target)   an annual target
    280 (profile: 85, 65, 65, 65)             an annual target, re-phased
    97 (profile to date: 29, 56, 83, 97)      the same, profiled to date
    5 to 10                                   a range
    < 5    ≤ 10%    >= 95    at least 95      an inequality (with a floor)
    no more than 5    95% or more
    10% reduction on 2018/19   5 increase     a change on a baseline period
                                              (the year before by default)

A cell reading ``Data only`` (in any case; also ``Data-only``, ``N/A (data
only)``, ``N/A - data only``, ``No target (data only)``) is no target: the
measure is monitored as data only (:func:`is_data_only`).

A bracketed remark after a figure (``85% (Vehicles and drivers)``) says
what the target covers and is skipped.  Inequalities are read by
:func:`~perfmeasures._bounds.split_bound`, as in the model, and written
with their sign (``≤ 10%``).
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..._bounds import Bound, split_bound
from ..._errors import InvalidValueError
from ..._periods import Year, parse_period
from ..._targets import (
    AnnualTarget,
    BoundTarget,
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

__all__ = [
    "DATA_ONLY",
    "EXPECTED_TARGET",
    "format_target",
    "is_data_only",
    "parse_target",
]

#: What a target cell says for a measure monitored without a target.
DATA_ONLY = "Data only"

EXPECTED_TARGET = (
    "a target such as 90, 85%, 280 (annual target), 90 (floor: 80), "
    "97 (profile to date: 29, 56, 83, 97), 5 to 10, < 5, \u2264 10%, "
    "at least 95 or 10% reduction on 2018/19"
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
_TO_DATE = r"(?:profile\s+to\s+date|(?:year[\s-]+to[\s-]+date|cumulative)\s+profile)"
_PROFILE = re.compile(
    rf"\(\s*(?:(?P<to_date>{_TO_DATE})|(?:quarterly\s+)?profile)\s*:?\s*"
    r"(?P<figures>[-+\u2212\u00a3\d.][^()]*?)\s*\)\s*",
    re.IGNORECASE,
)
_DATA_ONLY = re.compile(
    r"(?:(?:n/?a|no\s+target|none)\s*[-\u2013\u2014:,]?\s*)?"
    r"\(?\s*data[\s-]+only(?:\s+measure)?\s*\)?\.?",
    re.IGNORECASE,
)
# Figures in a profile are parted by a comma and a space (a comma between
# digits is a thousands separator), a semicolon or a slash.
_PROFILE_SEPARATOR = re.compile(r",\s+|\s*[;/]\s*")


def is_data_only(text: str) -> bool:
    """Whether a target cell says the measure is data only, with no target.

    >>> [is_data_only(t) for t in ("Data only", "N/A (data only)", "90")]
    [True, True, False]

    .. versionadded:: 0.3.0
    """
    return _DATA_ONLY.fullmatch(" ".join(text.split())) is not None


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
    >>> str(parse_target("fewer than 5", year=Year(2019))[0])
    '< 5'

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Inequalities (``< 5``, ``at least 95``) and quarterly profiles, per
       quarter or to date.
    """
    flat = " ".join(text.split())
    if not flat:
        return None, False
    try:
        bound: Bound | None = None
        if split := split_bound(flat):
            bound, flat = split
        elif match := _RELATIVE.fullmatch(flat):
            change, percent, _ = read_figure(match["figure"], text)
            base = match["base"]
            return RelativeTarget(
                baseline=parse_period(base) if base else year.previous(),
                change=(
                    change.copy_negate()
                    if match["way"].lower() == "reduction"
                    else change
                ),
                change_kind=ChangeKind.PERCENT if percent else ChangeKind.ABSOLUTE,
            ), False
        elif match := _RANGE.fullmatch(flat):
            lower, low_pct, _ = read_figure(match["lower"], text)
            upper, up_pct, _ = read_figure(match["upper"], text)
            return RangeTarget(lower=lower, upper=upper), low_pct or up_pct
        return _figure_target(flat, text, bound)
    except InvalidValueError as error:
        if error.field == "cell" and error.value == text:
            raise invalid(text, EXPECTED_TARGET) from None
        raise invalid(text, f"{EXPECTED_TARGET} ({error})") from None


def _figure_target(flat: str, text: str, bound: Bound | None) -> tuple[Target, bool]:
    """Read a figure with its remarks in brackets, after any inequality.

    Args:
        flat: The cell's text with spaces normalised, its inequality removed.
        text: The cell's text as written, for error messages.
        bound: The inequality the cell began or ended with, if any.
    """
    match = LEAD_FIGURE.match(flat)
    if match is None:
        raise invalid(text, EXPECTED_TARGET)
    value, percent, _ = read_figure(match["figure"], text)
    annual = False
    floor: Decimal | None = None
    profile: tuple[Decimal, ...] | None = None
    to_date = False
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
        elif found := _PROFILE.match(flat, pos):
            if profile is not None:
                raise invalid(text, EXPECTED_TARGET)
            figures = [
                read_figure(f, text) for f in _PROFILE_SEPARATOR.split(found["figures"])
            ]
            profile = tuple(f[0] for f in figures)
            percent = percent or any(f[1] for f in figures)
            to_date = found["to_date"] is not None
        elif found := LABEL.match(flat, pos):
            pass  # A note on what the target covers ("Vehicles and drivers").
        else:
            raise invalid(text, EXPECTED_TARGET)
        pos = found.end()
    if bound is not None:
        if annual or profile is not None:
            raise invalid(text, EXPECTED_TARGET)
        return BoundTarget(value, bound, floor=floor), percent
    if profile is not None and to_date:
        return AnnualTarget.from_year_to_date(value, profile, floor=floor), percent
    if annual or profile is not None:
        return AnnualTarget(value=value, profile=profile, floor=floor), percent
    return FixedTarget(value, floor=floor), percent


def format_target(target: Target, *, percent: bool = False) -> str:
    """Write *target* as :func:`parse_target` reads it.

    What a cell cannot say is left out: an annual target's basis, and a
    relative target's basis.  A profile is written per quarter, however
    it was entered.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Inequalities and quarterly profiles are written.
    """
    opts = {"percent": percent, "money": False}
    if isinstance(target, RangeTarget):
        lower = write_figure(target.lower, **opts)
        return f"{lower} to {write_figure(target.upper, **opts)}"
    if isinstance(target, RelativeTarget):
        unit = "%" if target.change_kind is ChangeKind.PERCENT else ""
        way = "reduction" if target.change.is_signed() else "increase"
        return f"{target.change.copy_abs():f}{unit} {way} on {target.baseline.label}"
    text = write_figure(target.value, **opts)
    if isinstance(target, BoundTarget):
        text = f"{target.bound.symbol} {text}"
    elif isinstance(target, AnnualTarget) and target.profile is not None:
        shares = ", ".join(write_figure(p, **opts) for p in target.profile)
        text += f" (profile: {shares})"
    elif isinstance(target, AnnualTarget):
        text += " (annual target)"
    if target.floor is not None:
        text += f" (floor: {write_figure(target.floor, **opts)})"
    return text
