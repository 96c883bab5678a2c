"""Tests for direction of travel and evaluate()."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest

from perfmeasures import (
    Aggregation,
    ChangeKind,
    Comparison,
    Direction,
    DirectionRule,
    Evaluation,
    FixedTarget,
    InvalidPeriodError,
    InvalidValueError,
    Measure,
    MissingReason,
    Override,
    PeriodTarget,
    Polarity,
    Progress,
    Quarter,
    RangeTarget,
    Rules,
    Status,
    Value,
    Year,
    direction_between,
    evaluate,
)
from perfmeasures._direction import Travel, _distance
from perfmeasures._evaluate import _fmt, _target_words, _travel_words

HIGH = Polarity.HIGHER_IS_BETTER
LOW = Polarity.LOWER_IS_BETTER
Q1 = Quarter(Year(2019), 1)


def quarterly(
    polarity: Polarity = LOW, target: object = 90, **kwargs: object
) -> Measure:
    """A measure with Q4 2018/19 at 88.9 and Q1 2019/20 at 94.8."""
    fields: dict[str, object] = {
        "ref": "1.A2",
        "title": "Children on a plan",
        "polarity": polarity,
        "values": {"Q1 2018/19": "113.1", "Q4 2018/19": "88.9", "Q1 2019/20": "94.8"},
        "targets": {"2019/20": target} if target is not None else {},
    }
    fields.update(kwargs)
    return Measure(**fields)  # type: ignore[arg-type]


class TestDirectionBetween:
    """Polarity-aware direction."""

    @pytest.mark.parametrize(
        ("polarity", "current", "previous", "expected"),
        [
            (LOW, "94.8", "88.9", Direction.WORSENING),
            (LOW, "81", "103", Direction.IMPROVING),
            (HIGH, "81.7", "82.3", Direction.WORSENING),
            (HIGH, "5", "4", Direction.IMPROVING),
            (HIGH, "5", "5", Direction.NO_CHANGE),
            (Polarity.NEUTRAL, "5", "4", Direction.HIGHER),
            (Polarity.NEUTRAL, "3", "4", Direction.LOWER),
        ],
    )
    def test_direction(
        self, polarity: Polarity, current: str, previous: str, expected: Direction
    ) -> None:
        """Up is better when higher is better, and worse when lower is better."""
        assert expected == direction_between(
            polarity, Decimal(current), Decimal(previous)
        )

    def test_threshold_inclusive(self) -> None:
        """A change no larger than the threshold is no change."""
        assert Direction.NO_CHANGE == direction_between(
            HIGH, Decimal("5.5"), Decimal(5), threshold=Decimal("0.5")
        )
        assert Direction.IMPROVING == direction_between(
            HIGH, Decimal("5.51"), Decimal(5), threshold=Decimal("0.5")
        )

    def test_threshold_percent(self) -> None:
        """A percentage threshold is relative to the comparator."""

        def percent(current: int | str, previous: int) -> Direction:
            return direction_between(
                HIGH,
                Decimal(current),
                Decimal(previous),
                threshold=Decimal(1),
                threshold_kind=ChangeKind.PERCENT,
            )

        assert Direction.NO_CHANGE == percent(101, 100)
        assert Direction.IMPROVING == percent("101.1", 100)
        assert Direction.IMPROVING == percent(1, 0)
        assert Direction.NO_CHANGE == percent(0, 0)

    def test_plain(self) -> None:
        """Plain direction says higher or lower whatever the polarity."""
        assert Direction.HIGHER == direction_between(
            LOW, Decimal(2), Decimal(1), plain=True
        )


class TestDirectionRule:
    """Choosing the comparator."""

    def test_same_period_last_year(self) -> None:
        """A seasonal measure compares with the same quarter last year."""
        m = quarterly(compare_with=Comparison.SAME_PERIOD_LAST_YEAR)
        result = evaluate(m, Q1)
        assert (Quarter(Year(2018), 1), Decimal("113.1")) == (
            result.comparator_period,
            result.comparator_value,
        )
        assert Direction.IMPROVING == result.direction

    def test_rule_overrides_measure(self) -> None:
        """A rule's comparator wins over the measure's."""
        rules = Rules(
            direction=DirectionRule(compare_with=Comparison.SAME_PERIOD_LAST_YEAR)
        )
        assert Direction.IMPROVING == evaluate(quarterly(), Q1, rules=rules).direction

    def test_missing_comparator(self) -> None:
        """No comparator figure: not applicable."""
        result = evaluate(quarterly(), Quarter(Year(2019), 2))
        assert Direction.NOT_APPLICABLE == result.direction

    def test_data_only_is_plain(self) -> None:
        """Data-only measures report plain higher or lower."""
        assert Direction.HIGHER == evaluate(quarterly(data_only=True), Q1).direction
        assert Direction.HIGHER == evaluate(quarterly(target=None), Q1).direction
        rules = Rules(direction=DirectionRule(plain_for_data_only=False))
        assert (
            Direction.WORSENING
            == evaluate(quarterly(target=None), Q1, rules=rules).direction
        )

    def test_closest_to_target(self) -> None:
        """Closest to target: a smaller distance from the target is better."""
        m = quarterly(
            Polarity.CLOSEST_TO_TARGET,
            target=None,
            targets={"2018/19": 90, "2019/20": 95},
        )
        assert Direction.IMPROVING == evaluate(m, Q1).direction

    def test_closest_without_targets(self) -> None:
        """Closest to target without a comparator target: not applicable."""
        m = quarterly(Polarity.CLOSEST_TO_TARGET, target=95)
        assert Direction.NOT_APPLICABLE == evaluate(m, Q1).direction

    def test_closest_to_range(self) -> None:
        """Distance from a range is the distance outside it."""
        m = quarterly(
            Polarity.CLOSEST_TO_TARGET,
            target=None,
            targets={
                "2018/19": RangeTarget(lower=80, upper=85),
                "2019/20": RangeTarget(lower=90, upper=95),
            },
        )
        result = evaluate(m, Q1)
        assert (Status.GREEN, Direction.IMPROVING) == (result.status, result.direction)

    def test_rejects_negative_threshold(self) -> None:
        """A negative threshold is refused."""
        with pytest.raises(
            InvalidValueError, match="'threshold' must be a number of at least 0"
        ):
            DirectionRule(threshold=-1)


class TestEvaluate:
    """evaluate(measure, period)."""

    def test_red_worsening(self) -> None:
        """1.A2: 94.8 against 90, lower is better, up from 88.9."""
        result = evaluate(quarterly(), "Q1 2019/20")
        assert (Status.RED, Status.RED, Direction.WORSENING) == (
            result.status,
            result.computed_status,
            result.direction,
        )
        assert (Decimal("94.8"), Decimal(90)) == (result.actual, result.target)
        assert (Decimal("4.8"), Decimal("5.33")) == (
            result.variance,
            result.variance_percent,
        )
        assert "Q1 2019/20" == result.period.label

    def test_override(self) -> None:
        """An override sets the status and keeps the computed one beside it."""
        m = quarterly(
            overrides={
                "Q1 2019/20": Override(status=Status.AMBER, reason="re-profiled")
            }
        )
        result = evaluate(m, Q1)
        assert (Status.AMBER, Status.RED, True) == (
            result.status,
            result.computed_status,
            result.is_overridden,
        )
        assert (
            "Status amber set by hand (computed red): re-profiled."
            in result.explanation
        )

    def test_no_target(self) -> None:
        """No target for the period: not applicable."""
        result = evaluate(quarterly(), "Q4 2018/19")
        assert Status.NOT_APPLICABLE == result.status
        assert "no target set for Q4 2018/19" in result.explanation

    def test_data_only(self) -> None:
        """Data-only measures are not rated."""
        result = evaluate(quarterly(data_only=True), Q1)
        assert Status.NOT_APPLICABLE == result.status
        assert "(data only)" in result.explanation

    def test_missing(self) -> None:
        """A missing figure is not available, with its reason."""
        m = quarterly(
            values={"Q1 2019/20": Value.not_available(MissingReason.NOT_YET_AVAILABLE)}
        )
        result = evaluate(m, Q1)
        assert (Status.NOT_AVAILABLE, MissingReason.NOT_YET_AVAILABLE) == (
            result.status,
            result.missing,
        )
        assert "No figure for Q1 2019/20 (not yet available)" in result.explanation

    def test_under_development(self) -> None:
        """Measures under development say so."""
        assert (
            Status.UNDER_DEVELOPMENT
            == evaluate(quarterly(under_development=True), Q1).status
        )

    def test_zero_target_variance(self) -> None:
        """A zero target has no relative variance."""
        result = evaluate(quarterly(target=0), Q1)
        assert (Decimal("94.8"), None) == (result.variance, result.variance_percent)

    def test_range_target_has_no_variance(self) -> None:
        """A range target has bounds but no single variance."""
        result = evaluate(quarterly(target=RangeTarget(lower=90, upper=95)), Q1)
        assert (Status.GREEN, Decimal(90), Decimal(95), None) == (
            result.status,
            result.target_lower,
            result.target_upper,
            result.variance,
        )

    def test_neutral_polarity_words(self) -> None:
        """Neutral measures do not claim a better direction."""
        result = evaluate(quarterly(Polarity.NEUTRAL), Q1)
        assert "is better" not in result.explanation

    def test_progress_scheme(self) -> None:
        """With Progress, missed but improving is amber."""
        m = quarterly(values={"Q4 2018/19": "99", "Q1 2019/20": "94.8"})
        assert Status.AMBER == evaluate(m, Q1, rules=Rules(status=Progress())).status

    def test_year_end_flag(self) -> None:
        """The last month of the year is the year end for a split scheme."""
        from perfmeasures import presets  # noqa: PLC0415

        m = Measure(
            ref="X",
            title="t",
            polarity=LOW,
            values={"Feb 2020": 99, "Mar 2020": 95},
            targets={"2019/20": FixedTarget(90)},
        )
        rules = Rules(status=presets.rotherham())
        assert Status.RED == evaluate(m, "Mar 2020", rules=rules).status

    def test_components_worst(self) -> None:
        """A multi-part measure is rated as its worst part."""
        good = Measure(
            ref="a",
            title="a",
            polarity=HIGH,
            values={"Q1 2019/20": 90},
            targets={"2019/20": 85},
        )
        bad = Measure(
            ref="b",
            title="b",
            polarity=HIGH,
            values={"Q4 2018/19": 80, "Q1 2019/20": 70},
            targets={"2019/20": 85},
        )
        m = Measure(
            ref="X",
            title="t",
            polarity=HIGH,
            components=(good, bad),
            targets={"2019/20": 85},
        )
        result = evaluate(m, Q1)
        assert (Status.RED, Direction.WORSENING) == (result.status, result.direction)
        assert ["a", "b"] == [p.ref for p in result.components]
        assert result.explanation.startswith("Rated as its worst part.")

    def test_components_without_figures_use_own(self) -> None:
        """Where no part has a figure, the measure's own figure is rated."""
        part = Measure(ref="a", title="a", polarity=HIGH)
        m = Measure(
            ref="X",
            title="t",
            polarity=HIGH,
            components=(part,),
            values={"2018/19": 75},
        )
        result = evaluate(m, Year(2018))
        assert (Decimal(75), ()) == (result.actual, result.components)

    @pytest.mark.parametrize("period", ["Q9", 2019, None])
    def test_rejects_bad_period(self, period: object) -> None:
        """A bad period is refused with the value named."""
        with pytest.raises(InvalidPeriodError, match="'period' must be"):
            evaluate(quarterly(), period)  # type: ignore[arg-type]

    def test_cumulative_aggregation_explanation(self) -> None:
        """Year-to-date comparisons say so."""
        from perfmeasures import AnnualTarget  # noqa: PLC0415

        m = Measure(
            ref="4.B1(a)",
            title="Homes",
            polarity=HIGH,
            aggregation=Aggregation.SUM,
            values={"Q4 2018/19": 19, "Q1 2019/20": 8},
            targets={"2019/20": AnnualTarget(value=175)},
        )
        result = evaluate(m, Q1)
        assert result.explanation.startswith(
            "8 year to date against an annual target of 175 (43.75 by the end of Q1 2019/20)"
        )


class TestExplanationFigures:
    """Figures in explanations."""

    def test_published_precision_kept(self) -> None:
        """A figure published as 81.0 is written 81.0, as the report prints it."""
        m = quarterly(values={"Q4 2018/19": "81.0", "Q1 2019/20": "82.3"})
        assert "up from 81.0 in Q4 2018/19" in evaluate(m, Q1).explanation

    def test_derived_figures_rounded(self) -> None:
        """A long derived figure (an average of months) is shown to two places."""
        m = quarterly(
            aggregation=Aggregation.AVERAGE,
            values={"Apr 2019": 1, "May 2019": 1, "Jun 2019": 2, "Q4 2018/19": 1},
        )
        result = evaluate(m, Q1)
        assert result.explanation.startswith("1.33 against a target of 90")
        assert Decimal(4) / Decimal(3) == result.actual


class TestDirectionEdges:
    """Edges that mutation testing found unchecked (see docs/testing.md)."""

    def test_closest_to_range_from_below(self) -> None:
        """Below a range, the distance is to its lower bound."""
        m = quarterly(
            Polarity.CLOSEST_TO_TARGET,
            target=None,
            targets={
                "2018/19": RangeTarget(lower=90, upper=95),
                "2019/20": RangeTarget(lower=100, upper=110),
            },
        )
        result = evaluate(m, Q1)
        assert (Status.RED, Direction.WORSENING) == (result.status, result.direction)

    def test_rule_fields_are_keyword_only(self) -> None:
        """A direction rule's settings are named, never positional."""
        with pytest.raises(TypeError):
            DirectionRule(None, Decimal(1))  # type: ignore[call-arg]

    def test_travel_fields_are_keyword_only(self) -> None:
        """A travel's figures are named, never positional, so none is misplaced."""
        with pytest.raises(TypeError):
            Travel(Direction.IMPROVING, None, Q1, None)  # type: ignore[call-arg]

    @pytest.mark.parametrize(
        ("value", "expected"),
        [("92", "0"), ("89.5", "0.5"), ("95.25", "0.25"), ("90", "0"), ("95", "0")],
    )
    def test_distance_from_a_range(self, value: str, expected: str) -> None:
        """Inside a range the distance is nothing; outside, to the nearer bound."""
        target = PeriodTarget(lower=Decimal(90), upper=Decimal(95))
        assert Decimal(expected) == _distance(Decimal(value), target)

    @pytest.mark.parametrize(
        ("polarity", "current", "previous", "kind", "expected"),
        [
            (LOW, "94.8", "94.5", ChangeKind.ABSOLUTE, Direction.WORSENING),
            (LOW, "94.5", "94.8", ChangeKind.ABSOLUTE, Direction.IMPROVING),
            (HIGH, "1.05", "1", ChangeKind.PERCENT, Direction.NO_CHANGE),
            (HIGH, "1.2", "1", ChangeKind.PERCENT, Direction.IMPROVING),
            (HIGH, "0", "0", ChangeKind.PERCENT, Direction.NO_CHANGE),
            (HIGH, "0.01", "0", ChangeKind.PERCENT, Direction.IMPROVING),
        ],
    )
    def test_small_changes(
        self,
        polarity: Polarity,
        current: str,
        previous: str,
        kind: ChangeKind,
        expected: Direction,
    ) -> None:
        """Changes under one unit count; a 10% threshold is of the previous figure."""
        threshold = Decimal(10) if kind is ChangeKind.PERCENT else Decimal(0)
        assert expected == direction_between(
            polarity,
            Decimal(current),
            Decimal(previous),
            threshold=threshold,
            threshold_kind=kind,
        )

    def test_no_change_from_nothing(self) -> None:
        """From 0 to 0 is no change, even with a percentage threshold of 0."""
        assert Direction.NO_CHANGE == direction_between(
            HIGH,
            Decimal(0),
            Decimal(0),
            threshold=Decimal(0),
            threshold_kind=ChangeKind.PERCENT,
        )


class TestEvaluationEdges:
    """Edges of evaluate() that mutation testing found unchecked."""

    @pytest.mark.parametrize(
        ("figure", "shown"),
        [("1.2345", "1.2345"), ("1.23456", "1.23"), ("81.0", "81.0")],
    )
    def test_figures_in_words(self, figure: str, shown: str) -> None:
        """Up to four places is as published; more were derived: two places."""
        assert shown == _fmt(quarterly(), Decimal(figure))

    def test_evaluation_fields_are_keyword_only(self) -> None:
        """An evaluation's many fields are named, never positional."""
        result = evaluate(quarterly(), Q1)
        fields = [getattr(result, f.name) for f in attrs.fields(Evaluation)]
        with pytest.raises(TypeError):
            Evaluation(*fields)  # type: ignore[call-arg]

    @pytest.mark.parametrize(
        ("current", "previous", "direction", "words"),
        [
            (
                None,
                "1",
                Direction.NOT_APPLICABLE,
                "no direction of travel without a figure for the period",
            ),
            (
                "1",
                None,
                Direction.NOT_APPLICABLE,
                "no figure for Q4 2018/19 to compare with, so no direction of travel",
            ),
            (
                "94.8",
                "88.9",
                Direction.IMPROVING,
                "up from 88.9 in Q4 2018/19 (improving)",
            ),
            (
                "88.9",
                "94.8",
                Direction.WORSENING,
                "down from 94.8 in Q4 2018/19 (worsening)",
            ),
            (
                "5",
                "5",
                Direction.NO_CHANGE,
                "unchanged from 5 in Q4 2018/19 (no change)",
            ),
        ],
    )
    def test_travel_words(
        self,
        current: str | None,
        previous: str | None,
        direction: Direction,
        words: str,
    ) -> None:
        """The direction of travel in words: up, down or unchanged, or why none."""
        travel = Travel(
            direction=direction,
            current=None if current is None else Decimal(current),
            comparator_period=Quarter(Year(2018), 4),
            comparator_value=None if previous is None else Decimal(previous),
        )
        assert words == _travel_words(quarterly(), travel)

    @pytest.mark.parametrize(
        ("target", "words"),
        [
            (PeriodTarget(value=Decimal(90)), "a target of 90"),
            (PeriodTarget(upper=Decimal(5)), "a target of \u2264 5"),
            (PeriodTarget(upper=Decimal(5), upper_inclusive=False), "a target of < 5"),
            (PeriodTarget(lower=Decimal(95)), "a target of \u2265 95"),
            (
                PeriodTarget(lower=Decimal(95), lower_inclusive=False),
                "a target of > 95",
            ),
            (
                PeriodTarget(lower=Decimal(1), upper=Decimal(5), description="1 to 5"),
                "1 to 5",
            ),
            (
                PeriodTarget(
                    value=Decimal(70),
                    upper=Decimal(80),
                    annual=Decimal(280),
                    description="an annual target of 280",
                ),
                "an annual target of 280",
            ),
        ],
    )
    def test_target_words(self, target: PeriodTarget, words: str) -> None:
        """A figure or an inequality is printed; a range or a share is described."""
        assert words == _target_words(quarterly(), target, Q1)
