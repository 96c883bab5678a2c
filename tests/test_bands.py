"""Tests for four- and five-band statuses: yellow, blue, their schemes and reports."""

from __future__ import annotations

import json
import pickle
from decimal import Decimal

import pytest

from perfmeasures import (
    WORST_FIRST,
    Case,
    ChangeKind,
    Direction,
    Exceeded,
    FixedTarget,
    FourBand,
    InvalidRuleError,
    InvalidValueError,
    Measure,
    Override,
    PeriodTarget,
    Plan,
    Polarity,
    Progress,
    Rules,
    Status,
    TargetMet,
    Tolerance,
    YearEndSplit,
    evaluate,
    evaluate_plan,
    presets,
)
from perfmeasures.examples import REPORT_PERIOD, rotherham_2019_20
from perfmeasures.io import (
    evaluations_to_pandas,
    make_converter,
    plan_from_json,
    plan_to_json,
)
from perfmeasures.io._export import evaluation_records
from perfmeasures.io._sheets._cells import parse_word, word
from perfmeasures.reports import (
    DEFAULT_KEY,
    Key,
    PerformanceReport,
    Selection,
    StatusSymbol,
    areas_for_improvement,
    performance_report,
    priority_tables,
    to_html,
    to_json,
    to_markdown,
    to_text,
)

HIGH = Polarity.HIGHER_IS_BETTER
LOW = Polarity.LOWER_IS_BETTER
CLOSEST = Polarity.CLOSEST_TO_TARGET
Q1 = "Q1 2019/20"

# The five bands of the report fixture: blue at 10% or more beyond the
# target, green when met, yellow within 5% short, amber within 10%, red.
FIVE_BANDS = Exceeded(blue=10, scheme=FourBand(yellow=5, amber=10))


def case(
    actual: str,
    target: str | None,
    polarity: Polarity = HIGH,
    *,
    lower: str | None = None,
    upper: str | None = None,
    direction: Direction = Direction.NOT_APPLICABLE,
    year_end: bool = False,
) -> Case:
    """A case with figures written as strings."""
    return Case(
        actual=Decimal(actual),
        target=PeriodTarget(
            value=None if target is None else Decimal(target),
            lower=None if lower is None else Decimal(lower),
            upper=None if upper is None else Decimal(upper),
        ),
        polarity=polarity,
        direction=direction,
        is_year_end=year_end,
    )


def measure(ref: str, actual: str, target: str, polarity: Polarity = HIGH) -> Measure:
    """A quarterly measure with one figure and a target for 2019/20."""
    return Measure(
        ref=ref,
        title=f"Measure {ref}",
        polarity=polarity,
        values={"Q4 2018/19": actual, Q1: actual},
        targets={"2019/20": target},
    )


def banded_plan() -> Plan:
    """A plan of five measures, one in each band of FIVE_BANDS in Q1 2019/20."""
    return Plan(
        title="Banded",
        measures=(
            measure("B1", "110", "100"),
            measure("G1", "100", "100"),
            measure("Y1", "96", "100"),
            measure("A1", "92", "100"),
            measure("R1", "80", "100"),
        ),
        rules=Rules(status=FIVE_BANDS),
    )


class TestStatus:
    """Blue and yellow in the status vocabulary."""

    @pytest.mark.parametrize(
        ("status", "expected"),
        [
            (Status.BLUE, True),
            (Status.GREEN, True),
            (Status.YELLOW, True),
            (Status.AMBER, True),
            (Status.RED, True),
            (Status.NOT_APPLICABLE, False),
            (Status.UNDER_DEVELOPMENT, False),
            (Status.NOT_AVAILABLE, False),
        ],
    )
    def test_is_rag(self, status: Status, expected: bool) -> None:
        """Every band is a rating; the reasons for none are not."""
        assert expected == status.is_rag

    def test_wire_values(self) -> None:
        """The new bands travel as their lower_snake names."""
        assert ("blue", "yellow") == (Status.BLUE.value, Status.YELLOW.value)

    def test_worst_first(self) -> None:
        """Red, amber, yellow, green, blue, then the statuses without a rating."""
        assert (
            Status.RED,
            Status.AMBER,
            Status.YELLOW,
            Status.GREEN,
            Status.BLUE,
            Status.NOT_AVAILABLE,
            Status.UNDER_DEVELOPMENT,
            Status.NOT_APPLICABLE,
        ) == WORST_FIRST

    def test_worst_first_holds_every_status_once(self) -> None:
        """Every status has exactly one place in the order."""
        assert sorted(s.value for s in Status) == sorted(s.value for s in WORST_FIRST)
        assert len(Status) == len(WORST_FIRST)

    def test_bands_before_the_rest(self) -> None:
        """Every band comes before every status without a rating."""
        ratings = [s.is_rag for s in WORST_FIRST]
        assert [True] * 5 + [False] * 3 == ratings


class TestFourBand:
    """Green when met, yellow just short, amber further short, red beyond."""

    @pytest.mark.parametrize(
        ("scheme", "c", "expected"),
        [
            (FourBand(yellow=5, amber=10), case("100", "100"), Status.GREEN),
            (FourBand(yellow=5, amber=10), case("120", "100"), Status.GREEN),
            (FourBand(yellow=5, amber=10), case("99.99", "100"), Status.YELLOW),
            (FourBand(yellow=5, amber=10), case("95", "100"), Status.YELLOW),
            (FourBand(yellow=5, amber=10), case("94.99", "100"), Status.AMBER),
            (FourBand(yellow=5, amber=10), case("90", "100"), Status.AMBER),
            (FourBand(yellow=5, amber=10), case("89.99", "100"), Status.RED),
            (FourBand(yellow=5, amber=10), case("10.5", "10", LOW), Status.YELLOW),
            (FourBand(yellow=5, amber=10), case("10.51", "10", LOW), Status.AMBER),
            (FourBand(yellow=5, amber=10), case("11", "10", LOW), Status.AMBER),
            (FourBand(yellow=5, amber=10), case("11.01", "10", LOW), Status.RED),
            (
                FourBand(yellow=5, amber=10, yellow_inclusive=False),
                case("95", "100"),
                Status.AMBER,
            ),
            (
                FourBand(yellow=5, amber=10, amber_inclusive=False),
                case("90", "100"),
                Status.RED,
            ),
            (
                FourBand(yellow=1, amber=3, kind=ChangeKind.ABSOLUTE),
                case("84", "85"),
                Status.YELLOW,
            ),
            (
                FourBand(yellow=1, amber=3, kind=ChangeKind.ABSOLUTE),
                case("83.99", "85"),
                Status.AMBER,
            ),
            (
                FourBand(yellow=1, amber=3, kind=ChangeKind.ABSOLUTE),
                case("82", "85"),
                Status.AMBER,
            ),
            (
                FourBand(yellow=1, amber=3, kind=ChangeKind.ABSOLUTE),
                case("81.99", "85"),
                Status.RED,
            ),
            (FourBand(yellow=5, amber=10), case("10", "10", CLOSEST), Status.GREEN),
            (FourBand(yellow=5, amber=10), case("9.5", "10", CLOSEST), Status.YELLOW),
            (FourBand(yellow=5, amber=10), case("11", "10", CLOSEST), Status.AMBER),
            (
                FourBand(yellow=5, amber=10),
                case("20", None, lower="10", upper="20"),
                Status.GREEN,
            ),
            (
                FourBand(yellow=5, amber=10),
                case("21", None, lower="10", upper="20"),
                Status.YELLOW,
            ),
            (
                FourBand(yellow=5, amber=10),
                case("9.4", None, lower="10", upper="20"),
                Status.AMBER,
            ),
            (FourBand(yellow=5, amber=10), case("1", "0", LOW), Status.RED),
            (FourBand(yellow=5, amber=10), case("95", None, lower="95"), Status.GREEN),
            (
                FourBand(yellow=5, amber=10),
                case("90.25", None, lower="95"),
                Status.YELLOW,
            ),
            (
                FourBand(yellow=5, amber=10),
                case("90.24", None, lower="95"),
                Status.AMBER,
            ),
            (FourBand(yellow=0, amber=10), case("99.99", "100"), Status.AMBER),
            (FourBand(yellow=5, amber=5), case("95", "100"), Status.YELLOW),
            (FourBand(yellow=5, amber=5), case("94.99", "100"), Status.RED),
        ],
    )
    def test_rate(self, scheme: FourBand, c: Case, expected: Status) -> None:
        """Each band runs up to its boundary, inclusive or not as stated."""
        assert expected == scheme.rate(c)

    def test_converts_published_numbers(self) -> None:
        """Tolerances written as text or whole numbers become exact decimals."""
        assert FourBand(yellow=Decimal(5), amber=Decimal("10.0")) == FourBand(
            yellow="5", amber=10
        )

    @pytest.mark.parametrize(
        ("kwargs", "error", "message"),
        [
            (
                {"yellow": "-1", "amber": 10},
                InvalidRuleError,
                "'yellow' must be a number of at least 0 (got '-1')",
            ),
            (
                {"yellow": 5, "amber": "-1"},
                InvalidRuleError,
                "'amber' must be a number of at least 0 (got '-1')",
            ),
            (
                {"yellow": 6, "amber": 5},
                InvalidRuleError,
                "'amber' must be at least the yellow tolerance 6 (got '5')",
            ),
            (
                {"yellow": "x", "amber": 5},
                InvalidValueError,
                "'yellow' must be a finite number (such as 94.8 or '94.8') (got 'x')",
            ),
            (
                {"yellow": 1, "amber": 5, "kind": "percent"},
                InvalidValueError,
                "'kind' must be a ChangeKind (got 'percent')",
            ),
            (
                {"yellow": 1, "amber": 5, "yellow_inclusive": 1},
                InvalidValueError,
                "'yellow_inclusive' must be True or False (got 1)",
            ),
            (
                {"yellow": 1, "amber": 5, "amber_inclusive": "yes"},
                InvalidValueError,
                "'amber_inclusive' must be True or False (got 'yes')",
            ),
        ],
    )
    def test_rejects(
        self, kwargs: dict[str, object], error: type[Exception], message: str
    ) -> None:
        """Impossible parameters are refused, naming the field and value."""
        with pytest.raises(error) as caught:
            FourBand(**kwargs)  # type: ignore[arg-type]
        assert (error, message) == (type(caught.value), str(caught.value))

    def test_pickles(self) -> None:
        """A scheme that has rated survives pickling equal to itself."""
        scheme = FourBand(yellow=5, amber=10)
        scheme.rate(case("96", "100"))
        assert scheme == pickle.loads(pickle.dumps(scheme))


class TestExceeded:
    """Blue beyond the target by a stated margin, else the inner scheme."""

    @pytest.mark.parametrize(
        ("scheme", "c", "expected"),
        [
            (Exceeded(blue=10, scheme=TargetMet()), case("110", "100"), Status.BLUE),
            (
                Exceeded(blue=10, scheme=TargetMet()),
                case("109.99", "100"),
                Status.GREEN,
            ),
            (Exceeded(blue=10, scheme=TargetMet()), case("100", "100"), Status.GREEN),
            (Exceeded(blue=10, scheme=TargetMet()), case("99", "100"), Status.RED),
            (
                Exceeded(blue=10, blue_inclusive=False, scheme=TargetMet()),
                case("110", "100"),
                Status.GREEN,
            ),
            (
                Exceeded(blue=10, blue_inclusive=False, scheme=TargetMet()),
                case("110.01", "100"),
                Status.BLUE,
            ),
            (Exceeded(blue=10, scheme=TargetMet()), case("9", "10", LOW), Status.BLUE),
            (
                Exceeded(blue=10, scheme=TargetMet()),
                case("9.01", "10", LOW),
                Status.GREEN,
            ),
            (
                Exceeded(blue=2, kind=ChangeKind.ABSOLUTE, scheme=TargetMet()),
                case("87", "85"),
                Status.BLUE,
            ),
            (
                Exceeded(blue=2, kind=ChangeKind.ABSOLUTE, scheme=TargetMet()),
                case("86.99", "85"),
                Status.GREEN,
            ),
            (Exceeded(blue=0, scheme=TargetMet()), case("100", "100"), Status.GREEN),
            (
                Exceeded(blue=0, scheme=TargetMet()),
                case("100.01", "100"),
                Status.BLUE,
            ),
            (
                Exceeded(blue=0, scheme=TargetMet()),
                case("10", "10", CLOSEST),
                Status.GREEN,
            ),
            (
                Exceeded(blue=0, scheme=TargetMet()),
                case("15", None, lower="10", upper="20"),
                Status.GREEN,
            ),
            (Exceeded(blue=50, scheme=TargetMet()), case("1", "0"), Status.BLUE),
            (
                Exceeded(blue=5, scheme=TargetMet()),
                case("99.75", None, lower="95"),
                Status.BLUE,
            ),
            (
                Exceeded(blue=5, scheme=TargetMet()),
                case("99.74", None, lower="95"),
                Status.GREEN,
            ),
            (
                Exceeded(blue=0, scheme=TargetMet()),
                case("95", None, lower="95"),
                Status.GREEN,
            ),
            (
                Exceeded(blue=0, scheme=TargetMet()),
                case("94", None, lower="95"),
                Status.RED,
            ),
            (
                Exceeded(blue=10, scheme=TargetMet()),
                case("4.5", None, upper="5"),
                Status.BLUE,
            ),
            (
                Exceeded(blue=10, scheme=TargetMet()),
                case("4.51", None, upper="5"),
                Status.GREEN,
            ),
            (
                Exceeded(blue=1, kind=ChangeKind.ABSOLUTE, scheme=TargetMet()),
                case("4", None, upper="5"),
                Status.BLUE,
            ),
            (
                Exceeded(blue=50, kind=ChangeKind.ABSOLUTE, scheme=TargetMet()),
                case("1", "0"),
                Status.GREEN,
            ),
            (
                Exceeded(blue=10, scheme=Tolerance(amber=10)),
                case("90", "100"),
                Status.AMBER,
            ),
            (FIVE_BANDS, case("110", "100"), Status.BLUE),
            (FIVE_BANDS, case("109.99", "100"), Status.GREEN),
            (FIVE_BANDS, case("100", "100"), Status.GREEN),
            (FIVE_BANDS, case("95", "100"), Status.YELLOW),
            (FIVE_BANDS, case("90", "100"), Status.AMBER),
            (FIVE_BANDS, case("89.99", "100"), Status.RED),
        ],
    )
    def test_rate(self, scheme: Exceeded, c: Case, expected: Status) -> None:
        """Blue from the stated margin on; everything else as the inner scheme."""
        assert expected == scheme.rate(c)

    def test_strict_bound(self) -> None:
        """On a strict bound ('< 5') the target is missed: yellow, never blue."""
        on_bound = Case(
            actual=Decimal(5),
            target=PeriodTarget(upper=Decimal(5), upper_inclusive=False),
            polarity=LOW,
        )
        assert Status.YELLOW == FIVE_BANDS.rate(on_bound)

    def test_wraps_a_year_end_split(self) -> None:
        """Blue on top of a scheme that rates the year end differently."""
        scheme = Exceeded(
            blue=10, scheme=YearEndSplit(in_year=Progress(), year_end=TargetMet())
        )
        improving = Direction.IMPROVING
        assert [Status.BLUE, Status.AMBER, Status.RED] == [
            scheme.rate(case("120", "100", year_end=True)),
            scheme.rate(case("90", "100", direction=improving)),
            scheme.rate(case("90", "100", direction=improving, year_end=True)),
        ]

    def test_inside_a_year_end_split(self) -> None:
        """A split may rate in year with five bands and by target met at the end."""
        scheme = YearEndSplit(in_year=FIVE_BANDS, year_end=TargetMet())
        assert [Status.BLUE, Status.GREEN] == [
            scheme.rate(case("120", "100")),
            scheme.rate(case("120", "100", year_end=True)),
        ]

    @pytest.mark.parametrize(
        ("kwargs", "error", "message"),
        [
            (
                {"blue": "-0.1", "scheme": TargetMet()},
                InvalidRuleError,
                "'blue' must be a number of at least 0 (got '-0.1')",
            ),
            (
                {"blue": 5, "scheme": TargetMet(), "kind": "absolute"},
                InvalidValueError,
                "'kind' must be a ChangeKind (got 'absolute')",
            ),
            (
                {"blue": 5, "scheme": TargetMet(), "blue_inclusive": None},
                InvalidValueError,
                "'blue_inclusive' must be True or False (got None)",
            ),
            (
                {"blue": 5, "scheme": "tolerance"},
                InvalidRuleError,
                (
                    "'scheme' must be a status scheme other than Exceeded (a frozen "
                    "attrs class with rate()) (got 'tolerance')"
                ),
            ),
            (
                {"blue": 5, "scheme": Exceeded(blue=1, scheme=TargetMet())},
                InvalidRuleError,
                (
                    "'scheme' must be a status scheme other than Exceeded (a frozen "
                    "attrs class with rate()) (got Exceeded(blue=Decimal('1'), "
                    "kind=<ChangeKind.PERCENT: 'percent'>, blue_inclusive=True, "
                    "scheme=TargetMet()))"
                ),
            ),
        ],
    )
    def test_rejects(
        self, kwargs: dict[str, object], error: type[Exception], message: str
    ) -> None:
        """Impossible parameters are refused, naming the field and value."""
        with pytest.raises(error) as caught:
            Exceeded(**kwargs)  # type: ignore[arg-type]
        assert (error, message) == (type(caught.value), str(caught.value))


class TestPresets:
    """The four-band and BRAG presets."""

    @pytest.mark.parametrize(
        ("actual", "expected"),
        [
            ("105", Status.GREEN),
            ("100", Status.GREEN),
            ("99", Status.YELLOW),
            ("95", Status.YELLOW),
            ("94.99", Status.AMBER),
            ("90", Status.AMBER),
            ("89.99", Status.RED),
        ],
    )
    def test_anglesey(self, actual: str, expected: Status) -> None:
        """Anglesey: green or yellow when 'performing above or within 5% tolerance of their targets'.

        Amber and red lie beyond that tolerance; their boundary is the
        preset's parameter, 10% unless given.
        """
        assert expected == presets.anglesey().rate(case(actual, "100"))

    def test_anglesey_lower_is_better(self) -> None:
        """Anglesey's 5% tolerance is measured above a target where lower is better."""
        scheme = presets.anglesey()
        assert [Status.YELLOW, Status.AMBER] == [
            scheme.rate(case("6.3", "6", LOW)),
            scheme.rate(case("6.31", "6", LOW)),
        ]

    def test_anglesey_amber_boundary(self) -> None:
        """Where amber ends is the council's own figure where given."""
        scheme = presets.anglesey(amber=15)
        assert [Status.AMBER, Status.RED] == [
            scheme.rate(case("85", "100")),
            scheme.rate(case("84.99", "100")),
        ]

    def test_anglesey_amber_within_yellow_refused(self) -> None:
        """An amber boundary inside the published 5% yellow band is refused."""
        with pytest.raises(InvalidRuleError) as caught:
            presets.anglesey(amber=4)
        assert "'amber' must be at least the yellow tolerance 5 (got '4')" == str(
            caught.value
        )

    @pytest.mark.parametrize(
        ("actual", "expected"),
        [
            ("106", Status.BLUE),
            ("105", Status.BLUE),
            ("104.99", Status.GREEN),
            ("100", Status.GREEN),
            ("97", Status.AMBER),
            ("96.99", Status.RED),
        ],
    )
    def test_brag(self, actual: str, expected: Status) -> None:
        """BRAG: blue for a target 'exceeded by a stated margin', with the margin given."""
        scheme = presets.brag(blue=5, amber=3)
        assert expected == scheme.rate(case(actual, "100"))

    def test_brag_absolute(self) -> None:
        """Both BRAG margins may be in the measure's units."""
        scheme = presets.brag(blue=2, amber=1, kind=ChangeKind.ABSOLUTE)
        assert [Status.BLUE, Status.GREEN, Status.AMBER, Status.RED] == [
            scheme.rate(case("8", "10", LOW)),
            scheme.rate(case("8.01", "10", LOW)),
            scheme.rate(case("11", "10", LOW)),
            scheme.rate(case("11.01", "10", LOW)),
        ]

    def test_brag_defaults(self) -> None:
        """By default blue is 10% beyond the target and amber within 10% short."""
        scheme = presets.brag()
        assert [Status.BLUE, Status.GREEN, Status.AMBER, Status.RED] == [
            scheme.rate(case("110", "100")),
            scheme.rate(case("109.99", "100")),
            scheme.rate(case("90", "100")),
            scheme.rate(case("89.99", "100")),
        ]

    @pytest.mark.parametrize("name", ["anglesey", "brag"])
    def test_by_name(self, name: str) -> None:
        """The new presets are known by name, with their defaults."""
        assert name in presets.names()
        assert getattr(presets, name)() == presets.by_name(name)


class TestMultiPart:
    """A multi-part measure is rated as its worst part, in the worst-first order."""

    @pytest.mark.parametrize(
        ("figures", "expected"),
        [
            (("96", "120"), Status.YELLOW),
            (("120", "96"), Status.YELLOW),
            (("120", "100"), Status.GREEN),
            (("120", "120"), Status.BLUE),
            (("92", "96"), Status.AMBER),
            (("80", "120"), Status.RED),
        ],
    )
    def test_worst_part(self, figures: tuple[str, str], expected: Status) -> None:
        """Yellow is worse than green and blue; amber and red are worse still."""
        parts = tuple(
            measure(f"X({letter})", figure, "100")
            for letter, figure in zip("ab", figures, strict=True)
        )
        whole = Measure(ref="X", title="Parts", polarity=HIGH, components=parts)
        result = evaluate(whole, Q1, rules=Rules(status=FIVE_BANDS))
        assert expected == result.status

    def test_rated_part_beats_missing_part(self) -> None:
        """A part without a figure never hides a blue part."""
        parts = (
            measure("X(a)", "120", "100"),
            Measure(ref="X(b)", title="b", polarity=HIGH, targets={"2019/20": 1}),
        )
        whole = Measure(ref="X", title="Parts", polarity=HIGH, components=parts)
        result = evaluate(whole, Q1, rules=Rules(status=FIVE_BANDS))
        assert (Status.BLUE, [Status.BLUE, Status.NOT_AVAILABLE]) == (
            result.status,
            [p.status for p in result.components],
        )


class TestWire:
    """The new schemes travel in plan files."""

    def test_plan_round_trip(self) -> None:
        """A plan rated by five bands comes back from JSON equal."""
        plan = banded_plan()
        assert plan == plan_from_json(plan_to_json(plan))

    def test_tags_and_fields(self) -> None:
        """Each scheme is written under its tag, with its parameters as text."""
        data = make_converter().unstructure(Rules(status=FIVE_BANDS), Rules)
        assert {
            "type": "exceeded",
            "blue": "10",
            "kind": "percent",
            "blue_inclusive": True,
            "scheme": {
                "type": "four_band",
                "yellow": "5",
                "amber": "10",
                "kind": "percent",
                "yellow_inclusive": True,
                "amber_inclusive": True,
            },
        } == data["status"]

    def test_evaluations_carry_the_new_bands(self) -> None:
        """Evaluations of blue and yellow write and read their status words."""
        plan = banded_plan()
        records = evaluation_records(evaluate_plan(plan, Q1), plan)
        assert ["blue", "green", "yellow", "amber", "red"] == [
            r["status"] for r in records
        ]

    def test_pandas(self) -> None:
        """The status column of a data frame holds the new bands' values."""
        plan = banded_plan()
        frame = evaluations_to_pandas(evaluate_plan(plan, Q1), plan)
        assert ["blue", "green", "yellow", "amber", "red"] == frame["status"].tolist()

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("Blue", Status.BLUE),
            ("B", Status.BLUE),
            ("b", Status.BLUE),
            ("Yellow", Status.YELLOW),
            ("Y", Status.YELLOW),
            (" YELLOW ", Status.YELLOW),
            ("G", Status.GREEN),
        ],
    )
    def test_status_cells(self, text: str, expected: Status) -> None:
        """A spreadsheet's status column may hold a band's word or initial."""
        assert expected == parse_word(text, Status, "status")

    def test_status_words(self) -> None:
        """The new bands are written as capitalised words."""
        assert ("Blue", "Yellow") == (word(Status.BLUE), word(Status.YELLOW))


class TestReports:
    """Reports show, count, key and select the new bands."""

    def report(self) -> PerformanceReport:
        """The banded plan's report for Q1 2019/20."""
        return performance_report(banded_plan(), Q1)

    def test_counts_worst_first(self) -> None:
        """Status counts run from red to blue."""
        counts = [(c.status, c.count) for c in self.report().status_counts]
        assert [
            (Status.RED, 1),
            (Status.AMBER, 1),
            (Status.YELLOW, 1),
            (Status.GREEN, 1),
            (Status.BLUE, 1),
        ] == counts

    def test_areas_leave_out_yellow_and_blue(self) -> None:
        """By default only red and amber are areas for improvement."""
        areas = areas_for_improvement(banded_plan(), Q1)
        assert ["A1", "R1"] == [item.ref for item in areas.items]

    def test_yellow_may_be_selected(self) -> None:
        """A council that explains yellow too names it in the selection."""
        chosen = Selection(statuses=(Status.RED, Status.AMBER, Status.YELLOW))
        areas = areas_for_improvement(banded_plan(), Q1, chosen)
        assert (["Y1", "A1", "R1"], "rated red, amber or yellow") == (
            [item.ref for item in areas.items],
            chosen.words,
        )

    def test_text(self) -> None:
        """Text shows symbols and words, counts and a key listing all five bands."""
        text = to_text(self.report())
        assert "5 measures: 1 red, 1 amber, 1 yellow, 1 green, 1 blue." in text
        assert "★ Blue" in text
        assert "◐ Yellow" in text
        key = text[text.index("Key\n") : text.index("▲ Improving")]
        assert ["★ Blue", "✓ Green", "◐ Yellow", "● Amber", "✗ Red"] == [
            line.split("  ")[1].strip() for line in key.splitlines()[2:7]
        ]

    def test_markdown(self) -> None:
        """Markdown's key table lists blue and yellow with their meanings."""
        page = to_markdown(self.report())
        assert (
            "| ★ | Blue | Exceeded: performance beats the target by the margin set |"
            in page
        )
        assert (
            "| ◐ | Yellow | Just short of the target set, within a narrow tolerance |"
            in page
        )
        assert "★ Blue" in page.split("### Key")[1]

    def test_html(self) -> None:
        """HTML marks each band with a class, its symbol and its words."""
        page = to_html(self.report())
        for value, symbol, label in (
            ("blue", "★", "Blue"),
            ("yellow", "◐", "Yellow"),
        ):
            mark = (
                f'<span class="status status-{value}" data-status="{value}">'
                f'<span aria-hidden="true">{symbol}</span> '
                f'<span class="label">{label}</span></span>'
            )
            assert page.count(mark) == 2  # In the key and in the table.
            assert f".status-{value} {{" in page

    def test_json(self) -> None:
        """JSON carries the bands' values and the key's entries for them."""
        data = json.loads(to_json(self.report()))
        assert ["red", "amber", "yellow", "green", "blue"] == [
            c["status"] for c in data["status_counts"]
        ]
        assert ["blue", "yellow"] == data["key"]["only_when_shown"]
        assert {"blue", "yellow"} <= {s["status"] for s in data["key"]["statuses"]}

    def test_three_band_key_unchanged(self) -> None:
        """A report with no blue or yellow keeps the three-band key."""
        plan = Plan(title="Three", measures=(measure("G1", "100", "100"),))
        text = to_text(performance_report(plan, Q1))
        assert ("✓ Green" in text, "Blue" in text, "Yellow" in text) == (
            True,
            False,
            False,
        )

    def test_tables_key_lists_what_they_show(self) -> None:
        """Priority tables rendered alone list the bands their rows show."""
        plan = Plan(
            title="Two",
            measures=(measure("G1", "100", "100"), measure("Y1", "96", "100")),
            rules=Rules(status=FIVE_BANDS),
        )
        text = to_text(priority_tables(plan, Q1))
        assert ("Yellow" in text, "Blue" in text) == (True, False)

    def test_overridden_computed_band_listed(self) -> None:
        """A band shown only as a computed status beside a hand-set one is keyed."""
        m = Measure(
            ref="Y1",
            title="Overridden",
            polarity=HIGH,
            values={Q1: "96"},
            targets={"2019/20": FixedTarget(100)},
            overrides={Q1: Override(status=Status.RED, reason="judged")},
        )
        plan = Plan(title="One", measures=(m,), rules=Rules(status=FIVE_BANDS))
        text = to_text(performance_report(plan, Q1))
        assert "(computed ◐ Yellow)" in text
        assert "◐ Yellow  " in text[text.index("Key\n") :]


class TestKey:
    """Keys list the bands only some schemes use only when a report shows them."""

    def test_default_key_lists_bands_when_shown(self) -> None:
        """The default key drops blue and yellow unless they are shown."""
        assert [
            ["Green", "Amber", "Red"],
            ["Blue", "Green", "Yellow", "Amber", "Red"],
        ] == [
            [e.label for e in DEFAULT_KEY.listed(shown) if e.status.is_rag]
            for shown in (set(), {Status.BLUE, Status.YELLOW})
        ]

    def test_own_key_lists_everything(self) -> None:
        """A key of the caller's lists every entry unless told otherwise."""
        entry = StatusSymbol(status=Status.YELLOW, symbol="Y", label="Y", meaning="")
        key = Key(statuses=(entry,), directions=())
        assert (entry,) == key.listed(())

    def test_every_status_has_a_distinct_symbol(self) -> None:
        """No two statuses share a symbol in the default key."""
        symbols = [DEFAULT_KEY.status(s).symbol for s in Status]
        assert len(symbols) == len(set(symbols))

    def test_every_status_keyed(self) -> None:
        """The default key has its own entry for every status."""
        assert sorted(s.value for s in Status) == sorted(
            e.status.value for e in DEFAULT_KEY.statuses
        )

    @pytest.mark.parametrize("status", [Status.BLUE, Status.YELLOW])
    def test_selection_words(self, status: Status) -> None:
        """A selection names the new bands in words."""
        assert f"rated {status.value}" == Selection(statuses=(status,)).words


class TestSeed:
    """The bundled plan keeps its three-band ratings."""

    def test_seed_report_key_is_three_band(self) -> None:
        """The seed report's key lists no band it does not use."""
        text = to_text(performance_report(rotherham_2019_20(), REPORT_PERIOD))
        assert ("Blue" in text, "Yellow" in text) == (False, False)

    def test_seed_under_anglesey(self) -> None:
        """Anglesey's four bands rate 1.A8 (81.7% against 85%) yellow: within 5%."""
        plan = rotherham_2019_20()
        result = evaluate(plan.measure("1.A8"), REPORT_PERIOD, rules=presets.anglesey())
        assert Status.YELLOW == result.status
