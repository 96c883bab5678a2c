"""Sphinx configuration for the perfmeasures documentation."""

from importlib.metadata import version as _version

project = "perfmeasures"
author = "The perfmeasures developers"
copyright = "2026, The perfmeasures developers"  # noqa: A001 - Sphinx's name.
release = _version("perfmeasures")
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "sphinx.ext.intersphinx",
    "sphinx.ext.napoleon",
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build"]
nitpicky = False
myst_heading_anchors = 3
myst_enable_extensions = ["colon_fence", "deflist"]

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_preserve_defaults = True
napoleon_google_docstring = True
napoleon_numpy_docstring = False

# The documentation builds offline: no inventories are fetched.
intersphinx_mapping: dict[str, tuple[str, str | None]] = {}

html_theme = "furo"
html_title = "perfmeasures"

# Only the ``doctest`` blocks of these pages run here; docstring examples run
# under pytest with the module's own globals.
doctest_test_doctest_blocks = ""
