"""Switches running Rasa servers to another model without stopping them.

Rasa's own model replacement (`PUT /model` of the HTTP API, with the token) loads
the new model inside the running server and swaps it in; the REST channel and the
conversations stay. While a server loads a model it answers nothing else, so in the
production profile each instance is first taken out of nginx (marked `down`, nginx
reloaded gracefully), switched, checked and put back, one after the other: the
other instance answers meanwhile.
"""

import json
import os
import re
import signal
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import List, Mapping, Optional

LOAD_TIMEOUT = 300  # seconds a server may take to load a model
# After nginx is reloaded, old workers finish their requests and new requests go
# elsewhere; messages already inside the instance get this long to be answered.
DRAIN_SECONDS = 2.0


class SwitchError(RuntimeError):
    pass


@dataclass
class RasaServer:
    url: str  # http://127.0.0.1:5005
    port: int
    behind_nginx: bool = False

    def _request(self, method: str, path: str, token: str, payload=None, timeout=10.0):
        query = urllib.parse.urlencode({"token": token})
        data = None if payload is None else json.dumps(payload).encode("utf-8")
        request = urllib.request.Request(f"{self.url}{path}?{query}", data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read().decode("utf-8")
            return response.status, (json.loads(body) if body else None)

    def model_file(self, token: str) -> Optional[str]:
        """The file name of the model the server answers with, or None if it is down."""
        try:
            _, status = self._request("GET", "/status", token, timeout=5.0)
        except (urllib.error.URLError, OSError, ValueError):
            return None
        return (status or {}).get("model_file")

    def load(self, model: Path, token: str) -> None:
        try:
            status, _ = self._request(
                "PUT", "/model", token, {"model_file": str(model)}, timeout=LOAD_TIMEOUT
            )
        except urllib.error.HTTPError as error:
            detail = error.read().decode("utf-8", errors="replace")[:300]
            raise SwitchError(f"{self.url} lehnte das Modell ab ({error.code}): {detail}")
        except (urllib.error.URLError, OSError) as error:
            raise SwitchError(f"{self.url} war nicht erreichbar ({error})")
        if status != 204:
            raise SwitchError(f"{self.url} antwortete {status} auf das neue Modell")
        if self.model_file(token) != model.name:
            raise SwitchError(f"{self.url} meldet danach nicht das neue Modell")


class Nginx:
    """The production profile's nginx: its rendered config and its pid file."""

    def __init__(self, prod_dir: Path) -> None:
        self.config = prod_dir / "nginx.conf"
        self.pid_file = prod_dir / "nginx.pid"

    def running(self) -> bool:
        try:
            os.kill(int(self.pid_file.read_text().strip()), 0)
            return self.config.exists()
        except (OSError, ValueError):
            return False

    def set_down(self, port: int, down: bool) -> None:
        """Marks one upstream server `down` (or not) and reloads nginx gracefully."""
        text = self.config.read_text(encoding="utf-8")
        self.config.write_text(mark_down(text, port, down), encoding="utf-8")
        os.kill(int(self.pid_file.read_text().strip()), signal.SIGHUP)


def mark_down(config: str, port: int, down: bool) -> str:
    """The nginx config with the upstream server on this port marked `down` or not."""
    line = re.compile(rf"(server 127\.0\.0\.1:{port}\b[^;]*?)( down)?;")
    new_config, count = line.subn(lambda m: m.group(1) + (" down;" if down else ";"), config)
    if count != 1:
        raise SwitchError(f"nginx: Instanz {port} nicht in der Konfiguration gefunden")
    return new_config


def running_servers(settings: Mapping[str, str], token: str) -> List[RasaServer]:
    """The Rasa servers of `make run` and of the production profile that answer now."""
    servers = [
        RasaServer(
            f"http://127.0.0.1:{settings['PRAXIS_RUN_PORT']}", int(settings["PRAXIS_RUN_PORT"])
        )
    ]
    servers += [
        RasaServer(f"http://127.0.0.1:{port}", int(port), behind_nginx=True)
        for port in settings["PRAXIS_RASA_PORTS"].split()
    ]
    return [server for server in servers if server.model_file(token) is not None]


def switch(
    servers: List[RasaServer], model: Path, token: str, nginx: Optional[Nginx]
) -> List[RasaServer]:
    """Loads the model into each server in turn; returns the servers switched.

    On an error the servers switched so far are left as they are: the caller puts
    them back with another call (the previous model)."""
    switched = []
    behind_nginx = [server for server in servers if server.behind_nginx]
    # Taking an instance out only helps while another one answers.
    use_nginx = nginx is not None and nginx.running() and len(behind_nginx) > 1
    for server in servers:
        drain = use_nginx and server.behind_nginx
        if drain:
            nginx.set_down(server.port, True)
            time.sleep(DRAIN_SECONDS)
        try:
            server.load(model, token)
            switched.append(server)
        finally:
            if drain:
                nginx.set_down(server.port, False)
                time.sleep(DRAIN_SECONDS / 2)
    return switched
