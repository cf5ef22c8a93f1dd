"""The "Sign in with VNeID" button of the login page, shown only when a provider is configured."""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from hocvuso.accounts import oidc

register = template.Library()


@register.inclusion_tag("web/_oidc_button.html")
def oidc_login_button(next_url: str = "") -> dict[str, str]:
    if not oidc.is_enabled():
        return {"label": "", "url": ""}
    url = reverse("web:oidc-login")
    return {"label": oidc.button_label(), "url": f"{url}?{urlencode({'next': next_url})}" if next_url else url}
