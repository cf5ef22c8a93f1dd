"""Fixtures for the people tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def roster_media(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Stored roster files go to a temporary media directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path
