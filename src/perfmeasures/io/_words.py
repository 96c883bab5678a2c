"""Word cells: polarity, frequency, status and direction as spreadsheets write them."""

from __future__ import annotations

import enum
from typing import TypeVar

from .._errors import InvalidValueError
from .._measures import Frequency, Polarity
from .._ratings import Direction, Status

__all__ = ["parse_word", "word"]

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
