"""Web access matrix rows for the identity-provider sign-in (hocvuso/web/views/oidc.py).

The matrix runs without a provider configured, the default: both pages answer 404 to everyone, and
only GET is accepted. The sign-in itself is tested in tests/web/test_oidc_login.py.
"""

from __future__ import annotations

from django.urls import reverse

from tests.web.access_cases import Case

PUBLIC: set[str] = {"oidc-login", "oidc-callback"}
CASES: list[Case] = [
    Case("oidc-login", "get", lambda p, j: reverse("web:oidc-login"), (404,) * 9),
    Case("oidc-callback", "get", lambda p, j: reverse("web:oidc-callback"), (404,) * 9),
    Case("oidc-login", "post", lambda p, j: reverse("web:oidc-login"), (405,) * 9),
    Case("oidc-callback", "post", lambda p, j: reverse("web:oidc-callback"), (405,) * 9),
]
