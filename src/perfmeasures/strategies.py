"""Hypothesis strategies for every perfmeasures domain type.

For property-testing code built on perfmeasures, as the library tests itself.
Requires hypothesis (``pip install perfmeasures[strategies]``).

>>> from hypothesis import given
>>> from perfmeasures import strategies as pst
>>> @given(pst.quarters())
... def test_previous_then_next(quarter):
...     assert quarter.previous().next() == quarter
>>> test_previous_then_next()

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from decimal import Decimal

from ._errors import MissingExtraError

try:
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - only without hypothesis installed.
    raise MissingExtraError("strategies", "perfmeasures.strategies") from None

from ._direction import DirectionRule
from ._evaluate import Rules
from ._measures import (
    Aggregation,
    Benchmark,
    Comparison,
    Frequency,
    Measure,
    Polarity,
    Unit,
    UnitKind,
)
from ._periods import Month, Period, Quarter, Year
from ._plan import Plan, Priority
from ._ratings import Direction, Override, Published, Status
from ._status import (
    FloorStandard,
    Progress,
    StatusScheme,
    TargetMet,
    Tolerance,
    YearEndSplit,
)
from ._targets import (
    AnnualTarget,
    Basis,
    ChangeKind,
    FixedTarget,
    RangeTarget,
    RelativeTarget,
    Target,
)
from ._values import MissingReason, Value

__all__ = [
    "decimals",
    "direction_rules",
    "measures",
    "months",
    "overrides",
    "periods",
    "plans",
    "polarities",
    "published",
    "quarters",
    "rules",
    "status_schemes",
    "targets",
    "units",
    "values",
    "years",
]

_YEARS = st.integers(min_value=1990, max_value=2060)
_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
    min_size=1,
    max_size=30,
).filter(lambda s: s.strip() != "")


def decimals(
    *, min_value: int = -10_000, max_value: int = 10_000, places: int = 2
) -> st.SearchStrategy[Decimal]:
    """Finite decimals with at most *places* decimal places, as reports print."""
    return st.decimals(
        min_value=min_value, max_value=max_value, places=places, allow_nan=False
    ).map(lambda d: d.normalize() if d == d.to_integral() else d)


def years(*, start_month: int | None = None) -> st.SearchStrategy[Year]:
    """Reporting years, starting in *start_month* or any month."""
    months = st.just(start_month) if start_month else st.integers(1, 12)
    return st.builds(Year, _YEARS, months)


def quarters(*, start_month: int | None = None) -> st.SearchStrategy[Quarter]:
    """Quarters of years starting in *start_month* or any month."""
    return st.builds(Quarter, years(start_month=start_month), st.integers(1, 4))


def months() -> st.SearchStrategy[Month]:
    """Calendar months."""
    return st.builds(Month, _YEARS, st.integers(1, 12))


def periods(*, start_month: int | None = None) -> st.SearchStrategy[Period]:
    """Any period: a year, a quarter or a month."""
    return st.one_of(
        years(start_month=start_month), quarters(start_month=start_month), months()
    )


def polarities() -> st.SearchStrategy[Polarity]:
    """Any polarity."""
    return st.sampled_from(Polarity)


def units() -> st.SearchStrategy[Unit]:
    """Units of every kind."""
    return st.one_of(
        st.builds(
            Unit,
            kind=st.sampled_from([k for k in UnitKind if k is not UnitKind.RATE]),
            label=st.none() | _TEXT,
        ),
        st.builds(
            Unit,
            kind=st.just(UnitKind.RATE),
            per=st.sampled_from([1000, 10_000, 100_000]),
            label=st.none() | _TEXT,
        ),
    )


def values(*, percentage: bool = False) -> st.SearchStrategy[Value]:
    """Published values: figures, cumulative figures, ratios and missing ones."""
    low, high = (0, 100) if percentage else (-10_000, 10_000)
    figure = decimals(min_value=low, max_value=high)
    plain = st.builds(Value.of, figure)
    both = st.builds(
        lambda a, y: Value(amount=a, year_to_date=y),
        figure,
        st.none() | figure,
    )
    cumulative = st.builds(Value.cumulative, figure)
    missing = st.builds(Value.not_available, st.sampled_from(MissingReason))
    ratio = st.builds(
        lambda n, extra: Value.from_ratio(n, n + extra),
        st.integers(0, 500),
        st.integers(1, 500),
    )
    return st.one_of(plain, both, cumulative, missing, ratio)


def targets(*, baseline_start_month: int = 4) -> st.SearchStrategy[Target]:
    """Targets of every kind."""
    figure = decimals(min_value=0, max_value=1000)
    fixed = st.builds(FixedTarget, figure, floor=st.none() | figure)
    profiled = st.lists(figure, min_size=4, max_size=4).map(
        lambda p: AnnualTarget(value=sum(p, Decimal(0)), profile=tuple(p))
    )
    annual = st.builds(
        AnnualTarget,
        value=figure,
        basis=st.sampled_from(Basis),
        floor=st.none() | figure,
    )
    relative = st.builds(
        RelativeTarget,
        baseline=years(start_month=baseline_start_month),
        change=decimals(min_value=-50, max_value=50),
        change_kind=st.sampled_from(ChangeKind),
        basis=st.sampled_from(Basis),
    )
    ranged = st.tuples(figure, figure).map(
        lambda b: RangeTarget(lower=min(b), upper=max(b))
    )
    return st.one_of(fixed, profiled, annual, relative, ranged)


def _simple_schemes() -> st.SearchStrategy[
    TargetMet | Tolerance | Progress | FloorStandard
]:
    limit = decimals(min_value=0, max_value=50)
    tolerance = st.tuples(limit, limit).flatmap(
        lambda b: st.builds(
            Tolerance,
            amber=st.just(max(b)),
            green=st.just(min(b)),
            kind=st.sampled_from(ChangeKind),
            amber_inclusive=st.booleans(),
            green_inclusive=st.booleans(),
        )
    )
    progress = st.builds(
        Progress,
        green=limit,
        kind=st.sampled_from(ChangeKind),
        green_inclusive=st.booleans(),
        amber_when=st.frozensets(st.sampled_from(Direction), min_size=0),
    )
    return st.one_of(
        st.just(TargetMet()), tolerance, progress, st.just(FloorStandard())
    )


def status_schemes() -> st.SearchStrategy[StatusScheme]:
    """Status schemes of every kind, with valid parameters."""
    simple = _simple_schemes()
    split = st.builds(YearEndSplit, in_year=simple, year_end=simple)
    return st.one_of(simple, split)


def direction_rules() -> st.SearchStrategy[DirectionRule]:
    """Direction-of-travel rules."""
    return st.builds(
        DirectionRule,
        compare_with=st.none() | st.sampled_from(Comparison),
        threshold=decimals(min_value=0, max_value=10),
        threshold_kind=st.sampled_from(ChangeKind),
        plain_for_data_only=st.booleans(),
    )


def rules() -> st.SearchStrategy[Rules]:
    """A status scheme with a direction rule."""
    return st.builds(Rules, status=status_schemes(), direction=direction_rules())


def overrides() -> st.SearchStrategy[Override]:
    """Hand-set statuses with reasons."""
    return st.builds(
        Override, status=st.sampled_from(Status), reason=_TEXT, by=st.none() | _TEXT
    )


def published() -> st.SearchStrategy[Published]:
    """Published status and direction records."""
    return st.builds(
        Published,
        status=st.none() | st.sampled_from(Status),
        direction=st.none() | st.sampled_from(Direction),
    )


@st.composite
def measures(
    draw: st.DrawFn,
    *,
    ref: str | None = None,
    start_month: int | None = None,
    with_components: bool = True,
) -> Measure:
    """Measures with values, targets, records and (sometimes) components.

    Values and records are keyed by periods of the measure's own years;
    targets by distinct whole years, so they never overlap.
    """
    start = start_month or draw(st.sampled_from([4, 4, 4, 1, 9]))
    unit = draw(units())
    keys = periods(start_month=start)
    is_percentage = unit.kind is UnitKind.PERCENTAGE
    target_years = draw(st.sets(_YEARS, max_size=3))
    parts: tuple[Measure, ...] = ()
    if with_components and draw(st.integers(0, 5)) == 0:
        parts = tuple(
            draw(measures(ref=f"part {n}", start_month=start, with_components=False))
            for n in range(draw(st.integers(1, 2)))
        )
    return Measure(
        ref=ref
        if ref is not None
        else draw(st.from_regex(r"[1-9]\.[A-F][1-9](\([a-d]\))?", fullmatch=True)),
        title=draw(_TEXT),
        polarity=draw(polarities()),
        unit=unit,
        frequency=draw(st.sampled_from(Frequency)),
        aggregation=draw(st.sampled_from(Aggregation)),
        compare_with=draw(st.sampled_from(Comparison)),
        year_start_month=start,
        values=draw(
            st.dictionaries(keys, values(percentage=is_percentage), max_size=8)
        ),
        targets={
            Year(y, start): draw(targets(baseline_start_month=start))
            for y in target_years
        },
        published=draw(st.dictionaries(keys, published(), max_size=2)),
        overrides=draw(st.dictionaries(keys, overrides(), max_size=2)),
        notes=draw(st.dictionaries(keys, _TEXT, max_size=2)),
        priority=draw(st.none() | st.sampled_from(["1", "2"])),
        outcome=draw(st.none() | _TEXT),
        action=draw(st.none() | _TEXT),
        lead_accountability=draw(st.none() | _TEXT),
        lead_officer=draw(st.none() | _TEXT),
        benchmarks=draw(
            st.lists(st.builds(Benchmark, name=_TEXT, value=decimals()), max_size=2)
        ),
        components=parts,
        data_only=draw(st.booleans()),
        under_development=draw(st.integers(0, 9)) == 0,
    )


@st.composite
def plans(draw: st.DrawFn, *, max_measures: int = 5) -> Plan:
    """Plans of measures with unique references, priorities and rules."""
    refs = draw(
        st.lists(
            st.from_regex(r"[1-9]\.[A-F][1-9]", fullmatch=True),
            unique=True,
            max_size=max_measures,
        )
    )
    items = tuple(draw(measures(ref=r)) for r in refs)
    special = draw(st.lists(st.sampled_from(refs), unique=True)) if refs else []
    return Plan(
        title=draw(_TEXT),
        organisation=draw(st.none() | _TEXT),
        priorities=(
            Priority(key="1", title="First priority"),
            Priority(key="2", title="Second priority"),
        ),
        measures=items,
        rules=draw(rules()),
        measure_rules={ref: draw(rules()) for ref in special},
    )
