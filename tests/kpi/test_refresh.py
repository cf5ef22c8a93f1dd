"""Count tables: refresh is idempotent, the province is the sum of its communes, the fill command
resumes, and certificate and test events refresh the holder's commune."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from hocvuso.certificates import services as certificate_services
from hocvuso.certificates.constants import RevocationReason
from hocvuso.framework.constants import RuleGroup
from hocvuso.kpi import services
from hocvuso.kpi.constants import Level
from hocvuso.kpi.models import Target, UnitCount
from tests import factories
from tests.assessment.builders import small_bank
from tests.kpi import DAY, certificate
from tests.kpi.world import COMMUNE_A, build_world
from tests.personas import Personas


def _snapshot() -> set[tuple[str, str, int, Any, int, int]]:
    return set(UnitCount.objects.values_list("indicator", "level", "unit_id", "day", "numerator", "denominator"))


def test_refreshing_twice_gives_the_same_rows(personas: Personas) -> None:
    build_world(personas)
    services.refresh_commune(personas.commune_a.code, DAY)
    first = _snapshot()
    services.refresh_commune(personas.commune_a.code, DAY)
    assert _snapshot() == first
    assert UnitCount.objects.count() == len(first)


def test_the_province_row_is_the_sum_of_its_communes(personas: Personas) -> None:
    build_world(personas)
    certificate(personas.person_b)
    services.refresh_commune(personas.commune_a.code, DAY)
    services.refresh_commune(personas.commune_b.code, DAY)
    province = {
        r.indicator: (r.numerator, r.denominator)
        for r in UnitCount.objects.filter(level=Level.PROVINCE, unit_id=personas.province.code, day=DAY)
    }
    for slug, (n, d) in COMMUNE_A.items():
        b = UnitCount.objects.get(indicator=slug, level=Level.COMMUNE, unit_id=personas.commune_b.code, day=DAY)
        assert province[slug] == (n + b.numerator, d + b.denominator), slug
    assert province["adults_skills"][0] == 3


def test_the_province_keeps_a_commune_not_refreshed_today_at_its_latest_day(personas: Personas) -> None:
    build_world(personas)
    services.refresh_commune(personas.commune_a.code, DAY.replace(day=1))
    services.refresh_commune(personas.commune_b.code, DAY)
    row = UnitCount.objects.get(indicator="adults_skills", level=Level.PROVINCE, day=DAY)
    b = UnitCount.objects.get(indicator="adults_skills", level=Level.COMMUNE, unit_id=personas.commune_b.code, day=DAY)
    assert row.denominator == COMMUNE_A["adults_skills"][1] + b.denominator


def test_the_fill_command_fills_every_commune_and_resumes_where_it_stopped(personas: Personas) -> None:
    build_world(personas)
    codes = [personas.commune_a.code, personas.commune_b.code]
    services.refresh_commune(personas.commune_a.code, DAY, province=False)  # a run stopped after commune A
    computed_a = UnitCount.objects.get(indicator="adults_skills", level=Level.COMMUNE, unit_id=codes[0]).computed_at
    out = StringIO()
    args = ["fill_kpi", "--day", DAY.isoformat(), *(f"--commune={c}" for c in codes)]
    call_command(*args, stdout=out)
    assert "1 communes filled, 1 already filled" in out.getvalue()
    a = UnitCount.objects.get(indicator="adults_skills", level=Level.COMMUNE, unit_id=codes[0])
    assert a.computed_at == computed_a  # skipped, not recomputed
    assert services.is_filled(codes[1], DAY)
    assert UnitCount.objects.filter(level=Level.PROVINCE, day=DAY).exists()
    call_command(*args, "--force", stdout=out)
    assert "2 communes filled, 0 already filled" in out.getvalue()


def test_the_plan_targets_are_loaded_once_and_edits_are_kept(db: None) -> None:
    default = Target.objects.get(indicator="adults_vneid_certified", year=2025, unit_id__isnull=True)
    assert default.value == 40
    default.value = 45
    default.save()
    assert services.load_default_targets() == 0
    default.refresh_from_db()
    assert default.value == 45


@pytest.fixture
def _media_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.mark.usefixtures("_media_in_tmp")
def test_issuing_and_revoking_a_certificate_refresh_the_holders_commune(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    person = factories.PersonFactory(hamlet=personas.hamlet_a1, birth_year=1980)
    code = personas.commune_a.code
    today = services.today()

    def certified() -> int:
        return UnitCount.objects.get(indicator="adults_skills", level=Level.COMMUNE, unit_id=code, day=today).numerator

    with django_capture_on_commit_callbacks(execute=True):
        cert, _created = certificate_services.issue_certificate(person, small_bank().version, RuleGroup.CITIZEN)
    assert certified() == 1
    assert UnitCount.objects.filter(level=Level.PROVINCE, day=today).exists()
    with django_capture_on_commit_callbacks(execute=True):
        certificate_services.revoke_certificate(cert, personas.province_admin, RevocationReason.MISTAKE)
    assert certified() == 0


def test_a_failing_refresh_never_breaks_the_event(personas: Personas, monkeypatch: Any) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("database away")

    monkeypatch.setattr(services, "refresh_commune", broken)
    cert = certificate(personas.person_a)
    cert.revoked_at = timezone.now()
    services.on_certificate_changed(cert)  # logged, not raised


def test_an_event_while_a_refresh_of_its_commune_waits_to_start_queues_no_second_one(db: None) -> None:
    from django.core.cache import cache

    code = 29242
    today = services.today()
    pending = services.PENDING_KEY.format(code=code)
    cache.set(pending, 1, 60)  # a refresh of the commune is queued and has not started yet
    try:
        services.schedule_refresh([code])  # jobs run inline in tests: it would write the rows now
        assert not UnitCount.objects.filter(level=Level.COMMUNE, unit_id=code, day=today).exists()
        cache.delete(pending)  # the queued job starts (it clears the mark first)
        services.schedule_refresh([code])
        assert UnitCount.objects.filter(level=Level.COMMUNE, unit_id=code, day=today).exists()
        assert cache.get(pending) is None  # the job that ran cleared its mark
    finally:
        cache.delete(pending)
