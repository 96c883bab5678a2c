"""Raw spreadsheet grids written to CSV and .xlsx, safe to open, whole or not at all.

This is the one place that makes a text cell safe to write:

- Every text cell goes through
  :func:`~perfmeasures.io._sheets._cells.neutralise`, so that no cell a
  spreadsheet program would run as a formula is written.
- In CSV (:func:`csv_field`), a text cell is then quoted (``"..."``, with
  inner quotes doubled) whenever it holds a character that a CSV reader or
  spreadsheet program treats specially: a quote, a comma, a semicolon (the
  separator Excel uses where the comma is the decimal mark), a carriage
  return, a line feed or any other control character, a line or paragraph
  separator (U+2028, U+2029), an invisible format character (a byte-order
  mark, a zero-width space), or blank space at either end (which some
  readers trim).  So a carriage return or a line feed stays inside its
  cell, and Python's csv module, pandas and spreadsheet programs read the
  cells written.  NUL, which CSV readers (perfmeasures' own among them)
  refuse, and lone surrogates, which UTF-8 cannot encode, are refused with
  the cell's row and column.
- In a workbook, text is stored exactly, carriage returns included (they
  are written as the character reference ``&#13;``, which XML readers keep,
  where a raw carriage return would come back as a line feed).  Characters
  that XML 1.0 cannot hold at all (NUL and the other control characters
  but tab, line feed and carriage return; U+FFFE and U+FFFF; lone
  surrogates) are refused with the cell's row and column before the
  workbook is begun, as is text longer than Excel keeps in a cell.  Text
  holding an OOXML escape such as ``_x000D_`` is written as it is: openpyxl
  and perfmeasures read it back unchanged, while Excel shows the character
  it names (which is why a leading escape counts for neutralising).

Numbers stay numbers: Decimals are plain decimal text in CSV and numeric
cells in .xlsx, each shown with exactly the places it has.
CSV is UTF-8 without a byte-order mark, one row to a line.

A workbook may be laid out for the people who open it (a
:class:`SheetLayout`): its heading row bold, repeated on every printed
page, frozen so that it stays in view, and filtered (a drop-down on each
heading over the rows below); each column as wide as its longest cell
from the heading down (capped); and text cells in chosen columns filled
by what they say (a status ``red`` on a light red fill).  Styling never
changes what a cell holds: a filled cell keeps its words, neutralised as
any other.

A writer given a path builds the whole file in memory and writes it
through :func:`~perfmeasures._atomic.replace_atomically`: a failed write
leaves the previous file as it was, and raises
:class:`~perfmeasures.WriteError` naming the path.  A writer given an open
file writes to it.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import stat
import unicodedata
import zipfile
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, TypeAlias, cast

import attrs

from ..._atomic import WriteError, replace_atomically
from ..._errors import InvalidValueError
from ._cells import neutralise
from ._read import openpyxl_module

__all__ = [
    "CellStyle",
    "SheetLayout",
    "Target",
    "Where",
    "XlsxCell",
    "csv_field",
    "target_name",
    "write_csv_rows",
    "write_data",
    "write_xlsx_rows",
    "xlsx_bytes",
]

Target: TypeAlias = str | os.PathLike[str] | IO[bytes] | IO[str]
"""A path, or a file opened for writing (text or binary)."""

XlsxCell: TypeAlias = str | Decimal | int | bool | None
"""What a workbook cell may be given."""

Where: TypeAlias = Callable[[int, int], str]
"""Where the cell at a 0-based row and column came from, in the user's terms.

A writer names a cell it cannot write by this: an export names the input
it wrote the cell from (``measure 1.A2, note for Q1 2019/20``) rather
than the output's row and column.
"""


def _cell_at(row: int, column: int) -> str:
    """The output cell at a 0-based *row* and *column*: ``row 7, column 2``."""
    return f"row {row + 1}, column {column + 1}"


# The most characters Excel keeps in one cell.
_MAX_TEXT = 32_767
# The most significant digits an Excel number keeps.
_EXCEL_DIGITS = 15
# Characters that make a CSV cell quoted wherever they stand.
_CSV_SPECIAL = frozenset('",;')
_CSV_SPECIAL_KINDS = frozenset({"Cc", "Cf", "Zl", "Zp"})
# What XML 1.0 cannot hold, even as a character reference.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_NOT_XML_EXPECTED = (
    f"text of at most {_MAX_TEXT:,} characters without NUL, control characters "
    "other than tab, line feed and carriage return, U+FFFE, U+FFFF or lone "
    "surrogates (a workbook cannot store them)"
)


# A column is never narrower than this, in characters of Excel's default font.
_NARROWEST = 4
# Room for the drop-down button a filtered heading shows.
_FILTER_BUTTON = 3


@attrs.frozen
class CellStyle:
    """How a text cell is shown: a solid fill behind text of a colour, as RGB hex.

    Args:
        fill: The fill colour (``FFC7CE``).
        font: The text colour (``9C0006``): dark on a light fill, so that
            the words read at a contrast of at least 4.5 to 1.

    .. versionadded:: 0.3.0
    """

    fill: str
    font: str


@attrs.frozen(kw_only=True)
class SheetLayout:
    """How a workbook's sheet is laid out for people to read, filter and print.

    Args:
        heading_row: The 0-based row of the column headings; rows above it
            (a wide table's front matter) are neither sized nor filtered.
        freeze: Whether the rows down to the heading stay in view as the
            sheet scrolls.
        filter: Whether each heading has a filter over the rows below it.
        max_width: The widest a column is made, in characters.
        styles: By 0-based column, the style of a text cell below the
            heading by what it says exactly (``{8: {"red": CellStyle(...)}}``).

    .. versionadded:: 0.3.0
    """

    heading_row: int = 0
    freeze: bool = True
    filter: bool = True
    max_width: int = 60
    styles: Mapping[int, Mapping[str, CellStyle]] = attrs.field(factory=dict)


def target_name(target: Target) -> str:
    """A name for *target* to use in messages: its path, or the file's name."""
    if isinstance(target, str | os.PathLike):
        return os.fspath(target)
    name = getattr(target, "name", None)
    return name if isinstance(name, str) else "<stream>"


def _is_special(path: str | os.PathLike[str]) -> bool:
    """Whether *path* is a device, a pipe or a socket (not a file or folder)."""
    try:
        mode = Path(path).stat().st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def write_data(target: Target, data: str | bytes) -> None:
    """Write *data*, a whole file built in memory, to *target*.

    Text goes to a path as UTF-8 with its line ends as they are, to a text
    stream as text, and to a binary stream encoded as UTF-8; bytes (a
    workbook) go to a path or a binary stream as they are.  A path is
    written atomically (:func:`~perfmeasures._atomic.replace_atomically`),
    except a device or a named pipe (``/dev/stdout``, a FIFO), which is
    written to as it is: renaming a file over it would put a plain file
    in its place.

    Raises:
        WriteError: The path could not be written; a file that was there
            is unchanged.
    """
    if isinstance(target, str | os.PathLike):
        content = data.encode() if isinstance(data, str) else data
        if _is_special(target):
            try:
                with open(target, "wb") as device:  # noqa: PTH123 - paths may be plain strings.
                    device.write(content)
            except OSError as error:
                reason = error.strerror or str(error)
                raise WriteError(os.fspath(target), reason) from None
            return

        def write(stream: IO[bytes]) -> None:
            stream.write(content)

        replace_atomically(target, write)
    elif isinstance(data, str) and isinstance(target, io.TextIOBase):
        target.write(data)
    else:
        cast("IO[bytes]", target).write(
            data.encode() if isinstance(data, str) else data
        )


def _csv_quoted(text: str) -> bool:
    """Whether CSV text must be quoted to be read back as one cell, as it is."""
    if text[:1].isspace() or text[-1:].isspace():
        return True
    return any(
        c in _CSV_SPECIAL
        or (not c.isalnum() and unicodedata.category(c) in _CSV_SPECIAL_KINDS)
        for c in text
    )


def csv_field(text: str) -> str:
    """*text* as one CSV cell: neutralised, then quoted if it needs to be.

    >>> csv_field("=1+1"), csv_field("a,b"), csv_field('a "b" c')
    ("'=1+1", '"a,b"', '"a ""b"" c"')

    .. versionadded:: 0.3.0
    """
    safe = neutralise(text)
    return '"' + safe.replace('"', '""') + '"' if _csv_quoted(safe) else safe


def _check_csv_text(text: str, row: int, column: int, where: Where) -> None:
    """Refuse text that a CSV file cannot carry, naming the cell by *where*."""
    if "\x00" in text:
        expected = "text without NUL characters (CSV readers refuse them)"
    elif not text.isascii() and _SURROGATE.search(text):
        expected = "text without lone surrogates (UTF-8 cannot encode them)"
    else:
        return
    raise InvalidValueError(where(row, column), text, expected)


def write_csv_rows(
    target: Target,
    rows: Sequence[Sequence[str | Decimal]],
    *,
    where: Where = _cell_at,
) -> None:
    """Write rows to CSV (UTF-8, no byte-order mark, newline line ends).

    Text cells are neutralised against formula injection and quoted where
    they hold special characters (:func:`csv_field`); numbers (Decimals)
    are written as plain decimal text.  A row of one blank cell is written
    ``""``, so that it is not a blank line, which readers skip.

    Args:
        target: A path, or a file opened for writing.
        rows: The rows.
        where: Names a cell that cannot be written, by its 0-based row and
            column; by default its row and column in the output.

    Raises:
        InvalidValueError: A text cell holds NUL or a lone surrogate (the
            cell is named by *where*); nothing is written.
        WriteError: The path could not be written; the file that was there
            is unchanged.

    .. versionchanged:: 0.3.0
       Cells with carriage returns, control characters, semicolons and
       blank space at either end are quoted; more look-alike formula starts
       are neutralised; a path is written atomically; *where*.
    """
    lines: list[str] = []
    for r, row in enumerate(rows):
        fields: list[str] = []
        for c, cell in enumerate(row):
            if isinstance(cell, Decimal):
                fields.append(f"{cell:f}")
                continue
            _check_csv_text(cell, r, c, where)
            fields.append(csv_field(cell))
        lines.append('""' if fields == [""] else ",".join(fields))
    lines.append("")
    write_data(target, "\n".join(lines))


def _places_format(figure: Decimal, *, percent: bool) -> str:
    """The number format that shows exactly *figure*'s places: ``0.0%``, ``0.00``."""
    exponent = figure.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return ("0." + "0" * places if places else "0") + ("%" if percent else "")


def _is_exact_in_excel(figure: Decimal) -> bool:
    """Whether an Excel number holds *figure* without rounding it."""
    return len(figure.as_tuple().digits) <= _EXCEL_DIGITS


def _check_xlsx_text(text: str, row: int, column: int, where: Where) -> None:
    """Refuse text that a workbook cannot carry exactly, naming the cell by *where*."""
    if _NOT_XML.search(text) or len(neutralise(text)) > _MAX_TEXT:
        raise InvalidValueError(where(row, column), text, _NOT_XML_EXPECTED)


def _keep_carriage_returns(data: bytes) -> bytes:
    """*data*, a workbook, with its sheets' carriage returns as ``&#13;``.

    openpyxl writes a carriage return in cell text as it is, and XML
    readers turn a raw one into a line feed; a character reference is
    kept.  Nothing else in a sheet's XML holds a carriage return, and
    attribute values hold no cell text, so every one is cell text.
    """
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for info in source.infolist():
            content = source.read(info)
            if info.filename.startswith("xl/worksheets/"):
                content = content.replace(b"\r", b"&#13;")
            archive.writestr(info, content)
    return out.getvalue()


def _abandon(sheet: Any) -> None:  # noqa: ANN401 - openpyxl's write-only sheet.
    """Close a write-only *sheet* that will not be saved, quietly.

    openpyxl streams a write-only sheet to a temporary file through
    generators; left open, they fail when collected and print "Exception
    ignored" with a traceback.  Each is closed here, and the file removed.
    """
    with contextlib.suppress(Exception):
        sheet.close()
    rows = getattr(sheet, "_rows", None)
    if rows is not None:
        with contextlib.suppress(Exception):
            rows.close()
    writer = getattr(sheet, "_writer", None)
    if writer is not None:
        with contextlib.suppress(Exception):
            writer.xf.close()
        with contextlib.suppress(Exception):
            writer.cleanup()


def _shown_width(value: XlsxCell, *, percent: bool, most: int) -> int:
    """About how many characters wide *value* shows in a cell (at most *most*).

    A text's widest line counts, East Asian wide characters as two; a
    number, its digits as written (Excel's General format shows about 11
    of a long one).
    """
    if value is None:
        return 0
    if isinstance(value, bool):
        return len("FALSE")
    if isinstance(value, Decimal):
        shown = len(f"{value:f}") + (1 if percent else 0)
        return shown if _is_exact_in_excel(value) else min(shown, 12)
    if isinstance(value, int):
        return len(str(value))
    lines = value.splitlines() if "\n" in value or "\r" in value else (value,)
    widest = 0
    for line in lines:
        width = len(line)
        if not line.isascii():
            width += sum(
                unicodedata.east_asian_width(char) in "WF" for char in line[:most]
            )
        widest = max(widest, width)
    return min(widest, most)


class _Styled:
    """A write-only sheet laid out by a :class:`SheetLayout`."""

    def __init__(
        self,
        openpyxl: Any,  # noqa: ANN401 - the module, untyped here.
        sheet: Any,  # noqa: ANN401 - openpyxl's write-only sheet.
        layout: SheetLayout,
    ) -> None:
        self.openpyxl = openpyxl
        self.sheet = sheet
        self.layout = layout
        styles = openpyxl.styles
        self.bold = styles.Font(bold=True)
        self.looks = {
            (column, text): (
                styles.PatternFill("solid", fgColor="FF" + style.fill),
                styles.Font(color="FF" + style.font),
            )
            for column, by_text in layout.styles.items()
            for text, style in by_text.items()
        }

    def lay_out(
        self, rows: Sequence[Sequence[XlsxCell]], percent: frozenset[tuple[int, int]]
    ) -> None:
        """Size the columns, and freeze and filter the heading (before any row)."""
        layout = self.layout
        heading = layout.heading_row
        below = rows[heading:]
        columns = max((len(row) for row in below), default=0)
        if not columns:
            return
        letter = self.openpyxl.utils.get_column_letter
        widths = [0] * columns
        for r, row in enumerate(below, start=heading):
            for c, value in enumerate(row):
                shown = _shown_width(
                    value, percent=(r, c) in percent, most=layout.max_width
                )
                if r == heading and layout.filter:
                    shown += _FILTER_BUTTON
                widths[c] = max(widths[c], shown)
        for c, width in enumerate(widths):
            fitted = min(max(width + 2, _NARROWEST), layout.max_width)
            self.sheet.column_dimensions[letter(c + 1)].width = fitted
        self.sheet.print_title_rows = f"{heading + 1}:{heading + 1}"
        if layout.freeze:
            self.sheet.freeze_panes = f"A{heading + 2}"
        if layout.filter:
            self.sheet.auto_filter.ref = (
                f"A{heading + 1}:{letter(columns)}{max(len(rows), heading + 1)}"
            )

    def text_cell(self, r: int, c: int, value: str, text: str) -> object:
        """The cell for text *value* (written as *text*) at row *r*, column *c*."""
        heading = self.layout.heading_row
        look = self.looks.get((c, value)) if r > heading else None
        if r != heading and look is None:
            return text
        cell = self.openpyxl.cell.WriteOnlyCell(self.sheet, value=text)
        if look is None:
            cell.font = self.bold
        else:
            cell.fill, cell.font = look
        return cell


def xlsx_bytes(  # noqa: PLR0913 - the rows and, by keyword, how to write them.
    rows: Sequence[Sequence[XlsxCell]],
    *,
    name: str,
    title: str = "Sheet1",
    percent: frozenset[tuple[int, int]] = frozenset(),
    exact: bool = True,
    where: Where = _cell_at,
    layout: SheetLayout | None = None,
) -> bytes:
    """*rows* as a one-sheet .xlsx workbook, built in memory.

    As :func:`write_xlsx_rows`, which writes the bytes this returns.

    Args:
        rows: The rows.
        name: The file the workbook is for, named by a :class:`WriteError`.
        title: The sheet's name.
        percent: The (row, column) positions of percentage figures.
        exact: Whether Decimals an Excel number would round are exact text.
        where: Names a cell that cannot be stored, by its 0-based row and
            column; by default its row and column in the workbook.
        layout: How the sheet is laid out for people; none by default.

    Raises:
        InvalidValueError: A text cell cannot be stored (named by *where*).
        WriteError: The workbook could not be built (openpyxl streams a
            sheet through a temporary file, which a full disk or a file
            size limit stops).
    """
    openpyxl = openpyxl_module()
    carriage_returns = False
    # Checked before the workbook is begun, so that nothing is half written.
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, str):
                _check_xlsx_text(value, r, c, where)
                carriage_returns = carriage_returns or "\r" in value
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31] or "Sheet1")
    styled = _Styled(openpyxl, sheet, layout) if layout is not None else None
    try:
        if styled is not None:
            styled.lay_out(rows, percent)
        for r, row in enumerate(rows):
            sheet.append(
                _xlsx_row(openpyxl, sheet, r, row, percent, exact=exact, styled=styled)
            )
        buffer = io.BytesIO()
        book.save(buffer)
    except OSError as error:
        _abandon(sheet)
        raise WriteError(name, error.strerror or str(error)) from None
    except BaseException:
        _abandon(sheet)
        raise
    data = buffer.getvalue()
    return _keep_carriage_returns(data) if carriage_returns else data


def _xlsx_row(  # noqa: PLR0913 - one row's cells and how to write them.
    openpyxl: Any,  # noqa: ANN401 - the module, untyped here.
    sheet: Any,  # noqa: ANN401 - openpyxl's write-only sheet.
    r: int,
    row: Sequence[XlsxCell],
    percent: frozenset[tuple[int, int]],
    *,
    exact: bool,
    styled: _Styled | None = None,
) -> list[object]:
    """The cells of row *r* as openpyxl takes them."""
    out: list[object] = []
    for c, value in enumerate(row):
        if isinstance(value, str):
            text = neutralise(value)
            out.append(text if styled is None else styled.text_cell(r, c, value, text))
        elif isinstance(value, Decimal):
            is_percent = (r, c) in percent
            if exact and not _is_exact_in_excel(value):
                # The figure's own text: never a formula, so not neutralised.
                out.append(f"{value:f}{'%' if is_percent else ''}")
                continue
            stored = value.scaleb(-2) if is_percent else value
            cell = openpyxl.cell.WriteOnlyCell(sheet, value=stored)
            if _is_exact_in_excel(value):
                cell.number_format = _places_format(value, percent=is_percent)
            elif is_percent:
                # Places Excel cannot hold are not shown as zeros.
                cell.number_format = "0.0#############%"
            out.append(cell)
        else:
            out.append(value)
    return out


def write_xlsx_rows(  # noqa: PLR0913 - the rows and, by keyword, how to write them.
    target: Target,
    rows: Sequence[Sequence[XlsxCell]],
    *,
    title: str = "Sheet1",
    percent: frozenset[tuple[int, int]] = frozenset(),
    exact: bool = True,
    where: Where = _cell_at,
    layout: SheetLayout | None = None,
) -> None:
    """Write rows to a one-sheet .xlsx workbook.

    Text cells are neutralised against formula injection and stored
    exactly, carriage returns included; Decimals and
    integers become numeric cells, booleans boolean cells.  The cells at
    the (row, column) positions in *percent* hold a percentage figure: they
    are stored as the fraction (``0.101``) with a percentage format, which
    Excel shows as ``10.1%``.

    Every Decimal is shown with exactly its own places, and no more: its
    number format is ``0.0%`` for a percentage of ``10.1``, ``0%`` for
    ``10``, ``0.00`` for ``94.80`` and ``0`` for a whole number (so that
    Excel never shows a large one in exponent form).  The reader in
    :mod:`perfmeasures.io._sheets._read` reads a cell with the places its format
    shows, so a figure read back is the figure written, places included.

    An Excel number holds 15 significant digits.  With *exact* (the
    default), a Decimal with more is written as a text cell holding its
    exact figure (``10.1234567890123456%``), which reads back unchanged;
    without it, as a number that Excel rounds and shows in its General
    format, for exports whose figures are for reading and charting rather
    than for reading back.

    With a *layout* (:class:`SheetLayout`), the heading row is bold,
    repeated on printed pages, frozen and filtered as the layout says,
    columns are sized to their cells, and text cells are styled by what
    they say; without one, the sheet is plain.

    The workbook is built in memory; a path is written atomically.  A
    cell that cannot be stored is named by *where*, called with its 0-based
    row and column (by default, its row and column in the workbook).

    Raises:
        InvalidValueError: A text cell holds a character a workbook cannot
            store (NUL, another control character but tab, line feed and
            carriage return, U+FFFE, U+FFFF or a lone surrogate), or more
            characters than Excel allows; nothing is written.
        WriteError: The path could not be written (or the workbook built);
            the file that was there is unchanged.

    .. versionchanged:: 0.3.0
       Decimals are shown with exactly their own places, and are written
       as exact text where an Excel number would round them.  Carriage
       returns are kept; a path is written atomically; *where*; *layout*.
    """
    data = xlsx_bytes(
        rows,
        name=target_name(target),
        title=title,
        percent=percent,
        exact=exact,
        where=where,
        layout=layout,
    )
    write_data(target, data)
