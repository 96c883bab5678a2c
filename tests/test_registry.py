"""Tests for the open set of rules: schemes and direction rules apps register."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import find, given
from hypothesis import strategies as st

from perfmeasures import (
    Case,
    DirectionRule,
    InvalidRuleError,
    LoadError,
    Measure,
    Plan,
    Polarity,
    Rules,
    Status,
    StatusScheme,
    TargetMet,
    evaluate,
    evaluate_plan,
    register_direction_rule,
    register_scheme,
    registered_direction_rules,
    registered_schemes,
    shortfall,
)
from perfmeasures import strategies as pst
from perfmeasures._periods import Period
from perfmeasures._registry import DIRECTION_RULES, STATUS_SCHEMES
from perfmeasures.cli import main
from perfmeasures.io import (
    dump_plan,
    load_plan,
    make_converter,
    plan_from_json,
    plan_schema,
    plan_to_json,
    scheme_from_json,
)
from tests.conftest import heavy


def _half(value: object) -> Decimal:
    return Decimal(str(value))


@attrs.frozen(kw_only=True)
class WithinUnits:
    """Green when met, amber within *units* of the target, else red."""

    units: Decimal = attrs.field(converter=_half)
    label: str = "test"

    def rate(self, case: Case) -> Status:
        """Rate *case*."""
        gap = shortfall(case)
        if gap <= 0:
            return Status.GREEN
        return Status.AMBER if gap <= self.units else Status.RED


@attrs.frozen
class YearOnYear(DirectionRule):
    """The built-in rule, always against the same period last year."""

    def comparator(self, measure: Measure, period: Period) -> Period:
        """The same period a year before."""
        del measure
        return period.same_period_last_year()


@attrs.frozen
class Unregistered:
    """A scheme nobody registered."""

    def rate(self, case: Case) -> Status:
        """Always red."""
        del case
        return Status.RED


@attrs.frozen
class YearOnYearUnregistered(DirectionRule):
    """A subclass of a registered rule that was not registered itself."""


st.register_type_strategy(
    WithinUnits,
    st.builds(WithinUnits, units=st.integers(0, 20).map(Decimal)),
)
st.register_type_strategy(YearOnYear, st.builds(YearOnYear))


@pytest.fixture(autouse=True, scope="module")
def _registered() -> Iterator[None]:
    """Register this module's classes for its tests, and forget them after.

    Other modules' tests then see only perfmeasures' own schemes.
    """
    register_scheme(WithinUnits, tag="test_within_units")
    register_direction_rule(tag="test_year_on_year")(YearOnYear)
    yield
    STATUS_SCHEMES.unregister(WithinUnits)
    DIRECTION_RULES.unregister(YearOnYear)


def _measure(**changes: Any) -> Measure:
    base: dict[str, Any] = {
        "ref": "X1",
        "title": "Homes improved",
        "polarity": Polarity.HIGHER_IS_BETTER,
        "values": {"Q1 2018/19": 10, "Q4 2018/19": 12, "Q1 2019/20": 8},
        "targets": {"2019/20": 10},
    }
    return Measure(**(base | changes))


def _plan() -> Plan:
    rules = Rules(status=WithinUnits(units=3), direction=YearOnYear())
    return Plan(title="Our plan", measures=(_measure(),), rules=rules)


class TestRegistration:
    """Registering scheme and direction rule classes."""

    def test_decorated_classes_are_registered(self) -> None:
        """Registration (here by the module's fixture) maps tag and class."""
        assert WithinUnits is registered_schemes()["test_within_units"]
        assert YearOnYear is registered_direction_rules()["test_year_on_year"]

    def test_built_ins_are_registered_the_same_way(self) -> None:
        """Perfmeasures' own schemes use the same registry."""
        assert {"target_met", "tolerance", "progress", "floor_standard"} <= set(
            registered_schemes()
        )
        assert DirectionRule is registered_direction_rules()["direction_rule"]

    def test_registering_again_is_harmless(self) -> None:
        """The same class under the same tag again changes nothing."""
        assert WithinUnits is register_scheme(WithinUnits, tag="test_within_units")

    @pytest.mark.parametrize(
        ("cls", "tag", "message"),
        [
            (
                Unregistered,
                "target_met",
                (
                    "'tag' must be a tag no other status scheme has (it names "
                    "perfmeasures._status.TargetMet) (got 'target_met')"
                ),
            ),
            (
                WithinUnits,
                "another_tag",
                (
                    "'tag' must be the tag tests.test_registry.WithinUnits is "
                    "registered under ('test_within_units') (got 'another_tag')"
                ),
            ),
            (
                Unregistered,
                "Not Snake",
                (
                    "'tag' must be lower_snake text of up to 64 characters "
                    "(got 'Not Snake')"
                ),
            ),
            (
                dict,
                "a_dict",
                "'cls' must be a frozen attrs class with rate() (got <class 'dict'>)",
            ),
        ],
    )
    def test_refuses(self, cls: type, tag: str, message: str) -> None:
        """Taken tags, second tags, bad tags and non-schemes are refused."""
        with pytest.raises(InvalidRuleError) as info:
            register_scheme(cls, tag=tag)
        assert message == str(info.value).replace(
            WithinUnits.__module__, "tests.test_registry"
        )

    def test_mutable_class_is_refused(self) -> None:
        """A scheme must hash, so that rules can: a mutable class is refused."""

        @attrs.define
        class Mutable:
            def rate(self, case: Case) -> Status:
                del case
                return Status.RED

        with pytest.raises(InvalidRuleError):
            register_scheme(Mutable, tag="test_mutable")

    def test_protocol(self) -> None:
        """Built-in and registered schemes follow the StatusScheme protocol."""
        assert isinstance(TargetMet(), StatusScheme)
        assert isinstance(WithinUnits(units=1), StatusScheme)


class TestEvaluate:
    """Rating by registered, unregistered and shorthand rules."""

    def test_registered_scheme_rates(self) -> None:
        """Evaluate uses an app's scheme and direction rule."""
        result = evaluate(_measure(), "Q1 2019/20", rules=_plan().rules)
        assert (Status.AMBER, "Q1 2018/19") == (
            result.computed_status,
            result.comparator_period.label if result.comparator_period else None,
        )

    def test_bare_scheme_is_shorthand_for_rules(self) -> None:
        """A bare scheme as rules= means Rules(status=scheme)."""
        result = evaluate(_measure(), "Q1 2019/20", rules=WithinUnits(units=1))
        assert Rules(status=WithinUnits(units=1)) == result.rules
        assert Status.RED == result.computed_status

    def test_unregistered_scheme_still_rates(self) -> None:
        """A notebook may rate by a scheme it has not registered."""
        assert (
            Status.RED
            == evaluate(_measure(), "Q1 2019/20", rules=Unregistered()).status
        )

    @pytest.mark.parametrize("rules", [5, "tolerance", Case, DirectionRule()])
    def test_refuses_what_is_not_rules(self, rules: object) -> None:
        """Anything but rules or a scheme is an error naming what was expected."""
        with pytest.raises(
            InvalidRuleError, match="'rules' must be Rules or a status scheme"
        ):
            evaluate(_measure(), "Q1 2019/20", rules=rules)

    def test_scheme_giving_no_status_is_an_error(self) -> None:
        """A scheme whose rate() gives something else is named in the error."""

        @attrs.frozen
        class Wrong:
            def rate(self, case: Case) -> str:
                del case
                return "green"

        with pytest.raises(InvalidRuleError, match="a scheme whose rate"):
            evaluate(_measure(), "Q1 2019/20", rules=Wrong())


class TestFiles:
    """Plans with an app's classes in JSON files and the schema."""

    def test_plan_round_trips(self) -> None:
        """A plan using an app's scheme and rule reads back equal."""
        plan = _plan()
        assert plan == plan_from_json(plan_to_json(plan))

    def test_dump_and_load(self, tmp_path: Any) -> None:
        """dump_plan and load_plan keep the app's classes."""
        path = tmp_path / "plan.json"
        dump_plan(_plan(), path)
        loaded = load_plan(path)
        assert YearOnYear is type(loaded.rules.direction)
        assert evaluate_plan(_plan(), "Q1 2019/20") == evaluate_plan(
            loaded, "Q1 2019/20"
        )

    def test_written_with_tags(self) -> None:
        """Files name the classes by their tags, beside their fields."""
        document = json.loads(plan_to_json(_plan()))
        assert {"type": "test_within_units", "units": "3", "label": "test"} == document[
            "rules"
        ]["status"]
        assert "test_year_on_year" == document["rules"]["direction"]["type"]

    @pytest.mark.parametrize(
        "rules",
        [Rules(status=Unregistered()), Rules(direction=YearOnYearUnregistered())],
    )
    def test_unregistered_is_an_error_not_a_downgrade(self, rules: Rules) -> None:
        """An unregistered class or subclass is never written as its base."""
        plan = attrs.evolve(_plan(), rules=rules)
        with pytest.raises(InvalidRuleError, match="register the class with register_"):
            plan_to_json(plan)

    def test_direction_without_type_is_the_built_in_rule(self) -> None:
        """Files written before 0.2.0 name no kind of direction rule."""
        text = json.dumps(
            {
                "format": "perfmeasures/plan/1",
                "title": "Old",
                "rules": {"direction": {"threshold": "1"}},
            }
        )
        assert DirectionRule(threshold=1) == plan_from_json(text).rules.direction

    def test_unknown_tag_is_located(self) -> None:
        """An unknown tag is a located problem listing the known ones."""
        text = json.dumps(
            {
                "format": "perfmeasures/plan/1",
                "title": "Old",
                "rules": {"status": {"type": "nope"}},
            }
        )
        with pytest.raises(LoadError) as info:
            plan_from_json(text)
        (problem,) = info.value.problems
        assert "$.rules.status.type" == problem.location
        assert '"test_within_units"' in problem.message

    def test_schema_names_registered_classes(self) -> None:
        """The JSON Schema describes the app's scheme and rule."""
        schema = plan_schema()
        defs = schema["$defs"]
        assert {"const": "test_within_units"} == defs[
            "registered_status_scheme_test_within_units"
        ]["properties"]["type"]
        assert "registered_direction_rule_test_year_on_year" in defs

    def test_schema_accepts_the_document(self) -> None:
        """A document using the app's classes validates against the schema."""
        jsonschema = pytest.importorskip("jsonschema")
        jsonschema.validate(json.loads(plan_to_json(_plan())), plan_schema())

    def test_scheme_from_json(self) -> None:
        """A scheme reads from its JSON object alone."""
        assert WithinUnits(units=2) == scheme_from_json(
            '{"type": "test_within_units", "units": "2"}'
        )

    def test_strict_fields(self) -> None:
        """An app's scheme gets the format's strict rules: no float decimals."""
        with pytest.raises(LoadError) as info:
            scheme_from_json('{"type": "test_within_units", "units": 2.5}')
        assert "$.units" == info.value.problems[0].location

    def test_converter_is_the_same_for_everyone(self) -> None:
        """A converter of the caller's unstructures registered classes too."""
        converter = make_converter()
        assert {
            "type": "test_within_units",
            "units": "1",
            "label": "test",
        } == converter.unstructure(WithinUnits(units=1), StatusScheme)


class TestCommandLine:
    """--scheme and the schema command with registered schemes."""

    def test_scheme_by_tag(
        self, tmp_path: Any, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--scheme takes a registered scheme's tag when it needs no parameters."""

        @register_scheme(tag="test_all_red")
        @attrs.frozen
        class AllRed:
            def rate(self, case: Case) -> Status:
                del case
                return Status.RED

        path = tmp_path / "plan.json"
        dump_plan(_plan(), path)
        try:
            code = main(
                [
                    "evaluate",
                    str(path),
                    "--period",
                    "Q1 2019/20",
                    "--scheme",
                    "test_all_red",
                ]
            )
        finally:
            STATUS_SCHEMES.unregister(AllRed)
        assert 0 == code
        assert "red" in capsys.readouterr().out

    def test_scheme_as_json(
        self, tmp_path: Any, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--scheme takes any registered scheme as a JSON object."""
        path = tmp_path / "plan.json"
        dump_plan(_plan(), path)
        code = main(
            [
                "evaluate",
                str(path),
                "--period",
                "Q1 2019/20",
                "--format",
                "json",
                "--scheme",
                '{"type": "test_within_units", "units": "0"}',
            ]
        )
        assert 0 == code
        (record,) = json.loads(capsys.readouterr().out)["evaluations"]
        # The plan's own scheme (amber within 3) gives amber; this one red.
        assert "red" == record["status"]

    def test_scheme_needing_parameters(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A tag whose scheme needs parameters is a usage error saying so."""
        code = main(["evaluate", "--scheme", "test_within_units"])
        assert 2 == code
        assert "needs parameters" in capsys.readouterr().err

    def test_unknown_scheme(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An unknown name lists the presets and registered tags."""
        code = main(["evaluate", "--scheme", "nope"])
        assert 2 == code
        err = capsys.readouterr().err
        assert "maidstone" in err
        assert "test_within_units" in err

    def test_schema_command(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Perfmeasures schema prints the registered classes too."""
        assert 0 == main(["schema", "plan"])
        assert "test_within_units" in capsys.readouterr().out


class TestStrategies:
    """Hypothesis strategies drawing registered classes."""

    @given(pst.status_schemes())
    def test_registered_schemes_are_drawn(self, scheme: object) -> None:
        """Drawn schemes are schemes; the registered one is among them."""
        assert isinstance(scheme, StatusScheme)

    def test_registered_scheme_is_among_them(self) -> None:
        """The app's own scheme is drawn, through its registered strategy."""
        found = find(pst.status_schemes(), lambda s: isinstance(s, WithinUnits))
        assert WithinUnits(units=0) == found

    def test_registered_direction_rule_is_among_them(self) -> None:
        """The app's own direction rule is drawn too."""
        found = find(pst.direction_rules(), lambda r: isinstance(r, YearOnYear))
        assert YearOnYear() == found

    @heavy()
    @given(pst.plans(max_measures=3, start_month=None))
    def test_plans_round_trip(self, plan: Plan) -> None:
        """Plans drawn with registered classes round-trip through JSON."""
        assert plan == plan_from_json(plan_to_json(plan))


class TestEntryPoints:
    """Schemes registered by modules named in entry points."""

    def test_unknown_tag_loads_entry_points(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
    ) -> None:
        """A module named in the perfmeasures.rules group registers on first need."""
        import importlib.metadata  # noqa: PLC0415
        import sys  # noqa: PLC0415

        from perfmeasures import _registry  # noqa: PLC0415

        module = tmp_path / "pm_plugin_rules.py"
        module.write_text(
            "import attrs\n"
            "from perfmeasures import Status, register_scheme\n"
            "@register_scheme(tag='test_plugin_green')\n"
            "@attrs.frozen\n"
            "class PluginGreen:\n"
            "    def rate(self, case):\n"
            "        return Status.GREEN\n",
            encoding="utf-8",
        )
        monkeypatch.syspath_prepend(str(tmp_path))
        point = importlib.metadata.EntryPoint(
            name="plugin", value="pm_plugin_rules", group="perfmeasures.rules"
        )
        monkeypatch.setattr(
            importlib.metadata,
            "entry_points",
            lambda group: [point] if group == "perfmeasures.rules" else [],
        )
        monkeypatch.setattr(_registry, "_loaded", [])
        try:
            scheme = scheme_from_json('{"type": "test_plugin_green"}')
            assert "PluginGreen" == type(scheme).__name__
        finally:
            found = STATUS_SCHEMES.by_tag.get("test_plugin_green")
            if found is not None:
                STATUS_SCHEMES.unregister(found)
            sys.modules.pop("pm_plugin_rules", None)

    def test_broken_entry_point_is_named(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A module that fails to import is named in a perfmeasures error."""
        import importlib.metadata  # noqa: PLC0415

        from perfmeasures import _registry  # noqa: PLC0415

        point = importlib.metadata.EntryPoint(
            name="broken", value="pm_no_such_module", group="perfmeasures.rules"
        )
        monkeypatch.setattr(importlib.metadata, "entry_points", lambda **_: [point])
        monkeypatch.setattr(_registry, "_loaded", [])
        with pytest.raises(InvalidRuleError, match="entry point 'broken'"):
            registered_schemes()
