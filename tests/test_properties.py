"""Laws of the rules and of evaluation, checked over generated data."""

from __future__ import annotations

import copy
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from perfmeasures import (
    WORST_FIRST,
    Aggregation,
    Case,
    ChangeKind,
    Direction,
    FixedTarget,
    Measure,
    PeriodTarget,
    Plan,
    Polarity,
    Quarter,
    Rules,
    Status,
    StatusScheme,
    direction_between,
    evaluate,
    evaluate_plan,
    period_figure,
)
from perfmeasures import strategies as pst
from tests.conftest import heavy

FLIP = {
    Polarity.HIGHER_IS_BETTER: Polarity.LOWER_IS_BETTER,
    Polarity.LOWER_IS_BETTER: Polarity.HIGHER_IS_BETTER,
}
# Better bands come later in the worst-first order.
RANK = {status: WORST_FIRST.index(status) for status in WORST_FIRST if status.is_rag}
DIRECTED = st.sampled_from([Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER])
FIGURES = pst.decimals(min_value=-500, max_value=500)


def two_quarters(
    polarity: Polarity,
    previous: Decimal,
    current: Decimal,
    target: Decimal,
    floor: Decimal,
) -> Measure:
    """A measure with Q4 2018/19 and Q1 2019/20 figures and a 2019/20 target."""
    return Measure(
        ref="X",
        title="t",
        polarity=polarity,
        values={"Q4 2018/19": previous, "Q1 2019/20": current},
        targets={"2019/20": FixedTarget(target, floor=floor)},
    )


class TestMirror:
    """Flipping polarity and mirroring every figure mirrors the rating."""

    @given(DIRECTED, FIGURES, FIGURES, FIGURES, FIGURES, pst.rules())
    def test_mirror(
        self,
        polarity: Polarity,
        previous: Decimal,
        current: Decimal,
        target: Decimal,
        floor: Decimal,
        rules: Rules,
    ) -> None:
        """Law: rate(p, x, t) == rate(flip(p), -x, -t), status and direction."""
        original = evaluate(
            two_quarters(polarity, previous, current, target, floor),
            "Q1 2019/20",
            rules=rules,
        )
        mirrored = evaluate(
            two_quarters(FLIP[polarity], -previous, -current, -target, -floor),
            "Q1 2019/20",
            rules=rules,
        )
        assert (original.status, original.direction) == (
            mirrored.status,
            mirrored.direction,
        )


class TestMonotonic:
    """A better actual never gives a worse status."""

    @given(
        pst.status_schemes(),
        DIRECTED,
        FIGURES,
        FIGURES,
        FIGURES,
        st.sampled_from(Direction),
        st.booleans(),
    )
    def test_better_never_worse(
        self,
        scheme: StatusScheme,
        polarity: Polarity,
        a: Decimal,
        b: Decimal,
        target: Decimal,
        direction: Direction,
        year_end: bool,
    ) -> None:
        """Law: if b is at least as good as a, status(b) >= status(a)."""
        worse, better = sorted((a, b))
        if polarity is Polarity.LOWER_IS_BETTER:
            worse, better = better, worse
        floor = target - 10 if polarity is Polarity.HIGHER_IS_BETTER else target + 10
        resolved = PeriodTarget(value=target, floor=floor)

        def rate(actual: Decimal) -> Status:
            return scheme.rate(
                Case(
                    actual=actual,
                    target=resolved,
                    polarity=polarity,
                    direction=direction,
                    is_year_end=year_end,
                )
            )

        assert RANK[rate(better)] >= RANK[rate(worse)]

    @given(pst.status_schemes(), DIRECTED, FIGURES, FIGURES)
    def test_met_is_green(
        self, scheme: StatusScheme, polarity: Polarity, actual: Decimal, target: Decimal
    ) -> None:
        """Law: every scheme rates a met target green, or blue if beaten by its margin."""
        met = (
            max(actual, target)
            if polarity is Polarity.HIGHER_IS_BETTER
            else min(actual, target)
        )
        case = Case(actual=met, target=PeriodTarget(value=target), polarity=polarity)
        assert scheme.rate(case) in {Status.GREEN, Status.BLUE}


class TestDirectionLaws:
    """Direction of travel."""

    @given(
        st.sampled_from(Polarity),
        FIGURES,
        FIGURES,
        pst.decimals(min_value=0, max_value=20),
        st.sampled_from([ChangeKind.ABSOLUTE]),
    )
    def test_antisymmetric(
        self,
        polarity: Polarity,
        a: Decimal,
        b: Decimal,
        threshold: Decimal,
        kind: ChangeKind,
    ) -> None:
        """Law: swapping the two figures swaps improving and worsening."""
        swap = {
            Direction.IMPROVING: Direction.WORSENING,
            Direction.WORSENING: Direction.IMPROVING,
            Direction.HIGHER: Direction.LOWER,
            Direction.LOWER: Direction.HIGHER,
            Direction.NO_CHANGE: Direction.NO_CHANGE,
        }
        forward = direction_between(
            polarity, a, b, threshold=threshold, threshold_kind=kind
        )
        backward = direction_between(
            polarity, b, a, threshold=threshold, threshold_kind=kind
        )
        assert swap[forward] == backward

    @given(DIRECTED, FIGURES, FIGURES)
    def test_polarity_flips_direction(
        self, polarity: Polarity, a: Decimal, b: Decimal
    ) -> None:
        """Law: the same change is improving for one polarity, worsening for the other."""
        forward = direction_between(polarity, a, b)
        flipped = direction_between(FLIP[polarity], a, b)
        if forward is Direction.NO_CHANGE:
            assert Direction.NO_CHANGE == flipped
        else:
            assert forward != flipped


class TestEvaluation:
    """evaluate() is pure."""

    @heavy()
    @given(pst.plans(), pst.periods(start_month=4))
    def test_deterministic_and_pure(self, plan: Plan, period: Quarter) -> None:
        """Law: evaluating twice gives equal results and leaves the plan unchanged."""
        before = copy.deepcopy(plan)
        # A label: each measure reads it in its own kind of year.
        first = evaluate_plan(plan, period.label)
        second = evaluate_plan(plan, period.label)
        assert first == second
        assert before == plan
        for result in first:
            assert (
                result.status is result.computed_status or result.override is not None
            )


class TestRollUp:
    """Months roll up to their quarter."""

    @given(pst.quarters(start_month=4), st.lists(FIGURES, min_size=3, max_size=3))
    def test_sum(self, quarter: Quarter, figures: list[Decimal]) -> None:
        """Law: a sum measure's quarter is the sum of its three months."""
        m = Measure(
            ref="X",
            title="t",
            polarity=Polarity.HIGHER_IS_BETTER,
            aggregation=Aggregation.SUM,
            values=dict(zip(quarter.months(), figures, strict=True)),
        )
        assert sum(figures, Decimal(0)) == period_figure(m, quarter).value

    @given(pst.quarters(start_month=4), st.lists(FIGURES, min_size=3, max_size=3))
    def test_snapshot(self, quarter: Quarter, figures: list[Decimal]) -> None:
        """Law: a snapshot measure's quarter is its last month."""
        m = Measure(
            ref="X",
            title="t",
            polarity=Polarity.HIGHER_IS_BETTER,
            aggregation=Aggregation.SNAPSHOT,
            values=dict(zip(quarter.months(), figures, strict=True)),
        )
        assert figures[-1] == period_figure(m, quarter).value
