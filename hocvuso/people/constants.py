from django.db import models
from django.utils.translation import gettext_lazy as _

from hocvuso.lib import ethnicity

ETHNICITY_CHOICES = ethnicity.CHOICES
ELDERLY_AGE = 60  # Law on the Elderly 2009, art. 2
ADULT_AGE = 15  # plan 67 II: "người dân trong độ tuổi trưởng thành"; VNeID targets count from 16
VNEID_TARGET_AGE = 16  # plan 67 III.5: "100% công dân từ 16 tuổi trở lên có VNeID"


class Sex(models.TextChoices):
    MALE = "M", _("male")
    FEMALE = "F", _("female")


class VNeIDLevel(models.IntegerChoices):
    NONE = 0, _("no VNeID account")
    LEVEL_1 = 1, _("level 1")
    LEVEL_2 = 2, _("level 2")


class Disability(models.TextChoices):
    NONE = "", _("none")
    VISION = "vision", _("vision")
    HEARING = "hearing", _("hearing")
    MOBILITY = "mobility", _("mobility")
    INTELLECTUAL = "intellectual", _("intellectual")
    OTHER = "other", _("other")


class OrganisationKind(models.TextChoices):
    STATE_AGENCY = "state_agency", _("state agency")
    PUBLIC_SERVICE_UNIT = "public_service_unit", _("public service unit")
    SCHOOL = "school", _("school")
    ENTERPRISE = "enterprise", _("enterprise")
    COOPERATIVE = "cooperative", _("cooperative")
    COOPERATIVE_UNION = "cooperative_union", _("cooperative union")


class SchoolLevel(models.TextChoices):
    PRIMARY = "primary", _("primary")
    LOWER_SECONDARY = "lower_secondary", _("lower secondary")
    UPPER_SECONDARY = "upper_secondary", _("upper secondary")
    COLLEGE = "college", _("college")
    UNIVERSITY = "university", _("university")


class MembershipRole(models.TextChoices):
    CIVIL_SERVANT = "civil_servant", _("civil servant")
    PUBLIC_EMPLOYEE = "public_employee", _("public employee")
    WORKER = "worker", _("worker")
    PUPIL = "pupil", _("pupil")
    STUDENT = "student", _("student")


class TargetGroup(models.TextChoices):
    """Target groups of plan 67 section II, derived from age and memberships."""

    ADULT = "adult", _("adult")
    PUBLIC_SECTOR_STAFF = "public_sector_staff", _("public-sector staff")
    PRIMARY_PUPIL = "primary_pupil", _("primary pupil")
    SECONDARY_PUPIL = "secondary_pupil", _("secondary pupil")
    STUDENT = "student", _("college or university student")
    WORKER = "worker", _("worker of an enterprise or cooperative")
    ELDERLY = "elderly", _("elderly (60+)")


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("waiting")
    RUNNING = "running", _("running")
    PREVIEWED = "previewed", _("previewed")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")
