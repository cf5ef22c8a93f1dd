from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hocvuso.geo.models import Commune, Hamlet
from hocvuso.lib.cccd import mask
from hocvuso.lib.text import fold, nfc
from hocvuso.people.constants import (
    ETHNICITY_CHOICES,
    Disability,
    ImportStatus,
    MembershipRole,
    OrganisationKind,
    SchoolLevel,
    Sex,
    VNeIDLevel,
)


class Household(models.Model):
    """A household (hộ) in a hamlet; `code` is the commune's household number when it has one."""

    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="households")
    hamlet = models.ForeignKey(Hamlet, on_delete=models.PROTECT, related_name="households", null=True, blank=True)
    code = models.CharField(_("household number"), max_length=40, blank=True, default="")
    address = models.CharField(_("address"), max_length=255, blank=True, default="")
    head = models.ForeignKey(
        "Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("head of household"),
    )
    is_poor = models.BooleanField(_("poor household"), default=False)
    is_near_poor = models.BooleanField(_("near-poor household"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "code"], condition=~Q(code=""), name="household_unique_code_in_commune"
            ),
            models.CheckConstraint(
                condition=~(Q(is_poor=True) & Q(is_near_poor=True)), name="household_poor_xor_near_poor"
            ),
        ]
        indexes = [models.Index(fields=["hamlet", "address"])]

    def __str__(self) -> str:
        return self.code or self.address or f"#{self.pk}"


class Person(models.Model):
    """A resident in the roster. Not a user: an account is made only when the person signs up."""

    full_name = models.CharField(_("full name"), max_length=150)
    name_folded = models.CharField(max_length=150, editable=False)
    given_folded = models.CharField(max_length=50, editable=False)
    national_id = models.CharField(_("personal ID number (CCCD)"), max_length=12, unique=True, null=True, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True, default="")
    ethnicity = models.CharField(_("ethnicity"), max_length=2, choices=ETHNICITY_CHOICES, blank=True, default="")
    phone = models.CharField(_("phone"), max_length=11, blank=True, default="", db_index=True)
    # No single-column indexes on commune and hamlet: (commune, name_folded) and (hamlet, name_folded)
    # start with them, and each index costs every insert of a large import.
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="people", db_index=False)
    hamlet = models.ForeignKey(
        Hamlet, on_delete=models.PROTECT, related_name="people", null=True, blank=True, db_index=False
    )
    household = models.ForeignKey(Household, on_delete=models.SET_NULL, related_name="members", null=True, blank=True)
    disability = models.CharField(_("disability"), max_length=20, choices=Disability.choices, blank=True, default="")
    vneid_level = models.PositiveSmallIntegerField(
        _("VNeID level"), choices=VNeIDLevel.choices, default=VNeIDLevel.NONE
    )
    has_digital_bank_account = models.BooleanField(_("has a digital bank account"), default=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="person"
    )
    # Sign-up (issue 3 §3, people/signup.py). A CCCD is not a secret: an account that signed up with
    # the CCCD, name and birth date of a record waits in `pending_user` until a mentor, team member or
    # officer of the hamlet confirms it; a person who added themselves is `self_registered`, with the
    # CCCD they typed kept aside in `pending_national_id` until a helper has seen the card.
    # db_default: the roster import and seed_demo insert people with raw SQL naming their own columns.
    self_registered = models.BooleanField(_("signed up by themselves"), default=False, db_default=False)
    pending_user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pending_person",
        verbose_name=_("account waiting for confirmation"),
    )
    pending_national_id = models.CharField(max_length=12, blank=True, default="", db_default="")
    national_id_conflict = models.BooleanField(
        _("typed a CCCD number that another record holds"), default=False, db_default=False
    )
    link_confirmed_at = models.DateTimeField(_("account confirmed at"), null=True, blank=True)
    link_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [
            models.Index(fields=["name_folded"], name="person_name_folded"),
            models.Index(fields=["commune", "name_folded"], name="person_commune_name"),
            models.Index(fields=["hamlet", "name_folded"], name="person_hamlet_name"),
            models.Index(fields=["commune", "birth_year"], name="person_commune_birth_year"),
            # "hung" / "van hung": the given name, then the tail of the folded name, in one index
            models.Index(fields=["given_folded", "name_folded"], name="person_given_name"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(vneid_level__in=[0, 1, 2]), name="person_vneid_level_valid"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: object, **kwargs: object) -> None:
        self.normalise()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def normalise(self) -> None:
        """NFC text and the derived search keys; bulk writers call this themselves."""
        self.full_name = nfc(self.full_name)
        self.name_folded = fold(self.full_name)
        self.given_folded = self.name_folded.rsplit(" ", 1)[-1][:50]
        if self.hamlet is not None and not self.commune_id:
            self.commune_id = self.hamlet.commune_id

    @property
    def masked_national_id(self) -> str:
        return mask(self.national_id)

    def age_on(self, on: date) -> int | None:
        if self.birth_date:
            d = self.birth_date
            return on.year - d.year - ((on.month, on.day) < (d.month, d.day))
        if self.birth_year:
            return on.year - self.birth_year
        return None


class Organisation(models.Model):
    """A state agency, public service unit, school, enterprise, cooperative or cooperative union."""

    name = models.CharField(_("name"), max_length=255)
    name_folded = models.CharField(max_length=255, editable=False, db_index=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    school_level = models.CharField(
        _("school level"), max_length=20, choices=SchoolLevel.choices, blank=True, default=""
    )
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="organisations")
    code = models.CharField(_("code"), max_length=40, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name_folded"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind=OrganisationKind.SCHOOL) & ~Q(school_level=""))
                | (~Q(kind=OrganisationKind.SCHOOL) & Q(school_level="")),
                name="organisation_school_level_only_for_schools",
            ),
            models.UniqueConstraint(fields=["commune", "name_folded"], name="organisation_unique_name_in_commune"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name = nfc(self.name)
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Membership(models.Model):
    """A person's place in an organisation: staff, worker, pupil or student (with a grade)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=MembershipRole.choices)
    grade = models.PositiveSmallIntegerField(_("grade / year"), null=True, blank=True)
    start_date = models.DateField(_("since"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["person", "organisation", "role"], name="membership_unique"),
        ]
        indexes = [models.Index(fields=["organisation", "role"])]

    def __str__(self) -> str:
        return f"{self.person} @ {self.organisation}"


class ImportJob(models.Model):
    """One roster file being previewed or imported; resumable from `rows_done` after a crash."""

    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="import_jobs")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    file = models.FileField(upload_to="imports/%Y/%m/")
    original_name = models.CharField(max_length=255)
    create_hamlets = models.BooleanField(default=False)
    dry_run = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=ImportStatus.choices, default=ImportStatus.PENDING)
    total_rows = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    new_hamlets = models.JSONField(default=list, blank=True)
    header_row = models.PositiveIntegerField(null=True, blank=True)
    columns = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 100 if self.status == ImportStatus.DONE else 0
        return min(100, round(100 * self.rows_done / self.total_rows))


class ImportRejection(models.Model):
    """A row the import refused, with its reason (Vietnamese, naming the column) and original cells."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="rejections")
    row_number = models.PositiveIntegerField()
    reason = models.TextField()
    values = models.JSONField(default=list)

    class Meta:
        ordering = ["job", "row_number"]
        constraints = [models.UniqueConstraint(fields=["job", "row_number"], name="import_rejection_unique_row")]

    def __str__(self) -> str:
        return f"{self.row_number}: {self.reason}"
