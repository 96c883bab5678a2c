"""Status schemes: how a figure and its target become green, amber or red.

Each scheme is a small frozen class whose fields are its published
parameters, so that schemes serialise as data and a web app can embed them.
A scheme sees only a :class:`Case`: the actual, the resolved target, the
polarity, the direction of travel and whether the period closes its year.
Missing figures and absent targets are settled by :func:`evaluate` before a
scheme is asked.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from ._checks import instance_of
from ._errors import InvalidRuleError
from ._measures import Polarity
from ._ratings import Direction, Status
from ._registry import STATUS_SCHEMES, StatusScheme, register_scheme
from ._targets import ChangeKind, PeriodTarget
from ._values import CONTEXT, to_decimal

__all__ = [
    "Case",
    "FloorStandard",
    "Progress",
    "StatusScheme",
    "TargetMet",
    "Tolerance",
    "YearEndSplit",
    "meets",
    "shortfall",
]


def _convert_amber(value: object) -> Decimal:
    return _limit(value, "amber")


def _convert_green(value: object) -> Decimal:
    return _limit(value, "green")


@attrs.frozen(kw_only=True)
class Case:
    """What a status scheme rates.

    Args:
        actual: The figure compared with the target.
        target: The target for the period.
        polarity: Which way good performance lies.
        direction: The direction of travel, already computed.
        is_year_end: Whether the period closes its year.

    .. versionadded:: 0.1.0
    """

    actual: Decimal = attrs.field(validator=instance_of(Decimal, "a Decimal"))
    target: PeriodTarget = attrs.field(
        validator=instance_of(PeriodTarget, "a PeriodTarget")
    )
    polarity: Polarity = attrs.field(validator=instance_of(Polarity, "a Polarity"))
    direction: Direction = attrs.field(
        default=Direction.NOT_APPLICABLE,
        validator=instance_of(Direction, "a Direction"),
    )
    is_year_end: bool = attrs.field(
        default=False, validator=instance_of(bool, "True or False")
    )


def shortfall(case: Case) -> Decimal:
    """How far the actual falls short of the target, in the measure's units.

    Less than zero means the target is met, and so does zero, except on a
    strict bound: 5 against ``< 5`` falls short by nothing yet misses.  For
    a range or an inequality it is the distance outside the acceptable
    figures, whatever the polarity; with "closest to target" polarity it is
    the distance from the target either way; for a measure with no better
    direction it is the distance below the target.  Computed in the
    library's own decimal context, whatever the caller's.

    .. versionadded:: 0.1.0
    """
    target = case.target
    actual = case.actual
    if target.value is None:
        gap = Decimal(0)
        if target.lower is not None:
            gap = max(gap, CONTEXT.subtract(target.lower, actual))
        if target.upper is not None:
            gap = max(gap, CONTEXT.subtract(actual, target.upper))
        return gap
    if case.polarity is Polarity.LOWER_IS_BETTER:
        return CONTEXT.subtract(actual, target.value)
    if case.polarity is Polarity.CLOSEST_TO_TARGET:
        return CONTEXT.abs(CONTEXT.subtract(actual, target.value))
    return CONTEXT.subtract(target.value, actual)


def _on_open_bound(case: Case) -> bool:
    """Whether the actual sits exactly on a bound that excludes it (5 for ``< 5``)."""
    target = case.target
    if target.value is not None:
        return False
    return (
        target.lower is not None
        and not target.lower_inclusive
        and case.actual == target.lower
    ) or (
        target.upper is not None
        and not target.upper_inclusive
        and case.actual == target.upper
    )


def _reference(case: Case) -> Decimal:
    """The figure a relative tolerance is a percentage of: the bound missed."""
    target = case.target
    if target.value is not None:
        return CONTEXT.abs(target.value)
    bound = (
        target.lower
        if target.lower is not None
        and (target.upper is None or case.actual <= target.lower)
        else target.upper
    )
    return CONTEXT.abs(bound) if bound is not None else Decimal(0)


def _within(
    case: Case, gap: Decimal, limit: Decimal, kind: ChangeKind, inclusive: bool
) -> bool:
    """Whether a shortfall *gap* of at least zero lies within *limit*.

    A gap of zero (the actual on a strict bound) is within any limit.
    """
    if kind is ChangeKind.PERCENT and gap != 0:
        base = _reference(case)
        if base == 0:
            return False
        size = CONTEXT.divide(CONTEXT.multiply(gap, Decimal(100)), base)
    else:
        size = gap
    return size <= limit if inclusive else size < limit


def _limit(value: object, name: str) -> Decimal:
    number = to_decimal(value, name)
    if number < 0:
        raise InvalidRuleError(name, str(number), "a number of at least 0")
    return number


def _is_met(case: Case, gap: Decimal) -> bool:
    """Whether a shortfall of *gap* meets the target of *case*."""
    return gap < 0 or (gap == 0 and not _on_open_bound(case))


def _met(case: Case) -> bool:
    target = case.target.value
    if target is not None:
        return meets(case.actual, target, case.polarity)
    return _is_met(case, shortfall(case))


def meets(actual: Decimal, target: Decimal, polarity: Polarity) -> bool:
    """Whether *actual* meets a target figure, as :class:`TargetMet` rates it.

    The comparison :func:`shortfall` stands for, made directly: exact in
    any context, and quick enough for evaluation to use without a case.
    """
    if polarity is Polarity.LOWER_IS_BETTER:
        return actual <= target
    if polarity is Polarity.CLOSEST_TO_TARGET:
        return actual == target
    return actual >= target


@register_scheme(tag="target_met")
@attrs.frozen
class TargetMet:
    """Green when the target is met, red when it is not.

    .. versionadded:: 0.1.0
    """

    def rate(self, case: Case) -> Status:
        """Rate *case*."""
        return Status.GREEN if _met(case) else Status.RED


@register_scheme(tag="tolerance")
@attrs.frozen(kw_only=True)
class Tolerance:
    """Amber within a tolerance of the target, red beyond it.

    Bands are measured from the target in the direction of the shortfall:
    relative to the target (per cent) or in the measure's units.  Each
    boundary is inclusive or exclusive as the published scheme states.

    Args:
        amber: The widest shortfall still rated amber.
        green: A shortfall still rated green (Belfast's 1%); 0 by default.
        kind: Per cent of the target (default) or absolute units.
        amber_inclusive: Whether a shortfall of exactly *amber* is amber.
        green_inclusive: Whether a shortfall of exactly *green* is green.

    .. versionadded:: 0.1.0
    """

    amber: Decimal = attrs.field(converter=_convert_amber)
    green: Decimal = attrs.field(default=Decimal(0), converter=_convert_green)
    kind: ChangeKind = attrs.field(
        default=ChangeKind.PERCENT, validator=instance_of(ChangeKind, "a ChangeKind")
    )
    amber_inclusive: bool = attrs.field(
        default=True, validator=instance_of(bool, "True or False")
    )
    green_inclusive: bool = attrs.field(
        default=True, validator=instance_of(bool, "True or False")
    )

    @green.validator
    def _check_bands(self, _: attrs.Attribute[Decimal], green: Decimal) -> None:
        if green > self.amber:
            raise InvalidRuleError(
                "green", str(green), f"at most the amber tolerance {self.amber}"
            )

    def rate(self, case: Case) -> Status:
        """Rate *case*."""
        gap = shortfall(case)
        if _is_met(case, gap):
            return Status.GREEN
        if self.green > 0 and _within(
            case, gap, self.green, self.kind, self.green_inclusive
        ):
            return Status.GREEN
        if _within(case, gap, self.amber, self.kind, self.amber_inclusive):
            return Status.AMBER
        return Status.RED


def _directions(value: object) -> frozenset[Direction]:
    items = (
        frozenset(value) if isinstance(value, set | frozenset | list | tuple) else None
    )
    if items is None or not all(isinstance(d, Direction) for d in items):
        raise InvalidRuleError("amber_when", value, "a set of Direction values")
    return items


@register_scheme(tag="progress")
@attrs.frozen(kw_only=True)
class Progress:
    """Amber when the target is missed but the direction of travel is good.

    Rotherham rates a measure that misses its target amber when it is
    improving and red otherwise.  Havering (2013/14) also counts a figure
    within 10% of the target as green and a maintained figure as amber:
    ``Progress(green=10, amber_when={IMPROVING, NO_CHANGE})``.

    Args:
        green: A shortfall still rated green; 0 by default.
        kind: Whether *green* is per cent of the target or absolute.
        green_inclusive: Whether a shortfall of exactly *green* is green.
        amber_when: The directions that make a missed target amber.

    .. versionadded:: 0.1.0
    """

    green: Decimal = attrs.field(default=Decimal(0), converter=_convert_green)
    kind: ChangeKind = attrs.field(
        default=ChangeKind.PERCENT, validator=instance_of(ChangeKind, "a ChangeKind")
    )
    green_inclusive: bool = attrs.field(
        default=True, validator=instance_of(bool, "True or False")
    )
    amber_when: frozenset[Direction] = attrs.field(
        default=frozenset({Direction.IMPROVING}), converter=_directions
    )

    def rate(self, case: Case) -> Status:
        """Rate *case*."""
        gap = shortfall(case)
        if _is_met(case, gap) or (
            self.green > 0
            and _within(case, gap, self.green, self.kind, self.green_inclusive)
        ):
            return Status.GREEN
        if case.direction in self.amber_when:
            return Status.AMBER
        return Status.RED


@register_scheme(tag="floor_standard")
@attrs.frozen
class FloorStandard:
    """Green when the target is met, amber when only the floor is, else red.

    The floor is the target's own (:attr:`PeriodTarget.floor`; for an
    inequality, a weaker bound on the same side); a target without one is
    rated as by :class:`TargetMet`.

    .. versionadded:: 0.1.0
    """

    def rate(self, case: Case) -> Status:
        """Rate *case*."""
        if _met(case):
            return Status.GREEN
        floor = case.target.floor_target()
        if floor is None:
            return Status.RED
        return Status.AMBER if _met(attrs.evolve(case, target=floor)) else Status.RED


def _scheme(value: object, field: str) -> StatusScheme:
    if isinstance(value, YearEndSplit) or not STATUS_SCHEMES.follows(type(value)):
        raise InvalidRuleError(
            field,
            value,
            f"a status scheme other than a split ({STATUS_SCHEMES.expected()})",
        )
    return value  # type: ignore[return-value]


def _convert_in_year(value: object) -> StatusScheme:
    return _scheme(value, "in_year")


def _convert_year_end(value: object) -> StatusScheme:
    return _scheme(value, "year_end")


@register_scheme(tag="year_end_split")
@attrs.frozen(kw_only=True)
class YearEndSplit:
    """One scheme in year, another for the period that closes the year.

    Rotherham's year-end reports drop amber: a measure is on or off track.

    Args:
        in_year: The scheme for periods within the year.
        year_end: The scheme for the year itself and its last quarter or
            month.

    .. versionadded:: 0.1.0
    """

    in_year: StatusScheme = attrs.field(converter=_convert_in_year)
    year_end: StatusScheme = attrs.field(converter=_convert_year_end)

    def rate(self, case: Case) -> Status:
        """Rate *case*."""
        scheme = self.year_end if case.is_year_end else self.in_year
        return scheme.rate(case)
