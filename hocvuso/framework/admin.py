"""Back office: frameworks are read-only here. Changes go through a draft in the staff UI
(/frameworks/<slug>/draft/) or a data file, so that published versions are never edited in place."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from hocvuso.framework.models import Competency, Framework, FrameworkVersion


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Framework)
class FrameworkAdmin(ReadOnlyAdmin):
    list_display = ["slug", "name", "source", "order"]


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(ReadOnlyAdmin):
    list_display = ["framework", "number", "status", "published_at", "content_hash"]
    list_filter = ["framework", "status"]


@admin.register(Competency)
class CompetencyAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "version"]
    list_filter = ["version__framework", "version"]
    search_fields = ["code", "name"]
