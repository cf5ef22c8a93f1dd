"""Tests of the KPI app. `certificate` writes a certificate row directly (no issuing service: no PDF)."""

from __future__ import annotations

from datetime import date, datetime
from itertools import count

from django.utils import timezone

from hocvuso.certificates.constants import VNeIDStatus
from hocvuso.certificates.models import Certificate, VNeIDConfirmation
from hocvuso.certificates.signing import active_key
from hocvuso.framework.constants import BASIC_757, RuleGroup
from hocvuso.framework.models import FrameworkVersion
from hocvuso.people.models import Person
from tests.learning.builders import basic_framework

DAY = date(2026, 6, 30)
_numbers = count(1)


def certificate(person: Person, *, revoked: bool = False, vneid_confirmed: bool = False) -> Certificate:
    version = FrameworkVersion.objects.filter(framework__slug=BASIC_757).first() or basic_framework()
    now = timezone.make_aware(datetime(2026, 3, 1, 9, 0))
    cert = Certificate.objects.create(
        number=f"TV-KPI-{next(_numbers):06d}",
        person=person,
        version=version,
        group=RuleGroup.CITIZEN,
        holder_name=person.full_name,
        holder_birth_year=person.birth_year,
        commune_id=person.commune_id,
        issued_at=now,
        key=active_key(),
        credential={},
        revoked_at=now if revoked else None,
    )
    VNeIDConfirmation.objects.create(
        certificate=cert, status=VNeIDStatus.CONFIRMED if vneid_confirmed else VNeIDStatus.NOT_SENT
    )
    return cert
