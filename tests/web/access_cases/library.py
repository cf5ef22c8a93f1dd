"""Web access matrix rows for the library views (hocvuso/web/views/library.py): open reading,
editing by the province."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from hocvuso.learning.models import LibraryDocument
from tests.personas import Personas
from tests.web.access_cases import Case

# Plan 67 III.3.a: the digital library is open to everyone, signed in or not.
PUBLIC: set[str] = {"library", "library-document"}

EVERYONE_200 = (200, 200, 200, 200, 200, 200, 200, 200, 200)
EDITOR_200 = (200, 403, 403, 403, 403, 403, 403, 403, 302)
EDITOR_302 = (302, 403, 403, 403, 403, 403, 403, 403, 302)


def _doc(p: Personas, job: Any, *, published: bool = True) -> str:
    slug = "huong-dan-vneid" if published else "ban-nhap"
    LibraryDocument.objects.create(
        slug=slug, title="Hướng dẫn VNeID", search_text="huong dan vneid", is_published=published
    )
    return slug


def _form(p: Personas, who: str) -> dict[str, Any]:
    return {
        "title": f"Tài liệu của {who}",
        "slug": f"tai-lieu-{who.replace('_', '-')}",
        "kind": "guide",
        "language": "vi",
    }


CASES: list[Case] = [
    Case("library", "get", lambda p, j: (_doc(p, j), reverse("web:library") + "?q=vneid")[1], EVERYONE_200),
    Case("library-document", "get", lambda p, j: reverse("web:library-document", args=[_doc(p, j)]), EVERYONE_200),
    Case(
        "library-document",
        "get",
        lambda p, j: reverse("web:library-document", args=[_doc(p, j, published=False)]),
        (200, 404, 404, 404, 404, 404, 404, 404, 404),
    ),
    Case("library-new", "get", lambda p, j: reverse("web:library-new"), EDITOR_200),
    Case("library-new", "post", lambda p, j: reverse("web:library-new"), EDITOR_302, data=_form),
    Case("library-edit", "get", lambda p, j: reverse("web:library-edit", args=[_doc(p, j)]), EDITOR_200),
    Case("library-edit", "post", lambda p, j: reverse("web:library-edit", args=[_doc(p, j)]), EDITOR_302, data=_form),
    Case(
        "library-edit",
        "get",
        lambda p, j: reverse("web:library-edit", args=["no-such-document"]),
        (404, 403, 403, 403, 403, 403, 403, 403, 302),
    ),
]
