from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hocvuso.accounts.constants import AccessReason, AuditAction
from hocvuso.geo.models import Commune, Hamlet
from hocvuso.lib import ethnicity
from hocvuso.people.constants import Sex, VNeIDLevel
from hocvuso.people.selectors import PeopleFilters

ROSTER_EXTENSIONS = (".csv", ".xlsx")


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Phone number or CCCD number"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "inputmode": "text", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    error_messages = {
        "invalid_login": _("Wrong phone number/CCCD or password. Please check and try again."),
        "inactive": _("This account is disabled."),
    }


class _NewAccountFields(forms.Form):
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=20,
        help_text=_("It becomes the login name, together with the CCCD number."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=128,
        help_text=_("At least 8 characters, not only digits, not a common password."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def add_account_errors(self, errors: dict[str, str]) -> None:
        """Errors from people.services (phone, password or general) onto this form's fields."""
        for field, message in errors.items():
            target = {"password": "password1"}.get(field, field)
            self.add_error(target if target in self.fields else None, message)


class ClaimForm(_NewAccountFields):
    """A person in the roster creates their own account (issue 2 §4)."""

    national_id = forms.CharField(
        label=_("CCCD number"),
        max_length=20,
        help_text=_("The 12 digits on your citizen identity card."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric", "autofocus": True}),
    )
    full_name = forms.CharField(
        label=_("Full name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    birth = forms.CharField(
        label=_("Birth date"),
        max_length=20,
        help_text=_("dd/mm/yyyy, or only the year if you do not know the date."),
        widget=forms.TextInput(attrs={"autocomplete": "bday", "inputmode": "numeric"}),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    field_order = ["national_id", "full_name", "birth", "phone", "password1", "password2"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("The two passwords are not the same."))
        return data


class AssistedAccountForm(_NewAccountFields):
    """A helper creates the account of a person in their units; the person changes the password later."""

    password1 = forms.CharField(
        label=_("Initial password"),
        strip=False,
        max_length=128,
        help_text=_("Tell it to the person; at least 8 characters, not only digits."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class FindByCCCDForm(forms.Form):
    national_id = forms.CharField(
        label=_("CCCD number of the person you are helping"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )


class CommuneChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.code})"


class HamletChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} — {obj.commune.name}"


_YES_NO = [("", _("any")), ("yes", _("yes")), ("no", _("no"))]


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class PeopleFilterForm(forms.Form):
    """The search box and filters of the people list (GET)."""

    q = forms.CharField(
        label=_("Search by name, CCCD or phone number"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "placeholder": _("nguyen van hung")}),
    )
    commune = CommuneChoiceField(
        queryset=Commune.objects.none(), required=False, label=_("Commune or ward"), empty_label=_("any")
    )
    hamlet = HamletChoiceField(queryset=Hamlet.objects.none(), required=False, label=_("Hamlet"), empty_label=_("any"))
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=[("", _("any")), *Sex.choices])
    ethnicity = forms.ChoiceField(label=_("Ethnicity"), required=False, choices=[("", _("any")), *ethnicity.CHOICES])
    min_age = forms.IntegerField(label=_("Age from"), required=False, min_value=0, max_value=130)
    max_age = forms.IntegerField(label=_("Age up to"), required=False, min_value=0, max_value=130)
    vneid_level = forms.TypedChoiceField(
        label=_("VNeID level"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("any")), *VNeIDLevel.choices],
    )
    bank = forms.ChoiceField(label=_("Digital bank account"), required=False, choices=_YES_NO)
    disability = forms.ChoiceField(label=_("Has a disability"), required=False, choices=_YES_NO)

    def __init__(self, *args: Any, communes: QuerySet[Commune], hamlets: QuerySet[Hamlet], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes.order_by("name_folded")  # type: ignore[attr-defined]
        self.fields["hamlet"].queryset = hamlets.select_related("commune")  # type: ignore[attr-defined]
        # Live results while typing (htmx); the filters apply with the Search button, which reloads
        # the page so that the hamlet list follows the chosen commune.
        self.fields["q"].widget.attrs.update(
            {
                "hx-get": reverse("web:people"),
                "hx-trigger": "input changed delay:400ms, search",
                "hx-target": "#results",
                "hx-include": "closest form",
                "hx-push-url": "true",
            }
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lo, hi = data.get("min_age"), data.get("max_age")
        if lo is not None and hi is not None and lo > hi:
            self.add_error("max_age", _("“Age up to” must not be smaller than “Age from”."))
        return data

    def filters(self) -> PeopleFilters:
        data = self.cleaned_data
        commune = data.get("commune")
        hamlet = data.get("hamlet")
        return PeopleFilters(
            commune=commune.code if commune else None,
            hamlet=hamlet.pk if hamlet else None,
            sex=data.get("sex") or "",
            ethnicity=data.get("ethnicity") or "",
            vneid_level=data.get("vneid_level"),
            has_digital_bank_account=_yes_no(data.get("bank") or ""),
            min_age=data.get("min_age"),
            max_age=data.get("max_age"),
            disability=_yes_no(data.get("disability") or ""),
        )


POVERTY_CHOICES = [
    ("", _("any")),
    ("poor", _("poor households")),
    ("near_poor", _("near-poor households")),
    ("neither", _("neither poor nor near-poor")),
]


class HouseholdFilterForm(forms.Form):
    hamlet = HamletChoiceField(queryset=Hamlet.objects.none(), required=False, label=_("Hamlet"), empty_label=_("any"))
    poverty = forms.ChoiceField(label=_("Poverty status"), required=False, choices=POVERTY_CHOICES)

    def __init__(self, *args: Any, hamlets: QuerySet[Hamlet], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hamlet"].queryset = hamlets.select_related("commune")  # type: ignore[attr-defined]


class HamletForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the new hamlet"),
        max_length=100,
        help_text=_("For example “Ấp Phú Hòa”, “Khóm 3” or “Tổ dân phố 5”."),
    )


class ReasonForm(forms.Form):
    """Why a full record is opened or a roster exported (Decree 13/2023/NĐ-CP: purpose of processing)."""

    reason = forms.ChoiceField(
        label=_("Why do you need it?"),
        choices=[("", _("— choose a reason —")), *AccessReason.choices],
        error_messages={"required": _("Choose why you need the full ID number.")},
    )


class UploadRosterForm(forms.Form):
    commune = CommuneChoiceField(
        queryset=Commune.objects.none(),
        label=_("Commune or ward of the roster"),
        empty_label=None,
    )
    file = forms.FileField(
        label=_("Roster file (CSV or XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    create_hamlets = forms.BooleanField(
        label=_("Create hamlets that the commune does not have yet"),
        required=False,
        help_text=_("Without this, rows naming an unknown hamlet are rejected. The preview lists new hamlets first."),
    )

    def __init__(self, *args: Any, communes: QuerySet[Commune], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes.order_by("name_folded")  # type: ignore[attr-defined]

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        name = upload.name or ""
        if Path(name).suffix.lower() not in ROSTER_EXTENSIONS:
            raise forms.ValidationError(
                _(
                    "The file “%(name)s” is not a CSV or XLSX file. "
                    "Save the roster as .xlsx or .csv and upload it again."
                ),
                params={"name": name},
            )
        limit = settings.HOCVUSO_MAX_UPLOAD_BYTES
        if (upload.size or 0) > limit:
            raise forms.ValidationError(
                _("The file “%(name)s” is %(size)s; the largest file accepted is %(limit)s. Split the roster."),
                params={"name": name, "size": filesizeformat(upload.size or 0), "limit": filesizeformat(limit)},
            )
        return upload


class ExportRosterForm(forms.Form):
    commune = CommuneChoiceField(queryset=Commune.objects.none(), label=_("Commune or ward"), empty_label=None)
    hamlet = HamletChoiceField(
        queryset=Hamlet.objects.none(),
        required=False,
        label=_("Only this hamlet (optional)"),
        empty_label=_("the whole commune"),
    )
    reason = forms.ChoiceField(
        label=_("Why do you export the roster?"),
        choices=[("", _("— choose a reason —")), *AccessReason.choices],
        error_messages={"required": _("Choose why you export the roster.")},
    )

    def __init__(self, *args: Any, communes: QuerySet[Commune], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes.order_by("name_folded")  # type: ignore[attr-defined]
        self.fields["hamlet"].queryset = (  # type: ignore[attr-defined]
            Hamlet.objects.filter(commune__in=communes).select_related("commune").order_by("commune_id", "name_folded")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        commune, hamlet = data.get("commune"), data.get("hamlet")
        if commune is not None and hamlet is not None and hamlet.commune_id != commune.code:
            self.add_error(
                "hamlet",
                _("The hamlet “%(hamlet)s” is not in %(commune)s.") % {"hamlet": hamlet.name, "commune": commune.name},
            )
        return data


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False, choices=[("", _("any")), *AuditAction.choices])


class SignUpForm(ClaimForm):
    """Anyone of the campaign area signs up (issue 3 §3); the CCCD is optional and proves nothing alone."""

    national_id = forms.CharField(
        label=_("CCCD number (if you have one)"),
        max_length=20,
        required=False,
        help_text=_("The 12 digits on your citizen identity card. A mentor checks your card before it counts."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name", "autofocus": True}),
    )
    commune = CommuneChoiceField(
        queryset=Commune.objects.none(), label=_("Commune or ward where you live"), empty_label=_("— choose —")
    )
    hamlet = forms.ModelChoiceField(
        queryset=Hamlet.objects.none(),
        required=False,
        label=_("Hamlet (ấp, khóm)"),
        empty_label=_("— I do not know / not listed —"),
    )

    field_order = ["full_name", "birth", "phone", "password1", "password2", "commune", "hamlet", "national_id"]

    def __init__(self, *args: Any, communes: QuerySet[Commune], hamlets_url: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes.order_by("name_folded")  # type: ignore[attr-defined]
        if hamlets_url:
            # With JavaScript, choosing the commune reloads the hamlet list in place (htmx).
            self.fields["commune"].widget.attrs.update(
                {
                    "hx-get": hamlets_url,
                    "hx-trigger": "change",
                    "hx-target": "#hamlet-field",
                    "hx-select": "#hamlet-field",
                    "hx-swap": "outerHTML",
                }
            )
        code = self.data.get("commune") if self.is_bound else self.initial.get("commune")
        if code and str(code).isdigit():
            self.fields["hamlet"].queryset = Hamlet.objects.filter(commune_id=int(code)).order_by(  # type: ignore[attr-defined]
                "name_folded"
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        commune, hamlet = data.get("commune"), data.get("hamlet")
        if commune is not None and hamlet is not None and hamlet.commune_id != commune.code:
            self.add_error("hamlet", _("The hamlet is not in the chosen commune."))
        return data


class DisplayForm(forms.Form):
    """Larger text and high contrast (issue 3 §3), kept in cookies read by the server for the first paint."""

    text = forms.ChoiceField(required=False, choices=[("normal", _("normal text")), ("large", _("larger text"))])
    contrast = forms.ChoiceField(
        required=False, choices=[("normal", _("normal contrast")), ("high", _("high contrast"))]
    )
    next = forms.CharField(required=False, max_length=2000)
