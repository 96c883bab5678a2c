"""Tests for status schemes and the published presets."""

from __future__ import annotations

from decimal import Decimal

import pytest

from perfmeasures import (
    Case,
    ChangeKind,
    Direction,
    FloorStandard,
    InvalidRuleError,
    InvalidValueError,
    PeriodTarget,
    Polarity,
    Progress,
    Status,
    TargetMet,
    Tolerance,
    YearEndSplit,
    presets,
    shortfall,
)

HIGH = Polarity.HIGHER_IS_BETTER
LOW = Polarity.LOWER_IS_BETTER


def case(
    actual: str,
    target: str | None,
    polarity: Polarity = HIGH,
    direction: Direction = Direction.NOT_APPLICABLE,
    *,
    floor: str | None = None,
    lower: str | None = None,
    upper: str | None = None,
    year_end: bool = False,
) -> Case:
    """A case with figures written as strings."""
    return Case(
        actual=Decimal(actual),
        target=PeriodTarget(
            value=None if target is None else Decimal(target),
            floor=None if floor is None else Decimal(floor),
            lower=None if lower is None else Decimal(lower),
            upper=None if upper is None else Decimal(upper),
        ),
        polarity=polarity,
        direction=direction,
        is_year_end=year_end,
    )


class TestShortfall:
    """How far an actual falls short."""

    @pytest.mark.parametrize(
        ("c", "expected"),
        [
            (case("80", "85"), "5"),
            (case("90", "85"), "-5"),
            (case("94.8", "90", LOW), "4.8"),
            (case("80", "85", Polarity.CLOSEST_TO_TARGET), "5"),
            (case("90", "85", Polarity.CLOSEST_TO_TARGET), "5"),
            (case("5", None, lower="10", upper="20"), "5"),
            (case("25", None, lower="10", upper="20"), "5"),
            (case("15", None, lower="10", upper="20"), "0"),
        ],
    )
    def test_shortfall(self, c: Case, expected: str) -> None:
        """Shortfall follows polarity; ranges measure distance outside."""
        assert Decimal(expected) == shortfall(c)


class TestTargetMet:
    """Green when met, red otherwise."""

    @pytest.mark.parametrize(
        ("c", "expected"),
        [
            (case("85", "85"), Status.GREEN),
            (case("84.9", "85"), Status.RED),
            (case("90", "90", LOW), Status.GREEN),
            (case("90.1", "90", LOW), Status.RED),
            (case("10", None, lower="10", upper="20"), Status.GREEN),
            (case("20.01", None, lower="10", upper="20"), Status.RED),
        ],
    )
    def test_rate(self, c: Case, expected: Status) -> None:
        """Exactly on target is met."""
        assert expected == TargetMet().rate(c)


class TestTolerance:
    """Amber within a tolerance."""

    def test_absolute(self) -> None:
        """An absolute tolerance is in the measure's units."""
        scheme = Tolerance(amber=Decimal(2), kind=ChangeKind.ABSOLUTE)
        assert Status.AMBER == scheme.rate(case("83", "85"))
        assert Status.RED == scheme.rate(case("82.99", "85"))

    def test_exclusive_amber_boundary(self) -> None:
        """With an exclusive boundary, exactly the tolerance is red."""
        scheme = Tolerance(amber=Decimal(10), amber_inclusive=False)
        assert Status.RED == scheme.rate(case("90", "100"))
        assert Status.AMBER == scheme.rate(case("90.01", "100"))

    def test_zero_target_relative(self) -> None:
        """A relative tolerance of a zero target cannot be met by any shortfall."""
        assert Status.RED == Tolerance(amber=Decimal(50)).rate(case("1", "0", LOW))

    def test_range_relative_to_nearest_bound(self) -> None:
        """A range target's tolerance is relative to the bound missed."""
        scheme = Tolerance(amber=Decimal(10))
        assert Status.AMBER == scheme.rate(case("22", None, lower="10", upper="20"))
        assert Status.AMBER == scheme.rate(case("9", None, lower="10", upper="20"))
        assert Status.RED == scheme.rate(case("8.9", None, lower="10", upper="20"))

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"amber": "-1"}, "'amber' must be a number of at least 0 (got '-1')"),
            (
                {"amber": "x"},
                "'amber' must be a finite number (such as 94.8 or '94.8') (got 'x')",
            ),
            (
                {"amber": 5, "green": 6},
                "'green' must be at most the amber tolerance 5 (got '6')",
            ),
            (
                {"amber": 5, "kind": "percent"},
                "'kind' must be a ChangeKind (got 'percent')",
            ),
            (
                {"amber": 5, "amber_inclusive": 1},
                "'amber_inclusive' must be True or False (got 1)",
            ),
        ],
    )
    def test_rejects(self, kwargs: dict[str, object], message: str) -> None:
        """Impossible parameters are refused, naming the field and value."""
        with pytest.raises(InvalidValueError) as info:
            Tolerance(**kwargs)  # type: ignore[arg-type]
        assert message == str(info.value)


class TestProgress:
    """Amber when missed but improving."""

    @pytest.mark.parametrize(
        ("direction", "expected"),
        [
            (Direction.IMPROVING, Status.AMBER),
            (Direction.WORSENING, Status.RED),
            (Direction.NO_CHANGE, Status.RED),
            (Direction.NOT_APPLICABLE, Status.RED),
        ],
    )
    def test_missed(self, direction: Direction, expected: Status) -> None:
        """A missed target is amber only when improving."""
        assert expected == Progress().rate(case("931", "900", LOW, direction))

    def test_met(self) -> None:
        """A met target is green whatever the direction."""
        assert Status.GREEN == Progress().rate(
            case("81", "85", LOW, Direction.WORSENING)
        )

    def test_rejects_bad_directions(self) -> None:
        """amber_when must hold directions."""
        with pytest.raises(
            InvalidRuleError, match="'amber_when' must be a set of Direction"
        ):
            Progress(amber_when=frozenset({"improving"}))


class TestFloorStandard:
    """Kent's floor standard."""

    def test_without_floor(self) -> None:
        """A target without a floor is rated met or not."""
        assert Status.RED == FloorStandard().rate(case("80", "85"))

    def test_floor_lower_is_better(self) -> None:
        """For lower-is-better the floor is a ceiling above the target."""
        scheme = FloorStandard()
        assert Status.AMBER == scheme.rate(case("12", "10", LOW, floor="15"))
        assert Status.RED == scheme.rate(case("16", "10", LOW, floor="15"))


class TestYearEndSplit:
    """Different schemes in year and at the year end."""

    def test_split(self) -> None:
        """The year-end scheme applies only where the period closes the year."""
        scheme = YearEndSplit(in_year=Progress(), year_end=TargetMet())
        improving = case("931", "900", LOW, Direction.IMPROVING)
        assert Status.AMBER == scheme.rate(improving)
        year_end = case("931", "900", LOW, Direction.IMPROVING, year_end=True)
        assert Status.RED == scheme.rate(year_end)

    def test_rejects_nested_split(self) -> None:
        """A split cannot hold another split."""
        inner = YearEndSplit(in_year=TargetMet(), year_end=TargetMet())
        with pytest.raises(InvalidRuleError, match="'in_year' must be a status scheme"):
            YearEndSplit(in_year=inner, year_end=TargetMet())


class TestPresets:
    """Each preset does what its body's published rule says."""

    def test_rotherham(self) -> None:
        """Rotherham: satisfactory progress short of target is amber, in year.

        The key reads 'Measure progress has been satisfactory but is not fully
        reaching target set'; at the year end a measure is on or off track.
        """
        scheme = presets.rotherham()
        assert Status.GREEN == scheme.rate(case("85", "85"))
        assert Status.AMBER == scheme.rate(case("931", "900", LOW, Direction.IMPROVING))
        assert Status.RED == scheme.rate(case("94.8", "90", LOW, Direction.WORSENING))
        assert Status.RED == scheme.rate(case("44.4", "100", HIGH))
        assert Status.RED == scheme.rate(
            case("83", "85", HIGH, Direction.IMPROVING, year_end=True)
        )

    def test_rother(self) -> None:
        """Rother: 'on target', 'not achieving target' or 'improving towards target'."""
        scheme = presets.rother()
        assert Status.GREEN == scheme.rate(case("5", "5"))
        assert Status.AMBER == scheme.rate(case("4", "5", HIGH, Direction.IMPROVING))
        assert Status.RED == scheme.rate(case("4", "5", HIGH, Direction.WORSENING))

    def test_maidstone(self) -> None:
        """Maidstone: amber within 10% of the target, red beyond.

        'If the target has been missed but is within 10% of the target it will be
        rated amber, and if the target has been missed by more than 10% it will be
        rated red.' 2.9% against 2.0% is missed by more than 10%.
        """
        scheme = presets.maidstone()
        assert Status.GREEN == scheme.rate(case("2.0", "2.0", LOW))
        assert Status.AMBER == scheme.rate(case("2.2", "2.0", LOW))
        assert Status.AMBER == scheme.rate(case("90", "100"))
        assert Status.RED == scheme.rate(case("89.99", "100"))
        assert Status.RED == scheme.rate(case("2.9", "2.0", LOW))

    def test_belfast(self) -> None:
        """Belfast: green within 1%, amber from 1% to 5%, red at 5% or more.

        Green 'within 1 per cent or better'; amber 'between 1 per cent and 5 per
        cent'; red 'adrift of target (5 per cent or more)'.
        """
        scheme = presets.belfast()
        assert Status.GREEN == scheme.rate(case("99", "100"))
        assert Status.AMBER == scheme.rate(case("98.99", "100"))
        assert Status.AMBER == scheme.rate(case("95.01", "100"))
        assert Status.RED == scheme.rate(case("95", "100"))

    def test_reigate_banstead(self) -> None:
        """Reigate & Banstead: 'Amber = within agreed tolerance', per measure."""
        scheme = presets.reigate_banstead(5)
        assert Status.GREEN == scheme.rate(case("100", "100"))
        assert Status.AMBER == scheme.rate(case("95", "100"))
        assert Status.RED == scheme.rate(case("94.9", "100"))

    def test_brighton_hove(self) -> None:
        """Brighton & Hove: 'the Amber value sets a range from the target'."""
        scheme = presets.brighton_hove(3)
        assert Status.AMBER == scheme.rate(case("13", "10", LOW))
        assert Status.RED == scheme.rate(case("13.5", "10", LOW))

    def test_havering_2013(self) -> None:
        """Havering 2013/14: green within 10%; beyond, amber unless it got worse.

        'Green = on or within 10% of the Quarter 4 Target'; amber when more than
        10% off and 'performance had improved or been maintained'; red when more
        than 10% off and 'had not improved'.
        """
        scheme = presets.havering_2013()
        assert Status.GREEN == scheme.rate(case("90", "100", HIGH, Direction.WORSENING))
        assert Status.AMBER == scheme.rate(case("80", "100", HIGH, Direction.NO_CHANGE))
        assert Status.AMBER == scheme.rate(case("80", "100", HIGH, Direction.IMPROVING))
        assert Status.RED == scheme.rate(case("80", "100", HIGH, Direction.WORSENING))

    def test_havering_2024(self) -> None:
        """Havering 2024/25: amber 'below target but within the variable tolerance'."""
        scheme = presets.havering_2024("2.5")
        assert Status.AMBER == scheme.rate(case("97.5", "100"))
        assert Status.RED == scheme.rate(case("97.4", "100"))

    def test_kent(self) -> None:
        """Kent: 'AMBER Floor Standard achieved but Target has not been met'."""
        scheme = presets.kent()
        assert Status.GREEN == scheme.rate(case("90", "90", floor="80"))
        assert Status.AMBER == scheme.rate(case("80", "90", floor="80"))
        assert Status.RED == scheme.rate(case("79.9", "90", floor="80"))

    def test_lincoln(self) -> None:
        """Lincoln: green when 'achieving' the target boundary range."""
        scheme = presets.lincoln()
        assert Status.GREEN == scheme.rate(case("15", None, lower="10", upper="20"))
        assert Status.RED == scheme.rate(case("21", None, lower="10", upper="20"))

    def test_by_name(self) -> None:
        """Presets without parameters can be looked up by name."""
        assert presets.maidstone() == presets.by_name("maidstone")
        assert "rotherham" in presets.names()

    def test_by_name_unknown(self) -> None:
        """An unknown preset name is refused, listing the known ones."""
        with pytest.raises(InvalidRuleError) as caught:
            presets.by_name("nowhere")
        assert (
            "'preset' must be one of anglesey, belfast, brag, havering_2013, kent, "
            "lincoln, maidstone, rother, rotherham, rotherham_in_year (got 'nowhere')"
        ) == str(caught.value)


class TestStrictBounds:
    """A figure exactly on a bound that excludes it misses (5 for ``< 5``)."""

    @pytest.mark.parametrize(
        ("actual", "target", "expected"),
        [
            ("95", PeriodTarget(lower=Decimal(95), lower_inclusive=False), Status.RED),
            (
                "95.01",
                PeriodTarget(lower=Decimal(95), lower_inclusive=False),
                Status.GREEN,
            ),
            ("5", PeriodTarget(upper=Decimal(5), upper_inclusive=False), Status.RED),
            (
                "4.99",
                PeriodTarget(upper=Decimal(5), upper_inclusive=False),
                Status.GREEN,
            ),
            ("95", PeriodTarget(lower=Decimal(95)), Status.GREEN),
            ("5", PeriodTarget(upper=Decimal(5)), Status.GREEN),
        ],
    )
    def test_on_the_bound(
        self, actual: str, target: PeriodTarget, expected: Status
    ) -> None:
        """Equality meets an inclusive bound and misses a strict one."""
        c = Case(actual=Decimal(actual), target=target, polarity=HIGH)
        assert expected == TargetMet().rate(c)


class TestCaseDefaults:
    """A case built without saying where its period falls."""

    def test_not_year_end_by_default(self) -> None:
        """Without is_year_end a case is rated by the in-year scheme."""
        scheme = YearEndSplit(in_year=Progress(), year_end=TargetMet())
        c = Case(
            actual=Decimal(931),
            target=PeriodTarget(value=Decimal(900)),
            polarity=LOW,
            direction=Direction.IMPROVING,
        )
        assert Status.AMBER == scheme.rate(c)


class TestNoGreenBand:
    """Tolerance and Progress with no green tolerance (the default)."""

    def test_no_green_band_on_a_strict_bound(self) -> None:
        """Without a green tolerance, 5 against ``< 5`` is never green."""
        c = Case(
            actual=Decimal(5),
            target=PeriodTarget(upper=Decimal(5), upper_inclusive=False),
            polarity=LOW,
        )
        assert (Status.AMBER, Status.RED) == (
            Tolerance(amber=Decimal(10)).rate(c),
            Progress().rate(c),
        )

    def test_tolerance_fields_are_keyword_only(self) -> None:
        """A tolerance's bands are named, never positional, so none is misread."""
        with pytest.raises(TypeError):
            Tolerance(Decimal(10))  # type: ignore[call-arg]
