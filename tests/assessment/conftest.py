from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation

from tests.api.conftest import api_as  # noqa: F401 - the API fixture of tests/api, used here too


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Service messages in English, so assertions do not depend on the translations in locale/."""
    with translation.override("en"):
        yield
