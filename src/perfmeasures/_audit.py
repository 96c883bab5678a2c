"""Checks of a valid plan: what it holds that would rate nothing, without a word.

A plan that loads is well formed, but it may still hold a target that can
never rate anything: one for a period in which the measure has no figures,
or one relative to a baseline period without a figure.  Evaluation then
answers "not available" or "no target set" and nothing says why.
:func:`check_plan` finds them, so that ``perfmeasures validate`` can list
them while every other command still runs.
"""

from __future__ import annotations

from collections.abc import Iterator

from ._errors import Problem
from ._figures import period_figure
from ._measures import Measure
from ._periods import Period
from ._plan import Plan
from ._targets import RelativeTarget

__all__ = ["check_plan"]


def check_plan(plan: Plan) -> tuple[Problem, ...]:
    """The warnings about *plan*: targets that can never rate anything.

    Each is a :class:`~perfmeasures.Problem` located by its JSON path in a
    plan file, the places the loaders use
    (``$.measures[3].targets['2020/21']``):

    - a target for a period in which the measure (with its parts, for a
      multi-part measure) has no figure, neither for the period itself nor
      for any period within it: evaluating the period gives "not
      available", and the periods with figures have no target;
    - a target relative to a baseline period without a figure, which
      resolves to no target at all.

    A figure is an amount or a year-to-date figure; a value that only says
    the figure is missing is not one.  A target set ahead of its year's
    figures is reported too: it is harmless, but it rates nothing yet.

    Warnings do not stop a plan loading or being rated.

    >>> from perfmeasures import Measure, Plan, Polarity
    >>> plan = Plan(title="Plan", measures=[Measure(
    ...     ref="1.A2", title="Children on a plan",
    ...     polarity=Polarity.LOWER_IS_BETTER,
    ...     values={"Q4 2018/19": "88.9", "Q1 2019/20": "94.8"},
    ...     targets={"2020/21": 90})])
    >>> for problem in check_plan(plan):
    ...     print(problem.location)
    ...     print(problem.message)
    $.measures[0].targets['2020/21']
    a target for 2020/21, when the measure has no figure in or for 2020/21 \
(its figures run from Q4 2018/19 to Q1 2019/20), so it rates nothing

    .. versionadded:: 0.2.0
    """
    return tuple(
        problem
        for number, measure in enumerate(plan.measures)
        for problem in _check_measure(measure, f"$.measures[{number}]")
    )


def _figure_periods(measure: Measure) -> list[Period]:
    """The periods *measure* or any of its parts has a figure for, in order."""
    found = {
        period
        for period, value in measure.values.items()
        if value.amount is not None or value.year_to_date is not None
    }
    for part in measure.components:
        found.update(_figure_periods(part))
    return sorted(found)


def _check_measure(measure: Measure, path: str) -> Iterator[Problem]:
    figures = _figure_periods(measure)
    if len(figures) > 1:
        span = f"its figures run from {figures[0]} to {figures[-1]}"
    elif figures:
        span = f"its only figure is for {figures[0]}"
    else:
        span = "it has no figures at all"
    for period, target in measure.targets.items():
        # Canonical labels hold no quotes or backslashes to escape.
        where = f"{path}.targets['{period.label}']"
        if not any(period.contains(other) for other in figures):
            yield Problem(
                where,
                f"a target for {period}, when the measure has no figure in or "
                f"for {period} ({span}), so it rates nothing",
            )
        if (
            isinstance(target, RelativeTarget)
            and period_figure(measure, target.baseline).value is None
        ):
            yield Problem(
                f"{where}.baseline",
                f"a target relative to {target.baseline}, when the measure has "
                f"no figure for {target.baseline}, so it resolves to no target",
            )
    for number, part in enumerate(measure.components):
        yield from _check_measure(part, f"{path}.components[{number}]")
