"""The layout of a wide table: where its header is and what each column holds."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from .._errors import InvalidValueError, Problem
from .._periods import Month, Period, Quarter, Year, parse_period
from ._cells import restore
from ._mapping import WideMapping

__all__ = [
    "HEADER_SEARCH",
    "Layout",
    "find_header",
    "layout_of",
    "resolve_periods",
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
