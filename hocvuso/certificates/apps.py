from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "hocvuso.certificates"
    label = "certificates"
    verbose_name = _("Certificates")

    def ready(self) -> None:
        from hocvuso.assessment import hooks
        from hocvuso.certificates.services import issue_for_passed_attempt

        if issue_for_passed_attempt not in hooks.on_attempt_passed:
            hooks.on_attempt_passed.append(issue_for_passed_attempt)
