"""Reads of administrative units."""

from __future__ import annotations

from django.db.models import QuerySet

from hocvuso.geo.models import Commune, Hamlet
from hocvuso.lib.text import hamlet_key


def campaign_communes() -> QuerySet[Commune]:
    return Commune.objects.filter(in_campaign_area=True).select_related("province").order_by("code")


def hamlets_by_key(commune_id: int) -> dict[str, Hamlet]:
    """The commune's hamlets keyed by their accent- and case-insensitive matching key."""
    return {h.name_folded: h for h in Hamlet.objects.filter(commune_id=commune_id)}


def find_hamlet(commune_id: int, name: str) -> Hamlet | None:
    return Hamlet.objects.filter(commune_id=commune_id, name_folded=hamlet_key(name)).first()
