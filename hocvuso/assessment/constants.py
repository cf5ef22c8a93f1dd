from django.db import models
from django.utils.translation import gettext_lazy as _

LEVELS = (1, 2, 3)  # Decision 757: cơ bản, thành thạo, hướng dẫn được người khác

# Our defaults for a certification test (not fixed by Decision 757 or plan 67; a province may change
# them per TestDefinition): 2 questions per required competency, pass at 80 %, 30 minutes,
# 3 attempts per 30 days, and a 24-hour pause after a failed attempt to go back to the lessons.
DEFAULT_QUESTIONS_PER_COMPETENCY = 2
DEFAULT_PASS_PERCENT = 80
DEFAULT_TIME_LIMIT_MINUTES = 30
DEFAULT_MAX_ATTEMPTS = 3
ATTEMPT_WINDOW_DAYS = 30
DEFAULT_COOLDOWN_HOURS = 24


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("single choice")
    MULTIPLE = "multiple", _("multiple choice")
    TRUE_FALSE = "true_false", _("true or false")
    ORDERING = "ordering", _("order the steps")
    PICTURE = "picture", _("choose the right screen")


class AttemptStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("in progress")
    SUBMITTED = "submitted", _("submitted")
    EXPIRED = "expired", _("closed at the time limit")


CLOSED = (AttemptStatus.SUBMITTED, AttemptStatus.EXPIRED)
