"""Figures and targets in the words a performance report prints.

Published figures are shown as published (whole numbers without a trailing
point); figures the library computes, such as a target's share of a year,
are rounded for reading.  The rounding is for display only: every report
keeps the exact figure beside its text.
"""

from __future__ import annotations

from decimal import Decimal

from .._arithmetic import EXACT, in_context, round_figure
from .._evaluate import Evaluation
from .._figures import period_figure, target_for
from .._measures import Measure, Polarity, Unit
from .._periods import MONTH_NAMES, Month, Period, Year
from .._targets import (
    AnnualTarget,
    Basis,
    BoundTarget,
    ChangeKind,
    FixedTarget,
    RelativeTarget,
    Target,
)

__all__ = [
    "derived",
    "figure",
    "measure_figures",
    "period_span",
    "period_words",
    "plain",
    "summary_line",
    "target_words",
]


def figure(unit: Unit, value: Decimal) -> str:
    """A published figure in *unit*, as published: ``81.0%``."""
    return unit.format(value)


def plain(value: Decimal) -> str:
    """*value* without trailing zeros or an exponent: ``10``, ``2.5``."""
    return f"{value.normalize(EXACT):f}"


def derived(unit: Unit, value: Decimal, places: int = 2) -> str:
    """A computed figure in *unit*, rounded half up to *places* decimal places at most.

    Trailing zeros are dropped: ``47.025`` shows as ``47.03``, ``85.00`` as
    ``85`` (:func:`~perfmeasures._arithmetic.round_figure`).
    """
    return unit.format(round_figure(value, places))


def _relative_words(measure: Measure, target: RelativeTarget) -> str | None:
    """``a 10% reduction on 209 in 2018/19``, or None without a baseline figure."""
    base = period_figure(measure, target.baseline).value
    if base is None:
        return None
    size = abs(target.change)
    where = f"{figure(measure.unit, base)} in {target.baseline}"
    if target.change == 0:
        return f"the same as {where}"
    change = "reduction" if target.change < 0 else "increase"
    if target.change_kind is ChangeKind.PERCENT:
        return f"a {plain(size)}% {change} on {where}"
    article = "a" if change == "reduction" else "an"
    return f"{article} {change} of {figure(measure.unit, size)} on {where}"


@in_context
def target_words(measure: Measure, period: Period) -> str | None:
    """The target that applies to *period*, in words, or None where none does.

    >>> from perfmeasures.examples import rotherham_2019_20
    >>> plan = rotherham_2019_20()
    >>> target_words(plan.measure("1.A5"), Year(2019).quarters()[0])
    'a target of 7%'
    >>> target_words(plan.measure("2.B7"), Year(2019).quarters()[0])
    'a target of 85 to date (280 for the year)'

    An inequality keeps its sign, as councils print it: ``a target of < 5``.

    .. versionadded:: 0.1.0
    """
    entry = measure.target_entry(period)
    resolved = target_for(measure, period)
    if entry is None or resolved is None:
        return None
    target = entry[1]
    if isinstance(target, BoundTarget):
        shown = figure(measure.unit, target.value)
        text = f"a target of {target.bound.symbol} {shown}"
    elif resolved.value is None:
        low = "" if resolved.lower is None else figure(measure.unit, resolved.lower)
        high = "" if resolved.upper is None else figure(measure.unit, resolved.upper)
        text = f"a target range of {low} to {high}"
    elif resolved.annual is None:
        text = f"a target of {_target_figure(measure, target, resolved.value)}"
    elif isinstance(period, Year):
        annual = _target_figure(measure, target, resolved.annual)
        text = f"an annual target of {annual}"
    else:
        when = "to date" if resolved.basis is Basis.YEAR_TO_DATE else f"for {period}"
        text = (
            f"a target of {derived(measure.unit, resolved.value)} {when} "
            f"({_target_figure(measure, target, resolved.annual)} for the year"
        )
        if isinstance(target, RelativeTarget):
            relative = _relative_words(measure, target)
            text += f", {relative}" if relative else ""
        text += ")"
        return _with_floor(measure, text, resolved.floor)
    if isinstance(target, RelativeTarget):
        relative = _relative_words(measure, target)
        text += f" ({relative})" if relative else ""
    return _with_floor(measure, text, resolved.floor)


def _target_figure(measure: Measure, target: Target, value: Decimal) -> str:
    """*value* as published where *target* published it; else computed, rounded.

    A fixed target's figure and an annual target's year are as published
    (``85.0%`` stays ``85.0%``); a relative target's are computed.
    """
    if isinstance(target, FixedTarget | AnnualTarget):
        return figure(measure.unit, value)
    return derived(measure.unit, value)


def _with_floor(measure: Measure, text: str, floor: Decimal | None) -> str:
    if floor is None:
        return text
    return f"{text} and a floor of {derived(measure.unit, floor)}"


def _actual_words(measure: Measure, evaluation: Evaluation) -> str:
    if evaluation.actual is None:
        reason = evaluation.missing.value if evaluation.missing else "not_published"
        return f"no figure for {evaluation.period} ({reason.replace('_', ' ')})"
    text = figure(measure.unit, evaluation.actual)
    if evaluation.basis is Basis.YEAR_TO_DATE and not isinstance(
        evaluation.period, Year
    ):
        text += " year to date"
    return text


def _part_name(parent: Measure, part: Measure) -> str:
    """``vehicles`` for part ``3.A4(b) vehicles`` of ``3.A4(b)``; else its title."""
    if part.ref.startswith(parent.ref):
        name = part.ref.removeprefix(parent.ref).strip()
        if name:
            return name
    return part.title


def measure_figures(measure: Measure, evaluation: Evaluation) -> str:
    """The figures of *evaluation* against their targets, in words.

    A multi-part measure lists each part's figure; parts that share a target
    share its words (``73% (vehicles) and 77% (drivers) against a target of
    85%``).

    .. versionadded:: 0.1.0
    """
    if not evaluation.components:
        words = target_words(measure, evaluation.period)
        actual = _actual_words(measure, evaluation)
        return f"{actual} against {words}" if words else f"{actual} (no target set)"
    pieces: list[tuple[str, str | None]] = []
    for part, result in zip(measure.components, evaluation.components, strict=True):
        actual = f"{_actual_words(part, result)} ({_part_name(measure, part)})"
        pieces.append((actual, target_words(part, evaluation.period)))
    targets = {words for _, words in pieces}
    if len(targets) == 1:
        (words,) = targets
        joined = " and ".join(actual for actual, _ in pieces)
        return f"{joined} against {words}" if words else f"{joined} (no target set)"
    return "; ".join(
        f"{actual} against {words}" if words else f"{actual} (no target set)"
        for actual, words in pieces
    )


@in_context
def summary_line(measure: Measure, evaluation: Evaluation) -> str:
    """The one-line summary of a measure an exception report opens with.

    >>> from perfmeasures import evaluate
    >>> from perfmeasures.examples import rotherham_2019_20
    >>> m = rotherham_2019_20().measure("1.A5")
    >>> summary_line(m, evaluate(m, "Q1 2019/20"))  # doctest: +NORMALIZE_WHITESPACE
    '(1.A5) The proportion of children who are subject to repeat child
    protection plans (within 24 months) - 10.1% against a target of 7%
    (lower is better)'

    .. versionadded:: 0.1.0
    """
    line = f"({measure.ref}) {measure.title} - {measure_figures(measure, evaluation)}"
    if measure.polarity is not Polarity.NEUTRAL:
        line += f" ({measure.polarity.words})"
    return line


def period_span(period: Period) -> str:
    """The dates a period covers, in words: ``April to June 2019``.

    >>> period_span(Year(2019))
    'April 2019 to March 2020'

    .. versionadded:: 0.1.0
    """
    start, end = period.start, period.end
    # The month names are the package's own, not the locale's (``%B``).
    first, last = MONTH_NAMES[start.month - 1], MONTH_NAMES[end.month - 1]
    if (start.year, start.month) == (end.year, end.month):
        return f"{first} {start.year}"
    if start.year == end.year:
        return f"{first} to {last} {end.year}"
    return f"{first} {start.year} to {last} {end.year}"


def period_words(period: Period) -> str:
    """A period's label with its dates: ``Q1 2019/20 (April to June 2019)``.

    A month's label says its dates already: ``Jun 2019``.

    .. versionadded:: 0.1.0
    """
    if isinstance(period, Month):
        return period.label
    return f"{period} ({period_span(period)})"
