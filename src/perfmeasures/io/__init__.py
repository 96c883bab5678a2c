"""Reading and writing plans and evaluations.

.. versionadded:: 0.1.0
"""

from ._conformance import conformance_cases
from ._converter import configure_converter, make_converter
from ._json import (
    EVALUATIONS_FORMAT,
    PLAN_FORMAT,
    dump_evaluations,
    dump_plan,
    evaluations_from_json,
    evaluations_to_json,
    load_evaluations,
    load_plan,
    plan_from_json,
    plan_to_json,
)
from ._reading import DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH
from ._schema import evaluations_schema, plan_schema

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_DEPTH",
    "EVALUATIONS_FORMAT",
    "PLAN_FORMAT",
    "configure_converter",
    "conformance_cases",
    "dump_evaluations",
    "dump_plan",
    "evaluations_from_json",
    "evaluations_schema",
    "evaluations_to_json",
    "load_evaluations",
    "load_plan",
    "make_converter",
    "plan_from_json",
    "plan_schema",
    "plan_to_json",
]
