"""Evaluation: a measure, a period and rules in; status, direction and reasons out.

:func:`evaluate` is pure: it reads the measure and writes nothing, and the
same inputs always give the same :class:`Evaluation`.
"""

from __future__ import annotations

import decimal
import threading
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from ._arithmetic import EXACT, as_shown, figure_text, round_quotient
from ._checks import Deferred, instance_of, optional_instance_of, tuple_of, unchecked
from ._direction import DirectionRule, Travel, new_travel
from ._errors import InvalidRuleError, InvalidValueError
from ._figures import Figure, Source, figure_of, new_figure, target_of, year_to_date_of
from ._measures import Measure, Polarity, UnitKind
from ._periods import Month, Period, Quarter, Year, read_period
from ._ratings import (
    WORST_FIRST,
    Assurance,
    Direction,
    Override,
    Published,
    Status,
    Variation,
)
from ._rules import Rules
from ._status import Case, TargetMet, meets
from ._targets import Basis, PeriodTarget, annual_words
from ._values import CONTEXT, MissingReason, figure_in

if TYPE_CHECKING:
    from .spc import XmR

__all__ = ["Evaluation", "evaluate", "evaluate_each", "new_evaluation"]

_PERCENT_PLACES = 2


def _evaluations(value: object) -> tuple[Evaluation, ...]:
    return tuple_of(value, Evaluation, "components")


@attrs.frozen(kw_only=True)
class Evaluation(Deferred):
    """The rating of one measure for one period, with everything behind it.

    Args:
        ref: The measure's reference.
        period: The period rated.
        status: The status to publish: the override where there is one,
            else the computed status.
        computed_status: The status the rules give.
        direction: The direction of travel the rules give.
        actual: The figure compared with the target (the year to date for
            year-to-date targets), or None where missing.
        period_actual: The figure for the period alone.
        basis: Whether *actual* is for the period or the year to date.
        target: The target figure compared with, or None.
        target_lower: The lower bound of a range target.
        target_upper: The upper bound of a range target.
        annual_target: The whole year's target, for profiled targets.
        comparator_period: The period the direction compares with.
        comparator_value: The comparator period's figure, or None.
        variance: Actual minus target.
        variance_percent: The variance as a percentage of the target,
            rounded to two places.
        missing: Why the actual is missing, where it is.
        override: The hand-set status, where there is one.
        published: What a report printed for the period, where recorded.
        explanation: Why, in words.
        components: The evaluations of a multi-part measure's parts.
        rules: The rules the measure was rated by (None in evaluations
            written before 0.2.0).
        variation: The Making Data Count variation icon of the measure's
            XmR chart up to the period, when asked for (``spc=True``) and
            there is one: see :func:`perfmeasures.spc.measure_xmr`.
        assurance: The assurance icon of the same chart, when there is one.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Records the rules it was rated by.
    .. versionchanged:: 0.3.0
       The *variation* and *assurance* icons.
    """

    ref: str = attrs.field(validator=instance_of(str, "text"))
    period: Period = attrs.field(
        validator=instance_of(Year | Quarter | Month, "a period")
    )
    status: Status = attrs.field(validator=instance_of(Status, "a Status"))
    computed_status: Status = attrs.field(validator=instance_of(Status, "a Status"))
    direction: Direction = attrs.field(validator=instance_of(Direction, "a Direction"))
    actual: Decimal | None = attrs.field(
        default=None, validator=optional_instance_of(Decimal, "a Decimal")
    )
    period_actual: Decimal | None = attrs.field(
        default=None, validator=optional_instance_of(Decimal, "a Decimal")
    )
    basis: Basis = attrs.field(
        default=Basis.PERIOD, validator=instance_of(Basis, "a Basis")
    )
    target: Decimal | None = attrs.field(
        default=None, validator=optional_instance_of(Decimal, "a Decimal")
    )
    target_lower: Decimal | None = attrs.field(
        default=None, validator=optional_instance_of(Decimal, "a Decimal")
    )
    target_upper: Decimal | None = attrs.field(
        default=None, validator=optional_instance_of(Decimal, "a Decimal")
    )
    annual_target: Decimal | None = attrs.field(
        default=None, validator=optional_instance_of(Decimal, "a Decimal")
    )
    comparator_period: Period | None = attrs.field(
        default=None, validator=optional_instance_of(Year | Quarter | Month, "a period")
    )
    comparator_value: Decimal | None = attrs.field(
        default=None, validator=optional_instance_of(Decimal, "a Decimal")
    )
    variance: Decimal | None = attrs.field(
        default=None, validator=optional_instance_of(Decimal, "a Decimal")
    )
    variance_percent: Decimal | None = attrs.field(
        default=None, validator=optional_instance_of(Decimal, "a Decimal")
    )
    missing: MissingReason | None = attrs.field(
        default=None, validator=optional_instance_of(MissingReason, "a MissingReason")
    )
    override: Override | None = attrs.field(
        default=None, validator=optional_instance_of(Override, "an Override")
    )
    published: Published | None = attrs.field(
        default=None, validator=optional_instance_of(Published, "a Published record")
    )
    explanation: str = attrs.field(default="", validator=instance_of(str, "text"))
    components: tuple[Evaluation, ...] = attrs.field(default=(), converter=_evaluations)
    rules: Rules | None = attrs.field(
        default=None, validator=optional_instance_of(Rules, "Rules")
    )
    variation: Variation | None = attrs.field(
        default=None, validator=optional_instance_of(Variation, "a Variation")
    )
    assurance: Assurance | None = attrs.field(
        default=None, validator=optional_instance_of(Assurance, "an Assurance")
    )

    @property
    def is_overridden(self) -> bool:
        """Whether a hand-set status replaced the computed one."""
        return self.override is not None

    def __repr__(self) -> str:
        from ._display import evaluation_repr  # noqa: PLC0415 - only when shown.

        return evaluation_repr(self)

    def _repr_html_(self) -> str:
        from ._display import evaluation_html  # noqa: PLC0415 - only when shown.

        return evaluation_html(self)

    def _repr_markdown_(self) -> str:
        from ._display import evaluation_markdown  # noqa: PLC0415 - only when shown.

        return evaluation_markdown(self)

    # Evaluation computes the variance and the explanation when one of them
    # is first read: most evaluations of a large batch are counted,
    # filtered or stored, and their words never shown.
    _deferred = ("variance", "variance_percent", "explanation")

    def _compute(self, pending: tuple[Any, ...]) -> tuple[object, ...]:
        # Everything else the words need is in the fields, or follows from
        # the measure as the target does: so that an evaluation holds little
        # until it is read, and one made in another process is rebuilt
        # from its fields.
        measure, current = pending[0], pending[1]
        actual = self.actual
        with decimal.localcontext(CONTEXT):
            variance: tuple[Decimal | None, Decimal | None] = (None, None)
            if (
                actual is not None
                and self.target is not None
                and not (measure.under_development or measure.data_only)
            ):
                variance = _variance(actual, self.target)
            words = _explain(
                measure,
                self.period,
                new_travel(
                    self.direction,
                    current,
                    self.comparator_period,
                    self.comparator_value,
                ),
                target_of(measure, self.period),
                new_figure(
                    actual,
                    Source.MISSING if actual is None else Source.PUBLISHED,
                    self.missing,
                ),
                self.computed_status,
                self.override,
            )
        if len(pending) > 2:
            words += " " + pending[2]
        return (*variance, words)


_evaluation = unchecked(Evaluation)
#: Make an :class:`Evaluation` without checks, its variance and words left to
#: be computed when first read from the ``pending`` measure and figure.
new_evaluation = unchecked(Evaluation, unset=Evaluation._deferred)  # noqa: SLF001
_case = unchecked(Case)


def _is_year_end(period: Period, start_month: int) -> bool:
    if isinstance(period, Month):
        return period.is_last_of_year(start_month)
    return period.is_year_end


def _fmt(measure: Measure, value: Decimal) -> str:
    """A figure as published (81.0% stays 81.0%); long derived ones to 2 places."""
    return measure.unit.format(as_shown(value))


def _travel_words(measure: Measure, travel: Travel) -> str:
    other = travel.comparator_period
    if travel.comparator_value is None:
        return f"no figure for {other} to compare with, so no direction of travel"
    if travel.current is None:
        return "no direction of travel without a figure for the period"
    previous = _fmt(measure, travel.comparator_value)
    if travel.current > travel.comparator_value:
        move = f"up from {previous}"
    elif travel.current < travel.comparator_value:
        move = f"down from {previous}"
    else:
        move = f"unchanged from {previous}"
    return f"{move} in {other} ({travel.direction.value.replace('_', ' ')})"


def _target_words(measure: Measure, target: PeriodTarget, period: Period) -> str:
    if target.value is not None and not target.annual:
        return f"a target of {_fmt(measure, target.value)}"
    if (
        target.value is not None
        and target.annual is not None
        and measure.unit.kind in _MARKED_UNITS
    ):
        # The targets know no unit: mark the year's figure and its share
        # with the measure's ("97% (56% by the end of Q2 2019/20)").
        plain = annual_words(
            figure_text(target.annual),
            figure_text(target.value, 2),
            period,
            target.basis,
        )
        if target.description.startswith(plain):
            share = Decimal(figure_text(target.value, 2))
            marked = annual_words(
                measure.unit.format(target.annual),
                measure.unit.format(share),
                period,
                target.basis,
            )
            return marked + target.description[len(plain) :]
    if target.value is None and (target.lower is None) != (target.upper is None):
        # An inequality, in the measure's unit: "a target of ≥ 95%".
        if target.upper is not None:
            sign = "\u2264" if target.upper_inclusive else "<"
            return f"a target of {sign} {_fmt(measure, target.upper)}"
        if target.lower is not None:
            sign = "\u2265" if target.lower_inclusive else ">"
            return f"a target of {sign} {_fmt(measure, target.lower)}"
    return target.description


# Units whose figures carry a mark (97%, £2,500), in words as in tables.
_MARKED_UNITS = frozenset({UnitKind.PERCENTAGE, UnitKind.MONEY})


def _status_words(computed: Status, override: Override | None) -> str:
    if override is None:
        return f"Status {computed.value.replace('_', ' ')}."
    text = (
        f"Status {override.status.value} set by hand "
        f"(computed {computed.value.replace('_', ' ')}): {override.reason}"
    )
    return text if text.endswith(".") else text + "."


def _variance(actual: Decimal, target: Decimal) -> tuple[Decimal, Decimal | None]:
    # Exact, and the percentage rounded once from the exact quotient, so that
    # no figure in range can overflow a context or round twice.
    variance = EXACT.subtract(actual, target)
    if target == 0:
        return variance, None
    percent = round_quotient(
        EXACT.multiply(variance, 100), target.copy_abs(), _PERCENT_PLACES
    )
    return variance, percent


def evaluate(
    measure: Measure, period: Period | str, *, rules: object = None, spc: bool = False
) -> Evaluation:
    """Rate *measure* for *period*.

    Args:
        measure: The measure.
        period: The period, or a label read as a period of the measure's
            own years (``2019/20`` is September 2019 to August 2020 for a
            measure whose years start in September).
        rules: The :class:`Rules` to rate by, or a bare status scheme
            meaning ``Rules(status=scheme)``.  By default the measure's own
            (:attr:`Measure.rated_by`): its own rules, else those of the
            plan that holds it, else :class:`~perfmeasures.TargetMet` and
            :class:`~perfmeasures.DirectionRule`.
        spc: Whether to add the Making Data Count icons of the measure's
            XmR chart up to the end of *period*
            (:attr:`Evaluation.variation`, :attr:`Evaluation.assurance`),
            charted as :func:`perfmeasures.spc.measure_xmr` charts it with
            its default options.  They are left ``None`` when the measure
            has fewer than two figures of its own frequency to chart, or
            no figure for the last of them in *period* (the icons would
            speak of an earlier period).  The status and direction are the
            same either way.

    Returns:
        The evaluation, with the computed status beside any hand-set one and
        the rules it was rated by.

    Raises:
        InvalidPeriodError: *period* is not a period of the measure's years
            (a calendar quarter for a measure of April years).
        InvalidRuleError: *rules* is neither rules nor a status scheme, or
            a scheme rated a case with something other than a Status.
        InvalidValueError: *measure* is not a Measure, or *spc* is not a
            boolean.

    Results do not depend on the caller's :mod:`decimal` context.

    >>> from perfmeasures import Measure, Polarity
    >>> m = Measure(
    ...     ref="1.A2",
    ...     title="Children on a plan",
    ...     polarity=Polarity.LOWER_IS_BETTER,
    ...     values={"Q4 2018/19": "88.9", "Q1 2019/20": "94.8"},
    ...     targets={"2019/20": 90},
    ... )
    >>> e = evaluate(m, "Q1 2019/20")
    >>> (e.status.value, e.direction.value)
    ('red', 'worsening')
    >>> import textwrap
    >>> print(textwrap.fill(e.explanation, 72))
    94.8 against a target of 90, lower is better; up from 88.9 in Q4 2018/19
    (worsening). Status red.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Rates by the measure's own or its plan's rules by default; accepts a
       bare status scheme as *rules*.
    .. versionchanged:: 0.3.0
       The *spc* option.
    """
    # Checked at run time too: notebooks pass whatever they have to hand.
    given: object = measure
    if not isinstance(given, Measure):
        raise InvalidValueError("measure", given, "a Measure")
    if spc is not False:
        if spc is not True:
            raise InvalidValueError("spc", spc, "True or False")
        return with_chart(evaluate(measure, period, rules=rules), measure)
    used = measure.rated_by if rules is None else Rules.of(rules)
    when = read_period(period, measure.year_start_month)
    # _enter and _leave, inline: this is the hottest call of the package.
    try:
        context: decimal.Context = _threads.context
    except AttributeError:
        context = _threads.context = CONTEXT.copy()
    caller = _getcontext()
    _setcontext(context)
    try:
        return _evaluate(measure, when, used)
    finally:
        _setcontext(caller)
        if context.prec != _PRECISION or context.rounding != _ROUNDING:
            _threads.context = CONTEXT.copy()


_VARIATION_WORDS = {
    Variation.COMMON_CAUSE: "common cause variation",
    Variation.IMPROVEMENT_HIGH: "special cause improvement (high)",
    Variation.IMPROVEMENT_LOW: "special cause improvement (low)",
    Variation.CONCERN_HIGH: "special cause concern (high)",
    Variation.CONCERN_LOW: "special cause concern (low)",
    Variation.NEITHER_HIGH: "special cause variation (high)",
    Variation.NEITHER_LOW: "special cause variation (low)",
}
_ASSURANCE_WORDS = {
    Assurance.CONSISTENT_PASS: "the process limits say it will consistently pass",
    Assurance.CONSISTENT_FAIL: "the process limits say it will consistently fail",
    Assurance.INCONSISTENT: "the process limits say it will hit and miss",
}


def chart_words(chart: XmR) -> str:
    """The sentence an explanation gains from an XmR chart's icons."""
    from .spc import TRIAL_POINTS  # noqa: PLC0415 - loaded by the chart.

    segment = chart.segments[-1]
    span = f"{segment.points} points"
    if segment.trial:
        span += f"; trial limits, fewer than {TRIAL_POINTS}"
    text = f"XmR chart ({span}): {_VARIATION_WORDS[chart.variation]}"
    if chart.assurance is not None:
        text += f"; against the target, {_ASSURANCE_WORDS[chart.assurance]}"
    return text + "."


def with_chart(evaluation: Evaluation, measure: Measure) -> Evaluation:
    """*evaluation*, just made, given the icons of *measure*'s XmR chart.

    Set on the new evaluation before anyone else sees it, so that its
    words, computed when first read, include the chart's.
    """
    from .spc import chart_of  # noqa: PLC0415 - only when charts are asked for.

    chart = chart_of(measure, evaluation.period)
    if chart is None:
        return evaluation
    object.__setattr__(evaluation, "variation", chart.variation)
    object.__setattr__(evaluation, "assurance", chart.assurance)
    try:
        pending = object.__getattribute__(evaluation, "_pending")
    except AttributeError:
        pending = None
    if pending is not None:
        object.__setattr__(evaluation, "_pending", (*pending[:2], chart_words(chart)))
    else:
        # Words already written (a multi-part measure's): add the sentence.
        words = f"{evaluation.explanation} {chart_words(chart)}"
        object.__setattr__(evaluation, "explanation", words)
    return evaluation


def evaluate_each(
    measures: Sequence[Measure], periods: Sequence[Period | str]
) -> list[Evaluation]:
    """``[evaluate(m, p) for m, p in zip(measures, periods)]``, for batches.

    The context is set once for the batch rather than once a measure.
    """
    context, caller = _enter()
    try:
        return [
            _evaluate(measure, read_period(period, measure.year_start_month), rules)
            for measure, period, rules in zip(
                measures, periods, (m.rated_by for m in measures), strict=True
            )
        ]
    finally:
        _leave(context, caller)


def _enter() -> tuple[decimal.Context, decimal.Context]:
    """Swap this thread's own copy of CONTEXT in, giving it and the caller's.

    Half the cost of decimal.localcontext's copy.  Rules read it; one that
    changed its rounding finds a clean copy next time (see _leave).
    """
    try:
        context: decimal.Context = _threads.context
    except AttributeError:
        context = _threads.context = CONTEXT.copy()
    caller = _getcontext()
    _setcontext(context)
    return context, caller


def _leave(context: decimal.Context, caller: decimal.Context) -> None:
    _setcontext(caller)
    if context.prec != _PRECISION or context.rounding != _ROUNDING:
        _threads.context = CONTEXT.copy()


_threads = threading.local()
_getcontext = decimal.getcontext
_setcontext = decimal.setcontext
_PRECISION = CONTEXT.prec
_ROUNDING = CONTEXT.rounding


def _evaluate(measure: Measure, period: Period, rules: Rules) -> Evaluation:
    if measure.components and any(
        figure_of(part, period).value is not None for part in measure.components
    ):
        return _evaluate_parts(measure, period, rules)

    rule = rules.direction
    if type(rule).judge is DirectionRule.judge:
        # The built-in rule, or one that keeps its judge: no second context.
        direction, current, comparator, comparator_value = rule.moves(measure, period)  # type: ignore[attr-defined]
    else:
        travel = rule.judge(measure, period)
        direction, current = travel.direction, travel.current
        comparator, comparator_value = travel.comparator_period, travel.comparator_value
    target = target_of(measure, period)
    published_value = figure_in(measure.values, period)
    period_actual: Decimal | None
    if isinstance(published_value, Decimal):
        # Published alone: the most common figure of all.
        period_actual, missing = published_value, None
    else:
        figure = figure_of(measure, period)
        period_actual, missing = figure.value, figure.missing
    if target is not None and target.basis is Basis.YEAR_TO_DATE:
        to_date = year_to_date_of(measure, period)
        actual, missing = to_date.value, to_date.missing
    else:
        actual = period_actual
    # The maps' own dictionaries: the hot path of evaluation.
    override = measure.overrides._items.get(period)  # noqa: SLF001
    published = measure.published._items.get(period)  # noqa: SLF001

    if measure.under_development:
        computed = Status.UNDER_DEVELOPMENT
    elif actual is None:
        computed = Status.NOT_AVAILABLE
    elif measure.data_only or target is None:
        computed = Status.NOT_APPLICABLE
    elif type(rules.status) is TargetMet and target.value is not None:
        # The default scheme, rated without a case to hand it.
        met = meets(actual, target.value, measure.polarity)
        computed = Status.GREEN if met else Status.RED
    else:
        case = _case(
            actual,
            target,
            measure.polarity,
            direction,
            _is_year_end(period, measure.year_start_month),
        )
        computed = _rate(rules, case)
    if target is None:
        basis, figure_to_reach = Basis.PERIOD, None
        lower, upper, annual = None, None, None
    else:
        basis, figure_to_reach, lower = target.basis, target.value, target.lower
        upper, annual = target.upper, target.annual
    # By position, in field order: twice as fast as by keyword.
    return new_evaluation(
        measure.ref,
        period,
        override.status if override is not None else computed,
        computed,  # computed_status
        direction,
        # The variance and the words, computed when first read.
        (measure, current),
        actual,
        period_actual,
        basis,
        figure_to_reach,  # target
        lower,  # target_lower
        upper,  # target_upper
        annual,  # annual_target
        comparator,  # comparator_period
        comparator_value,
        missing if actual is None else None,
        override,
        published,
        (),  # components
        rules,
    )


def _explain(  # noqa: PLR0913, PLR0917 - what the words are made of.
    measure: Measure,
    period: Period,
    travel: Travel,
    target: PeriodTarget | None,
    actual_figure: Figure,
    computed: Status,
    override: Override | None,
) -> str:
    """An evaluation's explanation, in words."""
    actual = actual_figure.value
    if measure.under_development:
        lead = "Measure under development"
    elif actual is None:
        reason = actual_figure.missing or MissingReason.NOT_PUBLISHED
        lead = f"No figure for {period} ({reason.value.replace('_', ' ')})"
    elif measure.data_only or target is None:
        why = "data only" if measure.data_only else f"no target set for {period}"
        lead = f"{_fmt(measure, actual)} ({why})"
    else:
        shown = _fmt(measure, actual)
        if (
            target.basis is Basis.YEAR_TO_DATE
            and actual_figure.source is not Source.MISSING
        ):
            shown += " year to date"
        lead = f"{shown} against {_target_words(measure, target, period)}"
    if measure.polarity is not Polarity.NEUTRAL:
        lead += f", {measure.polarity.words}"
    return (
        f"{lead}; {_travel_words(measure, travel)}. {_status_words(computed, override)}"
    )


def _rate(rules: Rules, case: Case) -> Status:
    status: object = rules.status.rate(case)
    if not isinstance(status, Status):
        raise InvalidRuleError(
            "status",
            rules.status,
            f"a scheme whose rate() gives a Status (got {status!r})",
        )
    return status


# Worst first: a multi-part measure is as good as its worst part.
_STATUS_ORDER = WORST_FIRST
_DIRECTION_ORDER = (
    Direction.WORSENING,
    Direction.NO_CHANGE,
    Direction.IMPROVING,
    Direction.HIGHER,
    Direction.LOWER,
    Direction.NOT_APPLICABLE,
)


def _evaluate_parts(measure: Measure, period: Period, rules: Rules) -> Evaluation:
    """Rate a multi-part measure as its worst part."""
    parts = tuple(
        _evaluate(part, period, part.rules or rules) for part in measure.components
    )
    computed = min((p.computed_status for p in parts), key=_STATUS_ORDER.index)
    direction = min((p.direction for p in parts), key=_DIRECTION_ORDER.index)
    override = measure.overrides.get(period)
    summary = " ".join(f"{p.ref}: {p.explanation}" for p in parts)
    explanation = (
        f"Rated as its worst part. {summary} Overall: "
        f"{_status_words(computed, override)}"
    )
    own = figure_of(measure, period)
    target = target_of(measure, period)
    comparator = rules.direction.comparator(measure, period)
    return _evaluation(
        ref=measure.ref,
        period=period,
        status=override.status if override is not None else computed,
        computed_status=computed,
        direction=direction,
        actual=own.value,
        period_actual=own.value,
        target=target.value if target is not None else None,
        comparator_period=comparator,
        comparator_value=figure_of(measure, comparator).value,
        override=override,
        published=measure.published.get(period),
        explanation=explanation,
        components=parts,
        rules=rules,
    )
