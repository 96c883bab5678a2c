"""Formula cells in workbooks: their saved values are read; a formula without one is refused."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from perfmeasures import LoadError, Month, Problem, Value
from perfmeasures.examples import rotherham_2019_20
from perfmeasures.io import read_long_xlsx, read_plan, read_wide_xlsx, write_long_xlsx
from perfmeasures.io._sheets import _read
from perfmeasures.io._sheets._read import Merge, SheetScan, scan_sheet

SHEET = "xl/worksheets/sheet1.xml"
FIX = "open the workbook in Excel and save it, or paste the values"
WIDE: list[list[object]] = [
    ["Ref No.", "Measure", "Good performance", "Apr 2019"],
    ["A1", "Homes", "High", 5],
]


def unsaved(row: int, column: int, letter: str) -> Problem:
    """The problem of the formula with no saved value at row, column."""
    return Problem(
        f"row {row}, column {column} (cell {letter}{row})",
        f"is a formula whose value Excel did not save; {FIX}",
    )


def workbook(rows: list[list[object]], **cells: str) -> bytes:
    """A workbook of *rows*, with *cells* (by reference) set after them.

    openpyxl saves a formula (text starting ``=``) with no value, as
    programs other than Excel may.
    """
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    for reference, value in cells.items():
        sheet[reference] = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def edited(data: bytes, edit: Callable[[str], str]) -> bytes:
    """The workbook *data* with its sheet's XML passed through *edit*."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info)
            if info.filename == SHEET:
                changed = edit(content.decode())
                assert changed != content.decode(), "the edit changed nothing"
                content = changed.encode()
            target.writestr(info, content)
    return out.getvalue()


def cell_xml(reference: str, inner: str, kind: str = "") -> Callable[[str], str]:
    """An edit that makes the cell at *reference* ``<c ...>inner</c>``."""
    typed = f' t="{kind}"' if kind else ""

    def edit(xml: str) -> str:
        return re.sub(
            rf'<c r="{reference}"[^>]*?(/>|>.*?</c>)',
            f'<c r="{reference}"{typed}>{inner}</c>',
            xml,
            count=1,
        )

    return edit


def refused(call: Callable[[], object]) -> tuple[Problem, ...]:
    """The problems of the LoadError *call* raises."""
    with pytest.raises(LoadError) as caught:
        call()
    return caught.value.problems


class TestUnsavedFormula:
    """A formula cell whose value was never saved is refused, with its cell."""

    def test_wide(self) -> None:
        """Finding 6: a figure computed by a formula is not read as a blank."""
        data = workbook(WIDE, D2="=2+3")
        assert (unsaved(2, 4, "D"),) == refused(
            lambda: read_wide_xlsx(io.BytesIO(data))
        )

    def test_read_plan(self, tmp_path: Path) -> None:
        """read_plan refuses it too, naming the file."""
        path = tmp_path / "plan.xlsx"
        path.write_bytes(workbook(WIDE, D2="=2+3"))
        with pytest.raises(LoadError) as caught:
            read_plan(path)
        assert (str(path), (unsaved(2, 4, "D"),)) == (
            caught.value.source,
            caught.value.problems,
        )

    def test_long(self) -> None:
        """In the long format, a value cell holding an unsaved formula is refused."""
        buffer = io.BytesIO()
        write_long_xlsx(rotherham_2019_20(), buffer)
        book = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
        sheet = book.active
        assert sheet is not None
        row = next(
            n
            for n, r in enumerate(sheet.iter_rows(values_only=True), start=1)
            if r[7] == "amount"
        )
        sheet.cell(row, 9).value = "=SUM(1,2)"
        saved = io.BytesIO()
        book.save(saved)
        assert (unsaved(row, 9, "I"),) == refused(
            lambda: read_long_xlsx(io.BytesIO(saved.getvalue()))
        )

    def test_outside_the_table(self) -> None:
        """A formula anywhere on the sheet is refused, not only under a heading."""
        data = workbook(WIDE, Z40="=A1")
        assert (unsaved(40, 26, "Z"),) == refused(
            lambda: read_wide_xlsx(io.BytesIO(data))
        )

    def test_empty_value_element(self) -> None:
        """An empty value (``<v/>``) of a number formula is no saved value."""
        data = edited(workbook(WIDE), cell_xml("D2", "<f>2+3</f><v></v>"))
        assert (unsaved(2, 4, "D"),) == refused(
            lambda: read_wide_xlsx(io.BytesIO(data))
        )

    def test_only_formulas(self) -> None:
        """A sheet of nothing but unsaved formulas says so, not that it is empty."""
        data = workbook([], A1="=1", B1="=2")
        assert (unsaved(1, 1, "A"), unsaved(1, 2, "B")) == refused(
            lambda: read_wide_xlsx(io.BytesIO(data))
        )

    def test_many(self) -> None:
        """Ten cells are named; the rest are counted."""
        cells = {f"E{n}": f"={n}" for n in range(1, 26)}
        data = workbook(WIDE, **cells)
        problems = refused(lambda: read_wide_xlsx(io.BytesIO(data)))
        assert [unsaved(n, 5, "E") for n in range(1, 11)] + [
            Problem(
                "sheet", f"holds 15 more formulas whose value Excel did not save; {FIX}"
            )
        ] == list(problems)

    def test_cells_without_references(self) -> None:
        """Cells and rows without ``r`` references are placed as openpyxl places them."""

        def edit(xml: str) -> str:
            return re.sub(
                "<sheetData>.*</sheetData>",
                "<sheetData><row><c><v>1</v></c></row>"
                '<row r="4"><c><v>1</v></c><c r="C4"><v>1</v></c><c><f>1+1</f></c>'
                "</row></sheetData>",
                xml,
            )

        data = edited(workbook(WIDE), edit)
        assert (unsaved(4, 4, "D"),) == refused(
            lambda: read_wide_xlsx(io.BytesIO(data))
        )


class TestSavedFormula:
    """A formula whose value Excel saved reads as that value, never evaluated."""

    def test_saved_value(self) -> None:
        """The saved value is read, not the formula's own result (2)."""
        data = edited(workbook(WIDE), cell_xml("D2", "<f>1+1</f><v>7</v>"))
        measure = read_wide_xlsx(io.BytesIO(data)).measure("A1")
        assert {Month(2019, 4): Value.of("7")} == dict(measure.values)

    def test_saved_empty_text(self) -> None:
        """Excel's saved empty text (``t="str"``, empty value) is a blank."""
        data = edited(
            workbook(WIDE), cell_xml("D2", '<f>IF(1,"","")</f><v></v>', kind="str")
        )
        assert {} == dict(read_wide_xlsx(io.BytesIO(data)).measure("A1").values)

    def test_text_without_value(self) -> None:
        """A text formula with no value element at all was never saved."""
        data = edited(workbook(WIDE), cell_xml("D2", '<f>"a"</f>', kind="str"))
        assert (unsaved(2, 4, "D"),) == refused(
            lambda: read_wide_xlsx(io.BytesIO(data))
        )


class TestScanSheet:
    """One pass over the sheet's XML finds merged ranges and unsaved formulas."""

    def test_merges_and_formulas(self) -> None:
        """Both are found, by 0-based range and 1-based cell."""
        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.append(["a", "b", "c"])
        sheet.merge_cells("A2:B3")
        sheet["C3"] = "=A1"
        buffer = io.BytesIO()
        book.save(buffer)
        assert SheetScan((Merge(1, 0, 2, 1),), ((3, 3),), 1) == scan_sheet(
            buffer.getvalue(), SHEET
        )

    def test_no_formulas(self) -> None:
        """A sheet of plain values has none."""
        assert SheetScan() == scan_sheet(workbook(WIDE), SHEET)

    def test_read_only_when_needed(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A sheet without formulas read without its merges is not parsed again."""

        def refuse(data: bytes, path: str) -> SheetScan:
            raise AssertionError((len(data), path))

        monkeypatch.setattr(_read, "scan_sheet", refuse)
        buffer = io.BytesIO()
        write_long_xlsx(rotherham_2019_20(), buffer)
        assert rotherham_2019_20() == read_long_xlsx(io.BytesIO(buffer.getvalue()))
        with pytest.raises(AssertionError):
            read_long_xlsx(io.BytesIO(workbook(WIDE, D2="=1")))
