"""Optional dependencies, imported when first needed."""

from __future__ import annotations

from types import ModuleType
from typing import Any

from .._errors import PerfmeasuresError

__all__ = ["MissingExtraError", "openpyxl_module", "pandas_module"]


class MissingExtraError(PerfmeasuresError, ImportError):
    """An optional dependency is needed and is not installed.

    Args:
        extra: The perfmeasures extra that installs it (``excel``).
        feature: What needed it, in words.

    .. versionadded:: 0.1.0
    """

    def __init__(self, extra: str, feature: str) -> None:
        self.extra = extra
        self.feature = feature
        super().__init__(
            f"{feature} needs the optional '{extra}' dependencies: "
            f"pip install 'perfmeasures[{extra}]'"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.extra, self.feature))


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
