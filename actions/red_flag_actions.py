"""The second half of the warning-sign answer.

The static response `utter_red_flag` has already given the instruction that
fits the urgency (it works even when this action server is down): 112 now for
an emergency, a doctor today for an urgent sign. This action adds what it
recognised, in plain words; for the urgent tier it adds whether the practice
can be called right now, and outside opening hours the on-call service 116117.
"""

import logging
from functools import lru_cache
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import clock
from actions.opening_hours import status_at, status_now_text
from actions.practice import Practice, PracticeFileError, get_practice
from components.red_flag_labels import RED_FLAG_ENTITY
from components.red_flags import RED_FLAGS_FILE, URGENT, group_names, load_red_flag_config

logger = logging.getLogger(__name__)

TIER_SLOT = "red_flag_tier"


@lru_cache(maxsize=4)
def _category_names(modified: float) -> Dict[str, str]:
    return group_names(load_red_flag_config(RED_FLAGS_FILE))


def category_names() -> Dict[str, str]:
    """Plain German names of the warning-sign groups in red_flags.yml."""
    return _category_names(RED_FLAGS_FILE.stat().st_mtime)


def _latest_sign_entities(tracker: Tracker) -> List[Dict[str, Any]]:
    """The red_flag entities of the latest message that had any: the message
    itself, or the one before a "Ja" to the safety question."""
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        entities = [
            e
            for e in (event.get("parse_data") or {}).get("entities", [])
            if e.get("entity") == RED_FLAG_ENTITY
        ]
        if entities:
            return entities
    return [
        e for e in tracker.latest_message.get("entities", []) if e.get("entity") == RED_FLAG_ENTITY
    ]


def recognised_signs(tracker: Tracker) -> List[str]:
    names = category_names()
    keys = [entity.get("value") for entity in _latest_sign_entities(tracker)]
    return [names.get(key, key) for key in dict.fromkeys(keys) if key]


def _phone_hint(practice: Practice) -> str:
    if practice.contact.phone:
        return f"unter {practice.contact.phone}"
    return "(die Telefonnummer finden Sie auf der Webseite der Praxis)"


def call_advice(practice: Practice) -> str:
    """Whom to call today for an urgent sign, depending on the opening hours."""
    now = clock.now()
    status = status_at(practice, now)
    if status.is_open:
        return f"{status_now_text(practice, now)} Rufen Sie die Praxis jetzt an {_phone_hint(practice)}."
    return (
        f"{status_now_text(practice, now)} Wenden Sie sich deshalb an den ärztlichen "
        f"Bereitschaftsdienst unter {practice.emergency.on_call_number}."
    )


class ActionRedFlagDetails(Action):
    def name(self) -> Text:
        return "action_red_flag_details"

    def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[Dict[Text, Any]]:
        signs = recognised_signs(tracker)
        if signs:
            recognised = "Erkannt habe ich in Ihrer Nachricht: " + "; ".join(signs) + "."
        else:
            recognised = "Ihre Nachricht deutet auf ein mögliches Warnzeichen hin."
        if tracker.get_slot(TIER_SLOT) != URGENT:
            # utter_red_flag said "112 now"; nothing here may soften that.
            dispatcher.utter_message(
                text=f"{recognised} Ich kann das nicht beurteilen; bitte zögern Sie nicht, "
                "den Notruf zu wählen."
            )
            return []
        try:
            advice = call_advice(get_practice())
        except PracticeFileError:
            logger.exception("practice.yml could not be loaded")
            advice = "Bitte folgen Sie dem Hinweis oben."
        dispatcher.utter_message(text=f"{recognised} {advice}")
        return []
