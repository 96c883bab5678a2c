"""Batch evaluation: every measure of a plan for one period."""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from ._checks import instance_of, tuple_of, unchecked
from ._errors import InvalidValueError, UnknownMeasureError
from ._evaluate import Evaluation, evaluate_each, with_chart
from ._periods import Month, Period, Quarter, Year
from ._plan import Plan

__all__ = ["EvaluationSet", "evaluate_plan"]


def _to_tuple(value: object) -> tuple[Evaluation, ...]:
    return tuple_of(value, Evaluation, "evaluations")


@attrs.frozen(kw_only=True)
class EvaluationSet:
    """The evaluations of a plan's measures for one period, in plan order.

    Args:
        plan_title: The title of the plan evaluated.
        period: The period evaluated.
        evaluations: One evaluation per measure.

    .. versionadded:: 0.1.0
    """

    plan_title: str = attrs.field(validator=instance_of(str, "text"))
    period: Period = attrs.field(
        validator=instance_of(Year | Quarter | Month, "a period")
    )
    evaluations: tuple[Evaluation, ...] = attrs.field(converter=_to_tuple)

    def __iter__(self) -> Iterator[Evaluation]:
        return iter(self.evaluations)

    def __len__(self) -> int:
        return len(self.evaluations)

    def get(self, ref: str) -> Evaluation:
        """The evaluation of measure *ref*.

        Raises:
            UnknownMeasureError: No measure has that reference.
        """
        for evaluation in self.evaluations:
            if evaluation.ref == ref:
                return evaluation
        raise UnknownMeasureError(ref, [e.ref for e in self.evaluations])

    def __repr__(self) -> str:
        from ._display import evaluation_set_repr  # noqa: PLC0415 - only when shown.

        return evaluation_set_repr(self)

    def _repr_html_(self) -> str:
        from ._display import evaluation_set_html  # noqa: PLC0415 - only when shown.

        return evaluation_set_html(self)

    def _repr_markdown_(self) -> str:
        from ._display import evaluation_set_markdown  # noqa: PLC0415 - only when shown.

        return evaluation_set_markdown(self)


def evaluate_plan(
    plan: Plan, period: Period | str, *, workers: int = 1, spc: bool = False
) -> EvaluationSet:
    """Rate every measure of *plan* for *period*, each by its own rules.

    Args:
        plan: The plan.
        period: The period, or a label.  A label is read as a period of
            each measure's own years (:meth:`Plan.read_period` for the
            set's period): ``2019/20`` is April to March for a measure of
            April years and September to August for one of September years.
        workers: How many processes to evaluate in, this one included.
            On a machine with several cores, a plan of thousands of measures
            is rated faster in as many processes as cores; a plan of fewer
            than 500 measures a process is rated in this process alone,
            which is quicker for it.  The results are the same however many.
        spc: Whether to add each measure's XmR chart icons, as
            ``evaluate(..., spc=True)`` does.

    Raises:
        InvalidPeriodError: *period* is not a period of the plan's years:
            a calendar quarter such as ``Q2 2023`` for a plan of April
            years is refused with the labels it may have meant.  A year or
            quarter given as a period object must be of every measure's
            kind of year.

        InvalidValueError: *workers* is not a whole number of at least 1,
            or *spc* is not a boolean.

    Each result equals ``evaluate(plan.measure(ref), period)``.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.3.0
       The *workers* and *spc* options.
    """
    given: object = workers
    if not isinstance(given, int) or isinstance(given, bool) or workers < 1:
        raise InvalidValueError("workers", workers, "a whole number of at least 1")
    if not isinstance(spc, bool):
        raise InvalidValueError("spc", spc, "True or False")
    when = plan.read_period(period)
    start = _start(when)
    periods = [when if m.year_start_month == start else period for m in plan.measures]
    if workers == 1:
        evaluations = tuple(evaluate_each(plan.measures, periods))
    else:
        from ._workers import evaluate_in_processes  # noqa: PLC0415 - only for it.

        evaluations = evaluate_in_processes(plan, periods, workers)
    if spc:
        # Each evaluation is new, and no one else holds it yet.
        evaluations = tuple(
            with_chart(evaluation, measure)
            for evaluation, measure in zip(evaluations, plan.measures, strict=True)
        )
    return _evaluation_set(plan.title, when, evaluations)


_evaluation_set = unchecked(EvaluationSet)


def _start(period: Period) -> int | None:
    """The start month of *period*'s kind of year; None for a month."""
    if isinstance(period, Year):
        return period.start_month
    if isinstance(period, Quarter):
        return period.year.start_month
    return None
