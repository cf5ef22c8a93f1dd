"""The same named people in every test, each with one role on one unit."""

from __future__ import annotations

from dataclasses import dataclass

from hocvuso.accounts.constants import RoleKind
from hocvuso.accounts.models import User
from hocvuso.accounts.services import create_user, grant_role
from hocvuso.geo.models import Commune, Hamlet, Province
from hocvuso.people.constants import MembershipRole, OrganisationKind, SchoolLevel
from hocvuso.people.models import Household, Membership, Organisation, Person
from tests import factories

PASSWORD = "mat-khau-demo-2025"
COMMUNE_A = 29242  # Phường Trà Vinh
COMMUNE_B = 29536  # Xã Đông Hải
# Every access matrix runs over these, in this order.
PERSONA_NAMES = (
    "province_admin",
    "officer_a",
    "officer_b",
    "team_member_a",
    "mentor_a",
    "org_manager_a",
    "learner_a",
    "outsider",
    "anonymous",
)


@dataclass
class Personas:
    province: Province
    commune_a: Commune
    commune_b: Commune
    hamlet_a1: Hamlet
    hamlet_a2: Hamlet
    hamlet_b1: Hamlet
    household_a: Household
    household_b: Household
    person_a: Person  # in hamlet A1
    person_a2: Person  # in hamlet A2
    person_b: Person  # in commune B
    school_a: Organisation
    pupil_a: Person
    province_admin: User
    officer_a: User
    officer_b: User
    team_member_a: User
    mentor_a: User
    org_manager_a: User
    learner_a: User
    outsider: User

    def users(self) -> dict[str, User | None]:
        return {
            "province_admin": self.province_admin,
            "officer_a": self.officer_a,
            "officer_b": self.officer_b,
            "team_member_a": self.team_member_a,
            "mentor_a": self.mentor_a,
            "org_manager_a": self.org_manager_a,
            "learner_a": self.learner_a,
            "outsider": self.outsider,
            "anonymous": None,
        }


def _user(username: str, full_name: str, phone: str) -> User:
    return create_user(username=username, password=PASSWORD, full_name=full_name, phone=phone)


def build_personas() -> Personas:
    commune_a = Commune.objects.get(code=COMMUNE_A)
    commune_b = Commune.objects.get(code=COMMUNE_B)
    province = commune_a.province
    hamlet_a1 = factories.HamletFactory(commune=commune_a, name="Khóm 1")
    hamlet_a2 = factories.HamletFactory(commune=commune_a, name="Khóm 2")
    hamlet_b1 = factories.HamletFactory(commune=commune_b, name="Ấp Phước Thiện")
    household_a = factories.HouseholdFactory(commune=commune_a, hamlet=hamlet_a1)
    household_b = factories.HouseholdFactory(commune=commune_b, hamlet=hamlet_b1)
    person_a = factories.PersonFactory(hamlet=hamlet_a1, household=household_a, full_name="Nguyễn Văn Hùng")
    person_a2 = factories.PersonFactory(hamlet=hamlet_a2, full_name="Thạch Thị Sa Ra")
    person_b = factories.PersonFactory(hamlet=hamlet_b1, household=household_b, full_name="Lê Thị Bích")
    school_a = Organisation.objects.create(
        name="Trường Tiểu học Trà Vinh",
        kind=OrganisationKind.SCHOOL,
        school_level=SchoolLevel.PRIMARY,
        commune=commune_b,
    )
    pupil_a = factories.PersonFactory(hamlet=hamlet_b1, full_name="Sơn Minh Khang", birth_year=2016)
    Membership.objects.create(person=pupil_a, organisation=school_a, role=MembershipRole.PUPIL, grade=3)

    province_admin = _user("province_admin", "Trần Quốc Sở", "0911000001")
    grant_role(province_admin, RoleKind.PROVINCE_ADMIN, unit=province)
    officer_a = _user("officer_a", "Phạm Thị Xã A", "0911000002")
    grant_role(officer_a, RoleKind.COMMUNE_OFFICER, unit=commune_a)
    officer_b = _user("officer_b", "Võ Văn Xã B", "0911000003")
    grant_role(officer_b, RoleKind.COMMUNE_OFFICER, unit=commune_b)
    team_member_a = _user("team_member_a", "Kim Thị Tổ", "0911000004")
    grant_role(team_member_a, RoleKind.TEAM_MEMBER, unit=hamlet_a1)
    mentor_a = _user("mentor_a", "Lâm Văn Sứ", "0911000005")
    grant_role(mentor_a, RoleKind.MENTOR, unit=hamlet_a1)
    org_manager_a = _user("org_manager_a", "Đặng Thị Trường", "0911000006")
    grant_role(org_manager_a, RoleKind.ORG_MANAGER, unit=school_a)
    learner_a = _user("learner_a", person_a.full_name, "0911000007")
    person_a.user = learner_a
    person_a.save(update_fields=["user"])
    grant_role(learner_a, RoleKind.LEARNER, unit=hamlet_a1)
    outsider = _user("outsider", "Người Ngoài", "0911000008")
    return Personas(
        province=province,
        commune_a=commune_a,
        commune_b=commune_b,
        hamlet_a1=hamlet_a1,
        hamlet_a2=hamlet_a2,
        hamlet_b1=hamlet_b1,
        household_a=household_a,
        household_b=household_b,
        person_a=person_a,
        person_a2=person_a2,
        person_b=person_b,
        school_a=school_a,
        pupil_a=pupil_a,
        province_admin=province_admin,
        officer_a=officer_a,
        officer_b=officer_b,
        team_member_a=team_member_a,
        mentor_a=mentor_a,
        org_manager_a=org_manager_a,
        learner_a=learner_a,
        outsider=outsider,
    )
