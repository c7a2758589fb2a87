"""Tests for actions/practice_actions.py with real rasa_sdk objects."""

from datetime import datetime

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import ActionExecutor, CollectingDispatcher

from actions.practice_actions import (
    DATA_ERROR_TEXT,
    ActionBookAppointment,
    ActionOpeningHours,
    ActionPracticeAddress,
    ActionPracticeContact,
)

ALLOWED_BUTTON_TITLES = {
    "Wann ist die Praxis geöffnet?",
    "Wo ist die Praxis?",
    "Wie erreiche ich die Praxis?",
    "Wie bekomme ich einen Termin?",
}


@pytest.fixture
def practice_action_env(practice_file_factory, monkeypatch, fixed_clock):
    """Actions read the test practice file; clock fixed to Monday 30.11.2026 09:30."""
    monkeypatch.setenv("PRAXIS_FILE", str(practice_file_factory()))
    fixed_clock(datetime(2026, 11, 30, 9, 30))
    return fixed_clock


def make_tracker(text, intent="ask_opening_hours"):
    return Tracker(
        sender_id="test-user",
        slots={},
        latest_message={"text": text, "intent": {"name": intent, "confidence": 1.0}},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def run_action(action, text, intent="ask_opening_hours"):
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, make_tracker(text, intent), domain={})
    assert events == []
    assert len(dispatcher.messages) == 1
    return dispatcher.messages[0]


def assert_two_follow_up_buttons(message, not_title):
    buttons = message["buttons"]
    assert len(buttons) == 2
    for button in buttons:
        assert button["title"] in ALLOWED_BUTTON_TITLES
        assert button["payload"] == button["title"]
    # Buttons lead on, they do not repeat the question just answered.
    assert not_title not in {button["title"] for button in buttons}


def test_action_names():
    assert ActionOpeningHours().name() == "action_opening_hours"
    assert ActionPracticeAddress().name() == "action_practice_address"
    assert ActionPracticeContact().name() == "action_practice_contact"
    assert ActionBookAppointment().name() == "action_book_appointment"


def test_action_server_registers_the_actions():
    executor = ActionExecutor()
    executor.register_package("actions.practice_actions")
    for name in (
        "action_opening_hours",
        "action_practice_address",
        "action_practice_contact",
        "action_book_appointment",
    ):
        assert name in executor.actions


def test_opening_hours_for_closed_tuesday(practice_action_env):
    message = run_action(ActionOpeningHours(), "Haben Sie am Dienstag auf?")
    assert message["text"] == (
        "Dienstags ist die Praxis geschlossen. "
        "Die nächste feste Sprechzeit beginnt am Mittwoch, 2.12., um 08:00 Uhr."
    )
    assert_two_follow_up_buttons(message, "Wann ist die Praxis geöffnet?")


def test_opening_hours_now_follows_the_clock(practice_action_env):
    message = run_action(ActionOpeningHours(), "Haben Sie jetzt offen?")
    assert message["text"] == "Die Praxis ist jetzt geöffnet (bis 10:00 Uhr)."

    practice_action_env(datetime(2026, 11, 30, 10, 1))
    message = run_action(ActionOpeningHours(), "Haben Sie jetzt offen?")
    assert (
        message["text"] == "Die Praxis ist jetzt geschlossen; sie öffnet wieder heute um 15:00 Uhr."
    )


def test_opening_hours_on_a_holiday(practice_action_env):
    message = run_action(ActionOpeningHours(), "Haben Sie am 25.12. geöffnet?")
    assert message["text"].startswith(
        "Am 25.12. ist die Praxis geschlossen (Erster Weihnachtstag)."
    )


def test_opening_hours_without_day_shows_the_week(practice_action_env):
    message = run_action(ActionOpeningHours(), "Wann ist die Praxis geöffnet?")
    text = message["text"]
    assert "Montag: 08:00–10:00 und 15:00–18:00 Uhr" in text
    assert "Freitag: nur nach Vereinbarung" in text


def test_opening_hours_with_missing_text(practice_action_env):
    dispatcher = CollectingDispatcher()
    tracker = Tracker("u", {}, {"intent": {"name": "ask_opening_hours"}}, [], False, None, {}, None)
    ActionOpeningHours().run(dispatcher, tracker, domain={})
    assert dispatcher.messages[0]["text"].startswith("Die Sprechzeiten der Praxis:")


def test_opening_hours_reads_praxis_now(practice_file_factory, monkeypatch):
    monkeypatch.setenv("PRAXIS_FILE", str(practice_file_factory()))
    monkeypatch.setenv("PRAXIS_NOW", "2026-12-01T09:00")
    message = run_action(ActionOpeningHours(), "Ist die Praxis gerade geöffnet?")
    assert message["text"] == (
        "Die Praxis ist jetzt geschlossen; sie öffnet wieder am Mittwoch, 2.12., um 08:00 Uhr."
    )


def test_address_action(practice_action_env):
    message = run_action(ActionPracticeAddress(), "Wo ist die Praxis?", "ask_address")
    assert "Dr. med. Klase Neurochirurgie, Rothenbaumchaussee 3, 20148 Hamburg" in message["text"]
    assert_two_follow_up_buttons(message, "Wo ist die Praxis?")


def test_contact_action_does_not_invent_details(practice_action_env):
    message = run_action(ActionPracticeContact(), "Telefonnummer?", "ask_contact")
    text = message["text"]
    assert "Webseite der Praxis" in text
    assert "Telefon:" not in text
    assert "112" in text and "116117" in text
    assert_two_follow_up_buttons(message, "Wie erreiche ich die Praxis?")


def test_book_appointment_action(practice_action_env):
    message = run_action(ActionBookAppointment(), "Ich möchte einen Termin", "book_appointment")
    text = message["text"]
    assert "keine Termine buchen" in text
    assert "Mittwoch" in text and "Freitag" in text
    assert "Nach Vereinbarung" in text
    assert_two_follow_up_buttons(message, "Wie bekomme ich einen Termin?")


def test_actions_report_a_broken_practice_file(practice_file_factory, monkeypatch, fixed_clock):
    broken = practice_file_factory({"Dienstag: geschlossen": "Dienstag: 8 Uhr"})
    monkeypatch.setenv("PRAXIS_FILE", str(broken))
    fixed_clock(datetime(2026, 11, 30, 9, 30))
    for action in (ActionOpeningHours(), ActionPracticeAddress()):
        message = run_action(action, "Wann haben Sie auf?")
        assert message["text"] == DATA_ERROR_TEXT
        assert message["buttons"] == []


def test_an_answer_to_a_follow_up_then_waits_for_the_patient(practice_action_env):
    """Handed over by action_answer_follow_up, which no rule follows."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("wo kriegt man die her?", intent="follow_up")
    tracker.latest_action_name = "action_answer_follow_up"
    events = ActionPracticeAddress().run(dispatcher, tracker, domain={})
    assert events == [FollowupAction("action_listen")]
    assert len(dispatcher.messages) == 1


def test_an_answer_handed_over_by_the_safety_question_then_waits(practice_action_env):
    tracker = make_tracker("nein, das war nur letzten Winter", intent="deny")
    tracker.latest_action_name = "action_answer_original_question"
    events = ActionPracticeAddress().run(CollectingDispatcher(), tracker, domain={})
    assert events == [FollowupAction("action_listen")]


def test_an_answer_to_a_question_is_followed_by_the_rules(practice_action_env):
    events = ActionPracticeAddress().run(CollectingDispatcher(), make_tracker("Wo?"), domain={})
    assert events == []
