"""Reading and writing plans and evaluations.

Each public name is imported from its private module when first used, so
that ``import perfmeasures.io`` costs nothing until a reader or writer is
needed, and reading a JSON plan does not load the spreadsheet and pandas
glue.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_names

if TYPE_CHECKING:
    from .._atomic import WriteError
    from .._errors import LossyConversionError, MissingExtraError
    from ._export import write_evaluations_csv, write_evaluations_xlsx
    from ._files import PlanFormat, read_plan, write_plan
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
    from ._json._schema import conformance_cases, evaluations_schema, plan_schema
    from ._pandas import evaluations_to_pandas, plan_to_pandas
    from ._tables._layout import (
        MAPPING_FORMAT,
        ColumnMap,
        WideMapping,
        load_mapping,
        mapping_from_json,
    )
    from ._tables._long import (
        read_long_csv,
        read_long_xlsx,
        write_long_csv,
        write_long_xlsx,
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
    "WriteError",
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

# The module, relative to this package, that defines each public name.
_WHERE = {
    "LossyConversionError": ".._errors",
    "WriteError": ".._atomic",
    "write_evaluations_csv": "._export",
    "write_evaluations_xlsx": "._export",
    "MissingExtraError": ".._errors",
    "PlanFormat": "._files",
    "read_plan": "._files",
    "write_plan": "._files",
    "conformance_cases": "._json._schema",
    "configure_converter": "._json._converter",
    "make_converter": "._json._converter",
    "EVALUATIONS_FORMAT": "._json._documents",
    "PLAN_FORMAT": "._json._documents",
    "dump_evaluations": "._json._documents",
    "dump_plan": "._json._documents",
    "evaluations_from_json": "._json._documents",
    "evaluations_to_json": "._json._documents",
    "load_evaluations": "._json._documents",
    "load_plan": "._json._documents",
    "plan_from_json": "._json._documents",
    "plan_to_json": "._json._documents",
    "scheme_from_json": "._json._documents",
    "DEFAULT_MAX_BYTES": "._json._reading",
    "evaluations_schema": "._json._schema",
    "plan_schema": "._json._schema",
    "evaluations_to_pandas": "._pandas",
    "plan_to_pandas": "._pandas",
    "read_long_csv": "._tables._long",
    "read_long_xlsx": "._tables._long",
    "write_long_csv": "._tables._long",
    "write_long_xlsx": "._tables._long",
    "MAPPING_FORMAT": "._tables._layout",
    "ColumnMap": "._tables._layout",
    "WideMapping": "._tables._layout",
    "load_mapping": "._tables._layout",
    "mapping_from_json": "._tables._layout",
    "read_wide_csv": "._tables._wide_read",
    "read_wide_xlsx": "._tables._wide_read",
    "write_wide_csv": "._tables._wide_write",
    "write_wide_xlsx": "._tables._wide_write",
}


__getattr__, __dir__ = lazy_names(__name__, _WHERE)
