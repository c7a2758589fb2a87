"""Starts the trained assistant for REST tests: a Rasa server and an action server.

Ports differ from `make run` (5005/5055) so tests can run beside it. The action
server gets a fixed clock (PRAXIS_NOW) so opening-hours answers are predictable.
As in scripts/run.sh, the HTTP API needs a token (here the fixed TEST_TOKEN), CORS
allows only the demo page's origins and the action server listens on 127.0.0.1 only;
the Rasa server of the tests listens on 127.0.0.1 as well.
"""

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from email.message import Message
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

PROJECT = Path(__file__).resolve().parent.parent
MODEL = PROJECT / "models" / "praxis-assistent.tar.gz"
RASA = str(Path(sys.executable).parent / "rasa")
RASA_PORT = 5105
ACTIONS_PORT = 5155
# A Monday at 09:00, inside the opening hours (08:00-10:00).
FIXED_NOW = "2026-11-30T09:00"
# The token of the test servers' HTTP API (`rasa run --auth-token`). Not a secret:
# the test servers listen on 127.0.0.1 only and hold no patient conversations.
TEST_TOKEN = "praxis-test-token"
# Origins allowed by CORS, the default of scripts/run.sh (the demo page).
DEFAULT_CORS_ORIGINS = ["http://localhost:8080", "http://127.0.0.1:8080"]


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
        cors_origins: Optional[List[str]] = None,
    ) -> None:
        self.log_dir = log_dir
        self.sqlite_tracker_store = sqlite_tracker_store
        self.now = now
        self.rasa: Optional[subprocess.Popen] = None
        self.actions: Optional[subprocess.Popen] = None
        self.rasa_port = rasa_port
        self.actions_port = actions_port
        self.cors_origins = cors_origins or DEFAULT_CORS_ORIGINS
        self.token = TEST_TOKEN
        self.url = f"http://127.0.0.1:{rasa_port}"
        self.env = {
            **os.environ,
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "PRAXIS_NOW": now,
        }
        # rasa-sdk 3.6 has no --interface option: it listens on the address in the
        # environment variable SANIC_HOST (default 0.0.0.0). Set for the action server only.
        self.actions_env = {"SANIC_HOST": "127.0.0.1"}
        if practice_file:
            # Tests answer from a fixed copy, so staff edits of practice.yml
            # (a phone number, new hours) never turn them red.
            self.env["PRAXIS_FILE"] = str(practice_file)

    def _spawn(
        self, args: List[str], log_name: str, extra_env: Optional[Dict[str, str]] = None
    ) -> subprocess.Popen:
        log = open(self.log_dir / log_name, "ab")
        env = {**self.env, **(extra_env or {})}
        return subprocess.Popen(args, cwd=PROJECT, env=env, stdout=log, stderr=subprocess.STDOUT)

    def start_actions(self) -> None:
        self.actions = self._spawn(
            [RASA, "run", "actions", "--port", str(self.actions_port)],
            "actions.log",
            self.actions_env,
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
                "--auth-token",
                self.token,
                "--cors",
                *self.cors_origins,
                "--interface",
                "127.0.0.1",
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
            lambda: (_get(self.api_url("/status")) or b"").find(b"model_file") >= 0,
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
        return post_json(self.api_url("/model/parse"), {"text": text})

    def api_url(self, path: str, with_token: bool = True) -> str:
        """The URL of an HTTP API path, with `?token=` unless with_token is False."""
        if not with_token:
            return self.url + path
        separator = "&" if "?" in path else "?"
        return self.url + path + separator + urllib.parse.urlencode({"token": self.token})

    def api(
        self,
        method: str,
        path: str,
        payload: Any = None,
        with_token: bool = True,
        headers: Optional[Dict[str, str]] = None,
        timeout: float = 30.0,
    ) -> Tuple[int, Message, Any]:
        """Calls any path of the Rasa server; never raises for an HTTP error status.

        Returns (status, response headers, body): the headers are looked up without
        regard to case (`headers.get("access-control-allow-origin")`), the body is
        parsed JSON when it is JSON, otherwise text.
        """
        data = None if payload is None else json.dumps(payload).encode("utf-8")
        request = urllib.request.Request(
            self.api_url(path, with_token), data=data, method=method, headers=headers or {}
        )
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                status, response_headers, raw = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, response_headers, raw = error.code, error.headers, error.read()
        text = raw.decode("utf-8", errors="replace")
        try:
            body = json.loads(text)
        except ValueError:
            body = text
        return status, response_headers, body


def bot_text(messages: List[Dict]) -> str:
    return "\n".join(m.get("text", "") for m in messages)


def predicted_label(parse: Dict) -> str:
    """`faq/<key>` for FAQ questions, otherwise the intent name."""
    intent = parse["intent"]["name"]
    if intent == "faq":
        return parse["response_selector"]["faq"]["response"]["intent_response_key"]
    return intent
