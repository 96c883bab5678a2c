"""Nothing lost, nothing half-written, no traceback: the CLI and JSON writers.

Failed writes are made real with a file size limit (``ulimit -f``) in a
subprocess; Ctrl-C with a real SIGINT.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

from perfmeasures import (
    FixedTarget,
    InvalidValueError,
    Measure,
    Plan,
    Polarity,
    Value,
    evaluate_plan,
)
from perfmeasures._atomic import WriteError
from perfmeasures.cli import main
from perfmeasures.examples import rotherham_2019_20
from perfmeasures.io import (
    dump_plan,
    evaluations_to_json,
    load_plan,
    plan_from_json,
    plan_to_json,
)

TIMEOUT = 120
# Small enough that every output below passes it, large enough for Python.
LIMIT = 8 * 1024


def _limit_file_size(*, ignore_signal: bool) -> Callable[[], None]:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))
        if ignore_signal:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)

    return limit


def run(
    *args: str, cwd: Path, ignore_signal: bool = True
) -> subprocess.CompletedProcess[str]:
    """Run the command under a file size limit of 8 KiB, as ``ulimit -f 8``."""
    env = os.environ | {"PYTHONIOENCODING": "utf-8", "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(  # noqa: S603 - our own interpreter and module.
        [sys.executable, "-m", "perfmeasures", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=cwd,
        timeout=TIMEOUT,
        check=False,
        preexec_fn=_limit_file_size(ignore_signal=ignore_signal),
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder holding the example plan and a previous 'output' of 37 KB."""
    dump_plan(rotherham_2019_20(), tmp_path / "plan.json")
    (tmp_path / "previous.out").write_bytes(b"previous report\n" * 2400)
    return tmp_path


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


class TestFailedWrites:
    """A write that fails leaves the previous file as it was and names the path."""

    @pytest.mark.parametrize(
        "command",
        [
            ("report", "plan.json", "--format", "html"),
            ("evaluate", "plan.json", "--format", "json"),
            ("schema",),
        ],
    )
    @pytest.mark.parametrize("ignore_signal", [True, False])
    def test_output_over_the_limit(
        self, folder: Path, command: tuple[str, ...], *, ignore_signal: bool
    ) -> None:
        """--output past ``ulimit -f`` changes nothing and says so in one line."""
        before = (folder / "previous.out").read_bytes()
        result = run(
            *command, "-o", "previous.out", cwd=folder, ignore_signal=ignore_signal
        )
        assert (2, "") == (result.returncode, result.stdout)
        assert [
            (
                "perfmeasures: previous.out: cannot be written (File too large); "
                "nothing was changed"
            )
        ] == result.stderr.splitlines()
        assert before == (folder / "previous.out").read_bytes()
        assert [] == _leftovers(folder)

    def test_convert_over_the_limit(self, folder: Path) -> None:
        """Converting to JSON past ``ulimit -f`` leaves the file it would replace."""
        before = (folder / "previous.out").read_bytes()
        result = run("convert", "plan.json", "previous.out", "--to", "json", cwd=folder)
        assert (2, "") == (result.returncode, result.stdout)
        assert [
            (
                "perfmeasures: previous.out: cannot be written (File too large); "
                "nothing was changed"
            )
        ] == result.stderr.splitlines()
        assert before == (folder / "previous.out").read_bytes()
        assert [] == _leftovers(folder)

    def test_standard_output_over_the_limit(self, folder: Path) -> None:
        """Output redirected past the limit is an error naming it, not a silent cut."""
        with (folder / "redirected.html").open("w") as out:
            result = subprocess.run(
                [sys.executable, "-m", "perfmeasures", "report", "--format", "html"],
                stdout=out,
                stderr=subprocess.PIPE,
                text=True,
                env=os.environ | {"PYTHONDONTWRITEBYTECODE": "1"},
                cwd=folder,
                timeout=TIMEOUT,
                check=False,
                preexec_fn=_limit_file_size(ignore_signal=True),
            )
        assert 2 == result.returncode
        assert [
            "perfmeasures: standard output: File too large"
        ] == result.stderr.splitlines()

    def test_missing_folder(
        self, folder: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An output in a folder that does not exist: one line naming the path."""
        target = folder / "missing" / "report.txt"
        assert 2 == main(["report", "-o", str(target)])
        assert (
            f"perfmeasures: {target}: cannot be written (No such file or directory); "
            "nothing was changed\n"
        ) == capsys.readouterr().err

    def test_interrupted_write(
        self,
        folder: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """Ctrl-C half way through writing --output leaves the previous file."""
        before = (folder / "previous.out").read_bytes()

        def half(stream: object, data: bytes) -> None:
            stream.write(data[:100])  # type: ignore[attr-defined]  # A binary file.
            raise KeyboardInterrupt

        monkeypatch.setattr("perfmeasures.cli._put", half)
        assert 130 == main(["report", "-o", str(folder / "previous.out")])
        assert "perfmeasures: interrupted\n" == capsys.readouterr().err
        assert before == (folder / "previous.out").read_bytes()
        assert [] == _leftovers(folder)

    def test_dump_plan_failure(self, folder: Path) -> None:
        """dump_plan to a path that cannot be written raises WriteError naming it."""
        with pytest.raises(WriteError) as caught:
            dump_plan(rotherham_2019_20(), folder)
        assert (str(folder), "it is a folder") == (
            caught.value.path,
            caught.value.reason,
        )


class TestInputsAreNotOutputs:
    """Writing over a file the same command reads is refused."""

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (
                ("convert", "plan.json", "plan.json"),
                (
                    "OUTPUT: 'plan.json' is the same file as INPUT 'plan.json', which "
                    "this command reads; write to another file"
                ),
            ),
            (
                ("convert", "plan.json", "./sub/../plan.json"),
                (
                    "OUTPUT: './sub/../plan.json' is the same file as INPUT 'plan.json', "
                    "which this command reads; write to another file"
                ),
            ),
            (
                ("report", "plan.json", "-o", "plan.json"),
                (
                    "argument --output: 'plan.json' is the same file as the plan file "
                    "'plan.json', which this command reads; write to another file"
                ),
            ),
            (
                ("evaluate", "link.json", "--format", "json", "-o", "plan.json"),
                (
                    "argument --output: 'plan.json' is the same file as the plan file "
                    "'link.json', which this command reads; write to another file"
                ),
            ),
            (
                ("report", "plan.json", "-o", "link.json"),
                (
                    "argument --output: 'link.json' is the same file as the plan file "
                    "'plan.json', which this command reads; write to another file"
                ),
            ),
        ],
    )
    def test_refused(
        self,
        folder: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
        args: tuple[str, ...],
        message: str,
    ) -> None:
        """Exit status 2, one line, and the plan file untouched."""
        (folder / "sub").mkdir()
        (folder / "link.json").symlink_to("plan.json")
        monkeypatch.chdir(folder)
        before = (folder / "plan.json").read_bytes()
        assert 2 == main(list(args))
        assert (f"perfmeasures: {message}\n", "") == (
            capsys.readouterr().err,
            capsys.readouterr().out,
        )
        assert before == (folder / "plan.json").read_bytes()

    def test_another_file_is_fine(self, folder: Path) -> None:
        """An output that is not an input is written."""
        assert 0 == main(["convert", str(folder / "plan.json"), str(folder / "b.json")])
        assert rotherham_2019_20() == load_plan(folder / "b.json")


SLOW = textwrap.dedent(
    """
    import sys, time
    import perfmeasures.cli as cli

    def slow(*args, **kwargs):
        sys.stderr.write("ready\\n")
        sys.stderr.flush()
        time.sleep(60)

    cli.evaluate_plan = slow
    sys.exit(cli.main(["evaluate"]))
    """
)


class TestInterrupted:
    """Ctrl-C ends the command with status 130 and one line."""

    def test_while_the_package_imports(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Ctrl-C before main() runs, while the package loads: still one line.

        The console script imported perfmeasures.cli itself, so a Ctrl-C in
        its first tens of milliseconds ended with a traceback.
        """
        import importlib.abc  # noqa: PLC0415

        import _perfmeasures_cli  # noqa: PLC0415

        class Interrupting(importlib.abc.MetaPathFinder):
            def find_spec(self, name: str, *_: object) -> None:
                if name == "perfmeasures.cli":
                    raise KeyboardInterrupt

        monkeypatch.delitem(sys.modules, "perfmeasures.cli")
        monkeypatch.setattr(sys, "meta_path", [Interrupting(), *sys.meta_path])
        assert 130 == _perfmeasures_cli.main()
        assert ("", "perfmeasures: interrupted\n") == capsys.readouterr()

    def test_console_script_enters_outside_the_package(self) -> None:
        """The installed command starts from the module that catches it."""
        from importlib.metadata import entry_points  # noqa: PLC0415

        (script,) = entry_points(group="console_scripts", name="perfmeasures")
        assert "_perfmeasures_cli:main" == script.value

    def test_sigint(self, tmp_path: Path) -> None:
        """A real SIGINT: exit status 130, 'interrupted', no traceback."""
        script = tmp_path / "slow.py"
        script.write_text(SLOW, encoding="utf-8")
        with subprocess.Popen(  # noqa: S603 - our own interpreter and script.
            [sys.executable, str(script)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        ) as process:
            assert process.stderr is not None
            assert "ready\n" == process.stderr.readline()
            process.send_signal(signal.SIGINT)
            out, err = process.communicate(timeout=TIMEOUT)
        assert (130, "", "perfmeasures: interrupted\n") == (
            process.returncode,
            out,
            err,
        )

    def test_keyboard_interrupt(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """KeyboardInterrupt anywhere in a command becomes status 130."""

        def interrupted(*_: object, **__: object) -> None:
            raise KeyboardInterrupt

        monkeypatch.setattr("perfmeasures.cli.evaluate_plan", interrupted)
        assert 130 == main(["evaluate"])
        assert ("", "perfmeasures: interrupted\n") == capsys.readouterr()


def _chain(levels: int) -> Plan:
    """A plan whose one measure has parts within parts, *levels* deep."""
    measure = Measure(
        ref=f"M{levels}",
        title="Innermost",
        polarity=Polarity.HIGHER_IS_BETTER,
        values={"Q1 2019/20": Value.of(1)},
        targets={"2019/20": FixedTarget(5)},
    )
    for level in range(levels - 1, -1, -1):
        measure = Measure(
            ref=f"M{level}",
            title="Part",
            polarity=Polarity.HIGHER_IS_BETTER,
            components=(measure,),
            targets={"2019/20": FixedTarget(5)},
        )
    return Plan(title="Deep", measures=(measure,))


class TestDumpsWhatItLoads:
    """What plan_to_json writes, plan_from_json reads with its defaults."""

    def test_deepest_that_loads(self) -> None:
        """Parts 29 deep make a document of 63 levels, which loads back."""
        plan = _chain(29)
        assert plan == plan_from_json(plan_to_json(plan))

    @pytest.mark.parametrize("levels", [30, 100, 300])
    def test_deeper_is_refused(self, levels: int) -> None:
        """Deeper parts are refused where they start, not RecursionError."""
        with pytest.raises(InvalidValueError) as caught:
            plan_to_json(_chain(levels))
        assert caught.value.field.startswith("$.measures[0]" + ".components[0]" * 29)
        assert (
            65,
            "nested at most 64 levels deep, the most the loaders read by default",
        ) == (caught.value.value, caught.value.expected)

    def test_refused_dump_writes_nothing(self, tmp_path: Path) -> None:
        """dump_plan refuses before touching the file."""
        target = tmp_path / "deep.json"
        target.write_bytes(b"before")
        with pytest.raises(InvalidValueError):
            dump_plan(_chain(100), target)
        assert (b"before", ["deep.json"]) == (
            target.read_bytes(),
            [p.name for p in tmp_path.iterdir()],
        )

    def test_evaluations_deeper_are_refused(self) -> None:
        """Evaluations of parts nested too deep are refused as plans are."""
        evaluations = evaluate_plan(rotherham_2019_20(), "Q1 2019/20")
        nested = evaluations.evaluations[0]
        for _ in range(100):
            nested = attrs.evolve(nested, components=(nested,))
        deep = attrs.evolve(evaluations, evaluations=(nested,))
        with pytest.raises(InvalidValueError) as caught:
            evaluations_to_json(deep)
        assert caught.value.field.startswith("$.evaluations[0].components[0]")

    def test_three_hundred_deep_in_memory(self) -> None:
        """Parts 300 deep build, compare, print, hash and evaluate without overflow."""
        plan, again = _chain(300), _chain(300)
        assert plan == again
        assert hash(plan) == hash(again)
        assert "<Plan 'Deep': 1 measure>" == repr(plan)
        assert "Q1 2019/20" == evaluate_plan(plan, "Q1 2019/20").period.label

    @pytest.mark.parametrize("figure", ["1e999999", "1E+15", "1E-29"])
    def test_figures_the_loader_refuses_are_refused_at_construction(
        self, figure: str
    ) -> None:
        """A figure no plan file can hold cannot be put in a plan either."""
        with pytest.raises(InvalidValueError, match=r"below 1E\+15"):
            Value.of(figure)

    @pytest.mark.parametrize(
        "figure",
        ["999999999999999.9999999999999", "1E-28", "-0.0000000000000000000000000001"],
    )
    def test_extreme_figures_round_trip(self, figure: str) -> None:
        """The largest and smallest figures accepted dump and load unchanged."""
        plan = Plan(
            title="Extremes",
            measures=(
                Measure(
                    ref="X",
                    title="Extreme",
                    polarity=Polarity.HIGHER_IS_BETTER,
                    values={"Q1 2019/20": Value.of(figure)},
                ),
            ),
        )
        assert plan == plan_from_json(plan_to_json(plan))


class TestOutOfMemory:
    """Running out of memory is said in one line, not as an internal error."""

    def test_memory_error(
        self,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
        tmp_path: Path,
    ) -> None:
        """A MemoryError while reading: exit 2 and advice, no 'internal error'."""
        import perfmeasures.io  # noqa: PLC0415

        def exhausted(*_: object, **__: object) -> None:
            raise MemoryError

        path = tmp_path / "plan.json"
        dump_plan(rotherham_2019_20(), path)
        monkeypatch.setattr(perfmeasures.io, "read_plan", exhausted)
        assert 2 == main(["validate", str(path)])
        err = capsys.readouterr().err
        assert err.startswith("perfmeasures: ran out of memory")
        assert "--max-bytes" in err
        assert 1 == len(err.splitlines())


class TestStandardOutput:
    """'-o -' is standard output, as convert's OUTPUT '-' is."""

    def test_dash(
        self,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """No file named '-' is written; the report goes to standard output."""
        monkeypatch.chdir(tmp_path)
        assert 0 == main(["report", "-o", "-"])
        assert capsys.readouterr().out.startswith("Council Plan 2019/20")
        assert not (tmp_path / "-").exists()
