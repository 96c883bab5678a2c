"""Performance reports: builders that return data, renderers that write it out.

Builders are pure functions of a plan and a period returning frozen attrs
classes (:func:`performance_report`, :func:`areas_for_improvement`,
:func:`priority_tables`, :func:`reconcile`, :func:`year_end_outlook`).
Renderers turn any of them into plain text, Markdown, self-contained HTML or
JSON (:func:`render`, :func:`to_text`, :func:`to_markdown`, :func:`to_html`,
:func:`to_json`).

>>> from perfmeasures.examples import rotherham_2019_20
>>> from perfmeasures.reports import areas_for_improvement
>>> areas = areas_for_improvement(rotherham_2019_20(), "Q1 2019/20")
>>> len(areas.items)
10

Each public name is imported from its private module when first used.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_names

if TYPE_CHECKING:
    from ._exceptions import (
        AreaItem,
        AreasForImprovement,
        PriorityGroup,
        Selection,
        areas_for_improvement,
    )
    from ._format import summary_line, target_words
    from ._html import to_html
    from ._key import (
        DEFAULT_KEY,
        AssuranceSymbol,
        DirectionSymbol,
        Key,
        StatusSymbol,
        VariationSymbol,
    )
    from ._kinds import Renderable
    from ._markdown import to_markdown
    from ._outlook import Outlook, OutlookItem, Prospect, year_end_outlook
    from ._reconcile import Aspect, Cause, Finding, Reconciliation, reconcile
    from ._render import Format, render, to_json
    from ._report import PerformanceReport, StatusCount, performance_report
    from ._tables import (
        Cell,
        Columns,
        PriorityTable,
        PriorityTables,
        Row,
        TrendPoint,
        columns_for,
        priority_tables,
    )
    from ._text import to_text

__all__ = [
    "DEFAULT_KEY",
    "AreaItem",
    "AreasForImprovement",
    "Aspect",
    "AssuranceSymbol",
    "Cause",
    "Cell",
    "Columns",
    "DirectionSymbol",
    "Finding",
    "Format",
    "Key",
    "Outlook",
    "OutlookItem",
    "PerformanceReport",
    "PriorityGroup",
    "PriorityTable",
    "PriorityTables",
    "Prospect",
    "Reconciliation",
    "Renderable",
    "Row",
    "Selection",
    "StatusCount",
    "StatusSymbol",
    "TrendPoint",
    "VariationSymbol",
    "areas_for_improvement",
    "columns_for",
    "performance_report",
    "priority_tables",
    "reconcile",
    "render",
    "summary_line",
    "target_words",
    "to_html",
    "to_json",
    "to_markdown",
    "to_text",
    "year_end_outlook",
]

# The module, relative to this package, that defines each public name.
_WHERE = {
    "AreaItem": "._exceptions",
    "AreasForImprovement": "._exceptions",
    "PriorityGroup": "._exceptions",
    "Selection": "._exceptions",
    "areas_for_improvement": "._exceptions",
    "summary_line": "._format",
    "target_words": "._format",
    "to_html": "._html",
    "DEFAULT_KEY": "._key",
    "DirectionSymbol": "._key",
    "Key": "._key",
    "AssuranceSymbol": "._key",
    "VariationSymbol": "._key",
    "StatusSymbol": "._key",
    "Renderable": "._kinds",
    "to_markdown": "._markdown",
    "Outlook": "._outlook",
    "OutlookItem": "._outlook",
    "Prospect": "._outlook",
    "year_end_outlook": "._outlook",
    "Aspect": "._reconcile",
    "Cause": "._reconcile",
    "Finding": "._reconcile",
    "Reconciliation": "._reconcile",
    "reconcile": "._reconcile",
    "Format": "._render",
    "render": "._render",
    "to_json": "._render",
    "PerformanceReport": "._report",
    "StatusCount": "._report",
    "performance_report": "._report",
    "Cell": "._tables",
    "Columns": "._tables",
    "PriorityTable": "._tables",
    "PriorityTables": "._tables",
    "Row": "._tables",
    "TrendPoint": "._tables",
    "columns_for": "._tables",
    "priority_tables": "._tables",
    "to_text": "._text",
}


__getattr__, __dir__ = lazy_names(__name__, _WHERE)
