"""Tests for plans and evaluation sets as pandas data frames."""

from __future__ import annotations

import pickle
import sys
from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings

from perfmeasures import Period, Plan, evaluate_plan
from perfmeasures import strategies as pst
from perfmeasures.examples import REPORT_PERIOD, rotherham_2019_20
from perfmeasures.io import (
    MissingExtraError,
    evaluations_to_pandas,
    plan_to_pandas,
)
from perfmeasures.io._export import EVALUATION_COLUMNS
from perfmeasures.io._pandas import PLAN_COLUMNS
from tests.conftest import heavy

SEED = rotherham_2019_20()
#: What a cell of a frame may hold: never a pandas Period, a float or NaN.
PLAIN = (str, int, bool, Decimal, type(None))


def cell_types(frame: pd.DataFrame) -> set[type]:
    """The types of every cell of *frame*."""
    return {type(v) for column in frame.columns for v in frame[column]}


class TestPlan:
    """plan_to_pandas."""

    def test_columns(self) -> None:
        """Columns are explicit and every one has object dtype."""
        frame = plan_to_pandas(SEED)
        assert (list(PLAN_COLUMNS), {"object"}) == (
            list(frame.columns),
            {str(t) for t in frame.dtypes},
        )

    def test_one_row_per_figure(self) -> None:
        """Each published figure of a measure or part is one row."""
        expected = sum(
            len(series.values) for m in SEED.measures for series in (m, *m.components)
        )
        assert expected == len(plan_to_pandas(SEED))

    def test_row(self) -> None:
        """A row spells out its period and keeps figures exact."""
        frame = plan_to_pandas(SEED)
        row = frame[(frame.ref == "2.B7") & (frame.period == "Q2 2018/19")].iloc[0]
        assert {
            "period_type": "quarter",
            "financial_year": "2018/19",
            "quarter": 2,
            "month": None,
            "amount": None,
            "year_to_date": Decimal(145),
            "target": None,
        } == {
            k: row[k]
            for k in (
                "period_type",
                "financial_year",
                "quarter",
                "month",
                "amount",
                "year_to_date",
                "target",
            )
        }

    def test_parts(self) -> None:
        """A part's rows name its parent in ref and itself in part."""
        frame = plan_to_pandas(SEED)
        parts = frame[frame.part.notna()]
        assert {("3.A4(b)", "3.A4(b) vehicles"), ("3.A4(b)", "3.A4(b) drivers")} == set(
            zip(parts.ref, parts.part, strict=True)
        )

    @heavy()
    @given(pst.plans())
    def test_plain_cells(self, plan: Plan) -> None:
        """Every cell is text, a whole number, a Decimal or None."""
        frame = plan_to_pandas(plan)
        assert set() == cell_types(frame) - set(PLAIN)


class TestEvaluations:
    """evaluations_to_pandas."""

    def test_columns(self) -> None:
        """The columns are those of the CSV export, all of object dtype."""
        frame = evaluations_to_pandas(evaluate_plan(SEED, REPORT_PERIOD), SEED)
        assert (list(EVALUATION_COLUMNS), {"object"}, 12) == (
            list(frame.columns),
            {str(t) for t in frame.dtypes},
            len(frame),
        )

    def test_row(self) -> None:
        """Statuses and directions are their values; figures Decimals."""
        frame = evaluations_to_pandas(evaluate_plan(SEED, REPORT_PERIOD), SEED)
        row = frame[frame.ref == "2.B7"].iloc[0]
        assert ("amber", "green", "improving", True, Decimal(81), "Q1 2019/20") == (
            row.status,
            row.computed_status,
            row.direction,
            row.overridden,
            row.period_actual,
            row.period,
        )

    @settings(suppress_health_check=[HealthCheck.too_slow], max_examples=50)
    @given(pst.plans(), pst.periods(start_month=4))
    def test_plain_cells(self, plan: Plan, period: Period) -> None:
        """Every cell is text, a number, a boolean or None; never a pandas Period."""
        frame = evaluations_to_pandas(evaluate_plan(plan, period), plan)
        assert set() == cell_types(frame) - set(PLAIN)


def test_without_pandas(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the pandas extra, the error says how to install it."""
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingExtraError) as caught:
        plan_to_pandas(SEED)
    assert (
        (
            "building pandas data frames needs the optional 'pandas' dependencies: "
            "pip install 'perfmeasures[pandas]'"
        ),
        "pandas",
    ) == (str(caught.value), caught.value.extra)


def test_missing_extra_pickles() -> None:
    """The error survives pickling, fields and message alike."""
    error = MissingExtraError("excel", "reading .xlsx files")
    back = pickle.loads(pickle.dumps(error))
    assert (str(error), "excel", True) == (
        str(back),
        back.extra,
        isinstance(back, ImportError),
    )
