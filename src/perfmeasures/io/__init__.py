"""Reading and writing plans and evaluations.

.. versionadded:: 0.1.0
"""

from .._errors import LossyConversionError
from ._cells import Cell, CellPart, format_cell, neutralise, parse_cell, restore
from ._conformance import conformance_cases
from ._converter import configure_converter, make_converter
from ._export import (
    EVALUATION_COLUMNS,
    write_evaluations_csv,
    write_evaluations_xlsx,
)
from ._extras import MissingExtraError
from ._files import PlanFormat, read_plan, write_plan
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
    scheme_from_json,
)
from ._long import COLUMNS as LONG_COLUMNS
from ._long import write_long_csv, write_long_xlsx
from ._long_read import read_long_csv, read_long_xlsx
from ._mapping import ColumnMap, WideMapping
from ._mapping_file import MAPPING_FORMAT, load_mapping, mapping_from_json
from ._pandas import PLAN_COLUMNS, evaluations_to_pandas, plan_to_pandas
from ._reading import DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH
from ._schema import evaluations_schema, plan_schema
from ._target_cells import format_target, parse_target
from ._wide import read_wide_csv, read_wide_xlsx
from ._wide_write import write_wide_csv, write_wide_xlsx

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_DEPTH",
    "EVALUATIONS_FORMAT",
    "EVALUATION_COLUMNS",
    "LONG_COLUMNS",
    "MAPPING_FORMAT",
    "PLAN_COLUMNS",
    "PLAN_FORMAT",
    "Cell",
    "CellPart",
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
    "format_cell",
    "format_target",
    "load_evaluations",
    "load_mapping",
    "load_plan",
    "make_converter",
    "mapping_from_json",
    "neutralise",
    "parse_cell",
    "parse_target",
    "plan_from_json",
    "plan_schema",
    "plan_to_json",
    "plan_to_pandas",
    "read_long_csv",
    "read_long_xlsx",
    "read_plan",
    "read_wide_csv",
    "read_wide_xlsx",
    "restore",
    "scheme_from_json",
    "write_evaluations_csv",
    "write_evaluations_xlsx",
    "write_long_csv",
    "write_long_xlsx",
    "write_plan",
    "write_wide_csv",
    "write_wide_xlsx",
]
