"""Benchmarks for perfmeasures: every goal is a ratio to a baseline timed beside it.

Run from a checkout with the package installed in the active environment
(``pip install -e .`` and ``pip install -r benchmarks/requirements.txt``)::

    python benchmarks/run.py                # the full suite, about ten minutes
    python benchmarks/run.py --quick        # the same ratios on smaller data
    python benchmarks/run.py --only build --only load
    python benchmarks/run.py --json results.json

The suite is not part of the test run.  It prints a table (ratio, goal,
and the absolute figures for information) and exits with status 0 when
every goal is met, 1 when any is not (and names them), and 2 when a
baseline disagrees with the library, so that its figures would mean
nothing.  ``--json PATH`` writes ``{"results": [{"name", "ratio", "goal",
"ok", "detail"}, ...], "machine": {...}, "date": "YYYY-MM-DD", "quick":
bool}``; a ratio is null when it could not be measured (no ``workers``
option, or a benchmark that raised: its row says why).

How it measures.  Goals are ratios, not seconds, so that they hold on any
machine: each benchmark times perfmeasures (the *target*) and a *baseline*
doing the same work in plain Python, pandas or a bare interpreter, in the
same run.

- Their repeats alternate, the order rotating each round, so that machine
  noise hits both; each side's time is the fastest of its repeats
  (:func:`time.perf_counter`).
- A repeat of a fast call loops until it lasts at least ``min_sample``
  seconds, and fast benchmarks go on repeating for a few seconds
  (``budget``): many short repeats give each side the best chance of a
  quiet moment on a shared machine.  ``workers`` needs every core free.
- Results are freed after the clock stops, never while it runs.  Objects
  alive before a benchmark are frozen out of the garbage collector's way
  while it runs (:func:`gc.freeze`), so that what one benchmark keeps does
  not slow the next; garbage made while timing is collected as in use.
- Data is generated with a seeded :class:`random.Random`: every run rates
  the same figures.
- ``--quick`` uses smaller data and fewer repeats (under three minutes on
  two cores); the ratios mean the same.

The goals (:data:`GOALS`; the documentation quotes this table):

``evaluate``
    ``evaluate(measure, label)`` per measure, over 600 quarterly measures
    with annual targets, rated by the default rules (TargetMet and a
    direction against the previous quarter), divided by the same rule
    written by hand with Decimal over plain ``{label: Decimal}`` dicts.
    The two must agree on every status and direction, or the run stops.
    The detail gives the ratio with a parsed Period and against floats.
``history``
    ``evaluate`` of 100 measures with 100 years of quarterly history divided
    by the same measures with one year: rating must not grow with history.
    More measures measure the memory hierarchy instead: 300 such measures
    (120,000 figures) give about 1.1 and 1,000 about 1.3 from cache misses
    alone, however constant the lookups.
``build``
    Building a Plan of Measures from labels and Decimals (10,000 measures of
    120 months; 1,000 with ``--quick``) divided by building plain dicts of
    the same Decimals from the same source lists.
``load``
    ``perfmeasures.io.plan_from_json`` of that plan's JSON text divided by
    ``json.loads`` of the same text.
``load-memory``
    Peak memory (:mod:`tracemalloc`) while loading the plan divided by the
    peak while ``json.loads`` reads the same text.
``dump``
    ``perfmeasures.io.plan_to_json`` of the plan divided by ``json.dumps``
    of its parsed document with the library's layout (``indent=2``).
``evaluate_plan``
    ``evaluate_plan(plan, label)`` of the monthly plan divided by a
    vectorised pandas rating (TargetMet and direction against the previous
    month) over a long table of the same figures; results must agree.
``workers``
    Throughput of ``evaluate_plan(plan, label, workers=2)`` over
    ``workers=1``: higher is better.
``cli``
    ``perfmeasures evaluate`` of the bundled plan, as a process, divided by
    ``python -c pass``.
``import``
    ``python -c "import perfmeasures"`` divided by ``python -c pass``.

Both process goals run as an installed package does, from bytecode: the
processes get a bytecode folder of their own (``PYTHONPYCACHEPREFIX``,
written by a warm-up run), whatever ``PYTHONDONTWRITEBYTECODE`` says.
"""
# A script that prints, not a package, and whose random data needs no secrecy:
# ruff: noqa: T201, INP001, S311

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gc
import inspect
import json
import math
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import tracemalloc
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Final, Literal, TypeVar

import numpy as np
import pandas as pd

import perfmeasures
from perfmeasures import (
    Direction,
    EvaluationSet,
    Frequency,
    Measure,
    Period,
    Plan,
    Polarity,
    Status,
    evaluate,
    evaluate_plan,
    parse_period,
)
from perfmeasures.io import plan_from_json, plan_to_json

SEED: Final = 20_240_610

_MONTHS: Final = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun",
    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip

_HIGHER = Polarity.HIGHER_IS_BETTER
_LOWER = Polarity.LOWER_IS_BETTER

_N = TypeVar("_N", Decimal, float)


# --------------------------------------------------------------------------
# Goals


@dataclass(frozen=True)
class Goal:
    """A benchmark's goal: its ratio compared with a limit.

    Args:
        name: The benchmark's short, stable name.
        op: ``<=`` when lower ratios are better, ``>=`` when higher are.
        limit: The limit the ratio must meet.
        ratio: What is divided by what, in words.
    """

    name: str
    op: Literal["<=", ">="]
    limit: float
    ratio: str

    @property
    def text(self) -> str:
        """The goal as written in results: ``<= 20``."""
        return f"{self.op} {self.limit:g}"

    def met(self, ratio: float) -> bool:
        """Whether *ratio* meets the goal."""
        return ratio <= self.limit if self.op == "<=" else ratio >= self.limit


#: Every goal, in the order the benchmarks run.
GOALS: Final[Mapping[str, Goal]] = {
    goal.name: goal
    for goal in (
        Goal(
            "evaluate",
            "<=",
            20,
            "evaluate(measure, label) / the same rule by hand with Decimal",
        ),
        Goal("history", "<=", 1.1, "evaluate with 100 years of history / with 1"),
        Goal("build", "<=", 8, "Plan of Measures / plain dicts of Decimals"),
        Goal("load", "<=", 5, "io.plan_from_json(text) / json.loads(text)"),
        Goal("load-memory", "<=", 1.5, "peak memory: plan_from_json / json.loads"),
        Goal("dump", "<=", 1.5, "io.plan_to_json(plan) / json.dumps(document)"),
        Goal("evaluate_plan", "<=", 10, "evaluate_plan / vectorised pandas rating"),
        Goal("workers", ">=", 1.6, "throughput: evaluate_plan workers=2 / workers=1"),
        Goal("cli", "<=", 8, "perfmeasures evaluate / python -c pass"),
        Goal("import", "<=", 5, "python -c 'import perfmeasures' / python -c pass"),
    )
}


@dataclass(frozen=True)
class Sizes:
    """How much data and how many repeats a run uses.

    Args:
        evaluate_measures: Quarterly measures rated by ``evaluate``.
        history_measures: Measures rated with long and short histories
            (few enough that the long ones' figures stay near the cache).
        history_years: The long history, in years.
        plan_measures: Measures of the monthly plan.
        plan_months: Months of figures per measure of that plan.
        repeats: The fewest timed repeats of each side.
        min_sample: The shortest timed repeat, in seconds; fast calls loop.
        budget: Seconds in which further repeats may start, after the
            fewest: fast benchmarks repeat many times.
        process_runs: Runs of each process for ``cli`` and ``import``.
    """

    evaluate_measures: int
    history_measures: int
    history_years: int
    plan_measures: int
    plan_months: int
    repeats: int
    min_sample: float
    budget: float
    process_runs: int


FULL: Final = Sizes(
    evaluate_measures=600,
    history_measures=100,
    history_years=100,
    plan_measures=10_000,
    plan_months=120,
    repeats=3,
    min_sample=0.05,
    budget=6,
    process_runs=15,
)
QUICK: Final = Sizes(
    evaluate_measures=600,
    history_measures=100,
    history_years=100,
    plan_measures=1_000,
    plan_months=120,
    repeats=3,
    min_sample=0.02,
    budget=3,
    process_runs=7,
)


@dataclass(frozen=True)
class Result:
    """One row of the results.

    Args:
        name: The benchmark.
        ratio: The measured ratio, or None when it could not be measured.
        goal: The goal, as ``<= 20``.
        ok: Whether the ratio meets the goal.
        detail: What was measured, in words.
        target: The target's absolute figure, for information.
        baseline: The baseline's absolute figure, for information.
    """

    name: str
    ratio: float | None
    goal: str
    ok: bool
    detail: str
    target: str = ""
    baseline: str = ""

    def to_json(self) -> dict[str, object]:
        """The row as the JSON results hold it."""
        figures = f"{self.target} vs {self.baseline}; " if self.target else ""
        return {
            "name": self.name,
            "ratio": self.ratio,
            "goal": self.goal,
            "ok": self.ok,
            "detail": figures + self.detail,
        }


def _result(
    name: str, ratio: float, detail: str, target: str = "", baseline: str = ""
) -> Result:
    goal = GOALS[name]
    return Result(name, ratio, goal.text, goal.met(ratio), detail, target, baseline)


def _unmeasured(name: str, detail: str) -> Result:
    return Result(name, None, GOALS[name].text, ok=False, detail=detail)


class DisagreementError(Exception):
    """A baseline gave other answers than the library: its timing means nothing."""


# --------------------------------------------------------------------------
# Timing


def _seconds(value: float) -> str:
    if value >= 1:
        return f"{value:.2f} s"
    if value >= 1e-3:
        return f"{value * 1e3:.2f} ms"
    return f"{value * 1e6:.2f} us"


def _mib(size: int) -> str:
    return f"{size / 2**20:.1f} MiB"


def _sample(run: Callable[[], object], loops: int) -> float:
    """Seconds per call of *run*, over *loops* calls.

    Every result is kept until the clock stops, so that freeing one is never
    timed, however many loops a repeat takes.
    """
    gc.collect()
    results: list[object] = [None] * loops
    start = time.perf_counter()
    for index in range(loops):
        results[index] = run()
    elapsed = time.perf_counter() - start
    del results
    return elapsed / loops


def race(
    contenders: Mapping[str, Callable[[], object]], sizes: Sizes
) -> dict[str, float]:
    """The fastest time per call of each contender, their repeats interleaved.

    Each contender is first run once to learn how many calls make a repeat
    of at least ``sizes.min_sample`` seconds; a call that long already
    counts as a repeat.  Then the contenders take turns, the order rotating
    each round, for ``sizes.repeats`` rounds and then for as many more as
    start within ``sizes.budget`` seconds: the more repeats, the likelier
    each side's fastest one fell in a quiet moment of a shared machine.
    """
    loops: dict[str, int] = {}
    best: dict[str, float] = {}
    for name, run in contenders.items():
        once = _sample(run, 1)
        if once >= sizes.min_sample:
            loops[name], best[name] = 1, once
        else:
            loops[name] = max(1, math.ceil(sizes.min_sample / max(once, 1e-9)))
            best[name] = math.inf
    names = list(contenders)
    deadline = time.perf_counter() + sizes.budget
    round_ = 0
    while round_ < sizes.repeats or time.perf_counter() < deadline:
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            best[name] = min(best[name], _sample(contenders[name], loops[name]))
        round_ += 1
    return best


@contextmanager
def _settled_heap() -> Iterator[None]:
    """Freeze what is alive now out of the garbage collector's way."""
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _peak_memory(run: Callable[[], object]) -> tuple[int, int]:
    """Bytes allocated by *run*: at the peak, and still held by its result."""
    gc.collect()
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        result = run()
        after, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del result
    return peak - before, after - before


# --------------------------------------------------------------------------
# Data


def _year_label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def _quarter_label(year: int, number: int) -> str:
    return f"Q{number} {_year_label(year)}"


def _month_label(index: int, first_year: int) -> tuple[str, str]:
    """The label of month *index* from April of *first_year*, and its year's."""
    year, offset = divmod(index + 3, 12)
    calendar_year = first_year + year
    month = offset + 1
    own_year = calendar_year if month >= 4 else calendar_year - 1
    return f"{_MONTHS[month - 1]} {calendar_year}", _year_label(own_year)


def _figure(rng: random.Random) -> str:
    """A figure as a report prints it: one decimal place, 40 to 60."""
    tenths = rng.randint(400, 600)
    return f"{tenths // 10}.{tenths % 10}"


def _series(rng: random.Random, count: int) -> list[str]:
    """*count* figures, some repeating the one before (no change)."""
    figures: list[str] = []
    for _ in range(count):
        repeat = bool(figures) and rng.random() < 0.05
        figures.append(figures[-1] if repeat else _figure(rng))
    return figures


@dataclass(frozen=True)
class QuarterlySource:
    """A quarterly measure's figures and targets as text, keyed by label."""

    ref: str
    polarity: Polarity
    figures: list[tuple[str, str]]
    targets: list[tuple[str, str]]

    def measure(self) -> Measure:
        """The measure, built as a notebook would."""
        return Measure(
            ref=self.ref,
            title=f"Measure {self.ref}",
            polarity=self.polarity,
            frequency=Frequency.QUARTERLY,
            values={label: Decimal(text) for label, text in self.figures},
            targets={label: Decimal(text) for label, text in self.targets},
        )


def _quarterly_source(
    rng: random.Random, ref: str, first_year: int, years: int
) -> QuarterlySource:
    labels = [
        _quarter_label(year, number)
        for year in range(first_year, first_year + years)
        for number in (1, 2, 3, 4)
    ]
    figures = _series(rng, len(labels))
    targets = [
        (_year_label(year), _figure(rng))
        for year in range(first_year, first_year + years)
    ]
    # Some figures equal their year's target: met, exactly.
    lookup = dict(targets)
    for index, label in enumerate(labels):
        if rng.random() < 0.05:
            figures[index] = lookup[label.split(" ", 1)[1]]
    return QuarterlySource(
        ref=ref,
        polarity=rng.choice((_HIGHER, _LOWER)),
        figures=list(zip(labels, figures, strict=True)),
        targets=targets,
    )


@dataclass(frozen=True)
class HandCase:
    """One measure's figures as plain dicts, with the labels the rule needs."""

    figures: dict[str, Decimal]
    targets: dict[str, Decimal]
    floats: dict[str, float]
    float_targets: dict[str, float]
    label: str
    year: str
    previous: str
    higher: bool


@dataclass(frozen=True)
class EvaluateCase:
    """A measure and the period it is rated for, as a label and a Period."""

    measure: Measure
    label: str
    period: Period
    hand: HandCase


@dataclass(frozen=True)
class PlanSource:
    """A monthly measure's figures and targets as text, in label order."""

    ref: str
    title: str
    polarity: Polarity
    figures: list[tuple[str, str]]
    targets: list[tuple[str, str]]


_PLAN_FIRST_YEAR: Final = 2011


class Data:
    """The benchmarks' data, made on first use and shared between them."""

    def __init__(self, sizes: Sizes) -> None:
        self.sizes = sizes

    def release(self, keep: set[str]) -> None:
        """Drop every datum but those named in *keep*."""
        for name in [n for n in vars(self) if n != "sizes" and n not in keep]:
            delattr(self, name)

    @functools.cached_property
    def evaluate_cases(self) -> list[EvaluateCase]:
        """Quarterly measures of four years, each with a quarter to rate."""
        rng = random.Random(SEED)
        first, years = 2017, 4
        periods: dict[str, Period] = {}
        cases = []
        for index in range(self.sizes.evaluate_measures):
            source = _quarterly_source(rng, f"E{index:04d}", first, years)
            at = rng.randrange(1, len(source.figures))
            label = source.figures[at][0]
            figures = {key: Decimal(text) for key, text in source.figures}
            targets = {key: Decimal(text) for key, text in source.targets}
            hand = HandCase(
                figures=figures,
                targets=targets,
                floats={key: float(text) for key, text in source.figures},
                float_targets={key: float(text) for key, text in source.targets},
                label=label,
                year=label.split(" ", 1)[1],
                previous=source.figures[at - 1][0],
                higher=source.polarity is _HIGHER,
            )
            if label not in periods:
                periods[label] = parse_period(label)
            cases.append(EvaluateCase(source.measure(), label, periods[label], hand))
        return cases

    @functools.cached_property
    def history_sources(self) -> list[QuarterlySource]:
        """Quarterly measures with a long history to the end of 2020/21."""
        rng = random.Random(SEED + 1)
        years = self.sizes.history_years
        return [
            _quarterly_source(rng, f"H{index:04d}", 2021 - years, years)
            for index in range(self.sizes.history_measures)
        ]

    @functools.cached_property
    def plan_sources(self) -> list[PlanSource]:
        """The monthly plan's figures and targets as text."""
        rng = random.Random(SEED + 2)
        months = [
            _month_label(index, _PLAN_FIRST_YEAR)
            for index in range(self.sizes.plan_months)
        ]
        years = list(dict.fromkeys(year for _, year in months))
        sources = []
        for index in range(self.sizes.plan_measures):
            targets = [(year, _figure(rng)) for year in years]
            figures = _series(rng, len(months))
            lookup = dict(targets)
            # The last month sometimes meets its target exactly.
            if rng.random() < 0.05:
                figures[-1] = lookup[months[-1][1]]
            sources.append(
                PlanSource(
                    ref=f"P{index:05d}",
                    title=f"Measure {index}",
                    polarity=rng.choice((_HIGHER, _LOWER)),
                    figures=[
                        (label, text)
                        for (label, _), text in zip(months, figures, strict=True)
                    ],
                    targets=targets,
                )
            )
        return sources

    @property
    def plan_period(self) -> tuple[str, str]:
        """The month the plan is rated for (its last) and the month before."""
        last = _month_label(self.sizes.plan_months - 1, _PLAN_FIRST_YEAR)[0]
        before = _month_label(self.sizes.plan_months - 2, _PLAN_FIRST_YEAR)[0]
        return last, before

    @functools.cached_property
    def plan(self) -> Plan:
        """The monthly plan."""
        return build_plan(self.plan_sources)

    @functools.cached_property
    def plan_text(self) -> str:
        """The monthly plan as the library writes it."""
        return plan_to_json(self.plan)

    @functools.cached_property
    def plan_document(self) -> object:
        """The monthly plan's JSON text, parsed."""
        return json.loads(self.plan_text)

    @functools.cached_property
    def long_frame(self) -> pd.DataFrame:
        """The monthly plan's figures as a long table, one row per month."""
        refs: list[str] = []
        periods: list[str] = []
        values: list[float] = []
        targets: list[float] = []
        polarities: list[str] = []
        for source in self.plan_sources:
            annual = {year: float(text) for year, text in source.targets}
            for label, text in source.figures:
                refs.append(source.ref)
                periods.append(label)
                values.append(float(text))
                targets.append(annual[_own_year(label)])
                polarities.append(source.polarity.value)
        return pd.DataFrame(
            {
                "ref": refs,
                "period": periods,
                "value": values,
                "target": targets,
                "polarity": polarities,
            }
        )


def _own_year(month_label: str) -> str:
    """The April year of a month label such as ``Mar 2021`` (``2020/21``)."""
    name, year = month_label.split(" ")
    number = _MONTHS.index(name) + 1
    return _year_label(int(year) if number >= 4 else int(year) - 1)


def build_plan(sources: Sequence[PlanSource]) -> Plan:
    """A plan of monthly measures built from labels and Decimals."""
    return Plan(
        title="Benchmark plan",
        measures=[
            Measure(
                ref=source.ref,
                title=source.title,
                polarity=source.polarity,
                frequency=Frequency.MONTHLY,
                values={label: Decimal(text) for label, text in source.figures},
                targets={label: Decimal(text) for label, text in source.targets},
            )
            for source in sources
        ],
    )


def build_dicts(sources: Sequence[PlanSource]) -> list[dict[str, object]]:
    """The baseline of :func:`build_plan`: the same data in plain dicts."""
    return [
        {
            "ref": source.ref,
            "title": source.title,
            "polarity": source.polarity,
            "values": {label: Decimal(text) for label, text in source.figures},
            "targets": {label: Decimal(text) for label, text in source.targets},
        }
        for source in sources
    ]


# --------------------------------------------------------------------------
# Hand-written rules


def rate_by_hand(  # noqa: PLR0913, PLR0917 - what a notebook passes.
    values: Mapping[str, _N],
    targets: Mapping[str, _N],
    label: str,
    year: str,
    previous: str,
    higher: bool,
) -> tuple[str, str]:
    """TargetMet and the direction of travel, by hand.

    Green when the figure meets or beats the year's target (ties are met),
    else red.  Against the previous period's figure: no change when equal,
    else improving when the change is in the polarity's good direction.
    """
    value = values[label]
    target = targets[year]
    before = values[previous]
    if higher:
        status = "green" if value >= target else "red"
        better = value > before
    else:
        status = "green" if value <= target else "red"
        better = value < before
    if value == before:
        return status, "no_change"
    return status, "improving" if better else "worsening"


def _rate_all_decimal(cases: Sequence[HandCase]) -> list[tuple[str, str]]:
    return [
        rate_by_hand(c.figures, c.targets, c.label, c.year, c.previous, c.higher)
        for c in cases
    ]


def _rate_all_float(cases: Sequence[HandCase]) -> list[tuple[str, str]]:
    return [
        rate_by_hand(c.floats, c.float_targets, c.label, c.year, c.previous, c.higher)
        for c in cases
    ]


def rate_frame(frame: pd.DataFrame, label: str, previous: str) -> pd.DataFrame:
    """TargetMet and direction against *previous* for every ref, vectorised.

    Returns a frame indexed by ref with ``status`` and ``direction`` columns
    holding the library's words.
    """
    now = frame.loc[frame["period"] == label, ["ref", "value", "target", "polarity"]]
    now = now.set_index("ref")
    before = frame.loc[frame["period"] == previous, ["ref", "value"]].set_index("ref")
    value = now["value"]
    change = value - before["value"].reindex(now.index)
    higher = now["polarity"] == _HIGHER.value
    met = np.where(higher, value >= now["target"], value <= now["target"])
    better = np.where(higher, change > 0, change < 0)
    direction = np.where(
        change.isna(),
        Direction.NOT_APPLICABLE.value,
        np.where(
            change == 0,
            Direction.NO_CHANGE.value,
            np.where(better, Direction.IMPROVING.value, Direction.WORSENING.value),
        ),
    )
    status = np.where(met, Status.GREEN.value, Status.RED.value)
    return pd.DataFrame({"status": status, "direction": direction}, index=now.index)


def _ratings(evaluations: EvaluationSet) -> dict[str, tuple[str, str]]:
    return {e.ref: (e.status.value, e.direction.value) for e in evaluations}


def _first_difference(
    expected: Mapping[str, tuple[str, str]], found: Mapping[str, tuple[str, str]]
) -> str | None:
    """The first ref rated differently, in words; None when all agree."""
    for ref in expected.keys() | found.keys():
        if expected.get(ref) != found.get(ref):
            return f"{ref}: {expected.get(ref)} != {found.get(ref)}"
    return None


# --------------------------------------------------------------------------
# Benchmarks


def bench_evaluate(data: Data) -> Result:
    """``evaluate`` per measure against the same rule written by hand."""
    cases = data.evaluate_cases
    hands = [case.hand for case in cases]
    library = [evaluate(case.measure, case.label) for case in cases]
    by_hand = _rate_all_decimal(hands)
    floats = _rate_all_float(hands)
    for case, found, mine, float_rating in zip(
        cases, library, by_hand, floats, strict=True
    ):
        rating = (found.status.value, found.direction.value)
        if rating != mine or mine != float_rating:
            hand = case.hand
            raise DisagreementError(
                f"evaluate: {case.measure.ref} for {case.label} "
                f"({case.measure.polarity.value}, value {hand.figures[hand.label]}, "
                f"target {hand.targets[hand.year]}, previous "
                f"{hand.figures[hand.previous]}): evaluate gives {rating}, "
                f"the hand-written rule {mine} (floats {float_rating})"
            )
    # Plain lists of pairs: the loops below do nothing but call.
    labelled = [(case.measure, case.label) for case in cases]
    parsed = [(case.measure, case.period) for case in cases]
    with _settled_heap():
        times = race(
            {
                "label": lambda: [evaluate(m, p) for m, p in labelled],
                "period": lambda: [evaluate(m, p) for m, p in parsed],
                "decimal": lambda: _rate_all_decimal(hands),
                "float": lambda: _rate_all_float(hands),
            },
            data.sizes,
        )
    count = len(cases)
    each = {name: seconds / count for name, seconds in times.items()}
    ratio = times["label"] / times["decimal"]
    detail = (
        f"{count} quarterly measures, all {count} ratings agree; per measure: "
        f"label {_seconds(each['label'])}, Period {_seconds(each['period'])} "
        f"(ratio {times['period'] / times['decimal']:.1f}), by hand with Decimal "
        f"{_seconds(each['decimal'])}, with floats {_seconds(each['float'])} "
        f"(label/float ratio {times['label'] / times['float']:.1f})"
    )
    return _result(
        "evaluate",
        ratio,
        detail,
        f"{_seconds(each['label'])}/measure",
        f"{_seconds(each['decimal'])}/measure",
    )


def _rating(measure: Measure, label: str) -> tuple[Status, Direction]:
    evaluation = evaluate(measure, label)
    return evaluation.status, evaluation.direction


def bench_history(data: Data) -> Result:
    """``evaluate`` with 100 years of history against the same with one year."""
    sources = data.history_sources
    long = [source.measure() for source in sources]
    short = [
        QuarterlySource(
            ref=source.ref,
            polarity=source.polarity,
            figures=source.figures[-4:],
            targets=source.targets[-1:],
        ).measure()
        for source in sources
    ]
    label = sources[0].figures[-1][0]
    if [_rating(m, label) for m in long] != [_rating(m, label) for m in short]:
        raise DisagreementError(
            f"history: measures rated for {label} with {data.sizes.history_years} "
            "years of history differ from the same with one year"
        )
    with _settled_heap():
        times = race(
            {
                "long": lambda: [evaluate(m, label) for m in long],
                "short": lambda: [evaluate(m, label) for m in short],
            },
            data.sizes,
        )
    count = len(long)
    detail = (
        f"{count} quarterly measures rated for {label}: "
        f"{data.sizes.history_years} years ({len(sources[0].figures)} quarters) "
        "against 1 year (4 quarters)"
    )
    return _result(
        "history",
        times["long"] / times["short"],
        detail,
        f"{_seconds(times['long'] / count)}/measure",
        f"{_seconds(times['short'] / count)}/measure",
    )


def _plan_size(data: Data) -> str:
    return f"{data.sizes.plan_measures} measures x {data.sizes.plan_months} months"


def bench_build(data: Data) -> Result:
    """Building a plan against building plain dicts of the same Decimals."""
    sources = data.plan_sources
    with _settled_heap():
        times = race(
            {
                "plan": lambda: build_plan(sources),
                "dicts": lambda: build_dicts(sources),
            },
            data.sizes,
        )
    return _result(
        "build",
        times["plan"] / times["dicts"],
        f"{_plan_size(data)} from label and text lists, strings to Decimal in both",
        _seconds(times["plan"]),
        _seconds(times["dicts"]),
    )


def bench_load(data: Data) -> Result:
    """``plan_from_json`` against ``json.loads`` of the same text."""
    text = data.plan_text
    loaded = plan_from_json(text)
    plan = data.plan
    same = len(loaded.measures) == len(plan.measures) and (
        loaded.measures[0] == plan.measures[0]
        and loaded.measures[-1] == plan.measures[-1]
    )
    if not same:
        raise DisagreementError("load: the plan read back differs from the one written")
    del loaded
    with _settled_heap():
        times = race(
            {
                "plan": lambda: plan_from_json(text),
                "json": lambda: json.loads(text),
            },
            data.sizes,
        )
    size = len(text.encode("utf-8"))
    return _result(
        "load",
        times["plan"] / times["json"],
        f"{_plan_size(data)}, {_mib(size)} of JSON text (a str)",
        _seconds(times["plan"]),
        _seconds(times["json"]),
    )


def bench_load_memory(data: Data) -> Result:
    """Peak memory of ``plan_from_json`` against that of ``json.loads``."""
    text = data.plan_text
    with _settled_heap():
        json_peak, json_kept = _peak_memory(lambda: json.loads(text))
        plan_peak, plan_kept = _peak_memory(lambda: plan_from_json(text))
    detail = (
        f"{_plan_size(data)}, tracemalloc peak while loading; held after: plan "
        f"{_mib(plan_kept)}, json.loads {_mib(json_kept)} "
        f"(ratio {plan_kept / max(json_kept, 1):.2f})"
    )
    return _result(
        "load-memory",
        plan_peak / max(json_peak, 1),
        detail,
        _mib(plan_peak),
        _mib(json_peak),
    )


def bench_dump(data: Data) -> Result:
    """``plan_to_json`` against ``json.dumps`` of the parsed document."""
    plan = data.plan
    document = data.plan_document

    def dumps() -> str:
        return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False)

    same = dumps() + "\n" == data.plan_text
    with _settled_heap():
        times = race(
            {"plan": lambda: plan_to_json(plan), "json": dumps},
            data.sizes,
        )
    detail = f"{_plan_size(data)}; json.dumps(indent=2, ensure_ascii=False) " + (
        "writes the same text"
        if same
        else "writes other text than the library (its layout changed?)"
    )
    return _result(
        "dump",
        times["plan"] / times["json"],
        detail,
        _seconds(times["plan"]),
        _seconds(times["json"]),
    )


def bench_evaluate_plan(data: Data) -> Result:
    """``evaluate_plan`` against a vectorised pandas rating of the same figures."""
    plan = data.plan
    frame = data.long_frame
    label, previous = data.plan_period
    expected = _ratings(evaluate_plan(plan, label))
    rated = rate_frame(frame, label, previous)
    found = {
        str(ref): (str(status), str(direction))
        for ref, status, direction in zip(
            rated.index, rated["status"], rated["direction"], strict=True
        )
    }
    difference = _first_difference(expected, found)
    if difference is not None:
        raise DisagreementError(
            "evaluate_plan: the pandas rating differs from the library's "
            f"({difference})"
        )
    with _settled_heap():
        times = race(
            {
                "plan": lambda: evaluate_plan(plan, label),
                "pandas": lambda: rate_frame(frame, label, previous),
            },
            data.sizes,
        )
    detail = (
        f"{_plan_size(data)} rated for {label}; pandas over a long table of "
        f"{len(frame):,} rows (period as {frame['period'].dtype}), all ratings agree"
    )
    return _result(
        "evaluate_plan",
        times["plan"] / times["pandas"],
        detail,
        _seconds(times["plan"]),
        _seconds(times["pandas"]),
    )


def _takes_workers() -> bool:
    try:
        parameters = inspect.signature(evaluate_plan).parameters.values()
    except (TypeError, ValueError):  # pragma: no cover - a C function, perhaps.
        return True
    return any(
        p.name == "workers" or p.kind is inspect.Parameter.VAR_KEYWORD
        for p in parameters
    )


def bench_workers(data: Data) -> Result:
    """Throughput of ``evaluate_plan`` with two workers against one."""
    missing = "evaluate_plan has no workers option"
    if not _takes_workers():
        return _unmeasured("workers", missing)
    plan = data.plan
    label, _ = data.plan_period
    rate: Callable[..., EvaluationSet] = evaluate_plan
    try:
        one = rate(plan, label, workers=1)
        two = rate(plan, label, workers=2)
    except TypeError as error:
        if "workers" in str(error):
            return _unmeasured("workers", f"{missing} ({error})")
        raise
    if two.evaluations != one.evaluations:
        difference = _first_difference(_ratings(one), _ratings(two))
        raise DisagreementError(
            "workers: evaluate_plan gives other evaluations with workers=2 than "
            f"with workers=1 ({difference or 'explanations or figures differ'})"
        )
    del one, two
    with _settled_heap():
        times = race(
            {
                "two": lambda: rate(plan, label, workers=2),
                "one": lambda: rate(plan, label, workers=1),
            },
            data.sizes,
        )
    cores = os.cpu_count()
    return _result(
        "workers",
        times["one"] / times["two"],
        f"{_plan_size(data)} rated for {label} on {cores} CPUs; results identical",
        f"{_seconds(times['two'])} with 2",
        f"{_seconds(times['one'])} with 1",
    )


def _console_script() -> list[str]:
    """How to run the ``perfmeasures`` command of this environment."""
    found = shutil.which("perfmeasures", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "perfmeasures"]


@functools.cache
def _process_environment() -> dict[str, str]:
    """The environment of the timed processes: as an installed package runs.

    pip writes bytecode when it installs a package, so a user's command
    starts from it; a checkout run with ``PYTHONDONTWRITEBYTECODE`` set would
    instead compile every module on every run.  Bytecode goes to a folder of
    its own, written by the warm-up run, never into the tree.
    """
    environment = dict(os.environ)
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    environment["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="perfmeasures-pyc-")
    return environment


def _run_once(argv: Sequence[str]) -> float:
    environment = _process_environment()
    start = time.perf_counter()
    completed = subprocess.run(  # noqa: S603 - our own interpreter and script.
        argv,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
        env=environment,
    )
    elapsed = time.perf_counter() - start
    if completed.returncode != 0:
        message = completed.stderr.decode(errors="replace").strip()
        raise RuntimeError(
            f"{' '.join(argv)} exited with status {completed.returncode}: {message}"
        )
    return elapsed


def _race_processes(
    target: Sequence[str], baseline: Sequence[str], runs: int
) -> tuple[float, float]:
    """The fastest of *runs* runs of each command, taking turns after a warm-up."""
    _run_once(target)
    _run_once(baseline)
    best_target = best_baseline = math.inf
    for _ in range(runs):
        best_target = min(best_target, _run_once(target))
        best_baseline = min(best_baseline, _run_once(baseline))
    return best_target, best_baseline


_BARE: Final = (sys.executable, "-c", "pass")


def bench_cli(data: Data) -> Result:
    """``perfmeasures evaluate`` of the bundled plan against ``python -c pass``."""
    command = [*_console_script(), "evaluate"]
    target, baseline = _race_processes(command, _BARE, data.sizes.process_runs)
    shown = " ".join([Path(command[0]).name, *command[1:]])
    return _result(
        "cli",
        target / baseline,
        f"'{shown}' of the bundled plan, fastest of {data.sizes.process_runs} runs",
        _seconds(target),
        _seconds(baseline),
    )


def bench_import(data: Data) -> Result:
    """``python -c "import perfmeasures"`` against ``python -c pass``."""
    command = (sys.executable, "-c", "import perfmeasures")
    target, baseline = _race_processes(command, _BARE, data.sizes.process_runs)
    return _result(
        "import",
        target / baseline,
        f"fastest of {data.sizes.process_runs} runs",
        _seconds(target),
        _seconds(baseline),
    )


@dataclass(frozen=True)
class Benchmark:
    """A benchmark and the data it uses (so that the rest can be freed)."""

    name: str
    run: Callable[[Data], Result]
    needs: frozenset[str] = frozenset()


_PLAN: Final = frozenset({"plan_sources", "plan"})

#: Every benchmark, in the order they run; names as in :data:`GOALS`.
BENCHMARKS: Final[Sequence[Benchmark]] = (
    Benchmark("evaluate", bench_evaluate, frozenset({"evaluate_cases"})),
    Benchmark("history", bench_history, frozenset({"history_sources"})),
    Benchmark("build", bench_build, frozenset({"plan_sources"})),
    Benchmark("load", bench_load, _PLAN | {"plan_text"}),
    Benchmark("load-memory", bench_load_memory, _PLAN | {"plan_text"}),
    Benchmark("dump", bench_dump, _PLAN | {"plan_text", "plan_document"}),
    Benchmark("evaluate_plan", bench_evaluate_plan, _PLAN | {"long_frame"}),
    Benchmark("workers", bench_workers, _PLAN),
    Benchmark("cli", bench_cli),
    Benchmark("import", bench_import),
)


# --------------------------------------------------------------------------
# Running and reporting


def machine() -> dict[str, object]:
    """What the results were measured on."""
    try:
        usable: int | None = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux.
        usable = os.cpu_count()
    return {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "processor": platform.processor(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "cpu_count": os.cpu_count(),
        "usable_cpus": usable,
        "perfmeasures": perfmeasures.__version__,
        "pandas": pd.__version__,
    }


def run(names: Sequence[str], sizes: Sizes) -> list[Result]:
    """Run the benchmarks named, in suite order, and return their rows."""
    data = Data(sizes)
    chosen = [b for b in BENCHMARKS if b.name in names]
    results = []
    for index, benchmark in enumerate(chosen):
        print(f"{benchmark.name} ...", end=" ", file=sys.stderr, flush=True)
        start = time.perf_counter()
        try:
            result = benchmark.run(data)
        except DisagreementError:
            print(file=sys.stderr)
            raise
        except Exception as error:  # noqa: BLE001 - one broken row, not the run.
            traceback.print_exc(file=sys.stderr)
            result = _unmeasured(
                benchmark.name, f"error: {type(error).__name__}: {error}"
            )
        ratio = "-" if result.ratio is None else f"{result.ratio:.2f}"
        took = time.perf_counter() - start
        print(f"{ratio} ({took:.1f} s)", file=sys.stderr, flush=True)
        results.append(result)
        later = set().union(*(b.needs for b in chosen[index + 1 :]))
        data.release(later)
    return results


def table(results: Sequence[Result]) -> str:
    """The results as a table, each row's detail below it."""
    header = ("name", "ratio", "goal", "ok", "perfmeasures", "baseline")
    rows = [
        (
            r.name,
            "-" if r.ratio is None else f"{r.ratio:.2f}",
            r.goal,
            "ok" if r.ok else "FAIL",
            r.target,
            r.baseline,
        )
        for r in results
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    for row, result in zip(rows, results, strict=True):
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
        lines.append(f"    {result.detail}")
    return "\n".join(line.rstrip() for line in lines)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description="Time perfmeasures against baselines; every goal is a ratio.",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smaller data and fewer repeats (the same ratios, in under 3 minutes)",
    )
    parser.add_argument(
        "--json", metavar="PATH", type=Path, help="write the results to PATH as JSON"
    )
    parser.add_argument(
        "--only",
        metavar="NAME",
        action="append",
        choices=list(GOALS),
        help="run only this benchmark (repeatable): " + ", ".join(GOALS),
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the suite; 0 when every goal is met, 1 when not, 2 on disagreement."""
    args = _parser().parse_args(argv)
    sizes = QUICK if args.quick else FULL
    names: list[str] = args.only or list(GOALS)
    started = time.perf_counter()
    try:
        results = run(names, sizes)
    except DisagreementError as error:
        print(f"benchmark aborted, baseline and library disagree: {error}")
        return 2
    wall = time.perf_counter() - started
    print(table(results))
    print(f"\n{'quick' if args.quick else 'full'} run, {wall:.1f} s")
    if args.json is not None:
        payload = {
            "results": [r.to_json() for r in results],
            "machine": machine(),
            "date": dt.datetime.now(dt.UTC).date().isoformat(),
            "quick": bool(args.quick),
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    failed = [r.name for r in results if not r.ok]
    if failed:
        print(f"goals not met: {', '.join(failed)}")
        return 1
    print("every goal met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
