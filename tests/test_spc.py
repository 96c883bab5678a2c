"""Tests for perfmeasures.spc: XmR charts, special causes and the two icons (issue 11)."""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfmeasures import (
    Frequency,
    InvalidValueError,
    Measure,
    MissingReason,
    Polarity,
    Value,
    evaluate,
    evaluate_plan,
    parse_period,
)
from perfmeasures.examples import rotherham_2019_20
from perfmeasures.io import evaluations_from_json, evaluations_to_json
from perfmeasures.io._json._converter import shared_converter
from perfmeasures.spc import (
    Assurance,
    Improvement,
    PointType,
    Rule,
    Segment,
    SpecialCauseRules,
    TwoOfThree,
    Variation,
    XmR,
    measure_xmr,
    xmr,
)

WORKED = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]

# Limits fixed from these sixteen points: mean 10.5, AMR 1, 2 sigma 12.27 and
# 8.73, process limits 13.16 and 7.84.
BASE: list[Decimal | float | str] = [11, 10] * 8


def two(number: Decimal) -> str:
    """*number* to two decimal places."""
    return f"{number:.2f}"


class TestWorkedExample:
    """The reference implementation's worked example."""

    def test_unscreened(self) -> None:
        segment = xmr(WORKED, screen=False).segments[0]
        assert "1.94" == two(segment.mean)
        assert "1.882" == f"{segment.amr:.3f}"
        assert ("6.95", "-3.06") == (two(segment.upper), two(segment.lower))

    def test_screened(self) -> None:
        chart = xmr(WORKED)
        (segment,) = chart.segments
        assert Decimal(1) == segment.amr
        assert ("4.60", "-0.72") == (two(segment.upper), two(segment.lower))
        assert (0, 18, 18, False) == (
            segment.start,
            segment.stop,
            segment.points,
            segment.trial,
        )

    def test_point_types(self) -> None:
        chart = xmr(WORKED, improvement="increase")
        types = [point.point_type for point in chart.points]
        assert PointType.SPECIAL_CAUSE_IMPROVEMENT == types[4]
        assert {PointType.COMMON_CAUSE} == set(types[:4] + types[5:])
        assert frozenset({Rule.OUTSIDE}) == chart.points[4].rules
        assert Variation.COMMON_CAUSE == chart.variation

    def test_unscreened_point_types(self) -> None:
        chart = xmr(WORKED, screen=False)
        assert [4] == [point.index for point in chart.points if point.rules]

    def test_values_of_every_kind(self) -> None:
        mixed: list[Decimal | float | str] = [
            str(value) if index % 3 == 0 else float(value)
            for index, value in enumerate(WORKED)
        ]
        mixed[1] = Decimal(2)
        assert xmr(WORKED).segments == xmr(mixed).segments


class TestRules:
    """The special-cause rules and the labels they give."""

    def test_rising_trend_flags_all_eight(self) -> None:
        chart = xmr(range(8))
        assert all(Rule.TREND in point.rules for point in chart.points)
        assert Variation.IMPROVEMENT_HIGH == chart.variation
        # The first point is below the lower limit: outside outranks trend.
        assert PointType.SPECIAL_CAUSE_CONCERN == chart.points[0].point_type
        assert {PointType.SPECIAL_CAUSE_IMPROVEMENT} == {
            point.point_type for point in chart.points[1:]
        }

    def test_falling_trend_is_low(self) -> None:
        chart = xmr([7, 6, 5, 4, 3, 2, 1, 0], improvement="decrease")
        assert Variation.IMPROVEMENT_LOW == chart.variation

    def test_trend_broken_by_a_tie(self) -> None:
        chart = xmr([0, 1, 2, 3, 3, 4, 5, 6], rules=SpecialCauseRules(shift=20))
        assert not any(Rule.TREND in point.rules for point in chart.points)

    def test_trend_peak_keeps_the_rising_side(self) -> None:
        rules = SpecialCauseRules(shift=50, trend=4)
        chart = xmr([3, 4, 5, 6, 5, 4, 3], rules=rules)
        assert all({Rule.TREND} == point.rules for point in chart.points)
        assert PointType.SPECIAL_CAUSE_IMPROVEMENT == chart.points[3].point_type
        assert PointType.SPECIAL_CAUSE_CONCERN == chart.points[4].point_type
        assert Variation.CONCERN_LOW == chart.variation
        neutral = xmr([3, 4, 5, 6, 5, 4, 3], rules=rules, improvement="neutral")
        assert Variation.NEITHER_LOW == neutral.variation

    def test_opposite_sides_near_the_limits_are_common_cause(self) -> None:
        base = [10, 11] * 8
        chart = xmr([*base[:8], "12.6", "8.4", *base[8:]])
        (segment,) = chart.segments
        high, low = chart.points[8].value, chart.points[9].value
        assert segment.upper_two_sigma < high < segment.upper
        assert segment.lower < low < segment.lower_two_sigma
        assert {PointType.COMMON_CAUSE} == {point.point_type for point in chart.points}

    def test_two_of_three_same_side(self) -> None:
        chart = xmr([*BASE, "12.6", "11", "12.6", 10], fix_after=16)
        assert "12.27" == two(chart.segments[0].upper_two_sigma)
        assert [16, 18] == [point.index for point in chart.points if point.rules]
        assert {Rule.TWO_OF_THREE} == chart.points[16].rules

    @pytest.mark.parametrize("middle", ["8.4", "10.5"])
    def test_two_of_three_broken_by_the_third(self, middle: str) -> None:
        """The third point below the mean, or on it, breaks the pattern."""
        chart = xmr([*BASE, "12.6", middle, "12.5", 10], fix_after=16)
        assert [] == [point.index for point in chart.points if point.rules]

    def test_two_of_three_wordings(self) -> None:
        # One point between 2 and 3 sigma, the next beyond the limit.
        values = [*BASE, "12.6", "20", 11]
        beyond = xmr(
            values,
            fix_after=16,
            rules=SpecialCauseRules(two_of_three="beyond_2_sigma"),
        )
        assert {Rule.TWO_OF_THREE} == beyond.points[16].rules
        assert {Rule.OUTSIDE, Rule.TWO_OF_THREE} == beyond.points[17].rules
        between = xmr(
            values,
            fix_after=16,
            rules=SpecialCauseRules(two_of_three=TwoOfThree.BETWEEN_2_AND_3_SIGMA),
        )
        assert frozenset() == between.points[16].rules
        assert {Rule.OUTSIDE} == between.points[17].rules

    def test_default_two_of_three(self) -> None:
        assert TwoOfThree.BEYOND_2_SIGMA == SpecialCauseRules().two_of_three

    def test_shift_of_seven(self) -> None:
        values = [*BASE, 11, 12, 11, 12, 11, 12, 11]
        chart = xmr(values, fix_after=16, improvement="decrease")
        assert [16, 17, 18, 19, 20, 21, 22] == [
            point.index for point in chart.points if point.rules
        ]
        assert all({Rule.SHIFT} == point.rules for point in chart.points[16:])
        assert Variation.CONCERN_HIGH == chart.variation

    def test_point_on_the_mean_breaks_a_shift(self) -> None:
        values = [*BASE, 11, 12, 11, "10.5", 12, 11, 12, 11]
        assert not any(point.rules for point in xmr(values, fix_after=16).points)
        values[19] = 11
        flagged = [
            point.index for point in xmr(values, fix_after=16).points if point.rules
        ]
        assert list(range(16, 24)) == flagged

    def test_shift_length_configurable(self) -> None:
        values = [*BASE, 11, 12, 11, 12, 11, 12]
        assert not any(point.rules for point in xmr(values, fix_after=16).points)
        chart = xmr(values, fix_after=16, rules=SpecialCauseRules(shift=6))
        assert Variation.IMPROVEMENT_HIGH == chart.variation


class TestSegments:
    """Trial limits, fixed baselines, rebasing and the assurance icon."""

    def test_trial_limits(self) -> None:
        assert xmr(range(12)).segments[0].trial
        assert not xmr(range(13)).segments[0].trial

    def test_fix_after(self) -> None:
        values = [3, 4, 3, 4, 3, 4, 30, 40]
        (segment,) = xmr(values, fix_after=6).segments
        assert (Decimal("3.5"), Decimal(1), 6, True) == (
            segment.mean,
            segment.amr,
            segment.points,
            segment.trial,
        )
        assert (0, 8) == (segment.start, segment.stop)
        assert (
            PointType.SPECIAL_CAUSE_IMPROVEMENT
            == xmr(values, fix_after=6).points[-1].point_type
        )

    def test_rebase_gives_assurance_from_the_new_segment(self) -> None:
        before = [50, 52, 51, 53, 50, 52, 51, 53, 50, 52]
        after = [90, 91, 90, 92, 91, 90, 91, 92, 90, 91]
        whole = xmr([*before, *after], target=70)
        assert Assurance.INCONSISTENT == whole.assurance
        chart = xmr([*before, *after], target=70, rebase_at=[10])
        first, second = chart.segments
        assert (0, 10, 10, 20) == (first.start, first.stop, second.start, second.stop)
        assert first.upper < 70 < second.lower
        assert Assurance.CONSISTENT_PASS == chart.assurance
        assert {0, 1} == {point.segment for point in chart.points}
        assert {PointType.COMMON_CAUSE} == {point.point_type for point in chart.points}
        early = xmr(before, target=70)
        assert Assurance.CONSISTENT_FAIL == early.assurance

    def test_rebase_by_several(self) -> None:
        chart = xmr(range(12), rebase_at=(4, 8))
        assert [(0, 4), (4, 8), (8, 12)] == [
            (segment.start, segment.stop) for segment in chart.segments
        ]

    @pytest.mark.parametrize(
        ("improvement", "target", "expected"),
        [
            ("increase", 0, Assurance.CONSISTENT_PASS),
            ("increase", 100, Assurance.CONSISTENT_FAIL),
            ("increase", 10, Assurance.INCONSISTENT),
            ("decrease", 0, Assurance.CONSISTENT_FAIL),
            ("decrease", 100, Assurance.CONSISTENT_PASS),
            (Improvement.DECREASE, "10.5", Assurance.INCONSISTENT),
            ("neutral", 0, None),
            ("increase", None, None),
        ],
    )
    def test_assurance(
        self,
        improvement: str | Improvement,
        target: int | str | None,
        expected: Assurance | None,
    ) -> None:
        chart = xmr([10, 11] * 7, improvement=improvement, target=target)
        assert expected == chart.assurance

    def test_target_on_a_limit_is_inconsistent(self) -> None:
        # Mean 10.5, AMR 1: lower limit 7.84, upper 13.16.
        assert Assurance.INCONSISTENT == xmr([10, 11] * 7, target="7.84").assurance
        assert (
            Assurance.INCONSISTENT
            == xmr([10, 11] * 7, target="13.16", improvement="decrease").assurance
        )
        assert Assurance.CONSISTENT_PASS == xmr([10, 11] * 7, target="7.83").assurance


class TestErrors:
    """Bad arguments give errors naming the field; degenerate series work."""

    @pytest.mark.parametrize(
        ("arguments", "field"),
        [
            ({"values": [1]}, "values"),
            ({"values": []}, "values"),
            ({"values": "12"}, "values"),
            ({"values": 12}, "values"),
            ({"values": [1, "x"]}, "values[1]"),
            ({"values": [1, float("nan")]}, "values[1]"),
            ({"values": [1, True]}, "values[1]"),
            ({"improvement": "up"}, "improvement"),
            ({"target": "high"}, "target"),
            ({"screen": "yes"}, "screen"),
            ({"rebase_at": [0]}, "rebase_at"),
            ({"rebase_at": [1]}, "rebase_at"),
            ({"rebase_at": [9]}, "rebase_at"),
            ({"rebase_at": [10]}, "rebase_at"),
            ({"rebase_at": [5, 4]}, "rebase_at"),
            ({"rebase_at": [4, 5]}, "rebase_at"),
            ({"rebase_at": [True]}, "rebase_at"),
            ({"rebase_at": ["4"]}, "rebase_at"),
            ({"rebase_at": 4}, "rebase_at"),
            ({"fix_after": 1}, "fix_after"),
            ({"fix_after": 2.5}, "fix_after"),
            ({"fix_after": True}, "fix_after"),
            ({"rules": "standard"}, "rules"),
        ],
    )
    def test_refused(self, arguments: dict[str, object], field: str) -> None:
        rest = {key: value for key, value in arguments.items() if key != "values"}
        values = arguments.get("values", list(range(10)))
        with pytest.raises(InvalidValueError) as raised:
            xmr(values, **rest)  # type: ignore[arg-type]
        assert field == raised.value.field

    def test_too_few_message(self) -> None:
        with pytest.raises(InvalidValueError, match="at least two values"):
            xmr([5])

    @pytest.mark.parametrize(
        ("arguments", "field"),
        [
            ({"shift": 1}, "shift"),
            ({"trend": 0}, "trend"),
            ({"trend": True}, "trend"),
            ({"shift": 6.0}, "shift"),
            ({"two_of_three": "sometimes"}, "two_of_three"),
        ],
    )
    def test_rules_refused(self, arguments: dict[str, object], field: str) -> None:
        with pytest.raises(InvalidValueError) as raised:
            SpecialCauseRules(**arguments)  # type: ignore[arg-type]
        assert field == raised.value.field

    def test_identical_values(self) -> None:
        chart = xmr(["2.5"] * 20, target=3)
        (segment,) = chart.segments
        assert Decimal(0) == segment.amr
        assert segment.upper == segment.lower == segment.mean == Decimal("2.5")
        assert Assurance.CONSISTENT_FAIL == chart.assurance


# Property tests -----------------------------------------------------------

series = st.lists(st.integers(-1000, 1000), min_size=2, max_size=30)
options = st.fixed_dictionaries(
    {
        "screen": st.booleans(),
        "improvement": st.sampled_from(["increase", "decrease", "neutral"]),
        "rules": st.builds(
            SpecialCauseRules,
            shift=st.integers(2, 9),
            trend=st.integers(2, 9),
            two_of_three=st.sampled_from(list(TwoOfThree)),
        ),
    }
)


def close(expected: Decimal, actual: Decimal) -> bool:
    """Equal but for rounding in the 28th digit."""
    return abs(expected - actual) <= Decimal("1e-18") * (1 + abs(expected))


def lines(segment: Segment) -> list[Decimal]:
    """The centre line and the four limits."""
    return [
        segment.mean,
        segment.upper,
        segment.lower,
        segment.upper_two_sigma,
        segment.lower_two_sigma,
    ]


def types(chart: XmR) -> list[PointType]:
    """Every point's type, in order."""
    return [point.point_type for point in chart.points]


class TestProperties:
    """Properties the issue states, over generated series."""

    @given(series, st.integers(-(10**6), 10**6), options)
    def test_adding_a_constant(
        self, values: list[int], constant: int, kwargs: dict[str, object]
    ) -> None:
        chart = xmr(values, **kwargs)  # type: ignore[arg-type]
        moved = xmr([value + constant for value in values], **kwargs)  # type: ignore[arg-type]
        for segment, shifted in zip(chart.segments, moved.segments, strict=True):
            assert close(segment.amr, shifted.amr)
            for line, other in zip(lines(segment), lines(shifted), strict=True):
                assert close(line + constant, other)
        assert types(chart) == types(moved)
        assert chart.variation == moved.variation

    @given(
        series,
        st.decimals(min_value="0.01", max_value=1000, places=2),
        options,
    )
    def test_scaling(
        self, values: list[int], factor: Decimal, kwargs: dict[str, object]
    ) -> None:
        chart = xmr(values, **kwargs)  # type: ignore[arg-type]
        scaled = xmr([value * factor for value in values], **kwargs)  # type: ignore[arg-type]
        for segment, other in zip(chart.segments, scaled.segments, strict=True):
            assert close(segment.mean * factor, other.mean)
            assert close(segment.amr * factor, other.amr)
            assert close(
                (segment.upper - segment.mean) * factor, other.upper - other.mean
            )
            assert close(
                (segment.mean - segment.lower) * factor, other.mean - other.lower
            )
        assert types(chart) == types(scaled)

    @given(series, st.integers(-1000, 1000), st.booleans())
    def test_reversing_improvement(
        self, values: list[int], target: int, screen: bool
    ) -> None:
        up = xmr(values, target=target, screen=screen, improvement="increase")
        down = xmr(values, target=target, screen=screen, improvement="decrease")
        swap = {
            PointType.SPECIAL_CAUSE_IMPROVEMENT: PointType.SPECIAL_CAUSE_CONCERN,
            PointType.SPECIAL_CAUSE_CONCERN: PointType.SPECIAL_CAUSE_IMPROVEMENT,
            PointType.COMMON_CAUSE: PointType.COMMON_CAUSE,
        }
        assert [swap[kind] for kind in types(up)] == types(down)
        assert up.segments == down.segments
        icons = {
            Assurance.CONSISTENT_PASS: Assurance.CONSISTENT_FAIL,
            Assurance.CONSISTENT_FAIL: Assurance.CONSISTENT_PASS,
            Assurance.INCONSISTENT: Assurance.INCONSISTENT,
        }
        assert up.assurance is not None
        assert icons[up.assurance] == down.assurance
        flipped = up.variation.value.replace("improvement", "x")
        flipped = flipped.replace("concern", "improvement").replace("x", "concern")
        assert flipped == down.variation.value

    @given(
        series,
        st.integers(-1000, 1000),
        st.integers(2, 15),
        st.booleans(),
        st.data(),
    )
    def test_fixed_baseline_never_moves(
        self,
        values: list[int],
        extra: int,
        fix_after: int,
        screen: bool,
        data: st.DataObject,
    ) -> None:
        rebase: list[int] = []
        if len(values) >= 4 and data.draw(st.booleans()):
            rebase = [data.draw(st.integers(2, len(values) - 2))]
        before = xmr(values, fix_after=fix_after, screen=screen, rebase_at=rebase)
        after = xmr(
            [*values, extra], fix_after=fix_after, screen=screen, rebase_at=rebase
        )
        for old, new in zip(before.segments, after.segments, strict=True):
            if old.stop - old.start >= fix_after:
                assert attrs.evolve(old, stop=new.stop) == new

    @given(
        st.integers(-1000, 1000),
        st.integers(2, 40),
        options,
        st.integers(-1000, 1000) | st.none(),
    )
    def test_identical_values(
        self, value: int, count: int, kwargs: dict[str, object], target: int | None
    ) -> None:
        chart = xmr([value] * count, target=target, **kwargs)  # type: ignore[arg-type]
        (segment,) = chart.segments
        assert 0 == segment.amr
        assert len(set(lines(segment))) == 1
        assert {PointType.COMMON_CAUSE} == set(types(chart))
        assert Variation.COMMON_CAUSE == chart.variation


# An independent float implementation, for the cross-check -------------------


def reference_limits(
    values: Sequence[float], *, screen: bool
) -> tuple[float, float, float, float]:
    """Mean, AMR, upper and lower limits, written out longhand in floats."""
    mean = sum(values) / len(values)
    moving = [abs(values[i] - values[i - 1]) for i in range(1, len(values))]
    amr = sum(moving) / len(moving)
    if screen and amr > 0:
        kept = [r for r in moving if r < 3.267 * amr]
        amr = sum(kept) / len(kept)
    return mean, amr, mean + 2.66 * amr, mean - 2.66 * amr


def reference_types(
    values: Sequence[float], *, screen: bool, improvement: str, run: int = 7
) -> list[str]:
    """Point types, each point checked against every window that holds it."""
    mean, amr, upper, lower = reference_limits(values, screen=screen)
    high2, low2 = mean + 1.7733 * amr, mean - 1.7733 * amr
    size = len(values)
    labels = []
    for i, value in enumerate(values):
        sides: dict[str, str] = {}
        if value > upper:
            sides["outside"] = "high"
        elif value < lower:
            sides["outside"] = "low"
        for begin in range(max(0, i - run + 1), min(i, size - run) + 1):
            window = values[begin : begin + run]
            steps = [window[j + 1] - window[j] for j in range(run - 1)]
            if "trend" not in sides and all(step > 0 for step in steps):
                sides["trend"] = "high"
            if "trend" not in sides and all(step < 0 for step in steps):
                sides["trend"] = "low"
            if all(x > mean for x in window):
                sides["shift"] = "high"
            if all(x < mean for x in window):
                sides["shift"] = "low"
        for begin in range(max(0, i - 2), min(i, size - 3) + 1):
            window = values[begin : begin + 3]
            above = all(x > mean for x in window)
            if above and value > high2 and sum(x > high2 for x in window) >= 2:
                sides["two_of_three"] = "high"
            below = all(x < mean for x in window)
            if below and value < low2 and sum(x < low2 for x in window) >= 2:
                sides["two_of_three"] = "low"
        side = next(
            (
                sides[rule]
                for rule in ("outside", "trend", "two_of_three", "shift")
                if rule in sides
            ),
            None,
        )
        if side is None:
            labels.append("common_cause")
        elif improvement == "neutral":
            labels.append("special_cause_neither")
        elif (side == "high") == (improvement == "increase"):
            labels.append("special_cause_improvement")
        else:
            labels.append("special_cause_concern")
    return labels


def relative(expected: float, actual: Decimal) -> float:
    """Relative difference, absolute for figures below 1."""
    return abs(float(actual) - expected) / max(1.0, abs(expected))


@pytest.mark.parametrize("seed", range(12))
def test_cross_check(seed: int) -> None:
    """Limits and point types agree with the float implementation."""
    generator = random.Random(seed)  # noqa: S311 (seeded test data)
    size = generator.randint(8, 40)
    level = generator.uniform(-500, 500)
    noise = generator.uniform(0.5, 50)
    drift = generator.choice([0.0, noise / 3])
    values = [
        round(level + drift * i + generator.gauss(0, noise), 6) for i in range(size)
    ]
    if generator.random() < 0.5:
        values[generator.randrange(size)] += 6 * noise
    improvement = generator.choice(["increase", "decrease", "neutral"])
    for screen in (True, False):
        chart = xmr(values, screen=screen, improvement=improvement)
        mean, amr, upper, lower = reference_limits(values, screen=screen)
        (segment,) = chart.segments
        for expected, actual in (
            (mean, segment.mean),
            (amr, segment.amr),
            (upper, segment.upper),
            (lower, segment.lower),
        ):
            assert relative(expected, actual) < 1e-9
        assert reference_types(values, screen=screen, improvement=improvement) == [
            kind.value for kind in types(chart)
        ]


@pytest.mark.parametrize("seed", range(10))
def test_cross_check_segments(seed: int) -> None:
    """Rebased segments with fixed baselines agree with it too."""
    generator = random.Random(1000 + seed)  # noqa: S311 (seeded test data)
    size = generator.randint(12, 40)
    values = [round(generator.gauss(100, 10), 4) for _ in range(size)]
    cut = generator.randint(4, size - 4)
    fix = generator.randint(2, 10)
    chart = xmr(values, rebase_at=[cut], fix_after=fix)
    for segment, (start, stop) in zip(
        chart.segments, [(0, cut), (cut, size)], strict=True
    ):
        base = values[start : min(stop, start + fix)]
        mean, amr, upper, lower = reference_limits(base, screen=True)
        assert (start, stop, len(base)) == (segment.start, segment.stop, segment.points)
        for expected, actual in (
            (mean, segment.mean),
            (amr, segment.amr),
            (upper, segment.upper),
            (lower, segment.lower),
        ):
            assert relative(expected, actual) < 1e-9


# Charts of measures ---------------------------------------------------------

MONTHLY = [f"{name} 2018" for name in ("Apr", "May", "Jun", "Jul", "Aug", "Sep")] + [
    f"{name} 2018" for name in ("Oct", "Nov", "Dec")
]


def monthly(
    figures: Sequence[int | str | Value],
    *,
    polarity: Polarity = Polarity.HIGHER_IS_BETTER,
    **fields: object,
) -> Measure:
    """A monthly measure with *figures* from April 2018 on."""
    return Measure(
        ref="X.1",
        title="Test measure",
        polarity=polarity,
        frequency=Frequency.MONTHLY,
        values=dict(zip(MONTHLY, figures, strict=False)),
        **fields,  # type: ignore[arg-type]
    )


def labels(chart: XmR) -> list[str]:
    """The period label of every point."""
    return [point.period.label if point.period else "-" for point in chart.points]


class TestMeasureXmR:
    """measure_xmr charts a measure's own series."""

    def test_seed_measure(self) -> None:
        measure = rotherham_2019_20().measure("1.A2")
        chart = measure_xmr(measure)
        assert ["Apr 2019", "May 2019", "Jun 2019"] == labels(chart)
        assert [Decimal("94.8"), Decimal("97.5"), Decimal("94.8")] == [
            point.value for point in chart.points
        ]
        assert [0, 1, 2] == [point.index for point in chart.points]
        assert Improvement.DECREASE == chart.improvement
        assert Decimal(90) == chart.target
        # Mean 95.7, AMR 2.7: limits 102.882 and 88.518, both either side
        # of 90 for lower is better: hit and miss.
        assert Assurance.INCONSISTENT == chart.assurance
        assert (
            chart.segments
            == xmr(["94.8", "97.5", "94.8"], improvement="decrease", target=90).segments
        )

    def test_quarterly_rolls_up_and_skips_gaps(self) -> None:
        # 3.B4: quarters published from Q1 2018/19, with May and Jun 2019
        # (no April, so Q1 2019/20 is its published figure only).
        chart = measure_xmr(rotherham_2019_20().measure("3.B4"))
        assert [
            "Q1 2018/19",
            "Q2 2018/19",
            "Q3 2018/19",
            "Q4 2018/19",
            "Q1 2019/20",
        ] == labels(chart)
        assert Decimal(113) == chart.points[-1].value

    def test_cumulative_series(self) -> None:
        cumulative = [Value(year_to_date=total) for total in (10, 25, 33, 50, 61)]
        chart = measure_xmr(monthly(cumulative))
        assert MONTHLY[:5] == labels(chart)
        assert [10, 15, 8, 17, 11] == [point.value for point in chart.points]
        # 2.B7's quarters come from its cumulative figures the same way.
        quarters = measure_xmr(
            attrs.evolve(
                rotherham_2019_20().measure("2.B7"), frequency=Frequency.QUARTERLY
            )
        )
        assert [70, 75, 57, 103, 81] == [point.value for point in quarters.points]

    def test_data_only_is_neutral(self) -> None:
        measure = monthly([5, 6, 5, 7, 6], targets={"2018/19": 4}, data_only=True)
        chart = measure_xmr(measure)
        assert Improvement.NEUTRAL == chart.improvement
        assert chart.assurance is None
        assert chart.target is None

    @pytest.mark.parametrize(
        ("polarity", "improvement"),
        [
            (Polarity.HIGHER_IS_BETTER, Improvement.INCREASE),
            (Polarity.LOWER_IS_BETTER, Improvement.DECREASE),
            (Polarity.CLOSEST_TO_TARGET, Improvement.NEUTRAL),
            (Polarity.NEUTRAL, Improvement.NEUTRAL),
        ],
    )
    def test_polarity(self, polarity: Polarity, improvement: Improvement) -> None:
        chart = measure_xmr(monthly([1, 2, 3], polarity=polarity))
        assert improvement == chart.improvement

    def test_targets(self) -> None:
        # The target of the last period charted, for the period alone.
        fixed = monthly([10, 11] * 3, targets={"2018/19": 5})
        assert (Decimal(5), Assurance.CONSISTENT_PASS) == (
            measure_xmr(fixed).target,
            measure_xmr(fixed).assurance,
        )
        # A year-to-date target is cumulative: not comparable with a month's.
        assert measure_xmr(rotherham_2019_20().measure("2.B7")).target is None
        # No target set: no assurance.
        assert measure_xmr(monthly([10, 11, 10])).assurance is None

    def test_until_cuts_the_series(self) -> None:
        measure = monthly(list(range(1, 10)))
        chart = measure_xmr(measure, until="Jun 2018")
        assert MONTHLY[:3] == labels(chart)
        assert chart == measure_xmr(measure, until=parse_period("Jun 2018"))
        # A longer period ends the series at its end.
        assert MONTHLY[:3] == labels(measure_xmr(measure, until="Q1 2018/19"))
        seed = measure_xmr(rotherham_2019_20().measure("1.A2"), until="May 2019")
        assert ["Apr 2019", "May 2019"] == labels(seed)

    def test_periods_given(self) -> None:
        measure = monthly(list(range(1, 10)))
        chosen = ["May 2018", "Jul 2018", "Sep 2018"]
        chart = measure_xmr(measure, periods=chosen)
        assert chosen == labels(chart)
        assert [2, 4, 6] == [point.value for point in chart.points]
        assert chart == measure_xmr(
            measure, periods=[parse_period(label) for label in chosen]
        )
        # Periods with no figure are left out; until still cuts.
        assert chosen[:2] == labels(
            measure_xmr(measure, periods=[*chosen, "Jan 2019"], until="Aug 2018")
        )

    def test_rebase_by_period(self) -> None:
        measure = monthly([10, 11, 10, 11, 20, 21, 20, 21, 20])
        by_index = measure_xmr(measure, rebase_at=[4])
        assert by_index == measure_xmr(measure, rebase_at=["Aug 2018"])
        assert by_index == measure_xmr(measure, rebase_at=[parse_period("Aug 2018")])
        assert [(0, 4), (4, 9)] == [
            (segment.start, segment.stop) for segment in by_index.segments
        ]
        assert [0, 0, 0, 0, 1, 1, 1, 1, 1] == [
            point.segment for point in by_index.points
        ]

    def test_options_pass_through(self) -> None:
        measure = monthly([1, 2, 1, 2, 10, 1, 2, 1, 2])
        values = [1, 2, 1, 2, 10, 1, 2, 1, 2]
        rules = SpecialCauseRules(shift=6)
        assert (
            measure_xmr(measure, screen=False, fix_after=5, rules=rules).segments
            == xmr(values, screen=False, fix_after=5, rules=rules).segments
        )

    def test_xmr_points_have_no_period(self) -> None:
        assert {None} == {point.period for point in xmr([1, 2, 3]).points}


class TestMeasureErrors:
    """measure_xmr refuses what it cannot chart, naming the field."""

    @pytest.mark.parametrize(
        ("measure", "arguments", "field"),
        [
            (monthly([5]), {}, "measure"),
            (monthly([]), {}, "measure"),
            (monthly([5, Value(missing=MissingReason.NOT_AVAILABLE)]), {}, "measure"),
            (rotherham_2019_20().measure("5.D6"), {}, "measure"),
            (monthly([1, 2, 3]), {"until": "Apr 2018"}, "measure"),
            (monthly([1, 2, 3]), {"until": "Mar 2018"}, "measure"),
            (monthly([1, 2, 3]), {"periods": ["May 2018"]}, "periods"),
            (monthly([1, 2, 3]), {"periods": ["Jan 2019", "Feb 2019"]}, "periods"),
            (monthly([1, 2, 3]), {"periods": ["Jun 2018", "May 2018"]}, "periods"),
            (monthly([1, 2, 3]), {"periods": ["Apr 2018", "Q1 2018/19"]}, "periods"),
            (monthly([1, 2, 3]), {"periods": "Apr 2018"}, "periods"),
            (monthly([1, 2, 3]), {"periods": ["Q2 2018"]}, "periods"),
            (monthly([1, 2, 3]), {"until": "next month"}, "until"),
            (monthly([1, 2, 3, 4]), {"rebase_at": ["Jan 2019"]}, "rebase_at"),
            (monthly([1, 2, 3, 4]), {"rebase_at": ["soon"]}, "rebase_at"),
            (monthly([1, 2, 3, 4]), {"rebase_at": ["May 2018"]}, "rebase_at"),
            (monthly([1, 2, 3, 4]), {"rebase_at": "Jun 2018"}, "rebase_at"),
            (monthly([1, 2, 3, 4]), {"fix_after": 1}, "fix_after"),
            ("1.A2", {}, "measure"),
        ],
    )
    def test_refused(
        self, measure: Measure, arguments: dict[str, object], field: str
    ) -> None:
        with pytest.raises(InvalidValueError) as raised:
            measure_xmr(measure, **arguments)  # type: ignore[arg-type]
        assert field == raised.value.field

    def test_too_few_message(self) -> None:
        with pytest.raises(InvalidValueError, match=r"at least two months \(found 1\)"):
            measure_xmr(monthly([5]))
        with pytest.raises(InvalidValueError, match="up to Apr 2018"):
            measure_xmr(monthly([5, 6]), until="Apr 2018")

    def test_rebase_period_not_charted(self) -> None:
        with pytest.raises(InvalidValueError, match="Apr 2018, May 2018, Jun 2018"):
            measure_xmr(monthly([1, 2, 3]), rebase_at=["Jul 2018"])


# JSON ----------------------------------------------------------------------


class TestJSON:
    """Charts serialise through the io converter to plain JSON."""

    def test_xmr(self) -> None:
        chart = xmr(range(16), target="7.5")
        data = shared_converter().unstructure(chart)
        loaded = json.loads(json.dumps(data))
        assert "improvement_high" == loaded["variation"]
        assert "inconsistent" == loaded["assurance"]
        assert "increase" == loaded["improvement"]
        assert "7.5" == loaded["target"]
        (segment,) = loaded["segments"]
        assert str(chart.segments[0].upper) == segment["upper"]
        assert segment["trial"] is False
        first = loaded["points"][0]
        assert ["outside", "shift", "trend", "two_of_three"] == first["rules"]
        assert "special_cause_concern" == first["point_type"]
        assert first["period"] is None
        assert "0" == first["value"]
        assert chart == shared_converter().structure(data, XmR)

    def test_measure_xmr(self) -> None:
        chart = measure_xmr(rotherham_2019_20().measure("1.A2"))
        data = shared_converter().unstructure(chart)
        loaded = json.loads(json.dumps(data))
        assert chart == shared_converter().structure(loaded, XmR)
        assert ["Apr 2019", "May 2019", "Jun 2019"] == [
            point["period"] for point in loaded["points"]
        ]
        assert ["94.8", "97.5", "94.8"] == [
            point["value"] for point in loaded["points"]
        ]
        assert ("decrease", "90") == (loaded["improvement"], loaded["target"])


# The icons in evaluations ---------------------------------------------------


def months_from_april_2018(count: int) -> list[str]:
    """*count* month labels from April 2018 on."""
    names = [
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "May",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Oct",
        "Nov",
        "Dec",
    ]
    return [f"{names[(3 + i) % 12]} {2018 + (3 + i) // 12}" for i in range(count)]


def long_monthly(figures: Sequence[int | str], **fields: object) -> Measure:
    """A monthly measure, higher is better, with *figures* from April 2018."""
    fields.setdefault("polarity", Polarity.HIGHER_IS_BETTER)
    fields.setdefault("ref", "X.2")
    fields.setdefault("title", "Test measure")
    return Measure(
        frequency=Frequency.MONTHLY,
        values=dict(zip(months_from_april_2018(len(figures)), figures, strict=True)),
        **fields,  # type: ignore[arg-type]
    )


class TestEvaluateWithIcons:
    """evaluate(..., spc=True) adds the chart's icons and changes nothing else."""

    def test_seed(self) -> None:
        """The seed's monthly measures get icons from their three months."""
        plan = rotherham_2019_20()
        rated = {
            ref: evaluate(plan.measure(ref), "Q1 2019/20", spc=True)
            for ref in ("1.A2", "1.A8", "3.B3")
        }
        # 1.A2: limits 102.882 and 88.518 straddle the target of 90.
        assert Variation.COMMON_CAUSE == rated["1.A2"].variation
        assert Assurance.INCONSISTENT == rated["1.A2"].assurance
        # 1.A8: 81.7, 81.8, 81.7 with limits about 81.9 and 81.5, target 85.
        assert Assurance.CONSISTENT_FAIL == rated["1.A8"].assurance
        # 3.B3 has no monthly figures for the quarter: no icons.
        assert rated["3.B3"].variation is None
        assert rated["3.B3"].assurance is None
        assert rated["1.A2"].explanation.endswith(
            "Status red. XmR chart (3 points; trial limits, fewer than 13): "
            "common cause variation; against the target, the process limits "
            "say it will hit and miss."
        )

    def test_same_rating_either_way(self) -> None:
        """Status, direction and figures are those of a plain evaluation."""
        plan = rotherham_2019_20()
        for measure in plan.measures:
            plain = evaluate(measure, "Q1 2019/20")
            charted = evaluate(measure, "Q1 2019/20", spc=True)
            assert plain.variation is None
            assert plain.assurance is None
            assert plain == attrs.evolve(
                charted,
                variation=None,
                assurance=None,
                explanation=plain.explanation,
            )
            assert charted.explanation.startswith(plain.explanation)

    def test_special_cause_and_assurance(self) -> None:
        """Fifteen months around 50, then a jump: improvement high, passing."""
        figures = [50, 51, 49, 50, 52, 48, 50, 51, 49, 50, 51, 49, 50, 51, 70]
        measure = long_monthly(figures, targets={"2019/20": 30})
        rated = evaluate(measure, "Jun 2019", spc=True)
        assert Variation.IMPROVEMENT_HIGH == rated.variation
        assert Assurance.CONSISTENT_PASS == rated.assurance
        assert "(15 points)" in rated.explanation
        assert "special cause improvement (high)" in rated.explanation
        lower = long_monthly(figures, polarity=Polarity.LOWER_IS_BETTER)
        assert Variation.CONCERN_HIGH == evaluate(lower, "Jun 2019", spc=True).variation

    def test_chart_stops_at_the_period(self) -> None:
        """Figures after the period rated are not charted."""
        figures = [50, 51, 49, 50, 52, 48, 50, 51, 49, 50, 51, 49, 50, 51, 70]
        measure = long_monthly(figures)
        rated = evaluate(measure, "May 2019", spc=True)
        assert Variation.COMMON_CAUSE == rated.variation
        assert rated.assurance is None  # no target
        assert "(14 points)" in rated.explanation

    def test_quarter_of_a_monthly_measure(self) -> None:
        """A quarter is charted to its last month."""
        measure = long_monthly([50, 51, 49, 50, 52, 48])
        assert (
            Variation.COMMON_CAUSE
            == evaluate(measure, "Q1 2018/19", spc=True).variation
        )
        assert "(3 points;" in evaluate(measure, "Q1 2018/19", spc=True).explanation

    def test_no_figure_for_the_period(self) -> None:
        """No icons that would speak of an earlier month than the one rated."""
        measure = long_monthly([50, 51, 49, 50, 52, 48])
        rated = evaluate(measure, "Oct 2018", spc=True)
        assert rated.variation is None
        assert rated.assurance is None
        assert "XmR" not in rated.explanation
        # Nor from a single figure.
        assert evaluate(measure, "Apr 2018", spc=True).variation is None

    def test_data_only_is_neutral(self) -> None:
        """A data-only measure gets a variation and no assurance."""
        figures = [50, 51, 49, 50, 52, 48, 50, 51, 49, 50, 51, 49, 50, 51, 70]
        measure = long_monthly(figures, data_only=True)
        rated = evaluate(measure, "Jun 2019", spc=True)
        assert Variation.NEITHER_HIGH == rated.variation
        assert rated.assurance is None

    def test_multi_part_measure(self) -> None:
        """A whole with its own figures gets icons; its words gain the sentence."""
        part = long_monthly([5, 6, 5, 6, 5, 6], ref="X.2a", title="Part a")
        whole = long_monthly(
            [10, 11, 10, 11, 10, 11], components=[part], targets={"2018/19": 20}
        )
        rated = evaluate(whole, "Sep 2018", spc=True)
        assert Variation.COMMON_CAUSE == rated.variation
        assert Assurance.CONSISTENT_FAIL == rated.assurance
        assert rated.explanation.startswith("Rated as its worst part.")
        assert rated.explanation.endswith("will consistently fail.")
        # The parts are rated, not charted.
        assert all(p.variation is None for p in rated.components)

    @pytest.mark.parametrize("bad", ["yes", 1, None])
    def test_bad_option(self, bad: object) -> None:
        """Spc must be a boolean."""
        measure = long_monthly([1, 2, 3])
        with pytest.raises(InvalidValueError, match="'spc' must be True or False"):
            evaluate(measure, "Jun 2018", spc=bad)  # type: ignore[arg-type]
        with pytest.raises(InvalidValueError, match="'spc' must be True or False"):
            evaluate_plan(
                rotherham_2019_20(),
                "Q1 2019/20",
                spc=bad,  # type: ignore[arg-type]
            )

    def test_plan(self) -> None:
        """evaluate_plan(spc=True) gives each measure's evaluate(spc=True)."""
        plan = rotherham_2019_20()
        rated = evaluate_plan(plan, "Q1 2019/20", spc=True)
        for evaluation in rated:
            alone = evaluate(plan.measure(evaluation.ref), "Q1 2019/20", spc=True)
            assert alone == evaluation
            assert alone.explanation == evaluation.explanation
        assert {None, Variation.COMMON_CAUSE} == {e.variation for e in rated}

    def test_plan_in_processes(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Spread over processes, the icons are the same."""
        from perfmeasures import _workers  # noqa: PLC0415

        monkeypatch.setattr(_workers, "LEAST_PER_PROCESS", 2)
        plan = rotherham_2019_20()
        one = evaluate_plan(plan, "Q1 2019/20", spc=True)
        two = evaluate_plan(plan, "Q1 2019/20", spc=True, workers=2)
        assert one == two
        assert [e.explanation for e in one] == [e.explanation for e in two]

    def test_json_round_trip(self) -> None:
        """The icons are written as their values and read back."""
        rated = evaluate_plan(rotherham_2019_20(), "Q1 2019/20", spc=True)
        text = evaluations_to_json(rated)
        first = json.loads(text)["evaluations"][0]
        assert ("common_cause", "inconsistent") == (
            first["variation"],
            first["assurance"],
        )
        assert rated == evaluations_from_json(text)

    def test_evaluations_written_before(self) -> None:
        """A file without the icons reads with none."""
        rated = evaluate_plan(rotherham_2019_20(), "Q1 2019/20")
        data = json.loads(evaluations_to_json(rated))
        for each in data["evaluations"]:
            del each["variation"], each["assurance"]
        assert rated == evaluations_from_json(json.dumps(data))
