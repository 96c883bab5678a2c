r"""What notebooks show: short reprs and compact HTML and Markdown tables.

Jupyter asks an object for ``_repr_html_`` and ``_repr_markdown_``; the
model's classes and the report classes answer by calling the functions
here, which this module keeps apart so that ``import perfmeasures`` loads
none of it.  Each display is a summary, never a whole report: a measure's
latest figures, an evaluation's rating, a row per evaluation of a set, a
row per measure of a plan, a report's counts and ratings.  Long listings
stop at :data:`MOST_ROWS` rows and say how many more there are.

Every rating shows its symbol and its words beside any colour, so that a
display reads in black and white, to a screen reader and to someone who
cannot tell red from green.  The symbols and words are those of the
reports' key (:data:`perfmeasures.reports.DEFAULT_KEY`, or a report's own).

Text from a plan is escaped (HTML's ``<``, ``&`` and quotes; Markdown's
special characters), and control characters and bidirectional controls are
shown as escapes (``\x1b``, ``\u202e``) rather than acting.  The HTML is
one ``<div class="pm-display">`` whose styles are inline or in a
``<style>`` whose every selector starts with ``.pm-display``, so that it
restyles nothing else on the page it is shown in.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from ._arithmetic import as_shown
from ._checks import visible
from ._figures import target_for
from ._measures import Measure, Unit, UnitKind
from ._periods import Period
from ._ratings import WORST_FIRST, Assurance, Direction, Status, Variation
from ._targets import Basis, PeriodTarget

if TYPE_CHECKING:
    from ._batch import EvaluationSet
    from ._evaluate import Evaluation
    from ._plan import Plan
    from ._values import Value
    from .reports._exceptions import AreasForImprovement
    from .reports._key import Key
    from .reports._report import PerformanceReport
    from .reports._tables import PriorityTables, Row

__all__ = [
    "LATEST",
    "MOST_ROWS",
    "areas_html",
    "areas_markdown",
    "areas_repr",
    "evaluation_html",
    "evaluation_markdown",
    "evaluation_repr",
    "evaluation_set_html",
    "evaluation_set_markdown",
    "evaluation_set_repr",
    "measure_html",
    "measure_markdown",
    "measure_repr",
    "plan_html",
    "plan_markdown",
    "plan_repr",
    "report_html",
    "report_markdown",
    "report_repr",
    "tables_html",
    "tables_markdown",
    "tables_repr",
]

#: The most rows a listing shows; the rest are counted.
MOST_ROWS = 50
#: How many of a measure's figures its display lists, the latest.
LATEST = 8
# Titles in a repr are cut to this many characters.
_TITLE_IN_REPR = 40
_PLAN_TITLE_IN_REPR = 60

# Background and text colours of a status chip; the text colour draws the
# border too.  Each pair contrasts at least 7:1.
_STATUS_COLOURS = {
    Status.BLUE: ("#dbe9fb", "#12366b"),
    Status.GREEN: ("#dff3e4", "#14532d"),
    Status.YELLOW: ("#fdf7b0", "#4a4300"),
    Status.AMBER: ("#fff0c2", "#6b4200"),
    Status.RED: ("#fde0e0", "#8b1014"),
}
_NEUTRAL = ("#eeeeee", "#333333")
_ICON_COLOURS = {
    Variation.IMPROVEMENT_HIGH: ("#d9edfa", "#0b4a70"),
    Variation.IMPROVEMENT_LOW: ("#d9edfa", "#0b4a70"),
    Variation.CONCERN_HIGH: ("#feeccc", "#6b4200"),
    Variation.CONCERN_LOW: ("#feeccc", "#6b4200"),
    Variation.NEITHER_HIGH: ("#e6e0f2", "#361475"),
    Variation.NEITHER_LOW: ("#e6e0f2", "#361475"),
    Assurance.CONSISTENT_PASS: ("#d9edfa", "#0b4a70"),
    Assurance.CONSISTENT_FAIL: ("#feeccc", "#6b4200"),
}

# Every selector starts with .pm-display: the display styles itself only.
# The tables override what notebook front ends give every table (centred,
# fixed layout, right-aligned cells).
_STYLE = """<style>
.pm-display { font-size: 13px; line-height: 1.4; }
.pm-display p.pm-p { margin: 2px 0; }
.pm-display .pm-quiet { opacity: .75; }
.pm-display table.pm-t { border-collapse: collapse; margin: 4px 0;
  table-layout: auto; width: auto; }
.pm-display table.pm-t th, .pm-display table.pm-t td { text-align: left;
  vertical-align: top; padding: 3px 8px; border: none;
  border-bottom: 1px solid rgba(128, 128, 128, .35); }
.pm-display table.pm-t thead th { border-bottom: 2px solid rgba(128, 128, 128, .6);
  white-space: nowrap; }
.pm-display table.pm-t td.pm-n { text-align: right; white-space: nowrap;
  font-variant-numeric: tabular-nums; }
.pm-display table.pm-t th.pm-g { padding-top: 8px; font-weight: 600; }
.pm-display table.pm-t td.pm-ref { white-space: nowrap; }
.pm-display table.pm-t td.pm-words { min-width: 16em; max-width: 40em;
  font-size: 12px; }
.pm-display table.pm-t td.pm-title { min-width: 12em; max-width: 28em; }
.pm-display table.pm-t caption { caption-side: top; text-align: left;
  padding: 0 0 2px; }
</style>"""

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#&~$])")
_SPACES = re.compile(r"[ \t\n\r]+")


# Text -------------------------------------------------------------------


def _h(text: str) -> str:
    """*text* escaped for HTML, its controls and bidirectional controls shown."""
    return html.escape(visible(text, keep="\n\t"), quote=True)


def _m(text: str) -> str:
    r"""*text* on one line for a Markdown table, its special characters escaped.

    Runs of spaces, tabs and line breaks become one space; every other
    control character and bidirectional control is shown as its escape,
    whose backslash is escaped in turn so that it shows as written.
    """
    one_line = _SPACES.sub(" ", text).strip()
    return _MARKDOWN_SPECIAL.sub(r"\\\1", visible(one_line, keep=""))


def _cut(text: str, most: int) -> str:
    """*text*, cut to *most* characters with an ellipsis if it is longer."""
    return text if len(text) <= most else text[: most - 1] + "\N{HORIZONTAL ELLIPSIS}"


def _words(value: str) -> str:
    """An enum's value as words: ``not_available`` is ``not available``."""
    return value.replace("_", " ")


def _count(number: int, one: str, many: str | None = None) -> str:
    """``1 measure``, ``2,000 measures``."""
    return f"{number:,} {one if number == 1 else (many or one + 's')}"


def _number(value: Decimal) -> str:
    """A figure for reading: grouped thousands, computed ones to two places."""
    return f"{as_shown(value):,f}"


def _in_unit(unit: Unit, value: Decimal) -> str:
    return unit.format(as_shown(value))


def _signed(value: Decimal) -> str:
    text = _number(value)
    return text if text.startswith("-") or value == 0 else "+" + text


def _more(shown: int, total: int) -> str:
    """``… and 4,950 more``, or nothing when every row was shown."""
    if total <= shown:
        return ""
    return f"\N{HORIZONTAL ELLIPSIS} and {total - shown:,} more"


def _status_counts(statuses: Iterable[Status]) -> list[tuple[Status, int]]:
    """How many of each status, worst first; statuses none has left out."""
    counted: dict[Status, int] = {}
    for status in statuses:
        counted[status] = counted.get(status, 0) + 1
    order = [*WORST_FIRST, *(s for s in Status if s not in WORST_FIRST)]
    return [(status, counted[status]) for status in order if status in counted]


def _counts_words(counts: Sequence[tuple[Status, int]]) -> str:
    return ", ".join(f"{number:,} {_words(s.value)}" for s, number in counts)


def _default_key() -> Key:
    # The reports' key, loaded only when something is shown.
    from .reports._key import DEFAULT_KEY  # noqa: PLC0415

    return DEFAULT_KEY


# Chips and labels ---------------------------------------------------------


def _chip(symbol: str, label: str, meaning: str, colours: tuple[str, str]) -> str:
    back, fore = colours
    style = (
        f"display:inline-block;white-space:nowrap;padding:0 .4em;"
        f"border-radius:3px;border:1px solid {fore};background:{back};color:{fore}"
    )
    tip = f' title="{_h(meaning)}"' if meaning else ""
    return f'<span class="pm-chip" style="{style}"{tip}>{_h(symbol)} {_h(label)}</span>'


def _status_html(key: Key, status: Status) -> str:
    entry = key.status(status)
    return _chip(
        entry.symbol,
        entry.label,
        entry.meaning,
        _STATUS_COLOURS.get(status, _NEUTRAL),
    )


def _status_md(key: Key, status: Status) -> str:
    entry = key.status(status)
    return _m(f"{entry.symbol} {entry.label}")


def _direction_html(key: Key, direction: Direction) -> str:
    entry = key.direction(direction)
    tip = f' title="{_h(entry.meaning)}"' if entry.meaning else ""
    return (
        f'<span class="pm-direction" style="white-space:nowrap"{tip}>'
        f"{_h(entry.symbol)} {_h(entry.label)}</span>"
    )


def _direction_md(key: Key, direction: Direction) -> str:
    entry = key.direction(direction)
    return _m(f"{entry.symbol} {entry.label}")


def _icon_html(key: Key, icon: Variation | Assurance | None) -> str:
    if icon is None:
        return ""
    entry = key.icon(icon)
    return _chip(
        entry.symbol, entry.label, entry.meaning, _ICON_COLOURS.get(icon, _NEUTRAL)
    )


def _icon_md(key: Key, icon: Variation | Assurance | None) -> str:
    if icon is None:
        return ""
    entry = key.icon(icon)
    return _m(f"{entry.symbol} {entry.label}")


# Tables -------------------------------------------------------------------


class _Table:
    """A table being built for both HTML and Markdown.

    Cells are given as (html, markdown) pairs, already escaped; a group
    heading spans every column.
    """

    def __init__(self, headers: Sequence[str], numeric: Iterable[int] = ()) -> None:
        self.headers = list(headers)
        self.numeric = set(numeric)
        self.classes: dict[int, str] = {}
        self.rows: list[tuple[str, list[tuple[str, str]]]] = []

    def group(self, heading: str) -> None:
        self.rows.append((heading, []))

    def row(self, cells: Sequence[tuple[str, str]]) -> None:
        self.rows.append(("", list(cells)))

    def html(self, caption: str = "") -> str:
        parts = ['<table class="pm-t">']
        if caption:
            parts.append(f'<caption class="pm-quiet">{_h(caption)}</caption>')
        heads = "".join(f'<th scope="col">{_h(h)}</th>' for h in self.headers)
        parts.append(f"<thead><tr>{heads}</tr></thead><tbody>")
        for heading, cells in self.rows:
            if not cells:
                parts.append(
                    f'<tr><th class="pm-g" scope="colgroup" '
                    f'colspan="{len(self.headers)}">{_h(heading)}</th></tr>'
                )
                continue
            shown = []
            for index, (text, _) in enumerate(cells):
                kind = "pm-n" if index in self.numeric else self.classes.get(index)
                attribute = f' class="{kind}"' if kind else ""
                shown.append(f"<td{attribute}>{text}</td>")
            parts.append(f"<tr>{''.join(shown)}</tr>")
        parts.append("</tbody></table>")
        return "".join(parts)

    def markdown(self) -> list[str]:
        align = [
            "---:" if index in self.numeric else "---"
            for index in range(len(self.headers))
        ]
        lines = [
            "| " + " | ".join(_m(h) for h in self.headers) + " |",
            "|" + "|".join(align) + "|",
        ]
        for heading, cells in self.rows:
            if not cells:
                blank = " |" * (len(self.headers) - 1)
                lines.append(f"| **{_m(heading)}** |{blank}")
            else:
                lines.append("| " + " | ".join(md for _, md in cells) + " |")
        return lines


def _plain(text: str) -> tuple[str, str]:
    """A cell of plain text, escaped for both formats."""
    return _h(text), _m(text)


def _page(*parts: str) -> str:
    """The display's HTML: the parts in the scoped root, with its styles."""
    body = "\n".join(part for part in parts if part)
    return f'<div class="pm-display">{_STYLE}\n{body}\n</div>'


def _para(text_html: str, *, quiet: bool = False) -> str:
    kind = "pm-p pm-quiet" if quiet else "pm-p"
    return f'<p class="{kind}">{text_html}</p>'


def _markdown(*blocks: str | list[str]) -> str:
    lines: list[str] = []
    for block in blocks:
        if not block:
            continue
        if lines:
            lines.append("")
        lines.extend(block if isinstance(block, list) else [block])
    return "\n".join(lines) + "\n"


def _counts_html(key: Key, counts: Sequence[tuple[Status, int]]) -> str:
    return " ".join(f"{_status_html(key, s)}&nbsp;{n:,}" for s, n in counts)


def _counts_md(key: Key, counts: Sequence[tuple[Status, int]]) -> str:
    return ", ".join(f"{_status_md(key, s)} {n:,}" for s, n in counts)


# Measures -----------------------------------------------------------------


def _span_key(period: Period) -> tuple[int, int]:
    """Latest end first when reversed; of two ending together, the longer later."""
    first, last = period._span()  # noqa: SLF001 - month indices, no dates.
    return (last, -first)


def _latest(measure: Measure, most: int) -> list[tuple[Period, Value]]:
    """The *most* latest of *measure*'s figures, oldest first."""
    items = sorted(measure.values.items(), key=lambda item: _span_key(item[0]))
    return items[-most:] if most else []


def _figure_text(measure: Measure, value: Value) -> str:
    """A published figure as shown: ``94.8``, ``145 to date``, ``Not available``."""
    unit = measure.unit
    if value.amount is not None:
        text = _in_unit(unit, value.amount)
        if value.year_to_date is not None and value.year_to_date != value.amount:
            text += f" ({_in_unit(unit, value.year_to_date)} to date)"
        return text
    if value.year_to_date is not None:
        return f"{_in_unit(unit, value.year_to_date)} to date"
    if value.missing is not None:
        return _words(value.missing.value).capitalize()
    return ""


def _target_text(unit: Unit, target: PeriodTarget | None) -> str:
    """A resolved target in short: ``90``, ``85 to date``, ``≥ 95%``, ``5 to 10``."""
    if target is None:
        return ""
    if target.value is not None:
        text = _in_unit(unit, target.value)
    elif target.lower is not None and target.upper is not None:
        text = f"{_in_unit(unit, target.lower)} to {_in_unit(unit, target.upper)}"
    elif target.lower is not None:
        sign = "\u2265" if target.lower_inclusive else ">"
        text = f"{sign} {_in_unit(unit, target.lower)}"
    elif target.upper is not None:
        sign = "\u2264" if target.upper_inclusive else "<"
        text = f"{sign} {_in_unit(unit, target.upper)}"
    else:
        return target.description
    if target.basis is Basis.YEAR_TO_DATE:
        text += " to date"
    if target.floor is not None:
        text += f", floor {_in_unit(unit, target.floor)}"
    return text


def _unit_words(unit: Unit) -> str:
    if unit.label:
        return unit.label
    if unit.kind is UnitKind.RATE and unit.per is not None:
        return f"rate per {unit.per:,}"
    if unit.kind is UnitKind.MONEY:
        return f"money ({unit.symbol})"
    return str(unit.kind.value)


def _measure_about(measure: Measure) -> list[str]:
    """The facts a measure's display opens with, in words."""
    about = [
        measure.polarity.words.capitalize(),
        _unit_words(measure.unit),
        measure.frequency.value,
        _count(len(measure.values), "figure"),
    ]
    if measure.priority is not None:
        about.append(f"priority {measure.priority}")
    if measure.components:
        about.append(
            f"{_count(len(measure.components), 'part')}: "
            + ", ".join(part.ref for part in measure.components)
        )
    if measure.data_only:
        about.append("data only")
    if measure.under_development:
        about.append("under development")
    return about


def _benchmarks(measure: Measure) -> str:
    shown = [
        f"{b.name} {_in_unit(measure.unit, b.value)}"
        + (f" ({b.period})" if b.period is not None else "")
        for b in measure.benchmarks
    ]
    return "Benchmarks: " + "; ".join(shown) if shown else ""


def _figures_table(measure: Measure) -> tuple[_Table, str]:
    table = _Table(["Period", "Figure", "Target"], numeric=(1, 2))
    latest = _latest(measure, LATEST)
    for period, value in latest:
        target = target_for(measure, period)
        table.row(
            [
                _plain(period.label),
                _plain(_figure_text(measure, value)),
                _plain(_target_text(measure.unit, target)),
            ]
        )
    total = len(measure.values)
    caption = (
        f"Latest {len(latest)} of {total:,} figures"
        if total > len(latest)
        else _count(total, "figure")
    )
    return table, caption


def measure_html(measure: Measure) -> str:
    """A measure as HTML: what it is, and its latest figures with their targets."""
    table, caption = _figures_table(measure)
    benchmarks = _benchmarks(measure)
    return _page(
        _para(f"<strong>{_h(measure.ref)}</strong> {_h(measure.title)}"),
        _para(_h(" \N{MIDDLE DOT} ".join(_measure_about(measure))), quiet=True),
        _para(_h(benchmarks), quiet=True) if benchmarks else "",
        table.html(caption) if measure.values else "",
    )


def measure_markdown(measure: Measure) -> str:
    """A measure as Markdown, as :func:`measure_html` shows it."""
    table, caption = _figures_table(measure)
    benchmarks = _benchmarks(measure)
    return _markdown(
        f"**{_m(measure.ref)}** {_m(measure.title)}",
        _m(" \N{MIDDLE DOT} ".join(_measure_about(measure))),
        _m(benchmarks) if benchmarks else "",
        f"*{_m(caption)}*" if measure.values else "",
        table.markdown() if measure.values else [],
    )


def measure_repr(measure: Measure) -> str:
    """A measure in one line.

    ``<Measure 1.A2 'The number of children…' monthly, lower is better: 12 figures>``
    """
    title = _cut(measure.title, _TITLE_IN_REPR)
    return (
        f"<Measure {visible(measure.ref, keep='')} {title!r} "
        f"{measure.frequency.value}, {measure.polarity.words}: "
        f"{_count(len(measure.values), 'figure')}>"
    )


# Evaluations --------------------------------------------------------------


def _actual_text(evaluation: Evaluation) -> str:
    if evaluation.actual is None:
        if evaluation.missing is not None:
            return _words(evaluation.missing.value).capitalize()
        return ""
    text = _number(evaluation.actual)
    if evaluation.basis is Basis.YEAR_TO_DATE:
        text += " to date"
    return text


def _compared_with(evaluation: Evaluation) -> str:
    """The figure or bounds an evaluation compared with: ``90``, ``5 to 10``."""
    lower, upper = evaluation.target_lower, evaluation.target_upper
    if evaluation.target is not None:
        return _number(evaluation.target)
    if lower is not None and upper is not None:
        return f"{_number(lower)} to {_number(upper)}"
    if lower is not None:
        return f"at least {_number(lower)}"
    if upper is not None:
        return f"at most {_number(upper)}"
    return ""


def _evaluation_target(evaluation: Evaluation) -> str:
    """The target an evaluation compared with, in short: ``85 (280 for the year)``."""
    text = _compared_with(evaluation)
    annual = evaluation.annual_target
    if text and annual is not None and annual != evaluation.target:
        text += f" ({_number(annual)} for the year)"
    return text


def _variance_text(evaluation: Evaluation) -> str:
    variance = evaluation.variance
    if variance is None:
        return ""
    text = _signed(variance)
    if evaluation.variance_percent is not None:
        text += f" ({_signed(evaluation.variance_percent)}%)"
    return text


def _hand_set(evaluation: Evaluation) -> str:
    """``set by hand by the performance team (computed green): reason``."""
    override = evaluation.override
    if override is None:
        return ""
    who = f" by {override.by}" if override.by else ""
    computed = _words(evaluation.computed_status.value)
    return f"set by hand{who} (computed {computed}): {override.reason}"


def _comparison(evaluation: Evaluation) -> str:
    if evaluation.comparator_period is None:
        return ""
    if evaluation.comparator_value is None:
        return f"(no figure for {evaluation.comparator_period})"
    value = _number(evaluation.comparator_value)
    return f"(was {value} in {evaluation.comparator_period})"


def _evaluation_cells(
    key: Key, evaluation: Evaluation
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The (label, value) lines of an evaluation's display, in HTML and Markdown."""
    hand = _hand_set(evaluation)
    status_html = _status_html(key, evaluation.status)
    status_md = _status_md(key, evaluation.status)
    if hand:
        status_html += f' <span class="pm-quiet">{_h(hand)}</span>'
        status_md += f" {_m(hand)}"
    comparison = _comparison(evaluation)
    direction_html = _direction_html(key, evaluation.direction)
    direction_md = _direction_md(key, evaluation.direction)
    if comparison:
        direction_html += f' <span class="pm-quiet">{_h(comparison)}</span>'
        direction_md += f" {_m(comparison)}"
    html_lines = [("Status", status_html), ("Direction", direction_html)]
    md_lines = [("Status", status_md), ("Direction", direction_md)]
    for label, text in (
        ("Actual", _actual_text(evaluation)),
        ("Target", _evaluation_target(evaluation)),
        ("Variance", _variance_text(evaluation)),
    ):
        if text:
            html_lines.append((label, _h(text)))
            md_lines.append((label, _m(text)))
    for label, icon in (
        ("Variation", evaluation.variation),
        ("Assurance", evaluation.assurance),
    ):
        if icon is not None:
            html_lines.append((label, _icon_html(key, icon)))
            md_lines.append((label, _icon_md(key, icon)))
    return html_lines, md_lines


def _parts_table(key: Key, parts: Sequence[Evaluation]) -> _Table:
    table = _Table(["Part", "Status", "Direction", "Actual", "Target"], numeric=(3, 4))
    for part in parts:
        table.row(
            [
                _plain(part.ref),
                (_status_html(key, part.status), _status_md(key, part.status)),
                (
                    _direction_html(key, part.direction),
                    _direction_md(key, part.direction),
                ),
                _plain(_actual_text(part)),
                _plain(_evaluation_target(part)),
            ]
        )
    return table


def evaluation_html(evaluation: Evaluation) -> str:
    """An evaluation as HTML: status, direction, figures, icons and the words."""
    key = _default_key()
    lines, _ = _evaluation_cells(key, evaluation)
    rows = "".join(
        f'<tr><th scope="row">{_h(label)}</th><td>{text}</td></tr>'
        for label, text in lines
    )
    return _page(
        _para(f"<strong>{_h(evaluation.ref)}</strong> {_h(evaluation.period.label)}"),
        f'<table class="pm-t"><tbody>{rows}</tbody></table>',
        _parts_table(key, evaluation.components).html()
        if evaluation.components
        else "",
        _para(_h(evaluation.explanation)) if evaluation.explanation else "",
    )


def evaluation_markdown(evaluation: Evaluation) -> str:
    """An evaluation as Markdown, as :func:`evaluation_html` shows it."""
    key = _default_key()
    _, lines = _evaluation_cells(key, evaluation)
    table = ["| | |", "|---|---|"] + [
        f"| {_m(label)} | {text} |" for label, text in lines
    ]
    return _markdown(
        f"**{_m(evaluation.ref)}** {_m(evaluation.period.label)}",
        table,
        _parts_table(key, evaluation.components).markdown()
        if evaluation.components
        else [],
        _m(evaluation.explanation) if evaluation.explanation else "",
    )


def _against(evaluation: Evaluation) -> str:
    actual = "no figure" if evaluation.actual is None else _number(evaluation.actual)
    target = _compared_with(evaluation)
    return f"{actual} against {target}" if target else f"{actual}, no target"


def evaluation_repr(evaluation: Evaluation) -> str:
    """``<Evaluation 1.A2 Q1 2019/20: red, worsening; 94.8 against 90>``."""
    status = _words(evaluation.status.value)
    if evaluation.status is not evaluation.computed_status:
        status += f" (computed {_words(evaluation.computed_status.value)})"
    ref = visible(_cut(evaluation.ref, _TITLE_IN_REPR), keep="")
    return (
        f"<Evaluation {ref} {evaluation.period.label}: {status}, "
        f"{_words(evaluation.direction.value)}; {_against(evaluation)}>"
    )


def _evaluation_table(key: Key, evaluations: Sequence[Evaluation]) -> _Table:
    icons = any(e.variation is not None or e.assurance is not None for e in evaluations)
    headers = ["Ref", "Status", "Direction", "Actual", "Target", "Variance"]
    if icons:
        headers += ["Variation", "Assurance"]
    table = _Table([*headers, "Explanation"], numeric=(3, 4, 5))
    table.classes = {0: "pm-ref", len(headers): "pm-words"}
    for evaluation in evaluations:
        cells = [
            _plain(evaluation.ref),
            (_status_html(key, evaluation.status), _status_md(key, evaluation.status)),
            (
                _direction_html(key, evaluation.direction),
                _direction_md(key, evaluation.direction),
            ),
            _plain(_actual_text(evaluation)),
            _plain(_evaluation_target(evaluation)),
            _plain(_variance_text(evaluation)),
        ]
        if icons:
            cells += [
                (
                    _icon_html(key, evaluation.variation),
                    _icon_md(key, evaluation.variation),
                ),
                (
                    _icon_html(key, evaluation.assurance),
                    _icon_md(key, evaluation.assurance),
                ),
            ]
        cells.append(_plain(evaluation.explanation))
        table.row(cells)
    return table


def evaluation_set_html(evaluations: EvaluationSet) -> str:
    """A set of evaluations as HTML: the counts, then a row per evaluation."""
    key = _default_key()
    every = evaluations.evaluations
    counts = _status_counts(e.status for e in every)
    shown = every[:MOST_ROWS]
    more = _more(len(shown), len(every))
    return _page(
        _para(
            f"<strong>{_h(evaluations.plan_title)}</strong> "
            f"{_h(evaluations.period.label)}"
        ),
        _para(
            f"{_h(_count(len(every), 'evaluation'))}: {_counts_html(key, counts)}"
            if every
            else "No evaluations"
        ),
        _evaluation_table(key, shown).html() if shown else "",
        _para(_h(more), quiet=True) if more else "",
    )


def evaluation_set_markdown(evaluations: EvaluationSet) -> str:
    """A set of evaluations as Markdown, as :func:`evaluation_set_html` shows it."""
    key = _default_key()
    every = evaluations.evaluations
    counts = _status_counts(e.status for e in every)
    shown = every[:MOST_ROWS]
    more = _more(len(shown), len(every))
    return _markdown(
        f"**{_m(evaluations.plan_title)}** {_m(evaluations.period.label)}",
        f"{_count(len(every), 'evaluation')}: {_counts_md(key, counts)}"
        if every
        else "No evaluations",
        _evaluation_table(key, shown).markdown() if shown else [],
        _m(more) if more else "",
    )


def evaluation_set_repr(evaluations: EvaluationSet) -> str:
    """A set of evaluations in one line, with its counts of each status.

    ``<EvaluationSet 'Council Plan 2019/20' Q1 2019/20: 10 evaluations, 8 red,
    2 amber>``
    """
    every = evaluations.evaluations
    title = _cut(evaluations.plan_title, _PLAN_TITLE_IN_REPR)
    counts = _counts_words(_status_counts(e.status for e in every))
    return (
        f"<EvaluationSet {title!r} {evaluations.period.label}: "
        f"{_count(len(every), 'evaluation')}{', ' + counts if counts else ''}>"
    )


# Plans --------------------------------------------------------------------

_OTHER_MEASURES = "Other measures"


def _by_priority(plan: Plan) -> list[tuple[str, list[Measure]]]:
    """The plan's measures under its priorities, in order; the rest last."""
    groups: dict[str | None, list[Measure]] = {p.key: [] for p in plan.priorities}
    others: list[Measure] = []
    for measure in plan.measures:
        groups.get(measure.priority, others).append(measure)
    headed = [
        (f"{p.key}: {p.title}" if p.key else p.title, groups[p.key])
        for p in plan.priorities
    ]
    return [(title, items) for title, items in headed if items] + (
        [(_OTHER_MEASURES, others)] if others else []
    )


def _latest_text(measure: Measure) -> str:
    latest = _latest(measure, 1)
    if not latest:
        return ""
    period, value = latest[0]
    text = _figure_text(measure, value)
    return f"{text} ({period.label})" if text else ""


def _plan_table(plan: Plan) -> tuple[_Table, str]:
    table = _Table(["Ref", "Measure", "Frequency", "Latest figure"], numeric=(3,))
    table.classes = {0: "pm-ref", 1: "pm-title"}
    left = MOST_ROWS
    for heading, measures in _by_priority(plan):
        if left <= 0:
            break
        if len(plan.priorities) > 0:
            table.group(heading)
        for measure in measures[:left]:
            table.row(
                [
                    _plain(measure.ref),
                    _plain(measure.title),
                    _plain(measure.frequency.value),
                    _plain(_latest_text(measure)),
                ]
            )
        left -= len(measures)
    return table, _more(min(MOST_ROWS, len(plan.measures)), len(plan.measures))


def _plan_about(plan: Plan) -> str:
    about = [_count(len(plan.measures), "measure")]
    if plan.priorities:
        about.append(_count(len(plan.priorities), "priority", "priorities"))
    text = " in ".join(about)
    return f"{plan.organisation} \N{MIDDLE DOT} {text}" if plan.organisation else text


def plan_html(plan: Plan) -> str:
    """A plan as HTML: its title, its organisation and a row per measure."""
    table, more = _plan_table(plan)
    return _page(
        _para(f"<strong>{_h(plan.title)}</strong>"),
        _para(_h(_plan_about(plan)), quiet=True),
        table.html() if plan.measures else "",
        _para(_h(more), quiet=True) if more else "",
    )


def plan_markdown(plan: Plan) -> str:
    """A plan as Markdown, as :func:`plan_html` shows it."""
    table, more = _plan_table(plan)
    return _markdown(
        f"**{_m(plan.title)}**",
        _m(_plan_about(plan)),
        table.markdown() if plan.measures else [],
        _m(more) if more else "",
    )


def plan_repr(plan: Plan) -> str:
    """``<Plan 'Council Plan 2019/20': 10 measures>``."""
    title = _cut(plan.title, _PLAN_TITLE_IN_REPR)
    return f"<Plan {title!r}: {_count(len(plan.measures), 'measure')}>"


# Reports ------------------------------------------------------------------


def _row_figure(row: Row, period: Period) -> str:
    for cell in (*row.quarterly, *row.monthly, *row.annual):
        if cell.period == period:
            to_date = cell.year_to_date_text
            if not cell.text:
                return f"{to_date} to date" if to_date else ""
            if to_date and to_date != cell.text:
                return f"{cell.text} ({to_date} to date)"
            return cell.text
    return ""


def _ratings_table(key: Key, tables: PriorityTables) -> tuple[_Table, str]:
    """A row per measure of *tables*, under its priority, cut at MOST_ROWS."""
    headers = ["Ref", "Measure", "Target", tables.period.label, "Status", "Direction"]
    if tables.spc:
        headers += ["Variation", "Assurance"]
    table = _Table(headers, numeric=(3,))
    table.classes = {0: "pm-ref", 1: "pm-title"}
    total = sum(len(t.rows) for t in tables.tables)
    left = MOST_ROWS
    for group in tables.tables:
        if left <= 0:
            break
        heading = f"{group.key}: {group.title}" if group.key else group.title
        table.group(heading)
        for row in group.rows[:left]:
            cells = [
                _plain(row.ref),
                _plain(row.title),
                _plain(row.target),
                _plain(_row_figure(row, tables.period)),
                (_status_html(key, row.status), _status_md(key, row.status)),
                (
                    _direction_html(key, row.direction),
                    _direction_md(key, row.direction),
                ),
            ]
            if tables.spc:
                cells += [
                    (_icon_html(key, row.variation), _icon_md(key, row.variation)),
                    (_icon_html(key, row.assurance), _icon_md(key, row.assurance)),
                ]
            table.row(cells)
        left -= len(group.rows)
    return table, _more(min(MOST_ROWS, total), total)


def _rows_statuses(tables: PriorityTables) -> list[tuple[Status, int]]:
    return _status_counts(row.status for t in tables.tables for row in t.rows)


_FULL = (
    "A summary: perfmeasures.reports.to_html() and to_markdown() write the "
    "whole report."
)


def report_html(report: PerformanceReport) -> str:
    """A performance report's summary as HTML: its counts and ratings table."""
    key = report.key
    counts = [(c.status, c.count) for c in report.status_counts]
    table, more = _ratings_table(key, report.tables)
    areas = len(report.areas.items)
    heading = f"Performance report for {report.period.label}"
    return _page(
        _para(f"<strong>{_h(report.title)}</strong> {_h(heading)}"),
        _para(_h(report.organisation), quiet=True) if report.organisation else "",
        _para(f"{_h(_count(report.measures, 'measure'))}: {_counts_html(key, counts)}"),
        _para(_h(f"Areas for improvement: {areas:,} ({report.areas.selection.words})")),
        table.html(),
        _para(_h(more), quiet=True) if more else "",
        _para(_h(_FULL), quiet=True),
    )


def report_markdown(report: PerformanceReport) -> str:
    """A performance report's summary as Markdown, as :func:`report_html` shows it."""
    key = report.key
    counts = [(c.status, c.count) for c in report.status_counts]
    table, more = _ratings_table(key, report.tables)
    areas = len(report.areas.items)
    heading = f"Performance report for {report.period.label}"
    return _markdown(
        f"**{_m(report.title)}** {_m(heading)}",
        _m(report.organisation) if report.organisation else "",
        f"{_count(report.measures, 'measure')}: {_counts_md(key, counts)}",
        _m(f"Areas for improvement: {areas:,} ({report.areas.selection.words})"),
        table.markdown(),
        _m(more) if more else "",
        _m(_FULL),
    )


def report_repr(report: PerformanceReport) -> str:
    """A performance report in one line, with its counts of each status.

    ``<PerformanceReport 'Council Plan 2019/20' Q1 2019/20: 10 measures, 8 red,
    2 amber>``
    """
    title = _cut(report.title, _PLAN_TITLE_IN_REPR)
    counts = _counts_words([(c.status, c.count) for c in report.status_counts])
    return (
        f"<PerformanceReport {title!r} {report.period.label}: "
        f"{_count(report.measures, 'measure')}{', ' + counts if counts else ''}>"
    )


def tables_html(tables: PriorityTables) -> str:
    """Priority tables as HTML: the counts and a row per measure."""
    key = _default_key()
    counts = _rows_statuses(tables)
    table, more = _ratings_table(key, tables)
    total = sum(len(t.rows) for t in tables.tables)
    return _page(
        _para(f"<strong>Priority tables</strong> {_h(tables.period.label)}"),
        _para(f"{_h(_count(total, 'measure'))}: {_counts_html(key, counts)}"),
        table.html() if total else "",
        _para(_h(more), quiet=True) if more else "",
    )


def tables_markdown(tables: PriorityTables) -> str:
    """Priority tables as Markdown, as :func:`tables_html` shows them."""
    key = _default_key()
    counts = _rows_statuses(tables)
    table, more = _ratings_table(key, tables)
    total = sum(len(t.rows) for t in tables.tables)
    return _markdown(
        f"**Priority tables** {_m(tables.period.label)}",
        f"{_count(total, 'measure')}: {_counts_md(key, counts)}",
        table.markdown() if total else [],
        _m(more) if more else "",
    )


def tables_repr(tables: PriorityTables) -> str:
    """``<PriorityTables Q1 2019/20: 5 priorities, 10 measures>``."""
    total = sum(len(t.rows) for t in tables.tables)
    return (
        f"<PriorityTables {tables.period.label}: "
        f"{_count(len(tables.tables), 'priority', 'priorities')}, "
        f"{_count(total, 'measure')}>"
    )


def _areas_table(key: Key, areas: AreasForImprovement) -> tuple[_Table, str]:
    table = _Table(
        ["Ref", "Measure", "Actual", "Target", "Status", "Direction", "Note"],
        numeric=(2, 3),
    )
    table.classes = {0: "pm-ref", 1: "pm-title", 6: "pm-words"}
    total = len(areas.items)
    left = MOST_ROWS
    for group in areas.groups:
        if left <= 0:
            break
        heading = f"{group.key}: {group.title}" if group.key else group.title
        table.group(heading)
        for item in group.items[:left]:
            evaluation = item.evaluation
            table.row(
                [
                    _plain(item.ref),
                    _plain(item.title),
                    _plain(_actual_text(evaluation)),
                    _plain(_evaluation_target(evaluation)),
                    (
                        _status_html(key, evaluation.status),
                        _status_md(key, evaluation.status),
                    ),
                    (
                        _direction_html(key, evaluation.direction),
                        _direction_md(key, evaluation.direction),
                    ),
                    _plain(item.note or ""),
                ]
            )
        left -= len(group.items)
    return table, _more(min(MOST_ROWS, total), total)


def _areas_intro(areas: AreasForImprovement) -> str:
    return (
        f"Areas for improvement in {areas.period.label}: "
        f"{_count(len(areas.items), 'measure')} {areas.selection.words}"
    )


def areas_html(areas: AreasForImprovement) -> str:
    """The areas for improvement as HTML: the counts and a row per measure."""
    key = _default_key()
    items = areas.items
    counts = _status_counts(item.evaluation.status for item in items)
    table, more = _areas_table(key, areas)
    return _page(
        _para(f"<strong>{_h(areas.plan_title)}</strong>"),
        _para(_h(areas.organisation), quiet=True) if areas.organisation else "",
        _para(f"{_h(_areas_intro(areas))} {_counts_html(key, counts)}"),
        table.html() if items else "",
        _para(_h(more), quiet=True) if more else "",
    )


def areas_markdown(areas: AreasForImprovement) -> str:
    """The areas for improvement as Markdown, as :func:`areas_html` shows them."""
    key = _default_key()
    items = areas.items
    counts = _status_counts(item.evaluation.status for item in items)
    table, more = _areas_table(key, areas)
    return _markdown(
        f"**{_m(areas.plan_title)}**",
        _m(areas.organisation) if areas.organisation else "",
        f"{_m(_areas_intro(areas))} {_counts_md(key, counts)}",
        table.markdown() if items else [],
        _m(more) if more else "",
    )


def areas_repr(areas: AreasForImprovement) -> str:
    """The areas for improvement in one line.

    ``<AreasForImprovement 'Council Plan 2019/20' Q1 2019/20: 10 measures rated
    red or amber>``
    """
    title = _cut(areas.plan_title, _PLAN_TITLE_IN_REPR)
    return (
        f"<AreasForImprovement {title!r} {areas.period.label}: "
        f"{_count(len(areas.items), 'measure')} {areas.selection.words}>"
    )
