"""Markdown rendering: headings, lists and pipe tables (GitHub flavoured).

Text from a plan is escaped twice over: Markdown's special characters so
that it cannot become markup, and control characters and bidirectional
controls so that it cannot act on a terminal or reorder a page.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .._arithmetic import in_context
from .._batch import EvaluationSet
from .._checks import visible
from .._ratings import Direction, Status
from ._format import period_words
from ._key import DEFAULT_KEY
from ._words import (
    areas_intro,
    cause_words,
    direction_text,
    group_heading,
    icon_text,
    prospect_words,
    shown_statuses,
    status_counts,
    status_text,
)

if TYPE_CHECKING:
    from ..spc import XmR
    from ._exceptions import AreasForImprovement
    from ._key import Key
    from ._kinds import Renderable
    from ._outlook import Outlook
    from ._reconcile import Reconciliation
    from ._report import PerformanceReport
    from ._tables import PriorityTables, Row

__all__ = ["to_markdown"]

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def _md(text: str) -> str:
    r"""*text* on one line, with Markdown's special characters escaped.

    Line breaks and other whitespace become single spaces; any control
    character left, and every bidirectional control, is shown escaped
    (``\x1b``), its backslash escaped in turn so that it shows as written.
    """
    return _SPECIAL.sub(r"\\\1", visible(" ".join(text.split()), keep=""))


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |"]
    lines.append("|" + "|".join("---" for _ in headers) + "|")
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


def _areas(areas: AreasForImprovement, key: Key, level: int) -> list[str]:
    mark = "#" * level
    lines = [f"{mark} Areas for improvement", "", _md(areas_intro(areas)), ""]
    for group in areas.groups:
        lines += [f"{mark}# {_md(group_heading(group))}", ""]
        for item in group.items:
            e = item.evaluation
            rating = f"{status_text(key, e.status)}, {direction_text(key, e.direction)}"
            if e.is_overridden:
                rating += f" (computed {status_text(key, e.computed_status)})"
            lines += [f"- {_md(item.summary)}", "", f"  **{_md(rating)}**"]
            if item.note:
                lines += ["", f"  {_md(item.note)}"]
            lines.append("")
    return lines


def _key(
    key: Key, shown: frozenset[Status], level: int, *, spc: bool = False
) -> list[str]:
    lines = [f"{'#' * level} Key", ""]
    lines += _table(
        ["Symbol", "Status", "Meaning"],
        [[s.symbol, s.label, _md(s.meaning)] for s in key.listed(shown)],
    )
    lines += _table(
        ["Symbol", "Direction of travel", "Meaning"],
        [[d.symbol, d.label, _md(d.meaning)] for d in key.directions],
    )
    if spc:
        for name, entries in (
            ("Variation (XmR chart)", key.variations),
            ("Assurance (XmR chart)", key.assurances),
        ):
            lines += _table(
                ["Symbol", name, "Meaning"],
                [[_md(i.symbol), _md(i.label), _md(i.meaning)] for i in entries],
            )
    return lines


def _row_cells(row: Row, key: Key, name: str, *, spc: bool = False) -> list[str]:
    cells = [
        c.text
        if c.year_to_date_text is None
        else f"{c.text} ({c.year_to_date_text} YTD)"
        for c in (*row.annual, *row.quarterly, *row.monthly)
    ]
    return [
        name,
        _md(row.title),
        row.polarity.value.replace("_", " "),
        row.frequency.value,
        _md(row.target),
        status_text(key, row.status),
        direction_text(key, row.direction),
        *(
            (_md(icon_text(key, row.variation)), _md(icon_text(key, row.assurance)))
            if spc
            else ()
        ),
        *(_md(c) for c in cells),
    ]


def _tables(
    tables: PriorityTables,
    key: Key,
    level: int,
    areas: AreasForImprovement | None = None,
) -> list[str]:
    mark = "#" * level
    lines = [f"{mark} Priority tables", ""]
    lines += _key(key, shown_statuses(tables, areas), level + 1, spc=tables.spc)
    columns = tables.columns
    headers = [
        "Ref",
        "Measure",
        "Good performance",
        "Frequency",
        "Target",
        "Status",
        "DOT",
        *(("Variation", "Assurance") if tables.spc else ()),
        *(f"Year end {p.label}" for p in columns.annual),
        *(p.label for p in columns.quarterly),
        *(p.label for p in columns.monthly),
    ]
    for table in tables.tables:
        rows: list[list[str]] = []
        for row in table.rows:
            spc = tables.spc
            rows.append(_row_cells(row, key, f"**{_md(row.ref)}**", spc=spc))
            rows += [_row_cells(p, key, f"↳ {_md(p.ref)}", spc=spc) for p in row.parts]
        lines += [f"{mark}# {_md(group_heading(table))}", ""]
        lines += _table(headers, rows)
    return lines


def _outlook(outlook: Outlook, level: int) -> list[str]:
    lines = [f"{'#' * level} Year-end outlook", ""]
    if not outlook.items:
        return [*lines, "No measure has an annual target to track.", ""]
    return lines + _table(
        ["Ref", "Measure", "Outlook", "Detail"],
        [
            [
                _md(item.ref),
                _md(item.title),
                prospect_words(item.prospect),
                _md(item.summary),
            ]
            for item in outlook.items
        ],
    )


def _report(report: PerformanceReport) -> list[str]:
    lines = [f"# {_md(report.title)}: performance report, {report.period}", ""]
    about = period_words(report.period)
    if report.organisation:
        about = f"{report.organisation}, {about}"
    lines += [_md(about), "", _md(status_counts(report)), ""]
    lines += _areas(report.areas, report.key, 2)
    lines += _tables(report.tables, report.key, 2, report.areas)
    lines += _outlook(report.outlook, 2)
    return lines


def _shown(key: Key, value: Status | Direction) -> str:
    if isinstance(value, Status):
        return status_text(key, value)
    return direction_text(key, value)


def _reconciliation(result: Reconciliation, key: Key) -> list[str]:
    periods = ", ".join(p.label for p in result.periods) or "no period"
    lines = [f"# {_md(result.plan_title)}: published ratings reconciled", ""]
    lines += [f"Periods checked: {periods}.", ""]
    if result.agrees:
        lines += [f"All {result.checked} published ratings match the plan's.", ""]
    else:
        count = len(result.findings)
        lines += [
            f"{count} of {result.checked} published ratings differ from the plan's.",
            "",
        ]
        lines += _table(
            ["Ref", "Period", "Rating", "Published", "Computed", "Cause", "Why"],
            [
                [
                    _md(f.ref),
                    f.period.label,
                    f.aspect.value,
                    _shown(key, f.published),
                    _shown(key, f.computed),
                    cause_words(f.cause),
                    _md(f.reason),
                ]
                for f in result.findings
            ],
        )
    if result.unrecorded:
        refs = ", ".join(_md(ref) for ref in result.unrecorded)
        lines += [f"No published rating recorded for: {refs}.", ""]
    return lines


def _evaluations(evaluations: EvaluationSet, key: Key) -> list[str]:
    lines = [f"# {_md(evaluations.plan_title)}: {evaluations.period}", ""]
    return lines + _table(
        ["Ref", "Status", "DOT", "Why"],
        [
            [
                _md(e.ref),
                status_text(key, e.status)
                + (
                    f" (computed {status_text(key, e.computed_status)})"
                    if e.is_overridden
                    else ""
                ),
                direction_text(key, e.direction),
                _md(e.explanation),
            ]
            for e in evaluations
        ],
    )


def _chart(chart: XmR, key: Key) -> list[str]:
    from ._xmr import (  # noqa: PLC0415 - only a chart needs it.
        POINT_HEADERS,
        chart_heading,
        point_cells,
        segment_lines,
        summary_lines,
    )

    lines = [f"# {_md(chart_heading(chart))}", ""]
    lines += [f"- {_md(line)}" for line in summary_lines(chart, key)]
    lines.append("")
    lines += [f"- {_md(line)}" for line in segment_lines(chart)]
    lines.append("")
    return lines + _table(
        list(POINT_HEADERS), [[_md(cell) for cell in row] for row in point_cells(chart)]
    )


def _lines(report: Renderable, key: Key) -> list[str]:
    """The lines of *report*, before a key's text is made visible.

    A set of evaluations is told first: the report types are imported only
    for the other kinds.
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
        return _areas(report, key, 1)
    if isinstance(report, PriorityTables):
        return _tables(report, key, 1)
    if isinstance(report, Reconciliation):
        return _reconciliation(report, key)
    if isinstance(report, XmR):
        return _chart(report, key)
    return _outlook(report, 1)


@in_context
def to_markdown(report: Renderable, *, key: Key = DEFAULT_KEY) -> str:
    r"""*report* as Markdown, with pipe tables.

    Args:
        report: A report, reconciliation, outlook or set of evaluations.
        key: The symbols and words for statuses and directions (a
            :class:`PerformanceReport` brings its own).

    Whatever the report holds, the result holds no control character but
    newline, and no bidirectional control: each is shown escaped
    (``\x1b[31m``, ``\u202e``).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.3.0
       Control characters and bidirectional controls are shown escaped.
    """
    lines = _lines(report, key)
    # Text that reached the page without :func:`_md` (a key's symbols and
    # labels) is made visible here.
    return visible("\n".join(lines).rstrip("\n") + "\n")
