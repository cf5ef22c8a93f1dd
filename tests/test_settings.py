"""Settings come from the environment, with working development defaults."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def _run_django(code: str, env: dict[str, str]) -> str:
    base = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_the_default_database_is_sqlite_in_wal_mode(tmp_path: Path) -> None:
    out = _run_django(
        "from django.db import connection\n"
        "c = connection.cursor(); c.execute('PRAGMA journal_mode'); print(connection.vendor, c.fetchone()[0])",
        {"HOCVUSO_DATA_DIR": str(tmp_path)},
    )
    assert out == "sqlite wal"
    assert (tmp_path / "hocvuso.sqlite3").exists()


def test_database_url_selects_postgresql(tmp_path: Path) -> None:
    out = _run_django(
        "from django.conf import settings; d = settings.DATABASES['default']; print(d['ENGINE'], d['NAME'], d['HOST'])",
        {"DATABASE_URL": "postgres://u:p@db.example:5432/hocvuso", "HOCVUSO_DATA_DIR": str(tmp_path)},
    )
    assert out == "django.db.backends.postgresql hocvuso db.example"


def test_without_redis_jobs_run_in_process_and_with_redis_on_celery(tmp_path: Path) -> None:
    code = "from django.conf import settings; from config.celery import app; print(app.conf.task_always_eager, app.conf.broker_url)"
    assert _run_django(code, {"HOCVUSO_DATA_DIR": str(tmp_path)}) == "True memory://"
    assert _run_django(code, {"HOCVUSO_DATA_DIR": str(tmp_path), "REDIS_URL": "redis://127.0.0.1:6379/3"}) == (
        "False redis://127.0.0.1:6379/3"
    )


def test_production_settings_harden_cookies(tmp_path: Path) -> None:
    out = _run_django(
        "from django.conf import settings\n"
        "print(settings.DEBUG, settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, settings.ALLOWED_HOSTS)",
        {
            "HOCVUSO_DATA_DIR": str(tmp_path),
            "DEBUG": "0",
            "ALLOWED_HOSTS": "hocvuso.example.vn",
            "SECRET_KEY": "x" * 60,
        },
    )
    assert out == "False True True ['hocvuso.example.vn']"


def test_vietnamese_is_the_default_language_with_khmer_and_english() -> None:
    assert settings.LANGUAGE_CODE == "vi"
    assert [code for code, _name in settings.LANGUAGES] == ["vi", "km", "en"]
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
