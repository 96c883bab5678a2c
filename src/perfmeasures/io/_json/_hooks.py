"""Hooks for containers and unions, and the checks across a plan's fields.

The hooks for lists, sets, period maps, rules by reference and unions each
collect the problems of every item before failing, and place each problem
at its index or key with the notes cattrs itself uses.

:func:`check_plan_refs` adds checks across fields to the model's own.  The
model's validators stop at the first problem; these report every duplicate
reference and stray priority of a plan.  (That every period of a measure is
of the measure's own years is the model's own invariant.)
"""

from __future__ import annotations

import contextvars
import functools
import operator
import re
import typing
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import cattrs
from cattrs.errors import IterableValidationError, IterableValidationNote

from ..._errors import InvalidRuleError, InvalidValueError, UnknownMeasureError
from ..._periods import Period
from ..._plan import RulesByRef
from ..._registry import DirectionScheme, _Registry
from ..._rules import Rules
from ..._values import CONTEXT, PeriodMap, Value, figure_map, period_map
from ._wire import (
    KIND_KEY,
    KINDS,
    RULE_FAMILIES,
    MissingKeyError,
    TypeForm,
    WireError,
    canonical_layout,
    describe,
    in_attribute,
    in_item,
    is_period_type,
    is_rule_family,
    structure_label,
    structure_period,
    structure_str,
    union_members,
    unstructure_period,
)

__all__ = [
    "RulesByRef",
    "check_plan_refs",
    "is_period_map",
    "is_period_union",
    "is_tagged_union",
    "register_mappings",
    "register_rules",
    "register_sequences",
    "register_unions",
]


_Hook = Callable[[Any, Any], Any]


#: Set by the loaders while they structure a document they parsed and own:
#: each item of a list is then dropped from the document once structured,
#: so that a large plan is never held twice, as text-made objects and as
#: measures.  Off for any other caller of the converter, whose data is left
#: as it was.
RELEASING: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "perfmeasures_releasing", default=False
)


def _each(
    converter: cattrs.Converter,
    data: list[Any],
    item_type: TypeForm,
    kind: TypeForm,
    *,
    release: bool = False,
) -> list[Any]:
    """Structure every item of *data*, collecting the problems of all of them.

    With *release*, each item structured is replaced by None in *data*.
    """
    items: list[Any] = []
    errors: list[Exception] = []
    for index, item in enumerate(data):
        try:
            items.append(converter.structure(item, item_type))
            if release:
                data[index] = None
        except Exception as error:  # noqa: BLE001 - cattrs collects them all too.
            error.add_note(
                IterableValidationNote(f"Structuring @ index {index}", index, item_type)
            )
            errors.append(error)
    if errors:
        raise IterableValidationError(f"While structuring {kind}", errors, kind)
    return items


def _origin(kind: TypeForm) -> object:
    return typing.get_origin(kind)


def _is_tuple_of(kind: TypeForm) -> bool:
    args = typing.get_args(kind)
    return _origin(kind) is tuple and len(args) == 2 and args[1] is Ellipsis


def _is_frozenset_of(kind: TypeForm) -> bool:
    return _origin(kind) is frozenset


def is_period_map(kind: TypeForm) -> bool:
    return _origin(kind) is PeriodMap or kind is PeriodMap


def _is_optional(kind: TypeForm) -> bool:
    members = union_members(kind)
    return members is not None and len(members) > 1 and type(None) in members


def is_period_union(kind: TypeForm) -> bool:
    return union_members(kind) is not None and is_period_type(kind)


def is_tagged_union(kind: TypeForm) -> bool:
    members = union_members(kind)
    return members is not None and all(m in KINDS for m in members)


_PLAIN_DIRECTION = "direction_rule"


def _tags(family: _Registry) -> str:
    return "one of " + ", ".join(f'"{tag}"' for tag in family.all())


def _item_type(kind: TypeForm) -> TypeForm:
    args = typing.get_args(kind)
    return args[0] if args else Any


def register_sequences(converter: cattrs.Converter) -> None:
    """Teach *converter* tuples as lists and frozensets as sorted lists."""

    def tuple_structure(kind: TypeForm) -> _Hook:
        item_type = _item_type(kind)

        def structure(data: object, _: object) -> tuple[Any, ...]:
            if not isinstance(data, list):
                raise WireError("a list", data)
            release = RELEASING.get()
            return tuple(_each(converter, data, item_type, kind, release=release))

        return structure

    def tuple_unstructure(kind: TypeForm) -> Callable[[Any], list[Any]]:
        item_type = _item_type(kind)
        return lambda items: [converter.unstructure(i, item_type) for i in items]

    def set_structure(kind: TypeForm) -> _Hook:
        item_type = _item_type(kind)

        def structure(data: object, _: object) -> frozenset[Any]:
            if not isinstance(data, list):
                raise WireError("a list", data)
            items = _each(converter, data, item_type, kind)
            seen: set[Any] = set()
            errors: list[Exception] = []
            for index, item in enumerate(items):
                if item in seen:
                    error = WireError("each item at most once", data[index])
                    errors.append(in_item(error, index, item_type))
                seen.add(item)
            if errors:
                raise IterableValidationError(f"While structuring {kind}", errors, kind)
            return frozenset(items)

        return structure

    def set_unstructure(kind: TypeForm) -> Callable[[Any], list[Any]]:
        item_type = _item_type(kind)
        return lambda items: sorted(
            (converter.unstructure(i, item_type) for i in items), key=str
        )

    converter.register_structure_hook_factory(_is_tuple_of, tuple_structure)
    converter.register_unstructure_hook_factory(_is_tuple_of, tuple_unstructure)
    converter.register_structure_hook_factory(_is_frozenset_of, set_structure)
    converter.register_unstructure_hook_factory(_is_frozenset_of, set_unstructure)


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


def register_mappings(converter: cattrs.Converter) -> None:
    """Teach *converter* period maps and rules by reference as objects."""

    def map_structure(kind: TypeForm) -> _Hook:
        value_type = _item_type(kind)

        def structure(data: object, _: object) -> PeriodMap[Any]:
            if not isinstance(data, dict):
                raise WireError(describe(PeriodMap), data)
            if value_type is Value:
                # A plan's values maps mostly share one run of canonical
                # labels and hold figures alone: read the run once, and
                # take the long way below for anything else.
                layout = canonical_layout(tuple(data))
                if layout is not None:
                    try:
                        return figure_map(layout, map(_figure_alone, data.values()))
                    except _NotAlone:
                        pass
            items: dict[Period, Any] = {}
            errors: list[Exception] = []
            for label, value in data.items():
                try:
                    period = structure_label(label)
                    items[period] = converter.structure(value, value_type)
                except Exception as error:  # noqa: BLE001 - every problem is collected.
                    errors.append(in_item(error, label, value_type))
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

    def structure_rules(data: object, _: object) -> RulesByRef:
        if not isinstance(data, dict):
            raise WireError(describe(RulesByRef), data)
        items: dict[str, Any] = {}
        errors: list[Exception] = []
        for ref, rules in data.items():
            try:
                items[structure_str(ref, str)] = converter.structure(rules, Rules)
            except Exception as error:  # noqa: BLE001 - every problem is collected.
                errors.append(in_item(error, ref, Rules))
        if errors:
            raise IterableValidationError("While structuring rules", errors, RulesByRef)
        return RulesByRef(items)

    converter.register_structure_hook_factory(is_period_map, map_structure)
    converter.register_unstructure_hook_factory(is_period_map, map_unstructure)
    converter.register_structure_hook(RulesByRef, structure_rules)
    converter.register_unstructure_hook(
        RulesByRef,
        lambda rules: {k: converter.unstructure(v) for k, v in rules.items()},
    )


def register_unions(converter: cattrs.Converter) -> None:
    """Teach *converter* optional values, periods, and targets and schemes by tag."""

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

    def tagged_structure(kind: TypeForm) -> _Hook:
        by_tag = {KINDS[m]: m for m in union_members(kind) or ()}
        tags = "one of " + ", ".join(f'"{tag}"' for tag in by_tag)

        def structure(data: object, _: object) -> object:
            if not isinstance(data, dict):
                raise WireError(describe(kind), data)
            if KIND_KEY not in data:
                raise in_attribute(MissingKeyError(KIND_KEY, tags), KIND_KEY)
            tag = data[KIND_KEY]
            if not isinstance(tag, str) or tag not in by_tag:
                raise in_attribute(WireError(tags, tag), KIND_KEY)
            rest = {k: v for k, v in data.items() if k != KIND_KEY}
            return converter.structure(rest, by_tag[tag])

        return structure

    def tagged_unstructure(_: TypeForm) -> Callable[[Any], dict[str, Any]]:
        def unstructure(value: object) -> dict[str, Any]:
            kind = type(value)
            return {KIND_KEY: KINDS[kind], **converter.unstructure(value, kind)}

        return unstructure

    converter.register_structure_hook_factory(_is_optional, optional_structure)
    converter.register_unstructure_hook_factory(_is_optional, optional_unstructure)
    converter.register_structure_hook_factory(is_tagged_union, tagged_structure)
    converter.register_unstructure_hook_factory(is_tagged_union, tagged_unstructure)
    converter.register_structure_hook_func(is_period_union, structure_period)
    converter.register_unstructure_hook_func(is_period_union, unstructure_period)


def register_rules(converter: cattrs.Converter) -> None:
    """Teach *converter* status schemes and direction rules by registered tag."""

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
                raise in_attribute(MissingKeyError(KIND_KEY, describe(kind)), KIND_KEY)
            tag = data[KIND_KEY]
            found = family.class_of(tag) if isinstance(tag, str) else None
            if found is None:
                raise in_attribute(WireError(_tags(family), tag), KIND_KEY)
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


def check_plan_refs(data: dict[str, Any]) -> list[Exception]:
    """Every duplicate reference, stray priority and unknown rules reference.

    The plan's own validators stop at the first; a loader reports them all.
    The errors are the ones the validators raise, so that none is reported
    twice.
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
