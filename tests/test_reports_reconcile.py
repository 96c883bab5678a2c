"""Tests for reconciling published ratings with computed ones."""

from __future__ import annotations

import pytest

from perfmeasures import (
    Direction,
    Measure,
    MissingReason,
    Override,
    Plan,
    Polarity,
    Published,
    Quarter,
    Status,
    Value,
    Year,
)
from perfmeasures.examples import REPORT_PERIOD, rotherham_2019_20
from perfmeasures.reports import Aspect, Cause, Finding, reconcile

Q1 = Quarter(Year(2019), 1)


def measure(record: Published, *, actual: object = 12, **kwargs: object) -> Measure:
    """A lower-is-better measure, target 10, with *record* published for Q1 2019/20."""
    fields: dict[str, object] = {
        "ref": "9.Z1",
        "title": "Measure",
        "polarity": Polarity.LOWER_IS_BETTER,
        "values": {"Q4 2018/19": 10, "Q1 2019/20": actual},
        "targets": {"2019/20": 10},
        "published": {"Q1 2019/20": record},
    }
    fields.update(kwargs)
    return Measure(**fields)  # type: ignore[arg-type]


def findings(*measures: Measure) -> list[tuple[str, Aspect, Cause]]:
    """The (ref, aspect, cause) of every finding for *measures* at Q1 2019/20."""
    result = reconcile(Plan(title="P", measures=measures), Q1)
    return [(f.ref, f.aspect, f.cause) for f in result.findings]


class TestSeed:
    """The bundled example at Q1 2019/20."""

    def test_findings(self) -> None:
        """2.B7's override and 3.B3's missing comparator are the two findings."""
        result = reconcile(rotherham_2019_20(), REPORT_PERIOD)
        assert [
            Finding(
                ref="2.B7",
                period=REPORT_PERIOD,
                aspect=Aspect.STATUS,
                published=Status.AMBER,
                computed=Status.GREEN,
                final=Status.AMBER,
                cause=Cause.OVERRIDE,
                reason=(
                    "Published amber is the status set by hand; the rules give green "
                    "(override: the service front-loaded admissions into Q1 while "
                    "reviewing short stays, so the year was re-profiled; the "
                    "performance team rated it amber pending the Q2 review)."
                ),
            ),
            Finding(
                ref="3.B3",
                period=REPORT_PERIOD,
                aspect=Aspect.DIRECTION,
                published=Direction.WORSENING,
                computed=Direction.NOT_APPLICABLE,
                final=Direction.NOT_APPLICABLE,
                cause=Cause.MISSING_COMPARATOR,
                reason=(
                    "The plan holds no figure for Q1 2018/19, the comparator period, "
                    "so the computed direction is not applicable; the report "
                    "published worsening."
                ),
            ),
        ] == list(result.findings)

    def test_counts(self) -> None:
        """Twenty published ratings are checked; every measure has a record."""
        result = reconcile(rotherham_2019_20())
        assert ((REPORT_PERIOD,), 20, (), False) == (
            result.periods,
            result.checked,
            result.unrecorded,
            result.agrees,
        )


class TestCauses:
    """Each cause of a disagreement, found and explained."""

    def test_agreement(self) -> None:
        """Matching ratings give no finding."""
        m = measure(Published(status=Status.RED, direction=Direction.WORSENING))
        result = reconcile(Plan(title="P", measures=(m,)), "Q1 2019/20")
        assert (True, 2) == (result.agrees, result.checked)

    def test_override_not_published(self) -> None:
        """Publishing the computed status when the plan overrides it is found."""
        m = measure(
            Published(status=Status.RED),
            overrides={"Q1 2019/20": Override(status=Status.AMBER, reason="judged.")},
        )
        result = reconcile(Plan(title="P", measures=(m,)), Q1)
        assert [
            (
                Cause.OVERRIDE,
                (
                    "Published red is the computed status, but the plan sets amber by "
                    "hand (override: judged)."
                ),
            )
        ] == [(f.cause, f.reason) for f in result.findings]

    def test_override_differing_from_both(self) -> None:
        """An override unlike the published status is a different rule, said so."""
        m = measure(
            Published(status=Status.GREEN),
            overrides={"Q1 2019/20": Override(status=Status.AMBER, reason="judged")},
        )
        (finding,) = reconcile(Plan(title="P", measures=(m,)), Q1).findings
        assert Cause.DIFFERENT_RULE == finding.cause
        assert finding.reason.endswith("The plan's hand-set amber differs too.")

    def test_missing_figure(self) -> None:
        """A rating published for a period the plan has no figure for."""
        m = measure(
            Published(status=Status.RED, direction=Direction.WORSENING),
            actual=Value.not_available(MissingReason.NOT_YET_AVAILABLE),
        )
        assert [
            ("9.Z1", Aspect.STATUS, Cause.MISSING_FIGURE),
            ("9.Z1", Aspect.DIRECTION, Cause.MISSING_FIGURE),
        ] == findings(m)

    def test_no_target(self) -> None:
        """A status published for a measure the plan sets no target for."""
        assert [("9.Z1", Aspect.STATUS, Cause.NO_TARGET)] == findings(
            measure(Published(status=Status.RED), targets={})
        )

    def test_data_only_is_a_different_rule(self) -> None:
        """A status published for a data-only measure is a different rule."""
        assert [("9.Z1", Aspect.STATUS, Cause.DIFFERENT_RULE)] == findings(
            measure(Published(status=Status.RED), data_only=True)
        )

    def test_different_status_rule(self) -> None:
        """Figures present but another status: the report used another rule."""
        (finding,) = reconcile(
            Plan(title="P", measures=(measure(Published(status=Status.AMBER)),)), Q1
        ).findings
        assert (Cause.DIFFERENT_RULE, Status.AMBER, Status.RED) == (
            finding.cause,
            finding.published,
            finding.computed,
        )
        assert finding.reason.startswith(
            "The report published amber but the plan's rules give red: 12 against"
        )

    def test_different_direction_rule(self) -> None:
        """Figures present but another direction: another comparator or rule."""
        (finding,) = reconcile(
            Plan(
                title="P",
                measures=(measure(Published(direction=Direction.IMPROVING)),),
            ),
            Q1,
        ).findings
        assert (Cause.DIFFERENT_RULE, Direction.WORSENING) == (
            finding.cause,
            finding.computed,
        )
        assert finding.reason.startswith(
            "The report published improving but the plan compares Q1 2019/20 with "
            "Q4 2018/19 and finds worsening"
        )


class TestPeriods:
    """Which periods are checked."""

    def test_every_published_period_by_default(self) -> None:
        """Without a period, every period with a published record is checked."""
        m = measure(
            Published(status=Status.RED),
            published={
                "Q4 2018/19": Published(status=Status.GREEN),
                "Q1 2019/20": Published(status=Status.RED),
            },
        )
        result = reconcile(Plan(title="P", measures=(m,)))
        assert ([Quarter(Year(2018), 4), Q1], 2) == (
            list(result.periods),
            result.checked,
        )

    def test_unrecorded(self) -> None:
        """Measures with no published record for the period are listed."""
        bare = measure(Published(), ref="9.Z2", published={})
        plan = Plan(title="P", measures=(measure(Published()), bare))
        result = reconcile(plan, Q1)
        assert (("9.Z2",), 0, True) == (
            result.unrecorded,
            result.checked,
            result.agrees,
        )

    @pytest.mark.parametrize("period", ["Q2 2019/20", Quarter(Year(2019), 2)])
    def test_period_without_records(self, period: str | Quarter) -> None:
        """A period nobody published for checks nothing and agrees."""
        result = reconcile(rotherham_2019_20(), period)
        assert (0, True) == (result.checked, result.agrees)


class TestYearsThatDiffer:
    """A plan whose measures' years start in different months is checked whole."""

    @staticmethod
    def plan() -> Plan:
        """An April measure and an academic-year one, each published at its own year."""
        april = Measure(
            ref="A",
            title="April years",
            polarity=Polarity.HIGHER_IS_BETTER,
            values={"2019/20": 90},
            targets={"2019/20": 80},
            published={"2019/20": Published(status=Status.GREEN)},
        )
        academic = Measure(
            ref="S",
            title="Academic years",
            polarity=Polarity.HIGHER_IS_BETTER,
            year_start_month=9,
            values={"2019/20 (Sep-Aug)": 70},
            targets={"2019/20 (Sep-Aug)": 80},
            published={"2019/20 (Sep-Aug)": Published(status=Status.GREEN)},
        )
        return Plan(title="P", measures=(april, academic))

    def test_label(self) -> None:
        """A label is each measure's own year of that name: both are checked."""
        result = reconcile(self.plan(), "2019/20")
        assert (2, ["S"]) == (result.checked, [f.ref for f in result.findings])

    def test_every_period(self) -> None:
        """By default each published year is checked on the measures of its kind."""
        result = reconcile(self.plan())
        assert (2, ["S"], ()) == (
            result.checked,
            [f.ref for f in result.findings],
            result.unrecorded,
        )
