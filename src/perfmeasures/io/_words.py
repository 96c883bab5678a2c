"""Word cells: enum members and yes/no flags as spreadsheets write them.

Polarity, frequency, aggregation, comparator, status and direction cells
are read by :func:`parse_word`; data-only and under-development cells by
:func:`parse_flag`.
"""

from __future__ import annotations

import enum
from typing import TypeVar

from .._errors import InvalidValueError
from .._measures import Aggregation, Comparison, Frequency, Polarity
from .._ratings import Direction, Status

__all__ = ["flag", "parse_flag", "parse_word", "word"]

_E = TypeVar("_E", bound=enum.Enum)

_ALIASES: dict[type[enum.Enum], dict[str, enum.Enum]] = {
    Polarity: {
        "high": Polarity.HIGHER_IS_BETTER,
        "higher": Polarity.HIGHER_IS_BETTER,
        "low": Polarity.LOWER_IS_BETTER,
        "lower": Polarity.LOWER_IS_BETTER,
        "closest to target": Polarity.CLOSEST_TO_TARGET,
        "closest": Polarity.CLOSEST_TO_TARGET,
        "no better direction": Polarity.NEUTRAL,
    },
    Frequency: {"annually": Frequency.ANNUAL, "yearly": Frequency.ANNUAL},
    Aggregation: {
        "total": Aggregation.SUM,
        "add up": Aggregation.SUM,
        "latest": Aggregation.SNAPSHOT,
        "latest figure": Aggregation.SNAPSHOT,
        "last": Aggregation.SNAPSHOT,
        "mean": Aggregation.AVERAGE,
        "not derived": Aggregation.NONE,
    },
    Comparison: {
        "previous": Comparison.PREVIOUS_PERIOD,
        "last period": Comparison.PREVIOUS_PERIOD,
        "previous quarter": Comparison.PREVIOUS_PERIOD,
        "previous month": Comparison.PREVIOUS_PERIOD,
        "previous year": Comparison.PREVIOUS_PERIOD,
        "same quarter last year": Comparison.SAME_PERIOD_LAST_YEAR,
        "same month last year": Comparison.SAME_PERIOD_LAST_YEAR,
        "last year": Comparison.SAME_PERIOD_LAST_YEAR,
    },
    # The initials of RAG, four-band (Y) and BRAG (B) status columns.
    Status: {
        "r": Status.RED,
        "a": Status.AMBER,
        "y": Status.YELLOW,
        "g": Status.GREEN,
        "b": Status.BLUE,
    },
    Direction: {"same": Direction.NO_CHANGE, "n/a": Direction.NOT_APPLICABLE},
}
_YES = frozenset({"yes", "y", "true", "1", "x", "\u2713"})
_NO = frozenset({"no", "n", "false", "0"})
_WORDS: dict[enum.Enum, str] = {
    Polarity.HIGHER_IS_BETTER: "High",
    Polarity.LOWER_IS_BETTER: "Low",
    Polarity.CLOSEST_TO_TARGET: "Closest to target",
}


def parse_word(text: str, kind: type[_E], field: str) -> _E:
    """Read a word cell (``High``, ``Monthly``, ``Red``, ``Worsening``).

    A member's value matches with spaces for underscores, in any case;
    common synonyms match too (``low`` for lower is better, and a status's
    initial: ``B``, ``G``, ``Y``, ``A`` or ``R``).

    Raises:
        InvalidValueError: No member of *kind* is written so.

    .. versionadded:: 0.1.0
    """
    key = " ".join(text.replace("_", " ").split()).casefold()
    for member in kind:
        if key in {member.value.replace("_", " "), word(member).casefold()}:
            return member
    alias = _ALIASES.get(kind, {}).get(key)
    if isinstance(alias, kind):
        return alias
    choices = ", ".join(word(m) for m in kind)
    raise InvalidValueError(field, text, f"one of {choices}")


def word(member: enum.Enum) -> str:
    """The word a spreadsheet shows for *member* (``Not applicable``).

    .. versionadded:: 0.1.0
    """
    return _WORDS.get(member) or str(member.value).replace("_", " ").capitalize()


def parse_flag(text: str, field: str) -> bool:
    """Read a yes/no cell: ``Yes``, ``Y``, ``True``, ``1``, ``x`` or ``No``, ``N``...

    A blank cell is no.

    Raises:
        InvalidValueError: The text is neither yes nor no.

    >>> parse_flag("Y", "data_only")
    True

    .. versionadded:: 0.3.0
    """
    key = " ".join(text.split()).casefold()
    if key in _YES:
        return True
    if not key or key in _NO:
        return False
    raise InvalidValueError(field, text, "Yes or No")


def flag(value: bool) -> str:
    """The word a spreadsheet shows for a yes/no field.

    .. versionadded:: 0.3.0
    """
    return "Yes" if value else "No"
