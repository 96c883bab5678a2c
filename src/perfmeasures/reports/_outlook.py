"""Year-end outlook: where cumulative measures stand against their annual targets.

For a measure counted over the year (homes built, admissions) with an
annual target, the outlook compares the year to date with the target's
profile and works out the run rate the rest of the year needs: a floor for
measures where higher is better, a ceiling where lower is better.
"""

from __future__ import annotations

import enum
from decimal import Decimal

import attrs

from .._arithmetic import in_context
from .._figures import target_for, year_to_date_figure
from .._measures import Aggregation, Measure, Polarity
from .._periods import Period, Quarter, Year
from .._plan import Plan
from .._targets import Basis, PeriodTarget
from .._values import CONTEXT
from ._format import derived

__all__ = ["Outlook", "OutlookItem", "Prospect", "year_end_outlook"]


class Prospect(enum.Enum):
    """How a measure's year is shaping up.

    .. versionadded:: 0.1.0
    """

    ON_COURSE = "on_course"
    """On or better than the target's profile to date."""
    OFF_COURSE = "off_course"
    """Behind the target's profile to date."""
    ALREADY_MET = "already_met"
    """A floor already reached before the year's end."""
    ALREADY_MISSED = "already_missed"
    """A ceiling already passed before the year's end."""
    MET = "met"
    """The year is over and the target was met."""
    MISSED = "missed"
    """The year is over and the target was missed."""
    NO_FIGURE = "no_figure"
    """No year-to-date figure, so no outlook."""


@attrs.frozen(kw_only=True)
class OutlookItem:
    """The year-end outlook of one measure.

    Args:
        ref: The measure's reference.
        title: What it measures.
        polarity: Which way good performance lies.
        period: The period reported.
        annual_target: The target for the whole year.
        year_to_date: The figure from the start of the year, or None.
        profile_to_date: What the target's profile expects by now.
        elapsed: Periods of the year gone (1 at Q1).
        remaining: Periods of the year left (3 at Q1).
        period_name: What a period is: ``quarter`` or ``month``.
        still_needed: For a floor, how much more the year needs; for a
            ceiling, how much more the year may take.
        per_period: *still_needed* spread evenly over the remaining periods.
        pace: The average per period so far.
        projected: The year's figure if the pace so far continues.
        prospect: How the year is shaping up.
        summary: The outlook in words.

    .. versionadded:: 0.1.0
    """

    ref: str
    title: str
    polarity: Polarity
    period: Period
    annual_target: Decimal
    year_to_date: Decimal | None
    profile_to_date: Decimal | None
    elapsed: int
    remaining: int
    period_name: str
    still_needed: Decimal | None
    per_period: Decimal | None
    pace: Decimal | None
    projected: Decimal | None
    prospect: Prospect
    summary: str


@attrs.frozen(kw_only=True)
class Outlook:
    """The year-end outlook of a plan's cumulative measures.

    .. versionadded:: 0.1.0
    """

    plan_title: str
    period: Period
    items: tuple[OutlookItem, ...]


def _progress(measure: Measure, period: Period) -> tuple[tuple[Period, ...], int, str]:
    """The periods of the year so far, how many the year has, and their name."""
    if isinstance(period, Year):
        return (period,), 1, "year"
    if isinstance(period, Quarter):
        return period.year_to_date(), 4, "quarter"
    return period.year_to_date(measure.year_start_month), 12, "month"


def _profile_to_date(
    measure: Measure, so_far: tuple[Period, ...], target: PeriodTarget
) -> Decimal | None:
    if target.basis is Basis.YEAR_TO_DATE or len(so_far) == 1:
        return target.value
    shares = [target_for(measure, p) for p in so_far]
    values = [s.value for s in shares if s is not None and s.value is not None]
    return sum(values, Decimal(0)) if len(values) == len(so_far) else None


def _prospect(measure: Measure, total: Decimal, ytd: Decimal, rest: int) -> Prospect:
    higher = measure.polarity is Polarity.HIGHER_IS_BETTER
    if rest == 0:
        met = ytd >= total if higher else ytd <= total
        return Prospect.MET if met else Prospect.MISSED
    if higher and ytd >= total:
        return Prospect.ALREADY_MET
    if not higher and ytd > total:
        return Prospect.ALREADY_MISSED
    return Prospect.ON_COURSE


def _item(measure: Measure, period: Period) -> OutlookItem | None:
    target = target_for(measure, period)
    if (
        target is None
        or target.annual is None
        or measure.aggregation is not Aggregation.SUM
        or measure.polarity not in (Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER)
    ):
        return None
    so_far, count, name = _progress(measure, period)
    total = target.annual
    elapsed, remaining = len(so_far), count - len(so_far)
    ytd = year_to_date_figure(measure, period).value
    profile = _profile_to_date(measure, so_far, target)
    needed = per_period = pace = projected = None
    higher = measure.polarity is Polarity.HIGHER_IS_BETTER
    if ytd is None:
        prospect = Prospect.NO_FIGURE
    else:
        prospect = _prospect(measure, total, ytd, remaining)
        pace = CONTEXT.divide(ytd, Decimal(elapsed))
        projected = pace * count
        if prospect is Prospect.ON_COURSE:
            needed = total - ytd
            per_period = CONTEXT.divide(needed, Decimal(remaining))
            # Judge by the profile where there is one: a re-profiled year
            # (2.B7) is not behind just because its pace is uneven.
            mark = (
                profile
                if profile is not None
                else CONTEXT.divide(total * elapsed, Decimal(count))
            )
            behind = ytd < mark if higher else ytd > mark
            prospect = Prospect.OFF_COURSE if behind else Prospect.ON_COURSE
    return OutlookItem(
        ref=measure.ref,
        title=measure.title,
        polarity=measure.polarity,
        period=period,
        annual_target=total,
        year_to_date=ytd,
        profile_to_date=profile,
        elapsed=elapsed,
        remaining=remaining,
        period_name=name,
        still_needed=needed,
        per_period=per_period,
        pace=pace,
        projected=projected,
        prospect=prospect,
        summary=_summary(measure, total, ytd, profile, (name, remaining, per_period)),
    )


def _summary(
    measure: Measure,
    total: Decimal,
    ytd: Decimal | None,
    profile: Decimal | None,
    rest: tuple[str, int, Decimal | None],
) -> str:
    name, remaining, per_period = rest
    annual = derived(measure.unit, total)
    if ytd is None:
        return f"No year-to-date figure to compare with the annual target of {annual}."
    text = f"{derived(measure.unit, ytd)} year to date"
    if profile is not None:
        text += f" against {derived(measure.unit, profile)} profiled"
    text += f", for an annual target of {annual}"
    higher = measure.polarity is Polarity.HIGHER_IS_BETTER
    plural = f"{remaining} {name}s" if remaining != 1 else f"1 {name}"
    if per_period is not None:
        needed = derived(measure.unit, total - ytd)
        rate = derived(measure.unit, per_period, places=1)
        if higher:
            return (
                f"{text}: {needed} more are needed in the remaining {plural}, "
                f"at least {rate} a {name}."
            )
        return (
            f"{text}: at most {needed} more in the remaining {plural}, "
            f"no more than {rate} a {name}."
        )
    if remaining == 0:
        met = ytd >= total if higher else ytd <= total
        return f"{text}: the target was {'met' if met else 'missed'}."
    if higher:
        return f"{text}: the target is already met."
    return f"{text}: the target can no longer be met."


@in_context
def year_end_outlook(plan: Plan, period: Period | str) -> Outlook:
    """The year-end outlook of *plan*'s measures with annual targets.

    Measures whose figures add up over the year (a ``sum`` roll-up) and
    whose target for *period* is annual (:class:`~perfmeasures.AnnualTarget`,
    or :class:`~perfmeasures.RelativeTarget` on a year) are included.

    >>> from perfmeasures.examples import rotherham_2019_20
    >>> outlook = year_end_outlook(rotherham_2019_20(), "Q1 2019/20")
    >>> homes = outlook.items[-1]
    >>> (homes.ref, homes.remaining, round(homes.per_period, 1))
    ('4.B1(a)', 3, Decimal('55.7'))

    .. versionadded:: 0.1.0
    """
    when = plan.read_period(period)
    items = (_item(measure, when) for measure in plan.measures)
    return Outlook(
        plan_title=plan.title,
        period=when,
        items=tuple(item for item in items if item is not None),
    )
