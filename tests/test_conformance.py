"""Tests for the shipped conformance vectors."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from perfmeasures import Case as RuleCase
from perfmeasures import (
    ChangeKind,
    Direction,
    PeriodTarget,
    Polarity,
    Status,
    StatusScheme,
    direction_between,
    presets,
)
from perfmeasures.io import conformance_cases, make_converter
from perfmeasures.io._json._schema import (
    CONFORMANCE_FORMAT,
    build_conformance,
    conformance_text,
    schemes,
)

SHIPPED = conformance_cases()


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _rate(case: dict[str, Any]) -> str:
    """Rate a shipped status case with the library, from its wire form only."""
    union: Any = StatusScheme
    scheme = make_converter().structure(SHIPPED["schemes"][case["scheme"]], union)
    target = case["target"]
    rule_case = RuleCase(
        actual=Decimal(case["actual"]),
        target=PeriodTarget(
            value=_decimal(target["value"]),
            lower=_decimal(target["lower"]),
            upper=_decimal(target["upper"]),
            floor=_decimal(target["floor"]),
        ),
        polarity=Polarity(case["polarity"]),
        direction=Direction(case["direction"]),
        is_year_end=case["is_year_end"],
    )
    status: Status = scheme.rate(rule_case)
    return status.value


def _find(scheme: str, polarity: str, actual: str, **extra: object) -> dict[str, Any]:
    """The one shipped status case with these inputs."""
    found: list[dict[str, Any]] = [
        case
        for case in SHIPPED["status_cases"]
        if (case["scheme"], case["polarity"], case["actual"])
        == (scheme, polarity, actual)
        and all(case[key] == value for key, value in extra.items())
    ]
    assert 1 == len(found), found
    return found[0]


class TestShippedFile:
    """The shipped file is current and complete."""

    def test_in_sync(self) -> None:
        """The shipped file is what the library computes (else run io._generate)."""
        assert conformance_text(build_conformance()) == conformance_text(SHIPPED)

    def test_format(self) -> None:
        """The file names its format and version."""
        assert CONFORMANCE_FORMAT == SHIPPED["format"]

    def test_every_preset(self) -> None:
        """Every preset without parameters has cases, under its own name."""
        used = {case["scheme"] for case in SHIPPED["status_cases"]}
        assert set(presets.names()) <= used

    def test_every_scheme_used(self) -> None:
        """Every scheme the file lists has cases."""
        used = {case["scheme"] for case in SHIPPED["status_cases"]}
        assert set(SHIPPED["schemes"]) == used

    def test_every_answer(self) -> None:
        """Between them the cases give every rated status and every direction."""
        statuses = {case["expected"] for case in SHIPPED["status_cases"]}
        directions = {case["expected"] for case in SHIPPED["direction_cases"]}
        assert {"blue", "green", "yellow", "amber", "red"} == statuses
        assert {
            "improving",
            "worsening",
            "no_change",
            "higher",
            "lower",
        } == directions

    def test_schemes_listed_in_order(self) -> None:
        """The file's schemes are the module's, in its order."""
        assert [name for name, _ in schemes()] == list(SHIPPED["schemes"])


class TestAgainstLibrary:
    """Every shipped case agrees with the library, read back from its wire form."""

    def test_status_cases(self) -> None:
        """Each status case's expected status is what the library gives."""
        wrong = [
            case for case in SHIPPED["status_cases"] if _rate(case) != case["expected"]
        ]
        assert [] == wrong

    def test_direction_cases(self) -> None:
        """Each direction case's expected direction is what the library gives."""
        wrong = [
            case
            for case in SHIPPED["direction_cases"]
            if direction_between(
                Polarity(case["polarity"]),
                Decimal(case["current"]),
                Decimal(case["previous"]),
                threshold=Decimal(case["threshold"]),
                threshold_kind=ChangeKind(case["threshold_kind"]),
                plain=case["plain"],
            ).value
            != case["expected"]
        ]
        assert [] == wrong


# Boundaries worked out by hand from each council's published words, against
# a target of 200 unless stated, so that the file is checked against more
# than the code that wrote it.
KNOWN = [
    # Maidstone: "within 10%" is amber, and exactly 10% is within.
    ("maidstone", "higher_is_better", "180", {}, "amber"),
    ("maidstone", "higher_is_better", "179.99", {}, "red"),
    ("maidstone", "lower_is_better", "220", {}, "amber"),
    ("maidstone", "higher_is_better", "200", {}, "green"),
    # Belfast: green within 1%, amber from 1% up to 5%, red at 5% or more.
    ("belfast", "higher_is_better", "198", {}, "green"),
    ("belfast", "higher_is_better", "197.99", {}, "amber"),
    ("belfast", "higher_is_better", "190.01", {}, "amber"),
    ("belfast", "higher_is_better", "190", {}, "red"),
    # Brighton & Hove with an amber range of 3 units.
    ("brighton_hove(3)", "lower_is_better", "203", {}, "amber"),
    ("brighton_hove(3)", "lower_is_better", "203.01", {}, "red"),
    # Zero targets: any shortfall is beyond a percentage band.
    ("maidstone", "higher_is_better", "-0.01", {}, "red"),
    ("maidstone", "lower_is_better", "0", {}, "green"),
    # Rotherham: missed but improving is amber in year; at the year end, red.
    (
        "rotherham",
        "higher_is_better",
        "199.99",
        {"direction": "improving", "is_year_end": False},
        "amber",
    ),
    (
        "rotherham",
        "higher_is_better",
        "199.99",
        {"direction": "improving", "is_year_end": True},
        "red",
    ),
    (
        "rotherham",
        "higher_is_better",
        "199.99",
        {"direction": "no_change", "is_year_end": False},
        "red",
    ),
    # Havering 2013/14: maintained performance beyond 10% is amber.
    (
        "havering_2013",
        "higher_is_better",
        "179.99",
        {"direction": "no_change"},
        "amber",
    ),
    ("havering_2013", "higher_is_better", "180", {"direction": "worsening"}, "green"),
    # Kent: target 100 with a floor of 90.
    ("kent", "higher_is_better", "95", {}, "amber"),
    ("kent", "higher_is_better", "90", {}, "amber"),
    ("kent", "higher_is_better", "89.99", {}, "red"),
    # Lincoln: a range of 40 to 60 is met anywhere inside, bounds included.
    ("lincoln", "closest_to_target", "40", {}, "green"),
    ("lincoln", "closest_to_target", "39.99", {}, "red"),
    ("lincoln", "higher_is_better", "60.01", {}, "red"),
]


class TestKnownBoundaries:
    """The file agrees with boundaries worked out by hand."""

    @pytest.mark.parametrize(
        ("scheme", "polarity", "actual", "extra", "expected"), KNOWN
    )
    def test_status(
        self,
        scheme: str,
        polarity: str,
        actual: str,
        extra: dict[str, object],
        expected: str,
    ) -> None:
        """The shipped case has the status the council's words give."""
        assert expected == _find(scheme, polarity, actual, **extra)["expected"]

    @pytest.mark.parametrize(
        ("polarity", "current", "threshold", "kind", "expected"),
        [
            ("higher_is_better", "101", "1", "absolute", "no_change"),
            ("higher_is_better", "101.01", "1", "absolute", "improving"),
            ("lower_is_better", "101.01", "1", "absolute", "worsening"),
            ("higher_is_better", "95", "5", "percent", "no_change"),
            ("higher_is_better", "94.99", "5", "percent", "worsening"),
            ("neutral", "94.99", "5", "percent", "lower"),
        ],
    )
    def test_direction(
        self, polarity: str, current: str, threshold: str, kind: str, expected: str
    ) -> None:
        """A change of exactly the threshold is no change; beyond it, a direction."""
        (case,) = [
            c
            for c in SHIPPED["direction_cases"]
            if (c["polarity"], c["current"], c["previous"], c["threshold"])
            == (polarity, current, "100", threshold)
            and c["threshold_kind"] == kind
            and not c["plain"]
        ]
        assert expected == case["expected"]
