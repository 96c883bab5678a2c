"""Cells: what one spreadsheet cell says, read and written.

Three kinds of cell, each read and written by a pair of functions that
undo each other: words and units, values (figures), and targets.

Words and units
---------------

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

Values
------

A value cell holds nothing, a missing-figure phrase, or one or more parts.
A part is a figure with optional annotations in any order::

    94.8        81.7%        1,288        -5        £2,500
    145 (Cumulative)                      a year-to-date figure alone
    44.27 (Cumulative: 43.64)             the period's figure and the year's
    Q1 43.01 Overall YTD - 43.01          the same, as some reports print it
    44.4% (8/18)                          a proportion with its parts
    79% (vehicles) (Cumulative: 64%)      a figure for one part of a measure
    Not Available   Not yet available   Not published   N/A

Several parts are lettered: ``a) 73% (Vehicles) b) 77% (Drivers)``, and a
figure for the whole measure may come before the first letter.  A part's
label (``Vehicles``) names the part of a multi-part measure it belongs to.

Every figure is read as an exact :class:`~decimal.Decimal`; thousands
separators must sit every three digits.

Text written to a spreadsheet is neutralised against formula injection by
:func:`neutralise`, and read back through :func:`restore`.  The rule is
conservative, so that no spreadsheet program, whatever its import options,
runs a cell perfmeasures wrote:

- Text starting with ``=``, ``+``, ``-``, ``@``, a tab, a carriage return
  or a line feed is neutralised (the characters Excel and LibreOffice
  treat as the start of a formula).
- So is text whose first *visible* character is one of ``=``, ``+``,
  ``-`` or ``@``, after any leading blank space (spaces, non-breaking
  spaces, ideographic spaces), control characters and invisible format
  characters (zero-width space, byte-order mark, bidirectional marks):
  Excel keeps ``  =1`` as text, but LibreOffice's "trim spaces" import
  option and many scripts strip the blank first.
- So is text whose first visible character is a look-alike that Unicode
  compatibility normalisation (NFKC) turns into one of them: the fullwidth
  equals sign (U+FF1D), plus sign, hyphen-minus and commercial at
  (U+FF0B, U+FF0D, U+FF20), their small forms (U+FE66, U+FE62, U+FE63,
  U+FE6B) and the like.  Excel does not run a fullwidth ``=``, but a
  program that normalises text before reading it may.
- An OOXML escape at the start (``_x003D_``, which Excel shows as ``=``)
  counts as the character it names.
- Text that already starts with an apostrophe gains another, so that
  :func:`restore` (drop one leading apostrophe) gives back exactly the
  text written.

Neutralising puts one apostrophe in front and changes nothing else, so a
neutralised cell never starts with a formula character, and text such as
``Rate = 1``, or ``5`` after a minus sign (U+2212, which no spreadsheet
reads as a formula),
is written as it is.

Targets
-------

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

An annual target or a change is compared with the year to date, unless
its cell ends ``(each period)`` (also ``(per period)``, ``(non-cumulative)``):
then each quarter or month is compared alone with its share, or with the
change on the same period of the baseline year::

    400 (annual target) (each period)         100 a quarter, each alone
    10% reduction on 2018/19 (each period)

A cell reading ``Data only`` (in any case; also ``Data-only``, ``N/A (data
only)``, ``N/A - data only``, ``No target (data only)``) is no target: the
measure is monitored as data only (:func:`is_data_only`).

A bracketed remark after a figure (``85% (Vehicles and drivers)``) says
what the target covers and is skipped.  Inequalities are read by
:func:`~perfmeasures._bounds.split_bound`, as in the model, and written
with their sign (``≤ 10%``).
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from typing import TypeVar, cast

import attrs

from ..._arithmetic import in_context
from ..._bounds import Bound, split_bound
from ..._errors import InvalidValueError
from ..._measures import Aggregation, Comparison, Frequency, Polarity, Unit, UnitKind
from ..._periods import Year, parse_period
from ..._ratings import Direction, Status
from ..._targets import (
    AnnualTarget,
    Basis,
    BoundTarget,
    ChangeKind,
    FixedTarget,
    RangeTarget,
    RelativeTarget,
    Target,
)
from ..._values import MissingReason, Value

__all__ = [
    "DATA_ONLY",
    "DIRECTION_ARROWS",
    "EXPECTED_TARGET",
    "EXPECTED_UNIT",
    "FIGURE_TEXT",
    "LABEL",
    "LEAD_FIGURE",
    "Cell",
    "CellPart",
    "flag",
    "format_cell",
    "format_target",
    "format_unit",
    "invalid",
    "is_data_only",
    "neutralise",
    "parse_cell",
    "parse_direction",
    "parse_flag",
    "parse_target",
    "parse_unit",
    "parse_word",
    "read_figure",
    "restore",
    "starts_formula",
    "word",
    "write_figure",
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


#: Characters that make spreadsheet programs read text as a formula.
DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "\n")

EXPECTED_CELL = (
    "a figure such as 94.8, 81.7%, 1,288, 145 (Cumulative) or "
    "79% (vehicles) (Cumulative: 64%), or Not Available"
)

_I = re.IGNORECASE
# ASCII digits only, and thousands separators only every three digits, as
# perfmeasures.to_decimal reads them.
_NUMBER = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?|\.[0-9]+"
_FIGURE = re.compile(
    rf"(?P<sign>[-+\u2212])?\s*(?P<money>£)?\s*(?P<number>{_NUMBER})\s*(?P<percent>%)?"
)
FIGURE_TEXT = r"[-+\u2212]?\s*£?\s*[\d.,]+\s*%?"
_END = r"(?=\s|\(|$)"
_LEAD_QUARTER = re.compile(r"q[1-4]\s+(?=[-+\u2212£\d.])", _I)
LEAD_FIGURE = re.compile(rf"(?P<figure>{FIGURE_TEXT}){_END}\s*", _I)
_MISSING = re.compile(
    r"(?P<words>not\s+yet\s+available|not\s+available|not\s+published|n/a)"
    rf"{_END}\s*",
    _I,
)
_YTD = r"(?:cumulative|ytd|year\s+to\s+date)"
_SEPARATOR = r"\s*(?:[:=]|-(?=\s))?\s*"
_CUMULATIVE_FLAG = re.compile(rf"\(\s*{_YTD}(?:\s+(?:target|figure))?\s*\)\s*", _I)
_CUMULATIVE_FIGURE = re.compile(
    rf"\(\s*{_YTD}{_SEPARATOR}(?P<figure>{FIGURE_TEXT})\s*\)\s*", _I
)
_BARE_YTD = re.compile(
    rf"(?:overall\s+)?{_YTD}{_SEPARATOR}(?P<figure>{FIGURE_TEXT}){_END}\s*", _I
)
_RATIO = re.compile(
    rf"\(\s*(?P<num>{FIGURE_TEXT})\s*(?:/|of|out\s+of)\s*(?P<den>{FIGURE_TEXT})\s*\)\s*",
    _I,
)
LABEL = re.compile(r"\(\s*(?P<label>[^()]*?)\s*\)\s*")
_MARKER = re.compile(r"(?:^|(?<=[\s;,]))(?P<letter>[a-z])\)\s+", _I)

_MISSING_WORDS = {
    "not yet available": MissingReason.NOT_YET_AVAILABLE,
    "not available": MissingReason.NOT_AVAILABLE,
    "not published": MissingReason.NOT_PUBLISHED,
    "n/a": MissingReason.NOT_AVAILABLE,
}
_MISSING_TEXT = {
    MissingReason.NOT_AVAILABLE: "Not available",
    MissingReason.NOT_YET_AVAILABLE: "Not yet available",
    MissingReason.NOT_PUBLISHED: "Not published",
}


#: What a formula starts with, once blank space and look-alikes are set aside.
_FORMULA_STARTS = ("=", "+", "-", "@")
#: Characters skipped before the first visible one: controls, invisible
#: format characters (zero-width space, byte-order mark, bidi marks) and
#: separators; blank space (``str.isspace``) is skipped too.
_INVISIBLE = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})
#: An OOXML escape, which Excel shows as the character it names.
_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def starts_formula(text: str) -> bool:
    """Whether a spreadsheet program might run *text* as a formula.

    True when *text* starts with one of :data:`DANGEROUS`, or when its first
    visible character, after blank space, control and format characters,
    is (or normalises under NFKC to) ``=``, ``+``, ``-`` or ``@``; an OOXML
    escape such as ``_x003D_`` counts as the character it names.

    >>> starts_formula("\u00a0 =1+1"), starts_formula("\uff1d1"), starts_formula("a=1")
    (True, True, False)

    .. versionadded:: 0.3.0
    """
    if text.startswith(DANGEROUS):
        return True
    position = 0
    while position < len(text):
        if escape := _OOXML_ESCAPE.match(text, position):
            char = chr(int(escape[1], 16))
            position = escape.end()
        else:
            char = text[position]
            position += 1
        if char.isspace() or unicodedata.category(char) in _INVISIBLE:
            continue
        return unicodedata.normalize("NFKC", char).startswith(_FORMULA_STARTS)
    return False


def neutralise(text: str) -> str:
    """Make *text* safe to write to a spreadsheet cell.

    Text that a spreadsheet program might run as a formula
    (:func:`starts_formula`: it begins with ``=``, ``+``, ``-``, ``@``, a
    tab, a carriage return or a line feed, or does once blank space and
    look-alikes such as the fullwidth equals sign are set aside), and text that
    already begins with an apostrophe, is written with one apostrophe in
    front (the mark Excel itself uses for literal text), so that
    :func:`restore` gives back exactly what was written.

    >>> neutralise("=HYPERLINK(0)")
    "'=HYPERLINK(0)"
    >>> neutralise("  =1+1")
    "'  =1+1"
    >>> neutralise("Lead officer")
    'Lead officer'

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.3.0
       Also text whose first visible character starts a formula, after
       blank space, control and format characters, and look-alikes of the
       formula characters (the fullwidth equals sign, U+FF1D, and others).
    """
    return "'" + text if text.startswith("'") or starts_formula(text) else text


def restore(text: str) -> str:
    """Undo :func:`neutralise`: drop one leading apostrophe.

    The readers undo nothing else: CSV quoting is undone by the CSV
    parser, and a workbook's carriage returns are stored as such.

    .. versionadded:: 0.1.0
    """
    return text.removeprefix("'")


@attrs.frozen(kw_only=True)
class CellPart:
    """One figure of a cell, with the label of the part it belongs to.

    Args:
        value: The figure, as a :class:`~perfmeasures.Value`.
        label: The label (``Vehicles``), or None for the measure as a whole.
        percent: Whether the figure was written with a ``%`` sign.
        money: Whether it was written with a ``£`` sign.
        letter: The letter it is listed under (``a`` in ``a) 73%``), if any;
            the parts of a measure keep their letters from cell to cell.

    .. versionadded:: 0.1.0
    """

    value: Value
    label: str | None = None
    percent: bool = False
    money: bool = False
    letter: str | None = None


@attrs.frozen
class Cell:
    """What a value cell holds: no parts when blank, else one or more.

    .. versionadded:: 0.1.0
    """

    parts: tuple[CellPart, ...] = ()

    @property
    def percent(self) -> bool:
        """Whether any figure was written as a percentage."""
        return any(p.percent for p in self.parts)

    @property
    def money(self) -> bool:
        """Whether any figure was written as money."""
        return any(p.money for p in self.parts)


def invalid(text: str, expected: str = EXPECTED_CELL) -> InvalidValueError:
    return InvalidValueError("cell", text, expected)


def read_figure(text: str, cell: str) -> tuple[Decimal, bool, bool]:
    match = _FIGURE.fullmatch(text.strip())
    if match is None:
        raise invalid(cell)
    number = Decimal(match["number"].replace(",", ""))
    if match["sign"] in {"-", "\u2212"}:
        # Exact, unlike unary minus, which rounds to the caller's context.
        number = number.copy_negate()
    return number, match["percent"] is not None, match["money"] is not None


def _part(text: str, cell: str, letter: str | None) -> CellPart:
    """Read one part of *cell* (the whole cell, or one lettered part)."""
    pos = 0
    if match := _LEAD_QUARTER.match(text):
        pos = match.end()
    lead: Decimal | None = None
    missing: MissingReason | None = None
    flags: list[tuple[bool, bool]] = []
    if match := LEAD_FIGURE.match(text, pos):
        lead, percent, money = read_figure(match["figure"], cell)
        flags.append((percent, money))
        pos = match.end()
    elif match := _MISSING.match(text, pos):
        missing = _MISSING_WORDS[" ".join(match["words"].lower().split())]
        pos = match.end()
    cumulative = False
    ytd: Decimal | None = None
    ratio: tuple[Decimal, Decimal] | None = None
    label: str | None = None
    while pos < len(text):
        if match := _CUMULATIVE_FLAG.match(text, pos):
            if cumulative:
                raise invalid(cell)
            cumulative = True
        elif match := _CUMULATIVE_FIGURE.match(text, pos) or _BARE_YTD.match(text, pos):
            if ytd is not None:
                raise invalid(cell)
            ytd, percent, money = read_figure(match["figure"], cell)
            flags.append((percent, money))
        elif (match := _RATIO.match(text, pos)) and ratio is None:
            ratio = (
                read_figure(match["num"], cell)[0],
                read_figure(match["den"], cell)[0],
            )
        elif (match := LABEL.match(text, pos)) and label is None and match["label"]:
            label = match["label"]
        else:
            raise invalid(cell)
        pos = match.end()
    if cumulative:
        if lead is None or ytd is not None:
            raise invalid(cell)
        lead, ytd = None, lead
    if missing is None and lead is None and ytd is None:
        raise invalid(cell)
    try:
        value = Value(
            amount=lead,
            year_to_date=ytd,
            numerator=ratio[0] if ratio else None,
            denominator=ratio[1] if ratio else None,
            missing=missing,
        )
    except InvalidValueError as error:
        raise invalid(cell, f"{EXPECTED_CELL} ({error})") from None
    return CellPart(
        value=value,
        label=label if label is not None else letter,
        letter=letter,
        percent=any(p for p, _ in flags),
        money=any(m for _, m in flags),
    )


@in_context
def parse_cell(text: str) -> Cell:
    """Read a value cell as council reports write it.

    Args:
        text: The cell's text.

    Returns:
        The cell's parts; none for a blank cell.

    Raises:
        InvalidValueError: The text is not a figure this grammar reads.

    >>> parse_cell("145 (Cumulative)").parts[0].value.year_to_date
    Decimal('145')
    >>> [(p.label, p.value.amount) for p in parse_cell(
    ...     "a) 73% (Vehicles) b) 77% (Drivers)").parts]
    [('Vehicles', Decimal('73')), ('Drivers', Decimal('77'))]

    .. versionadded:: 0.1.0
    """
    flat = " ".join(text.split())
    if not flat:
        return Cell()
    # A letter and bracket inside a label ("(part a) ...") is not a marker:
    # a marker stands where every bracket but the markers' own is closed.
    markers: list[re.Match[str]] = []
    for match in _MARKER.finditer(flat):
        opened = flat.count("(", 0, match.start())
        if opened == flat.count(")", 0, match.start()) - len(markers):
            markers.append(match)
    if not markers:
        return Cell((_part(flat, text, None),))
    parts: list[CellPart] = []
    head = flat[: markers[0].start()].strip().rstrip(";,").strip()
    if head:
        parts.append(_part(head, text, None))
    for index, marker in enumerate(markers):
        stop = markers[index + 1].start() if index + 1 < len(markers) else len(flat)
        body = flat[marker.end() : stop].strip().rstrip(";,").strip()
        part = _part(body, text, marker["letter"])
        if part.label is None:  # pragma: no cover - lettered parts carry a label.
            raise invalid(text)
        parts.append(part)
    labels = [p.label.casefold() for p in parts if p.label is not None]
    if len(set(labels)) != len(labels):
        raise invalid(text, f"{EXPECTED_CELL}, each part labelled once")
    return Cell(tuple(parts))


def write_figure(amount: Decimal, *, percent: bool, money: bool) -> str:
    if money:
        return f"{'-' if amount.is_signed() else ''}£{amount.copy_abs():f}"
    return f"{amount:f}{'%' if percent else ''}"


def _format_part(part: CellPart) -> str:
    value = part.value
    opts = {"percent": part.percent, "money": part.money}
    label = f" ({part.label})" if part.label is not None else ""
    if value.missing is not None:
        return _MISSING_TEXT[value.missing] + label
    if value.amount is None:
        cumulative = write_figure(value.year_to_date or Decimal(0), **opts)
        text = f"{cumulative}{label} (Cumulative)"
    else:
        text = write_figure(value.amount, **opts) + label
        if value.year_to_date is not None:
            text += f" (Cumulative: {write_figure(value.year_to_date, **opts)})"
    if value.numerator is not None and value.denominator is not None:
        text += f" ({value.numerator:f}/{value.denominator:f})"
    return text


@in_context
def format_cell(parts: Sequence[CellPart]) -> str:
    """Write *parts* as one cell that :func:`parse_cell` reads back to them.

    A figure for the whole measure comes first; labelled parts follow,
    each under its own letter or, failing one, its place (``a)``, ``b)``).

    Raises:
        InvalidValueError: A label cannot be written so that it reads back
            (it holds brackets, say, or reads as a figure).

    >>> format_cell([CellPart(value=Value(amount=79, year_to_date=64),
    ...     label="vehicles", percent=True)])
    'a) 79% (vehicles) (Cumulative: 64%)'

    .. versionadded:: 0.1.0
    """
    whole = [p for p in parts if p.label is None]
    labelled = [p for p in parts if p.label is not None]
    if len(whole) > 1 or len(labelled) > 26:
        raise InvalidValueError(
            "parts", len(parts), "at most one unlabelled part and 26 labelled ones"
        )
    pieces = [_format_part(p) for p in whole]
    pieces += [
        f"{p.letter or chr(ord('a') + n)}) {_format_part(p)}"
        for n, p in enumerate(labelled)
    ]
    text = " ".join(pieces)
    try:
        back = parse_cell(text).parts if text else ()
    except InvalidValueError:
        back = ()
    if [(p.value, p.label) for p in back] != [
        (p.value, p.label) for p in whole + labelled
    ]:
        labels = [p.label for p in labelled]
        raise InvalidValueError(
            "label", labels, "labels without brackets that do not read as figures"
        )
    return text


#: What a target cell says for a measure monitored without a target.
DATA_ONLY = "Data only"

EXPECTED_TARGET = (
    "a target such as 90, 85%, 280 (annual target), 90 (floor: 80), "
    "97 (profile to date: 29, 56, 83, 97), 280 (annual target) (each period), "
    "5 to 10, < 5, \u2264 10%, at least 95 or 10% reduction on 2018/19"
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
# The other basis of an annual or relative target: each period compared
# alone, not the year to date.
_EACH_PERIOD = (
    r"\(\s*(?:(?:each|per)\s+period(?:\s+alone)?|non[\s-]?cumulative"
    r"|not\s+cumulative)\s*\)\s*"
)
_EACH = re.compile(_EACH_PERIOD, re.IGNORECASE)
_EACH_AT_END = re.compile(rf"\s*{_EACH_PERIOD}$", re.IGNORECASE)
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
    # A change's basis ends its cell: the rest is the change.
    unmarked, each = _EACH_AT_END.subn("", flat)
    try:
        bound: Bound | None = None
        if split := split_bound(flat):
            bound, flat = split
        elif match := _RELATIVE.fullmatch(unmarked):
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
                basis=Basis.PERIOD if each else Basis.YEAR_TO_DATE,
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
    annual = each = False
    floor: Decimal | None = None
    profile: tuple[Decimal, ...] | None = None
    to_date = False
    pos = match.end()
    while pos < len(flat):
        if found := _ANNUAL.match(flat, pos):
            if annual:
                raise invalid(text, EXPECTED_TARGET)
            annual = True
        elif found := _EACH.match(flat, pos):
            if each:
                raise invalid(text, EXPECTED_TARGET)
            each = True
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
        if annual or each or profile is not None:
            raise invalid(text, EXPECTED_TARGET)
        return BoundTarget(value, bound, floor=floor), percent
    basis = Basis.PERIOD if each else Basis.YEAR_TO_DATE
    if profile is not None and to_date:
        return AnnualTarget.from_year_to_date(
            value, profile, basis=basis, floor=floor
        ), percent
    if annual or profile is not None:
        return AnnualTarget(
            value=value, profile=profile, basis=basis, floor=floor
        ), percent
    if each:
        # Only a share of a year has a basis: a fixed target is the period's.
        raise invalid(text, EXPECTED_TARGET)
    return FixedTarget(value, floor=floor), percent


def format_target(target: Target, *, percent: bool = False) -> str:
    """Write *target* as :func:`parse_target` reads it.

    A profile is written per quarter, however it was entered; an annual or
    relative target compared period by period ends ``(each period)``.

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
        text = f"{target.change.copy_abs():f}{unit} {way} on {target.baseline.label}"
        return text + (" (each period)" if target.basis is Basis.PERIOD else "")
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
    if isinstance(target, AnnualTarget) and target.basis is Basis.PERIOD:
        text += " (each period)"
    return text
