"""Tests for the tidy long format: one fact per row, and back to the same plan."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from hypothesis import given

from perfmeasures import (
    InvalidValueError,
    LoadError,
    Measure,
    Plan,
    Polarity,
    Problem,
    Value,
    Year,
    registered_schemes,
)
from perfmeasures import strategies as pst
from perfmeasures.examples import rotherham_2019_20
from perfmeasures.io import (
    read_long_csv,
    read_long_xlsx,
    write_long_csv,
    write_long_xlsx,
)
from perfmeasures.io._generate import LONG_EXAMPLE, example_tables
from perfmeasures.io._tables._long import COLUMNS as LONG_COLUMNS
from tests.conftest import heavy

SEED = rotherham_2019_20()


def long_text(plan: Plan) -> str:
    """*plan* in the long format, as CSV text."""
    buffer = io.StringIO()
    write_long_csv(plan, buffer)
    return buffer.getvalue()


def long_xlsx(plan: Plan) -> bytes:
    """*plan* in the long format, as a workbook."""
    buffer = io.BytesIO()
    write_long_xlsx(plan, buffer)
    return buffer.getvalue()


class TestRoundTrip:
    """read(write(plan)) == plan."""

    def test_seed_csv(self) -> None:
        """The bundled plan comes back whole from CSV."""
        assert SEED == read_long_csv(io.StringIO(long_text(SEED)))

    def test_seed_xlsx(self) -> None:
        """The bundled plan comes back whole from a workbook."""
        assert SEED == read_long_xlsx(io.BytesIO(long_xlsx(SEED)))

    def test_example_in_sync(self) -> None:
        """The shipped long CSV is what the bundled plan writes, and reads back."""
        assert (example_tables()[LONG_EXAMPLE], SEED) == (
            LONG_EXAMPLE.read_text("utf-8"),
            read_long_csv(LONG_EXAMPLE),
        )

    @heavy()
    @given(pst.plans(start_month=None))
    def test_generated_csv(self, plan: Plan) -> None:
        """read_long_csv(write_long_csv(plan)) == plan."""
        assert plan == read_long_csv(io.BytesIO(long_text(plan).encode()))

    @heavy()
    @given(pst.plans(start_month=None))
    def test_generated_xlsx(self, plan: Plan) -> None:
        """read_long_xlsx(write_long_xlsx(plan)) == plan."""
        assert plan == read_long_xlsx(io.BytesIO(long_xlsx(plan)))


class TestShape:
    """The table is tidy: explicit columns, one fact per row."""

    def test_columns(self) -> None:
        """The header is the documented columns, in order."""
        header = next(csv.reader(io.StringIO(long_text(SEED))))
        assert list(LONG_COLUMNS) == header

    def test_observations(self) -> None:
        """A figure is one row with its period spelt out."""
        rows = list(csv.DictReader(io.StringIO(long_text(SEED))))
        found = [
            r
            for r in rows
            if (r["ref"], r["period"], r["field"]) == ("1.A2", "May 2019", "amount")
        ]
        assert [
            {
                "ref": "1.A2",
                "part": "",
                "period": "May 2019",
                "period_type": "month",
                "financial_year": "2019/20",
                "quarter": "1",
                "month": "5",
                "field": "amount",
                "value": "97.5",
            }
        ] == found

    def test_parts(self) -> None:
        """A part's rows name its parent in ref and itself in part."""
        rows = list(csv.DictReader(io.StringIO(long_text(SEED))))
        parts = {(r["ref"], r["part"]) for r in rows if r["part"]}
        assert {
            ("3.A4(b)", "3.A4(b) vehicles"),
            ("3.A4(b)", "3.A4(b) drivers"),
        } == parts

    def test_numbers_in_xlsx(self) -> None:
        """Figures are numeric cells in a workbook."""
        import openpyxl  # noqa: PLC0415 - the excel extra, as users import it.

        sheet = openpyxl.load_workbook(io.BytesIO(long_xlsx(SEED))).active
        assert sheet is not None
        found = [
            (row[5], row[6], row[8])
            for row in sheet.iter_rows(values_only=True)
            if (row[0], row[2], row[7]) == ("1.A2", "May 2019", "amount")
        ]
        assert [(1, 5, 97.5)] == found

    def test_references_kept_exactly(self) -> None:
        """References come back exactly, spaces and all."""
        part = Measure(ref=" part ", title="p", polarity=Polarity.NEUTRAL)
        plan = Plan(
            title="t",
            measures=[
                Measure(
                    ref=" a", title="a", polarity=Polarity.NEUTRAL, components=[part]
                )
            ],
        )
        assert plan == read_long_csv(io.StringIO(long_text(plan)))

    def test_long_decimals_in_xlsx(self) -> None:
        """A figure longer than a spreadsheet number holds is kept, as text."""
        figure = Decimal("0.12345678901234567891")
        plan = Plan(
            title="t",
            measures=[
                Measure(
                    ref="a",
                    title="a",
                    polarity=Polarity.NEUTRAL,
                    values={"2019/20": figure},
                )
            ],
        )
        back = read_long_xlsx(io.BytesIO(long_xlsx(plan)))
        assert figure == back.measure("a").values[Year(2019)].amount

    def test_nested_parts(self) -> None:
        """A part with parts of its own is refused, not flattened."""
        inner = Measure(ref="c", title="c", polarity=Polarity.NEUTRAL)
        part = Measure(
            ref="b", title="b", polarity=Polarity.NEUTRAL, components=[inner]
        )
        plan = Plan(
            title="t",
            measures=[
                Measure(
                    ref="a", title="a", polarity=Polarity.NEUTRAL, components=[part]
                )
            ],
        )
        with pytest.raises(InvalidValueError) as caught:
            write_long_csv(plan, io.StringIO())
        assert (
            "'a components' must be parts without parts of their own (the long "
            "format holds one level) (got 'b')"
        ) == str(caught.value)

    def test_blank_spelt_columns(self) -> None:
        """The spelt-out period columns may be left blank by hand."""
        rows = [
            "ref,part,period,period_type,financial_year,quarter,month,field,value",
            ",,,,,,,plan.title,Hand made",
            "A,,,,,,,title,Homes",
            "A,,,,,,,polarity,higher_is_better",
            "A,,Q1 2019/20,,,,,amount,40",
        ]
        plan = read_long_csv(io.StringIO("\n".join(rows)))
        assert {"Q1 2019/20": Value.of(40)} == {
            p.label: v for p, v in plan.measure("A").values.items()
        }


BASE = """\
ref,part,period,period_type,financial_year,quarter,month,field,value
,,,,,,,plan.title,Small plan
,,,,,,,plan.priorities.1.key,1
,,,,,,,plan.priorities.1.title,First
1.A1,,,,,,,title,Homes
1.A1,,,,,,,polarity,higher_is_better
1.A1,,,,,,,priority,1
1.A1,,Q1 2019/20,quarter,2019/20,1,,amount,40
1.A1,,2019/20,year,2019/20,,,target.type,annual
1.A1,,2019/20,year,2019/20,,,target.value,175
1.A1,1.A1 flats,,,,,,title,Flats
1.A1,1.A1 flats,,,,,,polarity,higher_is_better
1.A2,,,,,,,title,Share
1.A2,,,,,,,polarity,lower_is_better
1.A2,,,,,,,unit.kind,percentage
1.A2,,Q1 2019/20,quarter,2019/20,1,,amount,81.7
"""


def edited(old: str, new: str) -> str:
    """The base table with its first *old* replaced by *new*."""
    assert old in BASE
    return BASE.replace(old, new, 1)


def added(*lines: str) -> str:
    """The base table with *lines* added at the end."""
    return BASE + "".join(f"{line}\n" for line in lines)


_ENUM = "one of 'higher_is_better', 'lower_is_better', 'closest_to_target', 'neutral'"

BAD = [
    (
        "missing column",
        BASE.replace(",value\n", "\n", 1),
        Problem(
            "row 1",
            'has no "value" column; expected the columns ref, part, period, '
            "period_type, financial_year, quarter, month, field, value",
        ),
    ),
    (
        "unknown column",
        edited(",value\n", ",value,colour\n"),
        Problem(
            'row 1, column "colour"',
            "expected one of ref, part, period, period_type, financial_year, "
            "quarter, month, field, value (got 'colour')",
        ),
    ),
    (
        "unknown field",
        added("1.A1,,,,,,,colour,red"),
        Problem(
            'row 17, column "field"',
            "expected a field that measure '1.A1' has (got 'colour')",
        ),
    ),
    (
        "unknown plan field",
        added(",,,,,,,plan.colour,red"),
        Problem(
            'row 17, column "field"',
            "expected a field that the plan has (got 'plan.colour')",
        ),
    ),
    (
        "not a number",
        edited(",amount,40", ",amount,forty"),
        Problem(
            'row 8, column "value"', "expected a number such as 94.8 (got 'forty')"
        ),
    ),
    (
        "not a finite number",
        edited(",amount,40", ",amount,NaN"),
        Problem('row 8, column "value"', "expected a number such as 94.8 (got 'NaN')"),
    ),
    (
        "thousands separator",
        edited(",amount,40", ',amount,"1,288"'),
        Problem(
            'row 8, column "value"', "expected a number such as 94.8 (got '1,288')"
        ),
    ),
    (
        "unparsable period",
        edited("1.A1,,Q1 2019/20", "1.A1,,Q5 2019/20"),
        Problem(
            'row 8, column "period"',
            "expected a period label such as '2019/20', 'Q1 2019/20', 'Apr 2019', "
            "'Q1 Apr - June 2019', 'Apr-19' or '2019-04' (got 'Q5 2019/20')",
        ),
    ),
    (
        "repeated fact",
        added("1.A1,,Q1 2019/20,quarter,2019/20,1,,amount,41"),
        Problem(
            'row 17, column "field"',
            "repeats 'amount' (first on row 8); expected each fact once",
        ),
    ),
    (
        "missing title",
        edited("1.A2,,,,,,,title,Share\n", ""),
        Problem("row 13", "measure '1.A2' has no 'title' row; expected one"),
    ),
    (
        "unknown polarity",
        edited(",polarity,lower_is_better", ",polarity,down"),
        Problem('row 14, column "value"', f"expected {_ENUM} (got 'down')"),
    ),
    (
        "not a boolean",
        added("1.A2,,,,,,,data_only,yes"),
        Problem('row 17, column "value"', "expected true or false (got 'yes')"),
    ),
    (
        "wrong financial year",
        edited("quarter,2019/20,1,,amount,40", "quarter,2018/19,1,,amount,40"),
        Problem(
            'row 8, column "financial_year"',
            "expected '2019/20' for Q1 2019/20, or a blank (got '2018/19')",
        ),
    ),
    (
        "part without its measure",
        added("9.Z9,part,,,,,,title,Orphan", "9.Z9,part,,,,,,polarity,neutral"),
        Problem(
            'row 17, column "part"',
            "is a part of measure '9.Z9', which has no rows of its own; expected "
            "rows for '9.Z9'",
        ),
    ),
    (
        "unknown target type",
        edited("target.type,annual", "target.type,stretch"),
        Problem(
            'row 9, column "value"',
            "expected one of 'fixed', 'annual', 'relative', 'range', 'bound' (got 'stretch')",
        ),
    ),
    (
        "target without its figure",
        edited("1.A1,,2019/20,year,2019/20,,,target.value,175\n", ""),
        Problem(
            "row 9",
            "measure '1.A1' in 2019/20 has no 'target.value' row; expected one",
        ),
    ),
    (
        "stray priority",
        edited(",priority,1", ",priority,7"),
        Problem(
            'row 7, column "value"',
            "expected one of the plan's priorities (1) (got '7')",
        ),
    ),
    (
        "percentage over 100",
        edited(",amount,81.7", ",amount,181.7"),
        Problem(
            'row 16, column "value"',
            "expected a percentage from 0 to 100 (got '181.7')",
        ),
    ),
    (
        "rules not JSON",
        added(",,,,,,,plan.rules,{status"),
        Problem(
            'row 17, column "value", line 1, column 2',
            "expected valid JSON (Expecting property name enclosed in double quotes)",
        ),
    ),
    (
        "unknown status scheme",
        added(',,,,,,,plan.rules,"{""status"":{""type"":""lenient""}}"'),
        Problem(
            'row 17, column "value", $.status.type',
            "expected one of "
            + ", ".join(f'"{tag}"' for tag in registered_schemes())
            + ' (got "lenient")',
        ),
    ),
    (
        "figure for a blank reference",
        added(",,Q1 2019/20,,,,,amount,4"),
        Problem('row 17, column "ref"', "expected a reference for 'amount' (got '')"),
    ),
    (
        "not a whole number",
        added("1.A2,,,,,,,year_start_month,4.5"),
        Problem('row 17, column "value"', "expected a whole number (got '4.5')"),
    ),
    (
        "impossible year start",
        added("1.A2,,,,,,,year_start_month,13"),
        Problem(
            "row 13",
            "measure '1.A2': 'year_start_month' must be a month number from 1 to 12 "
            "(got 13)",
        ),
    ),
    (
        "benchmark period",
        added(
            "1.A2,,,,,,,benchmarks.1.name,national",
            "1.A2,,,,,,,benchmarks.1.value,45.3",
            "1.A2,,,,,,,benchmarks.1.period,last year",
        ),
        Problem(
            'row 19, column "value"',
            "expected a period label such as '2019/20', 'Q1 2019/20', 'Apr 2019', "
            "'Q1 Apr - June 2019', 'Apr-19' or '2019-04' (got 'last year')",
        ),
    ),
    (
        "benchmark without a figure",
        added("1.A2,,,,,,,benchmarks.1.name,national"),
        Problem(
            "row 13",
            "measure '1.A2' has no 'benchmarks.1.value' row; expected one",
        ),
    ),
    (
        "range without its top",
        added(
            "1.A2,,2019/20,,,,,target.type,range", "1.A2,,2019/20,,,,,target.lower,5"
        ),
        Problem(
            "row 17",
            "measure '1.A2' in 2019/20 has no 'target.upper' row; expected one",
        ),
    ),
    (
        "relative without its change",
        added(
            "1.A2,,2019/20,,,,,target.type,relative",
            "1.A2,,2019/20,,,,,target.baseline,2018/19",
        ),
        Problem(
            "row 17",
            "measure '1.A2' in 2019/20 has no 'target.change' row; expected one",
        ),
    ),
    (
        "override without a reason",
        added(
            "1.A2,,Q1 2019/20,,,,,override.status,green",
            "1.A2,,Q1 2019/20,,,,,override.reason,",
        ),
        Problem(
            "row 16",
            "measure '1.A2' in Q1 2019/20: 'reason' must be a non-empty "
            "explanation (got '')",
        ),
    ),
    (
        "repeated column",
        edited(",value\n", ",value,ref\n"),
        Problem('row 1, column "ref"', "expected each column once"),
    ),
    (
        "blank field",
        added("1.A2,,,,,,,,x"),
        Problem('row 17, column "field"', "expected a field (got '')"),
    ),
    (
        "truncated row",
        BASE + "1.A2,,Q2 2019/20,quarter",
        Problem(
            "row 17",
            "has 4 cells but the header has 9; expected one under each column (is "
            "the file truncated?)",
        ),
    ),
]


class TestBadInput:
    """Malformed long tables: every problem, located and explained."""

    def test_base_is_valid(self) -> None:
        """The table the cases change is itself a valid plan."""
        plan = read_long_csv(io.StringIO(BASE))
        assert ["1.A1", "1.A2"] == [m.ref for m in plan.measures]

    @pytest.mark.parametrize(
        ("text", "problem"), [c[1:] for c in BAD], ids=[c[0] for c in BAD]
    )
    def test_table(self, text: str, problem: Problem) -> None:
        """The load fails with a LoadError holding the problem, located."""
        with pytest.raises(LoadError) as caught:
            read_long_csv(io.StringIO(text))
        assert problem in caught.value.problems

    def test_blank_rows(self) -> None:
        """Blank rows, as spreadsheets leave them, are skipped."""
        text = BASE.replace("1.A2,,,,,,,title", ",,,,,,,,\n\n1.A2,,,,,,,title")
        assert read_long_csv(io.StringIO(BASE)) == read_long_csv(io.StringIO(text))

    def test_every_problem(self) -> None:
        """Problems across measures are all reported, in row order."""
        text = edited(",amount,40", ",amount,x").replace(",amount,81.7", ",amount,y")
        with pytest.raises(LoadError) as caught:
            read_long_csv(io.StringIO(text))
        assert ['row 8, column "value"', 'row 16, column "value"'] == [
            p.location for p in caught.value.problems
        ]
