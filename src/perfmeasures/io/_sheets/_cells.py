"""Value cells: figures as council reports print them, and back.

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
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal

import attrs

from ..._arithmetic import in_context
from ..._errors import InvalidValueError
from ..._values import MissingReason, Value

__all__ = [
    "FIGURE_TEXT",
    "LABEL",
    "LEAD_FIGURE",
    "Cell",
    "CellPart",
    "format_cell",
    "invalid",
    "neutralise",
    "parse_cell",
    "read_figure",
    "restore",
    "starts_formula",
    "write_figure",
]

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
