"""The trained model's policies decide the same on the cut tracker as on the whole one.

components/tracker_store.py hands Rasa only the recent turns of a long conversation
(issue 11: the per-message cost grew with its length). This runs one long
conversation through the store, as the Rasa server does (retrieve, add the turn,
predict until action_listen, save), and at every prediction asks the trained
model's policies (MemoizationPolicy, RulePolicy) about the store's tracker and
about a tracker with the whole conversation: same action, same policy. It fails
when a Rasa upgrade or a new rule or story needs a longer history than is kept.
"""

import asyncio

import pytest
from rasa.core.agent import Agent
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from components.tracker_store import RECENT_TURNS, CachedSQLTrackerStore, StoredTracker
from tests.rasa_servers import MODEL

# Every intent, with the safety question answered "Ja" and "Nein", a greeting in
# the middle and repeated questions; five rounds make a conversation far longer
# than the turns the store keeps.
ROUND = [
    "greet", "faq", "faq", "red_flag_check", "affirm", "ask_opening_hours",
    "red_flag_check", "deny", "thank", "red_flag", "ask_contact", "worry",
    "book_appointment", "ask_address", "ask_costs_insurance", "ask_referral",
    "ask_directions", "personal_medical_advice", "correct_bot", "bot_challenge",
    "out_of_scope", "nlu_fallback", "affirm", "deny", "greet", "goodbye",
]  # fmt: skip
SIGNS = {"red_flag", "red_flag_check"}


@pytest.fixture(scope="module")
def agent():
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` first")
    return Agent.load(str(MODEL))


def best(prediction):
    top = max(prediction["scores"], key=lambda score: score["score"])
    return top["action"], prediction["policy"], round(prediction["confidence"], 6)


async def talk(agent, store, intents):
    """Returns the number of predictions compared and the stored conversation."""
    sender = "lang"
    tracker = await store.get_or_create_tracker(sender)
    whole = DialogueStateTracker.from_events(sender, list(tracker.events), agent.domain.slots)
    compared = 0
    for number, intent in enumerate(intents):
        tracker = await store.retrieve(sender)
        turn = [UserUttered(f"Nachricht {number}", intent={"name": intent, "confidence": 1.0})]
        if intent in SIGNS:  # as action_extract_slots sets the slot from the entity
            turn.append(SlotSet("red_flag_tier", "notfall" if number % 3 else "dringend"))
        for _ in range(10):
            for event in turn:
                tracker.update(event)
                whole.update(event)
            assert tracker.get_slot("red_flag_tier") == whole.get_slot("red_flag_tier")
            expected = best(agent.processor.predict_next_with_tracker(whole))
            assert best(agent.processor.predict_next_with_tracker(tracker)) == expected, (
                number,
                intent,
            )
            compared += 1
            action, policy, confidence = expected
            turn = [ActionExecuted(action, policy=policy, confidence=confidence)]
            if action == "action_listen":
                break
        for event in turn:
            tracker.update(event)
            whole.update(event)
        assert isinstance(tracker, StoredTracker)
        await store.save(tracker)
    return compared, whole, await store.retrieve_full_tracker(sender)


# 1 turn decides the same today; RECENT_TURNS leaves room for longer rules.
@pytest.mark.parametrize("recent_turns", [RECENT_TURNS, 1])
def test_policies_decide_the_same_on_the_cut_tracker(agent, tmp_path, recent_turns):
    store = CachedSQLTrackerStore(
        domain=agent.domain,
        dialect="sqlite",
        db=str(tmp_path / "rasa.db"),
        recent_turns=recent_turns,
    )
    intents = ROUND * 5
    compared, whole, stored = asyncio.run(talk(agent, store, intents))
    assert compared > 2 * len(intents)
    # The store was cut (so the comparison meant something) ...
    assert len(asyncio.run(store.retrieve("lang")).events) < len(whole.events) / 3
    # ... and the database holds every event once, in order.
    assert [e.as_dict() for e in stored.events] == [e.as_dict() for e in whole.events]
