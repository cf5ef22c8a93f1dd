from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KpiConfig(AppConfig):
    name = "hocvuso.kpi"
    label = "kpi"
    verbose_name = _("Indicators")

    def ready(self) -> None:
        from hocvuso.assessment import hooks as assessment_hooks
        from hocvuso.certificates import hooks as certificate_hooks
        from hocvuso.kpi.services import on_attempt_passed, on_certificate_changed

        if on_certificate_changed not in certificate_hooks.on_certificate_issued:
            certificate_hooks.on_certificate_issued.append(on_certificate_changed)
        if on_certificate_changed not in certificate_hooks.on_certificate_revoked:
            certificate_hooks.on_certificate_revoked.append(on_certificate_changed)
        if on_attempt_passed not in assessment_hooks.on_attempt_passed:
            assessment_hooks.on_attempt_passed.append(on_attempt_passed)
