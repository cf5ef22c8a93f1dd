"""Start a long job: on Celery when REDIS_URL is set, otherwise in this process.

The job body is always the same Celery task, so imports take one code path either way. In-process
jobs run on a background thread (web requests return at once and poll progress) or, with
HOCVUSO_INPROCESS_JOBS=sync, inside the caller (tests and management commands).
"""

from __future__ import annotations

import threading
from typing import Any

from django.conf import settings
from django.db import close_old_connections


def enqueue(task: Any, *args: Any) -> None:
    """Run `task(*args)` as a job. `task` is a Celery task taking ids."""
    if settings.REDIS_URL:
        task.delay(*args)
        return
    if settings.HOCVUSO_INPROCESS_JOBS == "sync":
        task.apply(args=args, throw=True)
        return

    def run() -> None:
        close_old_connections()
        try:
            task.apply(args=args, throw=False)
        finally:
            close_old_connections()

    threading.Thread(target=run, name=f"job-{task.name}", daemon=True).start()
