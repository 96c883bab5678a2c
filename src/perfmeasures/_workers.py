"""Batch evaluation spread over several processes.

Python runs one thread of its code at a time, so a batch is spread over
processes.  Each child evaluates a run of the plan's measures and sends
back each evaluation as a row of plain values (enumerations by position,
periods as labels); this process evaluates a run of its own meanwhile,
then rebuilds
the children's evaluations from their rows and its own copy of the plan.
An evaluation's variance and words are computed when first read, here as
in a single process, so the rows never carry them.

Where the operating system can fork a process that runs one thread, each
child starts with the plan already in its memory; otherwise (Windows,
macOS' default, a program running threads) the plan is pickled to each
child once.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import threading
import typing
from collections.abc import Sequence
from decimal import Decimal

from ._checks import unchecked
from ._direction import Travel
from ._evaluate import Evaluation, evaluate
from ._measures import Measure
from ._periods import Period, read_label, read_period
from ._plan import Plan
from ._ratings import Direction, Status
from ._targets import Basis
from ._values import MissingReason

__all__ = ["evaluate_in_processes"]

#: Fewer measures than this for each process, and a batch is evaluated in
#: this process alone: starting children costs more than they would save.
LEAST_PER_PROCESS = 500

# Each enumeration travels as its members' positions.
_STATUSES = tuple(Status)
_DIRECTIONS = tuple(Direction)
_BASES = tuple(Basis)
_REASONS = tuple(MissingReason)

# In a child: the plan and what to rate, set once when the child starts.
_job: tuple[Plan, Sequence[Period | str]] | None = None

# A row: the fields of an evaluation that are not the measure's own.
_Row = tuple[
    int,  # computed status
    int,  # direction
    Decimal | None,  # actual
    Decimal | None,  # period actual
    int,  # basis
    Decimal | None,  # target
    Decimal | None,  # target lower
    Decimal | None,  # target upper
    Decimal | None,  # annual target
    str | None,  # comparator period
    Decimal | None,  # comparator value
    int,  # missing reason, or -1
    Decimal | None,  # the current figure the direction was judged from
]


def _start(plan: Plan, periods: Sequence[Period | str]) -> None:
    global _job  # noqa: PLW0603 - each child's one job.
    _job = (plan, periods)


def _rows(start: int, stop: int) -> list[_Row | None]:
    """The rows of measures *start* to *stop* of the child's plan.

    None stands for an evaluation that does not travel as a row (a
    multi-part measure's): this process makes it itself.
    """
    assert _job is not None  # noqa: S101 - set when the child started.
    plan, periods = _job
    rows: list[_Row | None] = []
    for index in range(start, stop):
        measure = plan.measures[index]
        if measure.components:
            rows.append(None)
            continue
        result = evaluate(measure, periods[index])
        pending = typing.cast(
            "tuple[Measure, Decimal | None]",
            result._pending,  # noqa: SLF001 - what the words are made from.
        )
        rows.append(
            (
                _STATUSES.index(result.computed_status),
                _DIRECTIONS.index(result.direction),
                result.actual,
                result.period_actual,
                _BASES.index(result.basis),
                result.target,
                result.target_lower,
                result.target_upper,
                result.annual_target,
                None
                if result.comparator_period is None
                else result.comparator_period.label,
                result.comparator_value,
                -1 if result.missing is None else _REASONS.index(result.missing),
                # The one figure the words need that is in no field.
                pending[1],
            )
        )
    return rows


_evaluation = unchecked(Evaluation, unset=Evaluation._deferred)  # noqa: SLF001
_travel = unchecked(Travel)


def _rebuild(measure: Measure, period: Period | str, row: _Row | None) -> Evaluation:
    """The evaluation of *measure* that *row* describes."""
    if row is None:
        return evaluate(measure, period)
    (
        computed,
        direction,
        actual,
        period_actual,
        basis,
        target,
        lower,
        upper,
        annual,
        comparator,
        comparator_value,
        missing,
        current,
    ) = row
    computed_status = _STATUSES[computed]
    comparator_period = None if comparator is None else read_label(comparator, 4)
    # A label is read in the measure's own years, as evaluate reads it.
    when = read_period(period, measure.year_start_month)
    override = measure.overrides.get(when)
    return _evaluation(
        measure.ref,
        when,
        override.status if override is not None else computed_status,
        computed_status,
        _DIRECTIONS[direction],
        (measure, current),
        actual,
        period_actual,
        _BASES[basis],
        target,
        lower,
        upper,
        annual,
        comparator_period,
        comparator_value,
        None if missing < 0 else _REASONS[missing],
        override,
        measure.published.get(when),
        (),
        measure.rated_by,
    )


def _context() -> multiprocessing.context.BaseContext:
    """Fork where a child can safely start as a copy of this process."""
    if "fork" in multiprocessing.get_all_start_methods() and (
        threading.active_count() == 1
    ):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def evaluate_in_processes(
    plan: Plan, periods: Sequence[Period | str], workers: int
) -> tuple[Evaluation, ...]:
    """Evaluate measure *i* of *plan* for ``periods[i]``, in *workers* processes.

    This process is one of them.  Each result equals the one
    :func:`~perfmeasures.evaluate` gives; the first error in plan order is
    raised, as evaluating one by one would.
    """
    measures = plan.measures
    count = len(measures)
    workers = min(workers, max(1, count // LEAST_PER_PROCESS))
    if workers == 1:
        return tuple(evaluate(m, p) for m, p in zip(measures, periods, strict=True))
    # This process takes a smaller share: it also rebuilds the others'.
    own = count // (workers + 1)
    children = workers - 1
    bounds = [
        (own + (count - own) * i // children, own + (count - own) * (i + 1) // children)
        for i in range(children)
    ]
    with concurrent.futures.ProcessPoolExecutor(
        max_workers=children,
        mp_context=_context(),
        initializer=_start,
        initargs=(plan, periods),
    ) as pool:
        futures = [pool.submit(_rows, start, stop) for start, stop in bounds]
        try:
            results = [evaluate(measures[i], periods[i]) for i in range(own)]
            for (start, _), future in zip(bounds, futures, strict=True):
                for offset, row in enumerate(future.result()):
                    index = start + offset
                    results.append(_rebuild(measures[index], periods[index], row))
        except BaseException:
            for future in futures:
                future.cancel()
            raise
    return tuple(results)
