from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from hocvuso.accounts.models import ApiToken, AuditEvent, OIDCIdentity, Role, User


class RoleInline(admin.TabularInline):
    model = Role
    fk_name = "user"
    extra = 0
    raw_id_fields = ["province", "commune", "hamlet", "organisation", "granted_by"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["username"]
    list_display = ["username", "full_name", "phone", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "phone"]
    fieldsets = (
        (None, {"fields": ("username", "password", "full_name", "phone", "national_id", "email")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("username", "password1", "password2")}),)
    list_filter = ["is_active", "is_staff"]
    filter_horizontal = ()
    inlines = [RoleInline]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "user", "created_at", "expires_at", "revoked_at"]
    readonly_fields = ["prefix", "token_hash", "last_used_at"]


@admin.register(OIDCIdentity)
class OIDCIdentityAdmin(admin.ModelAdmin):
    list_display = ["user", "issuer", "subject", "created_at", "last_login_at"]
    search_fields = ["subject", "user__username", "user__full_name"]
    list_filter = ["issuer"]
    raw_id_fields = ["user"]
    readonly_fields = ["created_at", "last_login_at"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "action", "object_type", "object_id", "reason"]
    list_filter = ["action"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
