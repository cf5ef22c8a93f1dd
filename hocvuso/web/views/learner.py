"""The learner's pages (issue 3 §3): my path, courses, lessons with read-aloud, display settings, sign-up.

Access (tests/web/access_cases/learner.py):
- Lessons, courses and the lesson audio are open content: anyone, signed in or not, may read and
  listen. Only published versions are shown; a draft-only lesson answers 404 like a missing one.
- "My path" and "I have finished this lesson" belong to the signed-in user: every signed-in user may
  learn (officers and mentors are learners too), so no role is needed; anonymous visitors are sent
  to sign in. Nothing here shows another user's progress.
- The display settings (larger text, high contrast) are cookies of the browser: anyone may set them.
- Sign-up is for visitors who are not signed in; the list of sign-ups waiting for confirmation and
  the confirmation are for mentors, community tech team members and officers (403 without such a
  role), each limited to the people of their units (404 for anyone else's).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseNotFound,
    HttpResponseRedirect,
)
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from hocvuso.accounts import permissions as acc
from hocvuso.accounts.models import User
from hocvuso.assessment import selectors as assessment
from hocvuso.geo.models import Commune
from hocvuso.learning import tts
from hocvuso.learning.constants import BASE_LANGUAGE, CONTENT_LANGUAGES, ProgressEventKind, ProgressStatus
from hocvuso.learning.models import Lesson, LessonProgress, LessonText
from hocvuso.learning.permissions import get_published_lesson
from hocvuso.learning.selectors import (
    CompetencyStep,
    LessonEntry,
    course_outline,
    course_title,
    learner_path,
    lesson_reading,
    lesson_text,
    published_courses,
)
from hocvuso.learning.services import ProgressEventIn, mark_lesson_completed, record_progress_events
from hocvuso.people.models import Person
from hocvuso.people.services import AccountError
from hocvuso.people.signup import (
    ConfirmError,
    SignUpRateLimited,
    confirm_sign_up,
    get_sign_up_for,
    sign_up,
    sign_ups_waiting_for,
    waiting_for_confirmation,
)
from hocvuso.web.forms import DisplayForm, SignUpForm
from hocvuso.web.views.registry import SIGN_IN_BACKEND, role_required

TEXT_COOKIE = "hvs_text"
CONTRAST_COOKIE = "hvs_contrast"
DISPLAY_COOKIE_AGE = 365 * 24 * 60 * 60
AUDIO_CACHE = "public, max-age=31536000, immutable"  # the URL names the lesson version
OFFLINE_CONTROLS = "web/learn/_offline_controls.html"
LESSON_BODY = "web/learning/_lesson_body.html"
BODY_CACHE_PREFIX = "lesson-body:v1:"
BODY_CACHE_SECONDS = 24 * 60 * 60


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def content_language() -> str:
    """Lessons follow the interface language the user chose (Vietnamese, Khmer or English)."""
    language = (get_language() or BASE_LANGUAGE).split("-")[0]
    return language if language in CONTENT_LANGUAGES else BASE_LANGUAGE


def _language_name(code: str) -> str:
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def _has_template(name: str) -> bool:
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return False
    return True


# My path ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SkillRow:
    """One required competency on "my path": its name in my language and my next lesson in it."""

    step: CompetencyStep
    name: str
    next: LessonEntry | None


def _placement_offer(user: User) -> assessment.Availability | None:
    """The placement test, offered before the learner has started learning (or to resume it)."""
    definition = assessment.placement_test_for(user)
    if definition is None:
        return None
    state = assessment.availability(user, definition)
    if state.in_progress is not None:
        return state
    if state.last is not None or not state.can_start or LessonProgress.objects.filter(user=user).exists():
        return None
    return state


@login_required
def my_path(request: HttpRequest) -> HttpResponse:
    """The next lesson for my group, my gaps, progress per competency, what is left to be certified;
    the placement test before I start; module quizzes; the practical tasks a mentor checked."""
    language = content_language()
    user = _user(request)
    path_ = learner_path(user, language)
    person = Person.objects.filter(user=user).first()
    steps = [
        SkillRow(
            step=step,
            name=str((step.competency.name_translations or {}).get(language) or step.competency.name),
            next=next((e for e in step.lessons if not e.done), None),
        )
        for step in path_.steps
    ]
    response = render(
        request,
        "web/learn/path.html",
        {
            "path": path_,
            "steps": steps,
            "gaps": [row for row in steps if not row.step.lessons_done],
            "waiting": waiting_for_confirmation(request.user),
            "placement": _placement_offer(user) if path_.version else None,
            "quizzes": assessment.module_quizzes_for(user) if path_.version else [],
            "checks": assessment.latest_practical_checks(person) if person is not None else [],
        },
    )
    response["Cache-Control"] = "no-store"
    return response


# Courses and lessons ---------------------------------------------------------------------------


def courses(request: HttpRequest) -> HttpResponse:
    language = content_language()
    rows = []
    for course in published_courses():
        outline = course_outline(course, request.user, language)
        if outline.lessons:
            rows.append(outline)
    return render(request, "web/learn/courses.html", {"outlines": rows})


def course_detail(request: HttpRequest, slug: str) -> HttpResponse:
    course = published_courses().filter(slug=slug).first()
    if course is None:
        raise Http404
    outline = course_outline(course, request.user, content_language())
    if not outline.lessons:
        raise Http404
    return render(
        request,
        "web/learn/course.html",
        {"outline": outline, "course": course, "offline_controls": _has_template(OFFLINE_CONTROLS)},
    )


def _audio_url(lesson: Lesson, language: str) -> str:
    assert lesson.published is not None
    return reverse("web:learn-lesson-audio", args=[lesson.slug, lesson.published.number, language])


def _server_audio(text: LessonText) -> bool:
    return bool(text.audio) or tts.has_voice(text.language)


def _record_opened(user: User, lesson: Lesson) -> None:
    """Opening a lesson marks it started, also without JavaScript (the page's own clock adds reading time)."""
    record_progress_events(
        user,
        [
            ProgressEventIn(
                id=uuid.uuid4(), lesson=lesson.slug, kind=ProgressEventKind.OPENED, occurred_at=timezone.now()
            )
        ],
    )


def _lesson_body(text: LessonText) -> str:
    """The lesson text's blocks as HTML, rendered once per wording and interface language.

    The key is a digest of what the fragment depends on (the blocks, the text's language, the
    interface language of the "Tip"/"Warning" labels, where the pictures are served from), so an
    edit can never serve a stale body. Change BODY_CACHE_PREFIX when _lesson_body.html changes.
    """
    blocks = json.dumps(text.blocks, ensure_ascii=False, sort_keys=True)
    digest = hashlib.sha256(f"{text.language}|{get_language()}|{settings.STATIC_URL}|{blocks}".encode()).hexdigest()
    key = f"{BODY_CACHE_PREFIX}{digest}"
    body = cache.get(key)
    if body is None:
        body = render_to_string(LESSON_BODY, {"text": text})
        cache.set(key, body, BODY_CACHE_SECONDS)
    return mark_safe(body)  # noqa: S308 -- rendered by our own autoescaping template


def lesson_detail(request: HttpRequest, slug: str) -> HttpResponse:
    lesson = get_published_lesson(slug)
    language = content_language()
    reading = lesson_reading(lesson, language)
    text = reading.text
    progress = None
    if request.user.is_authenticated:
        progress = LessonProgress.objects.filter(user=request.user, lesson=lesson).first()
        # Only the first opening is a write; offline.js saving a copy for offline reading
        # (header X-HVS-Save) is not the learner opening the lesson.
        if progress is None and "X-HVS-Save" not in request.headers:
            _record_opened(_user(request), lesson)
            progress = LessonProgress.objects.filter(user=request.user, lesson=lesson).first()
    course = lesson.module.course
    context: dict[str, Any] = {
        "lesson": lesson,
        "text": text,
        "body": _lesson_body(text),
        "fallback": reading.fell_back,
        "wanted_language": _language_name(language),
        "course": course,
        "course_title": course_title(course, language),
        "module_title": course_title(lesson.module, language),
        "previous": reading.previous,
        "next": reading.next,
        "completed": progress is not None and progress.status == ProgressStatus.COMPLETED,
        "audio_url": _audio_url(lesson, language) if _server_audio(text) else "",
        "recorded": bool(text.audio),
    }
    return render(request, "web/learn/lesson.html", context)


@login_required
@require_POST
def lesson_complete(request: HttpRequest, slug: str) -> HttpResponse:
    """The "I have finished this lesson" button; works without JavaScript."""
    lesson = get_published_lesson(slug)
    mark_lesson_completed(_user(request), lesson)
    messages.success(request, _("Well done! This lesson is marked as finished."))
    following = lesson_reading(lesson, content_language()).next
    if following is not None:
        return redirect("web:learn-lesson", slug=following.slug)
    return redirect("web:learn-course", slug=lesson.module.course.slug)


@require_safe
def lesson_audio(request: HttpRequest, slug: str, version: int, language: str) -> HttpResponseBase:
    """The lesson read aloud: a recording when the lesson has one, else espeak-ng (cached per version).

    Khmer without a recording answers 404 with a plain message: espeak-ng has no Khmer voice.
    """
    lesson = get_published_lesson(slug)
    if language not in CONTENT_LANGUAGES or lesson.published is None or lesson.published.number != version:
        raise Http404
    text, _fell_back = lesson_text(lesson, language)
    if text.audio:
        response: HttpResponseBase = FileResponse(text.audio.open("rb"))
    else:
        try:
            audio = tts.lesson_audio(text, slug=lesson.slug, version=version)
        except tts.NoVoice:
            return HttpResponseNotFound(
                _(
                    "There is no Khmer voice on the server, and this lesson has no Khmer recording yet. "
                    "Use your phone's Khmer voice if it has one, or ask your mentor to read the lesson with you."
                ),
                content_type="text/plain; charset=utf-8",
            )
        except tts.SynthesisFailed:
            response = HttpResponse(
                _("The reading could not be made just now. Please try again later."),
                status=503,
                content_type="text/plain; charset=utf-8",
            )
            response["Retry-After"] = "60"
            return response
        etag = f'"{audio.etag}"'
        if request.headers.get("If-None-Match") == etag:
            response = HttpResponse(status=304)
        else:
            response = FileResponse(audio.path.open("rb"), content_type=audio.content_type)
        response["ETag"] = etag
    response["Cache-Control"] = AUDIO_CACHE
    return response


# Display settings ------------------------------------------------------------------------------


@require_POST
def display(request: HttpRequest) -> HttpResponse:
    """Set larger text / high contrast without JavaScript; learner.js sets the same cookies in place."""
    form = DisplayForm(request.POST)
    form.is_valid()
    data = form.cleaned_data if hasattr(form, "cleaned_data") else {}
    target = str(data.get("next") or "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = reverse("web:home")
    response = HttpResponseRedirect(target, status=303)
    for field, cookie in (("text", TEXT_COOKIE), ("contrast", CONTRAST_COOKIE)):
        value = data.get(field)
        if value:
            response.set_cookie(
                cookie,
                value,
                max_age=DISPLAY_COOKIE_AGE,
                samesite="Lax",
                secure=request.is_secure(),
                httponly=False,  # learner.js toggles it without a round trip
            )
    return response


# Sign-up ---------------------------------------------------------------------------------------


def _campaign_communes() -> Any:
    return Commune.objects.filter(in_campaign_area=True)


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """Anyone of the campaign area makes an account and starts learning at once (issue 3 §3).

    One answer whatever is on file: the CCCD typed never changes what the page says.
    """
    if request.user.is_authenticated:
        return redirect("web:learn")
    communes = _campaign_communes()
    hamlets_url = reverse("web:signup")
    if request.method == "GET":
        form = SignUpForm(initial={"commune": request.GET.get("commune")}, communes=communes, hamlets_url=hamlets_url)
        return render(request, "web/signup.html", {"form": form})
    form = SignUpForm(request.POST, communes=communes, hamlets_url=hamlets_url)
    status = 200
    if "show_hamlets" in request.POST:
        # Without JavaScript: the commune was chosen, show its hamlets and keep what was typed.
        form = SignUpForm(initial=request.POST.dict(), communes=communes, hamlets_url=hamlets_url)
        return render(request, "web/signup.html", {"form": form})
    if form.is_valid():
        data = form.cleaned_data
        try:
            user = sign_up(
                full_name=data["full_name"],
                birth=data["birth"],
                phone=data["phone"],
                password=data["password1"],
                commune=data["commune"],
                hamlet=data["hamlet"],
                national_id=data.get("national_id") or "",
                request=request,
            )
        except SignUpRateLimited as exc:
            form.add_error(None, str(exc))
            status = 429
        except AccountError as exc:
            errors = {{"birth_date": "birth"}.get(k, k): v for k, v in exc.errors.items()}
            form.add_account_errors(errors)
        else:
            login(request, user, backend=SIGN_IN_BACKEND)
            messages.success(
                request,
                _("Your account is ready: you can start learning now."),
            )
            return redirect("web:learn")
    return render(request, "web/signup.html", {"form": form}, status=status)


@role_required(acc.ACCOUNT_HELPERS)
def signup_pending(request: HttpRequest) -> HttpResponse:
    rows = list(sign_ups_waiting_for(request.user)[:200])
    response = render(request, "web/learn/pending.html", {"rows": rows})
    response["Cache-Control"] = "no-store"
    return response


@role_required(acc.ACCOUNT_HELPERS)
@require_POST
def signup_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_sign_up_for(request.user, pk)
    try:
        confirm_sign_up(_user(request), person, request=request)
    except ConfirmError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The account of %(name)s is confirmed.") % {"name": person.full_name})
    return redirect("web:signup-pending")


urlpatterns: list[URLPattern] = [
    path("learn/", my_path, name="learn"),
    path("learn/courses/", courses, name="learn-courses"),
    path("learn/courses/<slug:slug>/", course_detail, name="learn-course"),
    path("learn/lessons/<slug:slug>/", lesson_detail, name="learn-lesson"),
    path("learn/lessons/<slug:slug>/complete/", lesson_complete, name="learn-lesson-complete"),
    path(
        "learn/lessons/<slug:slug>/audio/<int:version>/<str:language>/",
        lesson_audio,
        name="learn-lesson-audio",
    ),
    path("learn/display/", display, name="learn-display"),
    path("signup/", signup, name="signup"),
    path("signup/pending/", signup_pending, name="signup-pending"),
    path("signup/pending/<int:pk>/confirm/", signup_confirm, name="signup-confirm"),
]
