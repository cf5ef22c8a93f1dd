"""Fixtures shared by the browser journeys: Debian's chromium driven by Playwright."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connections
from playwright.sync_api import Browser, sync_playwright

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module", autouse=True)
def _units_reloaded_after_module(django_db_blocker: Any) -> Iterator[None]:
    """A transactional test empties every table when it ends; put the official units back for the
    next test files. Module-scoped, so this teardown runs after the last test's flush."""
    yield
    with django_db_blocker.unblock():
        call_command("load_units", verbosity=0)


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[Browser]:
    # Playwright's sync API runs an event loop in this thread; the test's ORM calls are plain sync calls.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (make chromium)")
    with sync_playwright() as pw:
        instance = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield instance
        instance.close()
        # While Playwright's loop runs, the ORM calls of the test get their own connection (Django keeps
        # connections per context); close it, or PostgreSQL cannot drop the test database at the end.
        connections.close_all()
