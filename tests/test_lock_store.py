"""The production profile's lock store (components/lock_store.py) on a real Redis.

Starts its own redis-server (Debian package, installed by `make setup-prod`) on a
free port; skipped where redis-server is not installed.
"""

import asyncio
import shutil
import subprocess
import threading
import time
from collections import Counter

import pytest
import redis
from rasa.core.lock_store import RedisLockStore
from rasa.utils.endpoints import EndpointConfig

from components.lock_store import AtomicRedisLockStore

REDIS_PORT = 6415


@pytest.fixture(scope="module")
def redis_port(tmp_path_factory):
    if not shutil.which("redis-server"):
        pytest.skip("redis-server not installed (make setup-prod installs it)")
    directory = tmp_path_factory.mktemp("redis")
    server = subprocess.Popen(
        ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(directory)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    client = redis.StrictRedis(port=REDIS_PORT)
    deadline = time.time() + 10
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            assert time.time() < deadline, "redis-server did not start"
            time.sleep(0.1)
    yield REDIS_PORT
    server.terminate()
    server.wait(timeout=10)


def store(port, kind=AtomicRedisLockStore):
    return kind(EndpointConfig(url="127.0.0.1", port=port, db=0, key_prefix="test"))


def test_tickets_taken_at_once_by_two_instances_are_all_different(redis_port):
    instances = [store(redis_port), store(redis_port)]  # as two Rasa servers
    tickets, guard = [], threading.Lock()

    def take(instance):
        for _ in range(25):
            ticket = instance.issue_ticket("gleichzeitig", lock_lifetime=60)
            with guard:
                tickets.append(ticket)

    threads = [threading.Thread(target=take, args=(instances[n % 2],)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(tickets) == 200
    assert [t for t, n in Counter(tickets).items() if n > 1] == []
    assert instances[0].get_lock("gleichzeitig").last_issued == 199


def test_rasa_uses_exactly_the_steps_this_store_makes_atomic(redis_port):
    """Pins Rasa's LockStore.lock(): it must take a ticket with issue_ticket, wait
    with update_lock and give it back with cleanup. A Rasa upgrade that changes
    this fails here."""
    calls = []

    class Recording(AtomicRedisLockStore):
        def issue_ticket(self, *args, **kwargs):
            calls.append("issue_ticket")
            return super().issue_ticket(*args, **kwargs)

        def update_lock(self, *args, **kwargs):
            calls.append("update_lock")
            return super().update_lock(*args, **kwargs)

        def cleanup(self, *args, **kwargs):
            calls.append("cleanup")
            return super().cleanup(*args, **kwargs)

    recording = store(redis_port, Recording)
    other = store(redis_port)

    async def conversation():
        first = other.issue_ticket("pin", lock_lifetime=60)  # someone else is being served

        async def release_soon():
            await asyncio.sleep(0.3)
            other.cleanup("pin", first)

        release = asyncio.ensure_future(release_soon())
        async with recording.lock("pin", wait_time_in_seconds=0.1):
            pass
        await release

    asyncio.run(conversation())
    assert calls[0] == "issue_ticket" and calls[-1] == "cleanup"
    assert "update_lock" in calls  # waited for the other ticket
    assert set(calls) == {"issue_ticket", "update_lock", "cleanup"}
    assert issubclass(AtomicRedisLockStore, RedisLockStore)
