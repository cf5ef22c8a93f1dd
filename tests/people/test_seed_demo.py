"""The demo population: realistic, deterministic, streaming, and loaded idempotently by seed_demo."""

from __future__ import annotations

import itertools
import time
import tracemalloc
from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.contrib.auth.hashers import check_password
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import translation

from hocvuso.accounts.constants import DEMO_PASSWORD, DEMO_USERNAME_PREFIX, RoleKind
from hocvuso.accounts.models import Role, User
from hocvuso.geo.models import Commune, Hamlet
from hocvuso.geo.selectors import campaign_communes
from hocvuso.lib import cccd
from hocvuso.lib.ethnicity import KHMER, KINH
from hocvuso.lib.text import is_plausible_name, nfc
from hocvuso.people.constants import MembershipRole, OrganisationKind, SchoolLevel, TargetGroup
from hocvuso.people.demo import (
    DEMO_ACCOUNTS,
    KHMER_FAMILY,
    REFERENCE_DATE,
    iter_synthetic_people,
    seed_demo,
)
from hocvuso.people.models import Household, Membership, Organisation, Person
from hocvuso.people.selectors import target_groups

TRA_VINH = [29242, 29254, 29263, 29266, 29308, 29341, 29374, 29416, 29461, 29467, 29512, 29536]
WARDS = {29242, 29254, 29263, 29512}


@pytest.fixture(scope="module")
def sample() -> list[dict]:
    return list(iter_synthetic_people(20_000, 67, TRA_VINH, ward_codes=WARDS))


# --- the pure generator ---------------------------------------------------------------------------


def test_the_same_seed_gives_the_same_people_and_another_seed_does_not():
    first = list(iter_synthetic_people(500, 5, TRA_VINH))
    assert first == list(iter_synthetic_people(500, 5, TRA_VINH))
    assert first != list(iter_synthetic_people(500, 6, TRA_VINH))


def test_exactly_n_people_are_generated(sample):
    assert len(sample) == 20_000
    assert len(list(iter_synthetic_people(7, 1, TRA_VINH))) == 7


def test_generation_streams_in_constant_memory():
    tracemalloc.start()
    for _ in iter_synthetic_people(50_000, 3, TRA_VINH):
        pass
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 5 * 1024 * 1024  # a list of 50,000 dicts would take ~50 MB


def test_every_national_id_is_unique_valid_and_agrees_with_sex_and_birth_year(sample):
    numbers = [p["national_id"] for p in sample]
    assert len(set(numbers)) == len(numbers)
    for p in sample:
        assert cccd.validate(p["national_id"], birth_year=p["birth_year"], sex=p["sex"]) == p["national_id"]
    provinces = Counter(n[:3] for n in numbers)
    assert provinces.most_common(1)[0][0] == "084"
    assert 0.88 < provinces["084"] / len(numbers) < 0.97  # a few were born in other provinces


def test_birth_dates_agree_with_birth_years_and_about_fifteen_percent_know_only_the_year(sample):
    year_only = [p for p in sample if p["birth_date"] is None]
    assert 0.10 < len(year_only) / len(sample) < 0.22
    for p in sample:
        if p["birth_date"] is not None:
            assert p["birth_date"].year == p["birth_year"]
            assert p["birth_date"] <= REFERENCE_DATE


def test_about_a_third_of_people_are_khmer_with_khmer_names(sample):
    groups = Counter(p["ethnicity"] for p in sample)
    assert 0.24 < groups[KHMER] / len(sample) < 0.40
    assert groups[KINH] > groups[KHMER] > groups["04"] > 0
    khmer_families = {name for name, _w in KHMER_FAMILY}
    khmer = [p for p in sample if p["ethnicity"] == KHMER]
    share = sum(p["full_name"].split()[0] in khmer_families for p in khmer) / len(khmer)
    assert share > 0.95
    assert any(p["full_name"].startswith("Thạch ") for p in khmer)


def test_tra_cu_has_a_larger_khmer_share_than_cang_long(sample):
    def khmer_share(code: int) -> float:
        people = [p for p in sample if p["commune_code"] == code]
        return sum(p["ethnicity"] == KHMER for p in people) / len(people)

    assert khmer_share(29461) > 0.45 > 0.2 > khmer_share(29266)


def test_names_are_tidy_vietnamese_names(sample):
    for p in sample[:5000]:
        assert p["full_name"] == nfc(p["full_name"])
        assert is_plausible_name(p["full_name"])
        assert 2 <= len(p["full_name"].split()) <= 5
    top = Counter(p["full_name"].split()[0] for p in sample).most_common(1)[0][0]
    assert top == "Nguyễn"


def test_the_age_pyramid_has_a_wide_middle_and_a_thin_top(sample):
    ages = [REFERENCE_DATE.year - p["birth_year"] for p in sample]
    share = lambda lo, hi: sum(lo <= a <= hi for a in ages) / len(ages)  # noqa: E731
    assert 0.15 < share(0, 14) < 0.30
    assert 0.55 < share(15, 59) < 0.75
    assert 0.07 < share(60, 120) < 0.18
    assert share(80, 120) < share(60, 69)
    assert share(30, 39) > share(0, 4) * 2


def test_households_have_two_to_six_members_and_one_head_first(sample):
    households = [list(g) for _code, g in itertools.groupby(sample, key=lambda p: p["household_code"])]
    assert len({h[0]["household_code"] for h in households}) == len(households)  # members are consecutive
    sizes = Counter(len(h) for h in households[:-1])  # the last one may be cut short by n
    assert set(sizes) <= {2, 3, 4, 5, 6}
    assert 3.2 < sum(len(h) for h in households) / len(households) < 4.1
    for h in households:
        assert h[0]["is_household_head"] and not any(p["is_household_head"] for p in h[1:])
        assert len({(p["commune_code"], p["hamlet_name"], p["address"], p["household_poor"]) for p in h}) == 1
        assert REFERENCE_DATE.year - h[0]["birth_year"] >= 18


def test_wards_have_khom_and_communes_have_ap(sample):
    for p in sample:
        prefix = "Khóm " if p["commune_code"] in WARDS else "Ấp "
        assert p["hamlet_name"].startswith(prefix)
        assert p["hamlet_name"] in p["address"]
    assert len({p["hamlet_name"] for p in sample if p["commune_code"] == 29461}) == 8


def test_children_have_no_phone_bank_account_or_vneid_level_2(sample):
    for p in sample:
        age = REFERENCE_DATE.year - p["birth_year"]
        if age < 12:
            assert p["phone"] == ""
            assert not p["has_digital_bank_account"]
        if age < 13:
            assert p["vneid_level"] == 0
    adults = [p for p in sample if 20 <= REFERENCE_DATE.year - p["birth_year"] <= 50]
    assert sum(p["vneid_level"] == 2 for p in adults) / len(adults) > 0.5
    phones = [p["phone"] for p in sample if p["phone"]]
    assert len(set(phones)) == len(phones)
    assert all(len(n) == 10 and n.startswith("0") and not n.startswith("091") for n in phones)


def test_poor_and_near_poor_households_are_a_small_minority(sample):
    heads = [p for p in sample if p["is_household_head"]]
    poor = Counter(p["household_poor"] for p in heads)
    assert 0.01 < poor["poor"] / len(heads) < 0.08
    assert 0.01 < poor["near_poor"] / len(heads) < 0.09


# --- loading into the registry ----------------------------------------------------------------------


@pytest.mark.django_db
def test_seed_demo_loads_people_households_hamlets_and_organisations_of_the_campaign_area():
    out = StringIO()
    with translation.override("en"):
        call_command("seed_demo", "--people", "900", "--seed", "7", stdout=out)
    assert "900 people" in out.getvalue()
    area = set(campaign_communes().values_list("code", flat=True))
    assert Person.objects.count() == 900
    assert set(Person.objects.values_list("commune_id", flat=True)) <= area
    assert Hamlet.objects.filter(commune_id__in=area).count() == 8 * len(area)
    assert Hamlet.objects.get(commune_id=29242, name="Khóm 3").kind == "khom"
    assert Hamlet.objects.filter(commune_id=29536, name__startswith="Ấp ").count() == 8
    assert Household.objects.count() == Person.objects.values("household").distinct().count()
    assert not Person.objects.filter(household=None).exists()
    assert all(h.head.household_id == h.pk for h in Household.objects.select_related("head"))


@pytest.mark.django_db
def test_seeded_people_have_the_search_keys_person_normalise_computes():
    seed_demo(people=300, seed=11)
    for person in Person.objects.all()[:300]:
        stored = (person.full_name, person.name_folded, person.given_folded)
        person.normalise()
        assert (person.full_name, person.name_folded, person.given_folded) == stored


@pytest.mark.django_db
def test_seeding_twice_with_the_same_seed_adds_nothing():
    seed_demo(people=500, seed=3)
    counts = [m.objects.count() for m in (Hamlet, Household, Person, Organisation, Membership, User, Role)]
    again = seed_demo(people=500, seed=3)
    assert (again.people, again.households, again.hamlets, again.organisations, again.accounts) == (0, 0, 0, 0, 0)
    assert [m.objects.count() for m in (Hamlet, Household, Person, Organisation, Membership, User, Role)] == counts


@pytest.mark.django_db
def test_if_empty_skips_when_the_roster_already_has_people():
    seed_demo(people=200, seed=3)
    out = StringIO()
    with translation.override("en"):
        call_command("seed_demo", "--people", "400", "--seed", "4", "--if-empty", stdout=out)
    assert Person.objects.count() == 200
    assert "already has people" in out.getvalue()


@pytest.mark.django_db
def test_seed_demo_refuses_an_empty_campaign_area():
    Commune.objects.update(in_campaign_area=False)
    with translation.override("en"), pytest.raises(CommandError, match="load_units"):
        call_command("seed_demo", "--people", "10", stdout=StringIO())


@pytest.mark.django_db
def test_organisations_of_every_kind_have_members_in_every_target_group():
    seed_demo(people=4000, seed=67)
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert kinds == {
        OrganisationKind.STATE_AGENCY,
        OrganisationKind.SCHOOL,
        OrganisationKind.ENTERPRISE,
        OrganisationKind.COOPERATIVE,
        OrganisationKind.COOPERATIVE_UNION,
    }
    levels = set(Organisation.objects.exclude(school_level="").values_list("school_level", flat=True))
    assert levels == set(SchoolLevel.values)
    assert Organisation.objects.filter(name="Trường Đại học Trà Vinh", commune_id=29242).exists()
    assert Organisation.objects.filter(name__startswith="Sở Khoa học và Công nghệ").count() == 1
    assert Organisation.objects.filter(name="Ủy ban nhân dân xã Đông Hải").exists()
    groups: Counter[str] = Counter()
    today = date(REFERENCE_DATE.year, 9, 30)
    for person in (
        Person.objects.filter(memberships__isnull=False).distinct().prefetch_related("memberships__organisation")
    ):
        groups.update(target_groups(person, person.memberships.all(), today))
    for group in (
        TargetGroup.PRIMARY_PUPIL,
        TargetGroup.SECONDARY_PUPIL,
        TargetGroup.STUDENT,
        TargetGroup.PUBLIC_SECTOR_STAFF,
        TargetGroup.WORKER,
    ):
        assert groups[group] > 0, group
    pupil = Membership.objects.filter(role=MembershipRole.PUPIL, organisation__school_level=SchoolLevel.PRIMARY).first()
    assert pupil is not None and 1 <= pupil.grade <= 5
    assert pupil.person.commune_id == pupil.organisation.commune_id


@pytest.mark.django_db
def test_demo_accounts_one_per_role_share_one_hash_of_the_demo_password():
    seed_demo(people=300, seed=1)
    users = list(User.objects.filter(username__startswith=DEMO_USERNAME_PREFIX))
    assert len(users) == len(DEMO_ACCOUNTS) == len(RoleKind.values)
    assert {r.kind for r in Role.objects.filter(user__in=users)} == set(RoleKind.values)
    assert len({u.password for u in users}) == 1
    assert check_password(DEMO_PASSWORD, users[0].password)
    officer = User.objects.get(username=f"{DEMO_USERNAME_PREFIX}commune-officer")
    assert officer.roles.get().commune_id == 29242
    admin = User.objects.get(username=f"{DEMO_USERNAME_PREFIX}province-admin")
    assert admin.roles.get().province_id == 86


@pytest.mark.django_db
def test_the_demo_learner_is_linked_to_a_person_and_signs_in_with_their_cccd():
    seed_demo(people=300, seed=1)
    learner = User.objects.get(username=f"{DEMO_USERNAME_PREFIX}learner")
    assert learner.person.national_id == learner.national_id
    assert learner.full_name == learner.person.full_name
    client = Client()
    response = client.post("/login/", {"username": learner.national_id, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(learner.pk)


@pytest.mark.django_db
def test_every_demo_account_signs_in_with_its_phone_number():
    seed_demo(people=100, seed=1)
    for account in DEMO_ACCOUNTS:
        client = Client()
        response = client.post("/login/", {"username": account.phone, "password": DEMO_PASSWORD})
        assert response.status_code == 302, account.username


@pytest.mark.django_db
def test_seeding_ten_thousand_people_takes_seconds_not_minutes():
    started = time.perf_counter()
    result = seed_demo(people=10_000, seed=2)
    assert result.people == 10_000
    assert time.perf_counter() - started < 30


@pytest.mark.django_db
def test_rows_added_after_seeding_get_fresh_ids():
    # seed_demo writes explicit ids; PostgreSQL's sequences must have been moved past them.
    seed_demo(people=150, seed=9)
    hamlet = Hamlet.objects.filter(commune_id=29242).first()
    household = Household.objects.create(commune_id=29242, hamlet=hamlet, code="NEW-1")
    person = Person.objects.create(full_name="Trần Văn Mới", commune_id=29242, hamlet=hamlet, household=household)
    membership = Membership.objects.create(
        person=person, organisation=Organisation.objects.first(), role=MembershipRole.WORKER
    )
    assert person.pk > Person.objects.exclude(pk=person.pk).order_by("-pk").first().pk
    assert household.pk and membership.pk


@pytest.mark.django_db
def test_a_fresh_database_seeded_with_the_same_seed_holds_the_same_people():
    def snapshot() -> list[tuple]:
        return list(
            Person.objects.order_by("national_id").values_list(
                "national_id", "full_name", "birth_date", "hamlet__name", "household__code", "phone", "vneid_level"
            )
        )

    seed_demo(people=400, seed=21)
    first = snapshot()
    Membership.objects.all().delete()
    Household.objects.update(head=None)
    Person.objects.all().delete()
    Household.objects.all().delete()
    seed_demo(people=400, seed=21)
    assert snapshot() == first


@pytest.mark.django_db
def test_a_hamlet_already_there_under_another_spelling_is_reused():
    existing = Hamlet.objects.create(commune_id=29242, name="khom 2")
    result = seed_demo(people=4000, seed=5)
    assert result.hamlets == 41 * 8 - 1
    assert Hamlet.objects.filter(commune_id=29242).count() == 8
    assert Person.objects.filter(hamlet=existing).exists()
