"""The HTML report as a council publishes it: layout, print, benchmarks, CSS.

The static checks read the page: which figure columns each table has, the
sparklines' size and scale, the benchmarks, and a style sheet whose every
rule starts at the report's root.

The browser checks open the seed's report in headless Chromium at 1,024 and
1,440 px wide.  The page's Content-Security-Policy forbids scripts, so the
test loads a copy without it and with a script that measures the layout and
writes what it found into the page, which ``--dump-dom`` prints.  Chromium
also prints the report to PDF.  Where Firefox ESR is installed, the same
measuring page is shown there: Firefox has no ``--dump-dom``, so the script
paints a green or a red square, read back from the screenshot.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import struct
import subprocess
import zlib
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import attrs
import pytest

from perfmeasures import (
    Benchmark,
    Frequency,
    Measure,
    Plan,
    Polarity,
    Quarter,
    Year,
)
from perfmeasures.examples import REPORT_PERIOD, rotherham_2019_20
from perfmeasures.reports import performance_report, priority_tables, to_html
from perfmeasures.reports._html import _CSS, _ROOT
from perfmeasures.reports._svg import HEIGHT, WIDTH, sparkline
from perfmeasures.reports._tables import TrendPoint

_TIMEOUT = 120
WIDTHS = (1024, 1440)


def _seed_page(*, spc: bool = False, charts: bool = False) -> str:
    plan = rotherham_2019_20()
    report = performance_report(plan, REPORT_PERIOD, spc=spc)
    return to_html(report, plan=plan if charts else None)


class _Tables(HTMLParser):
    """Each priority table's kind, column headers and row headers, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict[str, Any]] = []
        self._text: list[str] | None = None
        self._where = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table" and "priority" in (found.get("class") or ""):
            kind = (found.get("class") or "").split()[-1]
            self.tables.append({"kind": kind, "columns": [], "rows": []})
        elif tag in {"thead", "tbody"}:
            self._where = tag
        elif tag == "th" and self.tables and self._where:
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "th" and self._text is not None:
            text = " ".join("".join(self._text).split())
            part = "columns" if self._where == "thead" else "rows"
            self.tables[-1][part].append(text)
            self._text = None
        elif tag == "table":
            self._where = ""

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)


def _tables(page: str) -> list[dict[str, Any]]:
    parser = _Tables()
    parser.feed(page)
    return parser.tables


class TestColumns:
    """Figure columns only where a figure is, the period rated first."""

    def test_two_tables_a_priority(self) -> None:
        """Ratings then figures under each priority; no figures table if no history."""
        kinds = [t["kind"] for t in _tables(_seed_page())]
        assert ["ratings", "figures"] * 4 + ["ratings"] == kinds

    def test_ratings_columns(self) -> None:
        """Ratings, then the period rated, then the trend; icons with spc."""
        plain = _tables(_seed_page())[0]["columns"]
        assert [
            "Ref",
            "Measure",
            "Target",
            "Status",
            "DOT",
            "Figures",
            "Q1 2019/20",
            "Trend by quarter, Q1 2018/19 to Q1 2019/20",
        ] == plain
        charted = _tables(_seed_page(spc=True))[0]["columns"]
        assert ["DOT", "Variation", "Assurance", "Figures"] == charted[4:8]

    def test_current_first_latest_first(self) -> None:
        """Priority 1 shows every period: the rated one, then back in time."""
        columns = _tables(_seed_page())[1]["columns"]
        assert [
            "Ref",
            "Measure",
            "Q1 2019/20",
            "Months",
            "Quarters",
            "Year end",
            "Jun 2019",
            "May 2019",
            "Apr 2019",
            "Q4 2018/19",
            "Q3 2018/19",
            "Q2 2018/19",
            "Q1 2018/19",
            "2018/19",
            "2017/18",
            "2016/17",
            "2015/16",
        ] == columns

    def test_empty_columns_dropped(self) -> None:
        """A quarterly priority has no month columns nor empty year ends."""
        tables = _tables(_seed_page())
        homes = tables[7]
        assert ["4.B1(a)"] == homes["rows"]
        assert [
            "Ref",
            "Measure",
            "Q1 2019/20",
            "Quarters",
            "Year end",
            "Q4 2018/19",
            "Q3 2018/19",
            "Q2 2018/19",
            "Q1 2018/19",
            "2018/19",
        ] == homes["columns"]
        # Priority 3: a part's figures count, and only two months have any.
        community = tables[5]
        assert ["3.A4(b)", "3.A4(b) vehicles", "3.A4(b) drivers"] == community["rows"][
            :3
        ]
        assert ["Jun 2019", "May 2019", "Q4 2018/19"] == community["columns"][6:9]

    def test_year_end_report(self) -> None:
        """A year rated comes first; its own quarters follow, latest first."""
        tables = priority_tables(rotherham_2019_20(), "2018/19")
        page = to_html(tables)
        figures = _tables(page)[1]["columns"]
        assert ["Ref", "Measure", "2018/19"] == figures[:3]
        assert "Q4 2018/19" in figures
        assert 1 == figures.count("2018/19")

    def test_missing_reason_kept(self) -> None:
        """A shown column still says why a row has no figure there."""
        page = _seed_page()
        assert '<td class="num"><span class="missing">Not available</span></td>' in (
            page
        )


class TestBenchmarks:
    """A measure's comparators appear beside it and on its sparkline."""

    def test_under_the_title(self) -> None:
        """1.A2's statistical neighbours and national average are listed."""
        page = _seed_page()
        assert (
            '<ul class="benchmarks" aria-label="Benchmarks">'
            "<li>Statistical neighbours <strong>54.5</strong></li>"
            '<li><span aria-hidden="true"> \u00b7 </span>National average '
            "<strong>45.3</strong></li></ul>"
        ) in page
        assert 1 == page.count('class="benchmarks"')

    def test_reference_lines(self) -> None:
        """Each benchmark is a dotted line, and is described in words."""
        page = _seed_page()
        assert 2 == page.count('<line class="benchmark"')
        assert "Benchmarks: statistical neighbours 54.5; national average 45.3." in page

    def test_period_and_escaping(self) -> None:
        """A benchmark's period is shown; its name is escaped."""
        measure = Measure(
            ref="9.Z1",
            title="A rate",
            polarity=Polarity.HIGHER_IS_BETTER,
            frequency=Frequency.QUARTERLY,
            values={"Q4 2018/19": 5, "Q1 2019/20": 6},
            targets={"2019/20": 7},
            benchmarks=(
                Benchmark(name="<b>England</b>", value="4.25", period=Year(2018)),
            ),
        )
        page = to_html(
            performance_report(Plan(title="P", measures=(measure,)), REPORT_PERIOD)
        )
        assert (
            "<li>&lt;b&gt;England&lt;/b&gt; <strong>4.25</strong> (2018/19)</li>"
        ) in page
        assert "Benchmarks: &lt;b&gt;England&lt;/b&gt; 4.25 (2018/19)." in page


class TestSparkline:
    """Larger sparklines with their scale, still described in words."""

    def test_size_and_scale(self) -> None:
        """At least 160 by 48, with the highest and lowest values printed."""
        assert (WIDTH, HEIGHT) >= (160, 48)
        points = [
            TrendPoint(
                period=Quarter(Year(2018), n), value=Decimal(v), target=Decimal(9)
            )
            for n, v in ((1, 4), (2, 12), (3, 7))
        ]
        svg = sparkline(points, str)
        assert f'width="{WIDTH}" height="{HEIGHT}"' in svg
        assert re.findall(r'<text class="scale"[^>]*>([^<]*)</text>', svg) == [
            "12",
            "4",
        ]
        assert svg.startswith('<svg class="spark" role="img" aria-label="')
        assert (
            "Quarterly trend. Q1 2018/19: 4 (target 9); Q2 2018/19: 12 (target 9); "
            "Q3 2018/19: 7 (target 9). Scale 4 to 12." in svg
        )

    def test_benchmarks_widen_the_scale(self) -> None:
        """A benchmark outside the figures sets the scale's end."""
        points = [
            TrendPoint(period=Quarter(Year(2018), 1), value=Decimal(4), target=None),
            TrendPoint(period=Quarter(Year(2018), 2), value=Decimal(5), target=None),
        ]
        svg = sparkline(points, str, benchmarks=[Benchmark(name="b", value=1)])
        assert "Scale 1 to 5." in svg
        assert 1 == svg.count('<line class="benchmark"')

    def test_flat_and_long_labels(self) -> None:
        """One value draws mid-height with one label; long labels shrink to fit."""
        flat = sparkline(
            [TrendPoint(period=Quarter(Year(2018), 1), value=Decimal(3), target=None)],
            str,
        )
        assert 1 == flat.count('class="scale"')
        assert "Scale 3." in flat
        big = [
            TrendPoint(period=Quarter(Year(2018), 1), value=Decimal(1), target=None),
            TrendPoint(
                period=Quarter(Year(2018), 2), value=Decimal(123456789012), target=None
            ),
        ]
        svg = sparkline(big, lambda v: f"{v:,}")
        box = re.search(r'viewBox="0 0 (\d+) (\d+)"', svg)
        assert box is not None
        assert int(box.group(1)) > WIDTH
        assert f'width="{WIDTH}"' in svg

    def test_no_figure_no_chart(self) -> None:
        """Without a figure there is nothing to draw."""
        points = [
            TrendPoint(period=Quarter(Year(2018), 1), value=None, target=Decimal(1))
        ]
        assert "" == sparkline(points, str)


def _rules(css: str) -> list[tuple[str, str]]:
    """(context, selector) of every rule: the context is the enclosing at-rule."""
    found: list[tuple[str, str]] = []
    context: list[str] = []
    for token in re.finditer(r"([^{}]*)([{}])", re.sub(r"/\*.*?\*/", "", css)):
        head, brace = token.group(1).strip(), token.group(2)
        if brace == "}":
            if context:
                context.pop()
            continue
        if head.startswith("@"):
            context.append(head)
            found.append(("at-rule", head))
            continue
        context.append(head)
        found += [("rule", " ".join(s.split())) for s in head.split(",")]
    return found


class TestScopedStyle:
    """Every rule styles the report's root or what is inside it."""

    def test_every_selector_under_the_root(self) -> None:
        """No :root, html, body or bare element selector; each starts at the root."""
        rules = _rules(_CSS)
        selectors = [s for kind, s in rules if kind == "rule"]
        assert len(selectors) > 50
        outside = [
            s
            for s in selectors
            if not (s == f".{_ROOT}" or s.startswith((f".{_ROOT} ", f".{_ROOT}:")))
        ]
        assert [] == outside
        assert not re.search(r"(^|[\s,}]):root|\bbody\b|\bhtml\b", _CSS)

    def test_at_rules(self) -> None:
        """Only a print block and the printed page's size."""
        at_rules = [s for kind, s in _rules(_CSS) if kind == "at-rule"]
        assert ["@media print", "@page"] == at_rules

    def test_print_style(self) -> None:
        """Print: no scrolling, headers repeat, rows whole, A4 landscape, colours."""
        printed = _CSS[_CSS.index("@media print") :]
        assert ".scroll { overflow: visible; }" in printed
        assert "thead { display: table-header-group; }" in printed
        assert "break-inside: avoid" in printed
        assert "print-color-adjust: exact" in printed
        assert "@page { size: A4 landscape;" in printed

    def test_page_root(self) -> None:
        """Every kind of page puts its content inside the root."""
        page = _seed_page()
        assert f'<body>\n<main class="{_ROOT}">' in page
        assert page.endswith("</main>\n</body>\n</html>\n")


# ---------------------------------------------------------------------------
# In browsers.

_MEASURE = """
<script>
(() => {
  const root = document.documentElement;
  const over = (el) => el.scrollWidth > el.clientWidth + 1;
  const name = (el) => {
    const table = el.closest("table");
    const row = el.closest("tr");
    const where = table ? (table.className || "table") : el.className;
    const ref = row && (row.dataset.ref || row.dataset.figures);
    return where + (ref ? " " + ref : "") + ": " + el.textContent.trim().slice(0, 40);
  };
  const outside = (el) => {
    const box = el.getBoundingClientRect();
    const host = el.parentElement.getBoundingClientRect();
    return box.left < host.left - 1 || box.right > host.right + 1;
  };
  const shown = (el) => {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return box.width > 0 && box.height > 0 && style.display !== "none"
      && style.visibility !== "hidden" && box.left >= 0
      && box.right <= root.clientWidth;
  };
  const all = (selector) => [...document.querySelectorAll(selector)];
  const key = document.querySelector(".pm-report .key");
  const result = {
    viewport: root.clientWidth,
    document: root.scrollWidth > root.clientWidth,
    scrollers: all(".pm-report .scroll").length,
    tables: all(".pm-report table").length,
    overflowing: all(".pm-report .scroll").filter(over).map(name),
    tablesOutside: all(".pm-report table").filter((t) => over(t) || outside(t))
      .map(name),
    cells: all(".pm-report th, .pm-report td").filter(over).map(name),
    key: key !== null && shown(key)
      && [...key.querySelectorAll("table")].every(shown),
    keyTables: key ? key.querySelectorAll("table").length : 0,
    sparks: all(".pm-report svg.spark").map((svg) => {
      const box = svg.getBoundingClientRect();
      return [Math.round(box.width), Math.round(box.height)];
    }),
  };
  result.ok = !result.document && result.overflowing.length === 0
    && result.tablesOutside.length === 0 && result.cells.length === 0
    && result.key;
  const out = document.createElement("pre");
  out.id = "layout-result";
  out.hidden = true;
  out.textContent = JSON.stringify(result);
  document.body.appendChild(out);
  // For a browser that cannot print its DOM: a square, green if all fits.
  const flag = document.createElement("div");
  flag.id = "layout-flag";
  flag.style.cssText = "position:fixed;left:0;top:0;width:48px;height:48px;"
    + "z-index:2147483647;background:" + (result.ok ? "#00c800" : "#c80000");
  document.body.appendChild(flag);
})();
</script>
"""


def _measuring(page: str) -> str:
    """*page* without its Content-Security-Policy, with the measuring script."""
    opened = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n?', "", page)
    assert opened != page
    return opened.replace("</body>", _MEASURE + "</body>")


def _chromium() -> str | None:
    override = os.environ.get("PERFMEASURES_CHROMIUM")
    for candidate in (override, "/usr/bin/chromium", "chromium", "chromium-browser"):
        found = shutil.which(candidate) if candidate else None
        if found:
            return found
    return None


def _chromium_run(
    executable: str, profile: Path, *arguments: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - a fixed, trusted command.
        [
            executable,
            "--headless",
            "--disable-gpu",
            "--no-sandbox",
            "--no-first-run",
            "--disable-extensions",
            "--disable-background-networking",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            f"--user-data-dir={profile}",
            *arguments,
        ],
        capture_output=True,
        text=True,
        timeout=_TIMEOUT,
        check=False,
    )


@pytest.fixture(scope="module")
def chromium() -> str:
    """The Chromium to test with; its tests are skipped without one."""
    found = _chromium()
    if found is None:
        pytest.skip(
            "Chromium is not installed (Debian: apt-get install chromium); "
            "the report's layout cannot be measured"
        )
    return found


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The seed's report, plain and with the XmR columns and charts, as files."""
    where = tmp_path_factory.mktemp("layout")
    found = {}
    for name, spc in (("plain", False), ("spc", True)):
        page = where / f"report-{name}.html"
        page.write_text(_seed_page(spc=spc, charts=spc), encoding="utf-8")
        found[name] = page
    return found


def _keep(source: Path, name: str) -> None:
    """Copy *source* to ``$PERFMEASURES_SCREENSHOT_DIR`` when that is set."""
    keep = os.environ.get("PERFMEASURES_SCREENSHOT_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(source, Path(keep) / name)


@pytest.mark.browser
class TestLayoutInChromium:
    """At 1,024 and 1,440 px nothing scrolls sideways and the key is shown."""

    @pytest.mark.parametrize("width", WIDTHS)
    @pytest.mark.parametrize("variant", ["plain", "spc"])
    def test_fits(
        self,
        chromium: str,
        pages: dict[str, Path],
        tmp_path: Path,
        width: int,
        variant: str,
    ) -> None:
        """No table, scroll region, cell or the page itself overflows."""
        page = tmp_path / "measured.html"
        page.write_text(
            _measuring(pages[variant].read_text(encoding="utf-8")), encoding="utf-8"
        )
        run = _chromium_run(
            chromium,
            tmp_path / "profile",
            f"--window-size={width},900",
            "--virtual-time-budget=5000",
            "--dump-dom",
            page.as_uri(),
        )
        found = re.search(r'<pre id="layout-result" hidden="">(.*?)</pre>', run.stdout)
        assert found is not None, run.stderr[-2000:]
        result = json.loads(html.unescape(found.group(1)))
        assert width - 20 <= result["viewport"] <= width
        assert (False, [], [], []) == (
            result["document"],
            result["overflowing"],
            result["tablesOutside"],
            result["cells"],
        )
        assert result["key"]
        assert (4 if variant == "spc" else 2) == result["keyTables"]
        assert 9 == result["scrollers"]
        assert 9 <= len(result["sparks"])
        assert all(w >= 160 and h >= 48 for w, h in result["sparks"])
        assert result["ok"]
        if os.environ.get("PERFMEASURES_SCREENSHOT_DIR"):
            shot = tmp_path / "shot.png"
            _chromium_run(
                chromium,
                tmp_path / "profile",
                "--hide-scrollbars",
                f"--window-size={width},6000",
                f"--screenshot={shot}",
                pages[variant].as_uri(),
            )
            _keep(shot, f"report-{variant}-{width}.png")

    def test_measure_can_fail(self, chromium: str, tmp_path: Path) -> None:
        """A table wider than the window is caught (the check can fail)."""
        page = _seed_page().replace(
            "</main>",
            '<div class="scroll"><table><caption>x</caption><tr><td>'
            + "x" * 400
            + "</td></tr></table></div></main>",
        )
        measured = tmp_path / "wide.html"
        measured.write_text(_measuring(page), encoding="utf-8")
        run = _chromium_run(
            chromium,
            tmp_path / "profile",
            "--window-size=1024,900",
            "--virtual-time-budget=5000",
            "--dump-dom",
            measured.as_uri(),
        )
        found = re.search(r'<pre id="layout-result" hidden="">(.*?)</pre>', run.stdout)
        assert found is not None
        result = json.loads(html.unescape(found.group(1)))
        assert not result["ok"]
        assert result["overflowing"] or result["cells"]


_HOST = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Host</title>{style}</head>
<body>
<h2 id="host-heading">A host page</h2>
<p id="host-text">Its own text.</p>
<table id="host-table"><caption>Its own table</caption>
<tr><th scope="col" id="host-th">Head</th><td id="host-td">Cell</td></tr></table>
{report}
<script>
(() => {{
  const facts = {{}};
  for (const id of ["host-heading", "host-text", "host-table", "host-th",
                    "host-td"]) {{
    const style = getComputedStyle(document.getElementById(id));
    facts[id] = ["font-family", "font-size", "color", "background-color",
      "margin-top", "padding-left", "border-top-width", "border-collapse",
      "text-align", "font-weight", "line-height"]
      .map((name) => style.getPropertyValue(name));
  }}
  facts.body = ["margin-top", "font-family", "background-color"]
    .map((name) => getComputedStyle(document.body).getPropertyValue(name));
  const out = document.createElement("pre");
  out.id = "host-result";
  out.textContent = JSON.stringify(facts);
  document.body.appendChild(out);
}})();
</script>
</body></html>
"""


@pytest.mark.browser
def test_embedding_leaves_the_host_alone(chromium: str, tmp_path: Path) -> None:
    """The report's styles and root set in a host page change none of its own."""
    page = _seed_page()
    style = re.search(r"<style>.*?</style>", page, re.DOTALL)
    report = re.search(rf'<main class="{_ROOT}">.*</main>', page, re.DOTALL)
    assert style is not None
    assert report is not None
    embedded = report.group(0).replace("<main", "<div").replace("</main>", "</div>")
    facts = []
    for name, text in (
        ("bare.html", _HOST.format(style="", report="")),
        ("embedded.html", _HOST.format(style=style.group(0), report=embedded)),
    ):
        host = tmp_path / name
        host.write_text(text, encoding="utf-8")
        run = _chromium_run(
            chromium,
            tmp_path / "profile",
            "--window-size=1024,900",
            "--virtual-time-budget=5000",
            "--dump-dom",
            host.as_uri(),
        )
        found = re.search(r'<pre id="host-result">(.*?)</pre>', run.stdout)
        assert found is not None, run.stderr[-2000:]
        facts.append(json.loads(html.unescape(found.group(1))))
    assert facts[0] == facts[1]


def _pages_of(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


@pytest.mark.browser
def test_print_to_pdf(chromium: str, pages: dict[str, Path], tmp_path: Path) -> None:
    """Chromium prints the report to a PDF of several A4 landscape pages."""
    for variant, page in pages.items():
        pdf = tmp_path / f"report-{variant}.pdf"
        run = _chromium_run(
            chromium,
            tmp_path / "profile",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        )
        assert pdf.exists(), run.stderr[-2000:]
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF")
        assert _pages_of(data) > 1
        boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
        assert boxes
        # A4 landscape: 297 by 210 mm, in points.
        assert all(
            abs(float(w) - 841.9) < 1 and abs(float(h) - 595.3) < 1 for w, h in boxes
        )
        _keep(pdf, pdf.name)


# ---------------------------------------------------------------------------
# A second engine.


def _pixel(png: bytes, x: int, y: int) -> tuple[int, ...]:
    """The colour of one pixel of an 8-bit, non-interlaced RGB or RGBA PNG."""
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    offset, data, header = 8, b"", b""
    while offset < len(png):
        (length,) = struct.unpack(">I", png[offset : offset + 4])
        kind = png[offset + 4 : offset + 8]
        body = png[offset + 8 : offset + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            data += body
        offset += 12 + length
    width, _, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert (8, 0) == (depth, interlace)
    size = {2: 3, 6: 4}[colour]
    stride = width * size
    raw = zlib.decompress(data)
    previous = bytearray(stride)
    for row in range(y + 1):
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - size] if i >= size else 0
            up = previous[i]
            corner = previous[i - size] if i >= size else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                guess = left + up - corner
                near = min(
                    (abs(guess - left), 0, left),
                    (abs(guess - up), 1, up),
                    (abs(guess - corner), 2, corner),
                )
                line[i] = (line[i] + near[2]) & 0xFF
        previous = line
    return tuple(previous[x * size : x * size + 3])


@pytest.fixture(scope="module")
def firefox() -> str:
    """Firefox ESR, where installed; its test is skipped otherwise."""
    for candidate in ("firefox-esr", "firefox"):
        found = shutil.which(candidate)
        if found:
            return found
    pytest.skip("Firefox is not installed (Debian: apt-get install firefox-esr)")


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_firefox_renders_and_fits(
    firefox: str, pages: dict[str, Path], tmp_path: Path, width: int
) -> None:
    """Firefox draws the report; the measuring square is green: nothing overflows."""
    page = tmp_path / "measured.html"
    page.write_text(
        _measuring(pages["spc"].read_text(encoding="utf-8")), encoding="utf-8"
    )
    profile = tmp_path / "profile"
    profile.mkdir()
    shot = tmp_path / "firefox.png"
    run = subprocess.run(  # noqa: S603 - a fixed, trusted command.
        [
            firefox,
            "--headless",
            "--no-remote",
            "--profile",
            str(profile),
            f"--window-size={width},900",
            "--screenshot",
            str(shot),
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=_TIMEOUT,
        check=False,
        env=os.environ | {"MOZ_HEADLESS": "1"},
    )
    assert shot.exists(), run.stderr[-2000:]
    red, green, blue = _pixel(shot.read_bytes(), 10, 10)
    assert (True, True, True) == (red < 60, green > 150, blue < 60), (red, green)
    _keep(shot, f"report-firefox-{width}.png")


def test_pixel_reader() -> None:
    """The PNG reader finds a pixel through every filter type."""
    width, rows = 3, []
    pixels = [[(10 * r + c, 200 - c, 7 * r) for c in range(width)] for r in range(5)]
    previous = bytes(width * 3)
    for kind, row in enumerate(pixels):
        line = bytes(v for p in row for v in p)
        if kind == 0:
            encoded = line
        elif kind == 1:
            encoded = bytes(
                (line[i] - (line[i - 3] if i >= 3 else 0)) & 0xFF
                for i in range(len(line))
            )
        elif kind == 2:
            encoded = bytes((line[i] - previous[i]) & 0xFF for i in range(len(line)))
        elif kind == 3:
            encoded = bytes(
                (line[i] - ((line[i - 3] if i >= 3 else 0) + previous[i]) // 2) & 0xFF
                for i in range(len(line))
            )
        else:
            out = []
            for i in range(len(line)):
                a = line[i - 3] if i >= 3 else 0
                b = previous[i]
                c = previous[i - 3] if i >= 3 else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                guess = a if pa <= pb and pa <= pc else b if pb <= pc else c
                out.append((line[i] - guess) & 0xFF)
            encoded = bytes(out)
        rows.append(bytes([kind]) + encoded)
        previous = line

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body))
        )

    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, 5, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"".join(rows)))
        + chunk(b"IEND", b"")
    )
    for r in range(5):
        for c in range(width):
            assert pixels[r][c] == _pixel(png, c, r)


def test_no_benchmarks_none_shown() -> None:
    """Rows without benchmarks show no list and no reference line."""
    tables = priority_tables(rotherham_2019_20(), REPORT_PERIOD)
    bare = attrs.evolve(
        tables,
        tables=tuple(
            attrs.evolve(t, rows=tuple(attrs.evolve(r, benchmarks=()) for r in t.rows))
            for t in tables.tables
        ),
    )
    page = to_html(bare)
    assert 'class="benchmarks"' not in page
    assert '<line class="benchmark"' not in page


class TestCharts:
    """Given the plan, each priority's tables are followed by its charts."""

    def test_one_chart_a_measure(self) -> None:
        """Every measure of the seed is charted once, under its priority."""
        page = _seed_page(charts=True)
        assert 10 == page.count('<figure class="chart">')
        assert 5 == page.count('<div class="charts" role="group"')
        assert 'aria-label="Charts, Priority 1: Every child' in page
        first = page.index('<figure class="chart">')
        assert page.index("Priority 1:") < first < page.index("Priority 2:", first - 1)
        assert "<title" in page[first : page.index("</figure>", first)]

    def test_none_without_the_plan(self) -> None:
        """Without the plan there is nothing to chart from."""
        assert '<figure class="chart">' not in _seed_page()

    def test_charted_up_to_the_period(self) -> None:
        """A report of an earlier period charts no later figure."""
        plan = rotherham_2019_20()
        page = to_html(performance_report(plan, "Q4 2018/19"), plan=plan)
        assert "Jun 2019" not in page
        assert '<figure class="chart">' in page
