"""Campaign data for the demo province (`make run`): a community tech team, a support person, the
weekly schedule with next month's sessions, the 10 October learning day and a wifi point, all in the
demo officer's commune and made through the campaign services (audited like real work)."""

from __future__ import annotations

import random
from datetime import date, time, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hocvuso.accounts.constants import DEMO_USERNAME_PREFIX
from hocvuso.accounts.models import User
from hocvuso.campaign.constants import EventKind, TeamRole
from hocvuso.campaign.models import CommunityTechTeam
from hocvuso.campaign.services.sessions import (
    EventData,
    WifiData,
    create_event,
    create_wifi_point,
    generate_sessions,
    save_schedule,
)
from hocvuso.campaign.services.teams import add_support_person, add_team_member, create_team
from hocvuso.geo.models import Hamlet
from hocvuso.people.models import Person

OFFICER = f"{DEMO_USERNAME_PREFIX}commune-officer"
TEAM_MEMBER = f"{DEMO_USERNAME_PREFIX}team-member"


class Command(BaseCommand):
    help = "Demo campaign data in the demo officer's commune (after seed_demo)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--if-empty", action="store_true", help="do nothing when a team already exists")
        parser.add_argument("--seed", type=int, default=67)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and CommunityTechTeam.objects.exists():
            self.stdout.write(_("Campaign demo data is already there."))
            return
        officer = User.objects.filter(username=OFFICER).first()
        member = User.objects.filter(username=TEAM_MEMBER).first()
        if officer is None or member is None:
            raise CommandError(_("Run seed_demo first: the demo accounts are missing."))
        commune = officer.roles.filter(commune__isnull=False).values_list("commune", flat=True).first()
        member_hamlet = member.roles.filter(hamlet__isnull=False).values_list("hamlet", flat=True).first()
        if commune is None or member_hamlet is None:
            raise CommandError(_("Run seed_demo first: the demo accounts have no units."))
        rng = random.Random(options["seed"])
        with transaction.atomic():
            made = self._seed(officer, commune, member_hamlet, rng)
        self.stdout.write(made)

    def _seed(self, officer: User, commune_code: int, member_hamlet: int, rng: random.Random) -> str:
        hamlets = list(Hamlet.objects.filter(commune_id=commune_code).order_by("name_folded"))
        home = next(h for h in hamlets if h.pk == member_hamlet)
        commune = home.commune
        covered = [home, *[h for h in hamlets if h.pk != home.pk][:2]]
        team = create_team(officer, commune, f"Tổ công nghệ số cộng đồng {home.name}", hamlets=covered)
        adults = list(
            Person.objects.filter(hamlet__in=covered, birth_year__lte=date.today().year - 20, user__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)[:200]
        )
        picked = Person.objects.filter(pk__in=rng.sample(adults, min(4, len(adults)))).order_by("pk")
        roles = (TeamRole.LEADER, TeamRole.DEPUTY, TeamRole.MEMBER, TeamRole.MEMBER)
        for person, role in zip(picked, roles[: len(picked)], strict=True):
            add_team_member(officer, team, person, role=role)
        office = Person.objects.filter(commune_id=commune_code, user__isnull=True).exclude(pk__in=adults).first()
        if office is not None:
            add_support_person(officer, commune, office, desk="Bộ phận một cửa, UBND " + commune.name)
        places = {h.pk: f"Nhà văn hóa {h.name}" for h in hamlets}
        save_schedule(
            commune,
            officer,
            weekday=6,
            start_time=time(8, 0),
            minutes=90,
            hamlet_order=[h.pk for h in hamlets],
            places=places,
        )
        today = timezone.localdate()
        sessions = generate_sessions(commune, today, today + timedelta(days=60), officer)
        year = today.year if today < date(today.year, 10, 10) else today.year + 1
        create_event(
            officer,
            EventData(
                kind=EventKind.LEARNING_DAY,
                name=f"Ngày hội toàn dân học tập số {year} — {commune.name}",
                date=date(year, 10, 10),
                commune=commune,
                place="UBND " + commune.name,
            ),
        )
        create_wifi_point(
            officer,
            WifiData(commune=commune, name="Wifi UBND " + commune.name, address="Trụ sở UBND " + commune.name),
        )
        return _(
            "Campaign demo data: team “%(team)s” (%(members)d members), %(sessions)d community sessions, "
            "one event and one wifi point in %(commune)s."
        ) % {"team": team.name, "members": len(picked), "sessions": sessions.created, "commune": commune.name}
