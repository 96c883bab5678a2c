"""Inline SVG sparklines: a measure's quarterly series with its target line.

The SVG is written into the page itself (no image files, no requests) and
carries a text description of every point for screen readers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from html import escape

from ._tables import TrendPoint

__all__ = ["sparkline"]

_WIDTH = 120
_HEIGHT = 32
_PAD = 4


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


def sparkline(points: Sequence[TrendPoint], describe: Callable[[Decimal], str]) -> str:
    """An inline SVG of *points*' figures (solid) and targets (dashed).

    Args:
        points: The series, oldest first.
        describe: Writes a figure for the text description (with its unit).

    Returns:
        The ``<svg>`` element, or an empty string when no point has a figure.

    .. versionadded:: 0.1.0
    """
    numbers = [p.value for p in points if p.value is not None]
    numbers += [p.target for p in points if p.target is not None]
    if not any(p.value is not None for p in points):
        return ""
    low, high = min(numbers), max(numbers)
    span = high - low or Decimal(1)
    step = (_WIDTH - 2 * _PAD) / max(len(points) - 1, 1)

    def at(index: int, value: Decimal | None) -> tuple[float, float] | None:
        if value is None:
            return None
        share = float((value - low) / span)
        return (_PAD + index * step, _HEIGHT - _PAD - share * (_HEIGHT - 2 * _PAD))

    values = [at(i, p.value) for i, p in enumerate(points)]
    targets = [at(i, p.target) for i, p in enumerate(points)]
    parts = []
    for run in _segments(targets):
        line = run
        if len(run) == 1:
            # A target for one quarter only shows as a short level mark.
            x, y = run[0]
            line = [(max(x - step / 2, 0), y), (min(x + step / 2, _WIDTH), y)]
        parts.append(f'<polyline class="target" points="{_path(line)}"/>')
    for run in _segments(values):
        if len(run) == 1:
            x, y = run[0]
            parts.append(f'<circle class="value" cx="{x:.1f}" cy="{y:.1f}" r="1.5"/>')
        else:
            parts.append(f'<polyline class="value" points="{_path(run)}"/>')
    last = next(point for point in reversed(values) if point is not None)
    parts.append(f'<circle class="last" cx="{last[0]:.1f}" cy="{last[1]:.1f}" r="2"/>')
    words = "; ".join(
        f"{p.period}: {describe(p.value) if p.value is not None else 'no figure'}"
        + (f" (target {describe(p.target)})" if p.target is not None else "")
        for p in points
    )
    label = escape(f"Quarterly trend. {words}.")
    return (
        f'<svg class="spark" role="img" aria-label="{label}" width="{_WIDTH}" '
        f'height="{_HEIGHT}" viewBox="0 0 {_WIDTH} {_HEIGHT}">'
        f"<title>{label}</title>{''.join(parts)}</svg>"
    )
