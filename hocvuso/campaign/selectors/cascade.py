"""Reads of the mentor cascade: a mentor's learners with their progress, the tree of a commune, and the
figures (and, for the KPI forecast, `cascade_rates`).

Who is a mentor: a user holding the accounts role mentor, or whose person record guides learners here.
Who sees the tree of a commune: field workers of that commune (managers, and team members and mentors
of one of its hamlets), each seeing the links of learners in their units (and their own links).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from hocvuso.accounts import permissions as acc
from hocvuso.accounts.constants import RoleKind
from hocvuso.accounts.models import User
from hocvuso.campaign import permissions
from hocvuso.campaign.models import MentorLink
from hocvuso.geo.models import Commune
from hocvuso.learning.selectors import learner_path
from hocvuso.people.models import Person

WEEKS_OF_RATE = 8


def person_of(user: User | object) -> Person | None:
    if not isinstance(user, User) or not user.is_authenticated:
        return None
    return Person.objects.filter(user_id=user.pk).select_related("hamlet", "commune").first()


def is_mentor(user: User | object) -> bool:
    if acc.has_role(user, (RoleKind.MENTOR,)):
        return True
    return isinstance(user, User) and MentorLink.objects.filter(mentor__user_id=user.pk).exists()


def links_visible_to(user: User | object) -> QuerySet[MentorLink]:
    return permissions.mentor_links_visible_to(user).select_related(
        "mentor", "learner", "learner__hamlet", "learner__commune"
    )


def get_link_for(user: User | object, pk: int) -> MentorLink:
    link = links_visible_to(user).filter(pk=pk).first()
    if link is None:
        raise Http404
    return link


def can_end_link(user: User | object, link: MentorLink) -> bool:
    """The mentor themselves, or a field worker of the learner's hamlet or commune."""
    if isinstance(user, User) and link.mentor.user_id == user.pk:
        return True
    return permissions.people_worked_with_by(user).filter(pk=link.learner_id).exists()


def people_to_link(user: User | object) -> QuerySet[Person]:
    """Learners `user` may link: people of their field units without an active mentor."""
    busy = MentorLink.objects.filter(ended_at__isnull=True).values("learner_id")
    return permissions.people_worked_with_by(user).exclude(pk__in=busy)


def get_person_to_link(user: User | object, pk: int) -> Person:
    person = permissions.people_worked_with_by(user).filter(pk=pk).first()
    if person is None:
        raise Http404
    return person


@dataclass
class LearnerProgress:
    link: MentorLink
    has_account: bool
    lessons_completed: int
    lessons_total: int

    @property
    def certified(self) -> bool:
        return self.link.certified_at is not None

    @property
    def percent(self) -> int:
        return round(100 * self.lessons_completed / self.lessons_total) if self.lessons_total else 0


def learners_of(mentor: Person, *, include_ended: bool = False) -> list[LearnerProgress]:
    """A mentor's learners, newest first, with their lessons done on their path (learning selectors)."""
    links = MentorLink.objects.filter(mentor=mentor).select_related("learner__user", "learner__hamlet")
    if not include_ended:
        links = links.filter(ended_at__isnull=True)
    rows = []
    for link in links.order_by("-linked_at"):
        user = link.learner.user
        if user is None:
            rows.append(LearnerProgress(link, False, 0, 0))
            continue
        path = learner_path(user)
        rows.append(LearnerProgress(link, True, path.lessons_completed, path.lessons_total))
    return rows


# ---- The tree of a commune -----------------------------------------------------------------------------


@dataclass
class TreeNode:
    person: Person
    generation: int
    link: MentorLink | None = None  # the link that brought this person into the tree (None for a root)
    children: list[TreeNode] = field(default_factory=list)


def get_commune_for_cascade(user: User | object, code: int) -> Commune:
    """A commune where `user` is a field worker (manager, or team member/mentor of one of its hamlets)."""
    if not permissions.hamlets_worked_by(user).filter(commune_id=code).exists() and not (
        permissions.communes_managed_by(user).filter(code=code).exists()
    ):
        raise Http404
    commune = Commune.objects.filter(code=code).first()
    if commune is None:
        raise Http404
    return commune


def tree_links(user: User | object, commune: Commune) -> list[MentorLink]:
    """Links of the commune's learners that `user` may see, active or certified (an ended link without
    a certificate guided nobody)."""
    return list(
        links_visible_to(user)
        .filter(learner__commune_id=commune.code)
        .exclude(ended_at__isnull=False, certified_at__isnull=True)
        .order_by("generation", "linked_at")
    )


def build_tree(links: list[MentorLink]) -> list[TreeNode]:
    """Nested mentors and learners; a root is a mentor not guided by a link in `links`."""
    children: dict[int, list[MentorLink]] = defaultdict(list)
    learners = set()
    for link in links:
        children[link.mentor_id].append(link)
        learners.add(link.learner_id)
    roots: dict[int, TreeNode] = {}
    for link in links:
        if link.mentor_id not in learners and link.mentor_id not in roots:
            roots[link.mentor_id] = TreeNode(link.mentor, max(link.generation - 1, 0))

    def grow(node: TreeNode, seen: set[int]) -> None:
        for link in children.get(node.person.pk, []):
            if link.learner_id in seen:  # never loops, even on bad data
                continue
            child = TreeNode(link.learner, link.generation, link)
            node.children.append(child)
            grow(child, seen | {link.learner_id})

    for root in roots.values():
        grow(root, {root.person.pk})
    return list(roots.values())


# ---- Figures ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CascadeRates:
    """The cascade in figures, for the commune page and the KPI forecast (docs/campaign.md)."""

    mentors: int  # people with at least one link (any state)
    learners_guided: int  # distinct learners ever linked
    certified: int  # distinct learners certified while linked
    median_days_to_certificate: float | None  # link -> certificate, over certified links
    branching: float  # average active-or-certified learners per mentor who has any (target: 5)
    certified_per_week: list[int]  # certificates per week over the last 8 weeks, oldest week first


def cascade_rates(commune_code: int | None, since: date | None, *, now: datetime | None = None) -> CascadeRates:
    """Unscoped figures (aggregates only) for one commune (learners living there) or the whole area,
    over links made on or after `since` (all when None)."""
    now = now or timezone.now()
    links = MentorLink.objects.all()
    if commune_code is not None:
        links = links.filter(learner__commune_id=commune_code)
    if since is not None:
        links = links.filter(linked_at__date__gte=since)
    rows = list(links.values_list("mentor_id", "learner_id", "linked_at", "certified_at", "ended_at"))
    mentors = {r[0] for r in rows}
    learners = {r[1] for r in rows}
    certified_rows = [(r[1], r[2], r[3]) for r in rows if r[3] is not None]
    days = [(certified - linked).total_seconds() / 86400 for _learner, linked, certified in certified_rows]
    counting: dict[int, int] = defaultdict(int)
    for mentor_id, _l, _at, certified_at, ended_at in rows:
        if ended_at is None or certified_at is not None:
            counting[mentor_id] += 1
    branching = round(sum(counting.values()) / len(counting), 2) if counting else 0.0
    week_start = now - timedelta(weeks=WEEKS_OF_RATE)
    weeks = [0] * WEEKS_OF_RATE
    for _learner, _linked, certified in certified_rows:
        if week_start <= certified <= now:
            index = min(int((certified - week_start) / timedelta(weeks=1)), WEEKS_OF_RATE - 1)
            weeks[index] += 1
    return CascadeRates(
        mentors=len(mentors),
        learners_guided=len(learners),
        certified=len({learner for learner, _linked, _certified in certified_rows}),
        median_days_to_certificate=round(statistics.median(days), 1) if days else None,
        branching=branching,
        certified_per_week=weeks,
    )
