"""Which spreadsheet headings name which fields of a measure, and mapping files.

A council's wide table has one row per measure and a column per field
(``Ref No.``, ``Measure``, ``Good performance`` ...) or per period.  Period
columns are recognised by reading their headings as period labels; the
other headings are matched through a :class:`WideMapping`, whose defaults
follow Rotherham's report and common alternatives, and which can be changed
for another council's headings.

A council's own headings can be kept beside its workbook in a mapping file:
a JSON object naming, for any field of :class:`~perfmeasures.io.WideMapping`,
the heading a council's table uses::

    {
      "format": "perfmeasures/wide-mapping/1",
      "ref": "PI code",
      "title": {"heading": "Indicator", "aliases": ["PI name"]},
      "lead_officer": null,
      "ignore": ["RAG symbol", "Comments from portfolio holder"]
    }

A field given as text is that heading alone; as an object, a heading and
other headings read as it; as ``null``, a column neither read nor written.
Fields left out keep their default headings.  The ``"format"`` key is
optional.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from typing import IO, Any

import attrs

from ..._errors import InvalidValueError, LoadError, Problem
from .._json._reading import parse, read

__all__ = [
    "MAPPING_FORMAT",
    "PERIOD_FIELDS",
    "ColumnMap",
    "WideMapping",
    "heading_key",
    "load_mapping",
    "mapping_from_json",
]


_BRACKETED_END = re.compile(r"\s*\([^()]*\)\s*$")


def heading_key(heading: str) -> str:
    """The form headings are compared in.

    Case, spacing, a bracketed remark at the end and trailing full stops or
    colons do not matter: ``Lead Accountability (Strategic Director)``
    compares as ``lead accountability``, and ``Ref No.`` as ``ref no``.

    >>> heading_key("Data notes (where the target was missed)")
    'data notes'

    .. versionadded:: 0.1.0
    """
    text = " ".join(heading.split()).casefold()
    while True:
        shorter = _BRACKETED_END.sub("", text)
        if shorter == text or not shorter:
            break
        text = shorter
    return text.rstrip(".: ").strip()


def _aliases(value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise InvalidValueError("aliases", value, "a sequence of headings")
    if not all(isinstance(v, str) and heading_key(v) for v in value):
        raise InvalidValueError("aliases", value, "non-blank headings")
    return tuple(value)


def _check_heading(_: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not heading_key(value):
        raise InvalidValueError(attribute.name, value, "a non-blank heading")


@attrs.frozen
class ColumnMap:
    """The heading of one column, and other headings meaning the same.

    Args:
        heading: The heading written, and read.
        aliases: Other headings read as this column.

    >>> ColumnMap("Ref No.", ("Reference",)).matches("REFERENCE")
    True

    .. versionadded:: 0.1.0
    """

    heading: str = attrs.field(validator=_check_heading)
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_aliases)

    @property
    def keys(self) -> frozenset[str]:
        """Every heading this column is read from, compared as ``heading_key``."""
        return frozenset(heading_key(h) for h in (self.heading, *self.aliases))

    def matches(self, heading: str) -> bool:
        """Whether *heading* names this column."""
        return heading_key(heading) in self.keys


_PRIORITY = ColumnMap("Priority", ("Corporate priority",))
_OUTCOME = ColumnMap("Outcome")
_LEAD_ACCOUNTABILITY = ColumnMap(
    "Lead Accountability (Strategic Director)",
    ("Accountable director", "Strategic director"),
)
_REF = ColumnMap(
    "Ref No.", ("Ref", "Reference", "Measure ref", "PI ref", "KPI ref", "Code")
)
_ACTION = ColumnMap("Action")
_TITLE = ColumnMap(
    "Measure", ("Measure title", "Title", "Indicator", "Performance indicator")
)
_LEAD_OFFICER = ColumnMap("Lead officer", ("Responsible officer", "Officer"))
_POLARITY = ColumnMap(
    "Good performance", ("Polarity", "Good is", "Better is", "Good performance is")
)
_FREQUENCY = ColumnMap("Frequency of reporting", ("Frequency", "Reporting frequency"))
_UNIT = ColumnMap("Unit", ("Units", "Unit of measure", "Measure unit"))
_AGGREGATION = ColumnMap(
    "Aggregation",
    ("Roll-up", "Roll up", "Rollup", "Aggregation method", "How figures add up"),
)
_COMPARE_WITH = ColumnMap(
    "Compare with",
    ("Comparator", "Comparison", "DOT compared with", "Direction compared with"),
)
_DATA_ONLY = ColumnMap("Data only", ("Data only measure", "Monitoring only"))
_UNDER_DEVELOPMENT = ColumnMap(
    "Under development", ("In development", "Measure under development")
)
_TARGET = ColumnMap("Target", ("Annual target", "Target value"))
_STATUS = ColumnMap("Overall status", ("Status", "RAG", "RAG status", "Rating"))
_DIRECTION = ColumnMap("DOT", ("Direction of travel", "Direction", "Trend"))
_NOTES = ColumnMap("Data notes", ("Notes", "Commentary", "Comments"))
_BENCHMARKS = ColumnMap("Benchmarks", ("Benchmark", "Comparators"))
_PARTS = ColumnMap("Parts", ("Part titles", "Components"))
_OVERRIDE = ColumnMap("Override", ("Status override", "Overridden status"))
_RULES = ColumnMap("Rules", ("Status rules", "Rating rules"))

#: The fields whose headings may be followed by a period label, for that
#: period's entry (``Target 2020/21``, ``Overall status Q4 2018/19``).
PERIOD_FIELDS = ("target", "status", "direction", "notes", "override")


@attrs.frozen(kw_only=True)
class WideMapping:
    """How the headings of a wide table map to a measure's fields.

    Each field is a :class:`ColumnMap`; the optional ones may be None to
    neither read nor write that column.  Headings that match no field and
    are not period labels are errors unless listed in *ignore*.  Period
    columns are never listed here: any heading that
    :func:`~perfmeasures.parse_period` reads is a period column.

    >>> mapping = WideMapping(ref=ColumnMap("PI code"), ignore=("RAG symbol",))
    >>> mapping.field_for("pi code")
    'ref'

    Fields are listed in the order a table is written in, period columns
    going before the data notes.

    Args:
        priority: The key of the plan priority the measure serves.
        outcome: The outcome it serves.
        lead_accountability: The accountable director.
        ref: The measure reference (required).
        action: The action it monitors.
        title: The measure's title (required).
        lead_officer: The officer who reports it.
        polarity: Good performance: high or low (required).
        unit: The unit of the figures (``percentage``, ``rate per 10,000``).
        frequency: How often the measure is reported.
        aggregation: How a longer period's figure follows from its parts
            (``sum``, ``snapshot``, ``average``, ``ratio`` or ``none``).
        compare_with: The direction of travel's comparator period.
        data_only: Whether the measure is monitored without a target.
        under_development: Whether the measure is still being developed.
        target: The target for the target year; ``Target <period>``
            headings hold other periods' targets.
        status: The status published for the report period;
            ``<heading> <period>`` headings hold other periods'.
        direction: The direction of travel published for the report period,
            and other periods' as *status*.
        benchmarks: Comparators published beside the measure.
        parts: The labels and titles of a multi-part measure's parts.
        override: A status set by hand for the report period, with its
            reason; other periods' as *status*.
        rules: The rules the measure is rated by, where they are its own
            (a preset's name or a JSON rules object).
        notes: Data notes for the report period, and other periods' as
            *status*.
        ignore: Headings to skip.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.3.0
       The unit, aggregation, compare with, data only, under development,
       benchmarks, parts, override and rules columns.
    """

    priority: ColumnMap | None = _PRIORITY
    outcome: ColumnMap | None = _OUTCOME
    lead_accountability: ColumnMap | None = _LEAD_ACCOUNTABILITY
    ref: ColumnMap = _REF
    action: ColumnMap | None = _ACTION
    title: ColumnMap = _TITLE
    lead_officer: ColumnMap | None = _LEAD_OFFICER
    polarity: ColumnMap = _POLARITY
    unit: ColumnMap | None = _UNIT
    frequency: ColumnMap | None = _FREQUENCY
    aggregation: ColumnMap | None = _AGGREGATION
    compare_with: ColumnMap | None = _COMPARE_WITH
    data_only: ColumnMap | None = _DATA_ONLY
    under_development: ColumnMap | None = _UNDER_DEVELOPMENT
    target: ColumnMap | None = _TARGET
    status: ColumnMap | None = _STATUS
    direction: ColumnMap | None = _DIRECTION
    benchmarks: ColumnMap | None = _BENCHMARKS
    parts: ColumnMap | None = _PARTS
    override: ColumnMap | None = _OVERRIDE
    rules: ColumnMap | None = _RULES
    notes: ColumnMap | None = _NOTES
    ignore: tuple[str, ...] = attrs.field(default=(), converter=_aliases)

    @ignore.validator
    def _check_unique(self, _: attrs.Attribute[tuple[str, ...]], __: object) -> None:
        owners: dict[str, str] = {}
        for name, column in self.columns():
            for key in column.keys:
                if key in owners:
                    raise InvalidValueError(
                        name,
                        key,
                        f"a heading not already used by {owners[key]!r}",
                    )
                owners[key] = name

    def columns(self) -> Iterator[tuple[str, ColumnMap]]:
        """The mapped fields and their columns, in the order they are written."""
        for field in attrs.fields(WideMapping):
            column = getattr(self, field.name)
            if isinstance(column, ColumnMap):
                yield field.name, column

    def field_for(self, heading: str) -> str | None:
        """The field *heading* names, or None."""
        key = heading_key(heading)
        for name, column in self.columns():
            if key in column.keys:
                return name
        return None

    def period_field_for(self, heading: str) -> tuple[str, str] | None:
        """The field and period text of a ``<heading> <period>`` heading, or None.

        Only the fields in ``PERIOD_FIELDS`` take a period after their
        heading: ``Target 2020/21`` gives ``("target", "2020/21")``.  The
        period text is returned as written, for the caller to read.

        >>> WideMapping().period_field_for("Overall status Q4 2018/19")
        ('status', 'Q4 2018/19')

        .. versionadded:: 0.3.0
        """
        words = " ".join(heading.split())
        keys = sorted(
            (
                (key, name)
                for name in PERIOD_FIELDS
                if (column := getattr(self, name)) is not None
                for key in column.keys
            ),
            key=lambda item: -len(item[0]),
        )
        for key, name in keys:
            rest = words[len(key) + 1 :].strip()
            if words[: len(key) + 1].casefold() == key + " " and rest:
                return name, rest
        return None

    def ignores(self, heading: str) -> bool:
        """Whether *heading* is one to skip."""
        return heading_key(heading) in {heading_key(h) for h in self.ignore}


#: The ``"format"`` of a column mapping document.
MAPPING_FORMAT = "perfmeasures/wide-mapping/1"

# A mapping file is a few hundred bytes; a megabyte is far more than any.
_MAX_BYTES = 1 << 20
_MAX_DEPTH = 8


def _column(field: str, value: object) -> ColumnMap:
    if isinstance(value, str):
        return ColumnMap(value)
    if isinstance(value, dict):
        unknown = set(value) - {"heading", "aliases"}
        if unknown or not isinstance(value.get("heading"), str):
            raise InvalidValueError(
                field,
                json.dumps(value, ensure_ascii=False),
                'a heading, or an object {"heading": ..., "aliases": [...]}',
            )
        return ColumnMap(value["heading"], tuple(value.get("aliases", ())))
    raise InvalidValueError(
        field, value, 'a heading, an object {"heading": ..., "aliases": [...]} or null'
    )


def _field(field: attrs.Attribute[Any], value: object) -> object:
    """The value of one mapping *field* from its JSON *value*."""
    if field.name == "ignore":
        if not isinstance(value, list):
            raise InvalidValueError(field.name, value, "a list of headings")
        return tuple(value)
    if value is None:
        if "None" not in str(field.type):
            raise InvalidValueError(field.name, value, "a heading (a required column)")
        return None
    return _column(field.name, value)


def mapping_from_json(text: str | bytes, *, source: str = "<string>") -> WideMapping:
    """The column mapping in the JSON document *text*.

    Raises:
        LoadError: The document is not JSON, or names an unknown field or a
            heading that is not text; every problem is listed.

    >>> mapping_from_json('{"ref": "PI code", "ignore": ["RAG symbol"]}').ref
    ColumnMap(heading='PI code', aliases=())

    .. versionadded:: 0.3.0
    """
    document, problems = parse(text, source, max_bytes=_MAX_BYTES, max_depth=_MAX_DEPTH)
    if problems:
        raise LoadError(source, problems)
    if not isinstance(document, dict):
        raise LoadError(source, [Problem("$", "expected a JSON object of headings")])
    fields = attrs.fields_dict(WideMapping)
    changes: dict[str, Any] = {}
    for key, value in document.items():
        where = f"$.{key}"
        if key == "format":
            if value != MAPPING_FORMAT:
                problems.append(
                    Problem(where, f"expected {MAPPING_FORMAT!r} (got {value!r})")
                )
            continue
        if key not in fields:
            known = ", ".join(sorted(fields))
            problems.append(
                Problem(
                    where, f"is not a field of a wide table; expected one of {known}"
                )
            )
            continue
        try:
            changes[key] = _field(fields[key], value)
        except InvalidValueError as error:
            problems.append(
                Problem(where, f"expected {error.expected} (got {error.value!r})")
            )
    if problems:
        raise LoadError(source, problems)
    try:
        return WideMapping(**changes)
    except (InvalidValueError, TypeError) as error:
        raise LoadError(source, [Problem("$", str(error))]) from None


def load_mapping(
    path_or_file: str | os.PathLike[str] | IO[bytes] | IO[str],
) -> WideMapping:
    """The column mapping in a JSON file (see :func:`mapping_from_json`).

    Raises:
        LoadError: The file is not a mapping; every problem is listed.
        OSError: The file cannot be read.

    .. versionadded:: 0.3.0
    """
    name, data = read(path_or_file, _MAX_BYTES)
    return mapping_from_json(data, source=name)
