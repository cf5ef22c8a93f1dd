"""Community learning pages (plan 67 III.4.d, III.1.c, III.4.e): the session calendar and its weekly
schedule, attendance (ticked from the roster or by QR check-in), the public calendar and its
iCalendar feed, events with their participants, and public wifi points.

Objects come through hocvuso.campaign.permissions and selectors.sessions, so "missing" and "not
yours" both answer 404; pages for a kind of role answer 403 to signed-in users without it.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any, cast

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from hocvuso.accounts.models import User
from hocvuso.campaign import permissions
from hocvuso.campaign.constants import EventKind, SessionStatus, WifiStatus
from hocvuso.campaign.models import CommunitySession, SessionRegistration, WifiPoint
from hocvuso.campaign.selectors import sessions as sel
from hocvuso.campaign.services import sessions as svc
from hocvuso.geo.models import Commune, Hamlet
from hocvuso.learning.models import Lesson
from hocvuso.learning.selectors import published_lessons
from hocvuso.people.models import Person
from hocvuso.people.selectors import search_people
from hocvuso.web.views.registry import role_required

PICK_LIMIT = 30
WEEKDAYS = [
    (0, gettext_lazy("Monday")),
    (1, gettext_lazy("Tuesday")),
    (2, gettext_lazy("Wednesday")),
    (3, gettext_lazy("Thursday")),
    (4, gettext_lazy("Friday")),
    (5, gettext_lazy("Saturday")),
    (6, gettext_lazy("Sunday")),
]


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _month(value: str | None, default: date) -> date:
    try:
        return datetime.strptime(value or "", "%Y-%m").date()
    except ValueError:
        return default.replace(day=1)


def _next_month(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def _previous_month(day: date) -> date:
    return (day.replace(day=1) - timedelta(days=1)).replace(day=1)


# Forms -------------------------------------------------------------------------------------------


class ScheduleForm(forms.Form):
    weekday = forms.TypedChoiceField(label=gettext_lazy("Day of the week"), choices=WEEKDAYS, coerce=int)
    start_time = forms.TimeField(label=gettext_lazy("Start time"), widget=forms.TimeInput(attrs={"type": "time"}))
    minutes = forms.IntegerField(label=gettext_lazy("Length (minutes)"), min_value=15, max_value=480)

    def __init__(self, *args: Any, hamlets: list[Hamlet], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.hamlets = hamlets
        for n, h in enumerate(hamlets, start=1):
            self.fields[f"turn_{h.pk}"] = forms.IntegerField(
                label=_("Turn of %(hamlet)s") % {"hamlet": h.name}, min_value=1, max_value=len(hamlets), initial=n
            )
            self.fields[f"place_{h.pk}"] = forms.CharField(
                label=_("Place in %(hamlet)s") % {"hamlet": h.name}, max_length=255, required=False
            )

    def rows(self) -> list[tuple[Hamlet, forms.BoundField, forms.BoundField]]:
        return [(h, self[f"turn_{h.pk}"], self[f"place_{h.pk}"]) for h in self.hamlets]

    def hamlet_order(self) -> list[int]:
        turns = [(self.cleaned_data[f"turn_{h.pk}"], n, h.pk) for n, h in enumerate(self.hamlets)]
        return [pk for _turn, _n, pk in sorted(turns)]

    def places(self) -> dict[int, str]:
        return {h.pk: self.cleaned_data.get(f"place_{h.pk}") or "" for h in self.hamlets}


class GenerateForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=gettext_lazy("Until"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("The end of the period is before its start."))
        return data


class SessionForm(forms.Form):
    day = forms.DateField(label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(label=gettext_lazy("Start time"), widget=forms.TimeInput(attrs={"type": "time"}))
    minutes = forms.IntegerField(label=gettext_lazy("Length (minutes)"), min_value=15, max_value=480)
    hamlet = forms.ModelChoiceField(
        label=gettext_lazy("Hamlet"),
        queryset=Hamlet.objects.none(),
        required=False,
        empty_label=gettext_lazy("Whole commune"),
    )
    place = forms.CharField(label=gettext_lazy("Place"), max_length=255, required=False)
    topic = forms.CharField(label=gettext_lazy("Topic"), max_length=255, required=False)
    lessons = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Lessons taught"),
        queryset=Lesson.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, commune: Commune, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        hamlet_field = cast(forms.ModelChoiceField, self.fields["hamlet"])
        hamlet_field.queryset = Hamlet.objects.filter(commune=commune).order_by("name_folded")
        lesson_field = cast(forms.ModelMultipleChoiceField, self.fields["lessons"])
        lesson_field.queryset = published_lessons().order_by("module__course__order", "module__order", "order")
        titles = {
            lesson.pk: title
            for lesson, title in (
                (lesson, _lesson_title(lesson)) for lesson in lesson_field.queryset.select_related("published")
            )
        }
        lesson_field.label_from_instance = lambda lesson: titles.get(lesson.pk, lesson.slug)  # type: ignore[method-assign,assignment]


def _lesson_title(lesson: Lesson) -> str:
    if lesson.published is None:
        return lesson.slug
    texts = {t.language: t.title for t in lesson.published.texts.all()}
    return texts.get("vi") or next(iter(texts.values()), lesson.slug)


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=EventKind.choices)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    date = forms.DateField(label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    commune = forms.ModelChoiceField(
        label=gettext_lazy("Commune or ward"), queryset=Commune.objects.none(), required=False
    )
    place = forms.CharField(label=gettext_lazy("Place"), max_length=255, required=False)
    results = forms.CharField(label=gettext_lazy("Results"), widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["commune"])
        field.queryset = sel.event_communes_for(user)
        self.province_wide = sel.may_create_province_event(user)
        field.required = not self.province_wide
        field.empty_label = _("Whole province") if self.province_wide else "---------"

    def data_for(self) -> svc.EventData:
        d = self.cleaned_data
        return svc.EventData(
            kind=d["kind"], name=d["name"], date=d["date"], commune=d["commune"], place=d["place"], results=d["results"]
        )


class WifiForm(forms.Form):
    commune = forms.ModelChoiceField(label=gettext_lazy("Commune or ward"), queryset=Commune.objects.none())
    name = forms.CharField(label=gettext_lazy("Name"), max_length=150)
    address = forms.CharField(label=gettext_lazy("Address"), max_length=255, required=False)
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=WifiStatus.choices)
    provider = forms.CharField(label=gettext_lazy("Provider"), max_length=100, required=False)
    latitude = forms.DecimalField(label=gettext_lazy("Latitude"), max_digits=9, decimal_places=6, required=False)
    longitude = forms.DecimalField(label=gettext_lazy("Longitude"), max_digits=9, decimal_places=6, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["commune"]).queryset = permissions.communes_managed_by(user).order_by(
            "name_folded"
        )

    def data_for(self) -> svc.WifiData:
        d = self.cleaned_data
        return svc.WifiData(
            commune=d["commune"],
            name=d["name"],
            address=d["address"],
            status=d["status"],
            provider=d["provider"],
            latitude=d["latitude"],
            longitude=d["longitude"],
        )


# Calendar ----------------------------------------------------------------------------------------


@role_required(permissions.FIELD_WORKERS)
def sessions(request: HttpRequest) -> HttpResponse:
    """The month's sessions of one of the user's communes, by week."""
    user = _user(request)
    communes = list(sel.communes_worked_in(user).order_by("name_folded"))
    code = request.GET.get("commune")
    selected = next((c for c in communes if str(c.code) == code), communes[0] if communes else None)
    today = timezone.localdate()
    month = _month(request.GET.get("month"), today)
    first, last = sel.month_bounds(month)
    rows = list(sel.sessions_between([selected], first, last)) if selected else []
    can_manage = selected is not None and permissions.can_manage_commune(user, selected)
    following = _next_month(today)
    schedule = sel.schedule_of(selected) if selected else None
    return render(
        request,
        "web/campaign/sessions/list.html",
        {
            "communes": communes,
            "selected": selected,
            "month": month,
            "previous": _previous_month(month),
            "next": _next_month(month),
            "weeks": sel.by_week(rows),
            "holidays": sel.holidays_between(first, last),
            "can_manage": can_manage,
            "schedule": schedule,
            "weekday_name": dict(WEEKDAYS)[schedule.weekday] if schedule else "",
            "generate_form": GenerateForm(initial={"start": following, "end": sel.month_bounds(following)[1]})
            if can_manage
            else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_schedule(request: HttpRequest, code: int) -> HttpResponse:
    user = _user(request)
    commune = permissions.get_managed_commune(user, code)
    schedule = sel.schedule_of(commune)
    order = svc.commune_hamlet_order(commune, schedule)
    by_id = {h.pk: h for h in Hamlet.objects.filter(commune=commune)}
    hamlets = [by_id[pk] for pk in order]
    initial: dict[str, Any] = {"weekday": 6, "start_time": time(8, 0), "minutes": 90}
    if schedule is not None:
        initial = {"weekday": schedule.weekday, "start_time": schedule.start_time, "minutes": schedule.minutes}
        initial |= {f"place_{pk}": place for pk, place in schedule.places.items()}
    form = ScheduleForm(request.POST or None, hamlets=hamlets, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                svc.save_schedule(
                    commune,
                    user,
                    weekday=form.cleaned_data["weekday"],
                    start_time=form.cleaned_data["start_time"],
                    minutes=form.cleaned_data["minutes"],
                    hamlet_order=form.hamlet_order(),
                    places=form.places(),
                )
            except svc.SessionError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The weekly schedule of %(commune)s was saved.") % {"commune": commune})
                return redirect(f"{reverse('web:sessions')}?commune={commune.code}")
        status = 400
    return render(
        request,
        "web/campaign/sessions/schedule.html",
        {"commune": commune, "form": form, "schedule": schedule},
        status=status,
    )


@login_required
@require_POST
def sessions_generate(request: HttpRequest, code: int) -> HttpResponse:
    user = _user(request)
    commune = permissions.get_managed_commune(user, code)
    form = GenerateForm(request.POST)
    target = f"{reverse('web:sessions')}?commune={commune.code}"
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(target)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    try:
        result = svc.generate_sessions(commune, start, end, user)
    except svc.SessionError as exc:
        messages.error(request, exc.message)
        return redirect(target)
    messages.success(
        request,
        _("%(created)s sessions were planned from %(start)s to %(end)s (%(replaced)s planned ones replaced).")
        % {
            "created": result.created,
            "replaced": result.replaced,
            "start": f"{start:%d/%m/%Y}",
            "end": f"{end:%d/%m/%Y}",
        },
    )
    return redirect(f"{target}&month={start:%Y-%m}")


def _attendance_rows(session: CommunitySession) -> list[Any]:
    return list(session.attendance.select_related("person", "person__hamlet").order_by("person__name_folded"))


@login_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    session = sel.get_session_to_run(user, pk)
    registered = sel.registrations_of(session)
    return render(
        request,
        "web/campaign/sessions/detail.html",
        {
            "session": session,
            "lessons": sel.lesson_titles(session),
            "attendance": _attendance_rows(session),
            "can_manage": sel.can_manage_session(user, session),
            "registered": registered,
            "registered_present": sum(1 for row in registered if row.present),
            "may_tick": set(sel.roster_for(user, session).values_list("pk", flat=True)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    session = sel.get_managed_session(user, pk)
    local = timezone.localtime(session.starts_at)
    initial = {
        "day": local.date(),
        "start_time": local.time().replace(second=0, microsecond=0),
        "minutes": int((session.ends_at - session.starts_at).total_seconds() // 60),
        "hamlet": session.hamlet_id,
        "place": session.place,
        "topic": session.topic,
        "lessons": list(session.lessons.values_list("pk", flat=True)),
    }
    form = SessionForm(request.POST or None, commune=session.commune, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            starts = datetime.combine(d["day"], d["start_time"], tzinfo=svc.local_tz())
            try:
                svc.change_session(
                    session,
                    user,
                    svc.SessionChange(
                        starts_at=starts,
                        minutes=d["minutes"],
                        place=d["place"],
                        topic=d["topic"],
                        hamlet=d["hamlet"],
                        lessons=list(d["lessons"]),
                    ),
                )
            except svc.SessionError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The session was saved."))
                return redirect("web:session", pk=session.pk)
        status = 400
    return render(request, "web/campaign/sessions/edit.html", {"session": session, "form": form}, status=status)


@login_required
@require_POST
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    session = sel.get_managed_session(request.user, pk)
    try:
        svc.cancel_session(session, _user(request))
    except svc.SessionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The session was cancelled."))
    return redirect("web:session", pk=session.pk)


@login_required
@require_POST
def session_held(request: HttpRequest, pk: int) -> HttpResponse:
    session = sel.get_session_to_run(request.user, pk)
    try:
        svc.mark_session_held(session, _user(request))
    except svc.SessionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The session is marked as held."))
    return redirect("web:session", pk=session.pk)


def _roster_for(user: User, session: CommunitySession) -> Any:
    """People the user may tick: of the session's hamlet (or commune), among those they work with."""
    return sel.roster_for(user, session)


def _back_to(request: HttpRequest, session: CommunitySession, default: str) -> HttpResponse:
    """Back to the session page when the form came from it (`back=session`), else to `default`."""
    return redirect("web:session" if request.POST.get("back") == "session" else default, pk=session.pk)


@login_required
@require_http_methods(["GET", "POST"])
def session_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """Tick the people present from the roster (search by name, CCCD or phone)."""
    user = _user(request)
    session = sel.get_session_to_run(user, pk)
    roster = _roster_for(user, session)
    if request.method == "POST":
        ids = [int(v) for v in request.POST.getlist("person") if v.isdigit()]
        people = list(roster.filter(pk__in=ids))
        if len(people) != len(set(ids)):
            raise Http404
        try:
            result = svc.record_attendance(session, people, user)
        except svc.SessionError as exc:
            messages.error(request, exc.message)
        else:
            if result.added:
                messages.success(request, _("%(n)s people recorded as present.") % {"n": len(result.added)})
            if result.already:
                messages.info(request, _("%(n)s were already recorded.") % {"n": len(result.already)})
        return _back_to(request, session, "web:session-attendance")
    query = (request.GET.get("q") or "").strip()
    present = set(session.attendance.values_list("person_id", flat=True))
    people = list(search_people(roster, query).select_related("hamlet").order_by("name_folded", "pk")[:PICK_LIMIT])
    return render(
        request,
        "web/campaign/sessions/attendance.html",
        {
            "session": session,
            "query": query,
            "people": people,
            "present": present,
            "limit": PICK_LIMIT,
            "attendance": _attendance_rows(session),
        },
    )


@login_required
@require_POST
def session_attendance_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Untick a person recorded present by mistake (the session stays held)."""
    user = _user(request)
    session = sel.get_session_to_run(user, pk)
    value = request.POST.get("person") or ""
    person = _roster_for(user, session).filter(pk=int(value)).first() if value.isdigit() else None
    if person is None:
        raise Http404
    if svc.remove_attendance(session, person, user):
        messages.success(request, _("%(name)s is no longer recorded as present.") % {"name": person.full_name})
    return _back_to(request, session, "web:session-attendance")


@login_required
@require_http_methods(["GET", "POST"])
def session_registrations(request: HttpRequest, pk: int) -> HttpResponse:
    """A field worker registers people of the session's hamlet (or commune), or takes one off the list."""
    user = _user(request)
    session = sel.get_session_to_run(user, pk)
    roster = _roster_for(user, session)
    if request.method == "POST":
        removed = request.POST.get("remove") or ""
        if removed.isdigit():
            person = roster.filter(pk=int(removed)).first()
            if person is None:
                raise Http404
            if svc.unregister(session, person, user):
                messages.success(request, _("%(name)s was taken off the list.") % {"name": person.full_name})
            return _back_to(request, session, "web:session-registrations")
        ids = [int(v) for v in request.POST.getlist("person") if v.isdigit()]
        people = list(roster.filter(pk__in=ids))
        if len(people) != len(set(ids)):
            raise Http404
        try:
            added = sum(svc.register(session, person, user) for person in people)
        except svc.SessionError as exc:
            messages.error(request, exc.message)
        else:
            if added:
                messages.success(request, _("%(n)s people registered.") % {"n": added})
        return redirect("web:session-registrations", pk=session.pk)
    query = (request.GET.get("q") or "").strip()
    registered = sel.registrations_of(session)
    people = list(search_people(roster, query).select_related("hamlet").order_by("name_folded", "pk")[:PICK_LIMIT])
    return render(
        request,
        "web/campaign/sessions/registrations.html",
        {
            "session": session,
            "query": query,
            "people": people,
            "present": {row.registration.person_id for row in registered},
            "limit": PICK_LIMIT,
            "registered": registered,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_register(request: HttpRequest, pk: int) -> HttpResponse:
    """A signed-in person registers themselves (or takes themselves off) from the public calendar.
    Opening the link (e.g. after signing in) only leads back to the calendar."""
    session = sel.get_public_session(pk)
    back = redirect("web:commune-sessions", code=session.commune_id)
    if request.method == "GET":
        return back
    user = _user(request)
    person = sel.own_person(user)
    if person is None:
        messages.error(
            request, _("Your account is not linked to a person in the roster: ask your hamlet's team to register you.")
        )
        return back
    if request.POST.get("remove"):
        if svc.unregister(session, person, user):
            messages.success(request, _("You are no longer registered for this session."))
        return back
    try:
        created = svc.register(session, person, user)
    except svc.SessionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("You are registered. See you on %(day)s.")
            % {"day": f"{timezone.localtime(session.starts_at):%d/%m %H:%M}"}
            if created
            else _("You were already registered for this session."),
        )
    return back


@login_required
@require_http_methods(["GET", "POST"])
def session_new(request: HttpRequest, code: int) -> HttpResponse:
    """A manager adds a one-off session; planning a period never replaces it."""
    user = _user(request)
    commune = permissions.get_managed_commune(user, code)
    form = SessionForm(request.POST or None, commune=commune, initial={"start_time": time(8, 0), "minutes": 90})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                session = svc.create_session(
                    commune,
                    user,
                    svc.SessionChange(
                        starts_at=datetime.combine(d["day"], d["start_time"], tzinfo=svc.local_tz()),
                        minutes=d["minutes"],
                        place=d["place"],
                        topic=d["topic"],
                        hamlet=d["hamlet"],
                        lessons=list(d["lessons"]),
                    ),
                )
            except svc.SessionError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The session was added."))
                return redirect("web:session", pk=session.pk)
        status = 400
    return render(request, "web/campaign/sessions/new.html", {"commune": commune, "form": form}, status=status)


@login_required
def session_qr(request: HttpRequest, pk: int) -> HttpResponse:
    """The QR code shown at the session: people scan it to check in."""
    session = sel.get_session_to_run(request.user, pk)
    url = request.build_absolute_uri(reverse("web:session-checkin", args=[session.checkin_token]))
    svg = segno.make(url, error="m").svg_inline(scale=6, dark="#000", light="#fff", omitsize=True)
    response = render(
        request,
        "web/campaign/sessions/qr.html",
        {"session": session, "url": url, "svg": mark_safe(svg), "count": session.attendance.count()},  # noqa: S308
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def session_checkin(request: HttpRequest, token: str) -> HttpResponse:
    """Scanning the session's QR code records the signed-in person present, once. Opening the link
    is the check-in (elderly learners should not need a second tap); it is idempotent: a second scan
    only says "already checked in"."""
    status = 200
    result = None
    problem = ""
    try:
        result = svc.check_in(token, _user(request))
    except svc.SessionError as exc:
        problem = exc.message
        status = 404 if not CommunitySession.objects.filter(checkin_token=token).exists() else 409
    response = render(
        request, "web/campaign/sessions/checkin.html", {"result": result, "problem": problem}, status=status
    )
    response["Cache-Control"] = "no-store"
    return response


# Public calendar -------------------------------------------------------------------------------


def _public_window() -> tuple[date, date]:
    today = timezone.localdate()
    return today - timedelta(days=7), today + timedelta(days=92)


def commune_sessions(request: HttpRequest, code: int) -> HttpResponse:
    """Anyone may read a commune's calendar: time, place, hamlet, topic, lessons (no attendance)."""
    commune = sel.public_commune(code)
    start, end = _public_window()
    rows = list(sel.sessions_between([commune], start, end))
    now = timezone.now()
    for s in rows:
        s.lesson_titles = sel.lesson_titles(s)  # type: ignore[attr-defined]
        s.open_for_registration = s.status != SessionStatus.CANCELLED and s.ends_at > now  # type: ignore[attr-defined]
    person = sel.own_person(request.user)
    mine = (
        set(SessionRegistration.objects.filter(person=person, session__in=rows).values_list("session_id", flat=True))
        if person is not None
        else set()
    )
    return render(
        request,
        "web/campaign/sessions/public.html",
        {"commune": commune, "weeks": sel.by_week(rows), "person": person, "mine": mine},
    )


def commune_sessions_ics(request: HttpRequest, code: int) -> HttpResponse:
    commune = sel.public_commune(code)
    today = timezone.localdate()
    rows = list(sel.sessions_between([commune], today - timedelta(days=92), today + timedelta(days=366)))
    body = sel.calendar_ics(commune, rows, domain=request.get_host().split(":")[0], stamp=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="sessions-{commune.code}.ics"'
    return response


# Events ----------------------------------------------------------------------------------------


def _check_event_commune(user: User, commune: Commune | None) -> None:
    if commune is None and not sel.may_create_province_event(user):
        raise PermissionDenied
    if commune is not None and not permissions.can_manage_commune(user, commune):
        raise Http404


@role_required(permissions.FIELD_WORKERS)
@require_http_methods(["GET", "POST"])
def events(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    can_create = permissions.is_manager(user)
    form = EventForm(request.POST or None, user=user) if can_create else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            _check_event_commune(user, form.cleaned_data["commune"])
            event = svc.create_event(user, form.data_for())
            messages.success(request, _("The event “%(name)s” was created.") % {"name": event.name})
            return redirect("web:event", pk=event.pk)
    rows = list(sel.events_visible_to(user).select_related("commune").order_by("-date", "pk")[:200])
    status = 400 if request.method == "POST" else 200
    return render(request, "web/campaign/sessions/events.html", {"rows": rows, "form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    event = sel.get_event_for(user, pk)
    can_manage = sel.can_manage_event(user, event)
    initial = {
        "kind": event.kind,
        "name": event.name,
        "date": event.date,
        "commune": event.commune_id,
        "place": event.place,
        "results": event.results,
    }
    form = EventForm(request.POST or None, user=user, initial=initial) if can_manage else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            _check_event_commune(user, form.cleaned_data["commune"])
            svc.update_event(event, user, form.data_for())
            messages.success(request, _("The event was saved."))
            return redirect("web:event", pk=event.pk)
        status = 400
    participants = list(event.participants.select_related("person").order_by("person__name_folded")[:500])
    return render(
        request,
        "web/campaign/sessions/event.html",
        {"event": event, "form": form, "participants": participants, "count": event.participants.count()},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_participants(request: HttpRequest, pk: int) -> HttpResponse:
    """Managers tick the people who took part, each counted once."""
    user = _user(request)
    event = sel.get_event_for(user, pk)
    if not sel.can_manage_event(user, event):
        raise PermissionDenied
    roster = permissions.people_worked_with_by(user)
    if event.commune_id is not None:
        roster = roster.filter(commune_id=event.commune_id)
    if request.method == "POST":
        ids = [int(v) for v in request.POST.getlist("person") if v.isdigit()]
        chosen = list(roster.filter(pk__in=ids))
        if len(chosen) != len(set(ids)):
            raise Http404
        result = svc.record_participation(event, chosen, user)
        if result.added:
            messages.success(request, _("%(n)s people recorded as present.") % {"n": len(result.added)})
        if result.already:
            messages.info(request, _("%(n)s were already recorded.") % {"n": len(result.already)})
        return redirect("web:event-participants", pk=event.pk)
    query = (request.GET.get("q") or "").strip()
    present = set(event.participants.values_list("person_id", flat=True))
    people: list[Person] = list(
        search_people(roster, query).select_related("hamlet").order_by("name_folded", "pk")[:PICK_LIMIT]
    )
    return render(
        request,
        "web/campaign/sessions/event_participants.html",
        {"event": event, "query": query, "people": people, "present": present, "limit": PICK_LIMIT},
    )


# Public wifi points ----------------------------------------------------------------------------


@role_required(permissions.MANAGERS)
@require_http_methods(["GET", "POST"])
def wifi_points(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = WifiForm(request.POST or None, user=user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                point = svc.create_wifi_point(user, form.data_for())
            except svc.SessionError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The wifi point “%(name)s” was added.") % {"name": point.name})
                return redirect("web:wifi-points")
        status = 400
    rows = list(
        sel.wifi_points_managed_by(user).select_related("commune", "hamlet").order_by("commune__name", "name")[:500]
    )
    return render(request, "web/campaign/sessions/wifi.html", {"rows": rows, "form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def wifi_point(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    point: WifiPoint = sel.get_managed_wifi_point(user, pk)
    initial = {
        "commune": point.commune_id,
        "name": point.name,
        "address": point.address,
        "status": point.status,
        "provider": point.provider,
        "latitude": point.latitude,
        "longitude": point.longitude,
    }
    form = WifiForm(request.POST or None, user=user, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                svc.update_wifi_point(point, user, form.data_for())
            except svc.SessionError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The wifi point was saved."))
                return redirect("web:wifi-points")
        status = 400
    return render(request, "web/campaign/sessions/wifi_point.html", {"point": point, "form": form}, status=status)


def commune_wifi(request: HttpRequest, code: int) -> HttpResponse:
    commune = sel.public_commune(code)
    rows = list(sel.public_wifi_points(commune).order_by("name"))
    return render(request, "web/campaign/sessions/public_wifi.html", {"commune": commune, "rows": rows})


urlpatterns: list[URLPattern] = [
    path("campaign/sessions/", sessions, name="sessions"),
    path("campaign/sessions/<int:pk>/", session_detail, name="session"),
    path("campaign/sessions/<int:pk>/edit/", session_edit, name="session-edit"),
    path("campaign/sessions/<int:pk>/cancel/", session_cancel, name="session-cancel"),
    path("campaign/sessions/<int:pk>/held/", session_held, name="session-held"),
    path("campaign/sessions/<int:pk>/attendance/", session_attendance, name="session-attendance"),
    path("campaign/sessions/<int:pk>/attendance/remove/", session_attendance_remove, name="session-attendance-remove"),
    path("campaign/sessions/<int:pk>/registrations/", session_registrations, name="session-registrations"),
    path("campaign/sessions/<int:pk>/qr/", session_qr, name="session-qr"),
    path("campaign/communes/<int:code>/sessions/new/", session_new, name="session-new"),
    path("sessions/<int:pk>/register/", session_register, name="session-register"),
    path("campaign/communes/<int:code>/schedule/", session_schedule, name="session-schedule"),
    path("campaign/communes/<int:code>/sessions/generate/", sessions_generate, name="sessions-generate"),
    path("s/<str:token>/", session_checkin, name="session-checkin"),
    path("communes/<int:code>/sessions/", commune_sessions, name="commune-sessions"),
    path("communes/<int:code>/sessions.ics", commune_sessions_ics, name="commune-sessions-ics"),
    path("communes/<int:code>/wifi/", commune_wifi, name="commune-wifi"),
    path("campaign/events/", events, name="events"),
    path("campaign/events/<int:pk>/", event_detail, name="event"),
    path("campaign/events/<int:pk>/participants/", event_participants, name="event-participants"),
    path("campaign/wifi/", wifi_points, name="wifi-points"),
    path("campaign/wifi/<int:pk>/", wifi_point, name="wifi-point"),
]
