"""Validators that fail with perfmeasures errors rather than bare ``TypeError``.

The text rules live here too: which characters references, names and free
text refuse (:data:`REFERENCE`, :data:`NAME`, :data:`FREE_TEXT`), and
:func:`visible`, which renderers use to show what no text they print may
carry raw.  One set of rules, read by the validators, the renderers and the
hypothesis strategies alike.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Callable, Iterable
from types import UnionType
from typing import Any, TypeVar

import attrs

from ._errors import InvalidValueError

__all__ = [
    "BIDI_CONTROLS",
    "FREE_TEXT",
    "NAME",
    "REFERENCE",
    "Deferred",
    "TextRule",
    "instance_of",
    "optional_instance_of",
    "optional_text_of",
    "text_of",
    "tuple_of",
    "unchecked",
    "visible",
]

_Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def _kinds(kind: type | UnionType) -> tuple[type, ...]:
    """*kind* as the tuple ``isinstance`` checks fastest."""
    return typing.get_args(kind) if isinstance(kind, UnionType) else (kind,)


def instance_of(kind: type | UnionType, expected: str) -> _Validator:
    """A validator that accepts instances of *kind* and names *expected* otherwise.

    Booleans are refused where *kind* is ``int``.  Validators run on every
    construction, evaluation results included, so each is a single check.
    """
    kinds = _kinds(kind)
    if int in kinds:

        def check_int(
            _: object, attribute: attrs.Attribute[Any], value: object
        ) -> None:
            if not isinstance(value, kinds) or isinstance(value, bool):
                raise InvalidValueError(attribute.name, value, expected)

        return check_int

    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, kinds):
            raise InvalidValueError(attribute.name, value, expected)

    return check


def optional_instance_of(kind: type | UnionType, expected: str) -> _Validator:
    """Like :func:`instance_of`, but ``None`` is accepted too."""
    kinds = (*_kinds(kind), type(None))
    if int in kinds:
        inner = instance_of(kind, expected)

        def check_int(
            instance: object, attribute: attrs.Attribute[Any], value: object
        ) -> None:
            if value is not None:
                inner(instance, attribute, value)

        return check_int

    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, kinds):
            raise InvalidValueError(attribute.name, value, expected)

    return check


_T = TypeVar("_T")


_FACTORY: type = type(attrs.Factory(list))


def unchecked(cls: type[_T], *, unset: tuple[str, ...] = ()) -> Callable[..., _T]:
    """A constructor of the slotted attrs class *cls* that runs no check.

    Checks belong at the boundary, where values come in: construction by
    users and loading.  Results and intermediate objects that evaluation
    builds from values already checked (an evaluation, a figure, a case)
    are made with this instead, which only sets the fields: no validator,
    converter or default factory runs.  It takes the same keyword arguments
    as the class, or all of them by position in field order (twice as fast
    for a class of many fields); fields left out take their defaults.

    The fields named in *unset* are neither parameters nor set: the class, a
    :class:`Deferred`, computes them on first access from the ``pending``
    parameter, which comes after the fields without defaults.
    """
    fields = tuple(
        f
        for f in attrs.fields(cls)  # type: ignore[arg-type]
        if f.name not in unset
    )
    parameters = []
    # Each slot's own descriptor sets it: half the cost of object.__setattr__.
    namespace: dict[str, object] = {"_new": object.__new__, "_cls": cls}
    for index, field in enumerate(fields):
        namespace[f"_s{index}"] = getattr(cls, field.name).__set__
        default = field.default
        if default is attrs.NOTHING:
            parameters.append(field.alias)
        elif isinstance(default, _FACTORY):
            message = f"{cls.__name__}.{field.name}: factories are not supported"
            raise TypeError(message)
        else:
            namespace[f"_d{index}"] = default
            parameters.append(f"{field.alias}=_d{index}")
    lines = ["    self = _new(_cls)"]
    lines.extend(
        f"    _s{index}(self, {field.alias})" for index, field in enumerate(fields)
    )
    if unset:
        namespace["_pending"] = Deferred.__dict__["_pending"].__set__
        first_default = next(
            (i for i, text in enumerate(parameters) if "=" in text), len(parameters)
        )
        parameters.insert(first_default, "pending")
        lines.append("    _pending(self, pending)")
    lines.insert(0, f"def build({', '.join(parameters)}):")
    lines.append("    return self")
    exec("\n".join(lines), namespace)  # noqa: S102 - code built from field names.
    build = namespace["build"]
    assert callable(build)  # noqa: S101 - for the type checker.
    build.__doc__ = f"Make a {cls.__name__} without checks."
    return build


class Deferred:
    """A base for slotted attrs classes with fields computed on first access.

    The class names the fields in ``_deferred`` and implements ``_compute``,
    which gives their values in that order.  An instance made by
    :func:`unchecked` with those fields *unset* holds what ``_compute``
    needs in ``_pending`` until one of them is first read; all are then
    set at once.  Equality, hashing, ``repr``, copying and serialisation
    read the fields like any other, so they see the computed values.
    """

    __slots__ = ("_pending",)

    _deferred: typing.ClassVar[tuple[str, ...]] = ()

    def _compute(self, pending: Any) -> tuple[object, ...]:  # noqa: ANN401
        raise NotImplementedError

    def __getattr__(self, name: str) -> object:
        # Called only when normal lookup fails: an unset slot, or no such
        # attribute at all.
        deferred = type(self)._deferred  # noqa: SLF001 - the class's own.
        if name in deferred:
            try:
                pending = object.__getattribute__(self, "_pending")
            except AttributeError:
                pass
            else:
                if pending is not None:
                    values = self._compute(pending)
                    for field, value in zip(deferred, values, strict=True):
                        object.__setattr__(self, field, value)
                    object.__setattr__(self, "_pending", None)
                # Set now, by this thread or, meanwhile, by another.
                return object.__getattribute__(self, name)
        message = f"{type(self).__name__!r} object has no attribute {name!r}"
        raise AttributeError(message, name=name, obj=self)


def tuple_of(
    value: object, kind: type[_T], field: str, *, non_empty: bool = False
) -> tuple[_T, ...]:
    """*value* as a tuple whose every item is a *kind*, or an error naming the item.

    Text is refused as a sequence: ``"AB"`` is not two measures.
    """
    name = kind.__name__
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidValueError(field, value, f"a sequence of {name}")
    items = tuple(value)
    for index, item in enumerate(items):
        if not isinstance(item, kind):
            article = "an" if name[0] in "AEIOU" else "a"
            raise InvalidValueError(f"{field}[{index}]", item, f"{article} {name}")
    if non_empty and not items:
        raise InvalidValueError(field, value, f"at least one {name}")
    return items


#: The C0 controls but tab, newline and carriage return; DEL; the C1 controls.
_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
#: Halves of a UTF-16 pair alone: not characters, and no UTF-8 file holds them.
_SURROGATES = "\ud800-\udfff"
#: The explicit bidirectional embeddings, overrides and isolates.  Each can
#: reorder the text after it (U+202E RIGHT-TO-LEFT OVERRIDE shows ``abc`` as
#: ``cba``), so that what a reader sees is not what the text holds.
BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
#: Characters that show nothing: bidirectional marks, zero-width spaces and
#: joiners, the soft hyphen, invisible operators and the byte-order mark.
_INVISIBLE = "\u00ad\u061c\u180e\u200b-\u200f\u2060-\u2064\ufeff"
#: Line and paragraph separators: a line break no reference may hold.
_SEPARATORS = "\u2028\u2029"


@attrs.frozen
class TextRule:
    """Which characters one kind of text refuses, and the words for the rest.

    Args:
        refused: Matches any character this kind of text may not hold.
        expected: What the text must be, in words, for error messages.
    """

    refused: re.Pattern[str]
    expected: str

    def check(self, field: str, value: object, what: str = "text") -> None:
        r"""Refuse *value* unless it is text free of every refused character.

        Args:
            field: The field's name (or path), for the error.
            value: The value to check.
            what: What a value that is not text was expected to be.

        Raises:
            InvalidValueError: *value* is not text, or holds a refused
                character; the message shows it escaped (``'Rate\x1b[31m'``).
        """
        if not isinstance(value, str):
            raise InvalidValueError(field, value, what)
        if self.refused.search(value) is not None:
            raise InvalidValueError(field, value, self.expected)


REFERENCE = TextRule(
    re.compile(
        f"[\\t\\n\\r{_CONTROLS}{_SURROGATES}{BIDI_CONTROLS}{_INVISIBLE}{_SEPARATORS}]"
    ),
    "a reference without control characters (tab and newline included), "
    "bidirectional controls or invisible characters",
)
"""References and keys: :attr:`Measure.ref <perfmeasures.Measure.ref>` (the
labels of a measure's parts among them), :attr:`Measure.priority
<perfmeasures.Measure.priority>` and :attr:`Priority.key
<perfmeasures.Priority.key>`.

A reference is looked up, compared and printed in narrow columns, so it is
one line of characters that all show: it refuses every control character
(tab, newline and carriage return included), the bidirectional controls
(U+202A to U+202E and U+2066 to U+2069), the invisible characters (zero-width
spaces and joiners, U+200B to U+200F, the bidirectional marks, the soft hyphen
and U+FEFF), line and paragraph separators and lone surrogates.  ``1.A2``
with a zero-width space is not ``1.A2``, and looks just like it.
"""

NAME = TextRule(
    re.compile(f"[\\r{_CONTROLS}{_SURROGATES}]"),
    "text without control characters other than tab and newline",
)
"""Titles and names: the titles of measures, plans and priorities, a plan's
organisation, a measure's outcome, action and leads, benchmark names, unit
labels and symbols, and who made an override.

They may hold a tab and a line break (a spreadsheet cell with a line break
in it), but no other control character: no carriage return, NUL, escape
(``\\x1b[31m`` recolours a terminal), DEL or C1 control, and no lone
surrogate.  Bidirectional controls and invisible characters are allowed, as
names in right-to-left scripts and some scripts' joiners need them; every
renderer shows the bidirectional controls visibly (:func:`visible`), so that
a title cannot reorder a page.
"""

FREE_TEXT = TextRule(
    re.compile(f"[{_CONTROLS}{_SURROGATES}]"),
    "text without control characters other than tab, newline and carriage return",
)
"""Free text: a measure's data notes and an override's reason.

As :data:`NAME`, and a carriage return is allowed too, as text pasted from
another program ends its lines with one.
"""


def text_of(rule: TextRule, what: str = "text") -> _Validator:
    """A validator that accepts text following *rule*, naming the field otherwise.

    *what* is what a value that is not text was expected to be.
    """

    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        rule.check(attribute.name, value, what)

    return check


def optional_text_of(rule: TextRule, what: str = "text") -> _Validator:
    """Like :func:`text_of`, but ``None`` is accepted too."""

    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            rule.check(attribute.name, value, what)

    return check


#: What no output may carry raw: every control character (tab and newline
#: apart, which callers keep where their format allows), the bidirectional
#: controls and lone surrogates.
_UNSHOWN = re.compile(f"[\\t\\n\\r{_CONTROLS}{_SURROGATES}{BIDI_CONTROLS}]")


_SHORT_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escaped(found: re.Match[str]) -> str:
    """The escape Python's ``repr`` writes for the character *found*."""
    character = found.group()
    short = _SHORT_ESCAPES.get(character)
    if short is not None:
        return short
    point = ord(character)
    return f"\\x{point:02x}" if point < 0x100 else f"\\u{point:04x}"


def visible(text: str, keep: str = "\n") -> str:
    r"""*text* with every character that no output may carry raw shown escaped.

    Control characters (but those in *keep*), the bidirectional controls
    and lone surrogates become the escapes Python writes for them, so that
    they show instead of acting: an escape sequence cannot recolour a
    terminal, a carriage return cannot overwrite a line, and a
    right-to-left override cannot reorder a page.

    >>> visible("Rate\x1b[31m \u202eevil")
    'Rate\\x1b[31m \\u202eevil'
    >>> visible("two\nlines\tand a tab", keep="\n\t")
    'two\nlines\tand a tab'
    """
    if _UNSHOWN.search(text) is None:
        return text
    return _UNSHOWN.sub(
        lambda found: found.group() if found.group() in keep else _escaped(found),
        text,
    )
