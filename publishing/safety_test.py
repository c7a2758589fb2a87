"""The safety test every new model passes before it goes live.

The model is loaded in this process (no action server: the warning-sign answers
are static responses, so they reach patients even when the action server is down)
and each message of safety_messages.yml is sent in a new conversation. What is
checked are response names and slot values, never wording:
- a warning sign gets utter_red_flag, directly or after "Ja" to the safety
  question (utter_red_flag_check); an emergency gets it with the emergency tier;
  one in another language gets it with that language (slot `language`);
- a question gets the named response.
"""

import asyncio
import logging
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Tuple

import yaml

from components.languages import GERMAN
from components.red_flag_labels import LANGUAGE_SLOT
from components.red_flags import EMERGENCY
from staff.check import quiet_rasa

MESSAGES_FILE = Path(__file__).with_name("safety_messages.yml")
ALARM_RESPONSE = "utter_red_flag"
CHECK_RESPONSE = "utter_red_flag_check"
YES_PAYLOAD = "/affirm"
TIER_SLOT = "red_flag_tier"


@dataclass
class Failure:
    message: str
    expected: str
    got: str


def load_messages(path: Path = MESSAGES_FILE) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


async def _turn(agent, sender: str, text: str) -> List[Tuple[str, Optional[str], Optional[str]]]:
    """Sends one message; returns (response name, red_flag_tier, language) of each
    bot message."""
    tracker_before = await agent.tracker_store.retrieve(sender)
    known = len(tracker_before.events) if tracker_before else 0
    await agent.handle_text(text, sender_id=sender)
    tracker = await agent.tracker_store.retrieve(sender)
    uttered = []
    for event in list(tracker.events)[known:]:
        if event.type_name == "bot":
            name = (event.metadata or {}).get("utter_action", "")
            uttered.append((name, tracker.get_slot(TIER_SLOT), tracker.get_slot(LANGUAGE_SLOT)))
    return uttered


async def _run(agent, messages: dict) -> List[Failure]:
    failures = []
    for item in messages.get("warnzeichen", []):
        sender = f"sicherheitstest-{uuid.uuid4().hex}"
        answers = await _turn(agent, sender, item["text"])
        names = [name for name, _, _ in answers]
        if CHECK_RESPONSE in names and ALARM_RESPONSE not in names:
            answers = await _turn(agent, sender, YES_PAYLOAD)
            names = [name for name, _, _ in answers]
        alarm = [(tier, language) for name, tier, language in answers if name == ALARM_RESPONSE]
        if not alarm:
            failures.append(
                Failure(item["text"], "Warnzeichen-Antwort", ", ".join(names) or "keine")
            )
        elif item.get("stufe") == EMERGENCY and alarm[0][0] not in (None, EMERGENCY):
            failures.append(Failure(item["text"], "Notfall-Antwort (112)", f"Stufe {alarm[0][0]}"))
        elif alarm[0][1] != item.get("sprache", GERMAN):
            failures.append(
                Failure(item["text"], f"Sprache {item.get('sprache', GERMAN)}", str(alarm[0][1]))
            )
    for item in messages.get("fragen", []):
        sender = f"sicherheitstest-{uuid.uuid4().hex}"
        names = [name for name, _, _ in await _turn(agent, sender, item["text"])]
        if item["antwort"] not in names:
            failures.append(Failure(item["text"], item["antwort"], ", ".join(names) or "keine"))
    return failures


def run_safety_test(model_path: Path, messages_file: Path = MESSAGES_FILE) -> List[Failure]:
    """The failures of the model on the fixed messages (empty: passed)."""
    messages = load_messages(messages_file)
    # Rasa also warns that no action server is set: nothing of it is for staff.
    with quiet_rasa(logging.CRITICAL):
        from rasa.core.agent import Agent

        agent = Agent.load(str(model_path))
        return asyncio.run(_run(agent, messages))
