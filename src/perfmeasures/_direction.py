"""Direction of travel: is a measure getting better or worse?

Direction compares the figure for a period alone with the figure for the
comparator period alone, never a cumulative figure with a shorter one, so
that like is compared with like.  It is polarity-aware: a fall is an
improvement when lower is better.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from ._arithmetic import EXACT, in_context
from ._checks import instance_of, optional_instance_of, unchecked
from ._errors import InvalidRuleError
from ._figures import figure_of, target_of
from ._measures import Comparison, Measure, Polarity
from ._periods import Month, Period, Quarter, Year
from ._ratings import Direction
from ._registry import register_direction_rule
from ._targets import ChangeKind, PeriodTarget
from ._values import figure_in, to_decimal

__all__ = ["DirectionRule", "Travel", "direction_between", "new_travel"]


def _threshold(value: object) -> Decimal:
    number = to_decimal(value, "threshold")
    if number < 0:
        raise InvalidRuleError("threshold", str(number), "a number of at least 0")
    return number


def _distance(value: Decimal, target: PeriodTarget | None) -> Decimal | None:
    """How far *value* is from a target, for "closest to target" measures."""
    if target is None:
        return None
    if target.value is not None:
        return EXACT.subtract(value, target.value).copy_abs()
    lower = target.lower if target.lower is not None else value
    upper = target.upper if target.upper is not None else value
    return max(EXACT.subtract(lower, value), EXACT.subtract(value, upper), Decimal(0))


def direction_between(  # noqa: PLR0913 - keyword-only rule parameters.
    polarity: Polarity,
    current: Decimal,
    previous: Decimal,
    *,
    threshold: Decimal = Decimal(0),
    threshold_kind: ChangeKind = ChangeKind.ABSOLUTE,
    plain: bool = False,
) -> Direction:
    """The direction of travel from *previous* to *current*.

    A change no larger than *threshold* (inclusive) is no change.  With
    *plain*, or for neutral measures, the answer is simply higher or lower.
    For "closest to target" measures pass distances from the target: a
    smaller distance is an improvement.

    The change is computed exactly and a percentage threshold is compared
    without dividing, so that no rounding (and no caller's
    :mod:`decimal` context) can move a change across the threshold.

    >>> direction_between(Polarity.LOWER_IS_BETTER, Decimal("94.8"), Decimal("88.9"))
    <Direction.WORSENING: 'worsening'>

    .. versionadded:: 0.1.0
    """
    if not threshold and threshold_kind is ChangeKind.ABSOLUTE:
        return _any_change(polarity, current, previous, plain)
    change = EXACT.subtract(current, previous)
    size = change.copy_abs()
    if threshold_kind is not ChangeKind.PERCENT:
        within = size <= threshold
    elif previous == 0:
        # Any change from nothing is infinitely many per cent.
        within = change == 0 and threshold >= 0
    else:
        # size / |previous| * 100 <= threshold, multiplied out.
        within = EXACT.multiply(size, 100) <= EXACT.multiply(
            threshold, previous.copy_abs()
        )
    if within:
        return Direction.NO_CHANGE
    if plain or polarity is Polarity.NEUTRAL:
        return Direction.HIGHER if change > 0 else Direction.LOWER
    better = change > 0 if polarity is Polarity.HIGHER_IS_BETTER else change < 0
    return Direction.IMPROVING if better else Direction.WORSENING


def _any_change(
    polarity: Polarity, current: Decimal, previous: Decimal, plain: bool
) -> Direction:
    """The direction when any change counts: comparisons alone, exact in any context."""
    if current == previous:
        return Direction.NO_CHANGE
    rise = current > previous
    if plain or polarity is Polarity.NEUTRAL:
        return Direction.HIGHER if rise else Direction.LOWER
    if rise is (polarity is Polarity.HIGHER_IS_BETTER):
        return Direction.IMPROVING
    return Direction.WORSENING


@attrs.frozen(kw_only=True)
class Travel:
    """A direction of travel and the figures it was judged from.

    .. versionadded:: 0.1.0
    """

    direction: Direction = attrs.field(validator=instance_of(Direction, "a Direction"))
    current: Decimal | None = attrs.field(
        validator=optional_instance_of(Decimal, "a Decimal")
    )
    comparator_period: Period = attrs.field(
        validator=instance_of(Year | Quarter | Month, "a period")
    )
    comparator_value: Decimal | None = attrs.field(
        validator=optional_instance_of(Decimal, "a Decimal")
    )


#: Make a :class:`Travel` without checks, from figures already checked.
new_travel = unchecked(Travel)


@register_direction_rule(tag="direction_rule")
@attrs.frozen(kw_only=True)
class DirectionRule:
    """How direction of travel is judged.

    Args:
        compare_with: The comparator period; by default each measure's own
            (:attr:`Measure.compare_with`).
        threshold: The largest change still counted as no change.
        threshold_kind: Whether the threshold is absolute (default) or a
            percentage of the comparator figure.
        plain_for_data_only: Whether measures without a target (data only)
            report plain higher or lower rather than better or worse.

    .. versionadded:: 0.1.0
    """

    compare_with: Comparison | None = attrs.field(
        default=None,
        validator=optional_instance_of(Comparison, "a Comparison"),
    )
    threshold: Decimal = attrs.field(default=Decimal(0), converter=_threshold)
    threshold_kind: ChangeKind = attrs.field(
        default=ChangeKind.ABSOLUTE, validator=instance_of(ChangeKind, "a ChangeKind")
    )
    plain_for_data_only: bool = attrs.field(
        default=True, validator=instance_of(bool, "True or False")
    )

    def comparator(self, measure: Measure, period: Period) -> Period:
        """The period *period* is compared with."""
        basis = self.compare_with or measure.compare_with
        if basis is Comparison.SAME_PERIOD_LAST_YEAR:
            return period.same_period_last_year()
        return period.previous()

    @in_context
    def judge(self, measure: Measure, period: Period) -> Travel:
        """The direction of travel of *measure* into *period*."""
        return self.travel(measure, period)

    def travel(self, measure: Measure, period: Period) -> Travel:
        """:meth:`judge`, in the caller's :mod:`decimal` context.

        For evaluation, which has already set the package's context.
        """
        return new_travel(*self.moves(measure, period))

    def moves(
        self, measure: Measure, period: Period
    ) -> tuple[Direction, Decimal | None, Period, Decimal | None]:
        """:meth:`travel`'s fields: no object made for evaluation to unpack."""
        other = self.comparator(measure, period)
        # Read inline: the figures of nearly every measure are published
        # alone, kept as their decimals.
        values = measure.values
        current = figure_in(values, period)
        if not isinstance(current, Decimal):
            current = figure_of(measure, period).value
        previous = figure_in(values, other)
        if not isinstance(previous, Decimal):
            previous = figure_of(measure, other).value
        return (
            self._direction(measure, period, other, current, previous),
            current,
            other,
            previous,
        )

    def _direction(
        self,
        measure: Measure,
        period: Period,
        other: Period,
        current: Decimal | None,
        previous: Decimal | None,
    ) -> Direction:
        if current is None or previous is None:
            return Direction.NOT_APPLICABLE
        polarity = measure.polarity
        if polarity is Polarity.CLOSEST_TO_TARGET:
            now = _distance(current, target_of(measure, period))
            then = _distance(previous, target_of(measure, other))
            if now is None or then is None:
                return Direction.NOT_APPLICABLE
            # A smaller distance from the target is better.
            current, previous, polarity = now, then, Polarity.LOWER_IS_BETTER
        plain = self.plain_for_data_only and (
            measure.data_only or not measure.targets._items  # noqa: SLF001
        )
        if not self.threshold and self.threshold_kind is ChangeKind.ABSOLUTE:
            # direction_between's first case, without its keywords.
            return _any_change(polarity, current, previous, plain)
        return direction_between(
            polarity,
            current,
            previous,
            threshold=self.threshold,
            threshold_kind=self.threshold_kind,
            plain=plain,
        )
