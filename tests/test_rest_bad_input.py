"""Bad input over the REST webhook (issue 11, section 4): never a 5xx, a polite
German answer where the assistant answers, a German reason (4xx) for bodies that
no chat page sends, and the server stays fast after a very long message.

Answers are compared with the texts in domain.yml (read here), so a staff edit of
a wording does not turn these tests red.
"""

import json
import re
import time
import urllib.error
import urllib.request
from functools import lru_cache
from pathlib import Path
from typing import Any, Set, Tuple

import pytest
import yaml

from channels.rest_input import MAX_MESSAGE_CHARS
from tests.rasa_servers import bot_text

DOMAIN = Path(__file__).resolve().parent.parent / "domain.yml"
NORMAL_QUESTION = "Wann haben Sie geöffnet?"
FORMAL_ADDRESS = {"sie", "ihnen", "ihre", "ihr", "ihrer", "ihren", "bitte"}


def words(text: str) -> list:
    return re.findall(r"[a-zäöüß]+", text.lower())


@lru_cache(maxsize=1)
def domain_vocabulary() -> Set[str]:
    """Every word of every answer text in domain.yml."""
    responses = yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))["responses"]
    return {
        w for variants in responses.values() for v in variants for w in words(v.get("text", ""))
    }


def domain_text(name: str) -> str:
    responses = yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))["responses"]
    return " ".join(responses[name][0]["text"].split())


def post_raw(servers, body: bytes, timeout: float = 60.0) -> Tuple[int, Any]:
    """POSTs raw bytes to the webhook; returns (status, parsed JSON or text)."""
    request = urllib.request.Request(
        f"{servers.url}/webhooks/rest/webhook",
        data=body,
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    text = raw.decode("utf-8", errors="replace")
    try:
        return status, json.loads(text)
    except ValueError:
        return status, text


def post(servers, payload: Any) -> Tuple[int, Any]:
    return post_raw(servers, json.dumps(payload).encode("utf-8"))


def assert_polite_german(messages: Any) -> str:
    """Non-empty, mostly words that the domain's answers use, formal address."""
    assert isinstance(messages, list) and messages, f"no answer: {messages!r}"
    text = bot_text(messages)
    found = words(text)
    assert found, f"answer without words: {messages!r}"
    german = sum(w in domain_vocabulary() for w in found) / len(found)
    assert german >= 0.6, f"answer not German ({german:.0%} domain words): {text!r}"
    assert FORMAL_ADDRESS & set(found), f"answer without formal address: {text!r}"
    return text


def assert_still_answers(servers, sender: str) -> float:
    """A normal question right after: answered in German; returns seconds."""
    start = time.perf_counter()
    status, answer = post(servers, {"sender": sender, "message": NORMAL_QUESTION})
    seconds = time.perf_counter() - start
    assert status == 200
    assert_polite_german(answer)
    return seconds


@pytest.mark.parametrize(
    "name, message",
    [
        ("emoji", "😀😭🙏👍"),
        ("control", "\x00\x01\x07\x1b[31m\x7f\u200b"),
        ("html", '<script>alert("x")</script><b>Hallo</b> <img src=x onerror=alert(1)>'),
        ("english", "What are your opening hours? I have back pain."),
        ("digits", "12345"),
    ],
)
def test_odd_text_gets_a_polite_german_answer(stored_rasa_servers, name, message):
    status, answer = post(stored_rasa_servers, {"sender": f"bad-{name}", "message": message})
    assert status == 200
    text = assert_polite_german(answer)
    assert "<script" not in text and "onerror" not in text


@pytest.mark.parametrize("message", ["", "   \n\t  "])
def test_an_empty_message_is_answered_like_an_unclear_one(stored_rasa_servers, message):
    """Rasa's own channel let the NLU pipeline fail on it and answered nothing."""
    status, answer = post(
        stored_rasa_servers, {"sender": f"bad-empty-{len(message)}", "message": message}
    )
    assert status == 200
    text = assert_polite_german(answer)
    assert domain_text("utter_default") in " ".join(text.split())


@pytest.mark.parametrize(
    "name, body",
    [
        ("number instead of text", json.dumps({"sender": "bad-number", "message": 42})),
        ("no message", json.dumps({"sender": "bad-no-message"})),
        ("message null", json.dumps({"sender": "bad-null", "message": None})),
        ("message object", json.dumps({"sender": "bad-object", "message": {"text": "Hallo"}})),
        ("sender number", json.dumps({"sender": 7, "message": "Hallo"})),
        ("metadata text", json.dumps({"sender": "bad-meta", "message": "Hallo", "metadata": "x"})),
        ("invalid JSON", '{"sender": "bad-json", "message": "Hallo"'),
        ("empty body", ""),
        ("JSON list", '["Hallo"]'),
        ("JSON text", '"Hallo"'),
    ],
)
def test_a_body_no_chat_page_sends_gets_a_german_4xx(stored_rasa_servers, name, body):
    status, answer = post_raw(stored_rasa_servers, body.encode("utf-8"))
    assert 400 <= status < 500, f"{name}: HTTP {status} {answer!r}"
    assert isinstance(answer, dict) and answer["message"].startswith("Ungültige Anfrage")
    assert_still_answers(stored_rasa_servers, f"after-{name.replace(' ', '-')}")


def test_100000_characters_are_refused_at_once_and_the_server_stays_fast(stored_rasa_servers):
    servers = stored_rasa_servers
    start = time.perf_counter()
    status, answer = post(servers, {"sender": "bad-long", "message": "Rückenschmerzen " * 6250})
    assert status == 413 and "zu lang" in answer["message"]
    assert time.perf_counter() - start < 2.0
    assert assert_still_answers(servers, "bad-long") < 5.0


def test_a_message_at_the_length_limit_is_answered(stored_rasa_servers):
    """The limit refuses only what no chat page sends (the widget allows 1,000)."""
    text = ("Ich habe seit Wochen Rückenschmerzen, hilft Physiotherapie? " * 40)[:MAX_MESSAGE_CHARS]
    status, answer = post(stored_rasa_servers, {"sender": "bad-at-limit", "message": text})
    assert status == 200
    assert_polite_german(answer)
