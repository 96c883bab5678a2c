"""The vocabulary of the wire format, and the strict hooks for its scalars.

The words for types, values and tags are shared by the converter, the
loaders and the schema, so that an error message, a JSON Schema description
and the converter's own checks describe the same thing in the same words.

The hooks for text, numbers, booleans, enums and period labels are strict.
Nothing is coerced: a value of the wrong JSON type is refused, naming what
was expected, rather than converted the way ``str()`` or ``int()`` would.
"""

from __future__ import annotations

import enum
import functools
import json
import re
import types
import typing
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, TypeAlias

import attrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    IterableValidationError,
    IterableValidationNote,
)

from ..._checks import visible
from ..._errors import InvalidPeriodError, PerfmeasuresError
from ..._measures import Measure
from ..._periods import Month, Period, Quarter, Year, parse_period, read_label
from ..._plan import RulesByRef
from ..._registry import (
    DIRECTION_RULES,
    STATUS_SCHEMES,
    DirectionScheme,
    StatusScheme,
    _Registry,
)
from ..._targets import (
    AnnualTarget,
    BoundTarget,
    FixedTarget,
    RangeTarget,
    RelativeTarget,
)
from ..._values import Layout, PeriodMap, layout_of

__all__ = [
    "DECIMAL_PATTERN",
    "DECIMAL_RE",
    "KINDS",
    "KIND_KEY",
    "OMITTED_FIELDS",
    "PERIOD_PATTERN",
    "PERIOD_RE",
    "RULE_FAMILIES",
    "MissingKeyError",
    "NonFinite",
    "TypeForm",
    "WireError",
    "describe",
    "in_attribute",
    "in_item",
    "is_period_type",
    "is_rule_family",
    "missing_message",
    "show",
    "structure_bool",
    "structure_decimal",
    "structure_enum",
    "structure_int",
    "structure_label",
    "structure_period",
    "structure_str",
    "union_members",
    "unstructure_period",
]


TypeForm: TypeAlias = Any
"""A type as cattrs dispatches on it: a class, a union or a generic alias."""

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
DECIMAL_RE = re.compile(DECIMAL_PATTERN)
PERIOD_RE = re.compile(PERIOD_PATTERN)

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


def in_attribute(error: Exception, name: str, kind: TypeForm = Any) -> Exception:
    """*error*, placed at attribute *name* of the object being structured."""
    error.add_note(
        AttributeValidationNote(f"Structuring @ attribute {name}", name, kind)
    )
    return ClassValidationError(f"While structuring {name}", [error], object)


def in_item(error: Exception, key: str | int, kind: TypeForm = Any) -> Exception:
    """*error*, placed at index or key *key* of the collection being structured."""
    error.add_note(IterableValidationNote(f"Structuring @ {key!r}", key, kind))
    return IterableValidationError(f"While structuring {key!r}", [error], object)


_LONGEST_LABEL = 40


def structure_str(value: object, _: object) -> str:
    """Text, as long as it can be written as UTF-8."""
    if not isinstance(value, str):
        raise WireError("text", value)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise WireError("text without unpaired surrogates", value) from None
    return value


def structure_int(value: object, _: object) -> int:
    """A JSON integer: not a boolean, not a float, not a string."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise WireError("a whole number", value)
    return value


def structure_bool(value: object, _: object) -> bool:
    """``true`` or ``false``, and nothing that merely looks like one."""
    if not isinstance(value, bool):
        raise WireError("true or false", value)
    return value


def structure_decimal(value: object, _: object) -> Decimal:
    """A decimal written as a string, within the format's bounds."""
    if not isinstance(value, str) or DECIMAL_RE.fullmatch(value) is None:
        raise WireError(describe(Decimal), value)
    return Decimal(value)


def structure_enum(value: object, kind: type[enum.Enum]) -> enum.Enum:
    """The member of *kind* whose value is *value*."""
    if isinstance(value, str):
        try:
            return kind(value)
        except ValueError:
            pass
    raise WireError(describe(kind), value)


def structure_label(value: object) -> Period:
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
def canonical_layout(keys: tuple[object, ...]) -> Layout | None:
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


def structure_period(value: object, kind: TypeForm) -> Period:
    """A period of type *kind* (a period class or union), from its label."""
    period = structure_label(value)
    if not is_period_type(kind) or (
        isinstance(kind, type) and not isinstance(period, kind)
    ):
        raise WireError(f"a {getattr(kind, '__name__', 'period').lower()} label", value)
    return period


def unstructure_period(period: Period) -> str:
    """The canonical label of *period*."""
    return period.label
