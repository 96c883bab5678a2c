"""Reading and writing plans and evaluations.

.. versionadded:: 0.1.0
"""

from ._converter import configure_converter, make_converter

__all__ = ["configure_converter", "make_converter"]
