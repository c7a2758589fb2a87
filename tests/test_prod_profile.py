"""The production profile for real: nginx, two Rasa instances, one action server,
PostgreSQL (tracker store) and Redis (lock store), started by scripts/run_prod.sh
after scripts/setup_prod.sh, as `make run-prod` does, in a copy of the project;
`make publish` and `make rollback` switch it instance by instance while patients chat.

Slow (the profile starts twice, a few minutes) and needs root (Debian packages,
the PostgreSQL service), so it runs in `make test-prod` (also called by .ci/run),
not in `make test`. Its own database (praxis_assistent_test) and the fixed test
token; ports as `make run-prod` (nginx 8405, Rasa 5405/5406, actions 5455, Redis 6405).
"""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Dict, List

import psycopg2
import pytest
import redis

from tests.project_copy import (
    Chatter,
    copy_environment,
    copy_project,
    replace_response,
    staff_command,
)
from tests.rasa_servers import FIXED_NOW, TEST_TOKEN, RasaServers, _get, post_json

pytestmark = pytest.mark.skipif(
    os.environ.get("PRAXIS_TEST_PROD") != "1",
    reason="production profile: run with `make test-prod` (PRAXIS_TEST_PROD=1)",
)

NGINX = "http://127.0.0.1:8405"
RASA_PORTS = [5405, 5406]
DISCLAIMER = "ersetze keine ärztliche Beratung"
MARKER = "[Testversion 2]"
# Questions with answers that tell them apart (test practice file, Monday 09:00).
QUESTIONS = {
    "Wo ist die Praxis?": "Rothenbaumchaussee 3",
    "Haben Sie am Dienstag auf?": "Dienstags ist die Praxis geschlossen",
    "Ich möchte einen Termin": "Webseite",
    "Warum hilft Physiotherapie nicht?": "Gründe",
    "Habe ich einen Bandscheibenvorfall?": "nicht beurteilen",
    "Danke": "Gern geschehen",
}


class ProdProfile:
    """The profile of a copy of the project (tests/project_copy.py), whose first
    start publishes its first version."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.project = copy_project(directory / "projekt")
        self.env = {
            **os.environ,
            **copy_environment(self.project),
            "PRAXIS_DB_NAME": "praxis_assistent_test",
            "RASA_AUTH_TOKEN": TEST_TOKEN,
            "PRAXIS_PROD_LISTEN": "127.0.0.1:8405",
            "PRAXIS_PROD_DIR": str(directory / "run"),
            "PRAXIS_NOW": FIXED_NOW,
            # No `make run` here: nothing may answer on its port.
            "PRAXIS_RUN_PORT": "5698",
            # Deleted conversations leave the instances' memory within a second.
            "PRAXIS_HOUSEKEEPING_SECONDS": "1",
        }
        self.env.pop("PRAXIS_FILE", None)
        self.env.pop("PRAXIS_MODEL", None)
        self.process = None
        # The instances' HTTP API (token), as in the other REST tests.
        self.instances = [
            RasaServers(directory, rasa_port=port, actions_port=5455) for port in RASA_PORTS
        ]

    def setup(self) -> None:
        result = subprocess.run(
            ["bash", "scripts/setup_prod.sh"],
            cwd=self.project,
            env=self.env,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stdout + result.stderr

    def start(self) -> "ProdProfile":
        log = open(self.directory / "run_prod.log", "ab")
        self.process = subprocess.Popen(
            ["bash", "scripts/run_prod.sh"],
            cwd=self.project,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.time() + 900
        while _get(NGINX + "/") is None:
            if self.process.poll() is not None:
                raise RuntimeError(f"run_prod.sh ended; see {self.directory / 'run_prod.log'}")
            if time.time() > deadline:
                raise TimeoutError("production profile did not start")
            time.sleep(2)
        return self

    def stop(self) -> None:
        """Ctrl+C's way: run_prod.sh stops what it started (and PostgreSQL if it was down)."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=120)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def staff(self, *args: str) -> subprocess.CompletedProcess:
        return staff_command(self.project, self.env, *args)

    def pid(self, name: str) -> int:
        return int((self.directory / "run" / f"{name}.pid").read_text())

    def say(self, sender: str, text: str, url: str = NGINX) -> List[Dict]:
        return post_json(f"{url}/webhooks/rest/webhook", {"sender": sender, "message": text})

    def events(self, sender: str, port: int) -> List[Dict]:
        instance = self.instances[RASA_PORTS.index(port)]
        status, _, tracker = instance.api("GET", f"/conversations/{sender}/tracker")
        assert status == 200, tracker
        return tracker["events"]


def text_of(messages: List[Dict]) -> str:
    return "\n".join(m.get("text", "") for m in messages)


def turns(events: List[Dict]) -> List[Dict]:
    """Per user message: its text, the bot's texts and actions up to the next one."""
    found = []
    for event in events:
        if event["event"] == "user":
            found.append({"user": event["text"], "bot": [], "actions": []})
        elif found and event["event"] == "bot":
            found[-1]["bot"].append(event.get("text") or "")
        elif found and event["event"] == "action":
            found[-1]["actions"].append(event["name"])
    return found


def assert_answered_in_order(events: List[Dict], texts: List[str]) -> None:
    """Every message in order, each followed by its own answer and action_listen."""
    found = turns(events)
    assert [turn["user"] for turn in found] == texts
    for turn in found:
        assert turn["actions"] and turn["actions"][-1] == "action_listen", turn
        assert turn["actions"].count("action_listen") == 1, turn
        expected = QUESTIONS.get(turn["user"])
        if expected:
            assert expected in "\n".join(turn["bot"]), turn


@pytest.fixture(scope="module")
def profile(tmp_path_factory):
    profile = ProdProfile(tmp_path_factory.mktemp("prod-profile"))
    profile.setup()
    try:
        yield profile.start()
    finally:
        profile.stop()


def refuses_connections(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return True
    return False


def gone(pid: int) -> bool:
    """The process has ended (a zombie holds no sockets any more)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    return "\nState:\tZ" in status


def new_sender(name: str) -> str:
    return f"{name}-{uuid.uuid4().hex[:8]}"


# Kept between the tests: the conversations checked again after the restart.
HISTORY: Dict[str, List[str]] = {}


def test_only_the_webhook_and_health_check_are_public(profile):
    assert "Hello from Rasa" in _get(NGINX + "/").decode()
    sender = new_sender("oeffentlich")
    assert "Rothenbaumchaussee 3" in text_of(profile.say(sender, "Wo ist die Praxis?"))
    for path in (f"/conversations/{sender}/tracker", "/status", "/model/parse"):
        status, _, _ = profile.instances[0].api("GET", path, with_token=True)
        assert status in (200, 405), path  # the instance answers with the token ...
        nginx = RasaServers(profile.directory, rasa_port=8405)
        status, _, body = nginx.api("GET", path, with_token=True)
        assert status == 404, (path, body)  # ... nginx never passes the API
    status, _, _ = profile.instances[1].api("GET", "/status", with_token=False)
    assert status == 401


def test_alternating_instances_share_the_whole_conversation(profile):
    sender = new_sender("abwechselnd")
    texts = list(QUESTIONS)
    for number, text in enumerate(texts):
        port = RASA_PORTS[number % 2]
        answer = text_of(profile.say(sender, text, f"http://127.0.0.1:{port}"))
        assert QUESTIONS[text] in answer
        # The disclaimer once per conversation: the other instance knows it was given.
        assert (DISCLAIMER in answer) == (number == 0), (number, answer)
    for port in RASA_PORTS:
        assert_answered_in_order(profile.events(sender, port), texts)
    HISTORY[sender] = texts


def test_concurrent_messages_of_one_conversation_are_answered_in_order(profile):
    sender = new_sender("gleichzeitig")
    texts = list(QUESTIONS)
    answers: Dict[str, str] = {}

    def send(number: int, text: str) -> None:
        url = f"http://127.0.0.1:{RASA_PORTS[number % 2]}" if number < 4 else NGINX
        answers[text] = text_of(profile.say(sender, text, url))

    threads = [threading.Thread(target=send, args=item) for item in enumerate(texts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for text in texts:
        assert QUESTIONS[text] in answers[text], (text, answers[text])
    events = profile.events(sender, RASA_PORTS[0])
    stored_order = [turn["user"] for turn in turns(events)]
    assert sorted(stored_order) == sorted(texts)  # each once, in the order they were taken
    assert_answered_in_order(events, stored_order)
    assert profile.events(sender, RASA_PORTS[1]) == events
    HISTORY[sender] = stored_order


def test_publish_and_rollback_switch_instance_by_instance_without_a_failed_message(profile):
    replace_response(profile.project / "domain.yml", "utter_thank", f"Gern geschehen. {MARKER}")
    for command, marker_expected in (("publish", True), ("rollback", False)):
        with Chatter(NGINX, list(QUESTIONS)) as chatter:
            time.sleep(1)
            result = profile.staff(command)
            time.sleep(1)
        chat = chatter.summary()
        print(f"\nproduction profile, {command}: {result.seconds:.0f} s, chat during it: {chat}")
        assert result.returncode == 0, result.stdout + result.stderr
        assert chat["failed"] == 0 and chat["over_2s"] == 0, chat
        for port in RASA_PORTS:
            answer = text_of(
                profile.say(new_sender("version"), "Danke", f"http://127.0.0.1:{port}")
            )
            assert (MARKER in answer) == marker_expected, (command, port, answer)


def stored_events(profile: ProdProfile, sender: str) -> int:
    password = (profile.project / ".secrets" / "db-password").read_text().strip()
    with (
        psycopg2.connect(
            host="127.0.0.1",
            port=5432,
            dbname="praxis_assistent_test",
            user="praxis_assistent",
            password=password,
        ) as connection,
        connection.cursor() as cursor,
    ):
        cursor.execute("SELECT COUNT(*) FROM events WHERE sender_id = %s", (sender,))
        return cursor.fetchone()[0]


def test_deleting_a_conversation_through_nginx_leaves_nothing(profile):
    sender = new_sender("loeschen")
    profile.say(sender, "Warum hilft Physiotherapie nicht?", f"http://127.0.0.1:{RASA_PORTS[0]}")
    profile.say(sender, "Wo ist die Praxis?", f"http://127.0.0.1:{RASA_PORTS[1]}")
    assert stored_events(profile, sender) > 0
    nginx = RasaServers(profile.directory, rasa_port=8405)
    status, _, _ = nginx.api("DELETE", f"/webhooks/rest/conversations/{sender}", with_token=False)
    assert status == 204
    assert stored_events(profile, sender) == 0
    locks = redis.Redis(host="127.0.0.1", port=6405).keys(f"*{sender}*")
    assert locks == []
    time.sleep(3)  # both instances' housekeeping rounds (every second here)
    for port in RASA_PORTS:
        answer = text_of(
            profile.say(sender, "Warum hilft Physiotherapie nicht?", f"http://127.0.0.1:{port}")
        )
        assert DISCLAIMER in answer, port  # a new conversation on either instance
        status, _, _ = nginx.api(
            "DELETE", f"/webhooks/rest/conversations/{sender}", with_token=False
        )
        assert status == 204
    status, _, _ = nginx.api("DELETE", f"/webhooks/rest/conversations/{sender}", with_token=False)
    assert status == 404


def test_make_delete_on_the_production_database(profile):
    sender = f"{uuid.uuid4().hex}"
    profile.say(sender, "Warum hilft Physiotherapie nicht?")
    assert stored_events(profile, sender) > 0
    result = subprocess.run(
        [sys.executable, "-m", "staff.delete", sender[:8], "--endpoints", "endpoints.prod.yml"],
        cwd=profile.project,
        env=profile.env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Gespräch {sender[:8]} gelöscht" in result.stdout
    assert stored_events(profile, sender) == 0


def test_a_killed_instance_loses_no_event_and_the_conversation_goes_on(profile):
    sender = new_sender("ausfall")
    texts = list(QUESTIONS)
    for text in texts[:3]:
        profile.say(sender, text)
    before = profile.events(sender, RASA_PORTS[1])
    killed = profile.pid(f"rasa-{RASA_PORTS[0]}")
    os.kill(killed, signal.SIGKILL)
    # Until the process is gone its socket still takes connections and then resets
    # them; nginx does not send a message twice once sent (it could be answered
    # twice), so a message in that moment fails, as one in flight on a crash would.
    # The main thread can be a zombie while other threads still hold the socket, so
    # wait for the port to refuse connections too.
    deadline = time.time() + 60
    while not (gone(killed) and refuses_connections(RASA_PORTS[0])):
        assert time.time() < deadline, "the killed instance is still there"
        time.sleep(0.2)
    for text in texts[3:]:
        assert QUESTIONS[text] in text_of(profile.say(sender, text))  # through nginx
    after = profile.events(sender, RASA_PORTS[1])
    assert after[: len(before)] == before
    assert_answered_in_order(after, texts)
    HISTORY[sender] = texts


def test_after_a_restart_of_everything_the_history_is_intact(profile):
    assert len(HISTORY) == 3, "run the whole module: the earlier tests make the conversations"
    profile.stop()
    profile.start()
    for sender, texts in HISTORY.items():
        for port in RASA_PORTS:
            assert_answered_in_order(profile.events(sender, port), texts)
    sender, texts = next(iter(HISTORY.items()))
    answer = text_of(profile.say(sender, "Wo ist die Praxis?"))
    assert "Rothenbaumchaussee 3" in answer and DISCLAIMER not in answer
    assert_answered_in_order(profile.events(sender, RASA_PORTS[0]), texts + ["Wo ist die Praxis?"])


def test_no_message_text_in_the_profiles_logs(profile):
    """Every log of the profile (nginx, the instances, the action server, Redis, the
    start script), after a unique sentence went through nginx, an instance was
    killed under it (a traceback) and the profile restarted (the tests above)."""
    code = uuid.uuid4().hex
    sender = new_sender("logs")
    profile.say(sender, f"Ich habe Rückenschmerzen, mein Zeichen ist {code}")
    profile.say(sender, f"Wo ist die Praxis? {code}", f"http://127.0.0.1:{RASA_PORTS[1]}")
    logs = [*(profile.directory / "run" / "logs").glob("*.log"), profile.directory / "run_prod.log"]
    assert len(logs) >= 5, logs
    assert [path.name for path in logs if code in path.read_text(errors="replace")] == []
