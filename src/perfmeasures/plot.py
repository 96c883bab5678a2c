"""Charts of measures and XmR charts, drawn with matplotlib.

:func:`measure_figure` draws a measure's figures against its target, each
point coloured and shaped by its status, with its benchmarks and, if asked,
its XmR limits; :func:`small_multiples` draws one such chart a measure of a
plan or a priority, with one legend.  :func:`xmr_figure` draws a chart of
:mod:`perfmeasures.spc` as Making Data Count draws it.  Each draws what the
HTML reports' inline SVG draws, for a notebook, a script or a report
written to PNG, SVG or PDF.

This module needs matplotlib, which the ``plot`` extra installs::

    pip install 'perfmeasures[plot]'

Importing the module does not import matplotlib: drawing does, and raises
:class:`~perfmeasures.MissingExtraError` when it is not installed.

.. versionadded:: 0.3.0
"""

from __future__ import annotations

import functools
import io
import math
import textwrap
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from ._errors import InvalidValueError, MissingExtraError
from ._measures import Measure, UnitKind
from ._periods import Period
from ._plan import Plan
from ._ratings import Status
from .reports._key import DEFAULT_KEY
from .reports._series_svg import (
    BENCHMARK_COLOUR,
    BENCHMARK_DASHES,
    FLOOR_STYLE,
    PERIOD_STYLE,
    RANGE_FILL,
    STATUS_COLOURS,
    STATUS_FILLS,
    STATUS_MARKERS,
    MeasureSeries,
    benchmark_label,
    label_indices,
    measure_series,
    series_legend,
    status_name,
    target_name,
)
from .reports._xmr_svg import (
    CHAR_WIDTH,
    LINE_STYLES,
    MARKERS,
    PALETTE,
    TYPE_NAMES,
    _tick_text,
    label_starts,
    label_steps,
    legend_names,
    nice_ticks,
    point_labels,
)
from .spc import PointType, XmR, measure_xmr

if TYPE_CHECKING:
    from collections.abc import Sequence

    import matplotlib.axes
    import matplotlib.figure
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

__all__ = ["measure_figure", "small_multiples", "xmr_figure"]

_SERIES = "#7b7d7d"
_OUTLINE = "#231f20"
_AXIS = "#595959"
# The SVG's line widths, in pixels, are drawn this much wider in points: a
# pixel is 0.75 points, but a figure is shown smaller than the SVG.
_WIDTH = 1.05
# A character's width, estimated, as a share of the font's size: the SVG's
# 7 pixels for a 12-pixel font.
_CHARACTER = CHAR_WIDTH / 12


def _thinned(chart: XmR, room: float, needed: float) -> list[int]:
    """The points labelled when *needed* points apart, at *room* points a step."""
    for step in label_steps(chart):
        indices, optional = label_starts(chart, step)
        if step * room >= needed:
            if optional and (step - 1) * room >= needed:
                indices.insert(0, 0)
            return indices
    return [0]


def _ticks(chart: XmR, width: float, size: float) -> tuple[list[int], float]:
    """The points to label on an axis *width* points wide, and the labels' angle.

    The labels, in a font of *size* points, are thinned at the steps the
    SVG uses, written flat when that leaves at least half as many as
    turning them 45 degrees would, and turned otherwise.
    """
    labels = point_labels(chart)
    room = width / max(len(labels) - 1, 1)
    widest = max(len(label) for label in labels) * size * _CHARACTER
    flat = _thinned(chart, room, widest + size)
    # A label turned 45 degrees takes about its height times the square
    # root of two across; half as much again keeps them apart.
    turned = _thinned(chart, room, size * 2.1)
    if 2 * len(flat) >= len(turned):
        return flat, 0.0
    return turned, 45.0


def xmr_figure(
    chart: XmR,
    *,
    title: str | None = None,
    ax: matplotlib.axes.Axes | None = None,
    two_sigma: bool = False,
) -> matplotlib.figure.Figure:
    """Draw an XmR chart with matplotlib.

    The drawing is that of the HTML reports' SVG: the series as a grey
    line; a marker a point in its Making Data Count colour and a shape of
    its own (grey circle for common cause, blue square for improvement,
    orange triangle for concern, purple diamond for neither), so that the
    chart reads in black and white too; for each segment the mean (solid),
    the process limits (dashed) and, with *two_sigma*, the 2-sigma lines
    (dotted); a vertical line where a rebase starts a segment; the target
    as a red dash-dot line; and a legend, right of the axes, naming the
    point types present and the lines.  The x axis is labelled with the
    points' periods (or their numbers, from 1), turned and thinned when
    they would not fit.

    Every line carries a ``gid`` naming what it draws (``pm-xmr-mean``,
    ``pm-xmr-upper``, ``pm-xmr-lower``, ``pm-xmr-upper-2sigma``,
    ``pm-xmr-lower-2sigma``, ``pm-xmr-target``, ``pm-xmr-rebase``,
    ``pm-xmr-series``), which an SVG saved from the figure keeps as ids.

    Args:
        chart: The chart, from :func:`~perfmeasures.spc.xmr` or
            :func:`~perfmeasures.spc.measure_xmr`.
        title: The axes' title, if any.
        ax: The axes to draw on.  ``None`` draws on a new figure of its
            own, with the Agg canvas (no window, no pyplot, no change to
            matplotlib's backend).
        two_sigma: Whether to draw the 2-sigma lines.

    Returns:
        The figure drawn on (*ax*'s, or a new one).

    Raises:
        MissingExtraError: matplotlib is not installed (the ``plot``
            extra).
        InvalidValueError: *chart* is not an XmR chart.

    >>> from perfmeasures.spc import xmr
    >>> figure = xmr_figure(xmr([1, 2, 1, 2, 10, 1, 2]), title="Falls")
    >>> figure.axes[0].get_title(loc="left")
    'Falls'

    .. versionadded:: 0.3.0
    """
    try:
        from matplotlib.figure import Figure  # noqa: PLC0415
    except ImportError as error:
        raise MissingExtraError("plot", "Drawing an XmR chart") from error
    if not isinstance(chart, XmR):
        raise InvalidValueError("chart", chart, "an XmR chart")
    if ax is None:
        figure = _new_figure(8.0, 4.0)
        axes = figure.add_subplot()
    else:
        axes = ax
        parent = ax.figure
        while not isinstance(parent, Figure):
            parent = parent.figure
        figure = parent
    handles = _draw_points(chart, axes)
    handles.update(_draw_lines(chart, axes, two_sigma=two_sigma))
    names = legend_names(chart, two_sigma=two_sigma)
    _label_axes(chart, axes, figure, names)
    if title is not None:
        axes.set_title(title, loc="left", fontweight="bold")
    keys = [handles[name] if name in handles else _key(name) for name in names]
    axes.legend(
        keys,
        names,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        frameon=False,
        borderaxespad=0.0,
    )
    return figure


def _key(name: str) -> Artist:
    """A legend key for a line the chart does not draw."""
    from matplotlib.lines import Line2D  # noqa: PLC0415

    line = Line2D([], [])
    _style(line, name)
    return line


def _style(line: Line2D, name: str) -> Line2D:
    """*line* in the style of the legend's *name*."""
    return _dashes(line, *LINE_STYLES[name])


def _draw_points(chart: XmR, axes: Axes) -> dict[str, Artist]:
    """The series as a line and a marker a point; the legend's keys of the types."""
    count = len(chart.points)
    values = [float(point.value) for point in chart.points]
    axes.plot(
        range(count),
        values,
        color=_SERIES,
        linewidth=1.5,
        zorder=2,
        gid="pm-xmr-series",
    )
    handles: dict[str, Artist] = {}
    for kind in PointType:
        chosen = [point for point in chart.points if point.point_type is kind]
        if chosen:
            handles[TYPE_NAMES[kind]] = axes.scatter(
                [point.index for point in chosen],
                [float(point.value) for point in chosen],
                c=PALETTE[kind],
                marker=MARKERS[kind],
                s=36 if MARKERS[kind] != "D" else 28,
                edgecolors=_OUTLINE,
                linewidths=0.5,
                zorder=3,
                label=TYPE_NAMES[kind],
                gid=f"pm-xmr-{kind.value}",
            )
    return handles


def _draw_lines(chart: XmR, axes: Axes, *, two_sigma: bool) -> dict[str, Artist]:
    """Each segment's lines, the rebases and the target; the legend's keys."""
    count = len(chart.points)
    handles: dict[str, Artist] = {}
    for number, segment in enumerate(chart.segments):
        start = max(segment.start - 0.5, -0.5)
        stop = min(segment.stop - 0.5, count - 0.5)
        lines = [
            ("pm-xmr-mean", "Mean", segment.mean),
            ("pm-xmr-upper", "Process limits", segment.upper),
            ("pm-xmr-lower", "Process limits", segment.lower),
        ]
        if two_sigma:
            lines += [
                ("pm-xmr-upper-2sigma", "2-sigma lines", segment.upper_two_sigma),
                ("pm-xmr-lower-2sigma", "2-sigma lines", segment.lower_two_sigma),
            ]
        for gid, name, value in lines:
            (line,) = axes.plot(
                [start, stop], [float(value), float(value)], zorder=1, gid=gid
            )
            handles.setdefault(name, _style(line, name))
        if number:
            axes.axvline(
                segment.start - 0.5,
                color=_AXIS,
                linewidth=0.75,
                zorder=1,
                gid="pm-xmr-rebase",
            )
    if chart.target is not None:
        line = axes.axhline(float(chart.target), zorder=1.5, gid="pm-xmr-target")
        handles["Target"] = _style(line, "Target")
    return handles


def _label_axes(chart: XmR, axes: Axes, figure: Figure, names: Sequence[str]) -> None:
    """Label the x axis with the points' periods; a grid at the y ticks."""
    from matplotlib import rcParams  # noqa: PLC0415
    from matplotlib.font_manager import FontProperties  # noqa: PLC0415

    count = len(chart.points)
    labels = point_labels(chart)
    axes.set_xlim(-0.5, count - 0.5)
    size = FontProperties(size=rcParams["xtick.labelsize"]).get_size_in_points()
    # The legend, right of the axes, takes its widest name and a key.
    legend = max(len(name) for name in names) * size * _CHARACTER + 4 * size
    width = axes.get_position().width * figure.get_figwidth() * 72 - legend
    shown, angle = _ticks(chart, width, size)
    axes.set_xticks(shown, [labels[index] for index in shown])
    axes.set_xticks(range(count), minor=True)
    if angle:
        for text in axes.get_xticklabels():
            text.set_rotation(angle)
            text.set_horizontalalignment("right")
            text.set_rotation_mode("anchor")
    axes.grid(visible=True, axis="y", color="#e6e6e6", linewidth=0.75, zorder=0)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)


# Charts of measures ----------------------------------------------------------

# Marker areas in points squared, by shape: a star and a cross look smaller
# than a circle of the same area.
_AREAS = {"*": 150.0, "X": 80.0, "o": 64.0, "^": 70.0, "D": 42.0}
_COMPACT = 0.6
_NO_FIGURES = "No figures to chart"


def _figure_of(axes: Axes) -> Figure:
    """The figure *axes* is drawn on (the top one, not a subfigure)."""
    from matplotlib.figure import Figure  # noqa: PLC0415

    parent = axes.figure
    while not isinstance(parent, Figure):
        parent = parent.figure
    return parent


def _new_figure(width: float, height: float) -> Figure:
    """A figure of its own, with the Agg canvas: no window, no pyplot.

    It shows itself in a notebook as a PNG (``_repr_png_``), whether or
    not the notebook has turned on matplotlib's inline backend.
    """
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415
    except ImportError as error:
        raise MissingExtraError("plot", "Drawing a chart") from error
    figure = _shown_figure()(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(figure)
    return figure


@functools.cache
def _shown_figure() -> type[Figure]:
    """Matplotlib's Figure, drawing itself as a PNG for IPython's display."""
    from matplotlib.figure import Figure  # noqa: PLC0415

    class ShownFigure(Figure):
        """A figure that a notebook shows without pyplot."""

        def _repr_png_(self) -> bytes:
            buffer = io.BytesIO()
            self.savefig(buffer, format="png")
            return buffer.getvalue()

    ShownFigure.__module__ = Figure.__module__
    ShownFigure.__qualname__ = ShownFigure.__name__ = "Figure"
    return ShownFigure


def _require_matplotlib(feature: str) -> None:
    try:
        import matplotlib as mpl  # noqa: F401, PLC0415
    except ImportError as error:
        raise MissingExtraError("plot", feature) from error


def _edges(count: int) -> list[float]:
    """The x of each period's left edge, then the right edge of the last."""
    return [index - 0.5 for index in range(count + 1)]


def _stepped(values: Sequence[Decimal | None]) -> list[float]:
    """*values* as a step line's y data: a float a period, the last repeated."""
    floats = [_float(value) for value in values]
    return [*floats, floats[-1]]


def _dashes(
    line: Line2D, colour: str, width: float, dashes: tuple[float, ...] | None
) -> Line2D:
    """*line* in *colour*, *width* pixels wide, with the SVG's dash pattern."""
    line.set_color(colour)
    line.set_linewidth(width * _WIDTH)
    if dashes is None:
        line.set_linestyle("-")
    else:
        # matplotlib scales dashes by the line's width: undo it.
        line.set_linestyle((0, tuple(length / width for length in dashes)))
    return line


def _draw_targets(series: MeasureSeries, axes: Axes) -> dict[str, Artist]:
    """The range band, the floor and the target, as steps a period."""
    count = len(series.points)
    edges = _edges(count)
    handles: dict[str, Artist] = {}
    bands = [point.band for point in series.points]
    if any(band is not None for band in bands):
        lows = _stepped([None if band is None else band[0] for band in bands])
        highs = _stepped([None if band is None else band[1] for band in bands])
        handles["Target range"] = axes.fill_between(
            edges,
            lows,
            highs,
            step="post",
            facecolor=RANGE_FILL,
            edgecolor=LINE_STYLES["Target"][0],
            linewidth=0.75,
            zorder=0.8,
            gid="pm-series-range",
        )
    floors = [point.floor for point in series.points]
    if any(floor is not None for floor in floors):
        (line,) = axes.plot(
            edges, _stepped(floors), drawstyle="steps-post", zorder=1.4,
            gid="pm-series-floor",
        )  # fmt: skip
        handles["Floor"] = _dashes(line, *FLOOR_STYLE)
    targets = [point.line for point in series.points]
    if any(target is not None for target in targets):
        (line,) = axes.plot(
            edges, _stepped(targets), drawstyle="steps-post", zorder=1.5,
            gid="pm-series-target",
        )  # fmt: skip
        handles[target_name(series)] = _style(line, "Target")
    return handles


def _draw_benchmarks(series: MeasureSeries, axes: Axes, size: float) -> None:
    """Each benchmark as a grey line across the axes, labelled at its left end."""
    from matplotlib import patheffects  # noqa: PLC0415
    from matplotlib.transforms import blended_transform_factory  # noqa: PLC0415

    low, high = axes.get_ylim()
    figure = _figure_of(axes)
    tall = axes.get_position().height * figure.get_figheight() * 72
    # The height of a label, as a share of the y axis's range.
    room = (high - low) * size * 1.3 / max(tall, 1.0)
    where = blended_transform_factory(axes.transAxes, axes.transData)
    halo = [patheffects.withStroke(linewidth=3, foreground="white")]
    taken: list[float] = []
    order = sorted(enumerate(series.benchmarks), key=lambda item: -item[1].value)
    for number, benchmark in order:
        value = float(benchmark.value)
        line = axes.axhline(value, zorder=1.2, gid="pm-series-benchmark")
        dashes = BENCHMARK_DASHES[number % len(BENCHMARK_DASHES)]
        _dashes(line, BENCHMARK_COLOUR, 1.0, dashes)
        line.set_label(benchmark.name)
        # The label's foot just above its line, below the one above it.
        foot = min(value + room * 0.15, high - room)
        if taken and foot + room > taken[-1]:
            foot = taken[-1] - room
        taken.append(foot)
        axes.text(
            0.01,
            foot,
            benchmark_label(benchmark, series),
            transform=where,
            fontsize=size,
            color=BENCHMARK_COLOUR,
            va="bottom",
            ha="left",
            zorder=2.5,
            path_effects=halo,
            gid="pm-series-benchmark-label",
        )


def _float(value: Decimal | None) -> float:
    return math.nan if value is None else float(value)


def _draw_figures(series: MeasureSeries, axes: Axes, scale: float) -> dict[str, Artist]:
    """The lines of figures and a marker a period, by status."""
    count = len(series.points)
    handles: dict[str, Artist] = {}
    if series.to_date:
        colour, width, dashes = PERIOD_STYLE
        figures = [_float(point.figure) for point in series.points]
        (line,) = axes.plot(
            range(count), figures, marker="o", markersize=3.5 * scale,
            markerfacecolor="white", zorder=1.8, gid="pm-series-period",
        )  # fmt: skip
        _dashes(line, colour, width, dashes)
        line.set_markeredgecolor(colour)
        handles[f"{series.noun.capitalize()}'s figure"] = line
    # One run after another, a gap (NaN) between: a year to date starts
    # again each year, and a missing figure breaks the line.
    xs: list[float] = []
    ys: list[float] = []
    for run in series.runs():
        if xs:
            xs.append(run[0] - 0.5)
            ys.append(math.nan)
        xs += [float(index) for index in run]
        ys += [_float(series.points[index].rated) for index in run]
    (line,) = axes.plot(
        xs, ys, color=_SERIES, linewidth=1.5, zorder=2, gid="pm-series-line"
    )
    if series.to_date:
        handles["Year to date"] = line
    for status in Status:
        chosen = [
            index
            for index, point in enumerate(series.points)
            if point.status is status and point.rated is not None
        ]
        if not chosen:
            continue
        shape = STATUS_MARKERS[status]
        handles[status_name(status)] = axes.scatter(
            chosen,
            [_float(series.points[index].rated) for index in chosen],
            marker=shape,
            s=_AREAS.get(shape, 56.0) * scale,
            facecolors=STATUS_FILLS[status],
            edgecolors=STATUS_COLOURS[status],
            linewidths=1.3,
            zorder=3,
            label=status_name(status),
            gid=f"pm-series-{status.value}",
        )
    return handles


def _draw_spc(series: MeasureSeries, axes: Axes) -> tuple[dict[str, Artist], XmR]:
    """The XmR mean and process limits of the periods' own figures."""
    chart = measure_xmr(
        series.measure, periods=[point.period for point in series.points]
    )
    where = {point.period: index for index, point in enumerate(series.points)}
    handles: dict[str, Artist] = {}
    for segment in chart.segments:
        first = where[chart.points[segment.start].period]  # type: ignore[index]
        last = where[chart.points[segment.stop - 1].period]  # type: ignore[index]
        for gid, name, value in (
            ("pm-xmr-mean", "Mean", segment.mean),
            ("pm-xmr-upper", "Process limits", segment.upper),
            ("pm-xmr-lower", "Process limits", segment.lower),
        ):
            (line,) = axes.plot(
                [first - 0.5, last + 0.5], [float(value)] * 2, zorder=1.3, gid=gid
            )
            handles.setdefault(name, _style(line, name))
    return handles, chart


def _y_axis(series: MeasureSeries, axes: Axes, extra: Sequence[Decimal]) -> None:
    """Round ticks covering everything drawn, as the SVG's."""
    values = [*series.values(), *extra]
    if not values:
        values = [Decimal(0)]
    ticks = nice_ticks(min(values), max(values))
    step = ticks[1] - ticks[0]
    pad = float(ticks[-1] - ticks[0]) * 0.04
    axes.set_ylim(float(ticks[0]) - pad, float(ticks[-1]) + pad)
    axes.set_yticks(
        [float(tick) for tick in ticks], [_tick_text(tick, step) for tick in ticks]
    )


def _x_axis(series: MeasureSeries, axes: Axes, size: float, room: float) -> None:
    """The periods along the x axis: flat and thinned, or turned if that fits more."""
    count = len(series.points)
    axes.set_xlim(-0.5, count - 0.5)
    periods = [point.period for point in series.points]
    labels = [period.label for period in periods]
    step = room / max(count, 1)
    widest = max(len(label) for label in labels) * size * _CHARACTER
    flat = label_indices(periods, step, widest + size)
    turned = label_indices(periods, step, size * 2.1)
    # Flat, unless turning them 45 degrees labels more than twice as many.
    shown = flat if 2 * len(flat) >= len(turned) else turned
    axes.set_xticks(shown, [labels[index] for index in shown])
    axes.set_xticks(range(count), minor=True)
    if shown is not flat:
        for text in axes.get_xticklabels():
            text.set_rotation(45.0)
            text.set_horizontalalignment("right")
            text.set_rotation_mode("anchor")


def _unit_label(series: MeasureSeries) -> str:
    unit = series.measure.unit
    if unit.label:
        return unit.label
    return {
        UnitKind.PERCENTAGE: "%",
        UnitKind.MONEY: unit.symbol,
        UnitKind.DAYS: "days",
    }.get(unit.kind, "")


def _draw(
    series: MeasureSeries,
    axes: Axes,
    *,
    spc: bool,
    scale: float = 1.0,
    room: float | None = None,
) -> dict[str, Artist]:
    """The chart of *series* on *axes*; the legend's keys by name."""
    from matplotlib import rcParams  # noqa: PLC0415
    from matplotlib.font_manager import FontProperties  # noqa: PLC0415

    size = FontProperties(size=rcParams["xtick.labelsize"]).get_size_in_points()
    size *= 1.0 if scale == 1.0 else 0.85
    axes.tick_params(labelsize=size)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.grid(visible=True, axis="y", color="#e6e6e6", linewidth=0.75, zorder=0)
    axes.set_axisbelow(True)
    if not series.points:
        axes.set_xticks([])
        axes.set_yticks([])
        axes.text(
            0.5, 0.5, _NO_FIGURES, transform=axes.transAxes, ha="center",
            va="center", fontsize=size, color=_AXIS, gid="pm-series-empty",
        )  # fmt: skip
        return {}
    handles: dict[str, Artist] = {}
    extra: list[Decimal] = []
    if spc:
        drawn, chart = _draw_spc(series, axes)
        handles.update(drawn)
        extra = [value for s in chart.segments for value in (s.upper, s.lower)]
    _y_axis(series, axes, extra)
    handles.update(_draw_targets(series, axes))
    _draw_benchmarks(series, axes, size * 0.95)
    figure = _figure_of(axes)
    if room is None:
        room = axes.get_position().width * figure.get_figwidth() * 72
    # Markers shrink where periods are closer than 18 points, to a third.
    crowded = min(1.0, max(0.35, room / len(series.points) / 18))
    handles.update(_draw_figures(series, axes, scale * crowded))
    _x_axis(series, axes, size, room)
    label = _unit_label(series)
    if label:
        axes.set_ylabel(label, fontsize=size, color=_AXIS)
    return handles


def _wrapped(text: str, width: float, size: float, lines: int) -> str:
    """*text* in at most *lines* lines of *width* points, cut short if need be."""
    most = max(8, int(width / (size * 0.56)))
    wrapped = textwrap.wrap(text, most) or [""]
    if len(wrapped) > lines:
        rest = " ".join(wrapped[lines - 1 :])
        wrapped = [*wrapped[: lines - 1], rest[: most - 1].rstrip() + "\u2026"]
    return "\n".join(wrapped)


def _legend_keys(names: Sequence[str], handles: dict[str, Artist]) -> list[Artist]:
    """The legend's keys: the lines drawn, and a marker of full size a status."""
    from matplotlib.lines import Line2D  # noqa: PLC0415

    statuses = {status_name(status): status for status in Status}
    keys: list[Artist] = []
    for name in names:
        if name not in handles:
            continue
        status = statuses.get(name)
        if status is None:
            keys.append(handles[name])
            continue
        shape = STATUS_MARKERS[status]
        keys.append(
            Line2D(
                [], [], linestyle="none", marker=shape,
                markersize=math.sqrt(_AREAS.get(shape, 56.0)),
                markerfacecolor=STATUS_FILLS[status],
                markeredgecolor=STATUS_COLOURS[status], markeredgewidth=1.3,
            )
        )  # fmt: skip
    return keys


def measure_figure(  # noqa: PLR0913
    measure: Measure,
    *,
    until: Period | str | None = None,
    periods: Iterable[Period | str] | None = None,
    ax: matplotlib.axes.Axes | None = None,
    spc: bool = False,
    title: str | None = None,
) -> matplotlib.figure.Figure:
    """Draw a measure's figures against its target, with matplotlib.

    The periods are those of the measure's own frequency, from its first
    figure to its last (a period without a figure leaves a gap); a
    measure with no figure of its own frequency (a monthly measure
    published by quarter) is charted by the shortest periods it has
    figures for.  Each period is rated by :func:`~perfmeasures.evaluate`
    with the measure's own rules, and its marker drawn in its status's
    colour and shape, as the HTML report's status badges colour it: green
    circle, amber triangle, red cross, blue star, yellow diamond; grey
    square, pentagon or hexagon for not applicable, under development and
    not available.  The legend names the statuses in words, so the chart
    reads without colour.

    The target is a red dash-dot step line: it steps each period where it
    is profiled or cumulative, and is level across a year where it is not;
    a range is a pale band, a floor a dashed brown line, an inequality
    (``≤ 5``) a line at its bound.  Each benchmark
    (:attr:`~perfmeasures.Measure.benchmarks`) is a grey line across the
    chart, labelled with its name and figure.  A measure whose target is
    for the year to date (2.B7, 3.B3) is rated on its cumulative figure:
    the chart's main line, with the markers, is then the year to date,
    starting again each year, against the year-to-date target stepping up
    period by period, and each period's own figure is a lighter dashed
    line beside it (one panel: both are in the measure's units).  With
    *spc*, the XmR mean (solid) and process limits (dashed) of the
    periods' own figures are drawn too, as
    :func:`~perfmeasures.spc.measure_xmr` computes them.

    Every artist carries a ``gid``: ``pm-series-target`` (its y data are
    the targets period by period, the last repeated to close the step;
    NaN where none applies), ``pm-series-floor``, ``pm-series-range``,
    ``pm-series-benchmark``, ``pm-series-line``, ``pm-series-period``,
    ``pm-series-<status>`` for the markers, and ``pm-xmr-mean``,
    ``pm-xmr-upper`` and ``pm-xmr-lower``.

    Args:
        measure: The measure.
        until: The last period to chart (a period, or a label read in the
            measure's years): later periods are left out.
        periods: Exactly these periods (or labels), in time order.
        ax: The axes to draw on.  ``None`` draws on a new figure of its
            own, with the Agg canvas (no window, no pyplot).
        spc: Whether to draw the XmR mean and process limits.
        title: The title; the measure's reference and title by default.

    Returns:
        The figure drawn on (*ax*'s, or a new one).

    Raises:
        MissingExtraError: matplotlib is not installed (the ``plot``
            extra).
        InvalidValueError: *measure* is not a Measure, *periods* are not in
            time order, or *spc* is asked for fewer than two figures.
        InvalidPeriodError: A label is not a period of the measure's years.

    >>> from perfmeasures.examples import rotherham_2019_20
    >>> figure = measure_figure(rotherham_2019_20().measure("1.A2"))
    >>> [text.get_text() for text in figure.axes[0].get_legend().get_texts()]
    ['Amber', 'Red', 'Target']

    .. versionadded:: 0.3.0
    """
    _require_matplotlib("Drawing a chart of a measure")
    if title is not None and not isinstance(title, str):
        raise InvalidValueError("title", title, "text or None")
    if not isinstance(spc, bool):
        raise InvalidValueError("spc", spc, "True or False")
    series = measure_series(measure, until=until, periods=periods)
    if ax is None:
        figure = _new_figure(8.0, 4.2)
        axes = figure.add_subplot()
    else:
        axes = ax
        figure = _figure_of(ax)
    names = series_legend(series, spc=spc)
    size = 10.0
    # The legend, right of the axes, takes its widest name and a key.
    legend = max((len(name) for name in names), default=0) * size * _CHARACTER
    room = axes.get_position().width * figure.get_figwidth() * 72 - legend - 40
    handles = _draw(series, axes, spc=spc, room=room)
    heading = title if title is not None else f"{measure.ref} {measure.title}"
    # The title may run over the legend on a figure of its own.
    across = figure.get_figwidth() * 72 * 0.92
    if ax is not None:
        across = axes.get_position().width * figure.get_figwidth() * 72
    axes.set_title(
        _wrapped(heading, across, 12.0 * 1.1, 3),
        loc="left",
        fontweight="bold",
        fontsize=12.0,
    )
    if names:
        axes.legend(
            _legend_keys(names, handles),
            [name for name in names if name in handles],
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
            frameon=False,
            borderaxespad=0.0,
        )
    return figure


def _chosen_measures(
    plan_or_measures: object, priority: object
) -> tuple[list[Measure], Plan | None]:
    if isinstance(plan_or_measures, Plan):
        plan: Plan | None = plan_or_measures
        measures = list(plan_or_measures.measures)
    elif isinstance(plan_or_measures, Measure) or not isinstance(
        plan_or_measures, Iterable
    ):
        raise InvalidValueError(
            "plan_or_measures", plan_or_measures, "a Plan or measures"
        )
    else:
        plan = None
        measures = list(plan_or_measures)
        for measure in measures:
            if not isinstance(measure, Measure):
                raise InvalidValueError("plan_or_measures", measure, "a Measure")
    if priority is not None:
        if not isinstance(priority, str):
            raise InvalidValueError("priority", priority, "a priority's key (text)")
        measures = [measure for measure in measures if measure.priority == priority]
        if not measures:
            raise InvalidValueError(
                "priority", priority, "the key of a priority with measures"
            )
    if not measures:
        raise InvalidValueError("plan_or_measures", plan_or_measures, "measures")
    return measures, plan


def small_multiples(
    plan_or_measures: Plan | Iterable[Measure],
    period: Period | str,
    *,
    columns: int = 3,
    priority: str | None = None,
) -> matplotlib.figure.Figure:
    """Draw one small chart a measure, up to *period*, with one legend.

    Each chart is :func:`measure_figure`'s, smaller: the figures with their
    status markers, the target, any floor or range, the benchmarks; its
    title is the measure's reference and its title cut short.  One legend,
    below the charts, names every status and line any chart draws.  The
    charts go *columns* to a row, in the plan's order.

    Args:
        plan_or_measures: A plan, or measures.
        period: The last period charted: each measure's chart stops at its
            end (a period or a label, read in each measure's years).
        columns: Charts a row, at least 1.
        priority: Only the measures of this priority (its key, ``"1"``).

    Returns:
        A new figure, with the Agg canvas.

    Raises:
        MissingExtraError: matplotlib is not installed (the ``plot``
            extra).
        InvalidValueError: Not a plan or measures, no measures (of
            *priority*), or *columns* not a whole number of at least 1.
        InvalidPeriodError: *period* is not a period of a measure's years.

    >>> from perfmeasures.examples import rotherham_2019_20
    >>> figure = small_multiples(rotherham_2019_20(), "Jun 2019", priority="1")
    >>> [axes.get_title(loc="left").split()[0] for axes in figure.axes]
    ['1.A2', '1.A5', '1.A8']

    .. versionadded:: 0.3.0
    """
    _require_matplotlib("Drawing small multiples")
    given: object = columns
    if not isinstance(given, int) or isinstance(given, bool) or given < 1:
        raise InvalidValueError("columns", columns, "a whole number of at least 1")
    measures, plan = _chosen_measures(plan_or_measures, priority)
    every = [measure_series(measure, until=period) for measure in measures]
    across = min(columns, len(every))
    rows = math.ceil(len(every) / across)
    figure = _new_figure(3.6 * across, 2.7 * rows + 0.7)
    grid = figure.subplots(rows, across, squeeze=False)
    handles: dict[str, Artist] = {}
    names: list[str] = []
    width = 3.6 * 72 * 0.85
    for number, series in enumerate(every):
        axes = grid[number // across][number % across]
        for name, artist in _draw(
            series, axes, spc=False, scale=_COMPACT, room=width
        ).items():
            handles.setdefault(name, artist)
        names += [name for name in series_legend(series) if name not in names]
        measure = series.measure
        axes.set_title(
            _wrapped(f"{measure.ref} {measure.title}", width, 9.5, 2),
            loc="left",
            fontsize=9.5,
            fontweight="bold",
        )
    for number in range(len(every), rows * across):
        grid[number // across][number % across].remove()
    heading = _heading(plan, priority, period)
    if heading:
        figure.suptitle(heading, x=0.01, ha="left", fontweight="bold", fontsize=12.0)
    ordered = _ordered(names)
    if ordered:
        figure.legend(
            _legend_keys(ordered, handles),
            [name for name in ordered if name in handles],
            loc="outside lower center",
            ncols=min(len(ordered), 2 * across + 1),
            frameon=False,
        )
    return figure


def _heading(plan: Plan | None, priority: str | None, period: Period | str) -> str:
    """The figure's title: the plan (and priority) and the period."""
    shown = period.label if isinstance(period, Period) else str(period)
    if plan is None:
        return f"Up to {shown}"
    if priority is not None:
        for entry in plan.priorities:
            if entry.key == priority:
                return (
                    f"{plan.title}: priority {priority}, {entry.title}, up to {shown}"
                )
        return f"{plan.title}: priority {priority}, up to {shown}"
    return f"{plan.title}, up to {shown}"


def _ordered(names: Sequence[str]) -> list[str]:
    """The legend's names as one chart would list them: statuses first."""
    statuses = [status_name(entry.status) for entry in DEFAULT_KEY.statuses]
    first = [name for name in statuses if name in names]
    return first + [name for name in names if name not in statuses]
