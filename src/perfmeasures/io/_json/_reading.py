"""From bytes to a JSON value, defensively, and problems with their JSON paths.

Input is bounded before it is read (a size limit, checked on the bytes, that
scales to the largest plan perfmeasures writes), decoded as strict UTF-8,
parsed with the standard library's parser (which never evaluates code and
never fetches anything: a ``"$ref"`` is just a key), and then checked for
what that parser lets through: keys repeated within one object, ``NaN`` and
``Infinity`` (not JSON, though Python writes them), and nesting deeper than
any document of ours needs.

What fails to structure is reported from cattrs' validation errors.  cattrs
with detailed validation raises a tree of exception groups whose members
carry notes naming the attribute, index or key they failed at
(:func:`cattrs.transform_error` reads the same tree).  Walking it
(:func:`problems_from`) yields one :class:`~perfmeasures.Problem` per
failure, located by a JSON path such as
``$.measures[3].targets['2019/20'].value``.  The model's own validators
name the field they reject (``values['Q1 2019/20'].amount``), which extends
the path of the object they were validating.
"""

from __future__ import annotations

import difflib
import io
import json
import os
import re
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, BinaryIO, TypeAlias

import attrs
from cattrs.errors import (
    AttributeValidationNote,
    ForbiddenExtraKeysError,
    IterableValidationNote,
)

from ..._errors import (
    InvalidValueError,
    LoadError,
    PerfmeasuresError,
    Problem,
    UnknownMeasureError,
)
from ._converter import (
    MissingKeyError,
    NonFinite,
    TypeForm,
    WireError,
    describe,
    missing_message,
    show,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_DEPTH",
    "PathOrFile",
    "index",
    "member",
    "open_regular",
    "parse",
    "problems_from",
    "read",
]


#: The largest JSON document read by default: 512 MiB.
#:
#: The limit follows what perfmeasures itself writes, so that a plan saved
#: with :func:`~perfmeasures.io.dump_plan` always loads again with the
#: defaults.  A plan's JSON takes about 200 bytes for each month of each
#: measure (a value with its places, a share of the year's target, a
#: note), so 10,000 measures with ten years of monthly figures come to
#: about 225 MiB; the limit leaves room for twice that, for plans that
#: also keep published ratings and a note every month.  It still refuses,
#: unread, input no plan could need.  Pass ``max_bytes=`` to a loader (or
#: ``--max-bytes`` on the command line) to read more, or less.
#:
#: .. versionchanged:: 0.3.0
#:    512 MiB rather than 20 MiB, which refused plans perfmeasures had
#:    written itself.
DEFAULT_MAX_BYTES = 512 * 1024 * 1024

#: The deepest nesting read by default.  A plan nests about ten levels, and
#: each level of components adds four.
DEFAULT_MAX_DEPTH = 64

PathOrFile: TypeAlias = str | os.PathLike[str] | IO[bytes] | IO[str]
"""A path, or a file opened in binary or text mode."""

_BOM = "\ufeff"


class _Object(dict[str, Any]):
    """A JSON object that remembers the keys it was given more than once.

    It also knows its height: how many levels of objects and arrays it is,
    itself included, so that nesting is measured as the document is read.
    """

    __slots__ = ("height", "repeated")

    height: int
    repeated: tuple[str, ...]


class _Reading:
    """What the parser's hooks saw of one document.

    Whether anything was found that the walk of :func:`_checks` must
    locate (a repeated key, a non-finite number, an integer too long): a
    document without any, and not nested too deeply, needs no walk.
    """

    __slots__ = ("suspect",)

    def __init__(self) -> None:
        self.suspect = False

    def object(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        """The JSON object of *pairs*: an ``object_pairs_hook``.

        Most objects of a plan hold no object or array and repeat no key: a
        plain dictionary, of height 1, stands for each of those.  The rest
        are :class:`_Object` instances that know their height and repeats.
        """
        plain = dict(pairs)
        values = plain.values()
        if len(plain) == len(pairs) and _CONTAINERS.isdisjoint(map(type, values)):
            return plain
        result = _Object(plain)
        result.repeated = ()
        if len(plain) != len(pairs):
            self.suspect = True
            seen: set[str] = set()
            repeated = []
            for key, _ in pairs:
                if key in seen:
                    repeated.append(key)
                seen.add(key)
            result.repeated = tuple(repeated)
        result.height = 1 + max(map(_height, values), default=0)
        return result

    def constant(self, text: str) -> NonFinite:
        """``NaN``, ``Infinity`` or ``-Infinity``: a ``parse_constant`` hook."""
        self.suspect = True
        return NonFinite(text)

    def integer(self, text: str) -> int | _LongInteger:
        """A JSON integer, unless it is too long to convert: a ``parse_int`` hook."""
        if len(text.lstrip("-")) > _LONGEST_INTEGER:
            self.suspect = True
            return _LongInteger(text)
        return int(text)


def _height(value: object) -> int:
    """How many levels of objects and arrays *value* is (0 for a scalar)."""
    kind = type(value)
    if kind is dict:
        return 1
    if kind is _Object:
        return value.height  # type: ignore[attr-defined,no-any-return]
    if kind is list:
        return 1 + max(map(_height, value), default=0)  # type: ignore[call-overload]
    return 0


_CONTAINERS = frozenset({dict, _Object, list})


# What a special file is called in messages, by the test that finds it.
_SPECIAL_FILES = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device (such as /dev/zero)"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)

# How much of a stream is read at a time: reading a stream in one call of
# the limit's size would set aside that much memory whatever it holds.
_CHUNK = 1 << 20


def _refuse_special(name: str, mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    kind = next((what for test, what in _SPECIAL_FILES if test(mode)), "a special file")
    raise LoadError(
        name,
        [
            Problem(
                "file",
                f"is {kind}, not a regular file; expected a file that holds a "
                "document (a link to one is fine)",
            )
        ],
    )


def open_regular(name: str) -> BinaryIO:
    """The file *name* opened for reading in binary, if it is a regular file.

    A folder, named pipe, device or socket is refused before it is opened
    (opening some devices does something, and reading a pipe may wait
    forever); the file is opened without waiting and checked again once
    open, in case it was swapped for a special file in between.  A link to
    a regular file is followed.

    Raises:
        LoadError: *name* is not a regular file.
        OSError: It cannot be found or opened.

    .. versionadded:: 0.3.0
    """
    _refuse_special(name, Path(name).stat().st_mode)
    nonblocking = getattr(os, "O_NONBLOCK", 0)
    flags = os.O_RDONLY | nonblocking | getattr(os, "O_BINARY", 0)
    descriptor = os.open(name, flags | getattr(os, "O_NOCTTY", 0))
    try:
        _refuse_special(name, os.fstat(descriptor).st_mode)
        if nonblocking:
            os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def _read_stream(
    stream: IO[bytes] | IO[str], most: int, name: str, size_hint: int = 0
) -> bytes | str:
    """At most *most* bytes (or characters) of *stream*, read as they come.

    *size_hint* is the size a file says it has: read in one go, unless it
    grows, so that a file's content is not copied from chunks.
    """
    if isinstance(stream, io.BytesIO | io.StringIO):
        # In memory already: one read sets aside no more than it holds.
        return stream.read(most)
    chunks: list[Any] = []
    size = 0
    step = min(size_hint + 1, most) if size_hint > 0 else _CHUNK
    while size < most:
        chunk = stream.read(min(step, most - size))
        step = _CHUNK
        if chunk is None:
            raise LoadError(
                name,
                [
                    Problem(
                        "file",
                        "gave nothing without waiting; expected a stream "
                        "opened for reading that waits for its data",
                    )
                ],
            )
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if not chunks:
        return stream.read(0)
    empty: bytes | str = chunks[0][:0]
    return empty.join(chunks)


def _too_large(source: str, size: int, max_bytes: int) -> LoadError:
    return LoadError(
        source,
        [Problem("$", f"expected at most {max_bytes:,} bytes (got {size:,} or more)")],
    )


def read(
    path_or_file: PathOrFile,
    max_bytes: int,
    too_large: Callable[[str, int, int], LoadError] = _too_large,
) -> tuple[str, bytes | str]:
    """The name of the source and everything in it, within *max_bytes*.

    A path must name a regular file (:func:`open_regular`); one whose size
    is over the limit is refused unread.  A stream is read in chunks, and
    no more than one byte beyond the limit: a stream that goes on past it
    (a pipe, or ``/dev/zero`` opened by the caller) is refused once that
    byte is read.

    Args:
        path_or_file: A path, or a file opened for reading.
        max_bytes: The largest input accepted, in bytes.
        too_large: The error for input over the limit, given the source's
            name, its size (or the bytes read so far) and the limit.

    Raises:
        LoadError: The path is not a regular file, or the input is larger
            than *max_bytes* (the error *too_large* makes).
        OSError: The path cannot be opened or read.
    """
    # No input is larger than memory can address, whatever limit is asked.
    max_bytes = min(max_bytes, sys.maxsize - 1)
    if isinstance(path_or_file, str | os.PathLike):
        name = os.fspath(path_or_file)
        with open_regular(name) as file:
            size = os.fstat(file.fileno()).st_size
            if size > max_bytes:
                raise too_large(name, size, max_bytes)
            data: bytes | str = _read_stream(file, max_bytes + 1, name, size)
    else:
        given: object = getattr(path_or_file, "name", None)
        name = given if isinstance(given, str) else "<stream>"
        data = _read_stream(path_or_file, max_bytes + 1, name)
    if len(data) > max_bytes:
        raise too_large(name, len(data), max_bytes)
    return name, data


def _text(data: bytes | str, source: str, max_bytes: int) -> str:
    """*data* as text, within the size limit and valid UTF-8."""
    if isinstance(data, str):
        if len(data) > max_bytes:
            raise _too_large(source, len(data), max_bytes)
        size = len(data.encode("utf-8", "surrogatepass"))
        if size > max_bytes:
            raise _too_large(source, size, max_bytes)
        return data.removeprefix(_BOM)
    if len(data) > max_bytes:
        raise _too_large(source, len(data), max_bytes)
    wide = wide_encoding(data)
    if wide is not None:
        raise LoadError(
            source, [Problem("file", f"expected UTF-8 text; this looks like {wide}")]
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bad = data[error.start : error.end]
        raise LoadError(
            source,
            [
                Problem(
                    f"byte {error.start}",
                    f"expected UTF-8 text (got the byte{'s' if len(bad) > 1 else ''} "
                    f"{bad.hex(' ')})",
                )
            ],
        ) from None


# Byte-order marks of the encodings that put a NUL beside every ASCII
# character, longest first (UTF-32's little-endian mark starts as UTF-16's).
_WIDE_MARKS = (
    (b"\xff\xfe\x00\x00", "UTF-32 (little-endian, with a byte-order mark)"),
    (b"\x00\x00\xfe\xff", "UTF-32 (big-endian, with a byte-order mark)"),
    (b"\xff\xfe", "UTF-16 (little-endian, with a byte-order mark)"),
    (b"\xfe\xff", "UTF-16 (big-endian, with a byte-order mark)"),
)
# Where the NUL bytes fall in the first four bytes of ASCII-led text, by
# encoding: UTF-8 text never has them there (a NUL is no character a JSON
# document or a CSV file starts with).
_WIDE_PATTERNS: dict[tuple[bool, ...], str] = {
    (False, True, True, True): "UTF-32 (little-endian)",
    (True, True, True, False): "UTF-32 (big-endian)",
    (False, True, False, True): "UTF-16 (little-endian)",
    (True, False, True, False): "UTF-16 (big-endian)",
}


def wide_encoding(data: bytes) -> str | None:
    """The UTF-16 or UTF-32 encoding *data* seems to be in, in words, or ``None``.

    Text saved as "Unicode" by some programs is UTF-16, with or without a
    byte-order mark; read as UTF-8 it is either refused at its first byte or,
    without a mark, read as text with a NUL between every letter, which
    then fails as nonsense.  Told by the mark, or else by where the NUL
    bytes fall among the first four bytes, so that the message can say
    what the file is.

    .. versionadded:: 0.3.0
    """
    for mark, words in _WIDE_MARKS:
        if data.startswith(mark):
            return words
    if len(data) < 4:
        return None
    return _WIDE_PATTERNS.get(tuple(byte == 0 for byte in data[:4]))


#: The most digits an integer in a document may have.  No figure needs a
#: tenth of them (figures travel as strings); the bound is Python's own
#: default for converting text to an integer, which guards against the
#: time a conversion of millions of digits takes.
_LONGEST_INTEGER = 4300


class _LongInteger(NonFinite):
    """Where a document wrote an integer too long to read.

    Reported once, where it was read, with its length; like a non-finite
    number never again as a value of the wrong type.
    """

    __slots__ = ()

    def message(self) -> str:
        """The problem, in the reader's terms."""
        digits = len(self.text.lstrip("-"))
        return (
            f"expected a number of at most {_LONGEST_INTEGER:,} digits "
            f"(got one of {digits:,} digits, starting {self.text[:12]}\u2026)"
        )


def _syntax_problem(error: json.JSONDecodeError, text: str) -> Problem:
    where = f"line {error.lineno}, column {error.colno}"
    if error.pos >= len(text.rstrip()):
        return Problem(
            where, "expected more JSON (the document ends too soon: is it truncated?)"
        )
    if error.msg.startswith("Unterminated string"):
        return Problem(
            where,
            "expected valid JSON (a string starts here and never ends: "
            "is the document truncated?)",
        )
    return Problem(where, f"expected valid JSON ({error.msg})")


class _Node:
    """A value met in the walk, with the way to it from its parent.

    Paths are spelt out only for the values a problem is reported at, by
    following the parents up: spelling one for every value would cost more
    than the checks themselves.
    """

    __slots__ = ("depth", "parent", "step", "value")

    def __init__(
        self, value: object, parent: _Node | None, step: str | int, depth: int
    ) -> None:
        self.value = value
        self.parent = parent
        self.step = step
        self.depth = depth

    def path(self, key: str | None = None) -> str:
        """The JSON path to this value (or to its member *key*)."""
        steps = [] if key is None else [member(key)]
        node: _Node | None = self
        while node is not None and node.parent is not None:
            step = node.step
            steps.append(index(step) if isinstance(step, int) else member(step))
            node = node.parent
        return "$" + "".join(reversed(steps))


def _checks(document: object, max_depth: int) -> tuple[list[Problem], bool]:
    """Repeated keys, non-finite numbers and excessive nesting, in document order.

    Returns:
        The problems, and whether the document nests too deeply.
    """
    problems: list[Problem] = []
    too_deep = False
    stack = [_Node(document, None, "", 1)]
    while stack:
        node = stack.pop()
        value = node.value
        if isinstance(value, _LongInteger):
            problems.append(Problem(node.path(), value.message()))
        elif isinstance(value, NonFinite):
            problems.append(
                Problem(node.path(), f"expected a finite number (got {value.text})")
            )
        if not isinstance(value, dict | list):
            continue
        if node.depth > max_depth:
            if not too_deep:
                problems.append(
                    Problem(
                        node.path(), f"expected at most {max_depth} levels of nesting"
                    )
                )
            too_deep = True
            continue
        if isinstance(value, _Object):
            problems.extend(
                Problem(
                    node.path(key),
                    f"expected each key once (got {show(key)} again)",
                )
                for key in dict.fromkeys(value.repeated)
            )
        depth = node.depth + 1
        if isinstance(value, dict):
            stack.extend(_Node(v, node, k, depth) for k, v in reversed(value.items()))
        else:
            stack.extend(
                _Node(value[i], node, i, depth) for i in range(len(value) - 1, -1, -1)
            )
    return problems, too_deep


def parse(
    data: bytes | str, source: str, *, max_bytes: int, max_depth: int
) -> tuple[object, list[Problem]]:
    """The JSON value in *data*, with the problems found in it that JSON allows.

    Args:
        data: The document, as bytes (UTF-8, with or without a byte order
            mark) or text.
        source: The document's name, for errors.
        max_bytes: The largest document accepted, in bytes.
        max_depth: The deepest nesting accepted.

    Raises:
        LoadError: The document is too large, empty, not UTF-8, not JSON, or
            nested too deeply to be worth reading further.
    """
    text = _text(data, source, max_bytes)
    if not text.strip():
        raise LoadError(
            source, [Problem("$", "expected a JSON document (got nothing)")]
        )
    reading = _Reading()
    try:
        document = json.loads(
            text,
            object_pairs_hook=reading.object,
            parse_constant=reading.constant,
            parse_int=reading.integer,
        )
    except json.JSONDecodeError as error:
        raise LoadError(source, [_syntax_problem(error, text)]) from None
    except RecursionError:
        raise LoadError(
            source, [Problem("$", f"expected at most {max_depth} levels of nesting")]
        ) from None
    if not reading.suspect and _height(document) <= max_depth:
        # Nothing for the walk to find.
        return document, []
    problems, too_deep = _checks(document, max_depth)
    if too_deep:
        raise LoadError(source, problems)
    return document, problems


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
