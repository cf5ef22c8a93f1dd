"""Celery wrappers (ids in, a service does the work); run in-process when REDIS_URL is unset (lib.jobs)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="certificates.run_batch")
def run_batch(batch_id: int) -> None:
    from hocvuso.certificates.services import run_batch as run

    run(batch_id)


@shared_task(name="certificates.send_vneid")
def send_vneid() -> None:
    """Send the VNeID confirmations that are due (periodic; also started after issuing)."""
    from hocvuso.certificates.vneid import send_due

    send_due()
