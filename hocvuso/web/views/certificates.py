"""Certificate pages (issue 4 §2, §4): the public verify page, my certificates with downloads, and the
staff pages (list, detail, revoke, re-issue, batches with a progress bar polled by htmx).

Access (tests/web/access_cases/certificates.py, certificates.permissions):
- /v/ and /v/<number>/: everyone, no sign-in; the state is read on every request (never cached), and
  only the masked name, level, framework and date are shown (noindex).
- My certificates: every signed-in user. Downloads: whoever may see the certificate.
- Staff pages: province administrator, commune officers, team members and mentors (read-only for the
  last two); revoke, re-issue and batches: the province administrator and the commune's officers.
  Other signed-in users get 403; a certificate or batch outside one's units answers 404.
"""

from __future__ import annotations

import json
from typing import Any, cast

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import HttpResponseClientRefresh

from hocvuso.accounts.models import User
from hocvuso.certificates import permissions, selectors, services
from hocvuso.certificates.constants import BatchStatus, RevocationReason
from hocvuso.certificates.models import Certificate, IssueBatch, VNeIDConfirmation
from hocvuso.geo.models import Commune, Hamlet
from hocvuso.learning.selectors import basic_framework_version
from hocvuso.lib.text import fold
from hocvuso.web.forms import CommuneChoiceField
from hocvuso.web.views.registry import role_required

PAGE_SIZE = 50
MAX_VERIFY_UPLOAD = 5 * 1024 * 1024
RUNNING = (BatchStatus.PENDING, BatchStatus.RUNNING)


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


def _public(response: HttpResponse) -> HttpResponse:
    """The verify pages: never cached (a revocation shows at once), never indexed."""
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def qr_data_uri(url: str) -> str:
    return str(segno.make(url, error="m").svg_data_uri(scale=4, border=2))


# Public verify pages ---------------------------------------------------------------------------


class VerifyUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Certificate file (PDF or credential JSON)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.json,application/pdf,application/json"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size is not None and upload.size > MAX_VERIFY_UPLOAD:
            raise forms.ValidationError(_("The file is larger than %(mb)d MB.") % {"mb": MAX_VERIFY_UPLOAD // 2**20})
        return upload


@require_http_methods(["GET", "HEAD", "POST"])
def verify_form(request: HttpRequest) -> HttpResponse:
    """Type a number (GET ?number=) or upload the PDF or credential file (POST) to check it."""
    number = (request.GET.get("number") or "").strip().upper()
    if number:
        return redirect("web:certificate-verify", number=number[:30])
    verdict = None
    status = 200
    if request.method == "POST":
        form = VerifyUploadForm(request.POST, request.FILES)
        if form.is_valid():
            from hocvuso.certificates import verification

            verdict = verification.verify_document(form.cleaned_data["file"].read())
        else:
            status = 400
    else:
        form = VerifyUploadForm()
    return _public(
        render(request, "web/certificates/verify_form.html", {"form": form, "verdict": verdict}, status=status)
    )


@require_safe
def verify(request: HttpRequest, number: str) -> HttpResponse:
    state = selectors.public_state(number)
    return _public(
        render(
            request,
            "web/certificates/verify.html",
            {"state": state, "number": number},
            status=200 if state is not None else 404,
        )
    )


# The holder's pages ------------------------------------------------------------------------------


@login_required
@require_safe
def my_certificates(request: HttpRequest) -> HttpResponse:
    rows = []
    for cert in permissions.my_certificates(request.user).select_related("version__framework").order_by("-issued_at"):
        url = selectors.verify_url(cert.number)
        rows.append({"cert": cert, "verify_url": url, "qr": qr_data_uri(url), "level": selectors.level_label(cert)})
    return _private(render(request, "web/certificates/mine.html", {"rows": rows}))


@login_required
@require_safe
def certificate_pdf(request: HttpRequest, number: str) -> HttpResponse:
    cert = permissions.get_certificate_for(request.user, number)
    response = HttpResponse(services.pdf_bytes(cert), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{cert.number}.pdf"'
    return _private(response)


@login_required
@require_safe
def certificate_credential(request: HttpRequest, number: str) -> HttpResponse:
    cert = permissions.get_certificate_for(request.user, number)
    body = json.dumps(cert.credential, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{cert.number}.json"'
    return _private(response)


# Staff pages -------------------------------------------------------------------------------------


class CertificateFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Number or name"), required=False, max_length=100)
    commune = CommuneChoiceField(
        queryset=Commune.objects.none(), label=gettext_lazy("Commune"), required=False, empty_label=gettext_lazy("All")
    )
    status = forms.ChoiceField(
        label=gettext_lazy("State"),
        required=False,
        choices=[("", gettext_lazy("All")), ("valid", gettext_lazy("valid")), ("revoked", gettext_lazy("revoked"))],
    )

    def __init__(self, *args: Any, communes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes  # type: ignore[attr-defined]


class RevokeForm(forms.Form):
    reason = forms.ChoiceField(
        label=gettext_lazy("Reason"),
        choices=[(v, label) for v, label in RevocationReason.choices if v != RevocationReason.REISSUED],
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Required when the reason is “other reason”."),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("I understand that the certificate stops being valid at once, for everyone."),
        required=True,
    )


class ReissueForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=2000)


@role_required(permissions.CERTIFICATE_READERS)
@require_safe
def staff_certificates(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    visible = permissions.certificates_visible_to(user)
    communes = Commune.objects.filter(code__in=visible.values("commune_id")).order_by("name_folded")
    form = CertificateFilterForm(request.GET or None, communes=communes)
    rows = visible.select_related("commune", "version__framework")
    if form.is_valid():
        text = form.cleaned_data["q"].strip()
        if text:
            rows = rows.filter(
                Q(number__iexact=text) | Q(number__icontains=text) | Q(person__name_folded__contains=fold(text))
            )
        if form.cleaned_data["commune"]:
            rows = rows.filter(commune=form.cleaned_data["commune"])
        if form.cleaned_data["status"] == "valid":
            rows = rows.filter(revoked_at__isnull=True)
        elif form.cleaned_data["status"] == "revoked":
            rows = rows.filter(revoked_at__isnull=False)
    page = Paginator(rows.order_by("-issued_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return _private(
        render(
            request,
            "web/certificates/staff_list.html",
            {
                "form": form,
                "page": page,
                "query": query.urlencode(),
                "can_batch": permissions.is_certificate_manager(user),
                "batches": permissions.batches_visible_to(user).select_related("commune")[:10],
            },
        )
    )


def _detail(request: HttpRequest, cert: Certificate, form: RevokeForm | None = None, status: int = 200) -> HttpResponse:
    user = _user(request)
    replaced_by = Certificate.objects.filter(replaces=cert).first()
    context = {
        "cert": cert,
        "replaced_by": replaced_by,
        "level": selectors.level_label(cert),
        "framework": selectors.framework_label(cert.version),
        "verify_url": selectors.verify_url(cert.number),
        "can_manage": permissions.can_manage_certificate(user, cert),
        "revoke_form": form or RevokeForm(),
        "vneid": VNeIDConfirmation.objects.filter(certificate=cert).first(),
    }
    return _private(render(request, "web/certificates/staff_detail.html", context, status=status))


@role_required(permissions.CERTIFICATE_READERS)
@require_safe
def staff_certificate(request: HttpRequest, number: str) -> HttpResponse:
    return _detail(request, permissions.get_certificate_for(request.user, number))


def _to_manage(request: HttpRequest, number: str) -> Certificate:
    cert = permissions.get_certificate_for(request.user, number)
    if not permissions.can_manage_certificate(request.user, cert):
        raise Http404
    return cert


@role_required(permissions.CERTIFICATE_MANAGERS)
@require_POST
def certificate_revoke(request: HttpRequest, number: str) -> HttpResponse:
    cert = _to_manage(request, number)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        return _detail(request, cert, form, status=400)
    try:
        services.revoke_certificate(cert, _user(request), form.cleaned_data["reason"], form.cleaned_data["note"])
    except services.CertificateRefused as exc:
        form.add_error("note", str(exc))
        return _detail(request, cert, form, status=400)
    messages.success(request, _("Certificate %(number)s is revoked.") % {"number": cert.number})
    return redirect("web:staff-certificate", number=cert.number)


@role_required(permissions.CERTIFICATE_MANAGERS)
@require_POST
def certificate_reissue(request: HttpRequest, number: str) -> HttpResponse:
    cert = _to_manage(request, number)
    form = ReissueForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        new = services.reissue_certificate(cert, _user(request), note)
    except services.CertificateRefused as exc:
        messages.error(request, str(exc))
        return redirect("web:staff-certificate", number=cert.number)
    messages.success(request, _("Certificate %(new)s replaces %(old)s.") % {"new": new.number, "old": cert.number})
    return redirect("web:staff-certificate", number=new.number)


class BatchForm(forms.Form):
    commune = CommuneChoiceField(queryset=Commune.objects.none(), label=gettext_lazy("Commune"), empty_label=None)
    hamlet = forms.ModelChoiceField(
        queryset=Hamlet.objects.none(),
        label=gettext_lazy("Hamlet (optional)"),
        required=False,
        empty_label=gettext_lazy("The whole commune"),
    )

    def __init__(self, *args: Any, communes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes.order_by("name_folded")  # type: ignore[attr-defined]
        self.fields["hamlet"].queryset = Hamlet.objects.filter(  # type: ignore[attr-defined]
            commune__in=communes
        ).order_by("name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        hamlet, commune = data.get("hamlet"), data.get("commune")
        if hamlet is not None and commune is not None and hamlet.commune_id != commune.code:
            self.add_error("hamlet", _("This hamlet is not in the commune."))
        return data


@role_required(permissions.CERTIFICATE_MANAGERS)
@require_http_methods(["GET", "HEAD", "POST"])
def batch_new(request: HttpRequest) -> HttpResponse:
    """GET with a commune shows how many people qualify; POST starts the batch."""
    user = _user(request)
    communes = permissions.communes_for_batches(user)
    version = basic_framework_version()
    posted = request.POST if request.method == "POST" else None
    code = (posted or request.GET).get("commune")
    if code not in (None, "") and not communes.filter(code=str(code) if str(code).isdigit() else -1).exists():
        raise Http404  # a commune the user does not manage: as for a URL
    form = BatchForm(posted or (request.GET if code else None), communes=communes)
    qualify = None
    if form.is_bound and form.is_valid() and version is not None:
        commune, hamlet = form.cleaned_data["commune"], form.cleaned_data["hamlet"]
        if posted is not None:
            batch = services.start_batch(user, commune, version, {"hamlet": hamlet.pk} if hamlet else {})
            return redirect("web:certificate-batch", pk=batch.pk)
        qualify = selectors.eligible_for_batch(commune, version, hamlet).count()
    status = 400 if posted is not None else 200
    return _private(
        render(
            request,
            "web/certificates/batch_new.html",
            {"form": form, "qualify": qualify, "version": version},
            status=status,
        )
    )


def _batch_context(batch: IssueBatch) -> dict[str, Any]:
    return {"batch": batch, "running": batch.status in RUNNING}


@role_required(permissions.CERTIFICATE_MANAGERS)
@require_safe
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = permissions.get_batch_for(request.user, pk)
    issued = batch.certificates.select_related("commune").order_by("pk")[:PAGE_SIZE]
    return _private(
        render(request, "web/certificates/batch.html", {**_batch_context(batch), "issued_certificates": issued})
    )


@role_required(permissions.CERTIFICATE_MANAGERS)
@require_safe
def batch_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The small fragment htmx polls; once the batch has finished the whole page is reloaded."""
    batch = permissions.get_batch_for(request.user, pk)
    if batch.status not in RUNNING and request.htmx:  # type: ignore[attr-defined]
        return HttpResponseClientRefresh()
    return _private(render(request, "web/certificates/_batch_progress.html", _batch_context(batch)))


urlpatterns: list[URLPattern] = [
    path("v/", verify_form, name="certificate-verify-form"),
    path("v/<str:number>/", verify, name="certificate-verify"),
    path("certificates/", my_certificates, name="my-certificates"),
    path("certificates/<str:number>/pdf", certificate_pdf, name="certificate-pdf"),
    path("certificates/<str:number>/credential.json", certificate_credential, name="certificate-credential"),
    path("staff/certificates/", staff_certificates, name="staff-certificates"),
    path("staff/certificates/batches/new/", batch_new, name="certificate-batch-new"),
    path("staff/certificates/batches/<int:pk>/", batch_detail, name="certificate-batch"),
    path("staff/certificates/batches/<int:pk>/progress/", batch_progress, name="certificate-batch-progress"),
    path("staff/certificates/<str:number>/", staff_certificate, name="staff-certificate"),
    path("staff/certificates/<str:number>/revoke/", certificate_revoke, name="certificate-revoke"),
    path("staff/certificates/<str:number>/reissue/", certificate_reissue, name="certificate-reissue"),
]
