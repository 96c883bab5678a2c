"""One entry point for every output format, and JSON through the converter."""

from __future__ import annotations

import enum
import json

from .._arithmetic import in_context
from .._batch import EvaluationSet
from .._errors import InvalidValueError
from ..spc import XmR
from ._exceptions import AreasForImprovement
from ._html import to_html
from ._key import DEFAULT_KEY, Key
from ._kinds import Renderable
from ._markdown import to_markdown
from ._outlook import Outlook
from ._reconcile import Reconciliation
from ._report import PerformanceReport
from ._tables import PriorityTables
from ._text import to_text

__all__ = ["Format", "render", "to_json"]


class Format(enum.Enum):
    """An output format for reports.

    .. versionadded:: 0.1.0
    """

    TEXT = "text"
    MARKDOWN = "markdown"
    HTML = "html"
    JSON = "json"


#: The ``"format"`` each kind of report's JSON document names.
REPORT_FORMATS: dict[type, str] = {
    PerformanceReport: "perfmeasures/report/1",
    AreasForImprovement: "perfmeasures/areas-for-improvement/1",
    PriorityTables: "perfmeasures/priority-tables/1",
    Reconciliation: "perfmeasures/reconciliation/1",
    Outlook: "perfmeasures/outlook/1",
    XmR: "perfmeasures/xmr/1",
}


@in_context
def to_json(report: Renderable) -> str:
    """*report* as a versioned JSON document, in perfmeasures' wire format.

    The document's ``"format"`` names what it holds
    (``"perfmeasures/report/1"``); decimals are strings, periods their
    labels and enums their lower_snake values, as everywhere in
    perfmeasures.  A set of evaluations is the document
    :func:`perfmeasures.io.load_evaluations` reads back.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.3.0
       Every document names its ``"format"``; evaluations are written as
       :func:`perfmeasures.io.evaluations_to_json` writes them.
    """
    # The converter loads only when used.
    from ..io import evaluations_to_json  # noqa: PLC0415
    from ..io._json._converter import shared_converter  # noqa: PLC0415

    if isinstance(report, EvaluationSet):
        return evaluations_to_json(report)
    data = shared_converter().unstructure(report)
    document = {"format": REPORT_FORMATS[type(report)], **data}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


@in_context
def render(report: Renderable, fmt: Format | str, *, key: Key = DEFAULT_KEY) -> str:
    """*report* written out in format *fmt*.

    Args:
        report: A report, reconciliation, outlook or set of evaluations.
        fmt: A :class:`Format`, or its name (``"markdown"``).
        key: The symbols and words for statuses and directions.

    Raises:
        InvalidValueError: *fmt* is not a known format.

    >>> from perfmeasures.examples import rotherham_2019_20
    >>> from perfmeasures.reports import reconcile
    >>> print(render(reconcile(rotherham_2019_20()), "text").splitlines()[2])
    2 of 20 published ratings differ from the plan's.

    .. versionadded:: 0.1.0
    """
    chosen = _format(fmt)
    if chosen is Format.TEXT:
        return to_text(report, key=key)
    if chosen is Format.MARKDOWN:
        return to_markdown(report, key=key)
    if chosen is Format.HTML:
        return to_html(report, key=key)
    return to_json(report)


def _format(value: Format | str) -> Format:
    if isinstance(value, Format):
        return value
    try:
        return Format(value)
    except ValueError:
        names = ", ".join(f.value for f in Format)
        raise InvalidValueError("format", value, f"one of {names}") from None
