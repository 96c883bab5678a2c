"""Rewrite the bundled example plan's spreadsheet forms.

Run ``python -m perfmeasures.io._sheet_examples`` after changing the
bundled plan or the spreadsheet formats: it rewrites the wide and long CSV
files beside the plan's code.  Tests fail until it has been run, so that
the shipped files never drift from the plan they are generated from.
"""

from __future__ import annotations

import io
from pathlib import Path

from ..examples import REPORT_PERIOD, rotherham_2019_20
from ._long import write_long_csv
from ._wide_write import write_wide_csv

__all__ = ["LONG_EXAMPLE", "WIDE_EXAMPLE", "example_tables", "main"]

_EXAMPLES = Path(__file__).parent.parent / "examples"

#: The bundled plan as a council's wide table.
WIDE_EXAMPLE = _EXAMPLES / "rotherham-2019-20-wide.csv"

#: The bundled plan in the tidy long format.
LONG_EXAMPLE = _EXAMPLES / "rotherham-2019-20-long.csv"


def example_tables() -> dict[Path, str]:
    """The text each example file should hold, by path."""
    plan = rotherham_2019_20()
    wide = io.StringIO()
    write_wide_csv(plan, wide, report_period=REPORT_PERIOD)
    long = io.StringIO()
    write_long_csv(plan, long)
    return {WIDE_EXAMPLE: wide.getvalue(), LONG_EXAMPLE: long.getvalue()}


def main() -> None:
    """Rewrite both example files."""
    for path, text in example_tables().items():
        path.write_text(text, encoding="utf-8", newline="")


if __name__ == "__main__":  # pragma: no cover
    main()
