"""Celery wrappers (ids in, a service does the work); run in-process when REDIS_URL is unset (lib.jobs)."""

from __future__ import annotations

from datetime import date

from celery import shared_task


@shared_task(name="kpi.refresh_commune")
def refresh_commune(code: int, day: str | None = None) -> None:
    from hocvuso.kpi.services import clear_pending
    from hocvuso.kpi.services import refresh_commune as refresh

    clear_pending(code)  # events from now on queue another refresh (services.schedule_refresh)
    refresh(code, date.fromisoformat(day) if day else None)
