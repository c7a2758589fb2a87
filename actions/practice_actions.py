"""Rasa actions for practice facts: opening hours, address, contact, appointments,
costs and insurance, referrals, directions.

Every action sends one German text plus two buttons that lead on. The button
payload is the button title, a question the assistant understands.
All facts come from practice.yml (see actions/practice.py).
"""

import logging
from typing import Any, Callable, Dict, List, Sequence, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction
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

# Actions that hand a question over to one of the actions below (FollowupAction):
# a follow-up, and "Nein" to the safety question.
HANDING_OVER = {"action_answer_follow_up", "action_answer_original_question"}
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


def opening_hours_text(practice: Practice) -> str:
    """The answer to the general question "Wann ist die Praxis geöffnet?"."""
    return answer_opening_question(practice, ASK_OPENING_HOURS, clock.now())


# What each action says (computed from practice.yml) and the questions its two
# buttons ask next. The one source for the actions below and for the staff's
# content page (staff/content_page.py).
PRACTICE_ANSWERS: Dict[str, Tuple[Callable[[Practice], str], Tuple[str, ...]]] = {
    "action_opening_hours": (opening_hours_text, (ASK_APPOINTMENT, ASK_ADDRESS)),
    "action_practice_address": (address_text, (ASK_OPENING_HOURS, ASK_CONTACT)),
    "action_practice_contact": (contact_text, (ASK_APPOINTMENT, ASK_OPENING_HOURS)),
    "action_book_appointment": (appointment_text, (ASK_CONTACT, ASK_ADDRESS)),
    "action_costs_insurance": (costs_text, (ASK_APPOINTMENT, ASK_CONTACT)),
    "action_referral": (referral_text, (ASK_APPOINTMENT, ASK_CONSULTATION)),
    "action_directions": (directions_text, (ASK_OPENING_HOURS, ASK_CONTACT)),
}


class PracticeAnswer:
    """run() of the actions below: the action's text from PRACTICE_ANSWERS, sent
    with its follow-up buttons. Not an Action itself, so that the action server
    does not register it as one."""

    action_name: Text = ""

    def name(self) -> Text:
        return self.action_name

    def text(self, practice: Practice, tracker: Tracker) -> str:
        make_text, _ = PRACTICE_ANSWERS[self.action_name]
        return make_text(practice)

    def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[Dict[Text, Any]]:
        _, follow_ups = PRACTICE_ANSWERS[self.action_name]
        events = _send_answer(dispatcher, lambda practice: self.text(practice, tracker), follow_ups)
        if tracker.latest_action_name in HANDING_OVER:
            # No rule covers a step after a handover: wait for the patient here.
            events.append(FollowupAction("action_listen"))
        return events


class ActionOpeningHours(PracticeAnswer, Action):
    """Answers the opening hours question in the latest user message."""

    action_name = "action_opening_hours"

    def text(self, practice: Practice, tracker: Tracker) -> str:
        message = tracker.latest_message.get("text") or ""
        return answer_opening_question(practice, message, clock.now())


class ActionPracticeAddress(PracticeAnswer, Action):
    action_name = "action_practice_address"


class ActionPracticeContact(PracticeAnswer, Action):
    action_name = "action_practice_contact"


class ActionBookAppointment(PracticeAnswer, Action):
    action_name = "action_book_appointment"


class ActionCostsInsurance(PracticeAnswer, Action):
    action_name = "action_costs_insurance"


class ActionReferral(PracticeAnswer, Action):
    action_name = "action_referral"


class ActionDirections(PracticeAnswer, Action):
    action_name = "action_directions"
