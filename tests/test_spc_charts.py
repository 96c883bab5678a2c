"""Tests for the drawings of XmR charts: the inline SVG and the matplotlib figure."""

from __future__ import annotations

import importlib
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfmeasures import (
    Frequency,
    InvalidValueError,
    Measure,
    MissingExtraError,
    Month,
    Polarity,
)
from perfmeasures.examples import rotherham_2019_20
from perfmeasures.reports._xmr_svg import (
    CHAR_WIDTH,
    PALETTE,
    TYPE_NAMES,
    legend_names,
    nice_ticks,
    xmr_svg,
)
from perfmeasures.spc import PointType, XmR, measure_xmr, xmr

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

SVG = "{http://www.w3.org/2000/svg}"

# The worked example of the spc module's docstring: point 5 (index 4) is a
# special cause of improvement, beyond the upper limit of 4.60.
WORKED = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]

QUARTERS = ["Q1 2018/19", "Q2 2018/19", "Q3 2018/19", "Q4 2018/19", "Q1 2019/20"]

SHAPES = {
    PointType.COMMON_CAUSE: "circle",
    PointType.SPECIAL_CAUSE_IMPROVEMENT: "rect",
    PointType.SPECIAL_CAUSE_CONCERN: "path",
    PointType.SPECIAL_CAUSE_NEITHER: "path",
}


def seed_chart() -> XmR:
    """The seed plan's measure 1.A2 over five quarters, with its target of 90."""
    measure = rotherham_2019_20().measure("1.A2")
    return measure_xmr(measure, periods=QUARTERS)


def sixty_months() -> XmR:
    """A chart of a measure with 60 monthly figures from April 2015."""
    values = {
        Month(2015 + (3 + index) // 12, (3 + index) % 12 + 1).label: str(
            100 + index % 7 - index % 3
        )
        for index in range(60)
    }
    measure = Measure(
        ref="X.60",
        title="Sixty months",
        polarity=Polarity.HIGHER_IS_BETTER,
        frequency=Frequency.MONTHLY,
        values=values,
    )
    return measure_xmr(measure)


def parse(svg: str) -> ET.Element:
    """The SVG parsed, its root checked to be an ``<svg>`` element."""
    root = ET.fromstring(svg)  # noqa: S314 (our own output)
    assert f"{SVG}svg" == root.tag
    return root


def classed(root: ET.Element, css: str) -> list[ET.Element]:
    """Every element of class *css*, in document order."""
    return [element for element in root.iter() if element.get("class") == css]


def number(element: ET.Element, name: str) -> float:
    """The attribute *name* of *element* as a number."""
    return float(element.attrib[name])


def scale(root: ET.Element) -> Callable[[Decimal], float]:
    """The y scale, read from the tick labels and their grid lines.

    Every tick is checked to lie on the one straight line through the first
    and the last.
    """
    grid = classed(root, "pm-xmr-grid")
    texts = classed(root, "pm-xmr-tick")
    assert len(grid) == len(texts)
    ticks = [
        (Decimal((text.text or "").replace(",", "")), number(line, "y1"))
        for line, text in zip(grid, texts, strict=True)
    ]
    (low, low_y), (high, high_y) = ticks[0], ticks[-1]

    def y(value: Decimal) -> float:
        share = float((value - low) / (high - low))
        return low_y + share * (high_y - low_y)

    for value, at in ticks:
        assert abs(y(value) - at) <= 0.11
    return y


def centre(marker: ET.Element) -> tuple[float, float]:
    """The centre of a point's marker, whatever its shape."""
    tag = marker.tag.removeprefix(SVG)
    if tag == "circle":
        return number(marker, "cx"), number(marker, "cy")
    if tag == "rect":
        return (
            number(marker, "x") + number(marker, "width") / 2,
            number(marker, "y") + number(marker, "height") / 2,
        )
    corners = [
        tuple(float(part) for part in pair.split(","))
        for pair in re.findall(r"-?\d+\.\d,-?\d+\.\d", marker.attrib["d"])
    ]
    xs = [corner[0] for corner in corners]
    return (min(xs) + max(xs)) / 2, 0.0


def points(root: ET.Element) -> list[ET.Element]:
    """The markers of the chart's points, in order."""
    return classed(root, "pm-xmr-point")


class TestNiceTicks:
    """nice_ticks: round, evenly spaced values covering a range."""

    def test_worked_example_range(self) -> None:
        ticks = nice_ticks(Decimal("-0.72"), Decimal(10))
        assert ["-2.5", "0.0", "2.5", "5.0", "7.5", "10.0"] == [str(t) for t in ticks]

    def test_exact_fit(self) -> None:
        assert [Decimal(n) for n in (0, 25, 50, 75, 100)] == nice_ticks(
            Decimal(0), Decimal(100)
        )

    @pytest.mark.parametrize("value", ["0", "5", "-3.2", "1E+12"])
    def test_no_width(self, value: str) -> None:
        ticks = nice_ticks(Decimal(value), Decimal(value))
        assert 4 <= len(ticks) <= 6
        assert ticks[0] < Decimal(value) < ticks[-1]

    def test_no_negative_zero(self) -> None:
        ticks = nice_ticks(Decimal(-1), Decimal(1))
        assert "0.0" in [str(tick) for tick in ticks]
        assert all(not tick.is_signed() for tick in ticks if tick == 0)

    @pytest.mark.parametrize(
        ("low", "high", "count", "field"),
        [
            (Decimal(2), Decimal(1), 5, "high"),
            (Decimal("NaN"), Decimal(1), 5, "low"),
            (Decimal(0), Decimal("Infinity"), 5, "high"),
            (Decimal(0), Decimal(1), 1, "count"),
            (Decimal(0), Decimal(1), True, "count"),
        ],
    )
    def test_refuses(self, low: Decimal, high: Decimal, count: int, field: str) -> None:
        with pytest.raises(InvalidValueError) as caught:
            nice_ticks(low, high, count)
        assert field == caught.value.field

    @given(
        st.decimals(min_value=-(10**12), max_value=10**12, places=4, allow_nan=False),
        st.decimals(min_value=0, max_value=10**9, places=4, allow_nan=False),
        st.integers(min_value=2, max_value=8),
    )
    def test_properties(self, low: Decimal, width: Decimal, count: int) -> None:
        high = low + width
        ticks = nice_ticks(low, high, count)
        assert 2 <= len(ticks) <= count + 5
        if count == 5:
            assert 4 <= len(ticks) <= 6
        assert ticks[0] <= low
        assert high <= ticks[-1]
        steps = {later - earlier for earlier, later in pairwise(ticks)}
        assert 1 == len(steps)
        (step,) = steps
        digits = step.normalize().as_tuple()
        assert "".join(map(str, digits.digits)) in {"1", "2", "25", "5"}
        # Each tick is a whole multiple of the step, and the range is not
        # padded by a whole step at either end.
        assert all(tick % step == 0 for tick in ticks)
        if width:
            assert ticks[1] > low
            assert ticks[-2] < high
        else:
            assert ticks[0] < low < ticks[-1]


class TestSvgLines:
    """Lines sit where the y scale puts their values."""

    def test_limits_mean_and_target(self) -> None:
        chart = xmr(WORKED, target=3)
        root = parse(xmr_svg(chart, title="Worked", two_sigma=True))
        y = scale(root)
        (group,) = classed(root, "pm-xmr-segment")
        (segment,) = chart.segments
        expected = {
            "pm-xmr-mean": segment.mean,
            "pm-xmr-upper": segment.upper,
            "pm-xmr-lower": segment.lower,
            "pm-xmr-upper-2sigma": segment.upper_two_sigma,
            "pm-xmr-lower-2sigma": segment.lower_two_sigma,
        }
        for css, value in expected.items():
            (line,) = classed(group, css)
            assert number(line, "y1") == number(line, "y2")
            assert abs(y(value) - number(line, "y1")) <= 0.06, css
        (target,) = classed(root, "pm-xmr-target")
        assert abs(y(Decimal(3)) - number(target, "y1")) <= 0.06
        assert number(target, "y1") == number(target, "y2")
        (label,) = classed(root, "pm-xmr-target-label")
        assert "Target" == label.text

    def test_line_styles(self) -> None:
        root = parse(xmr_svg(xmr(WORKED, target=3), title="W", two_sigma=True))
        (mean,) = classed(root, "pm-xmr-mean")
        (upper,) = classed(root, "pm-xmr-upper")
        (sigma,) = classed(root, "pm-xmr-upper-2sigma")
        (target,) = classed(root, "pm-xmr-target")
        assert "stroke-dasharray" not in mean.attrib
        dashes = {line.attrib["stroke-dasharray"] for line in (upper, sigma, target)}
        assert 3 == len(dashes)

    def test_no_two_sigma_by_default(self) -> None:
        root = parse(xmr_svg(xmr(WORKED), title="W"))
        assert [] == classed(root, "pm-xmr-upper-2sigma")
        assert [] == classed(root, "pm-xmr-target")

    def test_ticks_cover_everything(self) -> None:
        chart = xmr(WORKED, target=12)
        root = parse(xmr_svg(chart, title="W"))
        ticks = [
            Decimal((text.text or "").replace(",", ""))
            for text in classed(root, "pm-xmr-tick")
        ]
        assert 4 <= len(ticks) <= 6
        (segment,) = chart.segments
        assert ticks[0] <= segment.lower
        assert ticks[-1] >= Decimal(12)

    def test_series_passes_through_the_points(self) -> None:
        chart = xmr(WORKED)
        root = parse(xmr_svg(chart, title="W"))
        y = scale(root)
        (series,) = classed(root, "pm-xmr-series")
        corners = [
            tuple(map(float, pair.split(",")))
            for pair in series.attrib["points"].split()
        ]
        assert len(chart.points) == len(corners)
        for point, (_, at) in zip(chart.points, corners, strict=True):
            assert abs(y(point.value) - at) <= 0.06


class TestSvgPoints:
    """Every point has a marker of its type's colour and shape."""

    @pytest.mark.parametrize(
        ("improvement", "kind"),
        [
            ("increase", PointType.SPECIAL_CAUSE_IMPROVEMENT),
            ("decrease", PointType.SPECIAL_CAUSE_CONCERN),
            ("neutral", PointType.SPECIAL_CAUSE_NEITHER),
        ],
    )
    def test_colours_shapes_and_legend(self, improvement: str, kind: PointType) -> None:
        chart = xmr(WORKED, improvement=improvement)
        root = parse(xmr_svg(chart, title="W"))
        markers = points(root)
        assert len(chart.points) == len(markers)
        y = scale(root)
        for point, marker in zip(chart.points, markers, strict=True):
            assert str(point.index) == marker.get("data-index")
            assert point.point_type.value == marker.get("data-type")
            assert PALETTE[point.point_type] == marker.get("fill")
            assert SHAPES[point.point_type] == marker.tag.removeprefix(SVG)
            if marker.tag == f"{SVG}circle":
                assert abs(y(point.value) - centre(marker)[1]) <= 0.06
        assert kind == chart.points[4].point_type
        names = [key.get("data-name") for key in classed(root, "pm-xmr-key")]
        assert [
            TYPE_NAMES[PointType.COMMON_CAUSE],
            TYPE_NAMES[kind],
            "Mean",
            "Process limits",
        ] == names
        texts = ["".join(key.itertext()) for key in classed(root, "pm-xmr-key")]
        assert names == texts

    def test_concern_and_neither_shapes_differ(self) -> None:
        high = xmr(WORKED, improvement="decrease")
        neither = xmr(WORKED, improvement="neutral")
        (concern,) = [
            m
            for m in points(parse(xmr_svg(high, title="a")))
            if m.get("data-index") == "4"
        ]
        (other,) = [
            m
            for m in points(parse(xmr_svg(neither, title="a")))
            if m.get("data-index") == "4"
        ]
        # A triangle has three corners, a diamond four.
        assert 3 == concern.attrib["d"].count(",")
        assert 4 == other.attrib["d"].count(",")

    def test_markers_in_order_left_to_right(self) -> None:
        root = parse(xmr_svg(xmr(WORKED), title="W"))
        xs = [centre(marker)[0] for marker in points(root)]
        assert xs == sorted(xs)
        assert len(set(xs)) == len(xs)

    def test_legend_only_types_present(self) -> None:
        root = parse(xmr_svg(xmr([1, 2, 3, 2, 1, 2]), title="W"))
        names = [key.get("data-name") for key in classed(root, "pm-xmr-key")]
        assert ["Common cause", "Mean", "Process limits"] == names

    def test_legend_names_every_line(self) -> None:
        chart = xmr(WORKED, target=3)
        root = parse(xmr_svg(chart, title="W", two_sigma=True))
        names = [key.get("data-name") for key in classed(root, "pm-xmr-key")]
        assert legend_names(chart, two_sigma=True) == names
        assert ["2-sigma lines", "Target"] == names[-2:]


class TestSvgRebase:
    """A rebased chart draws a separator and a set of limits a segment."""

    def test_one_separator_two_sets_of_limits(self) -> None:
        values = [5, 6, 5, 6, 5, 6, 5, 6, 20, 21, 20, 21, 20, 21, 20, 21]
        chart = xmr(values, rebase_at=[8])
        root = parse(xmr_svg(chart, title="Rebased"))
        (separator,) = classed(root, "pm-xmr-rebase")
        groups = classed(root, "pm-xmr-segment")
        assert ["0", "1"] == [group.get("data-segment") for group in groups]
        y = scale(root)
        xs = [centre(marker)[0] for marker in points(root)]
        split = number(separator, "x1")
        assert xs[7] < split < xs[8]
        for group, segment in zip(groups, chart.segments, strict=True):
            for css, value in (
                ("pm-xmr-mean", segment.mean),
                ("pm-xmr-upper", segment.upper),
                ("pm-xmr-lower", segment.lower),
            ):
                (line,) = classed(group, css)
                assert abs(y(value) - number(line, "y1")) <= 0.06
                ends = sorted((number(line, "x1"), number(line, "x2")))
                first, last = xs[segment.start], xs[segment.stop - 1]
                assert ends[0] <= first
                assert last <= ends[1]
                # A segment's lines stop at the separator.
                assert ends[1] <= split or ends[0] >= split

    def test_no_separator_without_rebase(self) -> None:
        root = parse(xmr_svg(xmr(WORKED), title="W"))
        assert [] == classed(root, "pm-xmr-rebase")


class TestSvgText:
    """Escaping, the description and the x labels."""

    def test_title_escaped(self) -> None:
        title = "<script>alert(1)</script>&\"'<b>"
        svg = xmr_svg(xmr(WORKED), title=title)
        root = parse(svg)
        assert "<script>" not in svg
        assert [] == [e for e in root.iter() if e.tag.removeprefix(SVG) == "script"]
        (heading,) = root.findall(f"{SVG}title")
        assert title == heading.text
        (shown,) = classed(root, "pm-xmr-heading")
        assert title == shown.text

    def test_describe_escaped(self) -> None:
        svg = xmr_svg(xmr(WORKED), title="W", describe=lambda n: f'<i a="{n}">')
        root = parse(svg)
        desc = root.find(f"{SVG}desc")
        assert desc is not None
        assert [] == list(desc)
        assert '<i a="10">' in (desc.text or "")

    def test_control_characters_shown(self) -> None:
        root = parse(xmr_svg(xmr(WORKED), title="Rate\x1b[31m \u202eevil"))
        (heading,) = root.findall(f"{SVG}title")
        assert "Rate\\x1b[31m \\u202eevil" == heading.text

    def test_accessible_name_and_description(self) -> None:
        root = parse(xmr_svg(xmr(WORKED), title="Worked"))
        assert "img" == root.get("role")
        labels = (root.get("aria-labelledby") or "").split()
        assert 2 == len(labels)
        found = {element.get("id"): element for element in root.iter()}
        assert f"{SVG}title" == found[labels[0]].tag
        assert f"{SVG}desc" == found[labels[1]].tag
        assert "Worked" == found[labels[0]].text

    def test_description_of_worked_example(self) -> None:
        chart = xmr(WORKED)
        root = parse(xmr_svg(chart, title="W", describe=lambda n: f"{n:.2f}"))
        desc = root.findtext(f"{SVG}desc") or ""
        assert "Mean 1.94, upper process limit 4.60, lower process limit -0.72." in desc
        assert "trial limits" not in desc
        assert "Variation: Common cause (no signal: the latest point is within " in desc
        assert "Assurance: none, as there is no target." in desc
        assert (
            "point 5: 10.00, special cause: improvement (beyond a process limit)"
        ) in desc

    def test_description_of_seed_measure(self) -> None:
        root = parse(xmr_svg(seed_chart(), title="1.A2"))
        desc = root.findtext(f"{SVG}desc") or ""
        assert desc.startswith("XmR chart of 5 points, Q1 2018/19 to Q1 2019/20.")
        assert "Mean 100.74, " in desc
        assert "; trial limits: fewer than 13 points." in desc
        assert "Target 90." in desc
        assert "Assurance: Hit and miss (the target lies between the process " in desc
        assert "No special causes." in desc

    def test_description_of_segments_and_periods(self) -> None:
        values = [str(v) for v in [5, 6, 5, 6, 5, 6, 5, 6, 5, 6, 5, 6, 5, 6, 30]]
        measure = Measure(
            ref="X.2",
            title="Falls",
            polarity=Polarity.LOWER_IS_BETTER,
            frequency=Frequency.MONTHLY,
            values={
                Month(2019 + (3 + i) // 12, (3 + i) % 12 + 1).label: v
                for i, v in enumerate(values)
            },
        )
        chart = measure_xmr(measure, rebase_at=["Apr 2020"])
        root = parse(xmr_svg(chart, title="Falls", describe=lambda n: f"{n:.1f}"))
        desc = root.findtext(f"{SVG}desc") or ""
        assert "Segment 1, Apr 2019 to Mar 2020: mean 5.5," in desc
        assert "Segment 2, Apr 2020 to Jun 2020: mean " in desc
        assert 2 == desc.count("trial limits: fewer than 13 points")
        tips = [marker.findtext(f"{SVG}title") for marker in points(root)]
        assert "Apr 2019: 5.0" == tips[0]

    def test_index_labels(self) -> None:
        root = parse(xmr_svg(xmr(WORKED), title="W"))
        texts = [label.text for label in classed(root, "pm-xmr-x-label")]
        assert "1" == texts[0]
        assert all(text is not None and text.isdigit() for text in texts)

    def test_period_labels(self) -> None:
        root = parse(xmr_svg(seed_chart(), title="1.A2"))
        texts = [label.text for label in classed(root, "pm-xmr-x-label")]
        assert QUARTERS == texts

    @pytest.mark.parametrize("width", [240, 400, 640, 1200])
    def test_sixty_month_labels_do_not_overlap(self, width: int) -> None:
        chart = sixty_months()
        root = parse(xmr_svg(chart, title="Sixty", width=width))
        labels = classed(root, "pm-xmr-x-label")
        assert len(labels) >= 2
        periods = {point.period.label for point in chart.points if point.period}
        xs = {marker.get("data-index"): centre(marker)[0] for marker in points(root)}
        index = {
            point.period.label: str(point.index)
            for point in chart.points
            if point.period
        }
        extents = []
        for label in labels:
            text = label.text or ""
            assert text in periods
            x = number(label, "x")
            size = len(text) * CHAR_WIDTH
            anchor = label.get("text-anchor")
            left = {"start": x, "middle": x - size / 2, "end": x - size}[anchor or ""]
            extents.append((left, left + size))
            if anchor == "middle":
                assert abs(xs[index[text]] - x) <= 0.06
            assert 0 <= left
            assert left + size <= width
        for (_, right), (left, _) in pairwise(extents):
            assert right < left

    def test_coordinates_have_one_decimal(self) -> None:
        svg = xmr_svg(sixty_months(), title="Sixty", two_sigma=True)
        root = parse(svg)
        names = {"x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "width", "height"}
        for element in root.iter():
            if element is root or (
                element.tag == f"{SVG}rect" and "class" not in element.attrib
            ):
                continue
            for name in names & element.attrib.keys():
                assert re.fullmatch(r"-?\d+\.\d", element.attrib[name]), (
                    name,
                    element.attrib,
                )

    def test_self_contained(self) -> None:
        svg = xmr_svg(seed_chart(), title="1.A2", two_sigma=True)
        root = parse(svg)
        for element in root.iter():
            assert element.tag.startswith(SVG)
            assert element.tag.removeprefix(SVG) not in {
                "script",
                "style",
                "image",
                "use",
                "a",
                "foreignObject",
            }
            css = element.get("class")
            assert css is None or css.startswith("pm-xmr")
            assert all("href" not in name for name in element.attrib)
            assert all(not name.startswith("on") for name in element.attrib)
        assert "url(" not in svg

    def test_deterministic_ids_differ_between_charts(self) -> None:
        one = xmr_svg(xmr(WORKED), title="W")
        assert one == xmr_svg(xmr(WORKED), title="W")
        other = parse(xmr_svg(xmr(WORKED), title="V"))
        assert parse(one).get("aria-labelledby") != other.get("aria-labelledby")


class TestSvgEdges:
    """Flat series, sizes and what is refused."""

    @pytest.mark.parametrize("value", [0, 5, "-2.5"])
    def test_identical_values(self, value: int | str) -> None:
        chart = xmr([value] * 6, target=value)
        root = parse(xmr_svg(chart, title="Flat", two_sigma=True))
        ys = {
            number(line, "y1")
            for css in ("pm-xmr-mean", "pm-xmr-upper", "pm-xmr-lower", "pm-xmr-target")
            for line in classed(root, css)
        }
        assert 1 == len(ys)
        assert abs(scale(root)(Decimal(value)) - ys.pop()) <= 0.06
        assert 6 == len(points(root))

    def test_two_points(self) -> None:
        root = parse(xmr_svg(xmr([1, 2]), title="Two", width=240, height=160))
        assert 2 == len(points(root))

    def test_size(self) -> None:
        root = parse(xmr_svg(xmr(WORKED), title="W", width=800, height=400))
        assert ("800", "400", "0 0 800 400") == (
            root.get("width"),
            root.get("height"),
            root.get("viewBox"),
        )
        for marker in points(root):
            x, _ = centre(marker)
            assert 0 < x < 800

    @pytest.mark.parametrize(
        ("arguments", "field"),
        [
            ({"width": 100}, "width"),
            ({"width": 640.0}, "width"),
            ({"height": 20}, "height"),
            ({"height": True}, "height"),
            ({"title": None}, "title"),
        ],
    )
    def test_refused(self, arguments: dict[str, object], field: str) -> None:
        keywords: dict[str, object] = {"title": "W", **arguments}
        with pytest.raises(InvalidValueError) as caught:
            xmr_svg(xmr(WORKED), **keywords)  # type: ignore[arg-type]
        assert field == caught.value.field

    def test_height_too_small_for_the_legend(self) -> None:
        # Every type and line in the legend wraps it onto three rows at
        # this width, leaving no room for the plot.
        values = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, -8]
        chart = xmr(values, target=3)
        with pytest.raises(InvalidValueError) as caught:
            xmr_svg(chart, title="W", width=240, height=160, two_sigma=True)
        assert "height" == caught.value.field

    def test_not_a_chart(self) -> None:
        with pytest.raises(InvalidValueError) as caught:
            xmr_svg(WORKED, title="W")  # type: ignore[arg-type]
        assert "chart" == caught.value.field


# matplotlib ------------------------------------------------------------------


@pytest.fixture
def mpl() -> None:
    """Skip unless matplotlib is installed."""
    pytest.importorskip("matplotlib")


def by_gid(axes: Axes, gid: str) -> list[Line2D]:
    """The lines of *axes* with the given gid."""
    return [line for line in axes.get_lines() if line.get_gid() == gid]


def data(line: Line2D, axis: str = "y") -> list[float]:
    """A line's y (or x) data as floats."""
    import numpy as np  # noqa: PLC0415

    values = line.get_ydata() if axis == "y" else line.get_xdata()
    return [float(value) for value in np.asarray(values)]


def draw(chart: XmR, **keywords: object) -> tuple[Figure, Axes]:
    """The chart drawn on a figure of its own, and its axes."""
    from perfmeasures.plot import xmr_figure  # noqa: PLC0415

    figure = xmr_figure(chart, **keywords)  # type: ignore[arg-type]
    (axes,) = figure.axes
    return figure, axes


@pytest.mark.usefixtures("mpl")
class TestFigure:
    """xmr_figure draws what the SVG draws."""

    def test_lines_at_limits_mean_and_target(self) -> None:
        chart = xmr(WORKED, target=3)
        _, axes = draw(chart, two_sigma=True)
        (segment,) = chart.segments
        for gid, value in (
            ("pm-xmr-mean", segment.mean),
            ("pm-xmr-upper", segment.upper),
            ("pm-xmr-lower", segment.lower),
            ("pm-xmr-upper-2sigma", segment.upper_two_sigma),
            ("pm-xmr-lower-2sigma", segment.lower_two_sigma),
            ("pm-xmr-target", Decimal(3)),
        ):
            (line,) = by_gid(axes, gid)
            assert [float(value)] * 2 == data(line), gid
        (series,) = by_gid(axes, "pm-xmr-series")
        assert [float(v) for v in WORKED] == data(series)

    def test_point_colours_and_markers(self) -> None:
        import numpy as np  # noqa: PLC0415
        from matplotlib.colors import to_rgba  # noqa: PLC0415

        chart = xmr(WORKED)
        _, axes = draw(chart)
        found = {}
        for collection in axes.collections:
            offsets = [
                (float(x), float(y)) for x, y in np.asarray(collection.get_offsets())
            ]
            colours = {
                tuple(float(part) for part in colour)
                for colour in np.asarray(collection.get_facecolor())
            }
            found[collection.get_gid()] = (offsets, colours)
        offsets, colours = found["pm-xmr-special_cause_improvement"]
        assert [(4.0, 10.0)] == offsets
        assert {to_rgba("#289de0")} == colours
        offsets, colours = found["pm-xmr-common_cause"]
        assert 17 == len(offsets)
        assert {to_rgba("#7b7d7d")} == colours
        assert 2 == len(found)

    def test_legend(self) -> None:
        chart = xmr(WORKED, target=3)
        _, axes = draw(chart, two_sigma=True)
        legend = axes.get_legend()
        assert legend is not None
        assert [
            "Common cause",
            "Special cause: improvement",
            "Mean",
            "Process limits",
            "2-sigma lines",
            "Target",
        ] == [text.get_text() for text in legend.get_texts()]

    def test_period_tick_labels(self) -> None:
        figure, axes = draw(seed_chart(), title="1.A2")
        figure.canvas.draw()
        assert QUARTERS == [text.get_text() for text in axes.get_xticklabels()]
        assert all(text.get_rotation() == 0 for text in axes.get_xticklabels())
        assert "1.A2" == axes.get_title(loc="left")

    def test_many_labels_turned_and_thinned(self) -> None:
        chart = sixty_months()
        figure, axes = draw(chart)
        figure.canvas.draw()
        texts = [text.get_text() for text in axes.get_xticklabels()]
        periods = [point.period.label for point in chart.points if point.period]
        assert 2 <= len(texts) < len(periods)
        assert set(texts) <= set(periods)
        assert {45.0} == {text.get_rotation() for text in axes.get_xticklabels()}

    def test_rebase(self) -> None:
        values = [5, 6, 5, 6, 5, 6, 5, 6, 20, 21, 20, 21, 20, 21, 20, 21]
        chart = xmr(values, rebase_at=[8])
        _, axes = draw(chart)
        (separator,) = by_gid(axes, "pm-xmr-rebase")
        assert [7.5, 7.5] == data(separator, "x")
        means = by_gid(axes, "pm-xmr-mean")
        assert [float(segment.mean) for segment in chart.segments] == [
            data(line)[0] for line in means
        ]

    def test_saves_png_and_svg(self, tmp_path: Path) -> None:
        figure, _ = draw(xmr(WORKED, target=3), title="Worked")
        png, svg = tmp_path / "chart.png", tmp_path / "chart.svg"
        figure.savefig(png)
        figure.savefig(svg)
        assert png.stat().st_size > 0
        assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
        assert svg.stat().st_size > 0
        root = ET.fromstring(svg.read_text(encoding="utf-8"))  # noqa: S314
        ids = {element.get("id") for element in root.iter()}
        assert {"pm-xmr-mean", "pm-xmr-target"} <= ids

    def test_draws_on_given_axes(self) -> None:
        from matplotlib.figure import Figure  # noqa: PLC0415

        from perfmeasures.plot import xmr_figure  # noqa: PLC0415

        had_pyplot = "matplotlib.pyplot" in sys.modules
        figure = Figure()
        left, right = figure.subplots(1, 2)
        assert figure is xmr_figure(xmr(WORKED), ax=right)
        assert [] == left.get_lines()
        assert by_gid(right, "pm-xmr-mean")
        if not had_pyplot:
            assert "matplotlib.pyplot" not in sys.modules

    def test_not_a_chart(self) -> None:
        with pytest.raises(InvalidValueError) as caught:
            draw(WORKED)  # type: ignore[arg-type]
        assert "chart" == caught.value.field


class TestWithoutMatplotlib:
    """The module imports without matplotlib; drawing names the extra."""

    @pytest.fixture
    def hidden(self, monkeypatch: pytest.MonkeyPatch) -> None:
        for name in [name for name in sys.modules if name.startswith("matplotlib")]:
            monkeypatch.setitem(sys.modules, name, None)
        monkeypatch.setitem(sys.modules, "matplotlib", None)
        monkeypatch.delitem(sys.modules, "perfmeasures.plot", raising=False)

    @pytest.mark.usefixtures("hidden")
    def test_missing_extra(self) -> None:
        plot = importlib.import_module("perfmeasures.plot")
        with pytest.raises(MissingExtraError) as caught:
            plot.xmr_figure(xmr(WORKED))
        assert "plot" == caught.value.extra
        assert "pip install 'perfmeasures[plot]'" in str(caught.value)
