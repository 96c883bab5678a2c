"""The key to a report's symbols: every status, direction and icon as symbol and words.

A report never carries a rating by colour alone: each status and direction
has a symbol and a text label, and the key says what each means.  The
bands only four- and five-band schemes use (yellow and blue) are listed in
a report's key only when the report shows them, so that a report rated
green, amber and red keeps the three-band key its readers know.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Collection
from typing import TypeVar

import attrs

from .._ratings import Assurance, Direction, Status, Variation

__all__ = [
    "DEFAULT_KEY",
    "AssuranceSymbol",
    "DirectionSymbol",
    "Key",
    "StatusSymbol",
    "VariationSymbol",
]


@attrs.frozen(kw_only=True)
class StatusSymbol:
    """How a report shows one status.

    Args:
        status: The status.
        symbol: A short mark that survives printing in black and white.
        label: The status in words (``Red``).
        meaning: What the status means, for the key.

    .. versionadded:: 0.1.0
    """

    status: Status
    symbol: str
    label: str
    meaning: str


@attrs.frozen(kw_only=True)
class DirectionSymbol:
    """How a report shows one direction of travel.

    Args:
        direction: The direction.
        symbol: A short mark.
        label: The direction in words (``Worsening``).
        meaning: What the direction means, for the key.

    .. versionadded:: 0.1.0
    """

    direction: Direction
    symbol: str
    label: str
    meaning: str


@attrs.frozen(kw_only=True)
class VariationSymbol:
    """How a report shows one variation icon of an XmR chart.

    Args:
        variation: The icon.
        symbol: A short mark that reads without colour.
        label: The icon in words (``Concern (high)``).
        meaning: What the icon means, for the key.

    .. versionadded:: 0.3.0
    """

    variation: Variation
    symbol: str
    label: str
    meaning: str


@attrs.frozen(kw_only=True)
class AssuranceSymbol:
    """How a report shows one assurance icon of an XmR chart.

    Args:
        assurance: The icon.
        symbol: A short mark that reads without colour.
        label: The icon in words (``Hit and miss``).
        meaning: What the icon means, for the key.

    .. versionadded:: 0.3.0
    """

    assurance: Assurance
    symbol: str
    label: str
    meaning: str


def _variation_symbols() -> tuple[VariationSymbol, ...]:
    return DEFAULT_VARIATIONS


def _assurance_symbols() -> tuple[AssuranceSymbol, ...]:
    return DEFAULT_ASSURANCES


@attrs.frozen(kw_only=True)
class Key:
    """The symbols and words a report uses for statuses and directions.

    Args:
        statuses: One entry per status, in the order the key lists them.
        directions: One entry per direction, in the order the key lists them.
        only_when_shown: Statuses whose entries the key lists only when the
            report shows them (see :meth:`listed`); none by default.
        variations: One entry per variation icon, for reports that show
            the XmR icons; the default entries unless given.
        assurances: One entry per assurance icon, likewise.

    >>> DEFAULT_KEY.status(Status.RED).label
    'Red'

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       *only_when_shown*.
    .. versionchanged:: 0.3.0
       *variations* and *assurances*.
    """

    statuses: tuple[StatusSymbol, ...]
    directions: tuple[DirectionSymbol, ...]
    only_when_shown: frozenset[Status] = frozenset()
    variations: tuple[VariationSymbol, ...] = attrs.field(factory=_variation_symbols)
    assurances: tuple[AssuranceSymbol, ...] = attrs.field(factory=_assurance_symbols)

    def listed(self, shown: Collection[Status]) -> tuple[StatusSymbol, ...]:
        """The status entries to list in the key of a report showing *shown*.

        Every entry, except those for statuses in :attr:`only_when_shown`
        that *shown* lacks.

        >>> [e.label for e in DEFAULT_KEY.listed({Status.BLUE})][:3]
        ['Blue', 'Green', 'Amber']

        .. versionadded:: 0.2.0
        """
        return tuple(
            entry
            for entry in self.statuses
            if entry.status not in self.only_when_shown or entry.status in shown
        )

    def status(self, status: Status) -> StatusSymbol:
        """The entry for *status*."""
        return _entry(self.statuses, "status", status, StatusSymbol)

    def direction(self, direction: Direction) -> DirectionSymbol:
        """The entry for *direction*."""
        return _entry(self.directions, "direction", direction, DirectionSymbol)

    def variation(self, variation: Variation) -> VariationSymbol:
        """The entry for a *variation* icon.

        .. versionadded:: 0.3.0
        """
        return _entry(self.variations, "variation", variation, VariationSymbol)

    def assurance(self, assurance: Assurance) -> AssuranceSymbol:
        """The entry for an *assurance* icon.

        .. versionadded:: 0.3.0
        """
        return _entry(self.assurances, "assurance", assurance, AssuranceSymbol)

    def icon(self, icon: Variation | Assurance) -> VariationSymbol | AssuranceSymbol:
        """The entry for a variation or an assurance *icon*.

        .. versionadded:: 0.3.0
        """
        if isinstance(icon, Variation):
            return self.variation(icon)
        return self.assurance(icon)

    def __repr__(self) -> str:
        # Short: the default key is the default of every renderer's *key*,
        # and help() and the API pages print it.
        return (
            f"<Key: {len(self.statuses)} statuses, {len(self.directions)} "
            f"directions, {len(self.variations)} variations, "
            f"{len(self.assurances)} assurances>"
        )


def _words(value: str) -> str:
    return value.replace("_", " ").capitalize()


_Entry = TypeVar("_Entry")


def _entry(
    entries: tuple[_Entry, ...],
    field: str,
    value: enum.Enum,
    kind: Callable[..., _Entry],
) -> _Entry:
    """The entry of *entries* whose *field* is *value*; else one in words.

    A key without an entry for a value still shows it: by its name, with
    ``?`` for a symbol.
    """
    for entry in entries:
        if getattr(entry, field) is value:
            return entry
    return kind(**{field: value}, symbol="?", label=_words(value.value), meaning="")


#: The entries for the variation icons in :data:`DEFAULT_KEY`.
DEFAULT_VARIATIONS = (
    VariationSymbol(
        variation=Variation.COMMON_CAUSE,
        symbol="\N{ALMOST EQUAL TO}",
        label="Common cause",
        meaning="No signal: the latest point is within the variation expected",
    ),
    VariationSymbol(
        variation=Variation.IMPROVEMENT_HIGH,
        symbol="H+",
        label="Improvement (high)",
        meaning="Special cause of an improving nature, the figures high",
    ),
    VariationSymbol(
        variation=Variation.IMPROVEMENT_LOW,
        symbol="L+",
        label="Improvement (low)",
        meaning="Special cause of an improving nature, the figures low",
    ),
    VariationSymbol(
        variation=Variation.CONCERN_HIGH,
        symbol="H\N{MINUS SIGN}",
        label="Concern (high)",
        meaning="Special cause of a concerning nature, the figures high",
    ),
    VariationSymbol(
        variation=Variation.CONCERN_LOW,
        symbol="L\N{MINUS SIGN}",
        label="Concern (low)",
        meaning="Special cause of a concerning nature, the figures low",
    ),
    VariationSymbol(
        variation=Variation.NEITHER_HIGH,
        symbol="H",
        label="Special cause (high)",
        meaning="Special cause, high, on a measure with no better direction",
    ),
    VariationSymbol(
        variation=Variation.NEITHER_LOW,
        symbol="L",
        label="Special cause (low)",
        meaning="Special cause, low, on a measure with no better direction",
    ),
)

#: The entries for the assurance icons in :data:`DEFAULT_KEY`.
DEFAULT_ASSURANCES = (
    AssuranceSymbol(
        assurance=Assurance.CONSISTENT_PASS,
        symbol="P",
        label="Consistently passing",
        meaning="Both process limits are on the passing side of the target",
    ),
    AssuranceSymbol(
        assurance=Assurance.CONSISTENT_FAIL,
        symbol="F",
        label="Consistently failing",
        meaning="Both process limits are on the failing side of the target",
    ),
    AssuranceSymbol(
        assurance=Assurance.INCONSISTENT,
        symbol="?",
        label="Hit and miss",
        meaning="The target lies between the process limits: met some periods only",
    ),
)

DEFAULT_KEY = Key(
    statuses=(
        StatusSymbol(
            status=Status.BLUE,
            symbol="★",
            label="Blue",
            meaning="Exceeded: performance beats the target by the margin set",
        ),
        StatusSymbol(
            status=Status.GREEN,
            symbol="✓",
            label="Green",
            meaning="On target: performance meets or beats the target set",
        ),
        StatusSymbol(
            status=Status.YELLOW,
            symbol="◐",
            label="Yellow",
            meaning="Just short of the target set, within a narrow tolerance",
        ),
        StatusSymbol(
            status=Status.AMBER,
            symbol="●",
            label="Amber",
            meaning="Satisfactory progress, but not fully reaching the target set",
        ),
        StatusSymbol(
            status=Status.RED,
            symbol="✗",
            label="Red",
            meaning="Off target: not progressing in line with the target set",
        ),
        StatusSymbol(
            status=Status.UNDER_DEVELOPMENT,
            symbol="*",
            label="Under development",
            meaning="Awaiting data collection or target setting",
        ),
        StatusSymbol(
            status=Status.NOT_APPLICABLE,
            symbol="\N{EN DASH}",
            label="Not applicable",
            meaning="No target applies (data only, or a baseline year)",
        ),
        StatusSymbol(
            status=Status.NOT_AVAILABLE,
            symbol="…",
            label="Not available",
            meaning="The figure for the period is missing or not yet available",
        ),
    ),
    directions=(
        DirectionSymbol(
            direction=Direction.IMPROVING,
            symbol="▲",
            label="Improving",
            meaning="Better than the comparator period",
        ),
        DirectionSymbol(
            direction=Direction.WORSENING,
            symbol="▼",
            label="Worsening",
            meaning="Worse than the comparator period",
        ),
        DirectionSymbol(
            direction=Direction.NO_CHANGE,
            symbol="►",
            label="No change",
            meaning="The same as the comparator period",
        ),
        DirectionSymbol(
            direction=Direction.HIGHER,
            symbol="△",
            label="Higher",
            meaning="Higher than the comparator period (no better direction)",
        ),
        DirectionSymbol(
            direction=Direction.LOWER,
            symbol="▽",
            label="Lower",
            meaning="Lower than the comparator period (no better direction)",
        ),
        DirectionSymbol(
            direction=Direction.NOT_APPLICABLE,
            symbol="\N{EN DASH}",
            label="Not applicable",
            meaning="No comparator figure, so no direction of travel",
        ),
    ),
    only_when_shown=frozenset({Status.BLUE, Status.YELLOW}),
)
"""The key the renderers use unless given another.

Blue and yellow are listed only in the key of a report that shows them.

.. versionadded:: 0.1.0
.. versionchanged:: 0.2.0
   Blue and yellow.
"""
