"""Tests of the certificates app. `signed_certificate` builds a certificate row directly (no issuing
service): a person of Phường Trà Vinh, the basic-757 test framework, a credential signed by `key`."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.utils import timezone

from hocvuso.certificates.credential import build_credential, sign_credential
from hocvuso.certificates.models import Certificate, SigningKey
from hocvuso.certificates.signing import active_key
from hocvuso.framework.constants import BASIC_757, RuleGroup
from hocvuso.framework.models import FrameworkVersion
from tests.factories import PersonFactory
from tests.learning.builders import basic_framework


def verify_url(number: str) -> str:
    return f"{settings.HOCVUSO_PUBLIC_URL}/v/{number}/"


def signed_certificate(
    *,
    number: str = "TV-2026-000123",
    name: str = "Nguyễn Văn An",
    level: int = 1,
    birth_date: date | None = date(1968, 3, 2),
    key: SigningKey | None = None,
) -> Certificate:
    version = FrameworkVersion.objects.filter(framework__slug=BASIC_757).first() or basic_framework()
    person = PersonFactory(full_name=name, birth_year=birth_date.year if birth_date else 1968)
    key = key or active_key()
    cert = Certificate(
        number=number,
        person=person,
        version=version,
        group=RuleGroup.CITIZEN,
        level=level,
        holder_name=name,
        holder_birth_date=birth_date,
        holder_birth_year=birth_date.year if birth_date else 1968,
        commune=person.commune,
        issued_at=timezone.now(),
        key=key,
        credential={},
    )
    cert.credential = sign_credential(build_credential(cert, verify_url=verify_url(number)), key)
    cert.save()
    return cert
