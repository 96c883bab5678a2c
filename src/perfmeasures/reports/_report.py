"""The performance report: summary, areas for improvement, tables and outlook."""

from __future__ import annotations

import attrs

from .._arithmetic import in_context
from .._batch import evaluate_plan
from .._periods import Period
from .._plan import Plan
from .._ratings import WORST_FIRST, Status
from ._exceptions import AreasForImprovement, Selection, areas_of
from ._key import DEFAULT_KEY, Key
from ._outlook import Outlook, year_end_outlook
from ._tables import PriorityTables, tables_of

__all__ = ["PerformanceReport", "StatusCount", "performance_report"]


@attrs.frozen(kw_only=True)
class StatusCount:
    """How many measures have one status.

    .. versionadded:: 0.1.0
    """

    status: Status
    count: int


@attrs.frozen(kw_only=True)
class PerformanceReport:
    """A quarterly performance report, as data for a renderer.

    Args:
        title: The plan's title.
        organisation: Who publishes the plan.
        period: The period reported.
        measures: How many measures the plan holds.
        status_counts: How many measures have each status, worst first
            (:data:`~perfmeasures.WORST_FIRST`); statuses no measure has are
            left out.
        areas: The areas for improvement.
        tables: The priority tables.
        outlook: The year-end outlook of cumulative measures.
        key: The symbols and words for statuses and directions.

    .. versionadded:: 0.1.0
    """

    title: str
    organisation: str | None
    period: Period
    measures: int
    status_counts: tuple[StatusCount, ...]
    areas: AreasForImprovement
    tables: PriorityTables
    outlook: Outlook
    key: Key

    def __repr__(self) -> str:
        from .._display import report_repr  # noqa: PLC0415 - only when shown.

        return report_repr(self)

    def _repr_html_(self) -> str:
        from .._display import report_html  # noqa: PLC0415 - only when shown.

        return report_html(self)

    def _repr_markdown_(self) -> str:
        from .._display import report_markdown  # noqa: PLC0415 - only when shown.

        return report_markdown(self)


@in_context
def performance_report(  # noqa: PLR0913
    plan: Plan,
    period: Period | str,
    *,
    selection: Selection | None = None,
    years: int = 4,
    key: Key = DEFAULT_KEY,
    spc: bool = False,
) -> PerformanceReport:
    """The performance report of *plan* for *period*.

    Args:
        plan: The plan.
        period: The period, or a label read as a period of the plan's years.
        selection: Which measures are areas for improvement; off target (red
            or amber) by default.
        years: How many earlier year-end columns the tables show.
        key: The symbols and words for statuses and directions.
        spc: Whether the tables show each measure's XmR chart icons
            (variation and assurance, as ``evaluate(..., spc=True)`` gives
            them).

    >>> from perfmeasures.examples import rotherham_2019_20
    >>> report = performance_report(rotherham_2019_20(), "Q1 2019/20")
    >>> [(c.status.value, c.count) for c in report.status_counts]
    [('red', 8), ('amber', 2)]

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.3.0
       *spc*.
    """
    evaluations = evaluate_plan(plan, period, spc=spc)
    when = evaluations.period
    statuses = [e.status for e in evaluations]
    return PerformanceReport(
        title=plan.title,
        organisation=plan.organisation,
        period=when,
        measures=len(plan.measures),
        status_counts=tuple(
            StatusCount(status=s, count=statuses.count(s))
            for s in WORST_FIRST
            if s in statuses
        ),
        # The one evaluation of the plan serves every part of the report.
        areas=areas_of(plan, evaluations, selection),
        tables=tables_of(plan, evaluations, years=years, spc=spc),
        outlook=year_end_outlook(plan, when),
        key=key,
    )
