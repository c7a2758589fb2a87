"""Multi-turn conversations played over REST: follow-ups, corrections, two questions.

tests/data/conversations/ holds a development set and a test set, each by an
author who saw only the article and the brief there (README there). Every
conversation runs in a new conversation; each turn's answers are read from the
tracker (the names of the responses and actions that answered it), never from
their wording, and compared with the turn's labels.

The development set guards against getting worse at the level measured last
(below); the test set is measured once, when the conversation work is done.
"""

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

import pytest
import yaml

DATA = Path(__file__).resolve().parent / "data" / "conversations"

# Labels of brief.md -> the name of the response or action that answers.
PRACTICE_ANSWERS = {
    "opening_hours": "action_opening_hours",
    "address": "action_practice_address",
    "contact": "action_practice_contact",
    "appointment": "action_book_appointment",
    "costs_insurance": "action_costs_insurance",
    "referral": "action_referral",
    "directions": "action_directions",
}
OTHER_ANSWERS = {
    "clarify": "utter_clarify",
    "emergency": "utter_red_flag",
    "safety_question": "utter_red_flag_check",
}
# Labels answered by a response of their own (utter_<label>), not by an FAQ topic.
ANSWERS_OUTSIDE_FAQ = {
    "greet",
    "goodbye",
    "thank",
    "bot_challenge",
    "out_of_scope",
    "worry",
    "personal_medical_advice",
    "correct_bot",
}
# What comes with an answer without being one: the first-answer disclaimer, the
# details after an escalation, the thanks for a "no" to the safety question.
ACCOMPANYING = {
    "utter_disclaimer",
    "action_red_flag_details",
    "utter_red_flag_check_no",
}


def answer_name(label: str) -> str:
    if label in PRACTICE_ANSWERS:
        return PRACTICE_ANSWERS[label]
    if label in OTHER_ANSWERS:
        return OTHER_ANSWERS[label]
    return f"utter_{label}" if label in ANSWERS_OUTSIDE_FAQ else f"utter_faq/{label}"


def answers_of_turn(events: List[Dict]) -> List[str]:
    """Names of what answered the latest user message, in order: a custom action
    (its own messages belong to it) or a response (`utter_action` of the bot event)."""
    latest_user = max(i for i, event in enumerate(events) if event["event"] == "user")
    answers: List[str] = []
    in_custom_action = False
    for event in events[latest_user + 1 :]:
        if event["event"] == "action":
            # action_answer_original_question sends responses, which count.
            in_custom_action = event["name"] in {*PRACTICE_ANSWERS.values(), *ACCOMPANYING}
            if in_custom_action:
                answers.append(event["name"])
        elif event["event"] == "bot" and not in_custom_action:
            name = (event.get("metadata") or {}).get("utter_action")
            answers.append(name or "?")
    return [name for name in answers if name not in ACCOMPANYING]


@dataclass
class Result:
    turns: int = 0
    turns_right: int = 0
    conversations: int = 0
    conversations_whole: int = 0
    by_kind: Counter = field(default_factory=Counter)  # kind -> conversations whole
    kinds: Counter = field(default_factory=Counter)
    wrong: List[str] = field(default_factory=list)


def turn_is_right(turn: Dict, answers: List[str]) -> bool:
    expected = [answer_name(label) for label in turn["erwartet"]]
    alternative: Optional[List[str]] = (
        [answer_name(label) for label in turn["oder"]] if turn.get("oder") else None
    )
    return answers == expected or (alternative is not None and answers == alternative)


def play(servers, path: Path) -> Result:
    result = Result()
    conversations = yaml.safe_load(path.read_text(encoding="utf-8"))["gespraeche"]
    for number, conversation in enumerate(conversations):
        sender = f"conversation-{path.stem}-{number}"
        whole = True
        for turn in conversation["turns"]:
            servers.say(sender, turn["text"])
            _, _, tracker = servers.api("GET", f"/conversations/{sender}/tracker")
            answers = answers_of_turn(tracker["events"])
            right = turn_is_right(turn, answers)
            result.turns += 1
            result.turns_right += right
            if not right:
                whole = False
                result.wrong.append(
                    f"[{conversation['art']}] {conversation['name']}: {turn['text']!r} "
                    f"expected {turn['erwartet']}, got {answers}"
                )
        result.conversations += 1
        result.conversations_whole += whole
        result.kinds[conversation["art"]] += 1
        result.by_kind[conversation["art"]] += whole
    return result


def report(result: Result) -> str:
    lines = [
        f"turns right: {result.turns_right} of {result.turns} "
        f"({result.turns_right / result.turns:.1%})",
        f"conversations whole: {result.conversations_whole} of {result.conversations} "
        f"({result.conversations_whole / result.conversations:.1%})",
    ]
    lines += [f"  {kind}: {result.by_kind[kind]} of {n} whole" for kind, n in result.kinds.items()]
    return "\n".join(lines + ["wrong turns:"] + result.wrong)


def test_every_label_of_the_sets_names_an_answer_of_the_domain():
    domain = yaml.safe_load((DATA.parent.parent.parent / "domain.yml").read_text("utf-8"))
    known = set(domain["responses"]) | set(domain["actions"])
    for path in sorted(DATA.glob("*.yml")):
        for conversation in yaml.safe_load(path.read_text(encoding="utf-8"))["gespraeche"]:
            for turn in conversation["turns"]:
                for label in turn["erwartet"] + (turn.get("oder") or []):
                    assert answer_name(label) in known, (path.name, label)


# Measured on the development set with follow-ups answered on the last topic:
# 115 of 140 turns right, 41 of 60 conversations whole; a little room for retraining.
DEV_MIN_TURNS_RIGHT = 0.78
DEV_MIN_CONVERSATIONS_WHOLE = 0.63


@pytest.mark.parametrize("name", ["dev"])
def test_conversations_of_the_development_set(rasa_servers, name):
    result = play(rasa_servers, DATA / f"{name}.yml")
    print("\n" + report(result))
    assert result.turns_right / result.turns >= DEV_MIN_TURNS_RIGHT
    assert result.conversations_whole / result.conversations >= DEV_MIN_CONVERSATIONS_WHOLE
