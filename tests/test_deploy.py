"""Running as a service (deploy/): the systemd units and nginx with HTTPS.

- The units, as deploy/install.sh writes them, pass `systemd-analyze verify`.
- nginx with the HTTPS site and a self-signed certificate (made here with openssl,
  as docs/betrieb.md describes) answers the chat's paths over TLS, passes them to
  the assistant's port and keeps the Rasa HTTP API closed.
- Where systemd runs (PID 1), the units are started for real; elsewhere that test
  is skipped and says why.
"""

import os
import shutil
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.rasa_servers import PROJECT, _get

UNITS_RUN = [
    "praxis-assistent.target",
    "praxis-assistent-rasa.service",
    "praxis-assistent-actions.service",
    "praxis-assistent-web.service",
]
BACKEND_PORT, HTTPS_PORT, HTTP_PORT = 5791, 5743, 5780
SYSTEMD_RUNNING = Path("/run/systemd/system").is_dir()


def install_files(profile: str, target: Path, **settings: str) -> subprocess.CompletedProcess:
    env = {**os.environ, **settings}
    return subprocess.run(
        ["bash", "deploy/install.sh", profile, "--nur-dateien", str(target)],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("profile", ["run", "prod"])
def test_units_pass_systemd_analyze_verify(tmp_path, profile):
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze ist nicht installiert (Debian-Paket systemd)")
    result = install_files(profile, tmp_path)
    assert result.returncode == 0, result.stderr
    units = sorted(
        str(path) for path in tmp_path.iterdir() if path.suffix in (".service", ".target")
    )
    assert units
    text = "\n".join(Path(unit).read_text() for unit in units)
    assert "${PRAXIS_" not in text and str(PROJECT) in text
    verify = subprocess.run(
        ["systemd-analyze", "verify", *units], capture_output=True, text=True, timeout=120
    )
    # Units the system provides (postgresql.service on a machine without it) may be
    # missing here; everything about our own units must be clean.
    problems = [
        line
        for line in (verify.stdout + verify.stderr).splitlines()
        if "praxis-assistent" in line and "not found" not in line
    ]
    assert verify.returncode == 0 or not problems, verify.stdout + verify.stderr
    assert not problems, "\n".join(problems)


@pytest.fixture
def self_signed_certificate(tmp_path):
    if not shutil.which("openssl"):
        pytest.skip("openssl fehlt")
    cert, key = tmp_path / "zertifikat.pem", tmp_path / "schluessel.key"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=localhost",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def https_get(path: str, method: str = "GET"):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    request = urllib.request.Request(f"https://127.0.0.1:{HTTPS_PORT}{path}", method=method)
    try:
        with urllib.request.urlopen(request, context=context, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def redirect_of(url: str) -> str:
    """Where a plain HTTP request is sent (the Location of the redirect)."""
    try:
        urllib.request.build_opener(NoRedirect).open(url, timeout=5)
    except urllib.error.HTTPError as error:
        assert error.code == 301
        return error.headers["Location"]
    raise AssertionError("no redirect")


def test_nginx_serves_the_chat_over_https_with_a_self_signed_certificate(
    tmp_path, self_signed_certificate
):
    if not shutil.which("nginx"):
        pytest.skip("nginx ist nicht installiert (make setup-prod installiert es)")
    cert, key = self_signed_certificate
    result = install_files(
        "run",
        tmp_path / "dateien",
        PRAXIS_RUN_PORT=str(BACKEND_PORT),
        PRAXIS_HTTPS_PORT=f"127.0.0.1:{HTTPS_PORT}",
        PRAXIS_HTTP_PORT=f"127.0.0.1:{HTTP_PORT}",
        PRAXIS_TLS_CERT=str(cert),
        PRAXIS_TLS_KEY=str(key),
        PRAXIS_SERVER_NAME="localhost",
        PRAXIS_HTTPS_LOG_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    # The system nginx includes the site inside "http { }"; here a minimal main file does.
    main = tmp_path / "nginx.conf"
    main.write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\ndaemon off;\n"
        "events {}\nhttp {\n"
        f"  client_body_temp_path {tmp_path}/body; proxy_temp_path {tmp_path}/proxy;\n"
        f"  fastcgi_temp_path {tmp_path}/fcgi; uwsgi_temp_path {tmp_path}/uwsgi;\n"
        f"  scgi_temp_path {tmp_path}/scgi;\n"
        f"  include {tmp_path}/dateien/nginx-praxis-assistent.conf;\n}}\n"
    )
    # A stand-in for the Rasa server: any HTTP server on its port shows what passes.
    backend = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(BACKEND_PORT), "--bind", "127.0.0.1"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    nginx = subprocess.Popen(
        ["nginx", "-c", str(main), "-e", str(tmp_path / "error.log")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.time() + 20
        while time.time() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", HTTPS_PORT)) == 0:
                    break
            time.sleep(0.2)
        assert _get(f"http://127.0.0.1:{BACKEND_PORT}/") is not None
        status, _ = https_get("/")
        assert status == 200  # the health check reaches the assistant's port
        status, _ = https_get("/chat/praxis-chat.js")
        assert status == 200  # the widget's files
        status, _ = https_get("/conversations/abc/tracker")
        assert status == 404  # the HTTP API stays on the machine
        status, _ = https_get("/", method="POST")
        assert status == 403
        assert redirect_of(f"http://127.0.0.1:{HTTP_PORT}/x").startswith("https://")
    finally:
        nginx.terminate()
        backend.terminate()
        nginx.wait(timeout=10)
        backend.wait(timeout=10)


@pytest.mark.skipif(
    not SYSTEMD_RUNNING,
    reason="systemd läuft auf diesem Rechner nicht (PID 1 ist nicht systemd): "
    "die Units werden nur mit systemd-analyze verify geprüft",
)
def test_units_start_the_assistant_under_systemd(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("braucht root (systemctl)")
    result = install_files("run", tmp_path, PRAXIS_RUN_PORT="5705")
    assert result.returncode == 0, result.stderr
    units = [str(tmp_path / unit) for unit in UNITS_RUN]
    subprocess.run(["systemctl", "set-environment", "PRAXIS_RUN_PORT=5705"], check=True)
    subprocess.run(["systemctl", "link", *units], check=True)
    try:
        subprocess.run(["systemctl", "start", "praxis-assistent.target"], check=True)
        deadline = time.time() + 900
        while _get("http://127.0.0.1:5705/") is None:
            assert time.time() < deadline, "the Rasa unit did not answer"
            time.sleep(3)
    finally:
        subprocess.run(["systemctl", "stop", "praxis-assistent.target", *UNITS_RUN[1:]])
        subprocess.run(["systemctl", "disable", *UNITS_RUN])
        subprocess.run(["systemctl", "unset-environment", "PRAXIS_RUN_PORT"])
