"""One entry for plan files, a converter that keeps to its own types, a lazy io.

``read_plan`` and ``write_plan`` read and write every plan format;
``configure_converter`` leaves a host's own classes alone; ``import
perfmeasures`` loads ``io`` only when it is used.
"""

from __future__ import annotations

import enum
import io
import json
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import attrs
import cattrs
import pytest

from perfmeasures import (
    InvalidValueError,
    LoadError,
    Measure,
    Plan,
    Polarity,
    evaluate_plan,
)
from perfmeasures.cli import main
from perfmeasures.examples import REPORT_PERIOD, rotherham_2019_20
from perfmeasures.io import (
    PlanFormat,
    WideMapping,
    configure_converter,
    dump_plan,
    load_evaluations,
    load_mapping,
    load_plan,
    mapping_from_json,
    read_plan,
    write_long_csv,
    write_long_xlsx,
    write_plan,
    write_wide_csv,
)

SEED = rotherham_2019_20()


def _run(*code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter.
        [sys.executable, "-c", "\n".join(code)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


class TestLazyImport:
    """``import perfmeasures`` leaves ``io`` (and cattrs) unloaded until used."""

    def test_core_import_leaves_io_alone(self) -> None:
        result = _run(
            "import sys, perfmeasures",
            "assert 'perfmeasures.io' not in sys.modules, 'io'",
            "assert 'cattrs' not in sys.modules, 'cattrs'",
        )
        assert (0, "") == (result.returncode, result.stderr)

    def test_json_functions_load_io_on_first_use(self) -> None:
        result = _run(
            "import sys, perfmeasures",
            "from perfmeasures import dump_plan, load_plan",
            "assert 'perfmeasures.io' in sys.modules",
            "assert load_plan is perfmeasures.io.load_plan",
            "assert 'dump_plan' in dir(perfmeasures)",
        )
        assert (0, "") == (result.returncode, result.stderr)

    def test_unknown_name(self) -> None:
        import perfmeasures  # noqa: PLC0415

        with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
            _ = perfmeasures.nothing_here


class Colour(enum.Enum):
    """An enum of a host app's own."""

    RED = "r"


@attrs.frozen
class Tally:
    """A host app's own class, structured by its own converter's rules."""

    count: int
    name: str
    flag: bool
    colour: Colour
    amount: Decimal


@attrs.frozen
class Holder:
    """A host class holding a perfmeasures plan."""

    plan: Plan
    count: int


def _host_converter() -> cattrs.Converter:
    converter = cattrs.Converter()
    converter.register_structure_hook(Decimal, lambda v, _: Decimal(str(v)))
    return converter


class TestConfigureConverter:
    """configure_converter teaches perfmeasures' types and touches nothing else."""

    def test_host_classes_keep_their_rules(self) -> None:
        """What a host converter structured before the call, it structures after."""
        converter = _host_converter()
        data = {"count": "5", "name": 5, "flag": 1, "colour": "r", "amount": 1.5}
        before = converter.structure(data, Tally)
        configure_converter(converter)
        assert (before, Tally(5, "5", True, Colour.RED, Decimal("1.5"))) == (
            converter.structure(data, Tally),
            before,
        )
        assert 5 == converter.unstructure(before)["count"]

    def test_plans_travel_through_a_host_converter(self) -> None:
        """Plans, inside a host's class too, use the wire format and its checks."""
        converter = _host_converter()
        configure_converter(converter)
        wire = converter.unstructure(SEED)
        assert (SEED, "90") == (
            converter.structure(wire, Plan),
            wire["measures"][0]["targets"]["2019/20"]["value"],
        )
        held = converter.structure({"plan": wire, "count": "3"}, Holder)
        assert (3, SEED) == (held.count, held.plan)
        with pytest.raises(cattrs.ClassValidationError):
            converter.structure({**wire, "title": 5}, Plan)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The bundled plan in every format told from a file, written once."""
    folder = tmp_path_factory.mktemp("formats")
    paths = {
        "json": folder / "plan.json",
        "long-csv": folder / "long.csv",
        "long-xlsx": folder / "long.xlsx",
        "wide-csv": folder / "wide.csv",
    }
    dump_plan(SEED, paths["json"])
    write_long_csv(SEED, paths["long-csv"])
    write_long_xlsx(SEED, paths["long-xlsx"])
    write_wide_csv(SEED, paths["wide-csv"])
    return paths


class TestReadPlan:
    """read_plan reads every plan format, told or named."""

    @pytest.mark.parametrize("kind", ["json", "long-csv", "long-xlsx", "wide-csv"])
    def test_told_from_the_file(self, files: dict[str, Path], kind: str) -> None:
        """Each format is told from the file, and rates as the seed does."""
        plan = read_plan(files[kind])
        assert [e.status for e in evaluate_plan(plan, REPORT_PERIOD)] == [
            e.status for e in evaluate_plan(SEED, REPORT_PERIOD)
        ]

    @pytest.mark.parametrize("kind", ["json", "long-csv", "long-xlsx"])
    def test_streams_told_by_content(self, files: dict[str, Path], kind: str) -> None:
        """A stream with no name is told by what it holds."""
        assert SEED == read_plan(io.BytesIO(files[kind].read_bytes()))

    def test_named_format(self, files: dict[str, Path], tmp_path: Path) -> None:
        odd = tmp_path / "plan.txt"
        odd.write_bytes(files["long-csv"].read_bytes())
        assert (SEED, SEED) == (
            read_plan(odd, "long-csv"),
            read_plan(odd, PlanFormat.LONG_CSV),
        )

    def test_title_replaces_the_files(self, files: dict[str, Path]) -> None:
        assert (
            "Quarterly return"
            == read_plan(files["json"], title="Quarterly return").title
        )

    @pytest.mark.parametrize(
        ("kwargs", "field"),
        [
            ({"format": "pdf"}, "format"),
            ({"mapping": WideMapping()}, "mapping"),
            ({"sheet": "Measures"}, "sheet"),
            ({"report_period": "Q1 2019/20"}, "report_period"),
        ],
    )
    def test_options_the_format_does_not_take(
        self, files: dict[str, Path], kwargs: dict[str, object], field: str
    ) -> None:
        """An unknown format, or a table option for JSON, is refused by name."""
        with pytest.raises(InvalidValueError, match=rf"^'{field}'"):
            read_plan(files["json"], **kwargs)  # type: ignore[arg-type]

    def test_size_limit(self, files: dict[str, Path]) -> None:
        size = files["long-csv"].stat().st_size
        with pytest.raises(LoadError, match=f"larger than {size - 1:,} bytes"):
            read_plan(files["long-csv"], max_bytes=size - 1)

    def test_workbook_sniff_is_guarded(self, tmp_path: Path) -> None:
        """A workbook that unpacks to far more than its limit is refused unread.

        The format is told after the archive's guard: openpyxl never opens
        a workbook that the guarded reader refuses.
        """
        bomb = tmp_path / "bomb.xlsx"
        with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("xl/worksheets/sheet1.xml", " " * 5_000_000)
        with pytest.raises(LoadError, match="unpacks to"):
            read_plan(bomb, max_bytes=bomb.stat().st_size + 10)


class TestWritePlan:
    """write_plan writes every plan format, told or named."""

    @pytest.mark.parametrize(
        ("name", "kind"),
        [
            ("p.json", PlanFormat.JSON),
            ("p.csv", PlanFormat.LONG_CSV),
            ("p.xlsx", PlanFormat.LONG_XLSX),
        ],
    )
    def test_by_extension(self, tmp_path: Path, name: str, kind: PlanFormat) -> None:
        path = tmp_path / name
        assert kind == write_plan(SEED, path)
        assert SEED == read_plan(path)

    def test_stream_gets_json(self) -> None:
        stream = io.StringIO()
        assert PlanFormat.JSON == write_plan(SEED, stream)
        assert SEED == read_plan(io.StringIO(stream.getvalue()))

    def test_unknown_extension(self, tmp_path: Path) -> None:
        with pytest.raises(InvalidValueError, match=r"a file ending \.json"):
            write_plan(SEED, tmp_path / "plan.txt")

    def test_table_options_for_json(self, tmp_path: Path) -> None:
        with pytest.raises(InvalidValueError, match=r"^'mapping'"):
            write_plan(SEED, tmp_path / "p.json", mapping=WideMapping())


class TestMappingFile:
    """A JSON file of a council's headings."""

    def test_headings(self, tmp_path: Path) -> None:
        path = tmp_path / "mapping.json"
        path.write_text(
            json.dumps(
                {
                    "format": "perfmeasures/wide-mapping/1",
                    "ref": "PI code",
                    "title": {"heading": "Indicator", "aliases": ["PI name"]},
                    "lead_officer": None,
                    "ignore": ["RAG symbol"],
                }
            ),
            encoding="utf-8",
        )
        mapping = load_mapping(path)
        assert ("ref", "title", None, ("RAG symbol",)) == (
            mapping.field_for("pi code"),
            mapping.field_for("PI name"),
            mapping.lead_officer,
            mapping.ignore,
        )

    def test_every_problem(self) -> None:
        text = json.dumps(
            {"nope": 1, "ref": 5, "title": None, "ignore": "x", "format": "v2"}
        )
        with pytest.raises(LoadError) as caught:
            mapping_from_json(text, source="m.json")
        assert ["$.nope", "$.ref", "$.title", "$.ignore", "$.format"] == sorted(
            (p.location for p in caught.value.problems),
            key=["$.nope", "$.ref", "$.title", "$.ignore", "$.format"].index,
        )


class TestCommandLine:
    """The command line reads and writes through the same entry."""

    def test_evaluate_json_loads_back(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--format json writes the evaluations document load_evaluations reads."""
        assert 0 == main(["evaluate", "--format", "json"])
        loaded = load_evaluations(io.StringIO(capsys.readouterr().out))
        assert evaluate_plan(SEED, REPORT_PERIOD) == loaded

    def test_max_bytes(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = tmp_path / "plan.json"
        dump_plan(SEED, path)
        assert 2 == main(["validate", str(path), "--max-bytes", "1000"])
        errors = capsys.readouterr().err.splitlines()
        assert 1 == len(errors)
        assert "1,000 bytes" in errors[0]

    def test_title(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        path = tmp_path / "plan.csv"
        write_long_csv(SEED, path)
        assert 0 == main(["report", str(path), "--title", "Cabinet, July"])
        assert capsys.readouterr().out.startswith("Cabinet, July\n")

    def test_mapping(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A table with a council's own headings reads through a mapping file."""
        table = tmp_path / "wide.csv"
        write_wide_csv(SEED, table)
        text = table.read_text(encoding="utf-8").replace("Ref No.", "PI code", 1)
        table.write_text(text, encoding="utf-8")
        mapping = tmp_path / "mapping.json"
        mapping.write_text('{"ref": "PI code"}', encoding="utf-8")
        assert 2 == main(["validate", str(table)])
        capsys.readouterr()
        assert 0 == main(["validate", str(table), "--mapping", str(mapping)])
        assert "a valid plan" in capsys.readouterr().out


class TestLossyConvert:
    """convert refuses a wide table that would lose something, one line a loss."""

    @pytest.fixture
    def plan_file(self, tmp_path: Path) -> Path:
        part = Measure(
            ref="1.A1 part",
            title="Part",
            polarity=Polarity.LOWER_IS_BETTER,
            values={"Q1 2019/20": 2},
        )
        measure = Measure(
            ref="1.A1",
            title="Homes",
            polarity=Polarity.HIGHER_IS_BETTER,
            values={"Q1 2019/20": 5},
            targets={"2019/20": 4},
            components=[part],
        )
        path = tmp_path / "plan.json"
        dump_plan(Plan(title="Homes", measures=[measure]), path)
        return path

    def test_refused_with_every_loss(
        self, plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        out = tmp_path / "wide.csv"
        out.write_text("kept", encoding="utf-8")
        assert 2 == main(["convert", str(plan_file), str(out), "--to", "wide-csv"])
        errors = capsys.readouterr().err.splitlines()
        assert errors[0].startswith(
            "perfmeasures: a wide CSV cannot carry 2 things in this plan"
        )
        polarity = "polarity (lower_is_better read back as higher_is_better)"
        targets = "targets for 2019/20 (not in the plan, but read back from the table)"
        assert [
            f"perfmeasures: measure 1.A1 part part: {polarity}",
            f"perfmeasures: measure 1.A1 part part: {targets}",
        ] == errors[1:]
        assert "kept" == out.read_text(encoding="utf-8")

    def test_lossy_writes_anyway(self, plan_file: Path, tmp_path: Path) -> None:
        out = tmp_path / "wide.csv"
        args = ["convert", str(plan_file), str(out), "--to", "wide-csv", "--lossy"]
        assert 0 == main(args)
        assert "Homes" in out.read_text(encoding="utf-8")

    def test_lossy_is_for_wide_tables_only(
        self, plan_file: Path, tmp_path: Path
    ) -> None:
        with pytest.raises(InvalidValueError, match=r"^'lossy'"):
            write_plan(load_plan(plan_file), tmp_path / "p.csv", lossy=True)
