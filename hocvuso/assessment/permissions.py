"""Who may take which test and see which attempt — decided here once.

Every signed-in user may take the tests of their rule groups (learning.selectors.rule_groups_for;
officers and mentors are learners too). An attempt is private to its user: anyone else, staff
included, gets 404 ("missing" and "not yours" answer alike). Mentors' assisted attempts and staff
reports come with the next slice.
"""

from __future__ import annotations

from django.http import Http404

from hocvuso.accounts.models import User
from hocvuso.assessment.models import Attempt, TestDefinition
from hocvuso.assessment.selectors import attempts_of, tests_for


def get_test_for(user: User | object, pk: int) -> TestDefinition:
    definition = tests_for(user).filter(pk=pk).first()
    if definition is None:
        raise Http404
    return definition


def get_attempt_for(user: User | object, pk: int) -> Attempt:
    attempt = attempts_of(user).select_related("definition__version__framework").filter(pk=pk).first()
    if attempt is None:
        raise Http404
    return attempt
