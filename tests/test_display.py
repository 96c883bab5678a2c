"""What notebooks show: short reprs, and escaped, scoped HTML and Markdown tables.

The displays are checked for what a reader sees (the status words and
symbols, the figures, the counts, where a long listing stops), for text
from a plan shown as text (escaped, its controls visible), and for styles
that reach nothing outside the display.  Then a real kernel runs a notebook
(nbclient), as Jupyter does, and the example notebook under ``docs/`` runs
cell by cell.
"""

from __future__ import annotations

import base64
import pydoc
import re
import struct
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import attrs
import pytest

from perfmeasures import (
    Bound,
    BoundTarget,
    EvaluationSet,
    Measure,
    MissingReason,
    Plan,
    Polarity,
    Priority,
    RangeTarget,
    Unit,
    UnitKind,
    Value,
    evaluate,
    evaluate_plan,
)
from perfmeasures._display import MOST_ROWS
from perfmeasures.examples import rotherham_2019_20
from perfmeasures.reports import (
    DEFAULT_KEY,
    areas_for_improvement,
    performance_report,
    priority_tables,
    render,
)

DOCS = Path(__file__).parent.parent / "docs"
PERIOD = "Q1 2019/20"
RED, AMBER = "\N{BALLOT X} Red", "\N{BLACK CIRCLE} Amber"
WORSENING, IMPROVING = (
    "\N{BLACK DOWN-POINTING TRIANGLE} Worsening",
    "\N{BLACK UP-POINTING TRIANGLE} Improving",
)


def _big_plan(size: int) -> Plan:
    """A plan of *size* measures under two priorities, every other one red."""
    return Plan(
        title="Big plan",
        priorities=(
            Priority(key="1", title="First"),
            Priority(key="2", title="Second"),
        ),
        measures=[
            Measure(
                ref=f"M{index}",
                title=f"Measure {index}",
                polarity=Polarity.HIGHER_IS_BETTER,
                priority="1" if index < size // 2 else "2",
                values={"Q4 2018/19": 5, PERIOD: 4 + index % 2},
                targets={"2019/20": 5},
            )
            for index in range(size)
        ],
    )


def _text(markup: str) -> str:
    """What a reader of *markup* sees: its text, tags and styles left out."""
    markup = re.sub(r"<style>.*?</style>", "", markup, flags=re.DOTALL)

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []

        def handle_data(self, data: str) -> None:
            self.parts.append(data)

    parser = Text()
    parser.feed(markup)
    parser.close()
    return " ".join(" ".join(parser.parts).split())


_VOID = {"br", "hr", "img", "meta", "link", "input", "col", "wbr"}


def _check_balanced(markup: str) -> None:
    """Every element of *markup* is closed, in order, inside one root."""
    stack: list[str] = []
    roots: list[str] = []

    class Balance(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[Any]) -> None:  # noqa: ARG002
            if tag in _VOID:
                return
            if not stack:
                roots.append(tag)
            stack.append(tag)

        def handle_endtag(self, tag: str) -> None:
            assert stack, f"</{tag}> closes nothing"
            assert tag == stack.pop(), f"</{tag}> closes another element"

    Balance().feed(markup)
    assert [] == stack
    assert ["div"] == roots


def _selectors(markup: str) -> list[str]:
    """Every CSS selector in *markup*'s style elements."""
    found = []
    for css in re.findall(r"<style>(.*?)</style>", markup, flags=re.DOTALL):
        assert "@" not in css
        for rule in re.findall(r"([^{}]+)\{[^{}]*\}", css):
            found += [selector.strip() for selector in rule.split(",")]
    return found


def _markdown_tables(markdown: str) -> list[list[str]]:
    """The tables of *markdown*, each as its lines."""
    tables: list[list[str]] = []
    previous = False
    for line in markdown.splitlines():
        is_row = line.startswith("|")
        if is_row and not previous:
            tables.append([])
        if is_row:
            tables[-1].append(line)
        previous = is_row
    return tables


def _cells(line: str) -> int:
    """How many cells a Markdown table line has: its unescaped pipes, less one."""
    return len(re.findall(r"(?<!\\)\|", line)) - 1


@pytest.fixture(scope="module")
def seed() -> Plan:
    """The bundled example plan."""
    return rotherham_2019_20()


@pytest.fixture(scope="module")
def plan() -> Plan:
    """A plan of 2,000 measures."""
    return _big_plan(2000)


@pytest.fixture(scope="module")
def displayed(seed: Plan) -> dict[str, Any]:
    """One of each displayed object, from the seed."""
    report = performance_report(seed, PERIOD)
    return {
        "measure": seed.measure("1.A2"),
        "evaluation": evaluate(seed.measure("1.A2"), PERIOD),
        "evaluations": evaluate_plan(seed, PERIOD),
        "plan": seed,
        "report": report,
        "tables": priority_tables(seed, PERIOD),
        "areas": areas_for_improvement(seed, PERIOD),
    }


class TestRepr:
    """Big objects print as one short line saying what they are."""

    def test_seed(self, displayed: dict[str, Any]) -> None:
        assert {
            "measure": "<Measure 1.A2 'The number of children subject to a chi\u2026' "
            "monthly, lower is better: 12 figures>",
            "evaluation": "<Evaluation 1.A2 Q1 2019/20: red, worsening; 94.8 against 90>",
            "evaluations": "<EvaluationSet 'Council Plan 2019/20' Q1 2019/20: "
            "10 evaluations, 8 red, 2 amber>",
            "plan": "<Plan 'Council Plan 2019/20': 10 measures>",
            "report": "<PerformanceReport 'Council Plan 2019/20' Q1 2019/20: "
            "10 measures, 8 red, 2 amber>",
            "tables": "<PriorityTables Q1 2019/20: 5 priorities, 10 measures>",
            "areas": "<AreasForImprovement 'Council Plan 2019/20' Q1 2019/20: "
            "10 measures rated red or amber>",
        } == {name: repr(value) for name, value in displayed.items()}

    def test_hand_set_status(self, seed: Plan) -> None:
        evaluation = evaluate(seed.measure("2.B7"), PERIOD)
        assert (
            "<Evaluation 2.B7 Q1 2019/20: amber (computed green), improving; "
            "81 against 85>"
        ) == repr(evaluation)

    def test_without_figure_or_target(self) -> None:
        measure = Measure(ref="X", title="Nothing yet", polarity=Polarity.NEUTRAL)
        assert "<Measure X 'Nothing yet' monthly, no better direction: 0 figures>" == (
            repr(measure)
        )
        assert (
            "<Evaluation X Q1 2019/20: not available, not applicable; "
            "no figure, no target>"
        ) == repr(evaluate(measure, PERIOD))

    def test_large_plan_stays_short(self) -> None:
        plan = _big_plan(2000)
        evaluations = evaluate_plan(plan, PERIOD)
        report = performance_report(plan, PERIOD)
        shown = [plan, evaluations, report, report.tables, report.areas]
        assert all(len(repr(value)) < 200 for value in shown)
        assert "<Plan 'Big plan': 2,000 measures>" == repr(plan)
        assert (
            "<EvaluationSet 'Big plan' Q1 2019/20: 2,000 evaluations, "
            "1,000 red, 1,000 green>"
        ) == repr(evaluations)

    def test_control_characters_escaped(self, seed: Plan) -> None:
        evaluations = evaluate_plan(seed, PERIOD)
        hostile = attrs.evolve(evaluations, plan_title="Plan\x1b[2J\u202e")
        text = repr(hostile)
        assert "\x1b" not in text
        assert "\u202e" not in text
        assert "Plan\\x1b[2J\\u202e" in text

    def test_key_and_help(self) -> None:
        assert "<Key: 8 statuses, 6 directions, 7 variations, 3 assurances>" == (
            repr(DEFAULT_KEY)
        )
        page = pydoc.render_doc(render)
        assert "key: 'Key' = <Key: 8 statuses" in page or "<Key: 8 statuses" in page
        assert len(page) < 2000


def _all_html(displayed: dict[str, Any]) -> dict[str, str]:
    return {name: value._repr_html_() for name, value in displayed.items()}


class TestHtml:
    """The HTML is one scoped element of escaped text and readable ratings."""

    def test_scoped_and_balanced(self, displayed: dict[str, Any]) -> None:
        for name, markup in _all_html(displayed).items():
            assert markup.startswith('<div class="pm-display">'), name
            assert markup.endswith("</div>"), name
            _check_balanced(markup)
            selectors = _selectors(markup)
            assert selectors, name
            assert [s for s in selectors if not s.startswith(".pm-display")] == []

    def test_no_script(self, displayed: dict[str, Any]) -> None:
        for markup in _all_html(displayed).values():
            assert "<script" not in markup.lower()

    def test_evaluation_set(self, displayed: dict[str, Any]) -> None:
        text = _text(displayed["evaluations"]._repr_html_())
        assert text.startswith("Council Plan 2019/20 Q1 2019/20 10 evaluations:")
        assert f"{RED} 8 {AMBER} 2" in text
        for ref in ("1.A2", "2.B7", "5.D6"):
            assert ref in text
        # 1.A2: status and direction in symbol and words, figures and variance.
        assert f"1.A2 {RED} {WORSENING} 94.8 90 +4.8 (+5.33%) 94.8 against" in text
        assert f"2.B7 {AMBER} {IMPROVING} 81 to date 85 (280 for the year)" in text

    def test_colour_beside_words(self, displayed: dict[str, Any]) -> None:
        markup = displayed["evaluation"]._repr_html_()
        chip = re.search(
            r'<span class="pm-chip" style="([^"]*)"[^>]*>([^<]*)</span>', markup
        )
        assert chip is not None
        assert "background:#fde0e0" in chip.group(1)
        assert "color:#8b1014" in chip.group(1)
        assert RED == chip.group(2)

    def test_evaluation(self, seed: Plan) -> None:
        text = _text(evaluate(seed.measure("2.B7"), PERIOD)._repr_html_())
        assert text.startswith(f"2.B7 Q1 2019/20 Status {AMBER} set by hand")
        assert "(computed green)" in text
        assert f"Direction {IMPROVING} (was 103 in Q4 2018/19)" in text
        assert "Actual 81 to date Target 85 (280 for the year)" in text
        assert "Variance -4 (-4.71%)" in text
        assert "81 year to date against an annual target of 280" in text

    def test_chart_icons(self, seed: Plan) -> None:
        evaluation = evaluate(seed.measure("1.A2"), PERIOD, spc=True)
        text = _text(evaluation._repr_html_())
        assert "Variation \u2248 Common cause" in text
        assert "Assurance ? Hit and miss" in text
        table = _text(evaluate_plan(seed, PERIOD, spc=True)._repr_html_())
        assert "Variation Assurance Explanation" in table

    def test_measure(self, displayed: dict[str, Any]) -> None:
        text = _text(displayed["measure"]._repr_html_())
        assert text.startswith("1.A2 The number of children subject to a child")
        assert "Lower is better \N{MIDDLE DOT} per 10K population under 18" in text
        assert "monthly \N{MIDDLE DOT} 12 figures" in text
        assert "statistical neighbours 54.5; national average 45.3" in text
        assert "Latest 8 of 12 figures Period Figure Target" in text
        assert text.endswith("Jun 2019 94.8 90 Q1 2019/20 94.8 90")
        assert "2017/18" not in text

    def test_year_to_date_figures(self, seed: Plan) -> None:
        text = _text(seed.measure("2.B7")._repr_html_())
        assert "Q4 2018/19 305 to date" in text
        assert "Q1 2019/20 81 85 to date" in text

    def test_plan(self, displayed: dict[str, Any]) -> None:
        text = _text(displayed["plan"]._repr_html_())
        assert text.startswith(
            "Council Plan 2019/20 Rotherham Metropolitan Borough Council "
            "\N{MIDDLE DOT} 10 measures in 5 priorities"
        )
        assert "1: Every child making the best start in life 1.A2" in text
        assert "monthly 94.8 (Q1 2019/20)" in text
        assert "5: A modern, efficient council 5.D6" in text

    def test_report(self, displayed: dict[str, Any]) -> None:
        text = _text(displayed["report"]._repr_html_())
        assert text.startswith(
            "Council Plan 2019/20 Performance report for Q1 2019/20 "
            f"Rotherham Metropolitan Borough Council 10 measures: {RED} 8 {AMBER} 2"
        )
        assert "Areas for improvement: 10 (rated red or amber)" in text
        assert "Ref Measure Target Q1 2019/20 Status Direction" in text
        assert f"under 18) 90 94.8 {RED} {WORSENING}" in text
        assert f"collections 50 113 {RED}" in text
        assert "to_html()" in text
        # A summary: no key, no month columns, no outlook.
        assert "Apr 2019" not in text
        assert len(displayed["report"]._repr_html_()) < 20_000

    def test_tables_and_areas(self, displayed: dict[str, Any]) -> None:
        tables = _text(displayed["tables"]._repr_html_())
        assert tables.startswith(f"Priority tables Q1 2019/20 10 measures: {RED} 8")
        areas = _text(displayed["areas"]._repr_html_())
        assert (
            "Areas for improvement in Q1 2019/20: 10 measures rated red or amber "
            f"{RED} 8 {AMBER} 2"
        ) in areas
        assert "The rate stays well above statistical neighbours" in areas

    def test_hostile_text(self, seed: Plan) -> None:
        title = "<script>alert('x')</script> \u202eevil & \"quoted\""
        measure = attrs.evolve(seed.measure("1.A2"), title=title)
        evaluation = attrs.evolve(
            evaluate(measure, PERIOD),
            ref="<img src=x onerror=alert(1)>\x1b[31m",
            explanation="</td></tr></table><script>\x1b[2J",
        )
        evaluations = EvaluationSet(
            plan_title="<script>\x1b[31m",
            period=evaluation.period,
            evaluations=[evaluation],
        )
        plan = attrs.evolve(seed, title=title, measures=[measure])
        for value in (measure, evaluation, evaluations, plan):
            markup = value._repr_html_()
            _check_balanced(markup)
            assert "<script" not in markup
            assert "<img" not in markup
            assert "\x1b" not in markup
            assert "\u202e" not in markup
            markdown = value._repr_markdown_()
            assert re.search(r"(?<!\\)[<>]", markdown) is None
            assert "\x1b" not in markdown
            assert "\u202e" not in markdown
        assert (
            "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; \\u202eevil &amp; &quot;quoted&quot;"
            in (measure._repr_html_())
        )
        assert "&lt;img src=x onerror=alert(1)&gt;\\x1b[31m" in evaluation._repr_html_()
        assert "&lt;script&gt;\\x1b[31m" in evaluations._repr_html_()
        assert "\\<script\\>alert('x')\\</script\\> \\\\u202eevil \\& \"quoted\"" in (
            measure._repr_markdown_()
        )


@pytest.fixture(scope="module")
def shapes() -> Plan:
    """A plan with a bound, a range, a measure under development and one alone."""
    return Plan(
        title="Shapes",
        priorities=(Priority(key="A", title="Only"),),
        measures=[
            Measure(
                ref="B",
                title="Bound",
                polarity=Polarity.HIGHER_IS_BETTER,
                unit=Unit(kind=UnitKind.MONEY),
                priority="A",
                values={"Q4 2018/19": 100, PERIOD: 96},
                targets={
                    "2019/20": BoundTarget(value=95, bound=Bound.AT_LEAST, floor=90)
                },
            ),
            Measure(
                ref="R",
                title="Range",
                polarity=Polarity.CLOSEST_TO_TARGET,
                unit=Unit(kind=UnitKind.PERCENTAGE),
                priority="A",
                values={
                    "Q4 2018/19": 7,
                    PERIOD: Value(missing=MissingReason.NOT_AVAILABLE),
                },
                targets={"2019/20": RangeTarget(lower=5, upper=10)},
            ),
            Measure(
                ref="U",
                title="Upper",
                polarity=Polarity.LOWER_IS_BETTER,
                unit=Unit(kind=UnitKind.RATE, per=1000),
                values={PERIOD: 4},
                targets={"2019/20": BoundTarget(value=5, bound=Bound.BELOW)},
            ),
            Measure(
                ref="D",
                title="Developing",
                polarity=Polarity.NEUTRAL,
                under_development=True,
                data_only=True,
            ),
        ],
    )


class TestShapes:
    """Targets, units and measures of every shape show in their own words."""

    def test_measures(self, shapes: Plan) -> None:
        bound = _text(shapes.measure("B")._repr_html_())
        assert "Higher is better \N{MIDDLE DOT} money (\N{POUND SIGN})" in bound
        assert "priority A" in bound
        assert "2 figures Period Figure Target" in bound
        assert "Q1 2019/20 \N{POUND SIGN}96 \u2265 \N{POUND SIGN}95, floor" in bound
        ranged = _text(shapes.measure("R")._repr_html_())
        assert "Q1 2019/20 Not available 5% to 10%" in ranged
        upper = _text(shapes.measure("U")._repr_html_())
        assert "rate per 1,000" in upper
        assert "Q1 2019/20 4 < 5" in upper
        developing = shapes.measure("D")._repr_html_()
        assert "data only \N{MIDDLE DOT} under development" in _text(developing)
        assert "<table" not in developing

    def test_evaluations(self, shapes: Plan) -> None:
        evaluations = evaluate_plan(shapes, PERIOD)
        assert [
            "<Evaluation B Q1 2019/20: green, worsening; 96 against at least 95>",
            (
                "<Evaluation R Q1 2019/20: not available, not applicable; "
                "no figure against 5 to 10>"
            ),
            "<Evaluation U Q1 2019/20: green, not applicable; 4 against at most 5>",
            (
                "<Evaluation D Q1 2019/20: under development, not applicable; "
                "no figure, no target>"
            ),
        ] == [repr(e) for e in evaluations]
        ranged = _text(evaluations.get("R")._repr_html_())
        assert "Actual Not available Target 5 to 10" in ranged
        assert "(was 7 in Q4 2018/19)" in ranged
        upper = _text(evaluations.get("U")._repr_html_())
        assert "(no figure for Q4 2018/19)" in upper

    def test_plan(self, shapes: Plan) -> None:
        text = _text(shapes._repr_html_())
        assert text.startswith("Shapes 4 measures in 1 priority")
        assert "Other measures U Upper monthly 4 (Q1 2019/20) D Developing" in text
        alone = attrs.evolve(shapes, priorities=(), measures=shapes.measures[2:])
        assert "Other measures" not in _text(alone._repr_html_())

    def test_empty(self) -> None:
        plan = Plan(title="Empty")
        assert "<Plan 'Empty': 0 measures>" == repr(plan)
        assert "<table" not in plan._repr_html_()
        evaluations = evaluate_plan(plan, PERIOD)
        assert "<EvaluationSet 'Empty' Q1 2019/20: 0 evaluations>" == repr(evaluations)
        assert "No evaluations" in _text(evaluations._repr_html_())
        assert "No evaluations" in evaluations._repr_markdown_()

    def test_parts(self, seed: Plan) -> None:
        evaluation = evaluate(seed.measure("3.A4(b)"), PERIOD)
        text = _text(evaluation._repr_html_())
        assert f"Part Status Direction Actual Target 3.A4(b) vehicles {RED}" in text
        assert "2 parts: 3.A4(b) vehicles, 3.A4(b) drivers" in _text(
            seed.measure("3.A4(b)")._repr_html_()
        )
        assert "| Part | Status |" in evaluation._repr_markdown_()

    def test_computed_figures_rounded(self, seed: Plan) -> None:
        measure = seed.measure("2.B7")
        assert "Apr 2019 39 28.33 to date" in _text(measure._repr_html_())
        april = evaluate(measure, "Apr 2019")
        assert "against 28.33>" in repr(april)

    def test_chart_columns(self, seed: Plan) -> None:
        tables = priority_tables(seed, PERIOD, spc=True)
        text = _text(tables._repr_html_())
        assert "Status Direction Variation Assurance" in text
        assert "\u2248 Common cause ? Hit and miss" in text
        assert "Variation | Assurance |" in tables._repr_markdown_()


class TestLarge:
    """A large plan shows its first rows and says how many more there are."""

    def test_plan(self, plan: Plan) -> None:
        markup = plan._repr_html_()
        assert MOST_ROWS == markup.count('<td class="pm-ref">')
        text = _text(markup)
        assert text.endswith(
            "M49 Measure 49 monthly 5 (Q1 2019/20) \u2026 and 1,950 more"
        )
        assert "Second" not in text
        markdown = plan._repr_markdown_()
        assert markdown.endswith("\u2026 and 1,950 more\n")
        # The heading row and one per measure shown.
        assert 2 + 1 + MOST_ROWS == len(_markdown_tables(markdown)[0])
        assert len(markup) < 20_000

    def test_evaluations_and_reports(self, plan: Plan) -> None:
        evaluations = evaluate_plan(plan, PERIOD)
        text = _text(evaluations._repr_html_())
        assert text.startswith("Big plan Q1 2019/20 2,000 evaluations:")
        assert f"{RED} 1,000" in text
        assert text.endswith("\u2026 and 1,950 more")
        report = performance_report(plan, PERIOD)
        for value, more in (
            (evaluations, 1950),
            (report, 1950),
            (report.tables, 1950),
            (report.areas, 950),
        ):
            markup = value._repr_html_()
            assert MOST_ROWS == markup.count("<tr><td"), type(value)
            assert f"\u2026 and {more:,} more" in markup
            assert f"\u2026 and {more:,} more" in value._repr_markdown_()

    def test_a_plan_of_five_thousand(self) -> None:
        text = _text(_big_plan(5000)._repr_html_())
        assert text.endswith("\u2026 and 4,950 more")


class TestMarkdown:
    """The Markdown says what the HTML says, in tables of even rows."""

    def test_tables_are_even(self, displayed: dict[str, Any]) -> None:
        for name, value in displayed.items():
            markdown = value._repr_markdown_()
            tables = _markdown_tables(markdown)
            assert tables, name
            for table in tables:
                widths = {_cells(line) for line in table}
                assert 1 == len(widths), (name, table)

    def test_evaluation_set(self, displayed: dict[str, Any]) -> None:
        markdown = displayed["evaluations"]._repr_markdown_()
        assert markdown.startswith(
            "**Council Plan 2019/20** Q1 2019/20\n\n10 evaluations: "
            f"{RED} 8, {AMBER} 2\n"
        )
        assert f"| 1.A2 | {RED} | {WORSENING} | 94.8 | 90 | +4.8 (+5.33%) |" in markdown

    def test_report(self, displayed: dict[str, Any]) -> None:
        markdown = displayed["report"]._repr_markdown_()
        assert "| **1: Every child making the best start in life** |" in markdown
        assert f"| 90 | 94.8 | {RED} | {WORSENING} |" in markdown


class TestImports:
    """Showing an object loads only what it needs; importing loads nothing of it."""

    def test_loaded(self) -> None:
        script = """
import sys
import perfmeasures
assert 'perfmeasures._display' not in sys.modules
from perfmeasures.examples import rotherham_2019_20
plan = rotherham_2019_20()
e = perfmeasures.evaluate(plan.measure('1.A2'), 'Q1 2019/20')
repr(e), repr(plan)
assert 'perfmeasures.reports' not in sys.modules
e._repr_html_(), plan._repr_html_()
loaded = {m for m in sys.modules if m.startswith('perfmeasures.reports.')}
assert loaded == {'perfmeasures.reports._key'}, loaded
"""
        result = subprocess.run(  # noqa: S603 - our own interpreter.
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert (0, "") == (result.returncode, result.stderr)


def _client(nb: Any, cwd: Path | None = None) -> Any:
    """A client to run *nb* in a python3 kernel, or a skip when none can start."""
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    from jupyter_client.kernelspec import KernelSpecManager  # noqa: PLC0415

    if "python3" not in KernelSpecManager().find_kernel_specs():
        pytest.skip("no python3 kernel spec")
    resources = {"metadata": {"path": str(cwd)}} if cwd is not None else {}
    return nbclient.NotebookClient(
        nb, kernel_name="python3", timeout=120, resources=resources
    )


def _outputs(cell: Any) -> dict[str, Any]:
    """The data of *cell*'s result, by MIME type."""
    results = [o for o in cell.outputs if o.output_type == "execute_result"]
    assert 1 == len(results), cell.outputs
    return dict(results[0]["data"])


def _png_size(data: str) -> tuple[int, int]:
    png = base64.b64decode(data)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", png[16:24])
    return width, height


class TestNotebook:
    """A real kernel shows the rich displays, as Jupyter does."""

    def test_kernel(self) -> None:
        nbformat = pytest.importorskip("nbformat")
        v4 = nbformat.v4
        nb = v4.new_notebook(
            cells=[
                v4.new_code_cell(
                    "from perfmeasures import evaluate, evaluate_plan\n"
                    "from perfmeasures.examples import rotherham_2019_20\n"
                    "from perfmeasures.reports import performance_report\n"
                    "plan = rotherham_2019_20()\n"
                    "plan"
                ),
                v4.new_code_cell('evaluate(plan.measure("1.A2"), "Q1 2019/20")'),
                v4.new_code_cell('evaluate_plan(plan, "Q1 2019/20")'),
                v4.new_code_cell('performance_report(plan, "Q1 2019/20")'),
            ]
        )
        _client(nb).execute()
        plan, evaluation, evaluations, report = (_outputs(c) for c in nb.cells)
        assert "<Plan 'Council Plan 2019/20': 10 measures>" == plan["text/plain"]
        assert (
            "<Evaluation 1.A2 Q1 2019/20: red, worsening; 94.8 against 90>"
            == evaluation["text/plain"]
        )
        assert evaluations["text/plain"].startswith("<EvaluationSet 'Council Plan")
        assert report["text/plain"].startswith("<PerformanceReport 'Council Plan")
        for shown in (plan, evaluation, evaluations, report):
            assert shown["text/html"].startswith('<div class="pm-display">')
            assert "text/markdown" in shown
        assert RED in evaluation["text/html"]
        assert WORSENING in evaluation["text/html"]
        for shown in (evaluations, report):
            assert f"{RED}</span>&nbsp;8" in shown["text/html"]
            assert f"{AMBER}</span>&nbsp;2" in shown["text/html"]
            assert IMPROVING in shown["text/html"]

    def test_docs_notebook(self) -> None:
        nbformat = pytest.importorskip("nbformat")
        path = DOCS / "notebook.ipynb"
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        code = [cell for cell in nb.cells if cell.cell_type == "code"]
        # Stored without outputs: the test runs it.
        assert all(not c.outputs and c.execution_count is None for c in code)
        _client(nb, cwd=DOCS).execute()
        errors = [o for c in code for o in c.outputs if o.output_type == "error"]
        assert [] == errors
        assert all(c.execution_count for c in code)
        evaluations = _outputs(code[4])
        assert "10 evaluations, 8 red, 2 amber" in evaluations["text/plain"]
        assert RED in evaluations["text/html"]
        chart = _outputs(code[-1])
        width, height = _png_size(chart["image/png"])
        assert width > 300
        assert height > 150
