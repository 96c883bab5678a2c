"""Tests for areas for improvement and their selection."""

from __future__ import annotations

import pickle

import pytest

from perfmeasures import (
    Direction,
    InvalidValueError,
    Measure,
    Override,
    Plan,
    Polarity,
    Priority,
    Quarter,
    Status,
    Year,
    evaluate,
)
from perfmeasures.examples import REPORT_PERIOD, rotherham_2019_20
from perfmeasures.reports import Selection, areas_for_improvement

SEED_REFS = [
    "1.A2",
    "1.A5",
    "1.A8",
    "2.B7",
    "2.B8",
    "3.A4(b)",
    "3.B3",
    "3.B4",
    "4.B1(a)",
    "5.D6",
]
Q1 = Quarter(Year(2019), 1)


def measure(ref: str, actual: int, **kwargs: object) -> Measure:
    """A lower-is-better measure with a target of 10 and *actual* in Q1 2019/20."""
    fields: dict[str, object] = {
        "ref": ref,
        "title": f"Measure {ref}",
        "polarity": Polarity.LOWER_IS_BETTER,
        "values": {"Q4 2018/19": 10, "Q1 2019/20": actual},
        "targets": {"2019/20": 10},
    }
    fields.update(kwargs)
    return Measure(**fields)  # type: ignore[arg-type]


class TestSelection:
    """Selection: which measures count as areas for improvement."""

    def test_default_is_off_target(self) -> None:
        """By default red and amber measures are picked, whatever their direction."""
        assert Selection(statuses=(Status.RED, Status.AMBER)) == Selection()
        assert Selection() == Selection.off_target()

    def test_red_and_worsening(self) -> None:
        """The red-and-worsening preset needs both."""
        expected = Selection(statuses=(Status.RED,), directions=(Direction.WORSENING,))
        assert expected == Selection.red_and_worsening()

    @pytest.mark.parametrize(
        ("selection", "words"),
        [
            (Selection(), "rated red or amber"),
            (Selection.red_and_worsening(), "rated red and worsening"),
            (
                Selection(
                    statuses=(Status.RED, Status.AMBER, Status.NOT_AVAILABLE),
                    directions=(Direction.WORSENING, Direction.NO_CHANGE),
                    computed=True,
                ),
                (
                    "rated red, amber or not available and worsening or no change by "
                    "the rules (ignoring hand-set statuses)"
                ),
            ),
        ],
    )
    def test_words(self, selection: Selection, words: str) -> None:
        """A selection describes itself for the report's introduction."""
        assert words == selection.words

    def test_picks_by_final_or_computed_status(self) -> None:
        """An override decides unless the selection judges by computed status."""
        m = measure(
            "9.Z1",
            9,
            overrides={"Q1 2019/20": Override(status=Status.RED, reason="judged")},
        )
        evaluation = evaluate(m, Q1)
        assert (True, False) == (
            Selection().picks(evaluation),
            Selection(computed=True).picks(evaluation),
        )

    def test_picks_by_direction(self) -> None:
        """A direction filter leaves out other directions."""
        worse = evaluate(measure("9.Z1", 12), Q1)
        better = evaluate(measure("9.Z1", 12, values={"Q4 2018/19": 15, Q1: 12}), Q1)
        chooser = Selection.red_and_worsening()
        assert (True, False) == (chooser.picks(worse), chooser.picks(better))

    @pytest.mark.parametrize(
        ("kwargs", "error"),
        [
            (
                {"statuses": "red"},
                "'statuses' must be a sequence of Status (got 'red')",
            ),
            ({"statuses": ()}, "'statuses' must be at least one Status (got ())"),
            (
                {"statuses": ("red",)},
                "'statuses[0]' must be a Status (got 'red')",
            ),
            (
                {"directions": (Status.RED,)},
                "'directions[0]' must be a Direction (got <Status.RED: 'red'>)",
            ),
            ({"directions": 3}, "'directions' must be a sequence of Direction (got 3)"),
            ({"computed": "yes"}, "'computed' must be True or False (got 'yes')"),
        ],
    )
    def test_bad_input(self, kwargs: dict[str, object], error: str) -> None:
        """Bad selections name the field, the value and what was expected."""
        with pytest.raises(InvalidValueError) as caught:
            Selection(**kwargs)  # type: ignore[arg-type]
        assert error == str(caught.value)

    def test_lists_become_tuples(self) -> None:
        """Statuses given as a list are kept as a tuple (hashable, frozen)."""
        chosen = Selection(statuses=[Status.RED])
        assert (Status.RED,) == chosen.statuses
        assert hash(chosen) == hash(Selection(statuses=(Status.RED,)))


class TestAreasForImprovement:
    """areas_for_improvement() on the seed and on small plans."""

    def test_seed_lists_the_ten_in_report_order(self) -> None:
        """The seed at Q1 2019/20 lists exactly the report's ten measures, in order."""
        areas = areas_for_improvement(rotherham_2019_20(), REPORT_PERIOD)
        assert SEED_REFS == [item.ref for item in areas.items]

    def test_seed_groups_by_priority(self) -> None:
        """Items are grouped under the plan's priorities, in the plan's order."""
        areas = areas_for_improvement(rotherham_2019_20(), "Q1 2019/20")
        assert [
            ("1", ["1.A2", "1.A5", "1.A8"]),
            ("2", ["2.B7", "2.B8"]),
            ("3", ["3.A4(b)", "3.B3", "3.B4"]),
            ("4", ["4.B1(a)"]),
            ("5", ["5.D6"]),
        ] == [(g.key, [i.ref for i in g.items]) for g in areas.groups]
        assert "A modern, efficient council" == areas.groups[-1].title

    def test_seed_items_carry_notes(self) -> None:
        """Each item carries the measure's data note for the period."""
        plan = rotherham_2019_20()
        areas = areas_for_improvement(plan, REPORT_PERIOD)
        assert [plan.measure(r).notes[REPORT_PERIOD] for r in SEED_REFS] == [
            item.note for item in areas.items
        ]

    def test_seed_red_and_worsening(self) -> None:
        """Red and worsening leaves out the amber and no-direction measures."""
        areas = areas_for_improvement(
            rotherham_2019_20(), REPORT_PERIOD, Selection.red_and_worsening()
        )
        assert ["1.A2", "1.A5", "1.A8", "3.A4(b)", "3.B4", "4.B1(a)"] == [
            item.ref for item in areas.items
        ]

    def test_seed_computed_leaves_out_overridden_green(self) -> None:
        """Judged by computed status, 2.B7 (computed green) is not listed."""
        areas = areas_for_improvement(
            rotherham_2019_20(), REPORT_PERIOD, Selection(computed=True)
        )
        assert [r for r in SEED_REFS if r != "2.B7"] == [i.ref for i in areas.items]

    def test_other_measures_last(self) -> None:
        """Measures with no priority come last, under their own heading."""
        plan = Plan(
            title="Plan",
            priorities=(Priority(key="A", title="First"),),
            measures=(
                measure("9.Z1", 12),
                measure("9.Z2", 12, priority="A"),
                measure("9.Z3", 5, priority="A"),
            ),
        )
        areas = areas_for_improvement(plan, Q1)
        assert [("A", "First", ["9.Z2"]), (None, "Other measures", ["9.Z1"])] == [
            (g.key, g.title, [i.ref for i in g.items]) for g in areas.groups
        ]

    def test_nothing_selected(self) -> None:
        """A plan on target has no groups at all."""
        plan = Plan(title="Plan", measures=(measure("9.Z1", 5),))
        areas = areas_for_improvement(plan, Q1)
        assert ((), ()) == (areas.groups, areas.items)

    def test_survives_pickling(self) -> None:
        """Reports are plain frozen data: they pickle and compare equal."""
        areas = areas_for_improvement(rotherham_2019_20(), REPORT_PERIOD)
        assert areas == pickle.loads(pickle.dumps(areas))
