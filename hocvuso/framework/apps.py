from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrameworkConfig(AppConfig):
    name = "hocvuso.framework"
    label = "framework"
    verbose_name = _("Digital-skills frameworks")
