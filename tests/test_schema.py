"""Tests for the JSON Schemas of plan and evaluation set documents."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import given
from jsonschema import Draft202012Validator

from perfmeasures import Month, Plan, Quarter, Year, evaluate_plan
from perfmeasures import strategies as pst
from perfmeasures.examples import rotherham_2019_20
from perfmeasures.io import (
    EVALUATIONS_FORMAT,
    PLAN_FORMAT,
    evaluations_schema,
    evaluations_to_json,
    plan_schema,
    plan_to_json,
)
from perfmeasures.io._generate import EXAMPLE_FILE
from perfmeasures.io._json._converter import (
    DECIMAL_PATTERN,
    KIND_KEY,
    KINDS,
    PERIOD_PATTERN,
)
from perfmeasures.io._json._schema import build_schema, schema_text
from tests.conftest import heavy

PLAN_VALIDATOR = Draft202012Validator(plan_schema())
EVALUATIONS_VALIDATOR = Draft202012Validator(evaluations_schema())
SEED: dict[str, Any] = json.loads(plan_to_json(rotherham_2019_20()))


class TestShippedSchemas:
    """The shipped schemas are valid draft 2020-12 and match the model."""

    @pytest.mark.parametrize("fmt", [PLAN_FORMAT, EVALUATIONS_FORMAT])
    def test_valid_schema(self, fmt: str) -> None:
        """Each shipped schema is itself a valid draft 2020-12 schema."""
        schema = plan_schema() if fmt == PLAN_FORMAT else evaluations_schema()
        Draft202012Validator.check_schema(schema)
        assert "https://json-schema.org/draft/2020-12/schema" == schema["$schema"]

    @pytest.mark.parametrize(
        ("fmt", "shipped"),
        [(PLAN_FORMAT, plan_schema), (EVALUATIONS_FORMAT, evaluations_schema)],
    )
    def test_in_sync(self, fmt: str, shipped: Callable[[], dict[str, Any]]) -> None:
        """The shipped file is what the model builds (else run io._generate)."""
        assert schema_text(build_schema(fmt)) == schema_text(shipped())

    def test_fresh_copies(self) -> None:
        """Changing a returned schema does not change the next one."""
        schema = plan_schema()
        schema["title"] = "changed"
        assert "changed" != plan_schema()["title"]

    def test_no_external_references(self) -> None:
        """Every "$ref" points inside the schema, so nothing is ever fetched."""
        text = json.dumps([plan_schema(), evaluations_schema()])
        refs = re.findall(r'"\$ref": "([^"]*)"', text)
        assert refs
        assert all(ref.startswith("#/$defs/") for ref in refs)

    def test_tag_is_no_field(self) -> None:
        """No tagged class has a field named like the tag."""
        assert [] == [k for k in KINDS if KIND_KEY in attrs.fields_dict(k)]


class TestValidDocuments:
    """Everything perfmeasures writes validates against the schema."""

    def test_seed(self) -> None:
        """The bundled example validates."""
        PLAN_VALIDATOR.validate(SEED)

    def test_shipped_example_file(self) -> None:
        """The shipped example JSON file validates."""
        PLAN_VALIDATOR.validate(json.loads(EXAMPLE_FILE.read_text(encoding="utf-8")))

    @heavy()
    @given(pst.plans(start_month=None))
    def test_generated_plans(self, plan: Plan) -> None:
        """Every generated plan's document validates."""
        PLAN_VALIDATOR.validate(json.loads(plan_to_json(plan)))

    @pytest.mark.parametrize("period", ["2018/19", "Q1 2019/20", "Jun 2019"])
    def test_seed_evaluations(self, period: str) -> None:
        """The seed's evaluations validate against the evaluations schema."""
        document = evaluations_to_json(evaluate_plan(rotherham_2019_20(), period))
        EVALUATIONS_VALIDATOR.validate(json.loads(document))

    @heavy()
    @given(pst.plans(max_measures=3), pst.periods(start_month=4))
    def test_generated_evaluations(
        self, plan: Plan, period: Year | Quarter | Month
    ) -> None:
        """Evaluations of generated plans validate."""
        document = json.loads(evaluations_to_json(evaluate_plan(plan, period)))
        EVALUATIONS_VALIDATOR.validate(document)

    @given(pst.periods())
    def test_period_pattern(self, period: Year | Quarter | Month) -> None:
        """Every canonical label has the schema's period shape."""
        assert re.fullmatch(PERIOD_PATTERN, period.label)

    @given(pst.decimals())
    def test_decimal_pattern(self, number: Decimal) -> None:
        """Every decimal as written has the schema's decimal shape."""
        assert re.fullmatch(DECIMAL_PATTERN, str(number))


def _seed_with(change: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
    document: dict[str, Any] = copy.deepcopy(SEED)
    change(document)
    return document


def _measure(document: dict[str, Any]) -> dict[str, Any]:
    measure: dict[str, Any] = document["measures"][0]
    return measure


INVALID = [
    pytest.param(_seed_with(lambda d: d.pop("format")), "required", id="no-format"),
    pytest.param(
        _seed_with(lambda d: d.update(format="perfmeasures/plan/2")),
        "const",
        id="other-format",
    ),
    pytest.param(
        _seed_with(lambda d: d.update(colour="red")),
        "additionalProperties",
        id="unknown-key",
    ),
    pytest.param(
        _seed_with(lambda d: _measure(d)["values"]["Q1 2019/20"].update(amount=94.8)),
        "type",
        id="number-for-decimal",
    ),
    pytest.param(
        _seed_with(lambda d: _measure(d)["values"].update({"Q1 Apr - June 2019": {}})),
        "pattern",
        id="non-canonical-label",
    ),
    pytest.param(
        _seed_with(lambda d: _measure(d).update(polarity="up")),
        "enum",
        id="unknown-polarity",
    ),
    pytest.param(
        _seed_with(lambda d: _measure(d)["targets"]["2019/20"].update(type="fixd")),
        "oneOf",
        id="unknown-target-type",
    ),
    pytest.param(
        _seed_with(lambda d: _measure(d).update(year_start_month=13)),
        "maximum",
        id="month-out-of-range",
    ),
    pytest.param(
        _seed_with(
            lambda d: d["rules"]["status"]["in_year"].update(
                amber_when=["improving", "improving"]
            )
        ),
        "uniqueItems",
        id="repeated-direction",
    ),
]


class TestInvalidDocuments:
    """Documents the loader refuses for their shape fail the schema too."""

    @pytest.mark.parametrize(("document", "keyword"), INVALID)
    def test_refused(self, document: dict[str, Any], keyword: str) -> None:
        """The document fails validation, for the expected reason."""
        with pytest.raises(jsonschema.ValidationError):
            PLAN_VALIDATOR.validate(document)
        assert keyword in _keywords(list(PLAN_VALIDATOR.iter_errors(document)))


def _keywords(errors: list[jsonschema.ValidationError]) -> set[str]:
    """The keywords that failed, including those within "anyOf" and "oneOf"."""
    found: set[str] = set()
    for error in errors:
        found.add(str(error.validator))
        found |= _keywords(list(error.context or []))
    return found
