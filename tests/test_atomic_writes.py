"""Tests for table writers that never lose a file: whole or not at all.

Every table writer and export given a path writes through
:func:`perfmeasures._atomic.replace_atomically`; a failed write (a full
disk, a file size limit, an exception half way, a missing or read-only
folder, a folder as the target) leaves the previous file byte for byte,
leaves no temporary file, and raises a :class:`~perfmeasures.WriteError`
naming the path.
"""

from __future__ import annotations

import errno
import io
import os
import stat
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import pytest

from perfmeasures import evaluate_plan
from perfmeasures._atomic import WriteError
from perfmeasures.examples import REPORT_PERIOD, rotherham_2019_20
from perfmeasures.io import (
    write_evaluations_csv,
    write_evaluations_xlsx,
    write_long_csv,
    write_long_xlsx,
    write_wide_csv,
    write_wide_xlsx,
)
from perfmeasures.io._sheets._write import write_csv_rows, write_xlsx_rows

SEED = rotherham_2019_20()
EVALUATIONS = evaluate_plan(SEED, REPORT_PERIOD)
PREVIOUS = b"the previous file, which must survive\n"

Writer = Callable[[Any], None]

WRITERS: dict[str, Writer] = {
    "csv_rows": lambda t: write_csv_rows(t, [["a", "b"], ["=1", "x\ry"]]),
    "xlsx_rows": lambda t: write_xlsx_rows(t, [["a", "b"], ["=1", "x\ry"]]),
    "long_csv": lambda t: write_long_csv(SEED, t),
    "long_xlsx": lambda t: write_long_xlsx(SEED, t),
    "wide_csv": lambda t: write_wide_csv(SEED, t),
    "wide_xlsx": lambda t: write_wide_xlsx(SEED, t),
    "evaluations_csv": lambda t: write_evaluations_csv(EVALUATIONS, t, plan=SEED),
    "evaluations_xlsx": lambda t: write_evaluations_xlsx(EVALUATIONS, t, plan=SEED),
}
EACH_WRITER = pytest.mark.parametrize("name", sorted(WRITERS))


class _Failing(io.RawIOBase):
    """A file that takes *room* bytes, then raises *error* (a disk filling up)."""

    def __init__(self, inner: IO[bytes], room: int, error: BaseException) -> None:
        self.inner = inner
        self.room = room
        self.error = error

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)[: self.room]
        self.inner.write(chunk)
        self.inner.flush()
        self.room -= len(chunk)
        if len(chunk) < len(data):
            raise self.error
        return len(chunk)

    def fileno(self) -> int:
        return self.inner.fileno()

    def flush(self) -> None:
        self.inner.flush()

    def close(self) -> None:
        if not self.closed:
            super().close()
            self.inner.close()


def fail_writes(monkeypatch: pytest.MonkeyPatch, error: BaseException) -> None:
    """Make every file the atomic writer opens fail after 8 bytes."""
    real = os.fdopen

    def fdopen(fd: int, *args: Any, **kwargs: Any) -> IO[bytes]:
        return _Failing(real(fd, *args, **kwargs), 8, error)  # type: ignore[return-value]  # A binary file, as used.

    monkeypatch.setattr(os, "fdopen", fdopen)


def previous(tmp_path: Path) -> Path:
    """A file already at the target, to be replaced or kept."""
    target = tmp_path / "out.file"
    target.write_bytes(PREVIOUS)
    return target


def assert_kept(target: Path) -> None:
    """The previous file is byte-identical and alone in its folder."""
    assert (PREVIOUS, [target.name]) == (
        target.read_bytes(),
        sorted(p.name for p in target.parent.iterdir()),
    )


class TestReplaced:
    """A write that succeeds replaces the file whole."""

    @EACH_WRITER
    def test_replaced(self, name: str, tmp_path: Path) -> None:
        """The file holds what a stream would have been given, and nothing is left over."""
        target = previous(tmp_path)
        WRITERS[name](target)
        stream = io.BytesIO()
        WRITERS[name](stream)
        if "xlsx" in name:
            # Workbooks carry the time they were made; compare their cells.
            assert target.read_bytes()[:2] == b"PK"
        else:
            assert stream.getvalue() == target.read_bytes()
        assert [target.name] == [p.name for p in tmp_path.iterdir()]

    @EACH_WRITER
    def test_text_stream(self, name: str) -> None:
        """A writer given an open file writes to it, and leaves it open."""
        if "xlsx" in name:
            stream: IO[Any] = io.BytesIO()
        else:
            stream = io.StringIO()
        WRITERS[name](stream)
        assert (False, True) == (stream.closed, len(stream.getvalue()) > 0)  # type: ignore[attr-defined]  # Both have getvalue.


class TestFailed:
    """A write that fails leaves the previous file as it was."""

    @EACH_WRITER
    def test_full_disk(
        self, name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A full disk half way through: WriteError naming the path, the file kept."""
        target = previous(tmp_path)
        fail_writes(monkeypatch, OSError(errno.ENOSPC, "No space left on device"))
        with pytest.raises(WriteError) as caught:
            WRITERS[name](target)
        monkeypatch.undo()
        assert (str(target), "No space left on device") == (
            caught.value.path,
            caught.value.reason,
        )
        assert str(caught.value).startswith(f"{target}: cannot be written")
        assert_kept(target)

    @EACH_WRITER
    def test_exception_mid_write(
        self, name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """An exception (here Ctrl-C) half way propagates, and the file is kept."""
        target = previous(tmp_path)
        fail_writes(monkeypatch, KeyboardInterrupt())
        with pytest.raises(KeyboardInterrupt):
            WRITERS[name](target)
        monkeypatch.undo()
        assert_kept(target)

    @EACH_WRITER
    def test_missing_folder(self, name: str, tmp_path: Path) -> None:
        """A folder that does not exist: WriteError naming the path."""
        target = tmp_path / "missing" / "out.file"
        with pytest.raises(WriteError) as caught:
            WRITERS[name](target)
        assert (str(target), []) == (
            caught.value.path,
            [p.name for p in tmp_path.iterdir()],
        )

    @EACH_WRITER
    @pytest.mark.skipif(
        not hasattr(os, "geteuid") or os.geteuid() == 0,
        reason="root writes to read-only folders",
    )
    def test_read_only_folder(self, name: str, tmp_path: Path) -> None:
        """A read-only folder: WriteError naming the path, the file kept."""
        target = previous(tmp_path)
        tmp_path.chmod(0o555)
        try:
            with pytest.raises(WriteError) as caught:
                WRITERS[name](target)
        finally:
            tmp_path.chmod(0o755)
        assert str(target) == caught.value.path
        assert_kept(target)

    @EACH_WRITER
    def test_folder_as_target(self, name: str, tmp_path: Path) -> None:
        """A folder as the target: WriteError naming it, the folder untouched."""
        target = tmp_path / "folder"
        target.mkdir()
        with pytest.raises(WriteError) as caught:
            WRITERS[name](target)
        assert (str(target), "it is a folder", []) == (
            caught.value.path,
            caught.value.reason,
            list(target.iterdir()),
        )


class TestSpecialFiles:
    """A device or named pipe as the target is written to, never replaced."""

    @pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX named pipes")
    @pytest.mark.parametrize("name", ["csv_rows", "long_csv", "evaluations_xlsx"])
    def test_named_pipe(self, name: str, tmp_path: Path) -> None:
        """The pipe stays a pipe, and its reader gets the whole file."""
        pipe = tmp_path / "pipe"
        os.mkfifo(pipe)
        received: list[bytes] = []
        reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
        reader.start()
        try:
            WRITERS[name](pipe)
        finally:
            reader.join(timeout=60)
        expected = io.BytesIO()
        WRITERS[name](expected)
        assert (True, [pipe.name]) == (
            stat.S_ISFIFO(pipe.lstat().st_mode),
            [p.name for p in tmp_path.iterdir()],
        )
        if "xlsx" in name:
            assert received[0][:2] == b"PK"
        else:
            assert [expected.getvalue()] == received


_CHILD = """
import resource, signal, sys
from pathlib import Path
from perfmeasures import evaluate_plan
from perfmeasures.examples import REPORT_PERIOD, rotherham_2019_20
from perfmeasures.io import write_evaluations_xlsx, write_long_csv, write_long_xlsx

# As `ulimit -f 8`: files may grow to 8 KiB, and a larger write fails with
# EFBIG rather than killing the process.
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (8192, 8192))
plan = rotherham_2019_20()
writers = {
    "long_csv": lambda t: write_long_csv(plan, t),
    "long_xlsx": lambda t: write_long_xlsx(plan, t),
    "evaluations_xlsx": lambda t: write_evaluations_xlsx(
        evaluate_plan(plan, REPORT_PERIOD), t, plan=plan
    ),
}
try:
    writers[sys.argv[1]](Path(sys.argv[2]))
except OSError as error:
    print(type(error).__name__, error)
else:
    print("written")
"""


class TestFileSizeLimit:
    """A real file size limit (``ulimit -f 8``) in a child process."""

    @pytest.mark.skipif(sys.platform == "win32", reason="POSIX resource limits")
    @pytest.mark.parametrize("name", ["long_csv", "long_xlsx", "evaluations_xlsx"])
    def test_ulimit(self, name: str, tmp_path: Path) -> None:
        """Finding 4: the previous file is kept, and the error is one clean line."""
        target = previous(tmp_path)
        done = subprocess.run(  # noqa: S603 - this interpreter, a fixed script.
            [sys.executable, "-c", _CHILD, name, str(target)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert (
            0,
            (
                f"WriteError {target}: cannot be written (File too large); "
                "nothing was changed\n"
            ),
            "",
        ) == (done.returncode, done.stdout, done.stderr)
        assert_kept(target)


_XLSX_CHILD = """
import sys
from perfmeasures.io._sheets._write import write_xlsx_rows
try:
    write_xlsx_rows(sys.argv[1], [["a", "b"], ["c", "d"]])
except OSError as error:
    print(type(error).__name__, error)
"""


class TestNoStrayOutput:
    """Finding 4: a failed workbook write prints nothing of openpyxl's own."""

    @pytest.mark.parametrize("where", ["missing/out.xlsx", "folder", "/dev/full"])
    def test_no_exception_ignored(self, where: str, tmp_path: Path) -> None:
        """One WriteError, and no 'Exception ignored' traceback at exit."""
        (tmp_path / "folder").mkdir()
        target = where if where.startswith("/") else str(tmp_path / where)
        if where == "/dev/full" and (
            not Path(where).is_char_device() or os.geteuid() == 0
        ):
            # Root may create files in /dev: were the device not written as
            # a device, this test would put a plain file in its place.
            pytest.skip("needs /dev/full, and a user who cannot replace it")
        done = subprocess.run(  # noqa: S603 - this interpreter, a fixed script.
            [sys.executable, "-c", textwrap.dedent(_XLSX_CHILD), target],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert ("", True) == (
            done.stderr,
            done.stdout.startswith(f"WriteError {target}: cannot be written"),
        )
