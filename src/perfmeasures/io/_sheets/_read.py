"""Raw spreadsheet grids read from CSV and .xlsx, defensively.

Every spreadsheet reader in perfmeasures goes through here, so that the
limits and defences are the same everywhere:

- Inputs are read whole, up to a size limit, before anything is parsed; a
  longer input is refused unread.  CSV text may be as large as JSON
  (``CSV_MAX_BYTES``); a workbook's limit is smaller (``XLSX_MAX_BYTES``),
  as it also bounds what the archive may unpack to.
- CSV must decode in the given encoding (UTF-8, with or without a byte-order
  mark, by default); NUL bytes and unterminated quotes are refused.
- Workbooks are opened by openpyxl, which parses their XML with defusedxml
  when it is installed (the ``excel`` extra installs it), with external links
  dropped and formulas never evaluated: a formula cell reads as the value
  Excel last saved for it.  The declared uncompressed size of the archive is
  checked before it is opened, so that a zip bomb is refused unread.
- Every cell is read as text.  Numbers in workbooks become their decimal
  text with the places their number format shows (``94.80`` for 94.8
  formatted ``0.00``), and a cell formatted as a percentage becomes
  ``10.1%``; a number whose format does not fix its places becomes its
  exact shortest text (``94.8``).

Merged cells are read from the sheet's XML without loading the book:
openpyxl's read-only worksheets do not say which cells are merged, and
loading a workbook in full would bypass the read-only reader's limits.  The
sheet's ``<mergeCells>`` element is read instead, streamed from the same
archive whose size has already been checked, with openpyxl's XML parser
(defusedxml where installed).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import IO, Any, TypeAlias
from xml.etree.ElementTree import ParseError

import attrs

from ..._arithmetic import DECIMAL_PLACES, EXACT
from ..._errors import LoadError, Problem
from ..._periods import MONTH_ABBREVIATIONS
from .._extras import openpyxl_module
from .._json._reading import DEFAULT_MAX_BYTES

__all__ = [
    "CSV_MAX_BYTES",
    "MAX_BYTES",
    "XLSX_MAX_BYTES",
    "Merge",
    "Source",
    "merged_ranges",
    "read_csv_rows",
    "read_xlsx_grid",
    "read_xlsx_rows",
    "source_name",
]


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


def _read_bytes(source: Source, name: str, max_bytes: int) -> bytes | str:
    """Read at most *max_bytes* (plus one, to detect excess) from *source*."""
    try:
        if isinstance(source, str | os.PathLike):
            with Path(source).open("rb") as stream:
                data: bytes | str = stream.read(max_bytes + 1)
        else:
            data = source.read(max_bytes + 1)
    except OSError as error:
        raise LoadError(
            name, [Problem("file", f"cannot be read ({error.strerror or error})")]
        ) from None
    if len(data) > max_bytes:
        raise LoadError(
            name,
            [
                Problem(
                    "file",
                    f"is larger than {max_bytes:,} bytes, far larger than a plan "
                    "could be; expected a smaller file (or pass a larger max_bytes)",
                )
            ],
        )
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
                    f"{encoding} text: save the sheet as 'CSV UTF-8', or pass "
                    "the file's encoding (such as encoding='cp1252')",
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

    Raises:
        LoadError: The file is empty, too large, not text in *encoding*, or
            not well-formed CSV.
    """
    name = source_name(source)
    data = _read_bytes(source, name, max_bytes)
    text = data if isinstance(data, str) else _decode(data, name, encoding)
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise LoadError(
            name,
            [Problem(f"line {line}", "contains a NUL character; expected CSV text")],
        )
    if not text.strip():
        raise LoadError(
            name, [Problem("file", "holds only blank space; expected a header row")]
        )
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[list[str]] = []
    try:
        rows.extend(reader)
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
    return name, rows


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


def _check_archive(data: bytes, name: str, max_bytes: int) -> None:
    """Refuse a workbook that is not a zip, or that would unpack too large."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise LoadError(name, [_NOT_XLSX]) from None
    if unpacked > max_bytes * _XLSX_EXPANSION:
        raise LoadError(
            name,
            [
                Problem(
                    "file",
                    f"unpacks to {unpacked:,} bytes, far more than a plan could "
                    "need; expected a smaller workbook",
                )
            ],
        )


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
            sheet.
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
    checked for size (:func:`merged_ranges`), never by
    loading the workbook in full; with *merges* false none are read.

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
    _check_archive(data, name, max_bytes)
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
    merged: tuple[Merge, ...] = ()
    try:
        worksheet = _worksheet(book, sheet, name)
        rows = [
            [_cell_text(cell.value, getattr(cell, "number_format", "")) for cell in row]
            for row in worksheet.iter_rows()
        ]
        path = getattr(worksheet, "_worksheet_path", None)
        if merges and isinstance(path, str):
            merged = merged_ranges(data, path)
    except LoadError:
        raise
    except _XLSX_ERRORS:
        raise LoadError(name, [_NOT_XLSX]) from None
    finally:
        book.close()
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows:
        raise LoadError(
            name, [Problem("file", "has an empty sheet; expected a header row")]
        )
    return name, rows, merged


@attrs.frozen
class Merge:
    """A merged range of cells, by 0-based row and column, both ends included."""

    first_row: int
    first_column: int
    last_row: int
    last_column: int


def merged_ranges(data: bytes, path: str) -> tuple[Merge, ...]:
    """The merged ranges of the sheet at *path* in the workbook *data*.

    Raises:
        KeyError: The archive has no member *path*.
        zipfile.BadZipFile: *data* is not a zip archive.
    """
    openpyxl = openpyxl_module()
    iterparse = openpyxl.xml.functions.iterparse
    boundaries = openpyxl.utils.cell.range_boundaries
    found = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(path) as sheet:
        for _, element in iterparse(sheet, events=("end",)):
            tag = element.tag.rpartition("}")[2]
            if tag == "mergeCell":
                ref = element.get("ref")
                if ref:
                    first_col, first_row, last_col, last_row = boundaries(ref)
                    found.append(
                        Merge(first_row - 1, first_col - 1, last_row - 1, last_col - 1)
                    )
            if tag in {"c", "row", "mergeCell"}:
                # Cells are of no interest here: drop them as they are read.
                element.clear()
    return tuple(found)
