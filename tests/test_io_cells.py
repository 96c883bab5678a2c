"""Tests for spreadsheet cells: figures, targets and words as reports write them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfmeasures import (
    AnnualTarget,
    Basis,
    ChangeKind,
    Direction,
    FixedTarget,
    Frequency,
    InvalidValueError,
    MissingReason,
    Polarity,
    Quarter,
    RangeTarget,
    RelativeTarget,
    Status,
    Target,
    Value,
    Year,
)
from perfmeasures import strategies as pst
from perfmeasures.io._sheets._cells import (
    DANGEROUS,
    Cell,
    CellPart,
    format_cell,
    format_target,
    neutralise,
    parse_cell,
    parse_target,
    parse_word,
    restore,
    word,
    write_figure,
)

_CELL = (
    "a figure such as 94.8, 81.7%, 1,288, 145 (Cumulative) or "
    "79% (vehicles) (Cumulative: 64%), or Not Available"
)
_TARGET = (
    "a target such as 90, 85%, 280 (annual target), 90 (floor: 80), "
    "97 (profile to date: 29, 56, 83, 97), 280 (annual target) (each period), "
    "5 to 10, < 5, ≤ 10%, at least 95 or 10% reduction on 2018/19"
)


def part(value: Value, label: str | None = None, *, percent: bool = False) -> Cell:
    """A one-part cell."""
    return Cell((CellPart(value=value, label=label, percent=percent),))


class TestParseCell:
    """Reading value cells."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("", Cell()),
            ("   ", Cell()),
            ("94.8", part(Value.of("94.8"))),
            ("81.7%", part(Value.of("81.7"), percent=True)),
            ("1,288", part(Value.of(1288))),
            ("-5", part(Value.of(-5))),
            ("\u22123.5", part(Value.of("-3.5"))),
            ("145 (Cumulative)", part(Value.cumulative(145))),
            ("202 (cumulative)", part(Value.cumulative(202))),
            ("Not Available", part(Value.not_available())),
            ("N/A", part(Value.not_available())),
            (
                "Not yet available",
                part(Value.not_available(MissingReason.NOT_YET_AVAILABLE)),
            ),
            (
                "Q1 43.01 Overall YTD - 43.01",
                part(Value(amount="43.01", year_to_date="43.01")),
            ),
            ("113 Overall YTD - 113", part(Value(amount=113, year_to_date=113))),
            (
                "79% (vehicles) (Cumulative: 64%)",
                part(Value(amount=79, year_to_date=64), "vehicles", percent=True),
            ),
            ("57% (vehicles)", part(Value.of(57), "vehicles", percent=True)),
            (
                "44.4% (8/18)",
                part(Value(amount="44.4", numerator=8, denominator=18), percent=True),
            ),
            (
                "a) 73% (Vehicles) b) 77% (Drivers)",
                Cell(
                    (
                        CellPart(
                            value=Value.of(73),
                            label="Vehicles",
                            percent=True,
                            letter="a",
                        ),
                        CellPart(
                            value=Value.of(77),
                            label="Drivers",
                            percent=True,
                            letter="b",
                        ),
                    )
                ),
            ),
            (
                "75% a) Not available (vehicles)",
                Cell(
                    (
                        CellPart(value=Value.of(75), percent=True),
                        CellPart(
                            value=Value.not_available(), label="vehicles", letter="a"
                        ),
                    )
                ),
            ),
            (
                "£2,500",
                Cell((CellPart(value=Value.of(2500), money=True),)),
            ),
        ],
    )
    def test_published_forms(self, text: str, expected: Cell) -> None:
        """Each form the seed report prints reads as its exact figures."""
        assert expected == parse_cell(text)

    def test_cell_flags(self) -> None:
        """A cell is a percentage, or money, if any of its figures is."""
        cells = [parse_cell(t) for t in ("5 a) 6% (x)", "£5", "5")]
        assert [(True, False), (False, True), (False, False)] == [
            (c.percent, c.money) for c in cells
        ]

    def test_figures_are_exact(self) -> None:
        """Figures are Decimals exactly as written, never binary floats."""
        (only,) = parse_cell("0.1").parts
        assert Decimal("0.1") == only.value.amount

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("abc", _CELL),
            ("1,2", _CELL),
            ("12abc", _CELL),
            ("5 abc", _CELL),
            ("(vehicles)", _CELL),
            ("Not available 5", _CELL),
            ("5 (Cumulative) (Cumulative)", _CELL),
            ("a) b) 5", _CELL),
            ("a) 5 (x) b) 6 (X)", f"{_CELL}, each part labelled once"),
            (
                "5 (3/0)",
                (
                    f"{_CELL} ('denominator' must be a number greater than 0 "
                    "(got Decimal('0')))"
                ),
            ),
        ],
    )
    def test_bad_cells(self, text: str, expected: str) -> None:
        """A cell that is not a figure names what was expected and what came."""
        with pytest.raises(InvalidValueError) as caught:
            parse_cell(text)
        assert ("cell", text, expected) == (
            caught.value.field,
            caught.value.value,
            caught.value.expected,
        )


LABELS = st.text(alphabet="abcdefghij klmnop", min_size=1, max_size=12).filter(
    lambda s: s == " ".join(s.split()) and s.casefold() != "n/a"
)


class TestFormatCell:
    """Writing value cells."""

    @given(
        st.none() | pst.values(),
        st.lists(st.tuples(LABELS, pst.values()), max_size=3, unique_by=lambda p: p[0]),
        st.booleans(),
    )
    def test_round_trip(
        self, whole: Value | None, labelled: list[tuple[str, Value]], percent: bool
    ) -> None:
        """parse_cell(format_cell(parts)) gives back every figure and label."""
        parts = [CellPart(value=whole, percent=percent)] if whole is not None else []
        parts += [
            CellPart(value=v, label=f"p {k}", percent=percent) for k, v in labelled
        ]
        text = format_cell(parts)
        expected = [(p.value, p.label) for p in parts]
        assert expected == [(p.value, p.label) for p in parse_cell(text).parts]

    def test_seed_form(self) -> None:
        """Labelled parts are lettered as the seed report letters them."""
        parts = [
            CellPart(value=Value.of(73), label="Vehicles", percent=True),
            CellPart(value=Value.of(77), label="Drivers", percent=True),
        ]
        assert "a) 73% (Vehicles) b) 77% (Drivers)" == format_cell(parts)

    def test_too_many_parts(self) -> None:
        """A cell holds one figure for the whole and at most 26 lettered parts."""
        whole = CellPart(value=Value.of(1))
        with pytest.raises(InvalidValueError) as caught:
            format_cell([whole, whole])
        assert (
            "'parts' must be at most one unlabelled part and 26 labelled ones (got 2)"
        ) == str(caught.value)

    @pytest.mark.parametrize("label", ["x (y)", "cumulative", "8/18", "a) b"])
    def test_unreadable_label(self, label: str) -> None:
        """A label that would not read back is refused, not written."""
        with pytest.raises(InvalidValueError) as caught:
            format_cell([CellPart(value=Value.of(1), label=label)])
        assert (
            "'label' must be labels without brackets that do not read as figures "
            f"(got [{label!r}])"
        ) == str(caught.value)


class TestNeutralise:
    """Formula injection, neutralised and undone."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("=SUM(A1:A3)", "'=SUM(A1:A3)"),
            ("+44 20", "'+44 20"),
            ("-5 (Cumulative)", "'-5 (Cumulative)"),
            ("@cmd", "'@cmd"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("\n=1", "'\n=1"),
            ("'quoted", "''quoted"),
            ("Plain text", "Plain text"),
            ("", ""),
        ],
    )
    def test_table(self, text: str, expected: str) -> None:
        """Text a spreadsheet would run as a formula gains one apostrophe."""
        assert expected == neutralise(text)

    @given(st.text())
    def test_never_dangerous(self, text: str) -> None:
        """No neutralised text starts with a formula character."""
        assert not neutralise(text).startswith(DANGEROUS)

    @given(st.text())
    def test_restore(self, text: str) -> None:
        """restore(neutralise(text)) == text."""
        assert text == restore(neutralise(text))


YEAR = Year(2019)


class TestTargets:
    """Reading and writing target cells."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("", (None, False)),
            ("90", (FixedTarget(90), False)),
            ("85.0%", (FixedTarget("85.0"), True)),
            ("85% (Vehicles and drivers)", (FixedTarget(85), True)),
            ("90 (floor: 80)", (FixedTarget(90, floor=80), False)),
            ("280 (Cumulative target)", (AnnualTarget(value=280), False)),
            ("175 (annual target)", (AnnualTarget(value=175), False)),
            (
                "400 (annual target) (each period)",
                (AnnualTarget(value=400, basis=Basis.PERIOD), False),
            ),
            (
                "400 (Per period) (floor: 300) (annual target)",
                (AnnualTarget(value=400, basis=Basis.PERIOD, floor=300), False),
            ),
            (
                "280 (profile: 85, 65, 65, 65) (non-cumulative)",
                (
                    AnnualTarget(
                        value=280, profile=(85, 65, 65, 65), basis=Basis.PERIOD
                    ),
                    False,
                ),
            ),
            (
                "10% reduction on 2017/18 (each period)",
                (
                    RelativeTarget(baseline=Year(2017), change=-10, basis=Basis.PERIOD),
                    False,
                ),
            ),
            ("5 to 10", (RangeTarget(lower=5, upper=10), False)),
            (
                "10% reduction",
                (RelativeTarget(baseline=Year(2018), change=-10), False),
            ),
            (
                "5 increase on Q1 2018/19",
                (
                    RelativeTarget(
                        baseline=Quarter(Year(2018), 1),
                        change=5,
                        change_kind=ChangeKind.ABSOLUTE,
                    ),
                    False,
                ),
            ),
        ],
    )
    def test_forms(self, text: str, expected: tuple[Target | None, bool]) -> None:
        """Each target form reads as its target, with whether it was a percentage."""
        assert expected == parse_target(text, year=YEAR)

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("lots", _TARGET),
            ("10% reduction (around 190) in complaints", _TARGET),
            ("90 (floor: 80) (floor: 70)", _TARGET),
            # Only a share of a year, or a change, is compared by a basis.
            ("90 (each period)", _TARGET),
            ("< 5 (each period)", _TARGET),
            ("400 (annual target) (each period) (each period)", _TARGET),
            (
                "5% reduction on Q5 2018/19",
                (
                    f"{_TARGET} ('period' must be a period label such as '2019/20', "
                    "'Q1 2019/20', 'Apr 2019', 'Q1 Apr - June 2019', 'Apr-19' or "
                    "'2019-04' (got 'Q5 2018/19'))"
                ),
            ),
            (
                "10 to 5",
                f"{_TARGET} ('upper' must be at least the lower bound 10 (got '5'))",
            ),
        ],
    )
    def test_bad_targets(self, text: str, expected: str) -> None:
        """A cell that is not a target names what was expected and what came."""
        with pytest.raises(InvalidValueError) as caught:
            parse_target(text, year=YEAR)
        assert (text, expected) == (caught.value.value, caught.value.expected)

    @given(pst.targets(), st.booleans())
    def test_round_trip(self, target: Target, percent: bool) -> None:
        """A written target reads back with everything a cell can say."""
        back, _ = parse_target(format_target(target, percent=percent), year=YEAR)
        assert carried(target) == carried(back)


def carried(target: Target | None) -> object:
    """What a target cell carries: all but how a profile was entered."""
    if isinstance(target, AnnualTarget):
        return ("annual", target.value, target.floor, target.basis)
    if isinstance(target, RelativeTarget):
        return (
            "relative",
            target.baseline,
            target.change,
            target.change_kind,
            target.basis,
        )
    return target


class TestWords:
    """Reading and writing word cells."""

    @pytest.mark.parametrize("kind", [Polarity, Frequency, Status, Direction])
    def test_every_member(self, kind: type[Polarity]) -> None:
        """Every member reads back from its word and from its value."""
        for member in kind:
            assert (member, member) == (
                parse_word(word(member), kind, "f"),
                parse_word(member.value.upper(), kind, "f"),
            )

    @pytest.mark.parametrize(
        ("text", "kind", "expected"),
        [
            ("low", Polarity, Polarity.LOWER_IS_BETTER),
            ("High", Polarity, Polarity.HIGHER_IS_BETTER),
            ("Annually", Frequency, Frequency.ANNUAL),
            ("R", Status, Status.RED),
            ("not_applicable", Direction, Direction.NOT_APPLICABLE),
        ],
    )
    def test_synonyms(self, text: str, kind: type[Polarity], expected: object) -> None:
        """The words councils use read as the member they mean."""
        assert expected == parse_word(text, kind, "f")

    def test_unknown(self) -> None:
        """An unknown word lists the words that are known."""
        with pytest.raises(InvalidValueError) as caught:
            parse_word("sideways", Polarity, "polarity")
        assert (
            "'polarity' must be one of High, Low, Closest to target, Neutral "
            "(got 'sideways')"
        ) == str(caught.value)


class TestCellEdges:
    """Edges of cell reading and writing that mutation testing found unchecked."""

    @pytest.mark.parametrize(
        "text", ["Not Available (Cumulative)", "5 (Cumulative: 6) (Cumulative)"]
    )
    def test_cumulative_needs_one_figure(self, text: str) -> None:
        """'(Cumulative)' marks the one leading figure; none, or a second, is refused."""
        with pytest.raises(InvalidValueError) as caught:
            parse_cell(text)
        assert ("cell", text, _CELL) == (
            caught.value.field,
            caught.value.value,
            caught.value.expected,
        )

    @pytest.mark.parametrize(
        ("amount", "percent", "money", "text"),
        [
            ("-2500.50", False, True, "-£2500.50"),
            ("2500", True, True, "£2500"),
            ("5", True, False, "5%"),
            ("-5", False, False, "-5"),
        ],
    )
    def test_write_figure(
        self, amount: str, percent: bool, money: bool, text: str
    ) -> None:
        """Money is written with £ after any sign; a percentage with %."""
        assert text == write_figure(Decimal(amount), percent=percent, money=money)

    def test_cumulative_zero(self) -> None:
        """A year-to-date figure of 0 is written as 0, not dropped or replaced."""
        assert "0 (Cumulative)" == format_cell([CellPart(value=Value(year_to_date=0))])
