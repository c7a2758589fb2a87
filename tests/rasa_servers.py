"""Starts the trained assistant for REST tests: a Rasa server and an action server.

Ports differ from `make run` (5005/5055) so tests can run beside it. The action
server gets a fixed clock (PRAXIS_NOW) so opening-hours answers are predictable.
"""

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Dict, List, Optional

PROJECT = Path(__file__).resolve().parent.parent
MODEL = PROJECT / "models" / "praxis-assistent.tar.gz"
RASA = str(Path(sys.executable).parent / "rasa")
RASA_PORT = 5105
ACTIONS_PORT = 5155
# A Monday at 09:00, inside the opening hours (08:00-10:00).
FIXED_NOW = "2026-11-30T09:00"


def _get(url: str, timeout: float = 2.0) -> Optional[bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read()
    except (urllib.error.URLError, ConnectionError, OSError):
        return None


def post_json(url: str, payload: Dict, timeout: float = 30.0):
    request = urllib.request.Request(
        url,
        data=json.dumps(payload).encode("utf-8"),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read().decode("utf-8"))


def _wait_until(check, what: str, timeout: float, process: subprocess.Popen) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with code {process.returncode}")
        if check():
            return
        time.sleep(0.5)
    raise TimeoutError(f"{what} did not start within {timeout:.0f} s")


class RasaServers:
    def __init__(
        self,
        log_dir: Path,
        now: str = FIXED_NOW,
        sqlite_tracker_store: bool = False,
        practice_file: Optional[Path] = None,
        rasa_port: int = RASA_PORT,
        actions_port: int = ACTIONS_PORT,
    ) -> None:
        self.log_dir = log_dir
        self.sqlite_tracker_store = sqlite_tracker_store
        self.now = now
        self.rasa: Optional[subprocess.Popen] = None
        self.actions: Optional[subprocess.Popen] = None
        self.rasa_port = rasa_port
        self.actions_port = actions_port
        self.url = f"http://127.0.0.1:{rasa_port}"
        self.env = {
            **os.environ,
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "PRAXIS_NOW": now,
        }
        if practice_file:
            # Tests answer from a fixed copy, so staff edits of practice.yml
            # (a phone number, new hours) never turn them red.
            self.env["PRAXIS_FILE"] = str(practice_file)

    def _spawn(self, args: List[str], log_name: str) -> subprocess.Popen:
        log = open(self.log_dir / log_name, "ab")
        return subprocess.Popen(
            args, cwd=PROJECT, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )

    def start_actions(self) -> None:
        self.actions = self._spawn(
            [RASA, "run", "actions", "--port", str(self.actions_port)], "actions.log"
        )
        _wait_until(
            lambda: _get(f"http://127.0.0.1:{self.actions_port}/health") is not None,
            "action server",
            120,
            self.actions,
        )

    def stop_actions(self) -> None:
        if self.actions and self.actions.poll() is None:
            self.actions.terminate()
            self.actions.wait(timeout=30)
        self.actions = None

    def start(self) -> "RasaServers":
        if not MODEL.exists():
            raise FileNotFoundError(f"{MODEL} is missing: run `make train` first")
        endpoints = self.log_dir / "endpoints.yml"
        # Tests keep conversations in memory; the benchmark uses the store of `make run`.
        config = f'action_endpoint:\n  url: "http://127.0.0.1:{self.actions_port}/webhook"\n'
        if self.sqlite_tracker_store:
            database = self.log_dir / "rasa.db"
            config += (
                "tracker_store:\n  type: components.tracker_store.CachedSQLTrackerStore\n"
                f'  dialect: sqlite\n  db: "{database}"\n'
            )
        endpoints.write_text(config)
        self.start_actions()
        self.rasa = self._spawn(
            [
                RASA,
                "run",
                "--enable-api",
                "--port",
                str(self.rasa_port),
                "--model",
                str(MODEL),
                "--endpoints",
                str(endpoints),
                "--credentials",
                str(PROJECT / "credentials.yml"),
            ],
            "rasa.log",
        )
        _wait_until(
            lambda: (_get(f"{self.url}/status") or b"").find(b"model_file") >= 0,
            "Rasa server",
            240,
            self.rasa,
        )
        return self

    def stop(self) -> None:
        self.stop_actions()
        if self.rasa and self.rasa.poll() is None:
            self.rasa.terminate()
            self.rasa.wait(timeout=30)

    def say(self, sender: str, message: str) -> List[Dict]:
        """Sends a message over the REST channel and returns the bot's messages."""
        return post_json(
            f"{self.url}/webhooks/rest/webhook", {"sender": sender, "message": message}
        )

    def parse(self, text: str) -> Dict:
        return post_json(f"{self.url}/model/parse", {"text": text})


def bot_text(messages: List[Dict]) -> str:
    return "\n".join(m.get("text", "") for m in messages)


def predicted_label(parse: Dict) -> str:
    """`faq/<key>` for FAQ questions, otherwise the intent name."""
    intent = parse["intent"]["name"]
    if intent == "faq":
        return parse["response_selector"]["faq"]["response"]["intent_response_key"]
    return intent
