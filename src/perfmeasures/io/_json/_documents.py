"""Plans and evaluation sets as versioned JSON documents.

A document is a JSON object whose ``"format"`` names what it holds and the
version of its layout (``"perfmeasures/plan/1"``), beside the fields the
converter writes (see :mod:`perfmeasures.io._json._converter`).  Loading is all
or nothing: every problem found is reported in one
:class:`~perfmeasures.LoadError`, and nothing is returned if there is one.
"""

from __future__ import annotations

import io
import json
import os
from typing import IO, Any, TypeVar

import attrs

from ..._arithmetic import in_context
from ..._atomic import replace_atomically
from ..._batch import EvaluationSet
from ..._errors import InvalidValueError, LoadError, Problem
from ..._plan import Plan
from ..._registry import StatusScheme
from ._converter import RELEASING, missing_message, shared_converter, show
from ._reading import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_DEPTH,
    PathOrFile,
    index,
    member,
    parse,
    problems_from,
    read,
)

__all__ = [
    "EVALUATIONS_FORMAT",
    "PLAN_FORMAT",
    "dump_evaluations",
    "dump_plan",
    "evaluations_from_json",
    "evaluations_to_json",
    "load_evaluations",
    "load_plan",
    "plan_from_json",
    "plan_to_json",
    "scheme_from_json",
]

#: The ``"format"`` of a plan document.
PLAN_FORMAT = "perfmeasures/plan/1"

#: The ``"format"`` of an evaluation set document.
EVALUATIONS_FORMAT = "perfmeasures/evaluations/1"

_T = TypeVar("_T")

# Stands for a "format" key that is not there.
_ABSENT = object()

# What each format holds and the function that reads it, for messages.
_KNOWN = {
    PLAN_FORMAT: ("a plan", "load_plan"),
    EVALUATIONS_FORMAT: ("an evaluation set", "load_evaluations"),
}


def _format_problem(found: object, expected: str) -> Problem:
    if found is _ABSENT:
        return Problem("$.format", missing_message(f'"{expected}"'))
    if isinstance(found, str) and found in _KNOWN:
        what, reader = _KNOWN[found]
        return Problem(
            "$.format",
            f'expected "{expected}" (got {show(found)}: {what}, which {reader} reads)',
        )
    family = expected.rsplit("/", 1)[0] + "/"
    if isinstance(found, str) and found.startswith(family):
        return Problem(
            "$.format",
            f'expected "{expected}" (got {show(found)}, a version this release '
            "of perfmeasures does not read)",
        )
    return Problem("$.format", f'expected "{expected}" (got {show(found)})')


@attrs.frozen
class _Limits:
    max_bytes: int
    max_depth: int


def _from_json(
    data: bytes | str, kind: type[_T], expected: str, source: str, limits: _Limits
) -> _T:
    document, problems = parse(
        data, source, max_bytes=limits.max_bytes, max_depth=limits.max_depth
    )
    if not isinstance(document, dict):
        shown = show(document)
        problems.append(
            Problem(
                "$", f'expected an object with "format": "{expected}" (got {shown})'
            )
        )
        raise LoadError(source, problems)
    found = document.get("format", _ABSENT)
    if found != expected:
        # A document of another kind or version would only add noise.
        problems.append(_format_problem(found, expected))
        raise LoadError(source, problems)
    body = {key: value for key, value in document.items() if key != "format"}
    del document
    releasing = RELEASING.set(True)
    try:
        result: _T = shared_converter().structure(body, kind)
    except Exception as error:  # noqa: BLE001 - every failure becomes a problem.
        found = problems_from(error, "$", kind)
        raise LoadError(source, list(dict.fromkeys([*problems, *found]))) from None
    finally:
        RELEASING.reset(releasing)
    if problems:
        raise LoadError(source, problems)
    return result


_TOO_DEEP = (
    f"nested at most {DEFAULT_MAX_DEPTH} levels deep, the most the loaders read "
    "by default"
)


def _too_deep(path: str, depth: int) -> InvalidValueError:
    return InvalidValueError(path, depth, _TOO_DEEP)


def _check_parts(value: object, items: str) -> None:
    """Refuse, before writing anything, parts nested deeper than a loader reads.

    Each level of parts (``components``) nests a measure, or its
    evaluation, two levels deeper in the document: the item is an object
    in the ``components`` list of its parent.  Checked on the objects
    themselves, without recursion, so that a chain of parts hundreds deep
    is refused here rather than overflowing the stack on the way out.
    """
    # The document is level 1, its list of items level 2, each item level 3.
    stack = [
        (item, f"$.{items}{index(number)}", 3)
        for number, item in enumerate(getattr(value, items))
    ]
    while stack:
        item, path, depth = stack.pop()
        if depth > DEFAULT_MAX_DEPTH:
            raise _too_deep(path, depth)
        parts = getattr(item, "components", ())
        stack.extend(
            (part, f"{path}.components{index(number)}", depth + 2)
            for number, part in enumerate(parts)
        )


def _deepest(document: object) -> int:
    """The nesting level of the most deeply nested object or list in *document*."""
    # Level by level: each holds the objects and lists one deeper than the
    # last, so that the depth is the number of levels, and scalars are
    # skipped where they are met.
    deepest = 0
    level = [document] if type(document) in _CONTAINERS else []
    while level:
        deepest += 1
        level = [
            item
            for value in level
            for item in (value.values() if type(value) is dict else value)  # type: ignore[attr-defined]
            if type(item) in _CONTAINERS
        ]
    return deepest


_CONTAINERS = (dict, list)


def _first_too_deep(document: object) -> str:
    """The JSON path of the first object or list nested too deeply to be read."""
    stack: list[tuple[object, str, int]] = [(document, "$", 1)]
    while stack:
        value, path, depth = stack.pop()
        if not isinstance(value, dict | list):
            continue
        if depth > DEFAULT_MAX_DEPTH:
            return path
        if isinstance(value, dict):
            steps = [(v, path + member(k)) for k, v in value.items()]
        else:
            steps = [(v, path + index(i)) for i, v in enumerate(value)]
        stack.extend((v, step, depth + 1) for v, step in reversed(steps))
    return "$"


def _to_json(value: object, kind: type[Any], fmt: str, items: str) -> str:
    """*value* as a document the loaders read back with their default limits.

    Raises:
        InvalidValueError: The document would nest deeper than
            :data:`DEFAULT_MAX_DEPTH`, so that loading it would fail;
            located by the JSON path of the first value too deep.
    """
    _check_parts(value, items)
    document = {"format": fmt, **shared_converter().unstructure(value, kind)}
    if _deepest(document) > DEFAULT_MAX_DEPTH:
        raise _too_deep(_first_too_deep(document), DEFAULT_MAX_DEPTH + 1)
    return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _write(text: str, path_or_file: PathOrFile) -> None:
    """Write *text* in UTF-8 to a path, atomically, or to an open file.

    A path is written through :func:`~perfmeasures._atomic.replace_atomically`:
    a failed write (a full disk, a file size limit, Ctrl-C) leaves the file
    that was there exactly as it was, and raises a
    :class:`~perfmeasures._atomic.WriteError` naming the path.
    """
    if isinstance(path_or_file, str | os.PathLike):
        data = text.encode("utf-8")

        def write(stream: IO[bytes]) -> None:
            stream.write(data)

        replace_atomically(path_or_file, write)
    elif isinstance(path_or_file, io.TextIOBase):
        path_or_file.write(text)
    else:
        binary: IO[bytes] = path_or_file  # type: ignore[assignment]  # Not text, so bytes.
        binary.write(text.encode("utf-8"))


@in_context
def plan_to_json(plan: Plan) -> str:
    """*plan* as a JSON document (``"format": "perfmeasures/plan/1"``).

    >>> from perfmeasures.examples import rotherham_2019_20
    >>> text = plan_to_json(rotherham_2019_20())
    >>> text.splitlines()[1]
    '  "format": "perfmeasures/plan/1",'
    >>> plan_from_json(text) == rotherham_2019_20()
    True

    Raises:
        InvalidValueError: The document would nest deeper than the loaders
            read by default (parts within parts about thirty levels deep), so
            that it could not be loaded again; named by the JSON path of the
            first value too deep.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.3.0
       Refuses a plan whose document could not be loaded again, rather than
       writing it (or raising ``RecursionError``).
    """
    return _to_json(plan, Plan, PLAN_FORMAT, "measures")


@in_context
def plan_from_json(
    text: str | bytes,
    *,
    source: str = "<string>",
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
) -> Plan:
    """The plan in the JSON document *text*.

    Args:
        text: The document, as text or as UTF-8 bytes.
        source: A name for the document in error messages.
        max_bytes: The largest document accepted, in bytes: 512 MiB by
            default, room for any plan :func:`dump_plan` writes of up to
            10,000 measures with ten years of monthly figures.
        max_depth: The deepest nesting of objects and lists accepted.

    Raises:
        LoadError: Anything is wrong with the document; every problem is
            listed, each with its location (``$.measures[3].title``).

    >>> plan_from_json('{"format": "perfmeasures/plan/1", "title": "Our plan"}').title
    'Our plan'

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.3.0
       The default *max_bytes* is 512 MiB rather than 20 MiB, which refused
       plans written by :func:`dump_plan`; loading is linear in the number
       of measures.
    """
    return _from_json(text, Plan, PLAN_FORMAT, source, _Limits(max_bytes, max_depth))


@in_context
def load_plan(
    path_or_file: PathOrFile,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
) -> Plan:
    """The plan in a JSON file: a path, or a file open in binary or text mode.

    Args:
        path_or_file: Where to read from.
        max_bytes: The largest file accepted, in bytes; no more than one byte
            beyond it is ever read.  512 MiB by default, room for any plan
            :func:`dump_plan` writes of up to 10,000 measures with ten
            years of monthly figures.
        max_depth: The deepest nesting of objects and lists accepted.

    Raises:
        LoadError: Anything is wrong with the file's content.
        OSError: The path cannot be opened.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.3.0
       The default *max_bytes* is 512 MiB rather than 20 MiB, which refused
       plans written by :func:`dump_plan`; loading is linear in the number
       of measures.
    """
    name, data = read(path_or_file, max_bytes)
    return plan_from_json(data, source=name, max_bytes=max_bytes, max_depth=max_depth)


@in_context
def dump_plan(plan: Plan, path_or_file: PathOrFile) -> None:
    """Write *plan* as JSON to a path (in UTF-8) or an open file.

    A path is written whole or not at all: the document goes to a temporary
    file beside it, which replaces the file only once complete, so that a
    failed write leaves the file that was there as it was.

    Raises:
        InvalidValueError: As for :func:`plan_to_json`; nothing is written.
        WriteError: The path cannot be written (it names the path and why);
            the file that was there is unchanged.  It is an ``OSError``.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.3.0
       A path is replaced atomically, and a failure names it.
    """
    _write(plan_to_json(plan), path_or_file)


@in_context
def evaluations_to_json(evaluations: EvaluationSet) -> str:
    """*evaluations* as a JSON document (``"format": "perfmeasures/evaluations/1"``).

    >>> from perfmeasures import evaluate_plan
    >>> from perfmeasures.examples import rotherham_2019_20
    >>> result = evaluate_plan(rotherham_2019_20(), "Q1 2019/20")
    >>> evaluations_from_json(evaluations_to_json(result)) == result
    True

    Raises:
        InvalidValueError: The document would nest deeper than the loaders
            read by default (parts within parts about thirty levels deep), so
            that it could not be loaded again; named by the JSON path of the
            first value too deep.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.3.0
       Refuses evaluations whose document could not be loaded again.
    """
    return _to_json(evaluations, EvaluationSet, EVALUATIONS_FORMAT, "evaluations")


@in_context
def evaluations_from_json(
    text: str | bytes,
    *,
    source: str = "<string>",
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
) -> EvaluationSet:
    """The evaluation set in the JSON document *text*.

    Args:
        text: The document, as text or as UTF-8 bytes.
        source: A name for the document in error messages.
        max_bytes: The largest document accepted, in bytes (512 MiB by
            default, as for plans).
        max_depth: The deepest nesting of objects and lists accepted.

    Raises:
        LoadError: Anything is wrong with the document; every problem is
            listed, each with its location.

    .. versionadded:: 0.1.0
    """
    limits = _Limits(max_bytes, max_depth)
    return _from_json(text, EvaluationSet, EVALUATIONS_FORMAT, source, limits)


@in_context
def load_evaluations(
    path_or_file: PathOrFile,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
) -> EvaluationSet:
    """The evaluation set in a JSON file: a path, or an open file.

    Args:
        path_or_file: Where to read from.
        max_bytes: The largest file accepted, in bytes (512 MiB by default).
        max_depth: The deepest nesting of objects and lists accepted.

    Raises:
        LoadError: Anything is wrong with the file's content.
        OSError: The path cannot be opened.

    .. versionadded:: 0.1.0
    """
    name, data = read(path_or_file, max_bytes)
    return evaluations_from_json(
        data, source=name, max_bytes=max_bytes, max_depth=max_depth
    )


@in_context
def dump_evaluations(evaluations: EvaluationSet, path_or_file: PathOrFile) -> None:
    """Write *evaluations* as JSON to a path (in UTF-8) or an open file.

    A path is written whole or not at all: the document goes to a temporary
    file beside it, which replaces the file only once complete, so that a
    failed write leaves the file that was there as it was.

    Raises:
        InvalidValueError: As for :func:`evaluations_to_json`; nothing is written.
        WriteError: The path cannot be written (it names the path and why);
            the file that was there is unchanged.  It is an ``OSError``.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.3.0
       A path is replaced atomically, and a failure names it.
    """
    _write(evaluations_to_json(evaluations), path_or_file)


@in_context
def scheme_from_json(text: str | bytes, *, source: str = "<string>") -> StatusScheme:
    """The status scheme in the JSON object *text*, as plan files write it.

    Any registered scheme is read (:func:`~perfmeasures.register_scheme`):
    ``{"type": "tolerance", "amber": "5"}``.  The command line's
    ``--scheme`` reads its JSON form with this.

    Raises:
        LoadError: The text is not such an object; every problem is listed.

    >>> scheme_from_json('{"type": "tolerance", "amber": "10"}').amber
    Decimal('10')

    .. versionadded:: 0.2.0
    """
    document, problems = parse(
        text, source, max_bytes=DEFAULT_MAX_BYTES, max_depth=DEFAULT_MAX_DEPTH
    )
    if problems:
        raise LoadError(source, problems)
    try:
        scheme: StatusScheme = shared_converter().structure(
            document,
            StatusScheme,  # type: ignore[type-abstract]  # A protocol, dispatched by tag.
        )
    except Exception as error:  # noqa: BLE001 - every failure becomes a problem.
        raise LoadError(source, problems_from(error, "$", StatusScheme)) from None
    return scheme
