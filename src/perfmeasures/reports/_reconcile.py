"""Reconciliation: where a published rating differs from the computed one, and why.

A performance team runs this before a report goes to Cabinet: every status
and direction the plan records as published is checked against what the
rules give, and each difference is listed with its cause.
"""

from __future__ import annotations

import enum

import attrs

from .._arithmetic import in_context
from .._batch import evaluate_plan
from .._evaluate import Evaluation, evaluate
from .._measures import Measure
from .._periods import Month, Period
from .._plan import Plan
from .._ratings import Direction, Published, Status

__all__ = ["Aspect", "Cause", "Finding", "Reconciliation", "reconcile"]


class Aspect(enum.Enum):
    """Which part of a rating a finding is about.

    .. versionadded:: 0.1.0
    """

    STATUS = "status"
    DIRECTION = "direction"


class Cause(enum.Enum):
    """Why a published rating differs from the computed one.

    .. versionadded:: 0.1.0
    """

    OVERRIDE = "override"
    """A status set by hand explains the difference."""
    MISSING_COMPARATOR = "missing_comparator"
    """The plan holds no figure for the comparator period, so the computed
    direction is not applicable."""
    MISSING_FIGURE = "missing_figure"
    """The plan holds no figure for the period itself."""
    NO_TARGET = "no_target"
    """The plan sets no target for the period, so no status is computed."""
    DIFFERENT_RULE = "different_rule"
    """The figures are there, but the report applied a different rule (or
    different figures) from the plan's."""


@attrs.frozen(kw_only=True)
class Finding:
    """One disagreement between a published rating and the computed one.

    Args:
        ref: The measure's reference.
        period: The period rated.
        aspect: Status or direction of travel.
        published: What the report printed.
        computed: What the rules give.
        final: What the plan would publish (the hand-set status where there
            is one; for direction, the computed one).
        cause: Why they differ.
        reason: The cause in words, with the figures behind it.

    .. versionadded:: 0.1.0
    """

    ref: str
    period: Period
    aspect: Aspect
    published: Status | Direction
    computed: Status | Direction
    final: Status | Direction
    cause: Cause
    reason: str


@attrs.frozen(kw_only=True)
class Reconciliation:
    """The findings of a reconciliation of a plan with its published ratings.

    Args:
        plan_title: The plan's title.
        periods: The periods checked.
        checked: How many published ratings (status or direction) were
            compared.
        findings: Every disagreement, by period and then in plan order.
        unrecorded: References of measures with no published rating for any
            period checked.

    .. versionadded:: 0.1.0
    """

    plan_title: str
    periods: tuple[Period, ...]
    checked: int
    findings: tuple[Finding, ...]
    unrecorded: tuple[str, ...]

    @property
    def agrees(self) -> bool:
        """Whether every published rating matches the plan's."""
        return not self.findings


def _words(value: Status | Direction) -> str:
    return str(value.value).replace("_", " ")


def _sentence(text: str) -> str:
    return text.rstrip(". ")


def _status_finding(
    measure: Measure, evaluation: Evaluation, published: Status
) -> Finding | None:
    computed = evaluation.computed_status
    final = evaluation.status
    if published is computed and published is final:
        return None
    override = evaluation.override
    period = evaluation.period
    if override is not None and published is override.status:
        cause = Cause.OVERRIDE
        reason = (
            f"Published {_words(published)} is the status set by hand; the rules "
            f"give {_words(computed)} (override: {_sentence(override.reason)})."
        )
    elif override is not None and published is computed:
        cause = Cause.OVERRIDE
        reason = (
            f"Published {_words(published)} is the computed status, but the plan "
            f"sets {_words(final)} by hand (override: {_sentence(override.reason)})."
        )
    elif computed is Status.NOT_AVAILABLE:
        cause = Cause.MISSING_FIGURE
        reason = (
            f"The plan holds no figure for {period}, so the computed status is "
            f"not available; the report published {_words(published)}."
        )
    elif computed is Status.NOT_APPLICABLE and not measure.data_only:
        cause = Cause.NO_TARGET
        reason = (
            f"The plan sets no target for {period}, so the computed status is "
            f"not applicable; the report published {_words(published)}."
        )
    else:
        cause = Cause.DIFFERENT_RULE
        reason = (
            f"The report published {_words(published)} but the plan's rules give "
            f"{_words(computed)}: {evaluation.explanation}"
        )
        if override is not None:
            reason += f" The plan's hand-set {_words(final)} differs too."
    return Finding(
        ref=measure.ref,
        period=period,
        aspect=Aspect.STATUS,
        published=published,
        computed=computed,
        final=final,
        cause=cause,
        reason=reason,
    )


def _direction_finding(
    measure: Measure, evaluation: Evaluation, published: Direction
) -> Finding | None:
    computed = evaluation.direction
    if published is computed:
        return None
    period = evaluation.period
    other = evaluation.comparator_period
    if computed is Direction.NOT_APPLICABLE and evaluation.period_actual is None:
        cause = Cause.MISSING_FIGURE
        reason = (
            f"The plan holds no figure for {period}, so the computed direction is "
            f"not applicable; the report published {_words(published)}."
        )
    elif computed is Direction.NOT_APPLICABLE and evaluation.comparator_value is None:
        cause = Cause.MISSING_COMPARATOR
        reason = (
            f"The plan holds no figure for {other}, the comparator period, so the "
            f"computed direction is not applicable; the report published "
            f"{_words(published)}."
        )
    else:
        cause = Cause.DIFFERENT_RULE
        reason = (
            f"The report published {_words(published)} but the plan compares "
            f"{period} with {other} and finds {_words(computed)}: "
            f"{evaluation.explanation}"
        )
    return Finding(
        ref=measure.ref,
        period=period,
        aspect=Aspect.DIRECTION,
        published=published,
        computed=computed,
        final=computed,
        cause=cause,
        reason=reason,
    )


def _periods(plan: Plan, period: Period | str | None) -> tuple[Period, ...]:
    if period is not None:
        return (plan.read_period(period),)
    found = {p for measure in plan.measures for p in measure.published}
    return tuple(sorted(found))


def _rated(plan: Plan, when: Period | str) -> list[tuple[Measure, Evaluation]]:
    """The measures rated for *when*, each with its evaluation.

    A label is every measure's own period of that name, as for
    :func:`~perfmeasures.evaluate_plan`.  A year or quarter is a period of
    one kind of year: in a plan whose measures' years differ, only the
    measures of that kind are rated for it (a month is every measure's).
    """
    if isinstance(when, str) or plan.year_start_month is not None:
        return list(zip(plan.measures, evaluate_plan(plan, when), strict=True))
    start = None if isinstance(when, Month) else when.financial_year().start_month
    return [
        (measure, evaluate(measure, when))
        for measure in plan.measures
        if start is None or measure.year_start_month == start
    ]


@in_context
def reconcile(plan: Plan, period: Period | str | None = None) -> Reconciliation:
    """Check the ratings *plan* records as published against the computed ones.

    Args:
        plan: The plan, with :attr:`~perfmeasures.Measure.published` records.
        period: The period to check, or a label; by default every period
            for which any measure records a published rating.

    >>> from perfmeasures.examples import rotherham_2019_20
    >>> result = reconcile(rotherham_2019_20(), "Q1 2019/20")
    >>> [(f.ref, f.aspect.value, f.cause.value) for f in result.findings]
    [('2.B7', 'status', 'override'), ('3.B3', 'direction', 'missing_comparator')]

    .. versionadded:: 0.1.0
    """
    periods = _periods(plan, period)
    findings: list[Finding] = []
    recorded: set[str] = set()
    checked = 0
    asked: tuple[Period | str, ...] = periods if period is None else (period,)
    for when in asked:
        for measure, evaluation in _rated(plan, when):
            record: Published | None = measure.published.get(evaluation.period)
            if record is None:
                continue
            recorded.add(measure.ref)
            if record.status is not None:
                checked += 1
                status = _status_finding(measure, evaluation, record.status)
                findings.extend([status] if status else [])
            if record.direction is not None:
                checked += 1
                direction = _direction_finding(measure, evaluation, record.direction)
                findings.extend([direction] if direction else [])
    return Reconciliation(
        plan_title=plan.title,
        periods=periods,
        checked=checked,
        findings=tuple(findings),
        unrecorded=tuple(m.ref for m in plan.measures if m.ref not in recorded),
    )
