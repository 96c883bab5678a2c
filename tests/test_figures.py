"""Tests for figures: published first, derived only where missing."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from perfmeasures import (
    Aggregation,
    AnnualTarget,
    Measure,
    MissingReason,
    Month,
    Polarity,
    Quarter,
    Source,
    Unit,
    UnitKind,
    Value,
    Year,
    period_figure,
    target_for,
    year_to_date_figure,
)

Q1 = Quarter(Year(2019), 1)
Q2 = Quarter(Year(2019), 2)


def _label(key: str) -> str:
    """A keyword such as ``Q1_2019_20`` as the label ``Q1 2019/20``."""
    return re.sub(r"(\d{4})_(\d{2})$", r"\1/\2", key).replace("_", " ")


def measure(aggregation: Aggregation, **values: object) -> Measure:
    """A measure with values keyed by label (underscores for spaces)."""
    return Measure(
        ref="X",
        title="t",
        polarity=Polarity.HIGHER_IS_BETTER,
        aggregation=aggregation,
        unit=Unit(kind=UnitKind.PERCENTAGE)
        if aggregation is Aggregation.RATIO
        else Unit(),
        values={_label(k): v for k, v in values.items()},
    )


MONTHS = {"Apr_2019": 39, "May_2019": 24, "Jun_2019": 18}


class TestPeriodFigure:
    """The figure for a period alone."""

    @pytest.mark.parametrize(
        ("aggregation", "expected"),
        [
            (Aggregation.SUM, "81"),
            (Aggregation.SNAPSHOT, "18"),
            (Aggregation.AVERAGE, "27"),
        ],
    )
    def test_roll_up(self, aggregation: Aggregation, expected: str) -> None:
        """A quarter's figure follows from its months by the measure's aggregation."""
        figure = period_figure(measure(aggregation, **MONTHS), Q1)
        assert (Decimal(expected), Source.FROM_PARTS) == (figure.value, figure.source)

    def test_published_wins(self) -> None:
        """A published figure for the period wins over its months."""
        figure = period_figure(measure(Aggregation.SUM, Q1_2019_20=80, **MONTHS), Q1)
        assert (Decimal(80), Source.PUBLISHED) == (figure.value, figure.source)

    def test_sum_needs_every_part(self) -> None:
        """A sum with a month missing cannot be derived."""
        figure = period_figure(measure(Aggregation.SUM, Apr_2019=1, May_2019=2), Q1)
        assert (None, MissingReason.NOT_PUBLISHED) == (figure.value, figure.missing)

    def test_none_never_derives(self) -> None:
        """Aggregation NONE derives nothing."""
        assert None is period_figure(measure(Aggregation.NONE, **MONTHS), Q1).value

    def test_ratio(self) -> None:
        """Ratios pool numerators and denominators: (8 + 2) / (18 + 2) = 50%."""
        m = measure(
            Aggregation.RATIO,
            Apr_2019=Value.from_ratio(8, 18),
            May_2019=Value.from_ratio(2, 2),
            Jun_2019=Value.from_ratio(0, 1),
        )
        assert Decimal(10 * 100) / Decimal(21) == period_figure(m, Q1).value

    def test_ratio_needs_parts(self) -> None:
        """A ratio without numerators cannot be derived."""
        m = measure(Aggregation.RATIO, Apr_2019=50, May_2019=50, Jun_2019=50)
        assert None is period_figure(m, Q1).value

    def test_year_from_quarters(self) -> None:
        """A year sums its quarters when quarters are published."""
        m = measure(
            Aggregation.SUM, Q1_2018_19=19, Q2_2018_19=44, Q3_2018_19=30, Q4_2018_19=19
        )
        assert Decimal(112) == period_figure(m, Year(2018)).value

    def test_year_from_months(self) -> None:
        """A year of snapshots is its last month's figure."""
        m = measure(Aggregation.SNAPSHOT, Mar_2020=7)
        assert Decimal(7) == period_figure(m, Year(2019)).value

    def test_discrete_from_cumulative(self) -> None:
        """2.B7: Q4's discrete figure is 305 - 202 = 103."""
        m = measure(
            Aggregation.SUM,
            Q1_2018_19=70,
            Q2_2018_19=Value.cumulative(145),
            Q3_2018_19=Value.cumulative(202),
            Q4_2018_19=Value.cumulative(305),
        )
        q4 = period_figure(m, Quarter(Year(2018), 4))
        assert (Decimal(103), Source.FROM_CUMULATIVE) == (q4.value, q4.source)
        assert Decimal(75) == period_figure(m, Quarter(Year(2018), 2)).value

    def test_first_cumulative_is_discrete(self) -> None:
        """The year's first cumulative figure is its discrete figure."""
        m = measure(Aggregation.SUM, Apr_2019=Value.cumulative(5))
        assert Decimal(5) == period_figure(m, Month(2019, 4)).value

    def test_cumulative_without_previous(self) -> None:
        """A cumulative figure without the previous one gives no discrete figure."""
        m = measure(Aggregation.NONE, Q2_2019_20=Value.cumulative(5))
        assert None is period_figure(m, Q2).value

    def test_missing_reason_kept(self) -> None:
        """A figure published as not available stays missing, with its reason."""
        m = measure(
            Aggregation.SUM,
            Q1_2019_20=Value.not_available(MissingReason.NOT_YET_AVAILABLE),
            **MONTHS,
        )
        assert MissingReason.NOT_YET_AVAILABLE == period_figure(m, Q1).missing

    def test_month_has_no_parts(self) -> None:
        """A month with no figure is missing."""
        assert None is period_figure(measure(Aggregation.SUM), Month(2019, 4)).value


class TestYearToDate:
    """Cumulative figures."""

    def test_published(self) -> None:
        """A published year-to-date figure is used as it is."""
        m = measure(Aggregation.NONE, Q2_2019_20=Value(amount=44, year_to_date="43.64"))
        assert Decimal("43.64") == year_to_date_figure(m, Q2).value

    def test_sum_of_quarters(self) -> None:
        """A sum's year to date adds the quarters so far."""
        m = measure(Aggregation.SUM, Q1_2019_20=8, Q2_2019_20=10)
        assert Decimal(18) == year_to_date_figure(m, Q2).value

    def test_average_of_months(self) -> None:
        """An average's year to date averages the months so far."""
        assert (
            Decimal(27)
            == year_to_date_figure(
                measure(Aggregation.AVERAGE, **MONTHS), Month(2019, 6)
            ).value
        )

    def test_snapshot(self) -> None:
        """A snapshot's year to date is its latest figure."""
        assert (
            Decimal(18)
            == year_to_date_figure(
                measure(Aggregation.SNAPSHOT, **MONTHS), Month(2019, 6)
            ).value
        )

    def test_ratio(self) -> None:
        """A ratio's year to date pools the parts."""
        m = measure(
            Aggregation.RATIO,
            Apr_2019=Value.from_ratio(1, 2),
            May_2019=Value.from_ratio(1, 2),
        )
        assert Decimal(50) == year_to_date_figure(m, Month(2019, 5)).value

    def test_gap(self) -> None:
        """A missing period in the year breaks the sum."""
        m = measure(Aggregation.SUM, Q2_2019_20=10)
        assert None is year_to_date_figure(m, Q2).value

    def test_none(self) -> None:
        """Aggregation NONE has no derived year to date."""
        m = measure(Aggregation.NONE, Q1_2019_20=1, Q2_2019_20=2)
        assert None is year_to_date_figure(m, Q2).value


class TestTargetFor:
    """The target that applies to a period."""

    def test_relative_baseline_derived(self) -> None:
        """A relative target's baseline may itself be rolled up."""
        from perfmeasures import RelativeTarget  # noqa: PLC0415

        m = Measure(
            ref="X",
            title="t",
            polarity=Polarity.LOWER_IS_BETTER,
            aggregation=Aggregation.SUM,
            values={
                "Q1 2018/19": 50,
                "Q2 2018/19": 50,
                "Q3 2018/19": 50,
                "Q4 2018/19": 50,
            },
            targets={"2019/20": RelativeTarget(baseline=Year(2018), change=-10)},
        )
        target = target_for(m, Year(2019))
        assert target is not None
        assert Decimal(180) == target.value

    def test_none_outside_years(self) -> None:
        """No target applies outside the years targets were set for."""
        m = Measure(
            ref="X",
            title="t",
            polarity=Polarity.HIGHER_IS_BETTER,
            targets={"2019/20": AnnualTarget(value=4)},
        )
        assert None is target_for(m, Year(2018))
        target = target_for(m, Quarter(Year(2019), 2))
        assert target is not None
        assert Decimal(2) == target.value
