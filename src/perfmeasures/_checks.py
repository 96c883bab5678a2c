"""Validators that fail with perfmeasures errors rather than bare ``TypeError``."""

from __future__ import annotations

from collections.abc import Callable
from types import UnionType
from typing import Any

import attrs

from ._errors import InvalidValueError

__all__ = ["instance_of", "optional_instance_of"]

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
