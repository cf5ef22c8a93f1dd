"""Shared fixtures: the real administrative units, and the same personas in every test.

Personas (tests/personas.py): province_admin, officer_a (commune A), officer_b (commune B),
team_member_a (a hamlet of A), mentor_a, org_manager_a (a school in A), learner_a (their own
record in A), outsider (signed in, no role), and anonymous.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

from hocvuso.geo.models import Commune
from tests.personas import Personas, build_personas


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """Load the official provinces and communes once into the test database."""
    with django_db_blocker.unblock():
        call_command("load_units", verbosity=0)
        # Live-server tests flush the database; marked serialized_rollback=True they start from this state.
        connection._test_serialized_contents = connection.creation.serialize_db_to_string()


@pytest.fixture(autouse=True)
def _fast_hashing_and_sync_jobs(settings):  # type: ignore[no-untyped-def]
    # Argon2 is the real hasher (tests/accounts check it); tests that create many users use a cheap one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.HOCVUSO_INPROCESS_JOBS = "sync"
    # Counters kept in the cache (failed record claims per address) must not leak between tests.
    cache.clear()


@pytest.fixture(autouse=True)
def _units_even_after_a_flush(request):  # type: ignore[no-untyped-def]
    """Every database test starts with the official units. A transactional test (the PostgreSQL
    concurrency tests) ends by flushing every table, and with `--dist loadfile` the next file on that
    worker may run after it: load the units again then (one cheap query otherwise)."""
    if "live_server" in request.fixturenames:
        return  # browser tests restore their own state (tests/browser/conftest.py)
    marker = request.node.get_closest_marker("django_db")
    if marker is not None:
        request.getfixturevalue("transactional_db" if marker.kwargs.get("transaction") else "db")
    elif "transactional_db" in request.fixturenames:
        request.getfixturevalue("transactional_db")
    elif "db" in request.fixturenames:
        request.getfixturevalue("db")
    else:
        return
    if not Commune.objects.exists():
        call_command("load_units", verbosity=0)


@pytest.fixture
def personas(db) -> Personas:  # type: ignore[no-untyped-def]
    return build_personas()


@pytest.fixture
def content(db):  # type: ignore[no-untyped-def]
    """The real frameworks (framework/data/) and the real lessons, courses and library (learning/content/)."""
    from hocvuso.framework.services import load_all
    from hocvuso.learning.content import load_content

    load_all()
    return load_content()
