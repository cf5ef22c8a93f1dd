"""Roster export to XLSX: for a commune or one hamlet, only with a reason, always audited."""

from __future__ import annotations

import io

from django.urls import reverse
from python_calamine import CalamineWorkbook

from hocvuso.accounts.constants import AccessReason, AuditAction
from hocvuso.accounts.models import AuditEvent
from tests.personas import Personas
from tests.web.helpers import client_for


def _cells(response) -> list[list[object]]:  # type: ignore[no-untyped-def]
    content = b"".join(response.streaming_content)
    return CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()


def test_export_of_one_hamlet_holds_only_its_people_and_is_audited(personas: Personas) -> None:
    response = client_for(personas.officer_a).post(
        reverse("web:export"),
        {"commune": personas.commune_a.code, "hamlet": personas.hamlet_a2.pk, "reason": AccessReason.REPORTING},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    text = " ".join(str(c) for row in _cells(response) for c in row)
    assert "Thạch Thị Sa Ra" in text
    assert "Nguyễn Văn Hùng" not in text
    event = AuditEvent.objects.get(action=AuditAction.EXPORT_ROSTER)
    assert (event.actor, event.object_type, event.object_id, event.reason) == (
        personas.officer_a,
        "hamlet",
        str(personas.hamlet_a2.pk),
        AccessReason.REPORTING,
    )


def test_export_without_a_reason_is_refused(personas: Personas) -> None:
    response = client_for(personas.officer_a).post(reverse("web:export"), {"commune": personas.commune_a.code})
    assert response.status_code == 400
    assert "Choose why you export the roster." in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT_ROSTER).exists()


def test_export_of_a_hamlet_outside_the_chosen_commune_is_refused(personas: Personas) -> None:
    response = client_for(personas.province_admin).post(
        reverse("web:export"),
        {"commune": personas.commune_a.code, "hamlet": personas.hamlet_b1.pk, "reason": AccessReason.REPORTING},
    )
    assert response.status_code == 400
    assert "is not in" in response.content.decode()


def test_commune_officer_cannot_export_another_commune(personas: Personas) -> None:
    response = client_for(personas.officer_b).post(
        reverse("web:export"), {"commune": personas.commune_a.code, "reason": AccessReason.REPORTING}
    )
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT_ROSTER).exists()
