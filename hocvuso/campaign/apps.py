from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignConfig(AppConfig):
    name = "hocvuso.campaign"
    label = "campaign"
    verbose_name = _("Campaign operations")

    def ready(self) -> None:
        # A passed certification test certifies the learner's mentor link (plan 67 footnote 7:
        # promotion to mentor only after certification). A callback registry, not a signal (STYLE.md).
        from hocvuso.assessment import hooks
        from hocvuso.campaign.services.cascade import on_attempt_passed

        if on_attempt_passed not in hooks.on_attempt_passed:
            hooks.on_attempt_passed.append(on_attempt_passed)
