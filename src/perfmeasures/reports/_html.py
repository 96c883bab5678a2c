r"""Self-contained HTML: inline CSS and SVG, no scripts, no external requests.

Every status and direction shows its symbol and its words as well as its
colour; tables have captions and scoped headers; the page declares its
language.  A Content-Security-Policy forbids the page from loading anything,
so that even text copied from a plan cannot make it reach the network.

Text from a plan is escaped for HTML, and its control characters and
bidirectional controls are shown as escapes (``\x1b``, ``\u202e``): a
right-to-left override in a title cannot reorder the page.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from .._arithmetic import in_context
from .._batch import EvaluationSet
from .._checks import visible
from .._ratings import Assurance, Direction, Status, Variation
from ._format import derived, period_words
from ._key import DEFAULT_KEY
from ._words import (
    areas_intro,
    cause_words,
    group_heading,
    prospect_words,
    shown_statuses,
    status_counts,
)

if TYPE_CHECKING:
    from ..spc import XmR
    from ._exceptions import AreasForImprovement
    from ._key import AssuranceSymbol, Key, VariationSymbol
    from ._kinds import Renderable
    from ._outlook import Outlook
    from ._reconcile import Reconciliation
    from ._report import PerformanceReport
    from ._tables import Cell, PriorityTables, Row

__all__ = ["to_html"]

_CSS = """
:root { color: #1a1a1a; background: #fff; font: 15px/1.45 system-ui, sans-serif; }
body { margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .25rem; }
h2 { font-size: 1.3rem; border-bottom: 2px solid #333; margin-top: 2rem; }
h3 { font-size: 1.1rem; margin-top: 1.5rem; }
.areas { padding-left: 1.25rem; }
.area { margin-bottom: 1rem; }
.area p { margin: .2rem 0; }
.note { color: #333; max-width: 60rem; }
.rating { font-weight: 600; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; font-size: .85rem; margin: .5rem 0 1rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border: 1px solid #999; padding: .2rem .4rem; vertical-align: top; }
thead th { background: #eceff3; }
tbody th { text-align: left; white-space: nowrap; }
td.num { text-align: right; white-space: nowrap; }
.measure { min-width: 14rem; max-width: 22rem; }
td.target { max-width: 8rem; }
.about, .ytd { font-size: .8rem; color: #444; }
.part th { font-weight: normal; padding-left: 1rem; }
.status, .direction { white-space: nowrap; }
.status { display: inline-block; padding: 0 .35rem; border-radius: .2rem;
  border: 1px solid currentColor; }
.status-blue { background: #dbe9fb; color: #12366b; }
.status-green { background: #dff3e4; color: #14532d; }
.status-yellow { background: #fdf7b0; color: #4a4300; border-style: dashed; }
.status-amber { background: #fff0c2; color: #6b4200; }
.status-red { background: #fde0e0; color: #8b1014; }
.status-not_applicable, .status-under_development, .status-not_available {
  background: #eee; color: #333; }
.key { display: grid; grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr));
  gap: 0 2rem; }
.key table { font-size: .8rem; }
.icon { white-space: nowrap; display: inline-block; padding: 0 .35rem;
  border-radius: .2rem; border: 1px solid currentColor; }
.icon-common_cause, .icon-inconsistent, .icon-none { background: #eee; color: #333; }
.icon-improvement_high, .icon-improvement_low, .icon-consistent_pass {
  background: #d9edfa; color: #0b4a70; }
.icon-concern_high, .icon-concern_low, .icon-consistent_fail {
  background: #feeccc; color: #6b4200; }
.icon-neither_high, .icon-neither_low { background: #e6e0f2; color: #361475; }
svg.spark { display: block; }
svg.spark .value { fill: none; stroke: #1f4e8c; stroke-width: 1.5; }
svg.spark circle.value, svg.spark .last { fill: #1f4e8c; stroke: none; }
svg.spark .target { fill: none; stroke: #8b1014; stroke-width: 1;
  stroke-dasharray: 3 2; }
@media print { .scroll { overflow: visible; } }
"""

_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'"


def _e(text: str) -> str:
    """*text* escaped for HTML, its controls and bidirectional controls shown."""
    return escape(visible(text, keep="\n\t"), quote=True)


def _status(key: Key, status: Status) -> str:
    entry = key.status(status)
    return (
        f'<span class="status status-{status.value}" data-status="{status.value}">'
        f'<span aria-hidden="true">{_e(entry.symbol)}</span> '
        f'<span class="label">{_e(entry.label)}</span></span>'
    )


def _icon(key: Key, icon: Variation | Assurance | None) -> str:
    if icon is None:
        return '<span class="icon icon-none">None</span>'
    entry: VariationSymbol | AssuranceSymbol = (
        key.variation(icon) if isinstance(icon, Variation) else key.assurance(icon)
    )
    return (
        f'<span class="icon icon-{icon.value}" data-icon="{icon.value}">'
        f'<span aria-hidden="true">{_e(entry.symbol)}</span> '
        f'<span class="label">{_e(entry.label)}</span></span>'
    )


def _direction(key: Key, direction: Direction) -> str:
    entry = key.direction(direction)
    return (
        f'<span class="direction" data-direction="{direction.value}">'
        f'<span aria-hidden="true">{_e(entry.symbol)}</span> '
        f'<span class="label">{_e(entry.label)}</span></span>'
    )


def _page(title: str, body: list[str]) -> str:
    head = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="perfmeasures">',
        f"<title>{_e(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
    ]
    page = "\n".join([*head, *body, "</main>", "</body>", "</html>"]) + "\n"
    # Text that reached the page without :func:`_e` is made visible here.
    return visible(page, keep="\n\t")


def _areas(areas: AreasForImprovement, key: Key, level: int) -> list[str]:
    lines = [
        '<section id="areas" aria-labelledby="areas-heading">',
        f'<h{level} id="areas-heading">Areas for improvement</h{level}>',
        f"<p>{_e(areas_intro(areas))}</p>",
    ]
    for group in areas.groups:
        lines.append(f"<h{level + 1}>{_e(group_heading(group))}</h{level + 1}>")
        lines.append('<ul class="areas">')
        for item in group.items:
            e = item.evaluation
            rating = f"{_status(key, e.status)} {_direction(key, e.direction)}"
            if e.is_overridden:
                rating += f" (computed {_status(key, e.computed_status)})"
            lines += [
                f'<li class="area" data-ref="{_e(item.ref)}">',
                f'<p class="summary">{_e(item.summary)}</p>',
                f'<p class="rating">{rating}</p>',
            ]
            if item.note:
                lines.append(f'<p class="note">{_e(item.note)}</p>')
            lines.append("</li>")
        lines.append("</ul>")
    return [*lines, "</section>"]


def _key(
    key: Key, shown: frozenset[Status], level: int, *, spc: bool = False
) -> list[str]:
    statuses = [[_status(key, s.status), _e(s.meaning)] for s in key.listed(shown)]
    directions = [[_direction(key, d.direction), _e(d.meaning)] for d in key.directions]
    tables = [
        *_simple_table("Status", ["Status", "Meaning"], statuses),
        *_simple_table(
            "Direction of travel (DOT)", ["Direction", "Meaning"], directions
        ),
    ]
    if spc:
        variations = [[_icon(key, v.variation), _e(v.meaning)] for v in key.variations]
        assurances = [[_icon(key, a.assurance), _e(a.meaning)] for a in key.assurances]
        tables += _simple_table(
            "Variation (XmR chart)", ["Variation", "Meaning"], variations
        )
        tables += _simple_table(
            "Assurance (XmR chart)", ["Assurance", "Meaning"], assurances
        )
    return [f"<h{level}>Key</h{level}>", '<div class="key">', *tables, "</div>"]


def _cell(cell: Cell) -> str:
    text = _e(cell.text)
    if cell.year_to_date_text is not None:
        text += f'<br><span class="ytd">{_e(cell.year_to_date_text)} YTD</span>'
    return f'<td class="num">{text}</td>'


def _row(row: Row, key: Key, part: bool = False, *, spc: bool = False) -> list[str]:
    from ._svg import sparkline  # noqa: PLC0415 - it loads the table types.

    cells = "".join(_cell(c) for c in (*row.annual, *row.quarterly, *row.monthly))
    trend = sparkline(row.trend, lambda v: derived(row.unit, v))
    kind = ' class="part"' if part else ""
    icons = ""
    if spc:
        icons = (
            f"<td>{_icon(key, row.variation)}</td><td>{_icon(key, row.assurance)}</td>"
        )
    about = f"{row.polarity.value.replace('_', ' ')}; {row.frequency.value}"
    lines = [
        (
            f'<tr{kind} data-ref="{_e(row.ref)}">'
            f'<th scope="row">{_e(row.ref)}</th>'
            f'<td class="measure">{_e(row.title)}'
            f'<br><span class="about">{_e(about.capitalize())}</span></td>'
            f'<td class="target">{_e(row.target)}</td>'
            f"<td>{_status(key, row.status)}</td>"
            f"<td>{_direction(key, row.direction)}</td>"
            f"{icons}{cells}<td>{trend}</td></tr>"
        )
    ]
    for each in row.parts:
        lines += _row(each, key, part=True, spc=spc)
    return lines


def _tables(
    tables: PriorityTables,
    key: Key,
    level: int,
    areas: AreasForImprovement | None = None,
) -> list[str]:
    lines = [
        '<section id="tables" aria-labelledby="tables-heading">',
        f'<h{level} id="tables-heading">Priority tables</h{level}>',
    ]
    lines += _key(key, shown_statuses(tables, areas), level + 1, spc=tables.spc)
    c = tables.columns
    groups = [("Year end", c.annual), ("Quarters", c.quarterly), ("Months", c.monthly)]
    groups = [(name, periods) for name, periods in groups if periods]
    fixed = ["Ref", "Measure", "Target", "Status", "DOT"]
    if tables.spc:
        fixed += ["Variation", "Assurance"]
    top = "".join(f'<th scope="col" rowspan="2">{name}</th>' for name in fixed)
    top += "".join(
        f'<th scope="colgroup" colspan="{len(periods)}">{name}</th>'
        for name, periods in groups
    )
    top += '<th scope="col" rowspan="2">Trend (quarters; dashed: target)</th>'
    second = "".join(
        f'<th scope="col">{_e(p.label)}</th>' for _, periods in groups for p in periods
    )
    colgroups = f'<colgroup span="{len(fixed)}"></colgroup>' + "".join(
        f'<colgroup span="{len(periods)}"></colgroup>' for _, periods in groups
    )
    for table in tables.tables:
        heading = _e(group_heading(table))
        lines += [
            f"<h{level + 1}>{heading}</h{level + 1}>",
            f'<div class="scroll" role="region" aria-label="{heading}" tabindex="0">',
            (
                f"<table><caption>Ratings for {_e(tables.period.label)} and "
                "figures by year, quarter and month</caption>"
            ),
            colgroups + "<colgroup></colgroup>",
            f"<thead><tr>{top}</tr><tr>{second}</tr></thead>",
            "<tbody>",
        ]
        for row in table.rows:
            lines += _row(row, key, spc=tables.spc)
        lines += ["</tbody></table>", "</div>"]
    return [*lines, "</section>"]


def _simple_table(caption: str, headers: list[str], rows: list[list[str]]) -> list[str]:
    """A table whose cells are already HTML; the first column heads each row."""
    head = "".join(f'<th scope="col">{_e(h)}</th>' for h in headers)
    body = [
        f'<tr><th scope="row">{row[0]}</th>'
        + "".join(f"<td>{cell}</td>" for cell in row[1:])
        + "</tr>"
        for row in rows
    ]
    return [
        f"<table><caption>{_e(caption)}</caption>",
        f"<thead><tr>{head}</tr></thead><tbody>",
        *body,
        "</tbody></table>",
    ]


def _outlook(outlook: Outlook, level: int) -> list[str]:
    lines = [
        '<section id="outlook" aria-labelledby="outlook-heading">',
        f'<h{level} id="outlook-heading">Year-end outlook</h{level}>',
    ]
    if not outlook.items:
        return [
            *lines,
            "<p>No measure has an annual target to track.</p>",
            "</section>",
        ]
    rows = [
        [_e(i.ref), _e(i.title), _e(prospect_words(i.prospect)), _e(i.summary)]
        for i in outlook.items
    ]
    caption = f"Year-end outlook at {outlook.period}"
    lines += _simple_table(caption, ["Ref", "Measure", "Outlook", "Detail"], rows)
    return [*lines, "</section>"]


def _report(report: PerformanceReport) -> str:
    title = f"{report.title}: performance report, {report.period}"
    about = period_words(report.period)
    if report.organisation:
        about = f"{report.organisation}, {about}"
    body = [
        "<header>",
        f"<h1>{_e(title)}</h1>",
        f"<p>{_e(about)}</p>",
        f"<p>{_e(status_counts(report))}</p>",
        "</header>",
    ]
    body += _areas(report.areas, report.key, 2)
    body += _tables(report.tables, report.key, 2, report.areas)
    body += _outlook(report.outlook, 2)
    return _page(title, body)


def _shown(key: Key, value: Status | Direction) -> str:
    if isinstance(value, Status):
        return _status(key, value)
    return _direction(key, value)


def _reconciliation(result: Reconciliation, key: Key) -> str:
    title = f"{result.plan_title}: published ratings reconciled"
    periods = ", ".join(p.label for p in result.periods) or "no period"
    body = [f"<h1>{_e(title)}</h1>", f"<p>Periods checked: {_e(periods)}.</p>"]
    if result.agrees:
        body.append(f"<p>All {result.checked} published ratings match the plan's.</p>")
    else:
        count = len(result.findings)
        body.append(
            f"<p>{count} of {result.checked} published ratings differ from the "
            "plan's.</p>"
        )
        rows = [
            [
                _e(f.ref),
                _e(f.period.label),
                _e(f.aspect.value),
                _shown(key, f.published),
                _shown(key, f.computed),
                _e(cause_words(f.cause)),
                _e(f.reason),
            ]
            for f in result.findings
        ]
        headers = ["Ref", "Period", "Rating", "Published", "Computed", "Cause", "Why"]
        body += _simple_table("Disagreements", headers, rows)
    if result.unrecorded:
        refs = ", ".join(result.unrecorded)
        body.append(f"<p>No published rating recorded for: {_e(refs)}.</p>")
    return _page(title, body)


def _evaluations(evaluations: EvaluationSet, key: Key) -> str:
    title = f"{evaluations.plan_title}: {evaluations.period}"
    rows = [
        [
            _e(e.ref),
            _status(key, e.status)
            + (
                f" (computed {_status(key, e.computed_status)})"
                if e.is_overridden
                else ""
            ),
            _direction(key, e.direction),
            _e(e.explanation),
        ]
        for e in evaluations
    ]
    body = [f"<h1>{_e(title)}</h1>"]
    body += _simple_table("Evaluations", ["Ref", "Status", "DOT", "Why"], rows)
    return _page(title, body)


def _chart(chart: XmR, key: Key) -> str:
    from ._xmr import (  # noqa: PLC0415 - only a chart needs it.
        POINT_HEADERS,
        chart_heading,
        figure,
        point_cells,
        segment_lines,
        summary_lines,
    )
    from ._xmr_svg import xmr_svg  # noqa: PLC0415

    title = chart_heading(chart)
    body = [f"<h1>{_e(title)}</h1>", '<ul class="summary">']
    body += [f"<li>{_e(line)}</li>" for line in summary_lines(chart, key)]
    body += [f"<li>{_e(line)}</li>" for line in segment_lines(chart)]
    body += ["</ul>", xmr_svg(chart, title=title, describe=figure)]
    rows = [[_e(cell) for cell in row] for row in point_cells(chart)]
    body += _simple_table("Points of the chart", list(POINT_HEADERS), rows)
    return _page(title, body)


@in_context
def to_html(report: Renderable, *, key: Key = DEFAULT_KEY) -> str:
    r"""*report* as one self-contained HTML page.

    The page needs nothing else: styles and sparklines are inline, there is
    no script, and its Content-Security-Policy forbids loading anything.

    Args:
        report: A report, reconciliation, outlook or set of evaluations.
        key: The symbols and words for statuses and directions (a
            :class:`PerformanceReport` brings its own).

    Whatever the report holds, the page holds no control character but
    newline and tab, and no bidirectional control: each is shown as an
    escape (``\x1b[31m``, ``\u202e``), so that a title cannot reorder
    the page around it.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.3.0
       Control characters and bidirectional controls are shown escaped.
    """
    if isinstance(report, EvaluationSet):
        return _evaluations(report, key)
    # The report types load only when one of them may be rendered (an
    # outlook, the last, needs no test).
    from ..spc import XmR  # noqa: PLC0415
    from ._exceptions import AreasForImprovement  # noqa: PLC0415
    from ._reconcile import Reconciliation  # noqa: PLC0415
    from ._report import PerformanceReport  # noqa: PLC0415
    from ._tables import PriorityTables  # noqa: PLC0415

    if isinstance(report, PerformanceReport):
        return _report(report)
    if isinstance(report, AreasForImprovement):
        title = f"{report.plan_title}: areas for improvement, {report.period}"
        return _page(title, [f"<h1>{_e(title)}</h1>", *_areas(report, key, 2)])
    if isinstance(report, PriorityTables):
        title = f"Priority tables, {report.period}"
        return _page(title, [f"<h1>{_e(title)}</h1>", *_tables(report, key, 2)])
    if isinstance(report, Reconciliation):
        return _reconciliation(report, key)
    if isinstance(report, XmR):
        return _chart(report, key)
    title = f"{report.plan_title}: year-end outlook, {report.period}"
    return _page(title, [f"<h1>{_e(title)}</h1>", *_outlook(report, 2)])
