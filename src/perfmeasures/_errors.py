"""The exceptions perfmeasures raises.

Every exception is a :class:`PerfmeasuresError`, and each also inherits the
builtin exception a caller would naturally catch (``ValueError``,
``LookupError``).  Each carries structured fields (the field, the value that
came, what was expected) so that programs need not parse messages, and each
survives pickling so that it can cross process boundaries.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class PerfmeasuresError(Exception):
    """Base class of every error raised by perfmeasures.

    .. versionadded:: 0.1.0
    """


# The longest repr of a value a message shows whole: a 40,000-character
# title is shown by its start and its length.
_SHOWN = 200


def _shown(value: object) -> str:
    """*value* as a message shows it: its repr, cut short if long."""
    text = repr(value)
    if len(text) <= _SHOWN:
        return text
    size = f"{len(value):,} characters" if isinstance(value, str) else "long"
    return f"{text[: _SHOWN - 20]}... ({size})"


class InvalidValueError(PerfmeasuresError, ValueError):
    """A field was given a value it cannot take.

    Args:
        field: The name (or path) of the offending field.
        value: The value that came.
        expected: What the field accepts, in words.

    .. versionadded:: 0.1.0
    """

    def __init__(self, field: str, value: object, expected: str) -> None:
        self.field = field
        self.value = value
        self.expected = expected
        super().__init__(f"{field!r} must be {expected} (got {_shown(value)})")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.field, self.value, self.expected))


class InvalidPeriodError(InvalidValueError):
    """A period label could not be read, or a period could not be built.

    .. versionadded:: 0.1.0
    """


class InvalidTargetError(InvalidValueError):
    """A target is inconsistent with itself or with its measure.

    .. versionadded:: 0.1.0
    """


class InvalidRuleError(InvalidValueError):
    """A status scheme or direction rule has impossible parameters.

    .. versionadded:: 0.1.0
    """


class UnknownMeasureError(PerfmeasuresError, LookupError):
    """A plan holds no measure with the reference asked for.

    Args:
        ref: The reference asked for.
        known: The references the plan holds.

    .. versionadded:: 0.1.0
    """

    def __init__(self, ref: str, known: Sequence[str]) -> None:
        self.ref = ref
        self.known = tuple(known)
        super().__init__(
            f"no measure with reference {ref!r} (the plan holds {', '.join(known)})"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.ref, self.known))


class Problem:
    """One problem found in an input file, with where it was found.

    Args:
        location: Where the problem is: a JSON path such as
            ``$.measures[3].target.value``, or ``row 7, column "Target"``.
        message: What is wrong, naming the value found and what was expected.

    .. versionadded:: 0.1.0
    """

    __slots__ = ("location", "message")

    def __init__(self, location: str, message: str) -> None:
        self.location = location
        self.message = message

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Problem):
            return NotImplemented
        return (self.location, self.message) == (other.location, other.message)

    def __hash__(self) -> int:
        return hash((self.location, self.message))

    def __repr__(self) -> str:
        return f"Problem(location={self.location!r}, message={self.message!r})"

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.location, self.message))


class LoadError(PerfmeasuresError, ValueError):
    """An input file could not be loaded; every problem found is listed.

    Nothing is returned from a load that raises this: a plan is loaded whole
    or not at all.

    Args:
        source: A name for the input (a path, or ``<stream>``).
        problems: Every problem found, in the order found.

    .. versionadded:: 0.1.0
    """

    def __init__(self, source: str, problems: Sequence[Problem]) -> None:
        self.source = source
        self.problems = tuple(problems)
        count = len(self.problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(
            f"{source}: {count} problem{'s' if count != 1 else ''}\n{lines}"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.source, self.problems))


class MissingExtraError(PerfmeasuresError, ImportError):
    """An optional dependency is needed and is not installed.

    Args:
        extra: The perfmeasures extra that installs it (``excel``).
        feature: What needed it, in words.

    .. versionadded:: 0.1.0
    """

    def __init__(self, extra: str, feature: str) -> None:
        self.extra = extra
        self.feature = feature
        super().__init__(
            f"{feature} needs the optional '{extra}' dependencies: "
            f"pip install 'perfmeasures[{extra}]'"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.extra, self.feature))


class LossyConversionError(PerfmeasuresError, ValueError):
    """A plan cannot be written in a format without losing something.

    Raised by a writer before it opens its target, so that nothing is
    written (a file already there is left as it was).  Each loss names where
    it is and what would go: ``measure 2.B7: targets for Q1 2019/20 (…)``.

    Args:
        format: The format that cannot carry the plan (``wide CSV``).
        losses: Everything that would be lost, each located.

    .. versionadded:: 0.3.0
    """

    def __init__(self, format: str, losses: Sequence[str]) -> None:  # noqa: A002 - the format's name, as the attribute is called.
        self.format = format
        self.losses = tuple(losses)
        count = len(self.losses)
        lines = "".join(f"\n  {loss}" for loss in self.losses)
        super().__init__(
            f"the plan cannot be written as {format} without losing "
            f"{count} thing{'s' if count != 1 else ''}:{lines}"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.format, self.losses))
