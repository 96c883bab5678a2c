"""A council-style workbook rates as the same plan entered in Python, and the seed survives every table."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import openpyxl
import pytest

from perfmeasures import (
    Aggregation,
    AnnualTarget,
    Frequency,
    LoadError,
    Measure,
    Plan,
    Polarity,
    Priority,
    Problem,
    Unit,
    UnitKind,
    evaluate_plan,
)
from perfmeasures.examples import REPORT_PERIOD, rotherham_2019_20
from perfmeasures.io import (
    plan_from_json,
    plan_to_json,
    read_long_csv,
    read_long_xlsx,
    read_wide_csv,
    read_wide_xlsx,
    write_long_csv,
    write_long_xlsx,
    write_wide_csv,
    write_wide_xlsx,
)
from perfmeasures.io._generate import (
    COUNCIL_STYLE,
    COUNCIL_STYLE_TITLE,
    council_style_workbook,
)

Q2 = "Q2 2019/20"
_PERCENT = Unit(kind=UnitKind.PERCENTAGE)


def entered_in_python() -> Plan:
    """The council-style workbook's plan, typed in by hand."""
    high, low = Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER

    def measure(ref: str, title: str, polarity: Polarity, **fields: object) -> Measure:
        # The sheet's figures are quarterly, so its measures are.
        fields.setdefault("frequency", Frequency.QUARTERLY)
        return Measure(ref=ref, title=title, polarity=polarity, **fields)  # type: ignore[arg-type]  # Keyword fields as the model takes them.

    year = "2019/20"
    return Plan(
        title=COUNCIL_STYLE_TITLE,
        priorities=(
            Priority(key="1", title="Every child making the best start in life"),
            Priority(key="2", title="Every adult secure, responsible and empowered"),
            Priority(key="3", title="A strong community in a clean, safe environment"),
        ),
        measures=(
            measure(
                "CH1",
                "Children subject to a child protection plan",
                low,
                unit=Unit(
                    kind=UnitKind.RATE, per=10_000, label="per 10K population under 18"
                ),
                aggregation=Aggregation.SNAPSHOT,
                targets={year: 90},
                values={"Q1 2019/20": "94.8", Q2: "88"},
                priority="1",
                outcome="A. Children are safe from harm",
                notes={Q2: "Falling since May."},
            ),
            measure(
                "CH2",
                "Repeat child protection plans",
                low,
                unit=_PERCENT,
                aggregation=Aggregation.SNAPSHOT,
                targets={year: 7},
                values={"Q1 2019/20": "10.1", Q2: "9.5"},
                priority="1",
                outcome="A. Children are safe from harm",
            ),
            measure(
                "CH3",
                "Looked after children placed in a family setting",
                high,
                unit=_PERCENT,
                aggregation=Aggregation.SNAPSHOT,
                targets={year: 85},
                values={"Q1 2019/20": "81.7", Q2: "82.3"},
                priority="1",
                outcome="B. Looked after children live in family settings",
            ),
            measure(
                "AD1",
                "New homes delivered",
                high,
                aggregation=Aggregation.SUM,
                targets={year: AnnualTarget(value=200)},
                values={"Q1 2019/20": 38, Q2: 41},
                priority="2",
                outcome="A. Homes for everyone",
                notes={Q2: "79 homes in the first half year."},
            ),
            measure(
                "AD2",
                "Council tax collected",
                high,
                unit=_PERCENT,
                aggregation=Aggregation.SNAPSHOT,
                targets={year: AnnualTarget.from_year_to_date(97, (29, 56, 83, 97))},
                values={"Q1 2019/20": "29.1", Q2: "55.8"},
                priority="2",
                outcome="B. A well-run council",
                notes={Q2: "Collection rates are cumulative."},
            ),
            measure(
                "AD3",
                "Adults supported in residential or nursing care",
                low,
                aggregation=Aggregation.SNAPSHOT,
                data_only=True,
                values={"Q1 2019/20": 931, Q2: 925},
                priority="2",
                outcome="C. Adults live independently",
            ),
            measure(
                "CO1",
                "Missed bins per 100,000 collections",
                low,
                unit=Unit(kind=UnitKind.RATE, per=100_000),
                aggregation=Aggregation.NONE,
                targets={year: 50},
                values={"Q1 2019/20": 113, Q2: 91},
                priority="3",
                outcome="A. Clean streets",
            ),
            measure(
                "CO2",
                "Average days to process a new benefit claim",
                low,
                unit=Unit(kind=UnitKind.DAYS),
                aggregation=Aggregation.AVERAGE,
                targets={year: 20},
                values={"Q1 2019/20": "21.5", Q2: "18.2"},
                priority="3",
                outcome="B. Responsive services",
            ),
        ),
    )


def ratings(plan: Plan, period: object) -> list[tuple[object, ...]]:
    """Each measure's rating for *period*: status, direction, figures and why."""
    return [
        (e.ref, e.status, e.direction, e.actual, e.target, e.explanation)
        for e in evaluate_plan(plan, period)  # type: ignore[arg-type]  # A period or its label.
    ]


class TestCouncilStyle:
    """The shipped council-style workbook."""

    def test_in_sync(self) -> None:
        """The shipped workbook holds what the generator builds, cell for cell."""

        def cells(data: bytes) -> object:
            sheet = openpyxl.load_workbook(io.BytesIO(data)).active
            assert sheet is not None
            return (
                [
                    [(c.value, c.number_format) for c in row]
                    for row in sheet.iter_rows()
                ],
                sorted(str(r) for r in sheet.merged_cells.ranges),
            )

        assert cells(council_style_workbook()) == cells(COUNCIL_STYLE.read_bytes())

    def test_made_the_same_whenever(self) -> None:
        """No time of making is in the workbook: regenerating it changes nothing."""
        with zipfile.ZipFile(io.BytesIO(council_style_workbook())) as book:
            times = {info.date_time for info in book.infolist()}
            core = book.read("docProps/core.xml").decode()
        assert {(2019, 10, 31, 0, 0, 0)} == times
        assert (
            '<dcterms:modified xsi:type="dcterms:W3CDTF">2019-10-31T00:00:00Z'
            "</dcterms:modified>"
        ) in core

    def test_plan(self) -> None:
        """The workbook reads as the plan entered in Python, priorities and all."""
        assert entered_in_python() == read_wide_xlsx(COUNCIL_STYLE)

    def test_rates_as_python(self) -> None:
        """Every measure rates exactly as the plan entered in Python."""
        expected = ratings(entered_in_python(), Q2)
        assert expected == ratings(read_wide_xlsx(COUNCIL_STYLE), Q2)

    def test_year_to_date(self) -> None:
        """The annual count target is rated on 79 to date, not the latest 41."""
        rating = evaluate_plan(read_wide_xlsx(COUNCIL_STYLE), Q2).get("AD1")
        assert "79 year to date" in rating.explanation

    def test_without_aggregation(self) -> None:
        """Without the Aggregation column, each missing fact is a located problem."""
        with pytest.raises(LoadError) as caught:
            read_wide_xlsx(io.BytesIO(council_style_workbook(aggregation=False)))
        fix = "add an Aggregation column (sum, snapshot, average, ratio or none)"
        assert [
            Problem(
                'row 7, column "Target"',
                "the annual target 200 needs to know how quarterly figures add up "
                f"(for Q2 2019/20); {fix}",
            ),
            Problem(
                'row 8, column "Target"',
                "the annual target 97% needs to know how quarterly figures add up "
                f"(for Q2 2019/20); {fix}",
            ),
        ] == list(caught.value.problems)


def _through(
    write: Callable[..., None], read: Callable[..., Plan], binary: bool
) -> Callable[[Plan], Plan]:
    def convert(plan: Plan) -> Plan:
        buffer: io.BytesIO | io.StringIO = io.BytesIO() if binary else io.StringIO()
        write(plan, buffer)
        buffer.seek(0)
        return read(buffer)

    return convert


FORMATS = {
    "wide-csv": _through(write_wide_csv, read_wide_csv, binary=False),
    "wide-xlsx": _through(write_wide_xlsx, read_wide_xlsx, binary=True),
    "long-csv": _through(write_long_csv, read_long_csv, binary=False),
    "long-xlsx": _through(write_long_xlsx, read_long_xlsx, binary=True),
}


class TestSeedAcceptance:
    """The bundled seed through every table gives the JSON's ratings."""

    @pytest.mark.parametrize("name", sorted(FORMATS))
    def test_same_ratings(self, name: str) -> None:
        """Statuses and directions are the same as from the JSON, measure by measure."""
        plan = plan_from_json(plan_to_json(rotherham_2019_20()))
        back = FORMATS[name](plan)

        def rated(p: Plan) -> list[tuple[object, ...]]:
            return [
                (e.ref, e.status, e.direction) for e in evaluate_plan(p, REPORT_PERIOD)
            ]

        assert rated(plan) == rated(back)

    def test_wide_csv_identity(self) -> None:
        """JSON to wide CSV and back gives the very plan of the JSON."""
        plan = plan_from_json(plan_to_json(rotherham_2019_20()))
        assert plan == FORMATS["wide-csv"](plan)
