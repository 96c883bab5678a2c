"""Raw spreadsheet grids read from CSV and .xlsx, defensively.

Every spreadsheet reader in perfmeasures goes through here, so that the
limits and defences are the same everywhere:

- Inputs are read whole, up to a size limit (20 MiB by default, as for JSON),
  before anything is parsed; a longer input is refused unread.
- CSV must decode in the given encoding (UTF-8, with or without a byte-order
  mark, by default); NUL bytes and unterminated quotes are refused.
- Workbooks are opened by openpyxl, which parses their XML with defusedxml
  when it is installed (the ``excel`` extra installs it), with external links
  dropped and formulas never evaluated: a formula cell reads as the value
  Excel last saved for it.  The declared uncompressed size of the archive is
  checked before it is opened, so that a zip bomb is refused unread.
- Every cell is read as text.  Numbers in workbooks become their exact
  decimal text (``94.8``), and a cell formatted as a percentage becomes
  ``10.1%``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, TypeAlias
from xml.etree.ElementTree import ParseError

from .._arithmetic import EXACT
from .._errors import LoadError, Problem
from ._extras import openpyxl_module
from ._reading import DEFAULT_MAX_BYTES

__all__ = [
    "MAX_BYTES",
    "Source",
    "read_csv_rows",
    "read_xlsx_rows",
    "source_name",
]

Source: TypeAlias = str | os.PathLike[str] | IO[bytes] | IO[str]
"""A path, or a file opened for reading (binary or text)."""

#: The largest input read by default, the same for every loader: far more
#: than any plan needs (the bundled plan's long CSV is about 20 KB).
MAX_BYTES = DEFAULT_MAX_BYTES

# A workbook may unpack to at most this many times its size limit.
_XLSX_EXPANSION = 16
_ZIP_MAGIC = b"PK\x03\x04"
_ISO_DATE = "%Y-%m-%d"
_MONTH_ABBR = (
    *("Jan", "Feb", "Mar", "Apr", "May", "Jun"),
    *("Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
)
_QUOTED = re.compile(r'"[^"]*"|\\.')


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
    source: Source, *, encoding: str = "utf-8", max_bytes: int = MAX_BYTES
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


def _number_text(value: float | Decimal, number_format: str) -> str:
    """The exact text of a workbook number; percentages as ``10.1%``."""
    exact = Decimal(value) if isinstance(value, int | Decimal) else Decimal(repr(value))
    if "%" in _QUOTED.sub("", number_format):
        return f"{EXACT.multiply(exact, 100):f}%"
    return f"{exact:f}"


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
            return f"{_MONTH_ABBR[value.month - 1]} {value.year}"
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
    try:
        worksheet = _worksheet(book, sheet, name)
        rows = [
            [_cell_text(cell.value, getattr(cell, "number_format", "")) for cell in row]
            for row in worksheet.iter_rows()
        ]
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
    return name, rows
