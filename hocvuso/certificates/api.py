"""/api/v1 operations of the certificates app: my certificates, one certificate (scoped), revoke and
re-issue (province administrator, officers of the certificate's commune), batches, and the public
operations anyone may call without signing in: a certificate's state, verifying a credential, the keys.

Visibility (certificates.permissions): the holder sees their own; the province administrator all;
a commune officer those of their commune; team members and mentors those of the people of their
hamlets (read-only). Everything else answers 404 ("missing" and "not yours" alike).
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Body, Path, Router, Status
from ninja.errors import HttpError

from hocvuso.accounts.api import AUTH_ERRORS, READ_ERRORS, WRITE_ERRORS, caller, signed_in
from hocvuso.certificates import permissions, selectors, services
from hocvuso.certificates.models import Certificate, IssueBatch
from hocvuso.certificates.schemas import (
    BatchIn,
    BatchOut,
    CertificateOut,
    PublicStatusOut,
    ReissueIn,
    RevokeIn,
    VerdictOut,
)
from hocvuso.geo.models import Hamlet
from hocvuso.geo.schemas import ErrorOut, FieldErrorOut, ValidationErrorOut
from hocvuso.learning.selectors import basic_framework_version

router = Router(tags=["certificates"])

SCOPE = "Token scope: none; acts as the token's user, within their roles."
Number = Annotated[str, Path(max_length=30, description="Certificate number, e.g. TV-2026-000123.")]
BatchId = Annotated[int, Path(ge=1, le=2_147_483_647)]
REFUSALS: dict[int, Any] = {**WRITE_ERRORS, 409: ErrorOut}


def _certificate_out(cert: Certificate) -> CertificateOut:
    replaced_by = Certificate.objects.filter(replaces=cert).values_list("number", flat=True).first()
    return CertificateOut(
        number=cert.number,
        state="revoked" if cert.is_revoked else "valid",
        holder_name=cert.holder_name,
        holder_birth_date=cert.holder_birth_date,
        holder_birth_year=cert.holder_birth_year,
        commune_code=cert.commune_id,
        framework=f"{cert.version.framework.slug} v{cert.version.number}",
        group=cert.group,
        level=cert.level,
        issued_at=cert.issued_at,
        revoked_at=cert.revoked_at,
        revocation_reason=cert.revocation_reason,
        replaces=cert.replaces.number if cert.replaces_id and cert.replaces else None,
        replaced_by=replaced_by,
        verify_url=selectors.verify_url(cert.number),
        pdf_url=reverse("web:certificate-pdf", args=[cert.number]),
        credential_url=reverse("web:certificate-credential", args=[cert.number]),
    )


def _batch_out(batch: IssueBatch) -> BatchOut:
    return BatchOut(
        id=batch.pk,
        commune_code=batch.commune_id,
        framework=f"{batch.version.framework.slug} v{batch.version.number}",
        criteria=batch.criteria,
        status=batch.status,
        total=batch.total,
        done=batch.done,
        issued=batch.issued,
        skipped=batch.skipped,
        percent=batch.percent,
        error=batch.error,
        created_at=batch.created_at,
        finished_at=batch.finished_at,
    )


def _invalid(field: str, message: str) -> Status[ValidationErrorOut]:
    return Status(
        422,
        ValidationErrorOut(
            detail=_("Some values are not valid: %(fields)s.") % {"fields": field},
            errors=[FieldErrorOut(location="body", field=field, message=message)],
        ),
    )


def _to_manage(request: HttpRequest, number: str) -> Certificate:
    user = caller(request)
    cert = permissions.get_certificate_for(user, number)
    if not permissions.can_manage_certificate(user, cert):
        raise HttpError(403, _("Only the province administrator and the officers of its commune may change it."))
    return cert


@router.get(
    "/certificates/mine",
    response={200: list[CertificateOut], **AUTH_ERRORS},
    auth=signed_in(),
    summary="My certificates",
    description=f"The certificates I hold, newest first, revoked ones included. {SCOPE}",
)
def my_certificates(request: HttpRequest) -> list[CertificateOut]:
    rows = permissions.my_certificates(caller(request)).select_related("version__framework", "replaces")
    return [_certificate_out(c) for c in rows.order_by("-issued_at", "-pk")]


@router.get(
    "/certificates/keys",
    response={200: dict[str, Any], 422: ValidationErrorOut},
    auth=None,
    summary="Public signing keys",
    description="Every Ed25519 key of the province, active and retired (public halves only), to verify "
    "credentials offline. No sign-in needed.",
)
def keys(request: HttpRequest) -> dict[str, Any]:
    from hocvuso.certificates import signing

    return signing.public_keys_document()


@router.post(
    "/certificates/verify",
    response={200: VerdictOut, 400: ErrorOut, 422: ValidationErrorOut},
    auth=None,
    summary="Verify a credential",
    description="Send the credential JSON (as downloaded with a certificate) as the body: the answer says "
    "whether its signature holds and what our register says: valid, revoked, unknown or invalid. No "
    "sign-in needed.",
)
def verify(request: HttpRequest, document: Annotated[dict[str, Any], Body()]) -> VerdictOut:
    from hocvuso.certificates import verification

    verdict = verification.verify_document(json.dumps(document).encode("utf-8"))
    return VerdictOut(
        state=verdict.state,
        number=verdict.number or "",
        holder=verdict.holder or "",
        level=verdict.level,
        issued=verdict.issued.isoformat() if verdict.issued is not None else None,
        problem=verdict.problem or "",
    )


@router.get(
    "/certificates/{number}/status",
    response={200: PublicStatusOut, 404: ErrorOut, 422: ValidationErrorOut},
    auth=None,
    summary="Public state of a certificate",
    description="What the public verify page shows: valid or revoked (with the reason), the holder's name "
    "partly masked, the level and the date of issue. 404 when no certificate has this number. No sign-in "
    "needed; never cached, so a revocation shows at once.",
)
def status(request: HttpRequest, number: Number) -> PublicStatusOut:
    state = selectors.public_state(number)
    if state is None:
        raise HttpError(404, _("No certificate has this number."))
    return PublicStatusOut(
        number=state.number,
        state=state.state,
        holder=state.holder,
        level=state.level,
        level_label=state.level_label,
        framework=state.framework,
        issued_at=state.issued_at,
        revoked_at=state.revoked_at,
        revocation_reason=state.revocation_reason,
        replaced_by=state.replaced_by or None,
    )


@router.get(
    "/certificates/{number}",
    response={200: CertificateOut, **READ_ERRORS},
    auth=signed_in(),
    summary="One certificate",
    description="With the holder's details as certified. 404 when it does not exist or is outside what "
    f"I may see. {SCOPE}",
)
def get_certificate(request: HttpRequest, number: Number) -> CertificateOut:
    return _certificate_out(permissions.get_certificate_for(caller(request), number))


@router.post(
    "/certificates/{number}/revoke",
    response={200: CertificateOut, **WRITE_ERRORS},
    auth=signed_in(),
    summary="Revoke a certificate",
    description="The verify page and the status say revoked at once. Revoking a revoked certificate "
    "changes nothing. 403 for those who may see the certificate but not change it. "
    f"{SCOPE}",
)
def revoke(request: HttpRequest, number: Number, payload: RevokeIn) -> Any:
    cert = _to_manage(request, number)
    try:
        done = services.revoke_certificate(cert, caller(request), payload.reason, payload.note)
    except services.CertificateRefused as exc:
        return _invalid("reason", str(exc))
    return _certificate_out(done)


@router.post(
    "/certificates/{number}/reissue",
    response={201: CertificateOut, **REFUSALS},
    auth=signed_in(),
    summary="Re-issue a certificate",
    description="Revokes the certificate (reason reissued) and issues a new one with the holder's current "
    "details, pointing back to it; 409 when the certificate is already revoked. "
    f"{SCOPE}",
)
def reissue(request: HttpRequest, number: Number, payload: ReissueIn) -> Any:
    cert = _to_manage(request, number)
    try:
        new = services.reissue_certificate(cert, caller(request), payload.note)
    except services.CertificateRefused as exc:
        raise HttpError(409, str(exc)) from exc
    return Status(201, _certificate_out(Certificate.objects.select_related("version__framework").get(pk=new.pk)))


@router.post(
    "/certificate-batches",
    response={201: BatchOut, **REFUSALS},
    auth=signed_in(),
    summary="Issue certificates in a batch",
    description="Issues the certificates of everyone in the commune (or one hamlet) who passed the "
    "certification test and holds none, in the background: poll the batch for `percent`. Province "
    f"administrator and commune officers of that commune. {SCOPE}",
)
def create_batch(request: HttpRequest, payload: BatchIn) -> Any:
    user = caller(request)
    if not permissions.is_certificate_manager(user):
        raise HttpError(403, _("Only commune officers and the province administrator may issue certificates."))
    commune = permissions.communes_for_batches(user).filter(code=payload.commune_code).first()
    if commune is None:
        return _invalid(
            "commune_code",
            _("You do not issue certificates for a commune with the code %(code)s.") % {"code": payload.commune_code},
        )
    criteria: dict[str, Any] = {}
    if payload.hamlet_id is not None:
        if not Hamlet.objects.filter(pk=payload.hamlet_id, commune=commune).exists():
            return _invalid("hamlet_id", _("This hamlet is not in the commune."))
        criteria["hamlet"] = payload.hamlet_id
    version = basic_framework_version()
    if version is None:
        raise HttpError(409, _("No framework is published yet: there is nothing to certify."))
    batch = services.start_batch(user, commune, version, criteria)
    return Status(201, _batch_out(permissions.get_batch_for(user, batch.pk)))


@router.get(
    "/certificate-batches/{batch_id}",
    response={200: BatchOut, **READ_ERRORS},
    auth=signed_in(),
    summary="One certificate batch",
    description=f"Its progress and counts. 404 when it is not of a commune I issue certificates for. {SCOPE}",
)
def get_batch(request: HttpRequest, batch_id: BatchId) -> BatchOut:
    return _batch_out(permissions.get_batch_for(caller(request), batch_id))
