"""The second half of the warning-sign answer.

The static response `utter_red_flag` has already told the patient to call the
practice or 112 (it works even when this action server is down). This action
adds what it recognised, in plain words, and whether the practice can be
called right now; outside opening hours it names the on-call service 116117.
"""

import logging
from functools import lru_cache
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import clock
from actions.opening_hours import status_at, status_now_text
from actions.practice import Practice, PracticeFileError, get_practice
from components.red_flags import RED_FLAGS_FILE, load_red_flag_config

logger = logging.getLogger(__name__)

RED_FLAG_ENTITY = "red_flag"


@lru_cache(maxsize=4)
def _category_names(modified: float) -> Dict[str, str]:
    config = load_red_flag_config(RED_FLAGS_FILE)
    return {key: group["name"] for key, group in config["gruppen"].items()}


def category_names() -> Dict[str, str]:
    """Plain German names of the warning-sign groups in red_flags.yml."""
    return _category_names(RED_FLAGS_FILE.stat().st_mtime)


def recognised_signs(tracker: Tracker) -> List[str]:
    names = category_names()
    keys = [
        entity.get("value")
        for entity in tracker.latest_message.get("entities", [])
        if entity.get("entity") == RED_FLAG_ENTITY
    ]
    return [names.get(key, key) for key in dict.fromkeys(keys) if key]


def _phone_hint(practice: Practice) -> str:
    if practice.contact.phone:
        return f"unter {practice.contact.phone}"
    return "(die Telefonnummer finden Sie auf der Webseite der Praxis)"


def call_advice(practice: Practice) -> str:
    """Whom to call now, depending on the opening hours."""
    now = clock.now()
    status = status_at(practice, now)
    numbers = practice.emergency
    if status.is_open:
        return (
            f"{status_now_text(practice, now)} Bitte rufen Sie sofort in der Praxis an "
            f"{_phone_hint(practice)}. Im Notfall wählen Sie {numbers.emergency_number}."
        )
    return (
        f"{status_now_text(practice, now)} Versuchen Sie, die Praxis telefonisch zu "
        f"erreichen {_phone_hint(practice)}. Gelingt das nicht, wenden Sie sich an den "
        f"ärztlichen Bereitschaftsdienst unter {numbers.on_call_number}. "
        f"Im Notfall wählen Sie sofort {numbers.emergency_number}."
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
        try:
            advice = call_advice(get_practice())
        except PracticeFileError:
            logger.exception("practice.yml could not be loaded")
            advice = "Bitte folgen Sie dem Hinweis oben."
        dispatcher.utter_message(
            text=f"{recognised} Ich kann nicht beurteilen, wie dringend es ist. {advice}"
        )
        return []
