"""Word and unit cells: enums, yes/no flags and units as spreadsheets write them.

Polarity, frequency, aggregation, comparator, status and direction cells
are read by :func:`parse_word`; data-only and under-development cells by
:func:`parse_flag`.

A unit cell (a measure's :class:`~perfmeasures.Unit`, as a table's Unit
column has it) is a kind phrase, then optionally a colon and the label
printed after figures::

    count                      number
    percentage                 percent      %
    money                      money (€)    (the symbol in brackets; £ by default)
    days
    score
    rate per 10,000            rate per 10K      per 100,000
    rate per 10,000: per 10K population under 18

Case and spacing do not matter.  :func:`format_unit` writes the first
spelling of each kind, and :func:`parse_unit` reads back exactly the unit
written; a unit whose symbol or label no cell can carry is refused.
"""

from __future__ import annotations

import enum
import re
from typing import TypeVar

from ..._errors import InvalidValueError
from ..._measures import Aggregation, Comparison, Frequency, Polarity, Unit, UnitKind
from ..._ratings import Direction, Status

__all__ = [
    "EXPECTED_UNIT",
    "flag",
    "format_unit",
    "parse_flag",
    "parse_unit",
    "parse_word",
    "word",
]


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


EXPECTED_UNIT = (
    "a unit such as count, percentage, money, money (€), days, score or "
    "rate per 10,000, optionally followed by a colon and a label "
    "(rate per 10,000: per 10K population under 18)"
)

_KINDS = {
    "count": UnitKind.COUNT,
    "number": UnitKind.COUNT,
    "percentage": UnitKind.PERCENTAGE,
    "percent": UnitKind.PERCENTAGE,
    "%": UnitKind.PERCENTAGE,
    "days": UnitKind.DAYS,
    "day": UnitKind.DAYS,
    "score": UnitKind.SCORE,
}
_UNIT_WORDS = {
    UnitKind.COUNT: "count",
    UnitKind.PERCENTAGE: "percentage",
    UnitKind.DAYS: "days",
    UnitKind.SCORE: "score",
}
_MONEY = re.compile(r"money(?:\s*\(\s*(?P<symbol>[^():\s]+)\s*\))?", re.IGNORECASE)
_RATE = re.compile(
    r"(?:rate\s+)?per\s+(?P<number>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)\s*(?P<k>k)?",
    re.IGNORECASE,
)
_DEFAULT_SYMBOL = "£"


def _invalid(text: str, expected: str = EXPECTED_UNIT) -> InvalidValueError:
    return InvalidValueError("unit", text, expected)


def parse_unit(text: str) -> Unit:
    """Read a unit cell (``percentage``, ``rate per 10,000: per 10K children``).

    Raises:
        InvalidValueError: The text is not a unit this grammar reads.

    >>> parse_unit("rate per 10K").per
    10000
    >>> parse_unit("Money (€)").symbol
    '€'

    .. versionadded:: 0.3.0
    """
    kind_text, colon, label_text = text.partition(":")
    kind_words = " ".join(kind_text.split())
    label = label_text.strip() if colon else None
    if colon and not label:
        raise _invalid(text)
    kind = _KINDS.get(kind_words.casefold())
    if kind is not None:
        return Unit(kind=kind, label=label)
    if money := _MONEY.fullmatch(kind_words):
        symbol = money["symbol"] or _DEFAULT_SYMBOL
        return Unit(kind=UnitKind.MONEY, symbol=symbol, label=label)
    if rate := _RATE.fullmatch(kind_words):
        per = int(rate["number"].replace(",", "")) * (1000 if rate["k"] else 1)
        if per <= 0:
            raise _invalid(text, "a rate per a positive number")
        return Unit(kind=UnitKind.RATE, per=per, label=label)
    raise _invalid(text)


def format_unit(unit: Unit) -> str:
    """Write *unit* as :func:`parse_unit` reads it back.

    Raises:
        InvalidValueError: A unit cell cannot carry the unit: a symbol on a
            unit that is not money, a symbol with brackets, a colon or
            spaces, or a label that is blank or begins or ends with spaces.

    >>> format_unit(Unit(kind=UnitKind.RATE, per=10000, label="per 10K"))
    'rate per 10,000: per 10K'

    .. versionadded:: 0.3.0
    """
    if unit.kind is UnitKind.MONEY:
        symbol = unit.symbol
        if not symbol or re.search(r"[():\s]", symbol):
            raise InvalidValueError(
                "unit.symbol",
                symbol,
                "a currency symbol without brackets, colons or spaces",
            )
        text = "money" if symbol == _DEFAULT_SYMBOL else f"money ({symbol})"
    elif unit.symbol != _DEFAULT_SYMBOL:
        raise InvalidValueError(
            "unit.symbol",
            unit.symbol,
            f"the default {_DEFAULT_SYMBOL} for a unit that is not money "
            "(a Unit cell writes a symbol for money only)",
        )
    elif unit.kind is UnitKind.RATE:
        text = f"rate per {unit.per:,}"
    else:
        text = _UNIT_WORDS[unit.kind]
    if unit.label is not None:
        if not unit.label.strip() or unit.label != unit.label.strip():
            raise InvalidValueError(
                "unit.label",
                unit.label,
                "a label that is not blank and neither begins nor ends with spaces",
            )
        text += f": {unit.label}"
    return text
