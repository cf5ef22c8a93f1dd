"""Rows of the web access matrix (tests/web/test_access_web.py), one module per area of views.

Each area module defines CASES (list[Case]) and PUBLIC (url names open to everyone, still tested
by their own tests). Personas, in order: province_admin, officer_a, officer_b, team_member_a,
mentor_a, org_manager_a, learner_a, outsider, anonymous.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.personas import Personas


@dataclass(frozen=True)
class Case:
    url_name: str
    method: str
    url: Callable[[Personas, Any], str]
    expected: tuple[int, ...]  # one status per persona, in PERSONAS order
    data: Callable[[Personas, str], dict[str, Any]] | None = None
