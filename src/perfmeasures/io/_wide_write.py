"""Writing a plan as a council's wide table (one row per measure).

The table is laid out like the seed report: the mapped columns in
:class:`~perfmeasures.io.WideMapping` order, then a column per period
(years, then quarters, then months, each in date order, headed as the seed
heads them: ``Year end 2018/19``, ``Q1 Apr - Jun 2019``, ``Apr-19``), then
the data notes.  Reading the table back with the same report period and
target year gives the same figures, and every other field a wide table
carries (see :mod:`perfmeasures.io._wide`).
"""

from __future__ import annotations

import io
from decimal import Decimal

from .._arithmetic import in_context
from .._periods import Period, Year
from .._plan import Plan
from ._losses import deliver, refuse_losses, wide_read_options
from ._mapping import WideMapping
from ._sheets_write import Target, write_csv_rows, write_xlsx_rows
from ._wide import read_wide_csv, read_wide_xlsx
from ._wide_table import period_heading, table_rows

__all__ = ["period_heading", "write_wide_csv", "write_wide_xlsx"]


@in_context
def write_wide_csv(  # noqa: PLR0913 - keyword-only writing options.
    plan: Plan,
    target: Target,
    *,
    mapping: WideMapping | None = None,
    report_period: Period | str | None = None,
    target_year: Year | str | None = None,
    lossy: bool = False,
) -> None:
    """Write *plan* as a wide table, one row per measure, to CSV.

    Args:
        plan: The plan.
        target: A path, or a file opened for writing (text or binary).
        mapping: The headings to write; :class:`WideMapping` by default.
        report_period: The period whose published status, direction and
            data notes fill those columns; by default the latest quarter
            with figures.
        target_year: The year whose targets fill the target column; by
            default the report period's year.
        lossy: Write the table even if it cannot carry the whole plan (a
            table for people to read, not to import again).

    The table is read back in memory (with :func:`read_wide_csv` and the
    same *mapping*, *report_period* and *target_year*) before anything is
    written; unless *lossy*, a plan that would not come back whole is
    refused with everything that would be lost.

    Raises:
        InvalidValueError: A part of a multi-part measure has a reference
            that cannot be written as a cell label.
        LossyConversionError: The table cannot carry the whole plan; every
            loss is listed, and nothing is written.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.3.0
       Refuses a table that would lose anything, unless *lossy*.
    """
    rows, _ = table_rows(plan, mapping, report_period, target_year, numbers=False)
    buffer = io.StringIO(newline="")
    write_csv_rows(
        buffer, [[c if isinstance(c, str | Decimal) else "" for c in r] for r in rows]
    )
    text = buffer.getvalue()
    options = wide_read_options(plan, mapping, report_period, target_year)
    if not lossy:
        refuse_losses(
            plan, "wide CSV", lambda: read_wide_csv(io.StringIO(text), **options)
        )
    deliver(target, text)


@in_context
def write_wide_xlsx(  # noqa: PLR0913 - keyword-only writing options.
    plan: Plan,
    target: Target,
    *,
    mapping: WideMapping | None = None,
    report_period: Period | str | None = None,
    target_year: Year | str | None = None,
    lossy: bool = False,
) -> None:
    """Write *plan* as a wide table to an .xlsx workbook.

    As :func:`write_wide_csv` (read back with :func:`read_wide_xlsx`);
    plain figures are numeric cells, and percentages are stored as
    fractions formatted as percentages.

    Raises:
        LossyConversionError: The workbook cannot carry the whole plan;
            every loss is listed, and nothing is written.
        MissingExtraError: openpyxl is not installed
            (``pip install 'perfmeasures[excel]'``).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.3.0
       Refuses a workbook that would lose anything, unless *lossy*.
    """
    rows, percent = table_rows(plan, mapping, report_period, target_year, numbers=True)
    buffer = io.BytesIO()
    write_xlsx_rows(buffer, rows, title="Measures", percent=percent)
    data = buffer.getvalue()
    options = wide_read_options(plan, mapping, report_period, target_year)
    if not lossy:
        refuse_losses(
            plan, "wide xlsx", lambda: read_wide_xlsx(io.BytesIO(data), **options)
        )
    deliver(target, data)
