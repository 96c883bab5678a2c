"""Public names imported from their modules when first used (PEP 562).

A package lists where each of its lazy names lives; :func:`lazy_names`
gives it the module ``__getattr__`` and ``__dir__`` that import a name on
first use and keep it, so that the next use is an ordinary look-up.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from types import ModuleType

from ._errors import MissingExtraError

__all__ = ["lazy_names", "optional_module"]


def lazy_names(
    package: str, where: Mapping[str, str]
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of *package* for the names in *where*.

    Args:
        package: The package's ``__name__``.
        where: Each lazy name, to the module (relative to *package*) that
            defines it; a module of the package named for itself (``presets``
            to ``.presets``) is imported whole.
    """

    def __getattr__(name: str) -> object:  # noqa: N807 - the module hook's name.
        module = where.get(name)
        if module is None:
            msg = f"module {package!r} has no attribute {name!r}"
            raise AttributeError(msg)
        found = importlib.import_module(module, package)
        value = found if module == f".{name}" else getattr(found, name)
        # Kept, so that the next use is an ordinary attribute look-up.
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:  # noqa: N807 - the module hook's name.
        namespace = vars(sys.modules[package])
        return sorted({*namespace, *namespace.get("__all__", ())})

    return __getattr__, __dir__


def optional_module(name: str, extra: str, purpose: str) -> ModuleType:
    """The optional dependency *name*, imported on first use.

    Args:
        name: The module to import.
        extra: The extra of perfmeasures that installs it.
        purpose: What it is needed for, for the error.

    Raises:
        MissingExtraError: It is not installed; the error names *extra*.
    """
    try:
        return importlib.import_module(name)
    except ImportError:
        raise MissingExtraError(extra, purpose) from None
