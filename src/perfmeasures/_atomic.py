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
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import IO

from ._errors import PerfmeasuresError

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


def _write_through(target: Path, name: str, write: Callable[[IO[bytes]], None]) -> None:
    try:
        with target.open("wb") as stream:
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
    target = Path(os.path.realpath(path))
    if target.is_dir():
        raise WriteError(name, "it is a folder")
    if target.exists() and not target.is_file():
        # A device or named pipe (/dev/null, /dev/stdout, a FIFO) is written
        # to as it is: it holds no previous content to keep, and renaming a
        # plain file over it would destroy it.
        _write_through(target, name, write)
        return
    temporary = target.parent / f".{target.name}.{secrets.token_hex(6)}.tmp"
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
        if target.exists():
            # A replaced file keeps its permissions.
            with contextlib.suppress(OSError):
                temporary.chmod(target.stat().st_mode & 0o7777)
        temporary.replace(target)
    except OSError as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise WriteError(name, _reason(error)) from None
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
