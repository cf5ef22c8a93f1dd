"""After any sequence of events, each refreshed by the same path as in production, the count rows equal
a full recount; communes sum to the province and hamlets to their commune (additive indicators)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hocvuso.certificates.constants import VNeIDStatus
from hocvuso.certificates.models import Certificate, VNeIDConfirmation
from hocvuso.kpi import indicators, services
from hocvuso.kpi.constants import Level
from hocvuso.kpi.models import UnitCount
from hocvuso.people.models import Person
from tests import factories
from tests.kpi import certificate
from tests.personas import Personas

EVENTS = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.integers(0, 2), st.sampled_from([1950, 1980, 2010, 2011, 2018])),
        st.tuples(st.just("issue"), st.integers(0, 30), st.booleans()),
        st.tuples(st.just("revoke"), st.integers(0, 30), st.just(0)),
        st.tuples(st.just("vneid"), st.integers(0, 30), st.integers(0, 2)),
        st.tuples(st.just("confirm"), st.integers(0, 30), st.just(0)),
        st.tuples(st.just("move"), st.integers(0, 30), st.integers(0, 2)),
    ),
    max_size=12,
)


def _rows() -> dict[tuple[str, str, int], tuple[int, int]]:
    day = services.today()
    return {(r.indicator, r.level, r.unit_id): (r.numerator, r.denominator) for r in UnitCount.objects.filter(day=day)}


def _apply(p: Personas, event: tuple[str, int, Any]) -> None:
    kind, index, arg = event
    hamlets = [p.hamlet_a1, p.hamlet_a2, p.hamlet_b1]
    people = list(Person.objects.order_by("pk"))
    person = people[index % len(people)]
    if kind == "add":
        added = factories.PersonFactory(hamlet=hamlets[index % 3], birth_year=arg)
        services.refresh_commune(added.commune_id)  # the fill job (people changes have no hook yet)
    elif kind == "issue":
        if not Certificate.objects.filter(person=person, revoked_at__isnull=True).exists():
            services.on_certificate_changed(certificate(person, vneid_confirmed=bool(arg)))
    elif kind == "revoke":
        cert = Certificate.objects.filter(person=person, revoked_at__isnull=True).first()
        if cert is not None:
            Certificate.objects.filter(pk=cert.pk).update(revoked_at=cert.issued_at)
            services.on_certificate_changed(cert)
    elif kind == "vneid":
        Person.objects.filter(pk=person.pk).update(vneid_level=arg)
        services.refresh_commune(person.commune_id)
    elif kind == "confirm":
        VNeIDConfirmation.objects.filter(certificate__person=person).update(status=VNeIDStatus.CONFIRMED)
        services.refresh_commune(person.commune_id)
    elif kind == "move":
        before = person.commune_id
        person.hamlet = hamlets[arg]
        person.commune_id = hamlets[arg].commune_id
        person.save(update_fields=["hamlet", "commune"])
        for code in {before, person.commune_id}:
            services.refresh_commune(code)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(events=EVENTS)
def test_counts_after_any_events_equal_a_full_recount(personas: Personas, events: list[Any]) -> None:
    p = personas
    with transaction.atomic():
        for code in (p.commune_a.code, p.commune_b.code):
            services.refresh_commune(code)
        for event in events:
            _apply(p, event)
        kept = _rows()
        UnitCount.objects.all().delete()
        for code in (p.commune_a.code, p.commune_b.code):
            services.refresh_commune(code)
        recount = _rows()
        assert kept == recount

        for indicator in indicators.INDICATORS:
            if not indicator.has_data:
                continue
            slug = indicator.slug
            a, b = recount[(slug, Level.COMMUNE, p.commune_a.code)], recount[(slug, Level.COMMUNE, p.commune_b.code)]
            assert recount[(slug, Level.PROVINCE, p.province.code)] == (a[0] + b[0], a[1] + b[1]), slug
            if indicator.additive and Level.HAMLET in indicator.levels:
                sums: dict[int, list[int]] = defaultdict(lambda: [0, 0])
                for hamlet in (p.hamlet_a1, p.hamlet_a2, p.hamlet_b1):
                    n, d = recount.get((slug, Level.HAMLET, hamlet.pk), (0, 0))
                    sums[hamlet.commune_id][0] += n
                    sums[hamlet.commune_id][1] += d
                for code in (p.commune_a.code, p.commune_b.code):
                    assert tuple(sums[code]) == recount[(slug, Level.COMMUNE, code)], (slug, code)
        transaction.set_rollback(True)
