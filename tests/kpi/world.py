"""A small commune with hand-counted figures (Phường Trà Vinh, commune A of the personas) on DAY.

Adults (15+): person_a, person_a2 (personas, born 1980), staff1, staff2, worker1, teen (born 2011, 15),
adult3 -> 7; certified in force: staff1, adult3 (worker1's is revoked) -> 2/7; VNeID-confirmed: adult3.
Residents 16+: the same without teen -> 6; VNeID level 2: adult3; digital bank: adult3.
Staff 1/2 (staff1 certified), workers 0/1, primary pupils 1/1 (child), secondary 0/1 (teen).
Households 2 (household_a in A1, home3 in A2): none covered; household_a visited this year -> 1/2.
Mentor M guides staff2 (active) and worker1 (certified); the link to teen ended uncertified -> 2 per 1.
A support person on duty -> 1/1. One session held, none planned past, no attendance.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from hocvuso.campaign.constants import SessionStatus, VisitOutcome
from hocvuso.campaign.models import CommunitySession, MentorLink, SupportPerson, Visit
from hocvuso.people.constants import MembershipRole, OrganisationKind, SchoolLevel
from hocvuso.people.models import Household, Membership, Organisation, Person
from tests import factories
from tests.kpi import certificate
from tests.personas import Personas


@dataclass
class World:
    agency: Organisation
    enterprise: Organisation
    primary: Organisation
    secondary: Organisation
    staff1: Person
    staff2: Person
    worker1: Person
    child: Person
    teen: Person
    adult3: Person
    home3: Household


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 9, 0))


def build_world(p: Personas) -> World:
    a = p.commune_a
    agency = Organisation.objects.create(name="UBND Phường", kind=OrganisationKind.STATE_AGENCY, commune=a)
    enterprise = Organisation.objects.create(name="Công ty Dừa", kind=OrganisationKind.ENTERPRISE, commune=a)
    primary = Organisation.objects.create(
        name="Tiểu học Khóm 1", kind=OrganisationKind.SCHOOL, school_level=SchoolLevel.PRIMARY, commune=a
    )
    secondary = Organisation.objects.create(
        name="THPT Khóm 1", kind=OrganisationKind.SCHOOL, school_level=SchoolLevel.UPPER_SECONDARY, commune=a
    )
    h1, h2 = p.hamlet_a1, p.hamlet_a2
    staff1 = factories.PersonFactory(hamlet=h1, birth_year=1985)
    staff2 = factories.PersonFactory(hamlet=h1, birth_year=1990)
    worker1 = factories.PersonFactory(hamlet=h1, birth_year=1995)
    child = factories.PersonFactory(hamlet=h1, birth_year=2016)
    teen = factories.PersonFactory(hamlet=h1, birth_year=2011)
    home3 = factories.HouseholdFactory(hamlet=h2)
    adult3 = factories.PersonFactory(
        hamlet=h2, household=home3, birth_year=1970, vneid_level=2, has_digital_bank_account=True
    )
    Membership.objects.create(person=staff1, organisation=agency, role=MembershipRole.CIVIL_SERVANT)
    Membership.objects.create(person=staff2, organisation=agency, role=MembershipRole.PUBLIC_EMPLOYEE)
    Membership.objects.create(person=worker1, organisation=enterprise, role=MembershipRole.WORKER)
    Membership.objects.create(person=child, organisation=primary, role=MembershipRole.PUPIL, grade=4)
    Membership.objects.create(person=teen, organisation=secondary, role=MembershipRole.PUPIL, grade=10)
    # A membership that ended before DAY counts nowhere.
    Membership.objects.create(
        person=adult3, organisation=agency, role=MembershipRole.CIVIL_SERVANT, end_date=date(2025, 12, 31)
    )
    certificate(staff1)
    certificate(child)
    certificate(worker1, revoked=True)
    certificate(adult3, vneid_confirmed=True)
    Visit.objects.create(
        household=p.household_a,
        hamlet=h1,
        commune=a,
        visited_on=date(2026, 3, 1),
        visitor=p.team_member_a,
        outcome=VisitOutcome.HELPED,
    )
    Visit.objects.create(
        household=home3,
        hamlet=h2,
        commune=a,
        visited_on=date(2025, 12, 1),
        visitor=p.team_member_a,
        outcome=VisitOutcome.HELPED,
    )
    mentor = factories.PersonFactory(hamlet=p.hamlet_b1, birth_year=1975)
    MentorLink.objects.create(mentor=mentor, learner=staff2, linked_at=_at(date(2026, 2, 1)))
    MentorLink.objects.create(
        mentor=mentor,
        learner=worker1,
        linked_at=_at(date(2026, 2, 1)),
        certified_at=_at(date(2026, 3, 1)),
        ended_at=_at(date(2026, 3, 1)),
    )
    MentorLink.objects.create(
        mentor=mentor, learner=teen, linked_at=_at(date(2026, 2, 1)), ended_at=_at(date(2026, 2, 5))
    )
    SupportPerson.objects.create(commune=a, person=staff1, since=date(2026, 1, 1))
    start = _at(date(2026, 2, 8))
    CommunitySession.objects.create(
        commune=a, hamlet=h1, starts_at=start, ends_at=start + timedelta(minutes=90), status=SessionStatus.HELD
    )
    return World(agency, enterprise, primary, secondary, staff1, staff2, worker1, child, teen, adult3, home3)


COMMUNE_A = {
    "staff_skills": (1, 2),
    "primary_pupils_skills": (1, 1),
    "secondary_students_skills": (0, 1),
    "adults_skills": (2, 7),
    "adults_vneid_certified": (1, 7),
    "workers_skills": (0, 1),
    "households_covered": (0, 2),
    "residents_vneid_level2": (1, 6),
    "residents_digital_bank": (1, 6),
    "learners_per_mentor": (2, 1),
    "communes_with_support_person": (1, 1),
    "sessions_held": (1, 1),
    "session_attendance": (0, 1),
    "households_visited": (1, 2),
}
