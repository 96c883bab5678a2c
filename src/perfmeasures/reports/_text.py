"""Plain-text rendering, for a terminal: wrapped to a width, symbols with words.

Tables are laid out per measure (years, quarters and months as short
aligned rows) so that a report fits a terminal however many columns it has.
No control character reaches the terminal but newline and tab: escape
sequences, carriage returns and bidirectional controls are shown escaped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._arithmetic import in_context
from .._batch import EvaluationSet
from .._checks import visible
from .._ratings import Direction, Status
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
    from ._tables import Cell, PriorityTables, Row

__all__ = ["to_text"]

_INDENT = "  "
_LABEL = 10


# textwrap is imported where it is used: a set of evaluations, one line each,
# is written without it.
def _heading(text: str, rule: str, width: int) -> list[str]:
    import textwrap  # noqa: PLC0415 - see above.

    lines = textwrap.wrap(text, width=width, break_on_hyphens=False)
    return [*lines, rule * max(len(line) for line in lines), ""]


def _wrap(text: str, width: int, indent: str = _INDENT, first: str = _INDENT) -> str:
    import textwrap  # noqa: PLC0415 - see above _heading.

    return textwrap.fill(
        text,
        width=width,
        initial_indent=first,
        subsequent_indent=indent,
        break_on_hyphens=False,
    )


def _areas(areas: AreasForImprovement, key: Key, width: int) -> list[str]:
    import textwrap  # noqa: PLC0415 - see above _heading.

    lines = _heading("AREAS FOR IMPROVEMENT", "=", width)
    lines += [textwrap.fill(areas_intro(areas), width=width), ""]
    for group in areas.groups:
        lines += _heading(group_heading(group), "-", width)
        for item in group.items:
            e = item.evaluation
            lines.append(_wrap(item.summary, width, first="• "))
            rating = f"{status_text(key, e.status)}, {direction_text(key, e.direction)}"
            if e.is_overridden:
                rating += f" (computed {status_text(key, e.computed_status)})"
            lines.append(_INDENT + rating)
            if item.note:
                lines.append(_wrap(item.note, width))
            lines.append("")
    return lines


def _key_lines(
    key: Key, shown: frozenset[Status], width: int, *, spc: bool = False
) -> list[str]:
    lines = ["Key", ""]
    entries = [(f"{s.symbol} {s.label}", s.meaning) for s in key.listed(shown)]
    entries += [(f"{d.symbol} {d.label}", d.meaning) for d in key.directions]
    if spc:
        entries += [(f"{v.symbol} {v.label}", v.meaning) for v in key.variations]
        entries += [(f"{a.symbol} {a.label}", a.meaning) for a in key.assurances]
    size = max(len(label) for label, _ in entries) + 2
    for label, meaning in entries:
        lines.append(
            _wrap(meaning, width, indent=" " * (size + 2), first=f"  {label:<{size}}")
        )
    return [*lines, ""]


def _figure_rows(name: str, cells: tuple[Cell, ...], width: int) -> list[str]:
    """A group of cells as aligned rows: labels, figures, and YTD if published."""
    if all(not c.text for c in cells):
        return []
    has_ytd = any(c.year_to_date_text is not None for c in cells)
    columns = [
        (c.period.label, c.text or "-", c.year_to_date_text or "-") for c in cells
    ]
    lead = " " * 8
    rows: list[str] = []
    chunk: list[tuple[str, str, str]] = []
    used = len(lead) + _LABEL
    for column in [*columns, None]:
        size = 0 if column is None else max(len(part) for part in column) + 2
        if column is None or (chunk and used + size > width):
            sizes = [max(len(part) for part in col) + 2 for col in chunk]
            names = (name if not rows else "", "", "YTD")
            for index, label in enumerate(names):
                if index == 2 and not has_ytd:
                    continue
                row = "".join(
                    col[index].ljust(s) for col, s in zip(chunk, sizes, strict=True)
                )
                rows.append(f"{lead}{label:<{_LABEL}}{row}".rstrip())
            chunk, used = [], len(lead) + _LABEL
        if column is not None:
            chunk.append(column)
            used += size
    return rows


def _row(row: Row, key: Key, width: int, *, spc: bool = False) -> list[str]:
    good = row.polarity.value.replace("_", " ")
    target = f"Target {row.target}; " if row.target else ""
    rating = (
        f"{status_text(key, row.status)}  {direction_text(key, row.direction)}  "
        f"{target}{good}; {row.frequency.value}"
    )
    lead = " " * 8
    if len(row.ref) < len(lead):
        lines = [_wrap(rating, width, indent=lead, first=f"{row.ref:<8}")]
    else:
        lines = [row.ref, _wrap(rating, width, indent=lead, first=lead)]
    lines.append(_wrap(row.title, width, indent=lead, first=lead))
    if spc:
        icons = (
            f"XmR variation {icon_text(key, row.variation)}; "
            f"assurance {icon_text(key, row.assurance)}"
        )
        lines.append(_wrap(icons, width, indent=lead, first=lead))
    lines += _figure_rows("Year end", row.annual, width)
    lines += _figure_rows("Quarters", row.quarterly, width)
    lines += _figure_rows("Months", row.monthly, width)
    lines.append("")
    for part in row.parts:
        lines += _row(part, key, width)
    return lines


def _tables(
    tables: PriorityTables,
    key: Key,
    width: int,
    areas: AreasForImprovement | None = None,
) -> list[str]:
    lines = _heading("PRIORITY TABLES", "=", width)
    lines += _key_lines(key, shown_statuses(tables, areas), width, spc=tables.spc)
    for table in tables.tables:
        lines += _heading(group_heading(table), "-", width)
        for row in table.rows:
            lines += _row(row, key, width, spc=tables.spc)
    return lines


def _outlook(outlook: Outlook, width: int) -> list[str]:
    lines = _heading("YEAR-END OUTLOOK", "=", width)
    if not outlook.items:
        return [*lines, "No measure has an annual target to track.", ""]
    lead = " " * 8
    for item in outlook.items:
        lines.append(_wrap(item.title, width, indent=lead, first=f"{item.ref:<8}"))
        summary = f"{prospect_words(item.prospect)}: {item.summary}"
        lines.append(_wrap(summary, width, indent=lead, first=lead))
        lines.append("")
    return lines


def _report(report: PerformanceReport, width: int) -> list[str]:
    from ._format import period_words  # noqa: PLC0415 - only a report needs it.

    lines = [report.title]
    if report.organisation:
        lines.append(report.organisation)
    lines.append(f"Performance report for {period_words(report.period)}")
    lines += ["", status_counts(report), ""]
    lines += _areas(report.areas, report.key, width)
    lines += _tables(report.tables, report.key, width, report.areas)
    lines += _outlook(report.outlook, width)
    return lines


def _reconciliation(result: Reconciliation, key: Key, width: int) -> list[str]:
    import textwrap  # noqa: PLC0415 - see above _heading.

    periods = ", ".join(p.label for p in result.periods) or "no period"
    lines = [f"{result.plan_title}: published ratings reconciled for {periods}", ""]
    count = len(result.findings)
    if result.agrees:
        summary = f"All {result.checked} published ratings match the plan's."
    else:
        summary = (
            f"{count} of {result.checked} published ratings differ from the plan's."
        )
    lines += [summary, ""]
    for f in result.findings:
        if isinstance(f.published, Status) and isinstance(f.computed, Status):
            shown = (status_text(key, f.published), status_text(key, f.computed))
        elif isinstance(f.published, Direction) and isinstance(f.computed, Direction):
            shown = (direction_text(key, f.published), direction_text(key, f.computed))
        head = (
            f"{f.ref}, {f.period}, {f.aspect.value} ({cause_words(f.cause)}): "
            f"published {shown[0]}, computed {shown[1]}"
        )
        lines.append(_wrap(head, width, first="• "))
        lines.append(_wrap(f.reason, width))
        lines.append("")
    if result.unrecorded:
        note = "No published rating recorded for: " + ", ".join(result.unrecorded)
        lines += [textwrap.fill(note, width=width), ""]
    return lines


def _evaluations(evaluations: EvaluationSet, key: Key) -> list[str]:
    del key
    lines = [f"{evaluations.plan_title}: {evaluations.period}"]
    for e in evaluations:
        status = e.status.value.replace("_", " ")
        if e.is_overridden:
            status += f" (computed {e.computed_status.value.replace('_', ' ')})"
        direction = e.direction.value.replace("_", " ")
        # One line per evaluation, however its reference and explanation
        # are broken: a note's line breaks become spaces.
        ref = visible(e.ref, keep="")
        why = " ".join(e.explanation.split())
        lines.append(f"{ref:<10} {status:<24} {direction:<15} {why}")
    return lines


def _chart(chart: XmR, key: Key, width: int) -> list[str]:
    from ._xmr import (  # noqa: PLC0415 - only a chart needs it.
        POINT_HEADERS,
        chart_heading,
        point_cells,
        segment_lines,
        summary_lines,
    )

    lines = [*_heading(chart_heading(chart), "=", width)]
    lines += [_wrap(line, width, first="") for line in summary_lines(chart, key)]
    lines.append("")
    lines += [_wrap(line, width, first="") for line in segment_lines(chart)]
    lines.append("")
    rows = [POINT_HEADERS, *point_cells(chart)]
    sizes = [max(len(row[i]) for row in rows) for i in range(len(POINT_HEADERS) - 1)]
    for row in rows:
        lead = "  ".join(
            cell.ljust(size) for cell, size in zip(row, sizes, strict=False)
        )
        lines.append(f"{lead}  {row[-1]}".rstrip())
    return lines


def _lines(report: Renderable, key: Key, width: int) -> list[str]:
    """The lines of *report*, before control characters are made visible.

    A set of evaluations, which ``perfmeasures evaluate`` writes, is told
    first: the report types are imported only for the other kinds.
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
        return _report(report, width)
    if isinstance(report, AreasForImprovement):
        return _areas(report, key, width)
    if isinstance(report, PriorityTables):
        return _tables(report, key, width)
    if isinstance(report, Reconciliation):
        return _reconciliation(report, key, width)
    if isinstance(report, XmR):
        return _chart(report, key, width)
    return _outlook(report, width)


@in_context
def to_text(report: Renderable, *, key: Key = DEFAULT_KEY, width: int = 88) -> str:
    r"""*report* as plain text for a terminal, wrapped to *width* columns.

    Args:
        report: A report, reconciliation, outlook or set of evaluations.
        key: The symbols and words for statuses and directions (a
            :class:`PerformanceReport` brings its own).
        width: The widest line, in characters.

    Whatever the text holds, the result holds no control character but
    newline and tab: an escape sequence, a carriage return or a
    bidirectional control in a title, note or explanation is shown as
    Python writes it (``\x1b[31m``, ``\u202e``), so that it cannot
    recolour, rewrite or reorder the terminal.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.3.0
       Control characters and bidirectional controls are shown escaped, and
       each evaluation of a set is one line, its explanation's line breaks
       spaces.
    """
    lines = _lines(report, key, width)
    # Every line, not each field: whatever reached the text (from a plan,
    # an evaluation loaded from a file, or a key) is shown, not obeyed.
    return visible("\n".join(lines).rstrip("\n") + "\n", keep="\n\t")
