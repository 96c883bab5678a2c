"""Evaluations out to spreadsheets: one row per measure (and part), safe to open.

The columns, in order, are :data:`EVALUATION_COLUMNS`: the measure
(``ref``; ``part`` for a part of a multi-part measure, whose row follows
its parent's; ``title`` when the plan is given), the period spelt out
(``period``, ``period_type``, ``financial_year``, ``quarter``, ``month``,
as in the long format), the ratings (``status``, ``computed_status``,
``direction`` as enum values), the figures (``actual``, ``period_actual``,
``target``, ``target_lower``, ``target_upper``, ``annual_target``,
``comparator_value``, ``variance``, ``variance_percent``) with ``basis``
and ``comparator_period``, why a figure is missing, the override
(``overridden``, ``override_reason``, ``override_by``), what was published
(``published_status``, ``published_direction``), the XmR chart icons
(``variation``, ``assurance``: blank unless evaluated with ``spc=True``) and
the ``explanation``.

Numbers stay numbers: figures are plain decimal text in CSV and numeric
cells in .xlsx, never text.

A workbook is laid out for reading: its heading row is bold, frozen and
filtered, and repeated on every printed page; each column is as wide as
its longest cell (at most 60 characters); and the statuses (``status``,
``computed_status``, ``published_status``) are filled by their band
(:data:`STATUS_STYLES`): blue, green, yellow, amber and red, and grey for
not available, not applicable and under development.  The status word is
always in the cell, so the sheet reads without colour (printed in black
and white, or by someone who cannot tell red from green), and every fill
is light behind dark text.  Text is written through the one rule of
:mod:`perfmeasures.io._sheets._write`: neutralised against formula
injection (:func:`~perfmeasures.io._sheets._cells.neutralise`: a cell that
would begin with ``=``, ``+``, ``-``, ``@``, a tab, a carriage return or a
line feed, or does once leading blank space and look-alikes are set aside,
is written with a leading apostrophe), quoted in CSV wherever it holds a
character a reader treats specially, and kept exactly in a workbook.  A
path is written whole or not at all.  A text that cannot be written is
named by where it came from (``measure 1.A2, part B, title for Q1
2019/20``), not by the cell it was bound for.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TypeAlias

from .._arithmetic import in_context
from .._batch import EvaluationSet
from .._evaluate import Evaluation
from .._measures import Measure
from .._periods import Period
from .._plan import Plan
from .._ratings import Status
from ._sheets._write import (
    CellStyle,
    SheetLayout,
    Target,
    Where,
    XlsxCell,
    write_csv_rows,
    write_xlsx_rows,
)
from ._tables._long import period_columns

__all__ = [
    "EVALUATION_COLUMNS",
    "STATUS_STYLES",
    "Record",
    "evaluation_records",
    "write_evaluations_csv",
    "write_evaluations_xlsx",
]

#: The columns of an evaluation export, in the order written.
EVALUATION_COLUMNS = (
    "ref",
    "part",
    "title",
    "period",
    "period_type",
    "financial_year",
    "quarter",
    "month",
    "status",
    "computed_status",
    "direction",
    "actual",
    "period_actual",
    "basis",
    "target",
    "target_lower",
    "target_upper",
    "annual_target",
    "comparator_period",
    "comparator_value",
    "variance",
    "variance_percent",
    "missing",
    "overridden",
    "override_reason",
    "override_by",
    "published_status",
    "published_direction",
    "variation",
    "assurance",
    "explanation",
)

_GREY = CellStyle(fill="E7E6E6", font="3A3838")

#: The fill and text colour of each status in a workbook: light fills behind
#: dark text (a contrast of at least 5.9 to 1), grey for the statuses that
#: say why there is no rating.
STATUS_STYLES: dict[Status, CellStyle] = {
    Status.BLUE: CellStyle(fill="BDD7EE", font="1F3864"),
    Status.GREEN: CellStyle(fill="C6EFCE", font="006100"),
    Status.YELLOW: CellStyle(fill="FFEB9C", font="5C4A00"),
    Status.AMBER: CellStyle(fill="FFD7A8", font="7A3E00"),
    Status.RED: CellStyle(fill="FFC7CE", font="9C0006"),
    Status.NOT_AVAILABLE: _GREY,
    Status.NOT_APPLICABLE: _GREY,
    Status.UNDER_DEVELOPMENT: _GREY,
}

#: The columns whose cells are filled by their status.
_STATUS_COLUMNS = ("status", "computed_status", "published_status")
#: An evaluation sheet's layout: the heading frozen and filtered, statuses filled.
_LAYOUT = SheetLayout(
    styles={
        EVALUATION_COLUMNS.index(column): {
            status.value: style for status, style in STATUS_STYLES.items()
        }
        for column in _STATUS_COLUMNS
    }
)

Record: TypeAlias = dict[str, str | Decimal | int | bool | None]
"""One row of an export, by column: text, a Decimal, a whole number, a
boolean, or None for a blank."""


def _spelt(period: Period, start_month: int) -> dict[str, str | int | None]:
    kind, year, quarter, month = period_columns(period, start_month)
    return {
        "period_type": kind,
        "financial_year": year,
        "quarter": int(quarter) if quarter else None,
        "month": int(month) if month else None,
    }


def _record(
    evaluation: Evaluation, ref: str, part: str | None, measure: Measure | None
) -> Record:
    start = measure.year_start_month if measure is not None else 4
    override = evaluation.override
    published = evaluation.published
    comparator = evaluation.comparator_period
    return {
        "ref": ref,
        "part": part,
        "title": measure.title if measure is not None else None,
        "period": evaluation.period.label,
        **_spelt(evaluation.period, start),
        "status": evaluation.status.value,
        "computed_status": evaluation.computed_status.value,
        "direction": evaluation.direction.value,
        "actual": evaluation.actual,
        "period_actual": evaluation.period_actual,
        "basis": evaluation.basis.value,
        "target": evaluation.target,
        "target_lower": evaluation.target_lower,
        "target_upper": evaluation.target_upper,
        "annual_target": evaluation.annual_target,
        "comparator_period": comparator.label if comparator is not None else None,
        "comparator_value": evaluation.comparator_value,
        "variance": evaluation.variance,
        "variance_percent": evaluation.variance_percent,
        "missing": evaluation.missing.value if evaluation.missing else None,
        "overridden": override is not None,
        "override_reason": override.reason if override is not None else None,
        "override_by": override.by if override is not None else None,
        "published_status": (
            published.status.value if published and published.status else None
        ),
        "published_direction": (
            published.direction.value if published and published.direction else None
        ),
        "variation": evaluation.variation.value if evaluation.variation else None,
        "assurance": evaluation.assurance.value if evaluation.assurance else None,
        "explanation": evaluation.explanation,
    }


def evaluation_records(
    evaluations: EvaluationSet, plan: Plan | None = None
) -> list[Record]:
    """The rows of an evaluation export, before they are written.

    Args:
        evaluations: The evaluation set.
        plan: The plan evaluated, for titles and each measure's year start;
            without it titles are blank and years start in April.

    .. versionadded:: 0.1.0
    """
    measures = {m.ref: m for m in plan.measures} if plan is not None else {}
    records = []
    for evaluation in evaluations:
        measure = measures.get(evaluation.ref)
        records.append(_record(evaluation, evaluation.ref, None, measure))
        parts = {p.ref: p for p in measure.components} if measure is not None else {}
        records.extend(
            _record(part, evaluation.ref, part.ref, parts.get(part.ref))
            for part in evaluation.components
        )
    return records


def _where(records: Sequence[Record]) -> Where:
    """Name the cell at an export's row and column by the evaluation it holds.

    The rows are the heading, then one for each of *records*.
    """

    def where(row: int, column: int) -> str:
        name = EVALUATION_COLUMNS[column]
        if row == 0:
            return f"the heading {name!r}"
        record = records[row - 1]
        part = f", part {record['part']}" if record["part"] is not None else ""
        return f"measure {record['ref']}{part}, {name} for {record['period']}"

    return where


def _csv_cell(value: str | Decimal | int | bool | None) -> str | Decimal:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return Decimal(value)
    return value


@in_context
def write_evaluations_csv(
    evaluations: EvaluationSet, target: Target, *, plan: Plan | None = None
) -> None:
    """Write *evaluations* to CSV, one row per measure and part.

    Args:
        evaluations: The evaluation set.
        target: A path, or a file opened for writing (text or binary).
        plan: The plan evaluated, for titles.

    Raises:
        InvalidValueError: A text holds a NUL character or a lone
            surrogate, which a CSV file cannot carry (the measure, part,
            column and period are named); nothing is written.
        WriteError: The path could not be written; the file that was there
            is unchanged.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.3.0
       A path is written atomically; text is quoted wherever it holds a
       character a CSV reader treats specially; a text that cannot be
       written is named by its measure, column and period.
    """
    records = evaluation_records(evaluations, plan)
    rows: list[list[str | Decimal]] = [list(EVALUATION_COLUMNS)]
    rows.extend(
        [_csv_cell(record[c]) for c in EVALUATION_COLUMNS] for record in records
    )
    write_csv_rows(target, rows, where=_where(records))


@in_context
def write_evaluations_xlsx(
    evaluations: EvaluationSet, target: Target, *, plan: Plan | None = None
) -> None:
    """Write *evaluations* to an .xlsx workbook, figures as numeric cells.

    The sheet is laid out for reading: a bold, frozen and filtered heading
    row, repeated on every printed page; columns sized to their cells (at
    most 60 characters); and the ``status``, ``computed_status`` and
    ``published_status`` cells filled by their band: blue, green, yellow,
    amber and red, and grey for not available, not applicable and under
    development, each a light fill behind dark text.  The status word is
    always in the cell, so the sheet reads without colour.

    Args:
        evaluations: The evaluation set.
        target: A path, or a file opened for writing (binary).
        plan: The plan evaluated, for titles.

    Raises:
        InvalidValueError: A text holds a character a workbook cannot store
            (NUL, another control character but tab, line feed and carriage
            return, U+FFFE, U+FFFF or a lone surrogate); the measure, part,
            column and period are named, and nothing is written.
        WriteError: The path could not be written; the file that was there
            is unchanged.
        MissingExtraError: openpyxl is not installed
            (``pip install 'perfmeasures[excel]'``).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.3.0
       A path is written atomically; carriage returns in text are kept; a
       text that cannot be written is named by its measure, column and
       period.  The heading row is frozen and filtered, columns are sized,
       and statuses are filled by their band.
    """
    records = evaluation_records(evaluations, plan)
    rows: list[list[XlsxCell]] = [list(EVALUATION_COLUMNS)]
    rows.extend([record[c] for c in EVALUATION_COLUMNS] for record in records)
    # Computed figures (a target of 93.333...) may have more digits than an
    # Excel number keeps; they stay numbers, for charts and sums, and Excel
    # rounds them to its 15 digits.
    write_xlsx_rows(
        target,
        rows,
        title="Evaluations",
        exact=False,
        where=_where(records),
        layout=_LAYOUT,
    )
