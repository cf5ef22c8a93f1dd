from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hocvuso.campaign.constants import (
    AttendanceMethod,
    EventKind,
    Livelihood,
    SessionStatus,
    TeamRole,
    VisitOutcome,
    WifiStatus,
)
from hocvuso.geo.models import Commune, Hamlet
from hocvuso.learning.models import Lesson
from hocvuso.people.models import Household, Organisation, Person

USER = settings.AUTH_USER_MODEL


def _checkin_token() -> str:
    return secrets.token_urlsafe(12)


# ---- 1. Teams and people who help (plan 67 III.5.a, III.5.đ, III.5.e) ---------------------------


class CommunityTechTeam(models.Model):
    """Tổ công nghệ số cộng đồng: one commune's team, covering some of its hamlets."""

    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="tech_teams")
    name = models.CharField(_("name"), max_length=150)
    hamlets = models.ManyToManyField(Hamlet, related_name="tech_teams", blank=True, verbose_name=_("hamlets covered"))
    established_on = models.DateField(_("established on"), null=True, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["commune_id", "name"]
        verbose_name = _("community tech team")
        verbose_name_plural = _("community tech teams")
        constraints = [models.UniqueConstraint(fields=["commune", "name"], name="team_name_unique_in_commune")]

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    """A person on a team. Access to the team's hamlets comes from an accounts Role (team_member on
    each hamlet covered), granted by the campaign services when the person has an account."""

    team = models.ForeignKey(CommunityTechTeam, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="team_memberships")
    role = models.CharField(_("role"), max_length=10, choices=TeamRole.choices, default=TeamRole.MEMBER)
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        ordering = ["team", "role", "person__name_folded"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "person"], condition=Q(left_on__isnull=True), name="team_member_once_while_active"
            ),
            models.UniqueConstraint(
                fields=["team"],
                condition=Q(left_on__isnull=True, role=TeamRole.LEADER),
                name="team_one_active_leader",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.team}"


class Ambassador(models.Model):
    """Đại sứ số: a digital ambassador of a commune (often also a mentor in the cascade)."""

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="ambassador")
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="ambassadors")
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True, default="")

    class Meta:
        ordering = ["commune_id", "person__name_folded"]
        verbose_name = _("digital ambassador")
        verbose_name_plural = _("digital ambassadors")

    def __str__(self) -> str:
        return str(self.person)


class VolunteerGroup(models.Model):
    """A youth volunteer group (plan 67 III.5.e, "Thanh niên chung tay phổ cập kỹ năng số"),
    usually from a university or college, assigned to hamlets for a period."""

    name = models.CharField(_("name"), max_length=150)
    school = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="volunteer_groups"
    )
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="volunteer_groups")
    hamlets = models.ManyToManyField(Hamlet, related_name="volunteer_groups", blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("youth volunteer group")
        verbose_name_plural = _("youth volunteer groups")
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="volunteer_dates")]

    def __str__(self) -> str:
        return self.name


class VolunteerMember(models.Model):
    group = models.ForeignKey(VolunteerGroup, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1, default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "person"], name="volunteer_member_once")]

    def __str__(self) -> str:
        return f"{self.person} @ {self.group}"


class SupportPerson(models.Model):
    """The person at the commune office who helps people with online public services (plan 67
    III.5.a: every commune has at least one; the province sees the communes that have none)."""

    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="support_people")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    desk = models.CharField(_("where to find them"), max_length=150, blank=True, default="")
    phone = models.CharField(_("phone"), max_length=11, blank=True, default="")
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["commune_id", "since"]
        verbose_name = _("public-service support person")
        verbose_name_plural = _("public-service support people")

    def __str__(self) -> str:
        return f"{self.person} ({self.commune_id})"


# ---- 2. Mentor cascade "Người hướng dẫn - Người học" (plan 67 footnote 7) ------------------------


class MentorLink(models.Model):
    """A mentor guiding a learner. A learner has at most one mentor at a time; a mentor at most
    HOCVUSO_MENTOR_CAP (default 5) learners not yet certified; `generation` is the mentor's
    generation + 1 (a first mentor, not guided by anyone here, is generation 0)."""

    mentor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="mentees")
    learner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="mentor_links")
    generation = models.PositiveSmallIntegerField(default=1)
    linked_at = models.DateTimeField(_("linked at"))
    linked_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    certified_at = models.DateTimeField(_("learner certified at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    end_reason = models.CharField(max_length=100, blank=True, default="")

    class Meta:
        ordering = ["-linked_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["learner"], condition=Q(ended_at__isnull=True), name="mentor_link_one_active_per_learner"
            ),
            models.CheckConstraint(condition=~Q(mentor=models.F("learner")), name="mentor_link_not_self"),
        ]
        indexes = [models.Index(fields=["mentor", "ended_at"], name="mentor_link_mentor_active")]

    def __str__(self) -> str:
        return f"{self.mentor_id} -> {self.learner_id}"


# ---- 3. Door to door ("đi từng ngõ, gõ từng nhà, hướng dẫn từng người") ---------------------------


class Visit(models.Model):
    """A visit to a household. `client_uuid` is made on the phone when the form is filled in, so a
    visit recorded offline and sent again after a lost connection is stored once."""

    client_uuid = models.UUIDField(default=uuid.uuid4, unique=True)
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="visits")
    hamlet = models.ForeignKey(Hamlet, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="+")
    visited_on = models.DateField(_("visited on"))
    visitor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="visits")
    companions = models.CharField(_("who else came"), max_length=255, blank=True, default="")
    people_met = models.ManyToManyField(Person, related_name="visits", blank=True)
    helped_with = models.JSONField(_("helped with"), default=list, blank=True)  # HelpTopic values
    outcome = models.CharField(_("outcome"), max_length=10, choices=VisitOutcome.choices)
    note = models.TextField(_("note"), blank=True, default="")
    follow_up_on = models.DateField(_("come back on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-visited_on", "-created_at"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        indexes = [
            models.Index(fields=["household", "visited_on"], name="visit_household_date"),
            models.Index(fields=["commune", "visited_on"], name="visit_commune_date"),
        ]

    def __str__(self) -> str:
        return f"{self.household_id} {self.visited_on}"


# ---- 4. Community learning (plan 67 III.4.d) ---------------------------------------------------------


class Holiday(models.Model):
    """A day without community sessions (public holidays, Tết, local events)."""

    date = models.DateField(unique=True)
    name = models.CharField(max_length=150)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class SessionSchedule(models.Model):
    """How a commune's weekly sessions rotate through its hamlets: weekday, time, length and the
    place per hamlet. `next_hamlet_index` carries the rotation from one generated period to the next."""

    commune = models.OneToOneField(Commune, on_delete=models.CASCADE, related_name="session_schedule")
    weekday = models.PositiveSmallIntegerField(_("weekday"), default=6)  # Monday 0 .. Sunday 6
    start_time = models.TimeField(_("start time"))
    minutes = models.PositiveSmallIntegerField(_("length (minutes)"), default=90)
    hamlet_order = models.JSONField(default=list, blank=True)  # hamlet ids in rotation order
    places = models.JSONField(default=dict, blank=True)  # {hamlet id: place}
    next_hamlet_index = models.PositiveIntegerField(default=0)
    generated_until = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(weekday__lte=6), name="schedule_weekday_valid")]

    def __str__(self) -> str:
        return f"{self.commune_id} weekday {self.weekday}"


class CommunitySession(models.Model):
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="community_sessions")
    hamlet = models.ForeignKey(Hamlet, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=255, blank=True, default="")
    topic = models.CharField(_("topic"), max_length=255, blank=True, default="")
    lessons = models.ManyToManyField(Lesson, related_name="+", blank=True)
    status = models.CharField(max_length=10, choices=SessionStatus.choices, default=SessionStatus.PLANNED)
    generated = models.BooleanField(default=False)  # made by the rotation generator (may be regenerated)
    checkin_token = models.CharField(max_length=32, default=_checkin_token, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("community session")
        verbose_name_plural = _("community sessions")
        indexes = [models.Index(fields=["commune", "starts_at"], name="session_commune_start")]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="session_times")]

    def __str__(self) -> str:
        return f"{self.commune_id} {self.starts_at:%Y-%m-%d}"


class Attendance(models.Model):
    """A person present at a session, counted once whichever way they were recorded."""

    session = models.ForeignKey(CommunitySession, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendance")
    method = models.CharField(max_length=10, choices=AttendanceMethod.choices)
    recorded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    checked_in_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="attendance_once_per_session")]

    def __str__(self) -> str:
        return f"{self.session_id} {self.person_id}"


class SessionRegistration(models.Model):
    """A person who said they will come to a session (signed up themselves or by a field worker);
    whether they came is Attendance."""

    session = models.ForeignKey(CommunitySession, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="session_registrations")
    registered_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    registered_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="registration_once_per_session")]

    def __str__(self) -> str:
        return f"{self.session_id} {self.person_id}"


class Event(models.Model):
    """E.g. "Ngày hội toàn dân học tập số" on 10 October each year (plan 67 III.1.c)."""

    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    name = models.CharField(_("name"), max_length=200)
    date = models.DateField(_("date"))
    commune = models.ForeignKey(  # null: a province-wide event
        Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    place = models.CharField(_("place"), max_length=255, blank=True, default="")
    results = models.TextField(_("results"), blank=True, default="")

    class Meta:
        ordering = ["-date"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return self.name


class EventParticipation(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "person"], name="event_participation_once")]

    def __str__(self) -> str:
        return f"{self.event_id} {self.person_id}"


class WifiPoint(models.Model):
    """A public wifi point (plan 67 III.4.e)."""

    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="wifi_points")
    hamlet = models.ForeignKey(Hamlet, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    name = models.CharField(_("name"), max_length=150)
    address = models.CharField(_("address"), max_length=255, blank=True, default="")
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=WifiStatus.choices, default=WifiStatus.WORKING)
    provider = models.CharField(_("provider"), max_length=100, blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["commune_id", "name"]
        verbose_name = _("public wifi point")
        verbose_name_plural = _("public wifi points")

    def __str__(self) -> str:
        return self.name


# ---- 5. Household and identity programmes (plan 67 III.5.b-d) -------------------------------------


class HouseholdGuide(models.Model):
    """ "Gia đình số": the member of a household who learned and guides the others."""

    household = models.OneToOneField(Household, on_delete=models.CASCADE, related_name="digital_guide")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    since = models.DateField()

    def __str__(self) -> str:
        return f"{self.household_id}: {self.person_id}"


class LivelihoodFlag(models.Model):
    """ "Chợ số - Nông thôn số" (4T): a trader or farmer the 4T course is meant for."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="livelihood")
    kind = models.CharField(_("kind"), max_length=10, choices=Livelihood.choices)
    market = models.CharField(_("market or cooperative"), max_length=150, blank=True, default="")
    flagged_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    flagged_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.person_id} {self.kind}"
