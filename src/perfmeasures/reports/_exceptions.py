"""Areas for improvement: the measures an exception report picks, by priority.

Which measures count is data (a :class:`Selection`), so a council can state
its own rule once and every report uses it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

import attrs

from .._arithmetic import in_context
from .._batch import EvaluationSet, evaluate_plan
from .._checks import tuple_of
from .._errors import InvalidValueError
from .._evaluate import Evaluation
from .._periods import Period
from .._plan import Plan
from .._ratings import Direction, Status
from ._format import summary_line

__all__ = [
    "AreaItem",
    "AreasForImprovement",
    "PriorityGroup",
    "Selection",
    "areas_for_improvement",
    "group_by_priority",
]

_T = TypeVar("_T")


def _statuses(value: object) -> tuple[Status, ...]:
    return tuple_of(value, Status, "statuses", non_empty=True)


def _directions(value: object) -> tuple[Direction, ...] | None:
    return (
        None
        if value is None
        else tuple_of(value, Direction, "directions", non_empty=True)
    )


def _or(words: list[str]) -> str:
    if len(words) == 1:
        return words[0]
    return f"{', '.join(words[:-1])} or {words[-1]}"


@attrs.frozen(kw_only=True)
class Selection:
    """Which measures an exception report lists as areas for improvement.

    A measure is picked when its status is one of *statuses* and, if
    *directions* is given, its direction of travel is one of them.

    By default a selection picks red and amber, the statuses beyond the
    tolerance a scheme allows.  Yellow is not picked: a four-band scheme
    rates yellow a measure short of its target but within the narrow
    tolerance its council counts as performing well (Isle of Anglesey
    reports green and yellow together, and explains only red and amber).
    Name it in *statuses* to pick it too.  Blue is a target beaten.

    Args:
        statuses: The statuses picked; red and amber by default.
        directions: The directions picked, or None for any direction.
        computed: Judge by the computed status rather than the published
            one (which a hand-set override may have replaced).

    >>> Selection.red_and_worsening().words
    'rated red and worsening'

    .. versionadded:: 0.1.0
    """

    statuses: tuple[Status, ...] = attrs.field(
        default=(Status.RED, Status.AMBER), converter=_statuses
    )
    directions: tuple[Direction, ...] | None = attrs.field(
        default=None, converter=_directions
    )
    computed: bool = attrs.field(default=False)

    @computed.validator
    def _check_computed(self, attribute: attrs.Attribute[bool], value: object) -> None:
        if not isinstance(value, bool):
            raise InvalidValueError(attribute.name, value, "True or False")

    @classmethod
    def off_target(cls) -> Selection:
        """Measures rated red or amber (the default); not yellow."""
        return cls()

    @classmethod
    def red_and_worsening(cls) -> Selection:
        """Measures rated red whose direction of travel is worsening."""
        return cls(statuses=(Status.RED,), directions=(Direction.WORSENING,))

    def picks(self, evaluation: Evaluation) -> bool:
        """Whether *evaluation* is an area for improvement."""
        status = evaluation.computed_status if self.computed else evaluation.status
        if status not in self.statuses:
            return False
        return self.directions is None or evaluation.direction in self.directions

    @property
    def words(self) -> str:
        """The selection in words, for a report's introduction."""
        text = "rated " + _or([s.value.replace("_", " ") for s in self.statuses])
        if self.directions is not None:
            text += " and " + _or([d.value.replace("_", " ") for d in self.directions])
        if self.computed:
            text += " by the rules (ignoring hand-set statuses)"
        return text


@attrs.frozen(kw_only=True)
class AreaItem:
    """One measure in the areas for improvement.

    Args:
        ref: The measure's reference.
        title: What it measures.
        summary: The seed's summary line: reference, title, figure against
            target, and which way is better.
        note: The data note for the period, where there is one.
        evaluation: The evaluation behind it.

    .. versionadded:: 0.1.0
    """

    ref: str
    title: str
    summary: str
    note: str | None
    evaluation: Evaluation


@attrs.frozen(kw_only=True)
class PriorityGroup:
    """Items under one plan priority.

    Args:
        key: The priority's key, or None for measures without a priority.
        title: The priority's heading.
        items: The items, in plan order.

    .. versionadded:: 0.1.0
    """

    key: str | None
    title: str
    items: tuple[AreaItem, ...]


@attrs.frozen(kw_only=True)
class AreasForImprovement:
    """The exception summary of a performance report.

    Args:
        plan_title: The plan's title.
        organisation: Who publishes the plan.
        period: The period reported.
        selection: The rule that picked the items.
        groups: The items by priority, in the plan's order; priorities with
            no item are left out.

    .. versionadded:: 0.1.0
    """

    plan_title: str
    organisation: str | None
    period: Period
    selection: Selection
    groups: tuple[PriorityGroup, ...]

    @property
    def items(self) -> tuple[AreaItem, ...]:
        """Every item, in plan order."""
        return tuple(item for group in self.groups for item in group.items)

    def __repr__(self) -> str:
        from .._display import areas_repr  # noqa: PLC0415 - only when shown.

        return areas_repr(self)

    def _repr_html_(self) -> str:
        from .._display import areas_html  # noqa: PLC0415 - only when shown.

        return areas_html(self)

    def _repr_markdown_(self) -> str:
        from .._display import areas_markdown  # noqa: PLC0415 - only when shown.

        return areas_markdown(self)


#: The heading for measures that name no priority.
OTHER_MEASURES = "Other measures"


def group_by_priority(
    plan: Plan, pairs: Iterable[tuple[str, _T]]
) -> list[tuple[str | None, str, list[_T]]]:
    """Group items, each given with its measure's reference, by plan priority.

    Groups follow the plan's priorities in order, with measures that name
    no priority (or an unknown one) last; items keep the order given.
    """
    groups: dict[str | None, list[_T]] = {p.key: [] for p in plan.priorities}
    groups[None] = []
    for ref, item in pairs:
        key = plan.measure(ref).priority
        groups[key if key in groups else None].append(item)
    titles = {p.key: p.title for p in plan.priorities}
    return [
        (
            key,
            titles.get(key, OTHER_MEASURES) if key is not None else OTHER_MEASURES,
            items,
        )
        for key, items in groups.items()
        if items
    ]


@in_context
def areas_for_improvement(
    plan: Plan, period: Period | str, selection: Selection | None = None
) -> AreasForImprovement:
    """The measures of *plan* that *selection* picks for *period*, by priority.

    Args:
        plan: The plan.
        period: The period, or a label read as a period of the plan's years.
        selection: Which measures to pick; off target (red or amber) by
            default.

    >>> from perfmeasures.examples import rotherham_2019_20
    >>> areas = areas_for_improvement(rotherham_2019_20(), "Q1 2019/20")
    >>> [item.ref for item in areas.items][:4]
    ['1.A2', '1.A5', '1.A8', '2.B7']

    .. versionadded:: 0.1.0
    """
    return areas_of(plan, evaluate_plan(plan, period), selection)


def areas_of(
    plan: Plan, evaluations: EvaluationSet, selection: Selection | None = None
) -> AreasForImprovement:
    """:func:`areas_for_improvement` of *plan*'s *evaluations*, already made."""
    selection = selection if selection is not None else Selection()
    picked = []
    for measure, evaluation in zip(plan.measures, evaluations, strict=True):
        if selection.picks(evaluation):
            item = AreaItem(
                ref=measure.ref,
                title=measure.title,
                summary=summary_line(measure, evaluation),
                note=measure.notes.get(evaluations.period),
                evaluation=evaluation,
            )
            picked.append((measure.ref, item))
    return AreasForImprovement(
        plan_title=plan.title,
        organisation=plan.organisation,
        period=evaluations.period,
        selection=selection,
        groups=tuple(
            PriorityGroup(key=key, title=title, items=tuple(items))
            for key, title, items in group_by_priority(plan, picked)
        ),
    )
