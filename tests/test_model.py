"""Tests for values, period maps, measures, targets and plans."""

from __future__ import annotations

import pickle
from decimal import Decimal

import attrs
import pytest

from perfmeasures import (
    AnnualTarget,
    Basis,
    Benchmark,
    Case,
    ChangeKind,
    Direction,
    Evaluation,
    EvaluationSet,
    Figure,
    FixedTarget,
    InvalidTargetError,
    InvalidValueError,
    LoadError,
    Measure,
    MissingReason,
    Month,
    Override,
    PerfmeasuresError,
    PeriodMap,
    PeriodTarget,
    Plan,
    Polarity,
    Priority,
    Problem,
    Published,
    Quarter,
    RangeTarget,
    RelativeTarget,
    Rules,
    Status,
    Tolerance,
    Unit,
    UnitKind,
    UnknownMeasureError,
    Value,
    Year,
    to_decimal,
)
from perfmeasures._targets import to_target

HIGH = Polarity.HIGHER_IS_BETTER


def no_baseline(_: object) -> Decimal | None:
    """A baseline lookup with nothing published."""
    return None


class TestToDecimal:
    """Converting published numbers."""

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (94.8, "94.8"),
            ("94.8", "94.8"),
            (" 1,288 ", "1288"),
            (7, "7"),
            (Decimal("0.1"), "0.1"),
        ],
    )
    def test_converts(self, value: object, expected: str) -> None:
        """Floats go through their repr; strings and ints are exact."""
        assert Decimal(expected) == to_decimal(value)

    @pytest.mark.parametrize(
        "value", ["abc", "NaN", "inf", float("nan"), True, None, [1]]
    )
    def test_rejects(self, value: object) -> None:
        """Non-numbers, NaN and infinities are refused, naming the value."""
        with pytest.raises(InvalidValueError) as info:
            to_decimal(value, "target")
        assert (
            f"'target' must be a finite number (such as 94.8 or '94.8') (got {value!r})"
            == str(info.value)
        )


class TestValue:
    """Published values."""

    def test_ratio(self) -> None:
        """5.D6: 8 of 18 is 44.4%, and the parts are kept."""
        value = Value.from_ratio(8, 18)
        assert (Decimal("44.4"), Decimal(8), Decimal(18)) == (
            value.amount,
            value.numerator,
            value.denominator,
        )

    def test_ratio_rounds_half_up(self) -> None:
        """Proportions round half up, as published."""
        assert Decimal("12.5") == Value.from_ratio(1, 8).amount
        assert Decimal("16.7") == Value.from_ratio(1, 6).amount

    @pytest.mark.parametrize(
        ("build", "message"),
        [
            (
                Value,
                "'amount' must be a figure, a year-to-date figure or a missing reason (got None)",
            ),
            (
                lambda: Value(amount=1, missing=MissingReason.NOT_AVAILABLE),
                "'missing' must be absent when a figure is given (got <MissingReason.NOT_AVAILABLE: 'not_available'>)",
            ),
            (
                lambda: Value(amount=1, numerator=1),
                "'denominator' must be given together with the numerator, or not at all (got None)",
            ),
            (
                lambda: Value(amount=1, numerator=1, denominator=0),
                "'denominator' must be a number greater than 0 (got Decimal('0'))",
            ),
            (
                lambda: Value(amount="x"),
                "'amount' must be a finite number (such as 94.8 or '94.8') (got 'x')",
            ),
            (
                lambda: Value(year_to_date=float("inf")),
                "'year_to_date' must be a finite number (such as 94.8 or '94.8') (got inf)",
            ),
            (
                lambda: Value(missing="not_available"),  # type: ignore[arg-type]
                "'missing' must be a MissingReason (got 'not_available')",
            ),
            (
                lambda: Value.from_ratio(1, 0),
                "'denominator' must be a number greater than 0 (got 0)",
            ),
        ],
    )
    def test_rejects(self, build: object, message: str) -> None:
        """Inconsistent values are refused with the field and value named."""
        with pytest.raises(InvalidValueError) as info:
            build()  # type: ignore[operator]
        assert message == str(info.value)


class TestPeriodMap:
    """Period-keyed maps."""

    def test_labels_and_order(self) -> None:
        """Keys may be labels; iteration is in date order."""
        m = PeriodMap({"Q2 2019/20": 2, "Q1 2019/20": 1})
        assert [Quarter(Year(2019), 1), Quarter(Year(2019), 2)] == list(m)
        assert 1 == m[Quarter(Year(2019), 1)]
        assert None is m.get(Year(2019))

    def test_hashable_and_equal(self) -> None:
        """Equal maps are equal and hash alike."""
        assert PeriodMap({"2019/20": 1}) == PeriodMap({Year(2019): 1})
        assert hash(PeriodMap({"2019/20": 1})) == hash(PeriodMap({Year(2019): 1}))
        assert PeriodMap() != {}

    def test_duplicate_period(self) -> None:
        """Two keys naming one period are refused."""
        with pytest.raises(
            InvalidValueError, match="'period' must be each period at most once"
        ):
            PeriodMap({"2019/20": 1, "2019-20": 2})

    def test_bad_key(self) -> None:
        """A key that is not a period is refused."""
        with pytest.raises(
            InvalidValueError, match="'period' must be a period or a period label"
        ):
            PeriodMap({5: 1})

    def test_repr(self) -> None:
        """The repr shows labels."""
        assert "PeriodMap({'2019/20': 1})" == repr(PeriodMap({"2019/20": 1}))


class TestMeasure:
    """Building measures."""

    def test_numbers_become_values_and_targets(self) -> None:
        """Bare numbers become Value figures and FixedTarget targets."""
        m = Measure(
            ref="X",
            title="t",
            polarity=HIGH,
            values={"2019/20": "5"},
            targets={"2019/20": 7},
        )
        assert Value.of(5) == m.values[Year(2019)]
        assert FixedTarget(7) == m.targets[Year(2019)]

    def test_hashable(self) -> None:
        """Measures are frozen and hashable."""
        m = Measure(ref="X", title="t", polarity=HIGH, values={"2019/20": "5"})
        assert hash(m) == hash(attrs.evolve(m))
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            m.ref = "Y"  # type: ignore[misc]

    def test_target_entry_by_containing_period(self) -> None:
        """A month finds the target of its year."""
        m = Measure(ref="X", title="t", polarity=HIGH, targets={"2019/20": 7})
        assert (Year(2019), FixedTarget(7)) == m.target_entry(Month(2020, 3))
        assert None is m.target_entry(Month(2020, 4))

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"ref": ""}, "'ref' must be a non-empty reference (got '')"),
            ({"ref": 5}, "'ref' must be a non-empty reference (got 5)"),
            ({"title": None}, "'title' must be text (got None)"),
            ({"polarity": "high"}, "'polarity' must be a Polarity (got 'high')"),
            ({"unit": "percent"}, "'unit' must be a Unit (got 'percent')"),
            (
                {"frequency": "monthly"},
                "'frequency' must be a Frequency (got 'monthly')",
            ),
            (
                {"aggregation": "sum"},
                "'aggregation' must be an Aggregation (got 'sum')",
            ),
            ({"compare_with": None}, "'compare_with' must be a Comparison (got None)"),
            (
                {"year_start_month": 0},
                "'year_start_month' must be a month number from 1 to 12 (got 0)",
            ),
            ({"values": [1]}, "'values' must be a mapping from periods (got [1])"),
            (
                {"values": {"Q5": 1}},
                "'period' must be a period label such as '2019/20', 'Q1 2019/20', 'Apr 2019', 'Q1 Apr - June 2019', 'Apr-19' or '2019-04' (got 'Q5')",
            ),
            (
                {"values": {"2019/20": "abc"}},
                "'amount' must be a finite number (such as 94.8 or '94.8') (got 'abc')",
            ),
            (
                {"unit": Unit(kind=UnitKind.PERCENTAGE), "values": {"2019/20": 101}},
                "\"values['2019/20'].amount\" must be a percentage from 0 to 100 (got '101')",
            ),
            (
                {"targets": {"2019/20": "lots"}},
                "'target' must be a number or a target (got 'lots')",
            ),
            (
                {"targets": {"2019/20": [1]}},
                "'target' must be a number or a target (got [1])",
            ),
            (
                {"targets": {"2019/20": 1, "Q1 2019/20": 2}},
                "'targets' must be periods that do not overlap (got 'Q1 2019/20 and 2019/20')",
            ),
            (
                {"published": {"2019/20": "red"}},
                "'published' must be a Published record (got 'red')",
            ),
            (
                {"overrides": {"2019/20": Status.RED}},
                "'overrides' must be an Override (got <Status.RED: 'red'>)",
            ),
            ({"notes": {"2019/20": 5}}, "'notes' must be text (got 5)"),
            ({"priority": 1}, "'priority' must be text or None (got 1)"),
            ({"benchmarks": [1]}, "'benchmarks[0]' must be a Benchmark (got 1)"),
            (
                {"components": "ab"},
                "'components' must be a sequence of Measure (got 'ab')",
            ),
            ({"data_only": "yes"}, "'data_only' must be True or False (got 'yes')"),
        ],
    )
    def test_rejects(self, kwargs: dict[str, object], message: str) -> None:
        """Every bad field is refused with its name and value."""
        fields: dict[str, object] = {"ref": "X", "title": "t", "polarity": HIGH}
        fields.update(kwargs)
        with pytest.raises(PerfmeasuresError) as info:
            Measure(**fields)  # type: ignore[arg-type]
        assert message == str(info.value)

    def test_duplicate_components(self) -> None:
        """Parts need distinct references."""
        part = Measure(ref="a", title="t", polarity=HIGH)
        with pytest.raises(
            InvalidValueError, match="'components' must be unique references"
        ):
            Measure(ref="X", title="t", polarity=HIGH, components=(part, part))


class TestUnit:
    """Units and formatting."""

    @pytest.mark.parametrize(
        ("unit", "amount", "text"),
        [
            (Unit(kind=UnitKind.PERCENTAGE), "10.1", "10.1%"),
            (Unit(), "1288", "1,288"),
            (Unit(kind=UnitKind.MONEY), "-2500.5", "-£2,500.5"),
            (Unit(kind=UnitKind.RATE, per=10_000), "94.8", "94.8"),
        ],
    )
    def test_format(self, unit: Unit, amount: str, text: str) -> None:
        """Figures print as reports print them."""
        assert text == unit.format(Decimal(amount))

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            (
                {"kind": UnitKind.RATE},
                "'per' must be a positive whole number for a rate (got None)",
            ),
            (
                {"kind": UnitKind.RATE, "per": 0},
                "'per' must be a positive whole number for a rate (got 0)",
            ),
            (
                {"kind": UnitKind.COUNT, "per": 10},
                "'per' must be None unless the unit is a rate (got 10)",
            ),
            ({"kind": "count"}, "'kind' must be a UnitKind (got 'count')"),
        ],
    )
    def test_rejects(self, kwargs: dict[str, object], message: str) -> None:
        """Inconsistent units are refused."""
        with pytest.raises(InvalidValueError) as info:
            Unit(**kwargs)  # type: ignore[arg-type]
        assert message == str(info.value)


class TestTargets:
    """Target kinds and what they give for a period."""

    def test_fixed(self) -> None:
        """A fixed target is the same for every period."""
        t = FixedTarget(90).resolve(Month(2019, 5), no_baseline)
        assert (Decimal(90), Basis.PERIOD) == (t.value, t.basis)

    @pytest.mark.parametrize(
        ("period", "basis", "expected"),
        [
            (Quarter(Year(2019), 1), Basis.YEAR_TO_DATE, "85"),
            (Quarter(Year(2019), 3), Basis.YEAR_TO_DATE, "215"),
            (Quarter(Year(2019), 3), Basis.PERIOD, "65"),
            (Month(2019, 5), Basis.YEAR_TO_DATE, "56.66666666666666666666666667"),
            (Month(2019, 6), Basis.YEAR_TO_DATE, "85"),
            (Month(2019, 7), Basis.PERIOD, "21.66666666666666666666666667"),
            (Year(2019), Basis.YEAR_TO_DATE, "280"),
        ],
    )
    def test_profiled(
        self, period: Quarter | Month | Year, basis: Basis, expected: str
    ) -> None:
        """2.B7's re-profile: 85, 65, 65, 65; months take a third of their quarter."""
        target = AnnualTarget(value=280, profile=(85, 65, 65, 65), basis=basis)
        assert Decimal(expected) == target.resolve(period, no_baseline).value

    def test_even_profile(self) -> None:
        """Without a profile the year is shared evenly: 175 is 43.75 a quarter."""
        target = AnnualTarget(value=175)
        assert (
            Decimal("43.75")
            == target.resolve(Quarter(Year(2019), 1), no_baseline).value
        )
        assert Decimal("87.5") == target.resolve(Month(2019, 9), no_baseline).value

    def test_relative(self) -> None:
        """A 10% reduction on 209 is 188.1."""
        target = RelativeTarget(baseline=Year(2018), change=-10)
        resolved = target.resolve(Year(2019), lambda _: Decimal(209))
        assert resolved is not None
        assert Decimal("188.1") == resolved.value
        assert None is target.resolve(Year(2019), no_baseline)

    def test_relative_absolute_on_quarter(self) -> None:
        """An absolute change on a quarter's figure is a fixed figure."""
        target = RelativeTarget(
            baseline=Quarter(Year(2018), 1), change=5, change_kind=ChangeKind.ABSOLUTE
        )
        resolved = target.resolve(Quarter(Year(2019), 1), lambda _: Decimal(10))
        assert resolved is not None
        assert (Decimal(15), Basis.PERIOD) == (resolved.value, resolved.basis)

    def test_range(self) -> None:
        """A range target resolves to its bounds."""
        t = RangeTarget(lower=10, upper=20).resolve(Year(2019), no_baseline)
        assert (None, Decimal(10), Decimal(20)) == (t.value, t.lower, t.upper)

    @pytest.mark.parametrize(
        ("build", "message"),
        [
            (
                lambda: FixedTarget("x"),
                "'value' must be a finite number (such as 94.8 or '94.8') (got 'x')",
            ),
            (
                lambda: AnnualTarget(value=280, profile=(85, 65, 65)),
                "'profile' must be four quarterly figures (got (Decimal('85'), Decimal('65'), Decimal('65')))",
            ),
            (
                lambda: AnnualTarget(value=280, profile=(85, 65, 65, 66)),
                "'profile' must be quarterly figures adding up to the annual target 280 (got ['85', '65', '65', '66'])",
            ),
            (
                lambda: AnnualTarget(value=280, profile="85"),
                "'profile' must be four quarterly figures (got '85')",
            ),
            (
                lambda: AnnualTarget(value=1, basis="period"),  # type: ignore[arg-type]
                "'basis' must be a Basis (got 'period')",
            ),
            (
                lambda: RangeTarget(lower=20, upper=10),
                "'upper' must be at least the lower bound 20 (got '10')",
            ),
            (
                lambda: RelativeTarget(baseline="2018/19", change=-10),  # type: ignore[arg-type]
                "'baseline' must be a period (got '2018/19')",
            ),
        ],
    )
    def test_rejects(self, build: object, message: str) -> None:
        """Inconsistent targets are refused with the field and value."""
        with pytest.raises(InvalidValueError) as info:
            build()  # type: ignore[operator]
        assert message == str(info.value)

    def test_target_errors_are_target_errors(self) -> None:
        """Target inconsistencies are InvalidTargetError."""
        with pytest.raises(InvalidTargetError):
            RangeTarget(lower=2, upper=1)


class TestPlan:
    """Plans."""

    def measure(self, ref: str, priority: str | None = None) -> Measure:
        """A minimal measure."""
        return Measure(ref=ref, title="t", polarity=HIGH, priority=priority)

    def test_lookup(self) -> None:
        """Measures are found by reference; unknown references are refused."""
        plan = Plan(title="p", measures=[self.measure("A")])
        assert "A" == plan.measure("A").ref
        with pytest.raises(UnknownMeasureError, match="no measure with reference 'B'"):
            plan.measure("B")
        with pytest.raises(LookupError):
            plan.measure("B")

    def test_rules_for(self) -> None:
        """Per-measure rules win over the plan's."""
        special = Rules(status=Tolerance_10())
        plan = Plan(
            title="p",
            measures=[self.measure("A"), self.measure("B")],
            measure_rules={"B": special},
        )
        assert plan.rules == plan.rules_for("A")
        assert special == plan.rules_for("B")
        assert hash(plan) == hash(attrs.evolve(plan))

    @pytest.mark.parametrize(
        ("kwargs", "error", "message"),
        [
            (
                {"measures": "AB"},
                InvalidValueError,
                "'measures' must be a sequence of Measure (got 'AB')",
            ),
            (
                {"measures": [1]},
                InvalidValueError,
                "'measures[0]' must be a Measure (got 1)",
            ),
            (
                {"priorities": [1]},
                InvalidValueError,
                "'priorities[0]' must be a Priority (got 1)",
            ),
            ({"rules": None}, InvalidValueError, "'rules' must be a Rules (got None)"),
            (
                {"measure_rules": {"A": 1}},
                InvalidValueError,
                "\"measure_rules['A']\" must be Rules keyed by a measure reference (got 1)",
            ),
            (
                {"measure_rules": {"Z": Rules()}},
                UnknownMeasureError,
                "no measure with reference 'Z' (the plan holds A, B)",
            ),
        ],
    )
    def test_rejects(
        self, kwargs: dict[str, object], error: type[Exception], message: str
    ) -> None:
        """Bad plans are refused."""
        fields: dict[str, object] = {
            "title": "p",
            "measures": [self.measure("A"), self.measure("B")],
        }
        fields.update(kwargs)
        with pytest.raises(error) as info:
            Plan(**fields)  # type: ignore[arg-type]
        assert message == str(info.value)

    def test_duplicate_refs(self) -> None:
        """Two measures cannot share a reference."""
        with pytest.raises(
            InvalidValueError,
            match=r"'measures\[1\].ref' must be a reference used only once",
        ):
            Plan(title="p", measures=[self.measure("A"), self.measure("A")])

    def test_unknown_priority(self) -> None:
        """A measure's priority must be one of the plan's."""
        with pytest.raises(
            InvalidValueError,
            match=r"'measures\[0\].priority' must be one of the plan's priorities \(1\)",
        ):
            Plan(
                title="p",
                priorities=[Priority(key="1", title="One")],
                measures=[self.measure("A", "9")],
            )


def Tolerance_10() -> Tolerance:  # noqa: N802 - reads as the scheme it builds.
    """A 10% tolerance scheme."""
    return Tolerance(amber=10)


class TestErrors:
    """Errors carry structure and survive pickling."""

    @pytest.mark.parametrize(
        "error",
        [
            InvalidValueError("field", "v", "something"),
            InvalidTargetError("target", 1, "a target"),
            UnknownMeasureError("A", ["B"]),
            LoadError("plan.json", [Problem("$.measures[0]", "bad")]),
        ],
    )
    def test_pickle(self, error: PerfmeasuresError) -> None:
        """Errors round-trip through pickle with their message."""
        again = pickle.loads(pickle.dumps(error))
        assert (type(error), str(error)) == (type(again), str(again))

    def test_load_error_lists_problems(self) -> None:
        """A load error lists every problem with its location."""
        error = LoadError("plan.json", [Problem("$.a", "x"), Problem("$.b", "y")])
        assert "plan.json: 2 problems\n  $.a: x\n  $.b: y" == str(error)
        assert Problem("$.a", "x") == error.problems[0]
        assert "Problem(location='$.a', message='x')" == repr(error.problems[0])


class TestRecords:
    """Overrides and published records."""

    def test_override_needs_reason(self) -> None:
        """An override without a reason is refused."""
        with pytest.raises(
            InvalidValueError, match="'reason' must be a non-empty explanation"
        ):
            Override(status=Status.AMBER, reason=" ")

    def test_published_types(self) -> None:
        """Published records hold enums."""
        with pytest.raises(InvalidValueError, match="'status' must be a Status"):
            Published(status="red")  # type: ignore[arg-type]

    def test_benchmark(self) -> None:
        """Benchmarks convert their figure."""
        assert (
            Decimal("54.5")
            == Benchmark(name="statistical neighbours", value=54.5).value
        )


class TestResultTypes:
    """Bad input to the constructors of rules and results."""

    @pytest.mark.parametrize(
        ("build", "message"),
        [
            (
                lambda: Rules(status="x"),  # type: ignore[arg-type]
                "'status' must be a status scheme: an instance of a frozen attrs class with rate() (got 'x')",
            ),
            (
                lambda: Rules(direction=None),  # type: ignore[arg-type]
                (
                    "'direction' must be a direction rule: an instance of a frozen "
                    "attrs class with comparator() and judge() (got None)"
                ),
            ),
            (
                lambda: Case(actual=1, target=PeriodTarget(), polarity=HIGH),  # type: ignore[arg-type]
                "'actual' must be a Decimal (got 1)",
            ),
            (lambda: PeriodTarget(value=90), "'value' must be a Decimal (got 90)"),  # type: ignore[arg-type]
            (
                lambda: PeriodTarget(basis="period"),  # type: ignore[arg-type]
                "'basis' must be a Basis (got 'period')",
            ),
            (
                lambda: Figure(None, "published"),  # type: ignore[arg-type]
                "'source' must be a Source (got 'published')",
            ),
            (
                lambda: Evaluation(
                    ref="A",
                    period="Q1 2019/20",  # type: ignore[arg-type]
                    status=Status.RED,
                    computed_status=Status.RED,
                    direction=Direction.WORSENING,
                ),
                "'period' must be a period (got 'Q1 2019/20')",
            ),
            (
                lambda: Evaluation(
                    ref="A",
                    period=Year(2019),
                    status=Status.RED,
                    computed_status=Status.RED,
                    direction=Direction.WORSENING,
                    components=[1],
                ),
                "'components[0]' must be an Evaluation (got 1)",
            ),
            (
                lambda: EvaluationSet(
                    plan_title="p", period=Year(2019), evaluations=[1]
                ),
                "'evaluations[0]' must be an Evaluation (got 1)",
            ),
            (
                lambda: EvaluationSet(plan_title="p", period=Year(2019), evaluations=5),
                "'evaluations' must be a sequence of Evaluation (got 5)",
            ),
        ],
    )
    def test_rejects(self, build: object, message: str) -> None:
        """Each constructor names the bad field and value."""
        with pytest.raises(InvalidValueError) as info:
            build()  # type: ignore[operator]
        assert message == str(info.value)

    def test_evaluation_set(self) -> None:
        """An evaluation set iterates, counts and finds by reference."""
        result = Evaluation(
            ref="A",
            period=Year(2019),
            status=Status.RED,
            computed_status=Status.RED,
            direction=Direction.WORSENING,
        )
        es = EvaluationSet(plan_title="p", period=Year(2019), evaluations=[result])
        assert ([result], 1, result) == (list(es), len(es), es.get("A"))
        with pytest.raises(UnknownMeasureError, match="no measure with reference 'B'"):
            es.get("B")

    def test_plan_priority(self) -> None:
        """Priorities are found by key."""
        plan = Plan(title="p", priorities=[Priority(key="1", title="One")])
        assert "One" == getattr(plan.priority("1"), "title", None)
        assert None is plan.priority("2")


class TestValueAndMapEdges:
    """Edges that mutation testing found unchecked (see docs/testing.md)."""

    def test_value_fields_are_keyword_only(self) -> None:
        """A Value's figures are named, never positional, so none is misplaced."""
        with pytest.raises(TypeError):
            Value(Decimal(1))  # type: ignore[call-arg]

    def test_map_equality_with_other_types_is_false(self) -> None:
        """Comparing a map with a non-map gives False (not None)."""
        assert False is (PeriodMap({"2019/20": 1}) == 5)
        assert True is (PeriodMap({"2019/20": 1}) != 5)


class TestFloorTarget:
    """PeriodTarget.floor_target: a floor as a target of its own."""

    @pytest.mark.parametrize(
        ("target", "expected"),
        [
            (PeriodTarget(value=Decimal(95)), None),
            (
                PeriodTarget(upper=Decimal(5), upper_inclusive=False, floor=Decimal(8)),
                PeriodTarget(upper=Decimal(8)),
            ),
            (
                PeriodTarget(lower=Decimal(95), floor=Decimal(90)),
                PeriodTarget(lower=Decimal(90)),
            ),
            (
                PeriodTarget(value=Decimal(95), floor=Decimal(90)),
                PeriodTarget(value=Decimal(90)),
            ),
            (
                PeriodTarget(lower=Decimal(1), upper=Decimal(5), floor=Decimal(0)),
                PeriodTarget(value=Decimal(0)),
            ),
            (
                PeriodTarget(
                    lower=Decimal(95), floor=Decimal(90), basis=Basis.YEAR_TO_DATE
                ),
                PeriodTarget(lower=Decimal(90), basis=Basis.YEAR_TO_DATE),
            ),
        ],
    )
    def test_floor_target(
        self, target: PeriodTarget, expected: PeriodTarget | None
    ) -> None:
        """An inequality's floor bounds the same side, met on equality; else a figure."""
        assert expected == target.floor_target()


class TestAnnualShares:
    """AnnualTarget.resolve: each period's share of the year."""

    @pytest.mark.parametrize(
        ("target", "quarters", "may"),
        [
            (
                AnnualTarget(value=280, basis=Basis.PERIOD),
                ("70", "70", "70", "70"),
                "23.33333333333333333333333333",
            ),
            (
                AnnualTarget(value=280, profile=(85, 65, 65, 65), basis=Basis.PERIOD),
                ("85", "65", "65", "65"),
                "28.33333333333333333333333333",
            ),
            (
                AnnualTarget(value=280, profile=(85, 65, 65, 65)),
                ("85", "150", "215", "280"),
                "56.66666666666666666666666667",
            ),
        ],
    )
    def test_shares(
        self, target: AnnualTarget, quarters: tuple[str, ...], may: str
    ) -> None:
        """Each quarter alone (or to date) takes its share; a month a third of it."""
        assert tuple(Decimal(q) for q in quarters) == tuple(
            target.resolve(Quarter(Year(2019), n), no_baseline).value
            for n in (1, 2, 3, 4)
        )
        assert Decimal(may) == target.resolve(Month(2019, 5), no_baseline).value


class TestTargetWords:
    """The words and shares of computed targets."""

    @pytest.mark.parametrize(
        ("basis", "words"),
        [
            (Basis.PERIOD, "an annual target of 280 (23.33 for May 2019)"),
            (
                Basis.YEAR_TO_DATE,
                "an annual target of 280 (46.67 by the end of May 2019)",
            ),
        ],
    )
    def test_annual_share_words(self, basis: Basis, words: str) -> None:
        """A computed share is shown to two places, for the period or to its end."""
        target = AnnualTarget(value=280, basis=basis)
        assert words == target.resolve(Month(2019, 5), no_baseline).description

    @pytest.mark.parametrize(
        ("change", "kind", "value", "words"),
        [
            (
                "0",
                ChangeKind.PERCENT,
                "20",
                "an annual target of 120 (20 by the end of May 2019), +0% on 120 in 2018/19",
            ),
            (
                "0.5",
                ChangeKind.ABSOLUTE,
                "20.08333333333333333333333333",
                "an annual target of 120.5 (20.08 by the end of May 2019), +0.5 on 120 in 2018/19",
            ),
        ],
    )
    def test_relative_share_in_april_years(
        self, change: str, kind: ChangeKind, value: str, words: str
    ) -> None:
        """By default years start in April: May is two months in; no change is +0."""
        target = RelativeTarget(baseline=Year(2018), change=change, change_kind=kind)
        resolved = target.resolve(Month(2019, 5), lambda _: Decimal(120))
        assert resolved is not None
        assert (Decimal(value), words) == (resolved.value, resolved.description)


class TestToTarget:
    """to_target: numbers out of range are told so; other text is no number."""

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            (
                "1E+30",
                "'target' must be a number below 1E+15 in absolute value, with at most 28 significant digits and at most 28 decimal places (got '1E+30')",
            ),
            (
                Decimal("1E+30"),
                "'target' must be a number below 1E+15 in absolute value, with at most 28 significant digits and at most 28 decimal places (got Decimal('1E+30'))",
            ),
            ("abc", "'target' must be a number or a target (got 'abc')"),
        ],
    )
    def test_refusals(self, value: object, message: str) -> None:
        """The message says why: out of range, or not a number at all."""
        with pytest.raises(InvalidTargetError) as info:
            to_target(value)
        assert message == str(info.value)

    def test_range_bounds_are_keyword_only(self) -> None:
        """A range's bounds are named, never positional, so they cannot swap."""
        with pytest.raises(TypeError):
            RangeTarget(1, 2)  # type: ignore[call-arg]
