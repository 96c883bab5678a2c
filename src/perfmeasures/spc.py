r"""Statistical process control: XmR charts as Making Data Count reads them.

A red, amber or green rating says where a figure stands against its
target; it cannot say whether a change from last period is a signal or
noise.  An XmR chart can: the centre line is the mean of the series, the
natural process limits lie 2.66 average moving ranges either side of it,
and a handful of special-cause rules pick out the points that common-cause
variation would hardly produce.  NHS England's Making Data Count programme
turns the chart into two icons, one for *variation* (what the latest point
shows) and one for *assurance* (whether the process, as it runs, will meet
its target).

:func:`xmr` computes the chart over a sequence of numbers: the limits of
each segment (:class:`Segment`), the rules that flag each point
(:class:`XmRPoint`) and the two icons (:class:`XmR`).

The worked example of the NHS-R community's reference implementation,
NHSRplotthedots, with its moving ranges screened (the default):

>>> from perfmeasures.spc import xmr
>>> chart = xmr([1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1])
>>> segment = chart.segments[0]
>>> print(f"{segment.mean:.2f} {segment.amr:.3f}")
1.94 1.000
>>> print(f"{segment.upper:.2f} {segment.lower:.2f}")
4.60 -0.72
>>> [point.index for point in chart.points if point.rules]
[4]
>>> chart.points[4].point_type
<PointType.SPECIAL_CAUSE_IMPROVEMENT: 'special_cause_improvement'>
>>> chart.variation
<Variation.COMMON_CAUSE: 'common_cause'>

Unscreened, as the NHS Excel tools compute it:

>>> segment = xmr([1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1],
...               screen=False).segments[0]
>>> print(f"{segment.amr:.3f} {segment.upper:.2f} {segment.lower:.2f}")
1.882 6.95 -3.06

.. versionadded:: 0.3.0
"""

from __future__ import annotations

import decimal
import enum
from collections.abc import Iterable, Sequence
from decimal import Decimal
from itertools import pairwise

import attrs

from ._arithmetic import EXACT
from ._errors import InvalidPeriodError, InvalidValueError
from ._figures import period_figure, target_for
from ._measures import Frequency, Measure, Polarity
from ._periods import Month, Period, Quarter, read_period
from ._ratings import Assurance, Variation
from ._targets import Basis
from ._values import CONTEXT, to_decimal

__all__ = [
    "LIMIT_FACTOR",
    "SCREEN_FACTOR",
    "TRIAL_POINTS",
    "TWO_SIGMA_FACTOR",
    "Assurance",
    "Improvement",
    "PointType",
    "Rule",
    "Segment",
    "SpecialCauseRules",
    "TwoOfThree",
    "Variation",
    "XmR",
    "XmRPoint",
    "measure_xmr",
    "xmr",
]

#: Process limits lie this many average moving ranges from the mean: three
#: sigma, with sigma estimated as AMR / 1.128 (the ``d2`` constant for
#: ranges of two points), as every Making Data Count tool rounds it.
LIMIT_FACTOR = Decimal("2.66")

#: The 2-sigma lines lie this many average moving ranges from the mean:
#: two thirds of :data:`LIMIT_FACTOR`, as NHSRplotthedots rounds it.
TWO_SIGMA_FACTOR = Decimal("1.7733")

#: Screening drops moving ranges of at least this many average moving
#: ranges (the upper range limit, ``D4`` for ranges of two points) before
#: the average is taken again.
SCREEN_FACTOR = Decimal("3.267")

#: Limits from fewer points than this are trial limits, as Making Data
#: Count advises.
TRIAL_POINTS = 13


class Improvement(enum.Enum):
    """Which way a measure improves, for reading special causes.

    .. versionadded:: 0.3.0
    """

    INCREASE = "increase"
    """Higher is better: a high special cause is an improvement."""
    DECREASE = "decrease"
    """Lower is better: a low special cause is an improvement."""
    NEUTRAL = "neutral"
    """Neither way is better: special causes are neither improvement nor concern."""


class TwoOfThree(enum.Enum):
    """Which points the two-of-three rule counts.

    .. versionadded:: 0.3.0
    """

    BETWEEN_2_AND_3_SIGMA = "between_2_and_3_sigma"
    """Points beyond 2 sigma but within the process limits (NHSRplotthedots)."""
    BEYOND_2_SIGMA = "beyond_2_sigma"
    """Every point beyond 2 sigma (Making Data Count guidance, November 2023)."""


class Rule(enum.Enum):
    """A special-cause rule, listed in order of precedence for the label.

    .. versionadded:: 0.3.0
    """

    OUTSIDE = "outside"
    """A point strictly beyond a process limit."""
    TREND = "trend"
    """A run of points each strictly above, or each strictly below, the one before."""
    TWO_OF_THREE = "two_of_three"
    """Two of three consecutive points beyond 2 sigma on the same side."""
    SHIFT = "shift"
    """A run of points all strictly on one side of the mean."""


class PointType(enum.Enum):
    """What a point of an XmR chart shows.

    .. versionadded:: 0.3.0
    """

    COMMON_CAUSE = "common_cause"
    """No special-cause rule flags the point."""
    SPECIAL_CAUSE_IMPROVEMENT = "special_cause_improvement"
    """A special cause on the side where the measure improves."""
    SPECIAL_CAUSE_CONCERN = "special_cause_concern"
    """A special cause on the side where the measure worsens."""
    SPECIAL_CAUSE_NEITHER = "special_cause_neither"
    """A special cause on a measure with no better direction."""


def _convert_two_of_three(value: object) -> TwoOfThree:
    if isinstance(value, TwoOfThree):
        return value
    for member in TwoOfThree:
        if value == member.value:
            return member
    raise InvalidValueError(
        "two_of_three", value, "'between_2_and_3_sigma' or 'beyond_2_sigma'"
    )


def _check_length(
    _instance: object, attribute: attrs.Attribute[int], value: object
) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 2:
        raise InvalidValueError(attribute.name, value, "a whole number of at least 2")


@attrs.frozen(kw_only=True)
class SpecialCauseRules:
    """The parameters of the special-cause rules.

    A point beyond a process limit is always a special cause.  The other
    rules are:

    - *shift*: this many consecutive points all strictly above, or all
      strictly below, the mean; a point on the mean breaks the run.  Every
      point of the run is flagged.
    - *trend*: this many consecutive points each strictly above (or each
      strictly below) the one before; a tie breaks the run.  Every point of
      the run is flagged.
    - *two_of_three*: two of three consecutive points beyond 2 sigma, all
      three strictly on the same side of the mean, as NHSRplotthedots
      requires (a third point across the mean breaks the pattern); the
      points beyond are flagged.

    The two-of-three rule is published in two wordings.  NHSRplotthedots
    counts only points between 2 and 3 sigma, leaving those beyond the
    limits to the first rule; the Making Data Count guidance of November
    2023 counts every point beyond 2 sigma.  The default is the guidance's
    wording, ``"beyond_2_sigma"``: it is what the programme now teaches and
    what NHS analysts reading the icons expect, and it keeps the rule
    monotone (against fixed limits, moving a point further from the mean
    can never stop the rule firing, as it can when a point crossing the
    limit stops being counted).
    ``"between_2_and_3_sigma"`` reproduces NHSRplotthedots.

    Some tools use a shift of 6 or a trend of 5 or 6; both lengths are
    parameters.  Making Data Count uses 7 for each.

    Args:
        shift: Points in a run on one side of the mean, at least 2.
        trend: Points in a rising or falling run, at least 2.
        two_of_three: Which points the two-of-three rule counts, as a
            :class:`TwoOfThree` or its value.

    Raises:
        InvalidValueError: A length is not a whole number of at least 2, or
            *two_of_three* names no wording.

    >>> SpecialCauseRules(shift=6).shift
    6

    .. versionadded:: 0.3.0
    """

    shift: int = attrs.field(default=7, validator=_check_length)
    trend: int = attrs.field(default=7, validator=_check_length)
    two_of_three: TwoOfThree = attrs.field(
        default=TwoOfThree.BEYOND_2_SIGMA, converter=_convert_two_of_three
    )


@attrs.frozen(kw_only=True)
class Segment:
    """The centre line and limits of one stretch of an XmR chart.

    A chart has one segment, or one more for each rebase.  The limits come
    from the segment's first :attr:`points` values: all of them, or the
    first *n* when the baseline is fixed after *n* points.  Moving ranges
    are taken within the segment only.

    Attributes:
        start: Index of the segment's first point.
        stop: Index one past its last point (as in :class:`range`).
        mean: The centre line: the mean of the points the limits come from.
        amr: The average moving range of those points, screened or not.
        upper: The upper process limit, ``mean + 2.66 * amr``.
        lower: The lower process limit, ``mean - 2.66 * amr``.
        upper_two_sigma: ``mean + 1.7733 * amr``.
        lower_two_sigma: ``mean - 1.7733 * amr``.
        points: How many points the limits come from.
        trial: Whether those are fewer than 13, making these trial limits.

    .. versionadded:: 0.3.0
    """

    start: int
    stop: int
    mean: Decimal
    amr: Decimal
    upper: Decimal
    lower: Decimal
    upper_two_sigma: Decimal
    lower_two_sigma: Decimal
    points: int
    trial: bool


@attrs.frozen(kw_only=True)
class XmRPoint:
    """One point of an XmR chart and what the special-cause rules make of it.

    Attributes:
        index: The point's position in the series.
        value: Its value.
        segment: The index of the segment it belongs to.
        rules: Every rule that flagged it (empty for common cause).
        point_type: What it shows.  When rules flag it on different sides
            (a falling trend above the mean, say), the side is that of the
            rule first in :class:`Rule` order: outside, trend, two of
            three, shift.
        period: The period the value is for, when the chart is of a
            measure (:func:`measure_xmr`); ``None`` from :func:`xmr`.

    .. versionadded:: 0.3.0
    """

    index: int
    value: Decimal
    segment: int
    rules: frozenset[Rule]
    point_type: PointType
    period: Period | None = None


@attrs.frozen(kw_only=True)
class XmR:
    """An XmR chart: segments, points and the two Making Data Count icons.

    Attributes:
        segments: The segments, in order; one unless the chart is rebased.
        points: Every point, in order.
        variation: The variation icon: what the latest point shows.
        assurance: The assurance icon, from the last segment's limits, or
            ``None`` without a target or for a measure with no better
            direction.
        improvement: Which way the measure improves.
        target: The target the assurance is read against, if any.
        ref: The measure's reference, for a chart of a measure
            (:func:`measure_xmr`); ``None`` from :func:`xmr`.
        title: The measure's title, likewise.

    .. versionadded:: 0.3.0
    """

    segments: tuple[Segment, ...]
    points: tuple[XmRPoint, ...]
    variation: Variation
    assurance: Assurance | None
    improvement: Improvement
    target: Decimal | None
    ref: str | None = None
    title: str | None = None


def _improvement(value: object) -> Improvement:
    if isinstance(value, Improvement):
        return value
    for member in Improvement:
        if value == member.value:
            return member
    raise InvalidValueError("improvement", value, "'increase', 'decrease' or 'neutral'")


def _values(values: object) -> tuple[Decimal, ...]:
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise InvalidValueError("values", values, "a sequence of numbers")
    numbers = tuple(
        to_decimal(value, f"values[{index}]") for index, value in enumerate(values)
    )
    if len(numbers) < 2:
        raise InvalidValueError("values", values, "at least two values")
    return numbers


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _starts(rebase_at: object, count: int) -> list[int]:
    expected = (
        "whole numbers in increasing order, each at least 2 more than the one "
        f"before (the first at least 2) and at most {count - 2}, so that every "
        "segment has at least two values"
    )
    if isinstance(rebase_at, str | bytes) or not isinstance(rebase_at, Iterable):
        raise InvalidValueError("rebase_at", rebase_at, expected)
    starts = [0]
    for index in rebase_at:
        if not _whole(index) or not starts[-1] + 2 <= index <= count - 2:
            raise InvalidValueError("rebase_at", rebase_at, expected)
        starts.append(index)
    return starts


@attrs.frozen
class _Lines:
    """A segment's centre line and limits as exact sums, for exact comparisons.

    The mean is ``total / count`` and the AMR ``spread / ranges``; every
    comparison with a line multiplies through by the counts instead of
    dividing, so that no rounding decides which side of a line a point
    lies (the limits reported are rounded to 28 digits).
    """

    total: Decimal
    count: int
    spread: Decimal
    ranges: int

    def side(self, value: Decimal, factor: Decimal = Decimal(0)) -> int:
        """Whether *value* is above (1), on (0) or below (-1) the given line.

        The line is ``mean + factor * amr``.
        """
        with decimal.localcontext(EXACT):
            gap = (
                value * self.count * self.ranges
                - self.total * self.ranges
                - factor * self.spread * self.count
            )
        return _sign(gap)


def _segment(
    values: Sequence[Decimal],
    start: int,
    stop: int,
    fix_after: int | None,
    screen: bool,
) -> tuple[Segment, _Lines]:
    end = stop if fix_after is None else min(stop, start + fix_after)
    base = values[start:end]
    with decimal.localcontext(EXACT):
        ranges = [abs(later - earlier) for earlier, later in pairwise(base)]
        spread = sum(ranges, Decimal(0))
        if screen and spread:
            # A range r is kept when r < 3.267 * spread / k, k ranges in all.
            cut, k = SCREEN_FACTOR * spread, len(ranges)
            ranges = [each for each in ranges if each * k < cut]
            spread = sum(ranges, Decimal(0))
        lines = _Lines(sum(base, Decimal(0)), len(base), spread, len(ranges))
    mean, amr = lines.total / lines.count, lines.spread / lines.ranges
    limit, near = LIMIT_FACTOR * amr, TWO_SIGMA_FACTOR * amr
    segment = Segment(
        start=start,
        stop=stop,
        mean=mean,
        amr=amr,
        upper=mean + limit,
        lower=mean - limit,
        upper_two_sigma=mean + near,
        lower_two_sigma=mean - near,
        points=len(base),
        trial=len(base) < TRIAL_POINTS,
    )
    return segment, lines


def _runs(signs: Sequence[int]) -> list[tuple[int, int, int]]:
    """Maximal runs of equal non-zero signs, as (first, past last, sign)."""
    runs: list[tuple[int, int, int]] = []
    first = 0
    for position in range(1, len(signs) + 1):
        if position == len(signs) or signs[position] != signs[first]:
            if signs[first]:
                runs.append((first, position, signs[first]))
            first = position
    return runs


def _sign(difference: Decimal) -> int:
    return (difference > 0) - (difference < 0)


def _flag_segment(
    points: Sequence[Decimal], lines: _Lines, rules: SpecialCauseRules
) -> list[dict[Rule, bool]]:
    """The rules flagging each of a segment's *points*, each with its side (high)."""
    flags: list[dict[Rule, bool]] = [{} for _ in points]
    for offset, value in enumerate(points):
        if lines.side(value, LIMIT_FACTOR) > 0:
            flags[offset][Rule.OUTSIDE] = True
        elif lines.side(value, -LIMIT_FACTOR) < 0:
            flags[offset][Rule.OUTSIDE] = False
    sides = [lines.side(value) for value in points]
    for first, past, sign in _runs(sides):
        if past - first >= rules.shift:
            for offset in range(first, past):
                flags[offset][Rule.SHIFT] = sign > 0
    steps = [_sign(later - earlier) for earlier, later in pairwise(points)]
    for first, past, sign in _runs(steps):
        # A run of k steps spans k + 1 points.  A peak or trough ends one
        # run and starts the next; it keeps the side of the run that reaches
        # it (high for a peak, low for a trough).
        if past - first + 1 >= rules.trend:
            for offset in range(first, past + 1):
                flags[offset].setdefault(Rule.TREND, sign > 0)
    within = rules.two_of_three is TwoOfThree.BETWEEN_2_AND_3_SIGMA
    near = [
        _near(lines, value, high=True, within=within)
        - _near(lines, value, high=False, within=within)
        for value in points
    ]
    for first in range(len(points) - 2):
        for sign in (1, -1):
            window = range(first, first + 3)
            if any(sides[at] != sign for at in window):
                continue
            beyond = [at for at in window if near[at] == sign]
            if len(beyond) >= 2:
                for offset in beyond:
                    flags[offset][Rule.TWO_OF_THREE] = sign > 0
    return flags


def _near(lines: _Lines, value: Decimal, *, high: bool, within: bool) -> bool:
    """Whether *value* counts for the two-of-three rule on the side *high*."""
    sign = 1 if high else -1
    beyond = lines.side(value, sign * TWO_SIGMA_FACTOR) == sign
    return beyond and not (within and lines.side(value, sign * LIMIT_FACTOR) == sign)


_TYPES = {
    (Improvement.INCREASE, True): PointType.SPECIAL_CAUSE_IMPROVEMENT,
    (Improvement.INCREASE, False): PointType.SPECIAL_CAUSE_CONCERN,
    (Improvement.DECREASE, True): PointType.SPECIAL_CAUSE_CONCERN,
    (Improvement.DECREASE, False): PointType.SPECIAL_CAUSE_IMPROVEMENT,
    (Improvement.NEUTRAL, True): PointType.SPECIAL_CAUSE_NEITHER,
    (Improvement.NEUTRAL, False): PointType.SPECIAL_CAUSE_NEITHER,
}

_VARIATIONS = {
    (PointType.SPECIAL_CAUSE_IMPROVEMENT, True): Variation.IMPROVEMENT_HIGH,
    (PointType.SPECIAL_CAUSE_IMPROVEMENT, False): Variation.IMPROVEMENT_LOW,
    (PointType.SPECIAL_CAUSE_CONCERN, True): Variation.CONCERN_HIGH,
    (PointType.SPECIAL_CAUSE_CONCERN, False): Variation.CONCERN_LOW,
    (PointType.SPECIAL_CAUSE_NEITHER, True): Variation.NEITHER_HIGH,
    (PointType.SPECIAL_CAUSE_NEITHER, False): Variation.NEITHER_LOW,
}


def _assurance(
    lines: _Lines, improvement: Improvement, target: Decimal | None
) -> Assurance | None:
    if target is None or improvement is Improvement.NEUTRAL:
        return None
    # The lower limit above the target, or the upper limit below it.
    above = lines.side(target, -LIMIT_FACTOR) < 0
    below = lines.side(target, LIMIT_FACTOR) > 0
    if not (above or below):
        return Assurance.INCONSISTENT
    if above == (improvement is Improvement.INCREASE):
        return Assurance.CONSISTENT_PASS
    return Assurance.CONSISTENT_FAIL


def xmr(  # noqa: PLR0913
    values: Iterable[Decimal | float | str],
    *,
    improvement: Improvement | str = Improvement.INCREASE,
    target: Decimal | float | str | None = None,
    screen: bool = True,
    rebase_at: Iterable[int] = (),
    fix_after: int | None = None,
    rules: SpecialCauseRules = SpecialCauseRules(),
) -> XmR:
    """Compute an XmR chart and its Making Data Count icons.

    Each segment's centre line is the mean of its points and its limits lie
    ``2.66 * AMR`` (process limits) and ``1.7733 * AMR`` (2 sigma) either
    side, with the constants as the NHS tools round them
    (:data:`LIMIT_FACTOR`, :data:`TWO_SIGMA_FACTOR`).  The average moving
    range (AMR) is screened by default: moving ranges of at least
    ``3.267 * AMR`` are dropped and the average taken again from the rest,
    once, as NHSRplotthedots does; ``screen=False`` reproduces the NHS
    Excel tools.  A series of identical values has an AMR of 0, limits of
    no width and no special cause.  The limits are reported to 28
    significant digits, but which side of a line a point (or the target)
    lies is decided exactly, from the sums the mean and AMR are made of.

    The special-cause rules (:class:`SpecialCauseRules`) run within each
    segment, against its own limits.  A special cause above the mean (for
    a trend, rising) is high, one below low; *improvement* says which of
    them improves.

    The assurance icon reads the last segment's limits against the target.
    Where higher is better, a lower limit above the target passes
    consistently and an upper limit below it fails consistently; where
    lower is better, the reverse.  A target equal to a limit, or between
    them, is inconsistent (hit and miss): a process whose limit sits on the
    target cannot be relied on to meet it.

    Args:
        values: The series, in time order: Decimals, integers, floats (read
            through their ``repr``) or numeric strings.  At least two.
        improvement: ``"increase"`` (higher is better), ``"decrease"``
            (lower is better) or ``"neutral"``, or an :class:`Improvement`.
        target: The target for the assurance icon, if any.
        screen: Whether to screen the moving ranges.
        rebase_at: Indices at which a new segment starts, in increasing
            order; every segment must have at least two values.
        fix_after: Fix each segment's limits from its first *n* points (at
            least 2); later points are judged against them.  ``None``
            computes the limits from every point of the segment.
        rules: The special-cause rules.

    Returns:
        The chart.

    Raises:
        InvalidValueError: Naming the field: fewer than two values, a value
            or target that is not a number, an unknown *improvement*,
            rebase indices out of order or range, a *fix_after* below 2, a
            *screen* that is not a boolean or *rules* that are not
            :class:`SpecialCauseRules`.

    >>> chart = xmr(range(8))
    >>> sorted(rule.value for rule in chart.points[3].rules)
    ['trend']
    >>> chart.variation
    <Variation.IMPROVEMENT_HIGH: 'improvement_high'>

    .. versionadded:: 0.3.0
    """
    numbers = _values(values)
    better = _improvement(improvement)
    goal = None if target is None else to_decimal(target, "target")
    if not isinstance(screen, bool):
        raise InvalidValueError("screen", screen, "True or False")
    if fix_after is not None and (not _whole(fix_after) or fix_after < 2):
        raise InvalidValueError("fix_after", fix_after, "a whole number of at least 2")
    if not isinstance(rules, SpecialCauseRules):
        raise InvalidValueError("rules", rules, "a SpecialCauseRules")
    starts = _starts(rebase_at, len(numbers))
    stops = [*starts[1:], len(numbers)]
    with decimal.localcontext(CONTEXT):
        charted = [
            _segment(numbers, start, stop, fix_after, screen)
            for start, stop in zip(starts, stops, strict=True)
        ]
    points: list[XmRPoint] = []
    side = True
    for number, (segment, lines) in enumerate(charted):
        flags = _flag_segment(numbers[segment.start : segment.stop], lines, rules)
        for index, flagged in enumerate(flags, start=segment.start):
            point_type = PointType.COMMON_CAUSE
            if flagged:
                side = next(flagged[rule] for rule in Rule if rule in flagged)
                point_type = _TYPES[better, side]
            points.append(
                XmRPoint(
                    index=index,
                    value=numbers[index],
                    segment=number,
                    rules=frozenset(flagged),
                    point_type=point_type,
                )
            )
    # *side* is the latest point's side when it is a special cause.
    variation = _VARIATIONS.get((points[-1].point_type, side), Variation.COMMON_CAUSE)
    return XmR(
        segments=tuple(segment for segment, _ in charted),
        points=tuple(points),
        variation=variation,
        assurance=_assurance(charted[-1][1], better, goal),
        improvement=better,
        target=goal,
    )


_IMPROVEMENTS = {
    Polarity.HIGHER_IS_BETTER: Improvement.INCREASE,
    Polarity.LOWER_IS_BETTER: Improvement.DECREASE,
    Polarity.CLOSEST_TO_TARGET: Improvement.NEUTRAL,
    Polarity.NEUTRAL: Improvement.NEUTRAL,
}

_PERIOD_NAMES = {
    Frequency.MONTHLY: "months",
    Frequency.QUARTERLY: "quarters",
    Frequency.ANNUAL: "years",
}


def period_of(key: Period, frequency: Frequency, start: int) -> Period | None:
    """The period of *frequency* whose figure the entry for *key* may give.

    A month's figure comes from its own entry only; a quarter's also from
    its months; a year's also from its quarters and months (of years
    starting in month *start*).  A key longer than the periods of
    *frequency* gives none.
    """
    if frequency is Frequency.MONTHLY:
        return key if isinstance(key, Month) else None
    if frequency is Frequency.QUARTERLY:
        if isinstance(key, Month):
            return key.quarter(start)
        return key if isinstance(key, Quarter) else None
    if isinstance(key, Month):
        return key.financial_year(start)
    return key.year if isinstance(key, Quarter) else key


def _read(value: object, measure: Measure, field: str) -> Period:
    """*value* as a period of the measure's years, an error naming *field*."""
    try:
        return read_period(value, measure.year_start_month, field)
    except InvalidPeriodError as error:
        raise InvalidPeriodError(field, value, error.expected) from None


def _candidates(measure: Measure) -> list[Period]:
    """The periods of the measure's frequency its entries may give figures for."""
    frequency, start = measure.frequency, measure.year_start_month
    found = {period_of(key, frequency, start) for key in measure.values}
    return sorted(period for period in found if period is not None)


def _given_periods(periods: object, measure: Measure) -> list[Period]:
    expected = "periods or period labels in time order, none overlapping another"
    if isinstance(periods, str | bytes) or not isinstance(periods, Iterable):
        raise InvalidValueError("periods", periods, expected)
    read = [_read(each, measure, "periods") for each in periods]
    if any(later.start <= earlier.end for earlier, later in pairwise(read)):
        raise InvalidValueError("periods", periods, expected)
    return read


def _rebase_indices(
    rebase_at: object, charted: Sequence[Period], measure: Measure
) -> list[int]:
    """*rebase_at* as indices into the series, periods looked up in *charted*."""
    if isinstance(rebase_at, str | bytes) or not isinstance(rebase_at, Iterable):
        raise InvalidValueError(
            "rebase_at", rebase_at, "indices, periods or period labels"
        )
    where = {period: index for index, period in enumerate(charted)}
    shown = ", ".join(period.label for period in charted)
    indices: list[int] = []
    given = list(rebase_at)
    for each in given:
        if _whole(each):
            indices.append(each)
            continue
        period = _read(each, measure, "rebase_at")
        if period not in where:
            raise InvalidValueError(
                "rebase_at", each, f"a period of the series ({shown})"
            )
        indices.append(where[period])
    if not all(_whole(each) for each in given):
        try:
            _starts(indices, len(charted))
        except InvalidValueError:
            # Said in periods, as they were given.
            raise InvalidValueError(
                "rebase_at",
                given,
                "periods of the series in time order that leave every segment "
                f"at least two points (the series: {shown})",
            ) from None
    return indices


def _series(
    measure: Measure, wanted: Iterable[Period]
) -> tuple[list[Period], list[Decimal]]:
    """The periods of *wanted* the measure has a figure for, and the figures."""
    charted: list[Period] = []
    values: list[Decimal] = []
    for period in wanted:
        figure = period_figure(measure, period).value
        if figure is not None:
            charted.append(period)
            values.append(figure)
    return charted, values


def _improvement_of(measure: Measure) -> Improvement:
    if measure.data_only:
        return Improvement.NEUTRAL
    return _IMPROVEMENTS[measure.polarity]


def _target_of(measure: Measure, period: Period) -> Decimal | None:
    """The measure's target for *period* alone, if it is a single figure."""
    if measure.data_only:
        return None
    set_for = target_for(measure, period)
    if set_for is None or set_for.basis is not Basis.PERIOD:
        return None
    return set_for.value


def chart_of(measure: Measure, period: Period) -> XmR | None:
    """The measure's chart up to *period*, for an evaluation's icons.

    Charted as :func:`measure_xmr` charts it, with the default options, up
    to the end of *period*.  ``None`` (no icons) when there are fewer than
    two figures to chart, or when the measure has no figure for the last
    of its own periods in *period*: the icons would then speak of an
    earlier period than the one rated.
    """
    wanted = [p for p in _candidates(measure) if p.end <= period.end]
    charted, values = _series(measure, wanted)
    if len(values) < 2 or charted[-1].end != period.end:
        return None
    return xmr(
        values,
        improvement=_improvement_of(measure),
        target=_target_of(measure, charted[-1]),
    )


def measure_xmr(  # noqa: PLR0913
    measure: Measure,
    *,
    until: Period | str | None = None,
    periods: Iterable[Period | str] | None = None,
    screen: bool = True,
    rebase_at: Iterable[int | Period | str] = (),
    fix_after: int | None = None,
    rules: SpecialCauseRules = SpecialCauseRules(),
) -> XmR:
    """Compute the XmR chart of a measure's series.

    The series is the measure's figure for each period of its own
    frequency (months for a monthly measure, quarters for a quarterly one,
    years for an annual one) that it has a figure for, in time order: the
    published figure, or one derived as :func:`~perfmeasures.period_figure`
    derives it (a cumulative figure less the one before, or a roll-up of
    the period's months).  Periods with no figure are left out, so a gap
    in the data closes up on the chart; each point keeps its
    :attr:`XmRPoint.period`.

    The improvement follows the measure's polarity: higher is better
    charts ``"increase"``, lower is better ``"decrease"``, and closest to
    target, no better direction and data-only measures ``"neutral"`` (no
    improvement or concern, no assurance).  The assurance is read against
    the measure's target for the last period charted, when that target is
    a single figure for the period alone; a range, a bound, or a target for
    the year to date (a cumulative figure, not comparable with one
    period's) gives no assurance.

    Args:
        measure: The measure.
        until: The last period to chart, a period or a label read in the
            measure's own years: periods ending after its end are left out.
            ``None`` charts every period with a figure.
        periods: Exactly these periods (or labels), in time order, instead
            of all the measure's periods of its frequency; those without a
            figure are left out.
        screen: Whether to screen the moving ranges (see :func:`xmr`).
        rebase_at: Where new segments start: indices into the series, or
            periods or labels of periods charted.
        fix_after: Fix each segment's limits from its first *n* points.
        rules: The special-cause rules.

    Returns:
        The chart, each point carrying its period.

    Raises:
        InvalidValueError: Naming the field: fewer than two figures to
            chart, a rebase period that is not in the series, a label that
            is not a period of the measure's years, or any argument
            :func:`xmr` refuses.

    >>> from perfmeasures.examples import rotherham_2019_20
    >>> chart = measure_xmr(rotherham_2019_20().measure("1.A2"))
    >>> [(point.period.label, str(point.value)) for point in chart.points]
    [('Apr 2019', '94.8'), ('May 2019', '97.5'), ('Jun 2019', '94.8')]
    >>> chart.improvement, chart.target
    (<Improvement.DECREASE: 'decrease'>, Decimal('90'))

    .. versionadded:: 0.3.0
    """
    if not isinstance(measure, Measure):
        raise InvalidValueError("measure", measure, "a Measure")
    if periods is None:
        wanted = _candidates(measure)
    else:
        wanted = _given_periods(periods, measure)
    last = None if until is None else _read(until, measure, "until")
    if last is not None:
        wanted = [period for period in wanted if period.end <= last.end]
    charted, values = _series(measure, wanted)
    if len(values) < 2:
        field = "measure" if periods is None else "periods"
        shown: object = measure.ref
        if periods is not None:
            shown = [period.label for period in wanted]
        kind = _PERIOD_NAMES[measure.frequency] if periods is None else "periods"
        cut = "" if last is None else f" up to {last.label}"
        raise InvalidValueError(
            field,
            shown,
            f"figures for at least two {kind}{cut} (found {len(values)})",
        )
    chart = xmr(
        values,
        improvement=_improvement_of(measure),
        target=_target_of(measure, charted[-1]),
        screen=screen,
        rebase_at=_rebase_indices(rebase_at, charted, measure),
        fix_after=fix_after,
        rules=rules,
    )
    points = tuple(
        attrs.evolve(point, period=period)
        for point, period in zip(chart.points, charted, strict=True)
    )
    return attrs.evolve(chart, points=points, ref=measure.ref, title=measure.title)
