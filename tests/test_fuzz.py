"""Hostile input never escapes as anything but a perfmeasures error."""

from __future__ import annotations

import functools
import io
import json
from collections.abc import Callable

from hypothesis import given
from hypothesis import strategies as st

from perfmeasures import (
    InvalidPeriodError,
    LoadError,
    PerfmeasuresError,
    Year,
    parse_period,
)
from perfmeasures.examples import rotherham_2019_20
from perfmeasures.io import plan_from_json, plan_to_json, read_long_csv, read_wide_csv

SEED_JSON = plan_to_json(rotherham_2019_20())
_LABELISH = st.text(
    alphabet=st.sampled_from("Qq0123456789/- ()AprJunMarSepYearend"), max_size=24
)

# JSON values to splice into the seed document.
_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def failure(call: Callable[[], object]) -> PerfmeasuresError | None:
    """The perfmeasures error *call* raises, or None; anything else propagates."""
    try:
        call()
    except PerfmeasuresError as error:
        return error
    return None


def named_bytes(data: bytes) -> io.BytesIO:
    """*data* as a binary file with a name, as an opened file has."""
    stream = io.BytesIO(data)
    stream.name = "fuzz.csv"
    return stream


class TestParsePeriod:
    """parse_period on arbitrary text."""

    @given(st.text() | _LABELISH)
    def test_period_or_error(self, text: str) -> None:
        """Law: any text gives a period whose label reads back, or a located error."""
        error = failure(lambda: parse_period(text))
        if error is not None:
            assert isinstance(error, InvalidPeriodError)
            assert text == error.value
            return
        period = parse_period(text)
        year = period if isinstance(period, Year) else getattr(period, "year", None)
        start = year.start_month if isinstance(year, Year) else 4
        assert period == parse_period(period.label, year_start_month=start)


class TestLoaders:
    """Loaders on arbitrary bytes and on damaged documents."""

    @given(st.binary(max_size=256))
    def test_json_bytes(self, data: bytes) -> None:
        """Law: arbitrary bytes give a plan or a LoadError listing problems."""
        error = failure(lambda: plan_from_json(data))
        assert error is None or (isinstance(error, LoadError) and error.problems)

    @given(st.data())
    def test_damaged_seed(self, data: st.DataObject) -> None:
        """Law: the seed with one value replaced loads, or fails with JSON paths."""
        document = json.loads(SEED_JSON)
        node = document
        while isinstance(node, dict | list) and node:
            keys = list(node) if isinstance(node, dict) else list(range(len(node)))
            key = data.draw(st.sampled_from(keys))
            if data.draw(st.booleans()) or not isinstance(node[key], dict | list):
                node[key] = data.draw(_JSON)
                break
            node = node[key]
        error = failure(lambda: plan_from_json(json.dumps(document)))
        if error is not None:
            assert isinstance(error, LoadError)
            assert all(p.location.startswith("$") for p in error.problems)

    @given(st.binary(max_size=256))
    def test_csv_bytes(self, data: bytes) -> None:
        """Law: arbitrary bytes as a wide or long CSV load or give a LoadError."""
        for reader in (read_wide_csv, read_long_csv):
            error = failure(functools.partial(reader, named_bytes(data)))
            assert error is None or (isinstance(error, LoadError) and error.problems)
