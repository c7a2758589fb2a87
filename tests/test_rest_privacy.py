"""Patients' data in the running assistant (SQLite store, as `make run`):
- "Gespräch löschen": DELETE /webhooks/rest/conversations/<sender_id> removes the
  conversation from the database and from the server's memory (204, then 404);
- `make delete CODE=...` deletes the one conversation whose id starts with the
  number; the running server forgets it within its housekeeping round;
- the running server deletes conversations past the retention period by itself
  (fixed clock a year ahead, housekeeping every second);
- a patient's message text is in no log, even when an action fails.

Own servers on ports 5805/5855 (deletion) and 5806/5856 (retention).
"""

import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.conftest import PRACTICE_TEST_YAML
from tests.rasa_servers import PROJECT, RasaServers, bot_text

DISCLAIMER = "ersetze keine ärztliche Beratung"


def stored_rows(database: Path, sender: str) -> int:
    with sqlite3.connect(database) as connection:
        return connection.execute(
            "SELECT COUNT(*) FROM events WHERE sender_id = ?", (sender,)
        ).fetchone()[0]


def endpoints_file(directory: Path) -> Path:
    path = directory / "staff-endpoints.yml"
    path.write_text(
        "tracker_store:\n  type: components.tracker_store.CachedSQLTrackerStore\n"
        f'  dialect: sqlite\n  db: "{directory / "rasa.db"}"\n'
    )
    return path


@pytest.fixture(scope="module")
def practice_file_module(tmp_path_factory):
    """The test practice file: retention 30 days (the default), whatever staff set."""
    path = tmp_path_factory.mktemp("practice") / "practice.yml"
    path.write_text(PRACTICE_TEST_YAML, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def servers(tmp_path_factory, practice_file_module):
    directory = tmp_path_factory.mktemp("privacy")
    servers = RasaServers(
        directory,
        sqlite_tracker_store=True,
        practice_file=practice_file_module,
        rasa_port=5805,
        actions_port=5855,
    )
    servers.env["PRAXIS_HOUSEKEEPING_SECONDS"] = "1"
    try:
        yield servers.start()
    finally:
        servers.stop()


def delete(servers: RasaServers, sender: str) -> int:
    status, _, _ = servers.api("DELETE", f"/webhooks/rest/conversations/{sender}", with_token=False)
    return status


def test_the_patient_deletes_the_conversation(servers):
    database = servers.log_dir / "rasa.db"
    sender = uuid.uuid4().hex
    assert DISCLAIMER in bot_text(servers.say(sender, "Warum hilft Physiotherapie nicht?"))
    assert DISCLAIMER not in bot_text(servers.say(sender, "Wann ist eine Operation nötig?"))
    assert stored_rows(database, sender) > 0

    assert delete(servers, sender) == 204
    assert stored_rows(database, sender) == 0
    # The server's memory has nothing of it either: the next message starts anew.
    assert DISCLAIMER in bot_text(servers.say(sender, "Warum hilft Physiotherapie nicht?"))
    assert delete(servers, sender) == 204
    assert delete(servers, sender) == 404
    assert delete(servers, uuid.uuid4().hex) == 404


def run_delete(servers: RasaServers, code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable, "-m", "staff.delete", code,
            "--endpoints", str(endpoints_file(servers.log_dir)),
        ],
        cwd=PROJECT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_make_delete_by_conversation_number(servers):
    database = servers.log_dir / "rasa.db"
    prefix = uuid.uuid4().hex[:7]
    first, second = f"{prefix}a{uuid.uuid4().hex[:8]}", f"{prefix}b{uuid.uuid4().hex[:8]}"
    for sender in (first, second):
        servers.say(sender, "Warum hilft Physiotherapie nicht?")

    ambiguous = run_delete(servers, prefix)
    assert ambiguous.returncode == 1
    assert "passt zu 2 Gesprächen" in ambiguous.stdout and "Nichts gelöscht" in ambiguous.stdout
    assert stored_rows(database, first) > 0 and stored_rows(database, second) > 0

    unknown = run_delete(servers, uuid.uuid4().hex[:8])
    assert unknown.returncode == 1 and "Kein Gespräch" in unknown.stdout

    rows = stored_rows(database, first)
    deleted = run_delete(servers, first[:8])
    assert deleted.returncode == 0, deleted.stdout + deleted.stderr
    assert f"({rows} Einträge entfernt)" in deleted.stdout
    assert stored_rows(database, first) == 0 and stored_rows(database, second) > 0
    time.sleep(3)  # the server's housekeeping round (every second here)
    again = bot_text(servers.say(first, "Warum hilft Physiotherapie nicht?"))
    assert DISCLAIMER in again  # forgotten in memory too


def test_no_message_text_in_the_logs_even_when_an_action_fails(servers):
    code = uuid.uuid4().hex
    unique = f"Rückenschmerzen seit Ostern, mein Zeichen ist {code}"
    sender = uuid.uuid4().hex
    servers.say(sender, unique)
    servers.stop_actions()
    try:
        # The address action cannot run: Rasa logs an error with a traceback, in a
        # conversation that holds the unique sentence, and for a message with it.
        servers.say(sender, "Wo ist die Praxis?")
        servers.say(sender, f"Wo ist die Praxis? {unique}")
    finally:
        servers.start_actions()
    logs = list(servers.log_dir.glob("*.log")) + list((PROJECT / "logs").glob("*.log"))
    assert any("Failed to run custom action" in p.read_text(errors="replace") for p in logs)
    leaking = [p.name for p in logs if code in p.read_text(errors="replace")]
    assert leaking == []


def test_the_running_server_deletes_expired_conversations_by_itself(tmp_path, practice_file_module):
    servers = RasaServers(
        tmp_path,
        sqlite_tracker_store=True,
        practice_file=practice_file_module,
        rasa_port=5806,
        actions_port=5856,
    )
    # A year ahead: every conversation is past the retention period (30 days).
    servers.env.update(
        {"PRAXIS_NOW": "2027-12-01T09:00", "PRAXIS_HOUSEKEEPING_SECONDS": "1",
         "PRAXIS_PURGE_SECONDS": "2"}
    )  # fmt: skip
    servers.start()
    try:
        sender = uuid.uuid4().hex
        servers.say(sender, "Warum hilft Physiotherapie nicht?")
        database = tmp_path / "rasa.db"
        deadline = time.time() + 30
        while stored_rows(database, sender) and time.time() < deadline:
            time.sleep(1)
        assert stored_rows(database, sender) == 0
        assert DISCLAIMER in bot_text(servers.say(sender, "Warum hilft Physiotherapie nicht?"))
    finally:
        servers.stop()
