"""Tests for evaluations written to CSV and .xlsx, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar

import attrs
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from perfmeasures import (
    EvaluationSet,
    InvalidValueError,
    Measure,
    Override,
    Period,
    Plan,
    Polarity,
    Status,
    evaluate_plan,
    parse_period,
)
from perfmeasures import strategies as pst
from perfmeasures.examples import REPORT_PERIOD, rotherham_2019_20
from perfmeasures.io import (
    write_evaluations_csv,
    write_evaluations_xlsx,
)
from perfmeasures.io._export import EVALUATION_COLUMNS, STATUS_STYLES
from perfmeasures.io._sheets._cells import DANGEROUS
from tests.conftest import heavy

SEED = rotherham_2019_20()
EVALUATIONS = evaluate_plan(SEED, REPORT_PERIOD)
NUMERIC = {
    "quarter",
    "month",
    "actual",
    "period_actual",
    "target",
    "target_lower",
    "target_upper",
    "annual_target",
    "comparator_value",
    "variance",
    "variance_percent",
}


def csv_rows(evaluations: EvaluationSet, plan: Plan | None = None) -> list[list[str]]:
    """The export of *evaluations*, read back as raw CSV cells."""
    buffer = io.StringIO()
    write_evaluations_csv(evaluations, buffer, plan=plan)
    return list(csv.reader(io.StringIO(buffer.getvalue())))


def xlsx_sheet(evaluations: EvaluationSet, plan: Plan | None = None) -> Worksheet:
    """The export of *evaluations* as an openpyxl worksheet."""
    buffer = io.BytesIO()
    write_evaluations_xlsx(evaluations, buffer, plan=plan)
    sheet = openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active
    assert isinstance(sheet, Worksheet)
    return sheet


def hostile_plan() -> Plan:
    """A plan whose text would run as formulas if written raw."""
    measure = Measure(
        ref="-1",
        title='=HYPERLINK("http://example.invalid","click")',
        polarity=Polarity.HIGHER_IS_BETTER,
        values={"Q1 2019/20": -5},
        targets={"2019/20": 10},
        overrides={
            "Q1 2019/20": Override(status=Status.GREEN, reason="+cmd", by="@team")
        },
    )
    return Plan(title="t", measures=[measure])


class TestCsv:
    """Evaluations as CSV."""

    def test_columns(self) -> None:
        """The header is the documented columns, one row per measure and part."""
        rows = csv_rows(EVALUATIONS, SEED)
        assert (list(EVALUATION_COLUMNS), 13) == (rows[0], len(rows))

    def test_row(self) -> None:
        """A measure's row holds its ratings, figures and words."""
        rows = csv_rows(EVALUATIONS, SEED)
        row = dict(zip(rows[0], rows[1], strict=True))
        shown = {c: row[c] for c in ("ref", "status", "direction", "actual", "target")}
        assert {
            "ref": "1.A2",
            "status": "red",
            "direction": "worsening",
            "actual": "94.8",
            "target": "90",
        } == shown

    def test_parts(self) -> None:
        """A part's row follows its parent's, naming both."""
        rows = csv_rows(EVALUATIONS, SEED)
        refs = [(r[0], r[1]) for r in rows[1:] if r[0] == "3.A4(b)"]
        assert [
            ("3.A4(b)", ""),
            ("3.A4(b)", "3.A4(b) vehicles"),
            ("3.A4(b)", "3.A4(b) drivers"),
        ] == refs

    def test_titles_need_the_plan(self) -> None:
        """Without the plan, titles are blank."""
        rows = csv_rows(EVALUATIONS)
        assert {""} == {r[2] for r in rows[1:]}

    def test_neutralised(self) -> None:
        """Text that would run as a formula gains an apostrophe; numbers do not."""
        plan = hostile_plan()
        rows = csv_rows(evaluate_plan(plan, REPORT_PERIOD), plan)
        row = dict(zip(rows[0], rows[1], strict=True))
        shown = {c: row[c] for c in ("ref", "title", "override_reason", "override_by")}
        assert (
            {
                "ref": "'-1",
                "title": '\'=HYPERLINK("http://example.invalid","click")',
                "override_reason": "'+cmd",
                "override_by": "'@team",
            },
            "-5",
            "-15",
        ) == (shown, row["actual"], row["variance"])

    def test_path(self, tmp_path: Path) -> None:
        """A path is written as UTF-8."""
        path = tmp_path / "evaluations.csv"
        write_evaluations_csv(EVALUATIONS, path, plan=SEED)
        assert path.read_text("utf-8").startswith("ref,part,title,period,")

    def test_binary_stream(self) -> None:
        """A binary stream gets UTF-8 bytes."""
        buffer = io.BytesIO()
        write_evaluations_csv(EVALUATIONS, buffer)
        assert buffer.getvalue().startswith(b"ref,part,title,period,")

    @heavy()
    @given(pst.plans(), pst.periods(start_month=4))
    def test_never_a_formula(self, plan: Plan, period: Period) -> None:
        """No cell starts with a formula character unless it is a number."""
        rows = csv_rows(evaluate_plan(plan, period), plan)
        for row in rows[1:]:
            for column, cell in zip(rows[0], row, strict=True):
                if cell.startswith(DANGEROUS):
                    assert (column, True) == (column, column in NUMERIC)
                    Decimal(cell)


class TestXlsx:
    """Evaluations as a workbook."""

    def test_numbers_stay_numbers(self) -> None:
        """Figures are numeric cells, flags booleans, words text."""
        sheet = xlsx_sheet(EVALUATIONS, SEED)
        header = [c.value for c in sheet[1]]
        row = dict(zip(header, sheet[2], strict=True))
        assert (
            ("n", 94.8),
            ("n", 90),
            ("b", False),
            ("s", "red"),
            ("n", 1),
        ) == tuple(
            (row[c].data_type, row[c].value)
            for c in ("actual", "target", "overridden", "status", "quarter")
        )

    def test_neutralised(self) -> None:
        """Formula-like text is stored as text with an apostrophe, never a formula."""
        plan = hostile_plan()
        sheet = xlsx_sheet(evaluate_plan(plan, REPORT_PERIOD), plan)
        cells = list(sheet[2])
        assert (
            {"s"},
            ["'-1", '\'=HYPERLINK("http://example.invalid","click")'],
            -5,
        ) == (
            {c.data_type for c in cells if isinstance(c.value, str)},
            [cells[0].value, cells[2].value],
            cells[11].value,
        )

    @settings(suppress_health_check=[HealthCheck.too_slow], max_examples=50)
    @given(pst.plans(), pst.periods(start_month=4))
    def test_never_a_formula(self, plan: Plan, period: Period) -> None:
        """No text cell of a workbook starts with a formula character."""
        sheet = xlsx_sheet(evaluate_plan(plan, period), plan)
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str):
                    assert (cell.value, False) == (
                        cell.value,
                        cell.value.startswith(DANGEROUS) or cell.data_type == "f",
                    )


def every_status_plan() -> Plan:
    """A plan with one measure overridden to each status (each computed red)."""
    return Plan(
        title="t",
        measures=[
            Measure(
                ref=f"M{index}",
                title=status.value,
                polarity=Polarity.HIGHER_IS_BETTER,
                values={"Q1 2019/20": 5},
                targets={"2019/20": 10},
                overrides={"Q1 2019/20": Override(status=status, reason="set")},
            )
            for index, status in enumerate(Status)
        ],
    )


def _luminance(rgb: str) -> float:
    """The relative luminance of an RGB colour (``FFC7CE``), as WCAG 2 defines it."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(rgb[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(one: str, other: str) -> float:
    """The WCAG contrast ratio of two RGB colours, from 1 to 21."""
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


class TestXlsxLayout:
    """Issue 12: the evaluations workbook is laid out for people to read."""

    PLAN = every_status_plan()
    SHEET = xlsx_sheet(evaluate_plan(PLAN, REPORT_PERIOD), PLAN)
    HEADER: ClassVar = [c.value for c in SHEET[1]]

    def column(self, name: str) -> list[Any]:
        """The cells of the column headed *name*, below the heading."""
        index = self.HEADER.index(name)
        return [row[index] for row in self.SHEET.iter_rows(min_row=2)]

    def test_status_fills(self) -> None:
        """Each status cell is filled by its band, grey for no rating, words kept."""
        shown = {
            c.value: (c.fill.fill_type, c.fill.fgColor.rgb, c.font.color.rgb)
            for c in self.column("status")
        }
        assert {
            "blue": ("solid", "FFBDD7EE", "FF1F3864"),
            "green": ("solid", "FFC6EFCE", "FF006100"),
            "yellow": ("solid", "FFFFEB9C", "FF5C4A00"),
            "amber": ("solid", "FFFFD7A8", "FF7A3E00"),
            "red": ("solid", "FFFFC7CE", "FF9C0006"),
            "not_available": ("solid", "FFE7E6E6", "FF3A3838"),
            "not_applicable": ("solid", "FFE7E6E6", "FF3A3838"),
            "under_development": ("solid", "FFE7E6E6", "FF3A3838"),
        } == shown

    def test_every_status_has_a_style(self) -> None:
        """Every status, present and future, has a fill: none falls back to plain."""
        assert set(Status) == set(STATUS_STYLES)

    def test_bands_differ(self) -> None:
        """The five bands have five fills; only the no-rating statuses share grey."""
        bands = [STATUS_STYLES[s].fill for s in Status if s.is_rag]
        assert len(set(bands)) == len(bands) == 5

    @pytest.mark.parametrize("status", list(Status))
    def test_contrast(self, status: Status) -> None:
        """Dark text on a light fill: at least 4.5 to 1 (WCAG AA), for every status."""
        style = STATUS_STYLES[status]
        assert contrast(style.fill, style.font) >= 4.5

    def test_computed_and_published_filled(self) -> None:
        """computed_status and published_status are filled too; direction is not."""
        computed = self.column("computed_status")
        direction = self.column("direction")
        assert (
            {("red", "FFFFC7CE")},
            {None},
        ) == (
            {(c.value, c.fill.fgColor.rgb) for c in computed},
            {c.fill.fill_type for c in direction},
        )

    def test_published_status_filled(self) -> None:
        """A published status is filled as the rating is."""
        sheet = xlsx_sheet(EVALUATIONS, SEED)
        header = [c.value for c in sheet[1]]
        cell = sheet.cell(2, header.index("published_status") + 1)
        assert ("red", "FFFFC7CE") == (cell.value, cell.fill.fgColor.rgb)

    def test_other_text_plain(self) -> None:
        """A title that happens to read 'red' is not filled: only status columns are."""
        titles = self.column("title")
        assert {None} == {c.fill.fill_type for c in titles}

    def test_frozen_filtered_printed(self) -> None:
        """The heading row is frozen, filtered over every row, and printed on each page."""
        rows = len(list(self.SHEET.iter_rows()))
        last = get_column_letter(len(EVALUATION_COLUMNS))
        assert ("A2", f"A1:{last}{rows}", "$1:$1", 9) == (
            self.SHEET.freeze_panes,
            self.SHEET.auto_filter.ref,
            self.SHEET.print_title_rows,
            rows,
        )

    def test_heading_bold(self) -> None:
        """Every heading is bold; no data cell is."""
        data = [c for row in self.SHEET.iter_rows(min_row=2) for c in row]
        assert ({True}, {False}) == (
            {bool(c.font.b) for c in self.SHEET[1]},
            {bool(c.font.b) for c in data},
        )

    def test_widths(self) -> None:
        """Columns are sized to their longest cell, heading included, at most 60."""
        sheet = xlsx_sheet(EVALUATIONS, SEED)
        widths = {
            name: sheet.column_dimensions[get_column_letter(i + 1)].width
            for i, name in enumerate(EVALUATION_COLUMNS)
        }
        # "ref" (3 characters and a filter button) holds "3.A4(b)"; quarter
        # holds "1" under its heading; the titles and words are capped.
        assert {"ref": 9, "quarter": 12, "title": 60, "explanation": 60} == {
            k: widths[k] for k in ("ref", "quarter", "title", "explanation")
        }
        assert all(4 <= w <= 60 for w in widths.values())

    def test_empty_filtered(self) -> None:
        """A workbook of no evaluations filters just its heading."""
        sheet = xlsx_sheet(TestEmpty.EMPTY)
        assert ("A2", "A1:AE1") == (sheet.freeze_panes, sheet.auto_filter.ref)

    def test_figures_still_numbers(self) -> None:
        """Styling leaves figures numeric cells with their own places."""
        actual = self.column("actual")
        variance = self.column("variance_percent")
        assert ({("n", 5)}, {("n", -50)}) == (
            {(c.data_type, c.value) for c in actual},
            {(c.data_type, c.value) for c in variance},
        )


class TestEmpty:
    """A plan with no measures."""

    EMPTY = evaluate_plan(Plan(title="t"), REPORT_PERIOD)

    def test_csv(self) -> None:
        """The CSV holds just the header."""
        assert [list(EVALUATION_COLUMNS)] == csv_rows(self.EMPTY)

    def test_xlsx(self) -> None:
        """The workbook holds just the header."""
        rows = list(xlsx_sheet(self.EMPTY).iter_rows(values_only=True))
        assert [EVALUATION_COLUMNS] == rows


def unwritable_plan() -> Plan:
    """A plan with text no workbook can store, built with validators off."""
    with attrs.validators.disabled():
        girls = Measure(
            ref="1.A2 girls",
            title="girls\x07",
            polarity=Polarity.HIGHER_IS_BETTER,
            values={"Q1 2019/20": 5},
        )
        reason = Override(status=Status.GREEN, reason="bell\x07 nul\x00")
        measure = Measure(
            ref="1.A2",
            title="Pupils",
            polarity=Polarity.HIGHER_IS_BETTER,
            values={"Q1 2019/20": 5},
            targets={"2019/20": 10},
            overrides={"Q1 2019/20": reason},
            components=[girls],
        )
    return Plan(title="t", measures=[measure])


class TestUnwritableText:
    """Finding 6: a text an export cannot write is named by where it came from."""

    PLAN = unwritable_plan()
    EVALUATIONS = evaluate_plan(PLAN, parse_period("Q1 2019/20"))

    def test_xlsx(self) -> None:
        """The workbook names the measure, the column and the period."""
        with pytest.raises(InvalidValueError) as caught:
            write_evaluations_xlsx(self.EVALUATIONS, io.BytesIO(), plan=self.PLAN)
        assert (
            "measure 1.A2, override_reason for Q1 2019/20",
            "bell\x07 nul\x00",
        ) == (caught.value.field, caught.value.value)

    def test_xlsx_part(self) -> None:
        """A part's text names the part too."""
        plan = attrs.evolve(
            self.PLAN, measures=[attrs.evolve(self.PLAN.measures[0], overrides={})]
        )
        evaluations = evaluate_plan(plan, parse_period("Q1 2019/20"))
        with pytest.raises(InvalidValueError) as caught:
            write_evaluations_xlsx(evaluations, io.BytesIO(), plan=plan)
        assert "measure 1.A2, part 1.A2 girls, title for Q1 2019/20" == (
            caught.value.field
        )

    def test_csv(self) -> None:
        """CSV names the measure, the column and the period."""
        with pytest.raises(InvalidValueError) as caught:
            write_evaluations_csv(self.EVALUATIONS, io.BytesIO(), plan=self.PLAN)
        assert (
            "'measure 1.A2, override_reason for Q1 2019/20' must be text without "
            "NUL characters (CSV readers refuse them) (got 'bell\\x07 nul\\x00')"
        ) == str(caught.value)
