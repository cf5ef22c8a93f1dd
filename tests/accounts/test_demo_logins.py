"""`manage.py demo_logins` prints one login per role with the demo password."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from hocvuso.accounts.constants import DEMO_PASSWORD
from hocvuso.people.demo import DEMO_ACCOUNTS, seed_demo

pytestmark = pytest.mark.django_db


def _run() -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("demo_logins", stdout=out)
    return out.getvalue()


def test_demo_logins_lists_every_role_with_its_phone_and_the_password():
    seed_demo(people=200, seed=1)
    text = _run()
    for account in DEMO_ACCOUNTS:
        assert account.phone in text
    for role in (
        "province administrator",
        "commune officer",
        "community tech team member",
        "mentor",
        "organisation manager",
        "learner",
    ):
        assert role in text
    assert text.count(DEMO_PASSWORD) == len(DEMO_ACCOUNTS)
    assert "Phường Trà Vinh" in text


def test_the_learner_row_shows_the_cccd_to_sign_in_with():
    seed_demo(people=200, seed=1)
    learner_line = next(line for line in _run().splitlines() if line.startswith("learner"))
    assert any(len(cell) == 12 and cell.isdigit() for cell in learner_line.split())


def test_without_demo_data_it_says_how_to_make_it(personas):
    assert "seed_demo" in _run()
