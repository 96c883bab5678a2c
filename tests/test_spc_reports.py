"""The XmR icons in reports and exports (issue 11): columns, key and words."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest

from perfmeasures.examples import rotherham_2019_20
from perfmeasures.reports import (
    DEFAULT_KEY,
    AssuranceSymbol,
    PerformanceReport,
    VariationSymbol,
    performance_report,
    priority_tables,
    to_html,
    to_json,
    to_markdown,
    to_text,
)
from perfmeasures.spc import Assurance, Variation

PERIOD = "Q1 2019/20"


@pytest.fixture(scope="module")
def report() -> PerformanceReport:
    """The seed's report with the icons."""
    return performance_report(rotherham_2019_20(), PERIOD, spc=True)


class TestData:
    """The rows carry each measure's icons."""

    def test_rows(self, report: PerformanceReport) -> None:
        """Every row has its evaluation's icons."""
        rows = {r.ref: r for t in report.tables.tables for r in t.rows}
        assert report.tables.spc
        assert Variation.COMMON_CAUSE == rows["1.A2"].variation
        assert Assurance.INCONSISTENT == rows["1.A2"].assurance
        assert Assurance.CONSISTENT_FAIL == rows["1.A8"].assurance
        # Quarterly, with a figure for the year to date: charted, no target
        # for the quarter alone.
        assert rows["3.B3"].variation is None

    def test_off_by_default(self) -> None:
        """Without spc, no icons and no columns."""
        plain = performance_report(rotherham_2019_20(), PERIOD)
        assert not plain.tables.spc
        assert all(
            r.variation is None and r.assurance is None
            for t in plain.tables.tables
            for r in t.rows
        )
        assert "Variation" not in to_markdown(plain)
        assert "Variation" not in to_html(plain)
        assert "XmR" not in to_text(plain)

    def test_same_ratings(self, report: PerformanceReport) -> None:
        """The icons change no status or direction."""
        plain = performance_report(rotherham_2019_20(), PERIOD)
        assert plain.status_counts == report.status_counts
        assert plain.tables == attrs.evolve(
            report.tables,
            spc=False,
            tables=tuple(
                attrs.evolve(
                    t,
                    rows=tuple(
                        attrs.evolve(r, variation=None, assurance=None) for r in t.rows
                    ),
                )
                for t in report.tables.tables
            ),
        )

    def test_priority_tables(self) -> None:
        """priority_tables takes the option too."""
        tables = priority_tables(rotherham_2019_20(), PERIOD, spc=True)
        assert tables.spc
        assert Variation.COMMON_CAUSE == tables.tables[0].rows[0].variation

    def test_json(self, report: PerformanceReport) -> None:
        """The JSON rendering writes the icons as their values."""
        data = json.loads(to_json(report.tables))
        first = data["tables"][0]["rows"][0]
        assert ("common_cause", "inconsistent") == (
            first["variation"],
            first["assurance"],
        )
        assert data["spc"] is True


class TestText:
    """Plain text: a line of icons under each measure, and the key."""

    def test_row_and_key(self, report: PerformanceReport) -> None:
        """Symbol and words for each icon, and 'none' where there is none."""
        text = to_text(report)
        assert "XmR variation \u2248 Common cause; assurance ? Hit and miss" in text
        assert (
            "XmR variation \u2248 Common cause; assurance F Consistently failing"
            in (text)
        )
        assert "XmR variation none; assurance none" in text
        entries: list[VariationSymbol | AssuranceSymbol] = [
            *DEFAULT_KEY.variations,
            *DEFAULT_KEY.assurances,
        ]
        for entry in entries:
            assert f"{entry.symbol} {entry.label}" in text


class TestMarkdown:
    """Markdown: two columns after DOT and two key tables."""

    def test_columns(self, report: PerformanceReport) -> None:
        """The header and the 1.A2 row have the icons where the header says."""
        lines = to_markdown(report).splitlines()
        header = next(line for line in lines if line.startswith("| Ref |"))
        names = [cell.strip() for cell in header.strip("|").split("|")]
        row = next(line for line in lines if line.startswith("| **1.A2**"))
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert len(names) == len(cells)
        assert "\u2248 Common cause" == cells[names.index("Variation")]
        assert "? Hit and miss" == cells[names.index("Assurance")]
        assert names.index("Variation") == names.index("DOT") + 1

    def test_key(self, report: PerformanceReport) -> None:
        """The key lists every icon."""
        text = to_markdown(report)
        assert "| Symbol | Variation (XmR chart) | Meaning |" in text
        assert "| Symbol | Assurance (XmR chart) | Meaning |" in text
        assert "Concern (low)" in text


class _Cells(HTMLParser):
    """The text of each cell of each row of a table with a data-ref, by ref."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, list[str]] = {}
        self.icons: list[tuple[str, str]] = []
        self._ref: str | None = None
        self._cell: list[str] | None = None
        self._icon: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "tr" and found.get("data-ref"):
            self._ref = found["data-ref"]
            assert self._ref is not None
            self.rows[self._ref] = []
        elif tag in {"td", "th"} and self._ref is not None:
            self._cell = []
        elif tag == "span" and found.get("data-icon"):
            self._icon = found["data-icon"]

    def handle_endtag(self, tag: str) -> None:
        if tag in {"td", "th"} and self._ref is not None and self._cell is not None:
            self.rows[self._ref].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr":
            self._ref = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._icon is not None and data.strip():
            self.icons.append((self._icon, data.strip()))
            self._icon = None


class TestHTML:
    """HTML: icon cells with symbol and words, coloured by kind, in the key."""

    def test_cells(self, report: PerformanceReport) -> None:
        """The 1.A2 row shows both icons in words after its DOT."""
        page = to_html(report)
        parser = _Cells()
        parser.feed(page)
        cells = parser.rows["1.A2"]
        assert "\u25bc Worsening" == cells[4]
        assert "\u2248 Common cause" == cells[5]
        assert "? Hit and miss" == cells[6]
        # Too few figures for a chart: said in words, never a bare "None".
        assert "No icon" == parser.rows["3.B3"][5]
        assert 'title="No icon: fewer than two figures' in page
        assert '<th scope="col" rowspan="2">Variation</th>' in page

    def test_symbols_hidden_words_read(self, report: PerformanceReport) -> None:
        """A screen reader hears the label; the symbol is aria-hidden."""
        page = to_html(report)
        assert (
            '<span class="icon icon-consistent_fail" data-icon="consistent_fail">'
            '<span aria-hidden="true">F</span> '
            '<span class="label">Consistently failing</span></span>'
        ) in page
        assert "Variation (XmR chart)" in page
        assert ".icon-concern_high" in page

    def test_own_key(self, report: PerformanceReport) -> None:
        """A key of the caller's own gives the icons its symbols."""
        key = attrs.evolve(
            DEFAULT_KEY,
            variations=(
                VariationSymbol(
                    variation=Variation.COMMON_CAUSE,
                    symbol="CC",
                    label="Normal variation <ok>",
                    meaning="Nothing to see",
                ),
            ),
        )
        page = to_html(attrs.evolve(report, key=key))
        assert "Normal variation &lt;ok&gt;" in page
        text = to_text(attrs.evolve(report, key=key))
        assert "XmR variation CC Normal variation <ok>;" in text

    def test_unknown_icon_in_a_short_key(self) -> None:
        """An icon a key lacks is shown by its words, not dropped."""
        key = attrs.evolve(DEFAULT_KEY, assurances=())
        entry = key.assurance(Assurance.INCONSISTENT)
        assert ("?", "Inconsistent") == (entry.symbol, entry.label)


class TestExport:
    """Evaluation exports carry the icons as their values."""

    def test_records(self) -> None:
        """The two columns sit before the explanation; blank when not asked."""
        from perfmeasures import evaluate_plan  # noqa: PLC0415
        from perfmeasures.io._export import (  # noqa: PLC0415
            EVALUATION_COLUMNS,
            evaluation_records,
        )

        plan = rotherham_2019_20()
        index = EVALUATION_COLUMNS.index
        assert index("variation") + 2 == index("assurance") + 1 == index("explanation")
        charted = evaluation_records(evaluate_plan(plan, PERIOD, spc=True), plan)
        assert ("common_cause", "inconsistent") == (
            charted[0]["variation"],
            charted[0]["assurance"],
        )
        plain = evaluation_records(evaluate_plan(plan, PERIOD), plan)
        assert (None, None) == (plain[0]["variation"], plain[0]["assurance"])


class TestChartRendering:
    """The renderers write an XmR chart in each format."""

    def test_bare_series(self) -> None:
        """A chart of numbers names its points by position."""
        from perfmeasures.spc import xmr  # noqa: PLC0415

        chart = xmr([1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1])
        text = to_text(chart)
        assert text.startswith("XmR chart\n=========\n")
        assert (
            "Segment 1 (1 to 18, 18 points): mean 1.94, process limits -0.72 to 4.60"
            in (text)
        )
        assert (
            "5      10     special cause: improvement  beyond a process limit" in text
        )
        assert "Assurance: none (no target" in text

    def test_hostile_title(self) -> None:
        """Controls in a title show escaped; HTML and Markdown stay inert."""
        from perfmeasures import Frequency, Measure, Polarity  # noqa: PLC0415
        from perfmeasures.spc import measure_xmr  # noqa: PLC0415

        measure = Measure(
            ref="X<1>",
            title="Rate <script>alert(1)</script> | *bold*",
            polarity=Polarity.HIGHER_IS_BETTER,
            frequency=Frequency.QUARTERLY,
            values={"Q1 2019/20": 1, "Q2 2019/20": 2, "Q3 2019/20": 3},
        )
        # A chart is plain data: a title set on it is not checked.
        chart = attrs.evolve(measure_xmr(measure), title=f"\x1b[31m{measure.title}")
        assert "\\x1b[31m" in to_text(chart)
        assert "\x1b" not in to_text(chart)
        page = to_html(chart)
        assert "<script>" not in page
        assert "&lt;script&gt;" in page
        markdown = to_markdown(chart)
        assert "\\<script\\>" in markdown
        assert "\\| \\*bold\\*" in markdown

    def test_json_and_render(self) -> None:
        """render() takes a chart, JSON naming its format."""
        from perfmeasures.reports import render  # noqa: PLC0415
        from perfmeasures.spc import measure_xmr  # noqa: PLC0415

        chart = measure_xmr(rotherham_2019_20().measure("1.A8"))
        document = json.loads(render(chart, "json"))
        assert "perfmeasures/xmr/1" == document["format"]
        assert ("1.A8", "consistent_fail") == (document["ref"], document["assurance"])
        assert render(chart, "text") == to_text(chart)


DOCS_CHART = Path(__file__).parent.parent / "docs" / "images" / "spc-1a2.svg"
QUARTERS = ["Q1 2018/19", "Q2 2018/19", "Q3 2018/19", "Q4 2018/19", "Q1 2019/20"]


def docs_chart() -> str:
    """The SVG of 1.A2 by quarter that docs/spc.md shows."""
    from perfmeasures.reports._xmr import figure  # noqa: PLC0415
    from perfmeasures.reports._xmr_svg import xmr_svg  # noqa: PLC0415
    from perfmeasures.spc import measure_xmr  # noqa: PLC0415

    chart = measure_xmr(rotherham_2019_20().measure("1.A2"), periods=QUARTERS)
    title = "1.A2 children on a child protection plan, rate per 10K, by quarter"
    return xmr_svg(chart, title=title, describe=figure) + "\n"


def test_docs_chart_is_current() -> None:
    """The chart on the SPC docs page is what the code draws today.

    After a change to the charts, rewrite it with
    ``python -c "import tests.test_spc_reports as t; t.write_docs_chart()"``.
    """
    assert docs_chart() == DOCS_CHART.read_text(encoding="utf-8")


def write_docs_chart() -> None:
    """Rewrite the docs page's chart."""
    DOCS_CHART.write_text(docs_chart(), encoding="utf-8")
