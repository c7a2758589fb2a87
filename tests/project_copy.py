"""A copy of the project for tests that run it as a practice would (make run,
make run-prod, make publish): code and staff files, the project's .venv linked,
the test practice file; and conversations that chat while something happens.
"""

import json
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import uuid
from pathlib import Path
from typing import Dict, List, Sequence

from tests.conftest import PRACTICE_TEST_YAML
from tests.rasa_servers import PROJECT, post_json

NOT_COPIED = shutil.ignore_patterns(
    ".venv", ".git", "models", ".rasa", "results", "logs", "__pycache__", "*.db",
    ".pytest_cache", "node_modules", ".secrets", ".run-prod",
)  # fmt: skip
MAX_WAIT = 2.0  # seconds a patient may wait while the assistant is switched


def copy_project(directory: Path) -> Path:
    shutil.copytree(PROJECT, directory, ignore=NOT_COPIED)
    (directory / ".venv").symlink_to(PROJECT / ".venv")
    (directory / "practice.yml").write_text(PRACTICE_TEST_YAML, encoding="utf-8")
    return directory


def copy_environment(directory: Path) -> Dict[str, str]:
    """Settings for a copy: its own folders; Rasa's training cache of the project."""
    return {
        "PRAXIS_PROD_DIR": str(directory / ".run-prod"),
        "PRAXIS_VERSIONS_DIR": str(directory / "models" / "versionen"),
        "RASA_CACHE_DIRECTORY": str(PROJECT / ".rasa" / "cache"),
    }


def staff_command(directory: Path, env: Dict[str, str], *args: str) -> subprocess.CompletedProcess:
    """`python -m staff.publish ARGS` in a copy (make publish, make rollback, ...),
    timed: the result's `seconds`."""
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "staff.publish", *args],
        cwd=directory,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    result.seconds = time.monotonic() - started
    return result


def replace_response(domain: Path, name: str, text: str) -> None:
    """Replaces the whole response block `name` in domain.yml, whatever it said."""
    lines = domain.read_text(encoding="utf-8").splitlines()
    start = lines.index(f"  {name}:")
    end = start + 1
    while end < len(lines) and (
        not lines[end].strip() or lines[end].startswith("   ") or lines[end].startswith("  -")
    ):
        end += 1
    block = [f"  {name}:", f"  - text: {json.dumps(text, ensure_ascii=False)}", ""]
    domain.write_text("\n".join(lines[:start] + block + lines[end:]) + "\n", encoding="utf-8")


class Chatter:
    """Conversations that each send a message every 100 ms until stopped."""

    def __init__(self, url: str, messages: Sequence[str], conversations: int = 5) -> None:
        self.url = url
        self.messages = list(messages)
        self.results: List[Dict] = []
        self.stopping = threading.Event()
        self.threads = [
            threading.Thread(target=self._talk, args=(f"chat-{uuid.uuid4().hex}",))
            for _ in range(conversations)
        ]

    def _talk(self, sender: str) -> None:
        number = 0
        while not self.stopping.is_set():
            started = time.monotonic()
            try:
                reply = post_json(
                    f"{self.url}/webhooks/rest/webhook",
                    {"sender": sender, "message": self.messages[number % len(self.messages)]},
                    timeout=30,
                )
                ok = bool(reply) and all(m.get("text") for m in reply)
            except (urllib.error.URLError, OSError, ValueError):
                ok = False
            self.results.append({"ok": ok, "seconds": time.monotonic() - started})
            number += 1
            time.sleep(max(0.0, 0.1 - (time.monotonic() - started)))

    def __enter__(self) -> "Chatter":
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=60)

    def summary(self) -> Dict:
        seconds = [r["seconds"] for r in self.results]
        return {
            "messages": len(self.results),
            "failed": sum(1 for r in self.results if not r["ok"]),
            "over_2s": sum(1 for s in seconds if s > MAX_WAIT),
            "p50_ms": round(statistics.median(seconds) * 1000),
            "max_ms": round(max(seconds) * 1000),
        }
