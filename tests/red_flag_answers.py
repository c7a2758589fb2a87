"""Recognises the assistant's warning-sign answers in a REST conversation.

The texts come from domain.yml, so a staff edit of their wording does not break
the tests that use this. Each response has a variant per urgency and language
(conditions on the slots red_flag_tier and language); the variant without a
condition is the German emergency one."""

from functools import lru_cache
from pathlib import Path
from typing import Dict, List, NamedTuple, Optional

import yaml

from components.languages import GERMAN
from components.red_flag_triage import ALARM, CHECK, NONE
from components.red_flags import EMERGENCY

DOMAIN = Path(__file__).resolve().parent.parent / "domain.yml"
DECISIONS = {"utter_red_flag": ALARM, "utter_red_flag_check": CHECK}


class Answer(NamedTuple):
    decision: str
    tier: Optional[str]
    language: Optional[str]


def _normal(text: str) -> str:
    return " ".join(text.split())


def variant_conditions(variant: Dict) -> Dict[str, str]:
    return {c["name"]: c["value"] for c in variant.get("condition") or []}


@lru_cache(maxsize=1)
def _variants() -> Dict[str, Answer]:
    """normalised text -> what it says (decision, tier, language)."""
    responses = yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))["responses"]
    result = {}
    for name, decision in DECISIONS.items():
        for variant in responses[name]:
            conditions = variant_conditions(variant)
            tier = conditions.get("red_flag_tier", EMERGENCY)
            result[_normal(variant["text"])] = Answer(
                decision, tier, conditions.get("language", GERMAN)
            )
    return result


def answer_of(first_message: str) -> Answer:
    return _variants().get(_normal(first_message), Answer(NONE, None, None))


def classify(first_message: str):
    """(decision, tier) of the bot's first answer to a message."""
    answer = answer_of(first_message)
    return answer.decision, answer.tier


def is_escalation(messages: List[Dict]) -> bool:
    return bool(messages) and classify(messages[0].get("text", ""))[0] == ALARM


def says_112(first_message: str) -> bool:
    """112 in the first paragraph: the patient's language comes first."""
    return "112" in first_message.strip().split("\n")[0]


def language_versions(response: str) -> dict:
    """language -> tier -> variant of a response in domain.yml."""
    responses = yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))["responses"]
    versions = {}
    for variant in responses[response]:
        conditions = variant_conditions(variant)
        language = conditions.get("language", GERMAN)
        versions.setdefault(language, {})[conditions.get("red_flag_tier")] = variant
    return versions
