"""The test pages (issue 4): the tests I can take (placement, certification, module quizzes), one
attempt as a form, the result; assisted mode for mentors; practical checks.

No JavaScript needed: every question has its own "Save this answer" button and the page a "Save all
answers" button; htmx, when present, saves a question as soon as it changes. Answers are saved on
the server as they are given, so reloading (or a dropped connection) loses nothing. The correct
answers and explanations appear only on the result page, after the attempt is closed.

Access (tests/web/access_cases/assessment.py): every signed-in user may take the tests of their rule
groups and the module quizzes (no role needed: officers and mentors are learners too); anonymous
visitors are sent to sign in. An attempt is its user's only: anyone else, staff included, gets 404 —
except the mentor who runs it for the learner in assisted mode (assessment.permissions).
/assist/ and /practical/ are for mentors, community tech team members and commune officers (403 for
other roles), for the people of their hamlets or commune (404 for anyone else's).
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from hocvuso.accounts.models import User
from hocvuso.assessment import permissions, selectors, services
from hocvuso.assessment.constants import CLOSED, AttemptStatus, QuestionKind, TestKind
from hocvuso.assessment.models import Attempt, PracticalTask
from hocvuso.learning.constants import BASE_LANGUAGE, CONTENT_LANGUAGES
from hocvuso.lib.text import fold
from hocvuso.people.models import Person
from hocvuso.web.views.registry import role_required

PEOPLE_SHOWN = 100

SAVE_ALL = "all"


def content_language() -> str:
    """Lesson titles follow the interface language (Vietnamese, Khmer or English); questions are Vietnamese."""
    language = (get_language() or BASE_LANGUAGE).split("-")[0]
    return language if language in CONTENT_LANGUAGES else BASE_LANGUAGE


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_safe
def tests(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    rows = [selectors.availability(user, d) for d in selectors.tests_for(user)]
    past = (
        selectors.attempts_of(user)
        .filter(status__in=CLOSED)
        .select_related("definition__module", "assisted_by")
        .order_by("-submitted_at")[:20]
    )
    context = {
        "placement": [r for r in rows if r.definition.kind == TestKind.PLACEMENT],
        "certification": [r for r in rows if r.definition.kind == TestKind.CERTIFICATION],
        "quizzes": [r for r in rows if r.definition.kind == TestKind.MODULE_QUIZ],
        "rows": rows,
        "past": past,
        "helper": permissions.is_assistant(user),
    }
    return _no_store(render(request, "web/assessment/tests.html", context))


@login_required
@require_POST
def test_start(request: HttpRequest, pk: int) -> HttpResponse:
    definition = permissions.get_test_for(request.user, pk)
    try:
        attempt = services.start_attempt(_user(request), definition)
    except services.AssessmentRefused as exc:
        messages.error(request, str(exc))
        return redirect("web:tests")
    return redirect("web:attempt", pk=attempt.pk)


def _parse(view: selectors.ItemView, data: Any) -> tuple[bool, Any]:
    """(given, answer) for one question from the posted form; given is False when nothing was filled."""
    name = f"q{view.position}"
    if view.kind == QuestionKind.MULTIPLE:
        values = data.getlist(name)
        try:
            return True, sorted({int(v) for v in values})
        except ValueError:
            return True, values
    if view.kind == QuestionKind.ORDERING:
        places = {o.position: data.get(f"{name}-o{o.position}", "") for o in view.options}
        if not any(places.values()):
            return False, None
        try:
            numbers = {shown: int(place) for shown, place in places.items()}
        except ValueError:
            return True, []  # a step without a place: refused by the service with a clear sentence
        if sorted(numbers.values()) != list(range(1, len(numbers) + 1)):
            return True, []
        return True, sorted(numbers, key=lambda shown: numbers[shown])
    value = data.get(name)
    if value in (None, ""):
        return False, None
    if view.kind == QuestionKind.TRUE_FALSE:
        return True, {"true": True, "false": False}.get(value, value)
    try:
        return True, int(value)
    except ValueError:
        return True, value


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def attempt(request: HttpRequest, pk: int) -> HttpResponse:
    found = services.close_if_expired(permissions.get_attempt_for(request.user, pk))
    if found.status in CLOSED:
        if request.method == "POST":
            messages.error(request, _("This test has been handed in: its answers can no longer change."))
        return redirect("web:attempt-result", pk=found.pk)
    views = selectors.item_views(found, content_language())
    if request.method == "POST":
        return _save(request, found, views)
    return _no_store(render(request, "web/assessment/attempt.html", _attempt_context(found, views)))


def _attempt_context(found: Attempt, views: list[selectors.ItemView]) -> dict[str, Any]:
    minutes_left = None
    if found.deadline is not None:
        minutes_left = max(0, int((found.deadline - timezone.now()).total_seconds() // 60))
    return {
        "attempt": found,
        "items": views,
        "answered": sum(1 for v in views if v.answer is not None),
        "minutes_left": minutes_left,
    }


def _known_lessons(found: Attempt) -> int:
    return len(selectors.known_competencies(found)) if found.definition.kind == TestKind.PLACEMENT else 0


def _save(request: HttpRequest, found: Attempt, views: list[selectors.ItemView]) -> HttpResponse:
    which = request.POST.get("save", SAVE_ALL)
    chosen = [v for v in views if which == SAVE_ALL or str(v.position) == which]
    problems: list[str] = []
    saved = 0
    for view in chosen:
        given, answer = _parse(view, request.POST)
        if view.kind == QuestionKind.MULTIPLE and which == SAVE_ALL and not answer and view.answer is None:
            given = False  # an untouched multiple-choice question stays unanswered
        if not given:
            continue
        if view.kind == QuestionKind.ORDERING and answer == [] and request.headers.get("HX-Request"):
            continue  # saved on change: the learner is still giving the steps their places
        try:
            services.save_answer(found, view.position, answer)
            saved += 1
        except services.AssessmentRefused as exc:
            problems.append(_("Question %(n)s: %(problem)s") % {"n": view.position, "problem": exc})
    if request.headers.get("HX-Request"):
        text = problems[0] if problems else (_("Saved.") if saved else "")
        return _no_store(HttpResponse(text))
    for problem in problems:
        messages.error(request, problem)
    if saved and not problems:
        messages.success(request, _("Your answers are saved."))
    if request.POST.get("then") == "submit" and not problems:
        return redirect("web:attempt-submit", pk=found.pk)
    anchor = f"#q{which}" if which != SAVE_ALL else ""
    return redirect(reverse("web:attempt", args=[found.pk]) + anchor)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def attempt_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks "hand in now?" (saying how many questions are unanswered); POST hands in."""
    found = services.close_if_expired(permissions.get_attempt_for(request.user, pk))
    if request.method == "POST":
        services.submit_attempt(found.pk)
        return redirect("web:attempt-result", pk=found.pk)
    if found.status in CLOSED:
        return redirect("web:attempt-result", pk=found.pk)
    views = selectors.item_views(found)
    unanswered = [v.position for v in views if v.answer is None]
    return _no_store(
        render(request, "web/assessment/submit.html", {"attempt": found, "unanswered": unanswered, "total": len(views)})
    )


@login_required
@require_safe
def attempt_result(request: HttpRequest, pk: int) -> HttpResponse:
    found = services.close_if_expired(permissions.get_attempt_for(request.user, pk))
    if found.status == AttemptStatus.IN_PROGRESS:
        return redirect("web:attempt", pk=found.pk)
    views = selectors.item_views(found, content_language())
    context = {"attempt": found, "items": views, "known": _known_lessons(found)}
    return _no_store(render(request, "web/assessment/result.html", context))


# Assisted mode ---------------------------------------------------------------------------------


def _people_matching(people: Any, query: str) -> list[Person]:
    key = fold(query)
    if key:
        people = people.filter(name_folded__contains=key)
    return list(people.select_related("hamlet").order_by("hamlet__name", "name_folded")[:PEOPLE_SHOWN])


@role_required(permissions.ASSISTANTS)
@require_safe
def assist(request: HttpRequest) -> HttpResponse:
    """Pick a learner of my hamlets who has an account, then the test to run for them on my phone."""
    query = request.GET.get("q", "").strip()[:100]
    people = _people_matching(permissions.people_assistable_by(request.user), query)
    chosen = None
    rows: list[selectors.Availability] = []
    person_id = request.GET.get("person", "")
    if person_id.isdigit():
        chosen = permissions.get_person_to_assist_for(request.user, int(person_id))
        assert chosen.user is not None
        rows = [selectors.availability(chosen.user, d) for d in selectors.tests_for_person(chosen)]
    context = {"people": people, "query": query, "chosen": chosen, "rows": rows, "limit": PEOPLE_SHOWN}
    return _no_store(render(request, "web/assessment/assist.html", context))


@role_required(permissions.ASSISTANTS)
@require_POST
def assist_start(request: HttpRequest, pk: int) -> HttpResponse:
    person = permissions.get_person_to_assist_for(request.user, pk)
    test_id = request.POST.get("test", "")
    definition = permissions.get_test_for_person(person, int(test_id)) if test_id.isdigit() else None
    back = reverse("web:assist") + f"?person={person.pk}"
    if definition is None:
        messages.error(request, _("Choose a test."))
        return redirect(back)
    try:
        found = services.start_assisted_attempt(
            _user(request), person, definition, consent=request.POST.get("consent") == "yes", request=request
        )
    except services.AssessmentRefused as exc:
        messages.error(request, str(exc))
        return redirect(back)
    return redirect("web:attempt", pk=found.pk)


# Practical checks ------------------------------------------------------------------------------


@role_required(permissions.ASSISTANTS)
@require_safe
def practical(request: HttpRequest) -> HttpResponse:
    """Pick a person of my hamlets (with or without an account) to check a practical task with."""
    query = request.GET.get("q", "").strip()[:100]
    people = _people_matching(permissions.people_checkable_by(request.user), query)
    context = {"people": people, "query": query, "limit": PEOPLE_SHOWN}
    return _no_store(render(request, "web/assessment/practical.html", context))


@role_required(permissions.ASSISTANTS)
@require_http_methods(["GET", "HEAD", "POST"])
def practical_person(request: HttpRequest, pk: int) -> HttpResponse:
    """The practical tasks of the person's group with the latest check of each; record a check."""
    person = permissions.get_person_to_check_for(request.user, pk)
    tasks = selectors.practical_tasks_for(person)
    errors: dict[str, str] = {}
    posted: dict[str, str] = {}
    if request.method == "POST":
        task: PracticalTask | None = next((t for t in tasks if t.key == request.POST.get("task")), None)
        posted = {k: str(v) for k, v in request.POST.items()}
        if task is None:
            errors = {"task": _("Choose a task of the list.")}
        else:
            try:
                services.record_practical_check(
                    _user(request),
                    person,
                    task,
                    passed=request.POST.get("passed") == "yes",
                    evidence_note=request.POST.get("evidence_note", ""),
                    consent=request.POST.get("consent") == "yes",
                    request=request,
                )
            except services.CheckInvalid as exc:
                errors = exc.errors
            else:
                messages.success(request, _("The check is recorded."))
                return redirect(reverse("web:practical-person", args=[person.pk]) + f"#task-{task.pk}")
    latest = {c.task_id: c for c in selectors.latest_practical_checks(person)}
    rows = [(t, latest.get(t.pk)) for t in tasks]
    context = {"person": person, "rows": rows, "errors": errors, "posted": posted}
    return _no_store(render(request, "web/assessment/practical_person.html", context))


urlpatterns: list[URLPattern] = [
    path("tests/", tests, name="tests"),
    path("tests/<int:pk>/start/", test_start, name="test-start"),
    path("attempts/<int:pk>/", attempt, name="attempt"),
    path("attempts/<int:pk>/submit/", attempt_submit, name="attempt-submit"),
    path("attempts/<int:pk>/result/", attempt_result, name="attempt-result"),
    path("assist/", assist, name="assist"),
    path("assist/<int:pk>/start/", assist_start, name="assist-start"),
    path("practical/", practical, name="practical"),
    path("practical/<int:pk>/", practical_person, name="practical-person"),
]
