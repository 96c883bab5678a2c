"""Hostile input never escapes as anything but a perfmeasures error.

Also the command line on hostile arguments and plan files (a clean exit,
one ``perfmeasures:`` line per problem, nothing raw on the terminal), and
plans with figures at the edges of the range perfmeasures takes.  For a
long campaign outside CI, see the ``fuzz`` profile in ``conftest.py``.
"""

from __future__ import annotations

import functools
import io
import json
import tempfile
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample

from perfmeasures import (
    InvalidPeriodError,
    LoadError,
    PerfmeasuresError,
    Plan,
    Year,
    evaluate_plan,
    parse_period,
)
from perfmeasures import strategies as pst
from perfmeasures.cli import main
from perfmeasures.examples import rotherham_2019_20
from perfmeasures.io import (
    evaluations_from_json,
    evaluations_to_json,
    plan_from_json,
    plan_to_json,
    read_long_csv,
    read_wide_csv,
    write_evaluations_csv,
    write_evaluations_xlsx,
    write_long_csv,
    write_long_xlsx,
    write_wide_csv,
    write_wide_xlsx,
)
from tests.conftest import heavy
from tests.test_io_round_trip_laws import LONG_CSV, LONG_XLSX, WIDE_CSV, check_law

SEED_JSON = plan_to_json(rotherham_2019_20())
_LABELISH = st.text(
    alphabet=st.sampled_from("Qq0123456789/- ()AprJunMarSepYearend"), max_size=24
)

# JSON values to splice into the seed document.
_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def failure(call: Callable[[], object]) -> PerfmeasuresError | None:
    """The perfmeasures error *call* raises, or None; anything else propagates."""
    try:
        call()
    except PerfmeasuresError as error:
        return error
    return None


def named_bytes(data: bytes) -> io.BytesIO:
    """*data* as a binary file with a name, as an opened file has."""
    stream = io.BytesIO(data)
    stream.name = "fuzz.csv"
    return stream


class TestParsePeriod:
    """parse_period on arbitrary text."""

    @given(st.text() | _LABELISH)
    def test_period_or_error(self, text: str) -> None:
        """Law: any text gives a period whose label reads back, or a located error."""
        error = failure(lambda: parse_period(text))
        if error is not None:
            assert isinstance(error, InvalidPeriodError)
            assert text == error.value
            return
        period = parse_period(text)
        year = period if isinstance(period, Year) else getattr(period, "year", None)
        start = year.start_month if isinstance(year, Year) else 4
        assert period == parse_period(period.label, year_start_month=start)


class TestLoaders:
    """Loaders on arbitrary bytes and on damaged documents."""

    @given(st.binary(max_size=256))
    def test_json_bytes(self, data: bytes) -> None:
        """Law: arbitrary bytes give a plan or a LoadError listing problems."""
        error = failure(lambda: plan_from_json(data))
        assert error is None or (isinstance(error, LoadError) and error.problems)

    @given(st.data())
    def test_damaged_seed(self, data: st.DataObject) -> None:
        """Law: the seed with one value replaced loads, or fails with JSON paths."""
        document = json.loads(SEED_JSON)
        node = document
        while isinstance(node, dict | list) and node:
            keys = list(node) if isinstance(node, dict) else list(range(len(node)))
            key = data.draw(st.sampled_from(keys))
            if data.draw(st.booleans()) or not isinstance(node[key], dict | list):
                node[key] = data.draw(_JSON)
                break
            node = node[key]
        error = failure(lambda: plan_from_json(json.dumps(document)))
        if error is not None:
            assert isinstance(error, LoadError)
            assert all(p.location.startswith("$") for p in error.problems)

    @given(st.binary(max_size=256))
    def test_csv_bytes(self, data: bytes) -> None:
        """Law: arbitrary bytes as a wide or long CSV load or give a LoadError."""
        for reader in (read_wide_csv, read_long_csv):
            error = failure(functools.partial(reader, named_bytes(data)))
            assert error is None or (isinstance(error, LoadError) and error.problems)


# Each command-line example reads a plan and rates it (tens of milliseconds),
# so it takes a quarter of the profile's examples (FAST=1: 10); in the
# fuzz profile, a quarter of its many.
_SHARE = max(10, settings().max_examples // 4)
RUNS = settings(
    max_examples=_SHARE,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

_SURROGATES = st.integers(0xD800, 0xDFFF).map(chr)
_ANY_TEXT = st.text(st.characters() | _SURROGATES | st.sampled_from("\x00\x1b\r\u202e"))
#: Option values: any text, and the values that have broken command lines.
OPTION_VALUES = st.one_of(
    _ANY_TEXT,
    _LABELISH,
    st.integers(-(10**30), 10**30).map(str),
    st.sampled_from(
        [
            "",
            " ",
            "-",
            "--",
            "0",
            "-1",
            "3000",
            "9" * 5000,
            "1e999999",
            "NaN",
            "Jan 1000",
            "Q1 9999/00",
            "Q1 2019/20",
            "2019/20",
            "\x1b[31mred",
            "Rate\r=cmd|' /C calc'!A0",
            "\u202eevil",
            "rbc",
            "target_met",
            '{"type": "tolerance", "amber": "5"}',
            '{"type": "tolerance", "amber": "1e999999"}',
            '{"type": "tolerance"',
            "[" * 5000,
            "{}",
            "null",
            "text",
            "markdown",
            "html",
            "json",
            "csv",
            "xlsx",
        ]
    ),
)
_COMMANDS = ("evaluate", "report", "outlook", "reconcile")
_OPTIONS = ("--period", "--years", "--scheme", "--max-bytes", "--format")
_SEED = rotherham_2019_20()


def _seed_files() -> dict[str, bytes]:
    """The bundled plan in every format, by file suffix."""
    files = {".json": plan_to_json(_SEED).encode()}
    for suffix, write in (
        (".long.csv", write_long_csv),
        (".long.xlsx", write_long_xlsx),
        (".csv", functools.partial(write_wide_csv, lossy=True)),
        (".xlsx", functools.partial(write_wide_xlsx, lossy=True)),
    ):
        buffer = io.BytesIO()
        write(_SEED, buffer)
        files[suffix] = buffer.getvalue()
    return files


SEED_FILES = _seed_files()
_ALLOWED_CONTROLS = frozenset("\n\t")


def check_run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """Run the command line in-process on *argv*; check it ends cleanly.

    The law: exit status 0, 1 or 2; no traceback; every line on standard
    error starts ``perfmeasures: ``; and no control character but newline
    and tab, raw, on either stream.
    """
    capsys.readouterr()
    status = main(argv)
    out, err = capsys.readouterr()
    assert status in {0, 1, 2}, (argv, status, err)
    assert "Traceback" not in err, (argv, err)
    assert all(line.startswith("perfmeasures: ") for line in err.splitlines()), (
        argv,
        err,
    )
    for stream in (out, err):
        raw = {
            c
            for c in stream
            if unicodedata.category(c) in {"Cc", "Cs"} and c not in _ALLOWED_CONTROLS
        }
        assert not raw, (argv, raw, stream[:2000])


class TestCommandLine:
    """The command line, in-process, on hostile arguments and plan files."""

    @RUNS
    @given(
        st.sampled_from(_COMMANDS),
        st.dictionaries(st.sampled_from(_OPTIONS), OPTION_VALUES, max_size=4),
        st.booleans(),
    )
    def test_options(
        self,
        capsys: pytest.CaptureFixture[str],
        command: str,
        options: dict[str, str],
        with_output: bool,
    ) -> None:
        """Law: any option values on the bundled plan end cleanly."""
        with tempfile.TemporaryDirectory() as folder:
            argv = [command]
            for option, value in options.items():
                argv.append(f"{option}={value}")
            if with_output:
                argv += ["--output", str(Path(folder) / "out")]
            check_run(argv, capsys)

    @RUNS
    @given(
        st.sampled_from(sorted(SEED_FILES)),
        st.data(),
        st.sampled_from(("validate", "evaluate", "report", "convert")),
    )
    def test_plan_files(
        self,
        capsys: pytest.CaptureFixture[str],
        suffix: str,
        data: st.DataObject,
        command: str,
    ) -> None:
        """Law: any file, or the bundled plan damaged, in any format ends cleanly."""
        original = SEED_FILES[suffix]
        how = data.draw(st.sampled_from(("bytes", "splice", "cut")))
        if how == "bytes":
            content = data.draw(st.binary(max_size=512))
        elif how == "cut":
            content = original[: data.draw(st.integers(0, len(original)))]
        else:
            at = data.draw(st.integers(0, len(original)))
            spliced = data.draw(OPTION_VALUES).encode("utf-8", "surrogatepass")
            content = original[:at] + spliced + original[at:]
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"plan{suffix}"
            path.write_bytes(content)
            argv = [command, str(path)]
            if command == "convert":
                argv.append(str(Path(folder) / "out.json"))
            if data.draw(st.booleans()):
                argv.append(f"--max-bytes={data.draw(OPTION_VALUES)}")
            check_run(argv, capsys)


#: Plans with figures at the edges of the range perfmeasures takes.
EXTREME_PLANS = pst.plans(max_measures=3, extreme=True)
#: Round trips of whole plans are heavy tests (``tests/conftest.py``): these
#: take a quarter of the heavy examples (the thorough run: 75), at least 20,
#: and the workbook a twelfth (25), at least 8.
EXTREME_RUNS = heavy(1 / 4, at_least=20)
EXTREME_XLSX_RUNS = heavy(1 / 12, at_least=8)


class TestExtremeFigures:
    """Figures at the edges of the range through evaluation and every format."""

    @pytest.mark.parametrize(
        "edge",
        [
            pytest.param(lambda d: len(d.as_tuple().digits) > 15, id="past-15-digits"),
            pytest.param(lambda d: len(d.as_tuple().digits) == 28, id="28-digits"),
            pytest.param(lambda d: abs(d) >= 10**14, id="near-1E+15"),
            pytest.param(lambda d: 0 < abs(d) <= Decimal("1E-20"), id="tiny"),
        ],
    )
    def test_values_reach_the_edges(self, edge: Callable[[Decimal], bool]) -> None:
        """values(extreme=True) draws figures at each edge of the range."""
        found = find(
            pst.values(extreme=True),
            lambda v: v.amount is not None and edge(v.amount),
            settings=settings(max_examples=5000, database=None),
        )
        assert found.amount is not None

    def test_usual_values_stay_usual(self) -> None:
        """Without extreme, values keep to the usual figures (two places)."""
        with pytest.raises(NoSuchExample):
            find(
                pst.values(),
                lambda v: v.amount is not None and abs(v.amount) > 10**6,
                settings=settings(max_examples=300, database=None),
            )

    @EXTREME_RUNS
    @given(EXTREME_PLANS)
    def test_json_and_evaluation(self, plan: Plan) -> None:
        """Law: the plan reads back from JSON, and its ratings from theirs."""
        assert plan == plan_from_json(plan_to_json(plan))
        periods = sorted({p for m in plan.measures for p in m.values})
        if not periods:
            return
        evaluations = evaluate_plan(plan, periods[-1])
        assert evaluations == evaluations_from_json(evaluations_to_json(evaluations))
        write_evaluations_csv(evaluations, io.StringIO(), plan=plan)
        write_evaluations_xlsx(evaluations, io.BytesIO(), plan=plan)

    @EXTREME_RUNS
    @given(EXTREME_PLANS)
    def test_long_csv(self, plan: Plan) -> None:
        """Long CSV carries extreme figures: the identical plan and ratings back."""
        check_law(LONG_CSV, plan, None)

    @EXTREME_XLSX_RUNS
    @given(EXTREME_PLANS)
    def test_long_xlsx(self, plan: Plan) -> None:
        """Long xlsx carries extreme figures, past Excel's 15 digits included."""
        check_law(LONG_XLSX, plan, None)

    @EXTREME_RUNS
    @given(EXTREME_PLANS)
    def test_wide_csv(self, plan: Plan) -> None:
        """Wide CSV: the identical plan back, or a refusal listing the losses."""
        check_law(WIDE_CSV, plan, None)


class TestFoundByFuzzing:
    """Crashes the long fuzz campaign found, kept as plain examples."""

    @pytest.mark.parametrize(
        "argv",
        [
            ["evaluate", "--scheme=--"],
            ["evaluate", "--period=--"],
            ["report", "--years=--"],
        ],
    )
    def test_double_dash_as_a_value(
        self, argv: list[str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An option given ``--`` as its value is a usage error, not a crash."""
        assert 2 == main(argv)
        err = capsys.readouterr().err
        assert err.endswith("expected a value (got '--')\n") or "--years" in err
        check_run(argv, capsys)

    def test_max_bytes_beyond_memory(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A limit larger than memory can address reads the file as any other."""
        path = tmp_path / "plan.json"
        path.write_bytes(SEED_FILES[".json"])
        argv = ["validate", str(path), f"--max-bytes={10**30}"]
        assert 0 == main(argv)
        check_run(argv, capsys)

    def test_a_bug_is_one_line(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An unexpected exception is one line and status 70, never a traceback."""

        def broken(*_: object, **__: object) -> None:
            msg = "broken on purpose"
            raise RuntimeError(msg)

        monkeypatch.setattr("perfmeasures.cli.evaluate_plan", broken)
        assert 70 == main(["evaluate"])
        err = capsys.readouterr().err
        expected = "internal error, please report it: RuntimeError: broken on purpose"
        assert [f"perfmeasures: {expected} (running evaluate)"] == err.splitlines()
