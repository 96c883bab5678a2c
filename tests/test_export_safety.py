"""Tests for exports safe by construction: every text cell, whatever it holds.

Text goes into CSV and .xlsx cells through one rule
(:mod:`perfmeasures.io._sheets._write` and :mod:`perfmeasures.io._sheets._cells`):
it comes back as the same cells through Python's csv module, pandas and
openpyxl, and no raw cell ever starts a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from perfmeasures import (
    InvalidValueError,
    LossyConversionError,
    Measure,
    Override,
    PerfmeasuresError,
    Plan,
    Polarity,
    Status,
    evaluate_plan,
)
from perfmeasures.examples import rotherham_2019_20
from perfmeasures.io import (
    read_long_csv,
    read_long_xlsx,
    read_wide_csv,
    read_wide_xlsx,
    write_evaluations_csv,
    write_evaluations_xlsx,
    write_long_csv,
    write_long_xlsx,
    write_wide_csv,
    write_wide_xlsx,
)
from perfmeasures.io._sheets._cells import (
    DANGEROUS,
    neutralise,
    restore,
    starts_formula,
)
from perfmeasures.io._sheets._write import (
    CellStyle,
    SheetLayout,
    _is_special,
    csv_field,
    target_name,
    write_csv_rows,
    write_xlsx_rows,
    xlsx_bytes,
)

#: The title the red-team pass used (finding 1 of issue 9).
CARRIAGE_RETURN_TITLE = "Rate\r=cmd|' /C calc'!A0"

#: Pieces that spreadsheet programs and CSV readers treat specially.
_HOSTILE = (
    "\r",
    "\n",
    "\r\n",
    '"',
    ",",
    ";",
    "'",
    "=",
    "+",
    "-",
    "@",
    "\t",
    " ",
    "\xa0",
    "\u3000",
    "\ufeff",
    "\u200b",
    "\u2028",
    "\x85",
    "\x1b",
    "\x7f",
    "\x0b",
    "\x0c",
    "\uff1d",
    "\ufe66",
    "_x000D_",
    "_x003D_",
    "=cmd|' /C calc'!A0",
)
#: Any text but lone surrogates (which no UTF-8 file can hold), control
#: characters and hostile pieces included.
TEXT = st.lists(
    st.characters(exclude_categories=["Cs"]) | st.sampled_from(_HOSTILE),
    max_size=12,
).map("".join)
#: The characters XML 1.0 cannot hold, which a workbook refuses.
_NOT_XML = {*map(chr, range(0x20)), "\ufffe", "\uffff"} - {"\t", "\n", "\r"}

REPORT = "Q1 2019/20"

#: Each plan writer, its reader, and whether it writes bytes.
PLAN_WRITERS: dict[
    str, tuple[Callable[[Plan, Any], None], Callable[[Any], Plan], bool]
] = {
    "long_csv": (write_long_csv, read_long_csv, False),
    "long_xlsx": (write_long_xlsx, read_long_xlsx, True),
    "wide_csv": (write_wide_csv, read_wide_csv, False),
    "wide_xlsx": (write_wide_xlsx, read_wide_xlsx, True),
}


def csv_text(rows: list[list[str]]) -> str:
    """*rows* written by :func:`write_csv_rows`, as text."""
    buffer = io.StringIO()
    write_csv_rows(buffer, rows)
    return buffer.getvalue()


def xlsx_cells(rows: list[list[str]]) -> list[list[str]]:
    """*rows* written by :func:`write_xlsx_rows`, read back raw by openpyxl."""
    buffer = io.BytesIO()
    write_xlsx_rows(buffer, rows)
    book = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()), read_only=True)
    try:
        width = max(len(r) for r in rows)
        return [
            ["" if c is None else str(c) for c in row][:width]
            for row in book.active.iter_rows(values_only=True)  # type: ignore[union-attr]  # A new book has its sheet.
        ]
    finally:
        book.close()


def noted_plan(note: str, title: str = "Rate of calls answered") -> Plan:
    """A one-measure plan with *note* as its data note for the report period."""
    return Plan(
        title="Plan",
        measures=[
            Measure(
                ref="1.A2",
                title=title,
                polarity=Polarity.HIGHER_IS_BETTER,
                values={REPORT: "94.8"},
                targets={"2019/20": "90"},
                notes={REPORT: note},
            )
        ],
    )


def rectangular(width: int) -> st.SearchStrategy[list[list[str]]]:
    """Rows of *width* text cells."""
    return st.lists(st.lists(TEXT, min_size=width, max_size=width), min_size=1)


def _no_nul(rows: list[list[str]]) -> bool:
    return not any("\x00" in cell for row in rows for cell in row)


class TestNeutralise:
    """What counts as a formula start, and the apostrophe that defuses it."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("=1+1", "'=1+1"),
            ("   =1+1", "'   =1+1"),
            ("\xa0=1+1", "'\xa0=1+1"),
            ("\u3000+1", "'\u3000+1"),
            ("\u200b-1", "'\u200b-1"),
            ("\ufeff@SUM(A1)", "'\ufeff@SUM(A1)"),
            ("\x1b=1", "'\x1b=1"),
            ("\uff1d1+1", "'\uff1d1+1"),
            ("\ufe66cmd", "'\ufe66cmd"),
            ("\uff0b1", "'\uff0b1"),
            ("\uff0d1", "'\uff0d1"),
            ("\uff201", "'\uff201"),
            ("_x003D_cmd", "'_x003D_cmd"),
            ("_x0020__x002B_1", "'_x0020__x002B_1"),
            ("\tTabbed", "'\tTabbed"),
            ("\rcarriage", "'\rcarriage"),
            ("Rate = 1", "Rate = 1"),
            ("\u22125", "\u22125"),
            ("_x005F_x003D_", "_x005F_x003D_"),
            ("   ", "   "),
        ],
    )
    def test_table(self, text: str, expected: str) -> None:
        """Text whose first visible character is a formula start gains one apostrophe."""
        assert expected == neutralise(text)

    @given(TEXT)
    def test_raw_cell_never_a_formula(self, text: str) -> None:
        """No neutralised text starts a formula, by either rule."""
        safe = neutralise(text)
        assert (False, False) == (safe.startswith(DANGEROUS), starts_formula(safe))

    @given(TEXT)
    def test_restore(self, text: str) -> None:
        """restore(neutralise(text)) == text."""
        assert text == restore(neutralise(text))


class TestCsvField:
    """How one text cell is written to CSV."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("plain", "plain"),
            ("", ""),
            ("a,b", '"a,b"'),
            ('say "hi"', '"say ""hi"""'),
            ("a\rb", '"a\rb"'),
            ("a\nb", '"a\nb"'),
            ("a\x1bb", '"a\x1bb"'),
            ("a\x85b", '"a\x85b"'),
            ("a\u2028b", '"a\u2028b"'),
            ("a;b", '"a;b"'),
            (" lead", '" lead"'),
            ("trail ", '"trail "'),
            ("=1", "'=1"),
            ("\r=1", '"\'\r=1"'),
            (CARRIAGE_RETURN_TITLE, f'"{CARRIAGE_RETURN_TITLE}"'),
        ],
    )
    def test_table(self, text: str, expected: str) -> None:
        """Special characters are quoted; formula starts gain an apostrophe first."""
        assert expected == csv_field(text)


class TestCsvRows:
    """Arbitrary text through the CSV writer and back."""

    def test_carriage_return_stays_in_its_cell(self) -> None:
        """Finding 1: a carriage return does not start a row (nor a formula)."""
        rows = list(
            csv.reader(
                io.StringIO(csv_text([["title"], [CARRIAGE_RETURN_TITLE]]), newline="")
            )
        )
        assert [["title"], [CARRIAGE_RETURN_TITLE]] == rows

    def test_single_blank_cell(self) -> None:
        """A row of one blank cell is not a blank line, which readers skip."""
        assert [["a"], [""], ["b"]] == list(
            csv.reader(io.StringIO(csv_text([["a"], [""], ["b"]]), newline=""))
        )

    @pytest.mark.parametrize(
        ("cell", "what"), [("a\x00b", "'a\\x00b'"), ("\ud800", "'\\ud800'")]
    )
    def test_refused(self, cell: str, what: str) -> None:
        """NUL (which CSV readers refuse) and lone surrogates are refused, located."""
        with pytest.raises(InvalidValueError) as caught:
            csv_text([["a", "b"], ["x", cell]])
        message = str(caught.value)
        assert (True, True) == (
            message.startswith("'row 2, column 2' must be "),
            message.endswith(f"(got {what})"),
        )

    @settings(suppress_health_check=[HealthCheck.too_slow])
    @given(st.integers(1, 4).flatmap(rectangular))
    def test_csv_module(self, rows: list[list[str]]) -> None:
        """csv.reader gives back the cells, none starting a formula."""
        assume(_no_nul(rows))
        raw = list(csv.reader(io.StringIO(csv_text(rows), newline="")))
        assert (rows, False) == (
            [[restore(c) for c in row] for row in raw],
            any(starts_formula(c) for row in raw for c in row),
        )

    @settings(suppress_health_check=[HealthCheck.too_slow])
    @given(st.integers(1, 4).flatmap(rectangular))
    def test_pandas(self, rows: list[list[str]]) -> None:
        """pandas.read_csv gives back the cells, none starting a formula."""
        assume(_no_nul(rows))
        frame = pd.read_csv(
            io.StringIO(csv_text(rows)),
            dtype=str,
            keep_default_na=False,
            header=None,
            skip_blank_lines=False,
        )
        raw = frame.to_numpy().tolist()
        assert (rows, False) == (
            [[restore(c) for c in row] for row in raw],
            any(starts_formula(c) for row in raw for c in row),
        )


class TestXlsxRows:
    """Arbitrary text through the workbook writer and back."""

    def test_carriage_return_kept(self) -> None:
        """Finding 1: a carriage return comes back as a carriage return, not a line feed."""
        rows = [[CARRIAGE_RETURN_TITLE, "a\r\nb", "\r", " \r "]]
        assert rows == [[restore(c) for c in row] for row in xlsx_cells(rows)]

    @pytest.mark.parametrize(
        "char", ["\x00", "\x01", "\x1b", "\x1f", "\ufffe", "\ud800"]
    )
    def test_refused(self, char: str) -> None:
        """Characters XML cannot hold are refused before anything is written, located."""
        with pytest.raises(InvalidValueError) as caught:
            xlsx_cells([["a"], ["b", f"x{char}y"]])
        assert str(caught.value).startswith("'row 2, column 2' must be text ")

    @settings(suppress_health_check=[HealthCheck.too_slow], max_examples=40)
    @given(st.integers(1, 3).flatmap(rectangular))
    def test_openpyxl(self, rows: list[list[str]]) -> None:
        """Openpyxl gives back the cells, none a formula or starting one."""
        if any(set(cell) & _NOT_XML for row in rows for cell in row):
            with pytest.raises(InvalidValueError):
                xlsx_cells(rows)
            return
        raw = xlsx_cells(rows)
        assert (rows, False) == (
            [
                [restore(c) for c in row] + [""] * (len(rows[0]) - len(row))
                for row in raw
            ],
            any(starts_formula(c) for row in raw for c in row),
        )


class TestStyledCells:
    """Issue 12: a styled workbook (filled, bold headings) is as safe as a plain one."""

    @settings(suppress_health_check=[HealthCheck.too_slow], max_examples=40)
    @given(st.lists(TEXT, min_size=1, max_size=4))
    def test_filled_text_neutralised(self, texts: list[str]) -> None:
        """Text styled by what it says, heading and body, is neutralised and kept."""
        assume(not any(set(t) & _NOT_XML for t in texts))
        style = CellStyle(fill="FFC7CE", font="9C0006")
        layout = SheetLayout(styles={0: dict.fromkeys(texts, style)})
        rows = [[t] for t in texts]
        buffer = io.BytesIO()
        write_xlsx_rows(buffer, rows, layout=layout)
        sheet = openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active
        assert sheet is not None
        cells = [row[0] for row in sheet.iter_rows()]
        assert (texts, {"FFFFC7CE"}, False) == (
            [restore(str(c.value or "")) for c in cells],
            {c.fill.fgColor.rgb for c in cells[1:]} or {"FFFFC7CE"},
            any(
                c.data_type == "f"
                or (isinstance(c.value, str) and starts_formula(c.value))
                for c in cells
            ),
        )

    def test_refused_before_styling(self) -> None:
        """A character a workbook cannot hold is refused in a styled sheet too, located."""
        with pytest.raises(InvalidValueError) as caught:
            xlsx_bytes([["a"], ["b\x00"]], name="out.xlsx", layout=SheetLayout())
        assert str(caught.value).startswith("'row 2, column 1' must be text ")


class TestPlanWriters:
    """Free text (data notes) through every plan writer and back."""

    def test_long_csv_carriage_return(self) -> None:
        """Finding 1: a carriage return in text keeps the long CSV readable, and the plan whole."""
        plan = noted_plan(CARRIAGE_RETURN_TITLE)
        buffer = io.StringIO()
        write_long_csv(plan, buffer)
        raw = list(csv.reader(io.StringIO(buffer.getvalue(), newline="")))
        assert (plan, {9}) == (
            read_long_csv(io.StringIO(buffer.getvalue())),
            {len(r) for r in raw},
        )

    def test_long_xlsx_carriage_return(self) -> None:
        """Finding 1: read_long_xlsx(write_long_xlsx(plan)) == plan with a carriage return."""
        plan = noted_plan(CARRIAGE_RETURN_TITLE)
        buffer = io.BytesIO()
        write_long_xlsx(plan, buffer)
        assert plan == read_long_xlsx(io.BytesIO(buffer.getvalue()))

    def test_evaluations_csv_carriage_return(self) -> None:
        """Finding 1: an export's rows keep their width, and no cell starts a formula."""
        plan = noted_plan("n")
        measure = attrs.evolve(
            plan.measures[0],
            overrides={
                REPORT: Override(status=Status.GREEN, reason=CARRIAGE_RETURN_TITLE)
            },
        )
        plan = attrs.evolve(plan, measures=[measure])
        buffer = io.StringIO()
        write_evaluations_csv(evaluate_plan(plan, REPORT), buffer, plan=plan)
        raw = list(csv.reader(io.StringIO(buffer.getvalue(), newline="")))
        reason = raw[0].index("override_reason")
        assert ({len(raw[0])}, False, CARRIAGE_RETURN_TITLE) == (
            {len(r) for r in raw},
            any(starts_formula(c) for row in raw for c in row),
            raw[1][reason],
        )

    @pytest.mark.parametrize("name", sorted(PLAN_WRITERS))
    @settings(suppress_health_check=[HealthCheck.too_slow], max_examples=40)
    @given(note=TEXT)
    def test_every_plan_writer(self, name: str, note: str) -> None:
        """A note of any text comes back from long and wide CSV and workbooks.

        A wide table reads a blank cell as no note, so it refuses a blank
        note rather than lose it; characters a file cannot hold are refused.
        """
        try:
            plan = noted_plan(note)
        except PerfmeasuresError:
            assume(False)
            raise
        write, read, binary = PLAN_WRITERS[name]
        buffer: io.BytesIO | io.StringIO = io.BytesIO() if binary else io.StringIO()
        if "\x00" in note or (binary and set(note) & _NOT_XML):
            with pytest.raises(InvalidValueError):
                write(plan, buffer)
            return
        if name.startswith("wide") and not note.strip():
            with pytest.raises(LossyConversionError):
                write(plan, buffer)
            return
        write(plan, buffer)
        buffer.seek(0)
        assert plan == read(buffer)

    @settings(suppress_health_check=[HealthCheck.too_slow], max_examples=40)
    @given(TEXT)
    def test_evaluation_exports(self, title: str) -> None:
        """An export of a plan with any title has rows of one width and no formula."""
        try:
            plan = noted_plan("n", title=title)
        except PerfmeasuresError:
            assume(False)
            raise
        evaluations = evaluate_plan(plan, REPORT)
        buffer = io.StringIO()
        write_evaluations_csv(evaluations, buffer, plan=plan)
        raw = list(csv.reader(io.StringIO(buffer.getvalue(), newline="")))
        assert ({len(raw[0])}, False, title) == (
            {len(r) for r in raw},
            any(starts_formula(c) for row in raw for c in row),
            restore(raw[1][2]),
        )
        book = io.BytesIO()
        write_evaluations_xlsx(evaluations, book, plan=plan)
        sheet = openpyxl.load_workbook(io.BytesIO(book.getvalue())).active
        cells = [c for row in sheet.iter_rows() for c in row]  # type: ignore[union-attr]  # A new book has its sheet.
        assert (False, title) == (
            any(
                c.data_type == "f"
                or (isinstance(c.value, str) and starts_formula(c.value))
                for c in cells
            ),
            restore(str(sheet.cell(2, 3).value or "")),  # type: ignore[union-attr]  # As above.
        )


def test_decimal_cells_stay_numbers() -> None:
    """Decimals are plain decimal text, never quoted or neutralised."""
    assert "-5,0.10\n" == _csv_line([Decimal(-5), Decimal("0.10")])


def _csv_line(row: list[str | Decimal]) -> str:
    buffer = io.StringIO()
    write_csv_rows(buffer, [row])
    return buffer.getvalue()


class TestWriterEdges:
    """Edges of the shared writers that mutation testing found unchecked."""

    def test_target_names(self, tmp_path: Path) -> None:
        """A path names itself, an open file its name, a nameless stream '<stream>'."""
        path = tmp_path / "out.csv"
        with path.open("w", encoding="utf-8") as handle:
            named = target_name(handle)
        assert (str(path), str(path), "<stream>") == (
            target_name(path),
            named,
            target_name(io.BytesIO()),
        )

    def test_special_files(self, tmp_path: Path) -> None:
        """Devices and pipes are special; files, folders and missing paths are not."""
        (tmp_path / "file").write_text("x", encoding="utf-8")
        found = [
            _is_special(tmp_path / "file"),
            _is_special(tmp_path),
            _is_special(tmp_path / "missing"),
        ]
        assert [False, False, False] == found
        if Path("/dev/null").exists():
            assert _is_special("/dev/null")

    def test_longest_text_cell(self) -> None:
        """A workbook cell takes 32,767 characters and refuses one more."""
        xlsx_bytes([["y" * 32_767]], name="out.xlsx")
        with pytest.raises(InvalidValueError):
            xlsx_bytes([["y" * 32_768]], name="out.xlsx")

    def test_fifteen_digits_are_a_number(self) -> None:
        """Fifteen significant digits are a number; sixteen are exact text."""
        data = xlsx_bytes(
            [[Decimal("1234567890.12345"), Decimal("1234567890.123456")]],
            name="out.xlsx",
        )
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        assert sheet is not None
        cells = [(c.value, c.number_format) for c in sheet[1]]
        assert [
            (1234567890.12345, "0.00000"),
            ("1234567890.123456", "General"),
        ] == cells

    @pytest.mark.parametrize(
        ("title", "name"), [("A" * 40, "A" * 31), ("", "Sheet1"), ("Plan", "Plan")]
    )
    def test_sheet_title(self, title: str, name: str) -> None:
        """A sheet takes the first 31 characters of its title, or 'Sheet1'."""
        data = xlsx_bytes([["x"]], name="out.xlsx", title=title)
        assert [name] == openpyxl.load_workbook(io.BytesIO(data)).sheetnames

    @pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
    def test_full_device(self) -> None:
        """A device that refuses the data is named, with the system's reason only."""
        with pytest.raises(PerfmeasuresError) as caught:
            write_csv_rows("/dev/full", [["x"]])
        assert (
            "/dev/full: cannot be written (No space left on device); nothing was changed"
        ) == str(caught.value)


class TestPlanWorkbookErrorsNamePlaces:
    """A plan workbook that cannot be written names the measure, not the cell.

    Converting a plan whose title is longer than a workbook cell holds said
    "'row 117, column 9' must be ...", and repeated the whole title.
    """

    @staticmethod
    def _plan_with_long_title() -> Plan:
        plan = rotherham_2019_20()
        first = attrs.evolve(plan.measures[0], title="x" * 40_000)
        return attrs.evolve(plan, measures=(first, *plan.measures[1:]))

    @pytest.mark.parametrize(
        ("write", "field"),
        [
            (write_long_xlsx, "measure 1.A2, title"),
            (write_wide_xlsx, "measure 1.A2, Measure"),
        ],
    )
    def test_named(
        self, write: Callable[..., None], field: str, tmp_path: Path
    ) -> None:
        """The error names the measure and the field, and shows the title short."""
        pytest.importorskip("openpyxl")
        target = tmp_path / "plan.xlsx"
        with pytest.raises(InvalidValueError) as caught:
            write(self._plan_with_long_title(), target)
        assert field == caught.value.field
        assert "(40,000 characters)" in str(caught.value)
        assert len(str(caught.value)) < 600
        assert not target.exists()


def test_long_values_shown_short() -> None:
    """A message shows a long value by its start and its length."""
    error = InvalidValueError("title", "y" * 1000, "short text")
    assert str(error).endswith("... (1,000 characters))")
    assert len(str(error)) < 300
    assert "y" * 1000 == error.value
