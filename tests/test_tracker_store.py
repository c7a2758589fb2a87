"""The cached SQL tracker store keeps the database as the record."""

import asyncio

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from components.tracker_store import CachedSQLTrackerStore

SLOT = {
    "type": "categorical",
    "values": ["notfall", "dringend"],
    "influence_conversation": False,
    "mappings": [{"type": "from_entity", "entity": "red_flag_tier"}],
}


def run(coroutine):
    return asyncio.run(coroutine)


def store_at(path, **kwargs):
    return CachedSQLTrackerStore(dialect="sqlite", db=str(path), **kwargs)


def saved_conversation(store, sender, text):
    """A conversation with one user message, saved to the store."""
    tracker = DialogueStateTracker(sender, slots=[])
    tracker.update(UserUttered(text))
    run(store.save(tracker))
    return tracker


def test_events_are_written_once_and_survive_a_restart(tmp_path):
    database = tmp_path / "rasa.db"
    store = store_at(database)
    saved_conversation(store, "patient", "Hallo")
    same = run(store.retrieve("patient"))
    same.update(ActionExecuted("utter_greet"))
    run(store.save(same))

    restarted = store_at(database)
    events = run(restarted.retrieve("patient")).events
    assert [type(e).__name__ for e in events] == ["UserUttered", "ActionExecuted"]


def test_a_new_session_in_a_cached_tracker_is_not_written_twice(tmp_path):
    database = tmp_path / "rasa.db"
    store = store_at(database)
    tracker = saved_conversation(store, "patient", "Hallo")
    tracker.update(ActionExecuted("action_session_start"))
    tracker.update(SessionStarted())
    tracker.update(UserUttered("Wann haben Sie geöffnet?"))
    run(store.save(tracker))
    tracker.update(ActionExecuted("action_opening_hours"))
    run(store.save(tracker))

    full = run(store_at(database).retrieve_full_tracker("patient"))
    assert len(full.events) == 5


def test_conversations_beyond_the_cache_are_read_from_sqlite(tmp_path):
    store = store_at(tmp_path / "rasa.db", cached_conversations=1)
    for sender in ["a", "b"]:
        saved_conversation(store, sender, f"Nachricht von {sender}")
    assert run(store.retrieve("a")).latest_message.text == "Nachricht von a"


# ---------------------------------------------------------------------------
# Several instances on one database (make run-prod): two store objects
# ---------------------------------------------------------------------------


def answer(store, sender, text, action):
    """One message handled as Rasa does: retrieve, add the turn, save."""
    tracker = run(store.retrieve(sender))
    tracker.update(UserUttered(text))
    tracker.update(ActionExecuted(action))
    tracker.update(ActionExecuted("action_listen"))
    run(store.save(tracker))


def user_texts(tracker):
    return [e.text for e in tracker.events if isinstance(e, UserUttered)]


def test_two_instances_on_one_database_see_each_others_messages(tmp_path):
    database = tmp_path / "rasa.db"
    first, second = store_at(database), store_at(database)
    saved_conversation(first, "patient", "Nachricht 0")
    texts = ["Nachricht 0"]
    for number in range(1, 9):
        # Alternating, as nginx sends them; each store has the conversation cached.
        store = first if number % 2 else second
        text = f"Nachricht {number}"
        answer(store, "patient", text, "utter_faq")
        texts.append(text)
        for reader in (first, second):
            assert user_texts(run(reader.retrieve("patient"))) == texts
    stored = run(store_at(database).retrieve_full_tracker("patient"))
    assert user_texts(stored) == texts
    assert len(stored.events) == 1 + 3 * 8  # every event once


def test_a_deleted_conversation_is_not_served_from_the_cache(tmp_path):
    database = tmp_path / "rasa.db"
    store, other = store_at(database), store_at(database)
    saved_conversation(store, "patient", "Alte Nachricht")
    answer(store, "patient", "Noch eine", "utter_faq")
    with other.session_scope() as session:  # as `make purge` deletes a conversation
        session.query(other.SQLEvent).filter_by(sender_id="patient").delete()
        session.commit()
    assert run(store.retrieve("patient")) is None
    saved_conversation(other, "patient", "Neu")
    assert user_texts(run(store.retrieve("patient"))) == ["Neu"]


def test_a_tracker_changed_without_saving_is_read_again(tmp_path):
    store = store_at(tmp_path / "rasa.db")
    saved_conversation(store, "patient", "Hallo")
    tracker = run(store.retrieve("patient"))
    tracker.update(UserUttered("nie gespeichert"))  # the message failed before save()
    assert user_texts(run(store.retrieve("patient"))) == ["Hallo"]


# ---------------------------------------------------------------------------
# Recent turns only: bounded cost, whole history in the database
# ---------------------------------------------------------------------------


def test_long_conversation_is_cut_for_rasa_but_stored_whole(tmp_path):
    database = tmp_path / "rasa.db"
    store = store_at(database, recent_turns=3)
    tracker = saved_conversation(store, "patient", "Nachricht 0")
    texts = ["Nachricht 0"]
    for number in range(1, 30):
        text = f"Nachricht {number}"
        answer(store, "patient", text, "utter_faq")
        texts.append(text)
        handed = user_texts(run(store.retrieve("patient")))
        assert handed == texts[-len(handed) :] and min(3, len(texts)) <= len(handed) <= 6
    assert user_texts(run(store_at(database).retrieve_full_tracker("patient"))) == texts
    assert len(tracker.events) == 1  # the first tracker object was not changed


def test_the_cut_tracker_starts_with_the_slot_values_of_its_first_turn(tmp_path):
    store = store_at(tmp_path / "rasa.db", recent_turns=2)
    store.domain = Domain.from_dict({"slots": {"red_flag_tier": SLOT}})
    saved_conversation(store, "patient", "Nachricht 0")
    for number in range(1, 8):
        tracker = run(store.retrieve("patient"))
        tracker.update(UserUttered(f"Nachricht {number}"))
        if number == 2:
            tracker.update(SlotSet("red_flag_tier", "notfall"))
        tracker.update(ActionExecuted("action_listen"))
        run(store.save(tracker))
    cut = run(store.retrieve("patient"))
    assert user_texts(cut)[0] != "Nachricht 0"
    assert cut.get_slot("red_flag_tier") == "notfall"
    assert isinstance(cut.events[0], SlotSet)
