"""Plans: the measures a body reports, grouped by priority, and the rules it uses."""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterator, Mapping

import attrs

from ._checks import NAME, REFERENCE, instance_of, optional_text_of, text_of, tuple_of
from ._errors import InvalidRuleError, InvalidValueError, UnknownMeasureError
from ._measures import Measure
from ._periods import Period, read_period
from ._rules import Rules

__all__ = ["Plan", "Priority", "RulesByRef"]


@attrs.frozen(kw_only=True)
class Priority:
    """A heading measures are grouped under (a corporate priority).

    Args:
        key: A short key measures refer to (``1``).
        title: The heading as printed.

    The key is a reference: it refuses every control character (tab and
    newline included), bidirectional controls and invisible characters.
    The title may hold a tab and a newline but no other control character.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.3.0
       Control, bidirectional and invisible characters are refused in the
       key, control characters other than tab and newline in the title.
    """

    key: str = attrs.field(validator=text_of(REFERENCE))
    title: str = attrs.field(validator=text_of(NAME))


def _measures(value: object) -> tuple[Measure, ...]:
    return tuple_of(value, Measure, "measures")


def _priorities(value: object) -> tuple[Priority, ...]:
    return tuple_of(value, Priority, "priorities")


class RulesByRef(Mapping[str, Rules]):
    """A read-only, hashable mapping from measure references to rules.

    .. versionadded:: 0.1.0
    """

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, Rules] | None = None) -> None:
        self._items = dict(items or {})

    def __getitem__(self, key: str) -> Rules:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, RulesByRef):
            return self._items == other._items
        return NotImplemented

    def __hash__(self) -> int:
        return hash(frozenset(self._items.items()))

    def __repr__(self) -> str:
        return f"RulesByRef({self._items!r})"


def _rules_map(value: object) -> RulesByRef:
    if not isinstance(value, Mapping):
        raise InvalidValueError(
            "measure_rules", value, "a mapping of references to Rules"
        )
    for ref, rules in value.items():
        if not isinstance(ref, str) or not isinstance(rules, Rules):
            raise InvalidValueError(
                f"measure_rules[{ref!r}]", rules, "Rules keyed by a measure reference"
            )
    return RulesByRef(value)


@attrs.frozen(kw_only=True)
class Plan:
    """A body's measures and how it rates them.

    Args:
        title: The plan's name (``Council Plan 2019/20``).
        organisation: Who publishes it.
        priorities: The headings measures are grouped under, in order.
        measures: The measures, in the order they are reported.
        rules: The rules every measure is rated by, unless it has its own.
        measure_rules: Rules for particular measures, by reference: they
            become those measures' own rules.

    The plan's rules reach the measures it holds, so that
    ``evaluate(measure, period)`` rates a measure of :attr:`measures`
    exactly as :func:`~perfmeasures.evaluate_plan` does.  Rules in
    :attr:`measure_rules` become those measures' own :attr:`Measure.rules`,
    and :attr:`measure_rules` lists every measure's own rules; every
    measure inherits :attr:`rules` (:attr:`Measure.inherited_rules`) for
    use when it has none of its own.  A measure with rules of its own and
    different ones in :attr:`measure_rules` is refused.

    The title and organisation may hold a tab and a newline but no other
    control character (no carriage return, NUL, escape, DEL or C1 control),
    as a measure's title (:class:`~perfmeasures.Measure`).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Measures carry the plan's rules.
    .. versionchanged:: 0.3.0
       Control characters other than tab and newline are refused in the
       title and organisation.
    """

    title: str = attrs.field(validator=text_of(NAME))
    organisation: str | None = attrs.field(
        default=None, validator=optional_text_of(NAME)
    )
    priorities: tuple[Priority, ...] = attrs.field(default=(), converter=_priorities)
    measures: tuple[Measure, ...] = attrs.field(default=(), converter=_measures)
    rules: Rules = attrs.field(factory=Rules, validator=instance_of(Rules, "a Rules"))
    measure_rules: RulesByRef = attrs.field(factory=RulesByRef, converter=_rules_map)

    @measures.validator
    def _check_refs(
        self, _: attrs.Attribute[tuple[Measure, ...]], measures: tuple[Measure, ...]
    ) -> None:
        seen: set[str] = set()
        keys = {p.key for p in self.priorities}
        for index, measure in enumerate(measures):
            if measure.ref in seen:
                raise InvalidValueError(
                    f"measures[{index}].ref", measure.ref, "a reference used only once"
                )
            seen.add(measure.ref)
            if measure.priority is not None and keys and measure.priority not in keys:
                raise InvalidValueError(
                    f"measures[{index}].priority",
                    measure.priority,
                    f"one of the plan's priorities ({', '.join(sorted(keys))})",
                )

    @measure_rules.validator
    def _check_rule_refs(
        self, _: attrs.Attribute[Mapping[str, Rules]], rules: Mapping[str, Rules]
    ) -> None:
        refs = {m.ref for m in self.measures}
        for ref in rules:
            if ref not in refs:
                raise UnknownMeasureError(ref, sorted(refs))

    def __attrs_post_init__(self) -> None:
        held = []
        for index, measure in enumerate(self.measures):
            given = self.measure_rules.get(measure.ref)
            if measure.rules is not None and given not in (None, measure.rules):
                raise InvalidRuleError(
                    f"measure_rules[{measure.ref!r}]",
                    given,
                    f"the rules measures[{index}] has of its own, or none",
                )
            own = measure.rules if measure.rules is not None else given
            if measure.rules != own or measure.inherited_rules != self.rules:
                # A copy, not ``attrs.evolve``: the measure is valid already,
                # and rebuilding its maps would cost as much as reading them.
                measure = copy.copy(measure)  # noqa: PLW2901 - a new one.
                object.__setattr__(measure, "rules", own)
                object.__setattr__(measure, "inherited_rules", self.rules)
            held.append(measure)
        object.__setattr__(self, "measures", tuple(held))
        # One source of truth: per-measure rules are the measures' own.
        object.__setattr__(
            self,
            "measure_rules",
            RulesByRef({m.ref: m.rules for m in held if m.rules is not None}),
        )

    @property
    def year_start_month(self) -> int | None:
        """The month the years of every measure start in, or None if they differ.

        An empty plan's years start in April.

        .. versionadded:: 0.2.0
        """
        months = {m.year_start_month for m in self.measures} or {4}
        return months.pop() if len(months) == 1 else None

    def read_period(self, value: Period | str) -> Period:
        """*value* as a period of the plan's years.

        A label is read with the plan's start month; a year or quarter of
        another kind (a calendar quarter on a plan of April years) is
        refused with the labels it may have meant, never read as something
        else.  A plan whose measures' years start in different months reads
        labels as April years; each measure checks the period again.

        Raises:
            InvalidPeriodError: *value* is not a period of the plan's years.

        .. versionadded:: 0.2.0
        """
        return read_period(value, self.year_start_month or 4)

    def with_scheme(self, scheme: object) -> Plan:
        """This plan with every measure rated by status *scheme*.

        The plan's rules, its per-measure rules and the measures' own (and
        their parts') all take *scheme* as their status scheme; direction
        rules stay as they are.  Useful for plans read from spreadsheets,
        which carry no rules.

        Raises:
            InvalidRuleError: *scheme* is not a status scheme.

        .. versionadded:: 0.2.0
        """
        status = Rules.of(scheme, "scheme").status

        def swap(rules: Rules) -> Rules:
            return attrs.evolve(rules, status=status)

        def swap_measure(measure: Measure) -> Measure:
            parts = tuple(swap_measure(part) for part in measure.components)
            if measure.rules is None and parts == measure.components:
                return measure
            own = None if measure.rules is None else swap(measure.rules)
            return attrs.evolve(measure, rules=own, components=parts)

        return attrs.evolve(
            self,
            measures=tuple(swap_measure(m) for m in self.measures),
            rules=swap(self.rules),
            measure_rules={ref: swap(r) for ref, r in self.measure_rules.items()},
        )

    @functools.cached_property
    def _by_ref(self) -> dict[str, Measure]:
        # Built on first use, so that looking up every measure of a plan
        # is linear in their number.  It is no field: equality, hashing,
        # copies, pickles and files see only the measures themselves.
        # (attrs 23.2 and later give slotted classes cached properties.)
        return {measure.ref: measure for measure in self.measures}

    def measure(self, ref: str) -> Measure:
        """The measure with reference *ref*, found in constant time.

        Raises:
            UnknownMeasureError: The plan has no such measure.

        .. versionchanged:: 0.3.0
           Found by an index rather than a search of the measures.
        """
        found = self._by_ref.get(ref)
        if found is None:
            raise UnknownMeasureError(ref, [m.ref for m in self.measures])
        return found

    def rules_for(self, ref: str) -> Rules:
        """The rules measure *ref* is rated by.

        Raises:
            UnknownMeasureError: The plan has no such measure.
        """
        return self.measure(ref).rated_by

    def priority(self, key: str | None) -> Priority | None:
        """The priority with *key*, or None."""
        for priority in self.priorities:
            if priority.key == key:
                return priority
        return None

    def __repr__(self) -> str:
        from ._display import plan_repr  # noqa: PLC0415 - only when shown.

        return plan_repr(self)

    def _repr_html_(self) -> str:
        from ._display import plan_html  # noqa: PLC0415 - only when shown.

        return plan_html(self)

    def _repr_markdown_(self) -> str:
        from ._display import plan_markdown  # noqa: PLC0415 - only when shown.

        return plan_markdown(self)
