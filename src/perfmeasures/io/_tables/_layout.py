"""What a table holds: its headings, its layout, and what a plan loses through it.

The three questions every table reader and writer asks, answered once:
which heading names which field (a :class:`~perfmeasures.io.WideMapping`,
and mapping files); where a wide table's header, columns, front matter and
priorities are; and whether a plan read back from a table is the plan
written.

Headings and mapping files
--------------------------

Which spreadsheet headings name which fields of a measure, and mapping files.

A council's wide table has one row per measure and a column per field
(``Ref No.``, ``Measure``, ``Good performance`` ...) or per period.  Period
columns are recognised by reading their headings as period labels; the
other headings are matched through a :class:`WideMapping`, whose defaults
follow Rotherham's report and common alternatives, and which can be changed
for another council's headings.

A council's own headings can be kept beside its workbook in a mapping file:
a JSON object naming, for any field of :class:`~perfmeasures.io.WideMapping`,
the heading a council's table uses::

    {
      "format": "perfmeasures/wide-mapping/1",
      "ref": "PI code",
      "title": {"heading": "Indicator", "aliases": ["PI name"]},
      "lead_officer": null,
      "ignore": ["RAG symbol", "Comments from portfolio holder"]
    }

A field given as text is that heading alone; as an object, a heading and
other headings read as it; as ``null``, a column neither read nor written.
Fields left out keep their default headings.  The ``"format"`` key is
optional.

The layout of a wide table
--------------------------

The layout of a wide table: header, columns, front matter and priorities.

Where a wide table's header is and what each column holds; and what the
table says about the plan as a whole.  Front matter is the rows above the
header row (see :mod:`perfmeasures.io._tables._wide_read` for the grammar);
priorities come from the Priority column's cells (``1``,
``Priority 1: Every child ...``, ``1 - Every child ...``).

What a table loses
------------------

What a plan loses on its way through a table, and the check that refuses it.

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
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import IO, Any, TypedDict, cast

import attrs

from ... import presets
from ..._errors import (
    InvalidRuleError,
    InvalidValueError,
    LoadError,
    LossyConversionError,
    PerfmeasuresError,
    Problem,
)
from ..._measures import Measure
from ..._periods import MONTH_ABBREVIATIONS, Month, Period, Quarter, Year, parse_period
from ..._plan import Plan, Priority
from ..._rules import Rules
from ..._values import PeriodMap
from .._json._converter import make_converter
from .._json._documents import scheme_from_json
from .._json._reading import DEFAULT_MAX_DEPTH, parse, problems_from, read
from .._sheets._cells import restore

__all__ = [
    "FRONT_LABELS",
    "HEADER_SEARCH",
    "MAPPING_FORMAT",
    "NO_LIMIT",
    "PERIOD_FIELDS",
    "ColumnMap",
    "FrontMatter",
    "Layout",
    "PriorityCell",
    "WideMapping",
    "WideReadOptions",
    "find_header",
    "heading_key",
    "layout_of",
    "load_mapping",
    "mapping_from_json",
    "month_word",
    "parse_priority",
    "parse_start_month",
    "plan_losses",
    "plan_priorities",
    "priority_text",
    "read_front_matter",
    "read_rules",
    "refuse_losses",
    "resolve_periods",
    "rules_cell",
    "where",
    "wide_read_options",
]


_BRACKETED_END = re.compile(r"\s*\([^()]*\)\s*$")


def heading_key(heading: str) -> str:
    """The form headings are compared in.

    Case, spacing, a bracketed remark at the end and trailing full stops or
    colons do not matter: ``Lead Accountability (Strategic Director)``
    compares as ``lead accountability``, and ``Ref No.`` as ``ref no``.

    >>> heading_key("Data notes (where the target was missed)")
    'data notes'

    .. versionadded:: 0.1.0
    """
    text = " ".join(heading.split()).casefold()
    while True:
        shorter = _BRACKETED_END.sub("", text)
        if shorter == text or not shorter:
            break
        text = shorter
    return text.rstrip(".: ").strip()


def _aliases(value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise InvalidValueError("aliases", value, "a sequence of headings")
    if not all(isinstance(v, str) and heading_key(v) for v in value):
        raise InvalidValueError("aliases", value, "non-blank headings")
    return tuple(value)


def _check_heading(_: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not heading_key(value):
        raise InvalidValueError(attribute.name, value, "a non-blank heading")


@attrs.frozen
class ColumnMap:
    """The heading of one column, and other headings meaning the same.

    Args:
        heading: The heading written, and read.
        aliases: Other headings read as this column.

    >>> ColumnMap("Ref No.", ("Reference",)).matches("REFERENCE")
    True

    .. versionadded:: 0.1.0
    """

    heading: str = attrs.field(validator=_check_heading)
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_aliases)

    @property
    def keys(self) -> frozenset[str]:
        """Every heading this column is read from, compared as ``heading_key``."""
        return frozenset(heading_key(h) for h in (self.heading, *self.aliases))

    def matches(self, heading: str) -> bool:
        """Whether *heading* names this column."""
        return heading_key(heading) in self.keys


_PRIORITY = ColumnMap("Priority", ("Corporate priority",))
_OUTCOME = ColumnMap("Outcome")
_LEAD_ACCOUNTABILITY = ColumnMap(
    "Lead Accountability (Strategic Director)",
    ("Accountable director", "Strategic director"),
)
_REF = ColumnMap(
    "Ref No.", ("Ref", "Reference", "Measure ref", "PI ref", "KPI ref", "Code")
)
_ACTION = ColumnMap("Action")
_TITLE = ColumnMap(
    "Measure", ("Measure title", "Title", "Indicator", "Performance indicator")
)
_LEAD_OFFICER = ColumnMap("Lead officer", ("Responsible officer", "Officer"))
_POLARITY = ColumnMap(
    "Good performance", ("Polarity", "Good is", "Better is", "Good performance is")
)
_FREQUENCY = ColumnMap("Frequency of reporting", ("Frequency", "Reporting frequency"))
_UNIT = ColumnMap("Unit", ("Units", "Unit of measure", "Measure unit"))
_AGGREGATION = ColumnMap(
    "Aggregation",
    ("Roll-up", "Roll up", "Rollup", "Aggregation method", "How figures add up"),
)
_COMPARE_WITH = ColumnMap(
    "Compare with",
    ("Comparator", "Comparison", "DOT compared with", "Direction compared with"),
)
_YEAR_START = ColumnMap("Year starts", ("Year start", "Year starts in"))
_DATA_ONLY = ColumnMap("Data only", ("Data only measure", "Monitoring only"))
_UNDER_DEVELOPMENT = ColumnMap(
    "Under development", ("In development", "Measure under development")
)
_TARGET = ColumnMap("Target", ("Annual target", "Target value"))
_STATUS = ColumnMap("Overall status", ("Status", "RAG", "RAG status", "Rating"))
_DIRECTION = ColumnMap("DOT", ("Direction of travel", "Direction", "Trend"))
_NOTES = ColumnMap("Data notes", ("Notes", "Commentary", "Comments"))
_BENCHMARKS = ColumnMap("Benchmarks", ("Benchmark", "Comparators"))
_PARTS = ColumnMap("Parts", ("Part titles", "Components"))
_OVERRIDE = ColumnMap("Override", ("Status override", "Overridden status"))
_RULES = ColumnMap("Rules", ("Status rules", "Rating rules"))

#: The fields whose headings may be followed by a period label, for that
#: period's entry (``Target 2020/21``, ``Overall status Q4 2018/19``).
PERIOD_FIELDS = ("target", "status", "direction", "notes", "override")


@attrs.frozen(kw_only=True)
class WideMapping:
    """How the headings of a wide table map to a measure's fields.

    Each field is a :class:`ColumnMap`; the optional ones may be None to
    neither read nor write that column.  Headings that match no field and
    are not period labels are errors unless listed in *ignore*.  Period
    columns are never listed here: any heading that
    :func:`~perfmeasures.parse_period` reads is a period column.

    >>> mapping = WideMapping(ref=ColumnMap("PI code"), ignore=("RAG symbol",))
    >>> mapping.field_for("pi code")
    'ref'

    Fields are listed in the order a table is written in, period columns
    going before the data notes.

    Args:
        priority: The key of the plan priority the measure serves.
        outcome: The outcome it serves.
        lead_accountability: The accountable director.
        ref: The measure reference (required).
        action: The action it monitors.
        title: The measure's title (required).
        lead_officer: The officer who reports it.
        polarity: Good performance: high or low (required).
        unit: The unit of the figures (``percentage``, ``rate per 10,000``).
        frequency: How often the measure is reported.
        aggregation: How a longer period's figure follows from its parts
            (``sum``, ``snapshot``, ``average``, ``ratio`` or ``none``).
        compare_with: The direction of travel's comparator period.
        year_start: The month the measure's years start in (``Apr``,
            ``Jan``, ``Sep``), where a table's measures differ; the table's
            own (its ``Year starts`` row, or April) otherwise.
        data_only: Whether the measure is monitored without a target.
        under_development: Whether the measure is still being developed.
        target: The target for the target year; ``Target <period>``
            headings hold other periods' targets.
        status: The status published for the report period;
            ``<heading> <period>`` headings hold other periods'.
        direction: The direction of travel published for the report period,
            and other periods' as *status*.
        benchmarks: Comparators published beside the measure.
        parts: The labels and titles of a multi-part measure's parts.
        override: A status set by hand for the report period, with its
            reason; other periods' as *status*.
        rules: The rules the measure is rated by, where they are its own
            (a preset's name or a JSON rules object).
        notes: Data notes for the report period, and other periods' as
            *status*.
        ignore: Headings to skip.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.3.0
       The unit, aggregation, compare with, data only, under development,
       benchmarks, parts, override and rules columns.
       The year start column.
    """

    priority: ColumnMap | None = _PRIORITY
    outcome: ColumnMap | None = _OUTCOME
    lead_accountability: ColumnMap | None = _LEAD_ACCOUNTABILITY
    ref: ColumnMap = _REF
    action: ColumnMap | None = _ACTION
    title: ColumnMap = _TITLE
    lead_officer: ColumnMap | None = _LEAD_OFFICER
    polarity: ColumnMap = _POLARITY
    unit: ColumnMap | None = _UNIT
    frequency: ColumnMap | None = _FREQUENCY
    aggregation: ColumnMap | None = _AGGREGATION
    compare_with: ColumnMap | None = _COMPARE_WITH
    year_start: ColumnMap | None = _YEAR_START
    data_only: ColumnMap | None = _DATA_ONLY
    under_development: ColumnMap | None = _UNDER_DEVELOPMENT
    target: ColumnMap | None = _TARGET
    status: ColumnMap | None = _STATUS
    direction: ColumnMap | None = _DIRECTION
    benchmarks: ColumnMap | None = _BENCHMARKS
    parts: ColumnMap | None = _PARTS
    override: ColumnMap | None = _OVERRIDE
    rules: ColumnMap | None = _RULES
    notes: ColumnMap | None = _NOTES
    ignore: tuple[str, ...] = attrs.field(default=(), converter=_aliases)

    @ignore.validator
    def _check_unique(self, _: attrs.Attribute[tuple[str, ...]], __: object) -> None:
        owners: dict[str, str] = {}
        for name, column in self.columns():
            for key in column.keys:
                if key in owners:
                    raise InvalidValueError(
                        name,
                        key,
                        f"a heading not already used by {owners[key]!r}",
                    )
                owners[key] = name

    def columns(self) -> Iterator[tuple[str, ColumnMap]]:
        """The mapped fields and their columns, in the order they are written."""
        for field in attrs.fields(WideMapping):
            column = getattr(self, field.name)
            if isinstance(column, ColumnMap):
                yield field.name, column

    def field_for(self, heading: str) -> str | None:
        """The field *heading* names, or None."""
        key = heading_key(heading)
        for name, column in self.columns():
            if key in column.keys:
                return name
        return None

    def period_field_for(self, heading: str) -> tuple[str, str] | None:
        """The field and period text of a ``<heading> <period>`` heading, or None.

        Only the fields in ``PERIOD_FIELDS`` take a period after their
        heading: ``Target 2020/21`` gives ``("target", "2020/21")``.  The
        period text is returned as written, for the caller to read.

        >>> WideMapping().period_field_for("Overall status Q4 2018/19")
        ('status', 'Q4 2018/19')

        .. versionadded:: 0.3.0
        """
        words = " ".join(heading.split())
        keys = sorted(
            (
                (key, name)
                for name in PERIOD_FIELDS
                if (column := getattr(self, name)) is not None
                for key in column.keys
            ),
            key=lambda item: -len(item[0]),
        )
        for key, name in keys:
            rest = words[len(key) + 1 :].strip()
            if words[: len(key) + 1].casefold() == key + " " and rest:
                return name, rest
        return None

    def ignores(self, heading: str) -> bool:
        """Whether *heading* is one to skip."""
        return heading_key(heading) in {heading_key(h) for h in self.ignore}


#: The ``"format"`` of a column mapping document.
MAPPING_FORMAT = "perfmeasures/wide-mapping/1"

# A mapping file is a few hundred bytes; a megabyte is far more than any.
_MAX_BYTES = 1 << 20
_MAX_DEPTH = 8


def _column(field: str, value: object) -> ColumnMap:
    if isinstance(value, str):
        return ColumnMap(value)
    if isinstance(value, dict):
        unknown = set(value) - {"heading", "aliases"}
        if unknown or not isinstance(value.get("heading"), str):
            raise InvalidValueError(
                field,
                json.dumps(value, ensure_ascii=False),
                'a heading, or an object {"heading": ..., "aliases": [...]}',
            )
        return ColumnMap(value["heading"], tuple(value.get("aliases", ())))
    raise InvalidValueError(
        field, value, 'a heading, an object {"heading": ..., "aliases": [...]} or null'
    )


def _field(field: attrs.Attribute[Any], value: object) -> object:
    """The value of one mapping *field* from its JSON *value*."""
    if field.name == "ignore":
        if not isinstance(value, list):
            raise InvalidValueError(field.name, value, "a list of headings")
        return tuple(value)
    if value is None:
        if "None" not in str(field.type):
            raise InvalidValueError(field.name, value, "a heading (a required column)")
        return None
    return _column(field.name, value)


def mapping_from_json(text: str | bytes, *, source: str = "<string>") -> WideMapping:
    """The column mapping in the JSON document *text*.

    Raises:
        LoadError: The document is not JSON, or names an unknown field or a
            heading that is not text; every problem is listed.

    >>> mapping_from_json('{"ref": "PI code", "ignore": ["RAG symbol"]}').ref
    ColumnMap(heading='PI code', aliases=())

    .. versionadded:: 0.3.0
    """
    document, problems = parse(text, source, max_bytes=_MAX_BYTES, max_depth=_MAX_DEPTH)
    if problems:
        raise LoadError(source, problems)
    if not isinstance(document, dict):
        raise LoadError(source, [Problem("$", "expected a JSON object of headings")])
    fields = attrs.fields_dict(WideMapping)
    changes: dict[str, Any] = {}
    for key, value in document.items():
        where = f"$.{key}"
        if key == "format":
            if value != MAPPING_FORMAT:
                problems.append(
                    Problem(where, f"expected {MAPPING_FORMAT!r} (got {value!r})")
                )
            continue
        if key not in fields:
            known = ", ".join(sorted(fields))
            problems.append(
                Problem(
                    where, f"is not a field of a wide table; expected one of {known}"
                )
            )
            continue
        try:
            changes[key] = _field(fields[key], value)
        except InvalidValueError as error:
            problems.append(
                Problem(where, f"expected {error.expected} (got {error.value!r})")
            )
    if problems:
        raise LoadError(source, problems)
    try:
        return WideMapping(**changes)
    except (InvalidValueError, TypeError) as error:
        raise LoadError(source, [Problem("$", str(error))]) from None


def load_mapping(
    path_or_file: str | os.PathLike[str] | IO[bytes] | IO[str],
) -> WideMapping:
    """The column mapping in a JSON file (see :func:`mapping_from_json`).

    Raises:
        LoadError: The file is not a mapping; every problem is listed.
        OSError: The file cannot be read.

    .. versionadded:: 0.3.0
    """
    name, data = read(path_or_file, _MAX_BYTES)
    return mapping_from_json(data, source=name)


#: How many rows from the top the header row may be.
HEADER_SEARCH = 30
_REQUIRED = ("ref", "title", "polarity")


@attrs.frozen(kw_only=True)
class Layout:
    """Which column holds what, found from the header row."""

    row: int
    width: int
    headings: tuple[str, ...]
    fields: dict[str, int]
    periods: tuple[tuple[int, Period], ...]
    #: Columns of ``<heading> <period>`` headings, by field and period.
    period_fields: dict[tuple[str, Period], int] = attrs.field(factory=dict)


def find_header(rows: Sequence[Sequence[str]], mapping: WideMapping) -> int | None:
    for index, row in enumerate(rows[:HEADER_SEARCH]):
        if any(mapping.ref.matches(restore(cell)) for cell in row):
            return index
    return None


def where(row: int, heading: str) -> str:
    return f'row {row}, column "{heading}"'


def layout_of(
    rows: Sequence[Sequence[str]],
    header: int,
    mapping: WideMapping,
    start_month: int,
    problems: list[Problem],
) -> Layout:
    headings = tuple(" ".join(restore(c).split()) for c in rows[header])
    fields: dict[str, int] = {}
    periods: dict[Period, int] = {}
    period_fields: dict[tuple[str, Period], int] = {}
    number = header + 1
    for index, heading in enumerate(headings):
        if not heading:
            if any(index < len(r) and r[index].strip() for r in rows[header + 1 :]):
                problems.append(
                    Problem(
                        f"row {number}, column {index + 1}",
                        "has no heading but holds figures below; expected a heading",
                    )
                )
            continue
        field = mapping.field_for(heading)
        if field is not None:
            if field in fields:
                first = headings[fields[field]]
                problems.append(
                    Problem(
                        where(number, heading),
                        f'repeats the {field} column "{first}"; expected it once',
                    )
                )
            else:
                fields[field] = index
            continue
        if mapping.ignores(heading):
            continue
        try:
            period = parse_period(heading, year_start_month=start_month)
        except InvalidValueError:
            period = None
        if period is None and (found := _period_field(mapping, heading, start_month)):
            if found in period_fields:
                first = headings[period_fields[found]]
                problems.append(
                    Problem(
                        where(number, heading),
                        f'names the same {found[0]} and period as column "{first}"; '
                        "expected each once",
                    )
                )
            else:
                period_fields[found] = index
            continue
        if period is None:
            known = ", ".join(f'"{c.heading}"' for _, c in mapping.columns())
            problems.append(
                Problem(
                    where(number, heading),
                    f"expected a known heading ({known}), a period label such as "
                    "'Q1 2019/20', one of those headings followed by a period "
                    "label (such as 'Target 2020/21'), or a heading listed in "
                    f"WideMapping.ignore (got {heading!r})",
                )
            )
            continue
        if period in periods:
            first = headings[periods[period]]
            problems.append(
                Problem(
                    where(number, heading),
                    f'names the same period ({period.label}) as column "{first}"; '
                    "expected each period once",
                )
            )
        else:
            periods[period] = index
    for name in _REQUIRED:
        if name not in fields:
            column = getattr(mapping, name)
            problems.append(
                Problem(
                    f"row {number}",
                    f'has no "{column.heading}" column; expected one headed '
                    + " or ".join(repr(h) for h in (column.heading, *column.aliases)),
                )
            )
    return Layout(
        row=header,
        width=len(headings),
        headings=headings,
        fields=fields,
        periods=tuple(sorted(((i, p) for p, i in periods.items()), key=lambda x: x[1])),
        period_fields=period_fields,
    )


def _period_field(
    mapping: WideMapping, heading: str, start_month: int
) -> tuple[str, Period] | None:
    """The field and period of a ``<heading> <period>`` heading, or None."""
    found = mapping.period_field_for(heading)
    if found is None:
        return None
    name, text = found
    try:
        return name, parse_period(text, year_start_month=start_month)
    except InvalidValueError:
        return None


def resolve_periods(
    periods: Sequence[Period],
    report_period: Period | str | None,
    target_year: Year | str | None,
    start_month: int,
) -> tuple[Period | None, Year | None]:
    """The report period and target year of a table with *periods* columns.

    By default the report period is the latest quarter (or, without
    quarters, the latest period), and the target year is its year.
    """
    if isinstance(report_period, str):
        report_period = parse_period(report_period, year_start_month=start_month)
    quarters = [p for p in periods if isinstance(p, Quarter)]
    report = report_period or max(quarters or periods, default=None)
    if isinstance(target_year, str):
        parsed = parse_period(target_year, year_start_month=start_month)
        if not isinstance(parsed, Year):
            raise InvalidValueError(
                "target_year", target_year, "a year such as 2019/20"
            )
        target_year = parsed
    if target_year is not None or report is None:
        return report, target_year
    if isinstance(report, Month):
        return report, report.financial_year(start_month)
    return report, report.financial_year()


#: The labels of front matter rows, by the field each sets.
FRONT_LABELS = {
    "title": "Title",
    "organisation": "Organisation",
    "start_month": "Year starts",
    "rules": "Rules",
    "priority": "Priority",
}
_LABEL_KEYS = {
    "title": "title",
    "plan title": "title",
    "organisation": "organisation",
    "organization": "organisation",
    "council": "organisation",
    "year starts": "start_month",
    "year start": "start_month",
    "year starts in": "start_month",
    "rules": "rules",
    "status rules": "rules",
    "priority": "priority",
}
_RULES_BYTES = 1024 * 1024
_PRIORITY_CELL = re.compile(
    r"(?:priority\s+)?(?P<key>[0-9]+[A-Za-z]?|[A-Za-z])"
    r"(?:\s*(?:[:.)\u2013\u2014]|\s-)\s*(?P<title>\S.*))?",
    re.IGNORECASE | re.DOTALL,
)


@attrs.frozen(kw_only=True)
class FrontMatter:
    """The plan's title, organisation, year start, rules and priorities, if given."""

    title: str | None = None
    organisation: str | None = None
    start_month: int | None = None
    rules: Rules | None = None
    priorities: tuple[tuple[str, PriorityCell], ...] = ()


def month_word(month: int) -> str:
    """The month's short name, as a ``Year starts`` row writes it (``Apr``)."""
    return MONTH_ABBREVIATIONS[month - 1]


def parse_start_month(text: str) -> int:
    """The month a ``Year starts`` cell names (``Apr``, ``April``), as a number."""
    try:
        period = parse_period(f"{text.strip()} 2000")
    except InvalidValueError:
        period = None
    if not isinstance(period, Month):
        raise InvalidValueError("year starts", text, "a month name such as April")
    return period.month


def rules_cell(rules: Rules) -> str:
    """*rules* as a ``Rules`` row writes them: a preset's name, or compact JSON."""
    for name in presets.names():
        if Rules(status=presets.by_name(name)) == rules:
            return name
    data = make_converter().unstructure(rules, Rules)
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


def read_rules(text: str, where: str) -> tuple[Rules | None, list[Problem]]:
    """Rules from a preset name or a JSON rules (or status scheme) object."""
    flat = text.strip()
    if not flat.startswith("{"):
        try:
            return Rules(status=presets.by_name(flat.casefold())), []
        except InvalidRuleError as error:
            return None, [
                Problem(
                    where,
                    f"expected a preset name ({', '.join(presets.names())}) or a "
                    f"JSON rules object (got {error.value!r})",
                )
            ]
    try:
        document, found = parse(
            flat, where, max_bytes=_RULES_BYTES, max_depth=DEFAULT_MAX_DEPTH
        )
    except LoadError as error:
        found, document = list(error.problems), None
    if not found and isinstance(document, dict) and "status" not in document:
        try:
            return Rules(status=scheme_from_json(flat, source=where)), []
        except LoadError as error:
            found = list(error.problems)
    elif not found:
        try:
            return make_converter().structure(document, Rules), []
        except Exception as error:  # noqa: BLE001 - every failure is a problem.
            found = problems_from(error, "$", Rules)
    return None, [Problem(f"{where}, {p.location}", p.message) for p in found]


def read_front_matter(
    rows: Sequence[Sequence[str]], header: int, problems: list[Problem]
) -> FrontMatter:
    """The front matter in the rows above *header*, with a problem for each bad row."""
    found: dict[str, object] = {}
    priorities: list[tuple[str, PriorityCell]] = []
    lone: str | None = None
    for index in range(header):
        filled = [(i, restore(c)) for i, c in enumerate(rows[index]) if c.strip()]
        if not filled:
            continue
        column, first = filled[0]
        label = " ".join(first.strip().rstrip(":").split()).casefold()
        field = _LABEL_KEYS.get(label)
        where = f"row {index + 1}, column {column + 1}"
        if field is None:
            if len(filled) == 1 and lone is None:
                lone = first
            continue
        if len(filled) < 2:
            problems.append(
                Problem(where, f"{first!r} has no value; expected it in the next cell")
            )
            continue
        value = filled[1][1]
        value_at = f"row {index + 1}, column {filled[1][0] + 1}"
        if field == "priority":
            priorities.append((value_at, parse_priority(value)))
        elif field in found:
            problems.append(
                Problem(where, f"repeats {FRONT_LABELS[field]!r}; expected it once")
            )
        elif field == "start_month":
            try:
                found[field] = parse_start_month(value)
            except InvalidValueError as error:
                problems.append(
                    Problem(value_at, f"expected {error.expected} (got {value!r})")
                )
        elif field == "rules":
            rules, bad = read_rules(value, value_at)
            problems.extend(bad)
            if rules is not None:
                found[field] = rules
        else:
            found[field] = value
    title = found.get("title", lone)
    given = found.get("rules")
    return FrontMatter(
        title=title if isinstance(title, str) else None,
        organisation=_text(found.get("organisation")),
        start_month=_number(found.get("start_month")),
        rules=given if isinstance(given, Rules) else None,
        priorities=tuple(priorities),
    )


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _number(value: object) -> int | None:
    return value if isinstance(value, int) else None


@attrs.frozen
class PriorityCell:
    """A Priority cell read: the key, and the title if the cell gives one."""

    key: str
    title: str | None


def parse_priority(text: str) -> PriorityCell:
    """Read a Priority cell.

    ``1`` gives key ``1`` and no title; ``Priority 1: Every child making the
    best start in life``, ``1 - Every child ...`` and ``1. Every child ...``
    give key ``1`` and the title.  Any other text is a priority whose key
    and title are that text.

    >>> parse_priority("Priority 2: Every adult secure")
    PriorityCell(key='2', title='Every adult secure')
    """
    flat = text.strip()
    match = _PRIORITY_CELL.fullmatch(flat)
    if match is None:
        return PriorityCell(flat, flat)
    title = match["title"]
    return PriorityCell(match["key"], title.strip() if title else None)


def priority_text(key: str, priority: Priority | None) -> str:
    """The Priority cell for a measure of priority *key*: ``1: title``, or the key."""
    if priority is None or priority.title == key:
        return key
    cell = f"{key}: {priority.title}"
    back = parse_priority(cell)
    return cell if (back.key, back.title) == (key, priority.title) else key


def plan_priorities(
    cells: Sequence[tuple[str, PriorityCell]], problems: list[Problem]
) -> tuple[Priority, ...]:
    """The plan's priorities from Priority cells, in order of first appearance.

    Args:
        cells: Each row's location and the Priority cell read from it.
        problems: Where a key given two different titles is recorded.
    """
    titles: dict[str, tuple[str | None, str]] = {}
    for where, cell in cells:
        known = titles.get(cell.key)
        if known is None or known[0] is None:
            titles[cell.key] = (cell.title, where)
        elif cell.title is not None and cell.title != known[0]:
            problems.append(
                Problem(
                    where,
                    f"gives priority {cell.key} the title {cell.title!r}, but "
                    f"{known[1]} gives it {known[0]!r}; expected one title per key",
                )
            )
    priorities: list[Priority] = []
    for key, (title, where) in titles.items():
        try:
            priorities.append(
                Priority(
                    key=key, title=title if title is not None else f"Priority {key}"
                )
            )
        except InvalidValueError as error:
            problems.append(
                Problem(where, f"expected {error.expected} (got {error.value!r})")
            )
    return tuple(priorities)


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
