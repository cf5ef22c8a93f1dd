from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hocvuso.accounts.constants import AuditAction, RoleKind
from hocvuso.geo.models import Commune, Hamlet, Province


class UserManager(BaseUserManager["User"]):
    def create_user(self, username: str, password: str | None = None, **extra: object) -> User:
        user = self.model(username=username, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, username: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(username, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """Someone who signs in. Login by phone number or CCCD (see backends)."""

    username = models.CharField(_("username"), max_length=150, unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True, default="")
    phone = models.CharField(_("phone"), max_length=11, unique=True, null=True, blank=True)
    national_id = models.CharField(_("personal ID number (CCCD)"), max_length=12, unique=True, null=True, blank=True)
    email = models.EmailField(_("email"), blank=True, default="")
    is_active = models.BooleanField(_("active"), default=True)  # type: ignore[misc]
    is_staff = models.BooleanField(_("back-office access"), default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "username"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username


class Role(models.Model):
    """A role given on one unit; it applies to everything below that unit (province > commune > hamlet)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(_("role"), max_length=30, choices=RoleKind.choices)
    province = models.ForeignKey(Province, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    hamlet = models.ForeignKey(Hamlet, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    granted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(province__isnull=False, commune__isnull=True, hamlet__isnull=True, organisation__isnull=True)
                    | Q(province__isnull=True, commune__isnull=False, hamlet__isnull=True, organisation__isnull=True)
                    | Q(province__isnull=True, commune__isnull=True, hamlet__isnull=False, organisation__isnull=True)
                    | Q(province__isnull=True, commune__isnull=True, hamlet__isnull=True, organisation__isnull=False)
                ),
                name="role_exactly_one_unit",
            ),
            *[
                models.UniqueConstraint(
                    fields=["user", "kind", unit], condition=Q(**{f"{unit}__isnull": False}), name=f"role_unique_{unit}"
                )
                for unit in ("province", "commune", "hamlet", "organisation")
            ],
        ]

    def __str__(self) -> str:
        unit = self.province or self.commune or self.hamlet or self.organisation
        return f"{self.get_kind_display()} — {unit}"


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for integrations (Smart Trà Vinh, LGSP), limited by scopes; only its hash is kept."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def generate() -> tuple[str, str, str]:
        """A new secret: (raw token shown once, prefix, hash)."""
        raw = "hvs_" + secrets.token_urlsafe(32)
        return raw, raw[:12], _hash_token(raw)

    @staticmethod
    def hash(raw: str) -> str:
        return _hash_token(raw)

    def is_usable(self) -> bool:
        now = timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now) and self.user.is_active


class AuditEvent(models.Model):
    """Who did what to which record, when and why (Decree 13/2023/NĐ-CP). Append-only."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    action = models.CharField(max_length=30, choices=AuditAction.choices)
    object_type = models.CharField(max_length=50, blank=True, default="")
    object_id = models.CharField(max_length=50, blank=True, default="")
    reason = models.CharField(max_length=50, blank=True, default="")
    details = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_type}#{self.object_id}"


class OIDCIdentity(models.Model):
    """An account at an OpenID Connect provider (VNeID-style) that signs in as `user` (docs/sign-in.md).

    The provider names its account by (issuer, subject); one user may hold several identities.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="oidc_identities")
    issuer = models.CharField(_("identity provider"), max_length=255)
    subject = models.CharField(_("subject"), max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)
    last_login_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("identity provider account")
        verbose_name_plural = _("identity provider accounts")
        constraints = [models.UniqueConstraint(fields=["issuer", "subject"], name="oidc_identity_unique_subject")]

    def __str__(self) -> str:
        return f"{self.issuer} {self.subject}"
