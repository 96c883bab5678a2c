"""The layout of a wide table: header, columns, front matter and priorities.

Where a wide table's header is and what each column holds; and what the
table says about the plan as a whole.  Front matter is the rows above the
header row (see :mod:`perfmeasures.io._tables._wide_read` for the grammar);
priorities come from the Priority column's cells (``1``,
``Priority 1: Every child ...``, ``1 - Every child ...``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

import attrs

from ... import presets
from ..._errors import InvalidRuleError, InvalidValueError, LoadError, Problem
from ..._periods import MONTH_ABBREVIATIONS, Month, Period, Quarter, Year, parse_period
from ..._plan import Priority
from ..._rules import Rules
from .._json._converter import make_converter
from .._json._documents import scheme_from_json
from .._json._reading import DEFAULT_MAX_DEPTH, parse, problems_from
from .._sheets._cells import restore
from ._mapping import WideMapping

__all__ = [
    "FRONT_LABELS",
    "HEADER_SEARCH",
    "FrontMatter",
    "Layout",
    "PriorityCell",
    "find_header",
    "layout_of",
    "month_word",
    "parse_priority",
    "plan_priorities",
    "priority_text",
    "read_front_matter",
    "read_rules",
    "resolve_periods",
    "rules_cell",
    "where",
]


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
_PRIORITY = re.compile(
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


def _start_month(text: str) -> int:
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
                found[field] = _start_month(value)
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
    match = _PRIORITY.fullmatch(flat)
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
