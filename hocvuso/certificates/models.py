from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hocvuso.assessment.models import Attempt
from hocvuso.certificates.constants import BatchStatus, RevocationReason, VNeIDStatus
from hocvuso.framework.constants import RuleGroup
from hocvuso.framework.models import FrameworkVersion
from hocvuso.geo.models import Commune
from hocvuso.people.models import Person


class SigningKey(models.Model):
    """An Ed25519 key of the province. Exactly one is active (signs new certificates); retired keys
    keep their public half so every certificate they signed still verifies (key rotation).

    The private half is stored encrypted (Fernet, key derived from SECRET_KEY by HKDF): a database
    backup alone cannot sign. Changing SECRET_KEY means rotating to a new key (docs/operations.md).
    """

    key_id = models.SlugField(_("key id"), max_length=40, unique=True)  # e.g. "tv-2026-1"
    public_key = models.CharField(max_length=64)  # raw 32 bytes, base64url without padding
    private_key_encrypted = models.TextField(blank=True, default="")  # emptied when the key is destroyed
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("signing key")
        verbose_name_plural = _("signing keys")
        constraints = [
            models.UniqueConstraint(fields=["is_active"], condition=Q(is_active=True), name="one_active_signing_key")
        ]

    def __str__(self) -> str:
        return self.key_id


class NumberSequence(models.Model):
    """The last certificate number given in a year (locked row: numbers never repeat or skip)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class IssueBatch(models.Model):
    """Issuing the certificates of everyone who qualifies in a commune (e.g. after a community test
    day), as a background job with progress (issue 4 §2)."""

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="+")
    criteria = models.JSONField(default=dict, blank=True)  # e.g. {"hamlet": id, "passed_since": "2026-10-10"}
    status = models.CharField(max_length=10, choices=BatchStatus.choices, default=BatchStatus.PENDING)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    issued = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)  # already certified, or no longer qualifies
    error = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("certificate batch")
        verbose_name_plural = _("certificate batches")

    def __str__(self) -> str:
        return f"{self.pk} {self.status}"

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if self.status == BatchStatus.DONE else 0
        return min(100, round(100 * self.done / self.total))


class Certificate(models.Model):
    """ "Đạt phổ cập kỹ năng số" for one person, one framework version and the person's rule group.

    At most one certificate in force per person and framework version (the partial unique constraint
    below): a re-issue revokes the old one (reason "reissued") and points back to it.
    The holder's name and birth date are copied at issue: the certificate says what was certified then.
    """

    number = models.CharField(_("certificate number"), max_length=30, unique=True)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="certificates")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="certificates"
    )
    version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="certificates")
    group = models.CharField(_("group"), max_length=30, choices=RuleGroup.choices)
    level = models.PositiveSmallIntegerField(_("proficiency level"), default=1)
    holder_name = models.CharField(_("holder's name"), max_length=150)
    holder_birth_date = models.DateField(null=True, blank=True)
    holder_birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="+")  # the holder's, at issue
    attempt = models.ForeignKey(Attempt, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(  # null: issued automatically when the test was passed
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    batch = models.ForeignKey(IssueBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="certificates")
    key = models.ForeignKey(SigningKey, on_delete=models.PROTECT, related_name="certificates")
    credential = models.JSONField()  # the signed credential exactly as handed out
    pdf = models.FileField(upload_to="certificates/%Y/", blank=True)
    replaces = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by")
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revocation_reason = models.CharField(max_length=20, choices=RevocationReason.choices, blank=True, default="")
    revocation_note = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "version"],
                condition=Q(revoked_at__isnull=True),
                name="certificate_once_per_person_version",
            )
        ]
        indexes = [models.Index(fields=["commune", "issued_at"], name="certificate_commune_issued")]

    def __str__(self) -> str:
        return self.number

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class VNeIDConfirmation(models.Model):
    """The state of recording one certificate on VNeID (issue 4 §3). The VNeID interface is not
    public: hocvuso.certificates.vneid sends to a configurable endpoint, with `idempotency_key` so a
    retried send is recorded once."""

    certificate = models.OneToOneField(Certificate, on_delete=models.CASCADE, related_name="vneid")
    status = models.CharField(max_length=10, choices=VNeIDStatus.choices, default=VNeIDStatus.NOT_SENT)
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    tries = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True, default="")
    next_try_at = models.DateTimeField(null=True, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    external_ref = models.CharField(max_length=100, blank=True, default="")  # the receiver's id, if it gives one
    exported_at = models.DateTimeField(null=True, blank=True)  # last included in a batch export file
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("VNeID confirmation")
        verbose_name_plural = _("VNeID confirmations")
        indexes = [models.Index(fields=["status", "next_try_at"], name="vneid_status_next_try")]

    def __str__(self) -> str:
        return f"{self.certificate_id} {self.status}"
