"""Privacy in the running Rasa server: deleting a conversation on request, and
housekeeping that keeps deleted and expired conversations out of it.

- `delete_conversation`: the patient's "Gespräch löschen" (the REST channel's
  DELETE route). Under the conversation's lock (no message of it is being handled
  meanwhile) every event goes from the database and the store's memory; leaving
  the lock removes it from the lock store too.
- `housekeeping`: a task of the server. Every minute it drops conversations from
  memory that were deleted elsewhere (another instance, `make delete`, `make
  purge`); once a day it deletes conversations past the retention period
  (practice.yml, `datenschutz.aufbewahrung_tage`), so a server running for months
  keeps nothing longer than that. PRAXIS_HOUSEKEEPING_SECONDS and
  PRAXIS_PURGE_SECONDS shorten both for tests; the clock is actions.clock
  (PRAXIS_NOW fixes it).
"""

import asyncio
import logging
import os
import time
from typing import Any, Optional, Text

from rasa.core.tracker_store import InMemoryTrackerStore

from actions import clock
from actions.practice import get_practice
from components.tracker_store import CachedSQLTrackerStore, purge, sql_store_of

logger = logging.getLogger(__name__)

SWEEP_SECONDS = 60.0
PURGE_SECONDS = 24 * 60 * 60.0


def deletable_store(agent: Any) -> Optional[CachedSQLTrackerStore]:
    store = sql_store_of(getattr(agent, "tracker_store", None))
    return store if isinstance(store, CachedSQLTrackerStore) else None


async def delete_conversation(agent: Any, sender_id: Text) -> int:
    """Deletes one conversation everywhere; returns how many events it had (for a
    store kept only in memory, 1 if it existed)."""
    store = sql_store_of(agent.tracker_store)
    async with agent.lock_store.lock(sender_id):
        if isinstance(store, CachedSQLTrackerStore):
            return store.delete_conversation(sender_id)
        if isinstance(store, InMemoryTrackerStore):
            return 1 if store.store.pop(sender_id, None) is not None else 0
    raise RuntimeError(f"{type(store).__name__} cannot delete conversations")


def purge_expired(agent: Any) -> int:
    """Deletes conversations past the retention period; returns how many."""
    store = deletable_store(agent)
    if store is None:
        return 0
    deleted = purge(store, get_practice().retention_days, clock.now().timestamp())
    store.forget_deleted()
    return deleted


async def housekeeping(app: Any) -> None:
    sweep_seconds = float(os.environ.get("PRAXIS_HOUSEKEEPING_SECONDS", SWEEP_SECONDS))
    purge_seconds = float(os.environ.get("PRAXIS_PURGE_SECONDS", PURGE_SECONDS))
    last_purge = time.monotonic()  # the start scripts purge before the server starts
    while True:
        await asyncio.sleep(sweep_seconds)
        agent = getattr(app.ctx, "agent", None)
        try:
            store = deletable_store(agent)
            if store is not None:
                store.forget_deleted()
            if time.monotonic() - last_purge >= purge_seconds:
                last_purge = time.monotonic()
                deleted = purge_expired(agent)
                logger.info(f"Retention: {deleted} expired conversations deleted.")
        except Exception as error:  # keep the task alive; the next round tries again
            logger.error(f"Privacy housekeeping failed: {type(error).__name__}")
