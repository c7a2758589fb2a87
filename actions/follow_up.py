"""Follow-up questions: the topic of the last answer, and the answer in its context.

The slot `topic` holds what the patient asked last ("ask_referral", "faq/orthosis").
A follow-up that names no topic of its own ("wo bekomme ich die?", "für wen kommt
das in Frage?") is answered on that topic again. Follow-ups that do name one ("und
freitags?", "und privat?", "und bei Kindern?") are understood on their own and
need nothing from here.
"""

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import ValidationAction

from actions.safety_question import answer_as_the_rules_do, answers_by_intent, faq_topic

FAQ = "faq"
FOLLOW_UP = "follow_up"


def practice_actions() -> Dict[Text, Text]:
    """Questions answered by one custom action (opening hours, referral ...),
    with that action, as data/rules.yml says."""
    return {
        intent: actions[0]
        for intent, actions in answers_by_intent().items()
        if len(actions) == 1 and actions[0].startswith("action_") and intent != FOLLOW_UP
    }


def topic_of(message: Dict[Text, Any]) -> Optional[Text]:
    """The topic a parsed message asks about: a practice intent, or the FAQ's
    retrieval intent ("faq/orthosis"); None for anything else (thanks, a
    follow-up, a warning sign)."""
    intent = (message.get("intent") or {}).get("name")
    if intent in practice_actions():
        return intent
    return faq_topic(message) if intent == FAQ else None


class ValidateSlotMappings(ValidationAction):
    """Fills the slot `topic` after every message (its mapping in domain.yml is
    `custom`, which Rasa fills with this action)."""

    def extract_topic(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> Dict[Text, Any]:
        topic = topic_of(tracker.latest_message)
        return {"topic": topic} if topic else {}


class ActionAnswerFollowUp(Action):
    """Answers a follow-up on the topic of the last question; without one, asks
    what the patient means."""

    def name(self) -> Text:
        return "action_answer_follow_up"

    def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[Dict[Text, Any]]:
        topic = tracker.get_slot("topic") or ""
        is_faq = topic.startswith(f"{FAQ}/")
        intent = FAQ if is_faq else topic
        faq_answer = f"utter_{topic}" if is_faq else None
        return answer_as_the_rules_do(dispatcher, intent, faq_answer, "utter_clarify")
