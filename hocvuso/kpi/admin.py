from django.contrib import admin

from hocvuso.kpi.models import Target, UnitCount


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    """Every target; the province page /kpi/targets/ sets defaults and commune overrides, this one also
    hamlet and organisation overrides and other years (docs/kpi.md)."""

    list_display = ["indicator", "year", "level", "unit_id", "value", "updated_at"]
    list_filter = ["year", "level", "indicator"]
    readonly_fields = ["updated_at", "updated_by"]

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(UnitCount)
class UnitCountAdmin(admin.ModelAdmin):
    """Read only: rows are written by the fill job and the refresh callbacks."""

    list_display = ["indicator", "level", "unit_id", "day", "numerator", "denominator", "computed_at"]
    list_filter = ["level", "indicator", "day"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
