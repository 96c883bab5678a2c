"""replace_atomically: whole files or none, links kept, devices never replaced."""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO

import pytest

from perfmeasures._atomic import WriteError, replace_atomically


def _content(data: bytes) -> Callable[[IO[bytes]], None]:
    def write(stream: IO[bytes]) -> None:
        stream.write(data)

    return write


def test_new_file_gets_the_usual_mode(tmp_path: Path) -> None:
    """A new file is made as any new file is: the umask applies."""
    path = tmp_path / "new.txt"
    replace_atomically(path, _content(b"new"))
    mask = os.umask(0o22)
    os.umask(mask)
    assert (b"new", 0o666 & ~mask) == (
        path.read_bytes(),
        stat.S_IMODE(path.stat().st_mode),
    )


def test_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    """A replaced file keeps its permissions."""
    path = tmp_path / "old.txt"
    path.write_bytes(b"old")
    path.chmod(0o600)
    replace_atomically(path, _content(b"new"))
    assert (b"new", 0o600) == (path.read_bytes(), stat.S_IMODE(path.stat().st_mode))


def test_a_link_is_followed_and_kept(tmp_path: Path) -> None:
    """The file a link names is replaced; the link stays a link."""
    real = tmp_path / "real.txt"
    real.write_bytes(b"old")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    replace_atomically(link, _content(b"new"))
    assert (True, b"new") == (link.is_symlink(), real.read_bytes())


def test_a_failure_keeps_the_old_file(tmp_path: Path) -> None:
    """An interrupted write leaves the old file and no temporary file."""
    path = tmp_path / "old.txt"
    path.write_bytes(b"old")

    def fail(stream: IO[bytes]) -> None:
        stream.write(b"half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        replace_atomically(path, fail)
    assert ([path], b"old") == (list(tmp_path.iterdir()), path.read_bytes())


def test_a_named_pipe_is_written_to_not_replaced(tmp_path: Path) -> None:
    """A named pipe gets the content and stays a pipe."""
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    replace_atomically(pipe, _content(b"through"))
    reader.join(timeout=10)
    assert ([b"through"], True) == (received, stat.S_ISFIFO(pipe.stat().st_mode))


def test_a_device_is_written_to_not_replaced() -> None:
    """A device is written to, never renamed over (even as root)."""
    replace_atomically("/dev/null", _content(b"nothing"))
    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)


@pytest.mark.parametrize("where", ["folder", "missing/file.txt"])
def test_unwritable_places_name_the_path(tmp_path: Path, where: str) -> None:
    """A folder or a missing folder is a WriteError naming the path."""
    target = tmp_path / where
    if where == "folder":
        target.mkdir()
    with pytest.raises(WriteError, match=f"^{target}: cannot be written"):
        replace_atomically(target, _content(b"x"))
