"""SQL tracker store that keeps the recent part of each conversation in memory.

Two costs of Rasa's plain SQLTrackerStore grow with a conversation:
- reading it back: query, JSON and event objects for every event at every message
  (about 30 % of the server's time with 30-message conversations), and
- the policies: MemoizationPolicy and RulePolicy turn the whole tracker into states
  at every prediction (RasaHQ/rasa issues 6334, 11828, 4101); message 181-200 of
  one conversation took about 3x as long as message 1-20.

So this store hands Rasa a tracker with only the recent turns of a conversation,
kept in memory between messages, and writes only new events. The database keeps
every event (`retrieve_full_tracker()`, the HTTP API's GET .../tracker and the
staff tools read all of it).

Recent turns: once a tracker holds more than 2 x `recent_turns` user messages,
it is cut back to the last `recent_turns` (at the `action_listen` before a user
message) and starts with SlotSet events for the slot values at the cut. Our
policies look back only a few states: a rule is a few states long (the longest
looks at the previous turn's last action), and a `conversation_start` rule needs
the conversation's first state, which a cut tracker has only before its kept
turns, never next to the new message. MemoizationPolicy (max_history unset, so
whole conversations) never decides where a rule does. tests/
test_tracker_store_policies.py runs the trained model's policies on the store's
tracker and on the whole conversation and requires the same prediction at every
step (today even with 1 kept turn; 5 leave room for longer rules and stories).

Several Rasa instances on one database (make run-prod): a conversation may have
been continued by another instance since this one cached it. So the cache is
checked at every retrieve() with one indexed query: rows of this conversation
from the last row we know onward. New rows (the other instance's answers) are
appended to the cached tracker; a missing last row (the conversation was
deleted, e.g. by `make purge`) or a tracker changed without being saved means
reading it again from the database. Rasa's lock store makes sure only one
instance handles a conversation at a time, so nothing is written between this
check and our save(). The check costs one small query in a single instance too;
that keeps one code path and makes a wrong setting impossible.
"""

import itertools
import json
import time
from collections import OrderedDict
from typing import Any, List, Optional, Text, Tuple

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    ConversationPaused,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
    deserialise_events,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

# Conversations deleted per DELETE statement (databases limit the parameters).
DELETE_BATCH = 500

# Complete turns kept for the policies (see the module docstring); the tracker
# grows to twice as many before it is cut back, so it is not rebuilt every message.
RECENT_TURNS = 5


class StoredTracker(DialogueStateTracker):
    """A tracker from this store: knows which of its events are in the database."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # events[:stored_events] are in the database (or stand for it: the
        # SlotSet events at the start of a cut tracker); the rest are new.
        self.stored_events = 0
        # id of the conversation's last database row this tracker contains
        self.last_row_id: Optional[int] = None


def recent_part(
    tracker: DialogueStateTracker, recent_turns: int = RECENT_TURNS
) -> Optional[List[Event]]:
    """The events of a tracker cut to its last `recent_turns` user messages, with
    the slots (and an active loop, a pause) at the cut set at the start; None when
    the tracker holds at most 2 x `recent_turns` user messages."""
    events = list(tracker.events)
    user_messages = [i for i, event in enumerate(events) if isinstance(event, UserUttered)]
    if len(user_messages) <= 2 * recent_turns:
        return None
    first_kept, turn_before = user_messages[-recent_turns], user_messages[-recent_turns - 1]
    # Start where a turn starts: at the action_listen before the user message.
    cut = first_kept
    for index in range(first_kept - 1, turn_before, -1):
        event = events[index]
        if isinstance(event, ActionExecuted) and event.action_name == ACTION_LISTEN_NAME:
            cut = index
            break
    before = DialogueStateTracker.from_events(
        tracker.sender_id, events[:cut], slots=list(tracker.slots.values())
    )
    stamp = events[cut].timestamp
    start: List[Event] = [
        SlotSet(name, slot.value, timestamp=stamp)
        for name, slot in before.slots.items()
        if slot.value != slot.initial_value
    ]
    if before.active_loop_name:
        start.append(ActiveLoop(before.active_loop_name, timestamp=stamp))
    if before.is_paused():
        start.append(ConversationPaused(timestamp=stamp))
    return start + events[cut:]


class CachedSQLTrackerStore(SQLTrackerStore):
    def __init__(
        self,
        *args: Any,
        cached_conversations: int = 1000,
        recent_turns: int = RECENT_TURNS,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._cached: "OrderedDict[Text, StoredTracker]" = OrderedDict()
        # sender_id -> (a tracker not made by this store, how many of its events are stored)
        self._plain: "OrderedDict[Text, Tuple[DialogueStateTracker, int]]" = OrderedDict()
        self._cache_size = int(cached_conversations)
        self._recent_turns = int(recent_turns)

    # --- reading -------------------------------------------------------------

    def init_tracker(self, sender_id: Text) -> DialogueStateTracker:
        return StoredTracker(sender_id, self.domain.slots)

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        """The latest session of a conversation, cut to its recent turns."""
        with self.session_scope() as session:
            tracker = self._cached.get(sender_id)
            if not self._bring_up_to_date(session, tracker):
                tracker = self._load(session, sender_id)
        if tracker is None:
            self._cached.pop(sender_id, None)
            return None
        tracker = self._cut(tracker)
        self._remember(tracker)
        return tracker

    def _bring_up_to_date(self, session: Any, tracker: Optional[StoredTracker]) -> bool:
        """Appends rows written since (by another instance); False if the cached
        tracker cannot be used."""
        if tracker is None or tracker.last_row_id is None:
            return False
        if tracker.stored_events != len(tracker.events):
            return False  # changed but never saved (a failed message): read it again
        rows = (
            session.query(self.SQLEvent)
            .filter(
                self.SQLEvent.sender_id == tracker.sender_id,
                self.SQLEvent.id >= tracker.last_row_id,
            )
            .order_by(self.SQLEvent.id)
            .all()
        )
        if not rows or rows[0].id != tracker.last_row_id:
            return False  # the conversation was deleted meanwhile
        for event in deserialise_events([json.loads(row.data) for row in rows[1:]]):
            tracker.update(event)
        tracker.stored_events = len(tracker.events)
        tracker.last_row_id = rows[-1].id
        return True

    def _load(self, session: Any, sender_id: Text) -> Optional[StoredTracker]:
        """The latest session (from the last SessionStarted on), as Rasa's store reads it."""
        event = self.SQLEvent
        session_start = (
            session.query(sa.func.max(event.id))
            .filter(event.sender_id == sender_id, event.type_name == SessionStarted.type_name)
            .scalar()
        )
        query = session.query(event).filter(event.sender_id == sender_id)
        if session_start is not None:
            query = query.filter(event.id >= session_start)
        rows = query.order_by(event.id).all()
        if not rows:
            return None
        tracker = StoredTracker.from_dict(
            sender_id, [json.loads(row.data) for row in rows], self.domain.slots
        )
        tracker.stored_events = len(tracker.events)
        tracker.last_row_id = rows[-1].id
        return tracker

    def _cut(self, tracker: StoredTracker) -> StoredTracker:
        events = recent_part(tracker, self._recent_turns)
        if events is None:
            return tracker
        cut = StoredTracker.from_events(tracker.sender_id, events, self.domain.slots)
        cut.stored_events = len(cut.events)
        cut.last_row_id = tracker.last_row_id
        return cut

    def _remember(self, tracker: StoredTracker) -> None:
        self._cached[tracker.sender_id] = tracker
        self._cached.move_to_end(tracker.sender_id)
        while len(self._cached) > self._cache_size:
            self._cached.popitem(last=False)

    # --- deleting (privacy) ---------------------------------------------------

    def delete_conversation(self, sender_id: Text) -> int:
        """Deletes every event of one conversation, in every session, from the
        database and from this store's memory; returns how many events it had."""
        removed = delete_events(self, [sender_id])
        self.forget([sender_id])
        return removed

    def forget(self, sender_ids: List[Text]) -> None:
        """Drops conversations from memory (deleted from the database elsewhere)."""
        for sender_id in sender_ids:
            self._cached.pop(sender_id, None)
            self._plain.pop(sender_id, None)

    def forget_deleted(self) -> int:
        """Drops the conversations in memory that are gone from the database (deleted
        by another instance, `make delete` or `make purge`); returns how many."""
        remembered = list(self._cached) + list(self._plain)
        if not remembered:
            return 0
        event = self.SQLEvent
        stored = set()
        with self.session_scope() as session:
            for start in range(0, len(remembered), DELETE_BATCH):
                batch = remembered[start : start + DELETE_BATCH]
                rows = session.query(event.sender_id).filter(event.sender_id.in_(batch)).distinct()
                stored.update(sender_id for (sender_id,) in rows)
        gone = [sender_id for sender_id in set(remembered) if sender_id not in stored]
        self.forget(gone)
        return len(gone)

    # --- writing -------------------------------------------------------------

    async def save(self, tracker: DialogueStateTracker) -> None:
        sender_id = tracker.sender_id
        if isinstance(tracker, StoredTracker):
            stored = tracker.stored_events
        else:
            # A tracker made elsewhere: a new conversation (Rasa's wrapper around
            # the store makes it), or PUT /conversations/<id>/tracker/events.
            known = self._plain.get(sender_id)
            if known is None or known[0] is not tracker:
                # First save: Rasa's own (it counts the stored events of the
                # latest session); the next retrieve() reads the database.
                await super().save(tracker)
                self._cached.pop(sender_id, None)
                self._remember_plain(tracker)
                return
            stored = known[1]
        new_events = list(itertools.islice(tracker.events, stored, None))
        last_row_id = self._write(sender_id, new_events)
        if isinstance(tracker, StoredTracker):
            tracker.stored_events = len(tracker.events)
            if last_row_id is not None:
                tracker.last_row_id = last_row_id
            self._remember(tracker)
        else:
            self._remember_plain(tracker)

    def _remember_plain(self, tracker: DialogueStateTracker) -> None:
        """The same object saved again (one message: session start, then the
        answer) writes only what it gained since."""
        self._plain[tracker.sender_id] = (tracker, len(tracker.events))
        self._plain.move_to_end(tracker.sender_id)
        while len(self._plain) > self._cache_size:
            self._plain.popitem(last=False)

    def _write(self, sender_id: Text, events: List[Event]) -> Optional[int]:
        """Appends events; returns the id of the last new row."""
        if not events:
            return None
        with self.session_scope() as session:
            rows = [self._row(sender_id, event) for event in events]
            session.add_all(rows)
            session.flush()  # assigns the ids
            last_row_id = rows[-1].id
            session.commit()
        self._publish(sender_id, events)
        return last_row_id

    def _row(self, sender_id: Text, event: Event) -> Any:
        """The same columns as Rasa's SQLTrackerStore.save() writes."""
        data = event.as_dict()
        return self.SQLEvent(
            sender_id=sender_id,
            type_name=event.type_name,
            timestamp=data.get("timestamp"),
            intent_name=data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
            action_name=data.get("name"),
            data=json.dumps(data),
        )

    def _publish(self, sender_id: Text, events: List[Event]) -> None:
        """New events to the event broker, if one is configured (as Rasa does)."""
        if self.event_broker is None:
            return
        for event in events:
            self.event_broker.publish({"sender_id": sender_id, **event.as_dict()})


SECONDS_PER_DAY = 24 * 60 * 60


def expired_conversations(store: SQLTrackerStore, days: int, now: float) -> List[Text]:
    """Sender ids whose last event is more than `days` days before `now`."""
    event = store.SQLEvent
    cutoff = now - days * SECONDS_PER_DAY
    with store.session_scope() as session:
        rows = (
            session.query(event.sender_id)
            .group_by(event.sender_id)
            .having(sa.func.max(event.timestamp) < cutoff)
            .all()
        )
    return [sender_id for (sender_id,) in rows]


def purge(store: SQLTrackerStore, days: int, now: Optional[float] = None) -> int:
    """Deletes conversations older than `days` days (privacy); returns how many."""
    expired = expired_conversations(store, days, time.time() if now is None else now)
    delete_events(store, expired)
    return len(expired)


def sql_store_of(tracker_store: Any) -> Any:
    """The store itself inside Rasa's wrapper (the agent's AwaitableTrackerStore)."""
    return getattr(tracker_store, "_tracker_store", tracker_store)


def delete_events(store: SQLTrackerStore, sender_ids: List[Text]) -> int:
    """Deletes all events of these conversations; returns how many. SQLite then
    rewrites its file (VACUUM), so the deleted text does not linger in free pages."""
    event = store.SQLEvent
    removed = 0
    with store.session_scope() as session:
        for start in range(0, len(sender_ids), DELETE_BATCH):
            batch = list(sender_ids[start : start + DELETE_BATCH])
            removed += (
                session.query(event)
                .filter(event.sender_id.in_(batch))
                .delete(synchronize_session=False)
            )
        session.commit()
    if removed and store.engine.dialect.name == "sqlite":
        with store.engine.execution_options(isolation_level="AUTOCOMMIT").connect() as connection:
            connection.exec_driver_sql("VACUUM")
    return removed
