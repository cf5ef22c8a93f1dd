from django.db import models
from django.utils.translation import gettext_lazy as _

# Slugs of the frameworks shipped in framework/data/.
BASIC_757 = "basic-757"  # Decision 757/QĐ-BKHCN (29/04/2025), four groups
LEARNERS_TT02 = "learners-tt02"  # Circular 02/2025/TT-BGDĐT, pupils and students
DIGCOMP_22 = "digcomp-2.2"  # European DigComp 2.2, for comparison


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    RETIRED = "retired", _("replaced by a newer version")


class RuleGroup(models.TextChoices):
    """The groups a framework states a "đạt phổ cập" rule for (Decision 757/QĐ-BKHCN: four groups).

    Person target groups (people app) map onto these in learning.selectors.
    """

    CITIZEN = "citizen", _("citizens")
    PUBLIC_SECTOR_STAFF = "public_sector_staff", _("public-sector staff")
    PUPIL_STUDENT = "pupil_student", _("pupils and students")
    WORKER = "worker", _("workers of enterprises and cooperatives")


class MappingStrength(models.TextChoices):
    FULL = "full", _("covers it")
    PARTIAL = "partial", _("covers part of it")
