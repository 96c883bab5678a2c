"""The documentation builds without warnings or broken references, and its examples run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("sphinx", reason="the docs extra is not installed")

DOCS = Path(__file__).parent.parent / "docs"


@pytest.mark.parametrize("builder", ["html", "doctest"])
def test_docs_build(builder: str, tmp_path: Path) -> None:
    """The docs build nitpicky with warnings as errors; their doctest blocks pass.

    Nitpicky (``-n``) makes every cross-reference that does not resolve a
    warning, and ``-W`` makes warnings errors; ``--keep-going`` lists them
    all before failing.
    """
    result = subprocess.run(  # noqa: S603 - our own interpreter and Sphinx.
        [
            sys.executable,
            "-m",
            "sphinx",
            "-n",
            "-W",
            "--keep-going",
            "-q",
            "-b",
            builder,
            "-d",
            str(tmp_path / "doctrees"),
            str(DOCS),
            str(tmp_path / builder),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert 0 == result.returncode, result.stdout + result.stderr
