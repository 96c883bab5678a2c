"""The wire format, and the one cattrs converter that speaks it.

The words for types, values and tags are defined here once and shared by
the converter, the loaders and the schema, so that an error message, a JSON
Schema description and the converter's own checks describe the same thing
in the same words.

Wire-format decisions, made here and nowhere else:

- **Decimals** travel as strings, exactly as ``str(Decimal)`` writes them
  in the default context (``"94.8"``, ``"1E+2"``; never ``"1e+2"``, whatever
  the caller's context), so that no figure passes through a binary float.
  A JSON number where a decimal belongs is refused.  Up to 60 digits either
  side of the point and an exponent of at most four digits have the wire
  shape; a figure of a plan (a value, target or rule parameter) must also be
  in the range :func:`~perfmeasures.to_decimal` accepts (below ``1E+15``,
  at most 28 significant digits and 28 decimal places), so that every
  figure loaded evaluates and renders.
- **Periods** travel as their canonical labels: ``"2019/20"``,
  ``"Q1 2019/20"``, ``"Apr 2019"``; a year starting in a month other than
  April names its span (``"2019/20 (Sep-Aug)"``) and a calendar year is its
  number (``"2019"``).  Canonical labels name one period whatever measure
  they sit in, so they are read without the measure's ``year_start_month``.
  Any other spelling :func:`~perfmeasures.parse_period` reads
  (``"Q1 Apr - June 2019"``) is refused, with the canonical label suggested.
- **Period maps** (values, targets, published records, overrides, notes)
  are objects keyed by label, written in period order.  Within a measure,
  every year and quarter among the keys, and a relative target's baseline
  year, must be one of the measure's own years (start in its
  ``year_start_month``).
- **Enums** travel as their lower_snake values (``"higher_is_better"``).
- **Sets** (``Progress.amber_when``) travel as sorted lists, each item at
  most once; **tuples** (measures, components, profiles) as lists.
- **Targets** are a tagged union: an object whose ``"type"`` names its
  class (``"fixed"``, ``"annual"``, ``"relative"``, ``"range"``, ...)
  beside the class's fields.
- **Status schemes and direction rules** are open sets: an object whose
  ``"type"`` is the tag a class was registered under
  (:func:`~perfmeasures.register_scheme`: ``"target_met"``,
  ``"tolerance"``, an app's own ...) beside the class's fields.  A direction
  rule without a ``"type"`` (files before 0.2.0) is the built-in
  ``"direction_rule"``.  Writing an instance of a class that is not
  registered, a subclass of a registered one included, is an error.
- **A measure's inherited rules** (its plan's) are not written; the plan
  holds them.
- **Per-measure rules** (``Plan.measure_rules``) are an object keyed by
  measure reference.
- **Components** of a multi-part measure, and of its evaluation, are lists
  of objects of the same shape as their parent.
- **Text, whole numbers and booleans** are strict: ``5`` is not text,
  ``"5"`` and ``5.0`` are not whole numbers, ``"false"`` is not a boolean,
  and text with unpaired surrogates is refused.  Nothing is coerced: a
  value of the wrong JSON type is refused, naming what was expected, rather
  than converted the way ``str()`` or ``int()`` would.
- ``None`` travels as ``null``.  Every field is written, defaults
  included, so that a reader never needs the library's defaults; a reader
  may leave out any field that has a default.
- **Unknown keys** are refused, as are objects where objects do not belong.

Every problem is collected, not just the first: hooks raise cattrs'
validation groups with notes naming the attribute, index or key, as cattrs
does itself, and :mod:`perfmeasures.io` turns them into located problems.
The model's validators stop at the first problem; :func:`_check_plan_refs`
reports every duplicate reference and stray priority of a plan.

cattrs' own hooks do the work where they keep the format's rules:
``X | None``, reading tuples and sets (behind a check that the value is a
list, since cattrs would read a string as a list of its characters), and
the per-measure rules mapping.  The hooks written here are for what cattrs
does another way: period maps, tagged targets, the open rule families,
wider unions with ``None``, and writing tuples and sets (whose items may
be of the class that holds them).

The global cattrs converter is never touched: call :func:`make_converter`
for a converter of your own, or :func:`configure_converter` to teach one you
already have.
"""

from __future__ import annotations

import contextvars
import enum
import functools
import json
import operator
import re
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any, TypeAlias

import attrs
import cattrs
from cattrs.cols import (
    homogenous_tuple_structure_factory,
    list_structure_factory,
    mapping_structure_factory,
    mapping_unstructure_factory,
)
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from ..._arithmetic import CONTEXT
from ..._checks import visible
from ..._errors import (
    InvalidPeriodError,
    InvalidRuleError,
    InvalidValueError,
    PerfmeasuresError,
    UnknownMeasureError,
)
from ..._measures import Measure
from ..._periods import Month, Period, Quarter, Year, parse_period, read_label
from ..._plan import Plan, RulesByRef
from ..._registry import (
    DIRECTION_RULES,
    STATUS_SCHEMES,
    DirectionScheme,
    StatusScheme,
    _Registry,
)
from ..._rules import Rules
from ..._targets import (
    AnnualTarget,
    BoundTarget,
    FixedTarget,
    RangeTarget,
    RelativeTarget,
)
from ..._values import Layout, PeriodMap, Value, figure_map, layout_of, period_map

__all__ = [
    "DECIMAL_PATTERN",
    "KINDS",
    "KIND_KEY",
    "OMITTED_FIELDS",
    "PERIOD_PATTERN",
    "RELEASING",
    "RULE_FAMILIES",
    "MissingKeyError",
    "NonFinite",
    "TypeForm",
    "WireError",
    "configure_converter",
    "describe",
    "is_period_type",
    "is_rule_family",
    "make_converter",
    "missing_message",
    "shared_converter",
    "show",
    "union_members",
]


TypeForm: TypeAlias = Any
"""A type as cattrs dispatches on it: a class, a union or a generic alias."""

_Hook = Callable[[Any, Any], Any]

# The vocabulary.

#: The key that names the kind of a target or a status scheme.  Not
#: ``"kind"``: tolerances and progress schemes have a field of that name.
KIND_KEY = "type"

#: Each kind of target, with the word its ``"type"`` key holds.
KINDS: dict[type, str] = {
    FixedTarget: "fixed",
    AnnualTarget: "annual",
    RelativeTarget: "relative",
    RangeTarget: "range",
    BoundTarget: "bound",
}

#: The open families of rules, by the protocol that annotates them: each
#: registered class travels under its tag (``register_scheme``).
RULE_FAMILIES: dict[Any, _Registry] = {
    StatusScheme: STATUS_SCHEMES,
    DirectionScheme: DIRECTION_RULES,
}


def is_rule_family(kind: TypeForm) -> bool:
    """Whether *kind* is the protocol of an open family of rules."""
    try:
        return kind in RULE_FAMILIES
    except TypeError:  # An unhashable type form is no family.
        return False


#: Fields that never travel: a measure's inherited rules are its plan's.
OMITTED_FIELDS: dict[type, frozenset[str]] = {
    Measure: frozenset({"inherited_rules"}),
}

#: A decimal as ``str(Decimal)`` writes it, within bounds that keep every
#: computation on it finite: up to 60 digits either side of the point and an
#: exponent of at most four digits.
DECIMAL_PATTERN = r"^-?[0-9]{1,60}(\.[0-9]{1,60})?([eE][-+]?[0-9]{1,4})?$"

_MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
# A year that does not start in April or January names its span.
_SPAN_START = "Feb|Mar|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
_YEAR = rf"[0-9]{{4}}(/[0-9]{{2}}( \(({_SPAN_START})-({_MONTHS})\))?)?"

#: The shape of a canonical period label.  The shape is necessary, not
#: sufficient: ``2019/21`` has it but names no year.
PERIOD_PATTERN = rf"^((Q[1-4] )?{_YEAR}|({_MONTHS}) [0-9]{{4}})$"

# Matched with ``fullmatch``: in Python ``$`` also matches before a final
# newline, which JSON Schema's ``$`` does not.
_DECIMAL_RE = re.compile(DECIMAL_PATTERN)

_DECIMAL_WORDS = 'a decimal number written as a string, such as "94.8"'
_PERIOD_WORDS = 'a period label such as "2019/20", "Q1 2019/20" or "Apr 2019"'
_CLIP = 60


class WireError(PerfmeasuresError, ValueError):
    """A value on the wire is not what the format expects at its place.

    Where the value sits is not known here: the loaders add the location
    from the notes cattrs attaches on the way out.

    Args:
        expected: What the format accepts there, in words.
        value: The value found.

    .. versionadded:: 0.1.0
    """

    def __init__(self, expected: str, value: object) -> None:
        self.expected = expected
        self.value = value
        super().__init__(f"expected {expected} (got {show(value)})")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.expected, self.value))


class MissingKeyError(PerfmeasuresError, KeyError):
    """A required key is missing from an object on the wire.

    Args:
        key: The missing key.
        expected: What the key should hold, in words.

    .. versionadded:: 0.1.0
    """

    def __init__(self, key: str, expected: str) -> None:
        self.key = key
        self.expected = expected
        super().__init__(key, expected)

    def __str__(self) -> str:
        return missing_message(self.expected)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.key, self.expected))


def missing_message(expected: str) -> str:
    """The message for a required key that is missing."""
    return f"expected {expected} (the key is missing)"


def _clip(text: str) -> str:
    return text if len(text) <= _CLIP else text[: _CLIP - 1] + "\u2026"


def _printable(text: str) -> str:
    """*text* with every character no output may carry raw shown escaped.

    Unpaired surrogates, control characters (C1 and DEL too) and
    bidirectional controls are escaped, so that a message can always be
    printed and cannot act on a terminal or reorder a line.
    """
    return visible(text, keep="")


def show(value: object) -> str:
    """A short, printable picture of *value* as JSON would write it.

    Long text is clipped, control characters are escaped, and containers are
    named rather than printed, so that hostile input cannot flood or
    control a terminal through an error message.
    """
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, Decimal):
        value = str(value)
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list | tuple | set | frozenset):
        return "a list"
    if isinstance(value, str):
        return _printable(json.dumps(_clip(value), ensure_ascii=False))
    if value is None or isinstance(value, bool | int | float):
        return _clip(json.dumps(value))
    return _printable(_clip(repr(value)))


def union_members(kind: TypeForm) -> tuple[Any, ...] | None:
    """The members of a union type, or None if *kind* is not a union."""
    origin: object = typing.get_origin(kind)
    if isinstance(kind, types.UnionType) or origin is typing.Union:
        return typing.get_args(kind)
    return None


def is_period_type(kind: TypeForm) -> bool:
    """Whether *kind* is a period class or a union of period classes only."""
    members = union_members(kind)
    if members is None:
        return kind in (Year, Quarter, Month)
    return bool(members) and all(m in (Year, Quarter, Month) for m in members)


def describe(kind: TypeForm) -> str:
    """What the wire format expects for a value of type *kind*, in words."""
    members = union_members(kind)
    if members is not None:
        if type(None) in members:
            rest = [m for m in members if m is not type(None)]
            if all(m in (Year, Quarter, Month) for m in rest):
                return f"{_PERIOD_WORDS}, or null"
            return " or ".join(describe(m) for m in rest) + ", or null"
        if is_period_type(kind):
            return _PERIOD_WORDS
        kinds = ", ".join(json.dumps(KINDS[m]) for m in members if m in KINDS)
        return f'an object whose "{KIND_KEY}" is one of {kinds}'
    if kind is Period or is_period_type(kind):
        return _PERIOD_WORDS
    if kind in RULE_FAMILIES:
        tags = ", ".join(json.dumps(tag) for tag in RULE_FAMILIES[kind].all())
        return f'an object whose "{KIND_KEY}" is one of {tags}'
    if kind is str:
        return "text"
    if kind is bool:
        return "true or false"
    if kind is int:
        return "a whole number"
    if kind is Decimal:
        return _DECIMAL_WORDS
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return "one of " + ", ".join(json.dumps(m.value) for m in kind)
    origin: object = typing.get_origin(kind)
    if origin in (tuple, frozenset):
        return "a list"
    if kind is PeriodMap or origin is PeriodMap:
        return "an object keyed by period labels"
    if kind is RulesByRef:
        return "an object keyed by measure references"
    if attrs.has(kind):
        return "an object"
    return "a value"


class NonFinite:
    """Where a document wrote ``NaN``, ``Infinity`` or ``-Infinity``.

    Not JSON, though Python's parser reads it: the loaders report it once,
    where it was read, and never again as a value of the wrong type.
    """

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def _in_attribute(error: Exception, name: str, kind: TypeForm = Any) -> Exception:
    """*error*, placed at attribute *name* of the object being structured."""
    error.add_note(
        AttributeValidationNote(f"Structuring @ attribute {name}", name, kind)
    )
    return ClassValidationError(f"While structuring {name}", [error], object)


def _in_item(error: Exception, key: str | int, kind: TypeForm = Any) -> Exception:
    """*error*, placed at index or key *key* of the collection being structured."""
    error.add_note(IterableValidationNote(f"Structuring @ {key!r}", key, kind))
    return IterableValidationError(f"While structuring {key!r}", [error], object)


# The strict hooks for scalars.

_LONGEST_LABEL = 40


def _structure_str(value: object, _: object) -> str:
    """Text, as long as it can be written as UTF-8."""
    if not isinstance(value, str):
        raise WireError("text", value)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise WireError("text without unpaired surrogates", value) from None
    return value


def _structure_int(value: object, _: object) -> int:
    """A JSON integer: not a boolean, not a float, not a string."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise WireError("a whole number", value)
    return value


def _structure_bool(value: object, _: object) -> bool:
    """``true`` or ``false``, and nothing that merely looks like one."""
    if not isinstance(value, bool):
        raise WireError("true or false", value)
    return value


def _structure_decimal(value: object, _: object) -> Decimal:
    """A decimal written as a string, within the format's bounds."""
    if not isinstance(value, str) or _DECIMAL_RE.fullmatch(value) is None:
        raise WireError(describe(Decimal), value)
    return Decimal(value)


def _structure_enum(value: object, kind: type[enum.Enum]) -> enum.Enum:
    """The member of *kind* whose value is *value*."""
    if isinstance(value, str):
        try:
            return kind(value)
        except ValueError:
            pass
    raise WireError(describe(kind), value)


def _structure_label(value: object) -> Period:
    """Read a canonical period label, and nothing else."""
    if type(value) is str and len(value) <= _LONGEST_LABEL:
        found = _canonical(value)
        if found is not None:
            return found
    return _label_or_error(value)


@functools.lru_cache(maxsize=1 << 12)
def _canonical(label: str) -> Period | None:
    """The period *label* canonically names, or None: remembered.

    A plan writes the same hundred or so labels in every measure.
    """
    try:
        period = read_label(label, 4)
    except InvalidPeriodError:
        return None
    return period if period.label == label else None


@functools.lru_cache(maxsize=256)
def _canonical_layout(keys: tuple[object, ...]) -> Layout | None:
    """The periods *keys* canonically name and their order, or None: remembered.

    None unless every key is the canonical label of a distinct period.
    """
    if not all(type(key) is str and len(key) <= _LONGEST_LABEL for key in keys):
        return None
    periods = tuple(_canonical(key) for key in keys)
    if None in periods or len(set(periods)) != len(periods):
        return None
    return layout_of(periods)  # type: ignore[arg-type]


def _label_or_error(value: object) -> Period:
    if not isinstance(value, str) or len(value) > _LONGEST_LABEL:
        raise WireError(describe(Period), value)
    try:
        period = parse_period(value)
    except InvalidPeriodError as error:
        # The parser's own words name its accepted spellings, most of which
        # are not canonical; its specific complaints are worth passing on.
        generic = error.expected.startswith("a period label")
        raise WireError(
            describe(Period) if generic else error.expected, value
        ) from None
    if period.label != value:
        raise WireError(f'the canonical label "{period.label}"', value)
    return period


def _structure_period(value: object, kind: TypeForm) -> Period:
    """A period of type *kind* (a period class or union), from its label."""
    period = _structure_label(value)
    if not is_period_type(kind) or (
        isinstance(kind, type) and not isinstance(period, kind)
    ):
        raise WireError(f"a {getattr(kind, '__name__', 'period').lower()} label", value)
    return period


def _unstructure_period(period: Period) -> str:
    """The canonical label of *period*."""
    return period.label


# The hooks for lists, maps, unions and rule families.

#: Set by the loaders while they structure a document they parsed and own:
#: each item of a list is then dropped from the document as it is
#: structured, so that a large plan is never held twice, as text-made
#: objects and as measures.  Off for any other caller of the converter,
#: whose data is left as it was.
RELEASING: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "perfmeasures_releasing", default=False
)


def _released(data: list[Any]) -> Iterator[Any]:
    """Each item of *data*, dropped from it as it is handed out."""
    for index, item in enumerate(data):
        data[index] = None
        yield item


def _origin(kind: TypeForm) -> object:
    return typing.get_origin(kind)


def _item_type(kind: TypeForm) -> TypeForm:
    args = typing.get_args(kind)
    return args[0] if args else Any


def _is_tuple_of(kind: TypeForm) -> bool:
    args = typing.get_args(kind)
    return _origin(kind) is tuple and len(args) == 2 and args[1] is Ellipsis


def _is_frozenset_of(kind: TypeForm) -> bool:
    return _origin(kind) is frozenset


def _is_period_map(kind: TypeForm) -> bool:
    return _origin(kind) is PeriodMap or kind is PeriodMap


def _is_rules_by_ref(kind: TypeForm) -> bool:
    return kind is RulesByRef


def _is_wide_optional(kind: TypeForm) -> bool:
    members = union_members(kind)
    return members is not None and len(members) > 2 and type(None) in members


def _is_period_union(kind: TypeForm) -> bool:
    return union_members(kind) is not None and is_period_type(kind)


def _is_tagged_union(kind: TypeForm) -> bool:
    members = union_members(kind)
    return members is not None and all(m in KINDS for m in members)


def _items_unstructure(
    converter: cattrs.Converter, kind: TypeForm, into: Callable[[Any], Any]
) -> Callable[[Any], Any]:
    """The hook that writes the items of *kind* into *into*.

    Not cattrs' iterable hook: it looks the item's hook up when it is made,
    which recurses without end for a class that holds its own kind (a
    measure's parts).  The item's hook is looked up when used instead.
    """
    item_type = _item_type(kind)
    return lambda items: into(converter.unstructure(i, item_type) for i in items)


def _sorted_by_text(items: Iterable[Any]) -> list[Any]:
    return sorted(items, key=str)


def _register_sequences(converter: cattrs.Converter) -> None:
    """Teach *converter* tuples as lists and frozensets as sorted lists.

    cattrs' own hooks structure the items, each behind a check that the
    value is a list, since cattrs would iterate a string or an object's keys.
    """

    def tuple_structure(kind: TypeForm) -> _Hook:
        items = homogenous_tuple_structure_factory(kind, converter)

        def structure(data: object, _: object) -> tuple[Any, ...]:
            if not isinstance(data, list):
                raise WireError("a list", data)
            result: tuple[Any, ...] = items(
                _released(data) if RELEASING.get() else data, kind
            )
            return result

        return structure

    def set_structure(kind: TypeForm) -> _Hook:
        # A list first, not cattrs' set: a repeated item is refused where
        # it stands, not merged.
        items_of = list_structure_factory(kind, converter)
        item_type = _item_type(kind)

        def structure(data: object, _: object) -> frozenset[Any]:
            if not isinstance(data, list):
                raise WireError("a list", data)
            items = items_of(data, kind)
            seen: set[Any] = set()
            errors: list[Exception] = []
            for index, item in enumerate(items):
                if item in seen:
                    error = WireError("each item at most once", data[index])
                    errors.append(_in_item(error, index, item_type))
                seen.add(item)
            if errors:
                raise IterableValidationError(f"While structuring {kind}", errors, kind)
            return frozenset(items)

        return structure

    converter.register_structure_hook_factory(_is_tuple_of, tuple_structure)
    converter.register_unstructure_hook_factory(
        _is_tuple_of, lambda kind: _items_unstructure(converter, kind, list)
    )
    converter.register_structure_hook_factory(_is_frozenset_of, set_structure)
    converter.register_unstructure_hook_factory(
        _is_frozenset_of,
        lambda kind: _items_unstructure(converter, kind, _sorted_by_text),
    )


class _NotAlone(Exception):  # noqa: N818 - a signal, not an error.
    """A value is not a figure alone: it takes the long way."""


def _figure_alone(data: object) -> Decimal:
    """The figure *data* writes, when it is a valid value of a figure alone.

    Most values of a plan are a figure alone, written with the other keys
    null; these take a short way that checks just what they hold.

    Raises:
        _NotAlone: Anything else, or anything wrong: the long way names
            each problem.
    """
    # A plain dictionary: an object with no key repeated (see _reading).
    if type(data) is dict:
        size = len(data)
        get = data.get
        # Five keys, four of them null (a missing key reads as 0), or the
        # figure alone.
        if (
            size == 5
            and get("year_to_date", 0) is None
            and get("numerator", 0) is None
            and get("denominator", 0) is None
            and get("missing", 0) is None
        ) or size == 1:
            amount = get("amount")
            if type(amount) is str and _PLAIN_FIGURE.fullmatch(amount) is not None:
                # Kept as its decimal in the measure's FigureMap.
                return Decimal(amount)
    raise _NotAlone


_decimal_text = CONTEXT.to_sci_string
# A value with every field null, keyed in field order: a figure alone
# fills in its amount (in place, so that the order stays the converter's).
_NO_FIGURES: dict[str, None] = dict.fromkeys(f.name for f in attrs.fields(Value))
# A figure in plain digits that the wire format and every bound of
# check_figure admit, by its shape alone: below 1E+15, with at most 13
# places and so at most 28 digits.
_PLAIN_FIGURE = re.compile(r"-?[0-9]{1,15}(?:\.[0-9]{1,13})?")


def _register_mappings(converter: cattrs.Converter) -> None:
    """Teach *converter* period maps and rules by reference as objects."""

    # Written here, not with cattrs' mapping hook: a label is read before
    # its value (a wrong label is the one problem reported), a map of
    # figures alone takes a short way, and a period map is not a dict.
    def map_structure(kind: TypeForm) -> _Hook:
        value_type = _item_type(kind)

        def structure(data: object, _: object) -> PeriodMap[Any]:
            if not isinstance(data, dict):
                raise WireError(describe(PeriodMap), data)
            if value_type is Value:
                # A plan's values maps mostly share one run of canonical
                # labels and hold figures alone: read the run once, and
                # take the long way below for anything else.
                layout = _canonical_layout(tuple(data))
                if layout is not None:
                    try:
                        return figure_map(layout, map(_figure_alone, data.values()))
                    except _NotAlone:
                        pass
            items: dict[Period, Any] = {}
            errors: list[Exception] = []
            for label, value in data.items():
                try:
                    period = _structure_label(label)
                    items[period] = converter.structure(value, value_type)
                except Exception as error:  # noqa: BLE001 - every problem is collected.
                    errors.append(_in_item(error, label, value_type))
            if errors:
                raise IterableValidationError(f"While structuring {kind}", errors, kind)
            return period_map(items)

        return structure

    def map_unstructure(kind: TypeForm) -> Callable[[Any], dict[str, Any]]:
        value_type = _item_type(kind)
        if value_type is Value:
            return values_unstructure
        return lambda mapping: {
            period.label: converter.unstructure(value, value_type)
            for period, value in mapping.items()
        }

    def values_unstructure(mapping: PeriodMap[Value]) -> dict[str, Any]:
        # A figure alone, the commonest value, written as the converter
        # writes any value (the same keys in the same order), the short way.
        written: dict[str, Any] = {}
        for period, value in mapping._items.items():  # noqa: SLF001 - unboxed.
            if isinstance(value, Decimal):
                written[period.label] = {**_NO_FIGURES, "amount": _decimal_text(value)}
            else:
                written[period.label] = converter.unstructure(value, Value)
        return written

    def rules_structure(_: TypeForm) -> _Hook:
        # cattrs' mapping hook, behind a check that the value is an object;
        # it structures a dict of rules and makes a RulesByRef of it.
        by_ref: _Hook = mapping_structure_factory(
            dict[str, Rules], converter, structure_to=RulesByRef
        )

        def structure(data: object, _: object) -> RulesByRef:
            if not isinstance(data, dict):
                raise WireError(describe(RulesByRef), data)
            rules: RulesByRef = by_ref(data, RulesByRef)
            return rules

        return structure

    converter.register_structure_hook_factory(_is_period_map, map_structure)
    converter.register_unstructure_hook_factory(_is_period_map, map_unstructure)
    converter.register_structure_hook_factory(_is_rules_by_ref, rules_structure)
    converter.register_unstructure_hook_factory(
        _is_rules_by_ref,
        lambda _: mapping_unstructure_factory(
            dict[str, Rules], converter, unstructure_to=dict
        ),
    )


def _tags(tags: Iterable[str]) -> str:
    return "one of " + ", ".join(f'"{tag}"' for tag in tags)


def _register_unions(converter: cattrs.Converter) -> None:
    """Teach *converter* wider optional values, periods, and targets by tag.

    ``X | None`` is cattrs' own.
    """

    # cattrs' optional handling takes ``X | None`` alone; a wider union
    # with None (a benchmark's period) would go to its class disambiguation.
    def optional_parts(kind: TypeForm) -> TypeForm:
        rest = [m for m in union_members(kind) or () if m is not type(None)]
        return functools.reduce(operator.or_, rest)

    def optional_structure(kind: TypeForm) -> _Hook:
        inner = optional_parts(kind)
        return lambda data, _: (
            None if data is None else converter.structure(data, inner)
        )

    def optional_unstructure(kind: TypeForm) -> Callable[[Any], Any]:
        inner = optional_parts(kind)
        return lambda value: (
            None if value is None else converter.unstructure(value, inner)
        )

    # Not cattrs' configure_tagged_union: it writes the tag after the
    # fields, and builds every member's hooks when called, which makes a
    # new converter about six times as slow to make.
    def tagged_structure(kind: TypeForm) -> _Hook:
        by_tag = {KINDS[m]: m for m in union_members(kind) or ()}
        tags = _tags(by_tag)

        def structure(data: object, _: object) -> object:
            if not isinstance(data, dict):
                raise WireError(describe(kind), data)
            if KIND_KEY not in data:
                raise _in_attribute(MissingKeyError(KIND_KEY, tags), KIND_KEY)
            tag = data[KIND_KEY]
            if not isinstance(tag, str) or tag not in by_tag:
                raise _in_attribute(WireError(tags, tag), KIND_KEY)
            rest = {k: v for k, v in data.items() if k != KIND_KEY}
            return converter.structure(rest, by_tag[tag])

        return structure

    def tagged_unstructure(_: TypeForm) -> Callable[[Any], dict[str, Any]]:
        def unstructure(value: object) -> dict[str, Any]:
            kind = type(value)
            return {KIND_KEY: KINDS[kind], **converter.unstructure(value, kind)}

        return unstructure

    converter.register_structure_hook_factory(_is_wide_optional, optional_structure)
    converter.register_unstructure_hook_factory(_is_wide_optional, optional_unstructure)
    converter.register_structure_hook_factory(_is_tagged_union, tagged_structure)
    converter.register_unstructure_hook_factory(_is_tagged_union, tagged_unstructure)
    converter.register_structure_hook_func(_is_period_union, _structure_period)
    converter.register_unstructure_hook_func(_is_period_union, _unstructure_period)


_PLAIN_DIRECTION = "direction_rule"


def _register_rules(converter: cattrs.Converter) -> None:
    """Teach *converter* status schemes and direction rules by registered tag.

    Not cattrs' configure_tagged_union, which fixes the members when called:
    apps register their rule classes after the converter is made.
    """

    def rule_structure(kind: TypeForm) -> _Hook:
        family = RULE_FAMILIES[kind]

        def structure(data: object, _: object) -> object:
            if not isinstance(data, dict):
                raise WireError(describe(kind), data)
            if KIND_KEY not in data and family is RULE_FAMILIES[DirectionScheme]:
                # Files written before 0.2.0 name no kind of direction rule:
                # there was only the one.
                data = {KIND_KEY: _PLAIN_DIRECTION, **data}
            if KIND_KEY not in data:
                raise _in_attribute(MissingKeyError(KIND_KEY, describe(kind)), KIND_KEY)
            tag = data[KIND_KEY]
            found = family.class_of(tag) if isinstance(tag, str) else None
            if found is None:
                raise _in_attribute(WireError(_tags(family.all()), tag), KIND_KEY)
            rest = {k: v for k, v in data.items() if k != KIND_KEY}
            return converter.structure(rest, found)

        return structure

    def rule_unstructure(kind: TypeForm) -> Callable[[Any], dict[str, Any]]:
        family = RULE_FAMILIES[kind]

        def unstructure(value: object) -> dict[str, Any]:
            own = type(value)
            tag = family.tag_of(own)
            if tag is None:
                raise InvalidRuleError(
                    "rules",
                    f"{own.__module__}.{own.__qualname__}",
                    f"a registered {family.what}, so that files can name it "
                    f"(register the class with {family.function}(cls, tag=...))",
                )
            return {KIND_KEY: tag, **converter.unstructure(value, own)}

        return unstructure

    converter.register_structure_hook_factory(is_rule_family, rule_structure)
    converter.register_unstructure_hook_factory(is_rule_family, rule_unstructure)


# The classes, and the checks across a plan's fields.


def _check_plan_refs(data: dict[str, Any]) -> list[Exception]:
    """Every duplicate reference, stray priority and unknown rules reference.

    The plan's own validators stop at the first; a loader reports them all.
    The errors are the ones the validators raise, so that none is reported
    twice.  (That every period of a measure is of the measure's own years
    is the model's own invariant.)
    """
    measures = data.get("measures")
    if not isinstance(measures, list):
        return []
    priorities = data.get("priorities")
    keys = {
        p["key"]
        for p in (priorities if isinstance(priorities, list) else [])
        if isinstance(p, dict) and isinstance(p.get("key"), str)
    }
    errors: list[Exception] = []
    # A set, so that each check is constant time: a plan of many thousands
    # of measures loads in time linear in their number.
    seen: set[str] = set()
    for index, item in enumerate(measures):
        ref = item.get("ref") if isinstance(item, dict) else None
        if isinstance(ref, str):
            if ref in seen:
                errors.append(
                    InvalidValueError(
                        f"measures[{index}].ref", ref, "a reference used only once"
                    )
                )
            seen.add(ref)
        priority = item.get("priority") if isinstance(item, dict) else None
        if isinstance(priority, str) and keys and priority not in keys:
            shown = ", ".join(sorted(keys))
            errors.append(
                InvalidValueError(
                    f"measures[{index}].priority",
                    priority,
                    f"one of the plan's priorities ({shown})",
                )
            )
    rules = data.get("measure_rules")
    if isinstance(rules, dict):
        unknown = [ref for ref in rules if isinstance(ref, str) and ref not in seen]
        # The known references are listed once for all unknown ones.
        known = sorted(seen) if unknown else []
        errors.extend(UnknownMeasureError(ref, known) for ref in unknown)
    return errors


def _is_ours(kind: TypeForm) -> bool:
    """Whether *kind* is perfmeasures' own class or a registered rule class."""
    return attrs.has(kind) and (
        kind.__module__.startswith("perfmeasures.")
        or STATUS_SCHEMES.tag_of(kind) is not None
        or DIRECTION_RULES.tag_of(kind) is not None
    )


def _omitted(kind: TypeForm) -> dict[str, Any]:
    return {name: override(omit=True) for name in OMITTED_FIELDS.get(kind, ())}


def _register_classes(converter: cattrs.Converter) -> None:
    def structure_factory(kind: TypeForm) -> _Hook:
        generated = make_dict_structure_fn(
            kind,
            converter,
            _cattrs_forbid_extra_keys=True,
            _cattrs_detailed_validation=True,
            **_omitted(kind),
        )

        def structure(data: object, _: object) -> object:
            if not isinstance(data, dict):
                raise WireError(describe(kind), data)
            errors = _check_plan_refs(data) if kind is Plan else []
            try:
                result = generated(data, kind)
            except ClassValidationError as error:
                raise ClassValidationError(
                    error.message, [*errors, *error.exceptions], kind
                ) from None
            if errors:
                raise ClassValidationError(f"While structuring {kind}", errors, kind)
            return result

        return structure

    def unstructure_factory(kind: TypeForm) -> Callable[[Any], Any]:
        return make_dict_unstructure_fn(kind, converter, **_omitted(kind))

    converter.register_structure_hook_factory(_is_ours, structure_factory)
    converter.register_unstructure_hook_factory(_is_ours, unstructure_factory)


# The converter.


def _strict(converter: cattrs.Converter) -> None:
    """Teach *converter* the wire format, with strict scalars everywhere."""
    for kind, hook in (
        (str, _structure_str),
        (int, _structure_int),
        (bool, _structure_bool),
        (Decimal, _structure_decimal),
        (enum.Enum, _structure_enum),
    ):
        converter.register_structure_hook(kind, hook)
    converter.register_unstructure_hook(Decimal, CONTEXT.to_sci_string)
    converter.register_unstructure_hook(enum.Enum, lambda member: member.value)
    for period_kind in (Year, Quarter, Month):
        converter.register_structure_hook(period_kind, _structure_period)
        converter.register_unstructure_hook(period_kind, _unstructure_period)
    _register_sequences(converter)
    _register_mappings(converter)
    _register_unions(converter)
    _register_rules(converter)
    _register_classes(converter)


def _is_wire_type(kind: TypeForm) -> bool:
    """Whether *kind* is one whose wire form perfmeasures defines.

    Its own classes and registered rule classes, periods, period maps,
    targets and the other tagged unions, the open rule families and the
    per-measure rules mapping; never a plain ``str``, ``int``, ``Decimal``,
    enum or container of the caller's.
    """
    return (
        _is_ours(kind)
        or kind in (Year, Quarter, Month, RulesByRef)
        or _is_period_union(kind)
        or _is_period_map(kind)
        or _is_tagged_union(kind)
        or is_rule_family(kind)
        or (isinstance(kind, type) and issubclass(kind, enum.Enum) and _ours(kind))
    )


def _ours(kind: type) -> bool:
    return kind.__module__.startswith("perfmeasures.")


def configure_converter(converter: cattrs.Converter) -> None:
    """Teach *converter* perfmeasures' wire format, for perfmeasures' types only.

    The module's docstring lists every decision.  Hooks are added for
    perfmeasures' own classes, enums, periods, targets and rule families
    (and rule classes registered by apps); they structure and unstructure
    through a converter of perfmeasures' own, so the format's strict rules
    apply inside them.  The converter's handling of every other type (an
    app's own classes holding ``int``, ``str``, ``Decimal`` or enums) is
    left as it was.

    Args:
        converter: A converter of the caller's, changed in place.

    >>> import cattrs
    >>> from perfmeasures import FixedTarget, Target
    >>> converter = cattrs.Converter()
    >>> configure_converter(converter)
    >>> converter.unstructure(FixedTarget(90), Target)
    {'type': 'fixed', 'value': '90', 'floor': None}
    >>> converter.structure("5", int)
    5

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.3.0
       Only perfmeasures' own types are affected; before, every ``str``,
       ``int``, ``bool``, ``Decimal`` and enum of the converter became strict.
    """
    wire = shared_converter()

    def structure_hook(kind: TypeForm) -> _Hook:
        return wire.get_structure_hook(kind)

    def unstructure_hook(kind: TypeForm) -> Callable[[Any], Any]:
        return wire.get_unstructure_hook(kind)

    converter.register_structure_hook_factory(_is_wire_type, structure_hook)
    converter.register_unstructure_hook_factory(_is_wire_type, unstructure_hook)


def make_converter() -> cattrs.Converter:
    """A new converter that reads and writes perfmeasures' wire format.

    Structuring reports every problem at once, as a cattrs validation group
    that :func:`cattrs.transform_error` can read; the loaders in
    :mod:`perfmeasures.io` turn it into :class:`~perfmeasures.LoadError`.
    Its text, whole numbers, booleans, decimals and enums follow the wire
    format's strict rules whatever class holds them; use
    :func:`configure_converter` on a converter of your own to keep its
    rules for your classes.

    .. versionadded:: 0.1.0
    """
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    _strict(converter)
    return converter


@functools.cache
def shared_converter() -> cattrs.Converter:
    """The converter the loaders and writers share, made once.

    Private to perfmeasures: callers who change a converter should make
    their own with :func:`make_converter`.
    """
    return make_converter()
