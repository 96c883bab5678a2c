"""Checks across fields that the loaders add to the model's own.

The model's validators stop at the first problem; these report every
duplicate reference and stray priority of a plan.  (That every period of a
measure is of the measure's own years is the model's own invariant.)
"""

from __future__ import annotations

from typing import Any

from .._errors import InvalidValueError, UnknownMeasureError

__all__ = ["check_plan_refs"]


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
    # A set, so that each check is constant time: a plan of many thousands
    # of measures loads in time linear in their number.
    seen: set[str] = set()
    for index, item in enumerate(measures):
        ref = item.get("ref") if isinstance(item, dict) else None
        if isinstance(ref, str):
            if ref in seen:
                errors.append(
                    InvalidValueError(
                        f"measures[{index}].ref", ref, "a reference used only once"
                    )
                )
            seen.add(ref)
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
        unknown = [ref for ref in rules if isinstance(ref, str) and ref not in seen]
        # The known references are listed once for all unknown ones.
        known = sorted(seen) if unknown else []
        errors.extend(UnknownMeasureError(ref, known) for ref in unknown)
    return errors
