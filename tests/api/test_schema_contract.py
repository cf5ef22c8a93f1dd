"""Schemathesis against the live /api/v1 OpenAPI schema: no 5xx, and every answer matches the schema.

A live test server serves the real URLs; the personas and two roster imports exist, and the
province administrator's token holds every scope. Each operation gets valid (positive) and invalid
(negative) generated requests. Random ids almost never name a row, so half of the valid requests
are steered to existing rows and communes: generated hamlets, people and uploads then really get
written, and the answers of those paths are checked too.
(schemathesis.pytest.from_fixture does not run on pytest 9, so the operations are looped here.)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from hocvuso.geo.models import Commune
from hocvuso.people import roster_import
from tests.api.conftest import roster_file, token_for
from tests.personas import Personas, build_personas

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]
EXAMPLES_PER_OPERATION = 20


def _existing_rows(p: Personas) -> dict[str, list[int]]:
    jobs = [
        roster_import.run_import(
            roster_import.create_import_job(
                commune=p.commune_a, file=roster_file(), original_name="a.csv", user=p.officer_a, dry_run=dry
            ).pk
        ).pk
        for dry in (False, True, True)
    ]
    return {
        "hamlet_id": [p.hamlet_a1.pk, p.hamlet_a2.pk, p.hamlet_b1.pk],
        "household_id": [p.household_a.pk, p.household_b.pk],
        "person_id": [p.person_a.pk, p.person_a2.pk, p.person_b.pk, p.pupil_a.pk],
        "job_id": jobs,
        "commune_code": [p.commune_a.code, p.commune_b.code],
    }


def _steer(case: schemathesis.Case, rows: dict[str, list[int]]) -> None:
    """Point even generated ids and codes at existing rows (the values stay valid for the schema)."""
    for values in (case.path_parameters, case.query, case.body if isinstance(case.body, dict) else None):
        for name, value in (values or {}).items():
            if name in rows and isinstance(value, int) and not isinstance(value, bool) and value % 2 == 0:
                values[name] = rows[name][value // 2 % len(rows[name])]


@pytest.fixture(scope="module", autouse=True)
def _units_reloaded_after_module(django_db_blocker: Any) -> Iterator[None]:
    """A transactional test empties every table when it ends; put the official units back afterwards.

    (Not serialized_rollback: after another transactional test's flush has re-created the content
    types, restoring the serialized copy collides with them.)
    """
    yield
    with django_db_blocker.unblock():
        call_command("load_units", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_every_operation_answers_within_its_schema(live_server):
    if not Commune.objects.exists():  # an earlier transactional test in this worker flushed the tables
        call_command("load_units", verbosity=0)
    personas = build_personas()
    rows = _existing_rows(personas)
    headers = {"Authorization": f"Bearer {token_for(personas.province_admin)}", "Accept-Language": "en"}
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json", headers=headers)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 17
    failures: list[str] = []
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=EXAMPLES_PER_OPERATION,
                deadline=None,
                derandomize=True,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def check(case: schemathesis.Case) -> None:
                if mode == GenerationMode.POSITIVE:
                    _steer(case, rows)
                case.call_and_validate(headers=headers, checks=CHECKS)

            try:
                check()
            except Unsatisfiable:
                # An operation without parameters or body has no invalid input to generate.
                assert mode == GenerationMode.NEGATIVE, f"{operation.method.upper()} {operation.path}"
            except Exception as exc:  # collect every operation's failure, then report them all
                failures.append(f"{operation.method.upper()} {operation.path} ({mode.value}):\n{exc}")
    assert not failures, "\n\n".join(failures)
