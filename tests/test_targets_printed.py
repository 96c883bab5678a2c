"""Tests for targets as councils print them: inequalities and profiles to date."""

from __future__ import annotations

import decimal
import io
import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfmeasures import (
    AnnualTarget,
    Basis,
    Bound,
    BoundTarget,
    Case,
    ChangeKind,
    Direction,
    FixedTarget,
    FloorStandard,
    InvalidTargetError,
    InvalidValueError,
    Measure,
    PeriodTarget,
    Plan,
    Polarity,
    Progress,
    Quarter,
    RelativeTarget,
    Status,
    StatusScheme,
    Target,
    TargetMet,
    Tolerance,
    Unit,
    UnitKind,
    Value,
    Year,
    evaluate,
    presets,
    shortfall,
    target_for,
)
from perfmeasures import strategies as pst
from perfmeasures._targets import EXPECTED_BOUND, to_target
from perfmeasures.io import (
    make_converter,
    plan_from_json,
    plan_schema,
    plan_to_json,
    read_long_csv,
    read_wide_csv,
    write_long_csv,
    write_wide_csv,
)
from perfmeasures.io._sheets._cells import (
    EXPECTED_TARGET,
    format_target,
    parse_target,
)
from perfmeasures.reports._format import target_words
from perfmeasures.reports._tables import short_target

HIGH = Polarity.HIGHER_IS_BETTER
LOW = Polarity.LOWER_IS_BETTER
NEUTRAL = Polarity.NEUTRAL
CLOSEST = Polarity.CLOSEST_TO_TARGET
YEAR = Year(2019)
Q1 = Quarter(YEAR, 1)
Q2 = Quarter(YEAR, 2)
PERCENT = Unit(kind=UnitKind.PERCENTAGE)


def rate(
    printed: str,
    polarity: Polarity,
    actual: str,
    scheme: StatusScheme,
    direction: Direction = Direction.NOT_APPLICABLE,
) -> Status:
    """*scheme*'s status for *actual* against the target printed as *printed*."""
    target = to_target(printed).resolve(Q1, lambda _: None)
    assert target is not None
    case = Case(
        actual=Decimal(actual),
        target=target,
        polarity=polarity,
        direction=direction,
    )
    return scheme.rate(case)


def measure(
    target: object,
    *,
    unit: Unit | None = None,
    values: dict[str, object] | None = None,
) -> Measure:
    """A lower-is-better measure with *target* for 2019/20, 6 in Q1 by default."""
    return Measure(
        ref="1.A1",
        title="Repeat referrals",
        polarity=LOW,
        unit=unit if unit is not None else Unit(),
        values=values if values is not None else {"Q1 2019/20": 6},
        targets={"2019/20": target},
    )


class TestBound:
    """The four inequalities."""

    @pytest.mark.parametrize(
        ("bound", "expected"),
        [
            (Bound.AT_MOST, ("\u2264", False, True)),
            (Bound.BELOW, ("<", True, True)),
            (Bound.AT_LEAST, ("\u2265", False, False)),
            (Bound.ABOVE, (">", True, False)),
        ],
    )
    def test_properties(self, bound: Bound, expected: tuple[str, bool, bool]) -> None:
        """Each bound has its sign, strictness and side."""
        assert expected == (bound.symbol, bound.strict, bound.is_upper)

    def test_wire_values(self) -> None:
        """Bounds travel as lower_snake words."""
        assert ["at_most", "below", "at_least", "above"] == [b.value for b in Bound]


class TestPublishedInequalities:
    """Inequalities as published, rated at and around their bounds."""

    @pytest.mark.parametrize(
        ("printed", "polarity", "actual", "met", "maidstone"),
        [
            # Strict upper bound: exactly the bound misses, whatever the polarity.
            ("<5", LOW, "4.99", Status.GREEN, Status.GREEN),
            ("<5", LOW, "5", Status.RED, Status.AMBER),
            ("<5", HIGH, "5", Status.RED, Status.AMBER),
            ("<5", HIGH, "4", Status.GREEN, Status.GREEN),
            ("<5", LOW, "5.5", Status.RED, Status.AMBER),
            ("<5", LOW, "5.51", Status.RED, Status.RED),
            ("fewer than 5", NEUTRAL, "5", Status.RED, Status.AMBER),
            # Inclusive upper bound: exactly the bound meets it.
            ("\u2264 5", LOW, "5", Status.GREEN, Status.GREEN),
            ("<= 5", HIGH, "5", Status.GREEN, Status.GREEN),
            ("no more than 5", HIGH, "5.01", Status.RED, Status.AMBER),
            ("maximum 5", CLOSEST, "0", Status.GREEN, Status.GREEN),
            # Inclusive lower bound.
            (">= 95", HIGH, "95", Status.GREEN, Status.GREEN),
            ("\u226595%", LOW, "95", Status.GREEN, Status.GREEN),
            ("at least 95", HIGH, "94.99", Status.RED, Status.AMBER),
            ("minimum 95", HIGH, "85.5", Status.RED, Status.AMBER),
            ("no less than 95", HIGH, "85.49", Status.RED, Status.RED),
            # Strict lower bound.
            (">95", HIGH, "95", Status.RED, Status.AMBER),
            (">95", LOW, "95", Status.RED, Status.AMBER),
            (">95", LOW, "95.01", Status.GREEN, Status.GREEN),
            ("more than 3", CLOSEST, "3", Status.RED, Status.AMBER),
            ("more than 3", NEUTRAL, "300", Status.GREEN, Status.GREEN),
        ],
    )
    def test_target_met_and_tolerance(
        self,
        printed: str,
        polarity: Polarity,
        actual: str,
        met: Status,
        maidstone: Status,
    ) -> None:
        """The inequality decides; on a strict bound Maidstone's 10% gives amber."""
        assert (met, maidstone) == (
            rate(printed, polarity, actual, TargetMet()),
            rate(printed, polarity, actual, presets.maidstone()),
        )

    @pytest.mark.parametrize(
        ("printed", "actual", "direction", "scheme", "expected"),
        [
            ("<5", "5", Direction.IMPROVING, Progress(), Status.AMBER),
            ("<5", "5", Direction.WORSENING, Progress(), Status.RED),
            ("\u2264 5", "5", Direction.WORSENING, Progress(), Status.GREEN),
            ("<5", "5", Direction.WORSENING, Progress(green=10), Status.GREEN),
            (">95", "95", Direction.NOT_APPLICABLE, presets.belfast(), Status.GREEN),
            (
                ">95",
                "95",
                Direction.NOT_APPLICABLE,
                Tolerance(amber=5, kind=ChangeKind.ABSOLUTE),
                Status.AMBER,
            ),
        ],
    )
    def test_progress(
        self,
        printed: str,
        actual: str,
        direction: Direction,
        scheme: StatusScheme,
        expected: Status,
    ) -> None:
        """A strict bound missed by nothing is missed, within any tolerance."""
        assert expected == rate(printed, LOW, actual, scheme, direction)

    @pytest.mark.parametrize(
        ("target", "actual", "expected"),
        [
            (BoundTarget(5, Bound.BELOW, floor=8), "4", Status.GREEN),
            (BoundTarget(5, Bound.BELOW, floor=8), "5", Status.AMBER),
            (BoundTarget(5, Bound.BELOW, floor=8), "8", Status.AMBER),
            (BoundTarget(5, Bound.BELOW, floor=8), "8.01", Status.RED),
            (BoundTarget(5, Bound.BELOW, floor=5), "5", Status.AMBER),
            (BoundTarget(95, Bound.ABOVE, floor=90), "95.1", Status.GREEN),
            (BoundTarget(95, Bound.ABOVE, floor=90), "95", Status.AMBER),
            (BoundTarget(95, Bound.ABOVE, floor=90), "90", Status.AMBER),
            (BoundTarget(95, Bound.ABOVE, floor=90), "89.9", Status.RED),
            (BoundTarget(95, Bound.AT_LEAST), "95", Status.GREEN),
            (BoundTarget(95, Bound.ABOVE), "95", Status.RED),
        ],
    )
    def test_floor_standard(
        self, target: Target, actual: str, expected: Status
    ) -> None:
        """An inequality's floor is a weaker bound on its side, met on equality."""
        resolved = target.resolve(Q1, lambda _: None)
        assert resolved is not None
        # A neutral polarity shows that the bound alone decides.
        case = Case(actual=Decimal(actual), target=resolved, polarity=NEUTRAL)
        assert expected == FloorStandard().rate(case)

    @pytest.mark.parametrize(
        ("printed", "actual", "expected"),
        [("<5", "5", "0"), ("<5", "7", "2"), ("<5", "3", "0"), (">95", "90", "5")],
    )
    def test_shortfall(self, printed: str, actual: str, expected: str) -> None:
        """The shortfall is the distance outside the bound, zero on it."""
        target = to_target(printed).resolve(Q1, lambda _: None)
        assert target is not None
        case = Case(actual=Decimal(actual), target=target, polarity=HIGH)
        assert Decimal(expected) == shortfall(case)

    @pytest.mark.parametrize(
        ("printed", "expected"),
        [
            (
                "<5",
                PeriodTarget(
                    upper=Decimal(5),
                    upper_inclusive=False,
                    description="a target of < 5",
                ),
            ),
            (
                "at least 95",
                PeriodTarget(lower=Decimal(95), description="a target of \u2265 95"),
            ),
        ],
    )
    def test_resolve(self, printed: str, expected: PeriodTarget) -> None:
        """An inequality resolves to one bound, inclusive or not."""
        assert expected == to_target(printed).resolve(Q2, lambda _: None)


class TestReadInequalities:
    """Every spelling councils print, in the model and in cells."""

    @pytest.mark.parametrize(
        ("text", "expected", "percent"),
        [
            ("<5", BoundTarget(5, Bound.BELOW), False),
            ("< 5", BoundTarget(5, Bound.BELOW), False),
            ("\u2264 10%", BoundTarget(10, Bound.AT_MOST), True),
            ("\u226410", BoundTarget(10, Bound.AT_MOST), False),
            ("\u2a7d 10", BoundTarget(10, Bound.AT_MOST), False),
            ("<= 10", BoundTarget(10, Bound.AT_MOST), False),
            (">= 95", BoundTarget(95, Bound.AT_LEAST), False),
            ("\u226595%", BoundTarget(95, Bound.AT_LEAST), True),
            ("\u2a7e 95", BoundTarget(95, Bound.AT_LEAST), False),
            (">5", BoundTarget(5, Bound.ABOVE), False),
            ("at least 95", BoundTarget(95, Bound.AT_LEAST), False),
            ("At Least 95%", BoundTarget(95, Bound.AT_LEAST), True),
            ("no more than 5", BoundTarget(5, Bound.AT_MOST), False),
            ("not more than 5", BoundTarget(5, Bound.AT_MOST), False),
            ("no less than 90", BoundTarget(90, Bound.AT_LEAST), False),
            ("no fewer than 90", BoundTarget(90, Bound.AT_LEAST), False),
            ("more than 3", BoundTarget(3, Bound.ABOVE), False),
            ("greater than 3", BoundTarget(3, Bound.ABOVE), False),
            ("over 3", BoundTarget(3, Bound.ABOVE), False),
            ("less than 5", BoundTarget(5, Bound.BELOW), False),
            ("fewer than 5", BoundTarget(5, Bound.BELOW), False),
            ("under 5", BoundTarget(5, Bound.BELOW), False),
            ("below 5%", BoundTarget(5, Bound.BELOW), True),
            ("maximum 5", BoundTarget(5, Bound.AT_MOST), False),
            ("a maximum of 5", BoundTarget(5, Bound.AT_MOST), False),
            ("max. 5", BoundTarget(5, Bound.AT_MOST), False),
            ("up to 5", BoundTarget(5, Bound.AT_MOST), False),
            ("minimum 95", BoundTarget(95, Bound.AT_LEAST), False),
            ("min 95%", BoundTarget(95, Bound.AT_LEAST), True),
            ("95% or more", BoundTarget(95, Bound.AT_LEAST), True),
            ("95 or above", BoundTarget(95, Bound.AT_LEAST), False),
            ("5 or fewer", BoundTarget(5, Bound.AT_MOST), False),
            ("5 or less", BoundTarget(5, Bound.AT_MOST), False),
            ("< -5", BoundTarget(-5, Bound.BELOW), False),
            ("\u2264 2.5%", BoundTarget("2.5", Bound.AT_MOST), True),
        ],
    )
    def test_model_and_cell(self, text: str, expected: Target, percent: bool) -> None:
        """The model and a target cell read the same inequality from the same text."""
        assert (expected, (expected, percent)) == (
            to_target(text),
            parse_target(text, year=YEAR),
        )

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("90", FixedTarget(90)),
            (" 1,288 ", FixedTarget(1288)),
            (Decimal("7.5"), FixedTarget("7.5")),
            (85, FixedTarget(85)),
        ],
    )
    def test_plain_numbers_stay_fixed(self, value: object, expected: Target) -> None:
        """A bare number is still a fixed target."""
        assert expected == to_target(value)

    def test_measure_accepts_text(self) -> None:
        """A measure's targets may be written as councils print them."""
        assert BoundTarget(5, Bound.BELOW) == measure("<5").targets[YEAR]

    @pytest.mark.parametrize(
        "text",
        [
            "<",
            "< abc",
            "<= 5 to 6",
            "<<5",
            "at least",
            "at least 95 or more",
            "< 5%%",
            "\u2264 5 (floor: 8)",
        ],
    )
    def test_bad_model_text(self, text: str) -> None:
        """Text that begins as an inequality but is not one names what was expected."""
        with pytest.raises(InvalidTargetError) as caught:
            to_target(text)
        assert ("target", text, EXPECTED_BOUND) == (
            caught.value.field,
            caught.value.value,
            caught.value.expected,
        )
        assert (
            f"'target' must be an inequality such as '<5', '\u2264 10%', '>= 95' or "
            f"'at least 95' (got {text!r})"
        ) == str(caught.value)

    def test_from_text_needs_text(self) -> None:
        """Only text is read as an inequality."""
        with pytest.raises(InvalidTargetError) as caught:
            BoundTarget.from_text(5)  # type: ignore[arg-type]
        assert ("target", 5, EXPECTED_BOUND) == (
            caught.value.field,
            caught.value.value,
            caught.value.expected,
        )

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("<", EXPECTED_TARGET),
            ("< abc", EXPECTED_TARGET),
            ("<= 5 to 6", EXPECTED_TARGET),
            ("\u2265 95 (annual target)", EXPECTED_TARGET),
            ("\u2265 95 (profile: 20, 25, 25, 25)", EXPECTED_TARGET),
            ("5 or more or less", EXPECTED_TARGET),
            (
                "< 5 (floor: 3)",
                f"{EXPECTED_TARGET} ('floor' must be at least the bound 5 (got '3'))",
            ),
        ],
    )
    def test_bad_cells(self, text: str, expected: str) -> None:
        """A cell that is not a target names what was expected and what came."""
        with pytest.raises(InvalidValueError) as caught:
            parse_target(text, year=YEAR)
        assert ("cell", text, expected) == (
            caught.value.field,
            caught.value.value,
            caught.value.expected,
        )

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            (
                {"value": 5, "bound": Bound.BELOW, "floor": 3},
                "'floor' must be at least the bound 5 (got '3')",
            ),
            (
                {"value": 95, "bound": Bound.AT_LEAST, "floor": 96},
                "'floor' must be at most the bound 95 (got '96')",
            ),
            ({"value": 5, "bound": "below"}, "'bound' must be a Bound (got 'below')"),
            (
                {"value": "x", "bound": Bound.BELOW},
                "'value' must be a finite number (such as 94.8 or '94.8') (got 'x')",
            ),
        ],
    )
    def test_bad_targets(self, kwargs: dict[str, object], message: str) -> None:
        """An inequality's fields are checked, naming field, value and expectation."""
        with pytest.raises(InvalidValueError) as caught:
            BoundTarget(**kwargs)  # type: ignore[arg-type]
        assert message == str(caught.value)


class TestPrintedForms:
    """Inequalities written back as printed, and read back equal."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("<5", "< 5"),
            ("\u2264 10%", "\u2264 10%"),
            ("<= 10", "\u2264 10"),
            ("at least 95%", "\u2265 95%"),
            ("more than 3", "> 3"),
            ("95% or more (floor: 90%)", "\u2265 95% (floor: 90%)"),
            ("fewer than 5 (Vehicles)", "< 5"),
        ],
    )
    def test_cell_round_trip(self, text: str, expected: str) -> None:
        """A cell writes back with its sign, and that reads back to the same target."""
        target, percent = parse_target(text, year=YEAR)
        assert target is not None
        written = format_target(target, percent=percent)
        assert (expected, (target, percent)) == (
            written,
            parse_target(written, year=YEAR),
        )

    @given(pst.targets(), st.booleans())
    def test_every_cell_round_trips(self, target: Target, percent: bool) -> None:
        """Every target but a basis survives a cell, profiles included."""
        back, _ = parse_target(format_target(target, percent=percent), year=YEAR)
        assert cell_carried(target) == cell_carried(back)

    @given(pst.targets())
    def test_wire_round_trip(self, target: Target) -> None:
        """Every target survives the JSON converter."""
        converter = make_converter()
        # cattrs' annotations ask for a class; unions work at run time.
        union: Any = Target
        data = converter.unstructure(target, union)
        assert target == converter.structure(json.loads(json.dumps(data)), union)

    def test_wire_form(self) -> None:
        """An inequality travels tagged "bound" with its figure, bound and floor."""
        data = make_converter().unstructure(
            BoundTarget(5, Bound.BELOW, floor=8), Target
        )
        assert {"type": "bound", "value": "5", "bound": "below", "floor": "8"} == data

    def test_plan_json_round_trip(self) -> None:
        """A plan with printed targets survives JSON."""
        plan = Plan(title="Plan", measures=(measure("\u2264 10"),))
        assert plan == plan_from_json(plan_to_json(plan))

    def test_long_round_trip(self) -> None:
        """A plan with an inequality survives the long format."""
        plan = Plan(
            title="Plan", measures=(measure(BoundTarget(5, Bound.BELOW, floor=8)),)
        )
        buffer = io.StringIO()
        write_long_csv(plan, buffer)
        assert plan == read_long_csv(io.StringIO(buffer.getvalue()))

    def test_schema(self) -> None:
        """The plan schema describes the inequality target and its bounds."""
        defs = plan_schema()["$defs"]
        assert (
            {"const": "bound"},
            ["at_most", "below", "at_least", "above"],
        ) == (
            defs["bound_target"]["properties"]["type"],
            defs["bound"]["enum"],
        )

    def test_str(self) -> None:
        """An inequality prints with its sign and figure."""
        assert ["\u2264 5", "< 5", "\u2265 95.5", "> -1"] == [
            str(BoundTarget(5, Bound.AT_MOST)),
            str(BoundTarget(5, Bound.BELOW)),
            str(BoundTarget("95.5", Bound.AT_LEAST)),
            str(BoundTarget(-1, Bound.ABOVE)),
        ]


def cell_carried(target: Target | None) -> object:
    """What a target cell carries: all but an annual or relative basis."""
    if isinstance(target, AnnualTarget):
        return ("annual", target.value, target.profile, target.floor)
    if isinstance(target, RelativeTarget):
        return ("relative", target.baseline, target.change, target.change_kind)
    return target


class TestReports:
    """Reports and explanations show an inequality as printed, never a bare figure."""

    @pytest.mark.parametrize(
        ("target", "unit", "column", "words"),
        [
            ("<5", Unit(), "< 5", "a target of < 5"),
            ("\u2264 10%", PERCENT, "\u2264 10%", "a target of \u2264 10%"),
            (
                BoundTarget(95, Bound.AT_LEAST, floor=90),
                PERCENT,
                "\u2265 95%, floor 90%",
                "a target of \u2265 95% and a floor of 90%",
            ),
        ],
    )
    def test_target_text(
        self, target: object, unit: Unit, column: str, words: str
    ) -> None:
        """The Target column and the target's words keep the sign."""
        m = measure(target, unit=unit)
        assert (column, words) == (short_target(m, Q1), target_words(m, Q1))

    def test_explanation(self) -> None:
        """An evaluation's explanation names the inequality, and 5 against < 5 misses."""
        result = evaluate(measure("<5", values={"Q1 2019/20": 5}), Q1)
        assert (Status.RED, True) == (
            result.status,
            result.explanation.startswith("5 against a target of < 5,"),
        )


class TestProfileToDate:
    """A profile published as year-to-date figures."""

    def test_increments(self) -> None:
        """29/56/83/97 to date is 29, 27, 27 and 14 a quarter."""
        target = AnnualTarget.from_year_to_date(97, ("29", 56, 83.0, Decimal(97)))
        assert AnnualTarget(value=97, profile=(29, 27, 27, 14)) == target

    def test_keeps_basis_and_floor(self) -> None:
        """Basis and floor pass through."""
        target = AnnualTarget.from_year_to_date(
            97, (29, 56, 83, 97), basis=Basis.PERIOD, floor=90
        )
        assert (Basis.PERIOD, Decimal(90)) == (target.basis, target.floor)

    @pytest.mark.parametrize(
        ("period", "expected"),
        [(Q1, "29"), (Q2, "56"), (Quarter(YEAR, 3), "83"), (YEAR, "97")],
    )
    def test_rated_to_date(self, period: Quarter | Year, expected: str) -> None:
        """Each quarter is rated against the published figure to its end."""
        m = measure(AnnualTarget.from_year_to_date(97, (29, 56, 83, 97)))
        resolved = target_for(m, period)
        assert resolved is not None
        assert Decimal(expected) == resolved.value

    def test_rated_at_q2(self) -> None:
        """A collection rate of 55.5 to Q2 misses 56 to date."""
        m = Measure(
            ref="3.C1",
            title="Council tax collected",
            polarity=HIGH,
            unit=PERCENT,
            values={
                "Q1 2019/20": Value.cumulative(29),
                "Q2 2019/20": Value.cumulative("55.5"),
            },
            targets={"2019/20": AnnualTarget.from_year_to_date(97, (29, 56, 83, 97))},
        )
        result = evaluate(m, Q2)
        assert (Decimal(56), Decimal("55.5"), Status.RED) == (
            result.target,
            result.actual,
            result.computed_status,
        )

    @pytest.mark.parametrize(
        ("to_date", "shown"),
        [
            ((29, 56, 50, 97), ["29", "56", "50", "97"]),
            ((29, 56, 83, 96), ["29", "56", "83", "96"]),
            ((29, 56, 97), ["29", "56", "97"]),
            ((29, 56, 83, 97, 97), ["29", "56", "83", "97", "97"]),
        ],
    )
    def test_refused(self, to_date: tuple[int, ...], shown: list[str]) -> None:
        """Figures that fall, miss the annual value or are not four are refused."""
        with pytest.raises(InvalidTargetError) as caught:
            AnnualTarget.from_year_to_date(97, to_date)
        assert (
            "'profile' must be four year-to-date figures that never fall and end "
            f"at the annual target 97 (got {shown!r})"
        ) == str(caught.value)

    def test_refused_not_numbers(self) -> None:
        """A figure that is no number is refused as such."""
        with pytest.raises(InvalidValueError) as caught:
            AnnualTarget.from_year_to_date(97, (29, "x", 83, 97))
        assert (
            "'profile' must be a finite number (such as 94.8 or '94.8') (got 'x')"
        ) == str(caught.value)

    def test_old_refusal_points_here(self) -> None:
        """A cumulative profile given as a plain profile names the classmethod."""
        with pytest.raises(InvalidTargetError) as caught:
            AnnualTarget(value=97, profile=(29, 56, 83, 97))
        assert (
            "'profile' must be quarterly figures adding up to the annual target 97 "
            "(these look like year-to-date figures: enter them with "
            "AnnualTarget.from_year_to_date) (got ['29', '56', '83', '97'])"
        ) == str(caught.value)

    @pytest.mark.parametrize("profile", [(85, 65, 65, 66), (97, 0, 0, 1)])
    def test_other_refusals_unchanged(self, profile: tuple[int, ...]) -> None:
        """A profile that does not look cumulative gets the plain message."""
        with pytest.raises(InvalidTargetError) as caught:
            AnnualTarget(value=280, profile=profile)
        assert (
            "quarterly figures adding up to the annual target 280"
        ) == caught.value.expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            (
                "97 (profile to date: 29, 56, 83, 97)",
                (AnnualTarget.from_year_to_date(97, (29, 56, 83, 97)), False),
            ),
            (
                "97% (year-to-date profile: 29%; 56%; 83%; 97%) (floor: 90%)",
                (
                    AnnualTarget.from_year_to_date(97, (29, 56, 83, 97), floor=90),
                    True,
                ),
            ),
            (
                "280 (profile: 85, 65, 65, 65)",
                (AnnualTarget(value=280, profile=(85, 65, 65, 65)), False),
            ),
            (
                "2,800 (annual target) (quarterly profile: 850, 650, 650, 650)",
                (AnnualTarget(value=2800, profile=(850, 650, 650, 650)), False),
            ),
            (
                "1,300 (profile to date: 1,000, 1,100, 1,200, 1,300)",
                (
                    AnnualTarget.from_year_to_date(1300, (1000, 1100, 1200, 1300)),
                    False,
                ),
            ),
            ("90 (profile is under review)", (FixedTarget(90), False)),
        ],
    )
    def test_cells(self, text: str, expected: tuple[Target, bool]) -> None:
        """A target cell may give a profile per quarter or to date."""
        assert expected == parse_target(text, year=YEAR)

    def test_bad_cell(self) -> None:
        """A profile to date that falls names the problem in the cell's message."""
        text = "97 (profile to date: 29, 56, 50, 97)"
        with pytest.raises(InvalidValueError) as caught:
            parse_target(text, year=YEAR)
        assert (
            f"{EXPECTED_TARGET} ('profile' must be four year-to-date figures that "
            "never fall and end at the annual target 97 (got ['29', '56', '50', "
            "'97']))"
        ) == caught.value.expected

    def test_wide_round_trip(self) -> None:
        """A wide table keeps the profile."""
        target = AnnualTarget.from_year_to_date(97, (29, 56, 83, 97))
        plan = Plan(
            title="Plan",
            measures=(measure(target, values={"Q1 2019/20": 29, "Q2 2019/20": 27}),),
        )
        buffer = io.StringIO()
        write_wide_csv(plan, buffer, target_year=YEAR)
        back = read_wide_csv(io.StringIO(buffer.getvalue()), target_year=YEAR)
        assert target == back.measures[0].targets[YEAR]


class TestDecimalContext:
    """Target arithmetic is the same whatever the caller's decimal context."""

    def test_shortfall(self) -> None:
        """A shortfall is exact under a two-digit ambient context."""
        case = Case(
            actual=Decimal("0.1"),
            target=PeriodTarget(value=Decimal("1234.5")),
            polarity=HIGH,
        )
        with decimal.localcontext(decimal.Context(prec=2)):
            gap = shortfall(case)
        assert Decimal("1234.4") == gap

    def test_profile_share(self) -> None:
        """A profile's share to date is exact under a two-digit ambient context."""
        target = AnnualTarget(value="1234.5")
        month = target.resolve(Q1.months()[1], lambda _: None)
        with decimal.localcontext(decimal.Context(prec=2)):
            shared = target.resolve(Q1.months()[1], lambda _: None)
        assert month == shared

    def test_profile_sum(self) -> None:
        """A long profile adds up exactly under a two-digit ambient context."""
        with decimal.localcontext(decimal.Context(prec=2)):
            target = AnnualTarget(value="1234.5", profile=("1000", "200", "30", "4.5"))
            to_date = target.resolve(Quarter(YEAR, 3), lambda _: None)
        assert to_date is not None
        assert Decimal(1230) == to_date.value

    def test_relative_amount(self) -> None:
        """A relative target's figure is exact under a two-digit ambient context."""
        target = RelativeTarget(baseline=Year(2018), change="-10")
        with decimal.localcontext(decimal.Context(prec=2)):
            amount = target.amount(Decimal(209))
        assert Decimal("188.1") == amount


class TestExplanationWords:
    """Explanations print an inequality as published, in the measure's unit."""

    @pytest.mark.parametrize(
        ("target", "words"),
        [
            ("≥ 95%", "a target of ≥ 95%"),
            ("< 5", "a target of < 5%"),
            ("no more than 10", "a target of ≤ 10%"),
            ("more than 90", "a target of > 90%"),
        ],
    )
    def test_percentage(self, target: str, words: str) -> None:
        """The bound keeps its sign and takes the measure's percent sign."""
        measure = Measure(
            ref="S1",
            title="Attendance",
            polarity=Polarity.HIGHER_IS_BETTER,
            unit=Unit(kind=UnitKind.PERCENTAGE),
            values={"Q1 2019/20": "95.2"},
            targets={"2019/20": target},
        )
        assert words in evaluate(measure, "Q1 2019/20").explanation
