"""Shared helpers of the benchmark scripts: a scratch Django project state, timers, peak memory."""

from __future__ import annotations

import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(*, data_dir: str | None = None, sqlite_path: str | None = None) -> Path:
    """Point settings at a scratch data directory (and optionally an existing SQLite file), then set up Django.

    Must run before anything imports Django models. Returns the data directory.
    """
    directory = Path(data_dir or tempfile.mkdtemp(prefix="hocvuso-bench-"))
    directory.mkdir(parents=True, exist_ok=True)
    os.environ["HOCVUSO_DATA_DIR"] = str(directory)
    if sqlite_path:
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(sqlite_path).resolve()}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("HOCVUSO_INPROCESS_JOBS", "sync")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    return directory


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn: Callable[[], object], repeat: int, warmup: int = 1) -> list[float]:
    """Wall-clock seconds of `repeat` calls of `fn`, after `warmup` untimed calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return times


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (0-100) by linear interpolation."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(sorted(values), n=100, method="inclusive")[max(0, min(98, round(p) - 1))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f}"
