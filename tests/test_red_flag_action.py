"""action_red_flag_details and action_answer_original_question with real trackers."""

from datetime import datetime

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions import clock
from actions.red_flag_actions import ActionRedFlagDetails
from actions.safety_question import ActionAnswerOriginalQuestion, answers_by_intent

CAUDA = [{"entity": "red_flag", "value": "cauda_equina", "start": 0, "end": 5}]
INFECTION = [{"entity": "red_flag", "value": "infection", "start": 0, "end": 5}]
MONDAY_0900 = datetime(2026, 11, 30, 9, 0)
TUESDAY_0900 = datetime(2026, 12, 1, 9, 0)
CHRISTMAS = datetime(2026, 12, 25, 11, 0)


@pytest.fixture(autouse=True)
def practice_fixture(practice_file_factory, monkeypatch):
    """The test copy of the practice facts, not the staff's practice.yml."""
    monkeypatch.setenv("PRAXIS_FILE", str(practice_file_factory()))


def user_event(text, intent, entities=(), **parse):
    return {
        "event": "user",
        "text": text,
        "parse_data": {
            "text": text,
            "intent": {"name": intent},
            "entities": list(entities),
            **parse,
        },
    }


def tracker(events, tier):
    latest = events[-1]["parse_data"]
    return Tracker(
        sender_id="patient",
        slots={"red_flag_tier": tier},
        latest_message=latest,
        events=events,
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="utter_red_flag",
    )


def run(action, events, tier, now=MONDAY_0900):
    clock.set_fixed_now(now)
    try:
        dispatcher = CollectingDispatcher()
        result = action.run(dispatcher, tracker(events, tier), {})
        return dispatcher.messages, result
    finally:
        clock.reset()


def details(entities, tier, now=MONDAY_0900):
    events = [user_event("…", "red_flag", entities)]
    messages, _ = run(ActionRedFlagDetails(), events, tier, now)
    return " ".join(m["text"] for m in messages)


def test_names_the_recognised_sign_in_plain_words():
    text = details(CAUDA, "notfall")
    assert "Blase oder Darm" in text and "cauda_equina" not in text


def test_an_emergency_is_never_sent_to_the_practice():
    text = details(CAUDA, "notfall")
    assert "Notruf" in text
    assert "Praxis" not in text and "116117" not in text


def test_urgent_sign_while_the_practice_is_open_calls_the_practice():
    text = details(INFECTION, "dringend", MONDAY_0900)
    assert "jetzt geöffnet" in text and "Rufen Sie die Praxis jetzt an" in text
    assert "116117" not in text


@pytest.mark.parametrize("now", [TUESDAY_0900, CHRISTMAS, datetime(2026, 11, 30, 20, 0)])
def test_urgent_sign_outside_opening_hours_names_the_on_call_service(now):
    text = details(INFECTION, "dringend", now)
    assert "geschlossen" in text and "116117" in text


def test_after_yes_to_the_safety_question_the_signs_of_the_question_are_named():
    events = [user_event("…", "red_flag_check", INFECTION), user_event("Ja", "affirm")]
    messages, _ = run(ActionRedFlagDetails(), events, "dringend")
    assert "Fieber" in messages[0]["text"]


def test_without_entity_it_still_advises():
    assert "Warnzeichen" in details([], "dringend", TUESDAY_0900)


def test_no_phone_number_is_invented():
    text = details(INFECTION, "dringend", MONDAY_0900)
    assert "Webseite der Praxis" in text


def answer_after_no(original):
    events = [original, user_event("Nein", "deny")]
    return run(ActionAnswerOriginalQuestion(), events, "dringend")


def test_no_answers_the_original_faq_question():
    original = user_event(
        "Früher hatte ich Taubheit, warum hilft Physio nicht?",
        "red_flag_check",
        classifier_intent={"name": "faq"},
        response_selector={"faq": {"response": {"intent_response_key": "faq/physio_not_helping"}}},
    )
    messages, events = answer_after_no(original)
    assert messages[0]["response"] == "utter_faq/physio_not_helping" and events == []


def test_no_runs_the_action_of_the_original_intent():
    original = user_event("…", "red_flag_check", classifier_intent={"name": "ask_opening_hours"})
    messages, events = answer_after_no(original)
    assert messages == [] and events == [FollowupAction("action_opening_hours")]


def test_no_offers_the_topics_when_the_original_was_unclear():
    original = user_event("…", "red_flag_check", classifier_intent={"name": "nlu_fallback"})
    messages, _ = answer_after_no(original)
    assert [m["response"] for m in messages] == ["utter_default"]


def test_the_answers_come_from_the_rules():
    answers = answers_by_intent()
    assert answers["personal_medical_advice"] == ["utter_personal_medical_advice"]
    assert answers["red_flag"] == ["utter_red_flag", "action_red_flag_details"]
