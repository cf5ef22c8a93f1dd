"""The campaign pages of teams, the cascade and the programmes, used as an officer or a mentor would."""

from __future__ import annotations

from django.urls import reverse

from hocvuso.accounts.constants import RoleKind
from hocvuso.accounts.models import Role
from hocvuso.accounts.services import create_user
from hocvuso.campaign.models import CommunityTechTeam, MentorLink
from hocvuso.campaign.services.cascade import link_learner, record_certification
from hocvuso.campaign.services.teams import add_support_person
from hocvuso.people.constants import VNeIDLevel
from hocvuso.people.models import Person
from tests import factories
from tests.personas import Personas
from tests.web.helpers import client_for


def test_an_officer_creates_a_team_and_adds_a_member_who_gets_the_role(personas: Personas) -> None:
    p = personas
    client = client_for(p.officer_a)
    response = client.post(
        reverse("web:campaign-team-new", args=[p.commune_a.code]),
        {"name": "Tổ CNS Khóm 2", "hamlets": [p.hamlet_a2.pk, p.hamlet_b1.pk]},
    )
    team = CommunityTechTeam.objects.get(name="Tổ CNS Khóm 2")
    assert response["Location"] == reverse("web:campaign-team", args=[team.pk])
    assert list(team.hamlets.all()) == [p.hamlet_a2]  # a hamlet of another commune is ignored
    person = factories.PersonFactory(hamlet=p.hamlet_a2, full_name="Kiên Văn Tổ")
    person.user = create_user(username="kien-to", password="x-x-x-x-x-x")
    person.save(update_fields=["user"])
    page = client.get(reverse("web:campaign-team", args=[team.pk]), {"q": "kien"})
    assert "Kiên Văn Tổ" in page.content.decode()
    client.post(reverse("web:campaign-team-member-add", args=[team.pk]), {"person": person.pk, "role": "leader"})
    assert Role.objects.filter(user=person.user, kind=RoleKind.TEAM_MEMBER, hamlet=p.hamlet_a2).exists()


def test_an_officer_cannot_add_a_resident_of_another_commune(personas: Personas) -> None:
    p = personas
    client = client_for(p.officer_a)
    client.post(reverse("web:campaign-team-new", args=[p.commune_a.code]), {"name": "Tổ 1"})
    team = CommunityTechTeam.objects.get(name="Tổ 1")
    response = client.post(reverse("web:campaign-team-member-add", args=[team.pk]), {"person": p.person_b.pk})
    assert response.status_code == 404


def test_the_province_page_lists_exactly_the_communes_without_a_support_person(personas: Personas) -> None:
    p = personas
    add_support_person(p.officer_a, p.commune_a, p.person_a, desk="Bộ phận một cửa")
    body = client_for(p.province_admin).get(reverse("web:campaign-without-support")).content.decode()
    assert p.commune_b.name in body
    assert f">{p.commune_a.name}<" not in body
    own = client_for(p.officer_a).get(reverse("web:campaign-without-support")).content.decode()
    assert "Every commune has a support person." in own


def test_a_mentor_links_a_learner_from_their_page_until_the_cap(personas: Personas, settings: object) -> None:
    p = personas
    settings.HOCVUSO_MENTOR_CAP = 1  # type: ignore[attr-defined]
    me = factories.PersonFactory(hamlet=p.hamlet_a1, user=p.mentor_a)
    client = client_for(p.mentor_a)
    page = client.get(reverse("web:campaign-mentor"), {"q": "hung"})
    assert p.person_a.full_name in page.content.decode()
    client.post(reverse("web:campaign-mentor-link"), {"learner": p.person_a.pk})
    assert MentorLink.objects.get(learner=p.person_a).mentor == me
    other = factories.PersonFactory(hamlet=p.hamlet_a1)
    response = client.post(reverse("web:campaign-mentor-link"), {"learner": other.pk}, follow=True)
    assert "already guides 1 learner who" in response.content.decode()
    assert not MentorLink.objects.filter(learner=other).exists()
    # a person of another hamlet is not the mentor's to link
    assert client.post(reverse("web:campaign-mentor-link"), {"learner": p.person_a2.pk}).status_code == 404


def test_the_cascade_page_nests_generations_without_javascript(personas: Personas) -> None:
    p = personas
    root = factories.PersonFactory(hamlet=p.hamlet_a1, full_name="Người Gốc")
    link_learner(root, p.person_a, None)
    record_certification(p.person_a, p.person_a.created_at)
    link_learner(p.person_a, p.person_a2, None)
    body = client_for(p.officer_a).get(reverse("web:campaign-cascade", args=[p.commune_a.code])).content.decode()
    assert body.index("Người Gốc") < body.index(p.person_a.full_name) < body.index(p.person_a2.full_name)
    assert "generation 2" in body
    # team_member_a works in hamlet A1: sees the A1 learner, not the A2 one
    mine = client_for(p.team_member_a).get(reverse("web:campaign-cascade", args=[p.commune_a.code])).content.decode()
    assert p.person_a.full_name in mine
    assert p.person_a2.full_name not in mine


def test_the_hamlet_page_lists_the_people_without_vneid_level_2(personas: Personas) -> None:
    p = personas
    Person.objects.filter(pk=p.person_a.pk).update(vneid_level=VNeIDLevel.LEVEL_2)
    without = factories.PersonFactory(hamlet=p.hamlet_a1, full_name="Chưa Có Định Danh", birth_year=1970)
    body = client_for(p.team_member_a).get(
        reverse("web:campaign-programme-hamlet", args=[p.hamlet_a1.pk]), {"missing": "vneid"}
    )
    text = body.content.decode()
    assert without.full_name in text
    assert p.person_a.full_name not in text.split('id="without"')[1].split("</section>")[0]
    client_for(p.team_member_a).post(
        reverse("web:campaign-household-guide", args=[p.household_a.pk]), {"person": p.person_a.pk}
    )
    assert p.household_a.digital_guide.person == p.person_a
