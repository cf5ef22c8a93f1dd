"""The files offices upload to VNeID by hand, and the staff page /staff/vneid/ with its scoping."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from hocvuso.accounts.constants import AuditAction
from hocvuso.accounts.models import AuditEvent
from hocvuso.certificates import vneid
from hocvuso.certificates.constants import VNeIDStatus
from hocvuso.certificates.models import VNeIDConfirmation
from tests.certificates.vneid_support import make_confirmation
from tests.personas import Personas
from tests.web.helpers import client_for

CSV_HEADERS = [
    "Số chứng nhận",
    "Số CCCD",
    "Họ và tên",
    "Ngày sinh",
    "Năm sinh",
    "Mã xã",
    "Xã/phường",
    "Khung năng lực",
    "Phiên bản",
    "Mức",
    "Ngày cấp",
    "Ngày thu hồi",
    "Địa chỉ xác minh",
    "Trạng thái VNeID",
    "Mã yêu cầu",
    "Lỗi gần nhất",
]


def _csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM: Excel opens it as UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.mark.django_db
def test_the_csv_export_has_a_bom_vietnamese_headers_and_the_full_cccd(personas: Personas) -> None:
    row = make_confirmation(personas.person_a, VNeIDStatus.FAILED)
    data, count = vneid.export_batch(VNeIDConfirmation.objects.all(), "csv", by=personas.province_admin)
    assert count == 1
    header, line = _csv_rows(data)
    assert header == CSV_HEADERS
    record = dict(zip(header, line, strict=True))
    assert record["Số chứng nhận"] == row.certificate.number
    assert record["Số CCCD"] == personas.person_a.national_id
    assert record["Họ và tên"] == "Nguyễn Văn Hùng"
    assert record["Mã xã"] == str(personas.commune_a.code)
    assert record["Trạng thái VNeID"] == "failed"
    assert record["Mã yêu cầu"] == str(row.idempotency_key)
    assert record["Địa chỉ xác minh"] == row.certificate.credential["id"]


@pytest.mark.django_db
def test_the_json_lines_export_has_one_object_per_certificate_with_the_documented_keys(personas: Personas) -> None:
    make_confirmation(personas.person_a)
    make_confirmation(personas.person_b)
    data, count = vneid.export_batch(VNeIDConfirmation.objects.all(), "jsonl", by=personas.province_admin)
    lines = data.decode("utf-8").splitlines()
    assert count == len(lines) == 2
    records = [json.loads(line) for line in lines]
    assert list(records[0]) == [key for key, _header in vneid._columns()]
    assert {r["national_id"] for r in records} == {personas.person_a.national_id, personas.person_b.national_id}
    assert "Lê Thị Bích" in data.decode("utf-8")  # not escaped


@pytest.mark.django_db
def test_an_export_is_stamped_and_audited(personas: Personas) -> None:
    row = make_confirmation(personas.person_a)
    vneid.export_batch(VNeIDConfirmation.objects.all(), "csv", by=personas.officer_a, reason="reporting")
    row.refresh_from_db()
    assert row.exported_at is not None
    event = AuditEvent.objects.get(action=AuditAction.EXPORT_VNEID)
    assert event.actor == personas.officer_a
    assert event.details == {"rows": 1, "format": "csv"}


@pytest.mark.django_db
def test_the_export_command_writes_the_not_sent_and_failed_ones(personas: Personas, tmp_path: Path) -> None:
    failed = make_confirmation(personas.person_a, VNeIDStatus.FAILED)
    make_confirmation(personas.person_b, VNeIDStatus.CONFIRMED)
    out = tmp_path / "vneid.jsonl"
    call_command("export_vneid", "--format", "jsonl", "--output", str(out))
    [record] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert record["certificate_number"] == failed.certificate.number
    call_command("export_vneid", "--status", "confirmed", "--output", str(tmp_path / "c.csv"))
    assert len(_csv_rows((tmp_path / "c.csv").read_bytes())) == 2


@pytest.mark.django_db
def test_the_page_counts_each_state_and_shows_the_last_error(personas: Personas) -> None:
    make_confirmation(personas.person_a, VNeIDStatus.FAILED, last_error="VNeID refused the certificate (HTTP 400)")
    make_confirmation(personas.person_a2, VNeIDStatus.CONFIRMED)
    page = client_for(personas.officer_a).get(reverse("web:vneid-list"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "VNeID refused the certificate (HTTP 400)" in text
    assert "Failed: 1" in text and "Confirmed: 1" in text
    filtered = client_for(personas.officer_a).get(reverse("web:vneid-list"), {"status": "confirmed"})
    assert "HTTP 400" not in filtered.content.decode()


@pytest.mark.django_db
def test_a_commune_officer_sees_only_the_certificates_of_their_commune(personas: Personas) -> None:
    a = make_confirmation(personas.person_a)
    b = make_confirmation(personas.person_b)
    text = client_for(personas.officer_b).get(reverse("web:vneid-list")).content.decode()
    assert b.certificate.number in text
    assert a.certificate.number not in text
    other_commune = client_for(personas.officer_b).get(reverse("web:vneid-list"), {"commune": personas.commune_a.code})
    assert other_commune.status_code == 404


@pytest.mark.django_db
def test_a_commune_officer_exports_only_their_commune(personas: Personas) -> None:
    make_confirmation(personas.person_a)
    b = make_confirmation(personas.person_b)
    response = client_for(personas.officer_b).get(reverse("web:vneid-export"), {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    [_header, line] = _csv_rows(response.content)
    assert line[0] == b.certificate.number
    jsonl = client_for(personas.officer_b).get(reverse("web:vneid-export"), {"format": "jsonl"})
    assert jsonl["Content-Type"].startswith("application/x-ndjson")
    assert len(jsonl.content.decode().splitlines()) == 1


@pytest.mark.django_db
def test_a_commune_officer_requeues_only_their_commune(personas: Personas) -> None:
    a = make_confirmation(personas.person_a)
    b = make_confirmation(personas.person_b)
    response = client_for(personas.officer_b).post(reverse("web:vneid-requeue"))
    assert response.status_code == 302
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.status, b.status) == (VNeIDStatus.FAILED, VNeIDStatus.QUEUED)
    one = client_for(personas.officer_b).post(reverse("web:vneid-requeue"), {"confirmation": a.pk})
    assert one.status_code == 404


@pytest.mark.django_db
def test_send_now_runs_the_sender_job(personas: Personas, settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []

    def send_due(**kwargs: Any) -> vneid.SendReport:
        calls.append(1)
        return vneid.SendReport()

    monkeypatch.setattr(vneid, "send_due", send_due)
    settings.HOCVUSO_VNEID_ENDPOINT = ""
    client = client_for(personas.province_admin)
    off = client.post(reverse("web:vneid-send"), follow=True)
    assert "turned off" in off.content.decode()
    assert calls == []
    settings.HOCVUSO_VNEID_ENDPOINT = "http://127.0.0.1:9/vneid"
    client.post(reverse("web:vneid-send"))
    assert calls == [1]
