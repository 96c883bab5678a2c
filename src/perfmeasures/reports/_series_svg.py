"""A measure's figures against its target, as one self-contained SVG.

:func:`measure_svg` draws what :func:`perfmeasures.plot.measure_figure`
draws with matplotlib, for a page to carry inline: the measure's figure
for each period, a marker a point coloured *and* shaped by the status
:func:`~perfmeasures.evaluate` gives it, the target as a step line (a
band for a range, a dashed line for a floor), each benchmark as a
labelled reference line, a legend and axes with round ticks.  The SVG has
no script, no external reference and no class a host page could style by
accident (every class starts ``pm-series``); a screen reader reads its
``<desc>``, which lists each period's figure, target and status.

:func:`measure_series` gathers what both drawings show, so that they
cannot disagree: the periods, the figures, the year-to-date figures where
the target is for the year to date, each period's target and status.

A measure whose target is for the year to date (2.B7, 3.B3) is rated on
its cumulative figure: the chart draws that as the main line, with the
status markers and the year-to-date target stepping up period by period,
and the figure for each period alone as a lighter line beside it.  Each
financial year starts a new run of both.

.. versionadded:: 0.3.0
"""

from __future__ import annotations

import decimal
import hashlib
import math
import textwrap
from collections.abc import Iterable, Sequence
from decimal import Decimal
from html import escape
from itertools import pairwise

import attrs

from .._checks import visible
from .._errors import InvalidValueError
from .._evaluate import Evaluation, evaluate
from .._figures import period_figure, target_for, year_to_date_figure
from .._measures import Benchmark, Frequency, Measure, UnitKind
from .._periods import Month, Period, Quarter, Year, read_period
from .._ratings import Status
from .._targets import Basis
from ..spc import period_of
from ._format import derived
from ._key import DEFAULT_KEY
from ._xmr_svg import (
    CHAR_WIDTH,
    LINE_STYLES,
    _apart,
    _flow,
    _placed,
    _tick_text,
    _XLabel,
    nice_ticks,
)

__all__ = [
    "BENCHMARK_DASHES",
    "FLOOR_STYLE",
    "PERIOD_STYLE",
    "RANGE_FILL",
    "STATUS_COLOURS",
    "STATUS_MARKERS",
    "MeasureSeries",
    "SeriesPoint",
    "benchmark_label",
    "label_indices",
    "measure_series",
    "measure_svg",
    "series_description",
    "series_legend",
    "status_name",
    "target_name",
]

#: The colour of each status: the text colour of the HTML report's status
#: badges, dark enough to read on white (7:1 or more).
STATUS_COLOURS = {
    Status.BLUE: "#12366b",
    Status.GREEN: "#14532d",
    Status.YELLOW: "#4a4300",
    Status.AMBER: "#6b4200",
    Status.RED: "#8b1014",
    Status.UNDER_DEVELOPMENT: "#333333",
    Status.NOT_APPLICABLE: "#333333",
    Status.NOT_AVAILABLE: "#333333",
}

STATUS_FILLS = {
    Status.BLUE: "#dbe9fb",
    Status.GREEN: "#dff3e4",
    Status.YELLOW: "#fdf7b0",
    Status.AMBER: "#fff0c2",
    Status.RED: "#fde0e0",
    Status.UNDER_DEVELOPMENT: "#eeeeee",
    Status.NOT_APPLICABLE: "#eeeeee",
    Status.NOT_AVAILABLE: "#eeeeee",
}

#: The marker shape of each status, as matplotlib names it, after the
#: key's symbols where a marker can be (a star for blue, a cross for red):
#: the chart reads without colour too.
STATUS_MARKERS = {
    Status.BLUE: "*",
    Status.GREEN: "o",
    Status.YELLOW: "D",
    Status.AMBER: "^",
    Status.RED: "X",
    Status.UNDER_DEVELOPMENT: "p",
    Status.NOT_APPLICABLE: "s",
    Status.NOT_AVAILABLE: "h",
}

#: The dash patterns (lengths in pixels) of the benchmark lines, in turn.
BENCHMARK_DASHES: tuple[tuple[float, ...], ...] = (
    (2.0, 2.0),
    (7.0, 3.0),
    (7.0, 2.0, 2.0, 2.0),
    (1.0, 4.0),
)
#: The colour of the benchmark lines and their labels.
BENCHMARK_COLOUR = "#2f5f8f"
#: Colour, width and dash pattern of a floor (the minimum standard).
FLOOR_STYLE: tuple[str, float, tuple[float, ...]] = ("#6b4200", 1.25, (4.0, 3.0))
#: The fill of a target range: the HTML report's green badge.
RANGE_FILL = "#dff3e4"
#: Colour, width and dash pattern of the line of each period's own figure,
#: drawn beside the year to date when the target is for the year to date.
PERIOD_STYLE: tuple[str, float, tuple[float, ...]] = ("#9a9a9a", 1.25, (3.0, 2.0))

_SERIES = "#7b7d7d"
_AXIS = "#595959"
_GRID = "#e6e6e6"
_TEXT = "#231f20"
_INSET = 6.0
_SWATCH = 18.0
_ROW = 18.0
_NOUNS = {Month: "month", Quarter: "quarter", Year: "year"}
_FREQUENCIES = (Frequency.MONTHLY, Frequency.QUARTERLY, Frequency.ANNUAL)
_FREQUENCY_NOUNS = {
    Frequency.MONTHLY: "month",
    Frequency.QUARTERLY: "quarter",
    Frequency.ANNUAL: "year",
}


@attrs.frozen
class SeriesPoint:
    """One period of a measure's chart.

    Args:
        period: The period.
        figure: The figure for the period alone, or ``None``.
        to_date: The year-to-date figure, when the chart is rated on it.
        rated: The figure the status compares (where the marker goes).
        status: The status :func:`~perfmeasures.evaluate` gives the period.
        target: The target figure compared with, or ``None``.
        lower: The lowest figure on target (a range, or ``≥ 95``).
        upper: The highest figure on target (a range, or ``≤ 5``).
        floor: The minimum standard, if one is set.
        evaluation: The evaluation itself.

    .. versionadded:: 0.3.0
    """

    period: Period
    figure: Decimal | None
    to_date: Decimal | None
    rated: Decimal | None
    status: Status
    target: Decimal | None
    lower: Decimal | None
    upper: Decimal | None
    floor: Decimal | None
    evaluation: Evaluation

    @property
    def line(self) -> Decimal | None:
        """The target as one line: its figure, or an inequality's bound."""
        if self.target is not None:
            return self.target
        if (self.lower is None) != (self.upper is None):
            return self.lower if self.lower is not None else self.upper
        return None

    @property
    def band(self) -> tuple[Decimal, Decimal] | None:
        """The target as a band: a range's bounds, or ``None``."""
        if self.target is None and self.lower is not None and self.upper is not None:
            return self.lower, self.upper
        return None


@attrs.frozen
class MeasureSeries:
    """What a chart of a measure shows, period by period.

    Args:
        measure: The measure.
        points: One a period charted, in time order.
        to_date: Whether the statuses rate year-to-date figures (the
            chart's main line is then the year to date).
        noun: What a period is: ``month``, ``quarter`` or ``year``.

    .. versionadded:: 0.3.0
    """

    measure: Measure
    points: tuple[SeriesPoint, ...]
    to_date: bool
    noun: str

    @property
    def benchmarks(self) -> tuple[Benchmark, ...]:
        """The measure's benchmarks."""
        return self.measure.benchmarks

    def values(self) -> list[Decimal]:
        """Every figure the chart draws: to size its y axis."""
        found: list[Decimal] = []
        for point in self.points:
            drawn = (point.figure, point.rated, point.line, point.floor)
            found.extend(value for value in drawn if value is not None)
            if point.band is not None:
                found.extend(point.band)
        found.extend(benchmark.value for benchmark in self.benchmarks)
        return found

    def runs(self) -> list[list[int]]:
        """The points' indices in runs the main line joins.

        A run breaks at a missing figure and, on a year-to-date chart, at
        the start of each financial year.
        """
        runs: list[list[int]] = []
        before: SeriesPoint | None = None
        for index, point in enumerate(self.points):
            joined = (
                before is not None
                and before.rated is not None
                and not (
                    self.to_date and _year_of(self, before) != _year_of(self, point)
                )
            )
            if point.rated is not None:
                if joined:
                    runs[-1].append(index)
                else:
                    runs.append([index])
            before = point
        return runs


def _year_of(series: MeasureSeries, point: SeriesPoint) -> Year:
    period = point.period
    if isinstance(period, Month):
        return period.financial_year(series.measure.year_start_month)
    if isinstance(period, Quarter):
        return period.year
    return period


def _consecutive(first: Period, last: Period) -> list[Period]:
    periods = [first]
    while periods[-1] < last:
        periods.append(periods[-1].next())
    return periods


def _default_periods(measure: Measure, last: Period | None) -> list[Period]:
    """Every period of the measure's frequency from its first figure to its last.

    A measure with no figure of its own frequency (a monthly measure
    published by quarter) is charted by the shortest periods it has
    figures for.
    """
    start = measure.year_start_month
    for frequency in _FREQUENCIES[_FREQUENCIES.index(measure.frequency) :]:
        found = {period_of(key, frequency, start) for key in measure.values}
        candidates = sorted(
            period
            for period in found
            if period is not None and (last is None or period.end <= last.end)
        )
        known = [
            period
            for period in candidates
            if period_figure(measure, period).value is not None
        ]
        if known:
            return _consecutive(known[0], known[-1])
    return []


def _given_periods(periods: object, measure: Measure) -> list[Period]:
    expected = "periods or period labels in time order, none overlapping another"
    if isinstance(periods, str | bytes) or not isinstance(periods, Iterable):
        raise InvalidValueError("periods", periods, expected)
    read = [read_period(each, measure.year_start_month, "periods") for each in periods]
    if any(later.start <= earlier.end for earlier, later in pairwise(read)):
        raise InvalidValueError("periods", periods, expected)
    return read


def measure_series(
    measure: Measure,
    *,
    until: Period | str | None = None,
    periods: Iterable[Period | str] | None = None,
) -> MeasureSeries:
    """What a chart of *measure* shows: each period's figure, target and status.

    The periods are those of the measure's own frequency, from its first
    figure to its last (a period between without a figure leaves a gap);
    a measure with no figure of its own frequency is charted by the
    shortest periods it has figures for.  Each period is rated by
    :func:`~perfmeasures.evaluate` with the measure's own rules.  When a
    period's target is for the year to date, the chart is of the year to
    date: :attr:`SeriesPoint.rated` is the year-to-date figure.  A
    data-only measure is charted without a target.

    Args:
        measure: The measure.
        until: The last period to chart, or a label read in the measure's
            years: periods ending after it are left out.
        periods: Exactly these periods (or labels), in time order.

    Returns:
        The series, with no points when the measure has no figure to chart.

    Raises:
        InvalidValueError: *measure* is not a Measure, or *periods* are not
            periods in time order.
        InvalidPeriodError: A label is not a period of the measure's years.

    .. versionadded:: 0.3.0
    """
    if not isinstance(measure, Measure):
        raise InvalidValueError("measure", measure, "a Measure")
    last = (
        None if until is None else read_period(until, measure.year_start_month, "until")
    )
    if periods is None:
        wanted = _default_periods(measure, last)
    else:
        wanted = _given_periods(periods, measure)
        if last is not None:
            wanted = [period for period in wanted if period.end <= last.end]
    evaluations = [evaluate(measure, period) for period in wanted]
    to_date = (
        any(
            evaluation.basis is Basis.YEAR_TO_DATE and evaluation.target is not None
            for evaluation in evaluations
        )
        and not measure.data_only
    )
    points = []
    for period, evaluation in zip(wanted, evaluations, strict=True):
        figure = period_figure(measure, period).value
        cumulative = year_to_date_figure(measure, period).value if to_date else None
        set_for = None if measure.data_only else target_for(measure, period)
        points.append(
            SeriesPoint(
                period=period,
                figure=figure,
                to_date=cumulative,
                rated=cumulative if to_date else figure,
                status=evaluation.status,
                target=None if set_for is None else set_for.value,
                lower=None if set_for is None else set_for.lower,
                upper=None if set_for is None else set_for.upper,
                floor=None if set_for is None else set_for.floor,
                evaluation=evaluation,
            )
        )
    noun = _NOUNS[type(wanted[0])] if wanted else _FREQUENCY_NOUNS[measure.frequency]
    return MeasureSeries(measure, tuple(points), to_date, noun)


def status_name(status: Status) -> str:
    """A status as the legend writes it: the key's label (``Red``)."""
    return DEFAULT_KEY.status(status).label


def target_name(series: MeasureSeries) -> str:
    """The legend's name of the target line."""
    return "Target (year to date)" if series.to_date else "Target"


def benchmark_label(benchmark: Benchmark, series: MeasureSeries) -> str:
    """A benchmark's label on the chart: ``national average 45.3``."""
    when = "" if benchmark.period is None else f" ({benchmark.period.label})"
    return f"{benchmark.name}{when} {series.measure.unit.format(benchmark.value)}"


def series_legend(series: MeasureSeries, *, spc: bool = False) -> list[str]:
    """The legend's entries, as both drawings write them.

    The statuses drawn, in the key's order (by their key labels), then the
    lines: on a year-to-date chart the year to date and the figure for each
    period alone; then the target, the target range and the floor where
    drawn; then the XmR mean and process limits with *spc*.

    .. versionadded:: 0.3.0
    """
    shown = {point.status for point in series.points if point.rated is not None}
    names = [
        status_name(entry.status)
        for entry in DEFAULT_KEY.statuses
        if entry.status in shown
    ]
    if series.to_date:
        names += ["Year to date", f"{series.noun.capitalize()}'s figure"]
    if any(point.line is not None for point in series.points):
        names.append(target_name(series))
    if any(point.band is not None for point in series.points):
        names.append("Target range")
    if any(point.floor is not None for point in series.points):
        names.append("Floor")
    if spc:
        names += ["Mean", "Process limits"]
    return names


def _period_steps(periods: Sequence[Period]) -> list[int]:
    """Every how many periods an x label may be written, by preference."""
    if all(isinstance(period, Month) for period in periods):
        steps, year = [1, 2, 3, 4, 6], 12
    elif all(isinstance(period, Quarter) for period in periods):
        steps, year = [1, 2], 4
    else:
        steps, year = [1, 2, 5], 10
    multiple = 1
    while year * multiple < 2 * max(len(periods), 1):
        steps.append(year * multiple)
        multiple *= 2
    steps.append(year * multiple)
    return steps


def label_indices(periods: Sequence[Period], room: float, needed: float) -> list[int]:
    """The periods to label when labels need *needed* apart at *room* a period.

    Labels go every 1, 2, 3, 4 or 6 months (then whole years), every 1 or
    2 quarters (then whole years), from the first period on.
    """
    for step in _period_steps(periods):
        if step * room >= needed:
            return list(range(0, len(periods), step))
    return [0]


def _fmt(number: float) -> str:
    return f"{number:.1f}"


def _g(number: float) -> str:
    return f"{number:g}"


def _dash(dashes: tuple[float, ...] | None) -> str:
    if dashes is None:
        return ""
    return f' stroke-dasharray="{" ".join(_g(length) for length in dashes)}"'


def _polygon(shape: str, x: float, y: float, size: float) -> list[tuple[float, float]]:
    """The corners of a marker of *shape* (a matplotlib name) around (x, y)."""
    if shape == "s":
        r = size * 0.85
        return [(x - r, y - r), (x + r, y - r), (x + r, y + r), (x - r, y + r)]
    if shape == "D":
        r = size * 1.2
        return [(x, y - r), (x + r, y), (x, y + r), (x - r, y)]
    if shape == "^":
        return [
            (x, y - size * 1.35),
            (x + size * 1.25, y + size * 0.95),
            (x - size * 1.25, y + size * 0.95),
        ]
    if shape == "X":
        # A plus sign of arms *arm* long and *half* wide, turned 45 degrees.
        arm, half = size * 1.3, size * 0.45
        plus = [
            (-half, -arm), (half, -arm), (half, -half), (arm, -half),
            (arm, half), (half, half), (half, arm), (-half, arm),
            (-half, half), (-arm, half), (-arm, -half), (-half, -half),
        ]  # fmt: skip
        turn = math.sqrt(0.5)
        return [(x + (a - b) * turn, y + (a + b) * turn) for a, b in plus]
    if shape in {"*", "p", "h"}:
        sides = {"*": 5, "p": 5, "h": 6}[shape]
        outer = size * (1.6 if shape == "*" else 1.1)
        inner = outer * 0.42 if shape == "*" else None
        corners = []
        count = sides * 2 if inner is not None else sides
        for number in range(count):
            angle = -math.pi / 2 + number * 2 * math.pi / count
            reach = outer if inner is None or number % 2 == 0 else inner
            corners.append((x + math.cos(angle) * reach, y + math.sin(angle) * reach))
        return corners
    raise InvalidValueError("shape", shape, "a marker shape the chart draws")


def _marker(
    status: Status,
    centre: tuple[float, float],
    size: float,
    css: str,
    *,
    extra: str = "",
) -> str:
    """A status's marker, in its colour and shape, its tag left open."""
    x, y = centre
    paint = (
        f' fill="{STATUS_FILLS[status]}" stroke="{STATUS_COLOURS[status]}" '
        f'stroke-width="1.5"{extra}'
    )
    shape = STATUS_MARKERS[status]
    if shape == "o":
        return (
            f'<circle class="{css}" cx="{_fmt(x)}" cy="{_fmt(y)}" '
            f'r="{_fmt(size)}"{paint}'
        )
    corners = _polygon(shape, x, y, size)
    path = "M" + " L".join(f"{_fmt(a)},{_fmt(b)}" for a, b in corners) + " Z"
    return f'<path class="{css}" d="{path}"{paint}'


@attrs.frozen
class _Layout:
    left: float
    top: float
    right: float
    bottom: float
    ticks: list[Decimal]
    count: int

    @property
    def step(self) -> float:
        return (self.right - self.left) / max(self.count, 1)

    def x(self, index: float) -> float:
        return self.left + (index + 0.5) * self.step

    def y(self, value: Decimal) -> float:
        high, low = self.ticks[-1], self.ticks[0]
        with decimal.localcontext(decimal.Context(prec=28)):
            share = float((high - value) / (high - low))
        return self.top + _INSET + share * (self.bottom - self.top - 2 * _INSET)


def _steps(
    layout: _Layout, values: Sequence[Decimal | None]
) -> list[list[tuple[float, float]]]:
    """Step lines through *values*: one run a stretch without a gap."""
    runs: list[list[tuple[float, float]]] = []
    before: Decimal | None = None
    for index, value in enumerate(values):
        if value is None:
            before = None
            continue
        y = layout.y(value)
        start, stop = layout.x(index - 0.5), layout.x(index + 0.5)
        if before is None:
            runs.append([(start, y)])
        else:
            runs[-1].append((start, y))
        runs[-1].append((stop, y))
        before = value
    return runs


def _path(runs: Sequence[Sequence[tuple[float, float]]]) -> str:
    return " ".join(
        "M" + " L".join(f"{_fmt(x)},{_fmt(y)}" for x, y in run) for run in runs
    )


def _swatch(name: str, x: float, y: float, series: MeasureSeries) -> str:
    """The legend's key of *name*, left end at *x*, centred on *y*."""
    statuses = {status_name(status): status for status in Status}
    if name in statuses:
        centre = (x + _SWATCH / 2, y)
        return _marker(statuses[name], centre, 4.5, "pm-series-swatch") + "/>"
    if name == "Target range":
        return (
            f'<rect class="pm-series-swatch" x="{_fmt(x)}" y="{_fmt(y - 5)}" '
            f'width="{_g(_SWATCH)}" height="10" fill="{RANGE_FILL}" '
            f'stroke="{LINE_STYLES["Target"][0]}" stroke-width="0.75"/>'
        )
    colour, width, dashes = _line_style(name, series)
    return (
        f'<line class="pm-series-swatch" x1="{_fmt(x)}" y1="{_fmt(y)}" '
        f'x2="{_fmt(x + _SWATCH)}" y2="{_fmt(y)}" stroke="{colour}" '
        f'stroke-width="{_g(width)}"{_dash(dashes)}/>'
    )


def _line_style(
    name: str, series: MeasureSeries
) -> tuple[str, float, tuple[float, ...] | None]:
    if name == target_name(series):
        return LINE_STYLES["Target"]
    if name == "Floor":
        return FLOOR_STYLE
    if name == "Year to date":
        return (_SERIES, 1.5, None)
    if name in LINE_STYLES:
        return LINE_STYLES[name]
    return PERIOD_STYLE


def _heading_lines(title: str, width: int) -> list[str]:
    """*title* in at most two lines of 14-pixel bold text, cut short if need be."""
    most = max(8, int((width - 16) // 8.5))
    lines = textwrap.wrap(title, most) or [""]
    if len(lines) > 2:
        second = " ".join(lines[1:])
        lines = [lines[0], second[: most - 1].rstrip() + "\u2026"]
    return lines


def _x_labels(periods: Sequence[Period], layout: _Layout, width: int) -> list[_XLabel]:
    texts = [period.label for period in periods]
    for step in _period_steps(periods):
        laid = [
            _placed(texts[index], layout.x(index), 2.0, width - 2.0)
            for index in range(0, len(periods), step)
        ]
        if all(_apart(one, other) for one, other in pairwise(laid)):
            return laid
    return [_placed(texts[0], layout.x(0), 2.0, width - 2.0)]


def _unit_words(measure: Measure) -> str:
    unit = measure.unit
    if unit.label:
        return f" ({unit.label})"
    if unit.kind is UnitKind.PERCENTAGE:
        return " (per cent)"
    return ""


def _point_words(series: MeasureSeries, point: SeriesPoint) -> str:
    """One period in words: its figures, its target and its status."""
    unit = series.measure.unit
    words = [point.period.label + ":"]
    if point.figure is None and point.rated is None:
        words.append("no figure")
    elif series.to_date:
        noun = series.noun
        alone = "no figure" if point.figure is None else derived(unit, point.figure)
        to_date = "none" if point.to_date is None else derived(unit, point.to_date)
        words.append(f"{alone} in the {noun}, {to_date} year to date")
    else:
        assert point.figure is not None  # noqa: S101 (rated is the figure)
        words.append(derived(unit, point.figure))
    targets = []
    if point.line is not None:
        kind = "target"
        if point.target is None:
            kind = "target at least" if point.lower is not None else "target at most"
        targets.append(f"{kind} {derived(unit, point.line)}")
    if point.band is not None:
        low, high = point.band
        targets.append(f"target range {derived(unit, low)} to {derived(unit, high)}")
    if point.floor is not None:
        targets.append(f"floor {derived(unit, point.floor)}")
    if not targets:
        targets.append("no target")
    text = " ".join(words) + ", " + ", ".join(targets)
    return f"{text}, status {status_name(point.status)}."


def series_description(series: MeasureSeries) -> str:
    """The chart in words: what it shows, then each period, then benchmarks."""
    measure = series.measure
    name = f"{measure.ref} {measure.title}{_unit_words(measure)}"
    if not series.points:
        return f"Chart of {name}: no figures to chart."
    first, last = series.points[0].period.label, series.points[-1].period.label
    span = first if first == last else f"{first} to {last}"
    what = "year-to-date figures against the target" if series.to_date else "figures"
    sentences = [
        f"Chart of {name}: {series.noun}ly {what}, {span}."
        if series.noun != "year"
        else f"Chart of {name}: annual {what}, {span}."
    ]
    sentences += [_point_words(series, point) for point in series.points]
    if series.benchmarks:
        marks = "; ".join(benchmark_label(b, series) for b in series.benchmarks)
        sentences.append(f"Benchmarks: {marks}.")
    return " ".join(sentences)


def _check_size(value: object, field: str, least: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < least:
        raise InvalidValueError(
            field, value, f"a whole number of pixels, at least {least}"
        )
    return value


def _benchmark_rows(
    series: MeasureSeries, layout: _Layout
) -> list[tuple[Benchmark, float, float, int]]:
    """Each benchmark, its line's y, its label's baseline y, and its number.

    Labels sit just above their line, pushed apart so that none overlaps
    another, and below the line when above would leave the plot.
    """
    placed: list[tuple[Benchmark, float, float, int]] = []
    order = sorted(enumerate(series.benchmarks), key=lambda item: -item[1].value)
    floor_at = layout.top + 11.0
    for number, benchmark in order:
        y = layout.y(benchmark.value)
        label = max(y - 3.0, floor_at)
        if placed and label < placed[-1][2] + 12.0:
            label = placed[-1][2] + 12.0
        placed.append((benchmark, y, label, number))
    return placed


def _legend_parts(
    series: MeasureSeries, rows: list[list[tuple[float, str]]], top: float
) -> list[str]:
    parts = ['<g class="pm-series-legend">']
    for number, row in enumerate(rows):
        y = top + number * _ROW + _ROW / 2
        for x, name in row:
            parts.append(f'<g class="pm-series-key" data-name="{escape(name)}">')
            parts.append(_swatch(name, x, y, series))
            parts.append(
                f'<text x="{_fmt(x + _SWATCH + 4)}" y="{_fmt(y + 4)}" '
                f'font-size="12" fill="{_TEXT}">{escape(name)}</text></g>'
            )
    parts.append("</g>")
    return parts


def measure_svg(  # noqa: PLR0913
    measure: Measure,
    *,
    until: Period | str | None = None,
    periods: Iterable[Period | str] | None = None,
    width: int = 480,
    height: int = 220,
    title: str | None = None,
) -> str:
    """A measure's figures against its target, as one self-contained ``<svg>``.

    The chart of :func:`measure_series`, drawn as
    :func:`perfmeasures.plot.measure_figure` draws it: the figures as a grey
    line with a marker a period in the colour and shape of its status
    (green circle, amber triangle, red cross, blue star, yellow diamond;
    grey square, pentagon or hexagon for not applicable, under development
    and not available), so that it reads in black and white too; the
    target as a red dash-dot step line (``pm-series-target``), stepping
    each period where it is profiled or cumulative and level where it is
    not; a range as a pale band, a floor as a dashed line; each benchmark
    as a grey dashed line labelled with its name and figure; a legend
    naming the statuses and lines; a y axis of round ticks covering
    everything drawn; and the periods along the x axis, as many as fit.
    A year-to-date chart draws the year to date as its main line and each
    period's own figure as a lighter dashed line.

    The SVG has ``role="img"`` and is labelled by its ``<title>`` and a
    ``<desc>`` giving, for each period, its figure, target and status, and
    the benchmarks.  It carries no script and no external reference; every
    class starts ``pm-series``; text is escaped, and control characters
    are shown as escapes.  Each grid line carries its value
    (``data-value``), each marker its period and status.

    Args:
        measure: The measure.
        until: The last period to chart (a period or a label).
        periods: Exactly these periods (or labels), in time order.
        width: The width in pixels, at least 240.
        height: The height in pixels, at least 160.
        title: The heading; the measure's reference and title by default.

    Returns:
        The ``<svg>`` element.

    Raises:
        InvalidValueError: *measure* is not a Measure, *title* is not text,
            *periods* are not in time order, or the size is too small.

    >>> from perfmeasures.examples import rotherham_2019_20
    >>> svg = measure_svg(rotherham_2019_20().measure("1.A2"))
    >>> svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    True

    .. versionadded:: 0.3.0
    """
    if title is not None and not isinstance(title, str):
        raise InvalidValueError("title", title, "text or None")
    width = _check_size(width, "width", 240)
    height = _check_size(height, "height", 160)
    series = measure_series(measure, until=until, periods=periods)
    heading = title if title is not None else f"{measure.ref} {measure.title}"
    lines = _heading_lines(heading, width)
    names = series_legend(series)
    rows = _flow(names, 8.0, width - 8.0) if names else []
    legend_top = 8.0 + 18.0 * len(lines)
    top = legend_top + len(rows) * _ROW + 8.0
    bottom = height - 24.0
    if bottom - top < 40:
        raise InvalidValueError(
            "height",
            height,
            f"at least {math.ceil(top + 40 + 24)} pixels for this chart's title "
            "and legend",
        )
    values = series.values() or [Decimal(0)]
    ticks = nice_ticks(min(values), max(values))
    texts = [_tick_text(tick, ticks[1] - ticks[0]) for tick in ticks]
    left = max(36.0, max(len(text) for text in texts) * CHAR_WIDTH + 14)
    layout = _Layout(left, top, width - 12.0, bottom, ticks, len(series.points))
    parts = [f'<rect width="{width}" height="{height}" fill="#ffffff"/>']
    parts.extend(
        f'<text class="pm-series-heading" x="8.0" y="{_fmt(20.0 + 18 * number)}" '
        f'font-size="14" font-weight="bold" fill="{_TEXT}">{escape(line)}</text>'
        for number, line in enumerate(lines)
    )
    parts.extend(_y_axis(layout, texts))
    parts.extend(_target_parts(series, layout))
    parts.extend(_benchmark_parts(series, layout))
    parts.append(
        f'<path class="pm-series-axes" d="M{_fmt(left)},{_fmt(top)} '
        f'L{_fmt(left)},{_fmt(bottom)} L{_fmt(layout.right)},{_fmt(bottom)}" '
        f'fill="none" stroke="{_AXIS}" stroke-width="1"/>'
    )
    parts.extend(_series_parts(series, layout))
    parts.extend(_x_axis(series, layout, width))
    parts.extend(_legend_parts(series, rows, legend_top))

    label = escape(heading)
    words = escape(series_description(series))
    drawing = "".join(parts)
    digest = hashlib.sha256(f"{label}\0{words}\0{drawing}".encode()).hexdigest()
    ident = f"pm-series-{digest[:12]}"
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="pm-series" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" '
        'font-family="sans-serif">'
        f'<title id="{ident}-title">{label}</title>'
        f'<desc id="{ident}-desc">{words}</desc>{drawing}</svg>'
    )
    # Control characters and bidirectional overrides show as escapes.
    return visible(svg, keep="\n\t")


def _y_axis(layout: _Layout, texts: Sequence[str]) -> list[str]:
    """The grid and the tick labels; each grid line carries its value."""
    parts = ['<g class="pm-series-y-axis">']
    for tick, text in zip(layout.ticks, texts, strict=True):
        y = layout.y(tick)
        parts.append(
            f'<line class="pm-series-grid" data-value="{tick}" '
            f'x1="{_fmt(layout.left)}" y1="{_fmt(y)}" x2="{_fmt(layout.right)}" '
            f'y2="{_fmt(y)}" stroke="{_GRID}" stroke-width="1"/>'
        )
        parts.append(
            f'<text class="pm-series-tick" x="{_fmt(layout.left - 6)}" '
            f'y="{_fmt(y + 4)}" text-anchor="end" font-size="12" '
            f'fill="{_TEXT}">{escape(text)}</text>'
        )
    parts.append("</g>")
    return parts


def _stroke(
    css: str, d: str, style: tuple[str, float, tuple[float, ...] | None]
) -> str:
    colour, width, dashes = style
    return (
        f'<path class="{css}" d="{d}" fill="none" stroke="{colour}" '
        f'stroke-width="{_g(width)}"{_dash(dashes)}/>'
    )


def _target_parts(series: MeasureSeries, layout: _Layout) -> list[str]:
    """The range band, the floor and the target step line."""
    parts: list[str] = []
    bands = [point.band for point in series.points]
    for index, band in enumerate(bands):
        if band is not None:
            low, high = layout.y(band[0]), layout.y(band[1])
            parts.append(
                f'<rect class="pm-series-range" x="{_fmt(layout.x(index - 0.5))}" '
                f'y="{_fmt(high)}" width="{_fmt(layout.step)}" '
                f'height="{_fmt(low - high)}" fill="{RANGE_FILL}"/>'
            )
    if any(band is not None for band in bands):
        edge_style = (LINE_STYLES["Target"][0], 0.75, None)
        for which in (0, 1):
            edge = [None if band is None else band[which] for band in bands]
            d = _path(_steps(layout, edge))
            parts.append(_stroke("pm-series-range-edge", d, edge_style))
    floors = [point.floor for point in series.points]
    if any(floor is not None for floor in floors):
        parts.append(
            _stroke("pm-series-floor", _path(_steps(layout, floors)), FLOOR_STYLE)
        )
    targets = [point.line for point in series.points]
    if any(target is not None for target in targets):
        d = _path(_steps(layout, targets))
        parts.append(_stroke("pm-series-target", d, LINE_STYLES["Target"]))
    return parts


def _benchmark_parts(series: MeasureSeries, layout: _Layout) -> list[str]:
    """Each benchmark's line and its label."""
    parts: list[str] = []
    for benchmark, y, label, number in _benchmark_rows(series, layout):
        dashes = BENCHMARK_DASHES[number % len(BENCHMARK_DASHES)]
        text = escape(benchmark_label(benchmark, series))
        parts.append(
            f'<g class="pm-series-benchmark" data-name="{escape(benchmark.name)}" '
            f'data-value="{benchmark.value}">'
            f'<line x1="{_fmt(layout.left)}" y1="{_fmt(y)}" '
            f'x2="{_fmt(layout.right)}" y2="{_fmt(y)}" stroke="{BENCHMARK_COLOUR}" '
            f'stroke-width="1"{_dash(dashes)}/>'
            f'<text x="{_fmt(layout.left + 4)}" y="{_fmt(label)}" font-size="11" '
            f'fill="{BENCHMARK_COLOUR}" stroke="#ffffff" stroke-width="3" '
            f'paint-order="stroke">{text}</text></g>'
        )
    return parts


def _series_parts(series: MeasureSeries, layout: _Layout) -> list[str]:
    """The lines of figures and the status markers."""
    parts: list[str] = []
    points = series.points
    if series.to_date:
        alone = [
            [
                (layout.x(i), layout.y(value))
                for i in run
                if (value := points[i].figure) is not None
            ]
            for run in _figure_runs(points)
        ]
        parts.append(_stroke("pm-series-period", _path(alone), PERIOD_STYLE))
        parts.extend(
            f'<circle class="pm-series-period-point" cx="{_fmt(x)}" '
            f'cy="{_fmt(y)}" r="2" fill="#ffffff" stroke="{PERIOD_STYLE[0]}" '
            'stroke-width="1"/>'
            for run in alone
            for x, y in run
        )
    main = [
        [
            (layout.x(i), layout.y(value))
            for i in run
            if (value := points[i].rated) is not None
        ]
        for run in series.runs()
    ]
    parts.append(
        f'<path class="pm-series-line" d="{_path(main)}" fill="none" '
        f'stroke="{_SERIES}" stroke-width="1.5" stroke-linejoin="round"/>'
    )
    size = min(5.0, max(2.5, layout.step * 0.3))
    parts.append('<g class="pm-series-points">')
    for index, point in enumerate(points):
        if point.rated is None:
            continue
        extra = (
            f' data-period="{escape(point.period.label)}" '
            f'data-status="{point.status.value}"'
        )
        centre = (layout.x(index), layout.y(point.rated))
        marker = _marker(point.status, centre, size, "pm-series-point", extra=extra)
        tip = escape(_point_words(series, point))
        parts.append(f"{marker}><title>{tip}</title></{_tag(marker)}>")
    parts.append("</g>")
    return parts


def _x_axis(series: MeasureSeries, layout: _Layout, width: int) -> list[str]:
    """The periods along the x axis, thinned to fit; or a word that none are."""
    if not series.points:
        middle = ((layout.left + layout.right) / 2, (layout.top + layout.bottom) / 2)
        empty = (
            f'<text class="pm-series-empty" x="{_fmt(middle[0])}" '
            f'y="{_fmt(middle[1])}" text-anchor="middle" font-size="12" '
            f'fill="{_TEXT}">No figures to chart</text>'
        )
        return [empty]
    periods = [point.period for point in series.points]
    parts = ['<g class="pm-series-x-axis">']
    parts.extend(
        f'<text class="pm-series-x-label" x="{_fmt(label.x)}" '
        f'y="{_fmt(layout.bottom + 17)}" text-anchor="{label.anchor}" '
        f'font-size="12" fill="{_TEXT}">{escape(label.text)}</text>'
        for label in _x_labels(periods, layout, width)
    )
    parts.append("</g>")
    return parts


def _tag(element: str) -> str:
    return element[1 : element.index(" ")]


def _figure_runs(points: Sequence[SeriesPoint]) -> list[list[int]]:
    """The indices of the periods' own figures, in runs without a gap."""
    runs: list[list[int]] = []
    before = False
    for index, point in enumerate(points):
        if point.figure is None:
            before = False
            continue
        if before:
            runs[-1].append(index)
        else:
            runs.append([index])
        before = True
    return runs
