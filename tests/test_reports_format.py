"""Tests for the words and numbers reports print (perfmeasures.reports._format)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from perfmeasures import (
    Aggregation,
    AnnualTarget,
    Basis,
    ChangeKind,
    FixedTarget,
    Measure,
    Month,
    Polarity,
    Quarter,
    RangeTarget,
    RelativeTarget,
    Unit,
    UnitKind,
    Value,
    Year,
    evaluate,
)
from perfmeasures.examples import REPORT_PERIOD, rotherham_2019_20
from perfmeasures.reports import summary_line, target_words
from perfmeasures.reports._format import (
    derived,
    figure,
    period_span,
    period_words,
    plain,
)

Q1 = Quarter(Year(2019), 1)
PERCENT = Unit(kind=UnitKind.PERCENTAGE)


def measure(target: object = 90, **kwargs: object) -> Measure:
    """A lower-is-better quarterly count with *target* for 2019/20."""
    fields: dict[str, object] = {
        "ref": "9.Z1",
        "title": "Things",
        "polarity": Polarity.LOWER_IS_BETTER,
        "aggregation": Aggregation.SUM,
        "values": {"2018/19": 200, "Q4 2018/19": 50, "Q1 2019/20": 60},
        "targets": {"2019/20": target} if target is not None else {},
    }
    fields.update(kwargs)
    return Measure(**fields)  # type: ignore[arg-type]


class TestFigures:
    """Figures as published and figures computed."""

    @pytest.mark.parametrize(
        ("unit", "value", "expected"),
        [
            (Unit(), "1288", "1,288"),
            (PERCENT, "81.0", "81.0%"),
            (Unit(kind=UnitKind.MONEY), "-2500", "-£2,500"),
            (Unit(), "1E+2", "100"),
        ],
    )
    def test_figure_as_published(self, unit: Unit, value: str, expected: str) -> None:
        """A published figure keeps its published precision."""
        assert expected == figure(unit, Decimal(value))

    @pytest.mark.parametrize(
        ("value", "places", "expected"),
        [
            ("47.025", 2, "47.03"),
            ("55.66666", 1, "55.7"),
            ("85.00", 2, "85"),
            ("-0.001", 2, "0"),
            ("1E+3", 2, "1,000"),
        ],
    )
    def test_derived_rounds_half_up(
        self, value: str, places: int, expected: str
    ) -> None:
        """A computed figure is rounded half up and loses trailing zeros."""
        assert expected == derived(Unit(), Decimal(value), places)

    def test_plain(self) -> None:
        """Plain numbers have neither exponent nor trailing zeros."""
        assert ["10", "2.5"] == [plain(Decimal("1E+1")), plain(Decimal("2.50"))]

    @pytest.mark.parametrize(
        ("period", "expected"),
        [
            (Year(2019), "April 2019 to March 2020"),
            (Q1, "April to June 2019"),
            (Quarter(Year(2019), 4), "January to March 2020"),
            (Month(2019, 6), "June 2019"),
        ],
    )
    def test_period_span(self, period: Year | Quarter | Month, expected: str) -> None:
        """A period's dates are written out in words."""
        assert expected == period_span(period)

    @pytest.mark.parametrize(
        ("period", "expected"),
        [(Q1, "Q1 2019/20 (April to June 2019)"), (Month(2019, 6), "Jun 2019")],
    )
    def test_period_words(self, period: Quarter | Month, expected: str) -> None:
        """A period's label comes with its dates, unless it says them itself."""
        assert expected == period_words(period)


class TestTargetWords:
    """target_words() for each kind of target."""

    @pytest.mark.parametrize(
        ("target", "period", "expected"),
        [
            (FixedTarget(90), Q1, "a target of 90"),
            (
                FixedTarget(90, floor=100),
                Q1,
                "a target of 90 and a floor of 100",
            ),
            (
                AnnualTarget(value=280, profile=(85, 65, 65, 65)),
                Q1,
                "a target of 85 to date (280 for the year)",
            ),
            (
                AnnualTarget(value=280, basis=Basis.PERIOD),
                Quarter(Year(2019), 2),
                "a target of 70 for Q2 2019/20 (280 for the year)",
            ),
            (AnnualTarget(value=280), Year(2019), "an annual target of 280"),
            (
                RelativeTarget(baseline=Year(2018), change=-10),
                Q1,
                (
                    "a target of 45 to date (180 for the year, a 10% reduction on 200 "
                    "in 2018/19)"
                ),
            ),
            (
                RelativeTarget(baseline=Year(2018), change=5),
                Year(2019),
                "an annual target of 210 (a 5% increase on 200 in 2018/19)",
            ),
            (
                RelativeTarget(
                    baseline=Quarter(Year(2018), 4),
                    change=-5,
                    change_kind=ChangeKind.ABSOLUTE,
                ),
                Q1,
                "a target of 45 (a reduction of 5 on 50 in Q4 2018/19)",
            ),
            (
                RelativeTarget(
                    baseline=Quarter(Year(2018), 4),
                    change=5,
                    change_kind=ChangeKind.ABSOLUTE,
                ),
                Q1,
                "a target of 55 (an increase of 5 on 50 in Q4 2018/19)",
            ),
            (
                RelativeTarget(baseline=Quarter(Year(2018), 4), change=0),
                Q1,
                "a target of 50 (the same as 50 in Q4 2018/19)",
            ),
            (RangeTarget(lower=40, upper=60), Q1, "a target range of 40 to 60"),
        ],
    )
    def test_kinds(self, target: object, period: Year | Quarter, expected: str) -> None:
        """Each kind of target reads as a report would write it."""
        assert expected == target_words(measure(target), period)

    def test_no_target(self) -> None:
        """Without a target for the period there are no words."""
        assert target_words(measure(None), Q1) is None

    def test_relative_without_baseline_figure(self) -> None:
        """A relative target whose baseline is missing gives no target."""
        missing = RelativeTarget(baseline=Year(2017), change=-10)
        assert target_words(measure(missing), Q1) is None


class TestSummaryLine:
    """The seed-shaped summary line."""

    @pytest.mark.parametrize(
        ("ref", "expected"),
        [
            (
                "1.A2",
                (
                    "(1.A2) The number of children subject to a child protection plan "
                    "(rate per 10K population under 18) - 94.8 against a target of 90 "
                    "(lower is better)"
                ),
            ),
            (
                "1.A8",
                (
                    "(1.A8) The proportion of looked after children placed within a "
                    "Family Based setting - 81.7% against a target of 85% (higher is "
                    "better)"
                ),
            ),
            (
                "2.B7",
                (
                    "(2.B7) All age numbers of new permanent admissions to residential "
                    "nursing care for adults - 81 year to date against a target of 85 "
                    "to date (280 for the year) (lower is better)"
                ),
            ),
            (
                "3.A4(b)",
                (
                    "(3.A4(b)) The proportion of a) licensed vehicles b) drivers found to "
                    "be compliant with licensing requirements during spot inspections - "
                    "73% (vehicles) and 77% (drivers) against a target of 85% (higher is "
                    "better)"
                ),
            ),
            (
                "3.B3",
                (
                    "(3.B3) Total number of customer contacts by service area and overall "
                    "total: i) official complaints, ii) compliments received, iii) "
                    "service requests - 72 year to date against a target of 47.03 to "
                    "date (188.1 for the year, a 10% reduction on 209 in 2018/19) "
                    "(lower is better)"
                ),
            ),
            (
                "4.B1(a)",
                (
                    "(4.B1(a)) Number of new homes delivered during the year via direct "
                    "Council intervention - 8 year to date against a target of 43.75 to "
                    "date (175 for the year) (higher is better)"
                ),
            ),
        ],
    )
    def test_seed(self, ref: str, expected: str) -> None:
        """Seed measures read as the seed report summarises them."""
        plan = rotherham_2019_20()
        m = plan.measure(ref)
        assert expected == summary_line(
            m, evaluate(m, REPORT_PERIOD, rules=plan.rules_for(ref))
        )

    def test_missing_figure(self) -> None:
        """A missing figure says so, with its reason."""
        m = measure(values={"Q1 2019/20": Value.not_available()})
        assert (
            "(9.Z1) Things - no figure for Q1 2019/20 (not available) against a "
            "target of 90 (lower is better)" == summary_line(m, evaluate(m, Q1))
        )

    def test_no_target_neutral(self) -> None:
        """A measure with no target and no better direction says only its figure."""
        m = measure(None, polarity=Polarity.NEUTRAL)
        assert "(9.Z1) Things - 60 (no target set)" == summary_line(m, evaluate(m, Q1))

    def test_year_to_date_not_said_for_a_year(self) -> None:
        """A year's figure is the whole year: no "year to date" in its line."""
        m = measure(AnnualTarget(value=180), values={"2019/20": 170})
        line = summary_line(m, evaluate(m, Year(2019)))
        assert (
            "(9.Z1) Things - 170 against an annual target of 180 (lower is "
            "better)" == line
        )

    def test_parts_with_different_targets(self) -> None:
        """Parts with their own targets each get their own words."""
        parts = (
            measure(80, ref="9.Z1 a", values={"Q1 2019/20": 70}),
            measure(None, ref="9.Z1 b", values={"Q1 2019/20": 75}),
        )
        m = measure(components=parts)
        assert (
            "(9.Z1) Things - 70 (a) against a target of 80; 75 (b) (no target set) "
            "(lower is better)"
        ) == summary_line(m, evaluate(m, Q1))

    def test_parts_without_targets(self) -> None:
        """Parts that share having no target say so once."""
        parts = (measure(None, ref="9.Z1", title="Part", values={"Q1 2019/20": 70}),)
        m = measure(None, ref="9.Z0", components=parts)
        assert "(9.Z0) Things - 70 (Part) (no target set) (lower is better)" == (
            summary_line(m, evaluate(m, Q1))
        )
