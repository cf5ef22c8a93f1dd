"""Officers' pages. Every object is fetched through hocvuso.people.permissions, so "missing" and
"not yours" both answer 404; pages for a kind of role answer 403 to signed-in users without it."""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable, Iterable
from datetime import date
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from hocvuso.accounts import permissions as acc
from hocvuso.accounts.constants import AccessReason, AuditAction, RoleKind
from hocvuso.accounts.models import AuditEvent, User
from hocvuso.accounts.services import audit
from hocvuso.geo.models import Commune, Hamlet
from hocvuso.geo.services import HamletError
from hocvuso.lib import cccd
from hocvuso.people import permissions as perms
from hocvuso.people.constants import ImportStatus, TargetGroup
from hocvuso.people.models import ImportJob, Person
from hocvuso.people.roster_export import export_roster_xlsx
from hocvuso.people.roster_import import (
    RosterFileError,
    confirm_preview,
    create_import_job,
    start_import,
    write_rejections_xlsx,
)
from hocvuso.people.selectors import filter_people, person_target_groups, search_people
from hocvuso.people.services import (
    AccountError,
    ClaimRateLimited,
    add_hamlet,
    claim_record,
    create_account_for,
    record_person_view,
)
from hocvuso.web.forms import (
    AssistedAccountForm,
    AuditFilterForm,
    ClaimForm,
    ExportRosterForm,
    FindByCCCDForm,
    HamletForm,
    HouseholdFilterForm,
    PeopleFilterForm,
    ReasonForm,
    UploadRosterForm,
)

PAGE_SIZE = 50
REJECTIONS_PER_PAGE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HAMLET_READERS = (*acc.ROSTER_READERS, RoleKind.MENTOR)
RUNNING = (ImportStatus.PENDING, ImportStatus.RUNNING)

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def role_required(kinds: Iterable[str]) -> Callable[[View], View]:
    """Sign-in required (redirect to login); signed in without one of `kinds`: 403."""
    wanted = tuple(kinds)

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not acc.has_role(request.user, wanted):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return cast(View, wrapped)

    return decorator


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _query_without(request: HttpRequest, *names: str, **extra: object) -> str:
    """The current query string without `names` (and with `extra`), for "more" and filter links."""
    query: QueryDict = request.GET.copy()
    for name in names:
        query.pop(name, None)
    for key, value in extra.items():
        query[key] = str(value)
    return query.urlencode()


def _managed_commune_or_404(user: User, code: int, kinds: tuple[str, ...]) -> Commune:
    commune = perms.communes_managed_by(user, kinds).filter(code=code).first()
    if commune is None:
        raise Http404
    return commune


def _check_posted_commune(user: User, code: str | None, kinds: tuple[str, ...]) -> None:
    """A commune code sent in a form must be one the user manages: 404 otherwise, as for a URL."""
    if code in (None, ""):
        return
    if not str(code).isdigit():
        raise Http404
    _managed_commune_or_404(user, int(str(code)), kinds)


def healthz(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    kinds = acc.role_kinds(request.user)
    if not kinds - {RoleKind.LEARNER}:
        # A learner's home is their learning path; people who work for the campaign get their tools.
        return redirect("web:learn")
    return render(request, "web/home.html", {"role_kinds": kinds})


# People ----------------------------------------------------------------------------------------


def _hamlet_choices(
    user: User, communes: QuerySet[Commune], commune_code: int | None, hamlet_id: int | None
) -> QuerySet[Hamlet]:
    """Hamlets offered in a filter: those of the chosen commune (a province has too many to list)."""
    visible = perms.hamlets_visible_to(user).order_by("commune_id", "name_folded")
    if commune_code:
        return visible.filter(commune_id=commune_code)
    if len(communes[:2]) == 1:
        return visible
    return visible.filter(pk=hamlet_id) if hamlet_id else visible.none()


def _keyset_people(qs: QuerySet[Person], after: int | None) -> QuerySet[Person]:
    """Rows after person `after` in (name, id) order: an index range scan, never a COUNT(*)."""
    if after is None:
        return qs
    anchor = qs.filter(pk=after).values_list("name_folded", flat=True).first()
    if anchor is None:
        return qs
    return qs.filter(Q(name_folded__gt=anchor) | Q(name_folded=anchor, pk__gt=after))


@role_required(acc.ROSTER_READERS)
def people(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    communes = perms.communes_visible_to(user)
    hamlets = _hamlet_choices(user, communes, _int(request.GET.get("commune")), _int(request.GET.get("hamlet")))
    form = PeopleFilterForm(request.GET or None, communes=communes, hamlets=hamlets)
    rows: list[Person] = []
    has_more = False
    if form.is_bound and not form.is_valid():
        pass
    else:
        qs = perms.people_visible_to(user)
        if form.is_bound:
            qs = filter_people(search_people(qs, form.cleaned_data.get("q") or ""), form.filters())
        qs = _keyset_people(qs.order_by("name_folded", "pk"), _int(request.GET.get("after")))
        rows = list(qs.select_related("commune", "hamlet")[: PAGE_SIZE + 1])
        has_more = len(rows) > PAGE_SIZE
        rows = rows[:PAGE_SIZE]
    context = {
        "form": form,
        "rows": rows,
        "has_more": has_more,
        "next_query": _query_without(request, "after", after=rows[-1].pk) if has_more else "",
        "first_query": _query_without(request, "after") if request.GET.get("after") else "",
        "today": date.today(),
    }
    template = "web/people/_results.html" if request.htmx else "web/people/list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


def _render_person(
    request: HttpRequest, person: Person, *, full_id: bool, reason_form: ReasonForm, status: int = 200
) -> HttpResponse:
    user = _user(request)
    groups = person_target_groups(person)
    context = {
        "person": person,
        "full_id": full_id,
        "can_see_full_id": perms.can_see_full_id(user, person),
        "reason_form": reason_form,
        "age": person.age_on(date.today()),
        "target_groups": [label for value, label in TargetGroup.choices if value in groups],
        "memberships": person.memberships.select_related("organisation").order_by("organisation__name_folded"),
        "account_form": AssistedAccountForm() if person.user_id is None and perms.can_enrol(user, person) else None,
    }
    response = render(request, "web/people/detail.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = perms.get_person_for(request.user, pk)
    record_person_view(_user(request), person, full_id=False, reason="", request=request)
    return _render_person(request, person, full_id=False, reason_form=ReasonForm())


@login_required
@require_POST
def person_full_id(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the full CCCD once, after the user said why; the reveal is audited with that reason."""
    person = perms.get_person_for(request.user, pk)
    if not perms.can_see_full_id(request.user, person):
        raise PermissionDenied
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _render_person(request, person, full_id=False, reason_form=form, status=400)
    record_person_view(_user(request), person, full_id=True, reason=form.cleaned_data["reason"], request=request)
    return _render_person(request, person, full_id=True, reason_form=form)


# Accounts --------------------------------------------------------------------------------------

SIGN_IN_BACKEND = "hocvuso.accounts.backends.PhoneOrNationalIdBackend"


@require_http_methods(["GET", "POST"])
def claim(request: HttpRequest) -> HttpResponse:
    """A person in the roster creates their own account, then is signed in (issue 2 §4)."""
    if request.user.is_authenticated:
        return redirect("web:home")
    form = ClaimForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = claim_record(
                national_id=data["national_id"],
                full_name=data["full_name"],
                birth=data["birth"],
                phone=data["phone"],
                password=data["password1"],
                request=request,
            )
        except ClaimRateLimited as exc:
            form.add_error(None, str(exc))
            status = 429
        except AccountError as exc:
            form.add_account_errors(exc.errors)
        else:
            login(request, user, backend=SIGN_IN_BACKEND)
            messages.success(request, _("Your account is ready. Welcome!"))
            return redirect("web:home")
    return render(request, "web/claim.html", {"form": form}, status=status)


@role_required(acc.ACCOUNT_HELPERS)
def enrol(request: HttpRequest) -> HttpResponse:
    """A helper finds the person in front of them by their CCCD (exact number only: no browsing of names)."""
    form = FindByCCCDForm(request.GET or None)
    person = None
    searched = False
    if form.is_valid():
        searched = True
        try:
            number = cccd.validate(form.cleaned_data["national_id"])
        except cccd.CCCDError as exc:
            form.add_error("national_id", exc.message)
        else:
            person = (
                perms.people_enrollable_by(_user(request)).select_related("hamlet").filter(national_id=number).first()
            )
            if person is not None:
                record_person_view(_user(request), person, full_id=False, reason=AccessReason.SUPPORT, request=request)
    response = render(request, "web/people/enrol.html", {"form": form, "person": person, "searched": searched})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def person_account(request: HttpRequest, pk: int) -> HttpResponse:
    """A mentor, team member or officer creates the account of a person in their units."""
    user = _user(request)
    person = perms.get_person_to_enrol_for(user, pk)
    form = AssistedAccountForm(request.POST or None)
    if request.method == "GET":
        record_person_view(user, person, full_id=False, reason=AccessReason.SUPPORT, request=request)
    if request.method == "POST" and person.user_id is None and form.is_valid():
        try:
            create_account_for(
                user, person, phone=form.cleaned_data["phone"], password=form.cleaned_data["password1"], request=request
            )
        except AccountError as exc:
            form.add_account_errors(exc.errors)
        else:
            messages.success(
                request,
                _("The account of %(name)s is ready: they sign in with %(phone)s or their CCCD number.")
                % {"name": person.full_name, "phone": person.user.phone if person.user else ""},
            )
            if perms.people_visible_to(user).filter(pk=person.pk).exists():
                return redirect("web:person", pk=person.pk)
            return redirect("web:person-account", pk=person.pk)
    response = render(request, "web/people/account.html", {"person": person, "form": form})
    response["Cache-Control"] = "no-store"
    return response


# Hamlets ---------------------------------------------------------------------------------------


@role_required(HAMLET_READERS)
def hamlets(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    communes = list(perms.communes_visible_to(user).order_by("name_folded"))
    code = _int(request.GET.get("commune"))
    selected = next((c for c in communes if c.code == code), communes[0] if communes else None)
    rows: list[Hamlet] = []
    if selected is not None:
        rows = list(perms.hamlets_visible_to(user).filter(commune=selected).order_by("name_folded"))
        ids = [h.pk for h in rows]
        people_n = dict(
            perms.people_visible_to(user)
            .filter(hamlet_id__in=ids)
            .values_list("hamlet_id")
            .annotate(n=Count("pk"))
            .values_list("hamlet_id", "n")
        )
        households_n = dict(
            perms.households_visible_to(user)
            .filter(hamlet_id__in=ids)
            .values_list("hamlet_id")
            .annotate(n=Count("pk"))
            .values_list("hamlet_id", "n")
        )
        for h in rows:
            h.people_count = people_n.get(h.pk, 0)  # type: ignore[attr-defined]
            h.households_count = households_n.get(h.pk, 0)  # type: ignore[attr-defined]
    can_add = selected is not None and perms.can_manage_commune(user, selected, acc.HAMLET_EDITORS)
    can_export = selected is not None and perms.can_manage_commune(user, selected, acc.ROSTER_EDITORS)
    return render(
        request,
        "web/hamlets/list.html",
        {
            "communes": communes,
            "selected": selected,
            "rows": rows,
            "can_add": can_add,
            "can_export": can_export,
            "form": HamletForm() if can_add else None,
        },
    )


@login_required
def hamlet_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    hamlet = perms.get_hamlet_for(user, pk)
    return render(
        request,
        "web/hamlets/detail.html",
        {
            "hamlet": hamlet,
            "people_count": perms.people_visible_to(user).filter(hamlet=hamlet).count(),
            "households_count": perms.households_visible_to(user).filter(hamlet=hamlet).count(),
            "can_read_roster": acc.has_role(user, acc.ROSTER_READERS),
            "can_export": perms.can_manage_commune(user, hamlet.commune, acc.ROSTER_EDITORS),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def hamlet_create(request: HttpRequest, code: int) -> HttpResponse:
    user = _user(request)
    commune = _managed_commune_or_404(user, code, acc.HAMLET_EDITORS)
    form = HamletForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            hamlet = add_hamlet(user, commune, form.cleaned_data["name"], request=request)
        except HamletError as exc:
            form.add_error("name", exc.message)
        else:
            messages.success(
                request, _("The hamlet “%(name)s” was added to %(commune)s.") % {"name": hamlet, "commune": commune}
            )
            return redirect(f"{reverse('web:hamlets')}?commune={commune.code}")
    return render(request, "web/hamlets/create.html", {"form": form, "commune": commune})


# Households ------------------------------------------------------------------------------------


@role_required(acc.ROSTER_READERS)
def households(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    communes = perms.communes_visible_to(user)
    hamlet_options = _hamlet_choices(user, communes, _int(request.GET.get("commune")), _int(request.GET.get("hamlet")))
    form = HouseholdFilterForm(request.GET or None, hamlets=hamlet_options)
    rows: list[Any] = []
    has_more = False
    if not form.is_bound or form.is_valid():
        qs = perms.households_visible_to(user)
        commune_code = _int(request.GET.get("commune"))
        if commune_code:
            qs = qs.filter(commune_id=commune_code)
        if form.is_bound:
            hamlet = form.cleaned_data.get("hamlet")
            if hamlet is not None:
                qs = qs.filter(hamlet=hamlet)
            poverty = form.cleaned_data.get("poverty")
            if poverty == "poor":
                qs = qs.filter(is_poor=True)
            elif poverty == "near_poor":
                qs = qs.filter(is_near_poor=True)
            elif poverty == "neither":
                qs = qs.filter(is_poor=False, is_near_poor=False)
        after = _int(request.GET.get("after"))
        if after:
            qs = qs.filter(pk__gt=after)
        rows = list(qs.select_related("commune", "hamlet", "head").order_by("pk")[: PAGE_SIZE + 1])
        has_more = len(rows) > PAGE_SIZE
        rows = rows[:PAGE_SIZE]
        # Members are counted for this page only: a grouped join over every household takes seconds at 1M people.
        members = dict(
            perms.people_visible_to(user)
            .filter(household_id__in=[h.pk for h in rows])
            .order_by()
            .values_list("household_id")
            .annotate(n=Count("pk"))
            .values_list("household_id", "n")
        )
        for h in rows:
            h.members_count = members.get(h.pk, 0)
    return render(
        request,
        "web/households/list.html",
        {
            "form": form,
            "communes": communes.order_by("name_folded"),
            "selected_commune": _int(request.GET.get("commune")),
            "rows": rows,
            "has_more": has_more,
            "next_query": _query_without(request, "after", after=rows[-1].pk) if has_more else "",
            "first_query": _query_without(request, "after") if request.GET.get("after") else "",
        },
    )


@login_required
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    household = perms.get_household_for(user, pk)
    members = perms.people_visible_to(user).filter(household=household).order_by("birth_year", "name_folded")
    return render(request, "web/households/detail.html", {"household": household, "members": members})


# Roster import ---------------------------------------------------------------------------------


@role_required(acc.IMPORTERS)
def imports(request: HttpRequest) -> HttpResponse:
    jobs = perms.import_jobs_visible_to(request.user).select_related("commune", "created_by")[:50]
    return render(request, "web/imports/list.html", {"jobs": jobs})


@role_required(acc.IMPORTERS)
@require_http_methods(["GET", "POST"])
def import_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    communes = perms.communes_managed_by(user)
    if request.method == "POST":
        _check_posted_commune(user, request.POST.get("commune"), acc.IMPORTERS)
        form = UploadRosterForm(request.POST, request.FILES, communes=communes)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                job = create_import_job(
                    commune=form.cleaned_data["commune"],
                    file=upload,
                    original_name=upload.name,
                    user=user,
                    create_hamlets=form.cleaned_data["create_hamlets"],
                    dry_run=True,
                )
                start_import(job)
            except RosterFileError as exc:
                form.add_error("file", getattr(exc, "message", None) or str(exc))
            else:
                return redirect("web:import", pk=job.pk)
        status = 400
    else:
        initial = {}
        code = _int(request.GET.get("commune"))
        if code and communes.filter(code=code).exists():
            initial["commune"] = code
        form = UploadRosterForm(initial=initial, communes=communes)
        status = 200
    return render(request, "web/imports/new.html", {"form": form}, status=status)


def _job_context(request: HttpRequest, job: ImportJob) -> dict[str, object]:
    page = Paginator(job.rejections.all(), REJECTIONS_PER_PAGE).get_page(request.GET.get("page"))
    return {"job": job, "rejections": page, "running": job.status in RUNNING}


@role_required(acc.IMPORTERS)
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = perms.get_import_job_for(request.user, pk)
    return render(request, "web/imports/detail.html", _job_context(request, job))


@role_required(acc.IMPORTERS)
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The small fragment htmx polls; once the job has finished the whole page is reloaded."""
    job = perms.get_import_job_for(request.user, pk)
    if job.status not in RUNNING and request.htmx:  # type: ignore[attr-defined]
        return HttpResponseClientRefresh()
    return render(request, "web/imports/_progress.html", {"job": job, "running": job.status in RUNNING})


@role_required(acc.IMPORTERS)
@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    job = perms.get_import_job_for(request.user, pk)
    if not (job.dry_run and job.status == ImportStatus.PREVIEWED):
        messages.error(request, _("This preview cannot be confirmed: it is not a finished preview."))
        return redirect("web:import", pk=job.pk)
    real = confirm_preview(job, _user(request))
    return redirect("web:import", pk=real.pk)


@role_required(acc.IMPORTERS)
@require_POST
def import_with_new_hamlets(request: HttpRequest, pk: int) -> HttpResponse:
    """Preview the same stored file again, this time creating the hamlets the commune lacks."""
    job = perms.get_import_job_for(request.user, pk)
    if not (job.dry_run and job.status == ImportStatus.PREVIEWED and job.new_hamlets and not job.create_hamlets):
        messages.error(request, _("This preview has no unknown hamlets to create."))
        return redirect("web:import", pk=job.pk)
    try:
        again = create_import_job(
            commune=job.commune,
            file=job.file,
            original_name=job.original_name,
            user=_user(request),
            create_hamlets=True,
            dry_run=True,
        )
        start_import(again)
    except RosterFileError as exc:
        messages.error(request, getattr(exc, "message", None) or str(exc))
        return redirect("web:import", pk=job.pk)
    return redirect("web:import", pk=again.pk)


@role_required(acc.IMPORTERS)
def import_rejected_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """The rejected rows with a reason column, to be fixed and imported again (audited: personal data)."""
    job = perms.get_import_job_for(request.user, pk)
    buffer = io.BytesIO()
    rows = write_rejections_xlsx(job, buffer)
    audit(
        _user(request),
        AuditAction.EXPORT_ROSTER,
        object_type="import_job",
        object_id=job.pk,
        reason=AccessReason.ROSTER_UPDATE,
        details={"rejected_rows": rows, "commune": job.commune_id},
        request=request,
    )
    stem = slugify(job.original_name.rsplit(".", 1)[0]) or "roster"
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{stem}.rejected.xlsx"'
    response["Cache-Control"] = "no-store"
    return response


# Roster export ---------------------------------------------------------------------------------


@role_required(acc.ROSTER_EDITORS)
@require_http_methods(["GET", "POST"])
def export_roster(request: HttpRequest) -> HttpResponseBase:
    user = _user(request)
    communes = perms.communes_managed_by(user, acc.ROSTER_EDITORS)
    if request.method == "POST":
        _check_posted_commune(user, request.POST.get("commune"), acc.ROSTER_EDITORS)
        form = ExportRosterForm(request.POST, communes=communes)
        if form.is_valid():
            commune: Commune = form.cleaned_data["commune"]
            hamlet: Hamlet | None = form.cleaned_data.get("hamlet")
            qs = perms.people_editable_by(user).filter(commune=commune)
            if hamlet is not None:
                qs = qs.filter(hamlet=hamlet)
            target = tempfile.TemporaryFile()  # noqa: SIM115 - handed to FileResponse, which closes it
            rows = export_roster_xlsx(qs.order_by("hamlet__name_folded", "name_folded", "pk"), target)
            audit(
                user,
                AuditAction.EXPORT_ROSTER,
                object_type="hamlet" if hamlet else "commune",
                object_id=hamlet.pk if hamlet else commune.code,
                reason=form.cleaned_data["reason"],
                details={"rows": rows},
                request=request,
            )
            target.seek(0)
            unit = slugify(f"{commune.codename}-{hamlet.name_folded}" if hamlet else commune.codename)
            response = FileResponse(
                target, as_attachment=True, filename=f"roster-{unit}-{date.today():%Y%m%d}.xlsx", content_type=XLSX
            )
            response["Cache-Control"] = "no-store"
            return response
        status = 400
    else:
        initial: dict[str, object] = {}
        code, hamlet_id = _int(request.GET.get("commune")), _int(request.GET.get("hamlet"))
        if code and communes.filter(code=code).exists():
            initial["commune"] = code
        if hamlet_id and Hamlet.objects.filter(pk=hamlet_id, commune__in=communes).exists():
            initial["hamlet"] = hamlet_id
        form = ExportRosterForm(initial=initial, communes=communes)
        status = 200
    return render(request, "web/export.html", {"form": form}, status=status)


# Staff area (province) -------------------------------------------------------------------------


def _counts_by_commune(qs: QuerySet[Any]) -> dict[int, int]:
    return dict(qs.order_by().values_list("commune_id").annotate(n=Count("pk")).values_list("commune_id", "n"))


@role_required(acc.STAFF_AREA)
def staff(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    communes = list(perms.communes_managed_by(user, acc.STAFF_AREA).order_by("name_folded"))
    hamlets_n = _counts_by_commune(perms.hamlets_visible_to(user))
    households_n = _counts_by_commune(perms.households_visible_to(user))
    people_n = _counts_by_commune(perms.people_visible_to(user))
    for c in communes:
        c.hamlets_count = hamlets_n.get(c.code, 0)  # type: ignore[attr-defined]
        c.households_count = households_n.get(c.code, 0)  # type: ignore[attr-defined]
        c.people_count = people_n.get(c.code, 0)  # type: ignore[attr-defined]
    totals = {
        "hamlets": sum(hamlets_n.get(c.code, 0) for c in communes),
        "households": sum(households_n.get(c.code, 0) for c in communes),
        "people": sum(people_n.get(c.code, 0) for c in communes),
    }
    jobs = perms.import_jobs_visible_to(user).select_related("commune", "created_by")[:20]
    return render(request, "web/staff/index.html", {"communes": communes, "totals": totals, "jobs": jobs})


@role_required(acc.STAFF_AREA)
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    events = AuditEvent.objects.select_related("actor").order_by("-pk")
    if form.is_valid() and form.cleaned_data.get("action"):
        events = events.filter(action=form.cleaned_data["action"])
    before = _int(request.GET.get("before"))
    if before:
        events = events.filter(pk__lt=before)
    rows = list(events[: PAGE_SIZE + 1])
    has_more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    reasons = dict(AccessReason.choices)
    for event in rows:
        event.reason_label = reasons.get(event.reason, event.reason)  # type: ignore[attr-defined]
    return render(
        request,
        "web/staff/audit.html",
        {
            "form": form,
            "rows": rows,
            "next_query": _query_without(request, "before", before=rows[-1].pk) if has_more else "",
        },
    )
