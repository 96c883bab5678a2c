"""What a plan loses on its way through a table, and the check that refuses it.

Every table writer builds its file in memory, reads it back with the
reader a user would use (and the same options), and hands both plans to
:func:`refuse_losses`.  If the plan read back is not the very plan written,
the writer raises :class:`~perfmeasures.io.LossyConversionError` listing
every difference, before it opens its target, so that a conversion never
drops a target, a flag or a comparator without saying so.

The comparison walks the model's attrs fields rather than a list of names,
so a field added to :class:`~perfmeasures.Measure` or
:class:`~perfmeasures.Plan` is checked without a change here.  Period maps
are compared period by period, the parts of a multi-part measure part by
part, and figures as published: ``10.1`` read back as ``10.100`` is a loss
(a report would print the extra places), while ``1E+2`` read back as
``100`` is not.  Two fields are derived and so not compared twice: a
measure's :attr:`~perfmeasures.Measure.inherited_rules` are the plan's
:attr:`~perfmeasures.Plan.rules`, and the plan's
:attr:`~perfmeasures.Plan.measure_rules` are the measures' own rules.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TypedDict, cast

import attrs

from ..._errors import LoadError, LossyConversionError, PerfmeasuresError
from ..._measures import Measure
from ..._periods import Month, Period, Quarter, Year
from ..._plan import Plan
from ..._values import PeriodMap
from ._mapping import WideMapping

__all__ = [
    "NO_LIMIT",
    "WideReadOptions",
    "plan_losses",
    "refuse_losses",
    "wide_read_options",
]

#: The size limit for reading back a table built in memory: the readers'
#: limits guard against files from elsewhere, and a plan of any size that
#: is written must be checked whole.
NO_LIMIT = 2**40

#: Fields derived from others, which are compared where they come from.
_DERIVED: Mapping[type, frozenset[str]] = {
    Plan: frozenset({"measure_rules"}),
    Measure: frozenset({"inherited_rules"}),
}

#: The most periods named in one loss before the rest are counted.
_MOST_NAMED = 8

#: The longest text quoted in a loss before it is cut short.
_MOST_QUOTED = 40

_Path = tuple[str, ...]


def _places(figure: Decimal) -> int | str:
    """The decimal places *figure* is written with (what a report prints)."""
    exponent = figure.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else str(figure)


def _show(value: object) -> str:
    """*value* in a few words, as a loss quotes it."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return f"{value:f}" if value.is_finite() else str(value)
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, Year | Quarter | Month):
        return value.label
    if isinstance(value, str):
        shown = value if len(value) <= _MOST_QUOTED else value[: _MOST_QUOTED - 1] + "…"
        return repr(shown)
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, Mapping | tuple | list | frozenset | set):
        count = len(value)
        return f"{count} item{'s' if count != 1 else ''}" if count else "none"
    return type(value).__name__


def _fields(value: object) -> Iterable[str]:
    """The names of *value*'s attrs fields, less those derived from others."""
    kind = cast("type[attrs.AttrsInstance]", type(value))
    skip = _DERIVED.get(kind, frozenset())
    return (f.name for f in attrs.fields(kind) if f.name not in skip)


def _difference(original: object, back: object) -> tuple[_Path, str] | None:
    """Where *back* first differs from *original*, and how; None if the same."""
    changed = f"{_show(original)} read back as {_show(back)}"
    if type(original) is not type(back):
        return (), changed
    if isinstance(original, Decimal):
        same = original == back and _places(original) == _places(cast("Decimal", back))
        return None if same else ((), changed)
    if attrs.has(type(original)):
        for name in _fields(original):
            found = _difference(getattr(original, name), getattr(back, name))
            if found is not None:
                return (name, *found[0]), found[1]
        return None
    if isinstance(original, Mapping):
        other = cast("Mapping[object, object]", back)
        if list(original) != list(other):
            return (), changed
        for key, item in original.items():
            found = _difference(item, other[key])
            if found is not None:
                return (_show(key).strip("'"), *found[0]), found[1]
        return None
    if isinstance(original, tuple | list):
        items = cast("Sequence[object]", back)
        if len(original) != len(items):
            return (), changed
        for number, (item, other_item) in enumerate(
            zip(original, items, strict=True), start=1
        ):
            found = _difference(item, other_item)
            if found is not None:
                return (str(number), *found[0]), found[1]
        return None
    return None if original == back else ((), changed)


def _named(periods: Sequence[Period]) -> str:
    """*periods* by label, the first few of a long list."""
    labels = [p.label for p in periods[:_MOST_NAMED]]
    if len(periods) > _MOST_NAMED:
        labels.append(f"and {len(periods) - _MOST_NAMED} more")
    return ", ".join(labels)


def _per(periods: Sequence[Period], name: str) -> str:
    """`` (per-quarter targets)`` when *periods* are all of one kind, else nothing."""
    kinds = {type(p) for p in periods}
    if len(kinds) != 1:
        return ""
    kind = {Year: "year", Quarter: "quarter", Month: "month"}[kinds.pop()]
    return f" (per-{kind} {name})"


def _map_losses(
    where: str,
    name: str,
    original: PeriodMap[object],
    back: PeriodMap[object],
    out: list[str],
) -> None:
    """The losses of one period map, compared period by period."""
    lost = [p for p in original if p not in back]
    added = [p for p in back if p not in original]
    changed = [
        (p, found)
        for p in original
        if p in back and (found := _difference(original[p], back[p])) is not None
    ]
    if lost:
        out.append(f"{where}: {name} for {_named(lost)}{_per(lost, name)}")
    if changed:
        first, (path, how) = changed[0]
        detail = " ".join((first.label, *path)) if len(changed) > 1 else ".".join(path)
        detail = f"{detail}: {how}" if detail else how
        periods = [p for p, _ in changed]
        out.append(f"{where}: {name} for {_named(periods)} ({detail})")
    if added:
        out.append(
            f"{where}: {name} for {_named(added)} "
            "(not in the plan, but read back from the table)"
        )


def _part_label(parent: Measure, part: Measure) -> str:
    prefix = f"{parent.ref} "
    return part.ref.removeprefix(prefix) if part.ref.startswith(prefix) else part.ref


def _measures_losses(
    original: Sequence[Measure],
    back: Sequence[Measure],
    parent: Measure | None,
    where: str,
    out: list[str],
) -> None:
    """The losses of a plan's measures (or a measure's parts), by reference.

    Measures pair up by reference; those left over pair up in order (a part
    whose reference changed is one loss, not a lost and an added part), and
    any left after that are lost or added whole.
    """

    def locate(measure: Measure) -> str:
        if parent is None:
            return f"measure {measure.ref}"
        return f"{where} part {_part_label(parent, measure)}"

    refs = {m.ref: m for m in back}
    pairs = [(m, refs[m.ref]) for m in original if m.ref in refs]
    paired = {m.ref for m, _ in pairs}
    unpaired = [m for m in original if m.ref not in paired]
    extra = [m for m in back if m.ref not in paired]
    pairs += zip(unpaired, extra, strict=False)
    whole = "measure" if parent is None else "part"
    out.extend(f"{locate(m)}: the whole {whole}" for m in unpaired[len(extra) :])
    out.extend(
        f"{locate(m)}: not in the plan, but read back from the table"
        for m in extra[len(unpaired) :]
    )
    in_order = [m.ref for m in original if m.ref in refs]
    if not unpaired and not extra and in_order != [m.ref for m in back]:
        out.append(f"{where}: the order of the {whole}s")
    for measure, other in pairs:
        _object_losses(locate(measure), measure, other, out)


def _object_losses(where: str, original: object, back: object, out: list[str]) -> None:
    """The losses of a plan or measure, field by field."""
    for name in _fields(original):
        mine, theirs = getattr(original, name), getattr(back, name)
        if isinstance(mine, PeriodMap) and isinstance(theirs, PeriodMap):
            _map_losses(where, name, mine, theirs, out)
            continue
        if (
            isinstance(mine, tuple)
            and isinstance(theirs, tuple)
            and all(isinstance(m, Measure) for m in (*mine, *theirs))
        ):
            parent = original if isinstance(original, Measure) else None
            _measures_losses(mine, theirs, parent, where, out)
            continue
        found = _difference(mine, theirs)
        if found is None:
            continue
        path, how = found
        if isinstance(mine, tuple) and not path and mine and not theirs:
            out.append(f"{where}: {name} ({len(mine)})")
        else:
            out.append(f"{where}: {'.'.join((name, *path))} ({how})")


def plan_losses(original: Plan, back: Plan) -> list[str]:
    """Everything *original* has that *back* (a written table read back) lacks.

    Each loss names where it is (``plan``, ``measure 2.B7``, ``measure
    3.A4(b) part Vehicles``), the field, and what went: ``measure 2.B7:
    targets for Q1 2019/20, Q2 2019/20 (per-quarter targets)``, ``measure
    1.A2: benchmarks (2)``, ``measure 1.A2: aggregation (sum read back as
    snapshot)``.  Anything the table adds or changes is listed too.  An
    empty list means the two plans are identical, figures written with the
    same decimal places included.

    >>> from perfmeasures import Measure, Plan, Polarity
    >>> plan = Plan(title="Plan", measures=[
    ...     Measure(ref="1.A2", title="Calls", polarity=Polarity.NEUTRAL,
    ...             values={"Q1 2019/20": "10.10"})])
    >>> plan_losses(plan, attrs.evolve(plan, title="Imported plan"))
    ["plan: title ('Plan' read back as 'Imported plan')"]
    >>> read = Plan(title="Plan", measures=[
    ...     Measure(ref="1.A2", title="Calls", polarity=Polarity.NEUTRAL,
    ...             values={"Q1 2019/20": "10.1"})])
    >>> plan_losses(plan, read)
    ['measure 1.A2: values for Q1 2019/20 (amount: 10.10 read back as 10.1)']

    .. versionadded:: 0.3.0
    """
    out: list[str] = []
    _object_losses("plan", original, back, out)
    return out


def refuse_losses(plan: Plan, format: str, read_back: Callable[[], Plan]) -> None:  # noqa: A002 - named as the error's field.
    """Raise if the table *read_back* reads is not *plan*.

    Args:
        plan: The plan being written.
        format: The format's name for the message (``wide CSV``).
        read_back: Reads the table built in memory, with the options the
            writer was given.

    Raises:
        LossyConversionError: The plan read back differs from *plan*
            (every difference listed), or the table could not be read back
            at all (every problem the reader found listed).
    """
    try:
        back = read_back()
    except LoadError as error:
        losses = [f"the table does not read back: {p}" for p in error.problems]
    except PerfmeasuresError as error:
        losses = [f"the table does not read back: {error}"]
    else:
        losses = plan_losses(plan, back)
    if losses:
        raise LossyConversionError(format, losses)


class WideReadOptions(TypedDict):
    """The options a wide table a writer built is read back with."""

    mapping: WideMapping | None
    report_period: Period | str | None
    target_year: Year | str | None
    year_start_month: int
    max_bytes: int


def wide_read_options(
    plan: Plan,
    mapping: WideMapping | None,
    report_period: Period | str | None,
    target_year: Year | str | None,
) -> WideReadOptions:
    """The reading options that match a wide writer's.

    The same mapping, report period and target year the writer was given,
    and the month the plan's years start in (April for a plan whose
    measures' years differ), as a user reading the table for this plan
    would pass.
    """
    return WideReadOptions(
        mapping=mapping,
        report_period=report_period,
        target_year=target_year,
        year_start_month=plan.year_start_month or 4,
        max_bytes=NO_LIMIT,
    )
