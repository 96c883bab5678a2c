"""Shared test configuration: hypothesis profiles.

``CI=true`` selects the thorough profile; ``FAST=1`` a quick one for local
runs; otherwise hypothesis' defaults apply.
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

if os.environ.get("FAST"):
    settings.load_profile("fast")
elif os.environ.get("CI"):
    settings.load_profile("ci")
else:
    settings.load_profile("default")
