"""The bundled Rotherham example reproduces its report's ratings."""

from __future__ import annotations

from decimal import Decimal

import pytest

from perfmeasures import (
    Direction,
    Month,
    Quarter,
    Status,
    Year,
    evaluate,
    evaluate_plan,
)
from perfmeasures.examples import REPORT_PERIOD, rotherham_2019_20

PLAN = rotherham_2019_20()
Q1 = Quarter(Year(2019), 1)

# The report's Q1 2019/20 ratings: reference, final status, direction.
PUBLISHED = [
    ("1.A2", Status.RED, Direction.WORSENING),
    ("1.A5", Status.RED, Direction.WORSENING),
    ("1.A8", Status.RED, Direction.WORSENING),
    ("2.B7", Status.AMBER, Direction.IMPROVING),
    ("2.B8", Status.AMBER, Direction.IMPROVING),
    ("3.A4(b)", Status.RED, Direction.WORSENING),
    ("3.B3", Status.RED, Direction.NOT_APPLICABLE),
    ("3.B4", Status.RED, Direction.WORSENING),
    ("4.B1(a)", Status.RED, Direction.WORSENING),
    ("5.D6", Status.RED, Direction.NOT_APPLICABLE),
]


class TestQ1Report:
    """Q1 2019/20, as the report rates it."""

    def test_report_period(self) -> None:
        """The example's report period is Q1 2019/20."""
        assert Q1 == REPORT_PERIOD

    def test_measures_in_report_order(self) -> None:
        """The plan holds the report's ten measures in its order."""
        assert [ref for ref, _, _ in PUBLISHED] == [m.ref for m in PLAN.measures]

    @pytest.mark.parametrize(("ref", "status", "direction"), PUBLISHED)
    def test_rating(self, ref: str, status: Status, direction: Direction) -> None:
        """Each measure gets the report's status and direction."""
        result = evaluate_plan(PLAN, Q1).get(ref)
        assert (status, direction) == (result.status, result.direction)

    @pytest.mark.parametrize(("ref", "status", "direction"), PUBLISHED)
    def test_agrees_with_published_record(
        self, ref: str, status: Status, direction: Direction
    ) -> None:
        """The published record kept in the plan matches the report (3.B3 aside)."""
        published = PLAN.measure(ref).published[Q1]
        assert status == published.status
        if ref != "3.B3":
            assert direction == published.direction

    def test_2b7_override(self) -> None:
        """2.B7 is amber by hand; computed green against the re-profiled 85."""
        result = evaluate_plan(PLAN, Q1).get("2.B7")
        assert Status.AMBER == result.status
        assert Status.GREEN == result.computed_status
        assert result.override is not None
        assert Decimal(85) == result.target
        assert Decimal(81) == result.actual
        assert Decimal(280) == result.annual_target
        assert "computed green" in result.explanation

    def test_2b7_direction_like_with_like(self) -> None:
        """Q4 2018/19's discrete figure is 305 - 202 = 103; 81 is an improvement."""
        result = evaluate_plan(PLAN, Q1).get("2.B7")
        assert Decimal(103) == result.comparator_value

    def test_3b3_difference_is_visible(self) -> None:
        """3.B3 was published as worsening; computed is not applicable, visibly."""
        result = evaluate_plan(PLAN, Q1).get("3.B3")
        assert Direction.NOT_APPLICABLE == result.direction
        assert result.published is not None
        assert Direction.WORSENING == result.published.direction
        assert Quarter(Year(2018), 1) == result.comparator_period
        assert None is result.comparator_value
        assert "no figure for Q1 2018/19" in result.explanation

    def test_3b3_relative_target(self) -> None:
        """A 10% reduction on 209 is 188.1 for the year, 47.025 by the end of Q1."""
        result = evaluate_plan(PLAN, Q1).get("3.B3")
        assert Decimal("188.1") == result.annual_target
        assert Decimal("47.025") == result.target

    def test_3b4_seasonal(self) -> None:
        """3.B4 compares with the same quarter last year: 43.01."""
        result = evaluate_plan(PLAN, Q1).get("3.B4")
        assert Decimal("43.01") == result.comparator_value
        assert Quarter(Year(2018), 1) == result.comparator_period

    def test_3a4b_parts(self) -> None:
        """3.A4(b) is rated by its vehicle and driver parts."""
        result = evaluate_plan(PLAN, Q1).get("3.A4(b)")
        assert [Decimal(73), Decimal(77)] == [p.actual for p in result.components]
        assert [Status.RED, Status.RED] == [p.status for p in result.components]

    def test_5d6_from_ratio(self) -> None:
        """5.D6 is 8 of 18 = 44.4%."""
        result = evaluate_plan(PLAN, Q1).get("5.D6")
        assert Decimal("44.4") == result.actual

    def test_1a2_explanation(self) -> None:
        """The explanation says why, in the report's terms."""
        result = evaluate_plan(PLAN, Q1).get("1.A2")
        assert result.explanation.startswith(
            "94.8 against a target of 90, lower is better; up from 88.9 in Q4 2018/19"
        )


class TestOtherPeriods:
    """Other periods of the example give what the rules say."""

    def test_q4_has_no_target(self) -> None:
        """Targets belong to 2019/20, so Q4 2018/19 is not applicable, not re-rated."""
        result = evaluate_plan(PLAN, Quarter(Year(2018), 4))
        assert {Status.NOT_APPLICABLE, Status.NOT_AVAILABLE} >= {
            e.status for e in result
        }
        assert Direction.IMPROVING == result.get("1.A2").direction

    def test_june(self) -> None:
        """June 2019: 1.A2 fell from 97.5 to 94.8, missed but improving: amber."""
        result = evaluate(PLAN.measure("1.A2"), Month(2019, 6), rules=PLAN.rules)
        assert (Status.AMBER, Direction.IMPROVING) == (result.status, result.direction)

    def test_june_year_to_date_profile(self) -> None:
        """2.B7's profile gives 85 by the end of June, compared year to date."""
        result = evaluate(PLAN.measure("2.B7"), "Jun 2019", rules=PLAN.rules)
        assert (Decimal(81), Decimal(85)) == (result.actual, result.target)
        assert Status.GREEN == result.status

    def test_year_figures(self) -> None:
        """2018/19 reads the published year-end figures."""
        result = evaluate_plan(PLAN, Year(2018))
        assert Decimal(303) == result.get("2.B7").actual
        assert Decimal(75) == result.get("3.A4(b)").actual
