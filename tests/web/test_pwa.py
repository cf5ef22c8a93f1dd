"""The installable app: manifest, service worker at the site root, offline page (issue 3, "Offline")."""

from __future__ import annotations

import json
import re
import struct
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from hocvuso.web.views import pwa
from tests.clients import client_in
from tests.personas import Personas
from tests.web.helpers import client_for

pytestmark = pytest.mark.django_db


def _png_size(path: str) -> tuple[int, int]:
    found = finders.find(path)
    assert found, f"{path} is missing from the static files"
    data = Path(str(found)).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_manifest_is_json_with_what_chromium_needs_to_install_the_app() -> None:
    response = Client().get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] and manifest["short_name"]
    assert len(manifest["short_name"]) <= 15
    assert manifest["start_url"] == reverse("web:learn") == "/learn/"
    assert manifest["display"] == "standalone"
    assert manifest["scope"] == "/"
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["theme_color"])
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["background_color"])
    pngs = {icon["sizes"]: icon for icon in manifest["icons"] if icon["type"] == "image/png"}
    assert {"192x192", "512x512"} <= set(pngs)
    for sizes, icon in pngs.items():
        assert icon["src"].startswith("/static/")
        width, height = _png_size(icon["src"].removeprefix("/static/"))
        assert f"{width}x{height}" == sizes
    assert any(icon["purpose"] == "maskable" for icon in manifest["icons"])


def test_manifest_names_the_app_in_the_active_language() -> None:
    vietnamese = json.loads(client_in("vi").get("/manifest.webmanifest").content)
    english = json.loads(client_in("en").get("/manifest.webmanifest").content)
    assert vietnamese["lang"] == "vi" and english["lang"] == "en"
    assert english["name"] == "Digital literacy for everyone"
    assert vietnamese["name"] != english["name"]
    assert "Cookie" in client_in("en").get("/manifest.webmanifest")["Vary"]


def test_manifest_answers_not_modified_to_a_phone_that_has_it() -> None:
    client = client_in("vi")
    first = client.get("/manifest.webmanifest")
    again = client.get("/manifest.webmanifest", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_service_worker_is_served_from_the_root_with_its_scope_and_no_cache() -> None:
    response = Client().get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    assert "__HVS_VERSION__" not in body and "__HVS_SHELL__" not in body
    version = re.search(r'var VERSION = "([0-9a-f]{16})";', body)
    assert version, "the worker embeds its cache version"
    shell = json.loads(re.search(r"var SHELL = (\[.*?\]);", body).group(1))  # type: ignore[union-attr]
    assert "/static/web/site.css" in shell and "/static/vendor/htmx.min.js" in shell
    assert "/static/web/offline.js" in shell
    assert shell[-1] == reverse("web:offline")
    for url in shell[:-1]:
        assert finders.find(url.removeprefix("/static/")), f"the worker would precache a missing file {url}"


def test_service_worker_version_changes_when_a_static_file_changes(tmp_path: Path, settings: object) -> None:
    before, version_before = pwa._compute_worker()
    extra = tmp_path / "static"
    (extra / "web").mkdir(parents=True)
    (extra / "web" / "site.css").write_text("body { color: red; }")  # found first, as a deploy would change it
    settings.STATICFILES_DIRS = [str(extra)]  # type: ignore[attr-defined]
    finders.get_finder.cache_clear()
    try:
        after, version_after = pwa._compute_worker()
    finally:
        finders.get_finder.cache_clear()
    assert version_after != version_before
    assert after.replace(version_after.encode(), b"") == before.replace(version_before.encode(), b"")


def test_service_worker_never_stores_api_calls_or_writes() -> None:
    source = Path(str(finders.find("web/sw.js"))).read_text()
    # The fetch handler leaves these to the network before any cache is touched.
    handler = source[source.index('addEventListener("fetch"') :]
    assert 'if (request.method !== "GET") return;' in handler
    assert 'url.pathname.indexOf("/api/") === 0' in handler.split("respondWith")[0]


def test_every_page_links_the_manifest_and_loads_the_offline_script(personas: Personas) -> None:
    page = client_for(personas.learner_a).get(reverse("web:home"), follow=True).content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest"' in page
    assert '<meta name="theme-color" content="#083d6e">' in page
    script = re.search(r'<script id="hvs-offline" src="/static/web/offline.js" defer[^>]*>', page)
    assert script, "offline.js is loaded, deferred"
    assert f'data-user="{personas.learner_a.pk}"' in script.group(0)
    assert 'data-progress="/api/v1/me/progress"' in script.group(0)


def test_offline_page_explains_offline_reading_to_anyone() -> None:
    response = client_in("en").get(reverse("web:offline"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Reading without Internet</h1>" in page
    assert "data-hvs-saved-list" in page
    assert "Courses saved on this phone" in page
    assert 'data-user=""' in page  # nobody signed in: no progress is sent from this page


def test_offline_page_offers_the_courses_to_a_signed_in_learner(personas: Personas) -> None:
    page = client_for(personas.learner_a).get(reverse("web:offline")).content.decode()
    assert f'href="{reverse("web:learn-courses")}"' in page
