"""The shape of perfmeasures.io: its public names and its private modules."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import perfmeasures
from perfmeasures import _periods
from perfmeasures import io as pio

#: What users of perfmeasures.io call, in the order of its ``__all__``.
PUBLIC = [
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

#: Every module of perfmeasures.io, one subpackage per format family.
MODULES = {
    "perfmeasures.io._export",
    "perfmeasures.io._files",
    "perfmeasures.io._generate",
    "perfmeasures.io._pandas",
    "perfmeasures.io._json",
    "perfmeasures.io._json._converter",
    "perfmeasures.io._json._documents",
    "perfmeasures.io._json._reading",
    "perfmeasures.io._json._schema",
    "perfmeasures.io._sheets",
    "perfmeasures.io._sheets._cells",
    "perfmeasures.io._sheets._read",
    "perfmeasures.io._sheets._write",
    "perfmeasures.io._tables",
    "perfmeasures.io._tables._long",
    "perfmeasures.io._tables._layout",
    "perfmeasures.io._tables._wide_read",
    "perfmeasures.io._tables._wide_write",
}

_SUBPACKAGES = ("_json", "_sheets", "_tables")
_PACKAGE = Path(perfmeasures.__file__).parent


def _string_constants(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


class TestPublicNames:
    """perfmeasures.io exports what users call, and nothing else."""

    def test_all(self) -> None:
        """Its __all__ is exactly the readers, writers and their options."""
        assert PUBLIC == pio.__all__

    def test_every_name_exists(self) -> None:
        """Every name in __all__ is an attribute of the package."""
        assert [] == [name for name in pio.__all__ if not hasattr(pio, name)]


class TestModules:
    """perfmeasures.io is a few subpackages, one per format family."""

    def test_module_set(self) -> None:
        """Its modules are exactly the ones of the layout, each importable."""
        found = {
            info.name
            for info in pkgutil.walk_packages(pio.__path__, "perfmeasures.io.")
        }
        assert MODULES == found
        for name in found:
            importlib.import_module(name)

    def test_fifteen_modules(self) -> None:
        """At most fifteen modules hold io's code, besides the packages' docstrings."""
        found = [
            info.name
            for info in pkgutil.walk_packages(pio.__path__, "perfmeasures.io.")
            if not info.ispkg
        ]
        assert len(found) <= 15, sorted(found)

    def test_subpackages_hold_no_code(self) -> None:
        """Each subpackage's __init__ is a docstring and nothing else."""
        for sub in _SUBPACKAGES:
            tree = ast.parse(
                (_PACKAGE / "io" / sub / "__init__.py").read_text(encoding="utf-8")
            )
            assert ast.get_docstring(tree)
            assert 1 == len(tree.body)


class TestMonthNames:
    """The months' names are spelt once, in perfmeasures._periods."""

    def test_spelt_once(self) -> None:
        """Each month's name and abbreviation is one string in the package."""
        words = {
            name.casefold()
            for name in (*_periods.MONTH_ABBREVIATIONS, *_periods.MONTH_NAMES)
        }
        # May's abbreviation is its name, so it is in both tuples.
        words.discard("may")
        where: dict[str, list[str]] = {word: [] for word in words}
        for path in sorted(_PACKAGE.rglob("*.py")):
            for text in _string_constants(path):
                if text.casefold() in where:
                    where[text.casefold()].append(path.relative_to(_PACKAGE).as_posix())
        assert {word: ["_periods.py"] for word in words} == where

    def test_values(self) -> None:
        """The abbreviations and names run from January to December."""
        assert ("Jan", "Apr", "Sep", "Dec") == tuple(
            _periods.MONTH_ABBREVIATIONS[i] for i in (0, 3, 8, 11)
        )
        assert ("January", "April", "September", "December") == tuple(
            _periods.MONTH_NAMES[i] for i in (0, 3, 8, 11)
        )
        assert (12, 12) == (
            len(_periods.MONTH_ABBREVIATIONS),
            len(_periods.MONTH_NAMES),
        )
