"""Security of the running servers (issue 11): API token, action server address, CORS.

Own servers on ports 5205/5255, started as scripts/run.sh starts them: the HTTP API
needs the token (`--auth-token`), the REST webhook and `GET /` stay open for the chat,
the action server listens on 127.0.0.1 only, CORS allows only the demo page's origins.
"""

import ipaddress
import socket
import subprocess

import pytest

from tests.conftest import servers_with_test_practice
from tests.rasa_servers import MODEL, PROJECT

RASA_PORT = 5205
ACTIONS_PORT = 5255
QUESTION = "Warum hilft Physiotherapie nicht?"
INJECTED = "Eingeschleuster Text ohne Token"


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    servers = servers_with_test_practice(
        tmp_path_factory.mktemp("security-servers"), rasa_port=RASA_PORT, actions_port=ACTIONS_PORT
    )
    try:
        yield servers.start()
    finally:
        servers.stop()


def tracker_events(servers, sender):
    status, _, tracker = servers.api("GET", f"/conversations/{sender}/tracker")
    assert status == 200, tracker
    return tracker["events"]


# ---------------------------------------------------------------------------
# HTTP API token
# ---------------------------------------------------------------------------


def test_api_refuses_requests_without_or_with_a_wrong_token(servers):
    sender = "sicherheit-ohne-token"
    servers.say(sender, QUESTION)
    before = tracker_events(servers, sender)
    calls = [
        ("GET", f"/conversations/{sender}/tracker", None),
        ("POST", f"/conversations/{sender}/tracker/events", {"event": "bot", "text": INJECTED}),
        ("PUT", "/model", {"model_file": str(MODEL)}),
        ("POST", "/model/parse", {"text": QUESTION}),
        ("GET", "/status", None),
    ]
    for method, path, payload in calls:
        for query in ("", "?token=falsch"):
            status, _, body = servers.api(method, path + query, payload, with_token=False)
            assert status in (401, 403), (method, path + query, status, body)
            # The refusal carries nothing of the conversation or the model.
            for leaked in ("Physiotherapie", "events", "intent", "model_file"):
                assert leaked not in str(body), (method, path + query, body)
    # The conversation was not changed.
    after = tracker_events(servers, sender)
    assert after == before
    assert INJECTED not in str(after)


def test_token_reads_a_conversation_and_appends_an_event(servers):
    sender = "sicherheit-mit-token"
    servers.say(sender, QUESTION)
    events = tracker_events(servers, sender)
    assert [e["text"] for e in events if e["event"] == "user"] == [QUESTION]

    entry = {"event": "bot", "text": "Eintrag mit Token"}
    status, _, body = servers.api("POST", f"/conversations/{sender}/tracker/events", entry)
    assert status == 200, body
    last = tracker_events(servers, sender)[-1]
    assert (last["event"], last["text"]) == ("bot", "Eintrag mit Token")

    status, _, body = servers.api("GET", "/status")
    assert status == 200 and "model_file" in body
    assert servers.parse(QUESTION)["intent"]["name"]


def test_webhook_and_health_check_need_no_token(servers):
    status, _, body = servers.api("GET", "/", with_token=False)
    assert status == 200 and "Hello from Rasa" in body
    assert servers.say("sicherheit-webhook", QUESTION)  # servers.say() sends no token


# ---------------------------------------------------------------------------
# Action server only on 127.0.0.1
# ---------------------------------------------------------------------------


def accepts(address: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as client:
        client.settimeout(3)
        try:
            client.connect((address, port))
            return True
        except OSError:
            return False


def non_loopback_addresses():
    """This machine's own addresses other than loopback (and IPv6 link-local)."""
    found = []
    try:
        found += subprocess.run(
            ["hostname", "-I"], capture_output=True, text=True, timeout=5
        ).stdout.split()
    except (OSError, subprocess.SubprocessError):
        pass
    # The address the machine would send from (connecting UDP sends no packet).
    for family, target in ((socket.AF_INET, "192.0.2.1"), (socket.AF_INET6, "2001:db8::1")):
        try:
            with socket.socket(family, socket.SOCK_DGRAM) as probe:
                probe.connect((target, 9))
                found.append(probe.getsockname()[0])
        except OSError:
            pass
    addresses = []
    for text in found:
        try:
            address = ipaddress.ip_address(text)
        except ValueError:
            continue
        if address.is_loopback or address.is_link_local or address.is_unspecified:
            continue
        if str(address) not in addresses:
            addresses.append(str(address))
    return addresses


def reachable_from_here(address: str) -> bool:
    """Whether a server listening on all interfaces is reachable at this address."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as listener:
        listener.bind(("::" if family == socket.AF_INET6 else "0.0.0.0", 0))
        listener.listen(1)
        return accepts(address, listener.getsockname()[1])


def test_action_server_accepts_connections_on_loopback_only(servers):
    assert accepts("127.0.0.1", ACTIONS_PORT)
    addresses = [a for a in non_loopback_addresses() if reachable_from_here(a)]
    if not addresses:
        pytest.skip(
            "this machine has no non-loopback address that it can reach itself "
            f"(found: {non_loopback_addresses() or 'none'}), so the check cannot tell"
        )
    for address in addresses:
        assert not accepts(address, ACTIONS_PORT), f"action server reachable on {address}"


# ---------------------------------------------------------------------------
# CORS
# ---------------------------------------------------------------------------


def allowed_origin(servers, origin: str):
    """Access-Control-Allow-Origin of the chat's preflight request from `origin`."""
    _, headers, _ = servers.api(
        "OPTIONS",
        "/webhooks/rest/webhook",
        with_token=False,
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    return headers.get("Access-Control-Allow-Origin")


def test_cors_allows_the_demo_page_but_not_other_origins(servers):
    assert allowed_origin(servers, "http://localhost:8080") == "http://localhost:8080"
    assert allowed_origin(servers, "http://127.0.0.1:8080") == "http://127.0.0.1:8080"
    assert allowed_origin(servers, "https://fremde-seite.example") is None


# ---------------------------------------------------------------------------
# scripts/serve.sh (make run) starts the servers the same way; tests/test_publish.py
# runs it for real in a copy of the project
# ---------------------------------------------------------------------------


def test_run_script_uses_token_loopback_action_server_and_origins():
    script = (PROJECT / "scripts" / "serve.sh").read_text(encoding="utf-8")
    assert "SANIC_HOST=127.0.0.1 exec .venv/bin/rasa run actions" in script
    assert '--auth-token "$RASA_AUTH_TOKEN"' in script
    assert '--cors "${CORS_ORIGINS[@]}"' in script
    assert '--cors "*"' not in script
