"""The merged cells of a workbook sheet, read from its XML without loading the book.

openpyxl's read-only worksheets do not say which cells are merged, and
loading a workbook in full would bypass the read-only reader's limits.  The
sheet's ``<mergeCells>`` element is read instead, streamed from the same
archive whose size :mod:`perfmeasures.io._sheets` has already checked, with
openpyxl's XML parser (defusedxml where installed).
"""

from __future__ import annotations

import io
import zipfile

import attrs

from ._extras import openpyxl_module

__all__ = ["Merge", "merged_ranges"]


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
