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

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ._arithmetic import DECIMAL_PLACES, INTEGER_DIGITS, SIGNIFICANT_DIGITS
from ._errors import MissingExtraError

try:
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - only without hypothesis installed.
    raise MissingExtraError("strategies", "perfmeasures.strategies") from None

from ._bands import Exceeded, FourBand
from ._bounds import Bound
from ._checks import FREE_TEXT, NAME, REFERENCE, TextRule
from ._direction import DirectionRule
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
from ._registry import (
    DirectionScheme,
    StatusScheme,
    registered_direction_rules,
    registered_schemes,
)
from ._rules import Rules
from ._status import (
    FloorStandard,
    Progress,
    TargetMet,
    Tolerance,
    YearEndSplit,
)
from ._targets import (
    AnnualTarget,
    Basis,
    BoundTarget,
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
    "figures",
    "free_text",
    "measures",
    "months",
    "names",
    "overrides",
    "periods",
    "plans",
    "polarities",
    "published",
    "quarters",
    "references",
    "rules",
    "status_schemes",
    "targets",
    "units",
    "values",
    "years",
]

_YEARS = st.integers(min_value=1990, max_value=2060)

#: Characters the text rules treat specially, drawn often rather than left to
#: chance among a million code points: tab, newline and carriage return,
#: bidirectional controls and marks, zero-width spaces and joiners, the soft
#: hyphen, the byte-order mark and a non-breaking space.
_SPECIAL = (
    "\t\n\r\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    "\u200b\u200c\u200d\u200e\u200f\u2060\u00ad\ufeff\u00a0"
)


def _text_of(rule: TextRule) -> st.SearchStrategy[str]:
    """Non-blank text of at most 30 characters that *rule* accepts."""
    alphabet = st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
        st.sampled_from([c for c in _SPECIAL if rule.refused.search(c) is None]),
    )
    # The wide alphabet holds a few characters a reference refuses (U+2028,
    # the rarer invisible ones); the filter leaves those out.
    return st.text(alphabet=alphabet, min_size=1, max_size=30).filter(
        lambda s: s.strip() != "" and rule.refused.search(s) is None
    )


_NAMES = _text_of(NAME)
_FREE_TEXT = _text_of(FREE_TEXT)
_REFERENCES = _text_of(REFERENCE)


def references() -> st.SearchStrategy[str]:
    """Any reference the model accepts, however unusual.

    Non-blank, without control characters, bidirectional controls or
    invisible characters (:attr:`Measure.ref <perfmeasures.Measure.ref>`).
    :func:`measures` and :func:`plans` draw references shaped as councils
    write them (``1.A2``) instead, as table formats read them by shape.

    .. versionadded:: 0.3.0
    """
    return _REFERENCES


def names() -> st.SearchStrategy[str]:
    """Any title or name the model accepts: tabs, newlines and bidi controls too.

    The titles of measures, plans and priorities and every other name (see
    :class:`~perfmeasures.Measure`).  :func:`measures` and :func:`plans`
    draw their titles and names from this.

    .. versionadded:: 0.3.0
    """
    return _NAMES


def free_text() -> st.SearchStrategy[str]:
    """Any note or override reason the model accepts: carriage returns too.

    :func:`measures` and :func:`overrides` draw their notes and reasons
    from this.

    .. versionadded:: 0.3.0
    """
    return _FREE_TEXT


def decimals(
    *, min_value: int = -10_000, max_value: int = 10_000, places: int = 2
) -> st.SearchStrategy[Decimal]:
    """Finite decimals with at most *places* decimal places, as reports print."""
    return st.decimals(
        min_value=min_value, max_value=max_value, places=places, allow_nan=False
    ).map(lambda d: d.normalize() if d == d.to_integral() else d)


def figures() -> st.SearchStrategy[Decimal]:
    """Any figure perfmeasures accepts, the extremes of its range included.

    Below ``1E+15`` in absolute value, with at most 28 significant digits
    and 28 decimal places (:func:`~perfmeasures.to_decimal`), written with
    any exponent in that range: ``9E+14``, ``1E-28``, ``0E-28`` and
    ``-999999999999999.9999999999999`` among them.

    .. versionadded:: 0.2.0
    """

    def build(negative: bool, exponent: int, coefficient: int) -> Decimal:
        digits = tuple(int(d) for d in str(coefficient))
        return Decimal((int(negative), digits, exponent))

    @st.composite
    def anywhere(draw: st.DrawFn) -> Decimal:
        exponent = draw(st.integers(-DECIMAL_PLACES, INTEGER_DIGITS - 1))
        width = min(SIGNIFICANT_DIGITS, INTEGER_DIGITS - exponent)
        coefficient = draw(st.integers(0, 10**width - 1))
        return build(draw(st.booleans()), exponent, coefficient)

    extremes = [
        (INTEGER_DIGITS - SIGNIFICANT_DIGITS, 10**SIGNIFICANT_DIGITS - 1),
        (INTEGER_DIGITS - 1, 9),
        (-DECIMAL_PLACES, 1),
        (-DECIMAL_PLACES, 0),
    ]
    edges = st.builds(
        lambda negative, edge: build(negative, *edge),
        st.booleans(),
        st.sampled_from(extremes),
    )
    return st.one_of(edges, anywhere())


#: Percentages at the edges of the figures taken: the smallest step, nought
#: with 28 places, and 100 less the smallest step a 28-digit figure takes.
_PERCENT_EDGES = (
    Decimal("1E-28"),
    Decimal("0E-28"),
    Decimal("99.99999999999999999999999999"),
    Decimal("100.0000000000000000000000000"),
)


def _amounts(
    usual: st.SearchStrategy[Decimal], *, percentage: bool, extreme: bool
) -> st.SearchStrategy[Decimal]:
    """*usual* figures, and with *extreme* figures at the edges of the range too.

    Percentages stay from 0 to 100, with up to 26 places; other figures
    are :func:`figures`, from ``1E-28`` to just under ``1E+15``.
    """
    if not extreme:
        return usual
    if percentage:
        edges = st.one_of(
            st.sampled_from(_PERCENT_EDGES),
            st.decimals(min_value=0, max_value=100, places=25, allow_nan=False),
        )
    else:
        edges = figures()
    return st.one_of(usual, edges)


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
            label=st.none() | _NAMES,
        ),
        st.builds(
            Unit,
            kind=st.just(UnitKind.RATE),
            per=st.sampled_from([1000, 10_000, 100_000]),
            label=st.none() | _NAMES,
        ),
    )


def values(
    *, percentage: bool = False, extreme: bool = False
) -> st.SearchStrategy[Value]:
    """Published values: figures, cumulative figures, ratios and missing ones.

    Args:
        percentage: Whether the values are percentages, from 0 to 100.
        extreme: Whether figures at the edges of the range perfmeasures
            takes are drawn too (:func:`figures`: 28 significant digits,
            28 places, magnitudes just under ``1E+15``, ``1E-28``);
            percentages stay from 0 to 100, with up to 26 places.

    .. versionchanged:: 0.3.0
       *extreme*.
    """
    low, high = (0, 100) if percentage else (-10_000, 10_000)
    figure = _amounts(
        decimals(min_value=low, max_value=high), percentage=percentage, extreme=extreme
    )
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


def targets(
    *, baseline_start_month: int = 4, percentage: bool = False, extreme: bool = False
) -> st.SearchStrategy[Target]:
    """Targets of every kind.

    Args:
        baseline_start_month: The start month of relative targets' baselines.
        percentage: Whether the targets are for a percentage measure, whose
            figures lie from 0 to 100.
        extreme: Whether the figures of fixed, inequality, annual and range
            targets may lie at the edges of the range perfmeasures takes
            (as :func:`values`); profiles and relative changes stay usual,
            as their sums and products must stay within the range too.

    .. versionchanged:: 0.2.0
       Inequalities, profiles entered as year-to-date figures, and
       *percentage*.
    .. versionchanged:: 0.3.0
       *extreme*.
    """

    def bound_target(value: Decimal, bound: Bound, floor: Decimal | None) -> Target:
        # A floor is on the weaker side of the inequality's figure.
        if floor is None:
            return BoundTarget(value, bound)
        low, high = sorted((value, floor))
        if bound.is_upper:
            return BoundTarget(low, bound, floor=high)
        return BoundTarget(high, bound, floor=low)

    usual = decimals(min_value=0, max_value=100 if percentage else 1000)
    figure = _amounts(usual, percentage=percentage, extreme=extreme)
    part = decimals(min_value=0, max_value=25) if percentage else usual
    fixed = st.builds(FixedTarget, figure, floor=st.none() | figure)
    profiled = st.lists(part, min_size=4, max_size=4).map(
        lambda p: AnnualTarget(value=sum(p, Decimal(0)), profile=tuple(p))
    )
    to_date = st.lists(usual, min_size=4, max_size=4).map(
        lambda p: AnnualTarget.from_year_to_date(max(p), sorted(p))
    )
    bounded = st.builds(
        bound_target, figure, st.sampled_from(Bound), st.none() | figure
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
    return st.one_of(fixed, profiled, to_date, annual, relative, ranged, bounded)


def _simple_schemes() -> st.SearchStrategy[
    TargetMet | Tolerance | Progress | FloorStandard | FourBand
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
    four_band = st.tuples(limit, limit).flatmap(
        lambda b: st.builds(
            FourBand,
            yellow=st.just(min(b)),
            amber=st.just(max(b)),
            kind=st.sampled_from(ChangeKind),
            yellow_inclusive=st.booleans(),
            amber_inclusive=st.booleans(),
        )
    )
    return st.one_of(
        st.just(TargetMet()),
        tolerance,
        progress,
        st.just(FloorStandard()),
        four_band,
    )


def _registered(found: Mapping[str, type]) -> list[st.SearchStrategy[Any]]:
    """Strategies for the registered classes from outside perfmeasures.

    Each is :func:`hypothesis.strategies.from_type`, so a class's own
    strategy, registered with
    :func:`hypothesis.strategies.register_type_strategy`, is used where
    there is one.
    """
    return [
        st.from_type(kind)
        for kind in found.values()
        if not kind.__module__.startswith("perfmeasures.")
    ]


def status_schemes() -> st.SearchStrategy[StatusScheme]:
    """Status schemes of every kind, with valid parameters.

    Schemes registered with :func:`~perfmeasures.register_scheme` from
    outside perfmeasures are drawn too.

    .. versionchanged:: 0.2.0
       Includes registered schemes, :class:`~perfmeasures.FourBand` and
       :class:`~perfmeasures.Exceeded`.
    """
    simple = _simple_schemes()
    split = st.builds(YearEndSplit, in_year=simple, year_end=simple)
    exceeded = st.builds(
        Exceeded,
        blue=decimals(min_value=0, max_value=50),
        kind=st.sampled_from(ChangeKind),
        blue_inclusive=st.booleans(),
        scheme=simple | split,
    )
    return st.one_of(simple, split, exceeded, *_registered(registered_schemes()))


def direction_rules() -> st.SearchStrategy[DirectionScheme]:
    """Direction-of-travel rules.

    Rules registered with :func:`~perfmeasures.register_direction_rule`
    from outside perfmeasures are drawn too.

    .. versionchanged:: 0.2.0
       Includes registered rules.
    """
    built_in = st.builds(
        DirectionRule,
        compare_with=st.none() | st.sampled_from(Comparison),
        threshold=decimals(min_value=0, max_value=10),
        threshold_kind=st.sampled_from(ChangeKind),
        plain_for_data_only=st.booleans(),
    )
    return st.one_of(built_in, *_registered(registered_direction_rules()))


def rules() -> st.SearchStrategy[Rules]:
    """A status scheme with a direction rule."""
    return st.builds(Rules, status=status_schemes(), direction=direction_rules())


def overrides() -> st.SearchStrategy[Override]:
    """Hand-set statuses with reasons."""
    return st.builds(
        Override,
        status=st.sampled_from(Status),
        reason=_FREE_TEXT,
        by=st.none() | _NAMES,
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
    extreme: bool = False,
) -> Measure:
    """Measures with values, targets, records and (sometimes) components.

    Values and records are keyed by periods of the measure's own years;
    targets by distinct whole years, so they never overlap.  Some measures
    carry rules of their own.  With *extreme*, values, targets and
    benchmarks may hold figures at the edges of the range perfmeasures
    takes (see :func:`values`).

    .. versionchanged:: 0.3.0
       *extreme*.
    """
    start = start_month or draw(st.sampled_from([4, 4, 4, 1, 9]))
    unit = draw(units())
    keys = periods(start_month=start)
    is_percentage = unit.kind is UnitKind.PERCENTAGE
    target_years = draw(st.sets(_YEARS, max_size=3))
    parts: tuple[Measure, ...] = ()
    if with_components and draw(st.integers(0, 5)) == 0:
        parts = tuple(
            draw(
                measures(
                    ref=f"part {n}",
                    start_month=start,
                    with_components=False,
                    extreme=extreme,
                )
            )
            for n in range(draw(st.integers(1, 2)))
        )
    return Measure(
        ref=ref
        if ref is not None
        else draw(st.from_regex(r"[1-9]\.[A-F][1-9](\([a-d]\))?", fullmatch=True)),
        title=draw(_NAMES),
        polarity=draw(polarities()),
        unit=unit,
        frequency=draw(st.sampled_from(Frequency)),
        aggregation=draw(st.sampled_from(Aggregation)),
        compare_with=draw(st.sampled_from(Comparison)),
        year_start_month=start,
        values=draw(
            st.dictionaries(
                keys, values(percentage=is_percentage, extreme=extreme), max_size=8
            )
        ),
        targets={
            Year(y, start): draw(
                targets(
                    baseline_start_month=start,
                    percentage=is_percentage,
                    extreme=extreme,
                )
            )
            for y in target_years
        },
        published=draw(st.dictionaries(keys, published(), max_size=2)),
        overrides=draw(st.dictionaries(keys, overrides(), max_size=2)),
        notes=draw(st.dictionaries(keys, _FREE_TEXT, max_size=2)),
        priority=draw(st.none() | st.sampled_from(["1", "2"])),
        outcome=draw(st.none() | _NAMES),
        action=draw(st.none() | _NAMES),
        lead_accountability=draw(st.none() | _NAMES),
        lead_officer=draw(st.none() | _NAMES),
        benchmarks=draw(
            st.lists(
                st.builds(
                    Benchmark,
                    name=_NAMES,
                    value=_amounts(decimals(), percentage=False, extreme=extreme),
                ),
                max_size=2,
            )
        ),
        components=parts,
        data_only=draw(st.booleans()),
        under_development=draw(st.integers(0, 9)) == 0,
        rules=draw(st.none() | rules()) if draw(st.integers(0, 3)) == 0 else None,
    )


@st.composite
def plans(
    draw: st.DrawFn,
    *,
    max_measures: int = 5,
    start_month: int | None = 4,
    extreme: bool = False,
) -> Plan:
    """Plans of measures with unique references, priorities and rules.

    Args:
        draw: Supplied by hypothesis.
        max_measures: The most measures a plan holds.
        start_month: The month every measure's years start in (April by
            default, as a plan has one kind of year); None for plans whose
            measures have years of different kinds.
        extreme: Whether figures may lie at the edges of the range
            perfmeasures takes (see :func:`measures`).

    .. versionchanged:: 0.2.0
       *start_month*; measures of one plan share April years by default.
    .. versionchanged:: 0.3.0
       *extreme*.
    """
    refs = draw(
        st.lists(
            st.from_regex(r"[1-9]\.[A-F][1-9]", fullmatch=True),
            unique=True,
            max_size=max_measures,
        )
    )
    items = tuple(
        draw(measures(ref=r, start_month=start_month, extreme=extreme)) for r in refs
    )
    # A measure with rules of its own takes none from the plan's table.
    plain = [m.ref for m in items if m.rules is None]
    special = draw(st.lists(st.sampled_from(plain), unique=True)) if plain else []
    return Plan(
        title=draw(_NAMES),
        organisation=draw(st.none() | _NAMES),
        priorities=(
            Priority(key="1", title="First priority"),
            Priority(key="2", title="Second priority"),
        ),
        measures=items,
        rules=draw(rules()),
        measure_rules={ref: draw(rules()) for ref in special},
    )
