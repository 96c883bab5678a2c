"""Unit cells: a measure's :class:`~perfmeasures.Unit` as a table's Unit column has it.

A unit cell is a kind phrase, then optionally a colon and the label printed
after figures::

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

import re

from .._errors import InvalidValueError
from .._measures import Unit, UnitKind

__all__ = ["EXPECTED_UNIT", "format_unit", "parse_unit"]

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
_WORDS = {
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
        text = _WORDS[unit.kind]
    if unit.label is not None:
        if not unit.label.strip() or unit.label != unit.label.strip():
            raise InvalidValueError(
                "unit.label",
                unit.label,
                "a label that is not blank and neither begins nor ends with spaces",
            )
        text += f": {unit.label}"
    return text
