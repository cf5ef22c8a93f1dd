"""learning.services.mark_tested_out: skipped lessons never downgrade a completed one, and are idempotent."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from hocvuso.learning.constants import ProgressStatus
from hocvuso.learning.models import LessonProgress
from hocvuso.learning.services import mark_lesson_completed, mark_tested_out
from tests.learning.builders import basic_framework, lesson


def test_marking_is_idempotent_and_never_downgrades(personas: Any) -> None:
    basic_framework()
    done, started, new = lesson("done"), lesson("started"), lesson("new")
    user = personas.learner_a
    mark_lesson_completed(user, done)
    LessonProgress.objects.create(user=user, lesson=started, status=ProgressStatus.STARTED, started_at=timezone.now())
    changed = mark_tested_out(user, [done.pk, started.pk, new.pk], source="placement-attempt:1")
    assert {p.lesson_id for p in changed} == {started.pk, new.pk}
    assert mark_tested_out(user, [done.pk, started.pk, new.pk], source="placement-attempt:2") == []
    statuses = dict(LessonProgress.objects.filter(user=user).values_list("lesson__slug", "status"))
    assert statuses == {"done": "completed", "started": "tested_out", "new": "tested_out"}
    assert LessonProgress.objects.get(user=user, lesson=new).source == "placement-attempt:1"
