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


MEASURE_CHART = DOCS / "images" / "measure-1a2.svg"


def measure_chart() -> str:
    """The SVG of 1.A2 by quarter that docs/reports.md shows."""
    from perfmeasures.examples import rotherham_2019_20  # noqa: PLC0415
    from perfmeasures.reports._series_svg import measure_svg  # noqa: PLC0415

    quarters = ["Q1 2018/19", "Q2 2018/19", "Q3 2018/19", "Q4 2018/19", "Q1 2019/20"]
    title = "1.A2 children on a child protection plan (rate per 10K), by quarter"
    svg = measure_svg(
        rotherham_2019_20().measure("1.A2"),
        periods=quarters,
        width=640,
        height=300,
        title=title,
    )
    return svg + "\n"


def test_measure_chart_is_current() -> None:
    """The chart on the reports page is what the code draws today.

    After a change to the charts, rewrite it with
    ``python -c "import tests.test_docs_examples as t; t.write_measure_chart()"``.
    """
    assert measure_chart() == MEASURE_CHART.read_text(encoding="utf-8")


def write_measure_chart() -> None:
    """Rewrite the reports page's chart."""
    MEASURE_CHART.write_text(measure_chart(), encoding="utf-8")
