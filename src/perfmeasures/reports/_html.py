r"""Self-contained HTML: inline CSS and SVG, no scripts, no external requests.

Every status and direction shows its symbol and its words as well as its
colour; tables have captions and scoped headers; the page declares its
language.  A Content-Security-Policy forbids the page from loading anything,
so that even text copied from a plan cannot make it reach the network.

Text from a plan is escaped for HTML, and its control characters and
bidirectional controls are shown as escapes (``\x1b``, ``\u202e``): a
right-to-left override in a title cannot reorder the page.

The page is laid out to be published.  Each priority has a ratings table
(target, status, direction, the period's figure, a sparkline with the
target and benchmarks) and a table of earlier figures, the period rated
first and the rest latest first, with a column only where a figure is; both
fit a window 1,024 pixels wide.  Every style rule starts at the report's
root element, so the report can be set inside another page, and a print
style sheet lays it out on A4 landscape pages.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from .._arithmetic import in_context
from .._batch import EvaluationSet
from .._checks import visible
from .._ratings import Assurance, Direction, Status, Variation
from ._format import derived, figure, period_words
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
    from .._periods import Period
    from .._plan import Plan
    from ..spc import XmR
    from ._exceptions import AreasForImprovement
    from ._key import Key
    from ._kinds import Renderable
    from ._outlook import Outlook
    from ._reconcile import Reconciliation
    from ._report import PerformanceReport
    from ._tables import Cell, Columns, PriorityTable, PriorityTables, Row

__all__ = ["to_html"]

_ROOT = "pm-report"

# Every rule starts at the report's root element, so that the report can be
# set inside another page without restyling it.  Widths are in em of the
# element they style, so they follow the root's font size on screen and in
# print.
_CSS = """
.pm-report { color: #1a1a1a; background: #fff; font: 15px/1.45 system-ui,
  -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  padding: .5em 1em 1.5em; max-width: 110em; margin: 0 auto;
  box-sizing: border-box; }
.pm-report *, .pm-report *::before, .pm-report *::after { box-sizing: inherit; }
.pm-report h1 { font-size: 1.6em; margin: .5em 0 .25em; }
.pm-report h2 { font-size: 1.3em; border-bottom: 2px solid #333; margin: 2em 0 .5em; }
.pm-report h3 { font-size: 1.1em; margin: 1.5em 0 .25em; }
.pm-report h4 { font-size: 1em; margin: 1em 0 .25em; }
.pm-report p { margin: .4em 0; }
.pm-report .areas { padding-left: 1.25em; }
.pm-report .area { margin-bottom: 1em; }
.pm-report .area p { margin: .2em 0; }
.pm-report .note { color: #333; max-width: 60em; }
.pm-report .rating { font-weight: 600; }
.pm-report .scroll { overflow-x: auto; max-width: 100%; }
.pm-report table { border-collapse: collapse; font-size: .85em; margin: .5em 0 1em; }
.pm-report caption { text-align: left; font-weight: 600; padding: .25em 0;
  caption-side: top; }
.pm-report th, .pm-report td { border: 1px solid #999; padding: .25em .4em;
  vertical-align: top; text-align: left; overflow-wrap: break-word; }
.pm-report thead th { background: #eceff3; vertical-align: bottom; }
.pm-report table.priority { table-layout: fixed; width: 100%; min-width: 40em; }
.pm-report table.priority th, .pm-report table.priority td {
  overflow-wrap: anywhere; }
.pm-report table.priority tbody th { white-space: normal; }
.pm-report table.priority thead th { overflow-wrap: normal; }
.pm-report table.figures thead th, .pm-report table.figures td.num {
  padding-left: .3em; padding-right: .3em; }
.pm-report table.figures thead th.num { font-size: .9em; }
.pm-report table.priority .status, .pm-report table.priority .icon {
  font-size: .95em; }
.pm-report col.col-ref { width: 5.6em; }
.pm-report col.col-target { width: 6.8em; }
.pm-report col.col-status { width: 6.8em; }
.pm-report col.col-direction { width: 7.4em; }
.pm-report col.col-icon { width: 7.8em; }
.pm-report col.col-current { width: 5.8em; }
.pm-report col.col-trend { width: 15.2em; }
.pm-report col.col-figure { width: 4.8em; }
.pm-report td.num, .pm-report th.num { text-align: right;
  font-variant-numeric: tabular-nums; }
.pm-report th.current, .pm-report td.current { background: #f3f6fa; }
.pm-report td.current { font-weight: 600; }
.pm-report .missing { font-size: .8em; color: #444; }
.pm-report .about, .pm-report .ytd, .pm-report .when { font-size: .85em; color: #444; }
.pm-report .ytd, .pm-report .when { display: block; }
.pm-report .benchmarks { display: block; margin: .2em 0 0; padding: 0;
  list-style: none; font-size: .9em; }
.pm-report .benchmarks li { display: inline; }
.pm-report .part th, .pm-report .part td.measure { font-weight: normal;
  padding-left: .6em; }
.pm-report .status, .pm-report .direction, .pm-report .icon { white-space: nowrap; }
.pm-report table.priority .status, .pm-report table.priority .direction,
.pm-report table.priority .icon { white-space: normal; }
.pm-report .status, .pm-report .icon { display: inline-block; padding: 0 .35em;
  border-radius: .2em; border: 1px solid currentColor; }
.pm-report .status-blue { background: #dbe9fb; color: #12366b; }
.pm-report .status-green { background: #dff3e4; color: #14532d; }
.pm-report .status-yellow { background: #fdf7b0; color: #4a4300;
  border-style: dashed; }
.pm-report .status-amber { background: #fff0c2; color: #6b4200; }
.pm-report .status-red { background: #fde0e0; color: #8b1014; }
.pm-report .status-not_applicable, .pm-report .status-under_development,
.pm-report .status-not_available { background: #eee; color: #333; }
.pm-report .key { display: grid; gap: 0 2em; align-items: start;
  grid-template-columns: repeat(auto-fit, minmax(min(22em, 100%), 1fr)); }
.pm-report .key table { font-size: .8em; }
.pm-report .legend { font-size: .85em; color: #333; max-width: 60em; }
.pm-report .icon-common_cause, .pm-report .icon-inconsistent,
.pm-report .icon-none { background: #eee; color: #333; }
.pm-report .icon-improvement_high, .pm-report .icon-improvement_low,
.pm-report .icon-consistent_pass { background: #d9edfa; color: #0b4a70; }
.pm-report .icon-concern_high, .pm-report .icon-concern_low,
.pm-report .icon-consistent_fail { background: #feeccc; color: #6b4200; }
.pm-report .icon-neither_high, .pm-report .icon-neither_low {
  background: #e6e0f2; color: #361475; }
.pm-report svg.spark { display: block; max-width: 100%; height: auto;
  overflow: visible; }
.pm-report svg.spark .value { fill: none; stroke: #1f4e8c; stroke-width: 1.75; }
.pm-report svg.spark circle.value, .pm-report svg.spark .last {
  fill: #1f4e8c; stroke: none; }
.pm-report svg.spark .target { fill: none; stroke: #8b1014; stroke-width: 1.25;
  stroke-dasharray: 4 2; }
.pm-report svg.spark .benchmark { stroke: #555; stroke-width: 1;
  stroke-dasharray: 1 2; }
.pm-report svg.spark .axis { stroke: #bbb; stroke-width: 1; }
.pm-report svg.spark .scale { fill: #444; font-size: 10px; }
.pm-report .charts { display: grid; gap: 1em; margin: .5em 0 1.5em;
  grid-template-columns: repeat(auto-fill, minmax(min(460px, 100%), 1fr)); }
.pm-report figure.chart { margin: 0; }
.pm-report figure.chart svg { display: block; max-width: 100%; height: auto; }
@media print {
  .pm-report { font-size: 10pt; padding: 0; max-width: none;
    -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .pm-report .scroll { overflow: visible; }
  .pm-report table.priority { min-width: 0; }
  .pm-report thead { display: table-header-group; }
  .pm-report tr, .pm-report .area, .pm-report svg.spark, .pm-report table,
  .pm-report figure.chart {
    break-inside: avoid; page-break-inside: avoid; }
  .pm-report h2, .pm-report h3, .pm-report h4, .pm-report caption {
    break-after: avoid; page-break-after: avoid; }
}
@page { size: A4 landscape; margin: 12mm; }
"""

# The width of each measure's chart, in pixels: two fit side by side in a
# 1,024-pixel window.
_CHART_WIDTH = 460

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
        # Said as words, not "None": the chart had too few figures, or
        # (for assurance) the measure has no target to assure against.
        return (
            '<span class="icon icon-none" title="No icon: fewer than two '
            'figures, or no target to assure against">No icon</span>'
        )
    entry = key.icon(icon)
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
        # The root carries every style: a host page can take this element
        # and the style sheet without its own elements being restyled.
        f'<main class="{_ROOT}">',
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
    legend = (
        '<p class="legend">Trend charts show the figure for each quarter (solid '
        "line; the dot is the latest), the target for each quarter (dashed) and "
        "any benchmarks (dotted). The numbers beside a chart are the highest and "
        "the lowest values it shows.</p>"
    )
    return [f"<h{level}>Key</h{level}>", legend, '<div class="key">', *tables, "</div>"]


def _cell(cell: Cell | None, *, current: bool = False) -> str:
    """A figure's table cell: the figure, or why there is none, and its year to date."""
    kind = "num current" if current else "num"
    if cell is None:
        return f'<td class="{kind}"></td>'
    if cell.value is None and cell.text:
        text = f'<span class="missing">{_e(cell.text)}</span>'
    else:
        text = _e(cell.text)
    if cell.year_to_date_text is not None:
        text += f'<span class="ytd">{_e(cell.year_to_date_text)} YTD</span>'
    return f'<td class="{kind}">{text}</td>'


def _has_figure(cell: Cell) -> bool:
    return cell.value is not None or cell.year_to_date is not None


def _cells(row: Row) -> dict[Period, Cell]:
    return {c.period: c for c in (*row.annual, *row.quarterly, *row.monthly)}


def _with_parts(rows: tuple[Row, ...]) -> list[Row]:
    return [each for row in rows for each in (row, *row.parts)]


def _history(
    columns: Columns, current: Period, rows: tuple[Row, ...]
) -> list[tuple[str, list[Period]]]:
    """The earlier periods a table shows, by kind, latest first.

    A period shows only where a row of the table (or one of its parts) has
    a figure for it; the period rated is left out, being shown first.
    """
    shown: set[Period] = set()
    for row in _with_parts(rows):
        shown.update(c.period for c in _cells(row).values() if _has_figure(c))
    groups = [
        ("Months", columns.monthly),
        ("Quarters", columns.quarterly),
        ("Year end", columns.annual),
    ]
    return [
        (name, periods)
        for name, all_periods in groups
        if (
            periods := [p for p in reversed(all_periods) if p in shown and p != current]
        )
    ]


def _benchmarks(row: Row) -> str:
    """The row's benchmarks as a list, for under its title."""
    if not row.benchmarks:
        return ""
    # The separator is in the text, so that copied text keeps it; a screen
    # reader hears the list's items instead.
    sep = '<span aria-hidden="true"> \u00b7 </span>'
    items = "".join(
        f"<li>{sep if i else ''}{_e(b.name[:1].upper() + b.name[1:])} "
        f"<strong>{_e(figure(row.unit, b.value))}</strong>"
        + (f" ({_e(b.period.label)})" if b.period is not None else "")
        + "</li>"
        for i, b in enumerate(row.benchmarks)
    )
    return f'<ul class="benchmarks" aria-label="Benchmarks">{items}</ul>'


def _rating_row(
    row: Row, key: Key, current: Period, *, part: bool = False, spc: bool = False
) -> list[str]:
    """A measure's line in the ratings table, then its parts' lines."""
    from ._svg import sparkline  # noqa: PLC0415 - it loads the table types.

    trend = sparkline(
        row.trend, lambda v: derived(row.unit, v), benchmarks=row.benchmarks
    )
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
            f'<br><span class="about">{_e(about.capitalize())}</span>'
            f"{_benchmarks(row)}</td>"
            f'<td class="target">{_e(row.target)}</td>'
            f"<td>{_status(key, row.status)}</td>"
            f"<td>{_direction(key, row.direction)}</td>"
            f"{icons}{_cell(_cells(row).get(current), current=True)}"
            f'<td class="trend">{trend}</td></tr>'
        )
    ]
    for each in row.parts:
        lines += _rating_row(each, key, current, part=True, spc=spc)
    return lines


def _figure_row(row: Row, periods: list[Period], *, part: bool = False) -> list[str]:
    """A measure's line in the figures table, then its parts' lines."""
    kind = ' class="part"' if part else ""
    cells = _cells(row)
    line = (
        f'<tr{kind} data-figures="{_e(row.ref)}">'
        f'<th scope="row">{_e(row.ref)}</th>'
        f'<td class="measure">{_e(row.title)}</td>'
        + "".join(_cell(cells.get(p), current=i == 0) for i, p in enumerate(periods))
        + "</tr>"
    )
    lines = [line]
    for each in row.parts:
        lines += _figure_row(each, periods, part=True)
    return lines


def _ratings_table(
    table: PriorityTable, key: Key, current: Period, heading: str, *, spc: bool
) -> list[str]:
    fixed = [("Ref", "ref"), ("Measure", "measure"), ("Target", "target")]
    fixed += [("Status", "status"), ("DOT", "direction")]
    if spc:
        fixed += [("Variation", "icon"), ("Assurance", "icon")]
    cols = "".join(f'<col class="col-{kind}">' for _, kind in fixed)
    cols += '<col class="col-current"><col class="col-trend">'
    top = "".join(f'<th scope="col" rowspan="2">{name}</th>' for name, _ in fixed)
    top += '<th scope="colgroup" colspan="2">Figures</th>'
    first = table.rows[0].trend if table.rows else ()
    span = f", {first[0].period} to {first[-1].period}" if first else ""
    second = (
        f'<th scope="col" class="num current">{_e(current.label)}</th>'
        f'<th scope="col">Trend by quarter{_e(span)}</th>'
    )
    lines = [
        (
            f'<div class="scroll" role="region" aria-label="{heading}: ratings" '
            'tabindex="0">'
        ),
        (
            f'<table class="priority ratings"><caption>Ratings for '
            f"{_e(current.label)}</caption>"
        ),
        f"<colgroup>{cols}</colgroup>",
        f"<thead><tr>{top}</tr><tr>{second}</tr></thead>",
        "<tbody>",
    ]
    for row in table.rows:
        lines += _rating_row(row, key, current, spc=spc)
    return [*lines, "</tbody></table>", "</div>"]


def _figures_table(
    table: PriorityTable, columns: Columns, current: Period, heading: str
) -> list[str]:
    """The figures of the periods before *current*, latest first; none if none."""
    groups = _history(columns, current, table.rows)
    if not groups:
        return []
    periods = [current, *(p for _, group in groups for p in group)]
    cols = '<col class="col-ref"><col class="col-measure">'
    cols += '<col class="col-figure">' * len(periods)
    top = (
        '<th scope="col" rowspan="2">Ref</th>'
        '<th scope="col" rowspan="2">Measure</th>'
        f'<th scope="col" rowspan="2" class="num current">{_e(current.label)}</th>'
    )
    top += "".join(
        f'<th scope="colgroup" colspan="{len(group)}">{name}</th>'
        for name, group in groups
    )
    second = "".join(
        f'<th scope="col" class="num">{_e(p.label)}</th>'
        for _, group in groups
        for p in group
    )
    lines = [
        (
            f'<div class="scroll" role="region" aria-label="{heading}: figures" '
            'tabindex="0">'
        ),
        (
            '<table class="priority figures"><caption>Figures by period, latest '
            "first</caption>"
        ),
        f"<colgroup>{cols}</colgroup>",
        f"<thead><tr>{top}</tr><tr>{second}</tr></thead>",
        "<tbody>",
    ]
    for row in table.rows:
        lines += _figure_row(row, periods)
    return [*lines, "</tbody></table>", "</div>"]


def _charts(
    rows: tuple[Row, ...], plan: Plan, period: Period, heading: str
) -> list[str]:
    """A grid of each row's measure charted up to *period*."""
    from ._series_svg import measure_svg  # noqa: PLC0415 - only with charts.

    held = {measure.ref: measure for measure in plan.measures}
    drawn = []
    for row in rows:
        measure = held.get(row.ref)
        if measure is None:
            continue
        svg = measure_svg(measure, until=period, width=_CHART_WIDTH, height=300)
        drawn.append(f'<figure class="chart">{svg}</figure>')
    if not drawn:
        return []
    return [
        f'<div class="charts" role="group" aria-label="Charts, {heading}">',
        *drawn,
        "</div>",
    ]


def _tables(
    tables: PriorityTables,
    key: Key,
    level: int,
    areas: AreasForImprovement | None = None,
    plan: Plan | None = None,
) -> list[str]:
    lines = [
        '<section id="tables" aria-labelledby="tables-heading">',
        f'<h{level} id="tables-heading">Priority tables</h{level}>',
    ]
    lines += _key(key, shown_statuses(tables, areas), level + 1, spc=tables.spc)
    current = tables.period
    for table in tables.tables:
        heading = _e(group_heading(table))
        lines.append(f"<h{level + 1}>{heading}</h{level + 1}>")
        lines += _ratings_table(table, key, current, heading, spc=tables.spc)
        lines += _figures_table(table, tables.columns, current, heading)
        if plan is not None:
            lines += _charts(table.rows, plan, current, heading)
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


def _report(report: PerformanceReport, plan: Plan | None) -> str:
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
    body += _tables(report.tables, report.key, 2, report.areas, plan)
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
def to_html(
    report: Renderable, *, key: Key = DEFAULT_KEY, plan: Plan | None = None
) -> str:
    r"""*report* as one self-contained HTML page.

    The page needs nothing else: styles and sparklines are inline, there is
    no script, and its Content-Security-Policy forbids loading anything.

    Args:
        report: A report, reconciliation, outlook or set of evaluations.
        key: The symbols and words for statuses and directions (a
            :class:`PerformanceReport` brings its own).
        plan: The plan a performance report or priority tables were built
            from: given, each priority's tables are followed by a chart of
            each of its measures up to the report's period (its figures,
            each period's status, its target and benchmarks, as
            :func:`perfmeasures.plot.measure_figure` draws them), as inline
            SVG.

    Whatever the report holds, the page holds no control character but
    newline and tab, and no bidirectional control: each is shown as an
    escape (``\x1b[31m``, ``\u202e``), so that a title cannot reorder
    the page around it.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.3.0
       Control characters and bidirectional controls are shown escaped.
       Each priority's ratings and earlier figures are two tables that fit
       1,024 pixels, with columns only for periods with figures; benchmarks
       are shown; styles are scoped to the report's root; a print style
       sheet; charts of the measures with *plan*.
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
        return _report(report, plan)
    if isinstance(report, AreasForImprovement):
        title = f"{report.plan_title}: areas for improvement, {report.period}"
        return _page(title, [f"<h1>{_e(title)}</h1>", *_areas(report, key, 2)])
    if isinstance(report, PriorityTables):
        title = f"Priority tables, {report.period}"
        body = _tables(report, key, 2, plan=plan)
        return _page(title, [f"<h1>{_e(title)}</h1>", *body])
    if isinstance(report, Reconciliation):
        return _reconciliation(report, key)
    if isinstance(report, XmR):
        return _chart(report, key)
    title = f"{report.plan_title}: year-end outlook, {report.period}"
    return _page(title, [f"<h1>{_e(title)}</h1>", *_outlook(report, 2)])
