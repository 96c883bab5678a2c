"""Tests for reading at scale: work linear in the number of measures, and limits that fit."""

from __future__ import annotations

import io
import json
import sys
import zipfile
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from types import FrameType
from typing import Any

import attrs
import pytest

from perfmeasures import (
    FixedTarget,
    LoadError,
    Measure,
    Month,
    Plan,
    Polarity,
    Priority,
    Problem,
    Rules,
    Unit,
    UnitKind,
    Value,
)
from perfmeasures.io import (
    DEFAULT_MAX_BYTES,
    dump_plan,
    load_plan,
    plan_from_json,
    plan_to_json,
    read_long_csv,
    read_long_xlsx,
    write_long_csv,
)
from perfmeasures.io._json import _reading
from perfmeasures.io._json._reading import index, member
from perfmeasures.io._sheets._read import CSV_MAX_BYTES

#: The smaller plan of each comparison; the larger has four times as many
#: measures.
SMALL = 100

#: The most the work may grow by when the measures grow fourfold: linear
#: work grows by four, work quadratic in the measures by sixteen.
MOST_GROWTH = 5

_NOTE = "Figures for this month are provisional and may be revised."


def _figure(seed: int, places: int, top: int) -> Decimal:
    """A figure from 0 to *top* with *places* places, the same for the same seed."""
    return Decimal(seed * 7919 % (top * 10**places)).scaleb(-places)


def _measure(k: int, months: tuple[Month, ...], note: str, *, parts: bool) -> Measure:
    """Measure number *k*, of a council plan's shape, with a value every month."""
    places = 1 + k % 3
    percentage = k % 2 == 0
    top = 100 if percentage else 5000
    years = sorted({month.financial_year() for month in months})
    components = (
        tuple(
            Measure(
                ref=f"{k}({part})",
                title=f"Measure {k}, {part}",
                polarity=Polarity.HIGHER_IS_BETTER,
                values={months[0]: Value(amount=_figure(k + len(part), places, top))},
            )
            for part in ("a", "b")
        )
        if parts
        else ()
    )
    return Measure(
        ref=f"{1 + k % 5}.{chr(65 + k % 26)}{k}",
        title=f"Measure {k} of the council plan",
        polarity=Polarity.LOWER_IS_BETTER if k % 3 else Polarity.HIGHER_IS_BETTER,
        unit=Unit(kind=UnitKind.PERCENTAGE if percentage else UnitKind.COUNT),
        values={
            m: Value(amount=_figure(k * 131 + i, places, top))
            for i, m in enumerate(months)
        },
        targets={
            year: FixedTarget(_figure(k * 17 + year.year, places, top))
            for year in years
        },
        notes={
            m: f"{m.label}: {note}" for m in months[:: 12 if len(note) < 100 else 1]
        },
        priority=str(1 + k % 5),
        lead_officer=f"Officer {k % 40}",
        components=components,
    )


def council_plan(measures: int, months: int, *, note: str = _NOTE) -> Plan:
    """A plan of *measures* measures with *months* months of figures each.

    Every figure is computed from its measure's number and its period, so
    that the same arguments always give the same plan.  Refs look like
    ``1.A23``, values and targets have one to three places, every year has
    a target and every measure a note a year (a long *note*, every month);
    every tenth measure has two parts, and every seventh rules of its own.
    """
    first = Month(2015, 4)
    span = tuple(first.shift(n) for n in range(months))
    made = [_measure(k, span, note, parts=k % 10 == 0) for k in range(measures)]
    return Plan(
        title="Council Plan",
        organisation="A Borough Council",
        priorities=[Priority(key=str(n), title=f"Priority {n}") for n in range(1, 6)],
        measures=made,
        measure_rules={m.ref: Rules() for m in made[::7]},
    )


class _Ref(str):
    """Text whose every comparison runs a line of Python, so tracing counts it.

    Comparing references inside a C loop (``ref in a_list``) is invisible
    to a tracer; comparing these is not.
    """

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return str.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return str.__ne__(self, other)

    __hash__ = str.__hash__


def _refs_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every key and text value that JSON parsing returns a :class:`_Ref`."""
    real = json.loads

    def loads(text: str | bytes, **options: Any) -> Any:
        hook = options.get("object_pairs_hook", dict)

        def pairs_hook(pairs: list[tuple[str, Any]]) -> Any:
            return hook([(_Ref(k), _Ref(v) if type(v) is str else v) for k, v in pairs])

        options["object_pairs_hook"] = pairs_hook
        return real(text, **options)

    monkeypatch.setattr(json, "loads", loads)


def _work(action: Callable[[], object]) -> Counter[tuple[str, int]]:
    """How many times each line of Python ran during *action*.

    A count of work done, not a timing: the same for the same input on any
    machine, however busy.
    """
    lines: Counter[tuple[str, int]] = Counter()

    def trace(frame: FrameType, event: str, _: object) -> Any:
        if event == "line":
            lines[frame.f_code.co_filename, frame.f_lineno] += 1
        return trace

    before = sys.gettrace()
    sys.settrace(trace)
    try:
        action()
    finally:
        sys.settrace(before)
    return lines


def _growth(case: Callable[[int], Callable[[], object]]) -> tuple[float, list[str]]:
    """How the work of *case* grows from SMALL measures to four times as many.

    Returns:
        The growth of all the work, and every line that runs at least once
        per measure and grew by more than :data:`MOST_GROWTH`.
    """
    small = _work(case(SMALL))
    large = _work(case(4 * SMALL))
    total = sum(large.values()) / sum(small.values())
    worst = [
        f"{file}:{line} ran {small[file, line]} then {count} times"
        for (file, line), count in large.most_common()
        if count >= SMALL and count > MOST_GROWTH * small[file, line]
    ]
    return total, worst


def _check_linear(case: Callable[[int], Callable[[], object]]) -> None:
    total, worst = _growth(case)
    assert [] == worst
    assert total < MOST_GROWTH


class TestWorkPerMeasure:
    """Reading does a constant amount of work per measure, however many."""

    def test_long_csv(self) -> None:
        """Reading long CSV: measures are not searched for their parts."""

        def case(n: int) -> Callable[[], object]:
            buffer = io.StringIO()
            write_long_csv(council_plan(n, 1), buffer)
            text = buffer.getvalue()
            return lambda: read_long_csv(io.StringIO(text))

        _check_linear(case)

    def test_plan_from_json(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Reading JSON text: references are checked against a set, not a list."""
        _refs_counted(monkeypatch)

        def case(n: int) -> Callable[[], object]:
            text = plan_to_json(council_plan(n, 1))
            return lambda: plan_from_json(text)

        _check_linear(case)

    def test_load_plan(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        """Loading a JSON file, duplicate references included, is linear too."""
        _refs_counted(monkeypatch)

        def case(n: int) -> Callable[[], object]:
            document = json.loads(plan_to_json(council_plan(n, 1)))
            # A repeated reference at the end: every check still runs, and
            # the error it gives is the only one.
            document["measures"].append(document["measures"][0])
            path = tmp_path / f"plan-{n}.json"
            path.write_text(json.dumps(document), encoding="utf-8")

            def load() -> None:
                with pytest.raises(LoadError) as caught:
                    load_plan(path)
                assert 1 == len(caught.value.problems)

            return load

        _check_linear(case)

    def test_plan_construction(self) -> None:
        """Building a plan checks and hands out rules in linear work."""

        def case(n: int) -> Callable[[], object]:
            plan = council_plan(n, 1)
            measures = [
                attrs.evolve(m, ref=_Ref(m.ref), inherited_rules=None)
                for m in plan.measures
            ]
            rules = {_Ref(ref): r for ref, r in plan.measure_rules.items()}
            return lambda: Plan(
                title=plan.title,
                priorities=plan.priorities,
                measures=measures,
                measure_rules=rules,
            )

        _check_linear(case)

    def test_measure_lookup(self) -> None:
        """Finding every measure of a plan by reference is linear in their number."""

        def case(n: int) -> Callable[[], object]:
            plan = council_plan(n, 1)
            refs = [_Ref(m.ref) for m in plan.measures]
            return lambda: [plan.rules_for(ref) for ref in refs]

        _check_linear(case)

    def test_lookup_finds_the_measure(self) -> None:
        """The index gives the same measure a search would, and refuses others."""
        plan = council_plan(30, 1)
        assert list(plan.measures) == [plan.measure(m.ref) for m in plan.measures]
        with pytest.raises(LookupError):
            plan.measure("9.Z99")

    def test_index_is_no_part_of_the_plan(self) -> None:
        """A plan that has been searched equals, hashes and writes as one that has not."""
        searched, fresh = council_plan(12, 1), council_plan(12, 1)
        searched.measure(searched.measures[3].ref)
        assert fresh == searched
        assert hash(fresh) == hash(searched)
        assert plan_to_json(fresh) == plan_to_json(searched)

    def test_read_back_equal(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The plans read while counting are the plans written."""
        _refs_counted(monkeypatch)
        plan = council_plan(25, 2)
        buffer = io.StringIO()
        write_long_csv(plan, buffer)
        assert plan == plan_from_json(plan_to_json(plan))
        assert plan == read_long_csv(io.StringIO(buffer.getvalue()))

    def test_paths_spelt_only_for_problems(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The JSON checks spell out a path only where they report a problem."""
        spelt: list[object] = []

        def counted(step: Callable[[Any], str]) -> Callable[[Any], str]:
            def spell(key: Any) -> str:
                spelt.append(key)
                return step(key)

            return spell

        monkeypatch.setattr(_reading, "member", counted(member))
        monkeypatch.setattr(_reading, "index", counted(index))
        text = plan_to_json(council_plan(40, 3))
        _reading.parse(text, "plan", max_bytes=len(text.encode()), max_depth=64)
        assert [] == spelt
        _, problems = _reading.parse(
            '{"measures": [{}, {"ref": 1, "ref": 2}]}',
            "plan",
            max_bytes=100,
            max_depth=64,
        )
        assert [
            Problem("$.measures[1].ref", 'expected each key once (got "ref" again)')
        ] == problems
        assert ["ref", 1, "measures"] == spelt


#: The months of figures a plan may hold and still load with the defaults.
TEN_YEARS = 120


def _written(plan: Plan) -> bytes:
    buffer = io.BytesIO()
    dump_plan(plan, buffer)
    return buffer.getvalue()


class TestSizeLimits:
    """The default limits take any plan perfmeasures writes, and keep bombs out."""

    def test_room_for_ten_thousand_measures(self) -> None:
        """dump_plan's output for 10,000 measures over ten years fits, with room."""
        plan = council_plan(20, TEN_YEARS)
        per_month = len(_written(plan)) / (20 * TEN_YEARS)
        needed = 10_000 * TEN_YEARS * per_month
        assert 150 < per_month
        assert needed * 1.5 < DEFAULT_MAX_BYTES

    def test_room_for_ten_thousand_measures_in_long_csv(self) -> None:
        """The long CSV of 10,000 measures over ten years fits, with room."""
        buffer = io.StringIO()
        write_long_csv(council_plan(20, TEN_YEARS), buffer)
        per_month = len(buffer.getvalue().encode()) / (20 * TEN_YEARS)
        assert 10_000 * TEN_YEARS * per_month * 1.5 < CSV_MAX_BYTES

    def test_plan_over_20_mib_loads(self, tmp_path: Path) -> None:
        """A plan of 21.6 MB written by dump_plan loads with the defaults."""
        # Long notes make the file large without thousands of measures to
        # build; the limit counts bytes, whatever they hold.
        plan = council_plan(120, 12, note=" ".join([_NOTE] * 250))
        path = tmp_path / "plan.json"
        dump_plan(plan, path)
        size = path.stat().st_size
        assert 20 * 1024 * 1024 < size < 23 * 1024 * 1024
        assert plan == load_plan(path)

    def test_limit_still_refuses(self) -> None:
        """A document over a limit passed in is refused, naming the limit."""
        text = _written(council_plan(3, 2))
        with pytest.raises(LoadError) as caught:
            load_plan(io.BytesIO(text), max_bytes=1000)
        assert [
            Problem("$", f"expected at most 1,000 bytes (got {1001:,} or more)")
        ] == list(caught.value.problems)

    def test_workbook_bomb_refused_by_default(self) -> None:
        """A small archive declaring 330 MiB of contents is refused unread.

        The workbook limit stays at 20 MiB, so that what an archive may
        unpack to stays bounded (16 times the limit) by default.
        """
        buffer = io.BytesIO()
        chunk = bytes(1024 * 1024)
        with (
            zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z,
            z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as entry,
        ):
            for _ in range(330):
                entry.write(chunk)
        data = buffer.getvalue()
        assert len(data) < 2 * 1024 * 1024
        with pytest.raises(LoadError) as caught:
            read_long_xlsx(io.BytesIO(data))
        assert [
            Problem(
                "file",
                f"unpacks to more than {320 * 1024 * 1024:,} bytes (320 MiB, 16 "
                "times max_bytes); expected a smaller workbook (or pass a larger "
                "max_bytes / --max-bytes)",
            )
        ] == list(caught.value.problems)
