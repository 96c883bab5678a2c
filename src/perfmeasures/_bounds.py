"""Inequalities as councils print them: ``<5``, ``≤ 10%``, ``at least 95``.

The :class:`Bound` of a :class:`~perfmeasures.BoundTarget` says which side
of its figure is on target and whether the figure itself is.  This module
also holds the spellings councils print, read by :func:`split_bound` for the
model (``Measure(targets={"2019/20": "<5"})``) and for spreadsheet cells
alike, so that both accept the same words.
"""

from __future__ import annotations

import enum
import re

__all__ = ["Bound", "split_bound"]


class Bound(enum.Enum):
    """Which side of a target's figure is on target, and whether the figure is.

    >>> Bound.BELOW.symbol, Bound.BELOW.strict, Bound.BELOW.is_upper
    ('<', True, True)

    .. versionadded:: 0.2.0
    """

    AT_MOST = "at_most"
    """The figure or less: ``≤ 5``, ``no more than 5``, ``maximum 5``."""
    BELOW = "below"
    """Less than the figure, which itself misses: ``< 5``, ``fewer than 5``."""
    AT_LEAST = "at_least"
    """The figure or more: ``≥ 95``, ``at least 95``, ``minimum 95``."""
    ABOVE = "above"
    """More than the figure, which itself misses: ``> 5``, ``more than 5``."""

    @property
    def symbol(self) -> str:
        """The sign a table prints: ``≤``, ``<``, ``≥`` or ``>``."""
        return _SYMBOLS[self]

    @property
    def strict(self) -> bool:
        """Whether a figure equal to the bound misses it (``<`` and ``>``)."""
        return self in {Bound.BELOW, Bound.ABOVE}

    @property
    def is_upper(self) -> bool:
        """Whether figures on target lie below the bound (``≤`` and ``<``)."""
        return self in {Bound.AT_MOST, Bound.BELOW}


_SYMBOLS = {
    Bound.AT_MOST: "\u2264",
    Bound.BELOW: "<",
    Bound.AT_LEAST: "\u2265",
    Bound.ABOVE: ">",
}

# Spellings before the figure, as published; matched case-insensitively and
# with any run of spaces between words.
_PREFIXES: dict[Bound, tuple[str, ...]] = {
    Bound.AT_MOST: (
        "\u2264",
        "\u2a7d",
        "<=",
        "less than or equal to",
        "at most",
        "no more than",
        "not more than",
        "no greater than",
        "not greater than",
        "no higher than",
        "not higher than",
        "not above",
        "up to",
        "a maximum of",
        "maximum of",
        "maximum",
        "max.",
        "max",
    ),
    Bound.BELOW: ("<", "less than", "fewer than", "lower than", "below", "under"),
    Bound.AT_LEAST: (
        "\u2265",
        "\u2a7e",
        ">=",
        "greater than or equal to",
        "at least",
        "no less than",
        "not less than",
        "no fewer than",
        "not fewer than",
        "no lower than",
        "not lower than",
        "not below",
        "a minimum of",
        "minimum of",
        "minimum",
        "min.",
        "min",
    ),
    Bound.ABOVE: (
        ">",
        "more than",
        "greater than",
        "higher than",
        "above",
        "over",
        "exceeding",
        "in excess of",
    ),
}
# Spellings after the figure: "95% or more", "5 or fewer".
_SUFFIXES: dict[Bound, tuple[str, ...]] = {
    Bound.AT_LEAST: ("more", "above", "higher", "greater", "over"),
    Bound.AT_MOST: ("less", "fewer", "below", "lower", "under"),
}

_PREFIX_WORDS = {
    spelling: bound for bound, spellings in _PREFIXES.items() for spelling in spellings
}
_SUFFIX_WORDS = {
    spelling: bound for bound, spellings in _SUFFIXES.items() for spelling in spellings
}


def _alternatives(spellings: dict[str, Bound]) -> str:
    # Longest first, so that "<=" wins over "<" and "maximum of" over "max".
    ordered = sorted(spellings, key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, s.split())) for s in ordered)


# A spelling that ends in a letter must not run on into a word ("over" is
# not the start of "overall").
_NO_RUN_ON = r"(?!(?<=[^\W\d_])[^\W\d_])"
_PREFIX = re.compile(
    rf"(?P<op>{_alternatives(_PREFIX_WORDS)}){_NO_RUN_ON}\s*", re.IGNORECASE
)
_SUFFIX = re.compile(
    rf"^(?P<head>[^()]*?\S)\s+or\s+(?P<op>{_alternatives(_SUFFIX_WORDS)})"
    rf"{_NO_RUN_ON}",
    re.IGNORECASE,
)


def _normal(spelling: str) -> str:
    return " ".join(spelling.lower().split())


def split_bound(text: str) -> tuple[Bound, str] | None:
    """Split the inequality from the rest of *text*.

    The inequality stands before the figure (``≤ 10%``, ``at least 95``) or
    just after it (``95% or more``); what is left is the figure with
    whatever followed it (remarks in brackets), for the caller to read.

    Returns:
        The bound and the rest of the text, or None when *text* holds no
        inequality.

    >>> split_bound("no more than 5")
    (<Bound.AT_MOST: 'at_most'>, '5')
    >>> split_bound("95% or more (floor: 90%)")
    (<Bound.AT_LEAST: 'at_least'>, '95% (floor: 90%)')
    >>> split_bound("95") is None
    True

    .. versionadded:: 0.2.0
    """
    flat = " ".join(text.split())
    if match := _PREFIX.match(flat):
        return _PREFIX_WORDS[_normal(match["op"])], flat[match.end() :]
    if match := _SUFFIX.match(flat):
        return _SUFFIX_WORDS[_normal(match["op"])], match["head"] + flat[match.end() :]
    return None
