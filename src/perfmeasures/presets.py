"""Status schemes as real public bodies publish them.

Each function returns a parameterised scheme from
:mod:`perfmeasures` (:class:`~perfmeasures.TargetMet`,
:class:`~perfmeasures.Tolerance`, :class:`~perfmeasures.Progress`,
:class:`~perfmeasures.FloorStandard`, :class:`~perfmeasures.YearEndSplit`,
:class:`~perfmeasures.FourBand`, :class:`~perfmeasures.Exceeded`);
none is a copy of another.  Schemes whose tolerance each measure sets
(Reigate and Banstead, Brighton and Hove, Havering 2024/25) take it as an
argument; so do the parts of a scheme the published wording leaves open
(where Anglesey's amber ends, what earns blue in a BRAG scheme), with a
stated default.

>>> from perfmeasures import presets
>>> presets.maidstone().amber
Decimal('10')

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from ._bands import Exceeded, FourBand
from ._errors import InvalidRuleError
from ._ratings import Direction
from ._status import (
    FloorStandard,
    Progress,
    StatusScheme,
    TargetMet,
    Tolerance,
    YearEndSplit,
)
from ._targets import ChangeKind

__all__ = [
    "anglesey",
    "belfast",
    "brag",
    "brighton_hove",
    "by_name",
    "havering_2013",
    "havering_2024",
    "kent",
    "lincoln",
    "maidstone",
    "names",
    "reigate_banstead",
    "rother",
    "rotherham",
    "rotherham_in_year",
]


def rotherham_in_year() -> StatusScheme:
    """Rotherham MBC within the year: met is green, missed but improving amber.

    A measure that misses its target is amber when its direction of travel
    is improving and red when it is worsening, unchanged or has no
    comparator.
    """
    return Progress()


def rotherham() -> StatusScheme:
    """Rotherham MBC: progress in year, on or off track at the year end.

    The council's year-end reports rate measures on or off track with no
    amber, so the year and its last quarter or month are rated by
    :class:`~perfmeasures.TargetMet`.
    """
    return YearEndSplit(in_year=Progress(), year_end=TargetMet())


def rother() -> StatusScheme:
    """Rother DC: on target, improving towards target, or not achieving it."""
    return Progress()


def maidstone() -> StatusScheme:
    """Maidstone BC: green when met, amber within 10% of the target, else red.

    "Within 10%" includes exactly 10%; "more than 10%" is red.
    """
    return Tolerance(amber=Decimal(10))


def belfast() -> StatusScheme:
    """Belfast CC: green within 1% of target, amber from 1% to 5%, red at 5% or more."""
    return Tolerance(green=Decimal(1), amber=Decimal(5), amber_inclusive=False)


def reigate_banstead(tolerance: Decimal | int | str) -> StatusScheme:
    """Reigate & Banstead BC: amber within each measure's agreed tolerance.

    Args:
        tolerance: The measure's tolerance, in per cent of the target.
    """
    return Tolerance(amber=tolerance)


def brighton_hove(amber: Decimal | int | str) -> StatusScheme:
    """Brighton & Hove CC: amber within an absolute range from the target.

    Args:
        amber: The measure's amber range, in the measure's units.
    """
    return Tolerance(amber=amber, kind=ChangeKind.ABSOLUTE)


def havering_2013() -> StatusScheme:
    """Havering LBC (2013/14): green within 10%; beyond it, amber if not worse.

    A measure more than 10% off target is amber when it improved or was
    maintained, and red when it did not improve.
    """
    return Progress(
        green=Decimal(10),
        amber_when=frozenset({Direction.IMPROVING, Direction.NO_CHANGE}),
    )


def havering_2024(tolerance: Decimal | int | str) -> StatusScheme:
    """Havering LBC (2024/25): below target but within a variable tolerance is amber.

    Args:
        tolerance: The measure's tolerance, in per cent of the target.
    """
    return Tolerance(amber=tolerance)


def kent() -> StatusScheme:
    """Kent CC: green when the target is met, amber when only the floor standard is."""
    return FloorStandard()


def lincoln() -> StatusScheme:
    """City of Lincoln: green within the target boundary range (a range target)."""
    return TargetMet()


def anglesey(amber: Decimal | int | str = 10) -> FourBand:
    """Isle of Anglesey CC: green, yellow within 5% of target, amber, red.

    The council's scorecard counts a measure "performing above or within 5%
    tolerance of their targets" as green or yellow: green on or better
    than target, yellow short of it by at most 5% (inclusive).  Amber and
    red lie beyond that tolerance; where one ends and the other begins is
    not in the wording quoted here, so it is a parameter.

    Args:
        amber: The widest shortfall still rated amber, in per cent of the
            target (inclusive); 10 unless given, an assumption to replace
            with the council's own figure.

    .. versionadded:: 0.2.0
    """
    return FourBand(yellow=Decimal(5), amber=amber)


def brag(
    blue: Decimal | int | str = 10,
    amber: Decimal | int | str = 10,
    *,
    kind: ChangeKind = ChangeKind.PERCENT,
) -> Exceeded:
    """A generic BRAG scheme: blue, red, amber and green.

    Blue when the target is beaten by at least *blue*; green when it is
    met; amber when it is missed by at most *amber*; red beyond.  Bodies
    that publish BRAG give blue different meanings (a target exceeded by
    a stated margin, an action completed), so this is no one body's rule:
    the defaults of 10% either side of the target are illustrative, to
    replace with the margins your body publishes.

    Args:
        blue: The smallest margin beyond the target rated blue (inclusive).
        amber: The widest shortfall still rated amber (inclusive).
        kind: Whether both are per cent of the target (default) or in the
            measure's units.

    >>> brag(blue=5, amber=10).blue
    Decimal('5')

    .. versionadded:: 0.2.0
    """
    return Exceeded(blue=blue, kind=kind, scheme=Tolerance(amber=amber, kind=kind))


_FIXED: dict[str, Callable[[], StatusScheme | FourBand | Exceeded]] = {
    "anglesey": anglesey,
    "belfast": belfast,
    "brag": brag,
    "havering_2013": havering_2013,
    "kent": kent,
    "lincoln": lincoln,
    "maidstone": maidstone,
    "rother": rother,
    "rotherham": rotherham,
    "rotherham_in_year": rotherham_in_year,
}


def names() -> tuple[str, ...]:
    """The names :func:`by_name` accepts."""
    return tuple(sorted(_FIXED))


def by_name(name: str) -> StatusScheme | FourBand | Exceeded:
    """The preset called *name*, for schemes without per-measure parameters.

    A preset whose parameters have defaults (:func:`anglesey`,
    :func:`brag`) is given by name with its defaults.

    Raises:
        InvalidRuleError: No such preset.

    .. versionchanged:: 0.2.0
       ``anglesey`` and ``brag``, with their defaults.
    """
    try:
        return _FIXED[name]()
    except KeyError:
        raise InvalidRuleError("preset", name, f"one of {', '.join(names())}") from None
