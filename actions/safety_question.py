""" "Nein" to the safety question: answer what the patient asked in the first place.

The RedFlagDetector keeps the classifier's own reading of the message that led
to the safety question (`classifier_intent`, and for FAQ questions the
FAQ topic). The answer for that intent is the one the rules in
data/rules.yml give, so they stay the one source of "which intent, which answer".
"""

import logging
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from components.red_flag_labels import CHECK_INTENT, CLASSIFIER_INTENT_KEY

logger = logging.getLogger(__name__)

RULES_FILE = Path(__file__).resolve().parent.parent / "data" / "rules.yml"
# For anything else (unclear message, a greeting): offer the main topics.
DEFAULT_RESPONSE = "utter_affirm"


@lru_cache(maxsize=1)
def answers_by_intent(rules_file: Path = RULES_FILE) -> Dict[str, List[str]]:
    """intent -> the actions of its plain rule (not the conversation-start ones)."""
    rules = yaml.safe_load(rules_file.read_text(encoding="utf-8"))["rules"]
    answers = {}
    for rule in rules:
        steps = rule.get("steps") or []
        if rule.get("conversation_start") or not steps or "intent" not in steps[0]:
            continue
        actions = [step["action"] for step in steps[1:] if "action" in step]
        answers.setdefault(steps[0]["intent"], actions)
    return answers


def original_parse(tracker: Tracker) -> Optional[Dict[str, Any]]:
    """The parse data of the latest message that led to the safety question."""
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        parse = event.get("parse_data") or {}
        if (parse.get("intent") or {}).get("name") == CHECK_INTENT:
            return parse
    return None


def faq_topic(parse: Dict[str, Any]) -> Optional[str]:
    """faq/<key> chosen for a message (the response_selector output)."""
    selected = (parse.get("response_selector") or {}).get("faq") or {}
    return (selected.get("response") or {}).get("intent_response_key")


def faq_response(parse: Dict[str, Any]) -> Optional[str]:
    """utter_faq/<key> chosen for that message."""
    topic = faq_topic(parse)
    return f"utter_{topic}" if topic else None


def answer_as_the_rules_do(
    dispatcher: CollectingDispatcher,
    intent: Optional[str],
    faq_answer: Optional[str],
    default_response: str,
) -> List[Dict[Text, Any]]:
    """Sends the answer data/rules.yml gives for `intent` (`faq_answer` for an FAQ
    question); a custom action among them runs next instead (FollowupAction).
    Without a rule for the intent: `default_response`."""
    if intent == "faq" and faq_answer:
        dispatcher.utter_message(response=faq_answer)
        return []
    actions = answers_by_intent().get(intent, [])
    for action in actions:
        if not action.startswith("utter_"):
            return [FollowupAction(action)]
        dispatcher.utter_message(response=action)
    if not actions:
        logger.info("No rule answers the intent %r; sending %s.", intent, default_response)
        dispatcher.utter_message(response=default_response)
    return []


class ActionAnswerOriginalQuestion(Action):
    def name(self) -> Text:
        return "action_answer_original_question"

    def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[Dict[Text, Any]]:
        parse = original_parse(tracker) or {}
        intent = (parse.get(CLASSIFIER_INTENT_KEY) or {}).get("name")
        return answer_as_the_rules_do(dispatcher, intent, faq_response(parse), DEFAULT_RESPONSE)
