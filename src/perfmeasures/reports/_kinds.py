"""The kinds of report the renderers accept."""

from __future__ import annotations

from typing import TypeAlias

from .._batch import EvaluationSet
from ..spc import XmR
from ._exceptions import AreasForImprovement
from ._outlook import Outlook
from ._reconcile import Reconciliation
from ._report import PerformanceReport
from ._tables import PriorityTables

__all__ = ["Renderable"]

Renderable: TypeAlias = (
    PerformanceReport
    | AreasForImprovement
    | PriorityTables
    | Reconciliation
    | Outlook
    | EvaluationSet
    | XmR
)
"""Anything the renderers write out.

.. versionadded:: 0.1.0
.. versionchanged:: 0.3.0
   An XmR chart (:class:`perfmeasures.spc.XmR`).
"""
