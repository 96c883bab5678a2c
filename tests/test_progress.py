"""Progress on standard error for long command-line work (issue 12)."""

from __future__ import annotations

import io
import threading
import time
from pathlib import Path

import pytest

from perfmeasures import _progress
from perfmeasures.cli import main
from perfmeasures.examples import rotherham_2019_20
from perfmeasures.io import dump_plan


class Terminal(io.StringIO):
    """A standard error that says it is a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Show every stage at once, and redraw its clock often."""
    monkeypatch.setattr(_progress, "DELAY", 0.0)
    monkeypatch.setattr(_progress, "_TICK", 0.01)
    monkeypatch.delenv("TERM", raising=False)


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    """The bundled example as a JSON plan file."""
    path = tmp_path / "plan.json"
    dump_plan(rotherham_2019_20(), path)
    return path


@pytest.mark.usefixtures("at_once")
class TestStage:
    """_progress.stage draws on a terminal only, and clears its line."""

    def test_counted(self) -> None:
        """A stage with a size shows a bar with the count."""
        stream = Terminal()
        with _progress.stage("rating", stream, total=4, unit="measure") as done:
            for _ in range(4):
                done(1)
        text = stream.getvalue()
        assert "rating:   0%|" in text
        assert "0/4 [" in text

    def test_clock(self) -> None:
        """A stage without a size redraws the time it has taken."""
        stream = Terminal()
        with _progress.stage("reading plan.xlsx", stream):
            deadline = time.monotonic() + 5
            while stream.getvalue().count("reading plan.xlsx") < 2:
                assert time.monotonic() < deadline, stream.getvalue()
                time.sleep(0.01)
        assert "reading plan.xlsx: 00:0" in stream.getvalue()
        assert not any(t.name == "perfmeasures-progress" for t in threading.enumerate())

    @pytest.mark.parametrize("quiet", [True, False])
    def test_silent(self, quiet: bool, monkeypatch: pytest.MonkeyPatch) -> None:
        """Quiet, or not a terminal, or a dumb terminal: nothing drawn."""
        stream = Terminal() if quiet else io.StringIO()
        with _progress.stage("reading", stream, quiet=quiet, total=2) as done:
            done(2)
        assert "" == stream.getvalue()
        monkeypatch.setenv("TERM", "dumb")
        stream = Terminal()
        with _progress.stage("reading", stream):
            pass
        assert "" == stream.getvalue()

    def test_error_clears_the_line(self) -> None:
        """An error in the stage still ends it, and passes on."""
        stream = Terminal()
        with (
            pytest.raises(RuntimeError),
            _progress.stage("reading", stream),
        ):
            raise RuntimeError
        assert not any(t.name == "perfmeasures-progress" for t in threading.enumerate())


@pytest.mark.usefixtures("at_once")
class TestCommands:
    """The commands show their stages on a terminal, and --quiet silences them."""

    def test_stages(
        self, plan_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Reading, rating and writing are each named."""
        stream = Terminal()
        monkeypatch.setattr("sys.stderr", stream)
        out = tmp_path / "report.html"
        assert 0 == main(["report", str(plan_file), "--format", "html", "-o", str(out)])
        text = stream.getvalue()
        assert f"reading {plan_file}" in text
        assert "rating 10 measures" in text
        assert f"writing {out}" in text

    @pytest.mark.parametrize("flag", ["--quiet", "-q"])
    def test_quiet(
        self,
        flag: str,
        plan_file: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """--quiet: nothing on standard error."""
        stream = Terminal()
        monkeypatch.setattr("sys.stderr", stream)
        assert 0 == main(["validate", str(plan_file), flag])
        assert "" == stream.getvalue()
        assert "a valid plan" in capsys.readouterr().out
