"""The learner's pages: my path per target group, courses, lessons in each language, completion."""

from __future__ import annotations

import gzip
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from hocvuso.learning.constants import ProgressStatus
from hocvuso.learning.models import LessonProgress
from hocvuso.people.constants import MembershipRole, OrganisationKind
from hocvuso.people.models import Membership, Organisation
from tests.clients import client_in
from tests.personas import Personas
from tests.web.helpers import client_for
from tests.web.learner_support import KM_TITLE, SmallCourse, build_small_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def small(personas: Personas) -> SmallCourse:
    return build_small_course()


def _lesson_url(slug: str) -> str:
    return reverse("web:learn-lesson", args=[slug])


def test_a_citizen_path_lists_the_citizen_competencies_and_the_first_lesson_next(
    personas: Personas, small: SmallCourse
) -> None:
    page = client_for(personas.learner_a).get(reverse("web:learn")).content.decode()
    assert "Using a smartphone" in page and "Spotting online scams" in page
    assert "Online public services" not in page  # asked of public-sector staff only
    next_section = page.split('id="next-h"')[1].split("</section>")[0]
    assert _lesson_url("t-phone-first-steps") in next_section
    assert "0 of 3 lessons finished (0%)" in page
    assert '<progress value="0" max="3"' in page


def test_a_civil_servant_path_also_asks_for_online_public_services(personas: Personas, small: SmallCourse) -> None:
    agency = Organisation.objects.create(
        name="UBND Phường Trà Vinh", kind=OrganisationKind.STATE_AGENCY, commune=personas.commune_a
    )
    Membership.objects.create(person=personas.person_a, organisation=agency, role=MembershipRole.CIVIL_SERVANT)
    page = client_for(personas.learner_a).get(reverse("web:learn")).content.decode()
    assert "Online public services" in page
    assert "0 of 4 lessons finished" in page


def test_finished_lessons_move_the_path_on_and_close_a_gap(personas: Personas, small: SmallCourse) -> None:
    client = client_for(personas.learner_a)
    for lesson in (small.phone, small.wifi):
        client.post(reverse("web:learn-lesson-complete", args=[lesson.slug]))
    page = client.get(reverse("web:learn")).content.decode()
    assert "2 of 3 lessons finished (67%)" in page
    next_section = page.split('id="next-h"')[1].split("</section>")[0]
    assert _lesson_url("t-fake-police-call") in next_section
    gaps = page.split('id="left-h"')[1].split("</section>")[0]
    assert "Spotting online scams" in gaps and "Using a smartphone" not in gaps
    assert "2 of 2 lessons finished" in page


def test_my_path_needs_sign_in(personas: Personas, small: SmallCourse) -> None:
    response = client_for(None).get(reverse("web:learn"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("web:login"))


def test_the_course_page_shows_modules_lessons_and_my_status_but_no_drafts(
    personas: Personas, small: SmallCourse
) -> None:
    client = client_for(personas.learner_a)
    client.post(reverse("web:learn-lesson-complete", args=[small.phone.slug]))
    client.get(_lesson_url(small.wifi.slug))  # opened: started
    page = client.get(reverse("web:learn-course", args=["test-basics"])).content.decode()
    assert "Điện thoại" in page and "An toàn" in page
    assert "Làm quen điện thoại" in page and "Cuộc gọi giả công an" in page
    assert "Bài nháp chưa xuất bản" not in page and "t-draft-only" not in page
    row = re.search(r"Làm quen điện thoại</a>(.*?)</li>", page, re.S)
    assert row is not None and "finished" in row.group(1)
    row = re.search(r"Kết nối Wi-Fi</a>(.*?)</li>", page, re.S)
    assert row is not None and "started" in row.group(1)
    assert "You have finished 1 of 4 lessons." in page


def test_a_draft_only_lesson_is_not_found(personas: Personas, small: SmallCourse) -> None:
    assert client_for(personas.province_admin).get(_lesson_url("t-draft-only")).status_code == 404
    assert client_for(None).get(_lesson_url("t-draft-only")).status_code == 404


def test_the_lesson_renders_every_block_type_with_bold_made_safe(personas: Personas, small: SmallCourse) -> None:
    page = client_for(None).get(_lesson_url(small.phone.slug)).content.decode()
    assert "<h2>Các bước</h2>" in page
    assert '<ol class="lesson-steps"><li>Mở điện thoại.</li><li>Chạm vào <strong>Cài đặt</strong>.</li>' in page
    assert '<ul class="lesson-bullets"><li>Một ý.</li>' in page
    assert "<strong>đậm</strong>" in page and "&lt;b&gt;không phải HTML&lt;/b&gt;" in page
    assert re.search(r'<aside class="callout tip" role="note" aria-label="Tip">', page)
    assert re.search(r'<aside class="callout warning" role="note" aria-label="Warning">', page)


def test_an_image_block_has_alt_size_and_lazy_loading(personas: Personas, small: SmallCourse) -> None:
    from hocvuso.learning.models import LessonText

    text = LessonText.objects.get(version=small.wifi.published, language="vi")
    text.blocks = [
        *text.blocks,
        {"type": "image", "src": "web/test-figure.svg", "alt": "Màn hình Wi-Fi", "caption": "Hình 1"},
    ]
    text.save()
    page = client_for(None).get(_lesson_url(small.wifi.slug)).content.decode()
    img = re.search(r"<img [^>]*>", page)
    assert img is not None
    tag = img.group(0)
    assert 'alt="Màn hình Wi-Fi"' in tag and 'loading="lazy"' in tag
    assert 'width="' in tag and 'height="' in tag
    assert "<figcaption>Hình 1</figcaption>" in page


def test_a_khmer_reader_gets_the_khmer_text_with_the_needs_review_note(personas: Personas, small: SmallCourse) -> None:
    page = client_in("km").get(_lesson_url(small.phone.slug)).content.decode()
    assert KM_TITLE in page
    assert 'id="review-note"' in page
    assert 'id="fallback-note"' not in page
    assert 'lang="km"' in page


def test_a_khmer_reader_of_a_lesson_without_khmer_gets_vietnamese_and_the_fallback_note(
    personas: Personas, small: SmallCourse
) -> None:
    client = client_for(None)
    client.cookies["django_language"] = "km"
    page = client.get(_lesson_url(small.wifi.slug)).content.decode()
    assert "Kết nối Wi-Fi" in page
    assert 'id="fallback-note"' in page
    assert '<div class="lesson-body" lang="vi"' in page


def test_the_english_fallback_note_is_plain(personas: Personas, small: SmallCourse) -> None:
    page = client_for(None).get(_lesson_url(small.wifi.slug)).content.decode()
    assert "This lesson is not yet available in English; showing Vietnamese." in page
    vi_page = client_in("vi").get(_lesson_url(small.wifi.slug)).content.decode()
    assert 'id="fallback-note"' not in vi_page


def test_previous_and_next_lessons_follow_the_course_order(personas: Personas, small: SmallCourse) -> None:
    page = client_for(None).get(_lesson_url(small.wifi.slug)).content.decode()
    assert f'rel="prev" href="{_lesson_url(small.phone.slug)}"' in page
    assert f'rel="next" href="{_lesson_url(small.portal.slug)}"' in page


def test_the_finished_form_works_without_javascript_and_goes_to_the_next_lesson(
    personas: Personas, small: SmallCourse
) -> None:
    client = client_for(personas.learner_a)
    page = client.get(_lesson_url(small.phone.slug)).content.decode()
    assert f'action="{reverse("web:learn-lesson-complete", args=[small.phone.slug])}"' in page
    response = client.post(reverse("web:learn-lesson-complete", args=[small.phone.slug]))
    assert response.status_code == 302 and response["Location"] == _lesson_url(small.wifi.slug)
    progress = LessonProgress.objects.get(user=personas.learner_a, lesson=small.phone)
    assert progress.status == ProgressStatus.COMPLETED and progress.version_number == 1
    assert "Finished" in client.get(_lesson_url(small.phone.slug)).content.decode()


def test_opening_a_lesson_signed_in_marks_it_started_and_anonymous_reading_records_nothing(
    personas: Personas, small: SmallCourse
) -> None:
    client_for(None).get(_lesson_url(small.scam.slug))
    assert not LessonProgress.objects.exists()
    client_for(personas.officer_a).get(_lesson_url(small.scam.slug))
    progress = LessonProgress.objects.get(user=personas.officer_a)
    assert progress.lesson == small.scam and progress.status == ProgressStatus.STARTED


def test_an_anonymous_reader_is_invited_to_sign_in_instead_of_the_finished_button(
    personas: Personas, small: SmallCourse
) -> None:
    page = client_for(None).get(_lesson_url(small.phone.slug)).content.decode()
    assert "I have finished this lesson" not in page
    assert reverse("web:signup") in page


def test_the_courses_page_lists_published_courses(personas: Personas, small: SmallCourse) -> None:
    page = client_for(None).get(reverse("web:learn-courses")).content.decode()
    assert "Kỹ năng số thử nghiệm" in page and "4 lessons" in page


def test_a_learner_page_weighs_under_the_budget(personas: Personas, small: SmallCourse) -> None:
    """Issue 3 §3: <= 60 KB compressed on first load (page, CSS, scripts), <= 15 KB on a repeat visit."""
    response = client_for(personas.learner_a).get(_lesson_url(small.phone.slug), HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    page_bytes = len(response.content)
    html = gzip.decompress(response.content).decode()
    assets = re.findall(r'(?:src|href)="/static/([^"]+\.(?:js|css))"', html)
    assert "web/site.css" in assets and "web/learner.js" in assets
    asset_bytes = 0
    for asset in assets:
        found = finders.find(asset)
        assert found, asset
        with open(found, "rb") as f:
            asset_bytes += len(gzip.compress(f.read(), 9))
    assert page_bytes <= 15 * 1024, f"repeat visit: {page_bytes} bytes"
    assert page_bytes + asset_bytes <= 60 * 1024, f"first load: {page_bytes + asset_bytes} bytes"


def test_every_real_lesson_renders_in_vietnamese_and_khmer_with_its_images_sized(
    personas: Personas, content: object
) -> None:
    """The lessons shipped in learning/content/ (docs/content-format.md), through the learner's pages."""
    from hocvuso.learning.models import Lesson
    from hocvuso.learning.selectors import published_lessons

    lessons = list(published_lessons().select_related("published"))
    assert lessons, "no lesson loaded"
    vi, km = client_in("vi"), client_in("km")
    with_khmer = 0
    for lesson in lessons:
        assert isinstance(lesson, Lesson)
        page = vi.get(_lesson_url(lesson.slug)).content.decode()
        assert '<div class="lesson-body" lang="vi"' in page, lesson.slug
        assert "**" not in page, lesson.slug
        for img in re.findall(r"<img [^>]*>", page):
            assert 'alt="' in img and 'width="' in img and 'height="' in img and 'loading="lazy"' in img, img
        khmer = km.get(_lesson_url(lesson.slug)).content.decode()
        has_km = lesson.published.texts.filter(language="km").exists()  # type: ignore[union-attr]
        with_khmer += has_km
        assert ('id="fallback-note"' in khmer) != has_km, lesson.slug
        assert ('<div class="lesson-body" lang="km"' in khmer) == has_km, lesson.slug
    assert with_khmer >= 1
    path = client_for(personas.learner_a).get(reverse("web:learn")).content.decode()
    next_section = path.split('id="next-h"')[1].split("</section>")[0]
    assert "/learn/lessons/" in next_section
