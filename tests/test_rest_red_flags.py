"""Every warning sign escalates over REST, with the action server up and down."""

import pytest

from tests.rasa_servers import bot_text
from tests.red_flag_cases import MAX_FALSE_ALARM_RATE, must_escalate, must_not_escalate

# The first sentence of utter_red_flag: the alarm itself.
ALARM = "kann ein Warnzeichen sein"


def escalations_missed(servers, sender_prefix):
    missed = []
    for number, (text, _) in enumerate(must_escalate()):
        answer = bot_text(servers.say(f"{sender_prefix}-{number}", text))
        if ALARM not in answer or "112" not in answer:
            missed.append(f"{text!r} -> {answer!r}")
    return missed


def test_every_warning_sign_escalates_with_details(rasa_servers):
    missed = escalations_missed(rasa_servers, "up")
    assert not missed, "\n".join(missed)
    answer = bot_text(rasa_servers.say("details", "Seit heute kann ich kein Wasser mehr lassen"))
    assert "Blase oder Darm" in answer  # added by action_red_flag_details


def test_negatives_rarely_escalate(rasa_servers):
    texts = must_not_escalate()
    alarms = [
        text for number, text in enumerate(texts)
        if ALARM in bot_text(rasa_servers.say(f"neg-{number}", text))
    ]
    print(f"false alarms over REST: {len(alarms)}/{len(texts)}")
    assert len(alarms) / len(texts) <= MAX_FALSE_ALARM_RATE, "\n".join(alarms)


def test_parse_reports_red_flag_intent_and_entity(rasa_servers):
    parse = rasa_servers.parse("Physio hilft nicht und seit gestern kann ich kein Wasser mehr lassen")
    assert parse["intent"]["name"] == "red_flag"
    assert {"entity": "red_flag", "value": "bladder_bowel"}.items() <= parse["entities"][0].items()


@pytest.fixture
def action_server_down(rasa_servers):
    rasa_servers.stop_actions()
    yield rasa_servers
    rasa_servers.start_actions()


def test_112_reaches_the_patient_when_the_action_server_is_down(action_server_down):
    missed = escalations_missed(action_server_down, "down")
    assert not missed, "\n".join(missed)
