"""Web access matrix rows for the frameworks views (hocvuso/web/views/frameworks.py).

Everyone signed in reads frameworks; only the province administrator (Sở KH&CN) edits a draft and
publishes it. Drafts are invisible to everyone else: a draft's version page answers 404 to them.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from hocvuso.framework import selectors, services
from hocvuso.framework.constants import BASIC_757
from hocvuso.framework.models import FrameworkVersion
from tests.personas import Personas
from tests.web.access_cases import Case

PUBLIC: set[str] = set()

READ = (200, 200, 200, 200, 200, 200, 200, 200, 302)
EDIT_GET = (200, 403, 403, 403, 403, 403, 403, 403, 302)
# The administrator's edits redirect back to the editor (302), like a refused anonymous user.
EDIT_POST = (302, 403, 403, 403, 403, 403, 403, 403, 302)


def _loaded(p: Personas) -> FrameworkVersion:
    services.load_all()
    version = selectors.published_version(BASIC_757)
    assert version is not None
    return version


def _with_draft(p: Personas) -> FrameworkVersion:
    version = _loaded(p)
    return selectors.draft_of(version.framework) or services.start_draft(version.framework, p.province_admin)


def _url(name: str, setup: Any = _loaded, **kwargs: Any) -> Any:
    def build(p: Personas, job: Any) -> str:
        setup(p)
        return reverse(f"web:{name}", kwargs=kwargs or None)

    return build


def _draft_version_url(p: Personas, job: Any) -> str:
    draft = _with_draft(p)
    return reverse("web:framework-version", args=[BASIC_757, draft.number])


CASES = [
    Case("frameworks", "get", _url("frameworks"), READ),
    Case("framework", "get", _url("framework", slug=BASIC_757), READ),
    Case("framework-version", "get", _url("framework-version", slug=BASIC_757, number=1), READ),
    # A draft is seen only by those who edit it; to anyone else it is missing.
    Case("framework-version", "get", _draft_version_url, (200, 404, 404, 404, 404, 404, 404, 404, 302)),
    Case("framework-compare", "get", _url("framework-compare"), READ),
    Case("framework-draft", "get", _url("framework-draft", slug=BASIC_757), EDIT_GET),
    Case("framework-draft", "get", _url("framework-draft", _with_draft, slug=BASIC_757), EDIT_GET),
    Case("framework-draft", "post", _url("framework-draft", slug=BASIC_757), EDIT_POST),
    Case(
        "framework-draft-edit",
        "post",
        _url("framework-draft-edit", _with_draft, slug=BASIC_757),
        EDIT_POST,
        data=lambda p, who: {"action": "competency", "code": "CB-1.1", "name": f"Điện thoại ({who})"},
    ),
    Case("framework-publish", "post", _url("framework-publish", _with_draft, slug=BASIC_757), EDIT_POST),
    Case("framework-discard", "post", _url("framework-discard", _with_draft, slug=BASIC_757), EDIT_POST),
    # Missing frameworks answer 404 to the editor, 403 (no role) before that to everyone else.
    Case("framework-draft", "get", _url("framework-draft", slug="khong-co"), (404, *EDIT_GET[1:])),
]
