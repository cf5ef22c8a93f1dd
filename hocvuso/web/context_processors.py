from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from hocvuso.accounts import permissions as acc
from hocvuso.accounts.constants import RoleKind


def platform(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    kinds = acc.role_kinds(user) if user is not None else set()
    return {
        "area_name": settings.HOCVUSO_AREA_NAME or "Trà Vinh",
        "nav": {
            "roster": bool(kinds & set(acc.ROSTER_READERS)),
            "hamlets": bool(kinds & {*acc.ROSTER_READERS, RoleKind.MENTOR}),
            "imports": bool(kinds & set(acc.IMPORTERS)),
            "export": bool(kinds & set(acc.ROSTER_EDITORS)),
            "staff": bool(kinds & set(acc.STAFF_AREA)),
            "accounts": bool(kinds & set(acc.ACCOUNT_HELPERS)),
        },
    }
