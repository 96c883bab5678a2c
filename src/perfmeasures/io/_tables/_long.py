"""The tidy long format: a plan as one table of (measure, period, field, value).

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

Reading rows as facts
---------------------

The rows of a long table, grouped by measure and period, and read as facts.

The header must name each of the format's columns once.  Each row below it
is one fact: a fact about the plan (no ``ref``), about a measure or one of
its parts (no ``period``), or about a measure in one period.  Rows that
cannot be placed, and facts given twice, are problems at their row.

A :class:`Facts` holds the facts of one thing (the plan, a measure, a
measure in one period) by field name, reads each as the type it should be,
and records a located problem, rather than raising, for each that is not.

Reading a plan back
-------------------

Rows are grouped by measure and period first, then each group is read
field by field.  A field that nothing uses, a fact given twice, a value of
the wrong shape and a missing required fact are each a problem at its row
and column; all of them are reported together, and no plan is returned.
"""

from __future__ import annotations

import enum
import functools
import io
import json
import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, TypeVar

import attrs
import cattrs

from ..._arithmetic import in_context
from ..._bounds import Bound
from ..._errors import InvalidValueError, LoadError, Problem
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
from ..._periods import Period, Quarter, Year, parse_period
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
from .._json._converter import make_converter
from .._json._reading import DEFAULT_MAX_DEPTH, parse, problems_from
from .._sheets._cells import restore
from .._sheets._read import (
    CSV_MAX_BYTES,
    XLSX_MAX_BYTES,
    Source,
    read_csv_rows,
    read_xlsx_rows,
)
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
from ._layout import NO_LIMIT, refuse_losses

__all__ = [
    "COLUMNS",
    "SPELT",
    "Fact",
    "Facts",
    "Group",
    "at",
    "catch",
    "group_rows",
    "long_rows",
    "period_columns",
    "plan_from_rows",
    "read_header",
    "read_long_csv",
    "read_long_xlsx",
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


_E = TypeVar("_E", bound=enum.Enum)
_T = TypeVar("_T")
_DECIMAL = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d{1,4})?")
_NUMBERED = re.compile(r"(?P<group>.+)\.(?P<number>[1-9]\d{0,5})\.(?P<name>\w+)")
_RULES_BYTES = 1024 * 1024


@functools.cache
def _converter() -> cattrs.Converter:
    return make_converter()


@attrs.frozen
class Fact:
    value: str
    row: int


def at(row: int, column: str) -> str:
    return f'row {row}, column "{column}"'


@attrs.define
class Facts:
    """The facts of one thing (the plan, a measure, a period), read by field."""

    facts: dict[str, Fact]
    problems: list[Problem]
    first_row: int
    what: str
    used: set[str] = attrs.field(factory=set)

    def has(self, *names: str) -> bool:
        return any(n in self.facts for n in names)

    def _take(self, name: str, *, required: bool) -> Fact | None:
        fact = self.facts.get(name)
        self.used.add(name)
        if fact is None and required:
            self.problems.append(
                Problem(
                    f"row {self.first_row}",
                    f"{self.what} has no {name!r} row; expected one",
                )
            )
        return fact

    def fail(self, fact: Fact, expected: str) -> None:
        self.problems.append(
            Problem(at(fact.row, "value"), f"expected {expected} (got {fact.value!r})")
        )

    def text(self, name: str, *, required: bool = False) -> str | None:
        fact = self._take(name, required=required)
        return None if fact is None else fact.value

    def decimal(self, name: str, *, required: bool = False) -> Decimal | None:
        fact = self._take(name, required=required)
        if fact is None:
            return None
        if len(fact.value) > 100 or not _DECIMAL.fullmatch(fact.value):
            self.fail(fact, "a number such as 94.8")
            return None
        return Decimal(fact.value)

    def integer(self, name: str) -> int | None:
        fact = self._take(name, required=False)
        if fact is None:
            return None
        if not fact.value.isascii() or not fact.value.isdigit() or len(fact.value) > 9:
            self.fail(fact, "a whole number")
            return None
        return int(fact.value)

    def flag(self, name: str) -> bool | None:
        fact = self._take(name, required=False)
        if fact is None:
            return None
        if fact.value not in {"true", "false"}:
            self.fail(fact, "true or false")
            return None
        return fact.value == "true"

    def choice(
        self, name: str, kind: type[_E], *, required: bool = False, blank: bool = False
    ) -> _E | None:
        fact = self._take(name, required=required)
        if fact is None or (blank and fact.value == ""):
            return None
        for member in kind:
            if member.value == fact.value:
                return member
        choices = ", ".join(repr(m.value) for m in kind)
        self.fail(fact, f"one of {choices}" + (" or blank" if blank else ""))
        return None

    def period(self, name: str, *, required: bool = False) -> Period | None:
        fact = self._take(name, required=required)
        if fact is None:
            return None
        try:
            return parse_period(fact.value)
        except InvalidValueError as error:
            self.fail(fact, error.expected)
            return None

    def rules(self, name: str) -> Rules | None:
        fact = self._take(name, required=False)
        if fact is None:
            return None
        where = at(fact.row, "value")
        try:
            document, found = parse(
                fact.value, where, max_bytes=_RULES_BYTES, max_depth=DEFAULT_MAX_DEPTH
            )
        except LoadError as error:
            found, document = list(error.problems), None
        if not found:
            try:
                return _converter().structure(document, Rules)
            except Exception as error:  # noqa: BLE001 - every failure is a problem.
                found = problems_from(error, "$", Rules)
        self.problems.extend(
            Problem(f"{where}, {p.location}", p.message) for p in found
        )
        return None

    def numbered(self, group: str) -> dict[int, dict[str, str]]:
        """Fields ``<group>.<n>.<name>``, as names by number, in number order."""
        found: dict[int, dict[str, str]] = {}
        for name in self.facts:
            match = _NUMBERED.fullmatch(name)
            if match and match["group"] == group:
                found.setdefault(int(match["number"]), {})[match["name"]] = name
        return dict(sorted(found.items()))

    def check_used(self) -> None:
        for name, fact in self.facts.items():
            if name not in self.used:
                self.problems.append(
                    Problem(
                        at(fact.row, "field"),
                        f"expected a field that {self.what} has (got {name!r})",
                    )
                )


def catch(facts: Facts, build: Callable[..., _T], **kwargs: object) -> _T | None:
    """``build(**kwargs)``, or None with the error as a problem of *facts*."""
    try:
        return build(**kwargs)
    except InvalidValueError as error:
        facts.problems.append(
            Problem(f"row {facts.first_row}", f"{facts.what}: {error}")
        )
        return None


#: The columns that spell a period out.
SPELT = COLUMNS[3:7]


@attrs.define
class Group:
    """The facts of one measure (or one part of one), by period."""

    ref: str
    part: str
    first_row: int
    facts: dict[str, Fact] = attrs.field(factory=dict)
    periods: dict[Period, dict[str, Fact]] = attrs.field(factory=dict)
    spelt: list[tuple[Period, tuple[str, ...], int]] = attrs.field(factory=list)

    @property
    def what(self) -> str:
        if self.part:
            return f"part {self.part!r} of measure {self.ref!r}"
        return f"measure {self.ref!r}"


def read_header(row: Sequence[str], problems: list[Problem]) -> dict[str, int]:
    columns: dict[str, int] = {}
    expected = ", ".join(COLUMNS)
    for index, cell in enumerate(row):
        name = restore(cell).strip()
        if name not in COLUMNS:
            problems.append(
                Problem(at(1, name), f"expected one of {expected} (got {name!r})")
            )
        elif name in columns:
            problems.append(Problem(at(1, name), "expected each column once"))
        else:
            columns[name] = index
    problems.extend(
        Problem("row 1", f'has no "{name}" column; expected the columns {expected}')
        for name in COLUMNS
        if name not in columns
    )
    return columns


def group_rows(
    rows: Sequence[Sequence[str]],
    columns: dict[str, int],
    strict_width: bool,
    problems: list[Problem],
) -> tuple[dict[str, Fact], dict[tuple[str, str], Group]]:
    """The plan's facts, and every measure's, from the rows below the header."""
    plan: dict[str, Fact] = {}
    groups: dict[tuple[str, str], Group] = {}
    width = len(rows[0])
    for number, raw in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in raw):
            continue
        extra = len(raw) > width and any(c.strip() for c in raw[width:])
        if extra or (strict_width and len(raw) != width):
            problems.append(
                Problem(
                    f"row {number}",
                    f"has {len(raw)} cells but the header has {width}; expected "
                    "one under each column (is the file truncated?)",
                )
            )
            continue
        cell = {c: restore(raw[i]) if i < len(raw) else "" for c, i in columns.items()}
        # References are kept exactly as written; only blankness is tested.
        ref = cell["ref"] if cell["ref"].strip() else ""
        part = cell["part"] if cell["part"].strip() else ""
        field, label = cell["field"].strip(), cell["period"].strip()
        if not field:
            problems.append(Problem(at(number, "field"), "expected a field (got '')"))
            continue
        facts = plan
        if not ref and (part or label):
            problems.append(
                Problem(
                    at(number, "ref"), f"expected a reference for {field!r} (got '')"
                )
            )
            continue
        if ref:
            group = groups.setdefault((ref, part), Group(ref, part, number))
            facts = group.facts
        if ref and label:
            try:
                period = parse_period(label)
            except InvalidValueError as error:
                problems.append(
                    Problem(
                        at(number, "period"),
                        f"expected {error.expected} (got {label!r})",
                    )
                )
                continue
            facts = group.periods.setdefault(period, {})
            spelt = tuple(cell[c].strip() for c in SPELT)
            if any(spelt):
                group.spelt.append((period, spelt, number))
        if field in facts:
            problems.append(
                Problem(
                    at(number, "field"),
                    f"repeats {field!r} (first on row {facts[field].row}); "
                    "expected each fact once",
                )
            )
            continue
        facts[field] = Fact(cell["value"], number)
    return plan, groups


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
