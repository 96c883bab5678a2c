"""Rewrite the generated files shipped with :mod:`perfmeasures.io`.

Run ``python -m perfmeasures.io._generate`` after changing the model or the
rules: it rewrites the JSON Schemas in ``schemas/``, the conformance
vectors, and the bundled example plan in JSON, wide CSV and long CSV.
Tests fail until it has been run, so that the shipped files never drift
from the code.
"""

from __future__ import annotations

from pathlib import Path

from ..examples import rotherham_2019_20
from ._conformance import CONFORMANCE_FILE, build_conformance, conformance_text
from ._json import plan_to_json
from ._schema import SCHEMA_FILES, build_schema, schema_text
from ._sheet_examples import main as write_sheet_examples

__all__ = ["EXAMPLE_FILE", "main"]

_HERE = Path(__file__).parent

#: The bundled example plan in JSON, beside the code that builds it.
EXAMPLE_FILE = _HERE.parent / "examples" / "rotherham-2019-20.json"


def main() -> None:
    """Rewrite every generated file."""
    for fmt, name in SCHEMA_FILES.items():
        path = _HERE / "schemas" / name
        path.write_text(schema_text(build_schema(fmt)), encoding="utf-8")
    (_HERE / CONFORMANCE_FILE).write_text(
        conformance_text(build_conformance()), encoding="utf-8"
    )
    EXAMPLE_FILE.write_text(plan_to_json(rotherham_2019_20()), encoding="utf-8")
    write_sheet_examples()


if __name__ == "__main__":  # pragma: no cover
    main()
