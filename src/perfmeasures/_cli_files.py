"""Plan files for the command line: their formats, reading and writing.

A plan file is JSON (``.json``), the tidy long table or a council's wide
table, each as CSV (``.csv``) or a workbook (``.xlsx``).  The format is
named, or told from the file: by its extension, and for tables by their
first row (a long table starts ``ref,part,period``).
"""

from __future__ import annotations

import csv
import enum
import sys
from pathlib import Path
from typing import TextIO

from ._errors import InvalidValueError
from ._plan import Plan

__all__ = ["PlanFormat", "read_plan", "write_plan"]

_STDOUT = "-"


class PlanFormat(enum.Enum):
    """A file format that holds a plan."""

    JSON = "json"
    LONG_CSV = "long-csv"
    WIDE_CSV = "wide-csv"
    LONG_XLSX = "long-xlsx"
    WIDE_XLSX = "wide-xlsx"


_LONG_START = ("ref", "part", "period")


def _is_long(first_row: list[str]) -> bool:
    return tuple(cell.strip().casefold() for cell in first_row[:3]) == _LONG_START


def _csv_first_row(path: Path) -> list[str]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return next(csv.reader(handle), [])
    except (UnicodeError, csv.Error):
        # Not readable as a table: the long reader reports why.
        return list(_LONG_START)


def _xlsx_first_row(path: Path) -> list[str]:
    try:
        import openpyxl  # noqa: PLC0415 - an optional extra.
    except ImportError:
        # The reader names the extra to install.
        return list(_LONG_START)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - the reader reports what is wrong, in full.
        return list(_LONG_START)
    try:
        sheet = book.active
        rows = sheet.iter_rows(max_row=1, values_only=True) if sheet else iter(())
        first = next(iter(rows), ())
        return ["" if cell is None else str(cell) for cell in first]
    finally:
        book.close()


def input_format(path: Path, named: str | None) -> PlanFormat:
    """The format of the plan file at *path*: as *named*, else as it looks."""
    if named is not None:
        return PlanFormat(named)
    suffix = path.suffix.casefold()
    if suffix == ".csv":
        long = _is_long(_csv_first_row(path))
        return PlanFormat.LONG_CSV if long else PlanFormat.WIDE_CSV
    if suffix == ".xlsx":
        long = _is_long(_xlsx_first_row(path))
        return PlanFormat.LONG_XLSX if long else PlanFormat.WIDE_XLSX
    return PlanFormat.JSON


def output_format(path: str, named: str | None) -> PlanFormat:
    """The format to write *path* in: as *named*, else by its extension.

    Tables are written in the long layout unless the wide one is named: the
    long layout holds everything a plan holds.

    Raises:
        InvalidValueError: The extension names no plan format.
    """
    if named is not None:
        return PlanFormat(named)
    suffix = Path(path).suffix.casefold()
    formats = {
        ".json": PlanFormat.JSON,
        ".csv": PlanFormat.LONG_CSV,
        ".xlsx": PlanFormat.LONG_XLSX,
    }
    if path == _STDOUT:
        return PlanFormat.JSON
    if suffix not in formats:
        raise InvalidValueError(
            "output", path, "a file ending .json, .csv or .xlsx, or a --to format"
        )
    return formats[suffix]


def read_plan(path: str, named: str | None = None) -> Plan:
    """The plan in the file at *path*, in the format *named* or the one it has.

    Raises:
        LoadError: Every problem found in the file.
        OSError: The file cannot be read.
    """
    from . import io  # noqa: PLC0415 - spreadsheets load only when used.

    where = Path(path)
    kind = input_format(where, named)
    if kind is PlanFormat.LONG_CSV:
        return io.read_long_csv(where)
    if kind is PlanFormat.WIDE_CSV:
        return io.read_wide_csv(where)
    if kind is PlanFormat.LONG_XLSX:
        return io.read_long_xlsx(where)
    if kind is PlanFormat.WIDE_XLSX:
        return io.read_wide_xlsx(where)
    return io.load_plan(where)


def write_plan(plan: Plan, path: str, named: str | None = None) -> PlanFormat:
    """Write *plan* to *path* (``-`` for standard output) and say in which format.

    Raises:
        InvalidValueError: No format is named or told by the extension, or a
            workbook is asked for on standard output.
        OSError: The file cannot be written.
    """
    from . import io  # noqa: PLC0415 - spreadsheets load only when used.

    kind = output_format(path, named)
    if path == _STDOUT:
        if kind in (PlanFormat.LONG_XLSX, PlanFormat.WIDE_XLSX):
            raise InvalidValueError("output", path, "a file name for a workbook")
        target: Path | TextIO = sys.stdout
    else:
        target = Path(path)
    if kind is PlanFormat.JSON:
        io.dump_plan(plan, target)
    elif kind is PlanFormat.LONG_CSV:
        io.write_long_csv(plan, target)
    elif kind is PlanFormat.WIDE_CSV:
        io.write_wide_csv(plan, target)
    elif kind is PlanFormat.LONG_XLSX:
        io.write_long_xlsx(plan, target)
    else:
        io.write_wide_xlsx(plan, target)
    return kind
