"""The vocabulary of ratings: status, direction of travel, and the published record.

These are model-level facts: a report *publishes* a status and a direction,
and a performance team *overrides* a status by hand.  The rules that compute
them live in :mod:`perfmeasures._status` and :mod:`perfmeasures._direction`.
"""

from __future__ import annotations

import enum

import attrs

from ._checks import instance_of, optional_instance_of
from ._errors import InvalidValueError

__all__ = ["Direction", "Override", "Published", "Status"]


class Status(enum.Enum):
    """The overall status of a measure for a period.

    .. versionadded:: 0.1.0
    """

    GREEN = "green"
    """On or better than target."""
    AMBER = "amber"
    """Not fully reaching the target, but within what the scheme tolerates."""
    RED = "red"
    """Not progressing in accordance with the target."""
    NOT_APPLICABLE = "not_applicable"
    """No target applies: data only, a baseline year, or none was set."""
    UNDER_DEVELOPMENT = "under_development"
    """Awaiting data collection or target setting."""
    NOT_AVAILABLE = "not_available"
    """The figure for the period is missing or not yet available."""

    @property
    def is_rag(self) -> bool:
        """Whether this is one of green, amber and red."""
        return self in (Status.GREEN, Status.AMBER, Status.RED)


class Direction(enum.Enum):
    """The direction of travel of a measure between two periods.

    .. versionadded:: 0.1.0
    """

    IMPROVING = "improving"
    WORSENING = "worsening"
    NO_CHANGE = "no_change"
    HIGHER = "higher"
    """Higher than the comparator, for measures with no better direction."""
    LOWER = "lower"
    """Lower than the comparator, for measures with no better direction."""
    NOT_APPLICABLE = "not_applicable"
    """No comparator figure, so no direction can be given."""


def _check_reason(_: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidValueError(attribute.name, value, "a non-empty explanation")


@attrs.frozen(kw_only=True)
class Override:
    """A status set by hand, with the reason for it.

    Evaluation keeps the computed status beside the overridden one, so that a
    reader can always see both.

    Args:
        status: The status to publish.
        reason: Why the computed status was not used.
        by: Who made the judgement (a team or officer), if recorded.

    .. versionadded:: 0.1.0
    """

    status: Status = attrs.field(validator=instance_of(Status, "a Status"))
    reason: str = attrs.field(validator=_check_reason)
    by: str | None = attrs.field(
        default=None,
        validator=optional_instance_of(str, "text"),
    )


@attrs.frozen(kw_only=True)
class Published:
    """The status and direction a report printed for a period.

    Kept so that a plan can be reconciled with what was published.

    Args:
        status: The printed status, if any.
        direction: The printed direction of travel, if any.

    .. versionadded:: 0.1.0
    """

    status: Status | None = attrs.field(
        default=None,
        validator=optional_instance_of(Status, "a Status"),
    )
    direction: Direction | None = attrs.field(
        default=None,
        validator=optional_instance_of(Direction, "a Direction"),
    )
