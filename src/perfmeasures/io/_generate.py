"""Rewrite the generated files shipped with :mod:`perfmeasures.io`.

Run ``python -m perfmeasures.io._generate`` after changing the model or the
rules: it rewrites the JSON Schemas in ``_json/schemas/``, the conformance
vectors (``_json/conformance.json``), and the bundled example plan in JSON,
wide CSV and long CSV (and the council-style workbook).
Tests fail until it has been run, so that the shipped files never drift
from the code.
"""

from __future__ import annotations

from pathlib import Path

from ..examples import rotherham_2019_20
from ._json._conformance import CONFORMANCE_FILE, build_conformance, conformance_text
from ._json._documents import plan_to_json
from ._json._schema import SCHEMA_FILES, build_schema, schema_text
from ._tables._examples import main as write_sheet_examples

__all__ = ["EXAMPLE_FILE", "main"]

_HERE = Path(__file__).parent
# The JSON Schemas and conformance vectors are package data of ``_json``.
_JSON_DATA = _HERE / "_json"

#: The bundled example plan in JSON, beside the code that builds it.
EXAMPLE_FILE = _HERE.parent / "examples" / "rotherham-2019-20.json"


def main() -> None:
    """Rewrite every generated file."""
    for fmt, name in SCHEMA_FILES.items():
        path = _JSON_DATA / "schemas" / name
        path.write_text(schema_text(build_schema(fmt)), encoding="utf-8")
    (_JSON_DATA / CONFORMANCE_FILE).write_text(
        conformance_text(build_conformance()), encoding="utf-8"
    )
    EXAMPLE_FILE.write_text(plan_to_json(rotherham_2019_20()), encoding="utf-8")
    write_sheet_examples()


if __name__ == "__main__":  # pragma: no cover
    main()
