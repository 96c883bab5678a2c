"""The examples in the documentation pages are what the library does."""

from __future__ import annotations

import json
import re
from pathlib import Path

from perfmeasures import evaluate_plan
from perfmeasures.io import evaluations_from_json, evaluations_to_json, plan_from_json

DOCS = Path(__file__).parent.parent / "docs"


def json_blocks(page: str) -> list[str]:
    """The ```json blocks of a docs page, in order."""
    text = (DOCS / page).read_text(encoding="utf-8")
    return re.findall(r"```json\n(.*?)```", text, re.DOTALL)


def test_interchange_evaluation_is_the_plans() -> None:
    """The example evaluation set is the example plan's, field for field.

    It once showed a computed green for a plan the rules rate red.
    """
    plan_text, evaluations_text = json_blocks("interchange.md")[:2]
    shown = json.loads(evaluations_text)
    evaluations_from_json(evaluations_text)  # a document the loader reads
    computed = json.loads(
        evaluations_to_json(evaluate_plan(plan_from_json(plan_text), shown["period"]))
    )
    assert shown["plan_title"] == computed["plan_title"]
    for given, made in zip(shown["evaluations"], computed["evaluations"], strict=True):
        assert given == {name: made[name] for name in given}
