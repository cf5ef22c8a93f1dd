"""Public wifi points (plan 67 III.4.e): listed publicly per commune, created and changed by managers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hocvuso.accounts.constants import AuditAction
from hocvuso.accounts.models import AuditEvent
from hocvuso.campaign.constants import WifiStatus
from hocvuso.campaign.models import WifiPoint
from hocvuso.geo.models import Commune
from tests.personas import Personas
from tests.web.helpers import client_for

pytestmark = pytest.mark.django_db


def _data(p: Personas, **extra: object) -> dict[str, object]:
    return {
        "commune": p.commune_a.code,
        "name": "Wifi chợ Trà Vinh",
        "address": "Chợ Trà Vinh",
        "status": WifiStatus.WORKING,
        "provider": "VNPT",
        "latitude": "9.934700",
        "longitude": "106.345300",
        **extra,
    }


def test_an_officer_adds_a_wifi_point_and_marks_it_out_of_order(personas: Personas) -> None:
    p = personas
    client = client_for(p.officer_a)
    assert client.post(reverse("web:wifi-points"), _data(p)).status_code == 302
    point = WifiPoint.objects.get()
    assert (point.commune_id, point.provider, str(point.latitude)) == (p.commune_a.code, "VNPT", "9.934700")
    response = client.post(reverse("web:wifi-point", args=[point.pk]), _data(p, status=WifiStatus.BROKEN))
    assert response.status_code == 302
    point.refresh_from_db()
    assert point.status == WifiStatus.BROKEN
    assert AuditEvent.objects.filter(action=AuditAction.CHANGE_WIFI_POINT, object_id=str(point.pk)).count() == 2


def test_an_officer_cannot_add_a_point_in_another_commune(personas: Personas) -> None:
    p = personas
    response = client_for(p.officer_b).post(reverse("web:wifi-points"), _data(p))
    assert response.status_code == 400
    assert not WifiPoint.objects.exists()


def test_anyone_reads_the_wifi_points_of_a_commune_without_removed_ones(personas: Personas) -> None:
    p = personas
    Commune.objects.filter(pk=p.commune_a.pk).update(in_campaign_area=True)
    WifiPoint.objects.create(commune=p.commune_a, name="Wifi nhà văn hóa Khóm 1", status=WifiStatus.WORKING)
    WifiPoint.objects.create(commune=p.commune_a, name="Wifi cũ bến xe", status=WifiStatus.REMOVED)
    response = client_for(None).get(reverse("web:commune-wifi", args=[p.commune_a.code]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Wifi nhà văn hóa Khóm 1" in body and "Wifi cũ bến xe" not in body
