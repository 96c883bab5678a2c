"""Shared words for the renderers: headings, counts and labels.

This module imports no report type at run time (their names are for the type
checker only), so that a renderer writing a set of evaluations loads none of
the report builders.  The words for an outlook's prospects and a
reconciliation's causes are keyed by each member's value for the same
reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .._ratings import Assurance, Direction, Status, Variation
    from ._exceptions import AreasForImprovement, PriorityGroup
    from ._key import Key
    from ._outlook import Prospect
    from ._reconcile import Cause
    from ._report import PerformanceReport
    from ._tables import PriorityTable, PriorityTables, Row

__all__ = [
    "areas_intro",
    "cause_words",
    "direction_text",
    "group_heading",
    "icon_text",
    "prospect_words",
    "shown_statuses",
    "status_counts",
    "status_text",
]

# By the value of each Prospect and Cause member: a test checks that every
# member has its words.
_PROSPECT_WORDS = {
    "on_course": "On course",
    "off_course": "Off course",
    "already_met": "Already met",
    "already_missed": "Already missed",
    "met": "Met",
    "missed": "Missed",
    "no_figure": "No figure",
}

_CAUSE_WORDS = {
    "override": "override",
    "missing_comparator": "missing comparator",
    "missing_figure": "missing figure",
    "no_target": "no target",
    "different_rule": "different rule",
}


def prospect_words(prospect: Prospect) -> str:
    """An outlook's prospect in words: ``Off course``."""
    return _PROSPECT_WORDS[prospect.value]


def cause_words(cause: Cause) -> str:
    """Why a published rating differs, in words: ``missing comparator``."""
    return _CAUSE_WORDS[cause.value]


def status_text(key: Key, status: Status) -> str:
    """A status as symbol and label: ``✗ Red``."""
    entry = key.status(status)
    return f"{entry.symbol} {entry.label}"


def direction_text(key: Key, direction: Direction) -> str:
    """A direction as symbol and label: ``▼ Worsening``."""
    entry = key.direction(direction)
    return f"{entry.symbol} {entry.label}"


def icon_text(key: Key, icon: Variation | Assurance | None) -> str:
    """An XmR icon as symbol and label (``≈ Common cause``); ``None`` as ``none``."""
    if icon is None:
        return "none"
    entry = key.icon(icon)
    return f"{entry.symbol} {entry.label}"


def _row_statuses(rows: Iterable[Row]) -> set[Status]:
    shown: set[Status] = set()
    for row in rows:
        shown.add(row.status)
        shown |= _row_statuses(row.parts)
    return shown


def shown_statuses(
    tables: PriorityTables, areas: AreasForImprovement | None = None
) -> frozenset[Status]:
    """The statuses a rendering of *tables* (and *areas*) shows, for its key."""
    shown = _row_statuses(row for table in tables.tables for row in table.rows)
    if areas is not None:
        shown |= {
            item.evaluation.computed_status
            for item in areas.items
            if item.evaluation.is_overridden
        }
    return frozenset(shown)


def group_heading(group: PriorityGroup | PriorityTable) -> str:
    """``Priority 1: Every child making the best start in life``."""
    if group.key is None:
        return group.title
    return f"Priority {group.key}: {group.title}"


def status_counts(report: PerformanceReport) -> str:
    """How many measures have each status, as a sentence."""
    noun = "measure" if report.measures == 1 else "measures"
    counts = ", ".join(
        f"{c.count} {report.key.status(c.status).label.lower()}"
        for c in report.status_counts
    )
    return f"{report.measures} {noun}: {counts}." if counts else f"No {noun}."


def areas_intro(areas: AreasForImprovement) -> str:
    """The sentence that opens the areas for improvement."""
    count = len(areas.items)
    what = f"measures {areas.selection.words}"
    if count == 0:
        return f"There are no areas for improvement ({what}) in {areas.period}."
    if count == 1:
        return f"In total there is 1 area for improvement in {areas.period}: {what}."
    return (
        f"In total there are {count} areas for improvement in {areas.period}: {what}."
    )
