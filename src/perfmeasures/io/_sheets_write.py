"""Raw spreadsheet grids written to CSV and .xlsx, safe to open.

Every text cell goes through :func:`~perfmeasures.io.neutralise`, so that no
cell a spreadsheet program would run as a formula is written.  Numbers stay
numbers: Decimals are plain decimal text in CSV and numeric cells in .xlsx.
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

from .._errors import InvalidValueError
from ._cells import neutralise
from ._extras import openpyxl_module

__all__ = ["Target", "XlsxCell", "write_csv_rows", "write_xlsx_rows"]

Target: TypeAlias = str | os.PathLike[str] | IO[bytes] | IO[str]
"""A path, or a file opened for writing (text or binary)."""

XlsxCell: TypeAlias = str | Decimal | int | bool | None
"""What a workbook cell may be given."""

# The most characters Excel keeps in one cell.
_MAX_TEXT = 32_767


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


def write_xlsx_rows(
    target: Target,
    rows: Sequence[Sequence[XlsxCell]],
    *,
    title: str = "Sheet1",
    percent: frozenset[tuple[int, int]] = frozenset(),
) -> None:
    """Write rows to a one-sheet .xlsx workbook.

    Text cells are neutralised against formula injection; Decimals and
    integers become numeric cells, booleans boolean cells.  The cells at
    the (row, column) positions in *percent* hold a percentage figure: they
    are stored as the fraction (``0.101``) with a percentage format, which
    Excel shows as ``10.1%``.

    Raises:
        InvalidValueError: A text cell holds a control character, which a
            workbook cannot store, or more characters than Excel allows.
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
            elif isinstance(value, Decimal) and (r, c) in percent:
                cell = openpyxl.cell.WriteOnlyCell(sheet, value=value.scaleb(-2))
                cell.number_format = "0.0#####%"
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
