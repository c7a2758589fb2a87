"""Publishing for real: `make publish`, `make versions` and `make rollback` against
`make run` (scripts/run.sh), while patients chat.

A copy of the project (code and staff files, the project's .venv linked, the test
practice file) runs scripts/run.sh on its own ports; its first start publishes
version 1. Five conversations send a message every 100 ms each during every
publish and rollback; none may fail. Rasa loads the new model inside the one
server, which answers nothing else meanwhile (about a second here): messages sent
then wait, at most MAX_SWITCH_WAIT; how many waited over 2 s is printed.
- An edited answer and a changed address go live with publish; saving the files
  alone changes nothing;
- rollback brings both back;
- an emergency answer without 112 is refused, and the live assistant answers as before.

Slow (a server start and three trainings, which Rasa's cache shortens): about five
minutes. The numbers are printed (pytest -s).
"""

import os
import re
import signal
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from tests.project_copy import (
    Chatter,
    copy_environment,
    copy_project,
    replace_response,
    staff_command,
)
from tests.rasa_servers import TEST_TOKEN, _get, post_json

RASA_PORT, ACTIONS_PORT, WEB_PORT = 5605, 5655, 5680
URL = f"http://127.0.0.1:{RASA_PORT}"
MARKER = "[Testversion 2]"
NEW_STREET = "Teststraße 99"
THANKS = "Danke"
WHERE = "Wo ist die Praxis?"
CHAT_MESSAGES = [THANKS, "Warum hilft Physiotherapie nicht?", WHERE]
# The longest a message may wait while the single server loads the new model.
MAX_SWITCH_WAIT = 5.0


class Project:
    """The copy, its `make run` and its staff commands."""

    def __init__(self, directory: Path) -> None:
        self.dir = copy_project(directory)
        self.env = {
            **os.environ,
            **copy_environment(directory),
            "RASA_AUTH_TOKEN": TEST_TOKEN,
            "PRAXIS_RUN_PORT": str(RASA_PORT),
            "PRAXIS_RUN_ACTIONS_PORT": str(ACTIONS_PORT),
            "PRAXIS_RUN_WEB_PORT": str(WEB_PORT),
            # No production profile here: nothing may answer on these ports.
            "PRAXIS_RASA_PORTS": "5697",
        }
        self.env.pop("PRAXIS_FILE", None)
        self.env.pop("PRAXIS_MODEL", None)
        self.process = None

    def start(self) -> None:
        log = open(self.dir / "run.log", "ab")
        self.process = subprocess.Popen(
            ["bash", "scripts/run.sh"],
            cwd=self.dir,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.time() + 900
        while b"model_file" not in (_get(f"{URL}/status?token={TEST_TOKEN}") or b"") or not _get(
            f"http://127.0.0.1:{ACTIONS_PORT}/health"
        ):
            if self.process.poll() is not None or time.time() > deadline:
                raise RuntimeError((self.dir / "run.log").read_text()[-3000:])
            time.sleep(2)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)

    def staff(self, *args: str) -> subprocess.CompletedProcess:
        return staff_command(self.dir, self.env, *args)

    def say(self, text: str) -> str:
        reply = post_json(
            f"{URL}/webhooks/rest/webhook", {"sender": uuid.uuid4().hex, "message": text}
        )
        return "\n".join(m.get("text", "") for m in reply)

    def live_id(self) -> str:
        return os.readlink(self.dir / "models" / "versionen" / "live")


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    project = Project(tmp_path_factory.mktemp("publish") / "projekt")
    project.start()
    yield project
    project.stop()


def publish_while_chatting(project: Project, *args: str):
    with Chatter(URL, CHAT_MESSAGES) as chatter:
        time.sleep(1)
        result = project.staff(*args)
        time.sleep(1)
    summary = chatter.summary()
    print(f"\n{' '.join(args)}: {result.seconds:.0f} s, chat during it: {summary}")
    return result, summary


def test_first_start_published_version_one(project):
    assert project.live_id()
    assert "Rothenbaumchaussee 3" in project.say(WHERE)
    assert MARKER not in project.say(THANKS)
    result = project.staff("versions")
    assert result.returncode == 0
    assert "Erste veröffentlichte Version." in result.stdout


def test_saved_files_are_not_live_until_published(project):
    replace_response(project.dir / "domain.yml", "utter_thank", f"Gern geschehen. {MARKER}")
    practice = project.dir / "practice.yml"
    practice.write_text(
        practice.read_text(encoding="utf-8").replace("Rothenbaumchaussee 3", NEW_STREET),
        encoding="utf-8",
    )
    time.sleep(1)
    assert MARKER not in project.say(THANKS)
    assert "Rothenbaumchaussee 3" in project.say(WHERE)


def test_publish_switches_without_a_failed_or_slow_message(project):
    before = project.live_id()
    result, chat = publish_while_chatting(project, "publish")
    assert result.returncode == 0, result.stdout + result.stderr
    assert project.live_id() != before
    assert MARKER in project.say(THANKS)
    assert NEW_STREET in project.say(WHERE)
    assert chat["failed"] == 0 and chat["max_ms"] <= MAX_SWITCH_WAIT * 1000, chat
    versions = project.staff("versions").stdout
    assert "Antworten geändert: utter_thank" in versions
    assert "Praxisdaten geändert: adresse.strasse" in versions


def test_rollback_returns_answer_and_facts_without_a_failed_message(project):
    result, chat = publish_while_chatting(project, "rollback")
    assert result.returncode == 0, result.stdout + result.stderr
    assert MARKER not in project.say(THANKS)
    assert "Rothenbaumchaussee 3" in project.say(WHERE)
    assert chat["failed"] == 0 and chat["max_ms"] <= MAX_SWITCH_WAIT * 1000, chat


def test_publish_refuses_an_emergency_answer_without_112(project):
    domain = project.dir / "domain.yml"
    text = domain.read_text(encoding="utf-8")
    start = text.index("  utter_red_flag:")
    end = text.index("  utter_red_flag_check:")
    domain.write_text(
        text[:start] + re.sub(r"\b112\b", "", text[start:end]) + text[end:], encoding="utf-8"
    )
    live = project.live_id()
    result = project.staff("publish")
    assert result.returncode == 1
    assert "utter_red_flag" in result.stdout and "112" in result.stdout
    assert "NICHT veröffentlicht" in result.stdout
    assert project.live_id() == live
    assert MARKER not in project.say(THANKS)
    assert "Rothenbaumchaussee 3" in project.say(WHERE)
