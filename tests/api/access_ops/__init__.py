"""Rows of the API access matrix (tests/api/test_access_api.py), one module per app's router.

Each area module defines OPS (list[Op]) and COVERED (the (method, path) pairs of its operations).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hocvuso.people import roster_import
from hocvuso.people.models import ImportJob
from tests.api.conftest import Api, roster_file
from tests.personas import PERSONA_NAMES, Personas

PERSONAS = PERSONA_NAMES


@dataclass
class World:
    p: Personas
    job_a: ImportJob  # a finished import into commune A
    preview_a: ImportJob  # a dry run for commune A, ready to confirm


def _world(p: Personas) -> World:
    def job(dry_run: bool) -> ImportJob:
        made = roster_import.create_import_job(
            commune=p.commune_a, file=roster_file(), original_name="a.csv", user=p.officer_a, dry_run=dry_run
        )
        return roster_import.run_import(made.pk)

    return World(p, job(dry_run=False), job(dry_run=True))


def expect(allowed: dict[str, int], others: int, *, anonymous: int = 401) -> dict[str, int]:
    """Status per persona: `allowed` ones as given, `anonymous` for no sign-in, `others` for the rest."""
    return {name: allowed.get(name, anonymous if name == "anonymous" else others) for name in PERSONAS}


@dataclass
class Op:
    name: str
    scope: str | None
    call: Callable[[Api, World], Any]
    status: dict[str, int]
    # For lists: the ids each persona must get back (personas not named get nothing).
    rows: Callable[[World], dict[str, set[Any]]] | None = None
    # For writes: a snapshot of what the call would change; a refused call must leave it equal.
    snapshot: Callable[[World], Any] | None = None
    ids: Callable[[Any], set[Any]] = field(default=lambda body: {row["id"] for row in body["items"]})
