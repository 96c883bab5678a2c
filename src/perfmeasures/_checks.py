"""Validators that fail with perfmeasures errors rather than bare ``TypeError``."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from types import UnionType
from typing import Any, TypeVar

import attrs

from ._errors import InvalidValueError

__all__ = ["instance_of", "optional_instance_of", "tuple_of"]

_Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def instance_of(kind: type | UnionType, expected: str) -> _Validator:
    """A validator that accepts instances of *kind* and names *expected* otherwise.

    Booleans are refused where *kind* is ``int``.
    """

    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
            raise InvalidValueError(attribute.name, value, expected)

    return check


def optional_instance_of(kind: type | UnionType, expected: str) -> _Validator:
    """Like :func:`instance_of`, but ``None`` is accepted too."""
    inner = instance_of(kind, expected)

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            inner(instance, attribute, value)

    return check


_T = TypeVar("_T")


def tuple_of(
    value: object, kind: type[_T], field: str, *, non_empty: bool = False
) -> tuple[_T, ...]:
    """*value* as a tuple whose every item is a *kind*, or an error naming the item.

    Text is refused as a sequence: ``"AB"`` is not two measures.
    """
    name = kind.__name__
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidValueError(field, value, f"a sequence of {name}")
    items = tuple(value)
    for index, item in enumerate(items):
        if not isinstance(item, kind):
            article = "an" if name[0] in "AEIOU" else "a"
            raise InvalidValueError(f"{field}[{index}]", item, f"{article} {name}")
    if non_empty and not items:
        raise InvalidValueError(field, value, f"at least one {name}")
    return items
