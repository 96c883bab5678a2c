"""The open set of rule classes: what a rule must offer, and the tag it travels under.

A status scheme is any frozen attrs class with a ``rate(case)`` method; a
direction rule is any frozen attrs class with ``judge(measure, period)`` and
``comparator(measure, period)``.  Registering a class gives it a tag, the
word that names it in files (``{"type": "tolerance", ...}``), so that plans
using it can be written, read back, described by the JSON Schema and drawn
by the hypothesis strategies.  perfmeasures registers its own classes the
same way, so the built-in schemes have no privileges an app's lack.

Packages that cannot import their schemes before perfmeasures reads a file
(the command line, say) name a module in the ``perfmeasures.rules`` entry
point group; it is imported the first time a tag is not known.
"""

from __future__ import annotations

import re
import types
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Protocol, TypeVar, overload, runtime_checkable

import attrs

from ._errors import InvalidRuleError

if TYPE_CHECKING:
    from ._direction import Travel
    from ._measures import Measure
    from ._periods import Period
    from ._ratings import Status
    from ._status import Case

__all__ = [
    "DirectionScheme",
    "StatusScheme",
    "register_direction_rule",
    "register_scheme",
    "registered_direction_rules",
    "registered_schemes",
]

#: The entry point group whose modules register rule classes when imported.
ENTRY_POINT_GROUP = "perfmeasures.rules"

_TAG = re.compile(r"[a-z][a-z0-9_]{0,63}")

_C = TypeVar("_C", bound=type)


@runtime_checkable
class StatusScheme(Protocol):
    """What every status scheme offers: a status for a case.

    Any frozen attrs class with this method is a scheme that
    :func:`~perfmeasures.evaluate` accepts; register it with
    :func:`register_scheme` so that files can hold it.

    .. versionchanged:: 0.2.0
       A protocol that any class can follow, rather than a closed union.
    """

    def rate(self, case: Case) -> Status:
        """The status of *case*: the actual, the target, polarity and travel."""
        ...  # pragma: no cover - a protocol.


@runtime_checkable
class DirectionScheme(Protocol):
    """What every direction-of-travel rule offers.

    :class:`~perfmeasures.DirectionRule` is the built-in one.

    .. versionadded:: 0.2.0
    """

    def comparator(self, measure: Measure, period: Period) -> Period:
        """The period that *period* is compared with."""
        ...  # pragma: no cover - a protocol.

    def judge(self, measure: Measure, period: Period) -> Travel:
        """The direction of travel of *measure* into *period*."""
        ...  # pragma: no cover - a protocol.


class _Registry:
    """The tags of one family of rule classes, both ways round."""

    def __init__(self, what: str, methods: tuple[str, ...], function: str) -> None:
        self.what = what
        self.methods = methods
        #: The public function that registers classes of the family.
        self.function = function
        self.by_tag: dict[str, type] = {}
        self.by_class: dict[type, str] = {}

    def expected(self) -> str:
        calls = " and ".join(f"{name}()" for name in self.methods)
        return f"a frozen attrs class with {calls}"

    def follows(self, kind: type) -> bool:
        """Whether instances of *kind* can serve as rules of this family."""
        hashable: object = kind.__hash__
        return (
            attrs.has(kind)
            and hashable is not None
            and all(callable(getattr(kind, name, None)) for name in self.methods)
        )

    def register(self, kind: object, tag: object) -> None:
        if not isinstance(kind, type) or not self.follows(kind):
            raise InvalidRuleError("cls", kind, self.expected())
        if not isinstance(tag, str) or not _TAG.fullmatch(tag):
            raise InvalidRuleError(
                "tag", tag, "lower_snake text of up to 64 characters"
            )
        holder = self.by_tag.get(tag)
        if holder is not None and _name(holder) != _name(kind):
            raise InvalidRuleError(
                "tag", tag, f"a tag no other {self.what} has (it names {_name(holder)})"
            )
        own = self.by_class.get(kind)
        if own is not None and own != tag:
            raise InvalidRuleError(
                "tag", tag, f"the tag {_name(kind)} is registered under ({own!r})"
            )
        # A module imported twice (a re-run notebook cell) registers a new
        # class of the same name: the newer one takes the tag.
        if holder is not None:
            del self.by_class[holder]
        self.by_tag[tag] = kind
        self.by_class[kind] = tag

    def unregister(self, kind: type) -> None:
        """Forget *kind* (for tests that register classes of their own)."""
        tag = self.by_class.pop(kind, None)
        if tag is not None:
            del self.by_tag[tag]

    def tag_of(self, kind: type) -> str | None:
        return self.by_class.get(kind)

    def class_of(self, tag: str) -> type | None:
        if tag not in self.by_tag:
            load_entry_points()
        return self.by_tag.get(tag)

    def all(self) -> Mapping[str, type]:
        load_entry_points()
        return types.MappingProxyType(dict(self.by_tag))


def _name(kind: type) -> str:
    return f"{kind.__module__}.{kind.__qualname__}"


STATUS_SCHEMES = _Registry("status scheme", ("rate",), "register_scheme")
DIRECTION_RULES = _Registry(
    "direction rule", ("comparator", "judge"), "register_direction_rule"
)

_loaded: list[str] = []


def load_entry_points() -> None:
    """Import, once, every module named in the ``perfmeasures.rules`` group.

    Raises:
        InvalidRuleError: A module named there failed to import.
    """
    if _loaded:
        return
    _loaded.append(ENTRY_POINT_GROUP)
    # Imported here: package metadata costs a fifth of the package's import
    # time, and only files naming a scheme from elsewhere need it.
    import importlib.metadata  # noqa: PLC0415

    for point in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        try:
            point.load()
        except Exception as error:  # noqa: BLE001 - any failure is reported.
            raise InvalidRuleError(
                f"entry point {point.name!r}",
                point.value,
                f"a module that registers rules and imports cleanly ({error})",
            ) from None


def _register(family: _Registry, cls: _C | None, tag: str) -> _C | Callable[[_C], _C]:
    """Register *cls* in *family*, or return a decorator that will."""

    def decorate(kind: _C) -> _C:
        family.register(kind, tag)
        return kind

    return decorate if cls is None else decorate(cls)


@overload
def register_scheme(cls: _C, *, tag: str) -> _C: ...
@overload
def register_scheme(cls: None = None, *, tag: str) -> Callable[[_C], _C]: ...
def register_scheme(cls: _C | None = None, *, tag: str) -> _C | Callable[[_C], _C]:
    """Make *cls* a status scheme that files can hold, under *tag*.

    Usable as a class decorator.  The class must be a frozen attrs class
    with a ``rate(case)`` method (:class:`StatusScheme`); its fields are
    written beside ``"type": tag``.  Registering the same class again under
    the same tag does nothing.

    Args:
        cls: The scheme class.
        tag: The word that names the class in files, in lower_snake case.

    Raises:
        InvalidRuleError: *cls* is not such a class, or the tag is taken.

    >>> import attrs
    >>> from perfmeasures import Status, register_scheme
    >>> @register_scheme(tag="always_green")
    ... @attrs.frozen
    ... class AlwaysGreen:
    ...     def rate(self, case):
    ...         return Status.GREEN
    >>> registered_schemes()["always_green"] is AlwaysGreen
    True

    .. versionadded:: 0.2.0
    """
    return _register(STATUS_SCHEMES, cls, tag)


@overload
def register_direction_rule(cls: _C, *, tag: str) -> _C: ...
@overload
def register_direction_rule(cls: None = None, *, tag: str) -> Callable[[_C], _C]: ...
def register_direction_rule(
    cls: _C | None = None, *, tag: str
) -> _C | Callable[[_C], _C]:
    """Make *cls* a direction-of-travel rule that files can hold, under *tag*.

    Like :func:`register_scheme`, for frozen attrs classes with
    ``comparator(measure, period)`` and ``judge(measure, period)``
    (:class:`DirectionScheme`); a subclass of
    :class:`~perfmeasures.DirectionRule` needs its own tag.

    Raises:
        InvalidRuleError: *cls* is not such a class, or the tag is taken.

    .. versionadded:: 0.2.0
    """
    return _register(DIRECTION_RULES, cls, tag)


def registered_schemes() -> Mapping[str, type]:
    """Every registered status scheme class, by tag (a read-only copy).

    .. versionadded:: 0.2.0
    """
    return STATUS_SCHEMES.all()


def registered_direction_rules() -> Mapping[str, type]:
    """Every registered direction rule class, by tag (a read-only copy).

    .. versionadded:: 0.2.0
    """
    return DIRECTION_RULES.all()
