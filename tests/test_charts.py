"""Tests for the charts of measures: matplotlib figures and the inline SVG.

Every test draws the seed plan's measures (or a small measure of its own)
and reads back what was drawn: the target line's data, the benchmark
lines, the markers' colours, the legend, the description.
"""

from __future__ import annotations

import importlib
import math
import re
import struct
import sys
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from perfmeasures import (
    BoundTarget,
    FixedTarget,
    Frequency,
    InvalidValueError,
    Measure,
    MissingExtraError,
    Polarity,
    RangeTarget,
    Status,
    evaluate,
    parse_period,
    target_for,
)
from perfmeasures.examples import rotherham_2019_20
from perfmeasures.reports._series_svg import (
    BENCHMARK_COLOUR,
    STATUS_COLOURS,
    STATUS_FILLS,
    STATUS_MARKERS,
    measure_series,
    measure_svg,
)
from perfmeasures.spc import measure_xmr

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.collections import PathCollection
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

SVG = "{http://www.w3.org/2000/svg}"
MONTHS = ["Apr 2019", "May 2019", "Jun 2019"]
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def seed(ref: str) -> Measure:
    """A measure of the seed plan."""
    return rotherham_2019_20().measure(ref)


def targets(ref: str, labels: list[str]) -> list[float]:
    """The targets :func:`evaluate` compares with, as floats (NaN for none)."""
    measure = seed(ref)
    found = [evaluate(measure, label).target for label in labels]
    return [math.nan if value is None else float(value) for value in found]


def same(expected: list[float], actual: list[float]) -> bool:
    """Whether two lists of floats are equal, NaN equal to NaN."""
    return len(expected) == len(actual) and all(
        (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b)
        for a, b in zip(expected, actual, strict=True)
    )


def monthly(**keywords: object) -> Measure:
    """A monthly measure of three figures, with whatever target is given."""
    return Measure(
        ref="T.1",
        title="Test measure",
        polarity=Polarity.HIGHER_IS_BETTER,
        frequency=Frequency.MONTHLY,
        values={"Apr 2019": 4, "May 2019": 6, "Jun 2019": 9},
        **keywords,  # type: ignore[arg-type]
    )


class TestSeries:
    """What both drawings are drawn from."""

    def test_seed_periods_and_statuses(self) -> None:
        series = measure_series(seed("1.A2"))
        assert MONTHS == [point.period.label for point in series.points]
        assert [Status.RED, Status.RED, Status.AMBER] == [
            point.status for point in series.points
        ]
        assert not series.to_date

    def test_year_to_date(self) -> None:
        series = measure_series(seed("2.B7"))
        assert series.to_date
        assert [Decimal(39), Decimal(63), Decimal(81)] == [
            point.rated for point in series.points
        ]
        assert [Decimal(39), Decimal(24), Decimal(18)] == [
            point.figure for point in series.points
        ]

    def test_quarters_when_no_month_has_a_figure(self) -> None:
        series = measure_series(seed("3.B3"))
        assert ["Q4 2018/19", "Q1 2019/20"] == [
            point.period.label for point in series.points
        ]
        assert series.noun == "quarter"
        # The year to date starts again in 2019/20: two runs.
        assert [[0], [1]] == series.runs()

    def test_gap_left_for_a_missing_month(self) -> None:
        measure = Measure(
            ref="G.1",
            title="Gap",
            polarity=Polarity.HIGHER_IS_BETTER,
            values={"Apr 2019": 1, "Jun 2019": 3},
        )
        series = measure_series(measure)
        assert MONTHS == [point.period.label for point in series.points]
        assert series.points[1].figure is None
        assert [[0], [2]] == series.runs()

    def test_until_and_periods(self) -> None:
        assert ["Apr 2019", "May 2019"] == [
            point.period.label
            for point in measure_series(seed("1.A2"), until="May 2019").points
        ]
        quarters = ["Q3 2018/19", "Q4 2018/19", "Q1 2019/20"]
        series = measure_series(seed("1.A2"), periods=quarters)
        assert quarters == [point.period.label for point in series.points]
        assert [None, None, Decimal(90)] == [point.line for point in series.points]

    def test_refuses_periods_out_of_order(self) -> None:
        with pytest.raises(InvalidValueError) as caught:
            measure_series(seed("1.A2"), periods=["May 2019", "Apr 2019"])
        assert "periods" == caught.value.field

    def test_markers_differ_by_status(self) -> None:
        rated = [status for status in Status if status.is_rag]
        assert len(rated) == len({STATUS_MARKERS[status] for status in rated})


# matplotlib ------------------------------------------------------------------


@pytest.fixture
def mpl() -> None:
    """Skip unless matplotlib is installed."""
    pytest.importorskip("matplotlib")


def draw(measure: Measure, **keywords: object) -> tuple[Figure, Axes]:
    """The measure's chart on a figure of its own, and its axes."""
    from perfmeasures.plot import measure_figure  # noqa: PLC0415

    figure = measure_figure(measure, **keywords)  # type: ignore[arg-type]
    (axes,) = figure.axes
    return figure, axes


def lines(axes: Axes, gid: str) -> list[Line2D]:
    """The lines of *axes* with the given gid."""
    return [line for line in axes.get_lines() if line.get_gid() == gid]


def floats(values: object) -> list[float]:
    """Line or offset data as a list of floats."""
    import numpy as np  # noqa: PLC0415

    return [float(value) for value in np.asarray(values, dtype=float).ravel()]


def rows(values: object) -> list[tuple[float, ...]]:
    """An array's rows (offsets, colours) as tuples of floats."""
    import numpy as np  # noqa: PLC0415

    table = np.atleast_2d(np.asarray(values, dtype=float))
    return [tuple(float(value) for value in row) for row in table]


def markers(axes: Axes, status: Status) -> PathCollection:
    """The markers of one status."""
    from matplotlib.collections import PathCollection  # noqa: PLC0415

    (found,) = [
        artist
        for artist in axes.collections
        if isinstance(artist, PathCollection)
        and artist.get_gid() == f"pm-series-{status.value}"
    ]
    return found


def legend_texts(axes: Axes) -> list[str]:
    """The texts of the axes' legend."""
    legend = axes.get_legend()
    assert legend is not None
    return [text.get_text() for text in legend.get_texts()]


@pytest.mark.usefixtures("mpl")
class TestMeasureFigure:
    """perfmeasures.plot.measure_figure."""

    def test_fixed_target_level_across_the_year(self) -> None:
        _, axes = draw(seed("1.A2"))
        (line,) = lines(axes, "pm-series-target")
        ys = floats(line.get_ydata())
        assert same(targets("1.A2", MONTHS), ys[:-1])
        assert [90.0] * 4 == ys
        assert [-0.5, 0.5, 1.5, 2.5] == floats(line.get_xdata())
        assert "steps-post" == line.get_drawstyle()

    def test_profiled_cumulative_target_steps_each_month(self) -> None:
        _, axes = draw(seed("2.B7"))
        (line,) = lines(axes, "pm-series-target")
        ys = floats(line.get_ydata())[:-1]
        # 85 for the first quarter, re-profiled: a third of it a month, to date.
        assert same([85 / 3, 170 / 3, 85.0], ys)
        assert same(targets("2.B7", MONTHS), ys)
        measure = seed("2.B7")
        for label, y in zip(MONTHS, ys, strict=True):
            target = target_for(measure, parse_period(label))
            assert target is not None
            assert target.value is not None
            assert float(target.value) == pytest.approx(y)

    def test_year_to_date_and_period_lines(self) -> None:
        _, axes = draw(seed("2.B7"))
        (main,) = lines(axes, "pm-series-line")
        (alone,) = lines(axes, "pm-series-period")
        assert [39.0, 63.0, 81.0] == floats(main.get_ydata())
        assert [39.0, 24.0, 18.0] == floats(alone.get_ydata())
        assert [
            "Green",
            "Amber",
            "Red",
            "Year to date",
            "Month's figure",
            "Target (year to date)",
        ] == legend_texts(axes)

    def test_year_to_date_breaks_at_the_year(self) -> None:
        _, axes = draw(seed("3.B3"))
        (line,) = lines(axes, "pm-series-target")
        assert same([math.nan, 47.025, 47.025], floats(line.get_ydata()))
        assert same(
            targets("3.B3", ["Q4 2018/19", "Q1 2019/20"]), floats(line.get_ydata())[:-1]
        )
        (main,) = lines(axes, "pm-series-line")
        # 209 for 2018/19, then 72 for 2019/20: not joined.
        assert same([209.0, math.nan, 72.0], floats(main.get_ydata()))
        ticks = [text.get_text() for text in axes.get_xticklabels()]
        assert ["Q4 2018/19", "Q1 2019/20"] == ticks

    def test_benchmarks(self) -> None:
        _, axes = draw(seed("1.A2"))
        found = lines(axes, "pm-series-benchmark")
        assert [54.5, 45.3] == [floats(line.get_ydata())[0] for line in found]
        assert {BENCHMARK_COLOUR} == {line.get_color() for line in found}
        labels = [
            text.get_text()
            for text in axes.texts
            if text.get_gid() == "pm-series-benchmark-label"
        ]
        assert ["statistical neighbours 54.5", "national average 45.3"] == labels

    def test_marker_colours_by_status(self) -> None:
        from matplotlib.colors import to_rgba  # noqa: PLC0415

        _, axes = draw(seed("1.A2"))
        red = markers(axes, Status.RED)
        assert [(0.0, 94.8), (1.0, 97.5)] == rows(red.get_offsets())
        assert to_rgba(STATUS_FILLS[Status.RED]) in rows(red.get_facecolor())
        assert to_rgba(STATUS_COLOURS[Status.RED]) in rows(red.get_edgecolor())
        amber = markers(axes, Status.AMBER)
        assert [(2.0, 94.8)] == rows(amber.get_offsets())
        assert to_rgba(STATUS_COLOURS[Status.AMBER]) in rows(amber.get_edgecolor())

    def test_legend_names_statuses_in_words(self) -> None:
        _, axes = draw(seed("1.A2"))
        assert ["Amber", "Red", "Target"] == legend_texts(axes)

    def test_spc_limits(self) -> None:
        measure = seed("1.A2")
        _, axes = draw(measure, spc=True)
        (segment,) = measure_xmr(measure).segments
        (mean,) = lines(axes, "pm-xmr-mean")
        (upper,) = lines(axes, "pm-xmr-upper")
        (lower,) = lines(axes, "pm-xmr-lower")
        assert [float(segment.mean)] * 2 == floats(mean.get_ydata())
        assert [float(segment.upper)] * 2 == floats(upper.get_ydata())
        assert [float(segment.lower)] * 2 == floats(lower.get_ydata())
        assert ["Mean", "Process limits"] == legend_texts(axes)[-2:]
        low, high = axes.get_ylim()
        assert low <= float(segment.lower)
        assert float(segment.upper) <= high

    def test_until(self) -> None:
        _, axes = draw(seed("1.A2"), until="May 2019")
        assert ["Apr 2019", "May 2019"] == [
            text.get_text() for text in axes.get_xticklabels()
        ]

    def test_range_floor_and_bound(self) -> None:
        _, axes = draw(monthly(targets={"2019/20": RangeTarget(lower=5, upper=8)}))
        assert 1 == len(
            [a for a in axes.collections if a.get_gid() == "pm-series-range"]
        )
        assert "Target range" in legend_texts(axes)
        assert not lines(axes, "pm-series-target")
        _, axes = draw(monthly(targets={"2019/20": FixedTarget(7, floor=5)}))
        (floor,) = lines(axes, "pm-series-floor")
        assert [5.0] * 4 == floats(floor.get_ydata())
        assert "--" == floor.get_linestyle()
        assert "Floor" in legend_texts(axes)
        _, axes = draw(
            monthly(targets={"2019/20": BoundTarget.from_text("at least 5")})
        )
        (line,) = lines(axes, "pm-series-target")
        assert [5.0] * 4 == floats(line.get_ydata())

    def test_title(self) -> None:
        _, axes = draw(seed("1.A2"))
        assert axes.get_title(loc="left").startswith("1.A2 The number of children")
        _, axes = draw(seed("1.A2"), title="Children on a plan")
        assert "Children on a plan" == axes.get_title(loc="left")

    def test_no_figures(self) -> None:
        measure = Measure(ref="E.1", title="Empty", polarity=Polarity.NEUTRAL)
        _, axes = draw(measure)
        assert ["No figures to chart"] == [text.get_text() for text in axes.texts]

    def test_draws_on_given_axes(self) -> None:
        from matplotlib.figure import Figure  # noqa: PLC0415

        from perfmeasures.plot import measure_figure  # noqa: PLC0415

        figure = Figure()
        left, right = figure.subplots(1, 2)
        assert figure is measure_figure(seed("2.B7"), ax=right)
        assert lines(right, "pm-series-target")
        assert not left.get_lines()

    def test_saves_png_and_svg(self, tmp_path: Path) -> None:
        figure, _ = draw(seed("2.B7"))
        png, svg = tmp_path / "2.B7.png", tmp_path / "2.B7.svg"
        figure.savefig(png)
        figure.savefig(svg)
        assert png.read_bytes().startswith(PNG_MAGIC)
        assert png.stat().st_size > 0
        text = svg.read_text(encoding="utf-8")
        assert svg.stat().st_size > 0
        assert 'id="pm-series-target"' in text
        assert "Target (year to date)" in text

    def test_seed_chart_for_the_docs(self, tmp_path: Path) -> None:
        """The 1.A2 chart, as the docs show it, written to a fixed path."""
        figure, _ = draw(seed("1.A2"))
        path = tmp_path / "docs" / "1.A2.png"
        path.parent.mkdir()
        figure.savefig(path, dpi=100)
        data = path.read_bytes()
        assert data.startswith(PNG_MAGIC)
        width, height = struct.unpack(">II", data[16:24])
        assert (800, 420) == (width, height)

    @pytest.mark.parametrize(
        ("keywords", "field"),
        [
            ({"spc": 1}, "spc"),
            ({"title": 3}, "title"),
            ({"periods": "Apr 2019"}, "periods"),
        ],
    )
    def test_refused(self, keywords: dict[str, object], field: str) -> None:
        with pytest.raises(InvalidValueError) as caught:
            draw(seed("1.A2"), **keywords)
        assert field == caught.value.field

    def test_refuses_what_is_not_a_measure(self) -> None:
        with pytest.raises(InvalidValueError) as caught:
            draw("1.A2")  # type: ignore[arg-type]
        assert "measure" == caught.value.field


@pytest.fixture
def hidden(monkeypatch: pytest.MonkeyPatch) -> None:
    """No matplotlib to import, and the plot module imported anew."""
    for name in [name for name in sys.modules if name.startswith("matplotlib")]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.delitem(sys.modules, "perfmeasures.plot", raising=False)


@pytest.mark.usefixtures("hidden")
def test_missing_extra() -> None:
    """Without matplotlib, drawing says which extra to install."""
    plot = importlib.import_module("perfmeasures.plot")
    with pytest.raises(MissingExtraError) as caught:
        plot.measure_figure(seed("1.A2"))
    assert "plot" == caught.value.extra
    assert "pip install 'perfmeasures[plot]'" in str(caught.value)
    with pytest.raises(MissingExtraError):
        plot.small_multiples(rotherham_2019_20(), "Jun 2019")


@pytest.mark.usefixtures("mpl")
class TestSmallMultiples:
    """perfmeasures.plot.small_multiples."""

    def test_priority(self) -> None:
        from perfmeasures.plot import small_multiples  # noqa: PLC0415

        figure = small_multiples(rotherham_2019_20(), "Jun 2019", priority="1")
        titles = [axes.get_title(loc="left") for axes in figure.axes]
        assert ["1.A2", "1.A5", "1.A8"] == [title.split()[0] for title in titles]
        assert all(axes.get_legend() is None for axes in figure.axes)
        (legend,) = figure.legends
        assert ["Amber", "Red", "Target"] == [t.get_text() for t in legend.get_texts()]
        heading = figure.get_suptitle()
        assert "priority 1" in heading
        assert "Jun 2019" in heading

    def test_whole_plan(self, tmp_path: Path) -> None:
        from perfmeasures.plot import small_multiples  # noqa: PLC0415

        plan = rotherham_2019_20()
        figure = small_multiples(plan, "Jun 2019", columns=4)
        assert [m.ref for m in plan.measures] == [
            axes.get_title(loc="left").split()[0] for axes in figure.axes
        ]
        (legend,) = figure.legends
        names = [text.get_text() for text in legend.get_texts()]
        # The statuses first, in the key's order, then each line once.
        assert ["Green", "Amber", "Red", "Not applicable"] == names[:4]
        assert len(names) == len(set(names))
        assert {"Target", "Target (year to date)", "Year to date"} <= set(names)
        path = tmp_path / "plan.png"
        figure.savefig(path)
        assert path.read_bytes().startswith(PNG_MAGIC)

    def test_measures_and_until(self) -> None:
        from perfmeasures.plot import small_multiples  # noqa: PLC0415

        plan = rotherham_2019_20()
        figure = small_multiples([plan.measure("2.B7")], "May 2019")
        (axes,) = figure.axes
        (line,) = lines(axes, "pm-series-target")
        assert same([85 / 3, 170 / 3], floats(line.get_ydata())[:-1])

    @pytest.mark.parametrize(
        ("arguments", "field"),
        [
            ({"priority": "9"}, "priority"),
            ({"columns": 0}, "columns"),
            ({"columns": True}, "columns"),
        ],
    )
    def test_refused(self, arguments: dict[str, object], field: str) -> None:
        from perfmeasures.plot import small_multiples  # noqa: PLC0415

        with pytest.raises(InvalidValueError) as caught:
            small_multiples(rotherham_2019_20(), "Jun 2019", **arguments)  # type: ignore[arg-type]
        assert field == caught.value.field

    def test_refuses_what_is_not_measures(self) -> None:
        from perfmeasures.plot import small_multiples  # noqa: PLC0415

        with pytest.raises(InvalidValueError) as caught:
            small_multiples(seed("1.A2"), "Jun 2019")  # type: ignore[arg-type]
        assert "plan_or_measures" == caught.value.field


# SVG -------------------------------------------------------------------------


def parse(svg: str) -> ET.Element:
    """The SVG's root element."""
    return ET.fromstring(svg)  # noqa: S314 (our own output)


def by_class(root: ET.Element, name: str) -> list[ET.Element]:
    """The elements of class *name*."""
    return [element for element in root.iter() if element.get("class") == name]


def scale(root: ET.Element) -> tuple[float, float]:
    """The y axis's scale: value = a + b * y, from two grid lines."""
    grid = by_class(root, "pm-series-grid")
    (v0, y0), (v1, y1) = [
        (float(line.get("data-value", "")), float(line.get("y1", "")))
        for line in grid[:2]
    ]
    slope = (v1 - v0) / (y1 - y0)
    return v0 - slope * y0, slope


def path_points(d: str) -> list[list[tuple[float, float]]]:
    """The runs of a path of M and L commands."""
    runs: list[list[tuple[float, float]]] = []
    for command, x, y in re.findall(r"([ML])\s*(-?[\d.]+),(-?[\d.]+)", d):
        if command == "M":
            runs.append([])
        runs[-1].append((float(x), float(y)))
    return runs


class TestMeasureSvg:
    """The inline SVG: measure_svg."""

    def test_accessible(self) -> None:
        root = parse(measure_svg(seed("1.A2")))
        assert "img" == root.get("role")
        title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
        assert title is not None
        assert desc is not None
        assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        assert (title.text or "").startswith("1.A2 The number of children")
        classes = {e.get("class") for e in root.iter() if e.get("class")}
        assert all(str(name).startswith("pm-series") for name in classes)
        assert not [e for e in root.iter() if e.tag.endswith("script")]

    @pytest.mark.parametrize(
        ("ref", "labels"),
        [("1.A2", MONTHS), ("2.B7", MONTHS), ("3.B3", ["Q4 2018/19", "Q1 2019/20"])],
    )
    def test_target_steps_map_to_targets(self, ref: str, labels: list[str]) -> None:
        root = parse(measure_svg(seed(ref)))
        a, b = scale(root)
        (path,) = by_class(root, "pm-series-target")
        runs = path_points(path.get("d", ""))
        steps = [a + b * y for run in runs for y in [y for _, y in run][::2]]
        expected = [t for t in targets(ref, labels) if not math.isnan(t)]
        # One horizontal step a period with a target: its two ends at one y.
        assert [pytest.approx(t, abs=0.05 * abs(b) + 1e-9) for t in expected] == steps
        for run in runs:
            ys = [y for _, y in run]
            assert ys[::2] == ys[1::2]

    def test_benchmarks(self) -> None:
        root = parse(measure_svg(seed("1.A2")))
        a, b = scale(root)
        found = by_class(root, "pm-series-benchmark")
        assert ["statistical neighbours", "national average"] == [
            group.get("data-name") for group in found
        ]
        for group, value in zip(found, [54.5, 45.3], strict=True):
            line, text = group.find(f"{SVG}line"), group.find(f"{SVG}text")
            assert line is not None
            assert text is not None
            assert a + b * float(line.get("y1", "")) == pytest.approx(value, abs=0.1)
            assert str(value) in (text.text or "")
            assert BENCHMARK_COLOUR == line.get("stroke")

    @pytest.mark.parametrize("ref", ["1.A2", "2.B7", "3.B3"])
    def test_marker_colours_match_statuses(self, ref: str) -> None:
        measure = seed(ref)
        root = parse(measure_svg(measure))
        points = by_class(root, "pm-series-point")
        assert points
        for point in points:
            status = evaluate(measure, point.get("data-period", "")).status
            assert status.value == point.get("data-status")
            assert STATUS_FILLS[status] == point.get("fill")
            assert STATUS_COLOURS[status] == point.get("stroke")
            shape = "circle" if STATUS_MARKERS[status] == "o" else "path"
            assert f"{SVG}{shape}" == point.tag

    def test_red_point(self) -> None:
        root = parse(measure_svg(seed("1.A2")))
        statuses = [p.get("data-status") for p in by_class(root, "pm-series-point")]
        assert ["red", "red", "amber"] == statuses
        legend = [k.get("data-name") for k in by_class(root, "pm-series-key")]
        assert ["Amber", "Red", "Target"] == legend

    def test_title_escaped(self) -> None:
        svg = measure_svg(seed("1.A2"), title="<script>alert(1)</script> & co")
        assert "<script>" not in svg
        root = parse(svg)
        title = root.find(f"{SVG}title")
        assert title is not None
        assert "<script>alert(1)</script> & co" == title.text
        assert not [e for e in root.iter() if e.tag.endswith("script")]

    def test_description_names_each_point(self) -> None:
        root = parse(measure_svg(seed("2.B7")))
        desc = root.find(f"{SVG}desc")
        assert desc is not None
        words = desc.text or ""
        assert (
            "Apr 2019: 39 in the month, 39 year to date, target 28.33, status Red."
            in words
        )
        assert (
            "May 2019: 24 in the month, 63 year to date, target 56.67, status Amber."
            in words
        )
        assert (
            "Jun 2019: 18 in the month, 81 year to date, target 85, status Green."
            in words
        )

    def test_description_of_benchmarks(self) -> None:
        root = parse(measure_svg(seed("1.A2")))
        desc = root.find(f"{SVG}desc")
        assert desc is not None
        words = desc.text or ""
        for label, figure in zip(MONTHS, ["94.8", "97.5", "94.8"], strict=True):
            assert f"{label}: {figure}, target 90" in words
        assert (
            "Benchmarks: statistical neighbours 54.5; national average 45.3." in words
        )

    def test_no_figures(self) -> None:
        measure = Measure(ref="E.1", title="Empty", polarity=Polarity.NEUTRAL)
        root = parse(measure_svg(measure))
        (empty,) = by_class(root, "pm-series-empty")
        assert "No figures to chart" == empty.text

    def test_size_and_refusals(self) -> None:
        root = parse(measure_svg(seed("1.A2"), width=640, height=300))
        assert ("640", "300") == (root.get("width"), root.get("height"))
        with pytest.raises(InvalidValueError) as caught:
            measure_svg(seed("2.B7"), width=240, height=160)
        assert "height" == caught.value.field
        with pytest.raises(InvalidValueError) as caught:
            measure_svg(seed("2.B7"), width=100)
        assert "width" == caught.value.field


class TestNotebookDisplay:
    """A figure the plot module makes shows itself in a notebook."""

    def test_png(self) -> None:
        """_repr_png_ gives the figure as PNG bytes, as savefig draws it."""
        pytest.importorskip("matplotlib")
        from perfmeasures.plot import measure_figure  # noqa: PLC0415

        figure = measure_figure(rotherham_2019_20().measure("1.A2"))
        png = figure._repr_png_()  # type: ignore[attr-defined]
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
        assert type(figure).__name__ == "Figure"

    def test_without_inline_backend(self) -> None:
        """A kernel that never ran %matplotlib inline still shows the chart."""
        nbformat = pytest.importorskip("nbformat")
        nbclient = pytest.importorskip("nbclient")
        pytest.importorskip("ipykernel")
        pytest.importorskip("matplotlib")
        from jupyter_client.kernelspec import KernelSpecManager  # noqa: PLC0415

        if "python3" not in KernelSpecManager().find_kernel_specs():
            pytest.skip("no python3 kernel spec")
        cell = nbformat.v4.new_code_cell(
            "import os\n"
            "os.environ.pop('MPLBACKEND', None)\n"
            "from perfmeasures.examples import rotherham_2019_20\n"
            "from perfmeasures.plot import measure_figure\n"
            'measure_figure(rotherham_2019_20().measure("1.A2"))'
        )
        notebook = nbformat.v4.new_notebook(cells=[cell])
        nbclient.NotebookClient(notebook, kernel_name="python3", timeout=120).execute()
        (result,) = [o for o in cell.outputs if o.output_type == "execute_result"]
        assert result["data"]["text/plain"].startswith("<Figure size 800x420")
        assert "image/png" in result["data"]
