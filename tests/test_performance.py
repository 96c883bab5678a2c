"""Tests of what makes perfmeasures fast, and that speed changed no answer.

No test here times anything: timings live in ``benchmarks/``.  These check
that the shortcuts give the answers the long ways give (results built
without re-checking, figures computed on first read, periods pooled,
targets remembered, batches spread over processes), and count the work
that must not grow: an evaluation's with the length of history, a load's
faster than the number of measures.
"""

from __future__ import annotations

import copy
import gc
import pickle
import sys
import threading
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from types import FrameType
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import perfmeasures
from perfmeasures import (
    Evaluation,
    FixedTarget,
    InvalidValueError,
    Measure,
    Month,
    Plan,
    Polarity,
    Quarter,
    Status,
    Unit,
    UnitKind,
    Year,
    evaluate,
    evaluate_plan,
    parse_period,
    strategies,
)
from perfmeasures import _workers as workers_module
from perfmeasures._checks import unchecked
from perfmeasures.examples import rotherham_2019_20
from perfmeasures.io import plan_from_json, plan_to_json

HIGH = Polarity.HIGHER_IS_BETTER


def _measure(years: int, ref: str = "M1") -> Measure:
    """A quarterly measure with *years* years of history up to 2019/20."""
    values = {
        f"Q{q} {y}/{(y + 1) % 100:02d}": Decimal(q * 10 + y % 7)
        for y in range(2020 - years, 2020)
        for q in range(1, 5)
    }
    return Measure(
        ref=ref,
        title="A measure",
        polarity=HIGH,
        values=values,
        targets={"2019/20": 20},
    )


class TestDeferredFields:
    """The variance and explanation, computed on first read, read as eager ones."""

    def test_same_as_eager(self) -> None:
        """Each deferred field equals the one a fully built evaluation holds."""
        for measure in rotherham_2019_20().measures:
            lazy = evaluate(measure, "Q1 2019/20")
            other = evaluate(measure, "Q1 2019/20")
            # Read in different orders: all are set at the first read.
            words = lazy.explanation
            assert (other.variance, other.variance_percent) == (
                lazy.variance,
                lazy.variance_percent,
            )
            assert words == other.explanation
            fields = {
                str(f.alias): getattr(lazy, f.name) for f in attrs.fields(Evaluation)
            }
            eager = Evaluation(**fields)
            assert eager == lazy
            assert hash(eager) == hash(lazy)
            assert repr(eager) == repr(lazy)

    def test_copied_pickled_evolved(self) -> None:
        """Copies, pickles and evolved evaluations carry the computed fields."""
        plan = rotherham_2019_20()
        makers: list[Callable[[Evaluation], Evaluation]] = [
            copy.copy,
            copy.deepcopy,
            lambda e: pickle.loads(pickle.dumps(e)),
            lambda e: attrs.evolve(e, status=Status.AMBER),
        ]
        for make in makers:
            original = evaluate(plan.measure("3.B3"), "Q1 2019/20")
            copied = make(original)
            assert original.explanation == copied.explanation
            assert Decimal("24.975") == copied.variance

    def test_unknown_attribute(self) -> None:
        """A name no evaluation has is an AttributeError, as for any object."""
        result = evaluate(_measure(1), "Q1 2019/20")
        with pytest.raises(
            AttributeError, match="'Evaluation' object has no attribute 'explain'"
        ):
            result.explain  # noqa: B018
        assert not hasattr(result, "nothing")

    def test_read_from_many_threads(self) -> None:
        """Threads reading the same fresh evaluation all see the same words."""
        for _ in range(20):
            result = evaluate(_measure(2), "Q2 2019/20")
            seen: list[str] = []
            barrier = threading.Barrier(8)
            threads = [
                threading.Thread(target=_read_words, args=(result, barrier, seen))
                for _ in range(8)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert 1 == len(set(seen))
            assert 8 == len(seen)


def _read_words(
    result: Evaluation, barrier: threading.Barrier, seen: list[str]
) -> None:
    barrier.wait()
    seen.append(result.explanation)


class TestUnchecked:
    """Building without checks gives what building with them gives."""

    def test_equal_to_checked(self) -> None:
        """Keywords, positions and defaults all land in the right fields."""
        build = unchecked(Evaluation)
        period = Year(2019)
        checked = Evaluation(
            ref="A",
            period=period,
            status=Status.RED,
            computed_status=Status.GREEN,
            direction=evaluate(_measure(1), "Q1 2019/20").direction,
            actual=Decimal(3),
        )
        assert checked == build(
            ref="A",
            period=period,
            status=Status.RED,
            computed_status=Status.GREEN,
            direction=checked.direction,
            actual=Decimal(3),
        )

    def test_refuses_factories(self) -> None:
        """A field with a default factory cannot be left to a constructor without checks."""
        with pytest.raises(TypeError, match="factories are not supported"):
            unchecked(Measure)


class TestPeriods:
    """Pooled periods and integer ordering answer as dates do."""

    @given(st.lists(strategies.periods(), max_size=30))
    def test_order_is_date_order(self, periods: list[Any]) -> None:
        """Sorting by month indices sorts by first day, then last day."""
        assert sorted(periods, key=lambda p: (p.start, p.end)) == sorted(periods)

    @given(strategies.periods(), strategies.periods())
    def test_contains_matches_dates(self, one: Any, other: Any) -> None:
        """Containment by month indices is containment by dates."""
        assert (one.start <= other.start and other.end <= one.end) == one.contains(
            other
        )

    @given(strategies.periods(), st.integers(-50, 50))
    def test_moves_match_fresh_periods(self, period: Any, steps: int) -> None:
        """A remembered move equals the same move made from a fresh period."""
        fresh = attrs.evolve(period)
        try:
            moved = period.shift(steps)
        except InvalidValueError:
            return
        assert moved == fresh.shift(steps)
        assert moved.previous() == fresh.shift(steps - 1)

    def test_labels_read_once(self) -> None:
        """The same label gives the same period object; a copy equals it."""
        first = parse_period("Q1 2019/20")
        assert first is parse_period("Q1 2019/20")
        assert first is parse_period("q1   2019-20").previous().next()
        assert Quarter(Year(2019), 1) == first

    def test_end_dates(self) -> None:
        """Last days follow the calendar, leap years included."""
        assert "2020-02-29" == Month(2020, 2).end.isoformat()
        assert "2019-06-30" == Quarter(Year(2019), 1).end.isoformat()
        assert "2020-08-31" == Year(2019, start_month=9).end.isoformat()


class TestRememberedTargets:
    """Targets resolved once never mix up equal targets written differently."""

    def test_places_kept_per_target(self) -> None:
        """85 and 85.0 are equal targets, each written as given."""
        percent = Unit(kind=UnitKind.PERCENTAGE)
        words = []
        for written in ("85", "85.0", "85.00"):
            measure = Measure(
                ref="P",
                title="P",
                polarity=HIGH,
                unit=percent,
                values={"Q1 2019/20": "81"},
                targets={"2019/20": FixedTarget(written)},
            )
            words.append(evaluate(measure, "Q1 2019/20").explanation.split(",")[0])
        assert [
            "81% against a target of 85%",
            "81% against a target of 85.0%",
            "81% against a target of 85.00%",
        ] == words


def _count_calls(action: Callable[[], object]) -> int:
    """How many of perfmeasures' Python functions *action* calls, however deep.

    The cyclic garbage collector is paused meanwhile, so that no collection
    (and no callback it sets off, such as the end of a plan's worker
    processes) falls into one count and not another.
    """
    count = 0
    package = str(Path(perfmeasures.__file__).parent)

    def profile(frame: FrameType, event: str, arg: object) -> None:
        nonlocal count
        del arg
        if event == "call" and frame.f_code.co_filename.startswith(package):
            count += 1

    collecting = gc.isenabled()
    gc.disable()
    sys.setprofile(profile)
    try:
        action()
    finally:
        sys.setprofile(None)
        if collecting:
            gc.enable()
    return count


class TestWorkDoesNotGrow:
    """Counted, not timed: the work of an evaluation and of a load."""

    def test_evaluation_independent_of_history(self) -> None:
        """An evaluation with 100 years of history calls what one with 1 year calls."""
        short, long = _measure(1), _measure(100)
        # Warm the remembered labels and moves, as any second call finds them.
        evaluate(short, "Q2 2019/20")
        evaluate(long, "Q2 2019/20")
        assert _count_calls(lambda: evaluate(short, "Q2 2019/20")) == _count_calls(
            lambda: evaluate(long, "Q2 2019/20")
        )

    @staticmethod
    def _text(count: int) -> str:
        return plan_to_json(
            Plan(title="P", measures=[_measure(3, f"M{i}") for i in range(count)])
        )

    def test_loading_linear_in_measures(self) -> None:
        """Loading four times the measures calls at most four times as much."""
        small, large = self._text(50), self._text(200)
        plan_from_json(small)
        calls_small = _count_calls(lambda: plan_from_json(small))
        calls_large = _count_calls(lambda: plan_from_json(large))
        assert calls_large <= 4 * calls_small

    def test_report_evaluates_once(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A performance report evaluates the plan once for all its parts."""
        from perfmeasures.reports import _report  # noqa: PLC0415

        calls = []
        real = evaluate_plan

        def counting(*args: Any, **kwargs: Any) -> Any:
            calls.append(args)
            return real(*args, **kwargs)

        monkeypatch.setattr(_report, "evaluate_plan", counting)
        _report.performance_report(rotherham_2019_20(), "Q1 2019/20")
        assert 1 == len(calls)


@pytest.fixture
def few_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Spread even a small plan over processes."""
    monkeypatch.setattr(workers_module, "LEAST_PER_PROCESS", 2)


class TestWorkers:
    """A batch spread over processes gives the batch evaluated in one."""

    @pytest.mark.usefixtures("few_per_process")
    @pytest.mark.parametrize("count", [2, 3])
    def test_seed_plan(self, count: int) -> None:
        """Every evaluation of the seed, multi-part measures included, is the same."""
        plan = rotherham_2019_20()
        one = evaluate_plan(plan, "Q1 2019/20")
        many = evaluate_plan(plan, "Q1 2019/20", workers=count)
        assert one == many
        assert [e.explanation for e in one] == [e.explanation for e in many]
        assert [e.variance_percent for e in one] == [e.variance_percent for e in many]

    @pytest.mark.usefixtures("few_per_process")
    @settings(max_examples=25)
    @given(strategies.plans(), strategies.periods(start_month=4))
    def test_generated_plans(self, plan: Plan, period: Any) -> None:
        """Generated plans rate alike in one process and in two."""
        try:
            one = evaluate_plan(plan, period)
        except InvalidValueError:
            return
        many = evaluate_plan(plan, period, workers=2)
        assert one == many
        assert [e.explanation for e in one] == [e.explanation for e in many]

    @pytest.mark.parametrize("bad", [0, -1, True, 1.5, "2"])
    def test_refuses_bad_counts(self, bad: object) -> None:
        """Workers are a whole number of at least one."""
        with pytest.raises(
            InvalidValueError, match="'workers' must be a whole number of at least 1"
        ):
            evaluate_plan(rotherham_2019_20(), "Q1 2019/20", workers=bad)  # type: ignore[arg-type]


@attrs.frozen
class _Refuses:
    """A status scheme that fails on one measure, as a buggy app scheme might."""

    ref_value: Decimal = Decimal(13)

    def rate(self, case: Any) -> Status:
        """Rate *case*, or fail on the figure 13."""
        if case.actual == self.ref_value:
            message = "unlucky figure"
            raise ArithmeticError(message)
        return Status.GREEN


class TestChildren:
    """The processes behind ``workers``: kept, replaced, ended; errors passed on."""

    @staticmethod
    def _plan(count: int, unlucky: set[int] | None = None) -> Plan:
        return Plan(
            title="P",
            measures=[
                Measure(
                    ref=f"M{i}",
                    title="M",
                    polarity=HIGH,
                    values={"Q1 2019/20": 13 if i in (unlucky or set()) else i},
                    targets={"2019/20": 5},
                    rules=None,
                )
                for i in range(count)
            ],
        )

    @pytest.mark.usefixtures("few_per_process")
    def test_first_error_in_plan_order(self) -> None:
        """An error in a child is raised here, the first in plan order."""
        from perfmeasures import Rules  # noqa: PLC0415

        plan = self._plan(40, unlucky={30, 35})
        plan = attrs.evolve(plan, rules=Rules(status=_Refuses()))
        with pytest.raises(ArithmeticError, match="unlucky figure"):
            evaluate_plan(plan, "Q1 2019/20", workers=2)
        # The children answered and are ready for the next batch.
        fine = self._plan(40)
        assert evaluate_plan(fine, "Q1 2019/20") == evaluate_plan(
            fine, "Q1 2019/20", workers=2
        )

    @pytest.mark.usefixtures("few_per_process")
    def test_kept_for_the_same_plan(self) -> None:
        """A plan's children serve its next batch; another plan's replace them."""
        plan = self._plan(30)
        evaluate_plan(plan, "Q1 2019/20", workers=2)
        first = workers_module._kept[id(plan)][2]
        evaluate_plan(plan, "Q1 2019/20", workers=2)
        assert first is workers_module._kept[id(plan)][2]
        other = self._plan(31)
        evaluate_plan(other, "Q1 2019/20", workers=2)
        assert id(plan) not in workers_module._kept
        assert all(not p.is_alive() for p in first.processes)
        kept = workers_module._kept[id(other)][2]
        del other
        gc.collect()
        assert not workers_module._kept
        assert all(not p.is_alive() for p in kept.processes)

    @pytest.mark.usefixtures("few_per_process")
    def test_without_fork(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Where children cannot fork, the plan is sent to them, with the same results."""
        import multiprocessing  # noqa: PLC0415

        monkeypatch.setattr(
            workers_module, "_context", lambda: multiprocessing.get_context("spawn")
        )
        workers_module._end_all()
        plan = rotherham_2019_20()
        assert evaluate_plan(plan, "Q1 2019/20") == evaluate_plan(
            plan, "Q1 2019/20", workers=2
        )
        workers_module._end_all()


class TestRows:
    """An evaluation sent as a row and rebuilt is the evaluation itself."""

    def test_seed_plan_rows(self) -> None:
        """Each measure of the seed, rebuilt from its row, equals its evaluation."""
        plan = rotherham_2019_20()
        periods = ["Q1 2019/20"] * len(plan.measures)
        rows = workers_module._rows(plan, periods, 0, len(plan.measures))
        assert any(row is None for row in rows)  # The multi-part measure.
        for measure, period, row in zip(plan.measures, periods, rows, strict=True):
            rebuilt = workers_module._rebuild(measure, period, row)
            fresh = evaluate(measure, period)
            assert fresh == rebuilt
            assert fresh.explanation == rebuilt.explanation

    @given(strategies.measures(), strategies.periods(start_month=4))
    def test_generated_rows(self, measure: Measure, period: Any) -> None:
        """Generated measures survive the trip, missing figures and all."""
        plan = Plan(title="P", measures=[measure])
        try:
            fresh = evaluate(measure, period)
        except InvalidValueError:
            return
        (row,) = workers_module._rows(plan, [period], 0, 1)
        rebuilt = workers_module._rebuild(measure, period, row)
        assert fresh == rebuilt
        assert fresh.explanation == rebuilt.explanation

    def test_serve(self) -> None:
        """A child takes its plan, answers each run, reports errors, and stops."""
        import multiprocessing  # noqa: PLC0415

        plan = rotherham_2019_20()
        mine, theirs = multiprocessing.Pipe()
        child = threading.Thread(target=workers_module._serve, args=(theirs,))
        child.start()
        mine.send(plan)
        mine.send((["Q1 2019/20"] * 10, 0, 2))
        ok, rows = mine.recv()
        assert ok
        assert 2 == len(rows)
        mine.send((["Q2 2023"] * 10, 0, 1))
        ok, error = mine.recv()
        assert not ok
        assert "calendar quarter" in str(error)
        mine.send(None)
        child.join(timeout=10)
        assert not child.is_alive()
        mine.close()
        theirs.close()

    def test_serve_ends_when_the_parent_goes(self) -> None:
        """A child whose parent closed the pipe ends rather than waiting."""
        import multiprocessing  # noqa: PLC0415

        mine, theirs = multiprocessing.Pipe()
        child = threading.Thread(target=workers_module._serve, args=(theirs,))
        child.start()
        mine.send(rotherham_2019_20())
        mine.close()
        child.join(timeout=10)
        assert not child.is_alive()
        theirs.close()


class TestFigureMap:
    """A measure's values keep figures alone unboxed, and read as values."""

    @staticmethod
    def _measure(values: dict[str, object]) -> Measure:
        return Measure(ref="F", title="F", polarity=HIGH, values=values)

    def test_reads_as_values(self) -> None:
        """Each way of reading the map gives Value objects, as a PeriodMap does."""
        from perfmeasures import MissingReason, PeriodMap, Value  # noqa: PLC0415

        given = {
            "Q1 2019/20": Value.of("94.80"),
            "Q2 2019/20": Value.cumulative(5),
            "Q3 2019/20": Value.not_available(MissingReason.NOT_YET_AVAILABLE),
            "Q4 2019/20": Value.from_ratio(8, 18),
        }
        plain = PeriodMap(given)
        values = self._measure(dict(given)).values
        q1 = parse_period("Q1 2019/20")
        assert Value.of("94.80") == values[q1]
        assert "94.80" == str(values[q1].amount)
        assert values.get(parse_period("Q1 2020/21")) is None
        assert 7 == values.get(parse_period("Q1 2020/21"), 7)
        assert list(plain.items()) == list(values.items())
        assert list(plain.values()) == list(values.values())
        assert plain == values
        assert values == plain
        assert hash(plain) == hash(values)
        assert repr(plain) == repr(values)
        assert values == pickle.loads(pickle.dumps(values))

    def test_same_measure_however_given(self) -> None:
        """Numbers, text, decimals and Value objects of a figure make one measure."""
        from perfmeasures import Value  # noqa: PLC0415

        forms: list[dict[str, object]] = [
            {"Q1 2019/20": "94.8"},
            {"Q1 2019/20": Decimal("94.8")},
            {"Q1 2019/20": 94.8},
            {"Q1 2019/20": Value.of("94.8")},
        ]
        measures = [self._measure(form) for form in forms]
        assert all(measures[0] == m for m in measures)
        assert 1 == len({hash(m) for m in measures})
        assert all(attrs.evolve(m, title="G").values == m.values for m in measures)

    def test_percentages_checked(self) -> None:
        """A percentage figure alone is still refused outside 0 to 100."""
        with pytest.raises(InvalidValueError, match=r"values\['Q1 2019/20'\]\.amount"):
            Measure(
                ref="P",
                title="P",
                polarity=HIGH,
                unit=Unit(kind=UnitKind.PERCENTAGE),
                values={"Q1 2019/20": Decimal(120)},
            )

    @given(strategies.measures())
    def test_generated_values_survive(self, measure: Measure) -> None:
        """Rebuilding a measure from its values as read gives the same measure."""
        again = attrs.evolve(measure, values=dict(measure.values.items()))
        assert measure == again
        assert list(measure.values.items()) == list(again.values.items())
