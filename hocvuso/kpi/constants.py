from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

# docs/kpi.md: "at risk" when the value reaches this share of the target pro rata to the day of the year.
AT_RISK_SHARE = Decimal("0.85")


class Level(models.TextChoices):
    PROVINCE = "province", _("province")
    COMMUNE = "commune", _("commune")
    HAMLET = "hamlet", _("hamlet")
    ORGANISATION = "organisation", _("organisation")


class Unit(models.TextChoices):
    """How an indicator's value reads: a share of its denominator, or a ratio (learners per mentor)."""

    PERCENT = "percent", _("percent")
    RATIO = "ratio", _("per unit")


class State(models.TextChoices):
    ON_TRACK = "on_track", _("on track")
    AT_RISK = "at_risk", _("at risk")
    BEHIND = "behind", _("behind")
    NO_TARGET = "no_target", _("no target")
    NO_DATA = "no_data", _("no data yet")
