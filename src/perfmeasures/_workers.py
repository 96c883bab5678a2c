"""Batch evaluation spread over several processes.

Python runs one thread of its code at a time, so a batch is spread over
processes.  Each child evaluates a run of the plan's measures and sends
back each evaluation as a row of plain values (figures as text,
enumerations by position, periods as labels); this process evaluates a
run of its own meanwhile, then rebuilds the children's evaluations from
their rows and its own copy of the plan.
An evaluation's variance and words are computed when first read, here as
in a single process, so the rows never carry them.

Where the operating system can fork a process that runs one thread, each
child starts with the plan already in its memory; otherwise (Windows,
macOS' default, a program running threads) the plan is pickled to each
child once.
"""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing
import multiprocessing.context
import multiprocessing.process
import threading
import typing
import weakref
from collections.abc import Sequence
from decimal import Decimal
from multiprocessing.connection import Connection

from ._evaluate import Evaluation, evaluate, evaluate_each, new_evaluation
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

# The plan a child forked from this process starts with: set only while
# the children are forked, so that no process object keeps it alive.
_forking: Plan | None = None

# A row: the fields of an evaluation that are not the measure's own.
_Row = tuple[
    int,  # computed status
    int,  # direction
    str | None,  # actual
    str | None,  # period actual
    int,  # basis
    str | None,  # target
    str | None,  # target lower
    str | None,  # target upper
    str | None,  # annual target
    str | None,  # comparator period
    str | None,  # comparator value
    int,  # missing reason, or -1
    str | None,  # the current figure the direction was judged from
]


def _text(number: Decimal | None) -> str | None:
    # A figure travels as its text: pickling a Decimal costs ten times more.
    return None if number is None else str(number)


def _number(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _rows(
    plan: Plan, periods: Sequence[Period | str], start: int, stop: int
) -> list[_Row | None]:
    """The rows of measures *start* to *stop* of *plan*, in a child.

    None stands for an evaluation that does not travel as a row (a
    multi-part measure's): the parent makes it itself.
    """
    rows: list[_Row | None] = []
    measures = plan.measures[start:stop]
    for measure, result in zip(
        measures, evaluate_each(measures, periods[start:stop]), strict=True
    ):
        if measure.components:
            rows.append(None)
            continue
        pending = typing.cast(
            "tuple[Measure, Decimal | None]",
            result._pending,  # noqa: SLF001 - what the words are made from.
        )
        rows.append(
            (
                _STATUSES.index(result.computed_status),
                _DIRECTIONS.index(result.direction),
                _text(result.actual),
                _text(result.period_actual),
                _BASES.index(result.basis),
                _text(result.target),
                _text(result.target_lower),
                _text(result.target_upper),
                _text(result.annual_target),
                None
                if result.comparator_period is None
                else result.comparator_period.label,
                _text(result.comparator_value),
                -1 if result.missing is None else _REASONS.index(result.missing),
                # The one figure the words need that is in no field.
                _text(pending[1]),
            )
        )
    return rows


def _serve(channel: Connection) -> None:
    """A child's life: take a plan, then rate runs of it until told to stop."""
    plan = _forking if _forking is not None else channel.recv()
    while True:
        try:
            task = channel.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        periods, start, stop = task
        try:
            reply: tuple[bool, object] = (True, _rows(plan, periods, start, stop))
        except Exception as error:  # noqa: BLE001 - sent to the parent to raise.
            reply = (False, error)
        channel.send(reply)


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
    return new_evaluation(
        measure.ref,
        when,
        override.status if override is not None else computed_status,
        computed_status,
        _DIRECTIONS[direction],
        (measure, _number(current)),
        _number(actual),
        _number(period_actual),
        _BASES[basis],
        _number(target),
        _number(lower),
        _number(upper),
        _number(annual),
        comparator_period,
        _number(comparator_value),
        None if missing < 0 else _REASONS[missing],
        override,
        measure.published.get(when),
        (),
        measure.rated_by,
    )


def _context() -> multiprocessing.context.SpawnContext:
    """Fork where a child can safely start as a copy of this process."""
    method = "spawn"
    if "fork" in multiprocessing.get_all_start_methods() and (
        threading.active_count() == 1
    ):
        method = "fork"
    # Typed as spawn's: the two offer the same processes and pipes.
    return typing.cast(
        "multiprocessing.context.SpawnContext", multiprocessing.get_context(method)
    )


class _Children:
    """Child processes that hold one plan and rate runs of its measures.

    Kept for the next batch of the same plan (a program rating every period
    of a plan starts them once), and ended when the plan is freed, when
    another plan or number of processes is asked for, or when the program
    exits.
    """

    def __init__(self, plan: Plan, count: int) -> None:
        global _forking  # noqa: PLW0603 - read by the children as they fork.
        context = _context()
        self.lock = threading.Lock()
        self.channels: list[Connection] = []
        self.processes: list[multiprocessing.process.BaseProcess] = []
        forks = context.get_start_method() == "fork"
        _forking = plan if forks else None
        try:
            for _ in range(count):
                mine, theirs = context.Pipe()
                process = context.Process(target=_serve, args=(theirs,), daemon=True)
                process.start()
                theirs.close()
                if not forks:
                    mine.send(plan)
                self.channels.append(mine)
                self.processes.append(process)
        finally:
            _forking = None

    def close(self) -> None:
        """End the children."""
        for channel in self.channels:
            with contextlib.suppress(OSError):
                channel.send(None)
            channel.close()
        for process in self.processes:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()


# The children of the plan last rated in several processes, by its id.
_kept: dict[int, tuple[weakref.ref[Plan], int, _Children]] = {}
_kept_lock = threading.Lock()


def _children_for(plan: Plan, count: int) -> _Children:
    with _kept_lock:
        found = _kept.get(id(plan))
        if found is not None and found[0]() is plan and found[1] == count:
            return found[2]
        for _, _, others in _kept.values():
            others.close()
        _kept.clear()
        children = _Children(plan, count)
        key = id(plan)

        def forget(_: object) -> None:
            with _kept_lock:
                kept = _kept.pop(key, None)
            if kept is not None:
                kept[2].close()

        _kept[key] = (weakref.ref(plan, forget), count, children)
        return children


@atexit.register
def _end_all() -> None:
    with _kept_lock:
        for _, _, children in _kept.values():
            children.close()
        _kept.clear()


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
        return tuple(evaluate_each(measures, periods))
    # This process takes the share that lets all finish together, as it
    # also rebuilds the others' evaluations.  Measured against making one
    # here, rebuilding one costs about a half, and a child takes about 2.2
    # times as long to make one and send its row; with n children the
    # share f satisfies f + (1 - f) / 2 = 2.2 (1 - f) / n.
    children = workers - 1
    own = max(0, count * (22 - 5 * children) // (22 + 5 * children))
    bounds = [
        (own + (count - own) * i // children, own + (count - own) * (i + 1) // children)
        for i in range(children)
    ]
    pool = _children_for(plan, children)
    sent = list(periods)
    with pool.lock:
        for channel, (start, stop) in zip(pool.channels, bounds, strict=True):
            channel.send((sent, start, stop))
        try:
            results = evaluate_each(measures[:own], periods[:own])
        finally:
            # Every child's reply is taken, so that none is left for the next batch.
            replies = [channel.recv() for channel in pool.channels]
    for (start, _), (ok, rows) in zip(bounds, replies, strict=True):
        if not ok:
            raise typing.cast("BaseException", rows)
        for offset, row in enumerate(typing.cast("list[_Row | None]", rows)):
            index = start + offset
            results.append(_rebuild(measures[index], periods[index], row))
    return tuple(results)
