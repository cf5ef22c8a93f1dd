from django.db import models
from django.utils.translation import gettext_lazy as _


class ProvinceKind(models.TextChoices):
    PROVINCE = "tinh", _("province")
    CITY = "thanh_pho", _("centrally-run city")


class CommuneKind(models.TextChoices):
    COMMUNE = "xa", _("commune")
    WARD = "phuong", _("ward")
    SPECIAL_ZONE = "dac_khu", _("special zone")


class HamletKind(models.TextChoices):
    HAMLET = "ap", _("hamlet (ấp)")
    QUARTER = "khom", _("quarter (khóm)")
    STREET_GROUP = "to_dan_pho", _("residential group (tổ dân phố)")
    VILLAGE = "thon", _("village (thôn)")
    PHUM_SOC = "phum_soc", _("phum/sóc")
