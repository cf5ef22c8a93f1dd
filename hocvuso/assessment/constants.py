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

# A placement test (issue 4 §1) lets a learner skip what they already know: one level-1 question per
# competency their group needs (about 15 questions for citizens: five minutes, no reading marathon for
# an elderly learner), no time limit (not an exam), no pause after it (nothing is "failed"), and two
# attempts per 30 days: once to start, once more after a first try in a hurry, but not a way to click
# through the lessons by guessing. A competency answered right marks its level-1 lessons as known.
PLACEMENT_QUESTIONS_PER_COMPETENCY = 1
PLACEMENT_LEVEL = 1
PLACEMENT_MAX_ATTEMPTS = 2
PLACEMENT_PASS_PERCENT = 80  # "passed" only says most was known; each competency is judged by itself

# A module quiz is practice, not an exam: 5 questions over the competencies of the module's lessons,
# pass at 60 % (three of five), any number of attempts, no pause, no time limit; the right answers and
# explanations are shown after each attempt, like every test. It never leads to a certificate.
QUIZ_QUESTION_COUNT = 5
QUIZ_PASS_PERCENT = 60
UNLIMITED_ATTEMPTS = 0  # max_attempts 0: no limit

# Assisted mode: the mentor who started a test for a learner on their own phone may open that attempt
# while it is in progress, and its result for 24 hours after it was handed in, to go through the
# explanations together; after that only the learner sees it.
ASSISTED_RESULT_HOURS = 24


class TestKind(models.TextChoices):
    CERTIFICATION = "certification", _("certification test")
    PLACEMENT = "placement", _("placement test")
    MODULE_QUIZ = "module_quiz", _("module quiz")

    __test__ = False  # not a pytest test class


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
