"""Problems with their JSON paths, from cattrs' validation errors.

cattrs with detailed validation raises a tree of exception groups whose
members carry notes naming the attribute, index or key they failed at
(:func:`cattrs.transform_error` reads the same tree).  Walking it yields one
:class:`~perfmeasures.Problem` per failure, located by a JSON path such as
``$.measures[3].targets['2019/20'].value``.  The model's own validators
name the field they reject (``values['Q1 2019/20'].amount``), which extends
the path of the object they were validating.
"""

from __future__ import annotations

import difflib
import json
import re
from typing import Any

import attrs
from cattrs.errors import (
    AttributeValidationNote,
    ForbiddenExtraKeysError,
    IterableValidationNote,
)

from .._errors import (
    InvalidValueError,
    PerfmeasuresError,
    Problem,
    UnknownMeasureError,
)
from ._wire import (
    MissingKeyError,
    NonFinite,
    TypeForm,
    WireError,
    describe,
    missing_message,
    show,
)

__all__ = ["index", "member", "problems_from"]

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_LONGEST_KEY = 60


def member(name: str) -> str:
    """The path step to key *name* of an object: ``.title`` or ``['Q1 2019/20']``."""
    return f".{name}" if _IDENTIFIER.fullmatch(name) else index(name)


def index(key: str | int) -> str:
    """The path step to list index or object key *key*: ``[3]`` or ``['2019/20']``.

    Keys are quoted as JSONPath does, with quotes, backslashes and control
    characters escaped and long keys clipped, so that a location always fits
    on one printable line.
    """
    if isinstance(key, int):
        return f"[{key}]"
    clipped = key if len(key) <= _LONGEST_KEY else key[: _LONGEST_KEY - 1] + "\u2026"
    escaped = json.dumps(clipped, ensure_ascii=False)[1:-1]
    escaped = escaped.replace('\\"', '"').replace("'", "\\'")
    printable = escaped.encode("utf-8", "backslashreplace").decode("utf-8")
    return f"['{printable}']"


def _field_path(field: str) -> str:
    """The path below an object to the field a model validator names."""
    if not field or field.startswith("["):
        return field
    return f".{field}"


def _note_of(
    error: BaseException,
) -> AttributeValidationNote | IterableValidationNote | None:
    for note in getattr(error, "__notes__", ()):
        if isinstance(note, AttributeValidationNote | IterableValidationNote):
            return note
    return None


def _unknown_keys(error: ForbiddenExtraKeysError, path: str) -> list[Problem]:
    fields = [a.name for a in attrs.fields(error.cl)] if attrs.has(error.cl) else []
    problems = []
    for key in sorted(error.extra_fields):
        close = difflib.get_close_matches(key, fields, n=1)
        if close:
            message = f'unknown key {show(key)} (did you mean "{close[0]}"?)'
        else:
            message = f"unknown key {show(key)} (expected one of: {', '.join(fields)})"
        problems.append(Problem(path + member(key), message))
    return problems


def _leaf(error: BaseException, path: str, kind: TypeForm) -> list[Problem]:
    """The problems one failure that is not a group stands for."""
    if isinstance(error, ForbiddenExtraKeysError):
        return _unknown_keys(error, path)
    if isinstance(error, WireError) and isinstance(error.value, NonFinite):
        # Reported where the document was read, as not JSON at all.
        return []
    if isinstance(error, MissingKeyError | WireError):
        return [Problem(path, str(error))]
    if isinstance(error, KeyError):
        # cattrs looks required keys up by subscription.
        return [Problem(path, missing_message(describe(kind)))]
    if isinstance(error, UnknownMeasureError):
        return [
            Problem(
                f"{path}.measure_rules{index(error.ref)}",
                f"expected the reference of one of the plan's measures "
                f"(got {show(error.ref)})",
            )
        ]
    if isinstance(error, InvalidValueError):
        return [
            Problem(
                path + _field_path(error.field),
                f"expected {error.expected} (got {show(error.value)})",
            )
        ]
    if isinstance(error, PerfmeasuresError):
        return [Problem(path, str(error))]
    # Not expected from any input; reported rather than raised, so that a
    # loader never lets anything but its own error escape.
    return [
        Problem(path, f"cannot be read ({type(error).__name__}: {show(str(error))})")
    ]


def _walk(
    error: BaseException, path: str, kind: TypeForm, found: list[Problem]
) -> None:
    if isinstance(error, BaseExceptionGroup):
        for sub in error.exceptions:
            note = _note_of(sub)
            if isinstance(note, AttributeValidationNote):
                _walk(sub, path + member(note.name), note.type, found)
            elif isinstance(note, IterableValidationNote):
                _walk(sub, path + index(note.index), note.type, found)
            else:
                _walk(sub, path, kind, found)
        return
    found.extend(_leaf(error, path, kind))


def problems_from(
    error: BaseException, path: str = "$", kind: TypeForm = Any
) -> list[Problem]:
    """Every problem *error* stands for, each located below *path*, without repeats.

    Args:
        error: What structuring raised: usually a cattrs validation group.
        path: The location of the value that was being structured.
        kind: The type that value was being structured as.
    """
    found: list[Problem] = []
    _walk(error, path, kind, found)
    return list(dict.fromkeys(found))
