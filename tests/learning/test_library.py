"""The digital library: accent-insensitive search, open reading, editing by the province."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from hocvuso.learning.models import LibraryDocument
from hocvuso.learning.selectors import search_library
from hocvuso.learning.services import (
    LibraryDocumentData,
    LibraryError,
    create_library_document,
    update_library_document,
)
from tests.api.conftest import Api
from tests.personas import Personas
from tests.web.helpers import client_for

pytestmark = pytest.mark.django_db


def _doc(personas: Personas, slug: str, title: str, issued: date | None = None, **extra: object) -> LibraryDocument:
    data = LibraryDocumentData(slug=slug, title=title, issued_on=issued, **extra)  # type: ignore[arg-type]
    return create_library_document(personas.province_admin, data)


@pytest.fixture
def shelf(personas: Personas) -> dict[str, LibraryDocument]:
    return {
        "vneid": _doc(personas, "vneid-muc-2", "Hướng dẫn kích hoạt định danh điện tử VNeID mức 2", date(2024, 7, 1)),
        "qr": _doc(
            personas, "thanh-toan-qr", "Thanh toán bằng mã QR", date(2025, 1, 1), keywords="VietQR, chuyển khoản"
        ),
        "scam": _doc(
            personas,
            "lua-dao",
            "Cảnh giác lừa đảo qua mạng",
            date(2025, 5, 1),
            body="Kẻ gian giả danh công an yêu cầu cài VNeID giả.",
        ),
        "hidden": _doc(personas, "ban-nhap", "Bản nháp VNeID", is_published=False),
    }


def _slugs(docs: list[LibraryDocument]) -> list[str]:
    return [d.slug for d in docs]


def test_search_ignores_accents_and_case(shelf: dict[str, LibraryDocument]) -> None:
    assert _slugs(search_library("định danh điện tử")) == ["vneid-muc-2"]
    assert _slugs(search_library("DINH DANH dien tu")) == ["vneid-muc-2"]
    assert _slugs(search_library("thanh toán")) == ["thanh-toan-qr"]


def test_every_word_must_match_somewhere(shelf: dict[str, LibraryDocument]) -> None:
    assert _slugs(search_library("vietqr chuyen khoan")) == ["thanh-toan-qr"]
    assert search_library("vietqr lua dao") == []


def test_title_matches_rank_before_body_matches_then_newest_first(shelf: dict[str, LibraryDocument]) -> None:
    # "vneid" is in the title of the 2024 guide and only in the text of the 2025 warning.
    assert _slugs(search_library("vneid")) == ["vneid-muc-2", "lua-dao"]
    assert _slugs(search_library("")) == ["lua-dao", "thanh-toan-qr", "vneid-muc-2"]


def test_unpublished_documents_are_not_found_by_learners(shelf: dict[str, LibraryDocument]) -> None:
    assert "ban-nhap" not in _slugs(search_library("ban nhap"))


def test_editing_refolds_the_search_text(personas: Personas, shelf: dict[str, LibraryDocument]) -> None:
    doc = shelf["qr"]
    update_library_document(
        doc, personas.province_admin, LibraryDocumentData(slug=doc.slug, title="Chuyển tiền bằng Ví điện tử")
    )
    assert _slugs(search_library("vi dien tu")) == ["thanh-toan-qr"]
    assert search_library("vietqr") == []


def test_a_document_address_must_be_unique(personas: Personas, shelf: dict[str, LibraryDocument]) -> None:
    with pytest.raises(LibraryError) as caught:
        _doc(personas, "vneid-muc-2", "Khác")
    assert set(caught.value.errors) == {"slug"}


def test_visitors_search_the_library_on_the_web_without_signing_in(shelf: dict[str, LibraryDocument]) -> None:
    page = client_for(None).get(reverse("web:library"), {"q": "lừa đảo"}).content.decode()
    assert "Cảnh giác lừa đảo qua mạng" in page and "Thanh toán bằng mã QR" not in page
    document = client_for(None).get(reverse("web:library-document", args=["lua-dao"])).content.decode()
    assert "Kẻ gian giả danh công an" in document


def test_the_api_searches_without_accents(shelf: dict[str, LibraryDocument]) -> None:
    body = Api(Client(), None).get("/library", q="ma qr").json()
    assert [d["slug"] for d in body["items"]] == ["thanh-toan-qr"]
    detail = Api(Client(), None).get("/library/lua-dao").json()
    assert detail["body"].startswith("Kẻ gian") and detail["competencies"] == []


def test_the_province_adds_a_document_on_the_web(personas: Personas) -> None:
    client = client_for(personas.province_admin)
    response = client.post(
        reverse("web:library-new"),
        {
            "title": "Sổ sức khỏe điện tử",
            "slug": "so-suc-khoe",
            "kind": "guide",
            "language": "vi",
            "is_published": "on",
        },
    )
    assert response.status_code == 302
    assert _slugs(search_library("so suc khoe")) == ["so-suc-khoe"]
    bad = client.post(reverse("web:library-new"), {"title": "", "slug": "Có Dấu", "kind": "guide", "language": "vi"})
    assert bad.status_code == 400
