"""Tests for periods: labels, parsing and arithmetic."""

from __future__ import annotations

import datetime as dt
import operator
import pickle

import pytest
from hypothesis import given

from perfmeasures import (
    InvalidPeriodError,
    Month,
    PerfmeasuresError,
    Quarter,
    Year,
    parse_period,
)
from perfmeasures import strategies as pst
from perfmeasures._periods import in_own_years

Q1_2019 = Quarter(Year(2019), 1)


class TestLabels:
    """Canonical labels."""

    @pytest.mark.parametrize(
        ("period", "label"),
        [
            (Year(2019), "2019/20"),
            (Year(1999), "1999/00"),
            (Year(2019, 1), "2019"),
            (Year(2019, 9), "2019/20 (Sep-Aug)"),
            (Quarter(Year(2019), 1), "Q1 2019/20"),
            (Quarter(Year(2019, 1), 3), "Q3 2019"),
            (Month(2019, 4), "Apr 2019"),
            (Month(2020, 12), "Dec 2020"),
        ],
    )
    def test_label(self, period: Year | Quarter | Month, label: str) -> None:
        """Each period writes the label councils use."""
        assert label == period.label
        assert label == str(period)

    @given(pst.periods())
    def test_label_round_trip(self, period: Year | Quarter | Month) -> None:
        """Law: parse_period(p.label) == p, for every start month."""
        start = 4
        if isinstance(period, Year):
            start = period.start_month
        elif isinstance(period, Quarter):
            start = period.year.start_month
        assert period == parse_period(period.label, year_start_month=start)


class TestParsePeriod:
    """Reading the labels reports print."""

    @pytest.mark.parametrize(
        ("label", "expected"),
        [
            ("2019/20", Year(2019)),
            ("2019-20", Year(2019)),
            ("2019/2020", Year(2019)),
            ("Year end 2018/19", Year(2018)),
            ("FY 2018/19", Year(2018)),
            ("2019", Year(2019, 1)),
            ("2019/20 (Sep-Aug)", Year(2019, 9)),
            ("Q1 2019/20", Q1_2019),
            ("2019-20 Q1", Q1_2019),
            ("2019/20 Q1", Q1_2019),
            ("q1 2019/20", Q1_2019),
            ("Q1 Apr - June 2019", Q1_2019),
            ("Q1 Apr - Jun 2019", Q1_2019),
            ("Q2 Jul - Sep 2018", Quarter(Year(2018), 2)),
            ("Q3 Oct - Dec 2018", Quarter(Year(2018), 3)),
            ("Q4 Jan- March 19", Quarter(Year(2018), 4)),
            ("Q4 Jan - Mar 2019", Quarter(Year(2018), 4)),
            ("Q4 Jan- Mar 2019", Quarter(Year(2018), 4)),
            ("Q1 2019", Quarter(Year(2019, 1), 1)),
            ("Apr-19", Month(2019, 4)),
            ("Apr 2019", Month(2019, 4)),
            ("April 2019", Month(2019, 4)),
            ("Sept 2019", Month(2019, 9)),
            ("2019-04", Month(2019, 4)),
            ("  Jun   2019 ", Month(2019, 6)),
        ],
    )
    def test_reads(self, label: str, expected: Year | Quarter | Month) -> None:
        """Every form found in published reports is read."""
        assert expected == parse_period(label)

    def test_year_start_month(self) -> None:
        """Years without an explicit span start in the given month."""
        assert Year(2019, 9) == parse_period("2019/20", year_start_month=9)
        assert Quarter(Year(2019, 9), 1) == parse_period(
            "Q1 Sep - Nov 2019", year_start_month=9
        )

    @pytest.mark.parametrize(
        ("label", "message"),
        [
            ("", "a period label such as"),
            ("abc", "a period label such as"),
            ("Q5 2019/20", "a period label such as"),
            ("2019/21", "a year whose second part follows its first (2019/20)"),
            ("2011-12", "an unambiguous label ('2011/12' for the year"),
            ("2019-13", "a period label such as"),
            ("Foo 2019", "a period label such as"),
            ("Q1 Jan - Mar 2019", "a quarter whose months match its number"),
            ("Q2 Apr - Jun 2019", "a quarter whose months match its number"),
            ("2019/20 (Xyz-Abc)", "a period label such as"),
            ("0999/00", "a year from 1000 to 9998"),
        ],
    )
    def test_rejects(self, label: str, message: str) -> None:
        """Bad labels raise InvalidPeriodError naming the field and the value."""
        with pytest.raises(InvalidPeriodError) as info:
            parse_period(label)
        assert message in str(info.value)
        assert repr(label) in str(info.value)
        assert "period" == info.value.field
        assert label == info.value.value

    @pytest.mark.parametrize("value", [None, 2019, 2019.0, b"2019/20"])
    def test_rejects_non_text(self, value: object) -> None:
        """Non-text input is refused with the value named."""
        with pytest.raises(InvalidPeriodError, match=repr(value).replace("(", r"\(")):
            parse_period(value)  # type: ignore[arg-type]

    def test_rejects_bad_start_month(self) -> None:
        """A year start month outside 1-12 is refused."""
        with pytest.raises(InvalidPeriodError, match="'year_start_month' must be"):
            parse_period("2019/20", year_start_month=13)

    def test_error_is_a_value_error(self) -> None:
        """Callers can catch a bad label as ValueError or PerfmeasuresError."""
        with pytest.raises(ValueError, match="Q9"):
            parse_period("Q9")
        with pytest.raises(PerfmeasuresError):
            parse_period("Q9")


class TestConstructors:
    """Bad input to period constructors."""

    @pytest.mark.parametrize(
        ("build", "message"),
        [
            (lambda: Year(999), "'year' must be a year from 1000 to 9998 (got 999)"),
            (
                lambda: Year(2019, 0),
                "'start_month' must be a month number from 1 to 12 (got 0)",
            ),
            (
                lambda: Year(2019, 13),
                "'start_month' must be a month number from 1 to 12 (got 13)",
            ),
            (
                lambda: Year("2019"),  # type: ignore[arg-type]
                "'year' must be a year from 1000 to 9998 (got '2019')",
            ),
            (lambda: Year(True), "'year' must be a year from 1000 to 9998 (got True)"),
            (
                lambda: Quarter(Year(2019), 5),
                "'number' must be a quarter number 1 to 4 (got 5)",
            ),
            (lambda: Quarter(2019, 1), "'year' must be a Year (got 2019)"),  # type: ignore[arg-type]
            (lambda: Month(2019, 0), "'month' must be a month number 1 to 12 (got 0)"),
            (
                lambda: Month(2019, 12.0),  # type: ignore[arg-type]
                "'month' must be a month number 1 to 12 (got 12.0)",
            ),
        ],
    )
    def test_rejects(self, build: object, message: str) -> None:
        """Invalid fields raise InvalidPeriodError or InvalidValueError with the value."""
        with pytest.raises(PerfmeasuresError) as info:
            build()  # type: ignore[operator]
        assert message == str(info.value)


class TestArithmetic:
    """Previous, next, same period last year, months and year to date."""

    def test_quarter_previous_crosses_year(self) -> None:
        """Q1's previous quarter is Q4 of the year before."""
        assert Quarter(Year(2018), 4) == Q1_2019.previous()

    def test_months_of_quarter(self) -> None:
        """Q1 2019/20 holds April, May and June 2019."""
        assert (Month(2019, 4), Month(2019, 5), Month(2019, 6)) == Q1_2019.months()

    def test_months_of_year(self) -> None:
        """A financial year runs April to March."""
        months = Year(2019).months()
        assert (Month(2019, 4), Month(2020, 3)) == (months[0], months[-1])
        assert 12 == len(months)

    def test_month_belongs(self) -> None:
        """March 2020 is in Q4 2019/20; in a September year it is in Q3."""
        assert Quarter(Year(2019), 4) == Month(2020, 3).quarter()
        assert Quarter(Year(2019, 9), 3) == Month(2020, 3).quarter(start_month=9)
        assert Year(2019, 1) == Month(2019, 3).financial_year(start_month=1)

    def test_year_to_date(self) -> None:
        """Year to date runs from the year's first period to this one."""
        assert (Q1_2019, Q1_2019.next()) == Q1_2019.next().year_to_date()
        assert (Month(2019, 4), Month(2019, 5)) == Month(2019, 5).year_to_date()
        assert (Month(2020, 1),) == Month(2020, 1).year_to_date(start_month=1)
        assert (Year(2019),) == Year(2019).year_to_date()

    def test_dates(self) -> None:
        """Periods know their first and last days."""
        assert dt.date(2019, 4, 1) == Year(2019).start
        assert dt.date(2020, 3, 31) == Year(2019).end
        assert dt.date(2019, 6, 30) == Q1_2019.end
        assert dt.date(2020, 2, 29) == Month(2020, 2).end

    def test_contains(self) -> None:
        """A year contains its quarters and months, not its neighbours'."""
        assert Year(2019).contains(Month(2020, 3))
        assert not Year(2019).contains(Month(2020, 4))
        assert Q1_2019.contains(Q1_2019)

    def test_year_end(self) -> None:
        """The last quarter and month close the year."""
        assert Quarter(Year(2019), 4).is_year_end
        assert not Q1_2019.is_year_end
        assert Month(2020, 3).is_last_of_year()
        assert Year(2019).is_year_end

    def test_ordering(self) -> None:
        """Periods sort by start date then end date: month, quarter, year."""
        assert [Month(2019, 4), Q1_2019, Year(2019)] == sorted(
            [Year(2019), Q1_2019, Month(2019, 4)]
        )
        assert Month(2019, 4) < Month(2019, 5) <= Month(2019, 5)
        assert Year(2020) > Year(2019) >= Year(2019)

    def test_ordering_with_other_types(self) -> None:
        """Comparing a period with something else is refused."""
        with pytest.raises(TypeError):
            _ = Year(2019) < 5

    @given(pst.periods())
    def test_previous_next_invert(self, period: Year | Quarter | Month) -> None:
        """Law: p.previous().next() == p == p.next().previous()."""
        assert period == period.previous().next()
        assert period == period.next().previous()

    @given(pst.quarters())
    def test_four_quarters_make_a_year(self, quarter: Quarter) -> None:
        """Law: shifting a quarter four times is the same quarter last year, inverted."""
        assert quarter.same_period_last_year() == quarter.shift(-4)
        assert quarter == quarter.shift(4).same_period_last_year()

    @given(pst.months())
    def test_twelve_months_make_a_year(self, month: Month) -> None:
        """Law: twelve months back is the same month last year."""
        assert month.same_period_last_year() == month.shift(-12)

    @given(pst.quarters())
    def test_months_belong_to_their_quarter(self, quarter: Quarter) -> None:
        """Law: each of a quarter's months belongs to that quarter."""
        start = quarter.year.start_month
        for month in quarter.months():
            assert quarter == month.quarter(start)
            assert quarter.contains(month)

    @given(pst.periods(), pst.periods())
    def test_order_follows_dates(
        self, a: Year | Quarter | Month, b: Year | Quarter | Month
    ) -> None:
        """Law: a < b exactly when (a.start, a.end) < (b.start, b.end)."""
        assert (a < b) == ((a.start, a.end) < (b.start, b.end))

    @given(pst.periods())
    def test_pickles(self, period: Year | Quarter | Month) -> None:
        """Periods survive pickling."""
        assert period == pickle.loads(pickle.dumps(period))


class TestEdges:
    """Edges that mutation testing found unchecked (see docs/testing.md)."""

    @pytest.mark.parametrize(
        ("label", "expected"),
        [
            ("1000/01", Year(1000)),
            ("9998/99", Year(9998)),
            ("Jan 70", Month(1970, 1)),
            ("Jan 69", Month(2069, 1)),
        ],
    )
    def test_reads_at_the_limits(
        self, label: str, expected: Year | Quarter | Month
    ) -> None:
        """The first and last years are accepted; two-digit years pivot at 70."""
        assert expected == parse_period(label)

    def test_first_and_last_years_construct(self) -> None:
        """Year(1000) and Year(9998) are valid; the bounds are inclusive."""
        assert (1000, 9998) == (Year(1000).year, Year(9998).year)

    def test_mismatched_quarter_message(self) -> None:
        """A quarter whose months belong to another says which quarter they are."""
        with pytest.raises(InvalidPeriodError) as info:
            parse_period("Q1 Jan - Mar 2019")
        assert (
            "'period' must be a quarter whose months match its number (Q4 runs "
            "Jan-Mar in years starting in Apr) (got 'Q1 Jan - Mar 2019')"
        ) == str(info.value)

    def test_every_ordering_with_other_types(self) -> None:
        """Each of <, <=, > and >= with a non-period is refused, not None."""
        for compare in (operator.lt, operator.le, operator.gt, operator.ge):
            with pytest.raises(TypeError):
                compare(Year(2019), 5)

    def test_quarters_of_year(self) -> None:
        """A year has exactly four quarters, numbered 1 to 4."""
        assert (1, 2, 3, 4) == tuple(q.number for q in Year(2019).quarters())

    def test_year_to_date_across_new_year(self) -> None:
        """January's year to date runs from the April before: ten months."""
        months = Month(2020, 1).year_to_date()
        assert (10, Month(2019, 4)) == (len(months), months[0])


class TestInOwnYears:
    """in_own_years: periods checked against the plan's kind of year."""

    def test_own_periods_pass(self) -> None:
        """A period of the right kind of year, and any month, comes back as is."""
        quarter = Quarter(Year(2023), 2)
        assert quarter == in_own_years(quarter, 4)
        assert Year(2023) == in_own_years(Year(2023), 4)
        assert Month(2020, 1) == in_own_years(Month(2020, 1), 4)

    @pytest.mark.parametrize(
        ("period", "start", "message"),
        [
            (
                Quarter(Year(2023, 1), 2),
                4,
                "'period' must be a period of years starting in April, not a calendar quarter; perhaps 'Q2 2023/24' or 'Q1 2023/24' (got 'Q2 2023')",
            ),
            (
                Year(2023, 1),
                4,
                "'period' must be a period of years starting in April, not a calendar year; perhaps '2023/24' or '2022/23' (got '2023')",
            ),
            (
                Quarter(Year(2023, 1), 1),
                5,
                "'period' must be a period of years starting in May, not a calendar quarter; perhaps 'Q1 2023/24 (May-Apr)' (got 'Q1 2023')",
            ),
        ],
    )
    def test_other_years_refused(
        self, period: Year | Quarter, start: int, message: str
    ) -> None:
        """Another kind of year is refused with the labels it may have meant."""
        with pytest.raises(InvalidPeriodError) as info:
            in_own_years(period, start)
        assert message == str(info.value)
