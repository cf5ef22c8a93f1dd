from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hocvuso.framework.constants import MappingStrength, RuleGroup, VersionStatus


class Framework(models.Model):
    """A named framework (e.g. Decision 757 basic skills). Its content lives in versions."""

    slug = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    # {"km": "...", "en": "..."}; Vietnamese is `name`.
    name_translations = models.JSONField(default=dict, blank=True)
    source = models.CharField(_("legal source"), max_length=300, blank=True, default="")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")

    def __str__(self) -> str:
        return self.name


class FrameworkVersion(models.Model):
    """One immutable-once-published edition of a framework. At most one draft per framework."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    notes = models.TextField(_("notes"), blank=True, default="")  # uncertainties about official details
    content_hash = models.CharField(max_length=64, blank=True, default="")  # of the data file it was loaded from
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["framework", "-number"]
        verbose_name = _("framework version")
        verbose_name_plural = _("framework versions")
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="framework_version_number"),
            models.UniqueConstraint(
                fields=["framework"], condition=Q(status=VersionStatus.DRAFT), name="framework_one_draft"
            ),
            models.UniqueConstraint(
                fields=["framework"], condition=Q(status=VersionStatus.PUBLISHED), name="framework_one_published"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.framework.slug} v{self.number}"


class ProficiencyLevel(models.Model):
    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="levels")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=120)
    name_translations = models.JSONField(default=dict, blank=True)
    description = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["version", "number"]
        constraints = [models.UniqueConstraint(fields=["version", "number"], name="level_number_per_version")]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class Domain(models.Model):
    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="domains")
    code = models.CharField(max_length=20)
    name = models.CharField(max_length=200)
    name_translations = models.JSONField(default=dict, blank=True)
    description = models.TextField(blank=True, default="")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["version", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="domain_code_per_version")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Competency(models.Model):
    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="competencies")
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="competencies")
    code = models.CharField(max_length=20)  # stable across versions, e.g. "CB-2.1"
    name = models.CharField(max_length=200)
    name_translations = models.JSONField(default=dict, blank=True)
    description = models.TextField(blank=True, default="")
    order = models.PositiveSmallIntegerField(default=0)
    # What the data file declares this competency covers in other frameworks:
    # {"digcomp-2.2": {"2.6": "partial", "4.2": "full"}}. CompetencyMapping rows are resolved from it
    # against the published version of each named framework (services.resolve_mappings).
    maps_to = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["version", "domain__order", "order", "code"]
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="competency_code_per_version")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class GroupRule(models.Model):
    """What a person of one rule group must reach to count as "đạt phổ cập kỹ năng số"."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="rules")
    group = models.CharField(_("group"), max_length=30, choices=RuleGroup.choices)
    description = models.TextField(blank=True, default="")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["version", "group"], name="rule_group_per_version")]

    def __str__(self) -> str:
        return f"{self.version} {self.group}"


class RuleRequirement(models.Model):
    rule = models.ForeignKey(GroupRule, on_delete=models.CASCADE, related_name="requirements")
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="+")
    min_level = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["rule", "competency"], name="requirement_once_per_rule")]

    def __str__(self) -> str:
        return f"{self.competency.code} >= {self.min_level}"


class CompetencyMapping(models.Model):
    """A competency of one framework version covers (part of) a competency of another, e.g. to DigComp."""

    source = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="mappings_out")
    target = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="mappings_in")
    strength = models.CharField(max_length=10, choices=MappingStrength.choices, default=MappingStrength.PARTIAL)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "target"], name="mapping_once")]

    def __str__(self) -> str:
        return f"{self.source.code} -> {self.target.code}"
