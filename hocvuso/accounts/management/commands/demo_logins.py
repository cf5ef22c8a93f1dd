"""python manage.py demo_logins: the demo accounts made by seed_demo, one per role, and their password."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from hocvuso.accounts.constants import DEMO_PASSWORD, DEMO_USERNAME_PREFIX, RoleKind
from hocvuso.accounts.models import User

_ORDER = {kind: i for i, kind in enumerate(RoleKind.values)}


class Command(BaseCommand):
    help = "Print the demo logins (role, name, phone, CCCD, password) made by seed_demo."

    def handle(self, *args: Any, **options: Any) -> None:
        users = list(User.objects.filter(username__startswith=DEMO_USERNAME_PREFIX).prefetch_related("roles"))
        if not users:
            self.stdout.write(_("There are no demo accounts yet. Run: python manage.py seed_demo"))
            return
        rows = []
        for user in users:
            roles = sorted(user.roles.all(), key=lambda r: _ORDER.get(r.kind, 99))
            role = str(roles[0]) if roles else _("no role")
            rank = _ORDER.get(roles[0].kind, 99) if roles else 99
            rows.append((rank, role, user.full_name, user.phone or "", user.national_id or "", DEMO_PASSWORD))
        rows.sort()
        header = (_("Role"), _("Name"), _("Phone"), _("CCCD"), _("Password"))
        table = [header, *(row[1:] for row in rows)]
        widths = [max(len(str(line[i])) for line in table) for i in range(len(header))]
        self.stdout.write(
            _("Demo logins: sign in at /login/ with the phone number or the CCCD number and the password.")
        )
        for i, line in enumerate(table):
            self.stdout.write(
                "  ".join(str(cell).ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
            )
            if i == 0:
                self.stdout.write("  ".join("-" * width for width in widths))
