"""Column mapping files: a council's own headings, kept beside its workbook.

A mapping file is a JSON object naming, for any field of
:class:`~perfmeasures.io.WideMapping`, the heading a council's table uses::

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
from typing import IO, Any

import attrs

from .._errors import InvalidValueError, LoadError, Problem
from ._mapping import ColumnMap, WideMapping
from ._reading import parse, read

__all__ = ["MAPPING_FORMAT", "load_mapping", "mapping_from_json"]

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
