r"""Shared test configuration: hypothesis profiles, and settings for heavy tests.

The environment chooses the profile (examples a test; a heavy test's in
brackets):

- nothing set: ``default``, 100 (50), for an ordinary local run;
- ``FAST=1``: ``fast``, 20 (20), for quick runs and mutation testing;
- ``CI=true``: ``ci``, 300 (50), what ``.ci/run`` runs;
- ``HYPOTHESIS_PROFILE=thorough``: ``thorough``, 300 (300), the scheduled
  full-strength run;
- ``HYPOTHESIS_PROFILE=fuzz``: ``fuzz``, 100,000 (100,000), a long fuzz
  campaign.

A *heavy* test is a property that writes, reads or rates whole generated
plans: a round trip through a table format, JSON or a workbook, or a report
of a generated plan.  Each takes tens of milliseconds an example, and there
are a score of them, so the ``ci`` profile gives them 50 examples
(:func:`heavy`) and everything else its 300.  The ``thorough`` profile gives
them their full 300 too: it is the scheduled run, which finds what the
property tests can find at the strength CI had before they were cut down.
It takes a quarter of an hour or more on two cores; run the whole suite
with it::

    HYPOTHESIS_PROFILE=thorough python -m pytest -p no:cacheprovider

``HYPOTHESIS_PROFILE=fuzz`` selects a long fuzz campaign, for a run outside
CI: 100,000 examples a test (``FUZZ_EXAMPLES`` sets another number), no
deadline and no limit on run time, with
hypothesis' example database kept, so that a crash found is replayed on
the next run.  Run it over the fuzz tests, for ten minutes or more::

    HYPOTHESIS_PROFILE=fuzz python -m pytest -p no:cacheprovider \
        tests/test_fuzz.py --hypothesis-show-statistics

Tests that take a share of the profile's examples (the command-line and
workbook fuzzing) take that share of these too.

A profile can also be chosen with hypothesis' own option,
``--hypothesis-profile=thorough``; heavy tests follow it.
"""

from __future__ import annotations

import os
from typing import Any

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile(
    "thorough",
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile("fast", max_examples=20, deadline=None)
settings.register_profile("default", deadline=None)
settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "100000")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
    print_blob=True,
)

#: Examples a heavy test takes under each profile; a profile not named
#: here gives heavy tests as many as any other test.
HEAVY_EXAMPLES = {"ci": 50, "default": 50}

_CHOSEN = os.environ.get("HYPOTHESIS_PROFILE")
if _CHOSEN in {"fuzz", "thorough"}:
    _LOADED = _CHOSEN
elif os.environ.get("FAST"):
    _LOADED = "fast"
elif os.environ.get("CI"):
    _LOADED = "ci"
else:
    _LOADED = "default"
settings.load_profile(_LOADED)


def profile_name() -> str:
    """The name of the hypothesis profile in force.

    The one the environment chose, unless ``--hypothesis-profile`` chose
    another since (hypothesis' pytest plugin loads it before the test
    modules are imported).
    """
    current = getattr(settings, "get_current_profile_name", None)
    return _LOADED if current is None else str(current())


def heavy_examples() -> int:
    """How many examples a heavy test takes under the profile in force."""
    return HEAVY_EXAMPLES.get(profile_name(), settings().max_examples)


def heavy(share: float = 1, *, at_least: int = 4, **changes: Any) -> settings:
    """Settings for a heavy property test: one that round-trips whole plans.

    It takes *share* of :func:`heavy_examples` (50 under ``ci`` and
    ``default``, 300 under ``thorough``, the profile's own number
    elsewhere), and never fewer
    than *at_least*; the too-slow health check is off, as drawing a plan
    is slow by design (the profile's own suppressions stay).  Use it in
    place of ``@settings``::

        @heavy()
        @given(pst.plans())
        def test_round_trip(plan): ...

    Args:
        share: The part of the heavy examples the test takes: a fifth for
            a test that writes workbooks, say.
        at_least: The fewest examples it takes.
        **changes: Any other settings, as ``hypothesis.settings`` takes.
    """
    suppressed = {*settings().suppress_health_check, HealthCheck.too_slow}
    changes.setdefault("suppress_health_check", sorted(suppressed, key=str))
    return settings(
        max_examples=max(at_least, int(heavy_examples() * share)), **changes
    )
