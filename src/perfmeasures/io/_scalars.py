"""Strict hooks for text, numbers, booleans, enums and period labels.

Nothing is coerced: a value of the wrong JSON type is refused, naming what
was expected, rather than converted the way ``str()`` or ``int()`` would.
"""

from __future__ import annotations

import enum
from decimal import Decimal

from .._errors import InvalidPeriodError
from .._periods import Period, parse_period
from ._wire import DECIMAL_RE, TypeForm, WireError, describe, is_period_type

__all__ = [
    "structure_bool",
    "structure_decimal",
    "structure_enum",
    "structure_int",
    "structure_label",
    "structure_period",
    "structure_str",
    "unstructure_period",
]

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
