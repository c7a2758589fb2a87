"""Screenshots of the demo page with the open chat widget, for the README.

    .venv/bin/python scripts/screenshots.py

Starts its own Rasa server, action server (with practice.yml) and web server on the
ports of the browser tests (5305, 5355, 8305), so do not run it beside them. Writes
docs/img/widget-desktop.png (1280 px wide) and docs/img/widget-phone.png (360 px).
"""

import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from playwright.sync_api import expect, sync_playwright  # noqa: E402

from actions.practice import practice_file_path  # noqa: E402
from tests.rasa_servers import RasaServers  # noqa: E402
from tests.widget_site import StaticServer, launch_chromium, prepare_site  # noqa: E402

WEB_PORT = 8305
SHOTS = {"widget-desktop.png": (1280, 800), "widget-phone.png": (360, 740)}
QUESTION = "Wo ist die Praxis?"


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        servers = RasaServers(
            tmp, rasa_port=5305, actions_port=5355, cors_origins=[f"http://127.0.0.1:{WEB_PORT}"]
        )
        web = StaticServer(prepare_site(tmp / "web", servers.url, practice_file_path()), WEB_PORT)
        web.start()
        try:
            print("Starte den Assistenten (etwa eine Minute) ...")
            servers.start()
            with sync_playwright() as playwright:
                browser = launch_chromium(playwright)
                for name, (width, height) in SHOTS.items():
                    page = browser.new_page(viewport={"width": width, "height": height})
                    page.goto(web.url + "/")
                    page.get_by_role("button", name="Chat mit dem Praxis-Assistenten").click()
                    bot = page.locator(".pxc-msg--bot:not(.pxc-typing)")
                    expect(bot.first).to_be_visible(timeout=30_000)
                    page.get_by_label("Ihre Nachricht an den Praxis-Assistenten").fill(QUESTION)
                    page.keyboard.press("Enter")
                    expect(page.locator(".pxc-msg--user")).to_have_count(1)
                    expect(page.locator(".pxc-typing")).to_have_count(0, timeout=30_000)
                    output = PROJECT / "docs" / "img" / name
                    page.screenshot(path=str(output))
                    print(f"Geschrieben: {output}")
                    page.close()
                browser.close()
        finally:
            web.stop()
            servers.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
