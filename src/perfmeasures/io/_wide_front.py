"""What a wide table says about the plan as a whole: front matter and priorities.

Front matter is the rows above the header row (see
:mod:`perfmeasures.io._wide` for the grammar); priorities come from the
Priority column's cells (``1``, ``Priority 1: Every child ...``,
``1 - Every child ...``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

import attrs

from .. import presets
from .._errors import InvalidRuleError, InvalidValueError, LoadError, Problem
from .._periods import Month, parse_period
from .._plan import Priority
from .._rules import Rules
from ._cells import restore
from ._converter import make_converter
from ._json import scheme_from_json
from ._problems import problems_from
from ._reading import DEFAULT_MAX_DEPTH, parse

__all__ = [
    "FRONT_LABELS",
    "FrontMatter",
    "PriorityCell",
    "month_word",
    "parse_priority",
    "plan_priorities",
    "priority_text",
    "read_front_matter",
    "read_rules",
    "rules_cell",
]

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
    return Month(2000, month).label.split()[0]


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
    return tuple(
        Priority(key=key, title=title if title is not None else f"Priority {key}")
        for key, (title, _) in titles.items()
    )
