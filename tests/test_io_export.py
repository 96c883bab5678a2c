"""Tests for evaluations written to CSV and .xlsx, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import attrs
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
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
from perfmeasures.io._export import EVALUATION_COLUMNS
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
