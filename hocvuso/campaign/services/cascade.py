"""Writes on the mentor cascade "Người hướng dẫn - Người học" (plan 67 III.5.a and footnote 7: one mentor
guides 5 learners; once certified, each of them may guide 5 more).

Rules of `link_learner`, each refused with a translated `CascadeRefused`:
- the mentor guides at most HOCVUSO_MENTOR_CAP (default 5) learners who are not yet certified;
- a mentor who was guided here must be certified first (promotion only after certification); a first
  mentor — a digital ambassador, a community tech team member or someone never guided here — may guide;
- no cycle: the learner may not be the mentor or any of the mentor's own mentors up the chain;
- a learner has one active mentor at a time (backed by a partial unique constraint).

`generation` of a link is the mentor's generation + 1: a first mentor is generation 0, the learner
they guide generation 1, who (once certified) guides generation 2, and so on.

Certification reaches the cascade through hocvuso.assessment.hooks.on_attempt_passed (registered in
CampaignConfig.ready): a passed certification test sets `certified_at` on the learner's active link.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hocvuso.accounts.constants import AuditAction
from hocvuso.accounts.models import User
from hocvuso.accounts.services import audit
from hocvuso.campaign.constants import DEFAULT_MENTOR_CAP
from hocvuso.campaign.models import Ambassador, MentorLink, TeamMember
from hocvuso.people.models import Person

if TYPE_CHECKING:
    from hocvuso.assessment.models import Attempt

CERTIFICATION = "certification"  # assessment TestKind.CERTIFICATION, read with getattr (see below)


class CascadeRefused(ValueError):
    """A link the cascade rules refuse; the message (translated) says why."""


def mentor_cap() -> int:
    return int(getattr(settings, "HOCVUSO_MENTOR_CAP", DEFAULT_MENTOR_CAP))


def is_first_generation(person: Person) -> bool:
    """An active ambassador or team member mentors from the start, whatever their own learning."""
    return (
        Ambassador.objects.filter(person=person, until__isnull=True).exists()
        or TeamMember.objects.filter(person=person, left_on__isnull=True).exists()
    )


def mentor_generation(person: Person) -> int | None:
    """The generation `person` mentors at, or None when they may not mentor yet.

    Certified here: the generation of that link. Guided here but not certified: None, unless they are
    an ambassador or team member (then 0). Never guided here: 0."""
    links = MentorLink.objects.filter(learner=person)
    certified = links.filter(certified_at__isnull=False).order_by("-certified_at").first()
    if certified is not None:
        return certified.generation
    if links.exists() and not is_first_generation(person):
        return None
    return 0


def ancestors(person: Person) -> set[int]:
    """Ids of the people above `person` in the cascade: whoever guided them, whoever guided those, ...

    A link counts while active or once certified (an ended link without certificate guided nobody);
    every such link is followed, so a past certified mentor stays an ancestor after a change of mentor."""
    found: set[int] = set()
    frontier = {person.pk}
    while frontier:
        mentors = set(
            MentorLink.objects.filter(learner_id__in=frontier)
            .exclude(ended_at__isnull=False, certified_at__isnull=True)
            .values_list("mentor_id", flat=True)
        )
        frontier = mentors - found - {person.pk}
        found |= frontier
    return found


def active_uncertified_count(mentor: Person) -> int:
    return MentorLink.objects.filter(mentor=mentor, ended_at__isnull=True, certified_at__isnull=True).count()


@transaction.atomic
def link_learner(mentor: Person, learner: Person, by: User | None, *, now: datetime | None = None) -> MentorLink:
    """Make `mentor` the mentor of `learner`, if the cascade rules allow it (module docstring)."""
    now = now or timezone.now()
    # One mentor at a time: lock their row so two links made at once cannot both pass the cap.
    Person.objects.select_for_update().filter(pk=mentor.pk).first()
    if mentor.pk == learner.pk:
        raise CascadeRefused(_("A person cannot be their own mentor."))
    if MentorLink.objects.filter(learner=learner, ended_at__isnull=True).exists():
        raise CascadeRefused(_("This learner already has a mentor. End that link first."))
    generation = mentor_generation(mentor)
    if generation is None:
        raise CascadeRefused(
            _("This mentor was guided here and is not certified yet: they may guide others once certified.")
        )
    if learner.pk in ancestors(mentor):
        raise CascadeRefused(_("This learner guided this mentor (directly or further up): that would make a circle."))
    cap = mentor_cap()
    if active_uncertified_count(mentor) >= cap:
        raise CascadeRefused(
            ngettext(
                "This mentor already guides %(cap)d learner who is not certified yet.",
                "This mentor already guides %(cap)d learners who are not certified yet.",
                cap,
            )
            % {"cap": cap}
        )
    try:
        with transaction.atomic():
            link = MentorLink.objects.create(
                mentor=mentor, learner=learner, generation=generation + 1, linked_at=now, linked_by=by
            )
    except IntegrityError as exc:
        raise CascadeRefused(_("This learner already has a mentor. End that link first.")) from exc
    audit(
        by,
        AuditAction.LINK_MENTOR,
        object_type="mentor_link",
        object_id=link.pk,
        details={"mentor": mentor.pk, "learner": learner.pk, "generation": link.generation},
    )
    return link


@transaction.atomic
def end_link(link: MentorLink, by: User | None, reason: str = "", *, now: datetime | None = None) -> MentorLink:
    """End a link (the learner moved, stopped, or changes mentor); kept as history."""
    link = MentorLink.objects.select_for_update().get(pk=link.pk)
    if link.ended_at is not None:
        raise CascadeRefused(_("This link has already ended."))
    link.ended_at = now or timezone.now()
    link.end_reason = " ".join(reason.split())[:100]
    link.save(update_fields=["ended_at", "end_reason"])
    audit(
        by,
        AuditAction.END_MENTOR_LINK,
        object_type="mentor_link",
        object_id=link.pk,
        details={"reason": link.end_reason},
    )
    return link


def record_certification(learner: Person, at: datetime) -> MentorLink | None:
    """Mark the learner's active link certified (the first certificate counts); None without one."""
    with transaction.atomic():
        link = (
            MentorLink.objects.select_for_update()
            .filter(learner=learner, ended_at__isnull=True, certified_at__isnull=True)
            .first()
        )
        if link is None:
            return None
        link.certified_at = at
        link.save(update_fields=["certified_at"])
    return link


def on_attempt_passed(attempt: Attempt) -> None:
    """hocvuso.assessment.hooks callback: a passed certification test certifies the learner's link.

    Module quizzes and placement tests do not certify. `kind` is read with getattr so that a test
    definition without kinds counts as a certification test."""
    if getattr(attempt.definition, "kind", CERTIFICATION) != CERTIFICATION:
        return
    learner = Person.objects.filter(user_id=attempt.user_id).first()
    if learner is None:
        return
    record_certification(learner, attempt.submitted_at or timezone.now())
