"""Tests for the wide table's header grammar: what a rating needs, carried, never guessed."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest

from perfmeasures import (
    Aggregation,
    AnnualTarget,
    Basis,
    Comparison,
    Direction,
    FixedTarget,
    InvalidValueError,
    LoadError,
    Measure,
    Plan,
    Polarity,
    Priority,
    Problem,
    Published,
    Quarter,
    Status,
    Unit,
    UnitKind,
    Year,
    evaluate,
)
from perfmeasures.examples import rotherham_2019_20
from perfmeasures.io import (
    read_wide_csv,
    read_wide_xlsx,
    write_wide_csv,
    write_wide_xlsx,
)
from perfmeasures.io._sheets._cells import format_unit, parse_unit

Q1, Q2 = Quarter(Year(2019), 1), Quarter(Year(2019), 2)
HEAD = "Ref No.,Measure,Good performance,Target,Q1 2019/20,Q2 2019/20"
FIX = "add an Aggregation column (sum, snapshot, average, ratio or none)"


def written(plan: Plan) -> str:
    """*plan* as wide CSV text."""
    buffer = io.StringIO()
    write_wide_csv(plan, buffer)
    return buffer.getvalue()


class TestAggregation:
    """An annual target on quarterly figures needs to know how they add up."""

    def test_refused_without_aggregation(self) -> None:
        """Without an Aggregation column the reader refuses, naming the fact."""
        text = f"{HEAD}\nH1,Homes,High,200 (annual target),38,41\n"
        with pytest.raises(LoadError) as caught:
            read_wide_csv(io.StringIO(text))
        assert [
            Problem(
                'row 2, column "Target"',
                "the annual target 200 needs to know how quarterly figures add up "
                f"(for Q2 2019/20); {FIX}",
            )
        ] == list(caught.value.problems)

    def test_blank_cell_refused(self) -> None:
        """A blank Aggregation cell is refused too, pointing at the Target."""
        text = (
            f"{HEAD},Aggregation\nH1,Homes,High,200 (annual target),38,41,\n"
            "H2,Flats,High,200 (annual target),38,41,Sum\n"
        )
        with pytest.raises(LoadError) as caught:
            read_wide_csv(io.StringIO(text))
        assert [
            Problem(
                'row 2, column "Target"',
                "the annual target 200 needs to know how quarterly figures add up "
                "(for Q2 2019/20); fill in its Aggregation cell (sum, snapshot, "
                "average, ratio or none)",
            )
        ] == list(caught.value.problems)

    def test_sum_rates_year_to_date(self) -> None:
        """With Aggregation Sum, Q2 is rated on 79 to date, not the latest 41."""
        text = f"{HEAD},Aggregation\nH1,Homes,High,200 (annual target),38,41,Sum\n"
        measure = read_wide_csv(io.StringIO(text)).measure("H1")
        result = evaluate(measure, Q2)
        assert (Aggregation.SUM, Decimal(79)) == (measure.aggregation, result.actual)

    def test_derived_year_refused(self) -> None:
        """A year whose figure would come from its quarters needs an aggregation."""
        text = "Ref No.,Measure,Good performance,Q1 2019/20,Q2 2019/20,Q3 2019/20,\
Q4 2019/20\nH1,Homes,High,1,2,3,4\n"
        with pytest.raises(LoadError) as caught:
            read_wide_csv(io.StringIO(text))
        assert [
            Problem(
                "row 2",
                "the figure for 2019/20 is not given and would be derived from "
                f"quarterly figures, which needs to know how they add up; {FIX}",
            )
        ] == list(caught.value.problems)

    def test_safe_default(self) -> None:
        """Where no figure a rating uses could differ, aggregation is none."""
        text = "Ref No.,Measure,Good performance,Target,Q1 2019/20\nH1,Homes,High,5,3\n"
        measure = read_wide_csv(io.StringIO(text)).measure("H1")
        assert Aggregation.NONE == measure.aggregation

    def test_words(self) -> None:
        """Councils' words for aggregations read as the model's."""
        text = (
            "Ref No.,Measure,Good performance,Roll-up\n"
            "A,a,High,Total\nB,b,High,latest\nC,c,High,Mean\nD,d,High,ratio\n"
        )
        plan = read_wide_csv(io.StringIO(text))
        assert [
            Aggregation.SUM,
            Aggregation.SNAPSHOT,
            Aggregation.AVERAGE,
            Aggregation.RATIO,
        ] == [m.aggregation for m in plan.measures]


class TestDataOnly:
    """Data-only measures are written and read as councils write them."""

    @pytest.mark.parametrize(
        "cell", ["Data only", "DATA ONLY", "N/A (data only)", "N/A - data only"]
    )
    def test_target_cell(self, cell: str) -> None:
        """A Data only target cell means data only with no target."""
        text = f"Ref No.,Measure,Good performance,Target\nA,x,High,{cell}\n"
        measure = read_wide_csv(io.StringIO(text), target_year="2019/20").measure("A")
        assert (True, {}) == (measure.data_only, dict(measure.targets))

    def test_written(self) -> None:
        """A data-only measure is written with Data only, and reads back so."""
        measure = Measure(ref="A", title="x", polarity=Polarity.NEUTRAL, data_only=True)
        plan = Plan(title="t", measures=[measure])
        text = written(plan)
        assert ("Data only" in text, plan) == (True, read_wide_csv(io.StringIO(text)))

    def test_contradiction(self) -> None:
        """A Data only target with No in the Data only column is a problem."""
        text = (
            "Ref No.,Measure,Good performance,Target,Data only\nA,x,High,Data only,No\n"
        )
        with pytest.raises(LoadError) as caught:
            read_wide_csv(io.StringIO(text), target_year="2019/20")
        assert [
            Problem(
                'row 2, column "Target"',
                "says data only, but the Data only column says no; expected them "
                "to agree",
            )
        ] == list(caught.value.problems)


class TestCarried:
    """Comparators, targets of other periods and records survive the table."""

    def test_compare_with(self) -> None:
        """3.B3 and 3.B4 keep their same-period-last-year comparator."""
        back = read_wide_csv(io.StringIO(written(rotherham_2019_20())))
        assert [Comparison.SAME_PERIOD_LAST_YEAR] * 2 == [
            back.measure(ref).compare_with for ref in ("3.B3", "3.B4")
        ]

    def test_quarter_targets(self) -> None:
        """Per-quarter targets and other years' come back, keyed as they were."""
        measure = Measure(
            ref="CT1",
            title="Council tax collected",
            polarity=Polarity.HIGHER_IS_BETTER,
            unit=Unit(kind=UnitKind.PERCENTAGE),
            aggregation=Aggregation.NONE,
            values={"Q1 2019/20": "29.1", "Q2 2019/20": "56.3"},
            targets={
                "Q1 2019/20": 29,
                "Q2 2019/20": 56,
                "2020/21": AnnualTarget(value=97),
            },
        )
        plan = Plan(title="t", measures=[measure])
        text = written(plan)
        back = read_wide_csv(io.StringIO(text))
        assert (True, plan) == ("Target Q2 2019/20" in text, back)

    def test_each_period_basis(self) -> None:
        """An annual target compared period by period keeps its basis, and its colour."""
        measure = Measure(
            ref="H1",
            title="Homes built",
            polarity=Polarity.HIGHER_IS_BETTER,
            aggregation=Aggregation.SUM,
            values={"Q1 2019/20": 120, "Q2 2019/20": 80},
            targets={"2019/20": AnnualTarget(value=400, basis=Basis.PERIOD)},
        )
        plan = Plan(title="t", measures=[measure])
        text = written(plan)
        back = read_wide_csv(io.StringIO(text))
        # 80 against the quarter's 100 is red; the year to date (200 of 200)
        # would have been green.
        assert (True, plan, Status.RED) == (
            "400 (annual target) (each period)" in text,
            back,
            evaluate(back.measure("H1"), Q2).status,
        )

    def test_other_periods_records(self) -> None:
        """Status, direction and notes of another period have their own columns."""
        text = (
            "Ref No.,Measure,Good performance,Overall status Q4 2018/19,"
            "DOT Q4 2018/19,Data notes Q4 2018/19,Target 2020/21,Q1 2019/20\n"
            "A,x,High,Red,Improving,Late.,90,5\n"
        )
        measure = read_wide_csv(io.StringIO(text)).measure("A")
        q4 = Quarter(Year(2018), 4)
        assert (
            Published(status=Status.RED, direction=Direction.IMPROVING),
            "Late.",
            FixedTarget(90),
        ) == (measure.published[q4], measure.notes[q4], measure.targets[Year(2020)])

    def test_seed_identity(self) -> None:
        """The seed written as wide CSV reads back as the very same plan."""
        plan = rotherham_2019_20()
        assert plan == read_wide_csv(io.StringIO(written(plan)))


class TestYearStarts:
    """Measures whose years start in different months share one table."""

    @staticmethod
    def mixed() -> Plan:
        """A plan of April, calendar and September (academic) years."""
        high = Polarity.HIGHER_IS_BETTER
        return Plan(
            title="Mixed years",
            measures=[
                Measure(
                    ref="F1",
                    title="Households helped",
                    polarity=high,
                    aggregation=Aggregation.SUM,
                    values={"Q1 2024/25": 5, "Q2 2024/25": 7},
                    targets={"2024/25": AnnualTarget(value=24)},
                ),
                Measure(
                    ref="C1",
                    title="Air quality days met",
                    polarity=high,
                    aggregation=Aggregation.SUM,
                    year_start_month=1,
                    values={"Q1 2024": 80, "Q2 2024": 85},
                    targets={"2024": AnnualTarget(value=330)},
                ),
                Measure(
                    ref="S1",
                    title="Pupils at good schools",
                    polarity=high,
                    unit=Unit(kind=UnitKind.PERCENTAGE),
                    aggregation=Aggregation.NONE,
                    year_start_month=9,
                    values={"2023/24 (Sep-Aug)": "88.5", "2024/25 (Sep-Aug)": "90.1"},
                    targets={"2024/25 (Sep-Aug)": 90},
                ),
            ],
        )

    def test_written_per_row_and_read_back(self) -> None:
        """A Year starts column says each row's start; the plan reads back equal."""
        plan = self.mixed()
        text = written(plan)
        back = read_wide_csv(io.StringIO(text))
        header = text.splitlines()[3].split(",")
        starts = [
            line.split(",")[header.index("Year starts")]
            for line in text.splitlines()[4:]
        ]
        assert (["Apr", "Jan", "Sep"], plan) == (starts, back)

    def test_xlsx_rates_as_the_plan(self) -> None:
        """Through a workbook, every measure rates as it does in the plan."""
        plan = self.mixed()
        buffer = io.BytesIO()
        write_wide_xlsx(plan, buffer)
        back = read_wide_xlsx(io.BytesIO(buffer.getvalue()))
        periods = {"F1": "Q2 2024/25", "C1": "Q2 2024", "S1": "2024/25 (Sep-Aug)"}
        assert [evaluate(plan.measure(r), p) for r, p in periods.items()] == [
            evaluate(back.measure(r), p) for r, p in periods.items()
        ]

    def test_one_start_writes_no_column(self) -> None:
        """A plan of one start keeps it in the front matter, not on each row."""
        text = written(rotherham_2019_20())
        assert "Year starts,Apr" in text.splitlines()
        assert ",Year starts," not in text

    def test_council_column(self) -> None:
        """A council's own column overrides the table's year start for its row."""
        text = (
            "Ref No.,Measure,Good performance,Year start,2023/24,2024\n"
            "A,April years,High,,5,\n"
            "B,Calendar years,High,January,,7\n"
        )
        plan = read_wide_csv(io.StringIO(text))
        assert [(4, Year(2023)), (1, Year(2024, start_month=1))] == [
            (m.year_start_month, next(iter(m.values))) for m in plan.measures
        ]

    def test_unreadable_cell(self) -> None:
        """A cell naming no month is a problem at its row and column."""
        text = (
            "Ref No.,Measure,Good performance,Year starts,2023/24\nA,x,High,Spring,5\n"
        )
        with pytest.raises(LoadError) as caught:
            read_wide_csv(io.StringIO(text))
        assert [
            Problem(
                'row 2, column "Year starts"',
                "expected a month name such as April (got 'Spring')",
            )
        ] == list(caught.value.problems)

    def test_plain_columns_on_a_row_of_other_years(self) -> None:
        """The Target and status columns are the table's periods: another row's refuse."""
        text = (
            "Ref No.,Measure,Good performance,Year starts,Target,Overall status,"
            "Q1 2019/20,2019/20 (Sep-Aug)\n"
            "A,April years,High,,90,Red,85,\n"
            "B,Academic years,High,Sep,95,Green,,96\n"
        )
        with pytest.raises(LoadError) as caught:
            read_wide_csv(io.StringIO(text))
        assert [
            Problem(
                f'row 3, column "{heading}"',
                f"expected no cell here: the column is for {label}, which is not "
                "one of this row's periods (its years start in Sep); put it under "
                f"a heading such as '{heading} {own}' (got '{cell}')",
            )
            for heading, label, own, cell in [
                ("Target", "2019/20", "2019/20 (Sep-Aug)", "95"),
                ("Overall status", "Q1 2019/20", "Q4 2018/19 (Sep-Aug)", "Green"),
            ]
        ] == list(caught.value.problems)

    def test_own_columns_on_a_row_of_other_years(self) -> None:
        """Under headings of its own periods, the same row reads; data only reads anywhere."""
        text = (
            "Ref No.,Measure,Good performance,Year starts,Target,"
            "Target 2019/20 (Sep-Aug),Q1 2019/20,2019/20 (Sep-Aug)\n"
            "A,April years,High,,90,,85,\n"
            "B,Academic years,High,Sep,,95,,96\n"
            "C,Academic data,High,Sep,Data only,,,96\n"
        )
        plan = read_wide_csv(io.StringIO(text))
        sep = Year(2019, start_month=9)
        assert (FixedTarget(95), True) == (
            plan.measure("B").targets[sep],
            plan.measure("C").data_only,
        )

    def test_figures_under_another_kind_of_period(self) -> None:
        """Figures under a period not of the row's years are a problem at their column."""
        text = (
            "Ref No.,Measure,Good performance,Year starts,Q1 2019/20,"
            "2019/20 (Sep-Aug)\nA,x,High,Sep,5,\n"
        )
        with pytest.raises(LoadError) as caught:
            read_wide_csv(io.StringIO(text))
        [problem] = caught.value.problems
        assert 'row 2, column "Q1 2019/20"' == problem.location

    def test_calendar_row_in_an_april_table(self) -> None:
        """Without the column, a calendar row in an April table is refused, not guessed."""
        text = "Ref No.,Measure,Good performance,2023/24,Q1 2024\nA,x,High,,5\n"
        with pytest.raises(LoadError) as caught:
            read_wide_csv(io.StringIO(text))
        assert "years starting in April" in str(caught.value)


class TestPriorities:
    """Priorities, titles and merged cells come from the sheet."""

    def test_priority_cells(self) -> None:
        """Keys and titles from Priority cells, in order of first appearance."""
        text = (
            "Council Plan 2019/20\n"
            "Priority,Ref No.,Measure,Good performance\n"
            "Priority 2: Every adult secure,A,a,High\n"
            "1 - Every child making the best start in life,B,b,High\n"
            "2,C,c,High\n"
        )
        plan = read_wide_csv(io.StringIO(text))
        assert (
            "Council Plan 2019/20",
            (
                Priority(key="2", title="Every adult secure"),
                Priority(key="1", title="Every child making the best start in life"),
            ),
            ["2", "1", "2"],
        ) == (plan.title, plan.priorities, [m.priority for m in plan.measures])

    def test_two_titles(self) -> None:
        """One key with two titles is a located problem."""
        text = "Priority,Ref No.,Measure,Good performance\n1: One,A,a,High\n1: Two,B,b,High\n"
        with pytest.raises(LoadError) as caught:
            read_wide_csv(io.StringIO(text))
        assert [
            Problem(
                'row 3, column "Priority"',
                "gives priority 1 the title 'Two', but row 2, column \"Priority\" "
                "gives it 'One'; expected one title per key",
            )
        ] == list(caught.value.problems)

    def test_title_argument_wins(self) -> None:
        """title= overrides the sheet's title; the Title row overrides a lone cell."""
        text = "A heading\nTitle,Plan 2019/20\nRef No.,Measure,Good performance\n"
        assert ("Plan 2019/20", "Mine") == (
            read_wide_csv(io.StringIO(text)).title,
            read_wide_csv(io.StringIO(text), title="Mine").title,
        )

    def test_merged_cells(self) -> None:
        """Vertically merged Priority and Outcome cells fill every row of the merge."""
        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.append(["Priority", "Outcome", "Ref No.", "Measure", "Good performance"])
        sheet.append(["1: Every child", "A. Safe", "A", "a", "High"])
        sheet.append([None, None, "B", "b", "High"])
        sheet.append([None, None, "C", "c", "High"])
        sheet.merge_cells("A2:A4")
        sheet.merge_cells("B2:B4")
        buffer = io.BytesIO()
        book.save(buffer)
        plan = read_wide_xlsx(io.BytesIO(buffer.getvalue()))
        assert (
            [("1", "A. Safe")] * 3,
            (Priority(key="1", title="Every child"),),
        ) == ([(m.priority, m.outcome) for m in plan.measures], plan.priorities)


class TestUnits:
    """The Unit column's grammar."""

    @pytest.mark.parametrize(
        "unit",
        [
            Unit(),
            Unit(kind=UnitKind.PERCENTAGE),
            Unit(kind=UnitKind.MONEY),
            Unit(kind=UnitKind.MONEY, symbol="€", label="thousands"),
            Unit(kind=UnitKind.DAYS),
            Unit(kind=UnitKind.SCORE, label="points: out of 10"),
            Unit(kind=UnitKind.RATE, per=10_000, label="per 10K population under 18"),
        ],
    )
    def test_inverse(self, unit: Unit) -> None:
        """parse_unit(format_unit(unit)) == unit."""
        assert unit == parse_unit(format_unit(unit))

    @pytest.mark.parametrize(
        ("text", "unit"),
        [
            ("Percent", Unit(kind=UnitKind.PERCENTAGE)),
            ("rate per 10K", Unit(kind=UnitKind.RATE, per=10_000)),
            ("per 100,000", Unit(kind=UnitKind.RATE, per=100_000)),
            ("number: homes", Unit(label="homes")),
        ],
    )
    def test_spellings(self, text: str, unit: Unit) -> None:
        """Other spellings read as the same units."""
        assert unit == parse_unit(text)

    @pytest.mark.parametrize(
        ("unit", "message"),
        [
            (
                Unit(symbol="$"),
                (
                    "'unit.symbol' must be the default £ for a unit that is not "
                    "money (a Unit cell writes a symbol for money only) (got '$')"
                ),
            ),
            (
                Unit(label=" padded"),
                (
                    "'unit.label' must be a label that is not blank and neither "
                    "begins nor ends with spaces (got ' padded')"
                ),
            ),
        ],
    )
    def test_refused(self, unit: Unit, message: str) -> None:
        """A unit no cell can carry is refused, saying why."""
        with pytest.raises(InvalidValueError) as caught:
            format_unit(unit)
        assert message == str(caught.value)

    def test_bad_cell(self) -> None:
        """An unreadable Unit cell is a located problem."""
        text = "Ref No.,Measure,Good performance,Unit\nA,a,High,furlongs\n"
        with pytest.raises(LoadError) as caught:
            read_wide_csv(io.StringIO(text))
        assert ['row 2, column "Unit"'] == [p.location for p in caught.value.problems]
