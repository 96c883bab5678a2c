"""Raw spreadsheet grids read from CSV and .xlsx, defensively.

Every spreadsheet reader in perfmeasures goes through here, so that the
limits and defences are the same everywhere:

- A path must name a regular file (or a link to one): a folder, named pipe,
  device or socket is refused before it is opened, so that ``/dev/zero``
  is never read and a pipe never waited on.
- Inputs are read whole, up to a size limit, before anything is parsed; a
  file larger than the limit is refused unread, and a stream once one byte
  past it.  CSV text may be as large as JSON (``CSV_MAX_BYTES``); a
  workbook's limit is smaller (``XLSX_MAX_BYTES``), as it also bounds what
  the archive may unpack to.
- Every other limit follows the size limit, so that ``max_bytes=`` (or
  ``--max-bytes``) is the one option that raises them all, and each is
  kept while reading, before the memory it guards is taken: the cells of a
  table (:func:`csv_max_cells`, :func:`xlsx_max_cells`; a row counts as a
  cell at least), the length of a CSV row (:func:`csv_max_row_chars`), the
  rows of a worksheet (:data:`SHEET_MAX_ROWS`), what a workbook unpacks to
  and its shared strings (:func:`xlsx_max_strings`).
- CSV must decode in the given encoding (UTF-8, with or without a byte-order
  mark, by default); NUL bytes and unterminated quotes are refused.  Its
  lines are handed to the CSV parser one at a time, not copied whole.
- Workbooks are opened by openpyxl, which parses their XML with defusedxml
  when it is installed (the ``excel`` extra installs it), with external links
  dropped and formulas never evaluated: a formula cell reads as the value
  Excel last saved for it.  Before it is opened, the uncompressed sizes the
  archive declares are checked, and then every member is unpacked in
  pieces: one that unpacks to more than it declares, or is packed in a way
  Excel never uses, is refused after a piece, and the shared strings are
  counted.  A zip bomb is refused without being unpacked.
- Every cell is read as text.  Numbers in workbooks become their decimal
  text with the places their number format shows (``94.80`` for 94.8
  formatted ``0.00``), and a cell formatted as a percentage becomes
  ``10.1%``; a number whose format does not fix its places becomes its
  exact shortest text (``94.8``).

Merged cells, and formula cells whose value Excel did not save, are read
from the sheet's XML without loading the book: openpyxl's read-only
worksheets say neither which cells are merged nor which formula has no
saved value (with ``data_only`` such a cell reads as ``None``, as a blank
cell does), and loading a workbook in full would bypass the read-only
reader's limits.  One pass over the sheet's XML (:func:`scan_sheet`),
streamed from the same archive whose size has already been checked, with
openpyxl's XML parser (defusedxml where installed), finds both; it is
made only where merged cells are wanted or the pass that unpacks the
archive saw a formula in the sheet.

A formula cell with no saved value is refused wherever it stands, with its
row and column: workbooks that Excel or LibreOffice saved carry every
formula's value, but those written by other programs (openpyxl among
them) may not, and reading such a cell as a blank would rate a measure on
a figure that was computed and then lost.  A formula whose saved value is
empty text (Excel's ``=IF(A1="","",A1)``, saved as ``t="str"`` with an
empty value) is a saved value, and reads as a blank.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import struct
import zipfile
import zlib
from decimal import ROUND_HALF_UP, Decimal
from types import ModuleType
from typing import IO, Any, TypeAlias
from xml.etree.ElementTree import ParseError

import attrs

from ..._arithmetic import DECIMAL_PLACES, EXACT
from ..._errors import LoadError, Problem
from ..._lazy import optional_module
from ..._periods import MONTH_ABBREVIATIONS
from .._json._reading import DEFAULT_MAX_BYTES, read, wide_encoding

__all__ = [
    "CSV_MAX_BYTES",
    "MAX_BYTES",
    "MIN_MAX_CELLS",
    "SHEET_MAX_ROWS",
    "XLSX_MAX_BYTES",
    "Merge",
    "SheetScan",
    "Source",
    "csv_max_cells",
    "csv_max_row_chars",
    "openpyxl_module",
    "read_csv_rows",
    "read_xlsx_grid",
    "read_xlsx_rows",
    "scan_sheet",
    "source_name",
    "too_large_file",
    "xlsx_max_cells",
    "xlsx_max_strings",
]


def openpyxl_module() -> ModuleType:
    """openpyxl, or a :class:`MissingExtraError` naming the ``excel`` extra."""
    return optional_module("openpyxl", "excel", "reading and writing .xlsx files")


Source: TypeAlias = str | os.PathLike[str] | IO[bytes] | IO[str]
"""A path, or a file opened for reading (binary or text)."""

#: The largest CSV file read by default: the limit for JSON, 512 MiB.
#:
#: CSV is text, like JSON, and takes less room for the same plan: the long
#: format writes about 60 bytes for each month of each measure where the
#: plan's JSON takes about 200, so a plan whose JSON loads with the
#: defaults loads from long CSV too.  One limit for both means a conversion
#: between them never meets a different one.
#:
#: .. versionadded:: 0.3.0
CSV_MAX_BYTES = DEFAULT_MAX_BYTES

#: The largest .xlsx workbook read by default: 20 MiB, compressed.
#:
#: A workbook is a zip archive, and the limit also bounds what it may unpack
#: to (sixteen times the limit, 320 MiB by default), which is what keeps a
#: zip bomb out: raising the limit raises both.  20 MiB holds a long-format
#: sheet of about 400,000 measure-months (a workbook of the long format
#: takes about 52 bytes for each, and unpacks to about ten times that):
#: about half of the 1,048,576 rows Excel allows a sheet.  Pass
#: ``max_bytes=`` to read a larger workbook.
#:
#: .. versionadded:: 0.3.0
XLSX_MAX_BYTES = 20 * 1024 * 1024

#: The workbook limit (``XLSX_MAX_BYTES``), for readers that take one
#: limit for CSV and workbooks alike: the smaller, so that no zip bomb gets
#: past it.
MAX_BYTES = XLSX_MAX_BYTES

#: The fewest cells a table may hold, and shared strings a workbook, whatever
#: its size limit: 1,000,000, generous for any real plan.
#:
#: .. versionadded:: 0.3.0
MIN_MAX_CELLS = 1_000_000

#: The rows a worksheet can hold (Excel's own limit): 1,048,576.
#:
#: .. versionadded:: 0.3.0
SHEET_MAX_ROWS = 1_048_576

_CSV_BYTES_PER_CELL = 16

# A workbook may unpack to at most this many times its size limit.  Workbooks
# perfmeasures writes unpack to about ten times their size.
_XLSX_EXPANSION = 16
_ZIP_MAGIC = b"PK\x03\x04"
_ISO_DATE = "%Y-%m-%d"


def source_name(source: Source) -> str:
    """A name for *source* to use in messages."""
    if isinstance(source, str | os.PathLike):
        return os.fspath(source)
    name = getattr(source, "name", None)
    return name if isinstance(name, str) else "<stream>"


def too_large_file(name: str, size: int, max_bytes: int) -> LoadError:  # noqa: ARG001 - the size read may be the limit's.
    return LoadError(
        name,
        [
            Problem(
                "file",
                f"is larger than {max_bytes:,} bytes, far larger than a plan "
                f"could be; expected a smaller file {_OPTION}",
            )
        ],
    )


def _read_bytes(source: Source, name: str, max_bytes: int) -> bytes | str:
    """Everything in *source*, refused if it is larger than *max_bytes*.

    A path must name a regular file: a folder, named pipe or device is
    refused before it is read.
    """
    try:
        _, data = read(source, max_bytes, too_large_file)
    except OSError as error:
        raise LoadError(
            name, [Problem("file", f"cannot be read ({error.strerror or error})")]
        ) from None
    if not data:
        raise LoadError(
            name, [Problem("file", "is empty; expected a header row and data rows")]
        )
    return data


def _decode(data: bytes, name: str, encoding: str) -> str:
    if data.startswith(_ZIP_MAGIC):
        raise LoadError(
            name,
            [
                Problem(
                    "file",
                    "is a zip archive (an .xlsx workbook?), not CSV text; "
                    "expected a CSV file, or use the .xlsx reader",
                )
            ],
        )
    codec = (
        "utf-8-sig"
        if encoding.replace("_", "-").lower() in {"utf-8", "utf8"}
        else encoding
    )
    wide = wide_encoding(data) if codec == "utf-8-sig" else None
    if wide is not None:
        raise LoadError(
            name,
            [
                Problem(
                    "file",
                    f"expected UTF-8 text; this looks like {wide}: save the sheet "
                    "as 'CSV UTF-8' (or, reading in Python, pass encoding='utf-16')",
                )
            ],
        )
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        bad = data[error.start : error.start + 1]
        raise LoadError(
            name,
            [
                Problem(
                    f"byte {error.start}",
                    f"is not valid {encoding} (got byte 0x{bad.hex()}); expected "
                    f"{encoding} text: save the sheet as 'CSV UTF-8' (or, reading "
                    "in Python, pass the file's encoding, such as encoding='cp1252')",
                )
            ],
        ) from None
    except LookupError:
        raise LoadError(
            name,
            [Problem("encoding", f"expected a known text encoding (got {encoding!r})")],
        ) from None


def read_csv_rows(
    source: Source, *, encoding: str = "utf-8", max_bytes: int = CSV_MAX_BYTES
) -> tuple[str, list[list[str]]]:
    """Read a CSV file into its name and rows of cell text.

    Besides the size limit, a table may hold at most
    :func:`csv_max_cells` cells (a row of no cells counts as one) and a
    row may take at most :func:`csv_max_row_chars` characters; both are
    checked as the rows are read, so that no input makes more of them
    than the limits allow.

    Raises:
        LoadError: The file is empty, too large, not text in *encoding*,
            not well-formed CSV, or over a limit.
    """
    name = source_name(source)
    data = _read_bytes(source, name, max_bytes)
    text = data if isinstance(data, str) else _decode(data, name, encoding)
    del data
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise LoadError(
            name,
            [Problem(f"line {line}", "contains a NUL character; expected CSV text")],
        )
    if not text or text.isspace():
        raise LoadError(
            name, [Problem("file", "holds only blank space; expected a header row")]
        )
    return name, _csv_rows(text, name, max_bytes)


def csv_max_cells(max_bytes: int) -> int:
    """The most cells a CSV table read within *max_bytes* may hold.

    One for every 16 bytes of the limit, and at least
    :data:`MIN_MAX_CELLS`: 33,554,432 with the default limit, where the
    long table of 10,000 measures over ten years takes about 15 million.
    Rows and cells, not bytes, are what take memory: a row of a few bytes
    becomes a list, and a cell a string, of fifty bytes or more.

    .. versionadded:: 0.3.0
    """
    return max(MIN_MAX_CELLS, max_bytes // _CSV_BYTES_PER_CELL)


def csv_max_row_chars(max_bytes: int) -> int:
    """The most characters one row of a CSV table read within *max_bytes* may take.

    A 128th of the limit, and at least a mebibyte (4,194,304 characters
    with the default limit): far more than any row of a plan table, and a
    bound on the cells one row can make before the row is checked.

    .. versionadded:: 0.3.0
    """
    return max(1 << 20, max_bytes // 128)


_NEWLINE = re.compile(r"\r\n|\r|\n")


class _Lines:
    """The lines of a text for :func:`csv.reader`, one at a time.

    Lines end as :class:`io.StringIO` with ``newline=""`` ends them (at CR,
    LF or CRLF, kept), without copying the text as a whole.  The
    characters given for the row being read are counted, and a row that
    grows past its limit is refused before its line is copied.
    """

    def __init__(self, text: str, name: str, most_chars: int) -> None:
        self.text = text
        self.name = name
        self.most_chars = most_chars
        self.position = 0
        self.line = 0
        self.row_chars = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        start = self.position
        text = self.text
        if start >= len(text):
            raise StopIteration
        found = _NEWLINE.search(text, start)
        end = found.end() if found else len(text)
        self.line += 1
        self.row_chars += end - start
        if self.row_chars > self.most_chars:
            raise LoadError(
                self.name,
                [
                    Problem(
                        f"line {self.line}",
                        f"takes a row past {self.most_chars:,} characters; "
                        "expected the rows of a plan table (or pass a larger "
                        "max_bytes / --max-bytes)",
                    )
                ],
            )
        self.position = end
        return text[start:end]


def _csv_rows(text: str, name: str, max_bytes: int) -> list[list[str]]:
    most_cells = csv_max_cells(max_bytes)
    lines = _Lines(text, name, csv_max_row_chars(max_bytes))
    reader = csv.reader(lines, strict=True)
    rows: list[list[str]] = []
    cells = 0
    try:
        for row in reader:
            lines.row_chars = 0
            cells += max(len(row), 1)
            if cells > most_cells:
                raise LoadError(
                    name,
                    [
                        Problem(
                            f"line {reader.line_num}",
                            f"takes the table past {most_cells:,} cells (one for "
                            f"each {_CSV_BYTES_PER_CELL} bytes of max_bytes, and "
                            f"at least {MIN_MAX_CELLS:,}); expected a smaller table "
                            "(or pass a larger max_bytes / --max-bytes)",
                        )
                    ],
                )
            rows.append(row)
    except csv.Error as error:
        expected = (
            f"cells of at most {csv.field_size_limit():,} characters"
            if "field larger" in str(error)
            else "every quoted cell to be closed (is the file truncated?)"
        )
        raise LoadError(
            name,
            [
                Problem(
                    f"line {reader.line_num}",
                    f"is not well-formed CSV ({error}); expected {expected}",
                )
            ],
        ) from None
    return rows


# Parts of a number format that show text, not digits: quoted text, escaped
# characters, [Red] and [$£-809] tags, _x spacing and *x fills.
_FORMAT_LITERAL = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')
_CONDITION = re.compile(r"\[[<>=]")
_DIGIT = re.compile(r"[0#?]")
# A comma after the last digit scales the figure by a thousand (0.0,,"m").
_SCALED = re.compile(r"[0#?.],+(?![,]*[0#?])")
_FRACTION_DIGITS = re.compile(r"\.([0#?]*)")


def _format_section(number_format: str, exact: Decimal) -> tuple[str, bool]:
    """The section of *number_format* that shows *exact*, without its text.

    ``0.0;[Red]-0.0`` shows negatives by its second section and nought by a
    third.  Also whether the section fixes the places shown: not General,
    text, scientific, fractions, conditional sections or scaled figures.
    """
    sections = _FORMAT_LITERAL.sub("", number_format).split(";")
    if exact < 0 and len(sections) > 1:
        section = sections[1]
    elif exact == 0 and len(sections) > 2:
        section = sections[2]
    else:
        section = sections[0]
    fixed = not (
        _CONDITION.search(number_format)
        or not _DIGIT.search(section)
        or any(mark in section.upper() for mark in ("GENERAL", "E+", "E-", "/", "@"))
        or _SCALED.search(section)
    )
    return section, fixed


def _shown(exact: Decimal, section: str) -> Decimal:
    """*exact* with the decimal places *section* shows, rounded as Excel shows it.

    ``0.0`` shows one place, ``0.00`` two (94.8 shows as 94.80) and
    ``0.0###`` one to four, without zeros past the first.
    """
    found = _FRACTION_DIGITS.search(section)
    digits = found.group(1) if found else ""
    most = min(len(digits), DECIMAL_PLACES)
    required = min(digits.count("0"), most)
    # Half away from zero, as Excel rounds what it shows.
    rounded = exact.quantize(
        EXACT.scaleb(Decimal(1), -most), rounding=ROUND_HALF_UP, context=EXACT
    )
    if rounded.is_zero():
        return EXACT.scaleb(Decimal(0), -required)
    exponent = rounded.normalize(EXACT).as_tuple().exponent
    places = max(required, -exponent if isinstance(exponent, int) else 0)
    return rounded.quantize(EXACT.scaleb(Decimal(1), -places), context=EXACT)


def _number_text(value: float | Decimal, number_format: str) -> str:
    """The text of a workbook number as its cell shows it: ``94.80``, ``10.1%``.

    A cell's number format says how many decimal places it shows, and the
    figure read has exactly those places: 0.558 formatted ``0.0%`` is
    ``55.8%`` (not ``55.800%``), 94.8 formatted ``0.00`` is ``94.80`` and
    0.1 formatted ``0.0#####%`` is ``10.0%``.  Where the cell holds more
    precision than it shows (0.5584 formatted ``0.0%``), the figure shown
    and published, ``55.8%``, is the one read, rounded half away from zero
    as Excel rounds it; the hidden digits are most often binary noise or an
    unrounded formula result that the council chose not to publish.  A
    format that does not fix the places (General, text, scientific,
    fractions, conditional or scaled formats) gives the number's exact
    shortest text, as Python writes the float (``94.8``).
    """
    exact = Decimal(value) if isinstance(value, int | Decimal) else Decimal(repr(value))
    section, fixed = _format_section(number_format, exact)
    percent = "%" in section
    if percent:
        exact = EXACT.scaleb(exact, 2)
    if fixed:
        exact = _shown(exact, section)
    return f"{exact:f}{'%' if percent else ''}"


def _cell_text(value: object, number_format: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float | Decimal):
        return _number_text(value, number_format)
    if isinstance(value, dt.datetime | dt.date):
        # Excel turns a header typed as "Apr-19" into the date 1 April 2019.
        midnight = not isinstance(value, dt.datetime) or value.time() == dt.time(0)
        if value.day == 1 and midnight:
            return f"{MONTH_ABBREVIATIONS[value.month - 1]} {value.year}"
        return value.strftime(_ISO_DATE)
    return str(value)


_XLSX_ERRORS = (
    zipfile.BadZipFile,
    KeyError,
    ValueError,
    TypeError,
    ParseError,
    OSError,
)
_NOT_XLSX = Problem(
    "file",
    "is not a readable .xlsx workbook (it may be truncated, or be CSV or an "
    "old .xls file); expected an Excel .xlsx file",
)


def xlsx_max_cells(max_bytes: int) -> int:
    """The most cells a worksheet read within *max_bytes* may hold.

    One for every two bytes of the limit, and at least
    :data:`MIN_MAX_CELLS`: 10,485,760 with the default limit, where a
    workbook of that size holds a long table of about five million.

    .. versionadded:: 0.3.0
    """
    return max(MIN_MAX_CELLS, max_bytes // 2)


def xlsx_max_strings(max_bytes: int) -> int:
    """The most shared strings a workbook read within *max_bytes* may hold.

    One for every 16 bytes of the limit, and at least
    :data:`MIN_MAX_CELLS`: 1,310,720 with the default limit.  A workbook
    keeps each distinct text once, and a reader holds them all before it
    reads a cell, so they are counted before the workbook is opened.  Their
    length is bounded by what the workbook may unpack to.

    .. versionadded:: 0.3.0
    """
    return max(MIN_MAX_CELLS, max_bytes // _CSV_BYTES_PER_CELL)


_OPTION = "(or pass a larger max_bytes / --max-bytes)"
_LOCAL_HEADER = struct.Struct("<4s22xHH")
# The start tag of a shared string, with or without a namespace prefix.
_SHARED_STRING = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s/>]")
# The start tag of a formula, with or without a namespace prefix.
_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s/>]")
# The longest start of a tag that _SHARED_STRING needs to see whole.
_LONGEST_TAG_START = 256
_UNPACK_CHUNK = 1 << 20


def _member_problem(name: str, info: zipfile.ZipInfo, message: str) -> LoadError:
    return LoadError(name, [Problem(f"member {info.filename!r}", message)])


def _unpacks_too_large(name: str, limit: int) -> LoadError:
    mebibytes = f"{limit / (1 << 20):,.0f} MiB, " if limit >= 1 << 20 else ""
    return LoadError(
        name,
        [
            Problem(
                "file",
                f"unpacks to more than {limit:,} bytes ({mebibytes}"
                f"{_XLSX_EXPANSION} times max_bytes); expected a smaller workbook "
                + _OPTION,
            )
        ],
    )


class _StringCounter:
    """Counts the shared strings in XML given in pieces, up to a limit.

    It also notes the members that hold a formula, so that only their
    sheets need be read for formulas whose value was not saved.
    """

    def __init__(self, name: str, most: int) -> None:
        self.name = name
        self.most = most
        self.count = 0
        self.carry = b""
        self.formula = False
        self.with_formulas: set[str] = set()

    def feed(self, data: bytes) -> None:
        """Count the strings that start in *data*, keeping a tag cut off at its end."""
        buffer = self.carry + data
        cut = buffer.rfind(b"<")
        if cut == -1 or len(buffer) - cut > _LONGEST_TAG_START:
            cut = len(buffer)
        self.count += len(_SHARED_STRING.findall(buffer, 0, cut))
        self.formula = self.formula or _FORMULA.search(buffer, 0, cut) is not None
        self.carry = buffer[cut:]
        if self.count > self.most:
            raise LoadError(
                self.name,
                [
                    Problem(
                        "file",
                        f"holds more than {self.most:,} shared strings (one for "
                        f"each {_CSV_BYTES_PER_CELL} bytes of max_bytes, and at "
                        f"least {MIN_MAX_CELLS:,}); expected a smaller workbook "
                        + _OPTION,
                    )
                ],
            )

    def close(self, member: str) -> None:
        """Count what is left at the end of *member*."""
        self.feed(b"<")
        self.carry = b""
        if self.formula:
            self.with_formulas.add(member)
        self.formula = False


def _unpack_checked(
    data: bytes, info: zipfile.ZipInfo, strings: _StringCounter
) -> None:
    name = strings.name
    """Unpack one member in pieces, refusing one that unpacks beyond its size.

    The archive's directory says how large each member is; a member that
    unpacks to more than it says is refused as soon as it does, after
    unpacking no more than a piece beyond it.  (The zip reader openpyxl
    uses stops at the size said, but only after unpacking a whole member
    read at once.)
    """
    if info.flag_bits & 0x1:
        raise _member_problem(
            name, info, "is encrypted; expected a workbook saved without a password"
        )
    header = data[info.header_offset : info.header_offset + _LOCAL_HEADER.size]
    magic, name_length, extra_length = _LOCAL_HEADER.unpack(header)
    if magic != _ZIP_MAGIC:
        raise zipfile.BadZipFile(info.filename)
    start = info.header_offset + _LOCAL_HEADER.size + name_length + extra_length
    packed = memoryview(data)[start : start + info.compress_size]
    lying = _member_problem(
        name,
        info,
        f"unpacks to more than the {info.file_size:,} bytes the workbook says "
        "it does; expected an undamaged .xlsx workbook",
    )
    if info.compress_type == zipfile.ZIP_STORED:
        if len(packed) != info.file_size:
            raise lying
        for offset in range(0, len(packed), _UNPACK_CHUNK):
            strings.feed(bytes(packed[offset : offset + _UNPACK_CHUNK]))
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        unpacker = zlib.decompressobj(-zlib.MAX_WBITS)
        pending: bytes | memoryview = packed
        size = 0
        while not unpacker.eof:
            piece = unpacker.decompress(pending, _UNPACK_CHUNK)
            pending = unpacker.unconsumed_tail
            size += len(piece)
            if size > info.file_size:
                raise lying
            strings.feed(piece)
            if not piece and not pending:
                break
    else:
        raise _member_problem(
            name,
            info,
            f"is compressed by method {info.compress_type}, which Excel never "
            "uses; expected an .xlsx workbook",
        )
    strings.close(info.filename)


def _check_archive(data: bytes, name: str, max_bytes: int) -> set[str]:
    """Refuse a workbook that is not a zip, or that would unpack too large.

    The sizes the archive's directory declares are checked first; then
    every member is unpacked in pieces, so that one that unpacks to more
    than it declares is refused without unpacking it all, and the shared
    strings are counted (:func:`xlsx_max_strings`).

    Returns:
        The members that hold a formula.
    """
    limit = max_bytes * _XLSX_EXPANSION
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise LoadError(name, [_NOT_XLSX]) from None
    if sum(info.file_size for info in members) > limit:
        raise _unpacks_too_large(name, limit)
    strings = _StringCounter(name, xlsx_max_strings(max_bytes))
    try:
        for info in members:
            _unpack_checked(data, info, strings)
    except LoadError:
        raise
    except (zipfile.BadZipFile, zlib.error, struct.error, ValueError):
        raise LoadError(name, [_NOT_XLSX]) from None
    return strings.with_formulas


def _worksheet(book: Any, sheet: str | None, name: str) -> Any:  # noqa: ANN401 - openpyxl is untyped here.
    if sheet is None:
        return book.active
    if sheet not in book.sheetnames:
        raise LoadError(
            name,
            [
                Problem(
                    f"sheet {sheet!r}",
                    "does not exist; expected one of "
                    + ", ".join(repr(s) for s in book.sheetnames),
                )
            ],
        )
    return book[sheet]


def read_xlsx_rows(
    source: Source, *, sheet: str | None = None, max_bytes: int = MAX_BYTES
) -> tuple[str, list[list[str]]]:
    """Read one sheet of an .xlsx workbook into its name and rows of cell text.

    Args:
        source: The workbook.
        sheet: The sheet's name; the active (first) sheet by default.
        max_bytes: The largest workbook to read.

    Raises:
        LoadError: The workbook is empty, too large, damaged or has no such
            sheet, or the sheet holds a formula whose value was not saved
            (every such cell is named, by row and column, up to ten).
        MissingExtraError: openpyxl is not installed.
    """
    name, rows, _ = read_xlsx_grid(
        source, sheet=sheet, max_bytes=max_bytes, merges=False
    )
    return name, rows


def read_xlsx_grid(
    source: Source,
    *,
    sheet: str | None = None,
    max_bytes: int = MAX_BYTES,
    merges: bool = True,
) -> tuple[str, list[list[str]], tuple[Merge, ...]]:
    """Read one sheet as :func:`read_xlsx_rows` does, with its merged cells.

    The merged ranges are read from the sheet's XML in the archive already
    checked for size (:func:`scan_sheet`), never by loading the workbook in
    full; with *merges* false none are given.  The same pass finds formula
    cells whose value was never saved, which are refused.

    Raises:
        LoadError: As :func:`read_xlsx_rows`.
        MissingExtraError: openpyxl is not installed.
    """
    openpyxl = openpyxl_module()
    name = source_name(source)
    data = _read_bytes(source, name, max_bytes)
    if isinstance(data, str):
        raise LoadError(
            name, [Problem("file", "was opened as text; expected a binary file")]
        )
    with_formulas = _check_archive(data, name, max_bytes)
    try:
        book = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=True, keep_links=False
        )
    except _XLSX_ERRORS:
        raise LoadError(name, [_NOT_XLSX]) from None
    except Exception as error:  # noqa: BLE001 - openpyxl's and defusedxml's own errors.
        raise LoadError(
            name, [Problem("file", f"{_NOT_XLSX.message} ({type(error).__name__})")]
        ) from None
    try:
        worksheet = _worksheet(book, sheet, name)
        rows = _sheet_rows(worksheet, name, xlsx_max_cells(max_bytes))
        path = getattr(worksheet, "_worksheet_path", None)
        # The sheet's XML is read only where there is something to find:
        # merged cells asked for, or a formula seen as it was unpacked.
        wanted = merges or path in with_formulas
        scan = (
            scan_sheet(data, path) if isinstance(path, str) and wanted else SheetScan()
        )
    except LoadError:
        raise
    except _XLSX_ERRORS:
        raise LoadError(name, [_NOT_XLSX]) from None
    finally:
        book.close()
    if scan.unsaved:
        raise LoadError(name, _unsaved_problems(scan))
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows:
        raise LoadError(
            name, [Problem("file", "has an empty sheet; expected a header row")]
        )
    return name, rows, scan.merges if merges else ()


def _sheet_rows(worksheet: Any, name: str, most_cells: int) -> list[list[str]]:  # noqa: ANN401 - openpyxl is untyped here.
    """The rows of *worksheet* as text, within the limits on rows and cells.

    A sheet may skip rows, which the reader fills with empty ones: a row
    numbered in the billions would make billions, so each row made counts
    against the limits, and reading stops one row past the most a sheet
    can hold.
    """
    rows: list[list[str]] = []
    cells = 0
    for row in worksheet.iter_rows(max_row=SHEET_MAX_ROWS + 1):
        number = len(rows) + 1
        if number > SHEET_MAX_ROWS:
            raise LoadError(
                name,
                [
                    Problem(
                        f"row {number:,}",
                        f"is past the {SHEET_MAX_ROWS:,} rows a worksheet can "
                        "hold; expected a workbook saved by a spreadsheet",
                    )
                ],
            )
        cells += max(len(row), 1)
        if cells > most_cells:
            raise LoadError(
                name,
                [
                    Problem(
                        f"row {number:,}",
                        f"takes the sheet past {most_cells:,} cells (one for "
                        "each 2 bytes of max_bytes, and at least "
                        f"{MIN_MAX_CELLS:,}); expected a smaller sheet " + _OPTION,
                    )
                ],
            )
        rows.append(
            [_cell_text(cell.value, getattr(cell, "number_format", "")) for cell in row]
        )
    return rows


@attrs.frozen
class Merge:
    """A merged range of cells, by 0-based row and column, both ends included."""

    first_row: int
    first_column: int
    last_row: int
    last_column: int


# The most formula cells without a saved value named one by one; the rest
# are counted.
_MOST_UNSAVED_NAMED = 10
_UNSAVED_FIX = "open the workbook in Excel and save it, or paste the values"


@attrs.frozen
class SheetScan:
    """What a sheet's XML says that openpyxl's read-only reader does not.

    Attributes:
        merges: The merged ranges.
        unsaved: The (1-based row, column) of the first formula cells
            with no saved value, at most ten.
        unsaved_count: How many such cells there are in all.
    """

    merges: tuple[Merge, ...] = ()
    unsaved: tuple[tuple[int, int], ...] = ()
    unsaved_count: int = 0


def _unsaved_problems(scan: SheetScan) -> list[Problem]:
    letter = openpyxl_module().utils.cell.get_column_letter
    problems = [
        Problem(
            f"row {row}, column {column} (cell {letter(column)}{row})",
            f"is a formula whose value Excel did not save; {_UNSAVED_FIX}",
        )
        for row, column in scan.unsaved
    ]
    rest = scan.unsaved_count - len(scan.unsaved)
    if rest:
        problems.append(
            Problem(
                "sheet",
                f"holds {rest:,} more formula{'s' if rest != 1 else ''} whose "
                f"value Excel did not save; {_UNSAVED_FIX}",
            )
        )
    return problems


def _is_unsaved(cell: Any) -> bool:  # noqa: ANN401 - an ElementTree element.
    """Whether the ``<c>`` element *cell* is a formula with no saved value.

    A formula's value is its ``<v>`` child.  Excel saves an empty text
    result as an empty ``<v/>`` in a cell typed ``t="str"``; any other
    empty or missing value was never saved.
    """
    formula = value = None
    for child in cell:
        tag = child.tag.rpartition("}")[2]
        if tag == "f":
            formula = child
        elif tag == "v":
            value = child
    if formula is None:
        return False
    if value is None:
        return True
    return not value.text and cell.get("t") != "str"


def _row_number(text: str) -> int:
    """A row's ``r`` number, read as openpyxl reads it (``7``, or ``7.0``)."""
    try:
        return int(text)
    except ValueError:
        number = float(text)
        if not number.is_integer():
            raise ValueError(text) from None
        return int(number)


def scan_sheet(data: bytes, path: str) -> SheetScan:
    """Read the merged ranges and unsaved formulas of the sheet at *path*.

    One streamed pass over the sheet's XML in the workbook *data*, with
    openpyxl's XML parser (defusedxml where installed): each row is
    dropped once read, so that the memory taken does not grow with the
    sheet.  Cells are placed as openpyxl places them: by their ``r``
    reference, or, where a cell or row has none, next to the one before.

    Raises:
        KeyError: The archive has no member *path*.
        zipfile.BadZipFile: *data* is not a zip archive.
        ValueError: A cell's or row's reference cannot be read.

    .. versionadded:: 0.3.0
    """
    openpyxl = openpyxl_module()
    iterparse = openpyxl.xml.functions.iterparse
    boundaries = openpyxl.utils.cell.range_boundaries
    to_tuple = openpyxl.utils.cell.coordinate_to_tuple
    merges = []
    unsaved: list[tuple[int, int]] = []
    count = 0
    row = column = 0
    sheet_data = None
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(path) as sheet:
        for event, element in iterparse(sheet, events=("start", "end")):
            tag = element.tag.rpartition("}")[2]
            if event == "start":
                if tag == "row":
                    number = element.get("r")
                    row = _row_number(number) if number else row + 1
                    column = 0
                elif tag == "c":
                    reference = element.get("r")
                    row, column = (
                        to_tuple(reference) if reference else (row, column + 1)
                    )
                elif tag == "sheetData":
                    sheet_data = element
                continue
            if tag == "c":
                if _is_unsaved(element):
                    count += 1
                    if len(unsaved) < _MOST_UNSAVED_NAMED:
                        unsaved.append((row, column))
                element.clear()
            elif tag == "row":
                # A row read is of no more use: drop it from its parent.
                element.clear()
                if sheet_data is not None:
                    sheet_data.clear()
            elif tag == "mergeCell":
                ref = element.get("ref")
                if ref:
                    first_col, first_row, last_col, last_row = boundaries(ref)
                    merges.append(
                        Merge(first_row - 1, first_col - 1, last_row - 1, last_col - 1)
                    )
                element.clear()
    return SheetScan(tuple(merges), tuple(unsaved), count)
