"""Tests for priority tables: columns, cells, targets and trends."""

from __future__ import annotations

from decimal import Decimal

import pytest

from perfmeasures import (
    Aggregation,
    AnnualTarget,
    FixedTarget,
    Frequency,
    InvalidValueError,
    Measure,
    MissingReason,
    Month,
    Plan,
    Polarity,
    Quarter,
    RangeTarget,
    RelativeTarget,
    Source,
    Status,
    Value,
    Year,
)
from perfmeasures.examples import REPORT_PERIOD, rotherham_2019_20
from perfmeasures.reports import Row, columns_for, priority_tables
from perfmeasures.reports._tables import short_target

Q1 = Quarter(Year(2019), 1)


def labels(periods: tuple[Year | Quarter | Month, ...]) -> list[str]:
    """The labels of *periods*."""
    return [p.label for p in periods]


def seed_row(ref: str) -> Row:
    """The seed's table row for *ref* at Q1 2019/20."""
    tables = priority_tables(rotherham_2019_20(), REPORT_PERIOD)
    for table in tables.tables:
        for row in table.rows:
            if row.ref == ref:
                return row
    raise AssertionError(ref)


class TestColumns:
    """columns_for(): which periods a table shows."""

    def test_quarter(self) -> None:
        """A quarter shows four year ends, five quarters and its three months."""
        columns = columns_for(Q1)
        assert (
            ["2015/16", "2016/17", "2017/18", "2018/19"],
            ["Q1 2018/19", "Q2 2018/19", "Q3 2018/19", "Q4 2018/19", "Q1 2019/20"],
            ["Apr 2019", "May 2019", "Jun 2019"],
        ) == (
            labels(columns.annual),
            labels(columns.quarterly),
            labels(columns.monthly),
        )

    def test_month(self) -> None:
        """A month shows its quarter's months up to itself."""
        columns = columns_for(Month(2019, 8), years=2)
        assert (
            ["2017/18", "2018/19"],
            ["Jul 2019", "Aug 2019"],
        ) == (labels(columns.annual), labels(columns.monthly))
        assert "Q2 2019/20" == columns.quarterly[-1].label

    def test_year(self) -> None:
        """A year shows itself among the year ends, and all its quarters."""
        columns = columns_for(Year(2019), years=2)
        assert ["2018/19", "2019/20"] == labels(columns.annual)
        assert 8 == len(columns.quarterly)
        assert ["Jan 2020", "Feb 2020", "Mar 2020"] == labels(columns.monthly)

    def test_no_years(self) -> None:
        """No year-end columns at all when none are asked for."""
        assert () == columns_for(Year(2019), years=0).annual

    def test_month_of_academic_year(self) -> None:
        """Months fall in the quarter of the year they belong to."""
        columns = columns_for(Month(2019, 10), year_start_month=9)
        assert "Q1 2019/20 (Sep-Aug)" == columns.quarterly[-1].label

    @pytest.mark.parametrize("years", [-1, True, 1.5, "4"])
    def test_bad_years(self, years: object) -> None:
        """A negative or non-integer number of years is refused, naming the value."""
        with pytest.raises(InvalidValueError) as caught:
            columns_for(Q1, years=years)  # type: ignore[arg-type]
        assert f"'years' must be a whole number of at least 0 (got {years!r})" == str(
            caught.value
        )


class TestCells:
    """The figures shown in a table."""

    def test_published_as_published(self) -> None:
        """Published figures keep their precision (81.0%)."""
        row = seed_row("1.A8")
        assert ["Not available", "81.1%", "81.0%", "82.3%"] == [
            c.text for c in row.annual
        ]
        assert MissingReason.NOT_AVAILABLE == row.annual[0].missing

    def test_cumulative_figures(self) -> None:
        """A quarter published cumulatively shows its own figure and the YTD."""
        row = seed_row("2.B7")
        q2 = row.quarterly[1]
        assert (Decimal(75), Decimal(145), "75", "145", Source.FROM_CUMULATIVE) == (
            q2.value,
            q2.year_to_date,
            q2.text,
            q2.year_to_date_text,
            q2.source,
        )

    def test_not_published_is_blank(self) -> None:
        """Nothing published and nothing to derive from shows as blank."""
        row = seed_row("4.B1(a)")
        assert ["", "", ""] == [c.text for c in row.monthly]

    def test_derived_figures_are_rounded(self) -> None:
        """A figure rolled up from months is rounded for display."""
        m = Measure(
            ref="9.Z1",
            title="Average",
            polarity=Polarity.HIGHER_IS_BETTER,
            aggregation=Aggregation.AVERAGE,
            values={"Apr 2019": 1, "May 2019": 1, "Jun 2019": 2},
        )
        tables = priority_tables(Plan(title="P", measures=(m,)), Q1)
        cell = tables.tables[0].rows[0].quarterly[-1]
        assert ("1.33", Source.FROM_PARTS) == (cell.text, cell.source)

    def test_not_yet_available(self) -> None:
        """A figure not yet available says so."""
        m = Measure(
            ref="9.Z1",
            title="Late",
            polarity=Polarity.HIGHER_IS_BETTER,
            values={"Q1 2019/20": Value.not_available(MissingReason.NOT_YET_AVAILABLE)},
        )
        tables = priority_tables(Plan(title="P", measures=(m,)), Q1)
        row = tables.tables[0].rows[0]
        assert ("Not yet available", Status.NOT_AVAILABLE) == (
            row.quarterly[-1].text,
            row.status,
        )


class TestShortTarget:
    """The Target column."""

    @pytest.mark.parametrize(
        ("target", "expected"),
        [
            (FixedTarget(90), "90"),
            (FixedTarget(90, floor=95), "90, floor 95"),
            (AnnualTarget(value=175), "175 for the year"),
            (
                AnnualTarget(value=280, profile=(85, 65, 65, 65)),
                "280 for the year (85, 65, 65, 65)",
            ),
            (RangeTarget(lower=40, upper=60), "40 to 60"),
            (
                RelativeTarget(baseline=Year(2018), change=-10),
                "188.1 for the year (-10% on 2018/19)",
            ),
            (
                RelativeTarget(baseline=Quarter(Year(2018), 4), change=3),
                "61.8 (+3% on Q4 2018/19)",
            ),
            (
                RelativeTarget(baseline=Year(2017), change=-10),
                "-10% on 2017/18",
            ),
        ],
    )
    def test_kinds(self, target: object, expected: str) -> None:
        """Each kind of target is summarised in a few words."""
        m = Measure(
            ref="9.Z1",
            title="T",
            polarity=Polarity.LOWER_IS_BETTER,
            values={"2018/19": 209, "Q4 2018/19": 60},
            targets={"2019/20": target},
        )
        assert expected == short_target(m, Q1)

    @pytest.mark.parametrize(
        ("data_only", "expected"), [(True, "Data only"), (False, "")]
    )
    def test_none(self, data_only: bool, expected: str) -> None:
        """Without a target the column is blank, or says the measure is data only."""
        m = Measure(
            ref="9.Z1", title="T", polarity=Polarity.NEUTRAL, data_only=data_only
        )
        assert expected == short_target(m, Q1)


class TestRows:
    """Rows: ratings, parts and trends."""

    def test_seed_ratings(self) -> None:
        """Rows carry the final and computed status and the direction."""
        row = seed_row("2.B7")
        assert (Status.AMBER, Status.GREEN, "280 for the year (85, 65, 65, 65)") == (
            row.status,
            row.computed_status,
            row.target,
        )

    def test_parts_have_rows(self) -> None:
        """A multi-part measure has a row per part."""
        row = seed_row("3.A4(b)")
        assert ["3.A4(b) vehicles", "3.A4(b) drivers"] == [p.ref for p in row.parts]

    def test_parts_rated_without_part_figures(self) -> None:
        """Parts still get rows in a period with no figure for any part."""
        tables = priority_tables(rotherham_2019_20(), Month(2019, 6))
        rows = {row.ref: row for table in tables.tables for row in table.rows}
        assert [Status.NOT_AVAILABLE, Status.NOT_AVAILABLE] == [
            p.status for p in rows["3.A4(b)"].parts
        ]

    def test_trend_targets_per_quarter(self) -> None:
        """A year-to-date target becomes a target for each quarter alone."""
        m = Measure(
            ref="9.Z1",
            title="Admissions",
            polarity=Polarity.LOWER_IS_BETTER,
            frequency=Frequency.QUARTERLY,
            aggregation=Aggregation.SUM,
            values={"Q1 2019/20": 81, "Q2 2019/20": 60},
            targets={"2019/20": AnnualTarget(value=280, profile=(85, 65, 65, 65))},
        )
        tables = priority_tables(Plan(title="P", measures=(m,)), "Q2 2019/20")
        trend = tables.tables[0].rows[0].trend
        assert [None, None, None, None, Decimal(85), Decimal(65)] == [
            point.target for point in trend
        ]
        assert [Decimal(81), Decimal(60)] == [point.value for point in trend][-2:]

    def test_trend_target_of_range_is_absent(self) -> None:
        """A range has no single target to draw."""
        m = Measure(
            ref="9.Z1",
            title="Range",
            polarity=Polarity.CLOSEST_TO_TARGET,
            values={"Q1 2019/20": 5},
            targets={"2019/20": RangeTarget(lower=1, upper=9)},
        )
        tables = priority_tables(Plan(title="P", measures=(m,)), Q1)
        assert all(p.target is None for p in tables.tables[0].rows[0].trend)

    def test_empty_plan(self) -> None:
        """A plan without measures has no tables."""
        assert () == priority_tables(Plan(title="P"), Q1).tables
