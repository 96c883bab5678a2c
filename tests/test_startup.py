"""What loads when: the core without the readers, writers and reports.

``import perfmeasures`` defines the model and the rating functions and
nothing else: :mod:`perfmeasures.io` (and cattrs with it),
:mod:`perfmeasures.reports`, the presets and the plan checks load when first
used, as do the submodules of ``io`` and ``reports``.  The command line
builds its parser from the core alone, so that ``--help`` and ``--version``
answer without loading a report or a reader.  Each check runs in a fresh
interpreter, which is the only place where what an import loads shows.
No test here measures time.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import perfmeasures
from perfmeasures import cli, io, reports
from perfmeasures.examples import REPORT_PERIOD, rotherham_2019_20
from perfmeasures.reports import _words

# The report types and their builders: none is needed to write a set of
# evaluations, in any format.
_REPORT_TYPES = (
    "perfmeasures.reports._exceptions",
    "perfmeasures.reports._kinds",
    "perfmeasures.reports._outlook",
    "perfmeasures.reports._reconcile",
    "perfmeasures.reports._report",
    "perfmeasures.reports._tables",
)

# Loaded only when used: never by ``import perfmeasures`` alone.
_NOT_AT_IMPORT = (
    "perfmeasures.io",
    "perfmeasures.reports",
    "perfmeasures.presets",
    "perfmeasures.examples",
    "perfmeasures._audit",
    "perfmeasures.strategies",
    "cattrs",
    "importlib.metadata",
    "dateutil",
    "secrets",
    "pathlib",
)


def _loaded_by(*code: str) -> set[str]:
    """The modules that running *code* in a fresh interpreter imports.

    Modules the interpreter had loaded before the code ran (by ``site``, by
    a ``.pth`` file) are left out: what is asked is what perfmeasures loads.
    """
    script = "\n".join(
        [
            "import sys",
            "before = set(sys.modules)",
            *code,
            "sys.stdout.write('\\n'.join(sorted(set(sys.modules) - before)))",
        ]
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter.
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (0, "") == (result.returncode, result.stderr)
    return set(result.stdout.split("\n"))


def _cli(*argv: str, status: int = 0) -> str:
    """Code that runs the command line with *argv*, its output discarded."""
    return "\n".join(
        [
            "import contextlib, io",
            "from perfmeasures.cli import main",
            "with contextlib.redirect_stdout(io.StringIO()):",
            "    with contextlib.redirect_stderr(io.StringIO()):",
            f"        status = main({list(argv)!r})",
            f"assert status == {status}, status",
        ]
    )


class TestImport:
    """``import perfmeasures`` loads the core and nothing it can do without."""

    def test_core_alone(self) -> None:
        loaded = _loaded_by("import perfmeasures")
        assert {"perfmeasures", "perfmeasures._evaluate", "attrs"} <= loaded
        assert set() == loaded & set(_NOT_AT_IMPORT)

    def test_core_names_are_defined_at_import(self) -> None:
        # What users pay the import for is there without a lazy look-up.
        loaded = _loaded_by(
            "import perfmeasures",
            "names = vars(perfmeasures)",
            "for name in ('Measure', 'Plan', 'evaluate', 'evaluate_plan', 'Status'):",
            "    assert name in names, name",
        )
        assert "perfmeasures.io" not in loaded

    def test_io_package_alone(self) -> None:
        loaded = _loaded_by("import perfmeasures.io")
        assert "perfmeasures.io" in loaded
        assert not {m for m in loaded if m.startswith("perfmeasures.io.")}
        assert "cattrs" not in loaded

    def test_reading_json_leaves_tables_and_sheets_alone(self) -> None:
        loaded = _loaded_by("from perfmeasures.io import load_plan")
        assert "perfmeasures.io._json._documents" in loaded
        assert not {
            m
            for m in loaded
            if m.startswith(("perfmeasures.io._tables", "perfmeasures.io._sheets"))
        }
        assert {"perfmeasures.io._pandas", "pandas", "openpyxl"}.isdisjoint(loaded)

    @pytest.mark.parametrize("io_name", ["read_plan", "load_plan"])
    def test_reading_a_json_plan_leaves_tables_and_sheets_alone(
        self, tmp_path: Path, io_name: str
    ) -> None:
        path = tmp_path / "plan.json"
        io.dump_plan(rotherham_2019_20(), path)
        loaded = _loaded_by(
            f"from perfmeasures.io import {io_name}",
            f"plan = {io_name}({str(path)!r})",
            "assert plan.measures",
        )
        assert "perfmeasures.io._json._documents" in loaded
        assert set() == _tables_and_sheets(loaded)

    def test_writing_a_json_plan_leaves_tables_and_sheets_alone(
        self, tmp_path: Path
    ) -> None:
        path = tmp_path / "plan.json"
        loaded = _loaded_by(
            "from perfmeasures.examples import rotherham_2019_20",
            "from perfmeasures.io import write_plan",
            f"assert write_plan(rotherham_2019_20(), {str(path)!r}).value == 'json'",
        )
        assert path.stat().st_size > 0
        assert set() == _tables_and_sheets(loaded)

    def test_reading_a_table_loads_its_reader(self, tmp_path: Path) -> None:
        # The other side of the two tests above: the readers load when used.
        path = tmp_path / "plan.csv"
        io.write_plan(rotherham_2019_20(), path)
        loaded = _loaded_by(
            "from perfmeasures.io import read_plan",
            f"assert read_plan({str(path)!r}).measures",
        )
        assert {
            "perfmeasures.io._sheets._read",
            "perfmeasures.io._tables._long",
        } <= loaded

    def test_reports_package_alone(self) -> None:
        loaded = _loaded_by("import perfmeasures.reports")
        assert "perfmeasures.reports" in loaded
        assert not {m for m in loaded if m.startswith("perfmeasures.reports.")}

    def test_text_rendering_leaves_html_alone(self) -> None:
        loaded = _loaded_by("from perfmeasures.reports import to_text")
        assert "perfmeasures.reports._text" in loaded
        assert {"perfmeasures.reports._html", "perfmeasures.io"}.isdisjoint(loaded)
        assert set() == loaded & set(_REPORT_TYPES)

    @pytest.mark.parametrize("renderer", ["to_text", "to_markdown", "to_html"])
    def test_evaluations_rendered_without_report_types(self, renderer: str) -> None:
        loaded = _loaded_by(
            "from perfmeasures import evaluate_plan",
            "from perfmeasures.examples import REPORT_PERIOD, rotherham_2019_20",
            f"from perfmeasures.reports import {renderer}",
            f"assert {renderer}(evaluate_plan(rotherham_2019_20(), REPORT_PERIOD))",
        )
        assert set() == loaded & set(_REPORT_TYPES)

    @pytest.mark.parametrize("renderer", ["to_text", "to_markdown", "to_html"])
    def test_a_report_loads_the_report_types(self, renderer: str) -> None:
        # The other side: a report of another kind still finds its type.
        loaded = _loaded_by(
            "from perfmeasures.examples import REPORT_PERIOD, rotherham_2019_20",
            f"from perfmeasures.reports import {renderer}, year_end_outlook",
            "outlook = year_end_outlook(rotherham_2019_20(), REPORT_PERIOD)",
            f"assert 'outlook' in {renderer}(outlook).casefold()",
        )
        assert "perfmeasures.reports._outlook" in loaded


class TestCommandLine:
    """The parser is built from the core; each command loads what it uses."""

    @pytest.mark.parametrize("option", ["--version", "--help"])
    def test_help_and_version(self, option: str) -> None:
        loaded = _loaded_by(_cli(option))
        assert "perfmeasures.cli" in loaded
        assert {
            "perfmeasures.io",
            "perfmeasures.reports",
            "perfmeasures.examples",
            "cattrs",
            "json",
            "pathlib",
            "secrets",
        }.isdisjoint(loaded)

    def test_usage_error(self) -> None:
        loaded = _loaded_by(_cli("evaluate", "--format", "nothing", status=2))
        assert {"perfmeasures.io", "perfmeasures.reports"}.isdisjoint(loaded)

    def test_evaluate_as_text(self) -> None:
        # The bundled example, rated and written as text: no reader, no
        # writer, no other renderer.
        loaded = _loaded_by(_cli("evaluate"))
        assert {"perfmeasures.examples", "perfmeasures.reports._text"} <= loaded
        assert {
            "perfmeasures.io",
            "perfmeasures.reports._html",
            "perfmeasures.reports._markdown",
            "cattrs",
            "pathlib",
            "secrets",
            *_REPORT_TYPES,
        }.isdisjoint(loaded)

    def test_evaluate_as_json(self) -> None:
        loaded = _loaded_by(_cli("evaluate", "--format", "json"))
        assert "perfmeasures.io._json._documents" in loaded
        assert "perfmeasures.reports" not in loaded


def _tables_and_sheets(loaded: set[str]) -> set[str]:
    """The modules of the table and spreadsheet readers and writers in *loaded*."""
    return {
        m
        for m in loaded
        if m.startswith(("perfmeasures.io._tables", "perfmeasures.io._sheets"))
    } | (loaded & {"perfmeasures.io._pandas", "pandas", "openpyxl"})


def _public(module: ModuleType) -> list[str]:
    return list(module.__all__)


class TestLazyNames:
    """A name loaded when first used is the same as one imported at once."""

    @pytest.mark.parametrize(
        ("module", "name"),
        [(m, n) for m in (perfmeasures, io, reports) for n in _public(m)],
        ids=lambda value: value.__name__ if isinstance(value, ModuleType) else value,
    )
    def test_every_public_name(self, module: ModuleType, name: str) -> None:
        value = getattr(module, name)
        assert name in dir(module)
        namespace: dict[str, object] = {}
        exec(f"from {module.__name__} import {name} as found", namespace)  # noqa: S102
        assert value is namespace["found"]

    @pytest.mark.parametrize("module", [perfmeasures, io, reports])
    def test_unknown_name(self, module: ModuleType) -> None:
        with pytest.raises(AttributeError, match="has no attribute 'nothing_here'"):
            _ = module.nothing_here

    @pytest.mark.parametrize("module", [perfmeasures, io, reports])
    def test_dir_lists_every_public_name(self, module: ModuleType) -> None:
        assert set(module.__all__) <= set(dir(module))

    def test_presets_module(self) -> None:
        from perfmeasures import presets  # noqa: PLC0415

        assert presets is perfmeasures.presets
        assert isinstance(presets, ModuleType)
        assert "maidstone" in presets.names()


class TestCommandLineConstants:
    """What the command line spells out, to avoid loading a module for it."""

    def test_formats_are_the_report_formats(self) -> None:
        assert tuple(f.value for f in reports.Format) == cli._FORMATS

    def test_each_format_has_the_renderer_render_uses(self) -> None:
        for fmt, name in cli._RENDERERS.items():
            assert name == f"to_{fmt}"
            assert callable(getattr(reports, name))

    def test_plan_formats_are_the_readers_formats(self) -> None:
        assert tuple(f.value for f in io.PlanFormat) == cli._PLAN_FORMATS

    def test_example_period(self) -> None:
        assert str(REPORT_PERIOD) == cli._EXAMPLE_PERIOD

    def test_selections_name_selection_constructors(self) -> None:
        for name in cli._SELECTIONS.values():
            assert isinstance(getattr(reports.Selection, name)(), reports.Selection)


class TestRendererWords:
    """The renderers' words, keyed by value so that no report type loads for them."""

    def test_every_prospect_has_words(self) -> None:
        words = {p: _words.prospect_words(p) for p in reports.Prospect}
        assert "Off course" == words[reports.Prospect.OFF_COURSE]
        assert all(words.values())
        assert len(set(words.values())) == len(words)

    def test_every_cause_has_words(self) -> None:
        words = {c: _words.cause_words(c) for c in reports.Cause}
        assert "missing comparator" == words[reports.Cause.MISSING_COMPARATOR]
        assert all(words.values())
        assert len(set(words.values())) == len(words)


class TestTerminalWidth:
    """Help is as wide as argparse makes it, without importing shutil."""

    @pytest.mark.parametrize(
        ("columns", "expected"),
        [("120", 120), ("40", 40), ("0", 80), ("-3", 80), ("wide", 80)],
    )
    def test_columns(
        self, monkeypatch: pytest.MonkeyPatch, columns: str, expected: int
    ) -> None:
        # Standard output under pytest is no terminal: 80 when COLUMNS is not
        # a positive number, as shutil.get_terminal_size says.
        monkeypatch.setenv("COLUMNS", columns)
        monkeypatch.setattr(sys, "__stdout__", None)
        assert expected == cli._columns()

    def test_without_columns(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import shutil  # noqa: PLC0415

        monkeypatch.delenv("COLUMNS", raising=False)
        assert shutil.get_terminal_size().columns == cli._columns()

    def test_help_as_argparse_writes_it(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("COLUMNS", "60")
        parser = cli._parser()
        ours = parser.format_help()
        parser.formatter_class = argparse.HelpFormatter
        assert parser.format_help() == ours

    def test_width_given(self) -> None:
        formatter = cli._Formatter("perfmeasures", width=50)
        assert 50 == formatter._width
