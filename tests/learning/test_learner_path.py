"""The learner's path: rule groups from the person record, required competencies, next lesson."""

from __future__ import annotations

import pytest

from hocvuso.accounts.services import create_user
from hocvuso.framework.constants import RuleGroup
from hocvuso.learning.models import Lesson
from hocvuso.learning.selectors import course_outline, learner_path, lesson_text, rule_groups_for
from hocvuso.learning.services import mark_lesson_completed
from hocvuso.people.constants import MembershipRole, OrganisationKind, SchoolLevel
from hocvuso.people.models import Membership, Organisation, Person
from tests import factories
from tests.learning.builders import basic_framework, lesson, module
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def _member(person: Person, kind: str, role: str, school_level: str = "") -> None:
    org = Organisation.objects.create(
        name=f"{kind} {role}", kind=kind, school_level=school_level, commune=person.commune
    )
    Membership.objects.create(person=person, organisation=org, role=role)


def _learner(personas: Personas, username: str, birth_year: int = 1980) -> tuple[object, Person]:
    user = create_user(username=username, password="mat-khau-demo-2025", full_name="Người Học", phone="")
    person = factories.PersonFactory(hamlet=personas.hamlet_a1, birth_year=birth_year, user=user)
    return user, person


def test_an_adult_follows_the_citizen_rule(personas: Personas) -> None:
    assert rule_groups_for(personas.learner_a) == [RuleGroup.CITIZEN]


def test_a_user_without_a_person_record_follows_the_citizen_rule(personas: Personas) -> None:
    assert rule_groups_for(personas.outsider) == [RuleGroup.CITIZEN]


def test_a_civil_servant_follows_both_the_citizen_and_the_public_sector_rules(personas: Personas) -> None:
    user, person = _learner(personas, "civil")
    _member(person, OrganisationKind.STATE_AGENCY, MembershipRole.CIVIL_SERVANT)
    assert rule_groups_for(user) == [RuleGroup.CITIZEN, RuleGroup.PUBLIC_SECTOR_STAFF]


def test_a_primary_pupil_follows_the_pupil_and_student_rule(personas: Personas) -> None:
    user, person = _learner(personas, "pupil", birth_year=2017)
    _member(person, OrganisationKind.SCHOOL, MembershipRole.PUPIL, SchoolLevel.PRIMARY)
    assert rule_groups_for(user) == [RuleGroup.PUPIL_STUDENT]


def test_a_worker_of_a_cooperative_follows_the_worker_rule(personas: Personas) -> None:
    user, person = _learner(personas, "worker")
    _member(person, OrganisationKind.COOPERATIVE, MembershipRole.WORKER)
    assert rule_groups_for(user) == [RuleGroup.CITIZEN, RuleGroup.WORKER]


@pytest.fixture
def lessons(db: None) -> dict[str, Lesson]:
    basic_framework()
    phone = module(slug="smartphone")
    cash = module(slug="cashless")
    made = {
        "smartphone-first-steps": lesson("smartphone-first-steps", codes=("CB-1.1",), where=phone, order=1),
        "bigger-text": lesson("bigger-text", codes=("CB-1.1",), level=2, where=phone, order=2),
        "pay-with-vietqr": lesson("pay-with-vietqr", codes=("CB-3.1",), where=cash, order=1),
        "fake-police-call": lesson("fake-police-call", codes=("CB-5.1",), where=cash, order=2),
        "sell-online": lesson("sell-online", codes=("CB-3.2", "CB-3.1"), level=2, where=cash, order=3),
    }
    return made


def test_the_citizen_path_lists_required_competencies_with_their_lessons(
    personas: Personas, lessons: dict[str, Lesson]
) -> None:
    path = learner_path(personas.learner_a)

    assert path.version is not None and [r.group for r in path.rules] == [RuleGroup.CITIZEN]
    assert [(s.competency.code, s.min_level) for s in path.steps] == [("CB-1.1", 1), ("CB-3.1", 1), ("CB-5.1", 1)]
    # Level 2 lessons are beyond what the citizen rule asks (level 1).
    assert [[e.lesson.slug for e in s.lessons] for s in path.steps] == [
        ["smartphone-first-steps"],
        ["pay-with-vietqr"],
        ["fake-police-call"],
    ]
    assert path.next_lesson is not None and path.next_lesson.lesson.slug == "smartphone-first-steps"
    assert (path.percent, len(path.gaps)) == (0, 3)


def test_completed_lessons_meet_requirements_and_move_the_next_lesson(
    personas: Personas, lessons: dict[str, Lesson]
) -> None:
    mark_lesson_completed(personas.learner_a, lessons["smartphone-first-steps"])
    mark_lesson_completed(personas.learner_a, lessons["fake-police-call"])

    path = learner_path(personas.learner_a)

    assert [s.lessons_done for s in path.steps] == [True, False, True]
    assert [s.competency.code for s in path.gaps] == ["CB-3.1"]
    assert path.next_lesson is not None and path.next_lesson.lesson.slug == "pay-with-vietqr"
    assert (path.lessons_completed, path.lessons_total, path.percent) == (2, 3, 67)


def test_a_path_whose_lessons_are_all_done_has_no_next_lesson(personas: Personas, lessons: dict[str, Lesson]) -> None:
    for slug in ("smartphone-first-steps", "pay-with-vietqr", "fake-police-call"):
        mark_lesson_completed(personas.learner_a, lessons[slug])
    path = learner_path(personas.learner_a)
    assert (path.gaps, path.next_lesson, path.percent) == ([], None, 100)


def test_a_pupil_path_asks_the_higher_level_and_lower_levels_come_first(
    personas: Personas, lessons: dict[str, Lesson]
) -> None:
    user, person = _learner(personas, "pupil", birth_year=2017)
    _member(person, OrganisationKind.SCHOOL, MembershipRole.PUPIL, SchoolLevel.PRIMARY)
    path = learner_path(user)
    assert [(s.competency.code, s.min_level) for s in path.steps] == [("CB-1.1", 2), ("CB-4.2", 1)]
    assert [e.lesson.slug for e in path.steps[0].lessons] == ["smartphone-first-steps", "bigger-text"]
    # CB-4.2 has no lesson yet: it stays a gap that lessons cannot close.
    assert not path.steps[1].lessons and not path.steps[1].lessons_done


def test_a_civil_servant_path_merges_both_rules(personas: Personas, lessons: dict[str, Lesson]) -> None:
    user, person = _learner(personas, "civil")
    _member(person, OrganisationKind.STATE_AGENCY, MembershipRole.CIVIL_SERVANT)
    codes = [s.competency.code for s in learner_path(user).steps]
    assert codes == ["CB-1.1", "CB-2.2", "CB-3.1", "CB-5.1", "CB-5.2"]


def test_a_worker_path_includes_trade_lessons(personas: Personas, lessons: dict[str, Lesson]) -> None:
    user, person = _learner(personas, "worker")
    _member(person, OrganisationKind.COOPERATIVE, MembershipRole.WORKER)
    steps = {s.competency.code: s for s in learner_path(user).steps}
    assert [e.lesson.slug for e in steps["CB-3.2"].lessons] == []  # sell-online is level 2, the rule asks 1
    assert set(steps) == {"CB-1.1", "CB-3.1", "CB-5.1", "CB-3.2"}


def test_without_a_published_framework_the_path_is_empty(personas: Personas) -> None:
    path = learner_path(personas.learner_a)
    assert (path.version, path.steps, path.next_lesson) == (None, [], None)


def test_a_lesson_falls_back_to_vietnamese_when_the_language_is_missing(db: None) -> None:
    basic_framework()
    both = lesson("fake-police-call", texts={"vi": "Cuộc gọi giả công an", "km": "ការហៅទូរស័ព្ទក្លែងក្លាយ"})
    only_vi = lesson("pay-with-vietqr")

    assert (lesson_text(both, "km")[0].title, lesson_text(both, "km")[1]) == ("ការហៅទូរស័ព្ទក្លែងក្លាយ", False)
    text, fell_back = lesson_text(only_vi, "km")
    assert (text.language, fell_back) == ("vi", True)
    assert lesson_text(only_vi, "vi")[1] is False


def test_the_course_outline_shows_each_users_own_status(personas: Personas, lessons: dict[str, Lesson]) -> None:
    mark_lesson_completed(personas.learner_a, lessons["pay-with-vietqr"])
    course = lessons["pay-with-vietqr"].module.course
    mine = {e.lesson.slug: e.status for e in course_outline(course, personas.learner_a).lessons}
    theirs = {e.lesson.slug: e.status for e in course_outline(course, personas.mentor_a).lessons}
    assert mine["pay-with-vietqr"] == "completed" and mine["fake-police-call"] == "not_started"
    assert set(theirs.values()) == {"not_started"}
    assert [m.module.slug for m in course_outline(course, None).modules] == ["smartphone", "cashless"]
