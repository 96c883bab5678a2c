"""XmR charts drawn with matplotlib, as Making Data Count draws them.

:func:`xmr_figure` draws a chart of :mod:`perfmeasures.spc` on a
matplotlib figure, for a notebook, a script or a report written to PNG,
SVG or PDF.  It draws what the HTML reports' inline SVG draws: the series
with a marker a point, coloured and shaped by point type; each segment's
mean, process limits and (if asked) 2-sigma lines; a vertical line at each
rebase; the target; and a legend.

This module needs matplotlib, which the ``plot`` extra installs::

    pip install 'perfmeasures[plot]'

Importing the module does not import matplotlib: drawing does, and raises
:class:`~perfmeasures.MissingExtraError` when it is not installed.

.. versionadded:: 0.3.0
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._errors import InvalidValueError, MissingExtraError
from .reports._xmr_svg import (
    CHAR_WIDTH,
    LINE_STYLES,
    MARKERS,
    PALETTE,
    TYPE_NAMES,
    label_starts,
    label_steps,
    legend_names,
    point_labels,
)
from .spc import PointType, XmR

if TYPE_CHECKING:
    from collections.abc import Sequence

    import matplotlib.axes
    import matplotlib.figure
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

__all__ = ["xmr_figure"]

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
        The figure drawn on: *ax*'s, or the new one.

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
        from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415
        from matplotlib.figure import Figure  # noqa: PLC0415
    except ImportError as error:
        raise MissingExtraError("plot", "Drawing an XmR chart") from error
    if not isinstance(chart, XmR):
        raise InvalidValueError("chart", chart, "an XmR chart")
    if ax is None:
        figure = Figure(figsize=(8.0, 4.0), layout="constrained")
        FigureCanvasAgg(figure)
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
    colour, width, dashes = LINE_STYLES[name]
    line.set_color(colour)
    line.set_linewidth(width * _WIDTH)
    if dashes is None:
        line.set_linestyle("-")
    else:
        # matplotlib scales dashes by the line's width: undo it.
        line.set_linestyle((0, tuple(length / width for length in dashes)))
    return line


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
