"""Hypothesis strategies for every perfmeasures domain type.

For property-testing code built on perfmeasures, as the library tests itself.
Requires hypothesis (``pip install perfmeasures[strategies]``).

Each strategy is built once for each set of arguments and kept, so calling
these functions again, or drawing plan after plan, builds nothing anew.

>>> from hypothesis import given
>>> from perfmeasures import strategies as pst
>>> @given(pst.quarters())
... def test_previous_then_next(quarter):
...     assert quarter.previous().next() == quarter
>>> test_previous_then_next()

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import functools
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
_MONTH_NUMBERS = st.integers(1, 12)

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
_MAYBE_NAMES = st.none() | _NAMES


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


def _plain_integer(d: Decimal) -> Decimal:
    """*d*, written without places if it is a whole number (``5``, not ``5.00``)."""
    return d.normalize() if d == d.to_integral() else d


@functools.cache
def _decimals(
    min_value: int, max_value: int, places: int
) -> st.SearchStrategy[Decimal]:
    return st.decimals(
        min_value=min_value, max_value=max_value, places=places, allow_nan=False
    ).map(_plain_integer)


def decimals(
    *, min_value: int = -10_000, max_value: int = 10_000, places: int = 2
) -> st.SearchStrategy[Decimal]:
    """Finite decimals with at most *places* decimal places, as reports print."""
    return _decimals(min_value, max_value, places)


def _figure(negative: bool, exponent: int, coefficient: int) -> Decimal:
    """The decimal ``(-1)**negative * coefficient * 10**exponent``."""
    digits = tuple(int(d) for d in str(coefficient))
    return Decimal((int(negative), digits, exponent))


@st.composite
def _figures_anywhere(draw: st.DrawFn) -> Decimal:
    """A figure of any exponent in range, with as many digits as fit."""
    exponent = draw(st.integers(-DECIMAL_PLACES, INTEGER_DIGITS - 1))
    width = min(SIGNIFICANT_DIGITS, INTEGER_DIGITS - exponent)
    coefficient = draw(st.integers(0, 10**width - 1))
    return _figure(draw(st.booleans()), exponent, coefficient)


@functools.cache
def _figures() -> st.SearchStrategy[Decimal]:
    extremes = [
        (INTEGER_DIGITS - SIGNIFICANT_DIGITS, 10**SIGNIFICANT_DIGITS - 1),
        (INTEGER_DIGITS - 1, 9),
        (-DECIMAL_PLACES, 1),
        (-DECIMAL_PLACES, 0),
    ]
    edges = st.builds(
        lambda negative, edge: _figure(negative, *edge),
        st.booleans(),
        st.sampled_from(extremes),
    )
    return st.one_of(edges, _figures_anywhere())


def figures() -> st.SearchStrategy[Decimal]:
    """Any figure perfmeasures accepts, the extremes of its range included.

    Below ``1E+15`` in absolute value, with at most 28 significant digits
    and 28 decimal places (:func:`~perfmeasures.to_decimal`), written with
    any exponent in that range: ``9E+14``, ``1E-28``, ``0E-28`` and
    ``-999999999999999.9999999999999`` among them.

    .. versionadded:: 0.2.0
    """
    return _figures()


#: Percentages at the edges of the figures taken: the smallest step, nought
#: with 28 places, and 100 less the smallest step a 28-digit figure takes.
_PERCENT_EDGES = (
    Decimal("1E-28"),
    Decimal("0E-28"),
    Decimal("99.99999999999999999999999999"),
    Decimal("100.0000000000000000000000000"),
)


@functools.cache
def _percent_edges() -> st.SearchStrategy[Decimal]:
    return st.one_of(
        st.sampled_from(_PERCENT_EDGES),
        st.decimals(min_value=0, max_value=100, places=25, allow_nan=False),
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
    return st.one_of(usual, _percent_edges() if percentage else _figures())


@functools.cache
def _years(start_month: int | None) -> st.SearchStrategy[Year]:
    months = st.just(start_month) if start_month else _MONTH_NUMBERS
    return st.builds(Year, _YEARS, months)


def years(*, start_month: int | None = None) -> st.SearchStrategy[Year]:
    """Reporting years, starting in *start_month* or any month."""
    return _years(start_month)


@functools.cache
def _quarters(start_month: int | None) -> st.SearchStrategy[Quarter]:
    return st.builds(Quarter, _years(start_month), st.integers(1, 4))


def quarters(*, start_month: int | None = None) -> st.SearchStrategy[Quarter]:
    """Quarters of years starting in *start_month* or any month."""
    return _quarters(start_month)


_MONTHS = st.builds(Month, _YEARS, _MONTH_NUMBERS)


def months() -> st.SearchStrategy[Month]:
    """Calendar months."""
    return _MONTHS


@functools.cache
def _periods(start_month: int | None) -> st.SearchStrategy[Period]:
    return st.one_of(_years(start_month), _quarters(start_month), _MONTHS)


def periods(*, start_month: int | None = None) -> st.SearchStrategy[Period]:
    """Any period: a year, a quarter or a month."""
    return _periods(start_month)


_POLARITIES = st.sampled_from(Polarity)


def polarities() -> st.SearchStrategy[Polarity]:
    """Any polarity."""
    return _POLARITIES


_UNITS = st.one_of(
    st.builds(
        Unit,
        kind=st.sampled_from([k for k in UnitKind if k is not UnitKind.RATE]),
        label=_MAYBE_NAMES,
    ),
    st.builds(
        Unit,
        kind=st.just(UnitKind.RATE),
        per=st.sampled_from([1000, 10_000, 100_000]),
        label=_MAYBE_NAMES,
    ),
)


def units() -> st.SearchStrategy[Unit]:
    """Units of every kind."""
    return _UNITS


def _ratio(numerator: int, extra: int) -> Value:
    """The value *numerator* out of *numerator* + *extra*."""
    return Value.from_ratio(numerator, numerator + extra)


def _with_year_to_date(amount: Decimal, year_to_date: Decimal | None) -> Value:
    """A value of *amount*, with its *year_to_date* figure if there is one."""
    return Value(amount=amount, year_to_date=year_to_date)


@functools.cache
def _values(percentage: bool, extreme: bool) -> st.SearchStrategy[Value]:
    low, high = (0, 100) if percentage else (-10_000, 10_000)
    figure = _amounts(_decimals(low, high, 2), percentage=percentage, extreme=extreme)
    plain = st.builds(Value.of, figure)
    both = st.builds(_with_year_to_date, figure, st.none() | figure)
    cumulative = st.builds(Value.cumulative, figure)
    missing = st.builds(Value.not_available, st.sampled_from(MissingReason))
    ratio = st.builds(_ratio, st.integers(0, 500), st.integers(1, 500))
    return st.one_of(plain, both, cumulative, missing, ratio)


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
    return _values(percentage, extreme)


def _bound_target(value: Decimal, bound: Bound, floor: Decimal | None) -> Target:
    """An inequality target, its floor (if any) on the weaker side of *value*."""
    if floor is None:
        return BoundTarget(value, bound)
    low, high = sorted((value, floor))
    if bound.is_upper:
        return BoundTarget(low, bound, floor=high)
    return BoundTarget(high, bound, floor=low)


def _profiled(parts: list[Decimal]) -> AnnualTarget:
    """An annual target whose quarters are *parts*, and its value their sum."""
    return AnnualTarget(value=sum(parts, Decimal(0)), profile=tuple(parts))


def _to_date(figures: list[Decimal]) -> AnnualTarget:
    """An annual target entered as rising year-to-date figures."""
    return AnnualTarget.from_year_to_date(max(figures), sorted(figures))


def _ranged(bounds: tuple[Decimal, Decimal]) -> RangeTarget:
    """The range between the two *bounds*, whichever is lower."""
    return RangeTarget(lower=min(bounds), upper=max(bounds))


@functools.cache
def _targets(
    baseline_start_month: int, percentage: bool, extreme: bool
) -> st.SearchStrategy[Target]:
    usual = _decimals(0, 100 if percentage else 1000, 2)
    figure = _amounts(usual, percentage=percentage, extreme=extreme)
    maybe_figure = st.none() | figure
    part = _decimals(0, 25, 2) if percentage else usual
    fixed = st.builds(FixedTarget, figure, floor=maybe_figure)
    profiled = st.lists(part, min_size=4, max_size=4).map(_profiled)
    to_date = st.lists(usual, min_size=4, max_size=4).map(_to_date)
    bounded = st.builds(_bound_target, figure, st.sampled_from(Bound), maybe_figure)
    annual = st.builds(
        AnnualTarget,
        value=figure,
        basis=st.sampled_from(Basis),
        floor=maybe_figure,
    )
    relative = st.builds(
        RelativeTarget,
        baseline=_years(baseline_start_month),
        change=_decimals(-50, 50, 2),
        change_kind=st.sampled_from(ChangeKind),
        basis=st.sampled_from(Basis),
    )
    ranged = st.tuples(figure, figure).map(_ranged)
    return st.one_of(fixed, profiled, to_date, annual, relative, ranged, bounded)


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
    return _targets(baseline_start_month, percentage, extreme)


def _tolerance(
    limits: tuple[Decimal, Decimal],
    kind: ChangeKind,
    amber_inclusive: bool,
    green_inclusive: bool,
) -> Tolerance:
    """A tolerance whose amber limit is the wider of *limits*."""
    return Tolerance(
        amber=max(limits),
        green=min(limits),
        kind=kind,
        amber_inclusive=amber_inclusive,
        green_inclusive=green_inclusive,
    )


def _four_band(
    limits: tuple[Decimal, Decimal],
    kind: ChangeKind,
    yellow_inclusive: bool,
    amber_inclusive: bool,
) -> FourBand:
    """Four bands whose amber limit is the wider of *limits*."""
    return FourBand(
        yellow=min(limits),
        amber=max(limits),
        kind=kind,
        yellow_inclusive=yellow_inclusive,
        amber_inclusive=amber_inclusive,
    )


@functools.cache
def _simple_schemes() -> st.SearchStrategy[
    TargetMet | Tolerance | Progress | FloorStandard | FourBand
]:
    limit = _decimals(0, 50, 2)
    limits = st.tuples(limit, limit)
    kinds = st.sampled_from(ChangeKind)
    tolerance = st.builds(_tolerance, limits, kinds, st.booleans(), st.booleans())
    progress = st.builds(
        Progress,
        green=limit,
        kind=kinds,
        green_inclusive=st.booleans(),
        amber_when=st.frozensets(st.sampled_from(Direction), min_size=0),
    )
    four_band = st.builds(_four_band, limits, kinds, st.booleans(), st.booleans())
    return st.one_of(
        st.just(TargetMet()),
        tolerance,
        progress,
        st.just(FloorStandard()),
        four_band,
    )


def _outside(found: Mapping[str, type]) -> tuple[type, ...]:
    """The registered classes from outside perfmeasures, in registration order."""
    return tuple(
        kind
        for kind in found.values()
        if not kind.__module__.startswith("perfmeasures.")
    )


def _registered(kinds: tuple[type, ...]) -> list[st.SearchStrategy[Any]]:
    """Strategies for registered classes from outside perfmeasures.

    Each is :func:`hypothesis.strategies.from_type`, so a class's own
    strategy, registered with
    :func:`hypothesis.strategies.register_type_strategy`, is used where
    there is one.
    """
    return [st.from_type(kind) for kind in kinds]


@functools.cache
def _status_schemes(outside: tuple[type, ...]) -> st.SearchStrategy[StatusScheme]:
    simple = _simple_schemes()
    split = st.builds(YearEndSplit, in_year=simple, year_end=simple)
    exceeded = st.builds(
        Exceeded,
        blue=_decimals(0, 50, 2),
        kind=st.sampled_from(ChangeKind),
        blue_inclusive=st.booleans(),
        scheme=simple | split,
    )
    return st.one_of(simple, split, exceeded, *_registered(outside))


def status_schemes() -> st.SearchStrategy[StatusScheme]:
    """Status schemes of every kind, with valid parameters.

    Schemes registered with :func:`~perfmeasures.register_scheme` from
    outside perfmeasures are drawn too.

    .. versionchanged:: 0.2.0
       Includes registered schemes, :class:`~perfmeasures.FourBand` and
       :class:`~perfmeasures.Exceeded`.
    """
    return _status_schemes(_outside(registered_schemes()))


@functools.cache
def _direction_rules(outside: tuple[type, ...]) -> st.SearchStrategy[DirectionScheme]:
    built_in = st.builds(
        DirectionRule,
        compare_with=st.none() | st.sampled_from(Comparison),
        threshold=_decimals(0, 10, 2),
        threshold_kind=st.sampled_from(ChangeKind),
        plain_for_data_only=st.booleans(),
    )
    return st.one_of(built_in, *_registered(outside))


def direction_rules() -> st.SearchStrategy[DirectionScheme]:
    """Direction-of-travel rules.

    Rules registered with :func:`~perfmeasures.register_direction_rule`
    from outside perfmeasures are drawn too.

    .. versionchanged:: 0.2.0
       Includes registered rules.
    """
    return _direction_rules(_outside(registered_direction_rules()))


@functools.cache
def _rules(
    schemes: tuple[type, ...], directions: tuple[type, ...]
) -> st.SearchStrategy[Rules]:
    return st.builds(
        Rules, status=_status_schemes(schemes), direction=_direction_rules(directions)
    )


def rules() -> st.SearchStrategy[Rules]:
    """A status scheme with a direction rule."""
    return _rules(
        _outside(registered_schemes()), _outside(registered_direction_rules())
    )


_OVERRIDES = st.builds(
    Override,
    status=st.sampled_from(Status),
    reason=_FREE_TEXT,
    by=_MAYBE_NAMES,
)


def overrides() -> st.SearchStrategy[Override]:
    """Hand-set statuses with reasons."""
    return _OVERRIDES


_PUBLISHED = st.builds(
    Published,
    status=st.none() | st.sampled_from(Status),
    direction=st.none() | st.sampled_from(Direction),
)


def published() -> st.SearchStrategy[Published]:
    """Published status and direction records."""
    return _PUBLISHED


# What a measure draws, built once: the strategies that depend on the
# measure's start month, kind of unit or extremity are kept per combination.
_START_MONTHS = st.sampled_from([4, 4, 4, 1, 9])
_MEASURE_REFS = st.from_regex(r"[1-9]\.[A-F][1-9](\([a-d]\))?", fullmatch=True)
_PLAN_REFS = st.from_regex(r"[1-9]\.[A-F][1-9]", fullmatch=True)
_TARGET_YEARS = st.sets(_YEARS, max_size=3)
_FREQUENCIES = st.sampled_from(Frequency)
_AGGREGATIONS = st.sampled_from(Aggregation)
_COMPARISONS = st.sampled_from(Comparison)
_PRIORITY_KEYS = st.none() | st.sampled_from(["1", "2"])
_SIXTHS = st.integers(0, 5)
_PART_COUNTS = st.integers(1, 2)
_TENTHS = st.integers(0, 9)
_QUARTERS = st.integers(0, 3)
_BOOLEANS = st.booleans()
#: The plan's own priorities, to which measures' priority keys refer.
_PRIORITIES = (
    Priority(key="1", title="First priority"),
    Priority(key="2", title="Second priority"),
)


@functools.cache
def _values_by_period(
    start_month: int, percentage: bool, extreme: bool
) -> st.SearchStrategy[dict[Period, Value]]:
    return st.dictionaries(
        _periods(start_month), _values(percentage, extreme), max_size=8
    )


@functools.cache
def _records(
    start_month: int,
) -> tuple[
    st.SearchStrategy[dict[Period, Published]],
    st.SearchStrategy[dict[Period, Override]],
    st.SearchStrategy[dict[Period, str]],
]:
    """Published records, overrides and notes by periods of such years."""
    keys = _periods(start_month)
    return (
        st.dictionaries(keys, _PUBLISHED, max_size=2),
        st.dictionaries(keys, _OVERRIDES, max_size=2),
        st.dictionaries(keys, _FREE_TEXT, max_size=2),
    )


@functools.cache
def _benchmarks(extreme: bool) -> st.SearchStrategy[list[Benchmark]]:
    value = _amounts(_decimals(-10_000, 10_000, 2), percentage=False, extreme=extreme)
    return st.lists(st.builds(Benchmark, name=_NAMES, value=value), max_size=2)


@functools.cache
def _maybe_rules(
    schemes: tuple[type, ...], directions: tuple[type, ...]
) -> st.SearchStrategy[Rules | None]:
    return st.none() | _rules(schemes, directions)


def _draw_measure(
    draw: st.DrawFn,
    *,
    ref: str | None,
    start_month: int | None,
    with_components: bool,
    extreme: bool,
) -> Measure:
    """Draw a measure as :func:`measures` describes, from the strategies kept."""
    start = start_month or draw(_START_MONTHS)
    unit = draw(_UNITS)
    is_percentage = unit.kind is UnitKind.PERCENTAGE
    target_years = draw(_TARGET_YEARS)
    parts: tuple[Measure, ...] = ()
    if with_components and draw(_SIXTHS) == 0:
        parts = tuple(
            _draw_measure(
                draw,
                ref=f"part {n}",
                start_month=start,
                with_components=False,
                extreme=extreme,
            )
            for n in range(draw(_PART_COUNTS))
        )
    target = _targets(start, is_percentage, extreme)
    published, overrides, notes = _records(start)
    own_rules = _maybe_rules(
        _outside(registered_schemes()), _outside(registered_direction_rules())
    )
    return Measure(
        ref=ref if ref is not None else draw(_MEASURE_REFS),
        title=draw(_NAMES),
        polarity=draw(_POLARITIES),
        unit=unit,
        frequency=draw(_FREQUENCIES),
        aggregation=draw(_AGGREGATIONS),
        compare_with=draw(_COMPARISONS),
        year_start_month=start,
        values=draw(_values_by_period(start, is_percentage, extreme)),
        targets={Year(y, start): draw(target) for y in target_years},
        published=draw(published),
        overrides=draw(overrides),
        notes=draw(notes),
        priority=draw(_PRIORITY_KEYS),
        outcome=draw(_MAYBE_NAMES),
        action=draw(_MAYBE_NAMES),
        lead_accountability=draw(_MAYBE_NAMES),
        lead_officer=draw(_MAYBE_NAMES),
        benchmarks=draw(_benchmarks(extreme)),
        components=parts,
        data_only=draw(_BOOLEANS),
        under_development=draw(_TENTHS) == 0,
        rules=draw(own_rules) if draw(_QUARTERS) == 0 else None,
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
    return _draw_measure(
        draw,
        ref=ref,
        start_month=start_month,
        with_components=with_components,
        extreme=extreme,
    )


@functools.cache
def _plan_refs(max_measures: int) -> st.SearchStrategy[list[str]]:
    return st.lists(_PLAN_REFS, unique=True, max_size=max_measures)


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
    refs = draw(_plan_refs(max_measures))
    items = tuple(
        _draw_measure(
            draw, ref=r, start_month=start_month, with_components=True, extreme=extreme
        )
        for r in refs
    )
    # A measure with rules of its own takes none from the plan's table.
    plain = [m.ref for m in items if m.rules is None]
    special = draw(st.lists(st.sampled_from(plain), unique=True)) if plain else []
    plan_rules = rules()
    return Plan(
        title=draw(_NAMES),
        organisation=draw(_MAYBE_NAMES),
        priorities=_PRIORITIES,
        measures=items,
        rules=draw(plan_rules),
        measure_rules={ref: draw(plan_rules) for ref in special},
    )
