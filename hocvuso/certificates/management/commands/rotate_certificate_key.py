"""python manage.py rotate_certificate_key: retire the active signing key and start signing with a new one."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from hocvuso.certificates.signing import rotate_key


class Command(BaseCommand):
    help = (
        "Retire the active certificate signing key and make a new one (audited). Certificates signed by the "
        "old key still verify. Export the keys again afterwards (export_certificate_keys)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        key = rotate_key()
        self.stdout.write(_("New signing key: %(key)s") % {"key": key.key_id})
