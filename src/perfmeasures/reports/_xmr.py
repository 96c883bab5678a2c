"""What the renderers say about an XmR chart, in the same words in every format.

A chart is told as a heading, a summary (the two icons, which way the
measure improves, the target), one line per segment (points, mean, process
limits, whether they are trial limits) and one row per point (its period or
position, value, what it shows and the rules that flagged it).  The text,
Markdown and HTML renderers lay these out; the HTML page adds the chart
itself as inline SVG.
"""

from __future__ import annotations

from decimal import Decimal

from .._ratings import Assurance, Variation
from ..spc import TRIAL_POINTS, Improvement, PointType, Rule, XmR
from ._key import Key
from ._words import icon_text

__all__ = [
    "POINT_HEADERS",
    "POINT_WORDS",
    "RULE_WORDS",
    "chart_heading",
    "figure",
    "limit",
    "point_cells",
    "segment_lines",
    "summary_lines",
]

_IMPROVEMENT_WORDS = {
    Improvement.INCREASE: "higher is better",
    Improvement.DECREASE: "lower is better",
    Improvement.NEUTRAL: "no better direction",
}

#: What each type of point shows, in words.
POINT_WORDS = {
    PointType.COMMON_CAUSE: "common cause",
    PointType.SPECIAL_CAUSE_IMPROVEMENT: "special cause: improvement",
    PointType.SPECIAL_CAUSE_CONCERN: "special cause: concern",
    PointType.SPECIAL_CAUSE_NEITHER: "special cause",
}

#: Each special-cause rule, in words.
RULE_WORDS = {
    Rule.OUTSIDE: "beyond a process limit",
    Rule.TREND: "trend",
    Rule.TWO_OF_THREE: "two of three beyond 2 sigma",
    Rule.SHIFT: "shift",
}

#: The headings of a chart's table of points.
POINT_HEADERS = ("Point", "Value", "Shows", "Rules")


def limit(value: Decimal) -> str:
    """A mean or limit to two decimal places, as charts print them."""
    return f"{value:.2f}"


def figure(value: Decimal) -> str:
    """A value as published, or a mean or limit (long) to two decimal places."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        return limit(value)
    return str(value)


def chart_heading(chart: XmR) -> str:
    """``XmR chart: 1.A2 Children on a plan``, or ``XmR chart`` for a bare series."""
    named = " ".join(part for part in (chart.ref, chart.title) if part)
    return f"XmR chart: {named}" if named else "XmR chart"


def summary_lines(chart: XmR, key: Key) -> list[str]:
    """The icons, which way is better and the target, one statement a line."""
    variation: Variation = chart.variation
    assurance: Assurance | None = chart.assurance
    lines = [
        f"Variation: {icon_text(key, variation)}",
        "Assurance: "
        + (
            icon_text(key, assurance)
            if assurance is not None
            else "none (no target for the last period alone, or no better direction)"
        ),
        f"Improvement: {_IMPROVEMENT_WORDS[chart.improvement]}",
    ]
    if chart.target is not None:
        lines.append(f"Target: {chart.target}")
    return lines


def segment_lines(chart: XmR) -> list[str]:
    """One line per segment: its points, mean and limits."""
    lines = []
    for number, segment in enumerate(chart.segments, start=1):
        first = chart.points[segment.start]
        last = chart.points[segment.stop - 1]
        span = f"{_point_name(first.index, chart)} to {_point_name(last.index, chart)}"
        count = segment.stop - segment.start
        if segment.points < count:
            span += f", {count} points; limits fixed from the first {segment.points}"
        else:
            span += f", {count} points"
        text = (
            f"Segment {number} ({span}): "
            f"mean {limit(segment.mean)}, process limits {limit(segment.lower)} "
            f"to {limit(segment.upper)}"
        )
        if segment.trial:
            text += f"; trial limits (fewer than {TRIAL_POINTS} points)"
        lines.append(text)
    return lines


def _point_name(index: int, chart: XmR) -> str:
    period = chart.points[index].period
    return period.label if period is not None else str(index + 1)


def point_cells(chart: XmR) -> list[tuple[str, str, str, str]]:
    """A row per point: its period (or position), value, type and rules."""
    rows = []
    for point in chart.points:
        rules = ", ".join(RULE_WORDS[rule] for rule in Rule if rule in point.rules)
        rows.append(
            (
                _point_name(point.index, chart),
                str(point.value),
                POINT_WORDS[point.point_type],
                rules or "\N{EN DASH}",
            )
        )
    return rows
