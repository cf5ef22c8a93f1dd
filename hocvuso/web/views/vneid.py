"""VNeID confirmation pages (issue 4 §3, docs/vneid.md): where each certificate's recording on VNeID
stands, "send now", re-queue the failed ones, and the files offices upload by hand.

The province administrator sees every certificate; a commune officer those of their communes (the
certificate's commune at issue), for the list, the re-queue and the export alike. Other signed-in
users get 403, anonymous visitors the sign-in page.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from hocvuso.accounts.constants import AccessReason
from hocvuso.certificates import tasks, vneid
from hocvuso.certificates.constants import VNeIDStatus
from hocvuso.certificates.models import VNeIDConfirmation
from hocvuso.geo.models import Commune
from hocvuso.lib.jobs import enqueue
from hocvuso.people import permissions as perms
from hocvuso.web.views.registry import _int, _query_without, _user, role_required

PAGE_SIZE = 50
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}


def _communes(request: HttpRequest) -> QuerySet[Commune]:
    return perms.communes_managed_by(_user(request), vneid.VNEID_STAFF).order_by("name_folded")


def _commune_or_404(request: HttpRequest, raw: str | None) -> Commune | None:
    """The commune named in the request, which must be one of the user's: 404 otherwise, as for a URL."""
    if raw in (None, ""):
        return None
    code = _int(raw)
    commune = _communes(request).filter(code=code).first() if code else None
    if commune is None:
        raise Http404
    return commune


def _status(raw: str | None) -> str | None:
    return raw if raw in VNeIDStatus.values else None


def _scoped(request: HttpRequest, commune: Commune | None) -> QuerySet[VNeIDConfirmation]:
    qs = vneid.confirmations_visible_to(_user(request))
    return qs.filter(certificate__commune=commune) if commune is not None else qs


@role_required(vneid.VNEID_STAFF)
@require_GET
def vneid_list(request: HttpRequest) -> HttpResponse:
    commune = _commune_or_404(request, request.GET.get("commune"))
    status = _status(request.GET.get("status"))
    qs = _scoped(request, commune)
    counts = vneid.status_counts(qs)
    if status:
        qs = qs.filter(status=status)
    rows = qs.select_related("certificate", "certificate__commune").order_by("-certificate__issued_at", "-pk")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/vneid/list.html",
        {
            "page": page,
            "counts": [(value, label, counts[value]) for value, label in VNeIDStatus.choices],
            "total": sum(counts.values()),
            "status": status or "",
            "commune": commune,
            "communes": _communes(request),
            "sending_enabled": vneid.sending_enabled(),
            "page_query": _query_without(request, "page"),
            "statuses": VNeIDStatus.choices,
        },
    )


def _back(request: HttpRequest) -> HttpResponse:
    """Back to the list, on the commune the form was sent from."""
    target = reverse("web:vneid-list")
    code = _int(request.POST.get("commune"))
    return redirect(f"{target}?commune={code}" if code else target)


@role_required(vneid.VNEID_STAFF)
@require_POST
def vneid_send(request: HttpRequest) -> HttpResponse:
    """Start a send run at once instead of waiting for the scheduler. It sends whatever is due across
    the province, exactly what the next scheduled run would send."""
    if not vneid.sending_enabled():
        messages.warning(request, _("Sending to VNeID is turned off: export a file and upload it by hand."))
    else:
        enqueue(tasks.send_vneid)
        messages.success(request, _("Sending the queued certificates to VNeID has started."))
    return _back(request)


@role_required(vneid.VNEID_STAFF)
@require_POST
def vneid_requeue(request: HttpRequest) -> HttpResponse:
    """Queue again the failed (or, with status=not_sent, the never sent) confirmations in the user's
    units, of one commune, or one confirmation (`confirmation`)."""
    commune = _commune_or_404(request, request.POST.get("commune"))
    qs = _scoped(request, commune)
    one = request.POST.get("confirmation")
    if one:
        qs = qs.filter(pk=_int(one) or 0)
        if not qs.exists():
            raise Http404
    wanted = VNeIDStatus.NOT_SENT if request.POST.get("status") == VNeIDStatus.NOT_SENT else VNeIDStatus.FAILED
    n = vneid.queue(qs.filter(status=wanted), by=_user(request))
    messages.success(
        request, ngettext("%(n)d certificate queued for VNeID.", "%(n)d certificates queued for VNeID.", n) % {"n": n}
    )
    return _back(request)


@role_required(vneid.VNEID_STAFF)
@require_GET
def vneid_export(request: HttpRequest) -> HttpResponse:
    """A file to upload to VNeID by hand (audited; sets exported_at). Default: not sent and failed."""
    fmt = request.GET.get("format", "csv")
    if fmt not in vneid.EXPORT_FORMATS:
        fmt = "csv"
    commune = _commune_or_404(request, request.GET.get("commune"))
    status = _status(request.GET.get("status"))
    qs = _scoped(request, commune).filter(certificate__revoked_at__isnull=True)
    qs = qs.filter(status=status) if status else qs.filter(status__in=vneid.REQUEUEABLE)
    data, _count = vneid.export_batch(qs, fmt, by=_user(request), reason=AccessReason.REPORTING)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    unit = commune.codename if commune is not None else "all"
    response["Content-Disposition"] = f'attachment; filename="vneid-{unit}-{date.today():%Y%m%d}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response


urlpatterns: list[URLPattern] = [
    path("staff/vneid/", vneid_list, name="vneid-list"),
    path("staff/vneid/send/", vneid_send, name="vneid-send"),
    path("staff/vneid/requeue/", vneid_requeue, name="vneid-requeue"),
    path("staff/vneid/export/", vneid_export, name="vneid-export"),
]
