"""KPI pages (issue on KPIs): the province overview, a commune with its hamlets, a hamlet with links to the
households and people not yet reached. Every figure comes from hocvuso.kpi.selectors (the count tables),
the same function the API uses.

Access (hocvuso.kpi.permissions): the province administrator sees everything; a commune officer their
commune and its hamlets; a team member or mentor their hamlets; others with no KPI role get 403, and a
unit outside the user's answers 404. /kpi/ sends a commune officer to their commune, a team member or
mentor to their hamlet.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from hocvuso.accounts import permissions as acc
from hocvuso.campaign import permissions as campaign
from hocvuso.kpi import indicators, permissions, selectors, services
from hocvuso.kpi.constants import Level
from hocvuso.web.views.registry import _user, role_required

DEFAULT_RANKING = "adults_skills"
TARGET_YEARS = (2025, 2026)  # the years of plan 67


class TargetForm(forms.Form):
    indicator = forms.ChoiceField(label=gettext_lazy("Indicator"))
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int, choices=[(y, y) for y in TARGET_YEARS])
    commune = forms.TypedChoiceField(label=gettext_lazy("For"), coerce=int, required=False, empty_value=None)
    value = forms.DecimalField(
        label=gettext_lazy("Target (percent, or learners per mentor)"),
        min_value=Decimal(0),
        max_digits=7,
        decimal_places=2,
    )

    def __init__(self, *args: Any, communes: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["indicator"]).choices = [(i.slug, i.title) for i in indicators.INDICATORS]
        cast(forms.ChoiceField, self.fields["commune"]).choices = [("", _("the whole province (default)")), *communes]


@role_required(permissions.READERS)
def province(request: HttpRequest) -> HttpResponseBase:
    user = _user(request)
    provinces = permissions.provinces_of(user)
    if not provinces:
        commune = campaign.communes_managed_by(user).order_by("code").first()
        if commune is not None:
            return redirect("web:kpi-commune", code=commune.code)
        hamlet = campaign.hamlets_worked_by(user).order_by("pk").first()
        if hamlet is not None:
            return redirect("web:kpi-hamlet", pk=hamlet.pk)
        raise PermissionDenied
    unit = provinces[0]
    day = services.today()
    values = selectors.indicator_values(Level.PROVINCE, unit.code, day)
    choices = [i for i in indicators.for_level(Level.COMMUNE) if i.has_data]
    slug = request.GET.get("indicator", DEFAULT_RANKING)
    if slug not in {i.slug for i in choices}:
        slug = DEFAULT_RANKING
    return render(
        request,
        "web/kpi/province.html",
        {
            "province": unit,
            "values": values,
            "as_of": selectors.as_of(values),
            "choices": choices,
            "ranked_on": indicators.BY_SLUG[slug],
            "ranked": selectors.communes_ranked(unit.code, slug, day),
        },
    )


@role_required(permissions.READERS)
def commune(request: HttpRequest, code: int) -> HttpResponse:
    user = _user(request)
    unit = permissions.get_commune_for(user, code)
    day = services.today()
    values = selectors.indicator_values(Level.COMMUNE, unit.code, day)
    hamlet_indicators = [i for i in indicators.for_level(Level.HAMLET) if i.has_data]
    return render(
        request,
        "web/kpi/commune.html",
        {
            "commune": unit,
            "values": values,
            "as_of": selectors.as_of(values),
            "hamlet_indicators": hamlet_indicators,
            "hamlets": [
                (hamlet, [v for v in rows if v.indicator.has_data])
                for hamlet, rows in selectors.hamlets_of(unit.code, day)
            ],
            "is_province": bool(permissions.provinces_of(user)),
        },
    )


@require_POST
@role_required(permissions.READERS)
def commune_refresh(request: HttpRequest, code: int) -> HttpResponse:
    """Recompute the commune's figures now (visits and sessions are counted by the fill job otherwise)."""
    unit = permissions.get_commune_for(_user(request), code)
    services.refresh_commune(unit.code)
    messages.success(request, _("The figures of %(commune)s are up to date.") % {"commune": unit.name})
    return redirect("web:kpi-commune", code=unit.code)


@role_required(permissions.READERS)
def hamlet(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    unit = permissions.get_hamlet_for(user, pk)
    values = selectors.indicator_values(Level.HAMLET, unit.pk, services.today())
    return render(
        request,
        "web/kpi/hamlet.html",
        {
            "hamlet": unit,
            "values": values,
            "as_of": selectors.as_of(values),
            "can_read_commune": campaign.communes_managed_by(user).filter(code=unit.commune_id).exists(),
            "can_read_roster": acc.has_role(user, acc.ROSTER_READERS),
        },
    )


@role_required(permissions.PROVINCE_READERS)
@require_http_methods(["GET", "POST"])
def targets(request: HttpRequest) -> HttpResponse:
    """The province's targets: defaults per year (from the plan) and overrides per commune."""
    user = _user(request)
    unit = permissions.provinces_of(user)[0]
    communes = list(services.campaign_communes(unit.code).values_list("code", "name"))
    form = TargetForm(request.POST or None, communes=communes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        commune_code = data["commune"]
        services.set_target(
            data["indicator"],
            data["year"],
            data["value"],
            level=Level.COMMUNE if commune_code else Level.PROVINCE,
            unit_id=commune_code,
            by=user,
        )
        messages.success(request, _("The target is saved."))
        return redirect("web:kpi-targets")
    return render(
        request,
        "web/kpi/targets.html",
        {"province": unit, "form": form, "rows": selectors.targets_of_province(unit.code)},
    )


urlpatterns: list[URLPattern] = [
    path("kpi/", province, name="kpi-province"),
    path("kpi/communes/<int:code>/", commune, name="kpi-commune"),
    path("kpi/communes/<int:code>/refresh/", commune_refresh, name="kpi-commune-refresh"),
    path("kpi/hamlets/<int:pk>/", hamlet, name="kpi-hamlet"),
    path("kpi/targets/", targets, name="kpi-targets"),
]
