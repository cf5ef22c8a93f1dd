"""Framework test fixtures.

`frameworks` loads the three shipped frameworks through the real loader (about a tenth of a second)
and returns their published versions by slug. It is idempotent, so it is safe in any test that has
the database, including after transactional tests; it can move to tests/conftest.py unchanged.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from hocvuso.accounts.models import User
from hocvuso.accounts.services import create_user
from hocvuso.framework import selectors
from hocvuso.framework.constants import BASIC_757, DIGCOMP_22, LEARNERS_TT02
from hocvuso.framework.models import FrameworkVersion
from hocvuso.framework.services import DATA_DIR, load_all


@pytest.fixture
def frameworks(db: Any) -> dict[str, FrameworkVersion]:
    load_all()
    versions = {slug: selectors.published_version(slug) for slug in (BASIC_757, LEARNERS_TT02, DIGCOMP_22)}
    assert all(versions.values())
    return versions  # type: ignore[return-value]


@pytest.fixture
def province_user(db: Any) -> User:
    """A signed-up user acting for the province in service calls (roles are checked by the views)."""
    return create_user(username="so-khcn", password=None, full_name="Sở Khoa học và Công nghệ")


def shipped(name: str) -> dict[str, Any]:
    """The content of a shipped data file, to change in a test and write elsewhere."""
    return yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8"))


def write(directory: Path, name: str, data: dict[str, Any]) -> Path:
    path = directory / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
