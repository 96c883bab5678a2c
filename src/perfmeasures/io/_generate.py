"""Rewrite the generated files shipped with :mod:`perfmeasures.io`.

Run ``python -m perfmeasures.io._generate`` after changing the model or the
rules: it rewrites the JSON Schemas in ``_json/schemas/``, the conformance
vectors (``_json/conformance.json``), and the bundled example plan in JSON,
wide CSV and long CSV (and the council-style workbook).
Tests fail until it has been run, so that the shipped files never drift
from the code.

The council-style workbook, ``council-style.xlsx``, is laid out as a
council keeps its plan: a title row, merged Priority cells, Excel
percentages, an annual count target, a cumulative collection rate and a
data-only measure.  The interchange docs and tests read it as a council's
own file.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..examples import REPORT_PERIOD, rotherham_2019_20
from ._json._documents import plan_to_json
from ._json._schema import (
    CONFORMANCE_FILE,
    SCHEMA_FILES,
    build_conformance,
    build_schema,
    conformance_text,
    schema_text,
)
from ._sheets._read import openpyxl_module
from ._tables._long import write_long_csv
from ._tables._wide_write import write_wide_csv

__all__ = [
    "COUNCIL_STYLE",
    "COUNCIL_STYLE_TITLE",
    "EXAMPLE_FILE",
    "LONG_EXAMPLE",
    "WIDE_EXAMPLE",
    "council_style_rows",
    "council_style_workbook",
    "example_tables",
    "main",
]


_EXAMPLES = Path(__file__).parents[1] / "examples"

#: The bundled plan as a council's wide table.
WIDE_EXAMPLE = _EXAMPLES / "rotherham-2019-20-wide.csv"

#: The bundled plan in the tidy long format.
LONG_EXAMPLE = _EXAMPLES / "rotherham-2019-20-long.csv"


#: A workbook laid out as a council keeps its plan.
COUNCIL_STYLE = _EXAMPLES / "council-style.xlsx"

#: The title row of the council-style workbook.
COUNCIL_STYLE_TITLE = "Council Plan 2019/20: Quarter 2 performance"

_PERCENT_FORMAT = "0.0%"
_P1 = "Priority 1: Every child making the best start in life"
_P2 = "Priority 2: Every adult secure, responsible and empowered"
_P3 = "Priority 3: A strong community in a clean, safe environment"
_HEADER = (
    "Priority",
    "Outcome",
    "Ref",
    "Measure",
    "Good performance",
    "Unit",
    "Aggregation",
    "Target",
    "Q1 Apr - Jun 2019",
    "Q2 Jul - Sep 2019",
    "Commentary",
)


def _pct(text: str) -> Decimal:
    """A percentage as Excel stores it: 55.8% is the fraction 0.558."""
    return Decimal(text).scaleb(-2)


def council_style_rows() -> list[list[Any]]:
    """The council-style sheet's rows: Decimals are numbers, fractions percentages.

    Priority cells are given on the first row of each priority only (the
    workbook merges them down); an Outcome likewise.
    """
    high, low = "High", "Low"
    return [
        [COUNCIL_STYLE_TITLE],
        [],
        list(_HEADER),
        [
            _P1,
            "A. Children are safe from harm",
            "CH1",
            "Children subject to a child protection plan",
            low,
            "rate per 10,000: per 10K population under 18",
            "Snapshot",
            "90",
            Decimal("94.8"),
            Decimal("88.0"),
            "Falling since May.",
        ],
        [
            None,
            None,
            "CH2",
            "Repeat child protection plans",
            low,
            "percentage",
            "Snapshot",
            "7%",
            _pct("10.1"),
            _pct("9.5"),
            "",
        ],
        [
            None,
            "B. Looked after children live in family settings",
            "CH3",
            "Looked after children placed in a family setting",
            high,
            "percentage",
            "Snapshot",
            "85%",
            _pct("81.7"),
            _pct("82.3"),
            "",
        ],
        [
            _P2,
            "A. Homes for everyone",
            "AD1",
            "New homes delivered",
            high,
            "count",
            "Sum",
            "200 (annual target)",
            Decimal(38),
            Decimal(41),
            "79 homes in the first half year.",
        ],
        [
            None,
            "B. A well-run council",
            "AD2",
            "Council tax collected",
            high,
            "percentage",
            "Snapshot",
            "97% (profile to date: 29, 56, 83, 97)",
            _pct("29.1"),
            _pct("55.8"),
            "Collection rates are cumulative.",
        ],
        [
            None,
            "C. Adults live independently",
            "AD3",
            "Adults supported in residential or nursing care",
            low,
            "count",
            "Snapshot",
            "Data only",
            Decimal(931),
            Decimal(925),
            "",
        ],
        [
            _P3,
            "A. Clean streets",
            "CO1",
            "Missed bins per 100,000 collections",
            low,
            "rate per 100,000",
            "None",
            "50",
            Decimal(113),
            Decimal(91),
            "",
        ],
        [
            None,
            "B. Responsive services",
            "CO2",
            "Average days to process a new benefit claim",
            low,
            "days",
            "Average",
            "20",
            Decimal("21.5"),
            Decimal("18.2"),
            "",
        ],
    ]


#: The rows of each priority, merged down the Priority column (1-based).
_MERGED = ("A4:A6", "A7:A9", "A10:A11", "B4:B5")


def council_style_workbook(*, aggregation: bool = True) -> bytes:
    """The council-style workbook, as Excel would save it.

    Args:
        aggregation: Whether to include the Aggregation column; without
            it, the annual count target and the cumulative collection rate
            cannot be rated, and the reader says so.
    """
    openpyxl = openpyxl_module()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Q2 2019-20"
    drop = None if aggregation else _HEADER.index("Aggregation")
    for row in council_style_rows():
        cells = [c for i, c in enumerate(row) if i != drop]
        sheet.append([float(c) if isinstance(c, Decimal) else c for c in cells])
    percent_column = 1 + _HEADER.index("Unit") - (drop is not None and drop < 6)
    for row in sheet.iter_rows(min_row=4):
        if row[percent_column - 1].value == "percentage":
            for cell in row:
                if isinstance(cell.value, float):
                    cell.number_format = _PERCENT_FORMAT
    for merged in _MERGED:
        sheet.merge_cells(merged)
    moment = dt.datetime(2019, 10, 31, tzinfo=dt.UTC)
    book.properties.created = moment
    buffer = io.BytesIO()
    book.save(buffer)
    return _settled(buffer.getvalue(), moment)


def _settled(data: bytes, moment: dt.datetime) -> bytes:
    """*data*, a saved workbook, with every time in it set to *moment*.

    openpyxl stamps the time of saving into the workbook's properties and
    its archive: set to one moment, the same workbook is the same bytes
    whenever it is made, and the shipped file changes only with its content.
    """
    saved = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    stamp = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            member = source.read(info)
            if info.filename == "docProps/core.xml":
                member = stamp.sub(rb"\g<1>" + saved.encode() + rb"\g<2>", member)
            info.date_time = moment.timetuple()[:6]
            target.writestr(info, member)
    return out.getvalue()


def example_tables() -> dict[Path, str]:
    """The text each example file should hold, by path."""
    plan = rotherham_2019_20()
    wide = io.StringIO()
    write_wide_csv(plan, wide, report_period=REPORT_PERIOD)
    long = io.StringIO()
    write_long_csv(plan, long)
    return {WIDE_EXAMPLE: wide.getvalue(), LONG_EXAMPLE: long.getvalue()}


def write_sheet_examples() -> None:
    """Rewrite every example file."""
    for path, text in example_tables().items():
        path.write_text(text, encoding="utf-8", newline="")
    COUNCIL_STYLE.write_bytes(council_style_workbook())


# The JSON Schemas and conformance vectors are package data of ``_json``.
_JSON_DATA = Path(__file__).parent / "_json"

#: The bundled example plan in JSON, beside the code that builds it.
EXAMPLE_FILE = _EXAMPLES / "rotherham-2019-20.json"


def main() -> None:
    """Rewrite every generated file."""
    for fmt, name in SCHEMA_FILES.items():
        path = _JSON_DATA / "schemas" / name
        path.write_text(schema_text(build_schema(fmt)), encoding="utf-8")
    (_JSON_DATA / CONFORMANCE_FILE).write_text(
        conformance_text(build_conformance()), encoding="utf-8"
    )
    EXAMPLE_FILE.write_text(plan_to_json(rotherham_2019_20()), encoding="utf-8")
    write_sheet_examples()


if __name__ == "__main__":  # pragma: no cover
    main()
