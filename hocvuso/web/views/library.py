"""The digital library (kho học liệu số, plan 67 III.3.a): open to everyone, edited by the province.

Anyone, signed in or not, may search and read published documents; the province administrator
adds and edits them (403 for other signed-in users, sign-in for visitors). An unpublished or
missing document answers 404 to everyone but the editors.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from hocvuso.accounts.models import User
from hocvuso.framework.models import Competency
from hocvuso.learning import permissions as perms
from hocvuso.learning.constants import CONTENT_LANGUAGES, DocumentKind
from hocvuso.learning.models import LibraryDocument
from hocvuso.learning.selectors import basic_framework_version, search_library
from hocvuso.learning.services import (
    LibraryDocumentData,
    LibraryError,
    create_library_document,
    update_library_document,
)
from hocvuso.web.views.registry import role_required

MAX_RESULTS = 100


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the library"), required=False, max_length=200)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    slug = forms.SlugField(
        label=_("Address"),
        max_length=100,
        help_text=_("Small letters without accents, digits and hyphens, e.g. huong-dan-vneid-muc-2."),
    )
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    language = forms.ChoiceField(label=_("Language"), choices=[(c, c) for c in CONTENT_LANGUAGES])
    publisher = forms.CharField(label=_("Publisher"), required=False, max_length=200)
    issued_on = forms.DateField(
        label=_("Issued on"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    keywords = forms.CharField(label=_("Keywords"), required=False, max_length=300)
    licence = forms.CharField(label=_("Licence"), required=False, max_length=100)
    url = forms.URLField(label=_("Link to the official original"), required=False, assume_scheme="https")
    body = forms.CharField(label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 12}))
    competencies = forms.ModelMultipleChoiceField(
        label=_("Competencies"), required=False, queryset=Competency.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    is_published = forms.BooleanField(label=_("Published (everyone can read it)"), required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        version = basic_framework_version()
        field = cast(forms.ModelMultipleChoiceField, self.fields["competencies"])
        field.queryset = Competency.objects.filter(version=version).order_by("domain__order", "order", "code")
        field.label_from_instance = lambda c: f"{c.code} {c.name}"  # type: ignore[method-assign,assignment]

    def data_for_service(self) -> LibraryDocumentData:
        d = self.cleaned_data
        return LibraryDocumentData(
            slug=d["slug"],
            title=d["title"],
            summary=d["summary"],
            kind=d["kind"],
            language=d["language"],
            publisher=d["publisher"],
            issued_on=d["issued_on"],
            keywords=d["keywords"],
            licence=d["licence"],
            url=d["url"],
            body=d["body"],
            is_published=d["is_published"],
            competencies=list(d["competencies"]),
        )


def _initial(doc: LibraryDocument) -> dict[str, Any]:
    fields = ("title", "slug", "summary", "kind", "language", "publisher", "issued_on", "keywords", "licence", "url")
    return {
        **{f: getattr(doc, f) for f in fields},
        "body": doc.body,
        "is_published": doc.is_published,
        "competencies": list(doc.competencies.all()),
    }


def library(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    documents = search_library(query, perms.library_visible_to(request.user), limit=MAX_RESULTS)
    return render(
        request,
        "web/library/list.html",
        {"form": form, "query": query, "documents": documents, "can_edit": perms.can_edit_content(request.user)},
    )


def document(request: HttpRequest, slug: str) -> HttpResponse:
    doc = perms.get_document_for(request.user, slug)
    return render(
        request,
        "web/library/document.html",
        {
            "doc": doc,
            "competencies": doc.competencies.order_by("code"),
            "paragraphs": [p.strip() for p in doc.body.split("\n\n") if p.strip()],
            "can_edit": perms.can_edit_content(request.user),
        },
    )


def _save(request: HttpRequest, form: DocumentForm, doc: LibraryDocument | None) -> LibraryDocument | None:
    user = cast(User, request.user)
    try:
        if doc is None:
            return create_library_document(user, form.data_for_service())
        return update_library_document(doc, user, form.data_for_service())
    except LibraryError as exc:
        for field, message in exc.errors.items():
            form.add_error(field if field in form.fields else None, message)
        return None


@role_required(perms.CONTENT_EDITORS)
@require_http_methods(["GET", "POST"])
def document_new(request: HttpRequest) -> HttpResponse:
    form = DocumentForm(request.POST or None, initial={"language": "vi", "is_published": True})
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, None)
        if saved is not None:
            messages.success(request, _("The document was added to the library."))
            return redirect("web:library-document", slug=saved.slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "web/library/edit.html", {"form": form, "doc": None}, status=status)


@role_required(perms.CONTENT_EDITORS)
@require_http_methods(["GET", "POST"])
def document_edit(request: HttpRequest, slug: str) -> HttpResponse:
    doc = perms.get_document_to_edit(request.user, slug)
    form = DocumentForm(request.POST or None, initial=_initial(doc))
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, doc)
        if saved is not None:
            messages.success(request, _("The document was saved."))
            return redirect("web:library-document", slug=saved.slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "web/library/edit.html", {"form": form, "doc": doc}, status=status)


urlpatterns: list[URLPattern] = [
    path("library/", library, name="library"),
    path("library/new/", document_new, name="library-new"),
    path("library/<slug:slug>/", document, name="library-document"),
    path("library/<slug:slug>/edit/", document_edit, name="library-edit"),
]
