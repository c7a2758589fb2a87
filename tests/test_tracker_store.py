"""The cached SQLite tracker store keeps SQLite as the record."""

import asyncio

from rasa.shared.core.events import ActionExecuted, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from components.tracker_store import CachedSQLTrackerStore


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
