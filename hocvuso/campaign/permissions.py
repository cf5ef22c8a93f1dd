"""Who may see and run which campaign work — decided here once, used by every view and API operation.

- Managers (province administrator; commune officer of the commune) run the commune's campaign:
  teams, ambassadors, volunteers, support people, the session calendar, events and wifi points.
- Field workers (managers, plus community tech team members and mentors, on the hamlets of their
  roles) work door to door, record visits and attendance, and guide learners.
- A team member or mentor sees only the hamlets their roles are on (roles apply downward).
- Session times and places and wifi points are public information (no personal data): anyone may
  read a commune's calendar; attendance and visits are not public.

Access functions answer 404 both for missing rows and for rows outside the user's units.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from hocvuso.accounts import permissions as acc
from hocvuso.accounts.constants import RoleKind
from hocvuso.accounts.models import User
from hocvuso.campaign.models import CommunitySession, CommunityTechTeam, MentorLink, Visit
from hocvuso.geo.models import Commune, Hamlet
from hocvuso.people.models import Household, Person

MANAGERS = (RoleKind.PROVINCE_ADMIN, RoleKind.COMMUNE_OFFICER)
FIELD_WORKERS = (RoleKind.PROVINCE_ADMIN, RoleKind.COMMUNE_OFFICER, RoleKind.TEAM_MEMBER, RoleKind.MENTOR)


def _unit_q(scope: acc.Scope, *, commune: str = "commune", hamlet: str | None = "hamlet") -> Q:
    q = Q(pk__in=[])
    if scope.province_codes:
        q |= Q(**{f"{commune}__province_id__in": scope.province_codes})
    if scope.commune_codes:
        q |= Q(**{f"{commune}_id__in": scope.commune_codes})
    if scope.hamlet_ids and hamlet:
        q |= Q(**{f"{hamlet}_id__in": scope.hamlet_ids})
    return q


def is_manager(user: User | object) -> bool:
    return acc.has_role(user, MANAGERS)


def is_field_worker(user: User | object) -> bool:
    return acc.has_role(user, FIELD_WORKERS)


def communes_managed_by(user: User | object) -> QuerySet[Commune]:
    """Communes whose campaign `user` runs (province administrator: every commune of the campaign area)."""
    scope = acc.scope_for(user, MANAGERS)
    return Commune.objects.filter(
        Q(code__in=scope.commune_codes) | Q(province_id__in=scope.province_codes, in_campaign_area=True)
    )


def can_manage_commune(user: User | object, commune: Commune) -> bool:
    return acc.scope_for(user, MANAGERS).covers_commune(commune.code, commune.province_id)


def hamlets_worked_by(user: User | object) -> QuerySet[Hamlet]:
    """Hamlets where `user` works door to door: the hamlets of their field roles, and every hamlet of
    the communes (or the province) they manage."""
    scope = acc.scope_for(user, FIELD_WORKERS)
    q = (
        Q(pk__in=scope.hamlet_ids)
        | Q(commune_id__in=scope.commune_codes)
        | Q(commune__province_id__in=scope.province_codes, commune__in_campaign_area=True)
    )
    return Hamlet.objects.filter(q)


def can_work_in_hamlet(user: User | object, hamlet: Hamlet) -> bool:
    return acc.scope_for(user, FIELD_WORKERS).covers_hamlet(hamlet.pk, hamlet.commune_id, hamlet.commune.province_id)


def households_worked_by(user: User | object) -> QuerySet[Household]:
    return Household.objects.filter(_unit_q(acc.scope_for(user, FIELD_WORKERS)))


def people_worked_with_by(user: User | object) -> QuerySet[Person]:
    """People of the hamlets (or communes) where `user` is a field worker."""
    return Person.objects.filter(_unit_q(acc.scope_for(user, FIELD_WORKERS)))


def teams_visible_to(user: User | object) -> QuerySet[CommunityTechTeam]:
    """Managers see the teams of their communes; team members and mentors the teams covering one of
    their hamlets."""
    scope = acc.scope_for(user, FIELD_WORKERS)
    q = _unit_q(scope, hamlet=None)
    if scope.hamlet_ids:
        q |= Q(hamlets__id__in=scope.hamlet_ids)
    return CommunityTechTeam.objects.filter(q).distinct()


def visits_visible_to(user: User | object) -> QuerySet[Visit]:
    return Visit.objects.filter(_unit_q(acc.scope_for(user, FIELD_WORKERS)))


def sessions_run_by(user: User | object) -> QuerySet[CommunitySession]:
    """Sessions whose attendance `user` may record: field workers of the session's hamlet or commune."""
    return CommunitySession.objects.filter(_unit_q(acc.scope_for(user, FIELD_WORKERS)))


def mentor_links_visible_to(user: User | object) -> QuerySet[MentorLink]:
    """Links of learners in the user's field units, and a mentor's own links wherever they are."""
    q = _unit_q(acc.scope_for(user, FIELD_WORKERS), commune="learner__commune", hamlet="learner__hamlet")
    if isinstance(user, User) and user.is_authenticated:
        q |= Q(mentor__user_id=user.pk) | Q(learner__user_id=user.pk)
    return MentorLink.objects.filter(q)


def get_team_for(user: User | object, pk: int) -> CommunityTechTeam:
    team = teams_visible_to(user).select_related("commune").filter(pk=pk).first()
    if team is None:
        raise Http404
    return team


def get_visit_for(user: User | object, pk: int) -> Visit:
    visit = visits_visible_to(user).select_related("household", "hamlet", "commune").filter(pk=pk).first()
    if visit is None:
        raise Http404
    return visit


def get_household_to_visit(user: User | object, pk: int) -> Household:
    household = households_worked_by(user).select_related("commune", "hamlet").filter(pk=pk).first()
    if household is None:
        raise Http404
    return household


def get_session_to_run(user: User | object, pk: int) -> CommunitySession:
    session = sessions_run_by(user).select_related("commune", "hamlet").filter(pk=pk).first()
    if session is None:
        raise Http404
    return session


def get_managed_commune(user: User | object, code: int) -> Commune:
    commune = communes_managed_by(user).filter(code=code).first()
    if commune is None:
        raise Http404
    return commune
