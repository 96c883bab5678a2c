"""Raw spreadsheet grids written to CSV and .xlsx, safe to open.

Every text cell goes through :func:`~perfmeasures.io._sheets._cells.neutralise`,
so that no cell a spreadsheet program would run as a formula is written.  Numbers stay
numbers: Decimals are plain decimal text in CSV and numeric cells in .xlsx,
each shown with exactly the places it has.
CSV is UTF-8 without a byte-order mark, one row to a line.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, TypeAlias, cast

from ..._errors import InvalidValueError
from .._extras import openpyxl_module
from ._cells import neutralise

__all__ = ["Target", "XlsxCell", "write_csv_rows", "write_xlsx_rows"]

Target: TypeAlias = str | os.PathLike[str] | IO[bytes] | IO[str]
"""A path, or a file opened for writing (text or binary)."""

XlsxCell: TypeAlias = str | Decimal | int | bool | None
"""What a workbook cell may be given."""

# The most characters Excel keeps in one cell.
_MAX_TEXT = 32_767
# The most significant digits an Excel number keeps.
_EXCEL_DIGITS = 15


def write_csv_rows(target: Target, rows: Sequence[Sequence[str | Decimal]]) -> None:
    """Write rows to CSV (UTF-8, no byte-order mark, newline line ends).

    Text cells are neutralised against formula injection; numbers
    (Decimals) are written as plain decimal text.
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow(
            [
                f"{cell:f}" if isinstance(cell, Decimal) else neutralise(cell)
                for cell in row
            ]
        )
    text = buffer.getvalue()
    if isinstance(target, str | os.PathLike):
        Path(target).write_text(text, encoding="utf-8", newline="")
    elif isinstance(target, io.TextIOBase):
        target.write(text)
    else:
        cast("IO[bytes]", target).write(text.encode())


def _places_format(figure: Decimal, *, percent: bool) -> str:
    """The number format that shows exactly *figure*'s places: ``0.0%``, ``0.00``."""
    exponent = figure.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return ("0." + "0" * places if places else "0") + ("%" if percent else "")


def _is_exact_in_excel(figure: Decimal) -> bool:
    """Whether an Excel number holds *figure* without rounding it."""
    return len(figure.as_tuple().digits) <= _EXCEL_DIGITS


def write_xlsx_rows(
    target: Target,
    rows: Sequence[Sequence[XlsxCell]],
    *,
    title: str = "Sheet1",
    percent: frozenset[tuple[int, int]] = frozenset(),
    exact: bool = True,
) -> None:
    """Write rows to a one-sheet .xlsx workbook.

    Text cells are neutralised against formula injection; Decimals and
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

    Raises:
        InvalidValueError: A text cell holds a control character, which a
            workbook cannot store, or more characters than Excel allows.

    .. versionchanged:: 0.3.0
       Decimals are shown with exactly their own places, and are written
       as exact text where an Excel number would round them.
    """
    openpyxl = openpyxl_module()
    illegal = openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE
    # Checked before the workbook is begun, so that nothing is half written.
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, str) and (
                illegal.search(value) or len(neutralise(value)) > _MAX_TEXT
            ):
                raise InvalidValueError(
                    f"row {r + 1}, column {c + 1}",
                    value,
                    f"text of at most {_MAX_TEXT:,} characters without "
                    "control characters (a workbook cannot store them)",
                )
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31] or "Sheet1")
    for r, row in enumerate(rows):
        out: list[object] = []
        for c, value in enumerate(row):
            if isinstance(value, str):
                out.append(neutralise(value))
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
        sheet.append(out)
    if isinstance(target, str | os.PathLike):
        book.save(os.fspath(target))
        return
    buffer = io.BytesIO()
    book.save(buffer)
    cast("IO[bytes]", target).write(buffer.getvalue())
