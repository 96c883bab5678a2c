"""The round-trip laws of the table formats: the same plan back, or a refusal.

For every plan the JSON format holds, writing it as a long or wide table
(CSV or xlsx) and reading it back gives the identical plan, or the writer
refuses, listing everything that would be lost, and writes nothing.
Either way no rating changes without a word.
"""

from __future__ import annotations

import io
import pickle
import tempfile
from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfmeasures
from perfmeasures import (
    Aggregation,
    AnnualTarget,
    Benchmark,
    Comparison,
    Frequency,
    InvalidValueError,
    LoadError,
    LossyConversionError,
    Measure,
    Month,
    Override,
    PerfmeasuresError,
    Plan,
    Polarity,
    Priority,
    Problem,
    Published,
    Quarter,
    Rules,
    Status,
    Tolerance,
    Unit,
    UnitKind,
    Year,
    evaluate_plan,
)
from perfmeasures import io as pio
from perfmeasures import strategies as pst
from perfmeasures.examples import REPORT_PERIOD, rotherham_2019_20
from perfmeasures.io import (
    plan_from_json,
    plan_to_json,
    read_long_csv,
    read_long_xlsx,
    read_wide_csv,
    read_wide_xlsx,
    write_long_csv,
    write_long_xlsx,
    write_wide_csv,
    write_wide_xlsx,
)
from perfmeasures.io._tables._layout import plan_losses
from tests.conftest import heavy

SEED = rotherham_2019_20()
NOT_READ_BACK = "the table does not read back: "


@attrs.frozen
class Format:
    """A table format: its writer and the reader that reads it back."""

    name: str
    suffix: str
    write: Callable[..., None]
    read: Callable[..., Plan]
    wide: bool

    def options(self, plan: Plan) -> dict[str, Any]:
        """The reading options a user reading *plan*'s table back would pass."""
        return {"year_start_month": plan.year_start_month or 4} if self.wide else {}

    def __str__(self) -> str:
        return self.name


LONG_CSV = Format("long CSV", "csv", write_long_csv, read_long_csv, wide=False)
LONG_XLSX = Format("long xlsx", "xlsx", write_long_xlsx, read_long_xlsx, wide=False)
WIDE_CSV = Format("wide CSV", "csv", write_wide_csv, read_wide_csv, wide=True)
WIDE_XLSX = Format("wide xlsx", "xlsx", write_wide_xlsx, read_wide_xlsx, wide=True)
FORMATS = [LONG_CSV, LONG_XLSX, WIDE_CSV, WIDE_XLSX]
WIDE = [WIDE_CSV, WIDE_XLSX]

# Each example writes and reads a table twice and rates the plan, so these
# are heavy tests (``tests/conftest.py``: 50 examples under ``CI=true``, 300
# in the thorough run).  Workbooks are slow to write and read, so they take
# a fifth of that.
CSV_RUNS = heavy()
XLSX_RUNS = heavy(1 / 5)

#: Any plan: measures of April years, or of years of different kinds.
PLANS = st.one_of(
    pst.plans(max_measures=4), pst.plans(max_measures=4, start_month=None)
)
#: What the target path holds before the write: nothing, or an old file.
EXISTING = st.none() | st.binary(min_size=1, max_size=16)


def _outcome(rate: Callable[[], object]) -> object:
    """What rating gives: the result, or the error it raises."""
    try:
        return rate()
    except PerfmeasuresError as error:
        return (type(error).__name__, str(error))


def _rated(plan: Plan, label: str) -> object:
    """Each measure's (and part's) status and direction for *label*."""
    return [
        (e.ref, e.status, e.direction, [(c.status, c.direction) for c in e.components])
        for e in evaluate_plan(plan, label).evaluations
    ]


def ratings(plan: Plan) -> dict[str, object]:
    """Every measure's status and direction for the first and last periods."""
    periods = sorted({p for m in plan.measures for p in m.values})
    labels = {p.label for p in (*periods[:1], *periods[-1:])}
    return {label: _outcome(partial(_rated, plan, label)) for label in labels}


def _from_json(plan: Plan) -> Plan:
    """*plan* as the JSON format holds it."""
    return plan_from_json(plan_to_json(plan))


def _write(
    fmt: Format, plan: Plan, existing: bytes | None, **options: Any
) -> tuple[LossyConversionError | None, bytes | None]:
    """Write *plan* over a path holding *existing*: the refusal, or the file."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"plan.{fmt.suffix}"
        if existing is not None:
            path.write_bytes(existing)
        try:
            fmt.write(plan, path, **options)
        except LossyConversionError as error:
            left = path.read_bytes() if path.exists() else None
            assert existing == left, "a refused write must leave the path as it was"
            return error, None
        return None, path.read_bytes()


def check_law(fmt: Format, generated: Plan, existing: bytes | None) -> None:
    """The law: the identical plan and ratings back, or a refusal with losses.

    Only a wide table may refuse: the long format carries every plan.
    """
    plan = _from_json(generated)
    error, data = _write(fmt, plan, existing)
    if error is not None:
        # The long format is meant to carry everything: it never refuses.
        assert fmt.wide, error
        assert fmt.name == error.format
        assert error.losses
        assert all(error.losses)
        return
    assert data is not None
    back = fmt.read(io.BytesIO(data), **fmt.options(plan))
    assert [] == plan_losses(plan, back)
    assert plan == _from_json(back)
    assert ratings(plan) == ratings(back)


def check_listed(fmt: Format, generated: Plan) -> None:
    """A refusal lists exactly what a table written anyway loses (maybe nothing)."""
    plan = _from_json(generated)
    try:
        fmt.write(plan, io.BytesIO())
    except LossyConversionError as error:
        losses = error.losses
    else:
        losses = ()
    target = io.BytesIO()
    fmt.write(plan, target, lossy=True)
    if losses and losses[0].startswith(NOT_READ_BACK):
        with pytest.raises(LoadError) as problems:
            fmt.read(io.BytesIO(target.getvalue()), **fmt.options(plan))
        assert losses == tuple(f"{NOT_READ_BACK}{p}" for p in problems.value.problems)
        return
    back = fmt.read(io.BytesIO(target.getvalue()), **fmt.options(plan))
    assert list(losses) == plan_losses(plan, back)


class TestLaws:
    """JSON → table → JSON is the identity, or the writer refuses."""

    @CSV_RUNS
    @given(PLANS, EXISTING)
    def test_long_csv(self, plan: Plan, existing: bytes | None) -> None:
        """Long CSV: the identical plan and ratings back, never a refusal."""
        check_law(LONG_CSV, plan, existing)

    @XLSX_RUNS
    @given(PLANS, EXISTING)
    def test_long_xlsx(self, plan: Plan, existing: bytes | None) -> None:
        """Long xlsx: the identical plan and ratings back, never a refusal."""
        check_law(LONG_XLSX, plan, existing)

    @CSV_RUNS
    @given(PLANS, EXISTING)
    def test_wide_csv(self, plan: Plan, existing: bytes | None) -> None:
        """Wide CSV: the identical plan and ratings back, or a refusal with losses."""
        check_law(WIDE_CSV, plan, existing)

    @XLSX_RUNS
    @given(PLANS, EXISTING)
    def test_wide_xlsx(self, plan: Plan, existing: bytes | None) -> None:
        """Wide xlsx: the identical plan and ratings back, or a refusal with losses."""
        check_law(WIDE_XLSX, plan, existing)

    @CSV_RUNS
    @given(PLANS)
    def test_wide_csv_lists_what_is_lost(self, plan: Plan) -> None:
        """A wide CSV refusal lists exactly what the table written anyway loses."""
        check_listed(WIDE_CSV, plan)

    @XLSX_RUNS
    @given(PLANS)
    def test_wide_xlsx_lists_what_is_lost(self, plan: Plan) -> None:
        """A wide xlsx refusal lists exactly what the workbook written anyway loses."""
        check_listed(WIDE_XLSX, plan)


class TestSeed:
    """The bundled plan converts without loss, or with the losses listed."""

    @pytest.mark.parametrize("fmt", [LONG_CSV, LONG_XLSX], ids=str)
    def test_long(self, fmt: Format, tmp_path: Path) -> None:
        """The seed comes back whole from the long format, rated the same."""
        path = tmp_path / f"seed.{fmt.suffix}"
        fmt.write(SEED, path)
        back = fmt.read(path)
        assert ([], SEED) == (plan_losses(SEED, back), back)
        assert evaluate_plan(SEED, REPORT_PERIOD) == evaluate_plan(back, REPORT_PERIOD)

    @pytest.mark.parametrize("fmt", WIDE, ids=str)
    def test_wide(self, fmt: Format, tmp_path: Path) -> None:
        """The seed comes back whole from a wide table, or each loss is located."""
        path = tmp_path / f"seed.{fmt.suffix}"
        options = {"report_period": REPORT_PERIOD}
        try:
            fmt.write(SEED, path, **options)
        except LossyConversionError as error:
            refs = {m.ref for m in SEED.measures}
            where = [loss.split(":", 1)[0] for loss in error.losses]
            assert all(w == "plan" or w.split()[1] in refs for w in where)
            assert not path.exists()
            return
        back = fmt.read(path, **options)
        assert [] == plan_losses(SEED, back)
        assert _rated(SEED, REPORT_PERIOD.label) == _rated(back, REPORT_PERIOD.label)


def _measure(**changes: Any) -> Measure:
    fields: dict[str, Any] = {
        "ref": "1.A1",
        "title": "Homes built",
        "polarity": Polarity.HIGHER_IS_BETTER,
        "frequency": Frequency.QUARTERLY,
        "values": {"Q1 2019/20": "12", "Q2 2019/20": "15"},
        "targets": {"2019/20": "50"},
    }
    return Measure(**(fields | changes))


def _plan(*measures: Measure, **changes: Any) -> Plan:
    return Plan(title="Plan", measures=measures or (_measure(),), **changes)


Q1, Q2 = Quarter(Year(2019), 1), Quarter(Year(2019), 2)
#: A file already at a target path, which a refused write must not touch.
OLD = b"Ref No.,Measure\r\n1.A1,\xc2\xa3 kept exactly\n"
OWN_RULES = Rules(status=Tolerance(amber=Decimal(5)))


#: Each format with the reader its writer reads back with, as patched here.
READERS = [
    (LONG_CSV, "perfmeasures.io._tables._long.read_long_csv"),
    (LONG_XLSX, "perfmeasures.io._tables._long.read_long_xlsx"),
    (WIDE_CSV, "perfmeasures.io._tables._wide_write.read_wide_csv"),
    (WIDE_XLSX, "perfmeasures.io._tables._wide_write.read_wide_xlsx"),
]


def _reads_another_plan(*_: object, **__: object) -> Plan:
    """A reader that loses the measure and the title of whatever it reads."""
    return Plan(title="Imported plan")


def _carried_or_listed(
    fmt: Format, plan: Plan, facts: Sequence[tuple[str, str]]
) -> tuple[str, ...]:
    """Check each fact is carried by *fmt* exactly or listed as lost."""
    try:
        fmt.write(plan, io.BytesIO())
    except LossyConversionError as error:
        losses = error.losses
    else:
        losses = ()
    target = io.BytesIO()
    fmt.write(plan, target, lossy=True)
    back = fmt.read(io.BytesIO(target.getvalue()))
    for ref, field in facts:
        carried = getattr(plan.measure(ref), field) == getattr(back.measure(ref), field)
        listed = any(loss.startswith(f"measure {ref}: {field}") for loss in losses)
        assert carried != listed, (ref, field, losses)
    return losses


class TestRefusal:
    """A table that would lose something is refused, and nothing is written."""

    # Rules of its own, overrides in two periods, benchmarks: what a
    # council's one-row-per-measure table long could not hold.
    SPECIAL = _plan(
        _measure(
            rules=OWN_RULES,
            overrides={
                Q1: Override(status=Status.GREEN, reason="Agreed late"),
                Q2: Override(status=Status.AMBER, reason="Data lag", by="Cabinet"),
            },
            benchmarks=[
                Benchmark(name="England", value="48.5", period=Year(2018)),
                Benchmark(name="Neighbours", value="51"),
            ],
        )
    )

    @pytest.mark.parametrize("fmt", WIDE, ids=str)
    def test_rules_overrides_benchmarks(self, fmt: Format) -> None:
        """Rules, overrides and benchmarks: carried exactly, or each listed."""
        facts = [("1.A1", f) for f in ("rules", "overrides", "benchmarks")]
        _carried_or_listed(fmt, self.SPECIAL, facts)

    @pytest.mark.parametrize(("fmt", "reader"), READERS, ids=str)
    def test_every_loss_listed(
        self, fmt: Format, reader: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A table that reads back as another plan is refused with every loss."""
        monkeypatch.setattr(reader, _reads_another_plan)
        with pytest.raises(LossyConversionError) as caught:
            fmt.write(_plan(), io.BytesIO())
        assert (
            fmt.name,
            (
                "plan: title ('Plan' read back as 'Imported plan')",
                "measure 1.A1: the whole measure",
            ),
        ) == (caught.value.format, caught.value.losses)

    @pytest.mark.parametrize(("fmt", "reader"), READERS, ids=str)
    def test_existing_file_untouched(
        self, fmt: Format, reader: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """A refused write leaves the file already at the path byte for byte."""
        monkeypatch.setattr(reader, _reads_another_plan)
        path = tmp_path / f"old.{fmt.suffix}"
        path.write_bytes(OLD)
        with pytest.raises(LossyConversionError):
            fmt.write(_plan(), path)
        assert OLD == path.read_bytes()

    @pytest.mark.parametrize(("fmt", "reader"), READERS, ids=str)
    def test_no_file_made(
        self, fmt: Format, reader: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """A refused write makes no file, not even an empty one."""
        monkeypatch.setattr(reader, _reads_another_plan)
        path = tmp_path / f"new.{fmt.suffix}"
        with pytest.raises(LossyConversionError):
            fmt.write(_plan(), path)
        assert [] == list(tmp_path.iterdir())

    @pytest.mark.parametrize(("fmt", "reader"), READERS, ids=str)
    def test_nothing_written_to_a_stream(
        self, fmt: Format, reader: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A refused write writes nothing at all to an open file."""
        monkeypatch.setattr(reader, _reads_another_plan)
        target = io.BytesIO()
        with pytest.raises(LossyConversionError):
            fmt.write(_plan(), target)
        assert b"" == target.getvalue()

    @pytest.mark.parametrize(("fmt", "reader"), READERS[2:], ids=str)
    def test_lossy_writes_anyway(
        self, fmt: Format, reader: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """lossy=True writes a wide table for reading even if it loses things."""
        monkeypatch.setattr(reader, _reads_another_plan)
        path = tmp_path / f"show.{fmt.suffix}"
        fmt.write(self.SPECIAL, path, lossy=True)
        monkeypatch.undo()
        back = fmt.read(path)
        assert self.SPECIAL.measure("1.A1").values == back.measure("1.A1").values

    @pytest.mark.parametrize(("fmt", "reader"), READERS, ids=str)
    def test_reader_refusal(
        self, fmt: Format, reader: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """A table its own reader refuses is a refusal listing the reader's problems."""

        def refuse(*_: object, **__: object) -> Plan:
            raise LoadError(
                "<stream>",
                [Problem("row 2", "is bad"), Problem('row 3, column "Target"', "too")],
            )

        monkeypatch.setattr(reader, refuse)
        path = tmp_path / f"plan.{fmt.suffix}"
        path.write_bytes(OLD)
        with pytest.raises(LossyConversionError) as caught:
            fmt.write(_plan(), path)
        assert (
            "the table does not read back: row 2: is bad",
            'the table does not read back: row 3, column "Target": too',
        ) == caught.value.losses
        assert OLD == path.read_bytes()

    @pytest.mark.parametrize(("fmt", "reader"), READERS, ids=str)
    def test_reader_other_error(
        self, fmt: Format, reader: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Any other refusal of the reader's is listed in its own words."""

        def refuse(*_: object, **__: object) -> Plan:
            raise InvalidValueError("year_start_month", 13, "a month number")

        monkeypatch.setattr(reader, refuse)
        with pytest.raises(LossyConversionError) as caught:
            fmt.write(_plan(), io.BytesIO())
        expected = (
            "the table does not read back: 'year_start_month' must be a month "
            "number (got 13)"
        )
        assert (expected,) == caught.value.losses

    @pytest.mark.parametrize("fmt", WIDE, ids=str)
    def test_blank_title(self, fmt: Format) -> None:
        """A blank title is carried, or refused with the reader's own problems."""
        check_listed(fmt, _plan(_measure(title="")))


class TestWhatWasSeen:
    """`convert plan.json x.csv --to wide-csv` no longer drops facts silently."""

    PLAN = _plan(
        _measure(
            ref="2.B7",
            title="Council tax collected",
            unit=Unit(kind=UnitKind.PERCENTAGE),
            aggregation=Aggregation.SNAPSHOT,
            values={"Q1 2019/20": "29.1", "Q2 2019/20": "56.3"},
            targets={"Q1 2019/20": "28.5", "Q2 2019/20": "56.0"},
        ),
        _measure(ref="3.B3", title="Complaints", data_only=True, targets={}),
        _measure(
            ref="3.B4",
            title="Missed bins",
            polarity=Polarity.LOWER_IS_BETTER,
            compare_with=Comparison.SAME_PERIOD_LAST_YEAR,
        ),
    )
    FACTS = (
        ("2.B7", "targets"),
        ("3.B3", "data_only"),
        ("3.B4", "compare_with"),
    )

    @pytest.mark.parametrize("fmt", WIDE, ids=str)
    def test_carried_or_listed(self, fmt: Format) -> None:
        """Per-quarter targets, data only and comparator: carried, or each listed."""
        _carried_or_listed(fmt, self.PLAN, self.FACTS)

    def test_long_xlsx_keeps_places(self) -> None:
        """Long xlsx keeps figures as published: 10.10 stays 10.10, 5.0 stays 5.0."""
        plan = _plan(
            _measure(values={"Q1 2019/20": "10.10"}, targets={"2019/20": "5.0"})
        )
        target = io.BytesIO()
        write_long_xlsx(plan, target)
        back = read_long_xlsx(io.BytesIO(target.getvalue())).measure("1.A1")
        assert ("10.10", "5.0") == (
            str(back.values[Q1].amount),
            str(back.targets[Year(2019)].value),  # type: ignore[union-attr]
        )


def _losses(original: Plan, back: Plan) -> list[str]:
    return plan_losses(original, back)


class TestPlanLosses:
    """plan_losses names every difference, located and specific."""

    def test_identical(self) -> None:
        """The seed against itself loses nothing."""
        assert [] == _losses(SEED, _from_json(SEED))

    def test_per_quarter_targets(self) -> None:
        """Lost targets are listed by period, with their kind."""
        quarterly = _measure(
            ref="2.B7",
            targets={Q1: AnnualTarget(value=Decimal(30)), Q2: "60", "Q3 2019/20": "90"},
        )
        kept = attrs.evolve(quarterly, targets={"Q3 2019/20": "90"})
        assert [
            "measure 2.B7: targets for Q1 2019/20, Q2 2019/20 (per-quarter targets)"
        ] == _losses(_plan(quarterly), _plan(kept))

    def test_changed_and_added_periods(self) -> None:
        """Changed and added entries are listed with what changed."""
        original = _measure(values={"Q1 2019/20": "12", "Q2 2019/20": "15"})
        back = _measure(
            values={"Q1 2019/20": "12", "Q2 2019/20": "16", "Q3 2019/20": "1"}
        )
        assert [
            "measure 1.A1: values for Q2 2019/20 (amount: 15 read back as 16)",
            (
                "measure 1.A1: values for Q3 2019/20 (not in the plan, but read back "
                "from the table)"
            ),
        ] == _losses(_plan(original), _plan(back))

    def test_mixed_periods(self) -> None:
        """Periods of different kinds are listed without naming a kind."""
        original = _measure(notes={Q1: "late", Year(2019): "revised"})
        assert ["measure 1.A1: notes for Q1 2019/20, 2019/20"] == _losses(
            _plan(original), _plan(_measure())
        )

    def test_whole_numbers(self) -> None:
        """Whole numbers are quoted as numbers."""
        original = _measure(unit=Unit(kind=UnitKind.RATE, per=10_000))
        back = _measure(unit=Unit(kind=UnitKind.RATE, per=1000))
        assert ["measure 1.A1: unit.per (10000 read back as 1000)"] == _losses(
            _plan(original), _plan(back)
        )

    def test_many_periods(self) -> None:
        """A long list of periods names the first eight and counts the rest."""
        months = {Month(2019, m): str(m) for m in range(1, 13)}
        original = _measure(values=months, frequency=Frequency.MONTHLY)
        back = attrs.evolve(original, values={})
        assert [
            (
                "measure 1.A1: values for Jan 2019, Feb 2019, Mar 2019, Apr 2019, "
                "May 2019, Jun 2019, Jul 2019, Aug 2019, and 4 more (per-month values)"
            )
        ] == _losses(_plan(original), _plan(back))

    def test_places(self) -> None:
        """10.10 read back as 10.1 is a loss; 1E+2 read back as 100 is not."""
        original = _measure(values={"Q1 2019/20": "10.10", "Q2 2019/20": "1E+2"})
        back = _measure(values={"Q1 2019/20": "10.1", "Q2 2019/20": "100"})
        assert [
            "measure 1.A1: values for Q1 2019/20 (amount: 10.10 read back as 10.1)"
        ] == _losses(_plan(original), _plan(back))

    def test_benchmarks_flags_and_comparator(self) -> None:
        """Whole tuples are counted; flags and choices say what came back."""
        original = _measure(
            benchmarks=[
                Benchmark(name="England", value="1"),
                Benchmark(name="N", value="2"),
            ],
            data_only=True,
            compare_with=Comparison.SAME_PERIOD_LAST_YEAR,
            aggregation=Aggregation.SUM,
        )
        assert [
            "measure 1.A1: aggregation (sum read back as snapshot)",
            (
                "measure 1.A1: compare_with (same_period_last_year read back as "
                "previous_period)"
            ),
            "measure 1.A1: benchmarks (2)",
            "measure 1.A1: data_only (true read back as false)",
        ] == _losses(_plan(original), _plan(_measure()))

    def test_benchmark_changed(self) -> None:
        """A changed item of a tuple is located by its number and field."""
        original = _measure(benchmarks=[Benchmark(name="England", value="1.50")])
        back = _measure(benchmarks=[Benchmark(name="England", value="1.5")])
        assert ["measure 1.A1: benchmarks.1.value (1.50 read back as 1.5)"] == _losses(
            _plan(original), _plan(back)
        )

    def test_plan_fields(self) -> None:
        """Plan fields are located at the plan; its rules are compared once."""
        original = _plan(
            organisation="Rotherham",
            priorities=[Priority(key="1", title="Every child")],
            rules=OWN_RULES,
        )
        back = _plan(_measure())
        assert [
            "plan: organisation ('Rotherham' read back as nothing)",
            "plan: priorities (1)",
            "plan: rules.status (Tolerance read back as TargetMet)",
        ] == _losses(original, back)

    def test_rule_detail(self) -> None:
        """A changed rule parameter is named by its path."""
        back = _plan(rules=Rules(status=Tolerance(amber=Decimal(6))))
        assert ["plan: rules.status.amber (5 read back as 6)"] == _losses(
            _plan(rules=OWN_RULES), back
        )

    def test_measure_rules_once(self) -> None:
        """A measure's own rules are one loss, not one per place they show."""
        original = _plan(_measure(), measure_rules={"1.A1": OWN_RULES})
        assert ["measure 1.A1: rules (Rules read back as nothing)"] == _losses(
            original, _plan()
        )

    def test_parts(self) -> None:
        """Parts are located by their label within the measure."""
        parts = [
            _measure(ref="3.A4(b) Vehicles", title="Vehicles"),
            _measure(ref="3.A4(b) Drivers", title="Drivers"),
        ]
        original = _measure(ref="3.A4(b)", components=parts)
        back = attrs.evolve(
            original,
            components=[attrs.evolve(parts[0], title="Licensed"), parts[1]],
        )
        assert [
            "measure 3.A4(b) part Vehicles: title ('Vehicles' read back as 'Licensed')"
        ] == _losses(_plan(original), _plan(back))

    def test_part_renamed(self) -> None:
        """A part that comes back under another reference is one loss."""
        original = _measure(components=[_measure(ref="vans", title="Vans")])
        back = _measure(components=[_measure(ref="1.A1 vans", title="Vans")])
        assert ["measure 1.A1 part vans: ref ('vans' read back as '1.A1 vans')"] == (
            _losses(_plan(original), _plan(back))
        )

    def test_measures_lost_added_and_moved(self) -> None:
        """Whole measures lost or added are listed, and so is a new order."""
        one, two = _measure(ref="1.A1"), _measure(ref="1.A2")
        assert ["measure 1.A2: the whole measure"] == _losses(
            _plan(one, two), _plan(one)
        )
        assert [
            "measure 1.A2: not in the plan, but read back from the table"
        ] == _losses(_plan(one), _plan(one, two))
        assert ["plan: the order of the measures"] == _losses(
            _plan(one, two), _plan(two, one)
        )

    # One changed value per field: a field added to the model without one
    # here fails test_every_field_covered, so the walk is shown to cover it.
    MEASURE_CHANGES: dict[str, Any] = {  # noqa: RUF012 - read only.
        "ref": "1.A9",
        "title": "Homes",
        "polarity": Polarity.NEUTRAL,
        "unit": Unit(kind=UnitKind.DAYS),
        "frequency": Frequency.ANNUAL,
        "aggregation": Aggregation.SUM,
        "compare_with": Comparison.SAME_PERIOD_LAST_YEAR,
        "year_start_month": 1,
        "values": {"Q1 2019/20": "13", "Q2 2019/20": "15"},
        "targets": {"2019/20": "51"},
        "published": {Q1: Published(status=Status.RED)},
        "overrides": {Q1: Override(status=Status.RED, reason="why")},
        "notes": {Q1: "note"},
        "priority": "1",
        "outcome": "Outcome",
        "action": "Action",
        "lead_accountability": "Director",
        "lead_officer": "Officer",
        "benchmarks": [Benchmark(name="E", value="1")],
        "components": [_measure(ref="part")],
        "data_only": True,
        "under_development": True,
        "rules": OWN_RULES,
    }

    def test_every_field_covered(self) -> None:
        """Every field of Measure but the derived one is reported when it changes."""
        names = {f.name for f in attrs.fields(Measure)} - {"inherited_rules"}
        assert names == set(self.MEASURE_CHANGES)
        for name, value in self.MEASURE_CHANGES.items():
            if name == "year_start_month":
                changed = _measure(
                    year_start_month=1,
                    values={},
                    targets={},
                    frequency=Frequency.MONTHLY,
                )
                base = _measure(values={}, targets={}, frequency=Frequency.MONTHLY)
            else:
                changed, base = _measure(**{name: value}), _measure()
            losses = _losses(_plan(base), _plan(changed))
            expected = "part part: not in the plan" if name == "components" else name
            assert any(expected in loss for loss in losses), (name, losses)

    def test_every_plan_field_covered(self) -> None:
        """Every field of Plan but the derived one is reported when it changes."""
        changes: dict[str, Any] = {
            "title": "Other",
            "organisation": "Org",
            "priorities": [Priority(key="9", title="Nine")],
            "measures": [_measure(ref="9.Z9")],
            "rules": OWN_RULES,
        }
        names = {f.name for f in attrs.fields(Plan)} - {"measure_rules"}
        assert names == set(changes)
        for name, value in changes.items():
            losses = _losses(_plan(), attrs.evolve(_plan(), **{name: value}))
            assert losses, name


class TestError:
    """LossyConversionError: structured, printable, picklable, exported."""

    ERROR = LossyConversionError(
        "wide CSV", ["plan: rules", "measure 1.A2: benchmarks (2)"]
    )

    def test_message(self) -> None:
        """The message has a line per loss."""
        assert (
            "the plan cannot be written as wide CSV without losing 2 things:\n"
            "  plan: rules\n"
            "  measure 1.A2: benchmarks (2)"
        ) == str(self.ERROR)

    def test_one(self) -> None:
        """One loss is one thing."""
        assert str(LossyConversionError("long xlsx", ["plan: title"])).startswith(
            "the plan cannot be written as long xlsx without losing 1 thing:\n"
        )

    def test_fields_and_pickle(self) -> None:
        """Its format and losses survive pickling."""
        again = pickle.loads(pickle.dumps(self.ERROR))
        assert (type(self.ERROR), "wide CSV", self.ERROR.losses, str(self.ERROR)) == (
            type(again),
            again.format,
            again.losses,
            str(again),
        )

    def test_family(self) -> None:
        """It is a PerfmeasuresError and a ValueError, exported at both levels."""
        assert isinstance(self.ERROR, PerfmeasuresError)
        assert isinstance(self.ERROR, ValueError)
        assert perfmeasures.LossyConversionError is pio.LossyConversionError
        assert "LossyConversionError" in perfmeasures.__all__
        assert "LossyConversionError" in pio.__all__
