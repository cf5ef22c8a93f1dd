"""Sign-up (issue 3 §3): one answer whatever is on file, and a CCCD alone never hands over a record."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from hocvuso.accounts.constants import AuditAction, RoleKind
from hocvuso.accounts.models import AuditEvent, Role, User
from hocvuso.accounts.services import create_user, grant_role
from hocvuso.lib import cccd
from hocvuso.people.models import Person
from hocvuso.people.signup import SIGN_UP_LIMIT, sign_ups_waiting_for
from tests import factories
from tests.clients import english_client
from tests.personas import PASSWORD, Personas
from tests.web.helpers import client_for

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "hoc-vu-so-2025"
UNKNOWN_CCCD = cccd.make("084", "F", 1975, 909090)


@pytest.fixture
def hoa(personas: Personas) -> Person:
    """Trần Thị Hoa of hamlet A1 (mentor_a's hamlet): in the roster with a birth date, no account."""
    return factories.PersonFactory(
        hamlet=personas.hamlet_a1,
        full_name="Trần Thị Hoa",
        sex="F",
        birth_year=1975,
        birth_date=date(1975, 3, 8),
    )


def _form(personas: Personas, phone: str, **changes: str) -> dict[str, Any]:
    data = {
        "full_name": "tran thi hoa",
        "birth": "08/03/1975",
        "phone": phone,
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "commune": str(personas.commune_a.code),
        "hamlet": str(personas.hamlet_a1.pk),
        "national_id": "",
    }
    data.update(changes)
    return data


def _sign_up(data: dict[str, Any], ip: str = "203.0.113.9") -> tuple[Client, Any]:
    client = english_client()
    response = client.post(reverse("web:signup"), data, REMOTE_ADDR=ip, follow=True)
    return client, response


def _answer(response: Any) -> tuple[int, list[tuple[str, int]], list[str]]:
    return (
        response.status_code,
        response.redirect_chain,
        [str(m) for m in response.context["messages"]],
    )


def test_the_answer_is_the_same_whether_or_not_the_cccd_is_on_file(personas: Personas, hoa: Person) -> None:
    assert hoa.national_id is not None
    answers = []
    for n, national_id, name in (
        (1, hoa.national_id, "tran thi hoa"),  # matches a roster record
        (2, hoa.national_id, "Người Khác"),  # on file, other name
        (3, UNKNOWN_CCCD, "Trần Thị Hoa"),  # not on file
        (4, "", "Trần Thị Hoa"),  # no CCCD at all
    ):
        client, response = _sign_up(_form(personas, f"098765430{n}", national_id=national_id, full_name=name))
        status, chain, messages = _answer(response)
        answers.append((status, [(url, code) for url, code in chain], messages))
        page = response.content.decode()
        assert "will check your details with your CCCD card" in page
        assert client.session["_auth_user_id"]
    assert all(a == answers[0] for a in answers), answers
    assert answers[0][1] == [(reverse("web:learn"), 302)]


def test_matching_a_roster_record_links_the_account_pending_confirmation(personas: Personas, hoa: Person) -> None:
    client, _response = _sign_up(_form(personas, "0987654301", national_id=hoa.national_id or ""))
    user = User.objects.get(phone="0987654301")
    hoa.refresh_from_db()
    assert hoa.pending_user == user and hoa.user is None
    assert user.national_id is None  # no sign-in by CCCD before a helper has seen the card
    assert not Person.objects.filter(self_registered=True).exists()
    assert Role.objects.filter(user=user, kind=RoleKind.LEARNER, hamlet=personas.hamlet_a1).exists()
    # Learning starts at once, but the roster record stays hidden until confirmed.
    assert client.get(reverse("web:learn")).status_code == 200
    assert client.get(reverse("web:person", args=[hoa.pk])).status_code == 404
    event = AuditEvent.objects.get(action=AuditAction.SIGN_UP)
    assert event.details == {"user": user.pk, "outcome": "roster_record"} and event.object_id == str(hoa.pk)


def test_a_mentor_of_the_hamlet_confirms_and_the_person_then_signs_in_with_the_cccd(
    personas: Personas, hoa: Person
) -> None:
    _sign_up(_form(personas, "0987654301", national_id=hoa.national_id or ""))
    user = User.objects.get(phone="0987654301")
    mentor = client_for(personas.mentor_a)
    listing = mentor.get(reverse("web:signup-pending")).content.decode()
    assert "Trần Thị Hoa" in listing and hoa.masked_national_id in listing
    response = mentor.post(reverse("web:signup-confirm", args=[hoa.pk]))
    assert response.status_code == 302
    hoa.refresh_from_db()
    user.refresh_from_db()
    assert hoa.user == user and hoa.pending_user is None
    assert hoa.link_confirmed_by == personas.mentor_a and hoa.link_confirmed_at is not None
    assert user.national_id == hoa.national_id
    assert AuditEvent.objects.filter(
        action=AuditAction.CONFIRM_SIGN_UP, actor=personas.mentor_a, object_id=str(hoa.pk)
    ).exists()
    client = english_client()
    assert client.post("/login/", {"username": hoa.national_id, "password": NEW_PASSWORD}).status_code == 302
    assert client.get(reverse("web:person", args=[hoa.pk])).status_code == 200
    assert "Nobody is waiting." in mentor.get(reverse("web:signup-pending")).content.decode()


@pytest.mark.parametrize(("who", "status"), [("officer_b", 404), ("org_manager_a", 403), ("learner_a", 403)])
def test_nobody_outside_the_hamlet_can_confirm(personas: Personas, hoa: Person, who: str, status: int) -> None:
    _sign_up(_form(personas, "0987654301", national_id=hoa.national_id or ""))
    client = client_for(personas.users()[who])
    assert client.post(reverse("web:signup-confirm", args=[hoa.pk])).status_code == status
    hoa.refresh_from_db()
    assert hoa.user is None and hoa.pending_user is not None


def test_a_mentor_of_another_hamlet_neither_sees_nor_confirms(personas: Personas, hoa: Person) -> None:
    _sign_up(_form(personas, "0987654301", national_id=hoa.national_id or ""))
    other = create_user(username="mentor_a2", password=PASSWORD, full_name="Mentor A2", phone="0911000099")
    grant_role(other, RoleKind.MENTOR, unit=personas.hamlet_a2)
    client = client_for(other)
    assert "Trần Thị Hoa" not in client.get(reverse("web:signup-pending")).content.decode()
    assert client.post(reverse("web:signup-confirm", args=[hoa.pk])).status_code == 404
    assert not sign_ups_waiting_for(other).exists()
    assert list(sign_ups_waiting_for(personas.officer_a)) == [hoa]


def test_someone_not_on_file_becomes_a_self_registered_person_of_the_chosen_hamlet(
    personas: Personas, hoa: Person
) -> None:
    _sign_up(_form(personas, "0987654303", national_id=UNKNOWN_CCCD, hamlet=str(personas.hamlet_a2.pk)))
    user = User.objects.get(phone="0987654303")
    person = Person.objects.get(user=user)
    assert person.self_registered and person.hamlet == personas.hamlet_a2
    assert person.birth_date == date(1975, 3, 8) and person.phone == "0987654303"
    # The CCCD typed is kept aside until a helper has seen the card: nothing on the record yet.
    assert person.national_id is None and person.pending_national_id == UNKNOWN_CCCD
    assert not person.national_id_conflict
    officer = client_for(personas.officer_a)
    assert officer.post(reverse("web:signup-confirm", args=[person.pk])).status_code == 302
    person.refresh_from_db()
    user.refresh_from_db()
    assert person.national_id == UNKNOWN_CCCD and person.pending_national_id == ""
    assert user.national_id == UNKNOWN_CCCD


def test_a_cccd_already_on_file_is_not_stored_again_and_is_flagged(personas: Personas, hoa: Person) -> None:
    _sign_up(_form(personas, "0987654302", national_id=hoa.national_id or "", full_name="Người Khác"))
    person = Person.objects.get(user__phone="0987654302")
    assert person.self_registered and person.national_id is None and person.pending_national_id == ""
    assert person.national_id_conflict
    hoa.refresh_from_db()
    assert hoa.pending_user is None and hoa.user is None
    listing = client_for(personas.team_member_a).get(reverse("web:signup-pending")).content.decode()
    assert "belongs to another record" in listing


def test_a_record_already_waiting_cannot_be_taken_by_a_second_sign_up(personas: Personas, hoa: Person) -> None:
    _sign_up(_form(personas, "0987654301", national_id=hoa.national_id or ""))
    _sign_up(_form(personas, "0987654311", national_id=hoa.national_id or ""))
    hoa.refresh_from_db()
    assert hoa.pending_user == User.objects.get(phone="0987654301")
    second = Person.objects.get(user__phone="0987654311")
    assert second.national_id_conflict and second.national_id is None


def test_form_errors_name_the_field_and_create_nothing(personas: Personas, hoa: Person) -> None:
    users = User.objects.count()
    _client, response = _sign_up(_form(personas, "0987654301", birth="", password2="other-password-1"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "birth" in errors and "password2" in errors
    _client, response = _sign_up(_form(personas, "0987654301", hamlet=str(personas.hamlet_b1.pk)))
    assert "hamlet" in response.context["form"].errors
    _client, response = _sign_up(_form(personas, personas.learner_a.phone or ""))
    assert "phone" in response.context["form"].errors
    assert User.objects.count() == users


def test_sign_up_is_rate_limited_per_address(personas: Personas, hoa: Person) -> None:
    for n in range(SIGN_UP_LIMIT):
        _sign_up(_form(personas, f"09123{n:05d}", full_name=f"Người Số {n}"), ip="198.51.100.4")
    users = User.objects.count()
    _client, response = _sign_up(_form(personas, "0912399999", full_name="Người Cuối"), ip="198.51.100.4")
    assert response.status_code == 429
    assert "Too many sign-ups" in response.content.decode()
    assert User.objects.count() == users
    _client, response = _sign_up(_form(personas, "0912399999", full_name="Người Cuối"), ip="198.51.100.5")
    assert response.redirect_chain == [(reverse("web:learn"), 302)]


def test_without_javascript_the_hamlets_of_the_chosen_commune_are_shown(personas: Personas) -> None:
    client = english_client()
    page = client.post(
        reverse("web:signup"), {"commune": str(personas.commune_b.code), "full_name": "Lê Văn Tư", "show_hamlets": "1"}
    ).content.decode()
    assert "Ấp Phước Thiện" in page and "Khóm 1" not in page
    assert 'value="Lê Văn Tư"' in page
    assert not User.objects.filter(full_name="Lê Văn Tư").exists()
    htmx = client.get(reverse("web:signup"), {"commune": str(personas.commune_a.code)}).content.decode()
    assert "Khóm 1" in htmx and "Ấp Phước Thiện" not in htmx


def test_a_signed_in_user_is_sent_to_their_path(personas: Personas) -> None:
    response = client_for(personas.learner_a).get(reverse("web:signup"))
    assert response.status_code == 302 and response["Location"] == reverse("web:learn")
