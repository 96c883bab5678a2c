"""The one cattrs converter for perfmeasures' wire formats.

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
  and text with unpaired surrogates is refused.
- ``None`` travels as ``null``.  Every field is written, defaults
  included, so that a reader never needs the library's defaults; a reader
  may leave out any field that has a default.
- **Unknown keys** are refused, as are objects where objects do not belong.

Every problem is collected, not just the first: hooks raise cattrs'
validation groups with notes naming the attribute, index or key, as cattrs
does itself, and :mod:`perfmeasures.io` turns them into located problems.

The global cattrs converter is never touched: call :func:`make_converter`
for a converter of your own, or :func:`configure_converter` to teach one you
already have.
"""

import enum
import functools
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import cattrs
from cattrs.errors import ClassValidationError
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from ..._arithmetic import CONTEXT
from ..._periods import Month, Quarter, Year
from ..._plan import Plan
from ..._registry import DIRECTION_RULES, STATUS_SCHEMES
from ._hooks import (
    RulesByRef,
    check_plan_refs,
    is_period_map,
    is_period_union,
    is_tagged_union,
    register_mappings,
    register_rules,
    register_sequences,
    register_unions,
)
from ._wire import (
    OMITTED_FIELDS,
    TypeForm,
    WireError,
    describe,
    is_rule_family,
    structure_bool,
    structure_decimal,
    structure_enum,
    structure_int,
    structure_period,
    structure_str,
    unstructure_period,
)

__all__ = ["configure_converter", "make_converter", "shared_converter"]

_Hook = Callable[[Any, Any], Any]


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
            errors = check_plan_refs(data) if kind is Plan else []
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


def _strict(converter: cattrs.Converter) -> None:
    """Teach *converter* the wire format, with strict scalars everywhere."""
    for kind, hook in (
        (str, structure_str),
        (int, structure_int),
        (bool, structure_bool),
        (Decimal, structure_decimal),
        (enum.Enum, structure_enum),
    ):
        converter.register_structure_hook(kind, hook)
    converter.register_unstructure_hook(Decimal, CONTEXT.to_sci_string)
    converter.register_unstructure_hook(enum.Enum, lambda member: member.value)
    for period_kind in (Year, Quarter, Month):
        converter.register_structure_hook(period_kind, structure_period)
        converter.register_unstructure_hook(period_kind, unstructure_period)
    register_sequences(converter)
    register_mappings(converter)
    register_unions(converter)
    register_rules(converter)
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
        or is_period_union(kind)
        or is_period_map(kind)
        or is_tagged_union(kind)
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
