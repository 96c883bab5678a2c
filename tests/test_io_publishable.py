"""Tests for spreadsheets people open (issue 12): arrows read, plan workbooks laid out.

Councils type arrows in a direction of travel column (``↑``, ``▲``); the
wide readers take them as the key of perfmeasures' reports draws them.  Plan
workbooks written by the wide and long writers have filtered, sized
headings; the shared writer's layout is checked on its own.
"""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from perfmeasures import (
    Direction,
    InvalidValueError,
    LoadError,
    Measure,
    Plan,
    Polarity,
    Published,
    Status,
)
from perfmeasures.examples import REPORT_PERIOD, rotherham_2019_20
from perfmeasures.io import (
    read_long_xlsx,
    read_wide_csv,
    read_wide_xlsx,
    write_long_xlsx,
    write_wide_csv,
    write_wide_xlsx,
)
from perfmeasures.io._sheets._cells import (
    DIRECTION_ARROWS,
    parse_direction,
    parse_word,
)
from perfmeasures.io._sheets._write import (
    CellStyle,
    SheetLayout,
    XlsxCell,
    xlsx_bytes,
)
from perfmeasures.reports import DEFAULT_KEY

SEED = rotherham_2019_20()
Q4 = "Q4 2018/19"
REPORT = REPORT_PERIOD.label


def directed_plan(polarity: Polarity, *directions: Direction) -> Plan:
    """A one-measure plan publishing *directions* for Q4 2018/19 and Q1 2019/20."""
    periods = (Q4, REPORT_PERIOD)
    return Plan(
        title="Plan",
        measures=[
            Measure(
                ref="1.A2",
                title="Calls answered",
                polarity=polarity,
                values={Q4: 90, REPORT_PERIOD: 92},
                targets={"2019/20": 90},
                published={
                    p: Published(status=Status.GREEN, direction=d)
                    for p, d in zip(periods, directions, strict=True)
                },
            )
        ],
    )


def wide_text(plan: Plan) -> str:
    """*plan* as a wide CSV table reporting Q1 2019/20."""
    buffer = io.StringIO()
    write_wide_csv(plan, buffer, report_period=REPORT_PERIOD)
    return buffer.getvalue()


def published(plan: Plan) -> dict[str, Direction | None]:
    """The first measure's published directions, by period label."""
    return {p.label: r.direction for p, r in plan.measures[0].published.items()}


class TestParseDirection:
    """Arrows and signs in a direction of travel cell."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("↑", Direction.IMPROVING),
            ("▲", Direction.IMPROVING),
            ("⬆", Direction.IMPROVING),
            ("↗", Direction.IMPROVING),
            (" ↑ ", Direction.IMPROVING),
            ("↑↑", Direction.IMPROVING),
            ("↓", Direction.WORSENING),
            ("▼", Direction.WORSENING),
            ("⬇", Direction.WORSENING),
            ("↘", Direction.WORSENING),
            ("→", Direction.NO_CHANGE),
            ("►", Direction.NO_CHANGE),
            ("▶", Direction.NO_CHANGE),
            ("↔", Direction.NO_CHANGE),
            ("=", Direction.NO_CHANGE),
            ("△", Direction.HIGHER),
            ("▽", Direction.LOWER),
            ("-", Direction.NOT_APPLICABLE),
            ("\N{EN DASH}", Direction.NOT_APPLICABLE),
            ("Improving", Direction.IMPROVING),
            ("same", Direction.NO_CHANGE),
            ("▲ Improving", Direction.IMPROVING),
            ("Worsening ▼", Direction.WORSENING),
            ("↑ Higher", Direction.HIGHER),
            ("↓ lower", Direction.LOWER),
            ("- n/a", Direction.NOT_APPLICABLE),
        ],
    )
    def test_table(self, text: str, expected: Direction) -> None:
        """Up is better, down worse, sideways the same; a word beside an arrow decides."""
        assert expected == parse_direction(text)

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("↑", Direction.HIGHER),
            ("▲", Direction.HIGHER),
            ("↓", Direction.LOWER),
            ("▼", Direction.LOWER),
            ("→", Direction.NO_CHANGE),
            ("△", Direction.HIGHER),
            ("-", Direction.NOT_APPLICABLE),
            ("▲ Improving", Direction.IMPROVING),
        ],
    )
    def test_no_better_direction(self, text: str, expected: Direction) -> None:
        """On a neutral measure nothing improves: an up arrow is higher, down lower."""
        assert expected == parse_direction(text, polarity=Polarity.NEUTRAL)

    @pytest.mark.parametrize(
        "polarity",
        [
            Polarity.HIGHER_IS_BETTER,
            Polarity.LOWER_IS_BETTER,
            Polarity.CLOSEST_TO_TARGET,
        ],
    )
    def test_polar_measures(self, polarity: Polarity) -> None:
        """Whichever way is better, up means improving."""
        assert (Direction.IMPROVING, Direction.WORSENING) == (
            parse_direction("↑", polarity=polarity),
            parse_direction("↓", polarity=polarity),
        )

    def test_follows_the_report_key(self) -> None:
        """Every symbol the reports' key draws reads back as what the key says it is."""
        drawn = {e.symbol: e.direction for e in DEFAULT_KEY.directions}
        assert drawn == {symbol: parse_direction(symbol) for symbol in drawn}

    def test_every_arrow_one_character(self) -> None:
        """The table maps single characters, none of them a letter or digit."""
        assert {1} == {len(k) for k in DIRECTION_ARROWS}
        assert not any(k.isalnum() for k in DIRECTION_ARROWS)

    @pytest.mark.parametrize("text", ["▲▼", "↑ ↓", "↑ sideways", "up", "", "?"])
    def test_refused(self, text: str) -> None:
        """Arrows of two meanings, or words that are not directions, are refused."""
        with pytest.raises(InvalidValueError) as caught:
            parse_direction(text, "direction")
        assert (
            "'direction' must be one of Improving, Worsening, No change, Higher, "
            "Lower, Not applicable, or an arrow (▲ ▼ ► ↑ ↓ →) "
            f"(got {text!r})"
        ) == str(caught.value)

    def test_parse_word(self) -> None:
        """parse_word reads a direction's arrows too; other kinds' cells are unchanged."""
        assert Direction.IMPROVING == parse_word("↑", Direction, "direction")
        with pytest.raises(InvalidValueError):
            parse_word("↑", Status, "status")


class TestWideArrows:
    """Arrows in the DOT columns of a wide table (the regression of issue 12)."""

    def test_up_arrow_in_dot_column(self) -> None:
        """``↑`` in the seed's DOT column reads as improving; before, it was refused.

        The seed's table publishes "Worsening" for 1.A2; a council types
        ``↑`` (or ``▲``) instead.
        """
        text = wide_text(SEED)
        assert text.count(",Red,Worsening,") >= 1
        for arrow in ("↑", "▲"):
            plan = read_wide_csv(
                io.StringIO(text.replace(",Red,Worsening,", f",Red,{arrow},", 1))
            )
            assert {REPORT: Direction.IMPROVING} == published(plan)

    def test_every_arrow_in_period_columns(self) -> None:
        """Arrows read in the report period's DOT column and an earlier period's."""
        plan = directed_plan(
            Polarity.HIGHER_IS_BETTER, Direction.WORSENING, Direction.NO_CHANGE
        )
        text = wide_text(plan)
        header, row = text.splitlines()[-2:]
        headings = header.split(",")
        cells = row.split(",")
        cells[headings.index("DOT")] = "→"
        cells[headings.index(f"DOT {Q4}")] = "↓"
        read = read_wide_csv(
            io.StringIO("\n".join([*text.splitlines()[:-1], ",".join(cells)]))
        )
        assert {
            Q4: Direction.WORSENING,
            REPORT: Direction.NO_CHANGE,
        } == published(read)

    def test_neutral_measure(self) -> None:
        """On a measure with no better direction, ▲ and ▼ read as higher and lower."""
        plan = directed_plan(Polarity.NEUTRAL, Direction.LOWER, Direction.HIGHER)
        text = wide_text(plan)
        assert "Higher" in text
        arrows = text.replace(",Higher,", ",▲,").replace(",Lower,", ",▼,")
        assert plan == read_wide_csv(io.StringIO(arrows))

    def test_workbook(self) -> None:
        """A workbook's DOT cell holding ``⬆`` reads as improving."""
        buffer = io.BytesIO()
        write_wide_xlsx(SEED, buffer, report_period=REPORT_PERIOD)
        book = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
        sheet = book.active
        assert isinstance(sheet, Worksheet)
        dot = next(c for c in sheet[11] if c.value == "DOT")
        cell = sheet.cell(12, dot.column)
        assert "Worsening" == cell.value
        cell.value = "⬆"
        edited = io.BytesIO()
        book.save(edited)
        plan = read_wide_xlsx(io.BytesIO(edited.getvalue()))
        assert {REPORT: Direction.IMPROVING} == published(plan)

    def test_mixed_arrows_located(self) -> None:
        """Arrows of two meanings are a located problem naming the DOT cell."""
        text = wide_text(SEED).replace(",Red,Worsening,", ",Red,▲▼,", 1)
        with pytest.raises(LoadError) as caught:
            read_wide_csv(io.StringIO(text))
        assert 'row 12, column "DOT": expected one of Improving' in str(caught.value)


def sheet_of(data: bytes) -> Worksheet:
    """The first sheet of a workbook's bytes."""
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert isinstance(sheet, Worksheet)
    return sheet


class TestPlanWorkbooks:
    """The plan writers' workbooks: headings filtered and sized, plans unchanged."""

    def test_long(self) -> None:
        """A long workbook's heading is frozen, filtered over every fact, and bold."""
        buffer = io.BytesIO()
        write_long_xlsx(SEED, buffer)
        sheet = sheet_of(buffer.getvalue())
        rows = sheet.max_row
        assert ("A2", f"A1:I{rows}", {True}, SEED) == (
            sheet.freeze_panes,
            sheet.auto_filter.ref,
            {bool(c.font.b) for c in sheet[1]},
            read_long_xlsx(io.BytesIO(buffer.getvalue())),
        )

    def test_wide(self) -> None:
        """A wide workbook's heading (below the front matter) is filtered, not frozen."""
        buffer = io.BytesIO()
        write_wide_xlsx(SEED, buffer, report_period=REPORT_PERIOD)
        sheet = sheet_of(buffer.getvalue())
        heading = 11  # Title, organisation, year start, rules, 5 priorities, a gap.
        last = get_column_letter(max(len(r) for r in sheet.iter_rows()))
        assert (
            "Priority",
            None,
            f"A{heading}:{last}{heading + len(SEED.measures)}",
            f"${heading}:${heading}",
            {True},
            SEED,
        ) == (
            sheet.cell(heading, 1).value,
            sheet.freeze_panes,
            sheet.auto_filter.ref,
            sheet.print_title_rows,
            {bool(c.font.b) for c in sheet[heading] if c.value is not None},
            read_wide_xlsx(io.BytesIO(buffer.getvalue())),
        )

    def test_wide_widths(self) -> None:
        """A wide workbook's columns are at most 40 wide; the front matter is not measured."""
        buffer = io.BytesIO()
        write_wide_xlsx(SEED, buffer, report_period=REPORT_PERIOD)
        sheet = sheet_of(buffer.getvalue())
        widths = [d.width for d in sheet.column_dimensions.values()]
        assert (True, 40) == (all(4 <= w <= 40 for w in widths), max(widths))


class TestSheetLayout:
    """The shared writer's layout, cell by cell."""

    def test_plain_without_layout(self) -> None:
        """Without a layout a sheet is as before: nothing frozen, filtered or sized."""
        sheet = sheet_of(xlsx_bytes([["a", "b"], ["c", "d"]], name="x.xlsx"))
        assert (None, None, {}) == (
            sheet.freeze_panes,
            sheet.auto_filter.ref,
            dict(sheet.column_dimensions),
        )

    def test_widths(self) -> None:
        """Widths follow the longest line, wide characters twice, capped, at least 4."""
        rows: list[list[XlsxCell]] = [
            ["a", "b", "c", "d", "e", "f"],
            ["x", "long line\nshort", "東京都", "y" * 100, Decimal("1234.50"), True],
        ]
        sheet = sheet_of(
            xlsx_bytes(rows, name="x.xlsx", layout=SheetLayout(filter=False))
        )
        widths = [
            sheet.column_dimensions[get_column_letter(i)].width for i in range(1, 7)
        ]
        assert [4, 11, 8, 60, 9, 7] == widths

    def test_percent_width(self) -> None:
        """A percentage's width counts its sign."""
        rows: list[list[XlsxCell]] = [["p"], [Decimal("10.1")]]
        sheet = sheet_of(
            xlsx_bytes(
                rows,
                name="x.xlsx",
                percent=frozenset({(1, 0)}),
                layout=SheetLayout(filter=False),
            )
        )
        assert (7, "0.0%") == (
            sheet.column_dimensions["A"].width,
            sheet["A2"].number_format,
        )

    def test_styles_by_column_and_text(self) -> None:
        """Only the column's exact text is styled; the heading never is."""
        style = CellStyle(fill="C6EFCE", font="006100")
        rows = [["green", "green"], ["green", "green"], ["Green", "x"]]
        sheet = sheet_of(
            xlsx_bytes(
                rows, name="x.xlsx", layout=SheetLayout(styles={0: {"green": style}})
            )
        )
        fills = [
            [c.fill.fgColor.rgb if c.fill.fill_type else None for c in row]
            for row in sheet.iter_rows()
        ]
        assert [[None, None], ["FFC6EFCE", None], [None, None]] == fills

    def test_heading_below_front_matter(self) -> None:
        """Rows above the heading are neither bold, frozen nor sized."""
        rows = [
            ["Title", "A very long plan title indeed"],
            [],
            ["ref", "x"],
            ["1", "2"],
        ]
        sheet = sheet_of(
            xlsx_bytes(rows, name="x.xlsx", layout=SheetLayout(heading_row=2))
        )
        assert ("A4", "A3:B4", False, True, 6) == (
            sheet.freeze_panes,
            sheet.auto_filter.ref,
            bool(sheet["A1"].font.b),
            bool(sheet["A3"].font.b),
            sheet.column_dimensions["B"].width,
        )


def _sheet(
    rows: list[list[object]], layout: SheetLayout, **options: object
) -> Worksheet:
    """The one sheet of the workbook *rows* make with *layout*."""
    data = xlsx_bytes(rows, name="t.xlsx", layout=layout, **options)  # type: ignore[arg-type]
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert isinstance(sheet, Worksheet)
    return sheet


class TestLayoutDetails:
    """The layout's exact widths, print titles and heading style."""

    def test_defaults(self) -> None:
        """A layout freezes and filters its heading unless told otherwise."""
        layout = SheetLayout()
        assert (0, True, True, 60) == (
            layout.heading_row,
            layout.freeze,
            layout.filter,
            layout.max_width,
        )

    def test_narrowest_column(self) -> None:
        """A column of one-character cells is four characters wide."""
        sheet = _sheet([["a"], ["b"]], SheetLayout(filter=False))
        assert 4 == sheet.column_dimensions["A"].width

    def test_widths_counted(self) -> None:
        """Text, numbers, booleans and percentages count as they show, plus 2."""
        rows: list[list[object]] = [
            ["h", "h", "h", "h", "h"],
            ["abcdefghij", Decimal("12.345"), True, 1234567, Decimal("12.345")],
        ]
        sheet = _sheet(rows, SheetLayout(filter=False), percent=frozenset({(1, 4)}))
        widths = [
            sheet.column_dimensions[get_column_letter(c)].width for c in range(1, 6)
        ]
        # 10 letters; 6 digits and a point less one... each plus 2; a
        # percentage one more for its sign.
        assert [12, 8, 7, 9, 9] == widths

    def test_print_titles_follow_the_heading(self) -> None:
        """The heading row repeats on printed pages, wherever it is."""
        rows: list[list[object]] = [
            ["front"],
            ["matter"],
            ["ref", "status"],
            ["A", "red"],
        ]
        sheet = _sheet(rows, SheetLayout(heading_row=2, freeze=False))
        assert "$3:$3" == sheet.print_title_rows
        assert "A3:B4" == sheet.auto_filter.ref

    def test_heading_not_styled_as_a_value(self) -> None:
        """A heading that reads like a styled value is bold, not filled."""
        style = CellStyle(fill="FFC7CE", font="9C0006")
        rows: list[list[object]] = [["red"], ["red"]]
        sheet = _sheet(rows, SheetLayout(styles={0: {"red": style}}))
        heading, below = sheet["A1"], sheet["A2"]
        assert heading.font.b
        assert heading.fill.fgColor.rgb != below.fill.fgColor.rgb
        assert below.fill.fgColor.rgb.endswith("FFC7CE")
