"""Tests for a council's wide table (one row per measure) from CSV and .xlsx."""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pytest
from hypothesis import given

from perfmeasures import (
    AnnualTarget,
    FixedTarget,
    Frequency,
    InvalidValueError,
    LoadError,
    Measure,
    Month,
    Plan,
    Polarity,
    Problem,
    Quarter,
    RelativeTarget,
    Target,
    UnitKind,
    Value,
    Year,
)
from perfmeasures import strategies as pst
from perfmeasures.examples import REPORT_PERIOD, rotherham_2019_20
from perfmeasures.io import (
    ColumnMap,
    MissingExtraError,
    WideMapping,
    read_wide_csv,
    read_wide_xlsx,
    write_wide_csv,
    write_wide_xlsx,
)
from perfmeasures.io._generate import WIDE_EXAMPLE, example_tables
from perfmeasures.io._tables._wide_write import period_heading
from tests.conftest import heavy

SEED = rotherham_2019_20()
TARGET_YEAR = Year(2019)


def target_carried(target: Target | None) -> object:
    """What a target cell carries: all but a profile and a basis."""
    if isinstance(target, AnnualTarget):
        return ("annual", target.value, target.floor)
    if isinstance(target, RelativeTarget):
        return ("relative", target.baseline, target.change, target.change_kind)
    return target


def carried(measure: Measure) -> dict[str, Any]:
    """Every field of *measure* a wide table carries (see perfmeasures.io._tables._wide_read)."""
    return {
        "ref": measure.ref,
        "title": measure.title,
        "polarity": measure.polarity,
        "frequency": measure.frequency,
        "percentage": measure.unit.kind is UnitKind.PERCENTAGE,
        "priority": measure.priority,
        "outcome": measure.outcome,
        "action": measure.action,
        "lead_accountability": measure.lead_accountability,
        "lead_officer": measure.lead_officer,
        "values": measure.values,
        "target": target_carried(measure.targets.get(TARGET_YEAR)),
        "published": measure.published.get(REPORT_PERIOD),
        "note": measure.notes.get(REPORT_PERIOD),
        "parts": [(p.ref, p.values) for p in measure.components if p.values],
    }


def csv_bytes(plan: Plan) -> bytes:
    """*plan* written as a wide CSV table, whatever it cannot carry."""
    buffer = io.BytesIO()
    write_wide_csv(plan, buffer, lossy=True)
    return buffer.getvalue()


def xlsx_bytes(plan: Plan) -> bytes:
    """*plan* written as a wide .xlsx table, whatever it cannot carry."""
    buffer = io.BytesIO()
    write_wide_xlsx(plan, buffer, lossy=True)
    return buffer.getvalue()


def header_of(rows: list[list[Any]]) -> int:
    """The index of the header row among *rows* (below the front matter)."""
    return next(
        i
        for i, row in enumerate(rows)
        if len(row) > 2 and row[0] == "Priority" and row[2]
    )


def workbook(rows: list[list[object]], *, title: str = "Measures") -> bytes:
    """A one-sheet workbook holding *rows*, as an analyst's Excel would save it."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class TestSeed:
    """The bundled wide table is the bundled plan, as far as a table can say."""

    def test_example_in_sync(self) -> None:
        """The shipped wide CSV is what the bundled plan writes."""
        assert example_tables()[WIDE_EXAMPLE] == WIDE_EXAMPLE.read_text("utf-8")

    @pytest.mark.parametrize("ref", [m.ref for m in SEED.measures])
    def test_import_carries_the_plan(self, ref: str) -> None:
        """Importing the seed table gives each measure's carried fields, value by value."""
        plan = read_wide_csv(WIDE_EXAMPLE)
        assert carried(SEED.measure(ref)) == carried(plan.measure(ref))

    def test_import_xlsx(self) -> None:
        """The same table as a workbook gives the same plan as the CSV."""
        from_csv = read_wide_csv(WIDE_EXAMPLE, title="t")
        from_xlsx = read_wide_xlsx(io.BytesIO(xlsx_bytes(SEED)), title="t")
        assert from_csv == from_xlsx

    def test_defaults(self) -> None:
        """The title comes from the Title row; report period is the latest quarter."""
        plan = read_wide_csv(WIDE_EXAMPLE)
        assert ("Council Plan 2019/20", [Quarter(Year(2019), 1)]) == (
            plan.title,
            list(plan.measure("1.A2").published),
        )

    def test_whole_plan_carried(self) -> None:
        """The seed's wide table reads back as the very plan it was written from."""
        assert SEED == read_wide_csv(WIDE_EXAMPLE)

    def test_profile_is_carried(self) -> None:
        """An annual target's quarterly profile survives the table."""
        plan = read_wide_csv(WIDE_EXAMPLE)
        assert (
            SEED.measure("2.B7").targets[TARGET_YEAR]
            == (plan.measure("2.B7").targets[TARGET_YEAR])
        )


SEED_LIKE = """\
Council Plan Quarter 1 Performance Report,,,,,,,,,,
,,,,,Annual,Quarterly,,,Monthly,
Ref No.,Measure,Good performance,Frequency of reporting,Roll-up,Target,\
Year end 2018/19,Q4 Jan- March 19,Q2 Jul - Sep 2018,Q1 Apr - June 2019,Apr-19,\
Data notes (what is being done)
2.B7,Admissions,Low,Monthly,Total,280 (Cumulative target),303,305 (Cumulative),\
145 (Cumulative),81,39,Fewer admissions.
2.B8,People supported,Low,Monthly,Snapshot,900,933,933,975,931,"1,288",
3.A4(b),Compliance,High,Quarterly,None,85% (Vehicles and drivers),75%,76% (Vehicles),\
79% (vehicles) (Cumulative: 64%),a) 73% (Vehicles) b) 77% (Drivers),,
3.B4,Missed bins,Low,Quarterly,,50,69.51,Q4 146.09 Overall YTD - 69.51,\
Q2 44.27 Overall YTD - 43.64,113 Overall YTD - 113,,
1.A8,Family placements,High,Monthly,,85.0%,82.3%,82.3%,82.3%,81.7%,Not Available,
"""


class TestPublishedForms:
    """A table typed the way the seed report prints its cells."""

    def test_reads(self) -> None:
        """Title rows are skipped, seed headings and cells read exactly."""
        plan = read_wide_csv(io.StringIO(SEED_LIKE))
        q4, q2, q1 = Quarter(Year(2018), 4), Quarter(Year(2018), 2), REPORT_PERIOD
        compliance = plan.measure("3.A4(b)")
        assert (
            {
                Year(2018): Value.of(303),
                q4: Value.cumulative(305),
                q2: Value.cumulative(145),
                q1: Value.of(81),
                Month(2019, 4): Value.of(39),
            },
            Value.of(1288),
            {Year(2018): Value.of(75)},
            [
                (
                    "3.A4(b) vehicles",
                    {
                        q4: Value.of(76),
                        q2: Value(amount=79, year_to_date=64),
                        q1: Value.of(73),
                    },
                ),
                ("3.A4(b) Drivers", {q1: Value.of(77)}),
            ],
            Value(amount="146.09", year_to_date="69.51"),
            Value.not_available(),
            {q1: "Fewer admissions."},
            AnnualTarget(value=280),
        ) == (
            dict(plan.measure("2.B7").values),
            plan.measure("2.B8").values[Month(2019, 4)],
            dict(compliance.values),
            [(p.ref, dict(p.values)) for p in compliance.components],
            plan.measure("3.B4").values[q4],
            plan.measure("1.A8").values[Month(2019, 4)],
            dict(plan.measure("2.B7").notes),
            plan.measure("2.B7").targets[Year(2019)],
        )

    def test_units(self) -> None:
        """A figure written with % makes a percentage measure; others are counts."""
        plan = read_wide_csv(io.StringIO(SEED_LIKE))
        kinds = [m.unit.kind for m in plan.measures]
        percent, count = UnitKind.PERCENTAGE, UnitKind.COUNT
        assert [count, count, percent, count, percent] == kinds


class TestMapping:
    """Another council's headings, through a custom mapping."""

    TABLE = (
        "PI code,Indicator,Polarity,Notes,RAG symbol,2019/20\n"
        "A1,Homes,higher is better,New builds,*,12\n"
    )

    def test_custom_headings(self) -> None:
        """A mapping with the council's own headings reads its table."""
        mapping = WideMapping(
            ref=ColumnMap("PI code"), notes=None, ignore=("RAG symbol", "Notes")
        )
        plan = read_wide_csv(io.StringIO(self.TABLE), mapping=mapping)
        measure = plan.measure("A1")
        assert ("Homes", Polarity.HIGHER_IS_BETTER, {Year(2019): Value.of(12)}) == (
            measure.title,
            measure.polarity,
            dict(measure.values),
        )

    def test_written_headings(self) -> None:
        """A custom mapping's headings are the ones written, and read back."""
        mapping = WideMapping(title=ColumnMap("Indicator"), notes=None)
        buffer = io.StringIO()
        write_wide_csv(SEED, buffer, mapping=mapping, lossy=True)
        rows = list(csv.reader(io.StringIO(buffer.getvalue())))
        header = rows[header_of(rows)]
        plan = read_wide_csv(io.StringIO(buffer.getvalue()), mapping=mapping)
        assert ("Indicator", "Jun-19", [m.title for m in SEED.measures]) == (
            header[5],
            header[-1],
            [m.title for m in plan.measures],
        )

    def test_clashing_headings(self) -> None:
        """Two fields may not claim one heading."""
        with pytest.raises(ValueError, match="'title' must be a heading not already"):
            WideMapping(title=ColumnMap("Reference"))

    @pytest.mark.parametrize(
        ("heading", "field"),
        [
            ("Lead Accountability (Strategic Director)", "lead_accountability"),
            ("REF NO", "ref"),
            ("Data notes (where the target was missed, say why)", "notes"),
            ("Direction of travel", "direction"),
            ("Frequency:", "frequency"),
        ],
    )
    def test_aliases(self, heading: str, field: str) -> None:
        """Case, remarks in brackets and trailing punctuation do not matter."""
        assert field == WideMapping().field_for(heading)


class TestColumnMap:
    """Column maps check their headings."""

    @pytest.mark.parametrize(
        ("make", "message"),
        [
            (lambda: ColumnMap(""), "'heading' must be a non-blank heading (got '')"),
            (
                lambda: ColumnMap("Ref", "Reference"),
                "'aliases' must be a sequence of headings (got 'Reference')",
            ),
            (
                lambda: ColumnMap("Ref", (" ",)),
                "'aliases' must be non-blank headings (got (' ',))",
            ),
        ],
    )
    def test_bad(self, make: Callable[[], ColumnMap], message: str) -> None:
        """A blank heading, or aliases that are not headings, are refused."""
        with pytest.raises(InvalidValueError) as caught:
            make()
        assert message == str(caught.value)


class TestPeriodHeadings:
    """Headings written for period columns."""

    @pytest.mark.parametrize(
        ("period", "heading"),
        [
            (Year(2018), "Year end 2018/19"),
            (Year(2018, 9), "Year end 2018/19 (Sep-Aug)"),
            (Year(2018, 1), "2018"),
            (Quarter(Year(2019), 1), "Q1 Apr - Jun 2019"),
            (Quarter(Year(2019, 1), 1), "Q1 2019"),
            (Month(2019, 4), "Apr-19"),
            (Month(1960, 4), "Apr 1960"),
        ],
    )
    def test_headings(self, period: Year | Quarter | Month, heading: str) -> None:
        """Seed-style where it is unambiguous, canonical labels otherwise."""
        assert heading == period_heading(period)


class TestXlsx:
    """Workbooks as Excel saves them."""

    def test_percent_format_and_dates(self) -> None:
        """A percentage-formatted 0.817 reads as 81.7%; a date heading as its month."""
        data = workbook(
            [
                ["Ref No.", "Measure", "Good performance", dt.date(2019, 4, 1)],
                ["1.A8", "Family placements", "High", 0.817],
            ]
        )
        book = openpyxl.load_workbook(io.BytesIO(data))
        sheet = book.active
        assert sheet is not None
        sheet["D2"].number_format = "0.0%"
        buffer = io.BytesIO()
        book.save(buffer)
        measure = read_wide_xlsx(io.BytesIO(buffer.getvalue())).measure("1.A8")
        assert (UnitKind.PERCENTAGE, {Month(2019, 4): Value.of("81.7")}) == (
            measure.unit.kind,
            dict(measure.values),
        )

    def test_formulas_not_evaluated(self) -> None:
        """A formula cell is never run here: with no saved value, it is refused."""
        data = workbook(
            [
                ["Ref No.", "Measure", "Good performance", "2019/20"],
                ["A1", "Homes", "High", "=1+1"],
            ]
        )
        with pytest.raises(LoadError, match=r"cell D2\): is a formula whose value"):
            read_wide_xlsx(io.BytesIO(data))

    def test_path(self, tmp_path: Path) -> None:
        """A workbook written to a path reads back from it."""
        path = tmp_path / "plan.xlsx"
        write_wide_xlsx(SEED, path)
        assert read_wide_csv(WIDE_EXAMPLE, title="t") == read_wide_xlsx(path, title="t")

    def test_control_characters(self) -> None:
        """Text a workbook cannot store is refused before anything is written."""
        # A measure refuses such a title itself; the writer's own check is the
        # defence for one built with validators off.
        with attrs.validators.disabled():
            bell = Measure(ref="A", title="bell\x07", polarity=Polarity.NEUTRAL)
        plan = Plan(title="t", measures=[bell])
        with pytest.raises(InvalidValueError) as caught:
            write_wide_xlsx(plan, io.BytesIO())
        assert (
            "'measure A, Measure' must be text of at most 32,767 characters without "
            "NUL, control characters other than tab, line feed and carriage return, "
            "U+FFFE, U+FFFF or lone surrogates (a workbook cannot store them) "
            "(got 'bell\\x07')"
        ) == str(caught.value)

    def test_named_sheet(self) -> None:
        """A sheet is chosen by name."""
        data = workbook(
            [["Ref No.", "Measure", "Good performance"], ["A1", "Homes", "High"]],
            title="KPIs",
        )
        plan = read_wide_xlsx(io.BytesIO(data), sheet="KPIs")
        assert ["A1"] == [m.ref for m in plan.measures]

    def test_numbers_stay_numbers(self) -> None:
        """Plain figures are numeric cells; percentages are formatted fractions."""
        sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(SEED))).active
        assert sheet is not None
        rows = [list(r) for r in sheet.iter_rows()]
        at = header_of([[c.value for c in r] for r in rows])
        header = [c.value for c in rows[at]]
        row = rows[at + 2]
        q1 = header.index("Q1 Apr - Jun 2019")
        assert ("n", 0.101, "0.0%") == (
            row[q1].data_type,
            row[q1].value,
            row[q1].number_format,
        )

    def test_without_openpyxl(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without the excel extra, the error says how to install it."""
        monkeypatch.setitem(sys.modules, "openpyxl", None)
        with pytest.raises(MissingExtraError) as caught:
            read_wide_xlsx(io.BytesIO(b"PK"))
        assert (
            "reading and writing .xlsx files needs the optional 'excel' "
            "dependencies: pip install 'perfmeasures[excel]'"
        ) == str(caught.value)


def _values(plan: Plan) -> list[object]:
    """Each measure's figures and its parts', as a wide table names the parts."""
    found: list[object] = []
    for measure in plan.measures:
        parts = []
        for part in measure.components:
            label = part.ref.removeprefix(f"{measure.ref} ")
            if part.values:
                parts.append((f"{measure.ref} {label}", part.values))
        found.append((measure.ref, measure.values, parts))
    return found


class TestRoundTrip:
    """Export then import gives back every figure."""

    @heavy()
    @given(pst.plans())
    def test_xlsx_values(self, plan: Plan) -> None:
        """read_wide_xlsx(write_wide_xlsx(plan)) has plan's figures, part by part."""
        back = read_wide_xlsx(io.BytesIO(xlsx_bytes(plan)))
        assert _values(plan) == _values(back)

    @heavy()
    @given(pst.plans())
    def test_csv_values(self, plan: Plan) -> None:
        """read_wide_csv(write_wide_csv(plan)) has plan's figures, part by part."""
        back = read_wide_csv(io.BytesIO(csv_bytes(plan)))
        assert _values(plan) == _values(back)

    @heavy()
    @given(pst.plans())
    def test_csv_text(self, plan: Plan) -> None:
        """Titles and other text come back exactly, formula characters and all."""
        back = read_wide_csv(io.BytesIO(csv_bytes(plan)))
        fields = ("ref", "title", "polarity", "frequency", "priority", "outcome")
        assert [[getattr(m, f) for f in fields] for m in plan.measures] == [
            [getattr(m, f) for f in fields] for m in back.measures
        ]


HEAD = "Ref No.,Measure,Good performance,Q1 2019/20\n"
ROW = "1.A1,Homes,High,12\n"
EXPECTED_HEADING = (
    'expected a known heading ("Priority", "Outcome", '
    '"Lead Accountability (Strategic Director)", "Ref No.", "Action", '
    '"Measure", "Lead officer", "Good performance", "Unit", '
    '"Frequency of reporting", "Aggregation", "Compare with", "Year starts", '
    '"Data only", "Under development", "Target", "Overall status", "DOT", '
    '"Benchmarks", '
    '"Parts", "Override", "Rules", "Data notes"), a period label such as '
    "'Q1 2019/20', one of those headings followed by a period label (such as "
    "'Target 2020/21'), or a heading listed in WideMapping.ignore (got 'Colour')"
)


def _truncated_xlsx() -> bytes:
    data = xlsx_bytes(SEED)
    return data[: len(data) // 2]


def _bomb() -> bytes:
    """A workbook that unpacks to far more than 16 times its size, the same each time.

    Built by hand, with fixed times on its members: a workbook saved by
    openpyxl carries the time it was saved, which moved its size by a byte
    from one build to the next, so that the size limit (and not the
    unpacked size) sometimes refused it first.
    """
    cell = '<c t="inlineStr"><is><t>' + "x" * 1000 + "</t></is></c>"
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
        'main"><sheetData>' + f"<row>{cell}</row>" * 400 + "</sheetData></worksheet>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in (
            ("[Content_Types].xml", "<Types/>"),
            ("xl/sheet.xml", sheet),
        ):
            member = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(member, text)
    return buffer.getvalue()


_BOMB = _bomb()


# Each case: how to read, the input, keyword arguments, and one problem the
# error must hold (its location and message).
BAD: list[tuple[str, Callable[..., Plan], bytes, dict[str, Any], Problem]] = [
    (
        "empty",
        read_wide_csv,
        b"",
        {},
        Problem("file", "is empty; expected a header row and data rows"),
    ),
    (
        "blank",
        read_wide_csv,
        b" \n\n",
        {},
        Problem("file", "holds only blank space; expected a header row"),
    ),
    (
        "not utf-8",
        read_wide_csv,
        HEAD.encode() + b"1.A1,Homes \xa3,High,12\n",
        {},
        Problem(
            "byte 55",
            "is not valid utf-8 (got byte 0xa3); expected utf-8 text: save the "
            "sheet as 'CSV UTF-8' (or, reading in Python, pass the file's "
            "encoding, such as encoding='cp1252')",
        ),
    ),
    (
        "unterminated quote",
        read_wide_csv,
        (HEAD + '1.A1,"Homes').encode(),
        {},
        Problem(
            "line 2",
            "is not well-formed CSV (unexpected end of data); expected every "
            "quoted cell to be closed (is the file truncated?)",
        ),
    ),
    (
        "truncated row",
        read_wide_csv,
        (HEAD + ROW + "1.A2,Flats").encode(),
        {},
        Problem(
            "row 3",
            "has 2 cells but the header row has 4; expected a cell under every "
            "heading (is the file truncated?)",
        ),
    ),
    (
        "too large",
        read_wide_csv,
        (HEAD + ROW).encode(),
        {"max_bytes": 40},
        Problem(
            "file",
            "is larger than 40 bytes, far larger than a plan could be; expected "
            "a smaller file (or pass a larger max_bytes / --max-bytes)",
        ),
    ),
    (
        "enormous cell",
        read_wide_csv,
        (HEAD + '1.A1,"' + "x" * 200_000 + '",High,12\n').encode(),
        {},
        Problem(
            "line 2",
            "is not well-formed CSV (field larger than field limit (131072)); "
            "expected cells of at most 131,072 characters",
        ),
    ),
    (
        "NUL byte",
        read_wide_csv,
        (HEAD + "1.A1,Ho\x00mes,High,12\n").encode(),
        {},
        Problem("line 2", "contains a NUL character; expected CSV text"),
    ),
    (
        "workbook as CSV",
        read_wide_csv,
        xlsx_bytes(SEED),
        {},
        Problem(
            "file",
            "is a zip archive (an .xlsx workbook?), not CSV text; expected a CSV "
            "file, or use the .xlsx reader",
        ),
    ),
    (
        "no header",
        read_wide_csv,
        b"a,b\n1,2\n",
        {},
        Problem(
            "rows 1 to 2",
            'hold no header row; expected a row with a "Ref No." heading, such '
            "as the seed table's",
        ),
    ),
    (
        "missing polarity column",
        read_wide_csv,
        b"Ref No.,Measure\n1.A1,Homes\n",
        {},
        Problem(
            "row 1",
            'has no "Good performance" column; expected one headed '
            "'Good performance' or 'Polarity' or 'Good is' or 'Better is' or "
            "'Good performance is'",
        ),
    ),
    (
        "unknown heading",
        read_wide_csv,
        (HEAD.strip() + ",Colour\n" + ROW.strip() + ",red\n").encode(),
        {},
        Problem('row 1, column "Colour"', EXPECTED_HEADING),
    ),
    (
        "duplicate period",
        read_wide_csv,
        (HEAD.strip() + ",Q1 Apr - Jun 2019\n" + ROW.strip() + ",13\n").encode(),
        {},
        Problem(
            'row 1, column "Q1 Apr - Jun 2019"',
            'names the same period (Q1 2019/20) as column "Q1 2019/20"; expected '
            "each period once",
        ),
    ),
    (
        "duplicate field",
        read_wide_csv,
        (HEAD.strip() + ",Title\n" + ROW.strip() + ",Flats\n").encode(),
        {},
        Problem(
            'row 1, column "Title"',
            'repeats the title column "Measure"; expected it once',
        ),
    ),
    (
        "unparsable cell",
        read_wide_csv,
        (HEAD + "1.A1,Homes,High,twelve\n").encode(),
        {},
        Problem(
            'row 2, column "Q1 2019/20"',
            "expected a figure such as 94.8, 81.7%, 1,288, 145 (Cumulative) or "
            "79% (vehicles) (Cumulative: 64%), or Not Available (got 'twelve')",
        ),
    ),
    (
        "percentage over 100",
        read_wide_csv,
        (HEAD + "1.A1,Homes,High,150%\n").encode(),
        {},
        Problem(
            'row 2, column "Q1 2019/20"',
            "expected a percentage from 0 to 100 (got '150%')",
        ),
    ),
    (
        "unknown polarity",
        read_wide_csv,
        (HEAD + "1.A1,Homes,Sideways,12\n").encode(),
        {},
        Problem(
            'row 2, column "Good performance"',
            "expected one of High, Low, Closest to target, Neutral (got 'Sideways')",
        ),
    ),
    (
        "duplicate reference",
        read_wide_csv,
        (HEAD + ROW + ROW).encode(),
        {},
        Problem(
            'row 3, column "Ref No."',
            "expected a reference not already used on row 2 (got '1.A1')",
        ),
    ),
    (
        "blank reference",
        read_wide_csv,
        (HEAD + ",Homes,High,12\n").encode(),
        {},
        Problem(
            'row 2, column "Ref No."', "expected a reference such as 1.A2 (got '')"
        ),
    ),
    (
        "bad target",
        read_wide_csv,
        b"Ref No.,Measure,Good performance,Target,2019/20\n1.A1,Homes,High,lots,4\n",
        {},
        Problem(
            'row 2, column "Target"',
            "expected a target such as 90, 85%, 280 (annual target), 90 (floor: "
            "80), 97 (profile to date: 29, 56, 83, 97), 280 (annual target) "
            "(each period), 5 to 10, < 5, ≤ 10%, at least 95 or 10% reduction "
            "on 2018/19 (got 'lots')",
        ),
    ),
    (
        "figures under no heading",
        read_wide_csv,
        (HEAD.strip() + ",\n" + ROW.strip() + ",7\n").encode(),
        {},
        Problem(
            "row 1, column 5",
            "has no heading but holds figures below; expected a heading",
        ),
    ),
    (
        "cells beyond the header",
        read_wide_csv,
        (HEAD + ROW.strip() + ",7\n").encode(),
        {},
        Problem(
            "row 2",
            "has 5 cells but the header row has 4; expected no figures beyond "
            "the last heading",
        ),
    ),
    (
        "blank title",
        read_wide_csv,
        (HEAD + "1.A1, ,High,12\n").encode(),
        {},
        Problem('row 2, column "Measure"', "expected the measure's title (got '')"),
    ),
    (
        "blank polarity",
        read_wide_csv,
        (HEAD + "1.A1,Homes,,12\n").encode(),
        {},
        Problem(
            'row 2, column "Good performance"', "expected High, Low or Neutral (got '')"
        ),
    ),
    (
        "date for a figure",
        read_wide_xlsx,
        workbook(
            [
                ["Ref No.", "Measure", "Good performance", "Apr-19"],
                ["A", "x", "High", dt.date(2019, 4, 15)],
            ]
        ),
        {},
        Problem(
            'row 2, column "Apr-19"',
            "expected a figure such as 94.8, 81.7%, 1,288, 145 (Cumulative) or "
            "79% (vehicles) (Cumulative: 64%), or Not Available (got '2019-04-15')",
        ),
    ),
    (
        "unknown encoding",
        read_wide_csv,
        (HEAD + ROW).encode(),
        {"encoding": "klingon"},
        Problem("encoding", "expected a known text encoding (got 'klingon')"),
    ),
    (
        "truncated workbook",
        read_wide_xlsx,
        _truncated_xlsx(),
        {},
        Problem(
            "file",
            "is not a readable .xlsx workbook (it may be truncated, or be CSV or "
            "an old .xls file); expected an Excel .xlsx file",
        ),
    ),
    (
        "CSV as workbook",
        read_wide_xlsx,
        (HEAD + ROW).encode(),
        {},
        Problem(
            "file",
            "is not a readable .xlsx workbook (it may be truncated, or be CSV or "
            "an old .xls file); expected an Excel .xlsx file",
        ),
    ),
    (
        "missing sheet",
        read_wide_xlsx,
        xlsx_bytes(SEED),
        {"sheet": "Nope"},
        Problem("sheet 'Nope'", "does not exist; expected one of 'Measures'"),
    ),
    (
        "empty sheet",
        read_wide_xlsx,
        workbook([]),
        {},
        Problem("file", "has an empty sheet; expected a header row"),
    ),
    (
        "zip bomb",
        read_wide_xlsx,
        _BOMB,
        {"max_bytes": len(_BOMB)},
        Problem(
            "file",
            f"unpacks to more than {16 * len(_BOMB):,} bytes (16 times max_bytes); "
            "expected a smaller workbook (or pass a larger max_bytes / --max-bytes)",
        ),
    ),
    (
        "bad cell in a workbook",
        read_wide_xlsx,
        workbook(
            [
                ["Ref No.", "Measure", "Good performance", "Apr-19"],
                ["A", "x", "High", True],
            ]
        ),
        {},
        Problem(
            'row 2, column "Apr-19"',
            "expected a figure such as 94.8, 81.7%, 1,288, 145 (Cumulative) or "
            "79% (vehicles) (Cumulative: 64%), or Not Available (got 'TRUE')",
        ),
    ),
]


class TestBadInput:
    """Malformed tables: every problem, located and explained, nothing loaded."""

    @pytest.mark.parametrize(
        ("read", "data", "options", "problem"),
        [case[1:] for case in BAD],
        ids=[case[0] for case in BAD],
    )
    def test_table(
        self,
        read: Callable[..., Plan],
        data: bytes,
        options: dict[str, Any],
        problem: Problem,
    ) -> None:
        """The load fails with a LoadError holding the problem, located."""
        with pytest.raises(LoadError) as caught:
            read(io.BytesIO(data), **options)
        assert problem in caught.value.problems

    def test_missing_file(self, tmp_path: Path) -> None:
        """A path that cannot be opened is a load error naming it."""
        path = tmp_path / "nothing.csv"
        with pytest.raises(LoadError) as caught:
            read_wide_csv(path)
        assert (
            str(path),
            [Problem("file", "cannot be read (No such file or directory)")],
        ) == (caught.value.source, list(caught.value.problems))

    def test_workbook_opened_as_text(self) -> None:
        """A workbook must be read from a binary file."""
        with pytest.raises(LoadError) as caught:
            read_wide_xlsx(io.StringIO("Ref No.,Measure"))
        assert [Problem("file", "was opened as text; expected a binary file")] == list(
            caught.value.problems
        )

    @pytest.mark.parametrize(
        ("options", "message"),
        [
            (
                {"target_year": "Q1 2019/20"},
                "'target_year' must be a year such as 2019/20 (got 'Q1 2019/20')",
            ),
            (
                {"year_start_month": 13},
                "'year_start_month' must be a month number from 1 to 12 (got 13)",
            ),
        ],
    )
    def test_bad_options(self, options: dict[str, Any], message: str) -> None:
        """Options a program passes are checked, naming the option."""
        with pytest.raises(InvalidValueError) as caught:
            read_wide_csv(io.StringIO(HEAD + ROW), **options)
        assert message == str(caught.value)

    def test_every_problem(self) -> None:
        """All problems of a table are reported together, in order."""
        text = HEAD + "1.A1,Homes,Up,x\n,Flats,Low,3\n1.A1,Shops,High,4\n"
        with pytest.raises(LoadError) as caught:
            read_wide_csv(io.StringIO(text))
        assert [
            'row 2, column "Good performance"',
            'row 2, column "Q1 2019/20"',
            'row 3, column "Ref No."',
        ] == [p.location for p in caught.value.problems]

    def test_encoding(self) -> None:
        """A table saved by Excel in Windows-1252 reads with its encoding named."""
        data = HEAD.encode() + "1.A1,Spend £,High,12\n".encode("cp1252")
        plan = read_wide_csv(io.BytesIO(data), encoding="cp1252")
        assert "Spend £" == plan.measure("1.A1").title

    def test_defaults_applied(self) -> None:
        """Unit defaults, and frequency follows the figures, when not said."""
        measure = read_wide_csv(io.StringIO(HEAD + ROW)).measure("1.A1")
        assert (Frequency.QUARTERLY, UnitKind.COUNT, {}) == (
            measure.frequency,
            measure.unit.kind,
            dict(measure.targets),
        )

    @pytest.mark.parametrize(
        ("columns", "cells", "frequency"),
        [
            ("Apr-19,Q1 2019/20", "1,2", Frequency.MONTHLY),
            ("Q1 2019/20,Q2 2019/20", "1,2", Frequency.QUARTERLY),
            ("2018/19,2019/20", "1,2", Frequency.ANNUAL),
            ("Apr-19,Q1 2019/20", ",2", Frequency.QUARTERLY),
            ("Q1 2019/20,Q2 2019/20", ",", Frequency.MONTHLY),
        ],
    )
    def test_frequency_from_the_figures(
        self, columns: str, cells: str, frequency: Frequency
    ) -> None:
        """Without a Frequency column, a row's shortest figures say it.

        A row of quarterly figures was read as monthly, and so charted and
        reported as monthly, without a word.
        """
        text = f"Ref No.,Measure,Good performance,{columns}\nA,x,High,{cells}\n"
        assert frequency == read_wide_csv(io.StringIO(text)).measure("A").frequency

    def test_report_period(self) -> None:
        """Status, direction and notes are keyed to the report period asked for."""
        text = "Ref No.,Measure,Good performance,DOT,Apr-19,May-19\nA,x,High,Improving,1,2\n"
        plan = read_wide_csv(io.StringIO(text), report_period="Apr 2019")
        assert [Month(2019, 4)] == list(plan.measure("A").published)

    def test_spreadsheet_leftovers(self) -> None:
        """Blank rows and empty trailing columns, as Excel leaves them, are skipped."""
        text = HEAD.strip() + ",,\n,,,,,\n" + ROW.strip() + ",,\n"
        assert read_wide_csv(io.StringIO(HEAD + ROW), title="t") == read_wide_csv(
            io.StringIO(text), title="t"
        )

    def test_target_year(self) -> None:
        """The target column is keyed to the target year asked for."""
        text = "Ref No.,Measure,Good performance,Target\nA,x,High,90\n"
        plan = read_wide_csv(io.StringIO(text), target_year="2020/21")
        assert {Year(2020): FixedTarget(90)} == dict(plan.measure("A").targets)

    def test_target_without_year(self) -> None:
        """A target with no year to key it to is a located problem."""
        text = "Ref No.,Measure,Good performance,Target\nA,x,High,90\n"
        with pytest.raises(LoadError) as caught:
            read_wide_csv(io.StringIO(text))
        assert [
            Problem(
                'row 2, column "Target"',
                "expected a target_year to key it to (got '90')",
            )
        ] == list(caught.value.problems)


def test_decimal_precision() -> None:
    """Figures keep every published digit through a workbook."""
    plan = Plan(
        title="t",
        measures=[
            Measure(
                ref="A",
                title="x",
                polarity=Polarity.HIGHER_IS_BETTER,
                values={"Q1 2019/20": Decimal("46.92")},
            )
        ],
    )
    back = read_wide_xlsx(io.BytesIO(xlsx_bytes(plan)))
    assert Decimal("46.92") == back.measure("A").values[REPORT_PERIOD].amount
