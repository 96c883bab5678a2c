"""A measure's figures for a period: published where published, derived otherwise.

A published figure for a period always wins over one derived from its
parts; only what is missing is derived.  Every lookup goes by period, so the
cost of finding a figure does not grow with the length of a measure's
history.
"""

from __future__ import annotations

import enum
from decimal import Decimal

import attrs

from ._arithmetic import in_context
from ._checks import instance_of, optional_instance_of, unchecked
from ._measures import Aggregation, Measure, scale_of
from ._periods import Month, Period, Quarter, Year
from ._targets import PeriodTarget, RelativeTarget
from ._values import CONTEXT, MissingReason, figure_in

__all__ = [
    "Figure",
    "Source",
    "figure_of",
    "new_figure",
    "period_figure",
    "target_for",
    "target_of",
    "year_to_date_figure",
    "year_to_date_of",
]


class Source(enum.Enum):
    """Where a figure came from.

    .. versionadded:: 0.1.0
    """

    PUBLISHED = "published"
    """Printed for the period."""
    FROM_CUMULATIVE = "from_cumulative"
    """The period's cumulative figure less the previous period's."""
    FROM_PARTS = "from_parts"
    """Rolled up from the period's months or quarters."""
    MISSING = "missing"


@attrs.frozen
class Figure:
    """A figure for a period, where it came from, or why it is missing.

    .. versionadded:: 0.1.0
    """

    value: Decimal | None = attrs.field(
        validator=optional_instance_of(Decimal, "a Decimal")
    )
    source: Source = attrs.field(validator=instance_of(Source, "a Source"))
    missing: MissingReason | None = attrs.field(
        default=None, validator=optional_instance_of(MissingReason, "a MissingReason")
    )

    @classmethod
    def absent(cls, reason: MissingReason) -> Figure:
        """A missing figure."""
        return cls(None, Source.MISSING, reason)


_NOT_PUBLISHED = Figure.absent(MissingReason.NOT_PUBLISHED)
#: Make a :class:`Figure` without checks, from figures already checked.
new_figure = unchecked(Figure)
_ABSENT = {reason: Figure.absent(reason) for reason in MissingReason}


def _parts(measure: Measure, period: Period) -> tuple[Period, ...]:
    """The shorter periods a period's figure may be derived from, in order.

    A year uses its quarters when any quarter is published, else its months.
    """
    if isinstance(period, Year):
        quarters = period.quarters()
        if any(q in measure.values for q in quarters):
            return quarters
        return period.months()
    if isinstance(period, Quarter):
        return period.months()
    return ()


def _previous_in_year(measure: Measure, period: Period) -> Period | None:
    """The period before *period* in the same year, or None if it is the first."""
    if isinstance(period, Quarter):
        return None if period.number == 1 else period.previous()
    if isinstance(period, Month):
        first = period.year_to_date(measure.year_start_month)[0]
        return None if period == first else period.previous()
    return None


@in_context
def period_figure(measure: Measure, period: Period) -> Figure:
    """The figure for *period* alone.

    Published figures come first; then a cumulative figure less the previous
    period's cumulative figure (2.B7's Q4: 305 - 202 = 103); then a roll-up
    of the period's parts by the measure's aggregation.

    .. versionadded:: 0.1.0
    """
    return figure_of(measure, period)


def figure_of(measure: Measure, period: Period) -> Figure:
    """:func:`period_figure`, in the caller's context (evaluation sets it)."""
    value = figure_in(measure.values, period)
    if isinstance(value, Decimal):
        return new_figure(value, Source.PUBLISHED)
    if value is not None:
        if value.amount is not None:
            return new_figure(value.amount, Source.PUBLISHED)
        if value.missing is not None:
            return _ABSENT[value.missing]
        if value.year_to_date is not None:
            before = _previous_in_year(measure, period)
            if before is None:
                return new_figure(value.year_to_date, Source.FROM_CUMULATIVE)
            earlier = year_to_date_of(measure, before)
            if earlier.value is not None:
                return new_figure(
                    value.year_to_date - earlier.value, Source.FROM_CUMULATIVE
                )
    return _roll_up(measure, _parts(measure, period))


def _roll_up(measure: Measure, parts: tuple[Period, ...]) -> Figure:
    """Derive a figure from *parts* by the measure's aggregation."""
    if not parts or measure.aggregation is Aggregation.NONE:
        return _NOT_PUBLISHED
    if measure.aggregation is Aggregation.SNAPSHOT:
        last = figure_of(measure, parts[-1])
        if last.value is None:
            return _NOT_PUBLISHED
        return new_figure(last.value, Source.FROM_PARTS)
    if measure.aggregation is Aggregation.RATIO:
        return _ratio(measure, parts)
    figures = [figure_of(measure, p).value for p in parts]
    known = [f for f in figures if f is not None]
    if len(known) != len(figures):
        return _NOT_PUBLISHED
    total = sum(known, Decimal(0))
    if measure.aggregation is Aggregation.SUM:
        return new_figure(total, Source.FROM_PARTS)
    return new_figure(CONTEXT.divide(total, Decimal(len(known))), Source.FROM_PARTS)


def _ratio(measure: Measure, parts: tuple[Period, ...]) -> Figure:
    numerator = Decimal(0)
    denominator = Decimal(0)
    for part in parts:
        value = measure.values.get(part)
        if value is None or value.numerator is None or value.denominator is None:
            return _NOT_PUBLISHED
        numerator += value.numerator
        denominator += value.denominator
    return new_figure(
        CONTEXT.divide(numerator * scale_of(measure), denominator), Source.FROM_PARTS
    )


@in_context
def year_to_date_figure(measure: Measure, period: Period) -> Figure:
    """The cumulative figure from the start of the year to the end of *period*.

    A published year-to-date figure comes first.  Otherwise sums add up the
    year's periods so far, averages and ratios pool them, and snapshots are
    their latest figure.

    .. versionadded:: 0.1.0
    """
    return year_to_date_of(measure, period)


def year_to_date_of(measure: Measure, period: Period) -> Figure:
    """:func:`year_to_date_figure`, in the caller's context."""
    value = measure.values.get(period)
    if value is not None and value.year_to_date is not None:
        return new_figure(value.year_to_date, Source.PUBLISHED)
    if isinstance(period, Year) or measure.aggregation is Aggregation.SNAPSHOT:
        return figure_of(measure, period)
    so_far: tuple[Period, ...]
    if isinstance(period, Quarter):
        so_far = period.year_to_date()
    else:
        so_far = period.year_to_date(measure.year_start_month)
    if len(so_far) == 1:
        return figure_of(measure, period)
    if measure.aggregation is Aggregation.RATIO:
        return _ratio(measure, so_far)
    if measure.aggregation is Aggregation.NONE:
        return _NOT_PUBLISHED
    figures = [figure_of(measure, p).value for p in so_far]
    known = [f for f in figures if f is not None]
    if len(known) != len(figures):
        return _NOT_PUBLISHED
    total = sum(known, Decimal(0))
    if measure.aggregation is Aggregation.AVERAGE:
        total = CONTEXT.divide(total, Decimal(len(known)))
    return new_figure(total, Source.FROM_PARTS)


@in_context
def target_for(measure: Measure, period: Period) -> PeriodTarget | None:
    """The target that applies to *period*, or None where none was set.

    The target keyed by the period itself, or by the quarter or year that
    contains it, applies; history is rated against the target of its time.

    .. versionadded:: 0.1.0
    """
    return target_of(measure, period)


def target_of(measure: Measure, period: Period) -> PeriodTarget | None:
    """:func:`target_for`, in the caller's context."""
    if type(period) is Quarter:
        # Measure.target_entry's lookups for the commonest period, inline.
        found = measure.targets._items.get  # noqa: SLF001 - a hot path.
        target = found(period)
        if target is None:
            target = found(period.year)
            if target is None:
                return None
    else:
        entry = measure.target_entry(period)
        if entry is None:
            return None
        target = entry[1]
    if isinstance(target, RelativeTarget):

        def baseline(base: Period) -> Decimal | None:
            return figure_of(measure, base).value

        return target.resolve(period, baseline, measure.year_start_month)
    return target.resolved(period, measure.year_start_month)
