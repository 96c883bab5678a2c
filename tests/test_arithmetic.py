"""Tests for exact arithmetic: the range of figures, and no dependence on context."""

from __future__ import annotations

import decimal
import io
import json
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, reject
from hypothesis import strategies as st

from perfmeasures import (
    AnnualTarget,
    ChangeKind,
    Direction,
    DirectionRule,
    FixedTarget,
    InvalidValueError,
    LoadError,
    Measure,
    PerfmeasuresError,
    Period,
    Plan,
    Polarity,
    Problem,
    RangeTarget,
    RelativeTarget,
    Rules,
    Target,
    Tolerance,
    Year,
    direction_between,
    evaluate,
    evaluate_plan,
    parse_period,
    to_decimal,
)
from perfmeasures import strategies as pst
from perfmeasures.examples import rotherham_2019_20
from perfmeasures.io import (
    evaluations_from_json,
    evaluations_to_json,
    plan_from_json,
    plan_to_json,
    write_evaluations_csv,
    write_long_csv,
    write_wide_csv,
)
from perfmeasures.io._sheets._cells import parse_cell
from perfmeasures.reports import Format, performance_report, render, to_html
from tests.conftest import heavy

RANGE = (
    "a number below 1E+15 in absolute value, with at most 28 significant digits "
    "and at most 28 decimal places"
)
SEPARATED = "a number with a comma between every three digits, such as '1,234.5'"
Q1 = "Q1 2019/20"
HIGH = Polarity.HIGHER_IS_BETTER

#: Contexts a caller might have set, each hostile to code that relies on it.
HOSTILE = {
    "prec-3": decimal.Context(prec=3),
    "prec-1-floor": decimal.Context(prec=1, rounding=decimal.ROUND_FLOOR),
    "ceiling-lower-case-clamped": decimal.Context(
        rounding=decimal.ROUND_CEILING, capitals=0, clamp=1
    ),
    "traps-everything": decimal.Context(
        traps=[
            decimal.Inexact,
            decimal.Rounded,
            decimal.FloatOperation,
            decimal.Subnormal,
            decimal.Underflow,
            decimal.Clamped,
            decimal.InvalidOperation,
            decimal.DivisionByZero,
            decimal.Overflow,
        ]
    ),
    "tiny-exponents": decimal.Context(prec=5, Emax=5, Emin=-5),
}
CONTEXTS = st.sampled_from(sorted(HOSTILE)).map(HOSTILE.__getitem__)

#: Figures at the edges of the accepted range, all accepted.
ACCEPTED = [
    "999999999999999",
    "-999999999999999",
    "999999999999999.9999999999999",
    "-123456789012345.1234567890123",
    "0.0000000000000000000000000001",
    "-1E-28",
    "0E-28",
    "9E+14",
    "0.1234567890123456789012345678",
]
#: Figures just beyond it, and the ones that crashed evaluation before.
REFUSED = [
    "1E+15",
    "1000000000000000",
    "-1000000000000000",
    "999999999999999.99999999999999",
    "1.0000000000000000000000000000",
    "1E-29",
    "0.00000000000000000000000000001",
    "0E-29",
    "0E+15",
    "1E+26",
    "1E+30",
    "1E+9999",
]


def measure(value: object, target: object, previous: object = "1") -> Measure:
    """A measure with a Q4 2018/19 and a Q1 2019/20 figure and a 2019/20 target."""
    return Measure(
        ref="1.A1",
        title="Figures",
        polarity=HIGH,
        values={"2018/19": previous, "Q4 2018/19": previous, Q1: value},
        targets={"2019/20": target},
    )


def plan_of(*measures: Measure) -> Plan:
    """A plan holding *measures*."""
    return Plan(title="Plan", measures=measures)


def rendered(plan: Plan, period: Period | str = Q1) -> dict[str, str]:
    """Every report of *plan* for *period*, in every format."""
    report = performance_report(plan, period)
    evaluations = evaluate_plan(plan, period)
    out = {f"report {f.value}": render(report, f) for f in Format}
    out |= {f"evaluations {f.value}": render(evaluations, f) for f in Format}
    return out


def outcome(run: Callable[[], object]) -> object:
    """What *run* returns, or the PerfmeasuresError it raises, in words."""
    try:
        return run()
    except PerfmeasuresError as error:
        return (type(error), str(error))


def percent_oracle(variance: Fraction, target: Fraction) -> Decimal:
    """*variance* as a percentage of *target*, rounded half up, by fractions."""
    exact = variance * 100 / abs(target)
    hundredths = int((abs(exact) * 200 + 1) // 2)
    return Decimal(f"{'-' if exact < 0 else ''}{hundredths}E-2")


class TestSeen:
    """What was seen going wrong, each now right."""

    @pytest.mark.parametrize("value", ["1E+26", "1E+30"])
    def test_huge_value_refused(self, value: str) -> None:
        """A value of 1E+26 or 1E+30 is refused where it is given, naming the field."""
        with pytest.raises(InvalidValueError) as info:
            measure(value, 1)
        assert f"'amount' must be {RANGE} (got {value!r})" == str(info.value)

    def test_huge_value_refused_by_loader(self) -> None:
        """A plan file with a value of 1E+26 is refused, at the value's place."""
        document = json.loads(plan_to_json(plan_of(measure("1", "1"))))
        document["measures"][0]["values"][Q1]["amount"] = "1E+26"
        with pytest.raises(LoadError) as info:
            plan_from_json(json.dumps(document))
        assert (
            Problem(
                "$.measures[0].values['Q1 2019/20'].amount",
                f'expected {RANGE} (got "1E+26")',
            ),
        ) == info.value.problems

    def test_tiny_target_evaluates(self) -> None:
        """A target of 1E-27 gives an exact variance and percentage."""
        evaluation = evaluate(measure("1", "1E-27"), Q1)
        assert (
            Decimal("0.999999999999999999999999999"),
            Decimal("99999999999999999999999999900.00"),
        ) == (evaluation.variance, evaluation.variance_percent)

    def test_tiny_target_renders(self) -> None:
        """Reports of a measure with a target of 1E-27 render in every format."""
        reports = rendered(plan_of(measure("1", "1E-27")))
        assert "99999999999999999999999999900.00" in reports["evaluations json"]

    def test_prec_3_evaluate_plan(self) -> None:
        """With three-digit precision 3.B3 is still rated against 47.025."""
        plan = rotherham_2019_20()
        expected = evaluate_plan(plan, Q1)
        with decimal.localcontext(decimal.Context(prec=3)):
            actual = evaluate_plan(plan, Q1)
        assert (Decimal("47.025"), expected) == (actual.get("3.B3").target, actual)

    def test_prec_3_html(self) -> None:
        """With three-digit precision the HTML report renders, and the same."""
        plan = rotherham_2019_20()
        expected = to_html(performance_report(plan, Q1))
        with decimal.localcontext(decimal.Context(prec=3)):
            actual = to_html(performance_report(plan, Q1))
        assert expected == actual

    def test_misplaced_separators(self) -> None:
        """'1,2,3' is not 123."""
        with pytest.raises(InvalidValueError) as info:
            to_decimal("1,2,3")
        assert f"'value' must be {SEPARATED} (got '1,2,3')" == str(info.value)


class TestThousandsSeparators:
    """Commas between thousands, only in their proper places."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("1,234.5", "1234.5"),
            ("-1,234", "-1234"),
            ("12,345,678", "12345678"),
            ("123,456", "123456"),
            ("1,000,000.25", "1000000.25"),
            (" 1,288 ", "1288"),
        ],
    )
    def test_accepted(self, text: str, expected: str) -> None:
        """A figure and a cell read the proper forms alike."""
        cell = parse_cell(text).parts[0].value.amount
        assert (Decimal(expected), Decimal(expected)) == (to_decimal(text), cell)

    @pytest.mark.parametrize(
        "text",
        [
            "1,2,3",
            "1,23",
            "12,34.5",
            ",123",
            "1,,234",
            "1234,567",
            "1,234,56",
            "1,234.",
        ],
    )
    def test_refused(self, text: str) -> None:
        """A misplaced separator is refused by to_decimal, naming the form expected."""
        with pytest.raises(InvalidValueError) as info:
            to_decimal(text, "target")
        assert f"'target' must be {SEPARATED} (got {text!r})" == str(info.value)

    @pytest.mark.parametrize(
        "text", ["1,2,3", "1,23", "12,34.5", ",123", "1,,234", "1234,567", "1,234."]
    )
    def test_refused_in_cells(self, text: str) -> None:
        """A cell with a misplaced separator is refused too, naming the cell."""
        with pytest.raises(InvalidValueError) as info:
            parse_cell(text)
        assert ("cell", text) == (info.value.field, info.value.value)

    @pytest.mark.parametrize("text", ["1_000", "\u0661\u0662\u0663", "\uff11\uff12"])
    def test_other_digits_refused(self, text: str) -> None:
        """Underscores and digits of other scripts are not published figures."""
        with pytest.raises(InvalidValueError) as info:
            to_decimal(text)
        assert (
            f"'value' must be a finite number (such as 94.8 or '94.8') (got {text!r})"
            == str(info.value)
        )

    @pytest.mark.parametrize("text", ["\u0661\u0662\u0663", "\uff11\uff12"])
    def test_other_digits_refused_in_cells(self, text: str) -> None:
        """A cell reads ASCII digits only, as to_decimal does."""
        with pytest.raises(InvalidValueError):
            parse_cell(text)


class TestRange:
    """The range of figures: at its edges and just beyond."""

    @pytest.mark.parametrize("figure", ACCEPTED)
    def test_accepted_value_evaluates_and_renders(self, figure: str) -> None:
        """An extreme value is exact in its evaluation and renders in every format."""
        plan = plan_of(measure(figure, "1E-28", previous=figure))
        evaluation = evaluate_plan(plan, Q1).get("1.A1")
        rendered(plan)
        assert (Fraction(figure) - Fraction("1E-28"), Decimal(figure)) == (
            Fraction(evaluation.variance or 0),
            evaluation.actual,
        )

    @pytest.mark.parametrize("figure", ACCEPTED)
    def test_accepted_target_evaluates_and_renders(self, figure: str) -> None:
        """An extreme target is exact in its evaluation and renders in every format."""
        plan = plan_of(measure("-999999999999999.9999999999999", figure))
        evaluation = evaluate_plan(plan, Q1).get("1.A1")
        rendered(plan)
        target = Fraction(figure)
        variance = Fraction("-999999999999999.9999999999999") - target
        percent = None if target == 0 else percent_oracle(variance, target)
        assert (variance, percent) == (
            Fraction(evaluation.variance or 0),
            evaluation.variance_percent,
        )

    @pytest.mark.parametrize("figure", ACCEPTED)
    @pytest.mark.parametrize("kind", list(ChangeKind), ids=lambda k: k.value)
    def test_accepted_change_evaluates_and_renders(
        self, figure: str, kind: ChangeKind
    ) -> None:
        """A relative target's extreme change on an extreme baseline rates and renders."""
        biggest = "999999999999999.9999999999999"
        target = RelativeTarget(baseline=Year(2018), change=figure, change_kind=kind)
        plan = plan_of(measure(biggest, target, previous=biggest))
        evaluation = evaluate_plan(plan, Q1).get("1.A1")
        rendered(plan)
        assert Decimal(biggest) == evaluation.actual

    @pytest.mark.parametrize("figure", ACCEPTED)
    def test_accepted_round_trip(self, figure: str) -> None:
        """A plan of extreme figures and its evaluations come back from JSON equal."""
        plan = plan_of(measure(figure, figure, previous=figure))
        evaluations = evaluate_plan(plan, Q1)
        assert (plan, evaluations) == (
            plan_from_json(plan_to_json(plan)),
            evaluations_from_json(evaluations_to_json(evaluations)),
        )

    @pytest.mark.parametrize("figure", [*ACCEPTED, "1.0000000000E+14", "1.5E+3"])
    @pytest.mark.parametrize("context", sorted(HOSTILE))
    def test_accepted_in_any_context(self, figure: str, context: str) -> None:
        """A figure in range is accepted whatever the caller's context writes.

        A context with lower-case exponents wrote ``1.0000000000e+14``, and
        the range check read the exponent as decimal places (a property
        test found it).
        """
        with decimal.localcontext(HOSTILE[context]):
            built = measure(figure, figure, previous=figure)
        assert Decimal(figure) == built.values[parse_period(Q1)].amount

    @pytest.mark.parametrize("figure", REFUSED)
    @pytest.mark.parametrize(
        ("build", "field"),
        [
            (lambda f: measure(f, 1), "amount"),
            (FixedTarget, "value"),
            (lambda f: RangeTarget(lower=f, upper=f), "lower"),
            (lambda f: DirectionRule(threshold=f), "threshold"),
            (lambda f: Tolerance(amber=f), "amber"),
        ],
        ids=["value", "target", "range", "threshold", "tolerance"],
    )
    def test_refused(
        self, figure: str, build: Callable[[str], object], field: str
    ) -> None:
        """A figure beyond the range is refused wherever it is given, naming the field."""
        with pytest.raises(InvalidValueError) as info:
            build(figure)
        assert f"{field!r} must be {RANGE} (got {figure!r})" == str(info.value)

    @pytest.mark.parametrize("figure", REFUSED)
    def test_refused_by_loader(self, figure: str) -> None:
        """A plan file with a figure beyond the range names its place and the range."""
        document = json.loads(plan_to_json(plan_of(measure("1", "1"))))
        document["measures"][0]["targets"]["2019/20"]["value"] = figure
        with pytest.raises(LoadError) as info:
            plan_from_json(json.dumps(document))
        assert (
            Problem(
                "$.measures[0].targets['2019/20'].value",
                # The figure as read, which is how the loader shows it.
                f'expected {RANGE} (got "{Decimal(figure)}")',
            ),
        ) == info.value.problems


class TestExact:
    """Variances, percentages and thresholds computed exactly."""

    def test_percentage_rounded_once(self) -> None:
        """The percentage is the exact quotient rounded once, not rounded twice.

        Divided to 28 digits first, this quotient rounds to 1048.575 and
        then up; exactly it is 1048.57499..., which rounds down.
        """
        target = Decimal("6888570.94441380192923124383")
        actual = Decimal("79120403.72480082550866775882")
        evaluation = evaluate(measure(actual, target), Q1)
        assert Decimal("1048.57") == evaluation.variance_percent

    def test_percentage_threshold_without_dividing(self) -> None:
        """A change a hair over a 5% threshold is a change, whatever rounding says."""
        direction = direction_between(
            HIGH,
            Decimal("1050.0000000000000000000000000001"),
            Decimal(1000),
            threshold=Decimal(5),
            threshold_kind=ChangeKind.PERCENT,
        )
        assert Direction.IMPROVING == direction

    @pytest.mark.parametrize(
        ("current", "previous", "expected"),
        [
            ("105", "100", Direction.NO_CHANGE),
            ("95", "100", Direction.NO_CHANGE),
            ("105.0001", "100", Direction.IMPROVING),
            ("-105", "-100", Direction.NO_CHANGE),
            ("0", "0", Direction.NO_CHANGE),
            ("0.0001", "0", Direction.IMPROVING),
        ],
    )
    def test_percentage_threshold(
        self, current: str, previous: str, expected: Direction
    ) -> None:
        """A change of at most 5% of the previous figure is no change."""
        direction = direction_between(
            HIGH,
            Decimal(current),
            Decimal(previous),
            threshold=Decimal(5),
            threshold_kind=ChangeKind.PERCENT,
        )
        assert expected == direction


def targets_of(figure: st.SearchStrategy[Decimal]) -> st.SearchStrategy[Target]:
    """Targets of each kind, built from *figure*."""
    ranged = st.lists(figure, min_size=2, max_size=2).map(sorted)
    return st.one_of(
        st.builds(FixedTarget, figure),
        st.builds(AnnualTarget, value=figure),
        ranged.map(lambda pair: RangeTarget(lower=pair[0], upper=pair[1])),
        st.builds(
            RelativeTarget,
            baseline=st.just(Year(2018)),
            change=figure,
            change_kind=st.sampled_from(ChangeKind),
        ),
    )


class TestProperties:
    """Laws of the arithmetic over generated figures and contexts."""

    @given(
        value=pst.figures(),
        previous=pst.figures(),
        target=targets_of(pst.figures()),
        polarity=pst.polarities(),
        rules=pst.rules(),
    )
    def test_any_accepted_figure_evaluates(
        self,
        value: Decimal,
        previous: Decimal,
        target: Target,
        polarity: Polarity,
        rules: Rules,
    ) -> None:
        """Any accepted figure evaluates without an exception but a PerfmeasuresError.

        Where the target is a fixed figure, the variance is exact and its
        percentage the exact quotient rounded half up to two places.
        """
        try:
            item = Measure(
                ref="1.A1",
                title="Figures",
                polarity=polarity,
                values={"2018/19": previous, "Q4 2018/19": previous, Q1: value},
                targets={"2019/20": target},
                rules=rules,
            )
        except PerfmeasuresError:
            reject()
        try:
            evaluation = evaluate(item, Q1)
            rendered(plan_of(item))
        except PerfmeasuresError:
            return
        if isinstance(target, FixedTarget) and evaluation.variance is not None:
            variance = Fraction(value) - Fraction(target.value)
            percent = (
                None
                if target.value == 0
                else percent_oracle(variance, Fraction(target.value))
            )
            assert (variance, percent) == (
                Fraction(evaluation.variance),
                evaluation.variance_percent,
            )

    @given(
        value=pst.figures(),
        previous=pst.figures(),
        target=targets_of(pst.figures()),
        context=CONTEXTS,
    )
    def test_extremes_independent_of_context(
        self,
        value: Decimal,
        previous: Decimal,
        target: Target,
        context: decimal.Context,
    ) -> None:
        """Building, rating and reporting extreme figures do not depend on getcontext()."""

        def run() -> object:
            plan = plan_of(measure(value, target, previous))
            return (plan, evaluate_plan(plan, Q1), rendered(plan))

        expected = outcome(run)
        with decimal.localcontext(context):
            actual = outcome(run)
        assert expected == actual

    @heavy()
    @given(pst.plans(max_measures=3), pst.periods(start_month=4), CONTEXTS)
    def test_plans_independent_of_context(
        self, plan: Plan, period: Period, context: decimal.Context
    ) -> None:
        """Evaluating and rendering a plan, or refusing to, do not depend on getcontext()."""
        expected = outcome(
            lambda: (evaluate_plan(plan, period), rendered(plan, period))
        )
        with decimal.localcontext(context):
            actual = outcome(
                lambda: (evaluate_plan(plan, period), rendered(plan, period))
            )
        assert expected == actual


def _wide(plan: Plan) -> str:
    out = io.StringIO()
    write_wide_csv(plan, out)
    return out.getvalue()


def _long(plan: Plan) -> str:
    out = io.StringIO()
    write_long_csv(plan, out)
    return out.getvalue()


def _evaluations(plan: Plan) -> str:
    out = io.StringIO()
    write_evaluations_csv(evaluate_plan(plan, Q1), out, plan=plan)
    return out.getvalue()


class TestContexts:
    """The bundled plan under every hostile context, through every entry point."""

    @pytest.mark.parametrize("name", sorted(HOSTILE))
    def test_reports(self, name: str) -> None:
        """Every report renders the same as under the default context."""
        plan = rotherham_2019_20()
        expected = rendered(plan)
        with decimal.localcontext(HOSTILE[name]):
            actual = rendered(plan)
        assert expected == actual

    @pytest.mark.parametrize("name", sorted(HOSTILE))
    @pytest.mark.parametrize(
        "write",
        [plan_to_json, _wide, _long, _evaluations],
        ids=["json", "wide-csv", "long-csv", "evaluations-csv"],
    )
    def test_writers(self, name: str, write: Callable[[Plan], str]) -> None:
        """Every writer writes the same as under the default context."""
        plan = rotherham_2019_20()
        expected = write(plan)
        with decimal.localcontext(HOSTILE[name]):
            actual = write(plan)
        assert expected == actual

    @pytest.mark.parametrize("name", sorted(HOSTILE))
    def test_readers(self, name: str) -> None:
        """Every reader reads the same plan as under the default context."""
        plan = rotherham_2019_20()
        text = plan_to_json(plan)
        with decimal.localcontext(HOSTILE[name]):
            actual = plan_from_json(text)
        assert plan == actual

    @pytest.mark.parametrize("name", sorted(HOSTILE))
    def test_cells(self, name: str) -> None:
        """A negative figure in a cell is exact, whatever the precision."""
        with decimal.localcontext(HOSTILE[name]):
            cell = parse_cell("-12,345.678 (Cumulative: -£98,765.4321)")
        value = cell.parts[0].value
        assert (Decimal("-12345.678"), Decimal("-98765.4321")) == (
            value.amount,
            value.year_to_date,
        )


class TestRulesThatChangeTheContext:
    """A rule that changes the decimal rounding leaves the next rating alone."""

    @pytest.mark.parametrize("batch", [False, True])
    def test_rounding_restored(self, batch: bool) -> None:
        """The next rule sees the package's rounding, one by one or in a batch."""
        import attrs  # noqa: PLC0415

        from perfmeasures import Plan, Status  # noqa: PLC0415
        from perfmeasures._values import CONTEXT  # noqa: PLC0415

        seen: list[str] = []

        @attrs.frozen
        class Careless:
            def rate(self, case: object) -> Status:  # noqa: ARG002 - a scheme's signature.
                decimal.getcontext().rounding = decimal.ROUND_DOWN
                return Status.GREEN

        @attrs.frozen
        class Watching:
            def rate(self, case: object) -> Status:  # noqa: ARG002 - a scheme's signature.
                seen.append(decimal.getcontext().rounding)
                return Status.GREEN

        plan = rotherham_2019_20()
        careless = [
            attrs.evolve(m, rules=Rules(status=Careless())) for m in plan.measures[:2]
        ]
        watching = [
            attrs.evolve(m, rules=Rules(status=Watching())) for m in plan.measures[:2]
        ]
        if batch:
            evaluate_plan(Plan(title="c", measures=tuple(careless)), "Q1 2019/20")
            evaluate_plan(Plan(title="w", measures=tuple(watching)), "Q1 2019/20")
        else:
            for m in careless:
                evaluate(m, "Q1 2019/20")
            for m in watching:
                evaluate(m, "Q1 2019/20")
        assert [CONTEXT.rounding] * 2 == seen
