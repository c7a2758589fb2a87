"""Rasa's RedisLockStore with its read-change-write steps made atomic.

Several Rasa instances share one Redis lock store, so that a conversation's
messages are handled one at a time (production profile, issue 11). Rasa's
RedisLockStore reads a conversation's ticket lock, changes it and writes it back
in separate steps: two instances that take a message of the same conversation at
the same moment can both get ticket 0 and work at once (seen in
tests/test_prod_profile.py: a second session start in the middle of a
conversation), and a lock deleted in `cleanup` while another instance has just
taken a ticket makes that instance fail. Here each of those steps holds a short
Redis mutex for the conversation (redis-py's Lock: SET NX with an expiry).

Only public LockStore methods are overridden: `issue_ticket`, `update_lock` and
`cleanup` (which calls `finish_serving`); tests/test_lock_store.py pins that these
are the steps Rasa uses.
"""

from typing import Any, Text

from rasa.core.lock_store import LOCK_LIFETIME, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

# A step takes a few milliseconds; the expiry only matters if an instance dies
# while holding the mutex.
MUTEX_EXPIRY_SECONDS = 5
MUTEX_WAIT_SECONDS = 10


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig) -> None:
        # endpoints.yml: type: components.lock_store.AtomicRedisLockStore, then
        # the same keys as Rasa's "redis" type (url, port, db, password, key_prefix).
        super().__init__(host=endpoint_config.url, **endpoint_config.kwargs)

    def _mutex(self, conversation_id: Text) -> Any:
        return self.red.lock(
            f"{self.key_prefix}{conversation_id}:mutex",
            timeout=MUTEX_EXPIRY_SECONDS,
            blocking_timeout=MUTEX_WAIT_SECONDS,
        )

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        with self._mutex(conversation_id):
            return super().issue_ticket(conversation_id, lock_lifetime)

    def update_lock(self, conversation_id: Text) -> None:
        with self._mutex(conversation_id):
            super().update_lock(conversation_id)

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        with self._mutex(conversation_id):
            super().cleanup(conversation_id, ticket_number)
