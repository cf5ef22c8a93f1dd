from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from hocvuso.geo.constants import CommuneKind, HamletKind, ProvinceKind
from hocvuso.lib.text import fold, hamlet_key, nfc


class Province(models.Model):
    code = models.PositiveIntegerField(_("code"), primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=ProvinceKind.choices)
    codename = models.CharField(max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.name


class Commune(models.Model):
    """A commune, ward or special zone (cấp xã) with its official code."""

    code = models.PositiveIntegerField(_("code"), primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    name_folded = models.CharField(max_length=100, db_index=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=CommuneKind.choices)
    codename = models.CharField(max_length=100)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="communes")
    in_campaign_area = models.BooleanField(_("in the campaign area"), default=False, db_index=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name = nfc(self.name)
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Hamlet(models.Model):
    """Ấp, khóm or tổ dân phố: one commune's subdivision, created by officers or imported."""

    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="hamlets")
    name = models.CharField(_("name"), max_length=100)
    name_folded = models.CharField(max_length=100, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=HamletKind.choices, default=HamletKind.HAMLET)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["commune_id", "name_folded"]
        verbose_name = _("hamlet")
        verbose_name_plural = _("hamlets")
        constraints = [
            # Names are matched ignoring case and accents, so they must be unique that way too.
            models.UniqueConstraint(fields=["commune", "name_folded"], name="hamlet_unique_name_in_commune"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name = nfc(self.name)
        self.name_folded = hamlet_key(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]
