"""Messages in the user's terms: the option and value typed, the place in the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from perfmeasures import LoadError, Problem
from perfmeasures.cli import main
from perfmeasures.io import plan_from_json, read_plan

DOCUMENT = '{"format": "perfmeasures/plan/1", "title": "Our plan"}'


def _errors(capsys: pytest.CaptureFixture[str]) -> list[str]:
    captured = capsys.readouterr()
    assert "" == captured.out
    return captured.err.splitlines()


class TestOptions:
    """Options are named, with the value typed."""

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (
                ("report", "--years", "3000"),
                (
                    "argument --years: expected a number of years from 0 to 1019 for a "
                    "report of Q1 2019/20, as perfmeasures supports years from 1000 "
                    "(got 3000)"
                ),
            ),
            (
                ("report", "--period", "Q1 1003/04", "--years", "4"),
                (
                    "argument --years: expected a number of years from 0 to 3 for a "
                    "report of Q1 1003/04, as perfmeasures supports years from 1000 "
                    "(got 4)"
                ),
            ),
            (
                ("report", "--period", "Jan 1000"),
                (
                    "argument --period: 'Jan 1000' is too near the edge of the years "
                    "perfmeasures supports (1000 to 9998): rating it needs periods "
                    "before them (the year 999)"
                ),
            ),
            (
                ("evaluate", "--period", "January 1000"),
                (
                    "argument --period: 'January 1000' is too near the edge of the "
                    "years perfmeasures supports (1000 to 9998): rating it needs "
                    "periods before them (the year 999)"
                ),
            ),
            (
                ("evaluate", "--period", "Q1 1000/01"),
                (
                    "argument --period: 'Q1 1000/01' is too near the edge of the years "
                    "perfmeasures supports (1000 to 9998): rating it needs periods "
                    "before them (the year 999)"
                ),
            ),
        ],
    )
    def test_refused(
        self,
        capsys: pytest.CaptureFixture[str],
        args: tuple[str, ...],
        message: str,
    ) -> None:
        """Exit status 2 and one line in the option's terms."""
        assert 2 == main(list(args))
        assert [f"perfmeasures: {message}"] == _errors(capsys)

    def test_years_by_default_near_the_edge(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Without --years, a report near the first year shows the years there are."""
        assert 0 == main(["report", "--period", "Q1 1002/03", "--format", "markdown"])
        header = next(
            line for line in capsys.readouterr().out.splitlines() if "Year end" in line
        )
        assert ["1000/01", "1001/02"] == [
            cell.strip().removeprefix("Year end ")
            for cell in header.split("|")
            if cell.strip().startswith("Year end")
        ]


class TestJsonText:
    """What is wrong with a document's bytes is said in words."""

    def _problems(self, data: bytes | str) -> tuple[Problem, ...]:
        with pytest.raises(LoadError) as caught:
            plan_from_json(data)
        return caught.value.problems

    def test_long_integer(self) -> None:
        """An integer of 100,000 digits: its place, its length, no interpreter advice."""
        document = (
            '{"format": "perfmeasures/plan/1", "title": "T", "measures": '
            '[{"ref": "A", "title": "A", "polarity": "neutral", '
            '"year_start_month": 1' + "0" * 99_999 + "}]}"
        )
        problems = self._problems(document)
        assert (
            Problem(
                "$.measures[0].year_start_month",
                "expected a number of at most 4,300 digits (got one of 100,000 "
                "digits, starting 100000000000\u2026)",
            ),
        ) == problems
        assert all("sys." not in p.message for p in problems)

    def test_long_integer_at_the_top(self) -> None:
        """A document that is one long number is located at its root."""
        first = self._problems("-" + "9" * 5000)[0]
        assert (
            Problem(
                "$",
                "expected a number of at most 4,300 digits (got one of 5,000 "
                "digits, starting -99999999999\u2026)",
            )
        ) == first

    @pytest.mark.parametrize(
        ("codec", "words"),
        [
            ("utf-16-le", "UTF-16 (little-endian)"),
            ("utf-16-be", "UTF-16 (big-endian)"),
            ("utf-32-le", "UTF-32 (little-endian)"),
            ("utf-32-be", "UTF-32 (big-endian)"),
            ("utf-16", "UTF-16 (little-endian, with a byte-order mark)"),
            ("utf-32", "UTF-32 (little-endian, with a byte-order mark)"),
        ],
    )
    def test_wide_encodings(self, codec: str, words: str) -> None:
        """UTF-16 and UTF-32, with or without a byte-order mark, are named."""
        assert (
            Problem("file", f"expected UTF-8 text; this looks like {words}"),
        ) == self._problems(DOCUMENT.encode(codec))

    def test_utf8_with_a_mark_still_reads(self) -> None:
        """UTF-8 with its byte-order mark is not taken for UTF-16."""
        assert "Our plan" == plan_from_json(DOCUMENT.encode("utf-8-sig")).title

    def test_wide_encoding_on_the_command_line(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The CLI names the file and what it looks like, in one line."""
        path = tmp_path / "plan.json"
        path.write_bytes(DOCUMENT.encode("utf-16-le"))
        assert 2 == main(["validate", str(path)])
        assert [
            (
                f"perfmeasures: {path}: file: expected UTF-8 text; this looks like "
                "UTF-16 (little-endian)"
            )
        ] == _errors(capsys)


class TestCsvText:
    """A CSV file saved as UTF-16 is named as such, not read as nonsense."""

    @pytest.mark.parametrize(
        ("codec", "words"),
        [
            ("utf-16-le", "UTF-16 (little-endian)"),
            ("utf-16", "UTF-16 (little-endian, with a byte-order mark)"),
        ],
    )
    def test_named(self, tmp_path: Path, codec: str, words: str) -> None:
        path = tmp_path / "kpis.csv"
        text = (
            "Ref No.,Measure,Good performance,Target,Q1 2019/20\nH1,Homes £,High,5,4\n"
        )
        path.write_bytes(text.encode(codec))
        with pytest.raises(LoadError) as caught:
            read_plan(path)
        assert [
            Problem(
                "file",
                f"expected UTF-8 text; this looks like {words}: save the sheet as "
                "'CSV UTF-8' (or, reading in Python, pass encoding='utf-16')",
            )
        ] == list(caught.value.problems)

    def test_read_in_its_encoding(self, tmp_path: Path) -> None:
        path = tmp_path / "kpis.csv"
        text = (
            "Ref No.,Measure,Good performance,Target,Q1 2019/20\nH1,Homes £,High,5,4\n"
        )
        path.write_bytes(text.encode("utf-16"))
        plan = read_plan(path, encoding="utf-16")
        assert "Homes £" == plan.measures[0].title
