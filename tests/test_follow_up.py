"""Tests for actions/follow_up.py: the last topic, and follow-ups answered on it."""

import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.follow_up import ActionAnswerFollowUp, ValidateSlotMappings, topic_of

DOMAIN = {"slots": {"topic": {"type": "text", "mappings": [{"type": "custom"}]}}}


def parsed(intent, faq_key=None):
    message = {"text": "…", "intent": {"name": intent, "confidence": 0.9}}
    if faq_key:
        key = {"intent_response_key": f"faq/{faq_key}"}
        message["response_selector"] = {"faq": {"response": key}}
    return message


def tracker(message, topic=None):
    return Tracker(
        sender_id="follow-up",
        slots={"topic": topic},
        latest_message=message,
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


@pytest.mark.parametrize(
    "message, topic",
    [
        (parsed("ask_referral"), "ask_referral"),
        (parsed("faq", "orthosis"), "faq/orthosis"),
        (parsed("follow_up"), None),
        (parsed("thank"), None),
        (parsed("red_flag"), None),
    ],
)
def test_the_topic_of_a_message(message, topic):
    assert topic_of(message) == topic


def test_a_question_sets_the_topic_and_a_follow_up_keeps_it():
    action = ValidateSlotMappings()
    events = asyncio.run(
        action.run(CollectingDispatcher(), tracker(parsed("faq", "orthosis")), DOMAIN)
    )
    assert SlotSet("topic", "faq/orthosis") in events
    events = asyncio.run(
        action.run(CollectingDispatcher(), tracker(parsed("follow_up"), "faq/orthosis"), DOMAIN)
    )
    assert not [event for event in events if event.get("name") == "topic"]


def run_follow_up(topic):
    dispatcher = CollectingDispatcher()
    events = ActionAnswerFollowUp().run(dispatcher, tracker(parsed("follow_up"), topic), {})
    return events, [message["response"] for message in dispatcher.messages]


def test_a_follow_up_on_an_article_topic_gets_that_answer():
    assert run_follow_up("faq/orthosis") == ([], ["utter_faq/orthosis"])


def test_a_follow_up_on_a_practice_topic_runs_that_action():
    assert run_follow_up("ask_referral") == ([FollowupAction("action_referral")], [])


def test_a_follow_up_without_a_topic_is_asked_back():
    assert run_follow_up(None) == ([], ["utter_clarify"])
