r"""Shared test configuration: hypothesis profiles.

``CI=true`` selects the thorough profile; ``FAST=1`` a quick one for local
runs; otherwise hypothesis' defaults apply.

``HYPOTHESIS_PROFILE=fuzz`` selects a long fuzz campaign, for a run outside
CI: 100,000 examples a test (``FUZZ_EXAMPLES`` sets another number), no
deadline and no limit on run time, with
hypothesis' example database kept, so that a crash found is replayed on
the next run.  Run it over the fuzz tests, for ten minutes or more::

    HYPOTHESIS_PROFILE=fuzz python -m pytest -p no:cacheprovider \
        tests/test_fuzz.py --hypothesis-show-statistics

Tests that take a share of the profile's examples (the command-line and
workbook fuzzing) take that share of these too.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
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

if os.environ.get("HYPOTHESIS_PROFILE") == "fuzz":
    settings.load_profile("fuzz")
elif os.environ.get("FAST"):
    settings.load_profile("fast")
elif os.environ.get("CI"):
    settings.load_profile("ci")
else:
    settings.load_profile("default")
