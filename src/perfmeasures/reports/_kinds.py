"""The kinds of report the renderers accept."""

from __future__ import annotations

from typing import TypeAlias

from .._batch import EvaluationSet
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
)
"""Anything the renderers write out.

.. versionadded:: 0.1.0
"""
