"""Tests for the renderers: golden text and Markdown, static HTML checks, JSON.

Set ``PERFMEASURES_REGENERATE_GOLDEN=1`` to rewrite the golden files from the
current output (the golden tests then skip, saying which files they wrote);
review the difference with ``git diff tests/golden`` before committing.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given

from perfmeasures import (
    Direction,
    Evaluation,
    EvaluationSet,
    InvalidValueError,
    Measure,
    Plan,
    Polarity,
    Quarter,
    Status,
    Year,
    evaluate_plan,
    strategies,
)
from perfmeasures.examples import REPORT_PERIOD, rotherham_2019_20
from perfmeasures.io import evaluations_from_json, make_converter
from perfmeasures.reports import (
    DEFAULT_KEY,
    Format,
    Key,
    Outlook,
    PerformanceReport,
    Renderable,
    areas_for_improvement,
    performance_report,
    priority_tables,
    reconcile,
    render,
    to_html,
    to_json,
    to_markdown,
    to_text,
    year_end_outlook,
)
from perfmeasures.reports._render import REPORT_FORMATS
from tests.conftest import heavy

GOLDEN = Path(__file__).parent / "golden"
REGENERATE = bool(os.environ.get("PERFMEASURES_REGENERATE_GOLDEN"))


def seed_report() -> PerformanceReport:
    """The bundled example's report for Q1 2019/20."""
    return performance_report(rotherham_2019_20(), REPORT_PERIOD)


def every_kind() -> list[Renderable]:
    """One of each kind of thing the renderers accept, from the seed."""
    plan = rotherham_2019_20()
    return [
        seed_report(),
        areas_for_improvement(plan, REPORT_PERIOD),
        priority_tables(plan, REPORT_PERIOD),
        reconcile(plan),
        year_end_outlook(plan, REPORT_PERIOD),
        evaluate_plan(plan, REPORT_PERIOD),
    ]


class TestGolden:
    """The seed's Q1 2019/20 report, compared with reviewed output."""

    @pytest.mark.parametrize(
        ("name", "renderer"),
        [("report-q1-2019-20.txt", to_text), ("report-q1-2019-20.md", to_markdown)],
    )
    def test_matches_golden(
        self, name: str, renderer: Callable[[PerformanceReport], str]
    ) -> None:
        """The rendered report is exactly the reviewed golden file."""
        path = GOLDEN / name
        actual = renderer(seed_report())
        if REGENERATE:
            path.write_text(actual, encoding="utf-8", newline="\n")
            pytest.skip(f"regenerated {path}")
        assert path.read_text(encoding="utf-8") == actual


class TestText:
    """Plain text for a terminal."""

    def test_fits_the_width(self) -> None:
        """No line is wider than asked for."""
        text = to_text(seed_report(), width=72)
        assert max(len(line) for line in text.splitlines()) <= 72

    def test_narrow_tables_wrap_columns(self) -> None:
        """Figure rows too wide for the terminal continue on further rows."""
        text = to_text(priority_tables(rotherham_2019_20(), REPORT_PERIOD), width=50)
        assert max(len(line) for line in text.splitlines()) <= 50
        assert "\n" + " " * 18 + "Q3 2018/19  Q4 2018/19\n" in text

    def test_reconciliation_that_agrees(self) -> None:
        """A plan whose ratings all match says so."""
        plan = Plan(title="P")
        assert (
            "P: published ratings reconciled for no period\n\n"
            "All 0 published ratings match the plan's.\n" == to_text(reconcile(plan))
        )

    def test_empty_outlook(self) -> None:
        """A plan with no annual target says there is nothing to track."""
        text = to_text(year_end_outlook(Plan(title="P"), REPORT_PERIOD))
        assert text.endswith("No measure has an annual target to track.\n")


class TestMarkdown:
    """Markdown."""

    def test_special_characters_escaped(self) -> None:
        """Characters Markdown would act on are escaped in plan text."""
        m = Measure(
            ref="9.Z1",
            title="Rate | *bold* _x_ <b>",
            polarity=Polarity.NEUTRAL,
            values={"Q1 2019/20": 1},
        )
        text = to_markdown(
            priority_tables(Plan(title="P", measures=(m,)), REPORT_PERIOD)
        )
        assert r"Rate \| \*bold\* \_x\_ \<b\>" in text

    def test_reconciliation_table(self) -> None:
        """Disagreements are tabled with their causes."""
        text = to_markdown(reconcile(rotherham_2019_20()))
        assert (
            "| 3.B3 | Q1 2019/20 | direction | ▼ Worsening | \N{EN DASH} Not applicable | "
            "missing comparator |" in text
        )


class TestHtml:
    """Self-contained, accessible HTML, checked without a browser."""

    def test_no_external_references(self) -> None:
        """Nothing in any page points outside it: no URL, src or link."""
        for report in every_kind():
            page = to_html(report)
            assert (
                re.search(r"https?:|//[a-z]|\bsrc=|<link|<script|@import|url\(", page)
                is None
            )

    def test_content_security_policy(self) -> None:
        """Every page forbids itself from loading anything."""
        page = to_html(seed_report())
        assert "content=\"default-src 'none'; style-src 'unsafe-inline'" in page

    def test_language_and_structure(self) -> None:
        """The page declares its language; every header cell has a scope."""
        page = to_html(seed_report())
        assert page.startswith('<!DOCTYPE html>\n<html lang="en-GB">')
        assert re.search(r"<th(?=[\s>])(?![^>]*scope=)", page) is None
        assert 10 == page.count('<li class="area"')

    def test_statuses_carry_words(self) -> None:
        """Every status mark carries its symbol and its words, not colour alone."""
        page = to_html(seed_report())
        marks = re.findall(
            r'data-status="(\w+)"><span aria-hidden="true">(.)</span> '
            r'<span class="label">([^<]+)</span>',
            page,
        )
        assert len(marks) == page.count("data-status=")
        for value, symbol, label in marks:
            entry = DEFAULT_KEY.status(Status(value))
            assert (entry.symbol, entry.label) == (symbol, label)

    def test_plan_text_is_escaped(self) -> None:
        """Text from a plan cannot inject markup."""
        m = Measure(
            ref='9.Z1"><script>',
            title="<img src=x onerror=alert(1)>",
            polarity=Polarity.LOWER_IS_BETTER,
            values={"Q1 2019/20": 5},
            targets={"2019/20": 1},
            notes={"Q1 2019/20": "<a href='http://example.com'>link</a>"},
        )
        page = to_html(
            performance_report(Plan(title="<b>P</b>", measures=(m,)), REPORT_PERIOD)
        )
        assert "<script>" not in page
        assert "<img" not in page
        assert "<a href" not in page
        assert "&lt;img src=x onerror=alert(1)&gt;" in page

    def test_sparkline_with_target_line(self) -> None:
        """Sparklines draw the series and a dashed target line, described in words."""
        page = to_html(seed_report())
        assert 'polyline class="target"' in page
        assert "Quarterly trend. Q1 2018/19: 113.1; Q2 2018/19: 107.5" in page
        assert "Q1 2019/20: 94.8 (target 90)" in page

    def test_every_kind_has_a_title(self) -> None:
        """Every kind of report is a full page with a title."""
        titles = [re.search("<title>(.*)</title>", to_html(r)) for r in every_kind()]
        assert all(title and title.group(1) for title in titles)


class TestJson:
    """JSON in the library's wire format."""

    def test_wire_format(self) -> None:
        """Decimals are strings, periods labels, enums lower_snake values."""
        data = json.loads(to_json(seed_report()))
        item = data["areas"]["groups"][1]["items"][0]
        assert ("2.B7", "Q1 2019/20", "amber", "green", "81", "85") == (
            item["ref"],
            item["evaluation"]["period"],
            item["evaluation"]["status"],
            item["evaluation"]["computed_status"],
            item["evaluation"]["actual"],
            item["evaluation"]["target"],
        )

    @pytest.mark.parametrize("kind", [PerformanceReport, Outlook])
    def test_round_trip(self, kind: type[PerformanceReport | Outlook]) -> None:
        """The JSON of a report structures back to an equal report."""
        report = seed_report()
        value = report if kind is PerformanceReport else report.outlook
        converter = make_converter()
        document = json.loads(to_json(value))
        assert REPORT_FORMATS[kind] == document.pop("format")
        assert value == converter.structure(document, kind)

    def test_every_document_names_its_format(self) -> None:
        """Each kind of report is a versioned document; evaluations load back."""
        for report in every_kind():
            document = json.loads(to_json(report))
            assert document["format"].startswith("perfmeasures/")
            if isinstance(report, EvaluationSet):
                assert report == evaluations_from_json(to_json(report))

    def test_reconciliation(self) -> None:
        """Findings say which rating they are about and why."""
        data = json.loads(to_json(reconcile(rotherham_2019_20())))
        assert [
            ("2.B7", "status", "override"),
            ("3.B3", "direction", "missing_comparator"),
        ] == [(f["ref"], f["aspect"], f["cause"]) for f in data["findings"]]


class TestRender:
    """render(): one entry point for every format."""

    @pytest.mark.parametrize("fmt", list(Format) + [f.value for f in Format])
    def test_every_kind_in_every_format(self, fmt: Format | str) -> None:
        """Every kind of report renders in every format, named or by value."""
        for report in every_kind():
            assert render(report, fmt)

    def test_dispatch(self) -> None:
        """Each format gives what its own renderer gives."""
        report = seed_report()
        assert [
            to_text(report),
            to_markdown(report),
            to_html(report),
            to_json(report),
        ] == [render(report, f) for f in ("text", "markdown", "html", "json")]

    def test_bad_format(self) -> None:
        """An unknown format is refused, naming the choices."""
        with pytest.raises(InvalidValueError) as caught:
            render(seed_report(), "pdf")
        assert "'format' must be one of text, markdown, html, json (got 'pdf')" == str(
            caught.value
        )

    def test_custom_key(self) -> None:
        """A key of the caller's is used, and unknown entries fall back to words."""
        key = Key(statuses=(), directions=())
        text = to_text(evaluate_plan(rotherham_2019_20(), REPORT_PERIOD), key=key)
        assert text
        assert ("?", "Not applicable") == (
            key.direction(Direction.NOT_APPLICABLE).symbol,
            key.direction(Direction.NOT_APPLICABLE).label,
        )
        assert "Red" == key.status(Status.RED).label

    @heavy()
    @given(
        plan=strategies.plans(max_measures=3), period=strategies.periods(start_month=4)
    )
    def test_any_plan_renders(self, plan: Plan, period: Year | Quarter) -> None:
        """Any valid plan gives a report in every format, HTML without URLs."""
        report = performance_report(plan, period)
        for fmt in Format:
            assert render(report, fmt)
        assert re.search(r"<[a-z]+[^>]*\s(src|href)=", to_html(report)) is None

    @heavy()
    @given(
        plan=strategies.plans(max_measures=3), period=strategies.periods(start_month=4)
    )
    def test_selection_law(self, plan: Plan, period: Year | Quarter) -> None:
        """Every item the default selection lists is red or amber, and none missed."""
        areas = areas_for_improvement(plan, period)
        listed = {item.ref for item in areas.items}
        rated: list[Evaluation] = list(evaluate_plan(plan, period))
        assert {
            e.ref for e in rated if e.status in (Status.RED, Status.AMBER)
        } == listed
