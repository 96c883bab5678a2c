"""Tests for plans and evaluation sets as JSON documents."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import cattrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfmeasures import (
    AnnualTarget,
    Direction,
    EvaluationSet,
    FixedTarget,
    LoadError,
    Measure,
    Month,
    Plan,
    Polarity,
    Problem,
    Progress,
    Quarter,
    RangeTarget,
    RelativeTarget,
    Rules,
    Status,
    StatusScheme,
    Target,
    Tolerance,
    Value,
    Year,
    evaluate_plan,
)
from perfmeasures import strategies as pst
from perfmeasures.examples import rotherham_2019_20
from perfmeasures.io import (
    EVALUATIONS_FORMAT,
    MAPPING_FORMAT,
    PLAN_FORMAT,
    configure_converter,
    dump_evaluations,
    dump_plan,
    evaluations_from_json,
    evaluations_to_json,
    load_evaluations,
    load_plan,
    make_converter,
    mapping_from_json,
    plan_from_json,
    plan_to_json,
)
from perfmeasures.io._generate import EXAMPLE_FILE
from tests.conftest import heavy

SEED = rotherham_2019_20()
PERIODS = ["2018/19", "Q4 2018/19", "Q1 2019/20", "Apr 2019", "May 2019", "Jun 2019"]


def _measure(**fields: object) -> Measure:
    base: dict[str, object] = {
        "ref": "1.A1",
        "title": "Homes built",
        "polarity": Polarity.HIGHER_IS_BETTER,
    }
    return Measure(**{**base, **fields})  # type: ignore[arg-type]  # Test data.


def _plan(*measures: Measure) -> Plan:
    return Plan(title="Test plan", measures=measures)


class TestPlanRoundTrip:
    """plan_from_json(plan_to_json(plan)) == plan."""

    def test_seed(self) -> None:
        """The bundled example survives the round trip."""
        assert SEED == plan_from_json(plan_to_json(SEED))

    def test_seed_text_is_canonical(self) -> None:
        """Writing what was read gives back the same text, byte for byte."""
        text = plan_to_json(SEED)
        assert text == plan_to_json(plan_from_json(text))

    @heavy()
    @given(pst.plans(start_month=None))
    def test_generated(self, plan: Plan) -> None:
        """Every generated plan survives the round trip."""
        assert plan == plan_from_json(plan_to_json(plan))

    @pytest.mark.parametrize(
        ("start", "labels"),
        [
            (9, ["Sep 2019", "Q1 2019/20 (Sep-Aug)", "2019/20 (Sep-Aug)"]),
            (1, ["Jan 2019", "Q1 2019", "2019"]),
            (4, ["Apr 2019", "Q1 2019/20", "2019/20"]),
        ],
    )
    def test_year_start_months(self, start: int, labels: list[str]) -> None:
        """Years starting in any month travel as their own labels, in period order."""
        year = Year(2019, start)
        plan = _plan(
            _measure(
                year_start_month=start,
                values={
                    year: Value.of(10),
                    Quarter(year, 1): Value.of(3),
                    Month(2019, start): Value.of(1),
                },
                targets={year: RelativeTarget(baseline=year.previous(), change=5)},
            )
        )
        text = plan_to_json(plan)
        document = json.loads(text)
        assert labels == list(document["measures"][0]["values"])
        assert plan == plan_from_json(text)

    def test_components(self) -> None:
        """A multi-part measure's components are measures of the same shape."""
        part = _measure(ref="part a", values={"Q1 2019/20": Value.of(3)})
        plan = _plan(_measure(components=(part, _measure(ref="part b"))))
        document = json.loads(plan_to_json(plan))
        assert ["part a", "part b"] == [
            c["ref"] for c in document["measures"][0]["components"]
        ]
        assert plan == plan_from_json(plan_to_json(plan))

    def test_measure_rules(self) -> None:
        """Rules for particular measures are an object keyed by reference."""
        rules = Rules(status=Tolerance(amber=5))
        plan = Plan(
            title="Test plan",
            measures=(_measure(),),
            measure_rules={"1.A1": rules},
        )
        document = json.loads(plan_to_json(plan))
        assert "tolerance" == document["measure_rules"]["1.A1"]["status"]["type"]
        assert plan == plan_from_json(plan_to_json(plan))


class TestWireFormat:
    """The documented wire decisions hold in the written JSON."""

    def test_format_first(self) -> None:
        """A plan document opens with its format and version."""
        assert ["format", "title"] == list(json.loads(plan_to_json(SEED)))[:2]
        assert PLAN_FORMAT == json.loads(plan_to_json(SEED))["format"]

    def test_decimals_as_strings(self) -> None:
        """Figures are written as strings exactly as published, trailing zeros kept."""
        plan = _plan(_measure(values={"Q1 2019/20": Value.of("1.50")}))
        document = json.loads(plan_to_json(plan))
        value = document["measures"][0]["values"]["Q1 2019/20"]
        assert "1.50" == value["amount"]
        amount = plan_from_json(plan_to_json(plan)).measures[0].values
        assert "1.50" == str(amount[Quarter(Year(2019), 1)].amount)

    @pytest.mark.parametrize(
        ("target", "wire"),
        [
            (FixedTarget(90), {"type": "fixed", "value": "90", "floor": None}),
            (
                RangeTarget(lower=1, upper=2),
                {"type": "range", "lower": "1", "upper": "2"},
            ),
            (
                AnnualTarget(value=280, profile=(85, 65, 65, 65)),
                {
                    "type": "annual",
                    "value": "280",
                    "profile": ["85", "65", "65", "65"],
                    "basis": "year_to_date",
                    "floor": None,
                },
            ),
            (
                RelativeTarget(baseline=Year(2018), change=-10),
                {
                    "type": "relative",
                    "baseline": "2018/19",
                    "change": "-10",
                    "change_kind": "percent",
                    "basis": "year_to_date",
                },
            ),
        ],
    )
    def test_targets_tagged(self, target: Target, wire: dict[str, object]) -> None:
        """Targets are objects whose "type" names their kind."""
        converter = make_converter()
        # cattrs' annotations ask for a class; unions work at run time.
        union: Any = Target
        assert wire == converter.unstructure(target, union)
        assert target == converter.structure(wire, union)

    def test_directions_sorted(self) -> None:
        """A set of directions is written as a sorted list of values."""
        scheme = Progress(
            amber_when=frozenset({Direction.NO_CHANGE, Direction.IMPROVING})
        )
        wire = make_converter().unstructure(scheme, StatusScheme)
        assert ["improving", "no_change"] == wire["amber_when"]

    def test_every_field_written(self) -> None:
        """Fields left at their defaults are written too."""
        document = json.loads(plan_to_json(_plan(_measure())))
        assert {"priority": None, "data_only": False}.items() <= document["measures"][
            0
        ].items()

    def test_defaults_may_be_left_out(self) -> None:
        """A reader may leave out any field with a default."""
        text = json.dumps(
            {
                "format": PLAN_FORMAT,
                "title": "Test plan",
                "measures": [
                    {
                        "ref": "1.A1",
                        "title": "Homes built",
                        "polarity": "higher_is_better",
                    }
                ],
            }
        )
        assert _plan(_measure()) == plan_from_json(text)

    def test_byte_order_mark(self) -> None:
        """A UTF-8 byte order mark, as some editors write, is accepted."""
        data = b"\xef\xbb\xbf" + plan_to_json(SEED).encode()
        assert SEED == plan_from_json(data)

    def test_external_reference_is_data(self) -> None:
        """A "$ref" is an unknown key like any other, never fetched."""
        text = json.dumps(
            {"format": PLAN_FORMAT, "title": "t", "$ref": "http://example.invalid/x"}
        )
        with pytest.raises(LoadError) as caught:
            plan_from_json(text)
        assert ["$['$ref']"] == [p.location for p in caught.value.problems]


class TestEvaluationsRoundTrip:
    """evaluations_from_json(evaluations_to_json(e)) == e."""

    @pytest.mark.parametrize("period", PERIODS)
    def test_seed(self, period: str) -> None:
        """The seed evaluated for each period survives the round trip."""
        evaluations = evaluate_plan(SEED, period)
        assert evaluations == evaluations_from_json(evaluations_to_json(evaluations))

    def test_components_and_overrides(self) -> None:
        """Evaluations keep their parts, overrides and published records."""
        evaluations = evaluate_plan(SEED, "Q1 2019/20")
        document = json.loads(evaluations_to_json(evaluations))
        assert EVALUATIONS_FORMAT == document["format"]
        by_ref = {e["ref"]: e for e in document["evaluations"]}
        assert 2 == len(by_ref["3.A4(b)"]["components"])
        assert "amber" == by_ref["2.B7"]["override"]["status"]

    @heavy()
    @given(pst.plans(max_measures=3), pst.periods(start_month=4))
    def test_generated(self, plan: Plan, period: Year | Quarter | Month) -> None:
        """Evaluations of generated plans survive the round trip."""
        evaluations = evaluate_plan(plan, period)
        assert evaluations == evaluations_from_json(evaluations_to_json(evaluations))


class TestFiles:
    """Loading from and dumping to paths and open files."""

    def test_path(self, tmp_path: Path) -> None:
        """A plan dumped to a path loads back from it, by str or Path."""
        path = tmp_path / "plan.json"
        dump_plan(SEED, path)
        assert SEED == load_plan(path)
        assert SEED == load_plan(str(path))

    def test_binary_stream(self) -> None:
        """Binary streams are written and read as UTF-8."""
        stream = io.BytesIO()
        dump_plan(SEED, stream)
        stream.seek(0)
        assert SEED == load_plan(stream)

    def test_text_stream(self) -> None:
        """Text streams are written and read as text."""
        stream = io.StringIO()
        dump_evaluations(evaluate_plan(SEED, "Q1 2019/20"), stream)
        stream.seek(0)
        assert evaluate_plan(SEED, "Q1 2019/20") == load_evaluations(stream)

    def test_text_file(self, tmp_path: Path) -> None:
        """A file opened in text mode reads like a path."""
        path = tmp_path / "evaluations.json"
        dump_evaluations(evaluate_plan(SEED, "Q1 2019/20"), path)
        with path.open(encoding="utf-8") as file:
            assert evaluate_plan(SEED, "Q1 2019/20") == load_evaluations(file)

    def test_source_named(self, tmp_path: Path) -> None:
        """Errors name the path they came from."""
        path = tmp_path / "bad.json"
        path.write_text("{}", encoding="utf-8")
        with pytest.raises(LoadError) as caught:
            load_plan(path)
        assert str(path) == caught.value.source

    def test_stream_source(self) -> None:
        """Errors from a nameless stream name it as a stream."""
        with pytest.raises(LoadError) as caught:
            load_plan(io.BytesIO(b"{}"))
        assert "<stream>" == caught.value.source

    def test_reads_no_more_than_the_limit(self) -> None:
        """At most one byte beyond the limit is read from a large stream."""
        stream = io.BytesIO(b" " * 10_000)
        with pytest.raises(LoadError) as caught:
            load_plan(stream, max_bytes=100)
        assert 101 == stream.tell()
        assert [Problem("$", "expected at most 100 bytes (got 101 or more)")] == list(
            caught.value.problems
        )

    def test_missing_file(self, tmp_path: Path) -> None:
        """A path that does not exist raises the usual OSError."""
        with pytest.raises(FileNotFoundError):
            load_plan(tmp_path / "missing.json")


class TestBundledExample:
    """The seed plan ships in JSON, generated from the Python example."""

    def test_in_sync(self) -> None:
        """The shipped JSON is what the Python example writes."""
        assert plan_to_json(SEED) == EXAMPLE_FILE.read_text(encoding="utf-8")

    def test_loads(self) -> None:
        """The shipped JSON loads as the Python example."""
        assert SEED == load_plan(EXAMPLE_FILE)


DOCS = Path(__file__).parent.parent / "docs" / "interchange.md"


class TestDocumentedExamples:
    """The JSON examples in the interchange docs load as they claim."""

    def test_examples_load(self) -> None:
        """Each JSON block in docs/interchange.md loads by its format."""
        blocks = re.findall(
            r"```json\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.DOTALL
        )
        loaders: dict[str, Callable[[str], object]] = {
            PLAN_FORMAT: plan_from_json,
            EVALUATIONS_FORMAT: evaluations_from_json,
            MAPPING_FORMAT: mapping_from_json,
        }
        formats = [json.loads(block)["format"] for block in blocks]
        for block, fmt in zip(blocks, formats, strict=True):
            loaders[fmt](block)
        assert [PLAN_FORMAT, EVALUATIONS_FORMAT, MAPPING_FORMAT] == formats


class TestConverter:
    """The converter is one's own, strict, and leaves the global one alone."""

    def test_global_converter_untouched(self) -> None:
        """Making converters leaves cattrs' global converter as it was."""
        make_converter()
        assert 5 == cattrs.global_converter.structure("5", int)

    def test_configure_own_converter(self) -> None:
        """A caller's converter learns the wire format."""
        converter = cattrs.Converter()
        configure_converter(converter)
        wire = {"status": {"type": "target_met"}, "direction": {}}
        assert Rules() == converter.structure(wire, Rules)

    @pytest.mark.parametrize(
        ("value", "kind"),
        [("5", int), (5, str), (5.0, int), ("true", bool), (1, bool), (94.8, Decimal)],
    )
    def test_strict(self, value: object, kind: type) -> None:
        """Values of the wrong JSON type are refused, not coerced."""
        with pytest.raises(ValueError, match=r"^expected "):
            make_converter().structure(value, kind)

    @given(st.sampled_from(Status))
    def test_enums_by_value(self, status: Status) -> None:
        """Enums travel as their values."""
        assert status.value == make_converter().unstructure(status)

    def test_evaluation_set_type(self) -> None:
        """An evaluation set document loads as an EvaluationSet."""
        loaded = evaluations_from_json(
            evaluations_to_json(evaluate_plan(SEED, "2018/19"))
        )
        assert isinstance(loaded, EvaluationSet)
