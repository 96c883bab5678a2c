"""Reading the tidy long format back into a plan.

The format is described in :mod:`perfmeasures.io._tables._long_write`.
Rows are grouped by measure and period first, then each group is read
field by field.  A field that nothing uses, a fact given twice, a value of
the wrong shape and a missing required fact are each a problem at its row
and column; all of them are reported together, and no plan is returned.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..._arithmetic import in_context
from ..._bounds import Bound
from ..._errors import LoadError, Problem
from ..._measures import (
    Aggregation,
    Benchmark,
    Comparison,
    Frequency,
    Measure,
    Polarity,
    Unit,
    UnitKind,
)
from ..._periods import Period
from ..._plan import Plan, Priority
from ..._ratings import Direction, Override, Published, Status
from ..._rules import Rules
from ..._targets import (
    AnnualTarget,
    Basis,
    BoundTarget,
    ChangeKind,
    FixedTarget,
    RangeTarget,
    RelativeTarget,
    Target,
)
from ..._values import MissingReason, Value
from .._sheets._read import (
    CSV_MAX_BYTES,
    XLSX_MAX_BYTES,
    Source,
    read_csv_rows,
    read_xlsx_rows,
)
from ._long_facts import SPELT, Facts, Group, at, catch, group_rows, read_header
from ._long_write import period_columns

__all__ = ["plan_from_rows", "read_long_csv", "read_long_xlsx"]

_FIGURES = ("amount", "year_to_date", "numerator", "denominator")
_TEXTS = ("priority", "outcome", "action", "lead_accountability", "lead_officer")


def _target(f: Facts) -> Target | None:
    kind = f.text("target.type")
    if kind in {"fixed", "annual"}:
        value = f.decimal("target.value", required=True)
        floor = f.decimal("target.floor")
        if kind == "fixed":
            return (
                catch(f, FixedTarget, value=value, floor=floor)
                if value is not None
                else None
            )
        shares = [f.decimal(f"target.profile.{n}") for n in range(1, 5)]
        basis = f.choice("target.basis", Basis) or Basis.YEAR_TO_DATE
        profile = None if all(s is None for s in shares) else shares
        if value is None:
            return None
        return catch(
            f, AnnualTarget, value=value, profile=profile, basis=basis, floor=floor
        )
    if kind == "relative":
        baseline = f.period("target.baseline", required=True)
        change = f.decimal("target.change", required=True)
        change_kind = f.choice("target.change_kind", ChangeKind) or ChangeKind.PERCENT
        basis = f.choice("target.basis", Basis) or Basis.YEAR_TO_DATE
        if baseline is None or change is None:
            return None
        return catch(
            f,
            RelativeTarget,
            baseline=baseline,
            change=change,
            change_kind=change_kind,
            basis=basis,
        )
    if kind == "range":
        lower = f.decimal("target.lower", required=True)
        upper = f.decimal("target.upper", required=True)
        if lower is None or upper is None:
            return None
        return catch(f, RangeTarget, lower=lower, upper=upper)
    if kind == "bound":
        value = f.decimal("target.value", required=True)
        bound = f.choice("target.bound", Bound, required=True)
        floor = f.decimal("target.floor")
        if value is None or bound is None:
            return None
        return catch(f, BoundTarget, value=value, bound=bound, floor=floor)
    f.fail(
        f.facts["target.type"],
        "one of 'fixed', 'annual', 'relative', 'range', 'bound'",
    )
    return None


def _value(f: Facts, *, percentage: bool) -> Value | None:
    """The period's published value, from its figure facts."""
    before = len(f.problems)
    figures = {name: f.decimal(name) for name in _FIGURES}
    missing = f.choice("missing", MissingReason)
    for name in ("amount", "year_to_date") if percentage else ():
        figure = figures[name]
        if figure is not None and not 0 <= figure <= 100:
            f.fail(f.facts[name], "a percentage from 0 to 100")
    if len(f.problems) > before:
        return None
    return catch(f, Value, missing=missing, **figures)


def _period(
    f: Facts, period: Period, maps: dict[str, dict[Period, Any]], *, percentage: bool
) -> None:
    """Read the facts of one period of a measure into *maps*."""
    figured = f.has(*_FIGURES, "missing")
    if figured and (value := _value(f, percentage=percentage)) is not None:
        maps["values"][period] = value
    if f.has("target.type") and (target := _target(f)) is not None:
        maps["targets"][period] = target
    if f.has("published.status", "published.direction"):
        maps["published"][period] = Published(
            status=f.choice("published.status", Status, blank=True),
            direction=f.choice("published.direction", Direction, blank=True),
        )
    if f.has("override.status", "override.reason", "override.by"):
        status = f.choice("override.status", Status, required=True)
        reason = f.text("override.reason", required=True)
        by = f.text("override.by")
        override = catch(f, Override, status=status, reason=reason, by=by)
        if status is not None and reason is not None and override is not None:
            maps["overrides"][period] = override
    if (note := f.text("note")) is not None:
        maps["notes"][period] = note
    f.check_used()


def _check_spelt(group: Group, start: int, problems: list[Problem]) -> None:
    """Check the spelt-out period columns given against the periods."""
    if not 1 <= start <= 12:
        return
    for period, given, row in group.spelt:
        expected = period_columns(period, start)
        for column, found, wanted in zip(SPELT, given, expected, strict=True):
            if found and found != wanted:
                problems.append(
                    Problem(
                        at(row, column),
                        f"expected {wanted!r} for {period.label}, or a blank "
                        f"(got {found!r})",
                    )
                )


def _benchmarks(f: Facts) -> list[Benchmark]:
    found = []
    for number, names in f.numbered("benchmarks").items():
        name = f.text(f"benchmarks.{number}.name", required=True)
        value = f.decimal(f"benchmarks.{number}.value", required=True)
        period = f.period(f"benchmarks.{number}.period")
        if name is not None and value is not None:
            benchmark = catch(f, Benchmark, name=name, value=value, period=period)
            if benchmark is not None:
                found.append(benchmark)
        f.used.update(names.values())
    return found


def _measure(
    group: Group, problems: list[Problem], parts: Sequence[Measure]
) -> Measure | None:
    """The measure (with its own rules) *group* states, or None on problems."""
    before = len(problems)
    f = Facts(group.facts, problems, group.first_row, group.what)
    given: dict[str, Any] = {
        "title": f.text("title", required=True),
        "polarity": f.choice("polarity", Polarity, required=True),
        "frequency": f.choice("frequency", Frequency),
        "aggregation": f.choice("aggregation", Aggregation),
        "compare_with": f.choice("compare_with", Comparison),
        "year_start_month": f.integer("year_start_month"),
        "data_only": f.flag("data_only"),
        "under_development": f.flag("under_development"),
        **{name: f.text(name) for name in _TEXTS},
    }
    unit = {
        "kind": f.choice("unit.kind", UnitKind),
        "per": f.integer("unit.per"),
        "label": f.text("unit.label"),
        "symbol": f.text("unit.symbol"),
    }
    benchmarks = _benchmarks(f)
    rules = f.rules("rules")
    f.check_used()
    _check_spelt(group, given["year_start_month"] or 4, problems)
    maps: dict[str, dict[Period, Any]] = {
        name: {} for name in ("values", "targets", "published", "overrides", "notes")
    }
    for period, facts in sorted(group.periods.items()):
        first = min(fact.row for fact in facts.values())
        what = f"{group.what} in {period.label}"
        percentage = unit["kind"] is UnitKind.PERCENTAGE
        _period(
            Facts(facts, problems, first, what), period, maps, percentage=percentage
        )
    made = catch(f, Unit, **{k: v for k, v in unit.items() if v is not None})
    if len(problems) > before or made is None:
        return None
    return catch(
        f,
        Measure,
        ref=group.part or group.ref,
        unit=made,
        benchmarks=benchmarks,
        components=parts,
        rules=rules,
        **{k: v for k, v in given.items() if v is not None},
        **maps,
    )


def _priorities(f: Facts) -> list[Priority]:
    found = []
    for number, names in f.numbered("plan.priorities").items():
        key = f.text(f"plan.priorities.{number}.key", required=True)
        title = f.text(f"plan.priorities.{number}.title", required=True)
        if key is not None and title is not None:
            priority = catch(f, Priority, key=key, title=title)
            if priority is not None:
                found.append(priority)
        f.used.update(names.values())
    return found


def _check_priorities(
    groups: dict[tuple[str, str], Group], keys: set[str], problems: list[Problem]
) -> None:
    for (_, part), group in groups.items():
        fact = group.facts.get("priority")
        if not part and keys and fact is not None and fact.value not in keys:
            problems.append(
                Problem(
                    at(fact.row, "value"),
                    f"expected one of the plan's priorities "
                    f"({', '.join(sorted(keys))}) (got {fact.value!r})",
                )
            )


def plan_from_rows(
    name: str, rows: Sequence[Sequence[str]], *, strict_width: bool
) -> Plan:
    """Read the rows of a long table (the header first) into a plan.

    Raises:
        LoadError: Every problem found, with its row and column.
    """
    problems: list[Problem] = []
    columns = read_header(rows[0], problems)
    if problems:
        raise LoadError(name, problems)
    plan_facts, groups = group_rows(rows, columns, strict_width, problems)
    f = Facts(plan_facts, problems, 2, "the plan")
    title = f.text("plan.title", required=True)
    organisation = f.text("plan.organisation")
    priorities = _priorities(f)
    rules = f.rules("plan.rules")
    f.check_used()
    # The parts of each measure, gathered in one pass, so that reading is
    # linear in the number of measures rather than a search per measure.
    parts_of: dict[str, list[Group]] = {}
    for (ref, part), group in groups.items():
        if part:
            parts_of.setdefault(ref, []).append(group)
    measures: list[Measure] = []
    for (ref, part), group in groups.items():
        if part:
            if (ref, "") not in groups:
                problems.append(
                    Problem(
                        at(group.first_row, "part"),
                        f"is a part of measure {ref!r}, which has no rows of its "
                        f"own; expected rows for {ref!r}",
                    )
                )
            continue
        made = [_measure(g, problems, ()) for g in parts_of.get(ref, ())]
        parts = [m for m in made if m is not None]
        measure = _measure(group, problems, parts)
        if measure is not None:
            measures.append(measure)
    _check_priorities(groups, {p.key for p in priorities}, problems)
    if problems:
        raise LoadError(name, problems)
    plan = catch(
        f,
        Plan,
        title=title,
        organisation=organisation,
        priorities=priorities,
        measures=measures,
        rules=rules or Rules(),
    )
    if plan is None:
        raise LoadError(name, problems)
    return plan


@in_context
def read_long_csv(
    source: Source, *, encoding: str = "utf-8", max_bytes: int = CSV_MAX_BYTES
) -> Plan:
    """Read a plan from the tidy long CSV format.

    Reads what :func:`~perfmeasures.io.write_long_csv` writes back to an
    equal plan; the interchange page describes the format.

    Args:
        source: A path, or a file opened for reading.
        encoding: The file's text encoding.
        max_bytes: The largest file to read, in bytes: 512 MiB by default,
            the limit for JSON, and more than the long CSV of 10,000
            measures with ten years of monthly figures takes.

    Raises:
        LoadError: Every problem found, each with its row and column.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.3.0
       The default limit is 512 MiB rather than 20 MiB, and reading is
       linear in the number of measures.
    """
    name, rows = read_csv_rows(source, encoding=encoding, max_bytes=max_bytes)
    return plan_from_rows(name, rows, strict_width=True)


@in_context
def read_long_xlsx(
    source: Source, *, sheet: str | None = None, max_bytes: int = XLSX_MAX_BYTES
) -> Plan:
    """Read a plan from the long format in an .xlsx workbook.

    Reads what :func:`~perfmeasures.io.write_long_xlsx` writes back to an
    equal plan.

    Args:
        source: A path, or a file opened in binary mode.
        sheet: The sheet to read; the active (first) sheet by default.
        max_bytes: The largest workbook to read, in bytes: 20 MiB by
            default.  A workbook may unpack to at most sixteen times this,
            which keeps zip bombs out; raise it for a larger workbook you
            trust.

    Raises:
        LoadError: Every problem found, each with its row and column.
        MissingExtraError: openpyxl is not installed
            (``pip install 'perfmeasures[excel]'``).

    .. versionadded:: 0.1.0
    """
    name, rows = read_xlsx_rows(source, sheet=sheet, max_bytes=max_bytes)
    return plan_from_rows(name, rows, strict_width=False)
