"""XmR charts as self-contained SVG, drawn as Making Data Count draws them.

:func:`xmr_svg` writes one ``<svg>`` element that a page can carry inline:
no script, no external reference, no class a host page could style by
accident (every class starts ``pm-xmr``), every colour and line style a
presentation attribute.  The chart reads without colour, each point type
having its own marker shape and each line its own dash pattern, and a
screen reader reads the ``<desc>``: the mean and limits of every segment,
the two icons in words and every special-cause point.

The palette, marker shapes and legend names are shared with
:mod:`perfmeasures.plot`, which draws the same chart with matplotlib.

.. versionadded:: 0.3.0
"""

from __future__ import annotations

import decimal
import hashlib
import math
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from html import escape
from itertools import pairwise

import attrs

from .._checks import visible
from .._errors import InvalidValueError
from .._periods import Month, Quarter
from ..spc import PointType, Rule, Segment, XmR, XmRPoint
from ._key import DEFAULT_KEY
from ._xmr import POINT_WORDS, RULE_WORDS

__all__ = [
    "CHAR_WIDTH",
    "LINE_STYLES",
    "MARKERS",
    "PALETTE",
    "TYPE_NAMES",
    "label_starts",
    "label_steps",
    "legend_names",
    "nice_ticks",
    "point_labels",
    "xmr_svg",
]

#: The Making Data Count colour of each point type.
PALETTE = {
    PointType.COMMON_CAUSE: "#7b7d7d",
    PointType.SPECIAL_CAUSE_IMPROVEMENT: "#289de0",
    PointType.SPECIAL_CAUSE_CONCERN: "#fab428",
    PointType.SPECIAL_CAUSE_NEITHER: "#361475",
}

#: The marker shape of each point type, as matplotlib names it: the chart
#: reads without colour too.
MARKERS = {
    PointType.COMMON_CAUSE: "o",
    PointType.SPECIAL_CAUSE_IMPROVEMENT: "s",
    PointType.SPECIAL_CAUSE_CONCERN: "^",
    PointType.SPECIAL_CAUSE_NEITHER: "D",
}

#: The legend's name of each point type.
TYPE_NAMES = {
    PointType.COMMON_CAUSE: "Common cause",
    PointType.SPECIAL_CAUSE_IMPROVEMENT: "Special cause: improvement",
    PointType.SPECIAL_CAUSE_CONCERN: "Special cause: concern",
    PointType.SPECIAL_CAUSE_NEITHER: "Special cause: neither",
}

#: Colour, width and dash pattern (lengths in pixels, ``None`` for solid)
#: of each line, by its legend name.
LINE_STYLES: dict[str, tuple[str, float, tuple[float, ...] | None]] = {
    "Mean": ("#231f20", 1.5, None),
    "Process limits": ("#231f20", 1.0, (6.0, 4.0)),
    "2-sigma lines": ("#7b7d7d", 1.0, (1.0, 3.0)),
    "Target": ("#de1b1b", 1.5, (10.0, 3.0, 2.0, 3.0)),
}

#: The width of one character of 12-pixel sans-serif text, estimated.
CHAR_WIDTH = 7.0

_SERIES = "#7b7d7d"
_OUTLINE = "#231f20"
_AXIS = "#595959"
_GRID = "#e6e6e6"
_TEXT = "#231f20"
_LABEL_GAP = 8.0
_INSET = 6.0
_NICE = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5))


def _whole(value: object, least: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= least


def _finite(value: object, field: str) -> Decimal:
    if not isinstance(value, Decimal) or not value.is_finite():
        raise InvalidValueError(field, value, "a finite Decimal")
    return value


def nice_ticks(low: Decimal, high: Decimal, count: int = 5) -> list[Decimal]:
    """Evenly spaced round values covering *low* to *high*, about *count* of them.

    The step is 1, 2, 2.5 or 5 times a power of ten.  Of the steps giving
    ``count - 1`` to ``count + 1`` ticks, the one whose ticks waste least
    room beyond *low* and *high* is taken (the one nearest *count* ticks of
    those wasting as little).  A range of no width (*low*
    equal to *high*) is widened by a tenth of the value either side (by 1
    at zero) first.  The ticks are exact: the first is a multiple of the
    step at or below *low*, the last one at or above *high*.

    Args:
        low: The lowest value to cover.
        high: The highest, at least *low*.
        count: How many ticks are wanted, at least 2.

    Returns:
        The ticks, lowest first.

    Raises:
        InvalidValueError: A bound is not a finite Decimal, *high* is below
            *low*, or *count* is not a whole number of at least 2.

    >>> [str(tick) for tick in nice_ticks(Decimal("-0.72"), Decimal("10"))]
    ['-2.5', '0.0', '2.5', '5.0', '7.5', '10.0']

    .. versionadded:: 0.3.0
    """
    low, high = _finite(low, "low"), _finite(high, "high")
    if high < low:
        raise InvalidValueError("high", high, f"a number at least low ({low})")
    if not _whole(count, 2):
        raise InvalidValueError("count", count, "a whole number of at least 2")
    if low == high:
        pad = abs(low) / 10 if low else Decimal(1)
        low, high = low - pad, high + pad
    # Digits enough for every quotient below to be exact: the bounds'
    # leading digit down to a hundredth of the finest step tried.
    raw = (high - low) / (count - 1)
    top = max(low.adjusted(), high.adjusted(), raw.adjusted())
    context = decimal.Context(prec=max(28, top - raw.adjusted() + 8))
    best: tuple[tuple[int, Decimal, int], list[Decimal]] | None = None
    with decimal.localcontext(context):
        for power in (raw.adjusted() - 1, raw.adjusted(), raw.adjusted() + 1):
            for factor in _NICE:
                step = factor.scaleb(power)
                first = (low / step).to_integral_value(decimal.ROUND_FLOOR)
                last = (high / step).to_integral_value(decimal.ROUND_CEILING)
                number = int(last - first) + 1
                # Zero is written without a sign: no "-0.0" tick.
                ticks = [(first + i) * step + 0 for i in range(number)]
                off = abs(number - count) if abs(number - count) > 1 else 0
                waste = (ticks[-1] - ticks[0]) - (high - low)
                score = (off, waste, abs(number - count))
                if best is None or score < best[0]:
                    best = (score, ticks)
    assert best is not None  # noqa: S101 (the loops above always run)
    return best[1]


def _tick_text(tick: Decimal, step: Decimal) -> str:
    places = max(0, -step.normalize().as_tuple().exponent)  # type: ignore[operator]
    return f"{tick:,.{places}f}"


def label_steps(chart: XmR) -> Iterator[int]:
    """Every how many points an x label may be written, in order of preference.

    Months go by 1, 2, 3, 4, 6 and then whole years, quarters by 1, 2 and
    then whole years, anything else by 1, 2, 5, 10, 20, 50 and so on; the
    steps run past the number of points.

    Args:
        chart: The chart.

    Yields:
        The steps, smallest first.

    .. versionadded:: 0.3.0
    """
    periods = [point.period for point in chart.points]
    if all(isinstance(period, Month) for period in periods):
        first, year = [1, 2, 3, 4, 6], 12
    elif all(isinstance(period, Quarter) for period in periods):
        first, year = [1, 2], 4
    else:
        first, year = [], 0
    yield from first
    if year:
        multiples = (year * count for count in (1, 2, 3, 5))
        yield from multiples
        base = year * 10
    else:
        base = 1
    while base < 10 * len(chart.points):
        yield from (base, 2 * base, 5 * base)
        base *= 10


def point_labels(chart: XmR) -> list[str]:
    """The x label of every point: its period's label, or its 1-based number.

    Args:
        chart: The chart.

    Returns:
        One label a point, in order.

    .. versionadded:: 0.3.0
    """
    return [
        point.period.label if point.period is not None else str(point.index + 1)
        for point in chart.points
    ]


def label_starts(chart: XmR, step: int) -> tuple[list[int], bool]:
    """The points labelled when every *step*-th point is, and whether the first is.

    Periods are labelled from the first on.  Numbers, by steps of 5 or more,
    are labelled at multiples of the step (5, 10, 15), with 1 as well when
    it fits.

    Args:
        chart: The chart.
        step: Label every *step*-th point.

    Returns:
        The indices of the points labelled, and whether the first point may
        be labelled too, before them, if its label fits.

    .. versionadded:: 0.3.0
    """
    count = len(chart.points)
    if step < 5 or any(point.period is not None for point in chart.points):
        return list(range(0, count, step)), False
    return list(range(step - 1, count, step)), True


@attrs.frozen
class _XLabel:
    x: float
    anchor: str
    text: str
    left: float
    right: float


def _placed(text: str, x: float, low: float, high: float) -> _XLabel:
    """A label centred on *x*, moved within [low, high] if it would leave it."""
    width = len(text) * CHAR_WIDTH
    if x - width / 2 < low:
        return _XLabel(low, "start", text, low, low + width)
    if x + width / 2 > high:
        return _XLabel(high, "end", text, high - width, high)
    return _XLabel(x, "middle", text, x - width / 2, x + width / 2)


def _apart(first: _XLabel, second: _XLabel) -> bool:
    return first.right + _LABEL_GAP <= second.left


def _x_labels(
    chart: XmR, xs: Sequence[float], low: float, high: float
) -> list[_XLabel]:
    """The x labels, thinned so that none overlaps another or leaves [low, high]."""
    texts = point_labels(chart)
    first = _placed(texts[0], xs[0], low, high)
    for step in label_steps(chart):
        indices, optional = label_starts(chart, step)
        laid = [_placed(texts[index], xs[index], low, high) for index in indices]
        if all(_apart(one, other) for one, other in pairwise(laid)):
            if optional and (not laid or _apart(first, laid[0])):
                laid.insert(0, first)
            if laid:
                return laid
    return [first]


@attrs.frozen
class _Layout:
    """Where everything goes: the plot area and the scales."""

    left: float
    top: float
    right: float
    bottom: float
    ticks: list[Decimal]
    xs: list[float]
    step: float

    def y(self, value: Decimal) -> float:
        """The y coordinate of *value*.

        The highest tick lies :data:`_INSET` pixels below the top of the
        plot and the lowest as far above its foot, so that no marker on
        either sits on the axis.
        """
        high, low = self.ticks[-1], self.ticks[0]
        with decimal.localcontext(decimal.Context(prec=28)):
            share = float((high - value) / (high - low))
        return self.top + _INSET + share * (self.bottom - self.top - 2 * _INSET)


def _fmt(number: float) -> str:
    return f"{number:.1f}"


def _line(
    start: tuple[float, float], stop: tuple[float, float], style: str, css: str
) -> str:
    """A line from *start* to *stop* drawn in the style of the legend's *style*."""
    colour, width, dashes = LINE_STYLES[style]
    dash = ""
    if dashes is not None:
        dash = f' stroke-dasharray="{" ".join(_g(length) for length in dashes)}"'
    return (
        f'<line class="{css}" x1="{_fmt(start[0])}" y1="{_fmt(start[1])}" '
        f'x2="{_fmt(stop[0])}" y2="{_fmt(stop[1])}" stroke="{colour}" '
        f'stroke-width="{_g(width)}"{dash}/>'
    )


def _g(number: float) -> str:
    return f"{number:g}"


def _marker(  # noqa: PLR0913
    point_type: PointType,
    centre: tuple[float, float],
    size: float,
    css: str,
    *,
    extra: str = "",
    tip: str | None = None,
) -> str:
    """A point's marker: its type's shape and colour, with a tooltip if *tip*."""
    x, y = centre
    paint = (
        f' fill="{PALETTE[point_type]}" stroke="{_OUTLINE}" stroke-width="0.5"{extra}'
    )
    shape = MARKERS[point_type]
    if shape == "o":
        tag = "circle"
        where = f'cx="{_fmt(x)}" cy="{_fmt(y)}" r="{_fmt(size)}"'
    elif shape == "s":
        tag, side = "rect", size * 1.7
        where = (
            f'x="{_fmt(x - side / 2)}" y="{_fmt(y - side / 2)}" '
            f'width="{_fmt(side)}" height="{_fmt(side)}"'
        )
    else:
        tag = "path"
        reach = size * 1.35
        corners = [(x, y - reach), (x + reach, y), (x, y + reach), (x - reach, y)]
        if shape == "^":
            corners = [
                (x, y - size * 1.35),
                (x + size * 1.25, y + size * 0.95),
                (x - size * 1.25, y + size * 0.95),
            ]
        where = 'd="M' + " L".join(f"{_fmt(a)},{_fmt(b)}" for a, b in corners) + ' Z"'
    inside = "" if tip is None else f"<title>{escape(tip)}</title>"
    return f'<{tag} class="{css}" {where}{paint}>{inside}</{tag}>'


def legend_names(chart: XmR, *, two_sigma: bool = False) -> list[str]:
    """The legend's entries of a chart, as both drawings write them.

    The point types present, in :class:`~perfmeasures.spc.PointType` order,
    then the lines: mean, process limits, the 2-sigma lines when drawn and
    the target when there is one.

    Args:
        chart: The chart.
        two_sigma: Whether the 2-sigma lines are drawn.

    Returns:
        The names, in order.

    .. versionadded:: 0.3.0
    """
    present = {point.point_type for point in chart.points}
    names = [TYPE_NAMES[kind] for kind in PointType if kind in present]
    names += ["Mean", "Process limits"]
    if two_sigma:
        names.append("2-sigma lines")
    if chart.target is not None:
        names.append("Target")
    return names


_SWATCH = 18.0
_ROW = 18.0


def _flow(
    names: Sequence[str], start: float, stop: float
) -> list[list[tuple[float, str]]]:
    """*names* laid out left to right from *start*, wrapped at *stop*."""
    rows: list[list[tuple[float, str]]] = [[]]
    x = start
    for name in names:
        width = _SWATCH + 4 + len(name) * CHAR_WIDTH
        if rows[-1] and x + width > stop:
            rows.append([])
            x = start
        rows[-1].append((x, name))
        x += width + 14
    return rows


def _legend_rows(
    names: Sequence[str], start: float, stop: float
) -> list[list[tuple[float, str]]]:
    """The legend's entries in rows: one, or the point types above the lines."""
    rows = _flow(names, start, stop)
    if len(rows) == 1:
        return rows
    types = set(TYPE_NAMES.values())
    kinds = [name for name in names if name in types]
    lines = [name for name in names if name not in types]
    return _flow(kinds, start, stop) + _flow(lines, start, stop)


def _legend(rows: list[list[tuple[float, str]]], top: float) -> list[str]:
    types = {TYPE_NAMES[kind]: kind for kind in PointType}
    parts = ['<g class="pm-xmr-legend">']
    for number, row in enumerate(rows):
        y = top + number * _ROW + _ROW / 2
        for x, name in row:
            middle = x + _SWATCH / 2
            parts.append(f'<g class="pm-xmr-key" data-name="{escape(name)}">')
            if name in types:
                parts.append(_marker(types[name], (middle, y), 4.0, "pm-xmr-swatch"))
            else:
                swatch = _line((x, y), (x + _SWATCH, y), name, "pm-xmr-swatch")
                parts.append(swatch)
            parts.append(
                f'<text x="{_fmt(x + _SWATCH + 4)}" y="{_fmt(y + 4)}" '
                f'font-size="12" fill="{_TEXT}">{escape(name)}</text></g>'
            )
    parts.append("</g>")
    return parts


def _span(segment: Segment, layout: _Layout) -> tuple[float, float]:
    """The x extent of a segment's lines: half a step beyond its end points."""
    start = layout.xs[segment.start] - layout.step / 2
    stop = layout.xs[segment.stop - 1] + layout.step / 2
    return max(start, layout.left), min(stop, layout.right)


def _segment_lines(chart: XmR, layout: _Layout, two_sigma: bool) -> list[str]:
    parts: list[str] = []
    for number, segment in enumerate(chart.segments):
        start, stop = _span(segment, layout)
        lines = [
            ("pm-xmr-upper", "Process limits", segment.upper),
            ("pm-xmr-lower", "Process limits", segment.lower),
            ("pm-xmr-mean", "Mean", segment.mean),
        ]
        if two_sigma:
            lines[:0] = [
                ("pm-xmr-upper-2sigma", "2-sigma lines", segment.upper_two_sigma),
                ("pm-xmr-lower-2sigma", "2-sigma lines", segment.lower_two_sigma),
            ]
        parts.append(f'<g class="pm-xmr-segment" data-segment="{number}">')
        for css, style, value in lines:
            y = layout.y(value)
            parts.append(_line((start, y), (stop, y), style, css))
        parts.append("</g>")
        if number:
            x = layout.xs[segment.start] - layout.step / 2
            parts.append(
                f'<line class="pm-xmr-rebase" x1="{_fmt(x)}" y1="{_fmt(layout.top)}" '
                f'x2="{_fmt(x)}" y2="{_fmt(layout.bottom)}" stroke="{_AXIS}" '
                'stroke-width="1"/>'
            )
    return parts


def _point_words(point: XmRPoint, describe: Callable[[Decimal], str]) -> str:
    """A point in words: its period (or number), value and special cause."""
    name = f"point {point.index + 1}" if point.period is None else point.period.label
    words = f"{name}: {describe(point.value)}"
    if point.rules:
        rules = ", ".join(RULE_WORDS[rule] for rule in Rule if rule in point.rules)
        words += f", {POINT_WORDS[point.point_type]} ({rules})"
    return words


def _description(
    chart: XmR, describe: Callable[[Decimal], str], two_sigma: bool
) -> str:
    labels = point_labels(chart)
    named = any(point.period is not None for point in chart.points)

    def stretch(start: int, stop: int) -> str:
        if named:
            return f"{labels[start]} to {labels[stop - 1]}"
        return f"points {start + 1} to {stop}"

    count = len(chart.points)
    sentences = [f"XmR chart of {count} points."]
    if named:
        sentences = [f"XmR chart of {count} points, {stretch(0, count)}."]
    several = len(chart.segments) > 1
    for number, segment in enumerate(chart.segments, start=1):
        head = "Mean"
        if several:
            head = f"Segment {number}, {stretch(segment.start, segment.stop)}: mean"
        sentence = (
            f"{head} {describe(segment.mean)}, upper process limit "
            f"{describe(segment.upper)}, lower process limit "
            f"{describe(segment.lower)}"
        )
        if two_sigma:
            sentence += (
                f", 2-sigma lines {describe(segment.upper_two_sigma)} and "
                f"{describe(segment.lower_two_sigma)}"
            )
        if segment.trial:
            sentence += "; trial limits: fewer than 13 points"
        sentences.append(sentence + ".")
    if chart.target is not None:
        sentences.append(f"Target {describe(chart.target)}.")
    variation = DEFAULT_KEY.variation(chart.variation)
    sentences.append(f"Variation: {variation.label} ({variation.meaning.lower()}).")
    if chart.assurance is not None:
        assurance = DEFAULT_KEY.assurance(chart.assurance)
        sentences.append(f"Assurance: {assurance.label} ({assurance.meaning.lower()}).")
    elif chart.target is None:
        sentences.append("Assurance: none, as there is no target.")
    else:
        sentences.append("Assurance: none, as the measure has no better direction.")
    special = [_point_words(point, describe) for point in chart.points if point.rules]
    if special:
        sentences.append(f"Special causes: {'; '.join(special)}.")
    else:
        sentences.append("No special causes.")
    return " ".join(sentences)


def _check_size(value: int, field: str, least: int) -> int:
    if not _whole(value, least):
        raise InvalidValueError(
            field, value, f"a whole number of pixels, at least {least}"
        )
    return value


def _truncate(text: str, room: float, width: float) -> str:
    most = max(1, int(room // width))
    return text if len(text) <= most else text[: most - 1] + "\u2026"


def xmr_svg(  # noqa: PLR0913, PLR0915
    chart: XmR,
    *,
    title: str,
    describe: Callable[[Decimal], str] = str,
    width: int = 640,
    height: int = 300,
    two_sigma: bool = False,
) -> str:
    """An XmR chart as one self-contained ``<svg>`` element.

    Drawn as Making Data Count draws it: the series as a grey line with a
    marker a point, coloured and shaped by its point type (grey circle for
    common cause, blue square for improvement, orange triangle for concern,
    purple diamond for neither); for each segment the mean (solid), the
    process limits (dashed) and, with *two_sigma*, the 2-sigma lines
    (dotted); a vertical line where a rebase starts a segment; the target,
    when the chart has one, as a red dash-dot line labelled ``Target``.
    A legend names the point types present and the lines.  The y axis has
    four to six round ticks covering the points, limits and target; the x
    axis is labelled with the points' periods (or their numbers, from 1),
    as many as fit without overlapping.

    The SVG has ``role="img"`` and is labelled by its ``<title>`` (*title*)
    and ``<desc>``: each segment's mean and limits, written by *describe*,
    whether they are trial limits, the variation and assurance in words,
    and every special-cause point with its period and rules.  It carries
    no script and no external reference; classes all start ``pm-xmr``, and
    the drawing is styled by presentation attributes alone.

    Args:
        chart: The chart, from :func:`~perfmeasures.spc.xmr` or
            :func:`~perfmeasures.spc.measure_xmr`.
        title: The chart's title, shown above it and read first.
        describe: Writes a value for the description (with its unit, say).
        width: The width in pixels, at least 240.
        height: The height in pixels, at least 160.
        two_sigma: Whether to draw the 2-sigma lines.

    Returns:
        The ``<svg>`` element.

    Raises:
        InvalidValueError: *chart* is not an XmR chart, *title* is not
            text, or the size is too small for the chart's title, legend
            and axes.

    >>> from perfmeasures.spc import xmr
    >>> svg = xmr_svg(xmr([1, 2, 1, 2, 10, 1, 2]), title="Falls")
    >>> svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    True

    .. versionadded:: 0.3.0
    """
    if not isinstance(chart, XmR):
        raise InvalidValueError("chart", chart, "an XmR chart")
    if not isinstance(title, str):
        raise InvalidValueError("title", title, "text")
    width = _check_size(width, "width", 240)
    height = _check_size(height, "height", 160)
    values = [point.value for point in chart.points]
    values += [segment.upper for segment in chart.segments]
    values += [segment.lower for segment in chart.segments]
    if chart.target is not None:
        values.append(chart.target)
    ticks = nice_ticks(min(values), max(values))
    texts = [_tick_text(tick, ticks[1] - ticks[0]) for tick in ticks]
    left = max(36.0, max(len(text) for text in texts) * CHAR_WIDTH + 14)
    right = width - (
        len("Target") * CHAR_WIDTH + 12 if chart.target is not None else 16
    )
    names = legend_names(chart, two_sigma=two_sigma)
    rows = _legend_rows(names, 8, width - 8)
    legend_top = 30.0
    top = legend_top + len(rows) * _ROW + 10
    bottom = height - 26.0
    if bottom - top < 40:
        needed = math.ceil(top + 40 + 26)
        raise InvalidValueError(
            "height",
            height,
            f"at least {needed} pixels for this chart's title and legend",
        )
    count = len(chart.points)
    pad = 10.0
    step = (right - left - 2 * pad) / (count - 1)
    xs = [left + pad + index * step for index in range(count)]
    layout = _Layout(left, top, right, bottom, ticks, xs, step)
    size = min(4.0, max(1.5, step * 0.35))

    parts = [f'<rect width="{width}" height="{height}" fill="#ffffff"/>']
    parts.append(
        f'<text class="pm-xmr-heading" x="8.0" y="20.0" font-size="14" '
        f'font-weight="bold" fill="{_TEXT}">'
        f"{escape(_truncate(title, width - 16, 8.5))}</text>"
    )
    parts.append('<g class="pm-xmr-y-axis">')
    for tick, text in zip(ticks, texts, strict=True):
        y = layout.y(tick)
        parts.append(
            f'<line class="pm-xmr-grid" x1="{_fmt(left)}" y1="{_fmt(y)}" '
            f'x2="{_fmt(right)}" y2="{_fmt(y)}" stroke="{_GRID}" stroke-width="1"/>'
        )
        parts.append(
            f'<text class="pm-xmr-tick" x="{_fmt(left - 6)}" y="{_fmt(y + 4)}" '
            f'text-anchor="end" font-size="12" fill="{_TEXT}">{escape(text)}</text>'
        )
    parts.append("</g>")
    parts.extend(_segment_lines(chart, layout, two_sigma))
    if chart.target is not None:
        y = layout.y(chart.target)
        parts.append(_line((left, y), (right, y), "Target", "pm-xmr-target"))
        parts.append(
            f'<text class="pm-xmr-target-label" x="{_fmt(right + 4)}" '
            f'y="{_fmt(y + 4)}" font-size="12" fill="{LINE_STYLES["Target"][0]}">'
            "Target</text>"
        )
    parts.append(
        f'<path class="pm-xmr-axes" d="M{_fmt(left)},{_fmt(top)} '
        f'L{_fmt(left)},{_fmt(bottom)} L{_fmt(right)},{_fmt(bottom)}" '
        f'fill="none" stroke="{_AXIS}" stroke-width="1"/>'
    )
    ys = [layout.y(point.value) for point in chart.points]
    joined = " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in zip(xs, ys, strict=True))
    parts.append(
        f'<polyline class="pm-xmr-series" points="{joined}" fill="none" '
        f'stroke="{_SERIES}" stroke-width="1.5" stroke-linejoin="round"/>'
    )
    parts.append('<g class="pm-xmr-points">')
    for point, x, y in zip(chart.points, xs, ys, strict=True):
        marker = _marker(
            point.point_type,
            (x, y),
            size,
            "pm-xmr-point",
            extra=f' data-index="{point.index}" data-type="{point.point_type.value}"',
            tip=_point_words(point, describe),
        )
        parts.append(marker)
    parts.append("</g>")
    parts.append('<g class="pm-xmr-x-axis">')
    parts.extend(
        f'<text class="pm-xmr-x-label" x="{_fmt(label.x)}" '
        f'y="{_fmt(bottom + 17)}" text-anchor="{label.anchor}" '
        f'font-size="12" fill="{_TEXT}">{escape(label.text)}</text>'
        for label in _x_labels(chart, xs, 2.0, width - 2.0)
    )
    parts.append("</g>")
    parts.extend(_legend(rows, legend_top))

    heading = escape(title)
    words = escape(_description(chart, describe, two_sigma))
    body = "".join(parts)
    digest = hashlib.sha256(f"{heading}\0{words}\0{body}".encode()).hexdigest()
    ident = f"pm-xmr-{digest[:12]}"
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="pm-xmr" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" '
        'font-family="sans-serif">'
        f'<title id="{ident}-title">{heading}</title>'
        f'<desc id="{ident}-desc">{words}</desc>{body}</svg>'
    )
    # Control characters and bidirectional overrides show as escapes: XML
    # refuses the one and a chart should not be reordered by the other.
    return visible(svg, keep="\n\t")
