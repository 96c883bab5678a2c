"""Example plans bundled with perfmeasures.

:func:`rotherham_2019_20` is the reference: Rotherham MBC's Council Plan
measures as its Q1 2019/20 report publishes them, which perfmeasures
reproduces rating for rating.

.. versionadded:: 0.1.0
"""

from ._rotherham import REPORT_PERIOD, rotherham_2019_20

__all__ = ["REPORT_PERIOD", "rotherham_2019_20"]
