from django.db import models
from django.utils.translation import gettext_lazy as _

# Plan 67 III.5.a and footnote 7: one mentor ("Người hướng dẫn") guides 5 learners at a time; once
# certified, a learner may guide 5 more. The cap is a setting (HOCVUSO_MENTOR_CAP) with this default.
DEFAULT_MENTOR_CAP = 5
# Plan 67 III.4.d: community learning sessions every week in every commune.
SESSIONS_PER_WEEK = 1


class TeamRole(models.TextChoices):
    LEADER = "leader", _("leader")
    DEPUTY = "deputy", _("deputy leader")
    MEMBER = "member", _("member")


class HelpTopic(models.TextChoices):
    """What a visit or a session helped with (plan 67 III.5.d, R5)."""

    INSTALL_VNEID = "install_vneid", _("installed VNeID")
    VNEID_LEVEL_2 = "vneid_level_2", _("activated VNeID level 2")
    BANK_APP = "bank_app", _("opened a digital bank account / bank app")
    PUBLIC_SERVICE = "public_service", _("online public service")
    CASHLESS = "cashless", _("cashless payment")
    SCAM_AWARENESS = "scam_awareness", _("scam awareness")
    E_HEALTH = "e_health", _("e-health book")
    LESSON_TOGETHER = "lesson_together", _("took a lesson together")
    OTHER = "other", _("other")


class VisitOutcome(models.TextChoices):
    HELPED = "helped", _("helped")
    PARTLY = "partly", _("partly helped, come back")
    NOT_HOME = "not_home", _("nobody at home")
    DECLINED = "declined", _("declined help")


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    HELD = "held", _("held")
    CANCELLED = "cancelled", _("cancelled")


class AttendanceMethod(models.TextChoices):
    ROSTER = "roster", _("ticked from the roster")
    QR = "qr", _("checked in with the session's QR code")


class EventKind(models.TextChoices):
    LEARNING_DAY = "learning_day", _("“Ngày hội toàn dân học tập số” (10 October)")
    TEST_DAY = "test_day", _("community test day")
    CAMPAIGN = "campaign", _("youth campaign")
    OTHER = "other", _("other event")


class WifiStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    WORKING = "working", _("working")
    BROKEN = "broken", _("out of order")
    REMOVED = "removed", _("removed")


class Livelihood(models.TextChoices):
    """Plan 67 III.5.c, "Chợ số - Nông thôn số": who the 4T course is for."""

    TRADER = "trader", _("small trader")
    FARMER = "farmer", _("farmer")
