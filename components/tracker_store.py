"""SQLite tracker store that keeps recent conversations in memory.

Reading a conversation back from SQLite (query, JSON, event objects) took about
30 % of the Rasa server's time under load. Conversations are handled one message
at a time (Rasa's lock store), so the tracker saved after one message is exactly
the one needed for the next: we keep it, remember how many of its events are
stored, and write only the new ones. SQLite stays the record: after a restart,
or for a conversation pushed out of the cache, the tracker is read from it.
"""

import itertools
from collections import OrderedDict
from typing import Any, Dict, Iterator, Optional, Text

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker


class CachedSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, cached_conversations: int = 1000, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._cached: "OrderedDict[Text, DialogueStateTracker]" = OrderedDict()
        # sender_id -> how many events of the cached tracker are in the database
        self._stored_events: Dict[Text, int] = {}
        self._cache_size = int(cached_conversations)

    def _remember(self, tracker: DialogueStateTracker) -> None:
        self._cached[tracker.sender_id] = tracker
        self._cached.move_to_end(tracker.sender_id)
        self._stored_events[tracker.sender_id] = len(tracker.events)
        while len(self._cached) > self._cache_size:
            sender_id, _ = self._cached.popitem(last=False)
            self._stored_events.pop(sender_id, None)

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        tracker = self._cached.get(sender_id)
        if tracker is None:
            tracker = await super().retrieve(sender_id)
            if tracker is not None:
                self._remember(tracker)
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        await super().save(tracker)
        self._remember(tracker)

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator:
        stored = self._stored_events.get(tracker.sender_id)
        if stored is None or self._cached.get(tracker.sender_id) is not tracker:
            return super()._additional_events(session, tracker)
        return itertools.islice(tracker.events, stored, len(tracker.events))
