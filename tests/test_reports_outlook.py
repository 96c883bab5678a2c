"""Tests for the year-end outlook of measures with annual targets."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import pytest

from perfmeasures import (
    Aggregation,
    AnnualTarget,
    Basis,
    FixedTarget,
    Measure,
    Month,
    Plan,
    Polarity,
    Quarter,
    RelativeTarget,
    Value,
    Year,
)
from perfmeasures.examples import REPORT_PERIOD, rotherham_2019_20
from perfmeasures.reports import OutlookItem, Prospect, year_end_outlook

HIGH = Polarity.HIGHER_IS_BETTER
LOW = Polarity.LOWER_IS_BETTER


def item(
    values: Mapping[str, object],
    period: Year | Quarter | Month | str,
    *,
    polarity: Polarity = HIGH,
    target: object = None,
    **kwargs: object,
) -> OutlookItem:
    """The outlook of one summed measure (annual target 100 unless given)."""
    m = Measure(
        ref="9.Z1",
        title="Homes",
        polarity=polarity,
        aggregation=Aggregation.SUM,
        values=values,
        targets={"2019/20": target or AnnualTarget(value=100)},
        **kwargs,  # type: ignore[arg-type]
    )
    (only,) = year_end_outlook(Plan(title="P", measures=(m,)), period).items
    return only


class TestSeed:
    """The bundled example at Q1 2019/20."""

    def test_measures_included(self) -> None:
        """The three measures counted over the year with annual targets."""
        outlook = year_end_outlook(rotherham_2019_20(), REPORT_PERIOD)
        assert ["2.B7", "3.B3", "4.B1(a)"] == [i.ref for i in outlook.items]

    def test_homes_need_a_floor_rate(self) -> None:
        """4.B1(a): 8 homes in Q1 against 175 needs 55.7 a quarter."""
        homes = year_end_outlook(rotherham_2019_20(), "Q1 2019/20").items[-1]
        assert (
            Decimal(8),
            Decimal(167),
            3,
            Decimal("55.7"),
            Prospect.OFF_COURSE,
        ) == (
            homes.year_to_date,
            homes.still_needed,
            homes.remaining,
            round(homes.per_period or 0, 1),
            homes.prospect,
        )
        assert homes.summary.endswith(
            "167 more are needed in the remaining 3 quarters, at least 55.7 a quarter."
        )

    def test_admissions_have_a_ceiling(self) -> None:
        """2.B7: lower is better, so the rate is the most a quarter may take."""
        admissions = year_end_outlook(rotherham_2019_20(), REPORT_PERIOD).items[0]
        assert (Decimal(85), Prospect.ON_COURSE) == (
            admissions.profile_to_date,
            admissions.prospect,
        )
        assert admissions.summary == (
            "81 year to date against 85 profiled, for an annual target of 280: at "
            "most 199 more in the remaining 3 quarters, no more than 66.3 a quarter."
        )

    def test_relative_target(self) -> None:
        """3.B3's target is 10% below last year's 209: 188.1 for the year."""
        complaints = year_end_outlook(rotherham_2019_20(), REPORT_PERIOD).items[1]
        assert (Decimal("188.1"), Prospect.OFF_COURSE) == (
            complaints.annual_target,
            complaints.prospect,
        )


class TestProspects:
    """How the year is shaping up, in every case."""

    def test_on_course_by_even_profile(self) -> None:
        """A floor reached pro rata is on course."""
        result = item({"Q1 2019/20": 30}, "Q1 2019/20")
        assert (Prospect.ON_COURSE, Decimal(25), Decimal(120)) == (
            result.prospect,
            result.profile_to_date,
            result.projected,
        )

    def test_already_met(self) -> None:
        """A floor met before the year end needs nothing more."""
        result = item({"Q1 2019/20": 60, "Q2 2019/20": 50}, "Q2 2019/20")
        assert (Prospect.ALREADY_MET, None) == (result.prospect, result.per_period)
        assert result.summary.endswith("the target is already met.")

    def test_already_missed(self) -> None:
        """A ceiling passed before the year end can no longer be met."""
        result = item({"Q1 2019/20": 120}, "Q1 2019/20", polarity=LOW)
        assert Prospect.ALREADY_MISSED == result.prospect
        assert result.summary.endswith("the target can no longer be met.")

    @pytest.mark.parametrize(
        ("polarity", "expected", "word"),
        [(HIGH, Prospect.MISSED, "missed"), (LOW, Prospect.MET, "met")],
    )
    def test_year_end(self, polarity: Polarity, expected: Prospect, word: str) -> None:
        """At Q4 the year is over: met or missed, nothing remaining."""
        values = {f"Q{n} 2019/20": 20 for n in range(1, 5)}
        result = item(values, "Q4 2019/20", polarity=polarity)
        assert (expected, 0) == (result.prospect, result.remaining)
        assert result.summary.endswith(f"the target was {word}.")

    def test_whole_year(self) -> None:
        """Asked for the year itself, the outlook is the year's result."""
        result = item({"2019/20": 120}, Year(2019))
        assert (Prospect.MET, "year", 1) == (
            result.prospect,
            result.period_name,
            result.elapsed,
        )

    def test_no_figure(self) -> None:
        """Without a year-to-date figure there is no outlook, only the target."""
        result = item({"Q1 2019/20": Value.not_available()}, "Q1 2019/20")
        assert (Prospect.NO_FIGURE, None) == (result.prospect, result.pace)
        assert (
            "No year-to-date figure to compare with the annual target of 100."
            == result.summary
        )

    def test_months(self) -> None:
        """A month's outlook counts months: nine remain after June."""
        values = {"Apr 2019": 5, "May 2019": 5, "Jun 2019": 5}
        result = item(values, Month(2019, 6))
        assert (3, 9, "month", Decimal(85)) == (
            result.elapsed,
            result.remaining,
            result.period_name,
            result.still_needed,
        )
        assert result.summary.endswith("at least 9.4 a month.")

    def test_one_period_left(self) -> None:
        """The last period before the year end is said in the singular."""
        values = {f"Q{n} 2019/20": 20 for n in range(1, 4)}
        assert item(values, "Q3 2019/20").summary.endswith(
            "40 more are needed in the remaining 1 quarter, at least 40 a quarter."
        )

    def test_period_basis_profile(self) -> None:
        """A per-period target's profile to date is the sum of its shares."""
        target = AnnualTarget(value=100, basis=Basis.PERIOD)
        result = item({"Q1 2019/20": 30, "Q2 2019/20": 20}, "Q2 2019/20", target=target)
        assert (Decimal(50), Prospect.ON_COURSE) == (
            result.profile_to_date,
            result.prospect,
        )


class TestIncluded:
    """Which measures have an outlook."""

    @pytest.mark.parametrize(
        ("kwargs"),
        [
            {"aggregation": Aggregation.SNAPSHOT},
            {"targets": {"2019/20": FixedTarget(100)}},
            {"polarity": Polarity.NEUTRAL},
            {"polarity": Polarity.CLOSEST_TO_TARGET},
            {"targets": {}},
            {"targets": {"2019/20": RelativeTarget(baseline=Year(2017), change=5)}},
        ],
    )
    def test_left_out(self, kwargs: dict[str, object]) -> None:
        """Snapshots, fixed targets, no better direction or no target: no outlook."""
        fields: dict[str, object] = {
            "ref": "9.Z1",
            "title": "T",
            "polarity": HIGH,
            "aggregation": Aggregation.SUM,
            "values": {"Q1 2019/20": 5},
            "targets": {"2019/20": AnnualTarget(value=100)},
        }
        fields.update(kwargs)
        m = Measure(**fields)  # type: ignore[arg-type]
        outlook = year_end_outlook(Plan(title="P", measures=(m,)), "Q1 2019/20")
        assert () == outlook.items
