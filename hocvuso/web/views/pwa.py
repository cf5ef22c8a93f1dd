"""Web views: the installable app (issue 3, "Offline"). Exports `urlpatterns`.

- /manifest.webmanifest: the web app manifest, named in the active language.
- /sw.js: the service worker, served from the site root so that its scope is the whole site. Its
  source is hocvuso/web/static/web/sw.js; this view fills in the cache version (a hash of every
  static file, so a deploy that changes any of them makes browsers fetch the new worker and drop
  the old caches) and the list of app-shell files to precache.
- /offline/: what offline reading is; without a connection the service worker shows the copy it
  keeps of this page, and offline.js lists the courses saved on the phone.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import URLPattern, path, reverse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import quote_etag
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

THEME_COLOUR = "#083d6e"  # the top bar (--brand-dark in site.css)
BACKGROUND_COLOUR = "#ffffff"
SW_SOURCE = "web/sw.js"
# What every page needs, kept by the service worker from its installation on: the base CSS and
# JavaScript (files missing from this checkout are skipped) and the offline page.
SHELL_STATIC = ("web/site.css", "vendor/htmx.min.js", "web/offline.js", "web/learner.js", "web/icons/icon-192.png")
ICONS = (
    ("web/icons/icon.svg", "any", "image/svg+xml", "any"),
    ("web/icons/icon-192.png", "192x192", "image/png", "any"),
    ("web/icons/icon-512.png", "512x512", "image/png", "any"),
    ("web/icons/icon-192.png", "192x192", "image/png", "maskable"),
    ("web/icons/icon-512.png", "512x512", "image/png", "maskable"),
)


def _static_files() -> dict[str, bytes]:
    """Every static file the finders see (apps' static/ folders), by path: the deployed static set."""
    found: dict[str, bytes] = {}
    for finder in finders.get_finders():
        for relative, storage in finder.list(["*.gz", "*.br", "CVS", ".*", "*~"]):
            if relative not in found:  # the first finder wins, as collectstatic does
                with storage.open(relative) as handle:
                    found[relative.replace("\\", "/")] = handle.read()
    return found


def _compute_worker() -> tuple[bytes, str]:
    files = _static_files()
    digest = hashlib.sha256()
    for relative in sorted(files):
        digest.update(relative.encode())
        digest.update(hashlib.sha256(files[relative]).digest())
    version = digest.hexdigest()[:16]
    shell = [static(name) for name in SHELL_STATIC if name in files]
    shell.append(reverse("web:offline"))
    source = files[SW_SOURCE].decode()
    body = source.replace('"__HVS_VERSION__"', json.dumps(version)).replace('["__HVS_SHELL__"]', json.dumps(shell))
    return body.encode(), version


_cached_worker = cache(_compute_worker)


def service_worker_source() -> tuple[bytes, str]:
    """The worker's script with its version filled in, and the version. Computed once per process
    (in DEBUG on every request, so edits to static files show at once)."""
    return _compute_worker() if settings.DEBUG else _cached_worker()


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    body, version = service_worker_source()
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    # The browser checks the worker for updates on navigation; it must ask the server every time.
    response["Cache-Control"] = "no-cache"
    response["ETag"] = quote_etag(version)
    return response


@require_safe
def manifest(request: HttpRequest) -> HttpResponseBase:
    data = {
        "id": reverse("web:learn"),
        "name": _("Digital literacy for everyone"),
        # Translators: the app's name under its icon on the phone's home screen; about 12 letters.
        "short_name": _("Digital skills"),
        "description": _("Lessons of the digital literacy campaign, readable without an Internet connection."),
        "lang": get_language(),
        "dir": "rtl" if get_language_bidi() else "ltr",
        "start_url": reverse("web:learn"),
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [
            {"src": static(name), "sizes": sizes, "type": mime, "purpose": purpose}
            for name, sizes, mime, purpose in ICONS
        ],
    }
    body = json.dumps(data, ensure_ascii=False).encode()
    etag = quote_etag(hashlib.sha256(body).hexdigest()[:16])
    response = HttpResponse(body, content_type="application/manifest+json")
    response["ETag"] = etag
    response["Cache-Control"] = "private, max-age=86400"
    patch_vary_headers(response, ["Cookie"])  # the language comes from the language cookie
    conditional = get_conditional_response(request, etag=etag, response=response)
    return conditional if conditional is not None else response


@require_safe
def offline(request: HttpRequest) -> HttpResponse:
    return render(request, "web/offline.html")


urlpatterns: list[URLPattern] = [
    path("manifest.webmanifest", manifest, name="manifest"),
    path("sw.js", service_worker, name="service-worker"),
    path("offline/", offline, name="offline"),
]
