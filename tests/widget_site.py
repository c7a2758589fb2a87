"""The demo website with the chat widget, served for the browser tests and the screenshots.

`prepare_site` copies web/ into a folder and sets the widget's `data-assistant` to the
test Rasa server, as the practice's web agency sets it to the real one; the phone
numbers come from a practice file through staff.widget_contact, as in scripts/run.sh.
`StaticServer` serves the folder (like `python -m http.server` in scripts/run.sh).
`launch_chromium` starts Debian's Chromium headless through Playwright.
"""

import functools
import os
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from staff.widget_contact import write_widget_contact

PROJECT = Path(__file__).resolve().parent.parent
WEB = PROJECT / "web"
CHROMIUM = Path(os.environ.get("PRAXIS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
]
AXE_JS = PROJECT / "node_modules" / "axe-core" / "axe.min.js"
# The address of the assistant in the committed pages (`make run`).
RUN_ASSISTANT = 'data-assistant="http://localhost:5005"'
PAGES = ("index.html", "chat.html")


def prepare_site(target: Path, assistant_url: str, practice_file: Path) -> Path:
    """Copies the pages, script and stylesheet of web/ to target; returns target."""
    target.mkdir(parents=True, exist_ok=True)
    for name in (*PAGES, "praxis-chat.js", "praxis-chat.css"):
        shutil.copy(WEB / name, target / name)
    for name in PAGES:
        page = target / name
        html = page.read_text(encoding="utf-8")
        if RUN_ASSISTANT not in html:
            raise AssertionError(f"web/{name} has no {RUN_ASSISTANT}")
        page.write_text(
            html.replace(RUN_ASSISTANT, f'data-assistant="{assistant_url}"'), encoding="utf-8"
        )
    write_widget_contact(practice_file, target / "praxis-kontakt.json")
    return target


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the name of the overridden method
        pass


class StaticServer:
    """Serves a folder on 127.0.0.1:port in a background thread."""

    def __init__(self, directory: Path, port: int) -> None:
        handler = functools.partial(_QuietHandler, directory=str(directory))
        self.server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.url = f"http://127.0.0.1:{port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> "StaticServer":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def launch_chromium(playwright):
    if not CHROMIUM.exists():
        raise RuntimeError(
            f"Chromium fehlt ({CHROMIUM}). Bitte `bash scripts/setup.sh` als root ausführen "
            "oder `apt-get install chromium`; anderer Pfad: PRAXIS_CHROMIUM=/pfad/zu/chromium"
        )
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
