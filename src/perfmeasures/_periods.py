"""Reporting periods: years, quarters and months, their labels and arithmetic.

A :class:`Year` starts in a configurable month (April for the UK financial
year, the default; September for an academic year; January for a calendar
year).  A :class:`Quarter` is one of the four three-month parts of a year,
numbered from the year's start.  A :class:`Month` is a calendar month and
belongs to whichever year and quarter contain it.

Every period is a frozen value: hashable, ordered by its dates, and written as
a canonical label (``2019/20``, ``Q1 2019/20``, ``Apr 2019``) that
:func:`parse_period` reads back.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import TypeAlias, TypeVar

import attrs

from ._checks import instance_of
from ._errors import InvalidPeriodError

__all__ = [
    "MONTH_ABBREVIATIONS",
    "MONTH_NAMES",
    "Month",
    "Period",
    "Quarter",
    "Year",
    "in_own_years",
    "parse_period",
    "pooled_span",
    "read_label",
    "read_period",
]

#: The months' abbreviations, January first, as period labels write them
#: (``Apr 2019``).
MONTH_ABBREVIATIONS = (
    *("Jan", "Feb", "Mar", "Apr", "May", "Jun"),
    *("Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
)
#: The months' full names, January first.
MONTH_NAMES = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)
# Each spelling of a month a label may use, casefolded, to the month's
# number: its abbreviation, its full name, and "Sept".
_MONTH_NUMBERS = {
    **{
        name.casefold(): number
        for number, names in enumerate(
            zip(MONTH_ABBREVIATIONS, MONTH_NAMES, strict=True), start=1
        )
        for name in names
    },
    "sept": 9,
}

# Years outside this range cannot hold all their months in ``datetime.date``.
_MIN_YEAR = 1000
_MAX_YEAR = 9998

_P = TypeVar("_P", "Year", "Quarter", "Month")


def check_start_month(
    _: object, attribute: attrs.Attribute[int], value: object
) -> None:
    """Validate a year's start month: a whole number from 1 to 12."""
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 12:
        raise InvalidPeriodError(attribute.name, value, "a month number from 1 to 12")


def _check_year(_: object, attribute: attrs.Attribute[int], value: object) -> None:
    if (
        not isinstance(value, int)
        or isinstance(value, bool)
        or not _MIN_YEAR <= value <= _MAX_YEAR
    ):
        raise InvalidPeriodError(
            attribute.name, value, f"a year from {_MIN_YEAR} to {_MAX_YEAR}"
        )


class _Ordered:
    """Orders periods by their first month, then their last month.

    A year sorts after its first quarter and its first month, which sorts
    reports the way councils print them: months, quarters, then the year.
    Comparisons use whole-number month indices (``year * 12 + month - 1``),
    never dates, so that sorting thousands of periods costs no date
    arithmetic.
    """

    __slots__ = ()

    @property
    def start(self) -> dt.date:
        """The first day of the period."""
        first = self._span()[0]
        return dt.date(first // 12, first % 12 + 1, 1)

    @property
    def end(self) -> dt.date:
        """The last day of the period."""
        # Imported here: no ordering or lookup needs dates, so a program
        # that never asks for one never loads dateutil.
        from dateutil.relativedelta import relativedelta  # noqa: PLC0415

        last = self._span()[1]
        return dt.date(last // 12, last % 12 + 1, 1) + relativedelta(day=31)

    def _span(self) -> tuple[int, int]:
        """The indices of the first and last months (``year * 12 + month - 1``)."""
        raise NotImplementedError

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, _Ordered):
            return NotImplemented
        return self._span() < other._span()

    def __le__(self, other: object) -> bool:
        if not isinstance(other, _Ordered):
            return NotImplemented
        return self._span() <= other._span()

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, _Ordered):
            return NotImplemented
        return self._span() > other._span()

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, _Ordered):
            return NotImplemented
        return self._span() >= other._span()

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The canonical label, as :func:`parse_period` reads it."""
        raise NotImplementedError

    def contains(self, other: Period) -> bool:
        """Whether *other* lies wholly within this period.

        A period contains itself.
        """
        first, last = self._span()
        other_first, other_last = other._span()  # noqa: SLF001 - a period too.
        return first <= other_first and other_last <= last


@attrs.frozen(order=False, cache_hash=True)
class Year(_Ordered):
    """A twelve-month reporting year.

    Args:
        year: The calendar year in which the year starts (2019 for 2019/20).
        start_month: The month the year starts in: 4 (April) for the UK
            financial year, 9 for an academic year, 1 for a calendar year.

    >>> Year(2019).label
    '2019/20'
    >>> Year(2019, start_month=1).label
    '2019'
    >>> Year(2019).previous()
    Year(year=2018, start_month=4)

    .. versionadded:: 0.1.0
    """

    year: int = attrs.field(validator=_check_year)
    start_month: int = attrs.field(default=4, validator=check_start_month)

    def _span(self) -> tuple[int, int]:
        first = self.year * 12 + self.start_month - 1
        return (first, first + 11)

    @property
    def label(self) -> str:
        """The canonical label: ``2019/20``, ``2019`` or ``2019/20 (Sep-Aug)``."""
        if self.start_month == 1:
            return str(self.year)
        label = f"{self.year}/{(self.year + 1) % 100:02d}"
        if self.start_month != 4:
            first = MONTH_ABBREVIATIONS[self.start_month - 1]
            last = MONTH_ABBREVIATIONS[(self.start_month + 10) % 12]
            label += f" ({first}-{last})"
        return label

    def previous(self) -> Year:
        """The year before this one."""
        return _shifted(self, -1)

    def next(self) -> Year:
        """The year after this one."""
        return _shifted(self, 1)

    def shift(self, years: int) -> Year:
        """The year *years* after (or, if negative, before) this one."""
        return _shifted(self, years)

    def same_period_last_year(self) -> Year:
        """The year before this one (a year's like-for-like comparator)."""
        return self.previous()

    def quarters(self) -> tuple[Quarter, ...]:
        """The year's four quarters, in order."""
        return _quarters(self)

    def months(self) -> tuple[Month, ...]:
        """The year's twelve months, in order."""
        return _months(self)

    def year_to_date(self) -> tuple[Year]:
        """The periods of this kind from the start of the year: the year itself."""
        return (self,)

    def financial_year(self) -> Year:
        """The year itself, for symmetry with quarters and months."""
        return self

    @property
    def is_year_end(self) -> bool:
        """Whether the period closes its year: always, for a year."""
        return True


@attrs.frozen(order=False, cache_hash=True)
class Quarter(_Ordered):
    """One of the four three-month quarters of a :class:`Year`.

    Args:
        year: The year the quarter belongs to.
        number: 1 to 4, counted from the year's start (Q1 of 2019/20 is
            April to June 2019).

    >>> q1 = Quarter(Year(2019), 1)
    >>> q1.label
    'Q1 2019/20'
    >>> q1.previous().label
    'Q4 2018/19'
    >>> [m.label for m in q1.months()]
    ['Apr 2019', 'May 2019', 'Jun 2019']

    .. versionadded:: 0.1.0
    """

    year: Year = attrs.field(validator=instance_of(Year, "a Year"))
    number: int = attrs.field()

    @number.validator
    def _check_number(self, attribute: attrs.Attribute[int], value: object) -> None:
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 4:
            raise InvalidPeriodError(attribute.name, value, "a quarter number 1 to 4")

    def _span(self) -> tuple[int, int]:
        year = self.year
        first = year.year * 12 + year.start_month + 3 * self.number - 4
        return (first, first + 2)

    @property
    def label(self) -> str:
        """The canonical label, such as ``Q1 2019/20``."""
        return f"Q{self.number} {self.year.label}"

    def shift(self, quarters: int) -> Quarter:
        """The quarter *quarters* after (or, if negative, before) this one."""
        return _shifted(self, quarters)

    def previous(self) -> Quarter:
        """The quarter before this one (Q4 of the previous year for a Q1)."""
        return _shifted(self, -1)

    def next(self) -> Quarter:
        """The quarter after this one."""
        return _shifted(self, 1)

    def same_period_last_year(self) -> Quarter:
        """The same quarter of the previous year."""
        return _shifted(self, -4)

    def months(self) -> tuple[Month, ...]:
        """The quarter's three months, in order."""
        return _months(self)

    def year_to_date(self) -> tuple[Quarter, ...]:
        """The quarters of the year up to and including this one."""
        return _quarters(self.year)[: self.number]

    def financial_year(self) -> Year:
        """The year the quarter belongs to."""
        return self.year

    @property
    def is_year_end(self) -> bool:
        """Whether this is the year's last quarter."""
        return self.number == 4


@attrs.frozen(order=False, cache_hash=True)
class Month(_Ordered):
    """A calendar month.

    A month belongs to whichever year contains it; the year's start month is
    passed to the methods that need it (April by default).

    Args:
        year: The calendar year.
        month: 1 (January) to 12 (December).

    >>> m = Month(2019, 4)
    >>> m.label
    'Apr 2019'
    >>> m.quarter().label
    'Q1 2019/20'
    >>> Month(2019, 1).financial_year().label
    '2018/19'

    .. versionadded:: 0.1.0
    """

    year: int = attrs.field(validator=_check_year)
    month: int = attrs.field()

    @month.validator
    def _check_month(self, attribute: attrs.Attribute[int], value: object) -> None:
        if (
            not isinstance(value, int)
            or isinstance(value, bool)
            or not 1 <= value <= 12
        ):
            raise InvalidPeriodError(attribute.name, value, "a month number 1 to 12")

    def _span(self) -> tuple[int, int]:
        index = self.year * 12 + self.month - 1
        return (index, index)

    @property
    def label(self) -> str:
        """The canonical label, such as ``Apr 2019``."""
        return f"{MONTH_ABBREVIATIONS[self.month - 1]} {self.year}"

    def shift(self, months: int) -> Month:
        """The month *months* after (or, if negative, before) this one."""
        return _shifted(self, months)

    def previous(self) -> Month:
        """The month before this one."""
        return _shifted(self, -1)

    def next(self) -> Month:
        """The month after this one."""
        return _shifted(self, 1)

    def same_period_last_year(self) -> Month:
        """The same month of the previous year."""
        return _shifted(self, -12)

    def months(self) -> tuple[Month]:
        """The month itself."""
        return (self,)

    def financial_year(self, start_month: int = 4) -> Year:
        """The year, starting in *start_month*, that contains this month."""
        return _quarter_of(self, start_month).year

    def quarter(self, start_month: int = 4) -> Quarter:
        """The quarter of the year starting in *start_month* containing this month."""
        return _quarter_of(self, start_month)

    def year_to_date(self, start_month: int = 4) -> tuple[Month, ...]:
        """The months from the start of the year up to and including this one."""
        months = _months(_quarter_of(self, start_month).year)
        return months[: (self.month - start_month) % 12 + 1]

    def is_last_of_year(self, start_month: int = 4) -> bool:
        """Whether this month closes the year starting in *start_month*."""
        return (self.month - start_month) % 12 == 11


Period: TypeAlias = Year | Quarter | Month
"""Any reporting period: a :class:`Year`, :class:`Quarter` or :class:`Month`."""

# Periods are values, and the same few hundred recur in every measure of a
# plan.  Each period made by reading a label or by moving from another
# period is pooled, so that equal periods are usually the same object (a
# dictionary lookup then needs no field comparison), and each move is
# computed once.  The pool holds at most the periods a program has named or
# reached, which the range of valid years bounds.
_POOL: dict[Period, Period] = {}
# The span of each pooled period, for sorting by a key that runs no Python.
_SPANS: dict[Period, tuple[int, int]] = {}

#: The span (first and last month indices) of a pooled period; a KeyError
#: for a period that is not pooled.
pooled_span = _SPANS.__getitem__


def _pooled(period: _P) -> _P:
    """The pooled period equal to *period*."""
    found = _POOL.setdefault(period, period)
    if found is period:
        _SPANS[period] = period._span()  # noqa: SLF001 - the module's own.
    return found  # type: ignore[return-value]


def _shifted(period: _P, steps: int) -> _P:
    """*period* moved *steps* periods of its own length."""
    return _shift(period, steps)  # type: ignore[return-value]


@functools.lru_cache(maxsize=1 << 16)
def _shift(period: Period, steps: int) -> Period:
    if isinstance(period, Month):
        index = period.year * 12 + period.month - 1 + steps
        return _pooled(Month(index // 12, index % 12 + 1))
    if isinstance(period, Quarter):
        index = period.number - 1 + steps
        year = _shifted(period.year, index // 4)
        return _pooled(Quarter(year, index % 4 + 1))
    return _pooled(Year(period.year + steps, period.start_month))


@functools.lru_cache(maxsize=1 << 14)
def _quarters(year: Year) -> tuple[Quarter, ...]:
    """The four quarters of *year*, pooled."""
    year = _pooled(year)
    return tuple(_pooled(Quarter(year, n)) for n in range(1, 5))


@functools.lru_cache(maxsize=1 << 14)
def _months(period: Year | Quarter) -> tuple[Month, ...]:
    """The months of *period*, in order, pooled."""
    first, last = period._span()  # noqa: SLF001 - the module's own helper.
    return tuple(
        _pooled(Month(index // 12, index % 12 + 1)) for index in range(first, last + 1)
    )


@functools.lru_cache(maxsize=1 << 16)
def _quarter_of(month: Month, start_month: int) -> Quarter:
    """The quarter of the year starting in *start_month* that holds *month*."""
    year = month.year if month.month >= start_month else month.year - 1
    offset = (month.month - start_month) % 12
    return _quarters(_pooled(Year(year, start_month)))[offset // 3]


_EXPECTED = (
    "a period label such as '2019/20', 'Q1 2019/20', 'Apr 2019', "
    "'Q1 Apr - June 2019', 'Apr-19' or '2019-04'"
)

_FIN_YEAR = (
    r"(?P<y1>\d{4})\s*[/-]\s*(?P<y2>\d{4}|\d{2})"
    r"(?:\s*\((?P<span>[a-z]{3}\s*-\s*[a-z]{3})\))?"
)
_YEAR_FORMS = re.compile(
    rf"^(?:(?:year\s*end(?:ing)?|fy|financial\s+year)\s*)?{_FIN_YEAR}$"
)
_CAL_YEAR = re.compile(r"^(?:calendar\s+year\s+)?(?P<y>\d{4})$")
_QUARTER_FIRST = re.compile(rf"^q(?P<q>[1-4])\s+(?:{_FIN_YEAR}|(?P<cal>\d{{4}}))$")
_QUARTER_LAST = re.compile(rf"^{_FIN_YEAR}\s+q(?P<q>[1-4])$")
_QUARTER_SPAN = re.compile(
    r"^q(?P<q>[1-4])\s+(?P<m1>[a-z]+)\s*-\s*(?P<m2>[a-z]+)\s*(?P<y>\d{4}|\d{2})$"
)
_MONTH_NAMED = re.compile(r"^(?P<m>[a-z]+)\s*[-\s]\s*(?P<y>\d{4}|\d{2})$")
_MONTH_ISO = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{2})$")


def _full_year(text: str) -> int:
    """Reads a four-digit year, or a two-digit one as 19xx or 20xx."""
    number = int(text)
    if len(text) == 2:
        return 2000 + number if number < 70 else 1900 + number
    return number


def _financial_year(label: str, match: re.Match[str], default_start: int) -> Year:
    first = int(match["y1"])
    second = match["y2"]
    expected_second = (first + 1) % 100 if len(second) == 2 else first + 1
    if int(second) != expected_second:
        raise InvalidPeriodError(
            "period",
            label,
            f"a year whose second part follows its first ({first}/"
            f"{(first + 1) % 100:02d})",
        )
    start_month = default_start
    if match["span"]:
        first_month = _MONTH_NUMBERS.get(match["span"][:3])
        if first_month is None:
            raise InvalidPeriodError("period", label, _EXPECTED)
        start_month = first_month
    return _year(label, first, start_month)


def _year(label: str, year: int, start_month: int) -> Year:
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        raise InvalidPeriodError(
            "period", label, f"a year from {_MIN_YEAR} to {_MAX_YEAR}"
        )
    return Year(year, start_month)


def _month(label: str, name: str, year: int) -> Month:
    number = _MONTH_NUMBERS.get(name)
    if number is None:
        raise InvalidPeriodError("period", label, _EXPECTED)
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        raise InvalidPeriodError(
            "period", label, f"a year from {_MIN_YEAR} to {_MAX_YEAR}"
        )
    return Month(year, number)


def parse_period(label: str, *, year_start_month: int = 4) -> Period:
    """Read a period label as councils write it.

    Canonical labels (``2019/20``, ``Q1 2019/20``, ``Apr 2019``) read back to
    the period that wrote them, and so do the forms found in published
    reports: ``Year end 2018/19``, ``2019-20``, ``2019-20 Q1``, ``Q1 Apr -
    June 2019``, ``Q4 Jan- March 19``, ``Apr-19``, ``April 2019`` and
    ``2019-04``.  Case and spacing do not matter.

    Args:
        label: The text to read.
        year_start_month: The month that years written without an explicit
            span (``2019/20``) start in; April by default.  A four-digit year
            on its own (``2019``) is a calendar year.

    Returns:
        The :class:`Year`, :class:`Quarter` or :class:`Month` the label names.

    Raises:
        InvalidPeriodError: The label is not a period, or is ambiguous
            (``2011-12`` could be a year or December 2011).

    >>> parse_period("Q1 Apr - June 2019").label
    'Q1 2019/20'
    >>> parse_period("Year end 2018/19").label
    '2018/19'
    >>> parse_period("Apr-19").label
    'Apr 2019'

    .. versionadded:: 0.1.0
    """
    # Checked at run time too: callers pass cells straight from files.
    given: object = label
    start: object = year_start_month
    if not isinstance(given, str):
        raise InvalidPeriodError("period", given, _EXPECTED)
    if not isinstance(start, int) or isinstance(start, bool) or not 1 <= start <= 12:
        raise InvalidPeriodError(
            "year_start_month", year_start_month, "a month number from 1 to 12"
        )
    return read_label(label, year_start_month)


@functools.lru_cache(maxsize=1 << 13)
def read_label(label: str, year_start_month: int) -> Period:
    """:func:`parse_period` without its argument checks, remembered.

    Plans repeat the same hundred or so labels across every measure, so the
    regular expressions run once a label, and equal labels give the same
    period object.
    """
    return _pooled(_parse(label, year_start_month))  # type: ignore[type-var]


def _parse(label: str, year_start_month: int) -> Period:
    text = " ".join(label.split()).casefold()

    if match := _MONTH_ISO.match(text):
        month_number = int(match["m"])
        year = int(match["y"])
        is_year = int(match["m"]) == (year + 1) % 100
        if is_year and 1 <= month_number <= 12:
            raise InvalidPeriodError(
                "period",
                label,
                f"an unambiguous label ('{year}/{month_number:02d}' for the year, "
                f"'{MONTH_ABBREVIATIONS[month_number - 1]} {year}' for the month)",
            )
        if not is_year:
            if not 1 <= month_number <= 12:
                raise InvalidPeriodError("period", label, _EXPECTED)
            return _month(label, MONTH_ABBREVIATIONS[month_number - 1].casefold(), year)
    if match := _YEAR_FORMS.match(text):
        return _financial_year(label, match, year_start_month)
    if match := _CAL_YEAR.match(text):
        return _year(label, int(match["y"]), 1)
    if match := _QUARTER_FIRST.match(text) or _QUARTER_LAST.match(text):
        number = int(match["q"])
        if match["y1"]:
            return Quarter(_financial_year(label, match, year_start_month), number)
        return Quarter(_year(label, int(match["cal"]), 1), number)
    if match := _QUARTER_SPAN.match(text):
        number = int(match["q"])
        year = _full_year(match["y"])
        first = _month(label, match["m1"], year)
        last = _month(label, match["m2"], year)
        quarter = last.quarter(year_start_month)
        if quarter.number != number or quarter.months()[0].month != first.month:
            raise InvalidPeriodError(
                "period",
                label,
                f"a quarter whose months match its number (Q{quarter.number} "
                f"runs {MONTH_ABBREVIATIONS[quarter.months()[0].month - 1]}-"
                f"{MONTH_ABBREVIATIONS[last.month - 1]} in years starting in "
                f"{MONTH_ABBREVIATIONS[year_start_month - 1]})",
            )
        return quarter
    if match := _MONTH_NAMED.match(text):
        return _month(label, match["m"], _full_year(match["y"]))
    raise InvalidPeriodError("period", label, _EXPECTED)


def _start_words(start_month: int) -> str:
    return MONTH_NAMES[start_month - 1]


def _meant(period: Year | Quarter, start_month: int) -> tuple[Period, ...]:
    """The periods of years starting in *start_month* that *period* may mean.

    First the period with the same number in the year that starts in the
    same calendar year (``Q2 2023`` -> ``Q2 2023/24``), then the one covering
    the same months, where there is one.
    """
    if isinstance(period, Year):
        same = Year(period.year, start_month)
        return (same, same.previous())
    same_number = Quarter(Year(period.year.year, start_month), period.number)
    first = Month(period.start.year, period.start.month)
    same_months = first.quarter(start_month)
    if same_months.start == period.start and same_months != same_number:
        return (same_number, same_months)
    return (same_number,)


def in_own_years(period: Period, start_month: int, field: str = "period") -> Period:
    """*period*, checked to be a period of years starting in *start_month*.

    Months belong to any kind of year.  A year or quarter of another kind
    (a calendar quarter where years start in April) is refused with the
    labels it may have meant, never silently read as something else.

    Raises:
        InvalidPeriodError: The period is a year or quarter of another kind.

    .. versionadded:: 0.2.0
    """
    if isinstance(period, Month):
        return period
    year = period if isinstance(period, Year) else period.year
    if year.start_month == start_month:
        return period
    options = " or ".join(f"'{p.label}'" for p in _meant(period, start_month))
    kind = "a calendar" if year.start_month == 1 else "another kind of"
    raise InvalidPeriodError(
        field,
        period.label,
        f"a period of years starting in {_start_words(start_month)}, not "
        f"{kind} {'year' if isinstance(period, Year) else 'quarter'}; "
        f"perhaps {options}",
    )


@functools.lru_cache(maxsize=1 << 12)
def _own_label(label: str, start_month: int) -> Period | None:
    """The period *label* names in years starting in *start_month*, or None."""
    try:
        return in_own_years(
            parse_period(label, year_start_month=start_month), start_month
        )
    except InvalidPeriodError:
        return None


def read_period(value: object, start_month: int = 4, field: str = "period") -> Period:
    """A period, or a label read as a period of years starting in *start_month*.

    Unlike :func:`parse_period`, a label or period that names a year or
    quarter of another kind (``Q2 2023``, a calendar quarter, where years
    start in April) is refused with the labels it may have meant.

    Args:
        value: A :class:`Year`, :class:`Quarter` or :class:`Month`, or a label.
        start_month: The month the years in question start in.
        field: The field to name in an error.

    Raises:
        InvalidPeriodError: *value* is not a period of such years.

    >>> read_period("Q2 2019/20").label
    'Q2 2019/20'
    >>> read_period("Q2 2023")
    Traceback (most recent call last):
    ...
    perfmeasures._errors.InvalidPeriodError: 'period' must be a period of years \
starting in April, not a calendar quarter; perhaps 'Q2 2023/24' or 'Q1 2023/24' \
(got 'Q2 2023')

    .. versionadded:: 0.2.0
    """
    if type(value) is str and field == "period" and type(start_month) is int:
        # Checked once a label and start month; a refusal is checked anew
        # each time, to say where it was made.
        found = _own_label(value, start_month)
        if found is not None:
            return found
    if isinstance(value, str):
        period = parse_period(value, year_start_month=start_month)
        try:
            return in_own_years(period, start_month, field)
        except InvalidPeriodError as error:
            raise InvalidPeriodError(field, value, error.expected) from None
    if isinstance(value, Year | Quarter | Month):
        return in_own_years(value, start_month, field)
    raise InvalidPeriodError(field, value, "a period or a period label")
