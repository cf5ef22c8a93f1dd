"""`manage.py seed_campaign_demo` gives the demo province a team, sessions, an event and a wifi point."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hocvuso.accounts.constants import RoleKind
from hocvuso.accounts.models import Role
from hocvuso.campaign.models import CommunitySession, CommunityTechTeam, Event, SupportPerson, WifiPoint
from hocvuso.people.demo import seed_demo

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("seed_campaign_demo", *args, stdout=out)
    return out.getvalue()


def test_the_demo_commune_gets_a_team_sessions_an_event_and_a_wifi_point() -> None:
    seed_demo(people=300, seed=1)
    _run("--if-empty")
    team = CommunityTechTeam.objects.get()
    assert team.members.filter(left_on__isnull=True).count() >= 1
    assert team.hamlets.count() >= 1
    assert CommunitySession.objects.filter(commune=team.commune).count() >= 8  # about 60 days, weekly
    assert SupportPerson.objects.filter(commune=team.commune).exists()
    assert Event.objects.filter(commune=team.commune).count() == 1
    assert WifiPoint.objects.filter(commune=team.commune).count() == 1


def test_a_second_run_with_if_empty_changes_nothing() -> None:
    seed_demo(people=300, seed=1)
    _run("--if-empty")
    counts = (CommunitySession.objects.count(), Role.objects.filter(kind=RoleKind.TEAM_MEMBER).count())
    _run("--if-empty")
    assert CommunityTechTeam.objects.count() == 1
    assert (CommunitySession.objects.count(), Role.objects.filter(kind=RoleKind.TEAM_MEMBER).count()) == counts


def test_without_the_demo_accounts_it_says_what_to_run_first() -> None:
    with pytest.raises(CommandError):
        _run()
