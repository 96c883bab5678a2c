"""Plans: the measures a body reports, grouped by priority, and the rules it uses."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from ._errors import InvalidValueError, UnknownMeasureError
from ._evaluate import Rules
from ._measures import Measure

__all__ = ["Plan", "Priority"]


@attrs.frozen(kw_only=True)
class Priority:
    """A heading measures are grouped under (a corporate priority).

    Args:
        key: A short key measures refer to (``1``).
        title: The heading as printed.

    .. versionadded:: 0.1.0
    """

    key: str = attrs.field(validator=attrs.validators.instance_of(str))
    title: str = attrs.field(validator=attrs.validators.instance_of(str))


def _tuple_of(kind: type, field: str):  # type: ignore[no-untyped-def]
    def convert(value: object) -> tuple[object, ...]:
        if isinstance(value, str | bytes) or not hasattr(value, "__iter__"):
            raise InvalidValueError(field, value, f"a sequence of {kind.__name__}")
        items = tuple(value)
        for item in items:
            if not isinstance(item, kind):
                raise InvalidValueError(field, item, f"a {kind.__name__}")
        return items

    return convert


def _rules_map(value: object) -> Mapping[str, Rules]:
    if not isinstance(value, Mapping):
        raise InvalidValueError("measure_rules", value, "a mapping of references to Rules")
    for ref, rules in value.items():
        if not isinstance(ref, str) or not isinstance(rules, Rules):
            raise InvalidValueError(
                f"measure_rules[{ref!r}]", rules, "Rules keyed by a measure reference"
            )
    return _FrozenRules(value)


class _FrozenRules(dict[str, Rules]):
    """A read-only, hashable mapping of per-measure rules."""

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(frozenset(self.items()))

    def _refuse(self, *args: object, **kwargs: object) -> None:
        raise TypeError("a plan's measure rules cannot be changed; use attrs.evolve")

    __setitem__ = __delitem__ = update = pop = popitem = clear = setdefault = _refuse  # type: ignore[assignment]


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

    title: str = attrs.field(validator=attrs.validators.instance_of(str))
    organisation: str | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(str)),
    )
    priorities: tuple[Priority, ...] = attrs.field(
        default=(), converter=_tuple_of(Priority, "priorities")
    )
    measures: tuple[Measure, ...] = attrs.field(
        default=(), converter=_tuple_of(Measure, "measures")
    )
    rules: Rules = attrs.field(factory=Rules, validator=attrs.validators.instance_of(Rules))
    measure_rules: Mapping[str, Rules] = attrs.field(factory=dict, converter=_rules_map)

    @measures.validator
    def _check_refs(self, _: attrs.Attribute[tuple[Measure, ...]], measures: tuple[Measure, ...]) -> None:
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
    def _check_rule_refs(self, _: attrs.Attribute[Mapping[str, Rules]], rules: Mapping[str, Rules]) -> None:
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
