"""Tests for check_plan: targets a valid plan holds that can never rate anything."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given

from perfmeasures import (
    FixedTarget,
    Measure,
    Plan,
    Polarity,
    Problem,
    RelativeTarget,
    Status,
    Value,
    Year,
    check_plan,
    evaluate,
)
from perfmeasures import strategies as pst
from perfmeasures.examples import rotherham_2019_20
from perfmeasures.io import dump_plan, load_plan
from tests.conftest import heavy

LOW = Polarity.LOWER_IS_BETTER
FIGURES = {"Q4 2018/19": "88.9", "Q1 2019/20": "94.8"}
WHERE = "$.measures[0].targets['2020/21']"
FUTURE = (
    "a target for 2020/21, when the measure has no figure in or for 2020/21 "
    "(its figures run from Q4 2018/19 to Q1 2019/20), so it rates nothing"
)


def measure(ref: str = "1.A2", **fields: object) -> Measure:
    """A lower-is-better measure with *fields* (figures for Q4 2018/19 and Q1 2019/20)."""
    given_fields: dict[str, object] = {"values": FIGURES, **fields}
    return Measure(ref=ref, title="Children on a plan", polarity=LOW, **given_fields)  # type: ignore[arg-type]


def plan_of(*measures: Measure) -> Plan:
    """A plan holding *measures*."""
    return Plan(title="Plan", measures=measures)


class TestCheckPlan:
    """check_plan(): one located warning per target that rates nothing."""

    def test_seed_has_none(self) -> None:
        """The bundled plan has nothing to warn of."""
        assert () == check_plan(rotherham_2019_20())

    def test_target_for_a_year_without_figures(self) -> None:
        """A target for a year the measure has no figures in is reported, located."""
        plan = plan_of(
            measure(ref="0"), measure(targets={"2019/20": 90, "2020/21": 85})
        )
        assert (Problem("$.measures[1].targets['2020/21']", FUTURE),) == check_plan(
            plan
        )

    def test_rates_without_a_word(self) -> None:
        """What the warning is about: the years with figures rate not applicable."""
        item = measure(targets={"2020/21": 85})
        assert (Status.NOT_APPLICABLE, 1) == (
            evaluate(item, "Q1 2019/20").status,
            len(check_plan(plan_of(item))),
        )

    @pytest.mark.parametrize(
        ("values", "target"),
        [
            ({"Q1 2019/20": "94.8"}, "2019/20"),
            ({"Jun 2019": "94.8"}, "2019/20"),
            ({"Jun 2019": "94.8"}, "Q1 2019/20"),
            ({"Q1 2019/20": "94.8"}, "Q1 2019/20"),
            ({"2019/20": "94.8"}, "2019/20"),
            ({"Q1 2019/20": Value.cumulative("94.8")}, "2019/20"),
        ],
    )
    def test_figures_in_or_for_the_period(
        self, values: dict[str, object], target: str
    ) -> None:
        """A figure for the target's period or for any period within it will do."""
        assert () == check_plan(plan_of(measure(values=values, targets={target: 90})))

    @pytest.mark.parametrize(
        ("values", "target", "span"),
        [
            ({"2019/20": "94.8"}, "Q1 2019/20", "its only figure is for 2019/20"),
            ({"Jul 2019": "94.8"}, "Q1 2019/20", "its only figure is for Jul 2019"),
            (
                {"Q1 2019/20": Value.not_available()},
                "2019/20",
                "it has no figures at all",
            ),
            ({}, "2019/20", "it has no figures at all"),
        ],
    )
    def test_no_figure_in_or_for_the_period(
        self, values: dict[str, object], target: str, span: str
    ) -> None:
        """A figure for a longer or another period, or a missing one, will not do."""
        plan = plan_of(measure(values=values, targets={target: 90}))
        assert (
            Problem(
                f"$.measures[0].targets['{target}']",
                f"a target for {target}, when the measure has no figure in or for "
                f"{target} ({span}), so it rates nothing",
            ),
        ) == check_plan(plan)

    def test_parts_figures_count(self) -> None:
        """A multi-part measure's figures may all be its parts'."""
        parts = [measure(ref="3.A4(b) vehicles"), measure(ref="3.A4(b) drivers")]
        whole = measure(
            ref="3.A4(b)", values={}, components=parts, targets={"2019/20": 90}
        )
        assert () == check_plan(plan_of(whole))

    def test_parts_checked(self) -> None:
        """A part's own target is located under its measure."""
        part = measure(ref="3.A4(b) vehicles", targets={"2020/21": 85})
        whole = measure(ref="3.A4(b)", components=[part])
        assert (
            Problem("$.measures[0].components[0].targets['2020/21']", FUTURE),
        ) == check_plan(plan_of(whole))

    def test_baseline_without_a_figure(self) -> None:
        """A target relative to a year without a figure resolves to nothing."""
        target = RelativeTarget(baseline=Year(2017), change=-10)
        plan = plan_of(measure(targets={"2019/20": target}))
        assert (
            Problem(
                "$.measures[0].targets['2019/20'].baseline",
                "a target relative to 2017/18, when the measure has no figure for "
                "2017/18, so it resolves to no target",
            ),
        ) == check_plan(plan)

    def test_plan_still_loads(self, tmp_path: Path) -> None:
        """A plan with warnings loads and is rated."""
        plan = plan_of(measure(targets={"2020/21": FixedTarget(85)}))
        path = tmp_path / "plan.json"
        dump_plan(plan, path)
        assert (plan, 1) == (load_plan(path), len(check_plan(load_plan(path))))

    @heavy()
    @given(pst.plans(max_measures=3))
    def test_every_warning_is_a_target_that_rates_nothing(self, plan: Plan) -> None:
        """Each warning names a target of the plan, found at its path."""
        paths = _paths(plan)
        for problem in check_plan(plan):
            assert problem.location.removesuffix(".baseline") in paths


def _paths(plan: Plan) -> list[str]:
    """The path of every target in *plan*, as check_plan writes them."""
    found: list[str] = []

    def walk(item: Measure, path: str) -> None:
        found.extend(f"{path}.targets['{p.label}']" for p in item.targets)
        for number, part in enumerate(item.components):
            walk(part, f"{path}.components[{number}]")

    for number, item in enumerate(plan.measures):
        walk(item, f"$.measures[{number}]")
    return found


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the command line as a user does."""
    return subprocess.run(  # noqa: S603 - our own interpreter and module.
        [sys.executable, "-m", "perfmeasures", *args],
        capture_output=True,
        text=True,
        check=False,
        encoding="utf-8",
    )


class TestValidate:
    """``perfmeasures validate`` lists the warnings and exits 1."""

    def test_warnings_listed(self, tmp_path: Path) -> None:
        """Each warning is one located line on stderr; the exit status is 1."""
        path = tmp_path / "plan.json"
        dump_plan(plan_of(measure(targets={"2019/20": 90, "2020/21": 85})), path)
        result = run("validate", str(path))
        assert (
            1,
            f"{path}: a valid plan, 'Plan', with 1 measure; 1 warning\n",
            f"perfmeasures: {path}: warning: {WHERE}: {FUTURE}\n",
        ) == (result.returncode, result.stdout, result.stderr)

    def test_other_commands_run(self, tmp_path: Path) -> None:
        """A plan with warnings is still rated."""
        path = tmp_path / "plan.json"
        dump_plan(plan_of(measure(targets={"2020/21": 85})), path)
        result = run("evaluate", str(path), "--period", "Q1 2019/20")
        assert (0, "") == (result.returncode, result.stderr)

    def test_no_warnings(self) -> None:
        """The bundled plan validates with status 0 and nothing on stderr."""
        result = run("validate")
        assert (0, "") == (result.returncode, result.stderr)
