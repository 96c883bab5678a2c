"""Tests for plans and evaluation sets as pandas data frames."""

from __future__ import annotations

import pickle
import sys
from decimal import Decimal
from typing import ClassVar

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings

from perfmeasures import (
    Aggregation,
    AnnualTarget,
    Basis,
    Measure,
    Period,
    Plan,
    Polarity,
    RangeTarget,
    Year,
    evaluate_plan,
)
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
EVALUATED = evaluate_plan(SEED, REPORT_PERIOD)
#: What a cell of an exact frame's object columns may hold: never a pandas
#: Period, a float or NaN.
PLAIN = (str, int, bool, Decimal, type(None))
#: The figure columns of each frame.
PLAN_FIGURES = {
    "amount",
    "year_to_date",
    "numerator",
    "denominator",
    "target",
    "target_lower",
    "target_upper",
    "period_target",
    "year_to_date_target",
    "annual_target",
}
EVALUATION_FIGURES = {
    "actual",
    "period_actual",
    "target",
    "target_lower",
    "target_upper",
    "annual_target",
    "comparator_value",
    "variance",
    "variance_percent",
}
#: The seed's quarters, in time order.
QUARTERS = ["Q1 2018/19", "Q2 2018/19", "Q3 2018/19", "Q4 2018/19", "Q1 2019/20"]


def cell_types(frame: pd.DataFrame) -> set[type]:
    """The types of every cell of *frame*'s object columns."""
    return {
        type(v)
        for column in frame.columns
        if frame[column].dtype == object
        for v in frame[column]
    }


def dtypes(frame: pd.DataFrame) -> dict[str, str]:
    """Each column's dtype, by name; ordered categoricals as ``ordered``."""
    return {
        str(c): "ordered"
        if isinstance(t, pd.CategoricalDtype) and t.ordered
        else str(t)
        for c, t in frame.dtypes.items()
    }


def expected_dtypes(
    columns: tuple[str, ...], figures: set[str], periods: set[str], *, exact: bool
) -> dict[str, str]:
    """The dtype each column should have."""
    kinds = {"quarter": "Int64", "month": "Int64", "overridden": "bool"}
    kinds |= dict.fromkeys(periods | {"financial_year"}, "ordered")
    kinds |= dict.fromkeys(figures, "object" if exact else "float64")
    return {c: kinds.get(c, "object") for c in columns}


class TestPlan:
    """plan_to_pandas."""

    def test_columns(self) -> None:
        """Columns are explicit; figures floats, periods ordered, the rest object."""
        frame = plan_to_pandas(SEED)
        assert (
            list(PLAN_COLUMNS),
            expected_dtypes(PLAN_COLUMNS, PLAN_FIGURES, {"period"}, exact=False),
        ) == (list(frame.columns), dtypes(frame))

    def test_exact_columns(self) -> None:
        """With exact=True, figures are Decimal objects; nothing else changes."""
        frame = plan_to_pandas(SEED, exact=True)
        assert expected_dtypes(
            PLAN_COLUMNS, PLAN_FIGURES, {"period"}, exact=True
        ) == dtypes(frame)

    def test_floats_are_the_decimals(self) -> None:
        """Every float is its exact figure rounded to the nearest float; blanks NaN."""
        floats = plan_to_pandas(SEED)
        exact = plan_to_pandas(SEED, exact=True)
        for column in sorted(PLAN_FIGURES):
            expected = [float(v) if v is not None else None for v in exact[column]]
            got = [None if pd.isna(v) else v for v in floats[column]]
            assert (column, expected) == (column, got)

    def test_mean_works(self) -> None:
        """An analyst's first step works: the mean of a figure column."""
        frame = plan_to_pandas(SEED)
        quarters = frame[(frame.ref == "1.A2") & (frame.period_type == "quarter")]
        assert 100.74 == round(quarters.amount.mean(), 2)

    def test_periods_in_time_order(self) -> None:
        """Period categories run in time: months, then their quarter, then the year."""
        categories = list(plan_to_pandas(SEED).period.cat.categories)
        assert [
            "2015/16",
            "2016/17",
            "2017/18",
            *QUARTERS[:4],
            "2018/19",
            "Apr 2019",
            "May 2019",
            "Jun 2019",
            "Q1 2019/20",
        ] == categories

    def test_sort_follows_time(self) -> None:
        """Sorting by period sorts quarters in time, not alphabetically."""
        frame = plan_to_pandas(SEED)
        quarters = frame[(frame.ref == "1.A2") & (frame.period_type == "quarter")]
        shuffled = quarters.sample(frac=1, random_state=7)
        assert QUARTERS == shuffled.sort_values("period").period.tolist()

    def test_pivot_follows_time(self) -> None:
        """Pivoting on period puts the columns in time order."""
        frame = plan_to_pandas(SEED)
        quarters = frame[frame.period_type == "quarter"]
        table = quarters.pivot_table(
            index="ref", columns="period", values="amount", observed=True
        )
        assert (QUARTERS, 94.8) == (
            [str(c) for c in table.columns],
            table.loc["1.A2", "Q1 2019/20"],
        )

    def test_years_in_time_order(self) -> None:
        """financial_year is ordered by time too."""
        categories = list(plan_to_pandas(SEED).financial_year.cat.categories)
        assert ["2015/16", "2016/17", "2017/18", "2018/19", "2019/20"] == categories

    def test_calendar_and_academic_years(self) -> None:
        """Years that start in January or September order by time as well."""
        plan = Plan(
            title="t",
            measures=[
                Measure(
                    ref=f"Y{start}",
                    title="y",
                    polarity=Polarity.HIGHER_IS_BETTER,
                    year_start_month=start,
                    values={Year(2020, start): 1, Year(2019, start): 2},
                )
                for start in (1, 9)
            ],
        )
        frame = plan_to_pandas(plan)
        assert ["2019", "2019/20 (Sep-Aug)", "2020", "2020/21 (Sep-Aug)"] == list(
            frame.period.cat.categories
        )

    def test_cumulative_targets_named(self) -> None:
        """2.B7's annual target of 280 (85 in Q1) reads by what each column holds.

        The issue: a cumulative profile (28.33, 56.67, 85 by the end of each
        month) beside monthly amounts (39, 24, 18) said nothing of which was
        which.
        """
        frame = plan_to_pandas(SEED, exact=True)
        rows = frame[(frame.ref == "2.B7") & frame.period_target.notna()]
        columns = [
            "period",
            "amount",
            "period_target",
            "year_to_date_target",
            "annual_target",
            "target",
            "target_basis",
        ]
        shown = [tuple(row) for row in rows[columns].to_numpy().tolist()]
        third, two_thirds = Decimal(85) / 3, Decimal(170) / 3
        annual = Decimal(280)
        assert [
            ("Apr 2019", 39, third, third, annual, third, "year_to_date"),
            ("Q1 2019/20", 81, 85, 85, annual, 85, "year_to_date"),
            ("May 2019", 24, third, two_thirds, annual, two_thirds, "year_to_date"),
            ("Jun 2019", 18, third, 85, annual, 85, "year_to_date"),
        ] == shown

    def test_relative_target_named(self) -> None:
        """3.B3's 10% reduction on 209 is 188.1 for the year, 47.025 for Q1."""
        frame = plan_to_pandas(SEED, exact=True)
        row = frame[(frame.ref == "3.B3") & (frame.period == "Q1 2019/20")].iloc[0]
        assert (
            Decimal("47.025"),
            Decimal("47.025"),
            Decimal("188.1"),
            "year_to_date",
        ) == (
            row.period_target,
            row.year_to_date_target,
            row.annual_target,
            row.target_basis,
        )

    def test_fixed_target_named(self) -> None:
        """1.A2's fixed 90 is a period target, compared with the period's figure."""
        frame = plan_to_pandas(SEED, exact=True)
        row = frame[(frame.ref == "1.A2") & (frame.period == "Q1 2019/20")].iloc[0]
        assert (Decimal(90), None, None, "period", Decimal(90)) == (
            row.period_target,
            row.year_to_date_target,
            row.annual_target,
            row.target_basis,
            row.target,
        )

    def test_range_target_bounds(self) -> None:
        """A range target has no single figure; its bounds are columns of their own."""
        plan = Plan(
            title="t",
            measures=[
                Measure(
                    ref="R",
                    title="r",
                    polarity=Polarity.CLOSEST_TO_TARGET,
                    values={"Q1 2019/20": 7},
                    targets={"2019/20": RangeTarget(lower=5, upper=10)},
                )
            ],
        )
        row = plan_to_pandas(plan).iloc[0]
        assert (True, 5.0, 10.0, "period", True) == (
            pd.isna(row.target),
            row.target_lower,
            row.target_upper,
            row.target_basis,
            pd.isna(row.period_target),
        )

    def test_period_basis_annual_target(self) -> None:
        """An annual target compared period by period still gives the year to date."""
        plan = Plan(
            title="t",
            measures=[
                Measure(
                    ref="P",
                    title="p",
                    polarity=Polarity.HIGHER_IS_BETTER,
                    aggregation=Aggregation.SUM,
                    values={"Q2 2019/20": 7},
                    targets={"2019/20": AnnualTarget(value=40, basis=Basis.PERIOD)},
                )
            ],
        )
        row = plan_to_pandas(plan).iloc[0]
        assert (10.0, 20.0, 10.0, "period", 40.0) == (
            row.period_target,
            row.year_to_date_target,
            row.target,
            row.target_basis,
            row.annual_target,
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
            "month": True,
            "amount": True,
            "year_to_date": 145.0,
            "target": True,
        } == {
            k: pd.isna(row[k]) if k in {"month", "amount", "target"} else row[k]
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
        """Every object cell is text, a Decimal or None; the dtypes are as promised."""
        frame = plan_to_pandas(plan, exact=True)
        assert (
            set(),
            expected_dtypes(PLAN_COLUMNS, PLAN_FIGURES, {"period"}, exact=True),
        ) == (cell_types(frame) - set(PLAIN), dtypes(frame))

    @heavy()
    @given(pst.plans())
    def test_periods_sorted_by_time(self, plan: Plan) -> None:
        """Sorting any plan's rows by period sorts them as the periods sort by end."""
        frame = plan_to_pandas(plan)
        periods = [
            p
            for m in plan.measures
            for series in (m, *m.components)
            for p in series.values  # noqa: PD011 - a measure's, not a frame's.
        ]
        ends = {p.label: (p.end, -p.start.toordinal()) for p in reversed(periods)}
        ordered = frame.sort_values("period", kind="stable").period.tolist()
        assert ordered == sorted(ordered, key=ends.__getitem__)


class TestEvaluations:
    """evaluations_to_pandas."""

    PERIODS: ClassVar = {"period", "comparator_period"}

    def test_columns(self) -> None:
        """The columns are those of the CSV export: figures floats, periods ordered."""
        frame = evaluations_to_pandas(EVALUATED, SEED)
        assert (
            list(EVALUATION_COLUMNS),
            expected_dtypes(
                EVALUATION_COLUMNS, EVALUATION_FIGURES, self.PERIODS, exact=False
            ),
            12,
        ) == (list(frame.columns), dtypes(frame), len(frame))

    def test_row(self) -> None:
        """Statuses and directions are their values; figures floats."""
        frame = evaluations_to_pandas(EVALUATED, SEED)
        row = frame[frame.ref == "2.B7"].iloc[0]
        assert ("amber", "green", "improving", True, 81.0, "Q1 2019/20") == (
            row.status,
            row.computed_status,
            row.direction,
            row.overridden,
            row.period_actual,
            row.period,
        )

    def test_exact(self) -> None:
        """exact=True gives the Decimals, as published and computed."""
        frame = evaluations_to_pandas(EVALUATED, SEED, exact=True)
        row = frame[frame.ref == "2.B7"].iloc[0]
        assert (Decimal(81), Decimal(85), Decimal(280)) == (
            row.period_actual,
            row.target,
            row.annual_target,
        )

    def test_analysis(self) -> None:
        """Means by group work on the figures as they come, and match the exact ones."""
        frame = evaluations_to_pandas(EVALUATED, SEED)
        exact = evaluations_to_pandas(EVALUATED, SEED, exact=True)
        means = frame.groupby("status").variance_percent.mean().dropna().to_dict()
        expected = {}
        for status in ("amber", "red"):
            rows = exact[exact.status == status]
            known = [v for v in rows.variance_percent if v is not None]
            expected[status] = round(float(sum(known) / len(known)), 9)
        assert expected == {k: round(v, 9) for k, v in means.items()}

    def test_comparator_periods_ordered(self) -> None:
        """Comparator periods are an ordered categorical in time order."""
        frame = evaluations_to_pandas(EVALUATED, SEED)
        assert ["Q1 2018/19", "Q4 2018/19"] == list(
            frame.comparator_period.cat.categories
        )

    def test_evaluations_of_several_periods(self) -> None:
        """Frames of several quarters concatenate and sort by time."""
        frames = [
            evaluations_to_pandas(evaluate_plan(SEED, period), SEED)
            for period in reversed(QUARTERS)
        ]
        order = pd.CategoricalDtype(QUARTERS, ordered=True)
        joined = pd.concat(frames).astype({"period": order})
        ones = joined[joined.ref == "1.A2"].sort_values("period")
        assert (QUARTERS, [113.1, 107.5, 99.4, 88.9, 94.8]) == (
            ones.period.tolist(),
            ones.actual.tolist(),
        )

    @settings(suppress_health_check=[HealthCheck.too_slow], max_examples=50)
    @given(pst.plans(), pst.periods(start_month=4))
    def test_plain_cells(self, plan: Plan, period: Period) -> None:
        """Every object cell is text, a Decimal, a boolean or None; never a pandas Period."""
        frame = evaluations_to_pandas(evaluate_plan(plan, period), plan, exact=True)
        expected = expected_dtypes(
            EVALUATION_COLUMNS, EVALUATION_FIGURES, self.PERIODS, exact=True
        )
        assert (set(), expected) == (
            cell_types(frame) - set(PLAIN),
            dtypes(frame),
        )


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
