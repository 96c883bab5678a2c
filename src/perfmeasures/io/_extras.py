"""Optional dependencies, imported when first needed."""

from __future__ import annotations

from types import ModuleType

from .._errors import MissingExtraError

__all__ = ["MissingExtraError", "openpyxl_module", "pandas_module"]


def openpyxl_module() -> ModuleType:
    """openpyxl, or a :class:`MissingExtraError` naming the ``excel`` extra."""
    try:
        import openpyxl  # noqa: PLC0415 - an optional dependency, loaded on use.
    except ImportError:
        raise MissingExtraError("excel", "reading and writing .xlsx files") from None
    return openpyxl


def pandas_module() -> ModuleType:
    """pandas, or a :class:`MissingExtraError` naming the ``pandas`` extra."""
    try:
        import pandas as pd  # noqa: PLC0415 - an optional dependency, loaded on use.
    except ImportError:
        raise MissingExtraError("pandas", "building pandas data frames") from None
    return pd
