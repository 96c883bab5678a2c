"""Plans: the measures a body reports, grouped by priority, and the rules it uses."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import attrs

from ._checks import instance_of, optional_instance_of, tuple_of
from ._errors import InvalidValueError, UnknownMeasureError
from ._evaluate import Rules
from ._measures import Measure

__all__ = ["Plan", "Priority", "RulesByRef"]


@attrs.frozen(kw_only=True)
class Priority:
    """A heading measures are grouped under (a corporate priority).

    Args:
        key: A short key measures refer to (``1``).
        title: The heading as printed.

    .. versionadded:: 0.1.0
    """

    key: str = attrs.field(validator=instance_of(str, "text"))
    title: str = attrs.field(validator=instance_of(str, "text"))


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
        rules: The rules every measure is rated by.
        measure_rules: Rules for particular measures, by reference.

    .. versionadded:: 0.1.0
    """

    title: str = attrs.field(validator=instance_of(str, "text"))
    organisation: str | None = attrs.field(
        default=None,
        validator=optional_instance_of(str, "text"),
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

    def measure(self, ref: str) -> Measure:
        """The measure with reference *ref*.

        Raises:
            UnknownMeasureError: The plan has no such measure.
        """
        for measure in self.measures:
            if measure.ref == ref:
                return measure
        raise UnknownMeasureError(ref, [m.ref for m in self.measures])

    def rules_for(self, ref: str) -> Rules:
        """The rules measure *ref* is rated by."""
        return self.measure_rules.get(ref, self.rules)

    def priority(self, key: str | None) -> Priority | None:
        """The priority with *key*, or None."""
        for priority in self.priorities:
            if priority.key == key:
                return priority
        return None
