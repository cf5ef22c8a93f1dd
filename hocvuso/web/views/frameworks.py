"""Frameworks: everyone signed in reads them; the province administrator edits a draft and publishes it.

Drafts are seen only by those who may edit them: to anyone else a draft's URL answers 404, like a
missing version. Starting, publishing and discarding a draft are written to the audit log.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hocvuso.accounts import permissions as acc
from hocvuso.accounts.constants import AuditAction, RoleKind
from hocvuso.accounts.services import audit
from hocvuso.framework import selectors, services
from hocvuso.framework.constants import RuleGroup, VersionStatus
from hocvuso.framework.models import Framework, FrameworkVersion
from hocvuso.web.views.registry import role_required

# Sở KH&CN owns the framework (plan 67 III.2.a): only the province administrator edits it.
FRAMEWORK_EDITORS = (RoleKind.PROVINCE_ADMIN,)
ANCHOR_RE = re.compile(r"^#[\w.-]{1,60}$")


class NotesForm(forms.Form):
    notes = forms.CharField(
        label=gettext_lazy("Notes: what is official, what is our wording, what is uncertain"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class NameForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput, max_length=20)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    description = forms.CharField(
        label=gettext_lazy("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AddCompetencyForm(forms.Form):
    domain = forms.ChoiceField(label=gettext_lazy("Domain"))
    code = forms.CharField(
        label=gettext_lazy("Code"), max_length=20, help_text=gettext_lazy("Unique in the framework, e.g. CB-7.7.")
    )
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    description = forms.CharField(
        label=gettext_lazy("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, domains: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["domain"].choices = domains  # type: ignore[attr-defined]


def _may_edit(request: HttpRequest) -> bool:
    return acc.has_role(request.user, FRAMEWORK_EDITORS)


def _framework_or_404(slug: str) -> Framework:
    framework = Framework.objects.filter(slug=slug).first()
    if framework is None:
        raise Http404
    return framework


def _draft_or_404(framework: Framework) -> FrameworkVersion:
    draft = selectors.draft_of(framework)
    if draft is None:
        raise Http404
    return draft


def _translate(objects: Any, lang: str) -> None:
    """Give each object `translated`: its name in the interface language, when that is not Vietnamese."""
    for obj in objects:
        obj.translated = "" if lang == "vi" else obj.name_translations.get(lang, "")


def _content_context(version: FrameworkVersion) -> dict[str, Any]:
    content = selectors.version_content(version)
    lang = (get_language() or "vi").split("-")[0]
    competencies = [c for d in content.domains for c in d.competencies.all()]
    _translate([*content.levels, *content.domains, *competencies], lang)
    for c in competencies:
        c.mapped = content.mappings.get(c.pk, [])  # type: ignore[attr-defined]
    level_names = {lv.number: lv.name for lv in content.levels}
    for rule in content.rules:
        for req in rule.requirements.all():
            req.level_name = level_names.get(req.min_level, "")  # type: ignore[attr-defined]
    return {
        "version": version,
        "framework": version.framework,
        "levels": content.levels,
        "domains": content.domains,
        "rules": content.rules,
        "competency_count": len(competencies),
    }


@login_required
def framework_list(request: HttpRequest) -> HttpResponse:
    may_edit = _may_edit(request)
    frameworks = list(selectors.frameworks_with_versions(include_drafts=may_edit))
    _translate(frameworks, (get_language() or "vi").split("-")[0])
    return render(request, "web/frameworks/list.html", {"frameworks": frameworks, "may_edit": may_edit})


@login_required
def framework_detail(request: HttpRequest, slug: str) -> HttpResponse:
    version = selectors.published_version(slug)
    if version is None:
        raise Http404
    return _render_version(request, version)


@login_required
def framework_version(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    version = selectors.version_by_number(slug, number, include_drafts=_may_edit(request))
    if version is None:
        raise Http404
    return _render_version(request, version)


def _render_version(request: HttpRequest, version: FrameworkVersion) -> HttpResponse:
    others = version.framework.versions.exclude(pk=version.pk)
    if not _may_edit(request):
        others = others.exclude(status=VersionStatus.DRAFT)
    context = _content_context(version)
    context.update({"other_versions": others, "may_edit": _may_edit(request)})
    return render(request, "web/frameworks/version.html", context)


@login_required
def framework_compare(request: HttpRequest) -> HttpResponse:
    data = selectors.comparison()
    lang = (get_language() or "vi").split("-")[0]
    _translate([row.target for row in data.rows], lang)
    rows = [(row.target, [row.by_framework[v.framework.slug] for v in data.frameworks]) for row in data.rows]
    uncovered = [(v, data.uncovered.get(v.framework.slug, [])) for v in data.frameworks]
    return render(
        request,
        "web/frameworks/compare.html",
        {"reference": data.reference, "columns": data.frameworks, "rows": rows, "uncovered": uncovered},
    )


# The province's draft -------------------------------------------------------------------------


def _editor_context(draft: FrameworkVersion, add_form: AddCompetencyForm | None = None) -> dict[str, Any]:
    context = _content_context(draft)
    domains = context["domains"]
    requirements: dict[str, dict[str, int]] = {g: {} for g in RuleGroup.values}
    for rule in context["rules"]:
        for req in rule.requirements.all():
            requirements[rule.group][req.competency.code] = req.min_level
    competencies = [c for d in domains for c in d.competencies.all()]
    groups = [
        (value, label, [(c, requirements[value].get(c.code)) for c in competencies])
        for value, label in RuleGroup.choices
    ]
    context.update(
        {
            "draft": draft,
            "notes_form": NotesForm(initial={"notes": draft.notes}),
            "add_form": add_form or AddCompetencyForm(domains=[(d.code, f"{d.code} {d.name}") for d in domains]),
            "groups": groups,
            "level_numbers": [lv.number for lv in context["levels"]],
        }
    )
    return context


@role_required(FRAMEWORK_EDITORS)
@require_http_methods(["GET", "POST"])
def framework_draft(request: HttpRequest, slug: str) -> HttpResponse:
    """GET: the draft editor (or a button to start one). POST: start a draft from the published version."""
    framework = _framework_or_404(slug)
    if request.method == "POST":
        try:
            started = services.start_draft(framework, request.user)
        except services.FrameworkError as exc:
            messages.error(request, str(exc))
        else:
            audit(
                request.user,  # type: ignore[arg-type]
                AuditAction.START_FRAMEWORK_DRAFT,
                object_type="framework_version",
                object_id=started.pk,
                details={"framework": framework.slug, "number": started.number},
                request=request,
            )
            messages.success(request, _("A draft was started from the published version."))
        return redirect("web:framework-draft", slug=framework.slug)
    draft = selectors.draft_of(framework)
    if draft is None:
        return render(
            request,
            "web/frameworks/draft.html",
            {"framework": framework, "draft": None, "published": selectors.published_version(framework.slug)},
        )
    return render(request, "web/frameworks/draft.html", _editor_context(draft))


def _level(value: str, numbers: list[int]) -> int | None:
    """A posted level: "" means not required; anything else must be a level of the framework."""
    if value == "":
        return None
    if value.isdigit() and int(value) in numbers:
        return int(value)
    raise services.FrameworkError(_("Choose one of the framework's levels."))


def _apply_edit(request: HttpRequest, draft: FrameworkVersion) -> AddCompetencyForm | None:
    """Carry out one posted change to the draft; returns an invalid add-form to show again, if any."""
    action = request.POST.get("action", "")
    if action == "notes":
        notes = NotesForm(request.POST)
        if notes.is_valid():
            services.edit_draft_notes(draft, notes.cleaned_data["notes"])
            messages.success(request, _("The notes were saved."))
        return None
    if action in ("domain", "competency"):
        form = NameForm(request.POST)
        if not form.is_valid():
            raise services.FrameworkError(_("Give a name of at most 200 characters."))
        edit = services.edit_domain if action == "domain" else services.edit_competency
        edit(
            draft,
            form.cleaned_data["code"],
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
        )
        messages.success(request, _("%(code)s was saved.") % {"code": form.cleaned_data["code"]})
        return None
    if action == "add":
        domains = [(d.code, d.code) for d in draft.domains.all()]
        add = AddCompetencyForm(request.POST, domains=domains)
        if not add.is_valid():
            return add
        competency = services.add_competency(
            draft,
            domain_code=add.cleaned_data["domain"],
            code=add.cleaned_data["code"],
            name=add.cleaned_data["name"],
            description=add.cleaned_data["description"],
        )
        messages.success(request, _("%(code)s was added.") % {"code": competency.code})
        return None
    if action == "remove":
        code = request.POST.get("code", "")
        services.remove_competency(draft, code)
        messages.success(request, _("%(code)s was removed from the draft.") % {"code": code})
        return None
    if action == "rule":
        group = request.POST.get("group", "")
        if group not in RuleGroup.values:
            raise services.FrameworkError(_("Unknown group."))
        numbers = list(draft.levels.values_list("number", flat=True))
        current = selectors.requirements_of(draft, group)
        for code in draft.competencies.values_list("code", flat=True):
            wanted = _level(request.POST.get(f"level-{code}", ""), numbers)
            if wanted != current.get(code):
                services.set_requirement(draft, group, code, wanted)
        messages.success(request, _("The rule for %(group)s was saved.") % {"group": RuleGroup(group).label})
        return None
    raise services.FrameworkError(_("Unknown change."))


@role_required(FRAMEWORK_EDITORS)
@require_POST
def framework_draft_edit(request: HttpRequest, slug: str) -> HttpResponse:
    draft = _draft_or_404(_framework_or_404(slug))
    try:
        invalid_add = _apply_edit(request, draft)
    except services.FrameworkError as exc:
        messages.error(request, str(exc))
        invalid_add = None
    if invalid_add is not None:
        return render(request, "web/frameworks/draft.html", _editor_context(draft, invalid_add), status=400)
    anchor = request.POST.get("anchor", "")
    return redirect(reverse("web:framework-draft", kwargs={"slug": slug}) + (anchor if ANCHOR_RE.match(anchor) else ""))


@role_required(FRAMEWORK_EDITORS)
@require_POST
def framework_publish(request: HttpRequest, slug: str) -> HttpResponse:
    framework = _framework_or_404(slug)
    draft = _draft_or_404(framework)
    version = services.publish_draft(draft, request.user)
    audit(
        request.user,  # type: ignore[arg-type]
        AuditAction.PUBLISH_FRAMEWORK,
        object_type="framework_version",
        object_id=version.pk,
        details={"framework": framework.slug, "number": version.number},
        request=request,
    )
    done = _("Version %(number)s is now in force; the earlier version is kept unchanged.")
    messages.success(request, done % {"number": version.number})
    return redirect("web:framework", slug=framework.slug)


@role_required(FRAMEWORK_EDITORS)
@require_POST
def framework_discard(request: HttpRequest, slug: str) -> HttpResponse:
    framework = _framework_or_404(slug)
    draft = _draft_or_404(framework)
    number = draft.number
    services.discard_draft(draft)
    audit(
        request.user,  # type: ignore[arg-type]
        AuditAction.DISCARD_FRAMEWORK_DRAFT,
        object_type="framework",
        object_id=framework.pk,
        details={"framework": framework.slug, "number": number},
        request=request,
    )
    messages.success(request, _("The draft was discarded."))
    return redirect("web:framework", slug=framework.slug)


urlpatterns: list[URLPattern] = [
    path("frameworks/", framework_list, name="frameworks"),
    path("frameworks/compare/", framework_compare, name="framework-compare"),
    path("frameworks/<str:slug>/", framework_detail, name="framework"),
    path("frameworks/<str:slug>/v<int:number>/", framework_version, name="framework-version"),
    path("frameworks/<str:slug>/draft/", framework_draft, name="framework-draft"),
    path("frameworks/<str:slug>/draft/edit/", framework_draft_edit, name="framework-draft-edit"),
    path("frameworks/<str:slug>/draft/publish/", framework_publish, name="framework-publish"),
    path("frameworks/<str:slug>/draft/discard/", framework_discard, name="framework-discard"),
]
