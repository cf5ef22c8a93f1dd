"""The test pages without JavaScript: start, save per question, reload, hand in, read the result."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from hocvuso.assessment.models import Attempt, AttemptItem, TestDefinition
from tests.assessment.builders import items_of, right_answer, small_bank, wrong_answer
from tests.learning.builders import lesson
from tests.web.helpers import client_for


def _form_value(item: AttemptItem, answer: Any) -> dict[str, Any]:
    """What the browser posts for `answer` to the question of `item`."""
    name = f"q{item.position}"
    kind = item.question_version.question.kind
    if kind == "true_false":
        return {name: "true" if answer else "false"}
    if kind == "multiple":
        return {name: [str(a) for a in answer]}
    if kind == "ordering":
        return {f"{name}-o{shown}": str(place) for place, shown in enumerate(answer, start=1)}
    return {name: str(answer)}


def _start(client: Any) -> Attempt:
    definition = small_bank()
    response = client.post(reverse("web:test-start", args=[definition.pk]))
    attempt = Attempt.objects.get()
    assert response["Location"] == reverse("web:attempt", args=[attempt.pk])
    return attempt


def test_the_tests_page_offers_the_test_of_my_group(db: None, personas: Any) -> None:
    small_bank()
    page = client_for(personas.learner_a).get(reverse("web:tests")).content.decode()
    assert "Start the test" in page and "Attempts left: 3" in page


def test_an_answer_saved_with_its_own_button_is_there_after_a_reload(db: None, personas: Any) -> None:
    client = client_for(personas.learner_a)
    attempt = _start(client)
    url = reverse("web:attempt", args=[attempt.pk])
    for item in items_of(attempt):
        response = client.post(url, {"save": str(item.position), **_form_value(item, right_answer(item))})
        assert response.status_code == 302 and response["Location"].endswith(f"#q{item.position}")
    assert all(i.answer == right_answer(i) for i in items_of(attempt))
    page = client.get(url).content.decode()
    assert page.count(" checked") + page.count(" selected") >= len(items_of(attempt))
    assert "6 of 6 questions answered" in page


def test_save_all_saves_every_filled_question_and_htmx_gets_a_short_answer(db: None, personas: Any) -> None:
    client = client_for(personas.learner_a)
    attempt = _start(client)
    url = reverse("web:attempt", args=[attempt.pk])
    items = items_of(attempt)
    data: dict[str, Any] = {"save": "all"}
    for item in items[:3]:
        data.update(_form_value(item, wrong_answer(item)))
    client.post(url, data)
    assert [i.answer is not None for i in items_of(attempt)] == [True, True, True, False, False, False]
    one = items[4]
    response = client.post(
        url, {"save": str(one.position), **_form_value(one, right_answer(one))}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and response.content.decode() == "Saved."


def test_the_attempt_page_never_shows_the_right_answers(db: None, personas: Any) -> None:
    TestDefinition.objects.filter(pk=small_bank().pk).update(questions_per_competency=4)  # every level-1 kind
    client = client_for(personas.learner_a)
    attempt = _start(client)
    page = client.get(reverse("web:attempt", args=[attempt.pk])).content.decode()
    assert "<fieldset" in page and "<legend>" in page
    assert "GIAI-THICH" not in page and "right answer" not in page
    # Ordering steps are listed in the shuffled order stored for the attempt.
    item = next(i for i in items_of(attempt) if i.question_version.question.kind == "ordering")
    steps = [item.question_version.options[i]["text"] for i in item.option_order]
    positions = [page.index(step) for step in steps]
    assert positions == sorted(positions)
    # Picture options are images with their text as alt text.
    assert 'alt="Màn hình đúng"' in page


def test_handing_in_asks_first_then_shows_the_result_with_explanations_and_lessons(db: None, personas: Any) -> None:
    lesson("pay-with-vietqr", texts={"vi": "Trả tiền bằng mã QR", "en": "Pay with a QR code"})
    client = client_for(personas.learner_a)
    attempt = _start(client)
    url = reverse("web:attempt", args=[attempt.pk])
    items = items_of(attempt)
    for item in items[:-1]:
        client.post(url, {"save": str(item.position), **_form_value(item, right_answer(item))})
    response = client.post(url, {"then": "submit"})
    assert response["Location"] == reverse("web:attempt-submit", args=[attempt.pk])
    confirm = client.get(response["Location"]).content.decode()
    assert "1 question has no answer yet" in confirm
    assert Attempt.objects.get().status == "in_progress"
    done = client.post(reverse("web:attempt-submit", args=[attempt.pk]))
    assert done["Location"] == reverse("web:attempt-result", args=[attempt.pk])
    result = client.get(done["Location"]).content.decode()
    assert "You passed!" in result and "5 of 6 questions right" in result
    assert result.count("GIAI-THICH") == 6
    assert 'href="/learn/lessons/pay-with-vietqr/"' in result and "Pay with a QR code" in result
    # After hand-in the attempt page sends to the result, and a late post changes nothing.
    assert client.get(url)["Location"] == reverse("web:attempt-result", args=[attempt.pk])
    last = items[-1]
    client.post(url, {"save": str(last.position), **_form_value(last, right_answer(last))})
    assert AttemptItem.objects.get(pk=last.pk).answer is None


def test_a_refused_start_comes_back_with_the_reason(db: None, personas: Any) -> None:
    client = client_for(personas.learner_a)
    attempt = _start(client)
    client.post(reverse("web:attempt-submit", args=[attempt.pk]))
    response = client.post(reverse("web:test-start", args=[attempt.definition_id]), follow=True)
    assert "Take some time to go over the lessons again" in response.content.decode()
    assert Attempt.objects.count() == 1


def test_an_ordering_question_half_placed_is_not_saved_on_change_but_refused_on_its_button(
    db: None, personas: Any
) -> None:
    TestDefinition.objects.filter(pk=small_bank().pk).update(questions_per_competency=4)  # every level-1 kind
    client = client_for(personas.learner_a)
    attempt = _start(client)
    url = reverse("web:attempt", args=[attempt.pk])
    item = next(i for i in items_of(attempt) if i.question_version.question.kind == "ordering")
    half = {"save": str(item.position), f"q{item.position}-o0": "1"}
    assert client.post(url, half, HTTP_HX_REQUEST="true").content == b""
    page = client.post(url, half, follow=True).content.decode()
    assert f"Question {item.position}: Give every step its own place" in page
    assert AttemptItem.objects.get(pk=item.pk).answer is None
