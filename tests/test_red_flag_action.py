"""action_red_flag_details with real trackers and a fixed clock."""

from datetime import datetime

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import clock
from actions.red_flag_actions import ActionRedFlagDetails


def tracker_with(entities):
    return Tracker(
        sender_id="patient",
        slots={},
        latest_message={
            "text": "Ich kann kein Wasser mehr lassen",
            "intent": {"name": "red_flag", "confidence": 1.0},
            "entities": entities,
        },
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="utter_red_flag",
    )


def run_action(entities, now):
    clock.set_fixed_now(now)
    try:
        dispatcher = CollectingDispatcher()
        ActionRedFlagDetails().run(dispatcher, tracker_with(entities), {})
        return " ".join(m["text"] for m in dispatcher.messages)
    finally:
        clock.reset()


BLADDER = [{"entity": "red_flag", "value": "bladder_bowel", "start": 0, "end": 5}]
MONDAY_0900 = datetime(2026, 11, 30, 9, 0)
TUESDAY_0900 = datetime(2026, 12, 1, 9, 0)
CHRISTMAS = datetime(2026, 12, 25, 11, 0)


def test_names_the_recognised_sign_in_plain_words():
    text = run_action(BLADDER, MONDAY_0900)
    assert "Probleme mit Blase oder Darm" in text
    assert "bladder_bowel" not in text


def test_open_practice_is_to_be_called_now():
    text = run_action(BLADDER, MONDAY_0900)
    assert "jetzt geöffnet" in text and "rufen Sie sofort in der Praxis an" in text
    assert "112" in text
    assert "116117" not in text


@pytest.mark.parametrize("now", [TUESDAY_0900, CHRISTMAS, datetime(2026, 11, 30, 20, 0)])
def test_outside_opening_hours_names_on_call_service_and_112(now):
    text = run_action(BLADDER, now)
    assert "geschlossen" in text
    assert "116117" in text and "112" in text


def test_without_entity_it_still_advises():
    text = run_action([], TUESDAY_0900)
    assert "Warnzeichen" in text and "112" in text


def test_several_signs_are_all_named():
    entities = BLADDER + [{"entity": "red_flag", "value": "fever_infection"}]
    text = run_action(entities, MONDAY_0900)
    assert "Blase" in text and "Fieber" in text


def test_no_phone_number_is_invented():
    text = run_action(BLADDER, MONDAY_0900)
    assert "Webseite der Praxis" in text
    assert not any(ch.isdigit() for ch in text.replace("112", "").replace("10:00", ""))
