from django.contrib import admin

from hocvuso.assessment.models import Attempt, PracticalTask, Question, TestDefinition


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Question)
class QuestionAdmin(ReadOnly):
    list_display = ("key", "competency_code", "level", "kind", "current_version", "is_active")
    list_filter = ("competency_code", "level", "kind")
    search_fields = ("key",)


@admin.register(PracticalTask)
class PracticalTaskAdmin(ReadOnly):
    list_display = ("key", "competency_code", "level")


@admin.register(TestDefinition)
class TestDefinitionAdmin(ReadOnly):
    list_display = ("title", "version", "group", "questions_per_competency", "pass_percent", "time_limit_minutes")


@admin.register(Attempt)
class AttemptAdmin(ReadOnly):
    list_display = ("user", "definition", "status", "started_at", "score", "max_score", "passed")
    list_filter = ("status", "passed")
