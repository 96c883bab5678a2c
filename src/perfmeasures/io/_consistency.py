"""Checks across fields that the loaders add to the model's own.

The model's validators stop at the first problem; these report every
duplicate reference and stray priority of a plan, and every period of a
measure that is not in the measure's own years.
"""

from __future__ import annotations

from typing import Any

from .._errors import InvalidValueError, UnknownMeasureError
from .._measures import Measure
from .._periods import Period, Quarter, Year
from .._targets import RelativeTarget
from .._values import PeriodMap
from ._wire import WireError, in_attribute, in_item

__all__ = ["check_measure_years", "check_plan_refs"]

_MONTH_ABBR = (
    *("Jan", "Feb", "Mar", "Apr", "May", "Jun"),
    *("Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
)


def _own_year(period: Period, start_month: int) -> Period | None:
    """*period* moved into years starting in *start_month*, if it is not in one."""
    if isinstance(period, Year) and period.start_month != start_month:
        return Year(period.year, start_month)
    if isinstance(period, Quarter) and period.year.start_month != start_month:
        return Quarter(Year(period.year.year, start_month), period.number)
    return None


def check_measure_years(measure: Measure) -> list[Exception]:
    """Problems with periods of *measure* that are not in the measure's own years."""
    start = measure.year_start_month
    words = f"a period of the measure's years, which start in {_MONTH_ABBR[start - 1]}"
    errors: list[Exception] = []
    for name in ("values", "targets", "published", "overrides", "notes"):
        mapping: PeriodMap[Any] = getattr(measure, name)
        for period in mapping:
            own = _own_year(period, start)
            if own is not None:
                error = WireError(f'{words} ("{own.label}")', period.label)
                errors.append(in_attribute(in_item(error, period.label), name))
    for key, target in measure.targets.items():
        if isinstance(target, RelativeTarget):
            own = _own_year(target.baseline, start)
            if own is not None:
                error = WireError(f'{words} ("{own.label}")', target.baseline.label)
                at_key = in_item(in_attribute(error, "baseline"), key.label)
                errors.append(in_attribute(at_key, "targets"))
    return errors


def check_plan_refs(data: dict[str, Any]) -> list[Exception]:
    """Every duplicate reference, stray priority and unknown rules reference.

    The plan's own validators stop at the first; a loader reports them all.
    The errors are the ones the validators raise, so that none is reported
    twice.
    """
    measures = data.get("measures")
    if not isinstance(measures, list):
        return []
    priorities = data.get("priorities")
    keys = {
        p["key"]
        for p in (priorities if isinstance(priorities, list) else [])
        if isinstance(p, dict) and isinstance(p.get("key"), str)
    }
    errors: list[Exception] = []
    seen: list[str] = []
    for index, item in enumerate(measures):
        ref = item.get("ref") if isinstance(item, dict) else None
        if isinstance(ref, str):
            if ref in seen:
                errors.append(
                    InvalidValueError(
                        f"measures[{index}].ref", ref, "a reference used only once"
                    )
                )
            seen.append(ref)
        priority = item.get("priority") if isinstance(item, dict) else None
        if isinstance(priority, str) and keys and priority not in keys:
            shown = ", ".join(sorted(keys))
            errors.append(
                InvalidValueError(
                    f"measures[{index}].priority",
                    priority,
                    f"one of the plan's priorities ({shown})",
                )
            )
    rules = data.get("measure_rules")
    if isinstance(rules, dict):
        errors.extend(
            UnknownMeasureError(ref, sorted(seen))
            for ref in rules
            if isinstance(ref, str) and ref not in seen
        )
    return errors
