"""Measures: what is measured, which way is good, and every figure published.

A :class:`Measure` is pure data.  It knows its polarity, unit, reporting
frequency, how a longer period's figure follows from shorter ones, its values
and targets by period, what reports printed about it, and the rules it is
rated by (as data: the code that applies them sits above the model).
"""

from __future__ import annotations

import enum
import itertools
import typing
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, TypeVar

import attrs

from ._arithmetic import check_figure
from ._checks import (
    FREE_TEXT,
    NAME,
    REFERENCE,
    instance_of,
    optional_instance_of,
    optional_text_of,
    text_of,
    tuple_of,
)
from ._errors import InvalidTargetError, InvalidValueError
from ._periods import Month, Period, Quarter, Year, check_start_month, in_own_years
from ._ratings import Override, Published
from ._rules import Rules, default_rules
from ._targets import Target, to_target
from ._values import FigureMap, PeriodMap, Value, to_decimal, unboxed

__all__ = [
    "Aggregation",
    "Benchmark",
    "Comparison",
    "Frequency",
    "Measure",
    "Polarity",
    "Unit",
    "UnitKind",
]


_T = TypeVar("_T")


class Polarity(enum.Enum):
    """Which way good performance lies ("Good performance: high / low").

    .. versionadded:: 0.1.0
    """

    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"
    CLOSEST_TO_TARGET = "closest_to_target"
    """Neither too high nor too low ("Goldilocks")."""
    NEUTRAL = "neutral"
    """No better direction: a volume or context measure."""

    @property
    def words(self) -> str:
        """The polarity as a report writes it."""
        return _POLARITY_WORDS[self]


_POLARITY_WORDS = {
    Polarity.HIGHER_IS_BETTER: "higher is better",
    Polarity.LOWER_IS_BETTER: "lower is better",
    Polarity.CLOSEST_TO_TARGET: "closest to target is best",
    Polarity.NEUTRAL: "no better direction",
}


class Frequency(enum.Enum):
    """How often a measure is reported.

    .. versionadded:: 0.1.0
    """

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUAL = "annual"


class Aggregation(enum.Enum):
    """How a longer period's figure follows from its parts.

    .. versionadded:: 0.1.0
    """

    SNAPSHOT = "snapshot"
    """The last part's figure (a count of open cases at the period's end)."""
    SUM = "sum"
    """The sum of the parts (admissions, homes built)."""
    AVERAGE = "average"
    """The mean of the parts."""
    RATIO = "ratio"
    """Summed numerators over summed denominators, scaled like the parts."""
    NONE = "none"
    """Longer periods are never derived; only published figures count."""


class UnitKind(enum.Enum):
    """What kind of quantity a measure counts.

    .. versionadded:: 0.1.0
    """

    COUNT = "count"
    PERCENTAGE = "percentage"
    RATE = "rate"
    """A rate per N of a population (per 10,000 children under 18)."""
    MONEY = "money"
    DAYS = "days"
    SCORE = "score"


def _check_per(instance: Unit, _: attrs.Attribute[int | None], per: int | None) -> None:
    if instance.kind is UnitKind.RATE and (
        not isinstance(per, int) or isinstance(per, bool) or per <= 0
    ):
        raise InvalidValueError("per", per, "a positive whole number for a rate")
    if instance.kind is not UnitKind.RATE and per is not None:
        raise InvalidValueError("per", per, "None unless the unit is a rate")


def _convert_value(value: object) -> Decimal:
    return to_decimal(value, "value")


@attrs.frozen(kw_only=True)
class Unit:
    """The unit a measure's figures are in.

    Args:
        kind: The kind of quantity.
        per: For a rate, the population base (10000 for "per 10K").
        label: Words to print after a figure, such as ``per 10K population
            under 18``.
        symbol: The currency symbol for money (``£`` by default).

    >>> Unit(kind=UnitKind.PERCENTAGE).format(Decimal("10.1"))
    '10.1%'
    >>> Unit().format(Decimal("1288"))
    '1,288'

    The label and symbol are names, as a measure's title is: no control
    character but tab and newline.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.3.0
       Control characters other than tab and newline are refused.
    """

    kind: UnitKind = attrs.field(
        default=UnitKind.COUNT, validator=instance_of(UnitKind, "a UnitKind")
    )
    per: int | None = attrs.field(default=None, validator=_check_per)
    label: str | None = attrs.field(default=None, validator=optional_text_of(NAME))
    symbol: str = attrs.field(default="£", validator=text_of(NAME))

    def format(self, amount: Decimal) -> str:
        """Write *amount* as a report would: ``10.1%``, ``1,288``, ``£2,500``."""
        text = f"{amount:,f}"
        if self.kind is UnitKind.PERCENTAGE:
            return f"{text}%"
        if self.kind is UnitKind.MONEY:
            sign = "-" if amount < 0 else ""
            return f"{sign}{self.symbol}{amount.copy_abs():,f}"
        return text


class Comparison(enum.Enum):
    """Which period a measure's direction of travel compares with.

    .. versionadded:: 0.1.0
    """

    PREVIOUS_PERIOD = "previous_period"
    SAME_PERIOD_LAST_YEAR = "same_period_last_year"
    """For seasonal measures (complaints, missed bins)."""


@attrs.frozen(kw_only=True)
class Benchmark:
    """A comparator published beside a measure (a national average).

    Args:
        name: Who the comparator is (``statistical neighbours``).
        value: Its figure.
        period: The period the figure is for, if stated.

    The name may hold no control character but tab and newline.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.3.0
       Control characters other than tab and newline are refused.
    """

    name: str = attrs.field(validator=text_of(NAME))
    value: Decimal = attrs.field(converter=_convert_value)
    period: Period | None = attrs.field(
        default=None,
        validator=optional_instance_of(Year | Quarter | Month, "a period"),
    )


def _map_of(
    value: object,
    convert: Callable[[object], _T],
    field: str,
    start_month: int,
    kind: type[PeriodMap[Any]] = PeriodMap,
) -> PeriodMap[_T]:
    """*value* as a period map keyed in years starting in *start_month*.

    Labels are read as periods of the measure's own years, and a year or
    quarter of another kind is refused: a September-year measure's
    ``2019/20`` is September 2019 to August 2020, and a calendar quarter
    has no place in an April-year measure.
    """
    if not isinstance(value, Mapping):
        raise InvalidValueError(field, value, "a mapping from periods")
    kept = _KEPT.get(convert)
    if (
        type(value) is kind
        and kept is not None
        and kept.issuperset(map(type, value._items.values()))  # noqa: SLF001
    ):
        # A map of what the field holds already (from a reader): kept as it
        # is, for maps are immutable.
        result: PeriodMap[_T] = value
    else:
        result = kind(value, convert=convert, year_start_month=start_month)
    for period in result:
        if isinstance(period, Month):
            continue
        year = period if isinstance(period, Year) else period.year
        if year.start_month != start_month:
            in_own_years(period, start_month, f"{field}[{period.label!r}]")
    return result


def _to_figure(value: object) -> Decimal | Value:
    """A value as a measure's :class:`FigureMap` keeps it (see there)."""
    if type(value) is Decimal and value.is_finite():
        # A figure alone, checked as Value.of checks it, without the calls.
        return check_figure(value, "amount", value)
    if isinstance(value, Value):
        return unboxed(value)
    return unboxed(Value.of(value))


def _instance(value: object, kind: type[_T], field: str, expected: str) -> _T:
    if not isinstance(value, kind):
        raise InvalidValueError(field, value, expected)
    return value


def _to_published(value: object) -> Published:
    return _instance(value, Published, "published", "a Published record")


def _to_override(value: object) -> Override:
    return _instance(value, Override, "overrides", "an Override")


def _to_note(value: object) -> str:
    return _instance(value, str, "notes", "text")


# For each conversion of a map's items, the types it gives back unchanged.
_KEPT: dict[Callable[[object], Any], frozenset[type]] = {
    _to_figure: frozenset({Decimal, Value}),
    _to_published: frozenset({Published}),
    _to_override: frozenset({Override}),
    _to_note: frozenset({str}),
}


def _to_benchmarks(value: object) -> tuple[Benchmark, ...]:
    return tuple_of(value, Benchmark, "benchmarks")


def _to_components(value: object) -> tuple[Measure, ...]:
    return tuple_of(value, Measure, "components")


def _check_ref(_: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidValueError(attribute.name, value, "a non-empty reference")
    REFERENCE.check(attribute.name, value)


def _start_of(measure: object) -> int:
    # Converters run in field order, after ``year_start_month`` was set but
    # before any validator: a bad start month reads keys as April years
    # here, and its own validator then names it.
    start = getattr(measure, "year_start_month", 4)
    valid = isinstance(start, int) and not isinstance(start, bool) and 1 <= start <= 12
    return start if valid else 4


def _convert_values(value: object, measure: object) -> PeriodMap[Value]:
    # Typed as the map its users see: a map of values.
    convert = typing.cast("Callable[[object], Value]", _to_figure)
    return _map_of(value, convert, "values", _start_of(measure), FigureMap)


def _convert_targets(value: object, measure: object) -> PeriodMap[Target]:
    return _map_of(value, to_target, "targets", _start_of(measure))


def _convert_published(value: object, measure: object) -> PeriodMap[Published]:
    return _map_of(value, _to_published, "published", _start_of(measure))


def _convert_overrides(value: object, measure: object) -> PeriodMap[Override]:
    return _map_of(value, _to_override, "overrides", _start_of(measure))


def _convert_notes(value: object, measure: object) -> PeriodMap[str]:
    return _map_of(value, _to_note, "notes", _start_of(measure))


def _own(convert: Callable[[object, object], _T]) -> attrs.Converter[object, _T]:
    """*convert* as a converter that sees the measure: its start month."""
    return attrs.Converter(convert, takes_self=True)


_optional_ref = optional_text_of(REFERENCE, "text or None")
_optional_name = optional_text_of(NAME, "text or None")


def _check_rules(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, Rules):
        raise InvalidValueError(
            attribute.name, value, "Rules (a status scheme and direction rule) or None"
        )


@attrs.frozen(kw_only=True)
class Measure:
    r"""A performance measure with everything published about it.

    Values and targets are keyed by period; keys may be given as labels.
    Numbers given for values become :class:`Value` figures, and numbers
    given for targets become :class:`FixedTarget` targets.

    Args:
        ref: The reference (``1.A2``), unique within a plan.
        title: What is measured.
        polarity: Which way good performance lies.
        unit: The unit of the figures.
        frequency: How often the measure is reported.
        aggregation: How a longer period's figure follows from its parts.
        compare_with: The direction of travel's comparator period.
        year_start_month: The month the measure's years start in.
        values: Published figures by period.
        targets: Targets keyed by the period each covers (usually a year).
        published: The status and direction reports printed, by period.
        overrides: Statuses set by hand, by period.
        notes: Data notes by period.
        priority: The key of the plan priority the measure serves.
        outcome: The outcome it serves, in words.
        action: The action it monitors.
        lead_accountability: The accountable director.
        lead_officer: The officer who reports it.
        benchmarks: Comparators published beside it.
        components: Parts of a multi-part measure (vehicles and drivers).
        data_only: Whether the measure is monitored without a target.
        under_development: Whether data collection or target setting is
            still being arranged.
        rules: The rules this measure is rated by, where they are its own
            rather than its plan's.
        inherited_rules: The rules of the plan that holds the measure, set
            by :class:`~perfmeasures.Plan` (not written to files: the plan
            holds them).

    Keys of the period maps are read as periods of the measure's own years
    (``year_start_month``); a year or quarter of another kind is refused.

    Text is checked for characters that could change what a reader sees:

    - :attr:`ref` and :attr:`priority` are references: they refuse every
      control character (tab and newline included), the bidirectional
      controls (U+202A to U+202E, U+2066 to U+2069) and invisible
      characters (zero-width spaces and joiners, bidirectional marks, the
      soft hyphen, U+FEFF).  The labels of a measure's parts are their
      references.
    - :attr:`title`, :attr:`outcome`, :attr:`action`,
      :attr:`lead_accountability` and :attr:`lead_officer` are names: a tab
      and a newline are allowed, but no other control character (no
      carriage return, NUL, escape, DEL or C1 control).  Bidirectional
      controls are allowed, for names in right-to-left scripts, and every
      renderer shows them visibly.
    - :attr:`notes` are free text: a carriage return is allowed too.

    No text may hold a lone surrogate.  A refusal is an
    :class:`~perfmeasures.InvalidValueError` naming the field and showing
    the text with the character escaped: ``'title' must be text without
    control characters other than tab and newline (got 'Rate\x1b[31m')``.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Measures carry their rules; period keys must be of their own years.
    .. versionchanged:: 0.3.0
       Control, bidirectional and invisible characters are refused as
       described above.
    """

    ref: str = attrs.field(validator=_check_ref)
    title: str = attrs.field(validator=text_of(NAME))
    polarity: Polarity = attrs.field(validator=instance_of(Polarity, "a Polarity"))
    unit: Unit = attrs.field(factory=Unit, validator=instance_of(Unit, "a Unit"))
    frequency: Frequency = attrs.field(
        default=Frequency.MONTHLY,
        validator=instance_of(Frequency, "a Frequency"),
    )
    aggregation: Aggregation = attrs.field(
        default=Aggregation.SNAPSHOT,
        validator=instance_of(Aggregation, "an Aggregation"),
    )
    compare_with: Comparison = attrs.field(
        default=Comparison.PREVIOUS_PERIOD,
        validator=instance_of(Comparison, "a Comparison"),
    )
    year_start_month: int = attrs.field(default=4, validator=check_start_month)
    values: PeriodMap[Value] = attrs.field(
        factory=PeriodMap,
        converter=_own(_convert_values),  # type: ignore[misc]  # mypy's attrs plugin knows no Converter.
    )
    targets: PeriodMap[Target] = attrs.field(
        factory=PeriodMap,
        converter=_own(_convert_targets),  # type: ignore[misc]  # mypy's attrs plugin knows no Converter.
    )
    published: PeriodMap[Published] = attrs.field(
        factory=PeriodMap,
        converter=_own(_convert_published),  # type: ignore[misc]  # mypy's attrs plugin knows no Converter.
    )
    overrides: PeriodMap[Override] = attrs.field(
        factory=PeriodMap,
        converter=_own(_convert_overrides),  # type: ignore[misc]  # mypy's attrs plugin knows no Converter.
    )
    notes: PeriodMap[str] = attrs.field(
        factory=PeriodMap,
        converter=_own(_convert_notes),  # type: ignore[misc]  # mypy's attrs plugin knows no Converter.
    )
    priority: str | None = attrs.field(default=None, validator=_optional_ref)
    outcome: str | None = attrs.field(default=None, validator=_optional_name)
    action: str | None = attrs.field(default=None, validator=_optional_name)
    lead_accountability: str | None = attrs.field(
        default=None, validator=_optional_name
    )
    lead_officer: str | None = attrs.field(default=None, validator=_optional_name)
    benchmarks: tuple[Benchmark, ...] = attrs.field(
        default=(), converter=_to_benchmarks
    )
    components: tuple[Measure, ...] = attrs.field(default=(), converter=_to_components)
    data_only: bool = attrs.field(
        default=False, validator=instance_of(bool, "True or False")
    )
    under_development: bool = attrs.field(
        default=False, validator=instance_of(bool, "True or False")
    )
    rules: Rules | None = attrs.field(default=None, validator=_check_rules)
    inherited_rules: Rules | None = attrs.field(default=None, validator=_check_rules)

    @property
    def rated_by(self) -> Rules:
        """The rules that rate the measure when none are passed to evaluate.

        Its own :attr:`rules` where it has them; else the rules of the plan
        holding it (:attr:`inherited_rules`); else the default
        :class:`~perfmeasures.Rules`.

        .. versionadded:: 0.2.0
        """
        if self.rules is not None:
            return self.rules
        if self.inherited_rules is not None:
            return self.inherited_rules
        return default_rules()

    @values.validator
    def _check_values(
        self, _: attrs.Attribute[PeriodMap[Value]], values: PeriodMap[Value]
    ) -> None:
        if self.unit.kind is not UnitKind.PERCENTAGE:
            return
        kept: Mapping[Period, Decimal | Value] = values._items  # noqa: SLF001
        for period, value in kept.items():
            for name in ("amount", "year_to_date"):
                # A figure alone is kept as its decimal (see FigureMap).
                figure = value if isinstance(value, Decimal) else getattr(value, name)
                if figure is not None and not Decimal(0) <= figure <= Decimal(100):
                    raise InvalidValueError(
                        f"values[{period.label!r}].{name}",
                        str(figure),
                        "a percentage from 0 to 100",
                    )

    @notes.validator
    def _check_notes(
        self, _: attrs.Attribute[PeriodMap[str]], notes: PeriodMap[str]
    ) -> None:
        for period, note in notes.items():
            FREE_TEXT.check(f"notes[{period.label!r}]", note)

    @targets.validator
    def _check_targets(
        self, _: attrs.Attribute[PeriodMap[Target]], targets: PeriodMap[Target]
    ) -> None:
        keys = list(targets)
        for earlier, later in itertools.pairwise(keys):
            # By month indices: a target's period starts after the last ends.
            if later._span()[0] <= earlier._span()[1]:  # noqa: SLF001
                raise InvalidTargetError(
                    "targets",
                    f"{earlier.label} and {later.label}",
                    "periods that do not overlap",
                )
        for period, target in targets.items():
            where = f"targets[{period.label!r}]"
            baseline = getattr(target, "baseline", None)
            if isinstance(baseline, Year | Quarter | Month):
                in_own_years(baseline, self.year_start_month, f"{where}.baseline")
            if self.unit.kind is UnitKind.PERCENTAGE:
                _check_percentages(target, where)

    @components.validator
    def _check_components(
        self, _: attrs.Attribute[tuple[Measure, ...]], value: tuple[Measure, ...]
    ) -> None:
        refs = set()
        for item in value:
            if not isinstance(item, Measure):
                raise InvalidValueError("components", item, "a Measure")
            if item.ref in refs:
                raise InvalidValueError("components", item.ref, "unique references")
            refs.add(item.ref)

    def target_entry(self, period: Period) -> tuple[Period, Target] | None:
        """The target covering *period*, with the period it is keyed by.

        Looks up the period itself, then the quarter and year containing it,
        so that history is rated against the target of its own time.
        """
        found = self.targets._items.get  # noqa: SLF001 - a hot path of evaluation.
        for key in _covering(period, self.year_start_month):
            target = found(key)
            if target is not None:
                return key, target
        return None

    def __repr__(self) -> str:
        from ._display import measure_repr  # noqa: PLC0415 - only when shown.

        return measure_repr(self)

    def _repr_html_(self) -> str:
        from ._display import measure_html  # noqa: PLC0415 - only when shown.

        return measure_html(self)

    def _repr_markdown_(self) -> str:
        from ._display import measure_markdown  # noqa: PLC0415 - only when shown.

        return measure_markdown(self)


#: Target fields that are not figures in the measure's unit.
_NOT_FIGURES = frozenset({"change"})


def _check_percentages(target: Target, where: str) -> None:
    """Refuse a percentage target figure outside 0 to 100, as values are."""
    for field in attrs.fields(type(target)):
        if field.name in _NOT_FIGURES:
            continue
        given = getattr(target, field.name)
        figures = given if isinstance(given, tuple) else (given,)
        for figure in figures:
            if isinstance(figure, Decimal) and not 0 <= figure <= 100:
                raise InvalidTargetError(
                    f"{where}.{field.name}", str(figure), "a percentage from 0 to 100"
                )


def _covering(period: Period, start_month: int) -> tuple[Period, ...]:
    """*period* and the longer periods that contain it, shortest first."""
    if isinstance(period, Month):
        quarter = period.quarter(start_month)
        return (period, quarter, quarter.year)
    if isinstance(period, Quarter):
        return (period, period.year)
    return (period,)


def scale_of(measure: Measure) -> Decimal:
    """The factor from a numerator/denominator ratio to the published figure."""
    if measure.unit.kind is UnitKind.PERCENTAGE:
        return Decimal(100)
    if measure.unit.kind is UnitKind.RATE and measure.unit.per is not None:
        return Decimal(measure.unit.per)
    return Decimal(1)
