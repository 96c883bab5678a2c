"""Reading and writing plans and evaluations.

.. versionadded:: 0.1.0
"""

from .._errors import LossyConversionError
from ._export import write_evaluations_csv, write_evaluations_xlsx
from ._extras import MissingExtraError
from ._files import PlanFormat, read_plan, write_plan
from ._json._conformance import conformance_cases
from ._json._converter import configure_converter, make_converter
from ._json._documents import (
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
    scheme_from_json,
)
from ._json._reading import DEFAULT_MAX_BYTES
from ._json._schema import evaluations_schema, plan_schema
from ._pandas import evaluations_to_pandas, plan_to_pandas
from ._tables._long_read import read_long_csv, read_long_xlsx
from ._tables._long_write import write_long_csv, write_long_xlsx
from ._tables._mapping import (
    MAPPING_FORMAT,
    ColumnMap,
    WideMapping,
    load_mapping,
    mapping_from_json,
)
from ._tables._wide_read import read_wide_csv, read_wide_xlsx
from ._tables._wide_write import write_wide_csv, write_wide_xlsx

__all__ = [
    "DEFAULT_MAX_BYTES",
    "EVALUATIONS_FORMAT",
    "MAPPING_FORMAT",
    "PLAN_FORMAT",
    "ColumnMap",
    "LossyConversionError",
    "MissingExtraError",
    "PlanFormat",
    "WideMapping",
    "configure_converter",
    "conformance_cases",
    "dump_evaluations",
    "dump_plan",
    "evaluations_from_json",
    "evaluations_schema",
    "evaluations_to_json",
    "evaluations_to_pandas",
    "load_evaluations",
    "load_mapping",
    "load_plan",
    "make_converter",
    "mapping_from_json",
    "plan_from_json",
    "plan_schema",
    "plan_to_json",
    "plan_to_pandas",
    "read_long_csv",
    "read_long_xlsx",
    "read_plan",
    "read_wide_csv",
    "read_wide_xlsx",
    "scheme_from_json",
    "write_evaluations_csv",
    "write_evaluations_xlsx",
    "write_long_csv",
    "write_long_xlsx",
    "write_plan",
    "write_wide_csv",
    "write_wide_xlsx",
]
