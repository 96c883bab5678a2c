"""Published figures and the period-indexed maps that hold them.

A :class:`Value` is what a report printed for one period: a figure for the
period alone, a cumulative year-to-date figure, a numerator and denominator,
or the reason it is missing.  A :class:`PeriodMap` is an immutable mapping
from periods to anything, looked up by period in constant time.
"""

from __future__ import annotations

import decimal
import enum
import functools
import re
from collections.abc import (
    Callable,
    ItemsView,
    Iterable,
    Iterator,
    KeysView,
    Mapping,
    ValuesView,
)
from decimal import Decimal
from typing import Any, Generic, TypeAlias, TypeVar, overload

import attrs

from ._arithmetic import CONTEXT, EXACT, check_figure, round_quotient
from ._checks import optional_instance_of, unchecked
from ._errors import InvalidValueError
from ._periods import (
    Month,
    Period,
    Quarter,
    Year,
    parse_period,
    pooled_span,
    read_label,
)

__all__ = [
    "CONTEXT",
    "FigureMap",
    "Layout",
    "MissingReason",
    "PeriodMap",
    "Value",
    "figure_in",
    "figure_map",
    "layout_of",
    "period_map",
    "to_decimal",
    "unboxed",
]

_NUMBER = "a finite number (such as 94.8 or '94.8')"
_SEPARATED = "a number with a comma between every three digits, such as '1,234.5'"
# Digits in groups of three after the first one to three: "1,234", "12,345.6".
_GROUPED = re.compile(r"[-+]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")


def to_decimal(value: object, field: str = "value") -> Decimal:
    """Convert a published number to an exact :class:`~decimal.Decimal`.

    Strings and integers convert exactly; floats convert through their
    shortest ``repr`` (``94.8`` becomes ``Decimal('94.8')``, not the binary
    expansion).  Strings may separate thousands with commas in their proper
    places only (``'1,288'``, ``'-12,345.6'``; not ``'1,2,3'`` or ``'12,34'``).

    Every figure perfmeasures takes (values, targets, rule parameters) comes
    through here and must be below ``1E+15`` in absolute value, with at most
    28 significant digits and 28 decimal places: ample for any council
    figure, and small enough that every figure is exact in the package's
    28-digit arithmetic and that every evaluation of one is computed exactly.

    Args:
        value: The number to convert.
        field: The field name to report if the value is not a number.

    Raises:
        InvalidValueError: The value is not a finite number, misplaces a
            thousands separator, or is out of that range.

    >>> to_decimal(94.8)
    Decimal('94.8')
    >>> to_decimal("1,288")
    Decimal('1288')
    >>> to_decimal("1,2,3")
    Traceback (most recent call last):
    ...
    perfmeasures._errors.InvalidValueError: 'value' must be a number with a comma \
between every three digits, such as '1,234.5' (got '1,2,3')

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Thousands separators only every three digits; figures from ``1E+15``
       up, or with more than 28 digits or decimal places, are refused.
    """
    if isinstance(value, bool):
        raise InvalidValueError(field, value, _NUMBER)
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(repr(value))
    elif isinstance(value, str):
        result = _from_text(value, field)
    else:
        raise InvalidValueError(field, value, _NUMBER)
    if not result.is_finite():
        raise InvalidValueError(field, value, _NUMBER)
    return check_figure(result, field, value)


def _from_text(value: str, field: str) -> Decimal:
    text = value.strip()
    if "," in text:
        if _GROUPED.fullmatch(text) is None:
            raise InvalidValueError(field, value, _SEPARATED)
        text = text.replace(",", "")
    # Decimal() also reads "1_000" and digits of other scripts; a published
    # figure is written in ASCII digits.
    if "_" in text or not text.isascii():
        raise InvalidValueError(field, value, _NUMBER)
    try:
        return Decimal(text)
    except decimal.InvalidOperation:
        raise InvalidValueError(field, value, _NUMBER) from None


def optional_decimal(value: object, field: str) -> Decimal | None:
    """Like :func:`to_decimal`, but ``None`` stays ``None``."""
    return None if value is None else to_decimal(value, field)


class MissingReason(enum.Enum):
    """Why a figure is missing.

    .. versionadded:: 0.1.0
    """

    NOT_AVAILABLE = "not_available"
    """The report says the figure is not available."""
    NOT_YET_AVAILABLE = "not_yet_available"
    """The figure is not available yet (infrequent or late data)."""
    NOT_PUBLISHED = "not_published"
    """Nothing was published for the period and nothing can be derived."""


def _convert_amount(value: object) -> Decimal | None:
    return optional_decimal(value, "amount")


def _convert_year_to_date(value: object) -> Decimal | None:
    return optional_decimal(value, "year_to_date")


def _convert_numerator(value: object) -> Decimal | None:
    return optional_decimal(value, "numerator")


def _convert_denominator(value: object) -> Decimal | None:
    return optional_decimal(value, "denominator")


@attrs.frozen(kw_only=True)
class Value:
    """What a report published for one period.

    At least one figure is given, or a reason for its absence.  ``amount`` is
    the figure for the period alone; ``year_to_date`` the cumulative figure
    from the start of the year to the end of the period (published as
    ``145 (Cumulative)``).  A proportion may keep the numerator and
    denominator it came from.

    Args:
        amount: The figure for the period, as published.
        year_to_date: The cumulative figure to the end of the period.
        numerator: The count the figure was computed from, if known.
        denominator: The base the figure was computed from, if known.
        missing: Why no figure is given.

    >>> Value.of("94.8").amount
    Decimal('94.8')
    >>> Value.from_ratio(8, 18).amount
    Decimal('44.4')

    .. versionadded:: 0.1.0
    """

    amount: Decimal | None = attrs.field(default=None, converter=_convert_amount)
    year_to_date: Decimal | None = attrs.field(
        default=None, converter=_convert_year_to_date
    )
    numerator: Decimal | None = attrs.field(default=None, converter=_convert_numerator)
    denominator: Decimal | None = attrs.field(
        default=None, converter=_convert_denominator
    )
    missing: MissingReason | None = attrs.field(
        default=None,
        validator=optional_instance_of(MissingReason, "a MissingReason"),
    )

    @missing.validator
    def _check_figures(
        self, _: attrs.Attribute[MissingReason | None], missing: MissingReason | None
    ) -> None:
        has_figure = self.amount is not None or self.year_to_date is not None
        if missing is not None and (has_figure or self.numerator is not None):
            raise InvalidValueError("missing", missing, "absent when a figure is given")
        if missing is None and not has_figure:
            raise InvalidValueError(
                "amount", None, "a figure, a year-to-date figure or a missing reason"
            )
        if (self.numerator is None) != (self.denominator is None):
            raise InvalidValueError(
                "denominator",
                self.denominator,
                "given together with the numerator, or not at all",
            )
        if self.denominator is not None and self.denominator <= 0:
            raise InvalidValueError(
                "denominator", self.denominator, "a number greater than 0"
            )

    @classmethod
    def of(cls, amount: object) -> Value:
        """A figure for the period alone."""
        figure = to_decimal(amount, "amount")
        if cls is Value:
            # A figure alone, checked just now, needs no other check.
            return _figure_alone(figure, None, None, None, None)
        return cls(amount=figure)

    @classmethod
    def cumulative(cls, year_to_date: object) -> Value:
        """A cumulative figure, from the start of the year to the period's end."""
        return cls(year_to_date=to_decimal(year_to_date, "year_to_date"))

    @classmethod
    def not_available(
        cls, reason: MissingReason = MissingReason.NOT_AVAILABLE
    ) -> Value:
        """A figure the report says is missing."""
        return cls(missing=reason)

    @classmethod
    def from_ratio(
        cls,
        numerator: object,
        denominator: object,
        *,
        scale: int = 100,
        places: int = 1,
    ) -> Value:
        """A proportion computed from its parts and rounded as published.

        Args:
            numerator: The count (8 reports screened).
            denominator: The base (18 reports needing screening).
            scale: 100 for a percentage, 10000 for a rate per 10,000.
            places: Decimal places the figure is published to.
        """
        num = to_decimal(numerator, "numerator")
        den = to_decimal(denominator, "denominator")
        if den <= 0:
            raise InvalidValueError(
                "denominator", denominator, "a number greater than 0"
            )
        # Rounded once, from the exact quotient, whatever its size.
        amount = round_quotient(EXACT.multiply(num, scale), den, places)
        return cls(amount=amount, numerator=num, denominator=den)


_figure_alone = unchecked(Value)

K = TypeVar("K")
V = TypeVar("V")
_D = TypeVar("_D")


#: Periods in the order a map was given them, and the order they sort in
#: (None where they are in order already).
Layout: TypeAlias = tuple[tuple[Period, ...], tuple[int, ...] | None]


def layout_of(periods: tuple[Period, ...]) -> Layout:
    """*periods*, distinct, with the order they sort in."""
    order = sorted(range(len(periods)), key=lambda i: _span(periods[i]))
    return periods, None if order == list(range(len(periods))) else tuple(order)


def _ordered(layout: Layout, values: Iterable[V]) -> dict[Period, V]:
    periods, order = layout
    if order is None:
        return dict(zip(periods, values, strict=True))
    listed = list(values)
    return {periods[i]: listed[i] for i in order}


@functools.lru_cache(maxsize=256)
def _layout(keys: tuple[object, ...], year_start_month: int) -> Layout | None:
    """The layout of a map's *keys*, read as labels: remembered.

    The measures of a plan mostly share one run of labels, so each run is
    read and sorted once.  None for keys that are not all labels of
    distinct periods: the long way then says what is wrong.
    """
    if not all(type(key) is str for key in keys):
        return None
    try:
        periods = tuple(read_label(key, year_start_month) for key in keys)
    except InvalidValueError:
        return None
    if len(set(periods)) != len(periods):
        return None
    return layout_of(periods)


def period_map(items: dict[Period, V]) -> PeriodMap[V]:
    """A :class:`PeriodMap` of *items*, which are already keyed by periods.

    For readers that made the periods themselves: no key is read or checked
    again, only put in order.
    """
    result: PeriodMap[V] = PeriodMap.__new__(PeriodMap)
    result._items = _in_order(items)  # noqa: SLF001
    return result


def _in_order(items: dict[Period, V]) -> dict[Period, V]:
    """*items* in period order: by whole-number spans, never dates."""
    try:
        # Read from the pool by a key that runs no Python: the labels of a
        # plan all give pooled periods.
        order = sorted(items, key=pooled_span)
    except KeyError:
        order = sorted(items, key=_span)
    if order == list(items):
        return items
    return {period: items[period] for period in order}


def _span(period: Period) -> tuple[int, int]:
    return period._span()  # noqa: SLF001 - periods' order, as their own.


def _period_key(key: object, year_start_month: int) -> Period:
    if isinstance(key, str):
        return parse_period(key, year_start_month=year_start_month)
    if isinstance(key, Year | Quarter | Month):
        return key
    raise InvalidValueError("period", key, "a period or a period label")


class PeriodMap(Mapping[Period, V], Generic[V]):
    """An immutable mapping from periods to values, in period order.

    Keys may be given as periods or as labels that :func:`parse_period`
    reads.  Lookups are by period in constant time; iteration is in date
    order.  Two maps with equal items are equal and hash alike, so frozen
    classes that hold them stay hashable.

    Args:
        items: A mapping or an iterable of pairs.
        convert: Applied to every value (for example, to turn numbers into
            :class:`Value` instances).
        year_start_month: How to read year labels among the keys.

    >>> m = PeriodMap({"Q1 2019/20": 81})
    >>> m[parse_period("Q1 2019/20")]
    81

    .. versionadded:: 0.1.0
    """

    __slots__ = ("_items",)

    _items: dict[Period, V]

    def __init__(
        self,
        items: Mapping[Any, V] | Iterable[tuple[Any, V]] = (),
        *,
        convert: Callable[[object], V] | None = None,
        year_start_month: int = 4,
    ) -> None:
        if type(items) is PeriodMap:
            # Already keyed by periods, each once, in order.
            source: dict[Period, Any] = items._items  # noqa: SLF001 - its own kind.
            self._items = (
                dict(source)
                if convert is None
                else {key: convert(value) for key, value in source.items()}
            )
            return
        labels = type(year_start_month) is int and 1 <= year_start_month <= 12
        if labels and type(items) is dict:
            layout = _layout(tuple(items), year_start_month)
            if layout is not None:
                given = items.values()
                values = given if convert is None else map(convert, given)
                self._items = _ordered(layout, values)
                return
        pairs = items.items() if isinstance(items, Mapping) else items
        collected: dict[Period, V] = {}
        for key, value in pairs:
            if labels and type(key) is str:
                # The label reading that parse_period remembers, less its checks.
                period = read_label(key, year_start_month)
            else:
                period = _period_key(key, year_start_month)
            if period in collected:
                raise InvalidValueError(
                    "period", str(period), "each period at most once"
                )
            collected[period] = convert(value) if convert is not None else value
        self._items = _in_order(collected)

    def __getitem__(self, key: Period) -> V:
        return self._items[key]

    @overload
    def get(self, key: Period, /) -> V | None: ...
    @overload
    def get(self, key: Period, default: V, /) -> V: ...
    @overload
    def get(self, key: Period, default: _D, /) -> V | _D: ...
    def get(self, key: Period, default: object = None, /) -> object:
        """The value for *key*, or *default* (a plain dictionary lookup)."""
        return self._items.get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def keys(self) -> KeysView[Period]:
        """The periods, in order (the underlying dictionary's own view)."""
        return self._items.keys()

    def values(self) -> ValuesView[V]:
        """The values, in period order (the underlying dictionary's own view)."""
        return self._items.values()

    def items(self) -> ItemsView[Period, V]:
        """The pairs, in period order (the underlying dictionary's own view)."""
        return self._items.items()

    def __iter__(self) -> Iterator[Period]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PeriodMap):
            if type(other) is type(self):
                return self._items == other._items
            # A figure map against another map: item by item, as shown.
            return dict(self.items()) == dict(other.items())
        return NotImplemented

    def __hash__(self) -> int:
        return hash(frozenset(self.items()))

    def __repr__(self) -> str:
        inner = ", ".join(f"{k.label!r}: {v!r}" for k, v in self.items())
        return f"PeriodMap({{{inner}}})"


class FigureMap(PeriodMap[Value]):
    """A measure's values: a :class:`PeriodMap` of :class:`Value` to its users.

    A value that is a figure alone, as most are, is kept as the bare
    :class:`~decimal.Decimal` and made a :class:`Value` only when asked
    for: a plan of a million figures then holds a million decimals, which
    Python's garbage collector never walks, rather than a million objects it
    walks at every full collection.  Evaluation reads the decimals directly
    (:func:`figure_in`).
    """

    __slots__ = ()

    _items: dict[Period, Any]

    def __getitem__(self, key: Period) -> Value:
        return _boxed(self._items[key])

    def get(self, key: Period, default: object = None, /) -> Any:  # noqa: ANN401
        """The value for *key*, or *default*."""
        found = self._items.get(key, _ABSENT)
        return default if found is _ABSENT else _boxed(found)

    def values(self) -> ValuesView[Value]:
        """The values, in period order."""
        return ValuesView(self)

    def items(self) -> ItemsView[Period, Value]:
        """The pairs, in period order."""
        return ItemsView(self)


_ABSENT = object()


def _boxed(found: Decimal | Value) -> Value:
    if type(found) is Decimal:
        return _figure_alone(found, None, None, None, None)
    return found  # type: ignore[return-value]


def unboxed(value: Value) -> Decimal | Value:
    """What a :class:`FigureMap` keeps for *value*: a figure alone's decimal."""
    if (
        value.amount is not None
        and value.year_to_date is None
        and value.numerator is None
        and value.missing is None
        and type(value) is Value
    ):
        return value.amount
    return value


def figure_in(values: PeriodMap[Value], period: Period) -> Decimal | Value | None:
    """What *values* holds for *period*: a figure alone's decimal, a value, or None.

    The quickest read of a measure's values, for evaluation.
    """
    return values._items.get(period)  # noqa: SLF001 - the maps' own reader.


def figure_map(layout: Layout, figures: Iterable[Decimal | Value]) -> FigureMap:
    """A :class:`FigureMap` of *figures*, unboxed and checked, in layout order."""
    result = FigureMap.__new__(FigureMap)
    result._items = _ordered(layout, figures)  # noqa: SLF001
    return result
