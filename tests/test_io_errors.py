"""Tests for bad JSON input: every problem found, located and explained."""

from __future__ import annotations

import copy
import json
import pickle
from collections.abc import Callable
from typing import Any

import pytest

from perfmeasures import LoadError, PerfmeasuresError, Problem, registered_schemes
from perfmeasures.io import (
    EVALUATIONS_FORMAT,
    PLAN_FORMAT,
    evaluations_from_json,
    plan_from_json,
)

_DECIMAL = 'a decimal number written as a string, such as "94.8"'
_LABEL = 'a period label such as "2019/20", "Q1 2019/20" or "Apr 2019"'

# A small valid plan; each malformed input below changes one thing in it.
BASE: dict[str, Any] = {
    "format": PLAN_FORMAT,
    "title": "Test plan",
    "priorities": [{"key": "1", "title": "First priority"}],
    "measures": [
        {
            "ref": "1.A1",
            "title": "Homes built",
            "polarity": "higher_is_better",
            "frequency": "quarterly",
            "aggregation": "sum",
            "priority": "1",
            "values": {
                "Q1 2019/20": {"amount": "40"},
                "Q2 2019/20": {"year_to_date": "90"},
            },
            "targets": {"2019/20": {"type": "annual", "value": "175"}},
        },
        {
            "ref": "1.A2",
            "title": "Share answered on time",
            "polarity": "higher_is_better",
            "unit": {"kind": "percentage"},
            "values": {"Q1 2019/20": {"amount": "81.7"}},
            "targets": {"2019/20": {"type": "fixed", "value": "85"}},
        },
    ],
    "rules": {"status": {"type": "progress", "amber_when": ["improving"]}},
}


def changed(change: Callable[[dict[str, Any]], object]) -> str:
    """The base plan with *change* applied, as JSON text."""
    document = copy.deepcopy(BASE)
    change(document)
    return json.dumps(document)


def replaced(old: str, new: str) -> str:
    """The base plan's JSON with the first *old* replaced by *new*."""
    text = json.dumps(BASE)
    assert old in text
    return text.replace(old, new, 1)


def _m0(document: dict[str, Any]) -> dict[str, Any]:
    measure: dict[str, Any] = document["measures"][0]
    return measure


def _m1(document: dict[str, Any]) -> dict[str, Any]:
    measure: dict[str, Any] = document["measures"][1]
    return measure


M0 = "$.measures[0]"
M1 = "$.measures[1]"
Q1 = "['Q1 2019/20']"

# Each malformed input, with the one problem it must be reported with.
MALFORMED = [
    pytest.param(b"", "$", "expected a JSON document (got nothing)", id="empty"),
    pytest.param(
        " \n\t ", "$", "expected a JSON document (got nothing)", id="whitespace"
    ),
    pytest.param(
        b'{"format": "perfmeasures/plan/1", "title": "\xff"}',
        "byte 44",
        "expected UTF-8 text (got the byte ff)",
        id="not-utf8",
    ),
    pytest.param(
        '{"format": "perfmeasures/plan/1", "title": "Test"',
        "line 1, column 50",
        "expected more JSON (the document ends too soon: is it truncated?)",
        id="truncated",
    ),
    pytest.param(
        '{"format": "perfmeasures/plan/1", "title": "Test',
        "line 1, column 44",
        "expected valid JSON (a string starts here and never ends: "
        "is the document truncated?)",
        id="truncated-in-string",
    ),
    pytest.param(
        '{"format": "perfmeasures/plan/1",, "title": "t"}',
        "line 1, column 34",
        "expected valid JSON (Expecting property name enclosed in double quotes)",
        id="syntax",
    ),
    pytest.param(
        "[]",
        "$",
        'expected an object with "format": "perfmeasures/plan/1" (got a list)',
        id="not-an-object",
    ),
    pytest.param(
        changed(lambda d: d.pop("format")),
        "$.format",
        'expected "perfmeasures/plan/1" (the key is missing)',
        id="format-missing",
    ),
    pytest.param(
        changed(lambda d: d.update(format=EVALUATIONS_FORMAT)),
        "$.format",
        'expected "perfmeasures/plan/1" (got "perfmeasures/evaluations/1": '
        "an evaluation set, which load_evaluations reads)",
        id="format-other-kind",
    ),
    pytest.param(
        changed(lambda d: d.update(format="perfmeasures/plan/2")),
        "$.format",
        'expected "perfmeasures/plan/1" (got "perfmeasures/plan/2", a version '
        "this release of perfmeasures does not read)",
        id="format-future-version",
    ),
    pytest.param(
        changed(lambda d: d.update(format=1)),
        "$.format",
        'expected "perfmeasures/plan/1" (got 1)',
        id="format-wrong-type",
    ),
    pytest.param(
        replaced('"amount": "40"', '"amount": NaN'),
        f"{M0}.values{Q1}.amount",
        "expected a finite number (got NaN)",
        id="nan",
    ),
    pytest.param(
        replaced('"value": "85"', '"value": -Infinity'),
        f"{M1}.targets['2019/20'].value",
        "expected a finite number (got -Infinity)",
        id="infinity",
    ),
    pytest.param(
        replaced('"Q2 2019/20"', '"Q1 2019/20"'),
        f"{M0}.values{Q1}",
        'expected each key once (got "Q1 2019/20" again)',
        id="duplicate-period",
    ),
    pytest.param(
        changed(lambda d: _m1(d).update(ref="1.A1")),
        f"{M1}.ref",
        'expected a reference used only once (got "1.A1")',
        id="duplicate-ref",
    ),
    pytest.param(
        changed(lambda d: d.update(colour="red")),
        "$.colour",
        'unknown key "colour" (expected one of: title, organisation, priorities, '
        "measures, rules, measure_rules)",
        id="unknown-key",
    ),
    pytest.param(
        changed(lambda d: _m0(d).update(titel="Homes")),
        f"{M0}.titel",
        'unknown key "titel" (did you mean "title"?)',
        id="misspelt-key",
    ),
    pytest.param(
        changed(lambda d: _m0(d).pop("title")),
        f"{M0}.title",
        "expected text (the key is missing)",
        id="missing-key",
    ),
    pytest.param(
        changed(lambda d: _m0(d).update(title=5)),
        f"{M0}.title",
        "expected text (got 5)",
        id="number-for-text",
    ),
    pytest.param(
        changed(lambda d: _m0(d)["values"]["Q1 2019/20"].update(amount=40)),
        f"{M0}.values{Q1}.amount",
        f"expected {_DECIMAL} (got 40)",
        id="number-for-decimal",
    ),
    pytest.param(
        changed(lambda d: _m0(d)["values"]["Q1 2019/20"].update(amount="4O")),
        f"{M0}.values{Q1}.amount",
        f'expected {_DECIMAL} (got "4O")',
        id="bad-decimal",
    ),
    pytest.param(
        changed(lambda d: _m0(d)["values"]["Q1 2019/20"].update(amount="1E+99999")),
        f"{M0}.values{Q1}.amount",
        f'expected {_DECIMAL} (got "1E+99999")',
        id="decimal-out-of-bounds",
    ),
    pytest.param(
        changed(lambda d: _m0(d).update(polarity="up")),
        f"{M0}.polarity",
        'expected one of "higher_is_better", "lower_is_better", '
        '"closest_to_target", "neutral" (got "up")',
        id="unknown-enum",
    ),
    pytest.param(
        replaced('"Q2 2019/20"', '"Q5 2019/20"'),
        f"{M0}.values['Q5 2019/20']",
        f'expected {_LABEL} (got "Q5 2019/20")',
        id="unparsable-label",
    ),
    pytest.param(
        replaced('"Q2 2019/20"', '"Q2 Jul - Sep 2019"'),
        f"{M0}.values['Q2 Jul - Sep 2019']",
        'expected the canonical label "Q2 2019/20" (got "Q2 Jul - Sep 2019")',
        id="non-canonical-label",
    ),
    pytest.param(
        replaced('"2019/20": {"type": "fixed"', '"2019/21": {"type": "fixed"'),
        f"{M1}.targets['2019/21']",
        'expected a year whose second part follows its first (2019/20) (got "2019/21")',
        id="impossible-year",
    ),
    pytest.param(
        changed(lambda d: _m1(d)["values"]["Q1 2019/20"].update(amount="181.7")),
        f"{M1}.values{Q1}.amount",
        'expected a percentage from 0 to 100 (got "181.7")',
        id="percentage-over-100",
    ),
    pytest.param(
        changed(
            lambda d: _m1(d)["targets"].update(
                {"Q1 2019/20": {"type": "fixed", "value": "80"}}
            )
        ),
        f"{M1}.targets",
        'expected periods that do not overlap (got "Q1 2019/20 and 2019/20")',
        id="overlapping-targets",
    ),
    pytest.param(
        changed(lambda d: _m1(d)["targets"]["2019/20"].update(type="fixd")),
        f"{M1}.targets['2019/20'].type",
        'expected one of "fixed", "annual", "relative", "range", "bound" (got "fixd")',
        id="unknown-target-type",
    ),
    pytest.param(
        changed(lambda d: _m1(d)["targets"]["2019/20"].pop("type")),
        f"{M1}.targets['2019/20'].type",
        'expected one of "fixed", "annual", "relative", "range", "bound" (the key '
        "is missing)",
        id="untagged-target",
    ),
    pytest.param(
        changed(lambda d: _m0(d).update(year_start_month=4.0)),
        f"{M0}.year_start_month",
        "expected a whole number (got 4.0)",
        id="float-for-int",
    ),
    pytest.param(
        changed(lambda d: _m0(d).update(year_start_month=True)),
        f"{M0}.year_start_month",
        "expected a whole number (got true)",
        id="bool-for-int",
    ),
    pytest.param(
        changed(lambda d: _m0(d).update(year_start_month=13)),
        f"{M0}.year_start_month",
        "expected a month number from 1 to 12 (got 13)",
        id="month-out-of-range",
    ),
    pytest.param(
        changed(lambda d: _m0(d).update(data_only="false")),
        f"{M0}.data_only",
        'expected true or false (got "false")',
        id="string-for-bool",
    ),
    pytest.param(
        changed(lambda d: d.update(measures=["1.A1"])),
        "$.measures[0]",
        'expected an object (got "1.A1")',
        id="text-for-object",
    ),
    pytest.param(
        changed(lambda d: d.update(measures={"1.A1": {}})),
        "$.measures",
        "expected a list (got an object)",
        id="object-for-list",
    ),
    pytest.param(
        changed(lambda d: _m0(d)["values"].update({"Q1 2019/20": {}})),
        f"{M0}.values{Q1}.amount",
        "expected a figure, a year-to-date figure or a missing reason (got null)",
        id="value-without-figure",
    ),
    pytest.param(
        changed(
            lambda d: _m1(d)["targets"].update(
                {"2019/20": {"type": "range", "lower": "60", "upper": "40"}}
            )
        ),
        f"{M1}.targets['2019/20'].upper",
        'expected at least the lower bound 60 (got "40")',
        id="range-upside-down",
    ),
    pytest.param(
        changed(
            lambda d: _m0(d)["targets"]["2019/20"].update(
                profile=["40", "40", "40", "40"]
            )
        ),
        f"{M0}.targets['2019/20'].profile",
        "expected quarterly figures adding up to the annual target 175 (got a list)",
        id="profile-not-adding-up",
    ),
    pytest.param(
        changed(
            lambda d: d.update(
                rules={"status": {"type": "tolerance", "amber": "5", "green": "10"}}
            )
        ),
        "$.rules.status.green",
        'expected at most the amber tolerance 5 (got "10")',
        id="green-beyond-amber",
    ),
    pytest.param(
        changed(
            lambda d: d["rules"]["status"].update(amber_when=["improving", "improving"])
        ),
        "$.rules.status.amber_when[1]",
        'expected each item at most once (got "improving")',
        id="repeated-direction",
    ),
    pytest.param(
        changed(lambda d: d.update(measure_rules={"9.Z9": {}})),
        "$.measure_rules['9.Z9']",
        'expected the reference of one of the plan\'s measures (got "9.Z9")',
        id="rules-for-unknown-measure",
    ),
    pytest.param(
        changed(lambda d: _m0(d).update(priority="9")),
        f"{M0}.priority",
        'expected one of the plan\'s priorities (1) (got "9")',
        id="unknown-priority",
    ),
    pytest.param(
        changed(lambda d: _m1(d).update(year_start_month=9, targets={})),
        f"{M1}.values{Q1}",
        "expected a period of years starting in September, not another kind of "
        "quarter; perhaps 'Q1 2019/20 (Sep-Aug)' (got \"Q1 2019/20\")",
        id="period-outside-measure-years",
    ),
    pytest.param(
        changed(lambda d: _m0(d).update(title="\ud800")),
        f"{M0}.title",
        'expected text without unpaired surrogates (got "\\ud800")',
        id="lone-surrogate",
    ),
    pytest.param(
        changed(
            lambda d: _m0(d).update(
                year_start_month=9,
                values={},
                targets={
                    "2019/20 (Sep-Aug)": {
                        "type": "relative",
                        "baseline": "2018/19",
                        "change": "-10",
                    }
                },
            )
        ),
        f"{M0}.targets['2019/20 (Sep-Aug)'].baseline",
        "expected a period of years starting in September, not another kind of "
        "year; perhaps '2018/19 (Sep-Aug)' or '2017/18 (Sep-Aug)' (got \"2018/19\")",
        id="baseline-outside-measure-years",
    ),
    pytest.param(
        changed(lambda d: _m0(d)["targets"]["2019/20"].update(profile="85")),
        f"{M0}.targets['2019/20'].profile",
        'expected a list (got "85")',
        id="text-for-profile",
    ),
    pytest.param(
        changed(lambda d: d["rules"]["status"].update(amber_when="improving")),
        "$.rules.status.amber_when",
        'expected a list (got "improving")',
        id="text-for-set",
    ),
    pytest.param(
        changed(lambda d: _m0(d).update(values=[])),
        f"{M0}.values",
        "expected an object keyed by period labels (got a list)",
        id="list-for-period-map",
    ),
    pytest.param(
        changed(lambda d: d.update(measure_rules=[])),
        "$.measure_rules",
        "expected an object keyed by measure references (got a list)",
        id="list-for-rules-by-ref",
    ),
    pytest.param(
        changed(lambda d: _m1(d)["targets"].update({"2019/20": "85"})),
        f"{M1}.targets['2019/20']",
        'expected an object whose "type" is one of "fixed", "annual", "relative", '
        '"range", "bound" (got "85")',
        id="number-for-target",
    ),
    pytest.param(
        changed(lambda d: _m0(d)["values"].update({"Q1 " + "9" * 100: {}})),
        f"{M0}.values['Q1 {'9' * 56}\u2026']",
        f'expected {_LABEL} (got "Q1 {"9" * 56}\u2026")',
        id="long-label",
    ),
    pytest.param(
        "[" * 100_000 + "]" * 100_000,
        "$",
        "expected at most 64 levels of nesting",
        id="nesting-overflows-parser",
    ),
    pytest.param(
        changed(lambda d: d.update(title=[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]])),
        "$.title" + "[0]" * 19,
        "expected at most 20 levels of nesting",
        id="nesting-beyond-limit",
    ),
]


class TestMalformed:
    """Each malformed input is refused with its problem located and explained."""

    @pytest.mark.parametrize(("data", "location", "message"), MALFORMED)
    def test_refused(self, data: str | bytes, location: str, message: str) -> None:
        """The input raises LoadError with exactly its one problem."""
        with pytest.raises(LoadError) as caught:
            plan_from_json(data, source="plan.json", max_depth=_depth(data))
        assert [Problem(location, message)] == list(caught.value.problems)
        assert "plan.json" == caught.value.source

    def test_count(self) -> None:
        """The table holds at least thirty malformed inputs."""
        assert len(MALFORMED) >= 30


def _depth(data: str | bytes) -> int:
    """A tighter nesting limit for the one case that tests the limit itself."""
    nested = isinstance(data, str) and len(data) < 1000 and "[[[[[[[[[[" in data
    return 20 if nested else 64


class TestEveryProblem:
    """Loading reports every problem at once, and returns nothing."""

    def test_all_reported_in_document_order(self) -> None:
        """Problems in different places are all reported, in document order."""

        def break_three(document: dict[str, Any]) -> None:
            _m0(document).update(title=5)
            _m1(document)["values"]["Q1 2019/20"].update(amount="150")
            document["rules"]["status"].update(type="tolerance")

        with pytest.raises(LoadError) as caught:
            plan_from_json(changed(break_three))
        assert [
            Problem(f"{M0}.title", "expected text (got 5)"),
            Problem(
                f"{M1}.values{Q1}.amount",
                'expected a percentage from 0 to 100 (got "150")',
            ),
            Problem(
                "$.rules.status.amber",
                f"expected {_DECIMAL} (the key is missing)",
            ),
            Problem(
                "$.rules.status.amber_when",
                'unknown key "amber_when" (did you mean "amber"?)',
            ),
        ] == list(caught.value.problems)

    def test_json_and_model_problems_together(self) -> None:
        """A repeated key and a wrong type are both reported."""
        text = replaced('"title": "Test plan"', '"title": "A", "title": 5')
        with pytest.raises(LoadError) as caught:
            plan_from_json(text)
        assert [
            Problem("$.title", 'expected each key once (got "title" again)'),
            Problem("$.title", "expected text (got 5)"),
        ] == list(caught.value.problems)

    def test_every_duplicate_ref(self) -> None:
        """Every repeated reference is reported, not just the first."""

        def triple(document: dict[str, Any]) -> None:
            document["measures"] = [_m0(document)] * 3

        with pytest.raises(LoadError) as caught:
            plan_from_json(changed(triple))
        assert [f"$.measures[{i}].ref" for i in (1, 2)] == [
            p.location for p in caught.value.problems
        ]

    def test_message_lists_problems(self) -> None:
        """The error's message names the source and each problem on its own line."""
        with pytest.raises(LoadError) as caught:
            plan_from_json(changed(lambda d: _m0(d).update(title=5)), source="p.json")
        assert "p.json: 1 problem\n  $.measures[0].title: expected text (got 5)" == str(
            caught.value
        )

    def test_error_family_and_pickling(self) -> None:
        """LoadError is a PerfmeasuresError and a ValueError, and pickles."""
        with pytest.raises(LoadError) as caught:
            plan_from_json("{}")
        error = caught.value
        assert isinstance(error, PerfmeasuresError)
        assert isinstance(error, ValueError)
        restored = pickle.loads(pickle.dumps(error))
        assert (error.source, error.problems) == (restored.source, restored.problems)

    def test_long_values_clipped(self) -> None:
        """A huge value is clipped in messages rather than repeated whole."""
        with pytest.raises(LoadError) as caught:
            plan_from_json(changed(lambda d: _m0(d).update(polarity="x" * 10_000)))
        (problem,) = caught.value.problems
        assert len(problem.message) < 200

    def test_text_too_large(self) -> None:
        """Text beyond the size limit is refused before it is parsed."""
        with pytest.raises(LoadError) as caught:
            plan_from_json(json.dumps(BASE), max_bytes=100)
        size = len(json.dumps(BASE))
        assert [
            Problem("$", f"expected at most 100 bytes (got {size:,} or more)")
        ] == list(caught.value.problems)

    def test_wide_characters_counted_as_bytes(self) -> None:
        """The limit counts UTF-8 bytes, not characters."""
        text = json.dumps(
            {"format": PLAN_FORMAT, "title": "£" * 40}, ensure_ascii=False
        )
        with pytest.raises(LoadError) as caught:
            plan_from_json(text, max_bytes=len(text) + 10)
        assert [
            Problem(
                "$",
                f"expected at most {len(text) + 10} bytes (got {len(text) + 40} "
                "or more)",
            )
        ] == list(caught.value.problems)

    def test_integer_too_long(self) -> None:
        """An integer longer than Python converts is refused where it is."""
        text = replaced('"title": "Test plan"', '"title": ' + "9" * 5000)
        with pytest.raises(LoadError) as caught:
            plan_from_json(text)
        (problem,) = caught.value.problems
        assert ("$.title", True) == (
            problem.location,
            problem.message.startswith("expected a number of at most 4,300 digits"),
        )


class TestMissingKeys:
    """A missing required key is reported with what it should hold."""

    @pytest.mark.parametrize(
        ("key", "expected"),
        [
            ("plan_title", "text"),
            ("period", _LABEL),
            (
                "evaluations",
                "a list",
            ),
        ],
    )
    def test_evaluation_set(self, key: str, expected: str) -> None:
        """Each required key of an evaluation set is named with its kind of value."""
        document = {
            "format": EVALUATIONS_FORMAT,
            "plan_title": "Test plan",
            "period": "Q1 2019/20",
            "evaluations": [],
        }
        del document[key]
        with pytest.raises(LoadError) as caught:
            evaluations_from_json(json.dumps(document))
        assert [
            Problem(f"$.{key}", f"expected {expected} (the key is missing)")
        ] == list(caught.value.problems)

    @pytest.mark.parametrize(
        ("key", "expected"),
        [
            (
                "status",
                (
                    'one of "green", "amber", "red", "not_applicable", '
                    '"under_development", "not_available", "blue", "yellow"'
                ),
            ),
            ("period", _LABEL),
        ],
    )
    def test_evaluation(self, key: str, expected: str) -> None:
        """Each required key of an evaluation is named with its kind of value."""
        evaluation = {
            "ref": "1.A1",
            "period": "Q1 2019/20",
            "status": "red",
            "computed_status": "red",
            "direction": "worsening",
        }
        del evaluation[key]
        document = {
            "format": EVALUATIONS_FORMAT,
            "plan_title": "Test plan",
            "period": "Q1 2019/20",
            "evaluations": [evaluation],
        }
        with pytest.raises(LoadError) as caught:
            evaluations_from_json(json.dumps(document))
        assert [
            Problem(
                f"$.evaluations[0].{key}", f"expected {expected} (the key is missing)"
            )
        ] == list(caught.value.problems)

    def test_split_scheme(self) -> None:
        """A split scheme without its in-year scheme names the kinds it may be."""
        with pytest.raises(LoadError) as caught:
            plan_from_json(
                changed(
                    lambda d: d["rules"].update(
                        status={
                            "type": "year_end_split",
                            "year_end": {"type": "target_met"},
                        }
                    )
                )
            )
        # Every registered scheme, apps' own included, in registration order.
        tags = ", ".join(f'"{tag}"' for tag in registered_schemes())
        assert [
            Problem(
                "$.rules.status.in_year",
                f'expected an object whose "type" is one of {tags} (the key is missing)',
            )
        ] == list(caught.value.problems)


class TestEvaluationsMalformed:
    """Evaluation set documents are checked as strictly as plans."""

    def test_plan_given(self) -> None:
        """A plan document is refused, naming the function that reads it."""
        with pytest.raises(LoadError) as caught:
            evaluations_from_json(json.dumps(BASE))
        assert [
            Problem(
                "$.format",
                'expected "perfmeasures/evaluations/1" (got "perfmeasures/plan/1": '
                "a plan, which load_plan reads)",
            )
        ] == list(caught.value.problems)

    def test_bad_evaluation(self) -> None:
        """A bad status in an evaluation is located within the set."""
        document = {
            "format": EVALUATIONS_FORMAT,
            "plan_title": "Test plan",
            "period": "Q1 2019/20",
            "evaluations": [
                {
                    "ref": "1.A1",
                    "period": "Q1 2019/20",
                    "status": "purple",
                    "computed_status": "red",
                    "direction": "worsening",
                }
            ],
        }
        with pytest.raises(LoadError) as caught:
            evaluations_from_json(json.dumps(document))
        assert [
            Problem(
                "$.evaluations[0].status",
                'expected one of "green", "amber", "red", "not_applicable", '
                '"under_development", "not_available", "blue", "yellow" '
                '(got "purple")',
            )
        ] == list(caught.value.problems)
