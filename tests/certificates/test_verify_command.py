"""`manage.py verify_certificate`: exit code 0 when valid, 1 otherwise; offline with an exported keys file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from hocvuso.certificates.models import Certificate
from hocvuso.certificates.pdf import render_certificate_pdf
from hocvuso.certificates.signing import public_keys_document
from tests.certificates import signed_certificate, verify_url


def write_pdf(cert: Certificate, folder: Path, *, replace: tuple[bytes, bytes] | None = None) -> Path:
    data = render_certificate_pdf(cert, verify_url=verify_url(cert.number), credential=cert.credential)
    if replace:
        data = data.replace(*replace)
    path = folder / f"{cert.number}.pdf"
    path.write_bytes(data)
    return path


def write_keys(folder: Path) -> Path:
    path = folder / "keys.json"
    path.write_text(json.dumps(public_keys_document()), encoding="utf-8")
    return path


def run(*args: str) -> tuple[int, str]:
    out = StringIO()
    try:
        with translation.override("en"):
            call_command("verify_certificate", *args, stdout=out)
    except SystemExit as exit:
        return int(exit.code or 0), out.getvalue()
    return 0, out.getvalue()


@pytest.mark.django_db
def test_a_valid_certificate_exits_with_0(tmp_path: Path) -> None:
    cert = signed_certificate()
    code, out = run(str(write_pdf(cert, tmp_path)))
    assert code == 0
    assert out.startswith("Valid:") and cert.number in out and "N*** V*** An" in out


@pytest.mark.django_db
def test_a_tampered_certificate_exits_with_1(tmp_path: Path) -> None:
    cert = signed_certificate()
    code, out = run(str(write_pdf(cert, tmp_path, replace=(b"Nguy\xe1\xbb\x85n", b"Nguy\xe1\xbb\x87n"))))
    assert code == 1 and out.startswith("Not valid:")


@pytest.mark.django_db
def test_a_revoked_certificate_exits_with_1(tmp_path: Path) -> None:
    cert = signed_certificate()
    Certificate.objects.filter(pk=cert.pk).update(revoked_at=timezone.now(), revocation_reason="mistake")
    code, out = run(str(write_pdf(cert, tmp_path)), "--json")
    assert code == 1
    verdict = json.loads(out)
    assert verdict["state"] == "revoked" and verdict["ok"] is False and verdict["revocation_reason"]


@pytest.mark.django_db
def test_the_credential_json_file_verifies_too(tmp_path: Path) -> None:
    cert = signed_certificate()
    path = tmp_path / "credential.json"
    path.write_text(json.dumps(cert.credential, ensure_ascii=False), encoding="utf-8")
    assert run(str(path))[0] == 0


@pytest.mark.django_db
def test_offline_with_a_keys_file_reads_no_database(tmp_path: Path, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    cert = signed_certificate()
    pdf, keys = write_pdf(cert, tmp_path), write_keys(tmp_path)
    Certificate.objects.filter(pk=cert.pk).update(revoked_at=timezone.now())  # offline cannot know this
    with django_assert_num_queries(0):
        code, out = run(str(pdf), "--keys", str(keys), "--json")
    assert code == 0
    verdict = json.loads(out)
    assert verdict["state"] == "unknown" and verdict["signature_ok"] and verdict["offline"]
    assert "not checked offline" in verdict["message"]


@pytest.mark.django_db
def test_offline_a_tampered_certificate_exits_with_1(tmp_path: Path) -> None:
    cert = signed_certificate()
    pdf = write_pdf(cert, tmp_path, replace=(b"/Subject (TV-2026-000123)", b"/Subject (TV-2026-000321)"))
    assert run(str(pdf), "--keys", str(write_keys(tmp_path)))[0] == 1


@pytest.mark.django_db
def test_an_unreadable_file_or_keys_file_is_a_command_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError):
        run(str(tmp_path / "missing.pdf"))
    cert = signed_certificate()
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(CommandError):
        run(str(write_pdf(cert, tmp_path)), "--keys", str(bad))


@pytest.mark.django_db
def test_the_real_command_works_offline_without_any_database(tmp_path: Path) -> None:
    """A separate process whose database does not exist: only the two files are read."""
    cert = signed_certificate()
    good, keys = write_pdf(cert, tmp_path), write_keys(tmp_path)
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(good.read_bytes().replace(b"TV-2026-000123", b"TV-2026-000999"))
    env = {
        **os.environ,
        "HOCVUSO_DATA_DIR": str(tmp_path / "data"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'no-such-dir' / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "verify_certificate"]
    ok = subprocess.run([*manage, str(good), "--keys", str(keys)], env=env, capture_output=True, timeout=120)
    assert ok.returncode == 0, ok.stderr.decode()
    tampered = subprocess.run([*manage, str(bad), "--keys", str(keys)], env=env, capture_output=True, timeout=120)
    assert tampered.returncode == 1, tampered.stderr.decode()
