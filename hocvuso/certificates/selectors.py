"""Reads of the certificates app: the public state of a certificate, who qualifies for a batch.

The public state (verify page, /certificates/{number}/status) shows only the state, the holder's name
partly masked, the level, the framework and the date: nothing else about the person (Decree 13/2023).
It is read from the database on every request, so a revocation shows at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from hocvuso.assessment.models import Attempt, TestDefinition
from hocvuso.certificates.models import Certificate
from hocvuso.certificates.verification import mask_name
from hocvuso.framework.models import FrameworkVersion, ProficiencyLevel
from hocvuso.framework.selectors import requirements_of
from hocvuso.geo.models import Commune, Hamlet
from hocvuso.people.models import Person

CERTIFICATION = "certification"


def verify_url(number: str) -> str:
    """The public address printed under the QR code of the certificate."""
    return settings.HOCVUSO_PUBLIC_URL + reverse("web:certificate-verify", args=[number])


def level_for(version: FrameworkVersion, group: str) -> int:
    """The level the certificate states: the highest minimum level of the group's rule (1 without a rule)."""
    return max(requirements_of(version, group).values(), default=1)


def level_label(cert: Certificate) -> str:
    level = ProficiencyLevel.objects.filter(version_id=cert.version_id, number=cert.level).first()
    if level is None:
        return _("level %(n)s") % {"n": cert.level}
    return f"{cert.level}. {level.name}"


def framework_label(version: FrameworkVersion) -> str:
    return f"{version.framework.name} ({version.framework.slug} v{version.number})"


@dataclass
class PublicState:
    state: str  # "valid" or "revoked"
    number: str
    holder: str  # masked
    level: int
    level_label: str
    framework: str
    issued_at: datetime
    revoked_at: datetime | None
    revocation_reason: str  # a label, "" when in force
    replaced_by: str  # the number of the certificate that replaces it, if re-issued


def public_state(number: str) -> PublicState | None:
    """What anyone may learn about certificate `number`; None when no such certificate exists."""
    cert = Certificate.objects.select_related("version__framework").filter(number=number.strip().upper()).first()
    if cert is None:
        return None
    replaced_by = Certificate.objects.filter(replaces=cert).values_list("number", flat=True).first() or ""
    return PublicState(
        state="revoked" if cert.is_revoked else "valid",
        number=cert.number,
        holder=mask_name(cert.holder_name),
        level=cert.level,
        level_label=level_label(cert),
        framework=framework_label(cert.version),
        issued_at=cert.issued_at,
        revoked_at=cert.revoked_at,
        revocation_reason=cert.get_revocation_reason_display() if cert.is_revoked else "",  # type: ignore[attr-defined]
        replaced_by=replaced_by,
    )


def _is_certification(prefix: str = "") -> Q:
    """Tests that lead to a certificate (TestDefinition.kind, when the field exists: practice tests do not)."""
    names = {f.name for f in TestDefinition._meta.get_fields()}
    return Q(**{f"{prefix}kind": CERTIFICATION}) if "kind" in names else Q()


def passed_attempts(version: FrameworkVersion) -> QuerySet[Attempt]:
    return Attempt.objects.filter(passed=True, definition__version=version).filter(_is_certification("definition__"))


def candidates_for_batch(commune: Commune, version: FrameworkVersion, hamlet: Hamlet | None = None) -> QuerySet[Person]:
    """People of the commune (or hamlet) whose account has passed a certification test of `version`,
    certified already or not (a batch counts those as skipped)."""
    people = Person.objects.filter(commune=commune, user__isnull=False)
    if hamlet is not None:
        people = people.filter(hamlet=hamlet)
    return people.filter(Exists(passed_attempts(version).filter(user_id=OuterRef("user_id")))).order_by("pk")


def in_force(version: FrameworkVersion) -> QuerySet[Certificate]:
    return Certificate.objects.filter(version=version, revoked_at__isnull=True)


def eligible_for_batch(commune: Commune, version: FrameworkVersion, hamlet: Hamlet | None = None) -> QuerySet[Person]:
    """Those of `candidates_for_batch` without a certificate in force: who a batch would certify now."""
    return candidates_for_batch(commune, version, hamlet).exclude(
        Exists(in_force(version).filter(person_id=OuterRef("pk")))
    )
