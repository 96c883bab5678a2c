"""Targets: the kinds councils set, and the figure each gives for one period.

A target is data attached to a measure for the periods it covers (usually
one financial year).  :meth:`resolve` turns it into a :class:`PeriodTarget`:
the figure to compare with, and whether the comparison is for the period
alone or for the year to date.
"""

from __future__ import annotations

import enum
import functools
import itertools
import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import TypeAlias

import attrs

from ._arithmetic import figure_text
from ._bounds import Bound, split_bound
from ._checks import instance_of, optional_instance_of
from ._errors import InvalidTargetError, InvalidValueError
from ._periods import Month, Period, Quarter, Year
from ._values import CONTEXT, optional_decimal, to_decimal

__all__ = [
    "AnnualTarget",
    "Basis",
    "BoundTarget",
    "ChangeKind",
    "FixedTarget",
    "PeriodTarget",
    "RangeTarget",
    "RelativeTarget",
    "Target",
]

#: What an inequality target's text may be, in words.
EXPECTED_BOUND = "an inequality such as '<5', '\u2264 10%', '>= 95' or 'at least 95'"


class Basis(enum.Enum):
    """What a target is compared with.

    .. versionadded:: 0.1.0
    """

    PERIOD = "period"
    """The figure for the period alone."""
    YEAR_TO_DATE = "year_to_date"
    """The cumulative figure from the start of the year."""


class ChangeKind(enum.Enum):
    """How a change is measured: in per cent of a base, or in the measure's units.

    .. versionadded:: 0.1.0
    """

    PERCENT = "percent"
    ABSOLUTE = "absolute"


def _convert_value(value: object) -> Decimal:
    return to_decimal(value, "value")


def _convert_floor(value: object) -> Decimal | None:
    return optional_decimal(value, "floor")


def _convert_change(value: object) -> Decimal:
    return to_decimal(value, "change")


def _convert_lower(value: object) -> Decimal:
    return to_decimal(value, "lower")


def _convert_upper(value: object) -> Decimal:
    return to_decimal(value, "upper")


@attrs.frozen(kw_only=True)
class PeriodTarget:
    """The target that applies to one period, resolved to figures.

    Args:
        value: The figure to reach, or ``None`` for a range or an inequality.
        lower: The lowest acceptable figure of a range target, or the bound
            of ``≥ 95`` or ``> 95``.
        upper: The highest acceptable figure of a range target, or the bound
            of ``≤ 5`` or ``< 5``.
        lower_inclusive: Whether a figure equal to *lower* is on target
            (not for ``> 95``).
        upper_inclusive: Whether a figure equal to *upper* is on target
            (not for ``< 5``).
        floor: The minimum standard (Kent's floor), if one is set.
        basis: Whether the actual for the period or for the year to date
            is compared.
        annual: The whole year's target, for targets profiled over a year.
        description: The target in words, for explanations.

    .. versionadded:: 0.1.0
    """

    value: Decimal | None = attrs.field(
        default=None, validator=optional_instance_of(Decimal, "a Decimal")
    )
    lower: Decimal | None = attrs.field(
        default=None, validator=optional_instance_of(Decimal, "a Decimal")
    )
    upper: Decimal | None = attrs.field(
        default=None, validator=optional_instance_of(Decimal, "a Decimal")
    )
    lower_inclusive: bool = attrs.field(
        default=True, validator=instance_of(bool, "True or False")
    )
    upper_inclusive: bool = attrs.field(
        default=True, validator=instance_of(bool, "True or False")
    )
    floor: Decimal | None = attrs.field(
        default=None, validator=optional_instance_of(Decimal, "a Decimal")
    )
    basis: Basis = attrs.field(
        default=Basis.PERIOD, validator=instance_of(Basis, "a Basis")
    )
    annual: Decimal | None = attrs.field(
        default=None, validator=optional_instance_of(Decimal, "a Decimal")
    )
    description: str = attrs.field(default="", validator=instance_of(str, "text"))

    def floor_target(self) -> PeriodTarget | None:
        """The floor as a target of its own, or None without a floor.

        An inequality's floor is a weaker bound on the same side, met on
        equality: ``< 5`` with a floor of 8 gives ``≤ 8``.  Any other
        target's floor is a figure to reach.

        .. versionadded:: 0.2.0
        """
        if self.floor is None:
            return None
        if self.value is None and self.lower is None and self.upper is not None:
            return PeriodTarget(upper=self.floor, basis=self.basis)
        if self.value is None and self.upper is None and self.lower is not None:
            return PeriodTarget(lower=self.floor, basis=self.basis)
        return PeriodTarget(value=self.floor, basis=self.basis)


class _Remembered:
    """Remembers what a target gives each period, when that depends on no figure.

    A target is a value: what it resolves to for a period follows from
    itself, the period and the start month alone (a relative target, which
    needs a baseline figure, excepted).  Kept on the target itself, never
    in a table keyed by equality: ``FixedTarget("85.0")`` equals
    ``FixedTarget(85)`` yet is written ``85.0%``.
    """

    __slots__ = ("_resolved",)

    _resolved: dict[tuple[Period, int], PeriodTarget]

    def resolve(
        self,
        period: Period,
        baseline: Callable[[Period], Decimal | None],
        year_start_month: int = 4,
    ) -> PeriodTarget:
        raise NotImplementedError

    def resolved(self, period: Period, year_start_month: int) -> PeriodTarget:
        """:meth:`resolve` for *period*, computed once."""
        try:
            memo = self._resolved
        except AttributeError:
            memo = {}
            object.__setattr__(self, "_resolved", memo)
        key = (period, year_start_month)
        found = memo.get(key)
        if found is None:
            found = memo[key] = self.resolve(period, _no_baseline, year_start_month)
        return found


def _no_baseline(period: Period) -> Decimal | None:
    del period
    return None


@attrs.frozen
class FixedTarget(_Remembered):
    """The same figure for every period it covers.

    Args:
        value: The figure to reach (90 children per 10,000; 85%).
        floor: A minimum standard below the target (Kent), if any.

    >>> FixedTarget(90).value
    Decimal('90')

    .. versionadded:: 0.1.0
    """

    value: Decimal = attrs.field(converter=_convert_value)
    floor: Decimal | None = attrs.field(
        default=None, converter=_convert_floor, kw_only=True
    )

    def resolve(
        self,
        period: Period,
        baseline: Callable[[Period], Decimal | None],
        year_start_month: int = 4,
    ) -> PeriodTarget:
        """The target for *period*: the same figure whatever the period."""
        del period, baseline, year_start_month
        return PeriodTarget(
            value=self.value,
            floor=self.floor,
            description=f"a target of {figure_text(self.value)}",
        )


def _profile_share(
    total: Decimal,
    profile: tuple[Decimal, ...] | None,
    period: Period,
    basis: Basis,
    year_start_month: int,
) -> Decimal:
    """The part of an annual *total* that falls to *period* (or the year to it).

    Without a profile the year is shared evenly: a quarter takes a quarter
    and a month a twelfth.  With one, a month takes a third of its quarter.
    Division comes last so that shares of whole periods stay exact.
    """
    if isinstance(period, Year):
        return total
    if isinstance(period, Quarter):
        count = period.number if basis is Basis.YEAR_TO_DATE else 1
        if profile is None:
            return CONTEXT.divide(CONTEXT.multiply(total, count), Decimal(4))
        if basis is Basis.YEAR_TO_DATE:
            return _sum(profile[: period.number])
        return profile[period.number - 1]
    months_in = (period.month - year_start_month) % 12 + 1
    if profile is None:
        count = months_in if basis is Basis.YEAR_TO_DATE else 1
        return CONTEXT.divide(CONTEXT.multiply(total, count), Decimal(12))
    quarter_index = (months_in - 1) // 3
    this_quarter = profile[quarter_index]
    if basis is Basis.PERIOD:
        return CONTEXT.divide(this_quarter, Decimal(3))
    before = _sum(profile[:quarter_index])
    months = (months_in - 1) % 3 + 1
    return CONTEXT.add(
        before, CONTEXT.divide(CONTEXT.multiply(this_quarter, months), Decimal(3))
    )


def _sum(figures: Iterable[Decimal]) -> Decimal:
    """The total of *figures*, added in :data:`CONTEXT`."""
    return functools.reduce(CONTEXT.add, figures, Decimal(0))


def _convert_profile(value: object) -> tuple[Decimal, ...] | None:
    if value is None:
        return None
    if isinstance(value, str | bytes) or not hasattr(value, "__iter__"):
        raise InvalidTargetError("profile", value, "four quarterly figures")
    return tuple(to_decimal(v, "profile") for v in value)


def _check_profile(
    instance: AnnualTarget | RelativeTarget,
    _: attrs.Attribute[tuple[Decimal, ...] | None],
    profile: tuple[Decimal, ...] | None,
) -> None:
    if profile is None:
        return
    if len(profile) != 4:
        raise InvalidTargetError("profile", profile, "four quarterly figures")
    if isinstance(instance, AnnualTarget) and _sum(profile) != instance.value:
        expected = (
            "quarterly figures adding up to the annual target "
            f"{figure_text(instance.value)}"
        )
        if _is_to_date(profile, instance.value):
            expected += (
                " (these look like year-to-date figures: enter them with "
                "AnnualTarget.from_year_to_date)"
            )
        raise InvalidTargetError("profile", [str(p) for p in profile], expected)


def _is_to_date(figures: tuple[Decimal, ...], annual: Decimal) -> bool:
    """Whether *figures* read as year-to-date figures ending at *annual*."""
    rising = all(a <= b for a, b in itertools.pairwise(figures))
    return rising and figures[-1] == annual


@attrs.frozen(kw_only=True)
class AnnualTarget(_Remembered):
    """A target for the whole year, profiled over its quarters.

    Quarters take equal shares unless an explicit profile re-phases the year
    (2.B7: 280 for the year as 85, 65, 65 and 65).  Months take a third of
    their quarter.  By default the year to date is compared with the profile
    to date.

    Args:
        value: The target for the year.
        profile: The target for each quarter, adding up to *value*.
        basis: Compare the year to date (default) or each period alone.
        floor: A minimum standard for the year, if any.

    >>> t = AnnualTarget(value=280, profile=(85, 65, 65, 65))
    >>> t.resolve(Quarter(Year(2019), 2), lambda p: None).value
    Decimal('150')

    A profile published as year-to-date figures is entered with
    :meth:`from_year_to_date`.

    .. versionadded:: 0.1.0
    """

    value: Decimal = attrs.field(converter=_convert_value)
    profile: tuple[Decimal, ...] | None = attrs.field(
        default=None, converter=_convert_profile, validator=_check_profile
    )
    basis: Basis = attrs.field(
        default=Basis.YEAR_TO_DATE, validator=instance_of(Basis, "a Basis")
    )
    floor: Decimal | None = attrs.field(default=None, converter=_convert_floor)

    @classmethod
    def from_year_to_date(
        cls,
        value: object,
        to_date: Iterable[object],
        *,
        basis: Basis = Basis.YEAR_TO_DATE,
        floor: object = None,
    ) -> AnnualTarget:
        """An annual target whose profile is published as year-to-date figures.

        A collection rate profiled as 29, 56, 83 and 97 by the end of each
        quarter, for 97 over the year, is 29, 27, 27 and 14 a quarter.

        Args:
            value: The target for the year.
            to_date: The target to the end of each quarter: four figures
                that never fall, the last of them *value*.
            basis: Compare the year to date (default) or each period alone.
            floor: A minimum standard for the year, if any.

        Raises:
            InvalidTargetError: The figures are not four, fall somewhere, or
                do not end at *value*.

        >>> AnnualTarget.from_year_to_date(97, (29, 56, 83, 97)).profile
        (Decimal('29'), Decimal('27'), Decimal('27'), Decimal('14'))

        .. versionadded:: 0.2.0
        """
        total = _convert_value(value)
        figures = _convert_profile(to_date)
        if figures is None or len(figures) != 4 or not _is_to_date(figures, total):
            raise InvalidTargetError(
                "profile",
                None if figures is None else [str(f) for f in figures],
                "four year-to-date figures that never fall and end at the "
                f"annual target {figure_text(total)}",
            )
        increments = tuple(
            CONTEXT.subtract(now, before)
            for before, now in itertools.pairwise((Decimal(0), *figures))
        )
        return cls(value=total, profile=increments, basis=basis, floor=floor)

    def resolve(
        self,
        period: Period,
        baseline: Callable[[Period], Decimal | None],
        year_start_month: int = 4,
    ) -> PeriodTarget:
        """The target for *period*: its share of the year, or the share to date."""
        del baseline
        share = _profile_share(
            self.value, self.profile, period, self.basis, year_start_month
        )
        floor = (
            None
            if self.floor is None
            else _profile_share(self.floor, None, period, self.basis, year_start_month)
        )
        return PeriodTarget(
            value=share,
            floor=floor,
            basis=Basis.PERIOD if isinstance(period, Year) else self.basis,
            annual=self.value,
            description=annual_words(
                figure_text(self.value), figure_text(share, 2), period, self.basis
            ),
        )


def annual_words(total: str, shown: str, period: Period, basis: Basis) -> str:
    """An annual target of *total* and *period*'s share of it, *shown*.

    Both figures come already written: the share, computed, to two places
    at most and never with an exponent.
    """
    if isinstance(period, Year):
        return f"an annual target of {total}"
    if basis is Basis.YEAR_TO_DATE:
        return f"an annual target of {total} ({shown} by the end of {period})"
    return f"an annual target of {total} ({shown} for {period})"


@attrs.frozen(kw_only=True)
class RelativeTarget:
    """A target set as a change on a baseline period's figure.

    3.B3 aims for a 10% reduction on the previous year's 209 complaints:
    ``RelativeTarget(baseline=Year(2018), change=-10)`` gives 188.1 for the
    year.  A year's baseline gives an annual target, profiled like
    :class:`AnnualTarget`; any other baseline gives a fixed figure.

    Args:
        baseline: The period whose figure the target is based on.
        change: The change to make, negative for a reduction.
        change_kind: Per cent of the baseline (default) or absolute.
        basis: For an annual target, compare the year to date (default).

    .. versionadded:: 0.1.0
    """

    baseline: Period = attrs.field(
        validator=instance_of(Year | Quarter | Month, "a period")
    )
    change: Decimal = attrs.field(converter=_convert_change)
    change_kind: ChangeKind = attrs.field(
        default=ChangeKind.PERCENT, validator=instance_of(ChangeKind, "a ChangeKind")
    )
    basis: Basis = attrs.field(
        default=Basis.YEAR_TO_DATE, validator=instance_of(Basis, "a Basis")
    )

    def amount(self, base: Decimal) -> Decimal:
        """The target figure for a baseline figure of *base*."""
        if self.change_kind is ChangeKind.PERCENT:
            change = CONTEXT.divide(CONTEXT.multiply(base, self.change), Decimal(100))
            return CONTEXT.add(base, change)
        return CONTEXT.add(base, self.change)

    def resolve(
        self,
        period: Period,
        baseline: Callable[[Period], Decimal | None],
        year_start_month: int = 4,
    ) -> PeriodTarget | None:
        """The target for *period*, or ``None`` if the baseline is missing."""
        base = baseline(self.baseline)
        if base is None:
            return None
        total = self.amount(base)
        sign = "+" if self.change >= 0 else "-"
        unit = "%" if self.change_kind is ChangeKind.PERCENT else ""
        change = figure_text(self.change.copy_abs())
        what = f"{sign}{change}{unit} on {figure_text(base)} in {self.baseline}"
        # The target is computed from the baseline: two places at most.
        words = figure_text(total, 2)
        if not isinstance(self.baseline, Year):
            return PeriodTarget(
                value=total, description=f"a target of {words} ({what})"
            )
        share = _profile_share(total, None, period, self.basis, year_start_month)
        return PeriodTarget(
            value=share,
            basis=Basis.PERIOD if isinstance(period, Year) else self.basis,
            annual=total,
            description=(
                f"{annual_words(words, figure_text(share, 2), period, self.basis)}, "
                f"{what}"
            ),
        )


@attrs.frozen(kw_only=True)
class RangeTarget(_Remembered):
    """A band of acceptable figures (a target boundary range).

    Args:
        lower: The lowest figure on target.
        upper: The highest figure on target.

    .. versionadded:: 0.1.0
    """

    lower: Decimal = attrs.field(converter=_convert_lower)
    upper: Decimal = attrs.field(converter=_convert_upper)

    @upper.validator
    def _check_order(self, _: attrs.Attribute[Decimal], upper: Decimal) -> None:
        if upper < self.lower:
            raise InvalidTargetError(
                "upper",
                str(upper),
                f"at least the lower bound {figure_text(self.lower)}",
            )

    def resolve(
        self,
        period: Period,
        baseline: Callable[[Period], Decimal | None],
        year_start_month: int = 4,
    ) -> PeriodTarget:
        """The target for *period*: the same band whatever the period."""
        del period, baseline, year_start_month
        return PeriodTarget(
            lower=self.lower,
            upper=self.upper,
            description=(
                f"a target range of {figure_text(self.lower)} "
                f"to {figure_text(self.upper)}"
            ),
        )


_PERCENT = re.compile(r"\s*%$")


@attrs.frozen
class BoundTarget(_Remembered):
    """A target published as an inequality: ``<5``, ``≤ 10%``, ``at least 95``.

    The inequality decides what is on target, whatever the measure's
    polarity: ``< 5`` is missed by exactly 5, ``≤ 5`` is met by it.  The
    same bound applies to every period it covers.  A floor is a weaker
    bound on the same side, met on equality.

    Args:
        value: The figure in the inequality.
        bound: Which side of *value* is on target, and whether *value* is.
        floor: A minimum standard beyond the bound (Kent), if any.

    >>> t = BoundTarget.from_text("\u2264 10%")
    >>> t
    BoundTarget(value=Decimal('10'), bound=<Bound.AT_MOST: 'at_most'>, floor=None)
    >>> str(BoundTarget(5, Bound.BELOW))
    '< 5'

    .. versionadded:: 0.2.0
    """

    value: Decimal = attrs.field(converter=_convert_value)
    bound: Bound = attrs.field(validator=instance_of(Bound, "a Bound"))
    floor: Decimal | None = attrs.field(
        default=None, converter=_convert_floor, kw_only=True
    )

    @floor.validator
    def _check_floor(
        self, _: attrs.Attribute[Decimal | None], floor: Decimal | None
    ) -> None:
        if floor is None:
            return
        if self.bound.is_upper and floor < self.value:
            raise InvalidTargetError(
                "floor", str(floor), f"at least the bound {figure_text(self.value)}"
            )
        if not self.bound.is_upper and floor > self.value:
            raise InvalidTargetError(
                "floor", str(floor), f"at most the bound {figure_text(self.value)}"
            )

    @classmethod
    def from_text(cls, text: str) -> BoundTarget:
        """Read an inequality as councils print it.

        The sign or words stand before the figure (``<5``, ``≤ 10%``,
        ``>= 95``, ``at least 95``, ``no more than 5``, ``fewer than 5``,
        ``maximum 5``) or after it (``95% or more``).  A ``%`` after the
        figure is read and dropped: the measure's unit says what its
        figures are.

        Raises:
            InvalidTargetError: *text* is not an inequality with one figure.

        >>> BoundTarget.from_text("at least 95").bound
        <Bound.AT_LEAST: 'at_least'>

        .. versionadded:: 0.2.0
        """
        # Checked at run time too: notebooks pass whatever they have to hand.
        given: object = text
        split = split_bound(given) if isinstance(given, str) else None
        if split is None:
            raise InvalidTargetError("target", text, EXPECTED_BOUND)
        bound, figure = split
        try:
            return cls(to_decimal(_PERCENT.sub("", figure), "target"), bound)
        except InvalidValueError:
            raise InvalidTargetError("target", text, EXPECTED_BOUND) from None

    def __str__(self) -> str:
        """The inequality as a table prints it: ``< 5``, ``≥ 95``."""
        return f"{self.bound.symbol} {figure_text(self.value)}"

    def resolve(
        self,
        period: Period,
        baseline: Callable[[Period], Decimal | None],
        year_start_month: int = 4,
    ) -> PeriodTarget:
        """The target for *period*: the same bound whatever the period."""
        del period, baseline, year_start_month
        words = f"a target of {self}"
        inclusive = not self.bound.strict
        if self.bound.is_upper:
            return PeriodTarget(
                upper=self.value,
                upper_inclusive=inclusive,
                floor=self.floor,
                description=words,
            )
        return PeriodTarget(
            lower=self.value,
            lower_inclusive=inclusive,
            floor=self.floor,
            description=words,
        )


Target: TypeAlias = (
    FixedTarget | AnnualTarget | RelativeTarget | RangeTarget | BoundTarget
)
"""Any kind of target."""

_KINDS = (FixedTarget, AnnualTarget, RelativeTarget, RangeTarget, BoundTarget)


_NUMBER = re.compile(r"[-+]?(\d[\d,]*\.?\d*|\.\d+)(e[-+]?\d+)?", re.IGNORECASE)


def to_target(value: object) -> Target:
    """Accept a target, a bare number meaning a :class:`FixedTarget`, or an inequality.

    Text such as ``"<5"``, ``"≤ 10%"`` or ``"at least 95"`` is read by
    :meth:`BoundTarget.from_text`.

    >>> to_target("<5")
    BoundTarget(value=Decimal('5'), bound=<Bound.BELOW: 'below'>, floor=None)
    >>> to_target("90")
    FixedTarget(value=Decimal('90'), floor=None)
    """
    if isinstance(value, _KINDS):
        return value
    if isinstance(value, str) and split_bound(value) is not None:
        return BoundTarget.from_text(value)
    if isinstance(value, int | float | str | Decimal) and not isinstance(value, bool):
        try:
            return FixedTarget(value)
        except InvalidValueError as error:
            # A number out of range says so; anything else was no number.
            is_number = not isinstance(value, str) or _NUMBER.fullmatch(value.strip())
            expected = error.expected if is_number else "a number or a target"
            raise InvalidTargetError("target", value, expected) from None
    raise InvalidTargetError("target", value, "a number or a target")
