"""``perfmeasures spc`` and the ``--spc`` options (issue 11)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from perfmeasures import Frequency, Measure, Plan, Polarity
from perfmeasures.cli import main
from perfmeasures.examples import rotherham_2019_20
from perfmeasures.io import dump_plan
from perfmeasures.io._json._converter import shared_converter
from perfmeasures.spc import XmR, measure_xmr

from .test_cli import assert_bad_input, run
from .test_spc import months_from_april_2018


@pytest.fixture(scope="module")
def long_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A plan with two years of a monthly measure that steps up in April 2019."""
    figures = [20, 21, 19, 20, 22, 18, 20, 21, 19, 20, 21, 19]
    figures += [30, 31, 29, 30, 32, 28, 30, 31, 29, 30, 31, 29]
    measure = Measure(
        ref="A1",
        title="Calls answered within a minute",
        polarity=Polarity.HIGHER_IS_BETTER,
        frequency=Frequency.MONTHLY,
        values=dict(zip(months_from_april_2018(len(figures)), figures, strict=True)),
        targets={"2019/20": 25},
    )
    path = tmp_path_factory.mktemp("spc") / "plan.json"
    dump_plan(Plan(title="Contact centre", measures=(measure,)), path)
    return path


class TestChart:
    """``perfmeasures spc`` prints, writes and draws one measure's chart."""

    def test_text(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The bundled example's 1.A2: icons, limits and every point."""
        assert 0 == main(["spc", "--ref", "1.A2"])
        out = capsys.readouterr().out
        assert "Variation: \u2248 Common cause" in out
        assert "Assurance: ? Hit and miss" in out
        assert "mean 95.70, process limits 88.52 to 102.88" in out
        assert "May 2019  97.5   common cause" in out

    def test_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        """JSON is a versioned document that structures back to the chart."""
        assert 0 == main(["spc", "--ref", "3.B4", "--format", "json"])
        document = json.loads(capsys.readouterr().out)
        assert "perfmeasures/xmr/1" == document.pop("format")
        chart = shared_converter().structure(document, XmR)
        assert measure_xmr(rotherham_2019_20().measure("3.B4")) == chart

    def test_svg(self, tmp_path: Path) -> None:
        """SVG on its own, written whole to --output."""
        out = tmp_path / "chart.svg"
        assert 0 == main(["spc", "--ref", "1.A2", "--format", "svg", "-o", str(out)])
        root = ET.fromstring(out.read_text(encoding="utf-8"))  # noqa: S314 - ours.
        assert root.tag.endswith("svg")
        assert "Apr 2019 to Jun 2019" in "".join(root.itertext())

    def test_html(self, capsys: pytest.CaptureFixture[str]) -> None:
        """HTML: a page with the chart inline and a table of points."""
        assert 0 == main(["spc", "--ref", "1.A2", "--format", "html"])
        page = capsys.readouterr().out
        assert page.startswith("<!DOCTYPE html>")
        assert "<svg" in page
        assert "<caption>Points of the chart</caption>" in page

    def test_markdown(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Markdown: the summary as a list and the points as a table."""
        assert 0 == main(["spc", "--ref", "1.A2", "--format", "markdown"])
        out = capsys.readouterr().out
        assert "| Jun 2019 | 94.8 | common cause | \u2013 |" in out

    def test_options(self, long_plan: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--period cuts the series; --rebase-at starts new limits."""
        assert 0 == main(["spc", str(long_plan), "--ref", "A1"])
        whole = capsys.readouterr().out
        # One set of limits over the step: the new level shows as a shift.
        assert "special cause: improvement  shift" in whole
        assert "Variation: H+ Improvement (high)" in whole
        assert 0 == main(
            ["spc", str(long_plan), "--ref", "A1", "--rebase-at", "Apr 2019"]
        )
        rebased = capsys.readouterr().out
        assert "Segment 2 (Apr 2019 to Mar 2020, 12 points): mean 30.00" in rebased
        assert "Variation: \u2248 Common cause" in rebased
        assert "Assurance: P Consistently passing" in rebased
        assert 0 == main(["spc", str(long_plan), "--ref", "A1", "--period", "2018/19"])
        first_year = capsys.readouterr().out
        assert "(Apr 2018 to Mar 2019, 12 points)" in first_year
        assert 0 == main(
            ["spc", str(long_plan), "--ref", "A1", "--fix-after", "6", "--no-screen"]
        )
        fixed = " ".join(capsys.readouterr().out.split())
        assert (
            "Segment 1 (Apr 2018 to Mar 2020, 24 points; limits fixed from the "
            "first 6): mean 20.00, process limits 14.68 to 25.32; trial limits"
        ) in fixed

    def test_as_a_user_runs_it(self) -> None:
        """A subprocess: exit 0 and the chart on standard output."""
        result = run("spc", "--ref", "1.A8")
        assert (0, "") == (result.returncode, result.stderr)
        assert "Assurance: F Consistently failing" in result.stdout


class TestBadInput:
    """One line on standard error, exit status 2, in the command's own terms."""

    @pytest.mark.parametrize(
        ("args", "says"),
        [
            (["--ref", "9.Z9"], "no measure with reference '9.Z9'"),
            (["--ref", "1.A2", "--period", "Q2 2023"], "argument --period: expected"),
            (["--ref", "1.A2", "--period", "Apr2019"], "argument --period: expected"),
            (["--ref", "1.A2", "--rebase-at", "Jan 2019"], "argument --rebase-at: "),
            (
                ["--ref", "1.A2", "--rebase-at", "May 2019"],
                "leave every segment at least two points",
            ),
            (["--ref", "1.A2", "--fix-after", "1"], "argument --fix-after: expected"),
            (["--ref", "1.A2", "--fix-after", "abc"], "a whole number of at least 2"),
            (["--ref", "1.A2", "--rebase-at", ","], "none empty (got ',')"),
            (["--ref", "1.A2", "--rebase-at", "May 2019,"], "none empty"),
            (
                ["--ref", "1.A2", "--period", "Jan 2019"],
                "argument --period: 1.A2 has too few figures to chart",
            ),
            (["--ref", "5.D6"], "argument --ref: 5.D6 has too few figures to chart"),
            (["--ref", "1.A2", "--format", "png"], "argument --format: invalid"),
            ([], "the following arguments are required: --ref"),
        ],
    )
    def test_refused(
        self, args: list[str], says: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Each is refused with a message naming the option."""
        assert 2 == main(["spc", *args])
        captured = capsys.readouterr()
        assert "" == captured.out
        assert 1 == len(captured.err.splitlines())
        assert says in captured.err
        assert "Traceback" not in captured.err

    def test_subprocess(self) -> None:
        """And so from a shell."""
        assert_bad_input(run("spc", "--ref", "1.A2", "--period", "Jan 1000"))


class TestSpcOption:
    """``evaluate --spc`` and ``report --spc``."""

    def test_evaluate(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The icons appear in the JSON and the CSV; without --spc, not."""
        assert 0 == main(["evaluate", "--spc", "--format", "json"])
        first = json.loads(capsys.readouterr().out)["evaluations"][0]
        assert ("common_cause", "inconsistent") == (
            first["variation"],
            first["assurance"],
        )
        assert 0 == main(["evaluate", "--format", "json"])
        first = json.loads(capsys.readouterr().out)["evaluations"][0]
        assert (None, None) == (first["variation"], first["assurance"])
        assert 0 == main(["evaluate", "--spc", "--format", "csv"])
        header, row = capsys.readouterr().out.splitlines()[:2]
        assert "variation,assurance,explanation" in header
        assert ",common_cause,inconsistent," in row

    def test_report(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The report's tables gain the two columns."""
        assert 0 == main(["report", "--spc", "--format", "markdown"])
        out = capsys.readouterr().out
        assert "| DOT | Variation | Assurance |" in out
        assert 0 == main(["report", "--format", "markdown"])
        assert "Variation" not in capsys.readouterr().out


class TestChartsOption:
    """``report --charts`` draws each measure's chart in the HTML report."""

    def test_html(self, capsys: pytest.CaptureFixture[str]) -> None:
        """One chart a measure of the bundled example."""
        assert 0 == main(["report", "--charts", "--format", "html"])
        assert 10 == capsys.readouterr().out.count('<figure class="chart">')

    def test_other_formats_refused(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Text has no charts: said, not ignored."""
        assert 2 == main(["report", "--charts"])
        err = capsys.readouterr().err
        assert "argument --charts: charts are drawn in --format html" in err
