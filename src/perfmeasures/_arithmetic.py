"""Decimal arithmetic that neither crashes nor depends on the caller's context.

Python's :mod:`decimal` operators round to the *thread's* context, which a
caller may have set to three digits, to round towards minus infinity, or to
trap every inexact result.  perfmeasures never relies on it: computations
name their context (:data:`CONTEXT`, or :data:`EXACT` where no rounding is
wanted), and public entry points that format or compute run inside
:data:`CONTEXT` through :func:`in_context`.

The figures perfmeasures accepts are bounded (:func:`check_figure`) so that
every one is exact in :data:`CONTEXT` and everything computed from them stays
a reasonable size.
"""

from __future__ import annotations

import decimal
import functools
from collections.abc import Callable
from decimal import Decimal
from typing import ParamSpec, TypeVar

from ._errors import InvalidValueError

__all__ = [
    "CONTEXT",
    "DECIMAL_PLACES",
    "EXACT",
    "FIGURE_RANGE",
    "INTEGER_DIGITS",
    "SIGNIFICANT_DIGITS",
    "as_shown",
    "check_figure",
    "figure_text",
    "in_context",
    "round_figure",
    "round_quotient",
]

_TRAPS = [decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow]

#: The arithmetic context for every computation that rounds: explicit in
#: every field, never the thread's ambient context, so that results do not
#: depend on caller state.
CONTEXT = decimal.Context(
    prec=28,
    rounding=decimal.ROUND_HALF_UP,
    Emax=999_999,
    Emin=-999_999,
    capitals=1,
    clamp=0,
    flags=[],
    traps=_TRAPS,
)

#: A context in which addition, subtraction, multiplication, ``divmod`` and
#: :meth:`~decimal.Decimal.quantize` are exact whatever the operands' size:
#: the only rounding is the one a quantize asks for.  Never divide in it: a
#: quotient such as 1/3 would need unbounded digits (``MemoryError``).
EXACT = decimal.Context(
    prec=decimal.MAX_PREC,
    rounding=decimal.ROUND_HALF_UP,
    Emax=decimal.MAX_EMAX,
    Emin=decimal.MIN_EMIN,
    capitals=1,
    clamp=0,
    flags=[],
    traps=_TRAPS,
)

#: A figure is below ``10**INTEGER_DIGITS`` in absolute value (see
#: :func:`check_figure` for why these bounds).
INTEGER_DIGITS = 15
#: A figure has at most this many significant digits, as written.
SIGNIFICANT_DIGITS = 28
#: A figure has at most this many decimal places, as written.
DECIMAL_PLACES = 28

#: The figures perfmeasures accepts, in words.
FIGURE_RANGE = (
    f"a number below 1E+{INTEGER_DIGITS} in absolute value, with at most "
    f"{SIGNIFICANT_DIGITS} significant digits and at most {DECIMAL_PLACES} "
    "decimal places"
)


def check_figure(number: Decimal, field: str, value: object) -> Decimal:
    """Refuse a finite *number* outside the range of figures perfmeasures takes.

    A figure (a value, a target, a rule's parameter) must be below ``1E+15``
    in absolute value, with at most 28 significant digits and at most 28
    decimal places, all counted as written (``94.80`` has two places).

    Why these bounds:

    - No council figure comes near ``1E+15``: the largest are budgets in
      pounds, ``1E+10`` for the largest council, ``1E+12`` for the whole of
      UK public spending.
    - 28 significant digits is the precision of :data:`CONTEXT`, so every
      accepted figure is exact in it and no computation rounds a figure as
      given.  It also admits every binary float (17 digits) and every
      quotient Python's default context gives (28 digits).
    - 28 decimal places admit such quotients down to 0.1 and floats down
      to about ``1E-11``, far finer than any published figure, while keeping
      an exact difference of two figures to at most 44 digits and a
      variance percentage to at most 48, within the wire format's bounds.

    Args:
        number: The figure, already finite.
        field: The field to name in the error.
        value: The value as given, to show in the error.

    Returns:
        *number*, unchanged.

    Raises:
        InvalidValueError: *number* is out of range.
    """
    leading = number.adjusted()  # The power of ten of the leading digit.
    text = str(number)
    # str() writes the exponent mark in the caller's context: "e" where its
    # capitals are off.
    if "E" not in text and "e" not in text:
        # Written out, as almost every figure is: its places are the
        # digits after the point, read without building a tuple.
        point = text.find(".")
        places = 0 if point < 0 else len(text) - point - 1
        if (
            leading < INTEGER_DIGITS
            and places <= DECIMAL_PLACES
            and leading + places < SIGNIFICANT_DIGITS
        ):
            return number
        raise InvalidValueError(field, value, FIGURE_RANGE)
    _, digits, exponent = number.as_tuple()
    if (
        not isinstance(exponent, int)
        or exponent < -DECIMAL_PLACES
        or len(digits) > SIGNIFICANT_DIGITS
        or leading >= INTEGER_DIGITS
    ):
        raise InvalidValueError(field, value, FIGURE_RANGE)
    return number


def round_quotient(dividend: Decimal, divisor: Decimal, places: int) -> Decimal:
    """*dividend* / *divisor*, correctly rounded half up to *places* places.

    Computed by exact integer division, so that the result is the exact
    quotient rounded once, whatever the size of the operands, and never
    raises for a non-zero finite *divisor*.

    >>> round_quotient(Decimal(2), Decimal(3), 2)
    Decimal('0.67')
    >>> round_quotient(Decimal("-0.5"), Decimal(100), 2)
    Decimal('-0.01')
    """
    if divisor.is_signed():
        dividend, divisor = dividend.copy_negate(), divisor.copy_negate()
    scaled = EXACT.scaleb(dividend, places)
    # divmod truncates towards zero; the remainder says which way to round.
    quotient, remainder = EXACT.divmod(scaled, divisor)
    if EXACT.multiply(remainder.copy_abs(), 2) >= divisor:
        quotient = EXACT.add(quotient, -1 if dividend.is_signed() else 1)
    return EXACT.scaleb(quotient, -places)


def round_figure(number: Decimal, places: int) -> Decimal:
    """A computed *number* rounded half up to at most *places* places, for reading.

    Rounding is the only change: trailing zeros the arithmetic left are
    dropped (a profile of 280 split in quarters is ``70``, not ``70.0``
    or ``7E+1``), the exponent is never positive (``1E+2`` is ``100``) and
    a result that rounds to nought is ``0``, never ``-0``.  Exact whatever
    the size of *number*.

    >>> round_figure(Decimal("47.025"), 2)
    Decimal('47.03')
    >>> round_figure(Decimal("1E+2"), 2)
    Decimal('100')
    >>> round_figure(Decimal("70.00"), 2)
    Decimal('70')

    .. versionadded:: 0.3.0
    """
    step = EXACT.scaleb(Decimal(1), -places)
    rounded = number.quantize(step, rounding=decimal.ROUND_HALF_UP, context=EXACT)
    if rounded.is_zero():
        return Decimal(0)
    shortest = rounded.normalize(EXACT)
    exponent = shortest.as_tuple().exponent
    if isinstance(exponent, int) and exponent > 0:
        return shortest.quantize(Decimal(1), context=EXACT)
    return shortest


# A figure with more decimal places than this was computed, not published.
_PUBLISHED_PLACES = 4


def as_shown(number: Decimal) -> Decimal:
    """*number* as words and tables show it: as published, or rounded.

    A figure with more than four decimal places was computed (a share of a
    target, a rolled-up rate), and is rounded by :func:`round_figure` to
    two places; any other is kept with the places it was published with,
    so that ``81.0`` stays ``81.0``.

    >>> as_shown(Decimal("81.0")), as_shown(Decimal("93.333333"))
    (Decimal('81.0'), Decimal('93.33'))

    .. versionadded:: 0.3.0
    """
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -_PUBLISHED_PLACES:
        return round_figure(number, 2)
    return number


def figure_text(number: Decimal, places: int | None = None) -> str:
    """*number* as a report prints it: plain positional digits, never an exponent.

    Every figure perfmeasures writes into words (explanations, target
    descriptions, report text) goes through here, so that all of them read
    alike.

    Args:
        number: The figure.
        places: ``None`` for a figure as published, which keeps every place
            it was published with (``81.0`` stays ``81.0``; ``1E+2`` is
            ``100``).  A number for a computed figure, which is rounded by
            :func:`round_figure` to at most that many places.

    >>> figure_text(Decimal("1.5E+3"))
    '1500'
    >>> figure_text(Decimal("94.80"))
    '94.80'
    >>> figure_text(Decimal("93.33333333333333333333333333"), 2)
    '93.33'

    .. versionadded:: 0.3.0
    """
    shown = number if places is None else round_figure(number, places)
    return f"{shown:f}"


_P = ParamSpec("_P")
_R = TypeVar("_R")


def in_context(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run *function* in :data:`CONTEXT`, whatever context the caller has set.

    For public entry points: every operator and format inside them then
    rounds, traps and writes exponents as perfmeasures does, never as the
    caller's thread happens to be set.
    """

    @functools.wraps(function)
    def in_own_context(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with decimal.localcontext(CONTEXT):
            return function(*args, **kwargs)

    return in_own_context
