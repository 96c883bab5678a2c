"""Writing a file whole or not at all.

Every writer in perfmeasures that is given a path writes through
:func:`replace_atomically`: the content goes to a temporary file in the
target's folder, is flushed to disk, and only then takes the target's name.
A failed or interrupted write (a full disk, a file size limit, an exception
half way, Ctrl-C) leaves the previous file exactly as it was, and no
temporary file behind.  A symbolic link is followed (the file it names is
replaced, the link kept); a device or named pipe is written to directly.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from typing import IO

from ._errors import PerfmeasuresError

# os and os.path, not pathlib: the command line would import pathlib (and
# urllib.parse with it) for this module alone.  Their checks answer as
# pathlib's do from Python 3.13 on.
# ruff: noqa: PTH101, PTH105, PTH108, PTH110, PTH112, PTH113, PTH116, PTH118, PTH123

__all__ = ["WriteError", "replace_atomically"]


class WriteError(PerfmeasuresError, OSError):
    """A file could not be written; the file that was there is unchanged.

    Args:
        path: The file that was to be written.
        reason: Why it could not be.

    .. versionadded:: 0.3.0
    """

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: cannot be written ({reason}); nothing was changed")

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.path, self.reason))


def _reason(error: OSError) -> str:
    return error.strerror or str(error) or type(error).__name__


def _write_through(target: str, name: str, write: Callable[[IO[bytes]], None]) -> None:
    try:
        with open(target, "wb") as stream:
            write(stream)
    except OSError as error:
        raise WriteError(name, _reason(error)) from None


def replace_atomically(
    path: str | os.PathLike[str], write: Callable[[IO[bytes]], None]
) -> None:
    """Write the file at *path* by calling *write* with a binary file, atomically.

    Args:
        path: The file to write (created, or replaced whole).
        write: Writes the content to the binary file it is given.

    Raises:
        WriteError: The file could not be written (its folder is missing
            or read-only, the disk is full, the path is a folder ...); the
            previous file, if any, is unchanged.

    Any other exception raised by *write* propagates, the previous file
    again unchanged.
    """
    name = os.fspath(path)
    # A link is followed, so that the file it names is replaced, not the link.
    target = os.path.realpath(path)
    if os.path.isdir(target):
        raise WriteError(name, "it is a folder")
    if os.path.exists(target) and not os.path.isfile(target):
        # A device or named pipe (/dev/null, /dev/stdout, a FIFO) is written
        # to as it is: it holds no previous content to keep, and renaming a
        # plain file over it would destroy it.
        _write_through(target, name, write)
        return
    # An unpredictable name (what secrets.token_hex gives, without importing
    # secrets and with it hashlib and random); O_EXCL refuses one that exists.
    folder, base = os.path.split(target)
    temporary = os.path.join(folder, f".{base}.{os.urandom(6).hex()}.tmp")
    try:
        # Created as a new file would be (the umask applies), never shared.
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as error:
        raise WriteError(name, _reason(error)) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        if os.path.exists(target):
            # A replaced file keeps its permissions.
            with contextlib.suppress(OSError):
                os.chmod(temporary, os.stat(target).st_mode & 0o7777)
        os.replace(temporary, target)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise WriteError(name, _reason(error)) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
