"""The vocabulary of ratings: status, direction of travel, and the published record.

These are model-level facts: a report *publishes* a status and a direction,
and a performance team *overrides* a status by hand.  The rules that compute
them live in :mod:`perfmeasures._status` and :mod:`perfmeasures._direction`.
"""

from __future__ import annotations

import enum

import attrs

from ._checks import (
    FREE_TEXT,
    NAME,
    instance_of,
    optional_instance_of,
    optional_text_of,
)
from ._errors import InvalidValueError

__all__ = [
    "WORST_FIRST",
    "Assurance",
    "Direction",
    "Override",
    "Published",
    "Status",
    "Variation",
]


class Status(enum.Enum):
    """The overall status of a measure for a period.

    Green, amber and red are the bands every scheme uses.  Four- and
    five-band schemes add yellow, between green and amber, and blue, for a
    target exceeded by a margin the scheme states.  The other three
    statuses say why there is no rating.  :data:`WORST_FIRST` orders them.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Blue and yellow.
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
    BLUE = "blue"
    """Better than the target by at least the margin the scheme states.

    .. versionadded:: 0.2.0
    """
    YELLOW = "yellow"
    """Just short of the target: within a tolerance narrower than amber's.

    .. versionadded:: 0.2.0
    """

    @property
    def is_rag(self) -> bool:
        """Whether this is a rating band rather than a reason there is none.

        True for red, amber, yellow, green and blue.

        .. versionchanged:: 0.2.0
           True for blue and yellow too.
        """
        return self in _BANDS


_BANDS = frozenset({Status.RED, Status.AMBER, Status.YELLOW, Status.GREEN, Status.BLUE})

WORST_FIRST: tuple[Status, ...] = (
    Status.RED,
    Status.AMBER,
    Status.YELLOW,
    Status.GREEN,
    Status.BLUE,
    Status.NOT_AVAILABLE,
    Status.UNDER_DEVELOPMENT,
    Status.NOT_APPLICABLE,
)
"""Every status, worst first: the bands from red to blue, then the rest.

A multi-part measure is rated as the first of its parts' statuses in this
order, and reports count statuses in it.  The statuses without a rating
(not available, under development, not applicable) come after every band,
so that a part without a figure never hides a rated one.  Sort with
``key=WORST_FIRST.index``.

>>> min([Status.GREEN, Status.YELLOW, Status.BLUE], key=WORST_FIRST.index)
<Status.YELLOW: 'yellow'>

.. versionadded:: 0.2.0
"""


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
    FREE_TEXT.check(attribute.name, value)


class Variation(enum.Enum):
    """The Making Data Count variation icon: what the latest point shows.

    High and low name the side of the special cause: above or below the
    mean, or, for a trend, rising or falling.

    .. versionadded:: 0.3.0
    """

    COMMON_CAUSE = "common_cause"
    """Common-cause variation only."""
    IMPROVEMENT_HIGH = "improvement_high"
    """Special cause of improving nature, high."""
    IMPROVEMENT_LOW = "improvement_low"
    """Special cause of improving nature, low."""
    CONCERN_HIGH = "concern_high"
    """Special cause of concerning nature, high."""
    CONCERN_LOW = "concern_low"
    """Special cause of concerning nature, low."""
    NEITHER_HIGH = "neither_high"
    """Special cause, high, on a measure with no better direction."""
    NEITHER_LOW = "neither_low"
    """Special cause, low, on a measure with no better direction."""


class Assurance(enum.Enum):
    """The Making Data Count assurance icon: will the process meet its target?

    .. versionadded:: 0.3.0
    """

    CONSISTENT_PASS = "consistent_pass"  # noqa: S105 (an icon, not a password)
    """Both process limits are on the passing side of the target."""
    CONSISTENT_FAIL = "consistent_fail"
    """Both process limits are on the failing side of the target."""
    INCONSISTENT = "inconsistent"
    """The target lies between the limits, or on one: it will be hit and missed."""


@attrs.frozen(kw_only=True)
class Override:
    """A status set by hand, with the reason for it.

    Evaluation keeps the computed status beside the overridden one, so that a
    reader can always see both.

    Args:
        status: The status to publish.
        reason: Why the computed status was not used.
        by: Who made the judgement (a team or officer), if recorded.

    The reason is free text: a tab, newline or carriage return is allowed,
    but no other control character.  Who made the judgement is a name: no
    control character but tab and newline.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.3.0
       Control characters are refused in the reason and in who made it.
    """

    status: Status = attrs.field(validator=instance_of(Status, "a Status"))
    reason: str = attrs.field(validator=_check_reason)
    by: str | None = attrs.field(default=None, validator=optional_text_of(NAME))


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
