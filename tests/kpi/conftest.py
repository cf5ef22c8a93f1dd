from __future__ import annotations

import pytest

from hocvuso.kpi import services


@pytest.fixture(autouse=True)
def _plan_targets(request: pytest.FixtureRequest) -> None:
    """The plan's default targets come with migration kpi.0002; a transactional test elsewhere on
    this worker may have flushed them: load them again (idempotent, keeps edits)."""
    if "db" in request.fixturenames or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
        services.load_default_targets()
