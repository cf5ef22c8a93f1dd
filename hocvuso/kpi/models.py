from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hocvuso.kpi.constants import Level
from hocvuso.kpi.indicators import CHOICES


class Target(models.Model):
    """The target of one indicator in one year: the province default (level province, no unit) or an
    override for one commune, hamlet or organisation. Percent, or the ratio for ratio indicators."""

    indicator = models.CharField(_("indicator"), max_length=40, choices=CHOICES)
    year = models.PositiveSmallIntegerField(_("year"))
    level = models.CharField(_("level"), max_length=12, choices=Level.choices, default=Level.PROVINCE)
    unit_id = models.PositiveBigIntegerField(_("unit"), null=True, blank=True)  # null: the province default
    value = models.DecimalField(_("target"), max_digits=7, decimal_places=2)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["indicator", "year", "level", "unit_id"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"], condition=Q(unit_id__isnull=True), name="kpi_target_one_default"
            ),
            models.UniqueConstraint(
                fields=["indicator", "year", "level", "unit_id"],
                condition=Q(unit_id__isnull=False),
                name="kpi_target_one_per_unit",
            ),
            models.CheckConstraint(
                condition=Q(unit_id__isnull=False) | Q(level=Level.PROVINCE), name="kpi_target_default_is_province"
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="kpi_target_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year} {self.level}:{self.unit_id or '*'} = {self.value}"


class UnitCount(models.Model):
    """A count table row: one indicator's numerator and denominator for one unit on one day.

    Written only by services.refresh_commune (idempotent upsert); the province row is the sum of its
    communes' rows. Dashboards, the API and exports read these rows, never the registry itself.
    """

    indicator = models.CharField(max_length=40, choices=CHOICES)
    level = models.CharField(max_length=12, choices=Level.choices)
    unit_id = models.PositiveBigIntegerField()  # province or commune code, hamlet or organisation id
    day = models.DateField()
    numerator = models.PositiveBigIntegerField(default=0)
    denominator = models.PositiveBigIntegerField(default=0)
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("indicator count")
        verbose_name_plural = _("indicator counts")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "level", "unit_id", "day"], name="kpi_unit_count_unique"),
        ]
        indexes = [models.Index(fields=["level", "unit_id", "day"], name="kpi_count_unit_day")]

    def __str__(self) -> str:
        return f"{self.indicator} {self.level}:{self.unit_id} {self.day} {self.numerator}/{self.denominator}"
