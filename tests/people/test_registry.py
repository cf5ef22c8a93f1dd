"""The population registry: model constraints, derived target groups, search, filters and access scopes."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.http import Http404

from hocvuso.geo.models import Hamlet
from hocvuso.lib import cccd
from hocvuso.people import permissions as perm
from hocvuso.people.constants import MembershipRole, OrganisationKind, SchoolLevel, TargetGroup
from hocvuso.people.models import Household, Membership, Organisation, Person
from hocvuso.people.selectors import PeopleFilters, filter_people, search_people, target_groups
from tests import factories

pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 1)


def _org(personas, kind: str, level: str = "", name: str | None = None) -> Organisation:
    return Organisation.objects.create(
        name=name or f"{kind} {level}", kind=kind, school_level=level, commune=personas.commune_a
    )


def _member(person: Person, org: Organisation, role: str, **extra) -> Membership:
    return Membership.objects.create(person=person, organisation=org, role=role, **extra)


# --- constraints ------------------------------------------------------------------------------------


def test_two_people_cannot_share_a_national_id(personas):
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.PersonFactory(hamlet=personas.hamlet_a1, national_id=personas.person_a.national_id)


def test_people_without_a_national_id_may_be_many(personas):
    factories.PersonFactory(hamlet=personas.hamlet_a1, national_id=None)
    factories.PersonFactory(hamlet=personas.hamlet_a1, national_id=None)
    assert Person.objects.filter(national_id=None).count() == 2


def test_a_household_cannot_be_both_poor_and_near_poor(personas):
    with pytest.raises(IntegrityError), transaction.atomic():
        Household.objects.create(commune=personas.commune_a, hamlet=personas.hamlet_a1, is_poor=True, is_near_poor=True)


def test_household_numbers_are_unique_within_a_commune_but_may_repeat_elsewhere(personas):
    Household.objects.create(commune=personas.commune_a, code="HN-1")
    Household.objects.create(commune=personas.commune_b, code="HN-1")
    Household.objects.create(commune=personas.commune_a, code="")
    Household.objects.create(commune=personas.commune_a, code="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Household.objects.create(commune=personas.commune_a, code="HN-1")


def test_only_schools_have_a_school_level(personas):
    with pytest.raises(IntegrityError), transaction.atomic():
        _org(personas, OrganisationKind.ENTERPRISE, SchoolLevel.PRIMARY)
    with pytest.raises(IntegrityError), transaction.atomic():
        _org(personas, OrganisationKind.SCHOOL, "")


def test_organisation_names_are_unique_in_a_commune_ignoring_accents(personas):
    _org(personas, OrganisationKind.COOPERATIVE, name="Hợp tác xã Hòa Thuận")
    with pytest.raises(IntegrityError), transaction.atomic():
        _org(personas, OrganisationKind.COOPERATIVE, name="HOP TAC XA HOA THUAN")


def test_hamlet_names_are_unique_in_a_commune_ignoring_case_and_accents(personas):
    with pytest.raises(IntegrityError), transaction.atomic():
        Hamlet.objects.create(commune=personas.commune_b, name="ấp phuoc thien")
    Hamlet.objects.create(commune=personas.commune_a, name="Ấp Phước Thiện")


def test_the_vneid_level_must_be_none_one_or_two(personas):
    person = personas.person_a
    person.vneid_level = 3
    with pytest.raises(IntegrityError), transaction.atomic():
        person.save()


def test_a_person_has_one_membership_per_organisation_and_role(personas):
    _member(personas.pupil_a, personas.school_a, MembershipRole.STUDENT)
    with pytest.raises(IntegrityError), transaction.atomic():
        _member(personas.pupil_a, personas.school_a, MembershipRole.PUPIL)


def test_names_are_stored_in_nfc_with_accent_free_search_keys(personas):
    decomposed = "Nguye\u0302\u0303n  Thi\u0323 Hoa"  # NFD, as some Excel files hold it
    person = factories.PersonFactory(hamlet=personas.hamlet_a1, full_name=decomposed)
    person.refresh_from_db()
    assert person.full_name == "Nguyễn Thị Hoa"
    assert (person.name_folded, person.given_folded) == ("nguyen thi hoa", "hoa")


def test_a_person_in_a_hamlet_belongs_to_its_commune(personas):
    person = Person(full_name="Kim Sô Phal", hamlet=personas.hamlet_b1)
    person.save()
    assert person.commune_id == personas.commune_b.code


def test_the_national_id_is_masked_except_its_last_three_digits(personas):
    assert personas.person_a.masked_national_id == "*********" + personas.person_a.national_id[-3:]


# --- target groups are derived, not typed in --------------------------------------------------------


def test_age_alone_makes_adults_and_the_elderly(personas):
    young = factories.PersonFactory(hamlet=personas.hamlet_a1, birth_year=2012, sex="F")
    adult = factories.PersonFactory(hamlet=personas.hamlet_a1, birth_year=1990)
    elderly = factories.PersonFactory(hamlet=personas.hamlet_a1, birth_year=1950)
    assert target_groups(young, [], TODAY) == set()
    assert target_groups(adult, [], TODAY) == {TargetGroup.ADULT}
    assert target_groups(elderly, [], TODAY) == {TargetGroup.ADULT, TargetGroup.ELDERLY}


def test_a_full_birth_date_decides_whether_the_birthday_has_passed(personas):
    person = factories.PersonFactory(hamlet=personas.hamlet_a1, birth_year=1966, birth_date=date(1966, 12, 24))
    assert TargetGroup.ELDERLY not in target_groups(person, [], TODAY)
    assert TargetGroup.ELDERLY in target_groups(person, [], date(2026, 12, 24))


def test_memberships_make_pupils_students_staff_and_workers(personas):
    cases = [
        (OrganisationKind.SCHOOL, SchoolLevel.PRIMARY, MembershipRole.PUPIL, TargetGroup.PRIMARY_PUPIL),
        (OrganisationKind.SCHOOL, SchoolLevel.LOWER_SECONDARY, MembershipRole.PUPIL, TargetGroup.SECONDARY_PUPIL),
        (OrganisationKind.SCHOOL, SchoolLevel.UPPER_SECONDARY, MembershipRole.PUPIL, TargetGroup.SECONDARY_PUPIL),
        (OrganisationKind.SCHOOL, SchoolLevel.UNIVERSITY, MembershipRole.STUDENT, TargetGroup.STUDENT),
        (OrganisationKind.SCHOOL, SchoolLevel.COLLEGE, MembershipRole.STUDENT, TargetGroup.STUDENT),
        (OrganisationKind.SCHOOL, SchoolLevel.PRIMARY, MembershipRole.PUBLIC_EMPLOYEE, TargetGroup.PUBLIC_SECTOR_STAFF),
        (OrganisationKind.STATE_AGENCY, "", MembershipRole.CIVIL_SERVANT, TargetGroup.PUBLIC_SECTOR_STAFF),
        (OrganisationKind.PUBLIC_SERVICE_UNIT, "", MembershipRole.PUBLIC_EMPLOYEE, TargetGroup.PUBLIC_SECTOR_STAFF),
        (OrganisationKind.ENTERPRISE, "", MembershipRole.WORKER, TargetGroup.WORKER),
        (OrganisationKind.COOPERATIVE, "", MembershipRole.WORKER, TargetGroup.WORKER),
        (OrganisationKind.COOPERATIVE_UNION, "", MembershipRole.WORKER, TargetGroup.WORKER),
    ]
    for i, (kind, level, role, group) in enumerate(cases):
        org = _org(personas, kind, level, name=f"Đơn vị {i}")
        person = factories.PersonFactory(hamlet=personas.hamlet_a1, birth_year=2012 if role == "pupil" else 1995)
        membership = _member(person, org, role)
        assert group in target_groups(person, [membership], TODAY), (kind, level, role)


def test_a_worker_role_in_a_state_agency_does_not_make_public_sector_staff(personas):
    agency = _org(personas, OrganisationKind.STATE_AGENCY, name="UBND")
    person = factories.PersonFactory(hamlet=personas.hamlet_a1, birth_year=1990)
    assert target_groups(person, [_member(person, agency, MembershipRole.WORKER)], TODAY) == {TargetGroup.ADULT}


def test_an_ended_membership_no_longer_counts(personas):
    factory = _org(personas, OrganisationKind.ENTERPRISE, name="Công ty May")
    person = factories.PersonFactory(hamlet=personas.hamlet_a1, birth_year=1990)
    old = _member(person, factory, MembershipRole.WORKER, end_date=date(2025, 12, 31))
    assert TargetGroup.WORKER not in target_groups(person, [old], TODAY)


# --- search ---------------------------------------------------------------------------------------


def _names(qs) -> set[str]:
    return set(qs.values_list("full_name", flat=True))


def test_search_ignores_accents_and_case(personas):
    everyone = Person.objects.all()
    assert _names(search_people(everyone, "nguyen van hung")) == {"Nguyễn Văn Hùng"}
    assert _names(search_people(everyone, "NGUYỄN VĂN HÙNG")) == {"Nguyễn Văn Hùng"}
    assert _names(search_people(everyone, "thach thi")) == {"Thạch Thị Sa Ra"}


def test_search_by_a_given_name_alone_or_middle_and_given(personas):
    everyone = Person.objects.all()
    assert _names(search_people(everyone, "hung")) == {"Nguyễn Văn Hùng"}
    assert _names(search_people(everyone, "van hung")) == {"Nguyễn Văn Hùng"}
    assert _names(search_people(everyone, "bich")) == {"Lê Thị Bích"}


def test_search_by_the_last_words_of_a_name(personas):
    everyone = Person.objects.all()
    assert _names(search_people(everyone, "thi sa ra")) == {"Thạch Thị Sa Ra"}
    assert _names(search_people(everyone, "sa ra")) == {"Thạch Thị Sa Ra"}
    assert not search_people(everyone, "thi sa").exists()  # words in the middle are not a name's end


def test_a_word_that_is_a_family_name_and_a_given_name_finds_both(personas):
    factories.PersonFactory(hamlet=personas.hamlet_a1, full_name="Lâm Văn Tư")
    factories.PersonFactory(hamlet=personas.hamlet_a1, full_name="Hứa Văn Lâm")
    factories.PersonFactory(hamlet=personas.hamlet_a1, full_name="Lê Văn Lâm Sơn")
    assert _names(search_people(Person.objects.all(), "lam")) == {"Lâm Văn Tư", "Hứa Văn Lâm"}


def test_search_results_can_still_be_filtered_and_ordered(personas):
    factories.PersonFactory(hamlet=personas.hamlet_b1, full_name="Nguyễn Văn Hùng", birth_year=1960)
    qs = filter_people(search_people(Person.objects.all(), "nguyen van hung"), PeopleFilters(commune=29536))
    assert [p.birth_year for p in qs.order_by("name_folded", "pk")] == [1960]


def test_search_by_a_name_prefix(personas):
    assert _names(search_people(Person.objects.all(), "le thi b")) == {"Lê Thị Bích"}


def test_search_by_cccd_even_with_its_leading_zero_lost(personas):
    number = personas.person_b.national_id
    everyone = Person.objects.all()
    assert list(search_people(everyone, number)) == [personas.person_b]
    assert list(search_people(everyone, number.lstrip("0"))) == [personas.person_b]
    assert list(search_people(everyone, f"{number[:4]} {number[4:8]} {number[8:]}")) == [personas.person_b]


def test_search_by_phone_in_any_common_format(personas):
    person = personas.person_a2
    person.phone = "0912345678"
    person.save(update_fields=["phone"])
    for typed in ("0912345678", "0912 345 678", "0912.345.678", "+84912345678"):
        assert list(search_people(Person.objects.all(), typed)) == [person], typed


def test_search_finds_nothing_for_an_unknown_name_or_number(personas):
    everyone = Person.objects.all()
    assert not search_people(everyone, "tran quoc toan").exists()
    assert not search_people(everyone, cccd.make("084", "M", 1999, 999_999)).exists()
    assert not search_people(everyone, "0999999999").exists()


def test_an_empty_search_returns_the_queryset_unchanged(personas):
    assert search_people(Person.objects.all(), "   ").count() == Person.objects.count()


def test_search_stays_inside_the_rows_a_user_may_see(personas):
    scoped = perm.people_visible_to(personas.officer_b)
    assert not search_people(scoped, "nguyen van hung").exists()
    assert search_people(perm.people_visible_to(personas.officer_a), "nguyen van hung").exists()


# --- filters --------------------------------------------------------------------------------------


def test_filters_by_hamlet_sex_ethnicity_and_services(personas):
    p = factories.PersonFactory(
        hamlet=personas.hamlet_a2,
        sex="F",
        birth_year=1985,
        ethnicity="05",
        vneid_level=2,
        has_digital_bank_account=True,
        disability="vision",
    )
    everyone = Person.objects.all()
    assert set(filter_people(everyone, PeopleFilters(hamlet=personas.hamlet_a2.pk))) == {personas.person_a2, p}
    assert list(filter_people(everyone, PeopleFilters(ethnicity="05"))) == [p]
    assert list(filter_people(everyone, PeopleFilters(sex="F", vneid_level=2))) == [p]
    assert list(filter_people(everyone, PeopleFilters(has_digital_bank_account=True))) == [p]
    assert list(filter_people(everyone, PeopleFilters(disability=True))) == [p]
    assert p not in filter_people(everyone, PeopleFilters(disability=False))


def test_filters_by_commune_and_age_range(personas):
    everyone = Person.objects.all()
    in_b = filter_people(everyone, PeopleFilters(commune=personas.commune_b.code))
    assert set(in_b) == {personas.person_b, personas.pupil_a}
    children = filter_people(everyone, PeopleFilters(max_age=14), today=TODAY)
    assert list(children) == [personas.pupil_a]
    adults = filter_people(everyone, PeopleFilters(min_age=18, max_age=59), today=TODAY)
    assert personas.pupil_a not in adults and personas.person_a in adults


# --- who may see and change which rows ----------------------------------------------------------------


def test_who_sees_which_people(personas):
    p = personas
    visible = {name: set(perm.people_visible_to(user)) for name, user in p.users().items()}
    everyone = {p.person_a, p.person_a2, p.person_b, p.pupil_a}
    assert visible["province_admin"] == everyone
    assert visible["officer_a"] == {p.person_a, p.person_a2}
    assert visible["officer_b"] == {p.person_b, p.pupil_a}
    assert visible["team_member_a"] == {p.person_a}
    assert visible["org_manager_a"] == {p.pupil_a}
    assert visible["learner_a"] == {p.person_a}  # their own record only
    assert visible["mentor_a"] == set()
    assert visible["outsider"] == set()
    assert visible["anonymous"] == set()


def test_only_province_admins_and_commune_officers_change_people(personas):
    p = personas
    assert set(perm.people_editable_by(p.officer_a)) == {p.person_a, p.person_a2}
    assert perm.people_editable_by(p.province_admin).count() == 4
    for name in ("team_member_a", "mentor_a", "org_manager_a", "learner_a", "outsider", "anonymous"):
        assert not perm.people_editable_by(p.users()[name]).exists(), name
    assert perm.can_edit_person(p.officer_a, p.person_a)
    assert not perm.can_edit_person(p.officer_b, p.person_a)


def test_a_commune_officer_cannot_open_a_person_of_another_commune(personas):
    assert perm.get_person_for(personas.officer_a, personas.person_a.pk) == personas.person_a
    with pytest.raises(Http404):
        perm.get_person_for(personas.officer_a, personas.person_b.pk)
    with pytest.raises(Http404):
        perm.get_person_for(personas.officer_a, 10**9)  # missing looks the same as not yours


def test_the_full_cccd_is_for_roster_keepers_and_the_person_themself(personas):
    p = personas
    assert perm.can_see_full_id(p.officer_a, p.person_a)
    assert perm.can_see_full_id(p.province_admin, p.person_b)
    assert perm.can_see_full_id(p.learner_a, p.person_a)
    assert not perm.can_see_full_id(p.officer_b, p.person_a)
    assert not perm.can_see_full_id(p.team_member_a, p.person_a)
    assert not perm.can_see_full_id(p.org_manager_a, p.pupil_a)


def test_households_hamlets_and_communes_follow_the_same_scopes(personas):
    p = personas
    assert set(perm.households_visible_to(p.officer_a)) == {p.household_a}
    assert set(perm.households_visible_to(p.team_member_a)) == {p.household_a}
    assert not perm.households_visible_to(p.outsider).exists()
    assert set(perm.hamlets_visible_to(p.officer_b)) == {p.hamlet_b1}
    assert set(perm.hamlets_visible_to(p.mentor_a)) == {p.hamlet_a1}
    assert set(perm.communes_visible_to(p.team_member_a)) == {p.commune_a}
    assert perm.communes_visible_to(p.province_admin).count() == 41
    assert set(perm.communes_managed_by(p.officer_a)) == {p.commune_a}
    assert not perm.communes_managed_by(p.team_member_a).exists()
    with pytest.raises(Http404):
        perm.get_household_for(p.officer_b, p.household_a.pk)
    with pytest.raises(Http404):
        perm.get_hamlet_for(p.officer_b, p.hamlet_a1.pk)


def test_an_organisation_manager_sees_their_organisation_only(personas):
    other = Organisation.objects.create(
        name="Trường THCS Đông Hải",
        kind=OrganisationKind.SCHOOL,
        school_level=SchoolLevel.LOWER_SECONDARY,
        commune=personas.commune_b,
    )
    assert set(perm.organisations_visible_to(personas.org_manager_a)) == {personas.school_a}
    assert set(perm.organisations_visible_to(personas.officer_b)) == {personas.school_a, other}
    assert not perm.organisations_visible_to(personas.officer_a).exists()
