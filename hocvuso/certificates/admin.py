"""Read-mostly admin of certificates: changes go through the services (revoke, re-issue), which audit."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from hocvuso.certificates.models import Certificate, IssueBatch, SigningKey


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ("number", "holder_name", "commune", "level", "issued_at", "revoked_at")
    list_filter = ("revocation_reason",)
    search_fields = ("number", "holder_name")
    raw_id_fields = ("person", "user", "attempt", "issued_by", "revoked_by", "batch", "replaces")

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(IssueBatch)
class IssueBatchAdmin(admin.ModelAdmin):
    list_display = ("pk", "commune", "status", "total", "issued", "skipped", "created_at")
    list_filter = ("status",)


@admin.register(SigningKey)
class SigningKeyAdmin(admin.ModelAdmin):
    list_display = ("key_id", "is_active", "created_at", "retired_at")
    exclude = ("private_key_encrypted",)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
