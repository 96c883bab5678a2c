"""Word and unit cells: enums, yes/no flags and units as spreadsheets write them.

Polarity, frequency, aggregation, comparator, status and direction cells
are read by :func:`parse_word`; data-only and under-development cells by
:func:`parse_flag`.  A direction of travel cell may hold an arrow instead
of a word (:func:`parse_direction`).

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
from typing import TypeVar, cast

from ..._errors import InvalidValueError
from ..._measures import Aggregation, Comparison, Frequency, Polarity, Unit, UnitKind
from ..._ratings import Direction, Status

__all__ = [
    "DIRECTION_ARROWS",
    "EXPECTED_UNIT",
    "flag",
    "format_unit",
    "parse_direction",
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
#: The arrows and signs a direction of travel cell may hold, and what each
#: means.  Filled arrows follow the key perfmeasures' reports print (``▲``
#: improving, ``▼`` worsening, ``►`` no change; the outlined ``△`` and
#: ``▽`` higher and lower, for a measure with no better direction; a dash,
#: hyphen or en dash, not applicable): an arrow up means better, whichever
#: way the figure went.
DIRECTION_ARROWS: dict[str, Direction] = {
    **dict.fromkeys("\u25b2\u25b4\u2191\u2b06\u2197\u21e7\u21d1", Direction.IMPROVING),
    **dict.fromkeys("\u25bc\u25be\u2193\u2b07\u2198\u21e9\u21d3", Direction.WORSENING),
    **dict.fromkeys(
        "\u25ba\u25b6\u25b8\u2192\u27a1\u2194\u2b0c\u21d4=", Direction.NO_CHANGE
    ),
    **dict.fromkeys("\u25b3\u25b5", Direction.HIGHER),
    **dict.fromkeys("\u25bd\u25bf", Direction.LOWER),
    **dict.fromkeys("-\u2013\u2014", Direction.NOT_APPLICABLE),
}
# An arrow on a measure with no better direction says which way it went.
_NEUTRAL_ARROWS = {
    Direction.IMPROVING: Direction.HIGHER,
    Direction.WORSENING: Direction.LOWER,
}
_ARROWS_SHOWN = "\u25b2 \u25bc \u25ba \u2191 \u2193 \u2192"
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
    initial: ``B``, ``G``, ``Y``, ``A`` or ``R``).  A direction of travel
    may also be an arrow (:func:`parse_direction`).

    Raises:
        InvalidValueError: No member of *kind* is written so.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.3.0
       Arrows for a direction of travel.
    """
    if kind is Direction:
        return cast("_E", parse_direction(text, field))
    key = " ".join(text.replace("_", " ").split()).casefold()
    for member in kind:
        if key in {member.value.replace("_", " "), word(member).casefold()}:
            return member
    alias = _ALIASES.get(kind, {}).get(key)
    if isinstance(alias, kind):
        return alias
    choices = ", ".join(word(m) for m in kind)
    raise InvalidValueError(field, text, f"one of {choices}")


def _arrows(text: str) -> Direction | None:
    """What *text* means if it is arrows of one meaning (``▲``, ``↑↑``); else None."""
    meant = {DIRECTION_ARROWS.get(char) for char in text if not char.isspace()}
    if len(meant) != 1 or None in meant:
        return None
    return meant.pop()


def parse_direction(
    text: str, field: str = "direction", polarity: Polarity | None = None
) -> Direction:
    """Read a direction of travel cell: a word (``Improving``), an arrow, or both.

    Words are read as :func:`parse_word` reads them (``Improving``,
    ``Worsening``, ``No change`` or ``Same``, ``Higher``, ``Lower``, ``Not
    applicable`` or ``N/A``).  An arrow follows the key perfmeasures'
    reports print (:data:`DIRECTION_ARROWS`): up means improving, down
    worsening, sideways or ``=`` no change, and a dash not applicable::

        improving    ▲ ↑ ⬆ ↗
        worsening    ▼ ↓ ⬇ ↘
        no change    ► ▶ → ➡ ↔ =
        higher       △
        lower        ▽

    On a measure with no better direction (*polarity* neutral), where
    nothing can improve, an up arrow means higher and a down arrow lower.
    An arrow beside a word (``▲ Improving``, ``↑ Higher``) is read by the
    word: a council whose key draws ``↑`` for "higher" writes the word too,
    or the word alone.

    Args:
        text: The cell's text.
        field: The field named by an error.
        polarity: The measure's polarity, where known.

    Raises:
        InvalidValueError: The text is neither a direction word nor arrows
            of one meaning.

    >>> parse_direction("↑"), parse_direction("▼ Worsening")
    (<Direction.IMPROVING: 'improving'>, <Direction.WORSENING: 'worsening'>)
    >>> parse_direction("▲", polarity=Polarity.NEUTRAL)
    <Direction.HIGHER: 'higher'>

    .. versionadded:: 0.3.0
    """
    found = _arrows(text)
    if found is not None:
        if polarity is Polarity.NEUTRAL:
            return _NEUTRAL_ARROWS.get(found, found)
        return found
    # Arrows before or after a word are set aside: the word decides.
    words = text.strip().strip("".join(DIRECTION_ARROWS)).strip() or text
    key = " ".join(words.replace("_", " ").split()).casefold()
    for member in Direction:
        if key in {member.value.replace("_", " "), word(member).casefold()}:
            return member
    alias = _ALIASES[Direction].get(key)
    if isinstance(alias, Direction):
        return alias
    choices = ", ".join(word(m) for m in Direction)
    raise InvalidValueError(
        field, text, f"one of {choices}, or an arrow ({_ARROWS_SHOWN})"
    )


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
