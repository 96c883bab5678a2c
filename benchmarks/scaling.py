"""How perfmeasures' costs grow with history length and plan size.

Run from a checkout with the package installed in the active environment,
as :mod:`run` is (this script borrows its data and its timing)::

    python benchmarks/scaling.py              # the full tables, a few minutes
    python benchmarks/scaling.py --quick      # plans of up to 1,000 measures
    python benchmarks/scaling.py --markdown   # the tables as Markdown

It prints four small tables, with no goals to meet (``run.py`` holds those):

1. ``evaluate(measure, label)`` per call for quarterly measures with 1, 10
   and 100 years of history: the last year's figures are the same in all
   three, so only the history's length differs.
2. ``evaluate_plan(plan, label)`` of quarterly plans of 100, 1,000 and
   10,000 measures with 40 quarters of history each, rated for their last
   quarter in one process, and the largest plan in two processes too.
3. ``perfmeasures.io.plan_from_json`` of monthly plans of 100, 1,000 and
   10,000 measures with 120 months of figures each, with their JSON size.
4. From the largest plan of table 2, how long a national set of 1.6 million
   evaluations (400 councils x 100 measures x 40 quarters) would take in one
   process and in two.

Each time is the fastest of several repeats (:func:`run.race`), so a shared
machine's noise inflates it as little as it can; the data is seeded and
the same on every run.  ``--quick`` stops tables 2 and 3 at 1,000 measures
and repeats less; the national estimate then comes from the 1,000-measure
plan.
"""
# A script that prints, not a package:
# ruff: noqa: T201, INP001

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Final

from run import (
    FULL,
    Data,
    QuarterlySource,
    Sizes,
    _settled_heap,
    build_plan,
    machine,
    race,
)

from perfmeasures import (
    Direction,
    EvaluationSet,
    Measure,
    Plan,
    Status,
    evaluate,
    evaluate_plan,
)
from perfmeasures.io import plan_from_json, plan_to_json

#: Evaluations in the national set: councils x measures x quarters.
NATIONAL: Final = 400 * 100 * 40

#: Quarters of history of each measure of the plans of table 2.
PLAN_QUARTERS: Final = 40

#: Months of figures of each measure of the plans of table 3.
LOAD_MONTHS: Final = 120


@dataclass(frozen=True)
class Scale:
    """What a run measures, and how long it may repeat.

    Args:
        history_measures: Measures rated for each history length.
        history_years: The history lengths of table 1, in years.
        plan_sizes: Measures of each quarterly plan of table 2.
        load_sizes: Measures of each monthly plan of table 3.
        repeats: The fewest timed repeats of anything.
        min_sample: The shortest timed repeat, in seconds; fast calls loop.
        budget: Seconds in which further repeats of a fast call may start.
    """

    history_measures: int
    history_years: tuple[int, ...]
    plan_sizes: tuple[int, ...]
    load_sizes: tuple[int, ...]
    repeats: int
    min_sample: float
    budget: float

    def timing(self, budget: float | None = None) -> Sizes:
        """The repeats :func:`run.race` makes, with *budget* if given."""
        return replace(
            FULL,
            repeats=self.repeats,
            min_sample=self.min_sample,
            budget=self.budget if budget is None else budget,
        )


FULL_SCALE: Final = Scale(
    history_measures=100,
    history_years=(1, 10, 100),
    plan_sizes=(100, 1_000, 10_000),
    load_sizes=(100, 1_000, 10_000),
    repeats=3,
    min_sample=0.05,
    budget=5,
)
QUICK_SCALE: Final = Scale(
    history_measures=100,
    history_years=(1, 10, 100),
    plan_sizes=(100, 1_000),
    load_sizes=(100, 1_000),
    repeats=3,
    min_sample=0.02,
    budget=2,
)


class MismatchError(Exception):
    """Two ways of getting the same answer disagree: the timings mean nothing."""


# --------------------------------------------------------------------------
# Tables


@dataclass(frozen=True)
class Table:
    """A small table to print.

    Args:
        title: What the table shows, in a line.
        header: The column names.
        rows: The cells, as text; every column but the first is numeric.
        note: A line under the table saying how it was measured.
    """

    title: str
    header: tuple[str, ...]
    rows: Sequence[tuple[str, ...]]
    note: str

    def text(self) -> str:
        """The table as aligned plain text."""
        widths = [
            max(len(row[i]) for row in [self.header, *self.rows])
            for i in range(len(self.header))
        ]

        def line(cells: Sequence[str]) -> str:
            first = cells[0].ljust(widths[0])
            rest = [c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True)]
            return "  ".join([first, *rest]).rstrip()

        lines = [self.title, "=" * len(self.title), line(self.header)]
        lines.append("  ".join("-" * w for w in widths))
        lines.extend(line(row) for row in self.rows)
        lines.append(self.note)
        return "\n".join(lines)

    def markdown(self) -> str:
        """The table as Markdown: a bold title, the table and its note."""
        rule = ["---", *("---:" for _ in self.header[1:])]
        lines = [f"**{self.title}**", ""]
        lines.extend(
            "| " + " | ".join(cells) + " |" for cells in (self.header, rule, *self.rows)
        )
        lines.extend(["", self.note])
        return "\n".join(lines)


def _count(number: int) -> str:
    return f"{number:,}"


def _us(seconds: float) -> str:
    return f"{seconds * 1e6:.1f}"


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:,.1f}"


def _size(size: int) -> str:
    if size >= 2**20:
        return f"{size / 2**20:,.1f} MiB"
    return f"{size / 2**10:,.0f} KiB"


def _duration(seconds: float) -> str:
    """A span as a person reads it: ``4 min 16 s`` or ``16.3 s``."""
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s"


def _progress(message: str) -> Callable[[], None]:
    """Say on stderr what runs now; the function returned says it is done."""
    print(f"{message} ...", end=" ", file=sys.stderr, flush=True)
    start = time.perf_counter()

    def done() -> None:
        print(f"{time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)

    return done


# --------------------------------------------------------------------------
# 1. evaluate against history length


def _last_years(source: QuarterlySource, years: int) -> QuarterlySource:
    """*source* cut to its last *years* years of figures and targets."""
    return QuarterlySource(
        ref=source.ref,
        polarity=source.polarity,
        figures=source.figures[-4 * years :],
        targets=source.targets[-years:],
    )


def _rate_each(measures: Sequence[Measure], label: str) -> Callable[[], object]:
    return lambda: [evaluate(m, label) for m in measures]


def _rating(measure: Measure, label: str) -> tuple[Status, Direction]:
    evaluation = evaluate(measure, label)
    return evaluation.status, evaluation.direction


def history_table(scale: Scale) -> Table:
    """``evaluate`` per call for each history length of *scale*."""
    longest = max(scale.history_years)
    done = _progress("evaluate by history length")
    sizes = replace(
        FULL, history_measures=scale.history_measures, history_years=longest
    )
    sources = Data(sizes).history_sources
    label = sources[0].figures[-1][0]
    measures = {
        years: [_last_years(source, years).measure() for source in sources]
        for years in scale.history_years
    }
    ratings = {
        years: [_rating(m, label) for m in found] for years, found in measures.items()
    }
    if len({tuple(found) for found in ratings.values()}) != 1:
        raise MismatchError(
            f"evaluate: measures rated for {label} differ with the history's length"
        )
    with _settled_heap():
        times = race(
            {str(years): _rate_each(found, label) for years, found in measures.items()},
            scale.timing(),
        )
    count = scale.history_measures
    shortest = times[str(min(scale.history_years))]
    rows = [
        (
            _count(years),
            _count(4 * years),
            _us(times[str(years)] / count),
            f"{times[str(years)] / shortest:.2f}",
        )
        for years in scale.history_years
    ]
    done()
    return Table(
        title="evaluate(measure, label) by length of history",
        header=("years", "quarters", "per call (µs)", "relative"),
        rows=rows,
        note=(
            f"{count} quarterly measures with annual targets and the default "
            f"rules, rated for {label} (their last quarter); fastest of repeated "
            "runs of all of them."
        ),
    )


# --------------------------------------------------------------------------
# 2. evaluate_plan against plan size


@dataclass(frozen=True)
class PlanTiming:
    """Seconds per ``evaluate_plan`` call of a plan, by number of processes.

    Args:
        measures: The plan's measures.
        label: The quarter the plan was rated for.
        seconds: The fastest call's seconds, by ``workers``.
    """

    measures: int
    label: str
    seconds: dict[int, float]


def _quarterly_measures(count: int) -> tuple[list[Measure], str]:
    """*count* quarterly measures of 40 quarters, and their last quarter's label."""
    sizes = replace(FULL, history_measures=count, history_years=PLAN_QUARTERS // 4)
    sources = Data(sizes).history_sources
    return [source.measure() for source in sources], sources[0].figures[-1][0]


def _rate(plan: Plan, label: str, workers: int) -> Callable[[], EvaluationSet]:
    return lambda: evaluate_plan(plan, label, workers=workers)


def time_plans(scale: Scale) -> list[PlanTiming]:
    """``evaluate_plan`` of each plan size; the largest with two workers too."""
    largest = max(scale.plan_sizes)
    done = _progress(f"building {largest:,} quarterly measures")
    measures, label = _quarterly_measures(largest)
    done()
    timings = []
    for count in scale.plan_sizes:
        plan = Plan(title=f"{count} measures", measures=measures[:count])
        workers = (1, 2) if count == largest else (1,)
        shown = " and ".join(str(w) for w in workers)
        done = _progress(f"evaluate_plan of {count:,} measures, workers={shown}")
        if count == largest:
            # Starts the children that later calls of this plan reuse, and
            # checks that two processes rate as one does.
            one = evaluate_plan(plan, label, workers=1)
            two = evaluate_plan(plan, label, workers=2)
            if one.evaluations != two.evaluations:
                raise MismatchError("evaluate_plan: workers=2 differs from workers=1")
            del one, two
        budget = scale.budget * 2 if count == largest else scale.budget
        with _settled_heap():
            times = race(
                {str(w): _rate(plan, label, w) for w in workers},
                scale.timing(budget),
            )
        timings.append(PlanTiming(count, label, {w: times[str(w)] for w in workers}))
        del plan
        done()
    return timings


def plan_table(timings: Sequence[PlanTiming]) -> Table:
    """Table 2, from :func:`time_plans`."""
    rows = [
        (
            _count(timing.measures),
            _count(timing.measures * PLAN_QUARTERS),
            str(workers),
            _us(seconds / timing.measures),
            _ms(seconds),
            _count(round(timing.measures / seconds)),
        )
        for timing in timings
        for workers, seconds in timing.seconds.items()
    ]
    return Table(
        title="evaluate_plan(plan, label) by plan size",
        header=(
            "measures",
            "figures",
            "workers",
            "per measure (µs)",
            "total (ms)",
            "evaluations/s",
        ),
        rows=rows,
        note=(
            f"Quarterly measures with {PLAN_QUARTERS} quarters of history, annual "
            f"targets and the default rules, rated for {timings[0].label}; "
            f"{_cpus()}; fastest of repeated calls.  Per measure is the call's "
            "time over its measures, however many processes share it."
        ),
    )


def _cpus() -> str:
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux.
        usable = os.cpu_count() or 1
    return f"{usable} CPU{'s' if usable != 1 else ''} usable"


# --------------------------------------------------------------------------
# 3. plan_from_json against plan size


def load_table(scale: Scale) -> Table:
    """``plan_from_json`` of each monthly plan size of *scale*."""
    largest = max(scale.load_sizes)
    done = _progress(f"making {largest:,} monthly measures")
    sizes = replace(FULL, plan_measures=largest, plan_months=LOAD_MONTHS)
    sources = Data(sizes).plan_sources
    done()
    rows = []
    for count in scale.load_sizes:
        done = _progress(f"plan_from_json of {count:,} measures")
        plan = build_plan(sources[:count])
        text = plan_to_json(plan)
        loaded = plan_from_json(text)
        if loaded != plan:
            raise MismatchError(f"load: the plan of {count} measures reads back other")
        del loaded, plan
        with _settled_heap():
            seconds = race({"load": _load(text)}, scale.timing())["load"]
        figures = count * LOAD_MONTHS
        rows.append(
            (
                _count(count),
                _count(figures),
                _size(len(text.encode("utf-8"))),
                _ms(seconds),
                _us(seconds / count),
                f"{seconds / figures * 1e6:.2f}",
            )
        )
        del text
        done()
    return Table(
        title="perfmeasures.io.plan_from_json(text) by plan size",
        header=(
            "measures",
            "figures",
            "JSON",
            "total (ms)",
            "per measure (µs)",
            "per figure (µs)",
        ),
        rows=rows,
        note=(
            f"Monthly measures with {LOAD_MONTHS} months of figures and 10 annual "
            "targets each, as plan_to_json writes them (indent 2), read from a "
            "str; fastest of repeated loads."
        ),
    )


# --------------------------------------------------------------------------
def _load(text: str) -> Callable[[], Plan]:
    return lambda: plan_from_json(text)


# --------------------------------------------------------------------------
# 4. The national estimate


def national_table(timings: Sequence[PlanTiming]) -> Table:
    """1.6 million evaluations at the largest plan's measured throughput."""
    largest = max(timings, key=lambda timing: timing.measures)
    rows = []
    for workers, seconds in sorted(largest.seconds.items()):
        each = seconds / largest.measures
        setting = "one core" if workers == 1 else f"this machine, workers={workers}"
        rows.append(
            (
                setting,
                _us(each),
                _count(round(1 / each)),
                _duration(NATIONAL * each),
            )
        )
    return Table(
        title=f"The national set: {NATIONAL:,} evaluations",
        header=("run", "per evaluation (µs)", "evaluations/s", "estimated time"),
        rows=rows,
        note=(
            f"Assumes 400 councils x 100 quarterly measures x 40 quarters, each "
            f"measure with {PLAN_QUARTERS} quarters of history and the default "
            f"rules, rated at the throughput measured above for the plan of "
            f"{largest.measures:,} measures (so in plans of at least 1,000 "
            "measures, which two workers need); loading and reporting not included."
        ),
    )


# --------------------------------------------------------------------------
# Running


def _load_average() -> str:
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except (AttributeError, OSError):  # pragma: no cover - not on Unix.
        return "unknown"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description="Print how perfmeasures' costs grow with history and plan size.",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="plans of up to 1,000 measures and fewer repeats (under a minute)",
    )
    parser.add_argument(
        "--markdown", action="store_true", help="print the tables as Markdown"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Measure and print the tables; 1 when two ways of rating disagree."""
    args = _parser().parse_args(argv)
    scale = QUICK_SCALE if args.quick else FULL_SCALE
    busy = _load_average()
    started = time.perf_counter()
    try:
        tables = [history_table(scale)]
        timings = time_plans(scale)
        tables.append(plan_table(timings))
        tables.append(load_table(scale))
        tables.append(national_table(timings))
    except MismatchError as error:
        print(f"scaling aborted: {error}")
        return 1
    wall = time.perf_counter() - started
    print("\n\n".join(t.markdown() if args.markdown else t.text() for t in tables))
    about = machine()
    print(
        f"\n{'quick' if args.quick else 'full'} run in {wall:.0f} s on "
        f"{about['platform']}, Python {about['python']}, {_cpus()}, "
        f"perfmeasures {about['perfmeasures']}; load average {busy} at the start "
        "(near 0 on an idle machine: other work inflates the times, workers=2's most)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
