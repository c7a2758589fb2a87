"""Warning-sign conversations over REST: urgency, safety question, action server down."""

import json

import pytest

from tests.rasa_servers import bot_text
from tests.red_flag_answers import classify

BLADDER = "Physio hilft nicht und seit gestern kann ich kein Wasser mehr lassen"


def check_payload(tier, group):
    """The safety question's intent, sent directly (as a button would)."""
    return "/red_flag_check" + json.dumps({"red_flag_tier": tier, "red_flag": group})


def test_parse_reports_intent_group_tier_and_signals(rasa_servers):
    parse = rasa_servers.parse(BLADDER)
    assert parse["intent"]["name"] == "red_flag"
    values = {(e["entity"], e["value"]) for e in parse["entities"]}
    assert ("red_flag", "cauda_equina") in values and ("red_flag_tier", "notfall") in values
    assert parse["red_flag_detector"]["decision"] == "alarm"
    assert parse["classifier_intent"]["name"] == "faq"


def test_an_emergency_says_112_first_and_never_sends_to_the_practice(rasa_servers):
    answer = rasa_servers.say("emergency", BLADDER)
    assert classify(answer[0]["text"]) == ("alarm", "notfall")
    assert answer[0]["text"].startswith("Bitte rufen Sie jetzt den Notruf 112 an")
    assert "Blase oder Darm" in answer[1]["text"]  # action_red_flag_details
    assert "116117" not in bot_text(answer)


def test_yes_to_the_safety_question_escalates_with_its_urgency(rasa_servers):
    question = rasa_servers.say("yes", check_payload("dringend", "infection"))
    assert classify(question[0]["text"]) == ("check", "dringend")
    assert [b["payload"] for b in question[0]["buttons"]] == ["/affirm", "/deny"]
    answer = rasa_servers.say("yes", "Ja")
    assert classify(answer[0]["text"]) == ("alarm", "dringend")
    assert "Fieber" in answer[1]["text"]


def test_the_emergency_safety_question_already_says_112(rasa_servers):
    question = rasa_servers.say("yes-112", check_payload("notfall", "myelopathy"))
    assert classify(question[0]["text"]) == ("check", "notfall") and "112" in question[0]["text"]
    answer = rasa_servers.say("yes-112", "/affirm")
    assert classify(answer[0]["text"]) == ("alarm", "notfall")


def test_no_to_the_safety_question_answers_the_original_question(rasa_servers):
    text = "Ich hatte vor einiger Zeit mal Fieber. Warum hilft Physiotherapie bei mir nicht?"
    parse = rasa_servers.parse(text)
    if parse["intent"]["name"] != "red_flag_check":
        pytest.skip(f"the trained model does not ask here ({parse['red_flag_detector']})")
    rasa_servers.say("no", text)
    answer = bot_text(rasa_servers.say("no", "Nein"))
    assert "Danke für Ihre Antwort" in answer
    assert "Gründe" in answer  # utter_faq/physio_not_helping


@pytest.fixture
def action_server_down(rasa_servers):
    rasa_servers.stop_actions()
    yield rasa_servers
    rasa_servers.start_actions()


def test_escalation_works_with_the_action_server_down(action_server_down):
    answer = action_server_down.say("down-emergency", BLADDER)
    assert classify(answer[0]["text"]) == ("alarm", "notfall")
    action_server_down.say("down-yes", check_payload("dringend", "tumour"))
    answer = action_server_down.say("down-yes", "Ja")
    assert classify(answer[0]["text"]) == ("alarm", "dringend")
