r"""Tests for text hygiene: control characters refused at input, shown at output.

Issue 9, finding 2: NUL, escape and U+202E RIGHT-TO-LEFT OVERRIDE were
accepted in references and titles; text, Markdown and HTML passed
``\x1b[31m`` through raw; ``convert`` wrote a NUL that its own reader then
refused.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfmeasures import (
    Benchmark,
    EvaluationSet,
    InvalidValueError,
    LoadError,
    Measure,
    Override,
    Plan,
    Polarity,
    Priority,
    Quarter,
    Status,
    Unit,
    Year,
    evaluate_plan,
    strategies,
)
from perfmeasures._checks import FREE_TEXT, NAME, REFERENCE, TextRule, visible
from perfmeasures.cli import main
from perfmeasures.examples import REPORT_PERIOD, rotherham_2019_20
from perfmeasures.io import (
    plan_from_json,
    plan_to_json,
    read_plan,
    write_long_csv,
    write_wide_csv,
)
from perfmeasures.reports import (
    Renderable,
    areas_for_improvement,
    performance_report,
    priority_tables,
    reconcile,
    to_html,
    to_markdown,
    to_text,
    year_end_outlook,
)
from tests.conftest import heavy

ESC = "\x1b"
RLO = "\u202e"
NAME_WORDS = "text without control characters other than tab and newline"
REF_WORDS = (
    "a reference without control characters (tab and newline included), "
    "bidirectional controls or invisible characters"
)
FREE_WORDS = (
    "text without control characters other than tab, newline and carriage return"
)

#: Every character no output may carry raw but newline and, where a renderer
#: keeps it, tab: controls, bidirectional controls and lone surrogates.
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def measure(**changes: Any) -> Measure:
    """A small valid measure with *changes*."""
    given_: dict[str, Any] = {
        "ref": "1.A1",
        "title": "Homes built",
        "polarity": Polarity.HIGHER_IS_BETTER,
        "values": {"Q1 2019/20": 5, "Q4 2018/19": 7},
        "targets": {"2019/20": 6},
    }
    return Measure(**{**given_, **changes})


class TestReferences:
    """References and keys refuse every control, bidi and invisible character."""

    @pytest.mark.parametrize(
        ("text", "shown"),
        [
            ("1.A\x002", "'1.A\\x002'"),
            ("1.A2\x1b[31m", "'1.A2\\x1b[31m'"),
            ("1.A2\t", "'1.A2\\t'"),
            ("1.A2\n", "'1.A2\\n'"),
            ("1.A2\r", "'1.A2\\r'"),
            ("1.A2\x7f", "'1.A2\\x7f'"),
            ("1.A2\x85", "'1.A2\\x85'"),
            ("1.A2\u202e", "'1.A2\\u202e'"),
            ("1.A2\u2066", "'1.A2\\u2066'"),
            ("1.A\u200b2", "'1.A\\u200b2'"),
            ("\ufeff1.A2", "'\\ufeff1.A2'"),
            ("1.A2\u2028", "'1.A2\\u2028'"),
            ("1.A2\ud800", "'1.A2\\ud800'"),
        ],
    )
    def test_measure_ref(self, text: str, shown: str) -> None:
        """A measure's reference with such a character is refused, shown escaped."""
        with pytest.raises(InvalidValueError) as caught:
            measure(ref=text)
        assert f"'ref' must be {REF_WORDS} (got {shown})" == str(caught.value)
        assert "ref" == caught.value.field

    def test_part_label(self) -> None:
        """A part's label is its reference, and is refused the same way."""
        with pytest.raises(InvalidValueError, match="'ref' must be a reference"):
            measure(components=[measure(ref="1.A1 vehicles\x1b[2J")])

    def test_priority_key(self) -> None:
        """A priority's key is a reference."""
        with pytest.raises(InvalidValueError) as caught:
            Priority(key="1\u200b", title="Children")
        assert f"'key' must be {REF_WORDS} (got '1\\u200b')" == str(caught.value)

    def test_measure_priority(self) -> None:
        """The priority a measure names is a reference too."""
        with pytest.raises(InvalidValueError) as caught:
            measure(priority="1\x00")
        assert f"'priority' must be {REF_WORDS} (got '1\\x00')" == str(caught.value)

    def test_not_text(self) -> None:
        """A priority that is not text is still named as such."""
        with pytest.raises(InvalidValueError) as caught:
            measure(priority=1)
        assert "'priority' must be text or None (got 1)" == str(caught.value)

    def test_ordinary_references(self) -> None:
        """References as councils write them are accepted."""
        assert "3.A4(b) vehicles" == measure(ref="3.A4(b) vehicles").ref
        assert "ÉQ-7" == measure(ref="ÉQ-7").ref


NAMES: list[tuple[str, Callable[[str], object]]] = [
    ("title", lambda t: measure(title=t)),
    ("outcome", lambda t: measure(outcome=t)),
    ("action", lambda t: measure(action=t)),
    ("lead_accountability", lambda t: measure(lead_accountability=t)),
    ("lead_officer", lambda t: measure(lead_officer=t)),
    ("title", lambda t: Plan(title=t)),
    ("organisation", lambda t: Plan(title="P", organisation=t)),
    ("title", lambda t: Priority(key="1", title=t)),
    ("name", lambda t: Benchmark(name=t, value=1)),
    ("label", lambda t: Unit(label=t)),
    ("symbol", lambda t: Unit(symbol=t)),
    ("by", lambda t: Override(status=Status.RED, reason="r", by=t)),
]


class TestNames:
    """Titles and names refuse control characters other than tab and newline."""

    @pytest.mark.parametrize(("field", "build"), NAMES)
    @pytest.mark.parametrize(
        ("text", "shown"),
        [
            ("Rate\x1b[31m", "'Rate\\x1b[31m'"),
            ("Ra\x00te", "'Ra\\x00te'"),
            ("Rate\r=cmd", "'Rate\\r=cmd'"),
            ("Rate\x07", "'Rate\\x07'"),
            ("Rate\x7f", "'Rate\\x7f'"),
            ("Rate\x9b2J", "'Rate\\x9b2J'"),
            ("Rate\udc80", "'Rate\\udc80'"),
        ],
    )
    def test_refused(
        self, field: str, build: Callable[[str], object], text: str, shown: str
    ) -> None:
        """The field is named and the text shown with the character escaped."""
        with pytest.raises(InvalidValueError) as caught:
            build(text)
        assert f"{field!r} must be {NAME_WORDS} (got {shown})" == str(caught.value)

    @pytest.mark.parametrize(("field", "build"), NAMES)
    @pytest.mark.parametrize(
        "text",
        [
            "Two\nlines",
            "A\ttab",
            "مؤشر الأداء",
            f"{RLO}right to left\u202c",
            "zero\u200dwidth joiner",
        ],
    )
    def test_accepted(
        self, field: str, build: Callable[[str], object], text: str
    ) -> None:
        """Tab, newline, right-to-left names and their controls are allowed."""
        assert text == getattr(build(text), field)


class TestFreeText:
    """Notes and override reasons keep tab, newline and CR but no other control."""

    def test_note_located(self) -> None:
        """A note with a NUL is refused, named by its period."""
        with pytest.raises(InvalidValueError) as caught:
            measure(notes={"Q1 2019/20": "a\x00b"})
        assert f"\"notes['Q1 2019/20']\" must be {FREE_WORDS} (got 'a\\x00b')" == str(
            caught.value
        )

    def test_reason(self) -> None:
        """An override's reason with an escape sequence is refused."""
        with pytest.raises(InvalidValueError) as caught:
            Override(status=Status.GREEN, reason="fine\x1b[32m")
        assert f"'reason' must be {FREE_WORDS} (got 'fine\\x1b[32m')" == str(
            caught.value
        )

    def test_blank_reason(self) -> None:
        """A reason still must say something."""
        with pytest.raises(InvalidValueError, match="a non-empty explanation"):
            Override(status=Status.GREEN, reason=" \r\n")

    @pytest.mark.parametrize("text", ["line one\r\nline two", "a\tb", f"a{RLO}b"])
    def test_accepted(self, text: str) -> None:
        """Windows line ends, tabs and bidi controls are kept as given."""
        m = measure(
            notes={"Q1 2019/20": text},
            overrides={"Q1 2019/20": Override(status=Status.RED, reason=text)},
        )
        assert text == m.notes[Quarter(Year(2019), 1)]
        assert text == m.overrides[Quarter(Year(2019), 1)].reason


def hostile_plan_json() -> dict[str, Any]:
    """The seed plan as a JSON document, ready to be spoilt."""
    document: dict[str, Any] = json.loads(plan_to_json(rotherham_2019_20()))
    return document


class TestLoaders:
    """Loaders refuse hostile text with a located problem."""

    def test_json_plan(self) -> None:
        """Each refused text is a problem at its JSON path, the value escaped."""
        document = hostile_plan_json()
        document["measures"][0]["title"] = "Rate\x1b[31m"
        document["measures"][1]["ref"] = "1.A\x002"
        document["measures"][2]["notes"] = {"Q1 2019/20": "a\x00b"}
        with pytest.raises(LoadError) as caught:
            plan_from_json(json.dumps(document))
        found = {p.location: p.message for p in caught.value.problems}
        assert {
            "$.measures[0].title": f'expected {NAME_WORDS} (got "Rate\\u001b[31m")',
            "$.measures[1].ref": f'expected {REF_WORDS} (got "1.A\\u00002")',
            "$.measures[2].notes['Q1 2019/20']": (
                f'expected {FREE_WORDS} (got "a\\u0000b")'
            ),
        } == found

    def test_json_plan_title(self) -> None:
        """A plan's own title is located too."""
        document = hostile_plan_json()
        document["title"] = "Plan\x00"
        with pytest.raises(LoadError) as caught:
            plan_from_json(json.dumps(document))
        assert ["$.title"] == [p.location for p in caught.value.problems]

    def test_wide_csv(self, tmp_path: Path) -> None:
        """A wide table's row is named, with the field and the escaped value."""
        path = tmp_path / "plan.csv"
        write_wide_csv(rotherham_2019_20(), path)
        text = path.read_text(encoding="utf-8").replace(",1.A2,", ",1.A2\x1b[31m,")
        path.write_text(text, encoding="utf-8")
        with pytest.raises(LoadError) as caught:
            read_plan(path)
        [problem] = caught.value.problems
        assert problem.location.startswith("row ")
        assert (
            f"cannot be a measure: 'ref' must be {REF_WORDS} (got '1.A2\\x1b[31m')"
            == problem.message
        )

    def test_long_csv(self, tmp_path: Path) -> None:
        """A long table names the row and the measure, escaped."""
        path = tmp_path / "plan.csv"
        write_long_csv(rotherham_2019_20(), path)
        text = path.read_text(encoding="utf-8")
        text = text.replace("plan.title,Council Plan", "plan.title,Council\x1b Plan")
        path.write_text(text, encoding="utf-8")
        with pytest.raises(LoadError) as caught:
            read_plan(path)
        [problem] = caught.value.problems
        assert (
            f"the plan: 'title' must be {NAME_WORDS} (got 'Council\\x1b Plan 2019/20')"
        ) == problem.message

    def test_long_csv_priority_located(self, tmp_path: Path) -> None:
        """A long table's priority title is refused with its row."""
        path = tmp_path / "plan.csv"
        write_long_csv(rotherham_2019_20(), path)
        text = path.read_text(encoding="utf-8")
        text = text.replace("priorities.1.title,Every", "priorities.1.title,\x1bEvery")
        path.write_text(text, encoding="utf-8")
        with pytest.raises(LoadError) as caught:
            read_plan(path)
        assert caught.value.problems[0].location.startswith("row ")

    def test_wide_title_and_priority_located(self, tmp_path: Path) -> None:
        """A wide table's title and priorities are refused with their place."""
        path = tmp_path / "wide.csv"
        path.write_text(
            "Title,Bad\x1b[31m title\n"
            "Ref No.,Measure,Good performance,Target,Q1 2019/20\n"
            "H1,Homes,High,5,4\n",
            encoding="utf-8",
        )
        with pytest.raises(LoadError) as caught:
            read_plan(path)
        assert "rows 1 to 2" == caught.value.problems[0].location
        path.write_text(
            "Ref No.,Measure,Good performance,Priority,Target,Q1 2019/20\n"
            "H1,Homes,High,1: Ho\x07mes,5,4\n",
            encoding="utf-8",
        )
        with pytest.raises(LoadError) as caught:
            read_plan(path)
        assert 'row 2, column "Priority"' == caught.value.problems[0].location


class TestConvert:
    """``convert`` never writes what its own reader refuses."""

    def test_nul_in_title(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A plan with a NUL in a title is refused, located, and nothing written."""
        source = tmp_path / "plan.json"
        document = hostile_plan_json()
        document["measures"][0]["title"] = "Homes\x00built"
        source.write_text(json.dumps(document), encoding="utf-8")
        target = tmp_path / "plan.csv"
        assert 2 == main(["convert", str(source), str(target)])
        err = capsys.readouterr().err
        assert "$.measures[0].title" in err
        assert "\x00" not in err
        assert not target.exists()


def hostile_evaluations() -> EvaluationSet:
    """Evaluations built in Python with every kind of raw character in them."""
    plan = rotherham_2019_20()
    hostile = f"\x1b[31mred\x1b[0m {RLO}evil\u2066 nul\x00 cr\r bell\x07 \x9b2J\ud800"
    rated = evaluate_plan(plan, REPORT_PERIOD)
    first = attrs.evolve(rated.evaluations[0], explanation=hostile, ref=f"1{ESC}A2")
    return attrs.evolve(
        rated,
        plan_title=f"Plan{ESC}]0;owned{ESC}\\",
        evaluations=(first, *rated.evaluations[1:]),
    )


def bidi_plan() -> Plan:
    """The seed with titles, notes and reasons the model accepts but could abuse."""
    plan = rotherham_2019_20()
    first = plan.measures[0]
    spoilt = attrs.evolve(
        first,
        title=f"{RLO}Children\u2069 in\tneed\nof help",
        notes={REPORT_PERIOD: f"see {RLO}note\r\nline two\tend"},
        overrides={
            REPORT_PERIOD: Override(
                status=Status.RED, reason=f"judged\rGREEN {RLO}txet", by=f"{RLO}Team"
            )
        },
    )
    return attrs.evolve(
        plan,
        title=f"Council {RLO}Plan",
        organisation=f"Org{RLO}",
        measures=(spoilt, *plan.measures[1:]),
    )


def renderables(plan: Plan) -> list[Renderable]:
    """Every kind of thing the renderers accept, for *plan*."""
    return [
        performance_report(plan, REPORT_PERIOD),
        areas_for_improvement(plan, REPORT_PERIOD),
        priority_tables(plan, REPORT_PERIOD),
        reconcile(plan),
        year_end_outlook(plan, REPORT_PERIOD),
        evaluate_plan(plan, REPORT_PERIOD),
    ]


RENDERERS: list[tuple[Callable[[Renderable], str], str]] = [
    (to_text, "\n\t"),
    (to_markdown, "\n"),
    (to_html, "\n\t"),
]


def unmarked(output: str) -> str:
    """*output* with Markdown's backslash escapes taken out (other text: as is)."""
    return re.sub(r"\\([\\`*_\[\]<>|#])", r"\1", output)


def raw_in(output: str, kept: str) -> list[str]:
    """The raw characters in *output* that its renderer should have shown."""
    return [c for c in RAW.findall(output) if c not in kept]


class TestRenderers:
    """No renderer emits a raw control character or bidirectional control."""

    @pytest.mark.parametrize(("render", "kept"), RENDERERS)
    def test_hostile_evaluations(
        self, render: Callable[[Renderable], str], kept: str
    ) -> None:
        """Escapes in an explanation, a reference and a title are shown, not obeyed."""
        output = render(hostile_evaluations())
        assert [] == raw_in(output, kept)
        shown = unmarked(output) if render is to_markdown else output
        assert "\\x1b[31mred\\x1b[0m" in shown
        assert "\\u202eevil" in shown
        assert "\\ud800" in shown

    @pytest.mark.parametrize(("render", "kept"), RENDERERS)
    def test_accepted_text(
        self, render: Callable[[Renderable], str], kept: str
    ) -> None:
        """Bidi controls and CRs the model accepts are shown in every kind of output."""
        for item in renderables(bidi_plan()):
            output = render(item)
            assert [] == raw_in(output, kept), type(item).__name__

    def test_cli_evaluations(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """``evaluate`` prints an override's carriage return and bidi control visibly."""
        source = tmp_path / "plan.json"
        source.write_text(plan_to_json(bidi_plan()), encoding="utf-8")
        assert 0 == main(["evaluate", str(source), "--period", "Q1 2019/20"])
        out = capsys.readouterr().out
        assert [] == raw_in(out, "\n")
        assert "judged GREEN \\u202etxet" in out

    def test_one_line_per_evaluation(self) -> None:
        """Text output keeps one line per evaluation, whatever the explanation."""
        rated = evaluate_plan(rotherham_2019_20(), REPORT_PERIOD)
        first = attrs.evolve(rated.evaluations[0], explanation="a\nb\n\nc")
        output = to_text(attrs.evolve(rated, evaluations=(first,)))
        assert 2 == len(output.splitlines())
        assert output.splitlines()[1].endswith(" a b c")

    def test_markdown_shows_the_escape(self) -> None:
        """Markdown escapes the backslash of a shown escape, so it reads as written."""
        output = to_markdown(hostile_evaluations())
        assert "\\\\x1b\\[31mred" in output

    def test_html_bidi_shown(self) -> None:
        """HTML shows a right-to-left override as text; it cannot reorder the page."""
        page = to_html(performance_report(bidi_plan(), REPORT_PERIOD))
        assert RLO not in page
        assert "\\u202eChildren\\u2069 in\tneed\nof help" in page
        assert "<title>Council \\u202ePlan: performance report" in page

    def test_html_reference_shown(self) -> None:
        """A reference with an escape in it heads its row with the escape shown."""
        page = to_html(hostile_evaluations())
        assert '<th scope="row">1\\x1bA2</th>' in page


class TestVisible:
    """The one escaping rule every renderer uses."""

    @pytest.mark.parametrize(
        ("text", "keep", "expected"),
        [
            ("plain", "\n", "plain"),
            ("a\x1bb", "\n", "a\\x1bb"),
            ("a\nb\tc", "\n", "a\nb\\tc"),
            ("a\nb\tc", "", "a\\nb\\tc"),
            ("a\x85\x9f\x7f", "\n", "a\\x85\\x9f\\x7f"),
            (f"{RLO}\u2066\u2069\u202a", "\n", "\\u202e\\u2066\\u2069\\u202a"),
            ("\ud800", "\n", "\\ud800"),
            ("joiner\u200d", "\n", "joiner\u200d"),
        ],
    )
    def test_visible(self, text: str, keep: str, expected: str) -> None:
        """Controls but those kept, bidi controls and surrogates become escapes."""
        assert expected == visible(text, keep)


RULES: list[tuple[str, TextRule]] = [
    ("reference", REFERENCE),
    ("name", NAME),
    ("free text", FREE_TEXT),
]

#: Every character that some rule refuses, beyond the ASCII and C1 controls.
SPECIAL = "\t\n\r\u202a\u202e\u2066\u2069\u200b\u200d\u200e\u00ad\ufeff\u2028\ud800"
CANDIDATES = [chr(c) for c in range(0xA0)] + list(SPECIAL)


def refused_by(rule: TextRule) -> st.SearchStrategy[str]:
    """Accepted text with one character *rule* refuses put anywhere in it."""
    refused = [c for c in CANDIDATES if rule.refused.search(c) is not None]

    @st.composite
    def build(draw: st.DrawFn) -> str:
        text = draw(strategies.references())
        at = draw(st.integers(0, len(text)))
        return text[:at] + draw(st.sampled_from(refused)) + text[at:]

    return build()


class TestProperties:
    """Laws over the text rules and the strategies that draw text."""

    @given(refused_by(REFERENCE))
    def test_refused_reference(self, text: str) -> None:
        """Any reference with a refused character is refused by a measure."""
        with pytest.raises(InvalidValueError, match=r"^'ref' must be a reference"):
            measure(ref=text)

    @given(refused_by(NAME))
    def test_refused_title(self, text: str) -> None:
        """Any title with a refused character is refused by a measure and a plan."""
        with pytest.raises(InvalidValueError, match=f"^'title' must be {NAME_WORDS}"):
            measure(title=text)
        with pytest.raises(InvalidValueError, match=f"^'title' must be {NAME_WORDS}"):
            Plan(title=text)

    @given(refused_by(FREE_TEXT))
    def test_refused_note(self, text: str) -> None:
        """Any note with a refused character is refused."""
        with pytest.raises(InvalidValueError, match=r"^\"notes\['Q1 2019/20'\]\""):
            measure(notes={"Q1 2019/20": text})

    @given(strategies.references(), strategies.names(), strategies.free_text())
    def test_accepted_round_trip(self, ref: str, title: str, note: str) -> None:
        """Any text the model accepts comes back from JSON as it went in."""
        m = measure(
            ref=ref,
            title=title,
            outcome=title,
            notes={"Q1 2019/20": note},
            overrides={"Q4 2018/19": Override(status=Status.AMBER, reason=note)},
        )
        plan = Plan(title=title, organisation=title, measures=[m])
        assert plan == plan_from_json(plan_to_json(plan))

    @given(strategies.names())
    def test_names_are_names(self, text: str) -> None:
        """The names strategy draws only what the name rule accepts."""
        assert NAME.refused.search(text) is None

    @heavy()
    @given(
        strategies.plans(max_measures=3),
        st.sampled_from([Year(2019), Quarter(Year(2019), 1)]),
    )
    def test_any_plan_renders_clean(self, plan: Plan, period: Year | Quarter) -> None:
        """Whatever text a plan holds, no renderer emits it raw."""
        for render, kept in RENDERERS:
            for item in (
                performance_report(plan, period),
                evaluate_plan(plan, period),
            ):
                assert [] == raw_in(render(item), kept)

    @given(st.text(max_size=40))
    def test_visible_leaves_nothing_raw(self, text: str) -> None:
        """After :func:`visible`, only the characters kept are left raw."""
        assert [] == raw_in(visible(text, "\n"), "\n")
