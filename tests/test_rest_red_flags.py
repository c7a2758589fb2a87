"""Warning-sign conversations over REST: urgency, safety question, action server down."""

import json
from pathlib import Path

import pytest
import yaml

from components.red_flag_model import read_corpus_file
from tests.rasa_servers import bot_text
from tests.red_flag_answers import classify

PROJECT = Path(__file__).resolve().parent.parent
DEV_SET = PROJECT / "red_flag_corpus" / "dev_set.yml"
DOMAIN = PROJECT / "domain.yml"
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
    """Some harmless development-set message that gets the safety question and
    holds an FAQ question: after "Nein" comes that FAQ's answer."""
    for message in read_corpus_file(DEV_SET):
        parse = rasa_servers.parse(message.text)
        if (
            parse["intent"]["name"] == "red_flag_check"
            and parse["classifier_intent"]["name"] == "faq"
        ):
            break
    else:
        pytest.fail("no development-set message gets the safety question with an FAQ reading")
    key = parse["response_selector"]["faq"]["response"]["intent_response_key"]
    responses = yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))["responses"]
    faq_answer = responses[f"utter_{key}"][0]["text"]
    rasa_servers.say("no", message.text)
    answer = rasa_servers.say("no", "Nein")
    assert answer[0]["text"] == responses["utter_red_flag_check_no"][0]["text"]
    assert answer[1]["text"].split() == faq_answer.split()


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
