"""Recognises the assistant's warning-sign answers in a REST conversation.

The texts come from domain.yml, so a staff edit of their wording does not break
the tests that use this."""

from functools import lru_cache
from pathlib import Path
from typing import Dict, List

import yaml

from components.red_flag_triage import ALARM, CHECK, NONE
from components.red_flags import EMERGENCY, URGENT

DOMAIN = Path(__file__).resolve().parent.parent / "domain.yml"


def _normal(text: str) -> str:
    return " ".join(text.split())


@lru_cache(maxsize=1)
def _variants() -> Dict[str, Dict[str, str]]:
    """response -> tier -> text (the variant without a condition is the emergency)."""
    responses = yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))["responses"]
    result = {}
    for name in ("utter_red_flag", "utter_red_flag_check"):
        result[name] = {}
        for variant in responses[name]:
            tier = URGENT if variant.get("condition") else EMERGENCY
            result[name][tier] = _normal(variant["text"])
    return result


def classify(first_message: str):
    """(decision, tier) of the bot's first answer to a message."""
    text = _normal(first_message)
    for response, decision in (("utter_red_flag", ALARM), ("utter_red_flag_check", CHECK)):
        for tier, variant in _variants()[response].items():
            if text == variant:
                return decision, tier
    return NONE, None


def is_escalation(messages: List[Dict]) -> bool:
    return bool(messages) and classify(messages[0].get("text", ""))[0] == ALARM


def says_112(first_message: str) -> bool:
    return "112" in first_message
