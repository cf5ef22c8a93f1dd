"""With REDIS_URL set, a roster import runs on a real Celery worker through Redis (same task code)."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.core.files import File
from django.db import OperationalError

from config.celery import app
from hocvuso.people import tasks  # noqa: F401  (registers the task with the worker)
from hocvuso.people.constants import ImportStatus
from hocvuso.people.models import ImportJob, Person
from hocvuso.people.roster_import import create_import_job, start_import

REDIS_URL = "redis://127.0.0.1:6379/14"


def _wait_for(job_id: int, seconds: float = 60) -> ImportJob:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            job = ImportJob.objects.get(pk=job_id)
            if job.status in (ImportStatus.DONE, ImportStatus.FAILED):
                return job
        except OperationalError:  # SQLite shared-cache table lock while the worker writes
            pass
        time.sleep(0.2)
    raise AssertionError("the worker did not finish the import")


@pytest.fixture
def celery_on_redis(settings):  # type: ignore[no-untyped-def]
    # A queue of its own, so that other test runs sharing this Redis never take our task.
    queue = f"test-{uuid.uuid4().hex}"
    settings.REDIS_URL = REDIS_URL
    saved = {k: app.conf[k] for k in ("broker_url", "task_always_eager", "result_backend", "task_default_queue")}
    app.conf.update(broker_url=REDIS_URL, task_always_eager=False, result_backend=None, task_default_queue=queue)
    try:
        with start_worker(
            app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=30, queues=[queue]
        ):
            yield
    finally:
        app.conf.update(saved)
        redis.Redis.from_url(REDIS_URL).delete(queue)


@pytest.mark.django_db(transaction=True)
def test_an_import_job_is_sent_to_redis_and_done_by_a_celery_worker(celery_on_redis, personas, tmp_path: Path) -> None:
    roster = tmp_path / "khom1.csv"
    roster.write_text(
        "Họ và tên,Số CCCD,Năm sinh,Giới tính,Khóm\n"
        "Trần Thị Mai,084180000101,1980,Nữ,Khóm 1\n"
        "Kim Văn Sơn,084090000102,1990,Nam,Khóm 2\n",
        encoding="utf-8",
    )
    with roster.open("rb") as fh:
        job = create_import_job(
            commune=personas.commune_a, file=File(fh), original_name=roster.name, user=personas.officer_a
        )
    start_import(job)  # autocommit: on_commit fires now and the task goes to Redis

    done = _wait_for(job.pk)
    assert (done.status, done.created, done.updated, done.unchanged, done.rejected) == (ImportStatus.DONE, 2, 0, 0, 0)
    assert (
        Person.objects.filter(national_id__in=["084180000101", "084090000102"], commune=personas.commune_a).count() == 2
    )
