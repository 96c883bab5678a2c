"""Whether a measure read from a table would be rated differently by aggregation.

A wide table that does not say how a measure's figures add up may still be
read when the answer cannot change any figure a rating uses.  That is
decided by working the figures out under every
:class:`~perfmeasures.Aggregation` and comparing them:

- the figure of every period that has figures, or whose parts have (a year
  whose quarters are given, a quarter whose months are), for its own
  rating and as a comparator for direction of travel and relative targets;
- the year-to-date figure of every such period that a year-to-date target
  (an annual target, or a change on last year) rates.

Where they all agree, no aggregation is needed; where any differs, the
table must say.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from ..._figures import period_figure, year_to_date_figure
from ..._measures import Aggregation, Measure
from ..._periods import Month, Period, Quarter, Year
from ..._targets import AnnualTarget, Basis, RelativeTarget, Target

__all__ = ["Need", "aggregation_need"]


@attrs.frozen
class Need:
    """Why a measure's rating depends on its aggregation.

    Args:
        period: The period whose figure depends on it.
        target_period: The period the year-to-date target is keyed to, or
            None where a period's own figure would be derived.
        target: That target, or None.
        parts: ``quarterly`` or ``monthly``: the figures added up.
        part: The label of the part of a multi-part measure concerned, or
            None for the measure itself.
    """

    period: Period
    target_period: Period | None
    target: Target | None
    parts: str
    part: str | None = None


def _candidates(measure: Measure) -> list[Period]:
    """Every period whose figure the measure's given figures bear on."""
    found: set[Period] = set()
    start = measure.year_start_month
    for series in (measure, *measure.components):
        for period in series.values:
            found.add(period)
            if isinstance(period, Month):
                quarter = period.quarter(start)
                found.update((quarter, quarter.year))
            elif isinstance(period, Quarter):
                found.add(period.year)
    return sorted(found, key=lambda p: (p.start, p.end))


def _ytd_target(measure: Measure, period: Period) -> tuple[Period, Target] | None:
    if isinstance(period, Year):
        return None
    entry = measure.target_entry(period)
    if entry is None:
        return None
    target = entry[1]
    if isinstance(target, AnnualTarget) and target.basis is Basis.YEAR_TO_DATE:
        return entry
    if (
        isinstance(target, RelativeTarget)
        and isinstance(target.baseline, Year)
        and target.basis is Basis.YEAR_TO_DATE
    ):
        return entry
    return None


def _parts_word(measure: Measure, period: Period) -> str:
    """What the figures are that would be added up to give *period*'s."""
    if isinstance(period, Year):
        quarters = any(q in measure.values for q in period.quarters())
        return "quarterly" if quarters else "monthly"
    if period in measure.values:
        # A year-to-date figure alone, less the year to date before it.
        return "quarterly" if isinstance(period, Quarter) else "monthly"
    return "monthly"


def _agree(values: Iterable[object]) -> bool:
    return len(set(values)) <= 1


def aggregation_need(measure: Measure) -> Need | None:
    """The first reason *measure*'s ratings depend on its aggregation, or None.

    A year-to-date target's reason comes before a derived figure's.
    """
    variants = [
        attrs.evolve(
            measure,
            aggregation=aggregation,
            components=tuple(
                attrs.evolve(part, aggregation=aggregation)
                for part in measure.components
            ),
        )
        for aggregation in Aggregation
    ]
    derived: Need | None = None
    prefix = f"{measure.ref} "
    for period in _candidates(measure):
        for series in range(len(measure.components) + 1):
            forms = [v if series == 0 else v.components[series - 1] for v in variants]
            part = None if series == 0 else forms[0].ref.removeprefix(prefix)
            entry = _ytd_target(forms[0], period)
            if entry is not None and not _agree(
                year_to_date_figure(f, period).value for f in forms
            ):
                word = "quarterly" if isinstance(period, Quarter) else "monthly"
                return Need(period, entry[0], entry[1], word, part)
            if derived is None and not _agree(
                period_figure(f, period).value for f in forms
            ):
                derived = Need(period, None, None, _parts_word(forms[0], period), part)
    return derived
