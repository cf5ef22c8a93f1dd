"""Who may see and change which certificates — decided here once, used by every view and API operation.

- Everyone sees their own certificates (as the holder).
- A province administrator sees every certificate of the province; a commune officer those issued in
  their commune(s) (Certificate.commune, the holder's commune at issue).
- Team members and mentors see, read-only, the certificates of the people of their hamlets.
- Revoking, re-issuing and batches: the province administrator and the officers of that commune only.

Access functions answer 404 for both "missing" and "not yours".
"""

from __future__ import annotations

from typing import TypeGuard

from django.db.models import Q, QuerySet
from django.http import Http404

from hocvuso.accounts import permissions as acc
from hocvuso.accounts.constants import RoleKind
from hocvuso.accounts.models import User
from hocvuso.certificates.models import Certificate, IssueBatch
from hocvuso.geo.models import Commune

CERTIFICATE_READERS = (RoleKind.PROVINCE_ADMIN, RoleKind.COMMUNE_OFFICER, RoleKind.TEAM_MEMBER, RoleKind.MENTOR)
CERTIFICATE_MANAGERS = (RoleKind.PROVINCE_ADMIN, RoleKind.COMMUNE_OFFICER)


def _signed_in(user: User | object) -> TypeGuard[User]:
    return isinstance(user, User) and user.is_authenticated


def _managed_q(scope: acc.Scope) -> Q:
    q = Q(pk__in=[])
    if scope.province_codes:
        q |= Q(commune__province_id__in=scope.province_codes)
    if scope.commune_codes:
        q |= Q(commune_id__in=scope.commune_codes)
    return q


def certificates_visible_to(user: User | object) -> QuerySet[Certificate]:
    if not _signed_in(user):
        return Certificate.objects.none()
    scope = acc.scope_for(user, CERTIFICATE_READERS)
    q = _managed_q(scope) | Q(user_id=user.pk) | Q(person__user_id=user.pk)
    if scope.hamlet_ids:
        q |= Q(person__hamlet_id__in=scope.hamlet_ids)
    return Certificate.objects.filter(q)


def certificates_managed_by(user: User | object) -> QuerySet[Certificate]:
    """Certificates `user` may revoke or re-issue."""
    if not _signed_in(user):
        return Certificate.objects.none()
    return Certificate.objects.filter(_managed_q(acc.scope_for(user, CERTIFICATE_MANAGERS)))


def my_certificates(user: User | object) -> QuerySet[Certificate]:
    """The certificates the user holds (their own Person's), newest first."""
    if not _signed_in(user):
        return Certificate.objects.none()
    return Certificate.objects.filter(Q(user_id=user.pk) | Q(person__user_id=user.pk))


def is_certificate_reader(user: User | object) -> bool:
    """May use the staff certificate pages at all (otherwise 403)."""
    return acc.has_role(user, CERTIFICATE_READERS)


def is_certificate_manager(user: User | object) -> bool:
    return acc.has_role(user, CERTIFICATE_MANAGERS)


def can_manage_certificate(user: User | object, cert: Certificate) -> bool:
    return certificates_managed_by(user).filter(pk=cert.pk).exists()


def communes_for_batches(user: User | object) -> QuerySet[Commune]:
    """Communes where `user` may issue certificates in a batch."""
    scope = acc.scope_for(user, CERTIFICATE_MANAGERS)
    return Commune.objects.filter(
        Q(code__in=scope.commune_codes) | Q(province_id__in=scope.province_codes, in_campaign_area=True)
    )


def batches_visible_to(user: User | object) -> QuerySet[IssueBatch]:
    scope = acc.scope_for(user, CERTIFICATE_MANAGERS)
    return IssueBatch.objects.filter(_managed_q(scope))


def get_certificate_for(user: User | object, number: str) -> Certificate:
    cert = (
        certificates_visible_to(user)
        .select_related("person", "commune", "version__framework", "replaces", "key")
        .filter(number=number)
        .first()
    )
    if cert is None:
        raise Http404
    return cert


def get_my_certificate(user: User | object, number: str) -> Certificate:
    cert = my_certificates(user).select_related("version__framework", "commune").filter(number=number).first()
    if cert is None:
        raise Http404
    return cert


def get_batch_for(user: User | object, pk: int) -> IssueBatch:
    batch = batches_visible_to(user).select_related("commune", "version__framework", "created_by").filter(pk=pk).first()
    if batch is None:
        raise Http404
    return batch
