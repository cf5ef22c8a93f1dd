"""Web access matrix rows for the pwa views (hocvuso/web/views/pwa.py).

The manifest, the service worker and the offline page hold nothing personal: every persona, signed
in or not, gets them (an anonymous visitor's phone installs the app from the sign-in page).
"""

from __future__ import annotations

from django.urls import reverse

from tests.web.access_cases import Case

EVERYONE = (200, 200, 200, 200, 200, 200, 200, 200, 200)
PUBLIC: set[str] = {"manifest", "service-worker", "offline"}
CASES: list[Case] = [
    Case("manifest", "get", lambda p, j: reverse("web:manifest"), EVERYONE),
    Case("service-worker", "get", lambda p, j: reverse("web:service-worker"), EVERYONE),
    Case("offline", "get", lambda p, j: reverse("web:offline"), EVERYONE),
    # Only reading: the worker and the manifest refuse writes.
    Case("service-worker", "post", lambda p, j: reverse("web:service-worker"), (405,) * 9),
    Case("manifest", "post", lambda p, j: reverse("web:manifest"), (405,) * 9),
]
