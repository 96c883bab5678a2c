"""The tidy long format: a whole plan as one table of (measure, period, field, value).

Every row states one fact.  The columns are:

``ref``
    The measure's reference; blank for facts about the plan itself.
``part``
    For a part of a multi-part measure, the part's own reference (its
    parent's is in ``ref``); otherwise blank.
``period``
    The period the fact is for, as its canonical label (``Q1 2019/20``);
    blank for facts about the measure as a whole.
``period_type``, ``financial_year``, ``quarter``, ``month``
    The period spelt out, for filtering and pivoting: ``quarter``,
    ``2019/20``, ``1`` and a blank month for Q1 2019/20; ``month``,
    ``2019/20``, ``1`` and ``4`` for April 2019 (the quarter counted in the
    measure's own years, the month in the calendar).  They follow from
    ``period``; a reader checks them when given and ignores them when blank.
``field``
    What the fact is (below).
``value``
    The fact: a number as plain decimal text, a period as its label, an
    enum as its lower_snake value, ``true`` or ``false``, or text.

Observations are rows with a period and field ``amount``,
``year_to_date``, ``numerator``, ``denominator`` or ``missing`` (a
:class:`~perfmeasures.MissingReason` value), so that
``df[df.field == "amount"]`` is the published series.  The rest of the plan
is rows too, which is what makes reading a written table give back the
very same plan:

- plan rows (blank ``ref``): ``plan.title``, ``plan.organisation``,
  ``plan.priorities.<n>.key`` and ``.title``, ``plan.rules``;
- measure rows (blank ``period``): ``title``, ``polarity``, ``unit.kind``,
  ``unit.per``, ``unit.label``, ``unit.symbol``, ``frequency``,
  ``aggregation``, ``compare_with``, ``year_start_month``, ``priority``,
  ``outcome``, ``action``, ``lead_accountability``, ``lead_officer``,
  ``data_only``, ``under_development``, ``benchmarks.<n>.name``,
  ``.value`` and ``.period``, and ``rules`` for rules of its own;
- period rows besides observations: ``target.type`` (``fixed``,
  ``annual``, ``relative``, ``range`` or ``bound``) with the target's fields
  (``target.value``, ``target.floor``, ``target.profile.1`` to ``.4``,
  ``target.basis``, ``target.baseline``, ``target.change``,
  ``target.change_kind``, ``target.lower``, ``target.upper``,
  ``target.bound``),
  ``published.status`` and ``published.direction`` (blank for none),
  ``override.status``, ``override.reason`` and ``override.by``, and
  ``note``.

A row for an optional field is left out when the field is None, so a
present row with an empty value is empty text.  Rules are status schemes
with nested parameters; their ``value`` is the rules object of the JSON
format (:mod:`perfmeasures.io._json._converter`), compact, in one cell.  Parts of
a multi-part measure are written after their parent, one level deep.

Written with :func:`write_long_csv`, text that a spreadsheet would take for
a formula is neutralised (:func:`~perfmeasures.io._sheets._cells.neutralise`), and the
readers undo it.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Sequence
from decimal import Decimal

from ..._arithmetic import in_context
from ..._errors import InvalidValueError
from ..._measures import Measure
from ..._periods import Period, Quarter, Year
from ..._plan import Plan
from ..._rules import Rules
from ..._targets import (
    AnnualTarget,
    BoundTarget,
    FixedTarget,
    RangeTarget,
    RelativeTarget,
    Target,
)
from ..._values import Value
from .._json._converter import make_converter
from .._sheets._write import (
    SheetLayout,
    Where,
    XlsxCell,
    target_name,
    write_csv_rows,
    write_data,
    xlsx_bytes,
)
from .._sheets._write import Target as Destination
from ._losses import NO_LIMIT, refuse_losses

__all__ = [
    "COLUMNS",
    "long_rows",
    "period_columns",
    "write_long_csv",
    "write_long_xlsx",
]

#: The columns of the long format, in the order written.
COLUMNS = (
    "ref",
    "part",
    "period",
    "period_type",
    "financial_year",
    "quarter",
    "month",
    "field",
    "value",
)

Cell = str | Decimal


def _where(body: Sequence[Sequence[Cell]]) -> Where:
    """Name a cell of the long table by the measure and fact it holds.

    The rows are the heading, then *body*, in :data:`COLUMNS` order.
    """

    def where(row: int, column: int) -> str:
        if row == 0:
            return f"the heading {COLUMNS[column]!r}"
        ref, part, period, *_, field, _ = body[row - 1]
        named = f"measure {ref}" + (f", part {part}" if part else "")
        when = f" for {period}" if period else ""
        return f"{named}, {field}{when}"

    return where


_Add = Callable[[Period | None, str, Cell], None]


def period_columns(period: Period, start_month: int) -> tuple[str, str, str, str]:
    """``period_type``, ``financial_year``, ``quarter`` and ``month`` for *period*.

    >>> from perfmeasures import Month
    >>> period_columns(Month(2019, 4), 4)
    ('month', '2019/20', '1', '4')

    .. versionadded:: 0.1.0
    """
    if isinstance(period, Year):
        return "year", period.label, "", ""
    if isinstance(period, Quarter):
        return "quarter", period.year.label, str(period.number), ""
    quarter = period.quarter(start_month)
    return "month", quarter.year.label, str(quarter.number), str(period.month)


def rules_text(rules: Rules) -> str:
    """*rules* as the compact JSON the format's ``rules`` rows hold."""
    data = make_converter().unstructure(rules, Rules)
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _value_rows(add: _Add, period: Period, value: Value) -> None:
    for name in ("amount", "year_to_date", "numerator", "denominator"):
        figure = getattr(value, name)
        if figure is not None:
            add(period, name, figure)
    if value.missing is not None:
        add(period, "missing", value.missing.value)


def _target_rows(add: _Add, period: Period, target: Target) -> None:
    def put(name: str, value: Cell | None) -> None:
        if value is not None:
            add(period, f"target.{name}", value)

    if isinstance(target, FixedTarget):
        put("type", "fixed")
        put("value", target.value)
        put("floor", target.floor)
    elif isinstance(target, AnnualTarget):
        put("type", "annual")
        put("value", target.value)
        for number, share in enumerate(target.profile or (), start=1):
            put(f"profile.{number}", share)
        put("basis", target.basis.value)
        put("floor", target.floor)
    elif isinstance(target, RelativeTarget):
        put("type", "relative")
        put("baseline", target.baseline.label)
        put("change", target.change)
        put("change_kind", target.change_kind.value)
        put("basis", target.basis.value)
    elif isinstance(target, RangeTarget):
        put("type", "range")
        put("lower", target.lower)
        put("upper", target.upper)
    elif isinstance(target, BoundTarget):
        put("type", "bound")
        put("value", target.value)
        put("bound", target.bound.value)
        put("floor", target.floor)


def _measure_rows(add: _Add, measure: Measure, rules: Rules | None) -> None:
    unit = measure.unit
    facts: list[tuple[str, Cell | None]] = [
        ("title", measure.title),
        ("polarity", measure.polarity.value),
        ("unit.kind", unit.kind.value),
        ("unit.per", None if unit.per is None else str(unit.per)),
        ("unit.label", unit.label),
        ("unit.symbol", unit.symbol),
        ("frequency", measure.frequency.value),
        ("aggregation", measure.aggregation.value),
        ("compare_with", measure.compare_with.value),
        ("year_start_month", str(measure.year_start_month)),
        ("priority", measure.priority),
        ("outcome", measure.outcome),
        ("action", measure.action),
        ("lead_accountability", measure.lead_accountability),
        ("lead_officer", measure.lead_officer),
        ("data_only", _flag(measure.data_only)),
        ("under_development", _flag(measure.under_development)),
    ]
    for number, benchmark in enumerate(measure.benchmarks, start=1):
        facts.append((f"benchmarks.{number}.name", benchmark.name))
        facts.append((f"benchmarks.{number}.value", benchmark.value))
        if benchmark.period is not None:
            facts.append((f"benchmarks.{number}.period", benchmark.period.label))
    if rules is not None:
        facts.append(("rules", rules_text(rules)))
    for name, fact in facts:
        if fact is not None:
            add(None, name, fact)
    keyed = (
        measure.values,
        measure.targets,
        measure.published,
        measure.overrides,
        measure.notes,
    )
    for period in sorted({p for mapping in keyed for p in mapping}):
        if (value := measure.values.get(period)) is not None:
            _value_rows(add, period, value)
        if (target := measure.targets.get(period)) is not None:
            _target_rows(add, period, target)
        if (published := measure.published.get(period)) is not None:
            add(
                period,
                "published.status",
                published.status.value if published.status else "",
            )
            add(
                period,
                "published.direction",
                published.direction.value if published.direction else "",
            )
        if (override := measure.overrides.get(period)) is not None:
            add(period, "override.status", override.status.value)
            add(period, "override.reason", override.reason)
            if override.by is not None:
                add(period, "override.by", override.by)
        if (note := measure.notes.get(period)) is not None:
            add(period, "note", note)


def long_rows(plan: Plan) -> list[list[Cell]]:
    """*plan* as rows of the long format, the header first.

    Raises:
        InvalidValueError: A part of a measure has parts of its own, which
            the format does not hold.

    .. versionadded:: 0.1.0
    """
    rows: list[list[Cell]] = [list(COLUMNS)]

    def adder(ref: str, part: str, start: int) -> _Add:
        def add(period: Period | None, field: str, value: Cell) -> None:
            spelt = period_columns(period, start) if period is not None else ("",) * 4
            label = period.label if period is not None else ""
            rows.append([ref, part, label, *spelt, field, value])

        return add

    plan_add = adder("", "", 4)
    plan_add(None, "plan.title", plan.title)
    if plan.organisation is not None:
        plan_add(None, "plan.organisation", plan.organisation)
    for number, priority in enumerate(plan.priorities, start=1):
        plan_add(None, f"plan.priorities.{number}.key", priority.key)
        plan_add(None, f"plan.priorities.{number}.title", priority.title)
    plan_add(None, "plan.rules", rules_text(plan.rules))
    for measure in plan.measures:
        _measure_rows(
            adder(measure.ref, "", measure.year_start_month), measure, measure.rules
        )
        for part in measure.components:
            if part.components:
                raise InvalidValueError(
                    f"{measure.ref} components",
                    part.ref,
                    "parts without parts of their own (the long format holds "
                    "one level)",
                )
            _measure_rows(
                adder(measure.ref, part.ref, part.year_start_month), part, part.rules
            )
    return rows


@in_context
def write_long_csv(plan: Plan, target: Destination) -> None:
    """Write *plan* as a tidy long CSV table, one fact per row.

    :func:`~perfmeasures.io.read_long_csv` reads it back to an equal plan:
    the table is read back in memory before anything is written, and a plan
    that would not come back whole is refused.

    Args:
        plan: The plan.
        target: A path, or a file opened for writing (text or binary).

    Raises:
        InvalidValueError: A part of a measure has parts of its own.
        LossyConversionError: The table would not read back as *plan*; every
            difference is listed, and nothing is written.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.3.0
       Checked by reading back: refuses rather than writes a table that
       loses anything.
    """
    from ._long_read import read_long_csv  # noqa: PLC0415 - it imports this module.

    buffer = io.StringIO(newline="")
    rows = long_rows(plan)
    write_csv_rows(buffer, rows, where=_where(rows[1:]))
    text = buffer.getvalue()
    refuse_losses(
        plan, "long CSV", lambda: read_long_csv(io.StringIO(text), max_bytes=NO_LIMIT)
    )
    write_data(target, text)


def _exact_in_float(value: Decimal) -> bool:
    # A numeric cell reads back as its shortest text, without trailing
    # zeros: 10.10 would come back as 10.1, so it is written as text.
    exact = Decimal(repr(float(value))) == value
    return exact and f"{value:f}" == f"{value.normalize():f}"


@in_context
def write_long_xlsx(plan: Plan, target: Destination) -> None:
    """Write *plan* in the long format to an .xlsx workbook.

    Figures that a spreadsheet number holds exactly (up to about 15
    significant digits, and no trailing zeros) are numeric cells; others
    are text, so that :func:`~perfmeasures.io.read_long_xlsx` reads back an
    equal plan.  As :func:`write_long_csv`, the workbook is read back in
    memory first, and a plan that would not come back whole is refused.
    The heading row is bold, frozen and filtered, and columns are sized to
    their cells.

    Raises:
        InvalidValueError: A part of a measure has parts of its own, or a
            text holds a control character a workbook cannot store.
        LossyConversionError: The workbook would not read back as *plan*;
            every difference is listed, and nothing is written.
        MissingExtraError: openpyxl is not installed
            (``pip install 'perfmeasures[excel]'``).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.3.0
       Checked by reading back; figures with trailing zeros are text.  The
       heading row is frozen and filtered, and columns are sized.
    """
    from ._long_read import read_long_xlsx  # noqa: PLC0415 - it imports this module.

    header, *body = long_rows(plan)
    rows: list[list[XlsxCell]] = [list(header)]
    for row in body:
        out: list[XlsxCell] = list(row)
        for index in (5, 6):  # The quarter and month numbers.
            if row[index]:
                out[index] = int(row[index])
        value = row[-1]
        if isinstance(value, Decimal) and not _exact_in_float(value):
            out[-1] = f"{value:f}"
        rows.append(out)
    data = xlsx_bytes(
        rows,
        name=target_name(target),
        title="Plan",
        layout=SheetLayout(),
        where=_where(body),
    )
    refuse_losses(
        plan, "long xlsx", lambda: read_long_xlsx(io.BytesIO(data), max_bytes=NO_LIMIT)
    )
    write_data(target, data)
