"""Tests that rules travel with measures, and that periods are of a measure's own years."""

from __future__ import annotations

import json
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfmeasures import (
    DirectionRule,
    InvalidPeriodError,
    InvalidRuleError,
    InvalidTargetError,
    Measure,
    Override,
    Plan,
    Polarity,
    Published,
    Quarter,
    Rules,
    Status,
    TargetMet,
    Tolerance,
    Unit,
    UnitKind,
    Year,
    evaluate,
    evaluate_plan,
    presets,
)
from perfmeasures import strategies as pst
from perfmeasures.cli import main
from perfmeasures.examples import rotherham_2019_20
from perfmeasures.io import (
    dump_plan,
    evaluations_from_json,
    evaluations_to_json,
    plan_from_json,
    plan_to_json,
)


def _measure(**changes: Any) -> Measure:
    base: dict[str, Any] = {
        "ref": "X1",
        "title": "Homes improved",
        "polarity": Polarity.HIGHER_IS_BETTER,
        "values": {"Q4 2018/19": 9, "Q1 2019/20": 9.5},
        "targets": {"2019/20": 10},
    }
    return Measure(**(base | changes))


class TestRulesTravel:
    """Measures carry the rules that rate them."""

    @pytest.mark.parametrize("ref", [m.ref for m in rotherham_2019_20().measures])
    def test_bundled_plan(self, ref: str) -> None:
        """evaluate(plan.measure(ref)) with no rules equals evaluate_plan's result."""
        plan = rotherham_2019_20()
        expected = evaluate_plan(plan, "Q1 2019/20").get(ref)
        assert expected == evaluate(plan.measure(ref), "Q1 2019/20")

    def test_2b8_is_amber_alone(self) -> None:
        """2.B8 alone rates amber, as the report does, not red by default rules."""
        measure = rotherham_2019_20().measure("2.B8")
        assert Status.AMBER == evaluate(measure, "Q1 2019/20").status

    def test_iterating_the_plan(self) -> None:
        """Measures iterated from plan.measures carry the plan's rules too."""
        plan = rotherham_2019_20()
        results = evaluate_plan(plan, "Q1 2019/20")
        assert list(results) == [evaluate(m, "Q1 2019/20") for m in plan.measures]

    def test_evaluation_records_its_rules(self) -> None:
        """The evaluation says which rules rated it, and keeps them in JSON."""
        plan = rotherham_2019_20()
        results = evaluate_plan(plan, "Q1 2019/20")
        assert plan.rules == results.get("2.B8").rules
        assert results == evaluations_from_json(evaluations_to_json(results))
        record = json.loads(evaluations_to_json(results))["evaluations"][0]
        assert "year_end_split" == record["rules"]["status"]["type"]

    def test_measure_own_rules_come_first(self) -> None:
        """A measure's own rules beat the plan's."""
        own = Rules(status=Tolerance(amber=10))
        plan = Plan(
            title="p", measures=(_measure(rules=own),), rules=Rules(status=TargetMet())
        )
        assert Status.AMBER == evaluate(plan.measure("X1"), "Q1 2019/20").status
        assert own == plan.rules_for("X1")

    def test_measure_rules_table(self) -> None:
        """Per-measure rules of the plan reach the measure."""
        special = Rules(status=Tolerance(amber=10))
        plan = Plan(title="p", measures=(_measure(),), measure_rules={"X1": special})
        assert special == plan.measure("X1").rated_by

    def test_conflicting_rules_refused(self) -> None:
        """Own rules and different per-measure rules for one measure are refused."""
        with pytest.raises(InvalidRuleError, match=r"measure_rules\['X1'\]"):
            Plan(
                title="p",
                measures=(_measure(rules=Rules(status=Tolerance(amber=10))),),
                measure_rules={"X1": Rules()},
            )

    def test_evolving_the_plan_rules_reaches_measures(self) -> None:
        """A plan evolved with new rules re-rates its measures by them."""
        plan = Plan(title="p", measures=(_measure(),))
        changed = attrs.evolve(plan, rules=Rules(status=Tolerance(amber=10)))
        assert Status.RED == evaluate(plan.measure("X1"), "Q1 2019/20").status
        assert Status.AMBER == evaluate(changed.measure("X1"), "Q1 2019/20").status

    def test_evolving_a_measure_keeps_its_plan_rules(self) -> None:
        """A measure taken from a plan and changed keeps the plan's rules."""
        plan = Plan(
            title="p", measures=(_measure(),), rules=Rules(status=Tolerance(amber=10))
        )
        changed = attrs.evolve(plan.measure("X1"), title="Renamed")
        assert Status.AMBER == evaluate(changed, "Q1 2019/20").status

    def test_with_scheme(self) -> None:
        """with_scheme swaps every status scheme, own rules included."""
        plan = Plan(
            title="p",
            measures=(_measure(rules=Rules(status=TargetMet())), _measure(ref="X2")),
        )
        swapped = plan.with_scheme(presets.maidstone())
        statuses = [e.status for e in evaluate_plan(swapped, "Q1 2019/20")]
        assert [Status.AMBER, Status.AMBER] == statuses

    def test_inherited_rules_do_not_travel(self) -> None:
        """A measure's inherited rules are its plan's: files hold them once."""
        plan = Plan(
            title="p", measures=(_measure(),), rules=Rules(status=Tolerance(amber=5))
        )
        document = json.loads(plan_to_json(plan))
        assert "inherited_rules" not in document["measures"][0]
        assert None is document["measures"][0]["rules"]
        assert plan == plan_from_json(plan_to_json(plan))

    def test_maidstone_as_rules(self) -> None:
        """A bare preset as rules= rates, rather than failing on .direction."""
        result = evaluate(_measure(), "Q1 2019/20", rules=presets.maidstone())
        assert (Status.AMBER, DirectionRule()) == (
            result.status,
            result.rules.direction if result.rules else None,
        )

    @settings(max_examples=30)
    @given(
        pst.plans(max_measures=4, start_month=None),
        st.sampled_from(["Q1 2019/20", "Q3 2020/21", "2019/20", "Jun 2019"]),
    )
    def test_evaluate_equals_evaluate_plan(self, plan: Plan, label: str) -> None:
        """Law: evaluate(plan.measure(ref), p) == evaluate_plan(plan, p).get(ref)."""
        try:
            results = evaluate_plan(plan, label)
        except InvalidPeriodError:
            return  # A plan of other years refuses the label, as it should.
        for item in results:
            assert item == evaluate(plan.measure(item.ref), label)


class TestOwnYears:
    """Periods are read as periods of a measure's own years."""

    def test_september_years(self) -> None:
        """A September-year measure keyed 2019/20 is rated alike everywhere."""
        measure = _measure(
            year_start_month=9,
            values={"2018/19": 8, "2019/20": 11},
            targets={"2019/20": 10},
        )
        plan = Plan(title="Schools", measures=(measure,))
        alone = evaluate(measure, "2019/20")
        assert Status.GREEN == alone.status
        assert alone == evaluate_plan(plan, "2019/20").get("X1")
        assert Year(2019, 9) == alone.period

    @pytest.mark.parametrize(
        ("label", "meant"),
        [
            ("Q2 2023", "'Q2 2023/24' or 'Q1 2023/24'"),
            ("2023", "'2023/24' or '2022/23'"),
            ("Q1 2019/20 (Sep-Aug)", "'Q1 2019/20'"),
        ],
    )
    def test_other_kind_of_period_refused(self, label: str, meant: str) -> None:
        """A period of another kind of year is refused, naming what it may mean."""
        plan = Plan(title="p", measures=(_measure(),))
        with pytest.raises(InvalidPeriodError) as info:
            evaluate_plan(plan, label)
        assert f"perhaps {meant}" in str(info.value)
        with pytest.raises(InvalidPeriodError):
            evaluate(_measure(), label)

    def test_other_kind_of_period_object_refused(self) -> None:
        """A calendar quarter object is refused as a label is."""
        with pytest.raises(InvalidPeriodError):
            evaluate(_measure(), Quarter(Year(2023, 1), 2))

    def test_command_line_refuses(
        self, tmp_path: Any, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The report command exits 2 with the labels meant, never an empty report."""
        path = tmp_path / "plan.json"
        dump_plan(Plan(title="p", measures=(_measure(),)), path)
        assert 2 == main(["report", str(path), "--period", "Q2 2023"])
        captured = capsys.readouterr()
        assert "" == captured.out
        assert "Q2 2023/24" in captured.err
        assert "Traceback" not in captured.err

    @pytest.mark.parametrize(
        "field", ["values", "targets", "published", "overrides", "notes"]
    )
    def test_maps_keyed_in_own_years(self, field: str) -> None:
        """Every map of a measure refuses keys of another kind of year."""
        given: dict[str, object] = {
            "values": {"Q2 2023": 5},
            "targets": {"2023": 5},
            "published": {"2023": Published(status=Status.RED)},
            "overrides": {"2023": Override(status=Status.RED, reason="Known")},
            "notes": {"2023": "note"},
        }
        with pytest.raises(InvalidPeriodError, match=f"{field}\\["):
            _measure(**{field: given[field]})

    def test_baseline_in_own_years(self) -> None:
        """A relative target's baseline must be one of the measure's years."""
        from perfmeasures import RelativeTarget  # noqa: PLC0415

        with pytest.raises(InvalidPeriodError, match="baseline"):
            _measure(
                targets={"2019/20": RelativeTarget(baseline=Year(2018, 1), change=-10)}
            )


class TestPercentageTargets:
    """Percentage targets lie from 0 to 100."""

    @pytest.mark.parametrize("target", [120, "100.0000001", -1])
    def test_refused(self, target: object) -> None:
        """A percentage target outside 0 to 100 is refused, as a value is."""
        with pytest.raises(InvalidTargetError, match="a percentage from 0 to 100"):
            _measure(unit=Unit(kind=UnitKind.PERCENTAGE), targets={"2019/20": target})

    @pytest.mark.parametrize("target", [0, 100, "99.99"])
    def test_accepted(self, target: object) -> None:
        """The bounds themselves are percentages."""
        measure = _measure(
            unit=Unit(kind=UnitKind.PERCENTAGE), targets={"2019/20": target}
        )
        assert 1 == len(measure.targets)
