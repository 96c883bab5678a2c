"""Inline SVG sparklines: a measure's quarterly series with its target line.

The SVG is written into the page itself (no image files, no requests) and
carries a text description of every point for screen readers.  Beside the
plot, the lowest and highest values it spans are printed as a hint of its
scale; a measure's benchmarks (a national average) are drawn as dotted
reference lines across it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from html import escape

from .._measures import Benchmark
from ._tables import TrendPoint

__all__ = ["sparkline"]

# The plot area, in SVG units (CSS pixels at the size the page draws it).
_PLOT_WIDTH = 136
_PLOT_HEIGHT = 44
_PAD = 5
# Room for a scale label, per character, at the labels' font size.
_CHARACTER = 6.2
_GAP = 6
_FONT = 10
# The box the page gives the drawing; a wider drawing (long labels) shrinks.
WIDTH = 184
HEIGHT = _PLOT_HEIGHT + 2 * _PAD


def _segments(
    points: list[tuple[float, float] | None],
) -> list[list[tuple[float, float]]]:
    """Runs of consecutive known points: a gap in the data breaks the line."""
    runs: list[list[tuple[float, float]]] = [[]]
    for point in points:
        if point is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append(point)
    return [run for run in runs if run]


def _path(run: list[tuple[float, float]]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in run)


def _benchmark_words(benchmark: Benchmark, describe: Callable[[Decimal], str]) -> str:
    when = f" ({benchmark.period})" if benchmark.period is not None else ""
    return f"{benchmark.name} {describe(benchmark.value)}{when}"


def sparkline(
    points: Sequence[TrendPoint],
    describe: Callable[[Decimal], str],
    *,
    benchmarks: Sequence[Benchmark] = (),
) -> str:
    """An inline SVG of *points*' figures (solid) and targets (dashed).

    The plot spans the lowest to the highest of the figures, targets and
    benchmarks it draws; those two values are printed at its right, the
    highest at the top.  Benchmarks are dotted horizontal lines.

    Args:
        points: The series, oldest first.
        describe: Writes a figure for the text description and the scale
            labels (with its unit).
        benchmarks: Comparators to draw as reference lines.

    Returns:
        The ``<svg>`` element, or an empty string when no point has a figure.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.3.0
       Larger, with the scale printed beside the plot; *benchmarks*.
    """
    if not any(p.value is not None for p in points):
        return ""
    numbers = [p.value for p in points if p.value is not None]
    numbers += [p.target for p in points if p.target is not None]
    numbers += [b.value for b in benchmarks]
    low, high = min(numbers), max(numbers)
    span = high - low or Decimal(1)
    step = (_PLOT_WIDTH - 2 * _PAD) / max(len(points) - 1, 1)
    right = _PLOT_WIDTH - _PAD

    def level(value: Decimal) -> float:
        if high == low:
            return _PAD + _PLOT_HEIGHT / 2
        share = float((value - low) / span)
        return _PAD + (1 - share) * _PLOT_HEIGHT

    def at(index: int, value: Decimal | None) -> tuple[float, float] | None:
        if value is None:
            return None
        return (_PAD + index * step, level(value))

    values = [at(i, p.value) for i, p in enumerate(points)]
    targets = [at(i, p.target) for i, p in enumerate(points)]
    parts = [
        # The frame of the plot: its top and bottom are the labelled values.
        (
            f'<line class="axis" x1="{_PAD}" y1="{_PAD}" x2="{_PAD}" '
            f'y2="{_PAD + _PLOT_HEIGHT}"/>'
        )
    ]
    for benchmark in benchmarks:
        y = level(benchmark.value)
        parts.append(
            f'<line class="benchmark" x1="{_PAD}" y1="{y:.1f}" x2="{right}" '
            f'y2="{y:.1f}"/>'
        )
    for run in _segments(targets):
        line = run
        if len(run) == 1:
            # A target for one quarter only shows as a short level mark.
            x, y = run[0]
            line = [(max(x - step / 2, _PAD), y), (min(x + step / 2, right), y)]
        parts.append(f'<polyline class="target" points="{_path(line)}"/>')
    for run in _segments(values):
        if len(run) == 1:
            x, y = run[0]
            parts.append(f'<circle class="value" cx="{x:.1f}" cy="{y:.1f}" r="2"/>')
        else:
            parts.append(f'<polyline class="value" points="{_path(run)}"/>')
    last = next(point for point in reversed(values) if point is not None)
    parts.append(
        f'<circle class="last" cx="{last[0]:.1f}" cy="{last[1]:.1f}" r="2.75"/>'
    )
    top, bottom = describe(high), describe(low)
    label_x = _PLOT_WIDTH + _GAP
    # The text is drawn for sighted readers; the description says it all.
    parts.append(
        f'<text class="scale" x="{label_x}" y="{_PAD + _FONT - 2}" '
        f'aria-hidden="true">{escape(top)}</text>'
    )
    if bottom != top:
        parts.append(
            f'<text class="scale" x="{label_x}" y="{_PAD + _PLOT_HEIGHT}" '
            f'aria-hidden="true">{escape(bottom)}</text>'
        )
    longest = max(len(top), len(bottom))
    width = max(WIDTH, round(label_x + longest * _CHARACTER + 2))
    words = "; ".join(
        f"{p.period}: {describe(p.value) if p.value is not None else 'no figure'}"
        + (f" (target {describe(p.target)})" if p.target is not None else "")
        for p in points
    )
    text = f"Quarterly trend. {words}."
    if benchmarks:
        compared = "; ".join(_benchmark_words(b, describe) for b in benchmarks)
        text += f" Benchmarks: {compared}."
    text += f" Scale {bottom} to {top}." if bottom != top else f" Scale {top}."
    label = escape(text)
    return (
        f'<svg class="spark" role="img" aria-label="{label}" width="{WIDTH}" '
        f'height="{HEIGHT}" viewBox="0 0 {width} {HEIGHT}">'
        f"<title>{label}</title>{''.join(parts)}</svg>"
    )
