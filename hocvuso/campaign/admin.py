"""Back-office views of every campaign model. Changes made here bypass the services (no audit row, no
role sync for team members): use the campaign pages for day-to-day work."""

from django.contrib import admin

from hocvuso.campaign.models import (
    Ambassador,
    Attendance,
    CommunitySession,
    CommunityTechTeam,
    Event,
    EventParticipation,
    Holiday,
    HouseholdGuide,
    LivelihoodFlag,
    MentorLink,
    SessionSchedule,
    SupportPerson,
    TeamMember,
    Visit,
    VolunteerGroup,
    VolunteerMember,
    WifiPoint,
)


class TeamMemberInline(admin.TabularInline):
    model = TeamMember
    raw_id_fields = ["person"]
    extra = 0


@admin.register(CommunityTechTeam)
class CommunityTechTeamAdmin(admin.ModelAdmin):
    list_display = ["name", "commune", "is_active", "established_on"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    raw_id_fields = ["commune"]
    filter_horizontal = ["hamlets"]
    inlines = [TeamMemberInline]


@admin.register(Ambassador)
class AmbassadorAdmin(admin.ModelAdmin):
    list_display = ["person", "commune", "since", "until"]
    raw_id_fields = ["person", "commune"]


class VolunteerMemberInline(admin.TabularInline):
    model = VolunteerMember
    raw_id_fields = ["person"]
    extra = 0


@admin.register(VolunteerGroup)
class VolunteerGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "commune", "school", "starts_on", "ends_on"]
    raw_id_fields = ["commune", "school"]
    filter_horizontal = ["hamlets"]
    inlines = [VolunteerMemberInline]


@admin.register(SupportPerson)
class SupportPersonAdmin(admin.ModelAdmin):
    list_display = ["person", "commune", "desk", "since", "until"]
    raw_id_fields = ["person", "commune"]


@admin.register(MentorLink)
class MentorLinkAdmin(admin.ModelAdmin):
    list_display = ["mentor", "learner", "generation", "linked_at", "certified_at", "ended_at"]
    list_filter = ["generation"]
    raw_id_fields = ["mentor", "learner", "linked_by"]


@admin.register(Visit)
class VisitAdmin(admin.ModelAdmin):
    list_display = ["household", "commune", "visited_on", "visitor", "outcome"]
    list_filter = ["outcome"]
    raw_id_fields = ["household", "hamlet", "commune", "visitor", "people_met"]


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name"]


@admin.register(SessionSchedule)
class SessionScheduleAdmin(admin.ModelAdmin):
    list_display = ["commune", "weekday", "start_time", "minutes", "generated_until"]
    raw_id_fields = ["commune"]


@admin.register(CommunitySession)
class CommunitySessionAdmin(admin.ModelAdmin):
    list_display = ["commune", "hamlet", "starts_at", "status", "topic"]
    list_filter = ["status"]
    raw_id_fields = ["commune", "hamlet", "lessons"]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["session", "person", "method", "checked_in_at"]
    raw_id_fields = ["session", "person", "recorded_by"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "date", "commune"]
    list_filter = ["kind"]
    raw_id_fields = ["commune"]


@admin.register(EventParticipation)
class EventParticipationAdmin(admin.ModelAdmin):
    list_display = ["event", "person", "recorded_at"]
    raw_id_fields = ["event", "person"]


@admin.register(WifiPoint)
class WifiPointAdmin(admin.ModelAdmin):
    list_display = ["name", "commune", "status", "provider"]
    list_filter = ["status"]
    raw_id_fields = ["commune", "hamlet"]


@admin.register(HouseholdGuide)
class HouseholdGuideAdmin(admin.ModelAdmin):
    list_display = ["household", "person", "since"]
    raw_id_fields = ["household", "person"]


@admin.register(LivelihoodFlag)
class LivelihoodFlagAdmin(admin.ModelAdmin):
    list_display = ["person", "kind", "market", "flagged_at"]
    list_filter = ["kind"]
    raw_id_fields = ["person", "flagged_by"]
