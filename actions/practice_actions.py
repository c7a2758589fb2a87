"""Rasa actions for practice facts: opening hours, address, contact, appointments,
costs and insurance, referrals, directions.

Every action sends one German text plus two buttons that lead on. The button
payload is the button title, a question the assistant understands.
All facts come from practice.yml (see actions/practice.py).
"""

import logging
from typing import Any, Callable, Dict, List, Sequence, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import clock
from actions.opening_hours import (
    address_text,
    answer_opening_question,
    appointment_text,
    contact_text,
)
from actions.practice import Practice, PracticeFileError, get_practice
from actions.practice_info import costs_text, directions_text, referral_text

logger = logging.getLogger(__name__)

ASK_OPENING_HOURS = "Wann ist die Praxis geöffnet?"
ASK_ADDRESS = "Wo ist die Praxis?"
ASK_CONTACT = "Wie erreiche ich die Praxis?"
ASK_APPOINTMENT = "Wie bekomme ich einen Termin?"
ASK_CONSULTATION = "Was bietet die Praxis bei anhaltenden Beschwerden an?"

DATA_ERROR_TEXT = (
    "Entschuldigung, die Praxisdaten sind gerade nicht verfügbar. "
    "Bitte versuchen Sie es später noch einmal."
)


def _send_answer(
    dispatcher: CollectingDispatcher,
    make_text: Callable[[Practice], str],
    follow_up_questions: Sequence[str],
) -> List[Dict[Text, Any]]:
    """Build the answer from practice.yml and send it with follow-up buttons."""
    try:
        text = make_text(get_practice())
    except PracticeFileError:
        logger.exception("practice.yml could not be loaded")
        dispatcher.utter_message(text=DATA_ERROR_TEXT)
        return []
    buttons = [{"title": question, "payload": question} for question in follow_up_questions]
    dispatcher.utter_message(text=text, buttons=buttons)
    return []


class ActionOpeningHours(Action):
    """Answers the opening hours question in the latest user message."""

    def name(self) -> Text:
        return "action_opening_hours"

    def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[Dict[Text, Any]]:
        message = tracker.latest_message.get("text") or ""
        return _send_answer(
            dispatcher,
            lambda practice: answer_opening_question(practice, message, clock.now()),
            [ASK_APPOINTMENT, ASK_ADDRESS],
        )


class ActionPracticeAddress(Action):
    def name(self) -> Text:
        return "action_practice_address"

    def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[Dict[Text, Any]]:
        return _send_answer(dispatcher, address_text, [ASK_OPENING_HOURS, ASK_CONTACT])


class ActionPracticeContact(Action):
    def name(self) -> Text:
        return "action_practice_contact"

    def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[Dict[Text, Any]]:
        return _send_answer(dispatcher, contact_text, [ASK_APPOINTMENT, ASK_OPENING_HOURS])


class ActionBookAppointment(Action):
    def name(self) -> Text:
        return "action_book_appointment"

    def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[Dict[Text, Any]]:
        return _send_answer(dispatcher, appointment_text, [ASK_CONTACT, ASK_ADDRESS])


class ActionCostsInsurance(Action):
    def name(self) -> Text:
        return "action_costs_insurance"

    def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[Dict[Text, Any]]:
        return _send_answer(dispatcher, costs_text, [ASK_APPOINTMENT, ASK_CONTACT])


class ActionReferral(Action):
    def name(self) -> Text:
        return "action_referral"

    def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[Dict[Text, Any]]:
        return _send_answer(dispatcher, referral_text, [ASK_APPOINTMENT, ASK_CONSULTATION])


class ActionDirections(Action):
    def name(self) -> Text:
        return "action_directions"

    def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[Dict[Text, Any]]:
        return _send_answer(dispatcher, directions_text, [ASK_OPENING_HOURS, ASK_CONTACT])
