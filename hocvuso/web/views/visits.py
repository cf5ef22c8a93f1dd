"""Campaign pages: door to door (plan 67 III.5.đ, "đi từng ngõ, gõ từng nhà, hướng dẫn từng người").

- /campaign/worklist/: the households of the hamlets a field worker covers, neediest first, with why
  (badges), the last visit and the date to come back; filters; a plain paged list for a phone.
- /campaign/households/<pk>/visit/: record a visit, and update the VNeID level and digital bank account
  of the people met. Works without JavaScript; with it (web/visits.js) a visit made without a
  connection is kept on the phone and sent to POST /api/v1/visits when the phone is online again.
- /campaign/households/<pk>/visits/ and /campaign/visits/<pk>/: what was done at the household.

Field workers only (hocvuso.campaign.permissions): other signed-in users get 403; a household outside
the user's hamlets answers 404.
"""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hocvuso.campaign import permissions
from hocvuso.campaign.constants import HelpTopic, VisitOutcome
from hocvuso.campaign.selectors import visits as selectors
from hocvuso.campaign.services import visits as services
from hocvuso.people.constants import VNeIDLevel
from hocvuso.people.models import Household, Person
from hocvuso.web.views.registry import _int, _query_without, _user, role_required

YES, NO = "yes", "no"
FETCH_HEADER = "X-HVS-Fetch"
BANK_CHOICES = ((NO, gettext_lazy("no")), (YES, gettext_lazy("yes")))
VNEID_CHOICES = [(str(value), label) for value, label in VNeIDLevel.choices]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class VisitForm(forms.Form):
    client_uuid = forms.UUIDField(widget=forms.HiddenInput)
    visited_on = forms.DateField(label=gettext_lazy("Date of the visit"), widget=DateInput())
    companions = forms.CharField(
        label=gettext_lazy("Who else came"),
        required=False,
        max_length=services.MAX_COMPANIONS,
        help_text=gettext_lazy("Names of the other team members or volunteers, if any."),
    )
    helped_with = forms.MultipleChoiceField(
        label=gettext_lazy("What you helped with"),
        choices=HelpTopic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    outcome = forms.ChoiceField(label=gettext_lazy("Outcome"), choices=VisitOutcome.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        max_length=services.MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    follow_up_on = forms.DateField(label=gettext_lazy("Come back on"), required=False, widget=DateInput())

    def __init__(self, *args: Any, members: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = members
        today = selectors.today()
        self.fields["visited_on"].widget.attrs["max"] = today.isoformat()
        self.fields["follow_up_on"].widget.attrs["min"] = today.isoformat()
        self.fields["people_met"] = forms.TypedMultipleChoiceField(
            label=_("People met"),
            choices=[(p.pk, p.full_name) for p in members],
            coerce=int,
            required=False,
        )
        for p in members:
            level, bank = str(p.vneid_level), YES if p.has_digital_bank_account else NO
            self.fields[f"vneid_{p.pk}"] = forms.ChoiceField(
                label=_("VNeID of %(name)s") % {"name": p.full_name}, choices=VNEID_CHOICES, initial=level
            )
            self.fields[f"vneid_{p.pk}_was"] = forms.ChoiceField(
                choices=VNEID_CHOICES, initial=level, widget=forms.HiddenInput
            )
            self.fields[f"bank_{p.pk}"] = forms.ChoiceField(
                label=_("Digital bank account of %(name)s") % {"name": p.full_name}, choices=BANK_CHOICES, initial=bank
            )
            self.fields[f"bank_{p.pk}_was"] = forms.ChoiceField(
                choices=BANK_CHOICES, initial=bank, widget=forms.HiddenInput
            )

    def member_rows(self) -> list[dict[str, Any]]:
        if self.is_bound:
            met = {str(v) for v in self.data.getlist("people_met")} if hasattr(self.data, "getlist") else set()
        else:
            met = set()
        today = selectors.today()
        return [
            {
                "person": p,
                "age": p.age_on(today),
                "met": str(p.pk) in met,
                "vneid": self[f"vneid_{p.pk}"],
                "vneid_was": self[f"vneid_{p.pk}_was"],
                "bank": self[f"bank_{p.pk}"],
                "bank_was": self[f"bank_{p.pk}_was"],
            }
            for p in self.members
        ]

    def visit_data(self) -> services.VisitData:
        data = self.cleaned_data
        changes = []
        for p in self.members:
            level, level_was = data[f"vneid_{p.pk}"], data[f"vneid_{p.pk}_was"]
            bank, bank_was = data[f"bank_{p.pk}"], data[f"bank_{p.pk}_was"]
            if level != level_was or bank != bank_was:
                changes.append(
                    services.PersonChange(
                        person_id=p.pk,
                        vneid_level=int(level) if level != level_was else None,
                        has_digital_bank_account=(bank == YES) if bank != bank_was else None,
                    )
                )
        return services.VisitData(
            client_uuid=data["client_uuid"],
            visited_on=data["visited_on"],
            outcome=data["outcome"],
            companions=data["companions"],
            people_met=list(data["people_met"]),
            helped_with=list(data["helped_with"]),
            note=data["note"],
            follow_up_on=data["follow_up_on"],
            changes=changes,
        )

    def add_service_errors(self, errors: dict[str, str]) -> None:
        for name, message in errors.items():
            self.add_error(name if name in self.fields else None, message)


def _label(household: Household) -> str:
    return household.code or household.address or f"#{household.pk}"


@role_required(permissions.FIELD_WORKERS)
def worklist(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    communes = list(selectors.communes_for_worklist(user))
    commune = _int(request.GET.get("commune"))
    if commune not in {c.code for c in communes}:
        commune = None
    if commune is None and len(communes) == 1:
        commune = communes[0].code
    needs = frozenset(n for n in request.GET.getlist("need") if n in selectors.NEED_WEIGHTS)
    filters = selectors.WorklistFilters(
        commune=commune,
        hamlet=_int(request.GET.get("hamlet")),
        needs=needs,
        follow_up_due=request.GET.get("due") == "1",
        not_visited_recently=request.GET.get("stale") == "1",
    )
    choose_commune = selectors.needs_worklist_commune(user, filters)
    hamlets = [] if choose_commune else list(selectors.hamlets_for_worklist(user, commune))
    page = max(_int(request.GET.get("page")) or 1, 1)
    rows: list[Household] = []
    next_offset = None
    today = selectors.today()
    if not choose_commune:
        rows, next_offset = selectors.page_of(
            selectors.worklist_for(user, filters, today), selectors.PAGE_SIZE, (page - 1) * selectors.PAGE_SIZE
        )
    for h in rows:
        h.badges = selectors.needs_of(h)  # type: ignore[attr-defined]
        h.due = selectors.is_overdue(h.follow_up_on, today)  # type: ignore[attr-defined]
    return render(
        request,
        "web/campaign/visits/worklist.html",
        {
            "communes": communes if len(communes) > 1 else [],
            "commune": commune,
            "hamlets": hamlets,
            "filters": filters,
            "need_choices": selectors.Need.choices,
            "not_visited_days": selectors.NOT_VISITED_DAYS,
            "choose_commune": choose_commune,
            "rows": rows,
            "page": page,
            "first_row": (page - 1) * selectors.PAGE_SIZE + 1,
            "next_query": _query_without(request, "page", page=page + 1) if next_offset is not None else "",
            "previous_query": _query_without(request, "page", page=page - 1) if page > 1 else "",
        },
    )


@role_required(permissions.FIELD_WORKERS)
def visit_new(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = _user(request)
    household = permissions.get_household_to_visit(user, pk)
    members = list(selectors.household_members(household))
    if request.method == "POST":
        form = VisitForm(request.POST, members=members)
        if form.is_valid():
            try:
                visit, created = services.record_visit(user, household, form.visit_data(), request=request)
            except services.VisitRefused as exc:
                form.add_service_errors(exc.errors)
            except services.VisitConflict as exc:
                form.add_error(None, str(exc))
            else:
                if created:
                    messages.success(request, _("The visit is recorded."))
                else:
                    messages.info(request, _("This visit was already recorded."))
                if request.headers.get(FETCH_HEADER) == "1":
                    # web/visits.js posted the form: it opens the page itself (the message waits for it).
                    return JsonResponse({"id": visit.pk, "url": reverse("web:visit", args=[visit.pk])})
                return redirect("web:visit", visit.pk)
    else:
        form = VisitForm(members=members, initial={"client_uuid": uuid.uuid4(), "visited_on": selectors.today()})
    return render(
        request,
        "web/campaign/visits/form.html",
        {"household": household, "label": _label(household), "form": form, "rows": form.member_rows()},
    )


@role_required(permissions.FIELD_WORKERS)
def visit_list(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    household = permissions.get_household_to_visit(user, pk)
    today = selectors.today()
    members = [(p, p.age_on(today)) for p in selectors.household_members(household)]
    visits = list(selectors.visits_of_household(user, household)[:100])
    return render(
        request,
        "web/campaign/visits/list.html",
        {"household": household, "label": _label(household), "members": members, "visits": visits},
    )


@role_required(permissions.FIELD_WORKERS)
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit = permissions.get_visit_for(_user(request), pk)
    topics = dict(HelpTopic.choices)
    return render(
        request,
        "web/campaign/visits/detail.html",
        {
            "visit": visit,
            "label": _label(visit.household),
            "people_met": list(visit.people_met.order_by("name_folded")),
            "helped_with": [topics.get(t, t) for t in visit.helped_with],
            "list_url": reverse("web:visit-list", args=[visit.household_id]),
        },
    )


urlpatterns: list[URLPattern] = [
    path("campaign/worklist/", worklist, name="worklist"),
    path("campaign/households/<int:pk>/visit/", visit_new, name="visit-new"),
    path("campaign/households/<int:pk>/visits/", visit_list, name="visit-list"),
    path("campaign/visits/<int:pk>/", visit_detail, name="visit"),
]
