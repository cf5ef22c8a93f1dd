"""Who may take which test, open which attempt, and check whom — decided here once.

- Every signed-in user may take the tests of their rule groups and every module quiz
  (learning.selectors.rule_groups_for; officers and mentors are learners too).
- An attempt is its user's. The one exception is assisted mode: the mentor, team member or commune
  officer who started it for the learner may open it while it is in progress, and its result for
  ASSISTED_RESULT_HOURS after. Anyone else, staff included, gets 404 ("missing" and "not yours" alike).
- Assisted mode and practical checks are for ASSISTANTS: mentors, community tech team members and
  commune officers, for the people of their hamlets (officers: their commune). The province
  administrator is not among them: the one who helps is someone the learner meets.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from hocvuso.accounts import permissions as acc
from hocvuso.accounts.constants import RoleKind
from hocvuso.accounts.models import User
from hocvuso.assessment.models import Attempt, PracticalCheck, TestDefinition
from hocvuso.assessment.selectors import attempts_open_to, tests_for, tests_for_person
from hocvuso.people.models import Person

ASSISTANTS = (RoleKind.COMMUNE_OFFICER, RoleKind.TEAM_MEMBER, RoleKind.MENTOR)


def get_test_for(user: User | object, pk: int) -> TestDefinition:
    definition = tests_for(user).filter(pk=pk).first()
    if definition is None:
        raise Http404
    return definition


def get_attempt_for(user: User | object, pk: int) -> Attempt:
    attempt = (
        attempts_open_to(user)
        .select_related("definition__version__framework", "user", "assisted_by")
        .filter(pk=pk)
        .first()
    )
    if attempt is None:
        raise Http404
    return attempt


def is_assistant(user: User | object) -> bool:
    return acc.has_role(user, ASSISTANTS)


def people_checkable_by(user: User | object) -> QuerySet[Person]:
    """People of the hamlets (officers: communes) where `user` is a mentor, team member or officer."""
    scope = acc.scope_for(user, ASSISTANTS)
    q = Q(pk__in=[])
    if scope.commune_codes:
        q |= Q(commune_id__in=scope.commune_codes)
    if scope.hamlet_ids:
        q |= Q(hamlet_id__in=scope.hamlet_ids)
    return Person.objects.filter(q)


def people_assistable_by(user: User | object) -> QuerySet[Person]:
    """The people `user` may run a test for: those of their units who have an account."""
    return people_checkable_by(user).filter(user__isnull=False, user__is_active=True)


def get_person_to_assist_for(user: User | object, pk: int) -> Person:
    person = people_assistable_by(user).select_related("user", "hamlet").filter(pk=pk).first()
    if person is None:
        raise Http404
    return person


def get_person_to_check_for(user: User | object, pk: int) -> Person:
    person = people_checkable_by(user).select_related("hamlet").filter(pk=pk).first()
    if person is None:
        raise Http404
    return person


def get_test_for_person(person: Person, pk: int) -> TestDefinition:
    definition = tests_for_person(person).filter(pk=pk).first()
    if definition is None:
        raise Http404
    return definition


def practical_checks_visible_to(user: User | object) -> QuerySet[PracticalCheck]:
    """A person's own checks, and the checks of the people `user` may check."""
    if not isinstance(user, User) or not user.is_authenticated:
        return PracticalCheck.objects.none()
    return PracticalCheck.objects.filter(Q(person__user=user) | Q(person__in=people_checkable_by(user)))
