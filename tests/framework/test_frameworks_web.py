"""The framework pages, and the province administrator's draft editor from start to publication."""

from __future__ import annotations

from django.urls import reverse

from hocvuso.accounts.models import AuditEvent
from hocvuso.framework import selectors
from hocvuso.framework.constants import BASIC_757, RuleGroup, VersionStatus
from hocvuso.framework.models import FrameworkVersion
from tests.web.helpers import client_for


def test_the_list_shows_each_framework_with_its_versions(personas, frameworks):
    response = client_for(personas.learner_a).get(reverse("web:frameworks"))
    assert response.status_code == 200
    html = response.content.decode()
    for version in frameworks.values():
        assert version.framework.name in html
        assert reverse("web:framework-version", args=[version.framework.slug, 1]) in html
    assert "(Basic digital knowledge and skills framework)" in html  # the English UI shows the English name
    assert reverse("web:framework-draft", args=[BASIC_757]) not in html  # not an editor


def test_a_version_page_shows_domains_competencies_levels_rules_and_mappings(personas, frameworks):
    response = client_for(personas.officer_a).get(reverse("web:framework", args=[BASIC_757]))
    html = response.content.decode()
    assert response.status_code == 200
    for text in ("CB-2.1", "Định danh điện tử VNeID (mức độ 2)", "Hướng dẫn được người khác", "digcomp-2.2 2.6"):
        assert text in html
    assert "VNeID electronic identification (level 2)" in html  # English UI shows the English name too
    assert "<caption>Citizens" in html


def test_the_comparison_page_shows_each_digcomp_competence(personas, frameworks):
    html = client_for(personas.mentor_a).get(reverse("web:framework-compare")).content.decode()
    assert "Managing digital identity" in html
    assert html.count('<th scope="row"') == 21
    assert "3.4" in html


def test_the_province_edits_a_draft_and_publishes_it(personas, frameworks):
    client = client_for(personas.province_admin)
    editor = reverse("web:framework-draft", args=[BASIC_757])
    edit = reverse("web:framework-draft-edit", args=[BASIC_757])

    assert "Start a draft" in client.get(editor).content.decode()
    assert client.post(editor).status_code == 302
    draft = selectors.draft_of(frameworks[BASIC_757].framework)
    assert draft is not None and draft.number == 2
    assert "CB-7.4" in client.get(editor).content.decode()

    client.post(edit, {"action": "competency", "code": "CB-3.1", "name": "Thanh toán bằng mã QR", "description": ""})
    client.post(edit, {"action": "add", "domain": "CB-8", "code": "CB-8.5", "name": "Truy xuất nguồn gốc nông sản"})
    rule = {f"level-{code}": str(level) for code, level in selectors.requirements_of(draft, RuleGroup.CITIZEN).items()}
    rule.update({"action": "rule", "group": RuleGroup.CITIZEN, "level-CB-6.1": "1", "level-CB-5.2": ""})
    response = client.post(edit, rule)
    assert response.status_code == 302 and response["Location"] == editor

    assert client.post(reverse("web:framework-publish", args=[BASIC_757])).status_code == 302
    published = selectors.published_version(BASIC_757)
    assert published is not None and published.pk == draft.pk
    assert selectors.competency_by_code(published, "CB-3.1").name == "Thanh toán bằng mã QR"
    assert selectors.competency_by_code(published, "CB-8.5") is not None
    citizen = selectors.requirements_of(published, RuleGroup.CITIZEN)
    assert citizen["CB-6.1"] == 1 and "CB-5.2" not in citizen
    old = FrameworkVersion.objects.get(pk=frameworks[BASIC_757].pk)
    assert old.status == VersionStatus.RETIRED
    assert selectors.competency_by_code(old, "CB-3.1").name.startswith("Thanh toán không dùng tiền mặt")
    actions = list(AuditEvent.objects.filter(actor=personas.province_admin).values_list("action", flat=True))
    assert actions.count("start_framework_draft") == 1 and actions.count("publish_framework") == 1


def test_a_wrong_edit_is_explained_and_changes_nothing(personas, frameworks):
    client = client_for(personas.province_admin)
    client.post(reverse("web:framework-draft", args=[BASIC_757]))
    draft = selectors.draft_of(frameworks[BASIC_757].framework)
    edit = reverse("web:framework-draft-edit", args=[BASIC_757])
    response = client.post(edit, {"action": "add", "domain": "CB-1", "code": "CB-1.1", "name": "Trùng"}, follow=True)
    assert "already used" in response.content.decode()
    response = client.post(edit, {"action": "rule", "group": "citizen", "level-CB-1.1": "7"}, follow=True)
    assert "Choose one of the framework" in response.content.decode()
    assert selectors.requirements_of(draft, RuleGroup.CITIZEN)["CB-1.1"] == 1
    response = client.post(edit, {"action": "add", "domain": "CB-1", "code": "", "name": ""})
    assert response.status_code == 400
    assert (
        client.post(reverse("web:framework-draft", args=[BASIC_757]), follow=True)
        .content.decode()
        .count("already has a draft")
    )


def test_a_draft_can_be_discarded(personas, frameworks):
    client = client_for(personas.province_admin)
    client.post(reverse("web:framework-draft", args=[BASIC_757]))
    assert client.post(reverse("web:framework-discard", args=[BASIC_757])).status_code == 302
    assert selectors.draft_of(frameworks[BASIC_757].framework) is None
    assert AuditEvent.objects.filter(action="discard_framework_draft").count() == 1


def test_every_signed_in_menu_links_to_the_frameworks(personas, frameworks):
    for user in (personas.learner_a, personas.outsider, personas.province_admin):
        page = client_for(user).get(reverse("web:home"), follow=True).content.decode()
        menu = page.split('aria-label="Main menu"', 1)[1].split("</nav>", 1)[0]
        assert f'href="{reverse("web:frameworks")}"' in menu
