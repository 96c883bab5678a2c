"""Rules: the status scheme and direction rule a measure is rated by.

Rules are data that a measure or a plan carries.  This module knows the
shape every scheme and rule has (:mod:`perfmeasures._registry`), not the
schemes themselves, so that the model can hold rules without depending on
the code that applies them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from ._errors import InvalidRuleError
from ._registry import (
    DIRECTION_RULES,
    STATUS_SCHEMES,
    DirectionScheme,
    StatusScheme,
    _Registry,
)

__all__ = ["Rules"]


def _default_status() -> StatusScheme:
    from ._status import TargetMet  # noqa: PLC0415 - the rules layer sits above.

    return TargetMet()


def _default_direction() -> DirectionScheme:
    from ._direction import DirectionRule  # noqa: PLC0415 - as above.

    return DirectionRule()


def _following(family: _Registry) -> Callable[[object, Any, object], None]:
    """A validator accepting instances of any class that can serve *family*."""

    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not family.follows(type(value)):
            raise InvalidRuleError(
                attribute.name,
                value,
                f"a {family.what}: an instance of {family.expected()}",
            )

    return check


@attrs.frozen(kw_only=True)
class Rules:
    """The status scheme and direction rule a measure is rated by.

    Args:
        status: The status scheme; :class:`~perfmeasures.TargetMet` by
            default.  Any :class:`~perfmeasures.StatusScheme` will do.
        direction: The direction-of-travel rule;
            :class:`~perfmeasures.DirectionRule` by default.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Any scheme or rule following the protocols, not only built-in ones.
    """

    status: StatusScheme = attrs.field(
        factory=_default_status, validator=_following(STATUS_SCHEMES)
    )
    direction: DirectionScheme = attrs.field(
        factory=_default_direction, validator=_following(DIRECTION_RULES)
    )

    @classmethod
    def of(cls, value: object, field: str = "rules") -> Rules:
        """*value* as rules: rules as they are, a bare status scheme as its rules.

        Raises:
            InvalidRuleError: *value* is neither.

        .. versionadded:: 0.2.0
        """
        if isinstance(value, Rules):
            return value
        if STATUS_SCHEMES.follows(type(value)):
            return cls(status=value)  # type: ignore[arg-type]
        raise InvalidRuleError(
            field,
            value,
            f"Rules or a status scheme (an instance of {STATUS_SCHEMES.expected()})",
        )


_DEFAULT: list[Rules] = []


def default_rules() -> Rules:
    """The rules of a measure no plan or author gave any: made once."""
    if not _DEFAULT:
        _DEFAULT.append(Rules())
    return _DEFAULT[0]
