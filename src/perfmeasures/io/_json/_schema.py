"""What the wire format promises other programs: JSON Schemas and conformance vectors.

Both are built from the library itself, never written by hand, and shipped
as package data; a test rebuilds each and compares, so the shipped files
never drift from the code.  After changing the model or a rule, rewrite
them with ``python -m perfmeasures.io._generate``.

**Schemas** (draft 2020-12) of plan and evaluation set documents are built
from the same classes and the same wire decisions as the converter
(:mod:`perfmeasures.io._json._converter`), with each field's description
taken from its class's docstring, and shipped in
``perfmeasures/io/_json/schemas/``.  A schema checks the shape of a
document, not everything a loader checks: that ``2019/21`` names no year,
that percentages lie within 0 to 100, or that targets do not overlap are
left to the loader.

**Conformance vectors** give the status and direction rules as a table of
cases, for applications that embed or re-implement perfmeasures' rules in
another language: each case gives a rule's inputs in wire form and the
answer perfmeasures gives.  The tables below choose the inputs (every
preset, every scheme parameter's boundary from both sides, zero targets,
ranges, floors, the year-end split); the expected answers are computed by
calling the library's own rules.  The result is shipped as
``perfmeasures/io/_json/conformance.json``, and a test checks every shipped
case against the library.
"""

from __future__ import annotations

import enum
import inspect
import json
import re
import typing
from collections.abc import Iterator
from decimal import Decimal
from importlib import resources
from typing import Any

import attrs

from ... import presets
from ..._bands import Exceeded, FourBand
from ..._batch import EvaluationSet
from ..._direction import direction_between
from ..._measures import Polarity
from ..._plan import Plan, RulesByRef
from ..._ratings import Direction
from ..._registry import _Registry
from ..._rules import Rules
from ..._status import (
    Case,
    FloorStandard,
    Progress,
    StatusScheme,
    TargetMet,
    Tolerance,
    YearEndSplit,
)
from ..._targets import ChangeKind, PeriodTarget
from ..._values import PeriodMap
from ._converter import (
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
    shared_converter,
    union_members,
)
from ._documents import EVALUATIONS_FORMAT, PLAN_FORMAT

__all__ = [
    "CONFORMANCE_FILE",
    "CONFORMANCE_FORMAT",
    "SCHEMA_FILES",
    "build_conformance",
    "build_schema",
    "conformance_cases",
    "conformance_text",
    "direction_inputs",
    "evaluations_schema",
    "plan_schema",
    "schema_text",
    "schemes",
    "status_inputs",
]

# Schemas.


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


# Conformance vectors.

#: The ``"format"`` of the conformance file.
CONFORMANCE_FORMAT = "perfmeasures/conformance/1"

#: The shipped conformance file, in ``perfmeasures/io/_json/``.
CONFORMANCE_FILE = "conformance.json"
_STEP = Decimal("0.01")
_TARGET = Decimal(200)
_RANGE = (Decimal(40), Decimal(60))


def schemes() -> list[tuple[str, StatusScheme]]:
    """Every scheme the vectors cover, named: each preset, then each variant.

    The variants exercise what no preset does: exclusive green bands,
    absolute progress bands, a split with a tolerance in year, and
    absolute, exclusive yellow, amber and blue boundaries.
    """
    named: list[tuple[str, StatusScheme]] = [
        (name, presets.by_name(name)) for name in presets.names()
    ]
    named += [
        ("reigate_banstead(5)", presets.reigate_banstead(5)),
        ("brighton_hove(3)", presets.brighton_hove(3)),
        ("havering_2024(7.5)", presets.havering_2024("7.5")),
        (
            "tolerance(amber=10, green=2, both exclusive)",
            Tolerance(amber=10, green=2, amber_inclusive=False, green_inclusive=False),
        ),
        (
            "tolerance(amber=4, green=1, absolute)",
            Tolerance(amber=4, green=1, kind=ChangeKind.ABSOLUTE),
        ),
        (
            "progress(green=3, absolute, exclusive, amber when not worse)",
            Progress(
                green=3,
                kind=ChangeKind.ABSOLUTE,
                green_inclusive=False,
                amber_when=frozenset({Direction.IMPROVING, Direction.NO_CHANGE}),
            ),
        ),
        (
            "year_end_split(tolerance 10 in year, target met at year end)",
            YearEndSplit(in_year=Tolerance(amber=10), year_end=TargetMet()),
        ),
        (
            "four_band(yellow=1, amber=4, absolute, both exclusive)",
            FourBand(
                yellow=1,
                amber=4,
                kind=ChangeKind.ABSOLUTE,
                yellow_inclusive=False,
                amber_inclusive=False,
            ),
        ),
        (
            "exceeded(blue=3, absolute, exclusive) on four_band(yellow=5, amber=10)",
            Exceeded(
                blue=3,
                kind=ChangeKind.ABSOLUTE,
                blue_inclusive=False,
                scheme=FourBand(yellow=5, amber=10),
            ),
        ),
    ]
    return named


def _parts(scheme: StatusScheme) -> list[StatusScheme]:
    if isinstance(scheme, Exceeded):
        return _parts(scheme.scheme)
    if isinstance(scheme, YearEndSplit):
        return [scheme.in_year, scheme.year_end]
    return [scheme]


def _limits(scheme: StatusScheme, reference: Decimal) -> list[Decimal]:
    """Every shortfall, in units, at which *scheme* may change its answer."""
    limits = {Decimal(0)}
    if isinstance(scheme, Exceeded):
        # Blue lies beyond the target: a negative shortfall.
        blue = scheme.blue
        limits.add(
            -(reference * blue / 100 if scheme.kind is ChangeKind.PERCENT else blue)
        )
    for part in _parts(scheme):
        if isinstance(part, Tolerance | Progress | FourBand):
            if isinstance(part, FourBand):
                bands = [part.yellow, part.amber]
            else:
                bands = [part.green] + (
                    [part.amber] if isinstance(part, Tolerance) else []
                )
            for band in bands:
                if part.kind is ChangeKind.PERCENT:
                    limits.add(reference * band / 100)
                else:
                    limits.add(band)
    return sorted(limits)


def _shortfalls(scheme: StatusScheme, reference: Decimal) -> list[Decimal]:
    """Shortfalls on, just inside and just beyond each of the scheme's limits."""
    found = {
        limit + offset
        for limit in _limits(scheme, reference)
        for offset in (-_STEP, Decimal(0), _STEP)
    }
    return sorted(found)


def _directions(scheme: StatusScheme) -> list[Direction]:
    if any(isinstance(part, Progress) for part in _parts(scheme)):
        return [
            Direction.IMPROVING,
            Direction.NO_CHANGE,
            Direction.WORSENING,
            Direction.NOT_APPLICABLE,
        ]
    return [Direction.NOT_APPLICABLE]


def _year_ends(scheme: StatusScheme) -> list[bool]:
    return [False, True] if isinstance(scheme, YearEndSplit) else [False]


def _value_inputs(
    scheme: StatusScheme,
) -> Iterator[tuple[Polarity, Decimal, PeriodTarget]]:
    """Targets with a value: at, above and below every band, for every polarity."""
    for target_value in (_TARGET, Decimal(0)):
        target = PeriodTarget(value=target_value)
        gaps = (
            _shortfalls(scheme, target_value)
            if target_value
            else [-_STEP, Decimal(0), _STEP]
        )
        for gap in gaps:
            yield Polarity.HIGHER_IS_BETTER, target_value - gap, target
            yield Polarity.LOWER_IS_BETTER, target_value + gap, target
            yield Polarity.NEUTRAL, target_value - gap, target
            if gap >= 0:
                yield Polarity.CLOSEST_TO_TARGET, target_value + gap, target
                yield Polarity.CLOSEST_TO_TARGET, target_value - gap, target


def _range_inputs(
    scheme: StatusScheme,
) -> Iterator[tuple[Polarity, Decimal, PeriodTarget]]:
    """A range target: inside, on each bound, and beyond each band outside it."""
    lower, upper = _RANGE
    target = PeriodTarget(lower=lower, upper=upper)
    yield Polarity.CLOSEST_TO_TARGET, (lower + upper) / 2, target
    for gap in _shortfalls(scheme, lower):
        if gap >= 0:
            yield Polarity.CLOSEST_TO_TARGET, lower - gap, target
    for gap in _shortfalls(scheme, upper):
        if gap >= 0:
            yield Polarity.HIGHER_IS_BETTER, upper + gap, target


def _floor_inputs() -> Iterator[tuple[Polarity, Decimal, PeriodTarget]]:
    """Targets with a floor: met, between target and floor, on and below the floor."""
    high = PeriodTarget(value=Decimal(100), floor=Decimal(90))
    for actual in ("100", "99.99", "95", "90", "89.99"):
        yield Polarity.HIGHER_IS_BETTER, Decimal(actual), high
    low = PeriodTarget(value=Decimal(10), floor=Decimal(12))
    for actual in ("10", "10.01", "11", "12", "12.01"):
        yield Polarity.LOWER_IS_BETTER, Decimal(actual), low


def _wire_target(target: PeriodTarget) -> dict[str, str | None]:
    return {
        name: None if value is None else str(value)
        for name, value in (
            ("value", target.value),
            ("lower", target.lower),
            ("upper", target.upper),
            ("floor", target.floor),
        )
    }


def status_inputs(
    scheme: StatusScheme,
) -> Iterator[tuple[Polarity, Decimal, PeriodTarget, Direction, bool]]:
    """Every input the vectors rate *scheme* on."""
    targets = [*_value_inputs(scheme), *_range_inputs(scheme)]
    if any(isinstance(part, FloorStandard | TargetMet) for part in _parts(scheme)):
        targets += _floor_inputs()
    for polarity, actual, target in targets:
        for direction in _directions(scheme):
            for is_year_end in _year_ends(scheme):
                yield polarity, actual, target, direction, is_year_end


def direction_inputs() -> list[
    tuple[Polarity, Decimal, Decimal, Decimal, ChangeKind, bool]
]:
    """Every input the vectors judge direction on.

    Each is a polarity, the current and previous figures, the threshold and
    its kind, and whether plain higher or lower is asked for.  For "closest
    to target" measures the figures are distances from the target.
    """
    previous = Decimal(100)
    thresholds = [
        (Decimal(0), ChangeKind.ABSOLUTE),
        (Decimal(1), ChangeKind.ABSOLUTE),
        (Decimal(5), ChangeKind.PERCENT),
    ]
    around_threshold = [
        (polarity, current, previous, threshold, kind, plain)
        for polarity in Polarity
        for threshold, kind in thresholds
        for change in _changes(previous, threshold, kind)
        for current in sorted({previous + change, previous - change})
        for plain in (False, True)
    ]
    # A percentage change from nothing: any change at all is beyond the threshold.
    from_zero = [
        (polarity, current, Decimal(0), Decimal(5), ChangeKind.PERCENT, False)
        for polarity in Polarity
        for current in (Decimal(0), _STEP, -_STEP)
    ]
    return around_threshold + from_zero


def _changes(previous: Decimal, threshold: Decimal, kind: ChangeKind) -> list[Decimal]:
    """No change, a change of exactly the threshold, and one just beyond it."""
    units = previous * threshold / 100 if kind is ChangeKind.PERCENT else threshold
    return sorted({Decimal(0), units, units + _STEP})


def build_conformance() -> dict[str, Any]:
    """The conformance document, with every expected answer computed by the library."""
    converter = shared_converter()
    named = schemes()
    status_cases = []
    for name, scheme in named:
        for polarity, actual, target, direction, is_year_end in status_inputs(scheme):
            case = Case(
                actual=actual,
                target=target,
                polarity=polarity,
                direction=direction,
                is_year_end=is_year_end,
            )
            status_cases.append(
                {
                    "scheme": name,
                    "polarity": polarity.value,
                    "actual": str(actual),
                    "target": _wire_target(target),
                    "direction": direction.value,
                    "is_year_end": is_year_end,
                    "expected": scheme.rate(case).value,
                }
            )
    direction_cases = [
        {
            "polarity": polarity.value,
            "current": str(current),
            "previous": str(previous),
            "threshold": str(threshold),
            "threshold_kind": kind.value,
            "plain": plain,
            "expected": direction_between(
                polarity,
                current,
                previous,
                threshold=threshold,
                threshold_kind=kind,
                plain=plain,
            ).value,
        }
        for polarity, current, previous, threshold, kind, plain in direction_inputs()
    ]
    return {
        "format": CONFORMANCE_FORMAT,
        "schemes": {
            name: converter.unstructure(scheme, StatusScheme) for name, scheme in named
        },
        "status_cases": status_cases,
        "direction_cases": direction_cases,
    }


def conformance_text(document: dict[str, Any]) -> str:
    """*document* as the shipped file writes it: one case to a line."""

    def cases(key: str) -> str:
        lines = ",\n".join(
            "    " + json.dumps(case, ensure_ascii=False) for case in document[key]
        )
        return f'  "{key}": [\n{lines}\n  ]'

    head = f'  "format": {json.dumps(document["format"])}'
    named = ",\n".join(
        f"    {json.dumps(name)}: {json.dumps(scheme)}"
        for name, scheme in document["schemes"].items()
    )
    schemes_part = f'  "schemes": {{\n{named}\n  }}'
    parts = [head, schemes_part, cases("status_cases"), cases("direction_cases")]
    body = ",\n".join(parts)
    return "{\n" + body + "\n}\n"


def conformance_cases() -> dict[str, Any]:
    """The shipped conformance vectors.

    A dictionary with ``"format"`` (``"perfmeasures/conformance/1"``),
    ``"schemes"``, ``"status_cases"`` and ``"direction_cases"``.
    ``"schemes"`` maps a name to a status scheme in wire form, as in a
    plan's rules.  A status case holds the name of its ``"scheme"``, a
    ``"polarity"``, an
    ``"actual"`` figure, a ``"target"`` (``"value"``, ``"lower"``,
    ``"upper"`` and ``"floor"``, each a decimal string or null), the
    ``"direction"`` of travel, ``"is_year_end"``, and the ``"expected"``
    status.  A direction case holds a ``"polarity"``, the ``"current"`` and
    ``"previous"`` figures, a ``"threshold"`` and its ``"threshold_kind"``,
    ``"plain"``, and the ``"expected"`` direction.

    >>> cases = conformance_cases()
    >>> sorted(cases)
    ['direction_cases', 'format', 'schemes', 'status_cases']
    >>> cases["schemes"]["maidstone"]["type"]
    'tolerance'

    .. versionadded:: 0.1.0
    """
    path = resources.files(__package__).joinpath(CONFORMANCE_FILE)
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document
