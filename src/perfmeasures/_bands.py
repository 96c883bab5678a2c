"""Bands beyond three: yellow just short of the target, blue well beyond it.

Isle of Anglesey rates Green, Yellow, Amber and Red: a measure within a
narrow tolerance of its target is yellow, one further off amber or red
(:class:`FourBand`).  Many English councils and NHS bodies add Blue to
red, amber and green for a target exceeded by a margin each body states
(:class:`Exceeded`, wrapped around any other scheme).  Both are schemes of
published parameters, like those of :mod:`perfmeasures._status`.
"""

from __future__ import annotations

import functools
from decimal import Decimal

import attrs

from ._checks import instance_of
from ._errors import InvalidRuleError
from ._ratings import Status
from ._registry import STATUS_SCHEMES, StatusScheme, register_scheme
from ._status import Case, TargetMet, Tolerance, shortfall
from ._targets import ChangeKind
from ._values import CONTEXT, to_decimal

__all__ = ["Exceeded", "FourBand"]


def _limit(value: object, name: str) -> Decimal:
    number = to_decimal(value, name)
    if number < 0:
        raise InvalidRuleError(name, str(number), "a number of at least 0")
    return number


def _convert_yellow(value: object) -> Decimal:
    return _limit(value, "yellow")


def _convert_amber(value: object) -> Decimal:
    return _limit(value, "amber")


def _convert_blue(value: object) -> Decimal:
    return _limit(value, "blue")


@register_scheme(tag="four_band")
@attrs.frozen(kw_only=True)
class FourBand:
    """Green when met, yellow just short, amber further short, red beyond.

    Bands are measured from the target in the direction of the shortfall,
    as :class:`~perfmeasures.Tolerance` measures them: in per cent of the
    target (of the bound missed, for a range) or in the measure's units.
    A shortfall within *yellow* is yellow, one within *amber* amber, and
    one beyond *amber* red; each boundary is inclusive or exclusive as the
    published scheme states.

    Args:
        yellow: The widest shortfall still rated yellow.
        amber: The widest shortfall still rated amber; at least *yellow*.
        kind: Per cent of the target (default) or absolute units.
        yellow_inclusive: Whether a shortfall of exactly *yellow* is yellow.
        amber_inclusive: Whether a shortfall of exactly *amber* is amber.

    >>> from perfmeasures import PeriodTarget, Polarity
    >>> scheme = FourBand(yellow=5, amber=10)
    >>> def rate(actual):
    ...     return scheme.rate(Case(
    ...         actual=Decimal(actual),
    ...         target=PeriodTarget(value=Decimal(100)),
    ...         polarity=Polarity.HIGHER_IS_BETTER,
    ...     )).value
    >>> [rate(a) for a in ("100", "95", "94", "90", "89")]
    ['green', 'yellow', 'amber', 'amber', 'red']

    .. versionadded:: 0.2.0
    """

    yellow: Decimal = attrs.field(converter=_convert_yellow)
    amber: Decimal = attrs.field(converter=_convert_amber)
    kind: ChangeKind = attrs.field(
        default=ChangeKind.PERCENT, validator=instance_of(ChangeKind, "a ChangeKind")
    )
    yellow_inclusive: bool = attrs.field(
        default=True, validator=instance_of(bool, "True or False")
    )
    amber_inclusive: bool = attrs.field(
        default=True, validator=instance_of(bool, "True or False")
    )

    @amber.validator
    def _check_bands(self, _: attrs.Attribute[Decimal], amber: Decimal) -> None:
        if amber < self.yellow:
            raise InvalidRuleError(
                "amber", str(amber), f"at least the yellow tolerance {self.yellow}"
            )

    def rate(self, case: Case) -> Status:
        """Rate *case*."""
        status = _tolerance(self).rate(case)
        if status is Status.GREEN and _TARGET_MET.rate(case) is not Status.GREEN:
            return Status.YELLOW
        return status


_TARGET_MET = TargetMet()


@functools.lru_cache(maxsize=256)
def _tolerance(scheme: FourBand) -> Tolerance:
    """The tolerance whose green band is *scheme*'s yellow, made once per scheme.

    Yellow is a green band that stops short of the target, so the two
    schemes measure a shortfall (and each boundary) the same way.
    """
    return Tolerance(
        amber=scheme.amber,
        green=scheme.yellow,
        kind=scheme.kind,
        amber_inclusive=scheme.amber_inclusive,
        green_inclusive=scheme.yellow_inclusive,
    )


def _beyond(case: Case) -> tuple[Decimal, Decimal] | None:
    """How far the actual is better than its target, and what per cent is of.

    None for a target that cannot be beaten: a range with two bounds.
    """
    target = case.target
    if target.value is not None:
        return CONTEXT.minus(shortfall(case)), CONTEXT.abs(target.value)
    if target.upper is None and target.lower is not None:
        return CONTEXT.subtract(case.actual, target.lower), CONTEXT.abs(target.lower)
    if target.lower is None and target.upper is not None:
        return CONTEXT.subtract(target.upper, case.actual), CONTEXT.abs(target.upper)
    return None


def _convert_inner(value: object) -> StatusScheme:
    if (
        isinstance(value, StatusScheme)
        and not isinstance(value, Exceeded)
        and STATUS_SCHEMES.follows(type(value))
    ):
        return value
    raise InvalidRuleError(
        "scheme",
        value,
        f"a status scheme other than Exceeded ({STATUS_SCHEMES.expected()})",
    )


@register_scheme(tag="exceeded")
@attrs.frozen(kw_only=True)
class Exceeded:
    """Blue when the target is beaten by a stated margin, else as another scheme.

    What earns blue differs from body to body, so the margin is a
    parameter: beyond the target by at least *blue* per cent of it (or
    *blue* in the measure's units).  Only a figure strictly better than a
    single target or a one-sided bound ("at least 95", "< 5") can be blue:
    one exactly on target, a measure whose target is closest to target and
    a range with two bounds are rated by *scheme* alone.  Any figure better
    than a target of zero is beyond it by every margin in per cent.

    Args:
        blue: The smallest margin beyond the target rated blue; 0 means
            any figure better than the target.
        kind: Per cent of the target (default) or absolute units.
        blue_inclusive: Whether a margin of exactly *blue* is blue.
        scheme: The scheme that rates everything that is not blue.

    >>> from perfmeasures import PeriodTarget, Polarity, Tolerance
    >>> scheme = Exceeded(blue=5, scheme=Tolerance(amber=10))
    >>> def rate(actual):
    ...     return scheme.rate(Case(
    ...         actual=Decimal(actual),
    ...         target=PeriodTarget(value=Decimal(100)),
    ...         polarity=Polarity.HIGHER_IS_BETTER,
    ...     )).value
    >>> [rate(a) for a in ("105", "104.9", "100", "90", "89")]
    ['blue', 'green', 'green', 'amber', 'red']

    .. versionadded:: 0.2.0
    """

    blue: Decimal = attrs.field(converter=_convert_blue)
    kind: ChangeKind = attrs.field(
        default=ChangeKind.PERCENT, validator=instance_of(ChangeKind, "a ChangeKind")
    )
    blue_inclusive: bool = attrs.field(
        default=True, validator=instance_of(bool, "True or False")
    )
    scheme: StatusScheme = attrs.field(converter=_convert_inner)

    def _exceeds(self, case: Case) -> bool:
        found = _beyond(case)
        if found is None or found[0] <= 0:
            return False
        surplus, base = found
        if self.kind is ChangeKind.ABSOLUTE:
            size = surplus
        elif base == 0:
            return True
        else:
            size = CONTEXT.divide(CONTEXT.multiply(surplus, 100), base)
        return size >= self.blue if self.blue_inclusive else size > self.blue

    def rate(self, case: Case) -> Status:
        """Rate *case*."""
        return Status.BLUE if self._exceeds(case) else self.scheme.rate(case)
