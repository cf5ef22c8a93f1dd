"""Thin Celery wrappers: they take ids and call a service."""

from __future__ import annotations

from celery import shared_task

from hocvuso.people import roster_import


@shared_task(name="people.run_import", acks_late=True)
def run_import_task(job_id: int) -> int:
    """Run (or continue) a roster import; returns the job's status-independent id for chaining."""
    roster_import.run_import(job_id)
    return job_id
