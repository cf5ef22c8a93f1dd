from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Service messages in English, so assertions do not depend on the translations in locale/."""
    with translation.override("en"):
        yield
