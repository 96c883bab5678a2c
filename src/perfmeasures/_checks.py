"""Validators that fail with perfmeasures errors rather than bare ``TypeError``."""

from __future__ import annotations

import typing
from collections.abc import Callable, Iterable
from types import UnionType
from typing import Any, TypeVar

import attrs

from ._errors import InvalidValueError

__all__ = ["instance_of", "optional_instance_of", "tuple_of"]

_Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def _kinds(kind: type | UnionType) -> tuple[type, ...]:
    """*kind* as the tuple ``isinstance`` checks fastest."""
    return typing.get_args(kind) if isinstance(kind, UnionType) else (kind,)


def instance_of(kind: type | UnionType, expected: str) -> _Validator:
    """A validator that accepts instances of *kind* and names *expected* otherwise.

    Booleans are refused where *kind* is ``int``.  Validators run on every
    construction, evaluation results included, so each is a single check.
    """
    kinds = _kinds(kind)
    if int in kinds:

        def check_int(
            _: object, attribute: attrs.Attribute[Any], value: object
        ) -> None:
            if not isinstance(value, kinds) or isinstance(value, bool):
                raise InvalidValueError(attribute.name, value, expected)

        return check_int

    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, kinds):
            raise InvalidValueError(attribute.name, value, expected)

    return check


def optional_instance_of(kind: type | UnionType, expected: str) -> _Validator:
    """Like :func:`instance_of`, but ``None`` is accepted too."""
    kinds = (*_kinds(kind), type(None))
    if int in kinds:
        inner = instance_of(kind, expected)

        def check_int(
            instance: object, attribute: attrs.Attribute[Any], value: object
        ) -> None:
            if value is not None:
                inner(instance, attribute, value)

        return check_int

    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, kinds):
            raise InvalidValueError(attribute.name, value, expected)

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
