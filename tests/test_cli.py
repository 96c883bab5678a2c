"""Tests for the ``perfmeasures`` command, run as a user runs it: a subprocess."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from perfmeasures import Measure, Plan, Polarity, examples
from perfmeasures.cli import main
from perfmeasures.examples import rotherham_2019_20
from perfmeasures.io import dump_plan, load_plan

GOLDEN = Path(__file__).parent / "golden"
TIMEOUT = 120


def run(
    *args: str, encoding: str = "utf-8", cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m perfmeasures *args*`` and capture what it prints."""
    env = os.environ | {"PYTHONIOENCODING": encoding}
    return subprocess.run(  # noqa: S603 - our own interpreter and module.
        [sys.executable, "-m", "perfmeasures", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=env,
        cwd=cwd,
        timeout=TIMEOUT,
        check=False,
    )


def assert_bad_input(result: subprocess.CompletedProcess[str], lines: int = 1) -> None:
    """Exit status 2, nothing on stdout, *lines* lines on stderr, no traceback."""
    errors = result.stderr.splitlines()
    assert (2, "", lines) == (result.returncode, result.stdout, len(errors))
    assert all(line.startswith("perfmeasures: ") for line in errors)
    assert "Traceback" not in result.stderr


@pytest.fixture(scope="module")
def plan_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled example written as a JSON plan file."""
    path = tmp_path_factory.mktemp("plans") / "plan.json"
    dump_plan(rotherham_2019_20(), path)
    return path


class TestEvaluate:
    """``perfmeasures evaluate``."""

    def test_text(self) -> None:
        """With no arguments it rates the bundled example for Q1 2019/20."""
        result = run("evaluate")
        lines = result.stdout.splitlines()
        assert (0, "Council Plan 2019/20: Q1 2019/20", 11) == (
            result.returncode,
            lines[0],
            len(lines),
        )
        assert lines[4].startswith("2.B7       amber (computed green)   improving")

    def test_json(self) -> None:
        """JSON is the evaluations document, with the fields other tools rely on."""
        result = run("evaluate", "--format", "json", "--period", "Q1 Apr - June 2019")
        document = json.loads(result.stdout)
        assert "perfmeasures/evaluations/1" == document["format"]
        records = document["evaluations"]
        first = records[0]
        assert (10, "1.A2", "Q1 2019/20", "red", "red", "worsening", "94.8", "90") == (
            len(records),
            first["ref"],
            first["period"],
            first["status"],
            first["computed_status"],
            first["direction"],
            first["actual"],
            first["target"],
        )

    @pytest.mark.parametrize(("fmt", "start"), [("markdown", "# "), ("html", "<!")])
    def test_other_formats(self, fmt: str, start: str) -> None:
        """Evaluations render as Markdown and HTML too."""
        result = run("evaluate", "--format", fmt)
        assert (0, True) == (result.returncode, result.stdout.startswith(start))

    def test_plan_file_defaults_to_its_latest_quarter(self, plan_file: Path) -> None:
        """A plan file without --period is rated for its latest quarter."""
        result = run("evaluate", str(plan_file))
        assert (0, "Council Plan 2019/20: Q1 2019/20") == (
            result.returncode,
            result.stdout.splitlines()[0],
        )

    def test_any_period_label(self) -> None:
        """Any label the parser reads is accepted (here, a month)."""
        result = run("evaluate", "--period", "Jun-19")
        assert "Council Plan 2019/20: Jun 2019" == result.stdout.splitlines()[0]


class TestReport:
    """``perfmeasures report``."""

    @pytest.mark.parametrize(
        ("fmt", "golden"),
        [("text", "report-q1-2019-20.txt"), ("markdown", "report-q1-2019-20.md")],
    )
    def test_matches_golden(self, fmt: str, golden: str) -> None:
        """The command prints exactly the reviewed golden report."""
        result = run("report", "--format", fmt)
        expected = (GOLDEN / golden).read_text(encoding="utf-8")
        assert (0, expected) == (result.returncode, result.stdout)

    def test_html_to_file(self, tmp_path: Path) -> None:
        """--output writes the report to a file and nothing to the terminal."""
        out = tmp_path / "report.html"
        result = run("report", "--format", "html", "--output", str(out))
        assert (0, "") == (result.returncode, result.stdout)
        assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")

    def test_json(self) -> None:
        """The report as JSON holds every part of it."""
        data = json.loads(run("report", "--format", "json").stdout)
        assert ["areas", "key", "outlook", "tables"] == sorted(
            k for k in data if isinstance(data[k], dict)
        )

    def test_red_and_worsening(self) -> None:
        """--select red-worsening lists six of the seed's measures."""
        result = run("report", "--select", "red-worsening")
        assert "In total there are 6 areas for improvement" in result.stdout

    def test_computed(self) -> None:
        """--computed judges by the rules, so 2.B7 (computed green) drops out."""
        result = run("report", "--computed", "--years", "0")
        assert "In total there are 9 areas for improvement" in result.stdout
        assert "Year end" not in result.stdout

    def test_symbols_degrade_in_narrow_encodings(self) -> None:
        """Where the terminal cannot show a symbol it becomes '?', words kept."""
        result = run("report", encoding="ascii")
        assert (0, True) == (result.returncode, "? Red, ? Worsening" in result.stdout)


class TestReconcileAndOutlook:
    """``perfmeasures reconcile`` and ``perfmeasures outlook``."""

    def test_reconcile(self) -> None:
        """Disagreements are listed; the exit status is 0 unless --strict."""
        result = run("reconcile")
        assert 0 == result.returncode
        assert "2 of 20 published ratings differ from the plan's." in result.stdout

    def test_reconcile_strict(self) -> None:
        """--strict exits with 1 when any published rating differs."""
        assert 1 == run("reconcile", "--strict").returncode

    def test_reconcile_strict_agreeing_period(self) -> None:
        """--strict exits with 0 when every checked rating agrees."""
        result = run("reconcile", "--strict", "--period", "Q2 2019/20")
        assert (0, True) == (result.returncode, "All 0 published" in result.stdout)

    def test_outlook(self) -> None:
        """4.B1(a): 8 homes in Q1 against 175 needs 55.7 a quarter."""
        result = run("outlook", "--format", "markdown")
        assert "at least 55.7 a quarter" in result.stdout


class TestValidate:
    """``perfmeasures validate``."""

    def test_valid_file(self, plan_file: Path) -> None:
        """A good plan file is reported valid."""
        result = run("validate", str(plan_file))
        assert (
            0,
            f"{plan_file}: a valid plan, 'Council Plan 2019/20', with 10 measures\n",
        ) == (result.returncode, result.stdout)

    def test_bundled(self) -> None:
        """Without a file, the bundled example is checked."""
        assert run("validate").stdout.startswith("the bundled example: a valid plan")

    def test_every_problem_listed(self, tmp_path: Path) -> None:
        """Each problem in a plan file is one line, naming the file and the place."""
        bad = tmp_path / "bad.json"
        bad.write_text(
            json.dumps(
                {"format": "perfmeasures/plan/1", "title": 3, "measures": [{"ref": ""}]}
            ),
            encoding="utf-8",
        )
        result = run("validate", str(bad))
        errors = result.stderr.splitlines()
        assert (2, "", True) == (result.returncode, result.stdout, len(errors) >= 2)
        assert all(line.startswith(f"perfmeasures: {bad}: $.") for line in errors)
        assert "Traceback" not in result.stderr


class TestBadInput:
    """Bad input: one line per problem on stderr, exit 2, never a traceback."""

    @pytest.mark.parametrize(
        "label", ["Q5 2019/20", "2019/21", "", "Apr-2019x", "13/2019", "2011-12"]
    )
    @pytest.mark.parametrize("command", ["evaluate", "report", "outlook", "reconcile"])
    def test_bad_period(self, command: str, label: str) -> None:
        """A period label the parser cannot read is one line naming it."""
        result = run(command, "--period", label)
        assert_bad_input(result)
        assert repr(label) in result.stderr

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            ((), "the following arguments are required: COMMAND"),
            (("frobnicate",), "argument COMMAND: invalid choice: 'frobnicate'"),
            (("report", "--frobnicate"), "unrecognized arguments: --frobnicate"),
            (("report", "--format", "pdf"), "argument --format: invalid choice: 'pdf'"),
            (("report", "--years", "-1"), "expected a whole number of at least 0"),
            (("report", "--years", "many"), "expected a whole number of at least 0"),
            (("report", "--period"), "argument --period: expected one argument"),
            (("validate", "--output", "x"), "unrecognized arguments: --output"),
        ],
    )
    def test_usage(self, args: tuple[str, ...], message: str) -> None:
        """A usage error is one line that says what is wrong and where to look."""
        result = run(*args)
        assert_bad_input(result)
        assert message in result.stderr
        assert "--help" in result.stderr

    @pytest.mark.parametrize("command", ["evaluate", "report", "validate"])
    def test_missing_file(self, command: str, tmp_path: Path) -> None:
        """A plan file that is not there is one line naming it."""
        missing = tmp_path / "nope.json"
        result = run(command, str(missing))
        assert_bad_input(result)
        assert f"perfmeasures: {missing}: No such file or directory\n" == result.stderr

    def test_directory(self, tmp_path: Path) -> None:
        """A directory given as a plan is one line."""
        assert_bad_input(run("report", str(tmp_path)))

    @pytest.mark.parametrize(
        "content",
        [b"", b"{not json", b"\xff\xfe\x00binary\x00", b"[1, 2, 3]", b'"a plan"'],
    )
    def test_unreadable_content(self, content: bytes, tmp_path: Path) -> None:
        """Files that are not plans at all give one clear line each, no traceback."""
        bad = tmp_path / "bad.json"
        bad.write_bytes(content)
        result = run("report", str(bad))
        assert (2, "") == (result.returncode, result.stdout)
        assert "Traceback" not in result.stderr
        assert all(
            line.startswith(f"perfmeasures: {bad}: ")
            for line in result.stderr.splitlines()
        )

    def test_unwritable_output(self, tmp_path: Path) -> None:
        """An --output path that cannot be written is one line, exit 2."""
        where = tmp_path / "no-such-dir" / "report.html"
        result = run("report", "--output", str(where))
        assert_bad_input(result)
        assert str(where) in result.stderr

    def test_plan_without_figures(self, tmp_path: Path) -> None:
        """A plan with no figures needs --period, and says so."""
        empty = tmp_path / "empty.json"
        empty.write_text(
            json.dumps({"format": "perfmeasures/plan/1", "title": "Empty"}),
            encoding="utf-8",
        )
        result = run("report", str(empty))
        assert_bad_input(result)
        assert "give --period" in result.stderr


class TestProcess:
    """The command as a process: help, version, pipes."""

    def test_help(self) -> None:
        """--help lists the commands and exits 0."""
        result = run("--help")
        assert 0 == result.returncode
        commands = ("evaluate", "report", "reconcile", "outlook", "validate")
        for command in (*commands, "schema", "convert"):
            assert command in result.stdout

    def test_version(self) -> None:
        """--version names the program and its version."""
        result = run("--version")
        assert (0, True) == (
            result.returncode,
            result.stdout.startswith("perfmeasures "),
        )

    def test_closed_pipe(self) -> None:
        """A reader that stops early (``| head``) causes no traceback."""
        env = os.environ | {"PYTHONIOENCODING": "utf-8"}
        with subprocess.Popen(
            [sys.executable, "-m", "perfmeasures", "report", "--format", "json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        ) as process:
            assert process.stdout is not None
            assert process.stderr is not None
            process.stdout.read(100)
            process.stdout.close()
            errors = process.stderr.read()
            status = process.wait(timeout=TIMEOUT)
        assert (0, b"") == (status, errors)


class TestMain:
    """main() called in-process, as an embedding program would."""

    def test_returns_status(self, capsys: pytest.CaptureFixture[str]) -> None:
        """main() returns the exit status instead of exiting."""
        assert (0, 2) == (main(["validate"]), main(["report", "--period", "Q9"]))
        assert capsys.readouterr().err.startswith("perfmeasures: 'period' must be")

    def test_help_returns_zero(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--help prints usage and returns 0 rather than raising SystemExit."""
        assert 0 == main(["report", "--help"])
        assert "--select" in capsys.readouterr().out

    def test_scheme(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--scheme rates every measure by a published preset instead."""
        assert 0 == main(["evaluate", "--scheme", "maidstone", "--format", "json"])
        records = {
            r["ref"]: r for r in json.loads(capsys.readouterr().out)["evaluations"]
        }
        # 81.7% against 85% is within Maidstone's 10%: amber, not red.
        assert ("amber", "red") == (
            records["1.A8"]["computed_status"],
            records["1.A5"]["computed_status"],
        )

    def test_scheme_with_four_bands(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--scheme takes the four-band Anglesey preset, rating yellow."""
        assert 0 == main(["evaluate", "--scheme", "anglesey", "--format", "json"])
        records = {
            r["ref"]: r for r in json.loads(capsys.readouterr().out)["evaluations"]
        }
        # 81.7% against 85% is 3.9% short: within Anglesey's 5%, so yellow.
        assert "yellow" == records["1.A8"]["computed_status"]

    def test_scheme_for_a_spreadsheet(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A wide table carries no rules; --scheme supplies the council's own."""
        path = Path(examples.__file__).parent / "rotherham-2019-20-wide.csv"
        assert 0 == main(["evaluate", str(path), "--scheme", "rotherham"])
        assert "2.B8       amber" in capsys.readouterr().out

    def test_unknown_scheme(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An unknown scheme is a usage error naming the choices."""
        assert 2 == main(["report", "--scheme", "nowhere"])
        err = capsys.readouterr().err
        assert err.startswith(
            "perfmeasures: argument --scheme: 'nowhere' is not a preset or a "
            "registered scheme (choose from anglesey, belfast"
        )
        assert 1 == len(err.splitlines())

    def test_plan_of_years_defaults_to_latest_year(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A plan with only yearly figures is rated for its latest year."""
        plan = Plan(
            title="Annual",
            measures=(
                Measure(
                    ref="9.Z1",
                    title="Yearly",
                    polarity=Polarity.HIGHER_IS_BETTER,
                    values={"2017/18": 1, "2018/19": 2},
                ),
            ),
        )
        path = tmp_path / "annual.json"
        dump_plan(plan, path)
        assert 0 == main(["evaluate", str(path)])
        assert "Annual: 2018/19" == capsys.readouterr().out.splitlines()[0]


class TestReadme:
    """The README's Reports section shows what the command really prints."""

    def test_report_excerpt(self) -> None:
        """The lines the README quotes are the report's first lines."""
        readme = (Path(__file__).parent.parent / "README.md").read_text(
            encoding="utf-8"
        )
        section = readme.split("## Reports", 1)[1]
        block = section.split("```console\n", 1)[1].split("```", 1)[0]
        command, *shown = block.splitlines()
        assert shown[-1] == "..."
        args = command.removeprefix("$ perfmeasures ")
        result = run(*shlex.split(args))
        assert shown[:-1] == result.stdout.splitlines()[: len(shown) - 1]


class TestFiles:
    """Plan files in every format: validate, convert, schema and exports."""

    @pytest.mark.parametrize(
        ("name", "to"),
        [
            ("plan.json", None),
            ("plan.csv", None),
            ("plan.xlsx", None),
            ("wide.csv", "wide-csv"),
            ("wide.xlsx", "wide-xlsx"),
        ],
    )
    def test_convert_then_read(
        self, plan_file: Path, tmp_path: Path, name: str, to: str | None
    ) -> None:
        """A converted plan reads back, its format told from the file."""
        out = tmp_path / name
        args = ["convert", str(plan_file), str(out)] + (["--to", to] if to else [])
        assert (0, "", "") == _summary(run(*args))
        result = run("validate", str(out))
        assert (0, True) == (result.returncode, "a valid plan" in result.stdout)

    @pytest.mark.parametrize("name", ["plan.csv", "plan.xlsx"])
    def test_long_tables_keep_the_plan(
        self, plan_file: Path, tmp_path: Path, name: str
    ) -> None:
        """JSON to a long table and back gives an equal plan."""
        table, back = tmp_path / name, tmp_path / "back.json"
        run("convert", str(plan_file), str(table))
        run("convert", str(table), str(back))
        assert load_plan(back) == load_plan(plan_file)

    def test_convert_to_standard_output(self, plan_file: Path) -> None:
        """'-' writes JSON to standard output."""
        result = run("convert", str(plan_file), "-")
        assert '"format": "perfmeasures/plan/1"' in result.stdout

    def test_named_input_format(self, plan_file: Path, tmp_path: Path) -> None:
        """--from reads a file whatever its name."""
        odd = tmp_path / "plan.txt"
        run("convert", str(plan_file), str(tmp_path / "plan.csv"))
        odd.write_bytes((tmp_path / "plan.csv").read_bytes())
        result = run("report", str(odd), "--from", "long-csv")
        assert (0, True) == (
            result.returncode,
            "10 areas for improvement" in result.stdout,
        )

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (("convert", "{plan}", "{tmp}/plan.txt"), "'output' must be a file ending"),
            (
                ("convert", "{plan}", "-", "--to", "long-xlsx"),
                "a file name for a workbook",
            ),
            (("evaluate", "--format", "xlsx"), "--format xlsx needs --output PATH"),
            (("convert", "{tmp}/missing.csv", "{tmp}/x.json"), "No such file"),
        ],
    )
    def test_bad_conversions(
        self, plan_file: Path, tmp_path: Path, args: tuple[str, ...], message: str
    ) -> None:
        """Impossible conversions are one line each, exit 2."""
        filled = [a.format(plan=plan_file, tmp=tmp_path) for a in args]
        result = run(*filled)
        assert_bad_input(result)
        assert message in result.stderr

    @pytest.mark.parametrize(
        ("name", "content"),
        [("fake.xlsx", b"ref,part\n"), ("latin.csv", b"ref;caf\xe9\n\xff\n")],
    )
    def test_unreadable_tables(self, tmp_path: Path, name: str, content: bytes) -> None:
        """Tables that cannot be read are reported by the reader, no traceback."""
        bad = tmp_path / name
        bad.write_bytes(content)
        result = run("validate", str(bad))
        assert (2, "") == (result.returncode, result.stdout)
        assert "Traceback" not in result.stderr
        assert result.stderr.startswith(f"perfmeasures: {bad}: ")

    def test_wrong_table(self, tmp_path: Path) -> None:
        """A CSV that is no plan table lists its problems, one line each."""
        bad = tmp_path / "bad.csv"
        bad.write_text("name,score\nA,1\n", encoding="utf-8")
        result = run("validate", str(bad))
        assert (2, "", "Traceback" in result.stderr) == (
            result.returncode,
            result.stdout,
            False,
        )
        assert all(
            line.startswith(f"perfmeasures: {bad}: ")
            for line in result.stderr.splitlines()
        )

    @pytest.mark.parametrize(
        ("document", "format_"),
        [
            ("plan", "perfmeasures/plan/1"),
            ("evaluations", "perfmeasures/evaluations/1"),
        ],
    )
    def test_schema(self, document: str, format_: str) -> None:
        """The JSON Schema of each document names its format."""
        schema = json.loads(run("schema", document).stdout)
        assert {"const": format_} == schema["properties"]["format"]

    def test_evaluations_csv(self) -> None:
        """Evaluations export as CSV, a header and a row per measure and part."""
        rows = run("evaluate", "--format", "csv").stdout.splitlines()
        assert rows[0].startswith("ref,part,title,period")
        assert 13 == len(rows)

    def test_evaluations_xlsx(self, tmp_path: Path) -> None:
        """Evaluations export as a workbook to the --output path."""
        out = tmp_path / "evaluations.xlsx"
        assert 0 == run("evaluate", "--format", "xlsx", "-o", str(out)).returncode
        assert out.read_bytes()[:2] == b"PK"

    def test_evaluations_csv_to_file(self, tmp_path: Path) -> None:
        """CSV goes to the --output path when one is given."""
        out = tmp_path / "evaluations.csv"
        assert 0 == run("evaluate", "--format", "csv", "-o", str(out)).returncode
        assert out.read_text(encoding="utf-8").startswith("ref,part,title")


def _summary(result: subprocess.CompletedProcess[str]) -> tuple[int, str, str]:
    """Exit status, standard output and standard error."""
    return (result.returncode, result.stdout, result.stderr)


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled plan's wide table on a sheet "Plan", behind a "Notes" sheet."""
    openpyxl = pytest.importorskip("openpyxl")
    from perfmeasures.io import write_wide_xlsx  # noqa: PLC0415

    path = tmp_path_factory.mktemp("books") / "book.xlsx"
    write_wide_xlsx(rotherham_2019_20(), path)
    workbook = openpyxl.load_workbook(path)
    workbook.active.title = "Plan"
    notes = workbook.create_sheet("Notes", 0)
    notes["A1"] = "Read me first: the plan is on the next sheet."
    workbook.active = 0
    workbook.save(path)
    return path


class TestSheetOption:
    """``--sheet NAME`` reads a plan from a workbook sheet that is not the active one."""

    def test_named_sheet_is_read(self, book: Path) -> None:
        """The named sheet is read, whatever sheet the workbook opens on."""
        result = run("report", str(book), "--sheet", "Plan")
        assert (0, True) == (
            result.returncode,
            "10 areas for improvement" in result.stdout,
        )

    def test_active_sheet_by_default(self, book: Path) -> None:
        """Without the option the active sheet is read: here, the notes."""
        result = run("validate", str(book))
        assert_bad_input(result)
        assert "Notes" not in result.stdout

    def test_unknown_sheet(self, book: Path) -> None:
        """A sheet the workbook lacks is one line naming the sheets it has."""
        result = run("validate", str(book), "--sheet", "Plan 2019")
        assert_bad_input(result)
        assert "sheet 'Plan 2019': does not exist" in result.stderr
        assert "'Notes', 'Plan'" in result.stderr

    def test_refused_for_csv(self, plan_file: Path, tmp_path: Path) -> None:
        """A CSV table has no sheets: the option is refused, not ignored."""
        table = tmp_path / "wide.csv"
        run("convert", str(plan_file), str(table), "--to", "wide-csv")
        result = run("validate", str(table), "--sheet", "Plan")
        assert_bad_input(result)
        assert "no sheet for a CSV file; it applies to .xlsx workbooks only" in (
            result.stderr
        )


class TestConvertMapping:
    """``convert --mapping`` serves whichever side is a wide table."""

    @pytest.fixture
    def mapping(self, tmp_path: Path) -> Path:
        """A council's own heading for the reference column."""
        path = tmp_path / "mapping.json"
        path.write_text('{"ref": "PI code"}', encoding="utf-8")
        return path

    def test_written_in_the_council_layout(
        self, plan_file: Path, mapping: Path, tmp_path: Path
    ) -> None:
        """JSON to a wide table writes the council's headings, which read back."""
        table, back = tmp_path / "kpis.csv", tmp_path / "back.json"
        args = ["--to", "wide-csv", "--mapping", str(mapping)]
        assert (0, "", "") == _summary(
            run("convert", str(plan_file), str(table), *args)
        )
        text = table.read_text(encoding="utf-8")
        assert (True, False) == ("PI code" in text, "Ref No." in text)
        result = run("convert", str(table), str(back), "--mapping", str(mapping))
        assert (0, "", "") == _summary(result)
        assert load_plan(back) == load_plan(plan_file)

    def test_no_wide_side(self, plan_file: Path, mapping: Path, tmp_path: Path) -> None:
        """With JSON in and a long table out, a mapping has nothing to serve."""
        result = run(
            "convert",
            str(plan_file),
            str(tmp_path / "long.csv"),
            "--mapping",
            str(mapping),
        )
        assert_bad_input(result)
        assert "INPUT is a JSON plan, so OUTPUT must be one" in result.stderr
        assert not (tmp_path / "long.csv").exists()


class TestYearsThatDiffer:
    """A plan whose measures' years start in different months rates from the CLI."""

    @pytest.fixture
    def mixed(self, tmp_path: Path) -> Path:
        """An April measure and an academic-year one, as a JSON plan file."""
        high = Polarity.HIGHER_IS_BETTER
        plan = Plan(
            title="Mixed",
            measures=(
                Measure(
                    ref="A",
                    title="April",
                    polarity=high,
                    values={"Q1 2019/20": 5, "Q2 2019/20": 7},
                    targets={"Q2 2019/20": 6},
                ),
                Measure(
                    ref="S",
                    title="Academic",
                    polarity=high,
                    year_start_month=9,
                    values={"Q2 2019/20 (Sep-Aug)": 50},
                    targets={"Q2 2019/20 (Sep-Aug)": 60},
                ),
            ),
        )
        path = tmp_path / "mixed.json"
        dump_plan(plan, path)
        return path

    @pytest.mark.parametrize("command", ["evaluate", "report", "reconcile", "outlook"])
    def test_quarter_refused(self, mixed: Path, command: str) -> None:
        """A quarter is another quarter, or none, of each kind of year: refused."""
        result = run(command, str(mixed), "--period", "Q2 2019/20")
        assert_bad_input(result)
        assert (
            "argument --period: the plan's measures' years start in different "
            "months (Apr, Sep), so 'Q2 2019/20' is not a period of every measure"
        ) in result.stderr

    @pytest.mark.parametrize("command", ["evaluate", "report", "outlook"])
    def test_period_named(self, mixed: Path, command: str) -> None:
        """No latest quarter is guessed for measures of different years."""
        result = run(command, str(mixed))
        assert_bad_input(result)
        assert "give --period (a month)" in result.stderr

    def test_month(self, mixed: Path) -> None:
        """A month is every measure's: the plan rates for it."""
        result = run("evaluate", str(mixed), "--period", "Sep 2019", "--format", "json")
        rated = json.loads(result.stdout)["evaluations"]
        assert (0, ["Sep 2019", "Sep 2019"]) == (
            result.returncode,
            [e["period"] for e in rated],
        )

    def test_reconcile_every_published_period(self, mixed: Path) -> None:
        """Without --period, reconcile checks each measure at its own periods."""
        result = run("reconcile", str(mixed), "--format", "json")
        assert (0, "") == (result.returncode, result.stderr)
