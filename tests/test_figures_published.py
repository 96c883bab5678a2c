"""Tests for figures as published: places kept, never an exponent, in words and cells."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfmeasures import (
    AnnualTarget,
    Basis,
    Bound,
    BoundTarget,
    ChangeKind,
    FixedTarget,
    Measure,
    Period,
    Plan,
    Polarity,
    RangeTarget,
    RelativeTarget,
    Target,
    Unit,
    UnitKind,
    Value,
    Year,
    evaluate,
    evaluate_plan,
    parse_period,
)
from perfmeasures import strategies as pst
from perfmeasures._arithmetic import (
    DECIMAL_PLACES,
    INTEGER_DIGITS,
    figure_text,
    round_figure,
)
from perfmeasures.cli import main
from perfmeasures.io import dump_plan, evaluations_to_json, write_evaluations_csv
from perfmeasures.io._sheets._read import read_xlsx_rows
from perfmeasures.io._sheets._write import write_xlsx_rows
from perfmeasures.reports import target_words

EXPONENT = re.compile(r"\d[eE][+-]?\d")
Q1 = "Q1 2019/20"


def cells_read(*cells: tuple[float, str]) -> list[str]:
    """Each (value, number format) saved by openpyxl in one row, read back as text."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for column, (value, number_format) in enumerate(cells, start=1):
        cell = sheet.cell(row=1, column=column, value=value)
        cell.number_format = number_format
    buffer = io.BytesIO()
    book.save(buffer)
    return read_xlsx_rows(io.BytesIO(buffer.getvalue()))[1][0]


def round_trip(figure: Decimal, *, percent: bool) -> str:
    """*figure* written by write_xlsx_rows to one cell and read back as text."""
    buffer = io.BytesIO()
    write_xlsx_rows(
        buffer, [[figure]], percent=frozenset({(0, 0)}) if percent else frozenset()
    )
    (text,) = read_xlsx_rows(io.BytesIO(buffer.getvalue()))[1][0]
    return text


class TestFigureText:
    """The one way figures are written into words."""

    @pytest.mark.parametrize(
        ("figure", "expected"),
        [
            ("1E+2", "100"),
            ("1.5E+3", "1500"),
            ("81.0", "81.0"),
            ("94.80", "94.80"),
            ("1E-7", "0.0000001"),
            ("-3E+1", "-30"),
        ],
    )
    def test_as_published(self, figure: str, expected: str) -> None:
        """A published figure keeps its places and is never in exponent form."""
        assert expected == figure_text(Decimal(figure))

    @pytest.mark.parametrize(
        ("figure", "expected"),
        [
            ("70.00", "70"),
            ("7E+1", "70"),
            ("1E+2", "100"),
            ("47.025", "47.03"),
            ("93.33333333333333333333333333", "93.33"),
            ("-0.001", "0"),
            ("1.50", "1.5"),
        ],
    )
    def test_computed(self, figure: str, expected: str) -> None:
        """A computed figure: two places at most, no zeros the arithmetic left."""
        assert expected == figure_text(Decimal(figure), 2)

    def test_round_figure_exponent(self) -> None:
        """A rounded figure never has a positive exponent."""
        assert (0, "100") == (
            round_figure(Decimal("1E+2"), 2).as_tuple().exponent,
            str(round_figure(Decimal("1E+2"), 2)),
        )


def measure(target: Target, **values: str) -> Measure:
    """A higher-is-better count with *target* for 2019/20 and figures in exponent form."""
    return Measure(
        ref="9.Z1",
        title="Things",
        polarity=Polarity.HIGHER_IS_BETTER,
        values={
            "2018/19": Decimal("3E+2"),
            "Q4 2018/19": Decimal("1E+2"),
            Q1: Decimal("1.5E+2"),
            **{k.replace("_", " "): Decimal(v) for k, v in values.items()},
        },
        targets={"2019/20": target},
    )


# Targets whose figures, profiles and shares are Decimals with positive exponents.
TARGETS: list[tuple[Target, str]] = [
    (FixedTarget(Decimal("1E+2")), "a target of 100"),
    (
        AnnualTarget(value=Decimal("1.2E+3")),
        "an annual target of 1200 (300 by the end of Q1 2019/20)",
    ),
    (
        AnnualTarget(value=Decimal("1.5E+3"), basis=Basis.PERIOD),
        "an annual target of 1500 (375 for Q1 2019/20)",
    ),
    (
        AnnualTarget(value=Decimal("4E+2"), profile=(Decimal("1E+2"),) * 4),
        "an annual target of 400 (100 by the end of Q1 2019/20)",
    ),
    (
        AnnualTarget(value=280, profile=(Decimal("7E+1"),) * 4),
        "an annual target of 280 (70 by the end of Q1 2019/20)",
    ),
    (
        RangeTarget(lower=Decimal("1E+2"), upper=Decimal("1.5E+3")),
        "a target range of 100 to 1500",
    ),
    (BoundTarget(Decimal("1E+2"), Bound.BELOW), "a target of < 100"),
    (
        RelativeTarget(baseline=Year(2018), change=Decimal("-1E+1")),
        (
            "an annual target of 270 (67.5 by the end of Q1 2019/20), -10% on 300 "
            "in 2018/19"
        ),
    ),
    (
        RelativeTarget(
            baseline=Year(2018),
            change=Decimal("1E+2"),
            change_kind=ChangeKind.ABSOLUTE,
        ),
        (
            "an annual target of 400 (100 by the end of Q1 2019/20), +100 on 300 "
            "in 2018/19"
        ),
    ),
]


class TestExplanations:
    """Explanations print targets in plain figures, whatever their exponent."""

    @pytest.mark.parametrize(("target", "words"), TARGETS)
    def test_evaluate(self, target: Target, words: str) -> None:
        """evaluate(...).explanation names the target without an exponent."""
        explanation = evaluate(measure(target), Q1).explanation
        assert (True, None) == (words in explanation, EXPONENT.search(explanation))

    def test_quarter_of_a_round_year(self) -> None:
        """A year of 1E+2 a quarter shows its share as 100, not 1E+2 or 100.00."""
        target = AnnualTarget(value=Decimal("4E+2"), basis=Basis.PERIOD)
        assert "an annual target of 400 (100 for Q1 2019/20)" in (
            evaluate(measure(target), Q1).explanation
        )

    @pytest.mark.parametrize(
        ("kind", "words"),
        [
            (
                UnitKind.PERCENTAGE,
                "an annual target of 97% (48.5% by the end of Q2 2019/20)",
            ),
            (
                UnitKind.MONEY,
                "an annual target of £97 (£48.5 by the end of Q2 2019/20)",
            ),
            (UnitKind.COUNT, "an annual target of 97 (48.5 by the end of Q2 2019/20)"),
        ],
    )
    def test_annual_target_in_the_measures_unit(
        self, kind: UnitKind, words: str
    ) -> None:
        """An annual target on a percentage measure keeps its '%' in the words.

        The council-style workbook's collection rate once read "55.8% year to
        date against an annual target of 97 (56 by the end of Q2 2019/20)".
        """
        m = Measure(
            ref="9.Z3",
            title="Collection rate",
            polarity=Polarity.HIGHER_IS_BETTER,
            unit=Unit(kind=kind),
            values={
                "Q1 2019/20": Value(amount=Decimal(29), year_to_date=Decimal(29)),
                "Q2 2019/20": Value(amount=Decimal(26), year_to_date=Decimal(55)),
            },
            targets={"2019/20": AnnualTarget(value=Decimal(97))},
        )
        explanation = evaluate(m, "Q2 2019/20").explanation
        assert words in explanation, explanation

    def test_published_places_kept(self) -> None:
        """A percentage published as 81.0 stays 81.0%; a computed one drops zeros."""
        m = Measure(
            ref="9.Z2",
            title="Rate",
            polarity=Polarity.HIGHER_IS_BETTER,
            unit=Unit(kind=UnitKind.PERCENTAGE),
            values={Q1: "81.0"},
            targets={"2019/20": "85.0"},
        )
        assert evaluate(m, Q1).explanation.startswith("81.0% against a target of 85.0%")

    def test_computed_figure_rounded_without_zeros(self) -> None:
        """A relative target of a quarter's figure prints rounded, without zeros."""
        target = RelativeTarget(
            baseline=Year(2018).quarters()[3], change=Decimal("-1E+1")
        )
        m = measure(target)
        assert "against a target of 90," in evaluate(m, Q1).explanation

    def test_json_and_csv(self) -> None:
        """The JSON explanation and every CSV cell of words are free of exponents."""
        plan = Plan(title="t", measures=[measure(t) for t, _ in TARGETS[:1]])
        evaluations = evaluate_plan(plan, Q1)
        document = json.loads(evaluations_to_json(evaluations))
        text = io.StringIO()
        write_evaluations_csv(evaluations, text, plan=plan)
        rows = list(csv.DictReader(io.StringIO(text.getvalue())))
        figures = [rows[0][c] for c in ("actual", "target", "comparator_value")]
        words = (
            "150 against a target of 100, higher is better; up from 100 in "
            "Q4 2018/19 (improving). Status green."
        )
        assert (
            words,
            document["evaluations"][0]["explanation"],
            ["150", "100", "100"],
        ) == (rows[0]["explanation"], rows[0]["explanation"], figures)

    @pytest.mark.parametrize(("target", "words"), TARGETS)
    def test_json_explanation(self, target: Target, words: str) -> None:
        """evaluations_to_json carries the plain words of every kind of target."""
        plan = Plan(title="t", measures=[measure(target)])
        document = json.loads(evaluations_to_json(evaluate_plan(plan, Q1)))
        explanation = document["evaluations"][0]["explanation"]
        assert (True, None) == (words in explanation, EXPONENT.search(explanation))

    def test_cli(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """``perfmeasures evaluate`` prints every target without an exponent."""
        plan = Plan(
            title="t",
            measures=[
                Measure(
                    ref=f"9.Z{n}",
                    title="Things",
                    polarity=Polarity.HIGHER_IS_BETTER,
                    values={
                        "2018/19": Decimal("3E+2"),
                        "Q4 2018/19": Decimal("1E+2"),
                        Q1: Decimal("1.5E+2"),
                    },
                    targets={"2019/20": target},
                )
                for n, (target, _) in enumerate(TARGETS, start=1)
            ],
        )
        path = tmp_path / "plan.json"
        dump_plan(plan, path)
        assert 0 == main(["evaluate", str(path), "--period", Q1])
        out = capsys.readouterr().out
        assert (None, True, True) == (
            EXPONENT.search(out),
            "an annual target of 1200 (300 by the end of Q1 2019/20)" in out,
            "a target range of 100 to 1500" in out,
        )

    @settings(
        max_examples=15,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(pst.plans(max_measures=2))
    def test_never_an_exponent(self, plan: Plan) -> None:
        """Law: no explanation of any evaluation of any plan has an exponent."""
        for m in plan.measures:
            periods: list[Period] = [*m.values, *m.targets]
            for period in periods:
                explanation = evaluate(m, period).explanation
                assert (explanation, None) == (
                    explanation,
                    EXPONENT.search(explanation),
                )

    @settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
    @given(
        pst.targets(),
        st.lists(pst.decimals(min_value=0, max_value=1000), min_size=5, max_size=5),
        pst.polarities(),
    )
    def test_targets_never_in_exponent_form(
        self, target: Target, figures: list[Decimal], polarity: Polarity
    ) -> None:
        """Law: a generated target rated against generated figures has no exponent."""
        year = Year(2019)
        m = Measure(
            ref="9.Z1",
            title="Things",
            polarity=polarity,
            values=dict(zip([Year(2018), *year.quarters()], figures, strict=True)),
            targets={year: target},
        )
        rated: list[Period] = [*year.quarters(), year]
        for period in rated:
            explanation = evaluate(m, period).explanation
            assert (explanation, None) == (explanation, EXPONENT.search(explanation))


class TestReportWords:
    """Reports print published targets with their places, computed ones rounded."""

    @pytest.mark.parametrize(
        ("target", "period", "expected"),
        [
            (FixedTarget(Decimal("85.0")), Q1, "a target of 85.0%"),
            (
                AnnualTarget(value=Decimal("90.0"), basis=Basis.PERIOD),
                Q1,
                "a target of 22.5% for Q1 2019/20 (90.0% for the year)",
            ),
            (AnnualTarget(value=Decimal("9E+1")), "2019/20", "an annual target of 90%"),
            (
                RelativeTarget(baseline=Year(2018), change=Decimal("-1E+1")),
                Q1,
                (
                    "a target of 20.25% to date (81% for the year, a 10% reduction "
                    "on 90.0% in 2018/19)"
                ),
            ),
        ],
    )
    def test_target_words(self, target: Target, period: str, expected: str) -> None:
        """target_words keeps a published target's places and never an exponent."""
        m = Measure(
            ref="9.Z2",
            title="Rate",
            polarity=Polarity.HIGHER_IS_BETTER,
            unit=Unit(kind=UnitKind.PERCENTAGE),
            values={"2018/19": "90.0", Q1: "81.0"},
            targets={"2019/20": target},
        )
        assert expected == target_words(m, parse_period(period))


class TestExcelPercentages:
    """Excel cells read with the places their number format shows."""

    @pytest.mark.parametrize(
        ("value", "number_format", "expected"),
        [
            (0.558, "0.0%", "55.8%"),
            (0.558, "0%", "56%"),
            (0.558, "0.00%", "55.80%"),
            (0.101, "0.0#####%", "10.1%"),
            (0.1, "0.0#####%", "10.0%"),
            (0.10125, "0.0#####%", "10.125%"),
            (0.07, "0%", "7%"),
            (0, "0.0%", "0.0%"),
            (1, "0%", "100%"),
            (-0.0525, "0.00%;[Red]-0.00%", "-5.25%"),
        ],
    )
    def test_places_shown(
        self, value: float, number_format: str, expected: str
    ) -> None:
        """A percentage cell keeps exactly the places its format shows."""
        assert [expected] == cells_read((value, number_format))

    @pytest.mark.parametrize(
        ("value", "number_format", "expected"),
        [
            (0.5584, "0.0%", "55.8%"),
            (0.5585, "0.0%", "55.9%"),
            (0.30000000000000004, "0.0%", "30.0%"),
            (-0.5585, "0.0%", "-55.9%"),
        ],
    )
    def test_hidden_precision(
        self, value: float, number_format: str, expected: str
    ) -> None:
        """More precision than shown reads as the figure shown, rounded as Excel does."""
        assert [expected] == cells_read((value, number_format))


class TestExcelNumbers:
    """Plain numbers follow the same rule as percentages."""

    @pytest.mark.parametrize(
        ("value", "number_format", "expected"),
        [
            (94.8, "0.00", "94.80"),
            (94.8, "General", "94.8"),
            (94.8, "0.0", "94.8"),
            (1288, "#,##0", "1288"),
            (1288.4, "#,##0", "1288"),
            (2500, '"£"#,##0.00', "2500.00"),
            (-94.8, "0.00;[Red](0.00)", "-94.80"),
            (1288000, '#,##0,"K"', "1288000"),
            (0.5, "0.0E+00", "0.5"),
            (0.25, "# ?/?", "0.25"),
            (1e-5, "General", "0.00001"),
        ],
    )
    def test_places_shown(
        self, value: float, number_format: str, expected: str
    ) -> None:
        """Fixed places are kept; General, scientific, scaled and fractions stay exact."""
        assert [expected] == cells_read((value, number_format))


class TestXlsxWrite:
    """Decimals written to workbooks show exactly their places."""

    @pytest.mark.parametrize(
        ("figure", "percent", "stored", "number_format"),
        [
            ("10.1", True, 0.101, "0.0%"),
            ("10", True, 0.1, "0%"),
            ("7.25", True, 0.0725, "0.00%"),
            ("94.80", False, 94.8, "0.00"),
            ("1288", False, 1288, "0"),
            ("1E+2", False, 100, "0"),
        ],
    )
    def test_number_format(
        self, figure: str, percent: bool, stored: float, number_format: str
    ) -> None:
        """The number format has the Decimal's places, the value its figure."""
        buffer = io.BytesIO()
        write_xlsx_rows(
            buffer,
            [[Decimal(figure)]],
            percent=frozenset({(0, 0)}) if percent else frozenset(),
        )
        sheet = openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active
        assert sheet is not None
        cell = sheet["A1"]
        assert ("n", stored, number_format) == (
            cell.data_type,
            cell.value,
            cell.number_format,
        )

    @pytest.mark.parametrize(
        ("figure", "percent", "expected"),
        [
            ("10.1", True, "10.1%"),
            ("10", True, "10%"),
            ("10.100", True, "10.100%"),
            ("94.80", False, "94.80"),
            ("1E+2", False, "100"),
            ("0.0", True, "0.0%"),
        ],
    )
    def test_read_back(self, figure: str, percent: bool, expected: str) -> None:
        """A figure read back has the places it was written with."""
        assert expected == round_trip(Decimal(figure), percent=percent)

    def test_too_many_digits_for_excel(self) -> None:
        """A figure Excel would round is written as its exact text."""
        figure = Decimal("123456789012.345678901234")
        assert ("123456789012.345678901234", "12.3456789012345678%") == (
            round_trip(figure, percent=False),
            round_trip(Decimal("12.3456789012345678"), percent=True),
        )

    def test_rounded_by_excel_when_not_exact(self) -> None:
        """Without exact, long figures stay numbers, with no zeros shown past Excel's."""
        buffer = io.BytesIO()
        long = Decimal("93.33333333333333333333333333")
        write_xlsx_rows(
            buffer, [[long, long]], percent=frozenset({(0, 1)}), exact=False
        )
        sheet = openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active
        assert sheet is not None
        assert [
            ("n", "General"),
            ("n", "0.0#############%"),
        ] == [(c.data_type, c.number_format) for c in sheet[1]]

    @given(
        st.integers(-(10**INTEGER_DIGITS) + 1, 10**INTEGER_DIGITS - 1)
        | st.integers(-(10**15) + 1, 10**15 - 1),
        st.integers(0, 12),
        st.booleans(),
    )
    def test_round_trip_law(self, integer: int, places: int, percent: bool) -> None:
        """Law: Decimal -> xlsx cell -> Decimal is the identity, places included."""
        figure = Decimal(integer).scaleb(-places)
        if len(figure.as_tuple().digits) > 28 or places > DECIMAL_PLACES:
            return
        text = round_trip(figure, percent=percent)
        back = Decimal(text.removesuffix("%"))
        assert (figure.as_tuple(), percent) == (back.as_tuple(), text.endswith("%"))
