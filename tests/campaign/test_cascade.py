"""The mentor cascade (plan 67 footnote 7): cap, promotion after certification, no cycles, generations,
the certification hook, and the figures."""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hocvuso.assessment import hooks
from hocvuso.assessment.services import save_answer, start_attempt, submit_attempt
from hocvuso.campaign.models import MentorLink
from hocvuso.campaign.selectors.cascade import build_tree, cascade_rates
from hocvuso.campaign.services.cascade import (
    CascadeRefused,
    end_link,
    link_learner,
    on_attempt_passed,
    record_certification,
)
from hocvuso.campaign.services.teams import set_ambassador
from hocvuso.people.models import Person
from tests import factories
from tests.assessment.builders import items_of, right_answer, small_bank, wrong_answer
from tests.personas import Personas

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=timezone.get_fixed_timezone(420))


def _people(p: Personas, n: int) -> list[Person]:
    return [factories.PersonFactory(hamlet=p.hamlet_a1) for _ in range(n)]


def test_a_first_mentor_guides_five_learners_at_generation_one(personas: Personas) -> None:
    mentor, *learners = _people(personas, 7)
    links = [link_learner(mentor, learner, personas.officer_a) for learner in learners[:5]]
    assert {link.generation for link in links} == {1}
    with pytest.raises(CascadeRefused, match="already guides 5"):
        link_learner(mentor, learners[5], personas.officer_a)


def test_the_cap_comes_from_the_setting(personas: Personas, settings: Any) -> None:
    settings.HOCVUSO_MENTOR_CAP = 2
    mentor, a, b, c = _people(personas, 4)
    link_learner(mentor, a, None)
    link_learner(mentor, b, None)
    with pytest.raises(CascadeRefused):
        link_learner(mentor, c, None)


def test_a_certified_learner_frees_a_place_and_may_guide_the_next_generation(personas: Personas) -> None:
    mentor, *learners = _people(personas, 8)
    links = [link_learner(mentor, learner, None) for learner in learners[:5]]
    with pytest.raises(CascadeRefused, match="not certified yet"):
        link_learner(learners[0], learners[6], None)
    record_certification(learners[0], timezone.now())
    link_learner(mentor, learners[5], None)  # the certified one no longer counts against the cap
    second = link_learner(learners[0], learners[6], None)
    assert second.generation == 2
    assert links[0].pk != second.pk


def test_an_ambassador_guided_here_may_mentor_before_being_certified(personas: Personas) -> None:
    mentor, ambassador, learner = _people(personas, 3)
    link_learner(mentor, ambassador, None)
    set_ambassador(personas.officer_a, personas.commune_a, ambassador)
    assert link_learner(ambassador, learner, None).generation == 1


def test_a_learner_cannot_guide_their_own_mentor(personas: Personas) -> None:
    a, b, c = _people(personas, 3)
    link_learner(a, b, None)
    record_certification(b, timezone.now())
    link_learner(b, c, None)
    record_certification(c, timezone.now())
    with pytest.raises(CascadeRefused, match="circle"):
        link_learner(c, a, None)
    with pytest.raises(CascadeRefused, match="own mentor"):
        link_learner(a, a, None)


def test_a_learner_has_one_active_mentor_until_the_link_ends(personas: Personas) -> None:
    a, b, learner = _people(personas, 3)
    link = link_learner(a, learner, None)
    with pytest.raises(CascadeRefused, match="already has a mentor"):
        link_learner(b, learner, None)
    end_link(link, personas.officer_a, "chuyển nơi ở")
    assert link_learner(b, learner, None).mentor == b
    with pytest.raises(CascadeRefused):
        end_link(link, None)


def _pass_certification(user: Any) -> Any:
    definition = small_bank()
    attempt = start_attempt(user, definition)
    for item in items_of(attempt):
        save_answer(attempt, item.position, right_answer(item))
    return attempt


def test_the_hook_is_registered_by_the_app() -> None:
    assert on_attempt_passed in hooks.on_attempt_passed


def test_a_passed_certification_test_certifies_the_learners_link(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    mentor = factories.PersonFactory(hamlet=personas.hamlet_a1)
    link = link_learner(mentor, personas.person_a, personas.mentor_a)
    attempt = _pass_certification(personas.learner_a)
    with django_capture_on_commit_callbacks(execute=True):
        submitted = submit_attempt(attempt.pk)
    assert submitted.passed is True
    link.refresh_from_db()
    assert link.certified_at == submitted.submitted_at


def test_a_failed_attempt_certifies_nothing(personas: Personas, django_capture_on_commit_callbacks: Any) -> None:
    mentor = factories.PersonFactory(hamlet=personas.hamlet_a1)
    link = link_learner(mentor, personas.person_a, None)
    attempt = start_attempt(personas.learner_a, small_bank())
    for item in items_of(attempt):
        save_answer(attempt, item.position, wrong_answer(item))
    with django_capture_on_commit_callbacks(execute=True):
        submit_attempt(attempt.pk)
    link.refresh_from_db()
    assert link.certified_at is None


def test_a_module_quiz_does_not_certify(personas: Personas) -> None:
    mentor = factories.PersonFactory(hamlet=personas.hamlet_a1)
    link = link_learner(mentor, personas.person_a, None)

    class Quiz:
        kind = "module_quiz"

    class FakeAttempt:
        definition = Quiz()
        user_id = personas.learner_a.pk
        submitted_at = timezone.now()

    on_attempt_passed(FakeAttempt())  # type: ignore[arg-type]
    link.refresh_from_db()
    assert link.certified_at is None


def test_rates_count_mentors_learners_branching_and_the_median_days(personas: Personas) -> None:
    m1, m2, *learners = _people(personas, 6)
    l1 = link_learner(m1, learners[0], None, now=T0)
    link_learner(m1, learners[1], None, now=T0)
    link_learner(m2, learners[2], None, now=T0)
    ended = link_learner(m2, learners[3], None, now=T0)
    end_link(ended, None, "bỏ học", now=T0 + timedelta(days=1))
    record_certification(learners[0], T0 + timedelta(days=10))
    record_certification(learners[2], T0 + timedelta(days=20))
    rates = cascade_rates(personas.commune_a.code, None, now=T0 + timedelta(days=21))
    assert (rates.mentors, rates.learners_guided, rates.certified) == (2, 4, 2)
    assert rates.median_days_to_certificate == 15.0
    assert rates.branching == 1.5  # m1: 2, m2: 1 (the ended link does not count)
    assert sum(rates.certified_per_week) == 2
    assert rates.certified_per_week[-1] == 1
    assert cascade_rates(personas.commune_b.code, None).mentors == 0
    assert cascade_rates(None, (T0 + timedelta(days=2)).date()).learners_guided == 0
    assert l1.generation == 1


def test_the_tree_nests_generations(personas: Personas) -> None:
    a, b, c, d = _people(personas, 4)
    link_learner(a, b, None)
    record_certification(b, timezone.now())
    link_learner(b, c, None)
    link_learner(a, d, None)
    roots = build_tree(list(MentorLink.objects.all()))
    assert [r.person for r in roots] == [a]
    assert {child.person for child in roots[0].children} == {b, d}
    b_node = next(child for child in roots[0].children if child.person == b)
    assert [(n.person, n.generation) for n in b_node.children] == [(c, 2)]


# ---- Property: any sequence of link / certify / end keeps the rules -------------------------------------

POOL = 7
OPS = st.lists(
    st.one_of(
        st.tuples(st.just("link"), st.integers(0, POOL - 1), st.integers(0, POOL - 1)),
        st.tuples(st.just("certify"), st.integers(0, POOL - 1), st.just(0)),
        st.tuples(st.just("end"), st.integers(0, POOL - 1), st.just(0)),
    ),
    max_size=30,
)


def _check_invariants(people: list[Person], cap: int) -> None:
    links = list(MentorLink.objects.filter(learner__in=people).order_by("linked_at", "pk"))
    # the cap is never exceeded
    for mentor in people:
        assert (
            sum(1 for x in links if x.mentor_id == mentor.pk and x.ended_at is None and x.certified_at is None) <= cap
        )
    # at most one active mentor per learner
    active = [x.learner_id for x in links if x.ended_at is None]
    assert len(active) == len(set(active))
    # no cycles in the "guided by" graph (active or certified links)
    parents: dict[int, set[int]] = {}
    for x in links:
        if x.ended_at is None or x.certified_at is not None:
            parents.setdefault(x.learner_id, set()).add(x.mentor_id)

    def reaches(start: int, target: int, seen: set[int]) -> bool:
        for parent in parents.get(start, ()):
            if parent == target or (parent not in seen and reaches(parent, target, seen | {parent})):
                return True
        return False

    assert not any(reaches(p.pk, p.pk, set()) for p in people)
    for x in links:
        before = [y for y in links if y.learner_id == x.mentor_id and y.linked_at <= x.linked_at and y.pk != x.pk]
        certified = [y for y in before if y.certified_at is not None and y.certified_at <= x.linked_at]
        # promotion only after certification: a mentor guided here was certified before guiding
        assert not before or certified
        # generation = the mentor's generation + 1 (a first mentor is generation 0)
        latest = max(certified, key=lambda y: y.certified_at) if certified else None  # type: ignore[arg-type,return-value]
        assert x.generation == (latest.generation + 1 if latest else 1)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
def test_any_sequence_of_links_certificates_and_ends_keeps_the_cascade_rules(
    personas: Personas, ops: list[tuple[str, int, int]], settings: Any
) -> None:
    settings.HOCVUSO_MENTOR_CAP = 2
    with transaction.atomic():
        people = _people(personas, POOL)
        for step, (op, i, j) in enumerate(ops):
            now = T0 + timedelta(minutes=step)
            if op == "link":
                with contextlib.suppress(CascadeRefused):
                    link_learner(people[i], people[j], None, now=now)
            elif op == "certify":
                record_certification(people[i], now)
            else:
                link = MentorLink.objects.filter(learner=people[i], ended_at__isnull=True).first()
                if link is not None:
                    end_link(link, None, now=now)
            _check_invariants(people, 2)
        transaction.set_rollback(True)
