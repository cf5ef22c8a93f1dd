"""Writes of the certificates app: issue (once per person and framework version), revoke, re-issue,
issue in batches. Each is one transaction and writes its audit row.

- Numbers "TV-2026-000123" come from a per-year sequence row locked with SELECT ... FOR UPDATE, so
  they never repeat (a failed issue rolls its number back with it).
- The partial unique constraint certificate_once_per_person_version backs "once": the insert runs in
  a savepoint and, when a concurrent request won, the certificate it made is returned instead.
- The holder's name, birth date and commune are copied at issue (the certificate states what was
  certified then); a re-issue takes a fresh copy and points back to the revoked one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hocvuso.accounts.constants import AuditAction
from hocvuso.accounts.models import User
from hocvuso.accounts.services import audit
from hocvuso.assessment.models import Attempt
from hocvuso.certificates import hooks, selectors, tasks
from hocvuso.certificates.constants import BatchStatus, RevocationReason
from hocvuso.certificates.models import Certificate, IssueBatch, NumberSequence
from hocvuso.framework.models import FrameworkVersion
from hocvuso.geo.models import Commune, Hamlet
from hocvuso.lib import jobs
from hocvuso.people.models import Person

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 10  # batch rows between progress writes


class CertificateRefused(Exception):
    """A translated sentence saying why the action is refused."""


def _next_number(year: int) -> str:
    NumberSequence.objects.get_or_create(year=year)
    sequence = NumberSequence.objects.select_for_update().get(year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"{settings.HOCVUSO_CERTIFICATE_PREFIX}-{year}-{sequence.last:06d}"


def _sign_and_render(cert: Certificate) -> None:
    """Sign the credential with the certificate's key and render the PDF (cert must be saved)."""
    from hocvuso.certificates import credential

    url = selectors.verify_url(cert.number)
    cert.credential = credential.sign_credential(credential.build_credential(cert, verify_url=url), cert.key)
    cert.save(update_fields=["credential"])
    render_pdf(cert)


def render_pdf(cert: Certificate) -> None:
    """(Re-)render the PDF of `cert` from its signed credential and store it (e.g. media lost on restore)."""
    from hocvuso.certificates import pdf

    data = pdf.render_certificate_pdf(cert, verify_url=selectors.verify_url(cert.number), credential=cert.credential)
    cert.pdf.save(f"{cert.number}.pdf", ContentFile(data), save=False)
    Certificate.objects.filter(pk=cert.pk).update(pdf=cert.pdf.name)


def pdf_bytes(cert: Certificate) -> bytes:
    """The stored PDF, rendered again when the file is missing."""
    if cert.pdf.name and cert.pdf.storage.exists(cert.pdf.name):
        with cert.pdf.open("rb") as f:
            return f.read()
    render_pdf(cert)
    with cert.pdf.open("rb") as f:
        return f.read()


def _after_commit(callbacks: list[Callable[[Certificate], None]], cert: Certificate) -> None:
    """Call the hooks' `callbacks` with `cert` once the current transaction has committed."""
    pending = list(callbacks)

    def run() -> None:
        for callback in pending:
            callback(cert)

    if pending:
        transaction.on_commit(run)


def _in_force(person: Person, version: FrameworkVersion) -> Certificate | None:
    return Certificate.objects.filter(person=person, version=version, revoked_at__isnull=True).first()


def issue_certificate(
    person: Person,
    version: FrameworkVersion,
    group: str,
    *,
    attempt: Attempt | None = None,
    issued_by: User | None = None,
    batch: IssueBatch | None = None,
    now: datetime | None = None,
    replaces: Certificate | None = None,
) -> tuple[Certificate, bool]:
    """The person's certificate for `version`: a new one (created True) or the one in force (False)."""
    from hocvuso.certificates import signing

    now = now or timezone.now()
    existing = _in_force(person, version)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            cert = Certificate.objects.create(
                number=_next_number(timezone.localtime(now).year),
                person=person,
                user=person.user,
                version=version,
                group=group,
                level=selectors.level_for(version, group),
                holder_name=person.full_name,
                holder_birth_date=person.birth_date,
                holder_birth_year=person.birth_year or (person.birth_date.year if person.birth_date else None),
                commune_id=person.commune_id,
                attempt=attempt,
                issued_at=now,
                issued_by=issued_by,
                batch=batch,
                key=signing.active_key(),
                credential={},
                replaces=replaces,
            )
            _sign_and_render(cert)
            audit(
                issued_by,
                AuditAction.ISSUE_CERTIFICATE,
                object_type="certificate",
                object_id=cert.number,
                details={
                    "person": person.pk,
                    "version": version.pk,
                    "group": group,
                    "attempt": attempt.pk if attempt else None,
                    "batch": batch.pk if batch else None,
                    "replaces": replaces.number if replaces else None,
                },
            )
            from hocvuso.certificates import vneid

            vneid.ensure_confirmation(cert)
            _after_commit(hooks.on_certificate_issued, cert)
    except IntegrityError:
        # The same person was certified at the same moment by another request (two hooks, a batch).
        existing = _in_force(person, version)
        if existing is None:
            raise
        return existing, False
    return cert, True


def issue_for_passed_attempt(attempt: Attempt) -> None:
    """Called once after an attempt is scored as passed (assessment.hooks): certify its user's Person."""
    definition = attempt.definition
    if getattr(definition, "kind", selectors.CERTIFICATION) != selectors.CERTIFICATION:
        return  # a practice test
    person = Person.objects.filter(user_id=attempt.user_id).first()
    if person is None:
        return  # an account without a roster record: issued once an officer links one (batch)
    try:
        issue_certificate(person, definition.version, definition.group, attempt=attempt)
    except Exception:
        # The attempt is committed as passed whatever happens here; a batch for the commune issues the
        # certificate later. Logged, not raised: the learner's result page must still open.
        logger.exception("certificate not issued for passed attempt %s", attempt.pk)


def revoke_certificate(
    cert: Certificate, by: User, reason: str, note: str = "", *, now: datetime | None = None
) -> Certificate:
    """Revoke `cert` (idempotent: a revoked certificate is returned unchanged)."""
    if reason not in RevocationReason.values:
        raise CertificateRefused(_("Choose a reason from the list."))
    if reason == RevocationReason.OTHER and not note.strip():
        raise CertificateRefused(_("Say why the certificate is revoked."))
    with transaction.atomic():
        return _revoke(cert, by, reason, note.strip(), now or timezone.now())


def _revoke(cert: Certificate, by: User | None, reason: str, note: str, now: datetime) -> Certificate:
    locked = Certificate.objects.select_for_update().get(pk=cert.pk)
    if locked.revoked_at is not None:
        return locked
    locked.revoked_at = now
    locked.revoked_by = by
    locked.revocation_reason = reason
    locked.revocation_note = note
    locked.save(update_fields=["revoked_at", "revoked_by", "revocation_reason", "revocation_note"])
    from hocvuso.certificates import vneid

    vneid.withdraw(locked)  # never send a revoked certificate to VNeID
    _after_commit(hooks.on_certificate_revoked, locked)
    audit(
        by,
        AuditAction.REVOKE_CERTIFICATE,
        object_type="certificate",
        object_id=locked.number,
        details={"reason": reason, "note": note},
    )
    return locked


def reissue_certificate(cert: Certificate, by: User, note: str = "", *, now: datetime | None = None) -> Certificate:
    """Revoke `cert` (reason "reissued") and issue a new one with the holder's current details."""
    now = now or timezone.now()
    with transaction.atomic():
        old = Certificate.objects.select_for_update().get(pk=cert.pk)
        if old.revoked_at is not None:
            raise CertificateRefused(_("This certificate is revoked: only a certificate in force can be re-issued."))
        old = _revoke(old, by, RevocationReason.REISSUED, note.strip(), now)
        person = Person.objects.get(pk=old.person_id)
        new, _created = issue_certificate(
            person, old.version, old.group, attempt=old.attempt, issued_by=by, now=now, replaces=old
        )
        audit(
            by,
            AuditAction.REISSUE_CERTIFICATE,
            object_type="certificate",
            object_id=new.number,
            details={"replaces": old.number, "note": note.strip()},
        )
    return new


# Batches -------------------------------------------------------------------------------------


def start_batch(user: User, commune: Commune, version: FrameworkVersion, criteria: dict[str, Any]) -> IssueBatch:
    """Record a batch for the people of `commune` (criteria: {"hamlet": id}) and start it as a job."""
    hamlet_id = criteria.get("hamlet")
    if hamlet_id is not None and not Hamlet.objects.filter(pk=hamlet_id, commune=commune).exists():
        raise CertificateRefused(_("This hamlet is not in the commune."))
    with transaction.atomic():
        batch = IssueBatch.objects.create(created_by=user, commune=commune, version=version, criteria=criteria)
        audit(
            user,
            AuditAction.ISSUE_CERTIFICATE_BATCH,
            object_type="certificate_batch",
            object_id=batch.pk,
            details={"commune": commune.code, "version": version.pk, **criteria},
        )
    transaction.on_commit(lambda: jobs.enqueue(tasks.run_batch, batch.pk))
    return batch


def _progress(batch: IssueBatch) -> None:
    IssueBatch.objects.filter(pk=batch.pk).update(
        done=batch.done, issued=batch.issued, skipped=batch.skipped, total=batch.total
    )


def run_batch(batch_id: int) -> IssueBatch:
    """Issue the batch's certificates one by one. Resumable and idempotent: people certified already are
    skipped (or counted as issued when this batch certified them in an earlier, interrupted run)."""
    batch = IssueBatch.objects.select_related("commune", "version", "created_by").get(pk=batch_id)
    if batch.status == BatchStatus.DONE or batch.commune is None:
        return batch
    hamlet = Hamlet.objects.filter(pk=batch.criteria.get("hamlet")).first() if batch.criteria.get("hamlet") else None
    people = list(selectors.candidates_for_batch(batch.commune, batch.version, hamlet).select_related("user"))
    batch.status = BatchStatus.RUNNING
    batch.started_at = batch.started_at or timezone.now()
    batch.total, batch.done, batch.issued, batch.skipped, batch.error = len(people), 0, 0, 0, ""
    batch.save(update_fields=["status", "started_at", "total", "done", "issued", "skipped", "error"])
    try:
        for person in people:
            _issue_one(batch, person)
            batch.done += 1
            if batch.done % PROGRESS_EVERY == 0:
                _progress(batch)
    except Exception as exc:  # recorded on the batch, shown on its page; re-running resumes
        _progress(batch)
        batch.status = BatchStatus.FAILED
        batch.error = str(exc) or exc.__class__.__name__
        batch.finished_at = timezone.now()
        batch.save(update_fields=["status", "error", "finished_at"])
        return batch
    batch.status = BatchStatus.DONE
    batch.finished_at = timezone.now()
    batch.save(update_fields=["status", "finished_at", "total", "done", "issued", "skipped"])
    return batch


def _issue_one(batch: IssueBatch, person: Person) -> None:
    current = _in_force(person, batch.version)
    if current is not None:
        if current.batch_id == batch.pk:
            batch.issued += 1
        else:
            batch.skipped += 1
        return
    attempt = (
        selectors.passed_attempts(batch.version)
        .filter(user_id=person.user_id or 0)
        .select_related("definition")
        .order_by("-submitted_at")
        .first()
    )
    if attempt is None:
        batch.skipped += 1
        return
    _cert, created = issue_certificate(
        person, batch.version, attempt.definition.group, attempt=attempt, issued_by=batch.created_by, batch=batch
    )
    if created:
        batch.issued += 1
    else:
        batch.skipped += 1
