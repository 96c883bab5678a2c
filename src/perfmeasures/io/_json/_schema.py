"""JSON Schemas (draft 2020-12) for plan and evaluation set documents.

The schemas are built from the same classes and the same wire decisions as
the converter (:mod:`perfmeasures.io._json._converter`), with each field's
description taken from its class's docstring, and shipped as package data
in ``perfmeasures/io/_json/schemas/``.  A test rebuilds them and compares, so the
shipped files never drift from the code; after changing the model, rewrite
them with ``python -m perfmeasures.io._generate``.

A schema checks the shape of a document, not everything a loader checks:
that ``2019/21`` names no year, that percentages lie within 0 to 100, or
that targets do not overlap are left to the loader.
"""

from __future__ import annotations

import enum
import inspect
import json
import re
import typing
from decimal import Decimal
from importlib import resources
from typing import Any

import attrs

from ..._batch import EvaluationSet
from ..._plan import Plan, RulesByRef
from ..._registry import _Registry
from ..._rules import Rules
from ..._values import PeriodMap
from ._converter import shared_converter
from ._documents import EVALUATIONS_FORMAT, PLAN_FORMAT
from ._wire import (
    DECIMAL_PATTERN,
    KIND_KEY,
    KINDS,
    OMITTED_FIELDS,
    PERIOD_PATTERN,
    RULE_FAMILIES,
    TypeForm,
    describe,
    is_period_type,
    is_rule_family,
    union_members,
)

__all__ = [
    "SCHEMA_FILES",
    "build_schema",
    "evaluations_schema",
    "plan_schema",
    "schema_text",
]


_DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_FILES = {
    PLAN_FORMAT: "plan.schema.json",
    EVALUATIONS_FORMAT: "evaluations.schema.json",
}
_ROOTS: dict[str, type[Any]] = {PLAN_FORMAT: Plan, EVALUATIONS_FORMAT: EvaluationSet}

Schema = dict[str, Any]

# Bounds the loader enforces that a schema can state too.
_BOUNDS: dict[tuple[str, str], Schema] = {
    ("Measure", "year_start_month"): {"minimum": 1, "maximum": 12},
    ("Unit", "per"): {"minimum": 1},
}


def _def_name(kind: type[Any]) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", kind.__name__).lower()


def _plain(text: str) -> str:
    """*text* without reStructuredText markup."""
    text = re.sub(r":\w+:`~?(?:[\w.]*\.)?([^`.]+)`", r"\1", text)
    text = re.sub(r"``(.*?)``", r"'\1'", text)
    return re.sub(r"\*(\w+)\*", r"\1", text)


def _summary(kind: type[Any]) -> str:
    doc = inspect.getdoc(kind) or ""
    return _plain(doc.split("\n\n", 1)[0].replace("\n", " "))


def _arg_docs(kind: type[Any]) -> dict[str, str]:
    """The descriptions of a class's fields, from the ``Args:`` of its docstring."""
    lines = (inspect.getdoc(kind) or "").splitlines()
    docs: dict[str, str] = {}
    inside = False
    current = ""
    for line in lines:
        if line.strip() == "Args:":
            inside = True
            continue
        if not inside:
            continue
        if not line.startswith(" ") or not line.strip():
            break
        match = re.match(r"^ {4}(\w+): (.*)$", line)
        if match:
            current = match[1]
            docs[current] = match[2]
        elif current:
            docs[current] += " " + line.strip()
    return docs


class _Builder:
    """Builds schemas for types, gathering the definitions they refer to."""

    def __init__(self) -> None:
        self.defs: dict[str, Schema] = {
            "decimal": {
                "description": describe(Decimal).capitalize() + ".",
                "type": "string",
                "pattern": DECIMAL_PATTERN,
            },
            "period": {
                "description": "A canonical period label: a year ('2019/20', "
                "'2019/20 (Sep-Aug)', or '2019' for a calendar year), a quarter "
                "('Q1 2019/20') or a month ('Apr 2019').",
                "type": "string",
                "pattern": PERIOD_PATTERN,
            },
        }

    def ref(self, name: str) -> Schema:
        return {"$ref": f"#/$defs/{name}"}

    def schema(self, kind: TypeForm) -> Schema:
        members = union_members(kind)
        if members is not None:
            return self._union(kind, members)
        if kind is Decimal:
            return self.ref("decimal")
        if is_period_type(kind):
            return self.ref("period")
        if kind is str:
            return {"type": "string"}
        if kind is bool:
            return {"type": "boolean"}
        if kind is int:
            return {"type": "integer"}
        if isinstance(kind, type) and issubclass(kind, enum.Enum):
            name = _def_name(kind)
            self.defs[name] = {
                "description": _summary(kind),
                "enum": [member.value for member in kind],
            }
            return self.ref(name)
        origin: object = typing.get_origin(kind)
        if origin in (tuple, frozenset):
            items = self.schema(typing.get_args(kind)[0])
            result: Schema = {"type": "array", "items": items}
            if origin is frozenset:
                result["uniqueItems"] = True
            return result
        if origin is PeriodMap:
            return {
                "type": "object",
                "propertyNames": self.ref("period"),
                "additionalProperties": self.schema(typing.get_args(kind)[0]),
            }
        if kind is RulesByRef:
            return {"type": "object", "additionalProperties": self.schema(Rules)}
        if is_rule_family(kind):
            return self._rules(RULE_FAMILIES[kind])
        if attrs.has(kind):
            return self._class(kind)
        msg = f"no schema for {kind!r}"
        raise TypeError(msg)

    def _union(self, kind: TypeForm, members: tuple[Any, ...]) -> Schema:
        rest = [m for m in members if m is not type(None)]
        if len(rest) < len(members):
            inner = rest[0] if len(rest) == 1 else _union_of(rest)
            return {"anyOf": [self.schema(inner), {"type": "null"}]}
        if is_period_type(kind):
            return self.ref("period")
        return {"oneOf": [self._class(m, tag=KINDS[m]) for m in members]}

    def _rules(self, family: _Registry) -> Schema:
        """Every registered class of *family*, each under its tag."""
        options = []
        for tag, kind in family.all().items():
            name = (
                _def_name(kind)
                if kind.__module__.startswith("perfmeasures.")
                else f"registered_{family.what.replace(' ', '_')}_{tag}"
            )
            options.append(self._class(kind, tag=tag, name=name))
        return {"oneOf": options}

    def _class(
        self, kind: type[Any], tag: str | None = None, name: str | None = None
    ) -> Schema:
        name = name or _def_name(kind)
        if name in self.defs:
            return self.ref(name)
        self.defs[name] = {}  # Reserved first: classes may refer to themselves.
        self.defs[name] = self.object_schema(kind, tag)
        return self.ref(name)

    def object_schema(self, kind: type[Any], tag: str | None = None) -> Schema:
        """The schema of an object of attrs class *kind*, tagged with *tag*."""
        docs = _arg_docs(kind)
        hints = typing.get_type_hints(kind)
        properties: dict[str, Schema] = {}
        required: list[str] = []
        if tag is not None:
            properties[KIND_KEY] = {"const": tag}
            required.append(KIND_KEY)
        omitted = OMITTED_FIELDS.get(kind, frozenset())
        for field in attrs.fields(kind):
            if field.name in omitted:
                continue
            schema = dict(self.schema(hints[field.name]))
            schema.update(_BOUNDS.get((kind.__name__, field.name), {}))
            if field.name in docs:
                schema["description"] = _plain(docs[field.name])
            if field.default is attrs.NOTHING:
                required.append(field.name)
            else:
                schema["default"] = _default(field, hints[field.name])
            properties[field.name] = schema
        return {
            "description": _summary(kind),
            "type": "object",
            "properties": properties,
            "required": required,
            "additionalProperties": False,
        }


def _union_of(members: list[Any]) -> TypeForm:
    result = members[0]
    for member in members[1:]:
        result = result | member
    return result


def _default(field: attrs.Attribute[Any], kind: TypeForm) -> object:
    default = field.default
    factory = getattr(default, "factory", None)
    if callable(factory):
        default = factory()
    return shared_converter().unstructure(default, kind)


def build_schema(fmt: str) -> Schema:
    """Build the schema of documents of format *fmt* from the model.

    Args:
        fmt: :data:`~perfmeasures.io.PLAN_FORMAT` or
            :data:`~perfmeasures.io.EVALUATIONS_FORMAT`.
    """
    root = _ROOTS[fmt]
    builder = _Builder()
    body = builder.object_schema(root)
    kind = fmt.split("/")[1]
    return {
        "$schema": _DRAFT,
        "$id": f"urn:perfmeasures:schema:{kind}:{fmt.rsplit('/', 1)[1]}",
        "title": f"perfmeasures {kind} document ({fmt})",
        "description": body["description"],
        "type": "object",
        "properties": {"format": {"const": fmt}, **body["properties"]},
        "required": ["format", *body["required"]],
        "additionalProperties": False,
        "$defs": dict(sorted(builder.defs.items())),
    }


def _shipped(fmt: str) -> Schema:
    path = resources.files(__package__).joinpath("schemas", SCHEMA_FILES[fmt])
    schema: Schema = json.loads(path.read_text(encoding="utf-8"))
    return schema


def plan_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of plan documents, as shipped.

    Each call returns a new dictionary, for the caller to keep or change.

    >>> plan_schema()["properties"]["format"]
    {'const': 'perfmeasures/plan/1'}

    With status schemes or direction rules registered from outside
    perfmeasures, the schema is built afresh and names them too.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Includes registered schemes and rules.
    """
    return build_schema(PLAN_FORMAT) if _any_registered() else _shipped(PLAN_FORMAT)


def evaluations_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of evaluation set documents, as shipped.

    Each call returns a new dictionary, for the caller to keep or change.

    With status schemes or direction rules registered from outside
    perfmeasures, the schema is built afresh and names them too.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Includes registered schemes and rules.
    """
    if _any_registered():
        return build_schema(EVALUATIONS_FORMAT)
    return _shipped(EVALUATIONS_FORMAT)


def _any_registered() -> bool:
    """Whether any rule class from outside perfmeasures is registered."""
    return any(
        not kind.__module__.startswith("perfmeasures.")
        for family in RULE_FAMILIES.values()
        for kind in family.all().values()
    )


def schema_text(schema: Schema) -> str:
    """*schema* as the shipped files write it."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
