"""Read-aloud: espeak-ng audio per lesson version (real espeak-ng), Khmer recordings, and the page's controls."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from hocvuso.learning import tts
from hocvuso.learning.constants import LessonStatus
from hocvuso.learning.models import Lesson, LessonText, LessonVersion
from tests.clients import client_in
from tests.personas import Personas
from tests.web.helpers import client_for
from tests.web.learner_support import SmallCourse, build_small_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def small(personas: Personas) -> SmallCourse:
    return build_small_course()


def _audio_url(lesson: Lesson, language: str, version: int = 1) -> str:
    return reverse("web:learn-lesson-audio", args=[lesson.slug, version, language])


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _publish_new_version(lesson: Lesson, title: str) -> LessonVersion:
    old = lesson.published
    assert old is not None
    old.status = LessonStatus.ARCHIVED
    old.save(update_fields=["status"])
    new = LessonVersion.objects.create(
        lesson=lesson, number=old.number + 1, status=LessonStatus.PUBLISHED, published_at=timezone.now()
    )
    LessonText.objects.create(version=new, language="vi", title=title, blocks=[{"type": "paragraph", "text": title}])
    lesson.published = new
    lesson.save(update_fields=["published"])
    return new


def test_vietnamese_audio_is_made_by_espeak_ng_and_served_as_opus(personas: Personas, small: SmallCourse) -> None:
    response = client_for(None).get(_audio_url(small.wifi, "vi"))
    assert response.status_code == 200
    assert response["Content-Type"] == "audio/ogg; codecs=opus"
    assert "immutable" in response["Cache-Control"] and "max-age=31536000" in response["Cache-Control"]
    body = _body(response)
    assert body[:4] == b"OggS" and b"OpusHead" in body[:100]
    assert len(body) > 5000  # seconds of speech, not an empty file


def test_the_audio_is_cached_per_lesson_version_and_not_made_twice(
    personas: Personas, small: SmallCourse, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = client_for(None)
    first = _body(client.get(_audio_url(small.wifi, "vi")))
    files = sorted(p.name for p in tts._cache_dir().glob("*.opus"))
    assert files == [next(f for f in files if f.startswith("t-connect-wifi-v1-vi-"))]

    def must_not_run(*args: object) -> None:
        raise AssertionError("the cached audio was generated again")

    monkeypatch.setattr(tts, "_run", must_not_run)
    assert _body(client.get(_audio_url(small.wifi, "vi"))) == first
    monkeypatch.undo()

    _publish_new_version(small.wifi, "Kết nối Wi-Fi, bản mới")
    assert client.get(_audio_url(small.wifi, "vi", version=1)).status_code == 404  # the old version's URL
    second = client.get(_audio_url(small.wifi, "vi", version=2))
    assert second.status_code == 200 and _body(second) != first
    names = sorted(p.name for p in tts._cache_dir().glob("*.opus"))
    assert any(n.startswith("t-connect-wifi-v2-vi-") for n in names) and len(names) == 2


def test_a_repeat_request_with_the_etag_gets_304(personas: Personas, small: SmallCourse) -> None:
    client = client_for(None)
    etag = client.get(_audio_url(small.scam, "vi"))["ETag"]
    again = client.get(_audio_url(small.scam, "vi"), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304


def test_two_requests_at_once_generate_the_audio_once(
    personas: Personas, small: SmallCourse, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs: list[int] = []
    real_run = tts._run

    def counting_run(text: str, voice: str, out: Path) -> None:
        runs.append(1)
        real_run(text, voice, out)

    monkeypatch.setattr(tts, "_run", counting_run)
    results: list[tts.Audio] = []
    threads = [
        threading.Thread(target=lambda: results.append(tts.synthesize("Xin chào bà con.", "vi", slug="x", version=1)))
        for _ in range(3)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(runs) == 1
    assert len({r.path for r in results}) == 1 and results[0].path.stat().st_size > 0


def test_khmer_without_a_recording_answers_404_with_a_plain_message(personas: Personas, small: SmallCourse) -> None:
    response = client_for(None).get(_audio_url(small.phone, "km"))
    assert response.status_code == 404
    assert "no Khmer voice" in response.content.decode()
    assert "no Khmer recording" in response.content.decode()


def test_khmer_with_a_recording_serves_the_recording(
    personas: Personas, small: SmallCourse, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    text = LessonText.objects.get(version=small.phone.published, language="km")
    recording = b"OggS" + b"\0" * 2000
    text.audio.save("t-phone-first-steps-km.ogg", ContentFile(recording))
    response = client_for(None).get(_audio_url(small.phone, "km"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("audio/ogg")
    assert _body(response) == recording


def test_khmer_asked_for_a_lesson_without_khmer_reads_the_vietnamese_text(
    personas: Personas, small: SmallCourse
) -> None:
    response = client_for(None).get(_audio_url(small.wifi, "km"))
    assert response.status_code == 200 and response["Content-Type"] == "audio/ogg; codecs=opus"


def test_unknown_language_or_missing_lesson_is_not_found(personas: Personas, small: SmallCourse) -> None:
    client = client_for(None)
    assert client.get(_audio_url(small.wifi, "fr")).status_code == 404
    assert client.get(reverse("web:learn-lesson-audio", args=["no-such-lesson", 1, "vi"])).status_code == 404
    assert client.get(reverse("web:learn-lesson-audio", args=["t-draft-only", 1, "vi"])).status_code == 404


def test_the_spoken_text_numbers_the_steps_and_drops_the_markup(personas: Personas, small: SmallCourse) -> None:
    text = LessonText.objects.get(version=small.wifi.published, language="vi")
    spoken = tts.spoken_text(text)
    assert spoken.startswith("Kết nối Wi-Fi.")
    assert "2. Chạm vào Cài đặt." in spoken
    assert "**" not in spoken
    with translation.override("vi"):
        assert f"{gettext('Warning')}:" in spoken or f"{gettext('Warning')}." in spoken


def test_the_vietnamese_lesson_page_has_a_read_aloud_button_and_an_audio_player_without_javascript(
    personas: Personas, small: SmallCourse
) -> None:
    page = client_in("vi").get(reverse("web:learn-lesson", args=[small.wifi.slug])).content.decode()
    url = _audio_url(small.wifi, "vi")
    assert f'<audio controls preload="none" src="{url}"' in page
    assert 'data-read="start"' in page and 'data-speech-lang="vi"' in page


def test_the_khmer_page_without_recording_says_plainly_that_there_is_no_voice(
    personas: Personas, small: SmallCourse
) -> None:
    page = client_in("km").get(reverse("web:learn-lesson", args=[small.phone.slug])).content.decode()
    assert "<audio" not in page
    assert 'id="no-voice-note"' in page
    assert 'data-speech-lang="km"' in page
