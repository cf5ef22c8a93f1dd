"""API test helpers: a bearer token per persona, and calls made with it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from hocvuso.accounts.constants import TokenScope
from hocvuso.accounts.models import User
from hocvuso.accounts.services import create_api_token
from hocvuso.lib import cccd
from tests.personas import Personas

ALL_SCOPES = tuple(TokenScope.values)
ROSTER_GOOD_ID = cccd.make("084", "F", 1985, 777)


def roster_file() -> SimpleUploadedFile:
    """A small roster as a commune keeps it: a title block, one good row, a row without a name, an unknown hamlet."""
    rows = [
        "UBND PHƯỜNG TRÀ VINH",
        "DANH SÁCH NGƯỜI DÂN",
        "STT;Họ và tên;Số CCCD;Năm sinh;Giới tính;Ấp/Khóm",
        f"1;Kiên Thị Sóc;{ROSTER_GOOD_ID};1985;Nữ;Khóm 1",
        "2;;084080000001;1980;Nam;Khóm 1",
        "3;Lâm Văn Tư;084080000002;1980;Nam;Khóm 99",
    ]
    return SimpleUploadedFile("danh-sach.csv", "\n".join(rows).encode("utf-8"), content_type="text/csv")


def token_for(user: User, scopes: Iterable[str] = ALL_SCOPES) -> str:
    _token, raw = create_api_token(user, "test", scopes)
    return raw


class Api:
    """Calls /api/v1 as one user through a bearer token (or anonymously when token is None)."""

    def __init__(self, client: Client, token: str | None) -> None:
        self.client = client
        # English answers keep assertions on messages stable while locale/ gains translations.
        self.headers = {"Accept-Language": "en"}
        if token:
            self.headers["Authorization"] = f"Bearer {token}"

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"/api/v1{path}", params, headers=self.headers)

    def post(self, path: str, body: Any = None) -> Any:
        return self.client.post(f"/api/v1{path}", body, content_type="application/json", headers=self.headers)

    def patch(self, path: str, body: Any = None) -> Any:
        return self.client.patch(f"/api/v1{path}", body, content_type="application/json", headers=self.headers)

    def upload(self, path: str, data: dict[str, Any]) -> Any:
        return self.client.post(f"/api/v1{path}", data, headers=self.headers)


@pytest.fixture
def api_as(personas: Personas):  # type: ignore[no-untyped-def]
    """`api_as("officer_a")` calls the API with a token of that persona holding every scope."""

    def make(name: str, scopes: Iterable[str] = ALL_SCOPES) -> Api:
        user = personas.users()[name]
        return Api(Client(), token_for(user, scopes) if user is not None else None)

    return make
