"""The chat widget on the demo page, in a real browser.

Headless Chromium from Debian, driven by Playwright, opens the demo page (web/index.html,
copied with the widget pointed at the test Rasa server) and chats as a patient would,
at 1280 px and at 360 px. One Rasa server, action server and web server for the module
(ports 5305, 5355, 8305); the last test stops the Rasa server.
"""

import json
import sqlite3

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from staff.widget_contact import write_widget_contact
from tests.conftest import PRACTICE_TEST_YAML, servers_with_test_practice
from tests.rasa_servers import RasaServers
from tests.widget_site import AXE_JS, StaticServer, launch_chromium, prepare_site

RASA_PORT = 5305
ACTIONS_PORT = 5355
WEB_PORT = 8305
WEB_ORIGIN = f"http://127.0.0.1:{WEB_PORT}"
WIDTHS = {"desktop": (1280, 800), "phone": (360, 740)}
FALLBACK = "nicht sicher verstanden"  # utter_default, the answer when nothing was understood
WARNING_SIGN = "Ich kann seit heute morgen das Wasser nicht mehr halten und meine Beine sind taub"
# For the offline notice only (never shown to patients): a test number in a test file.
TEST_PHONE = "040 000 111 22"
# The privacy notice's facts, from the test practice file of the widget.
PRIVACY_URL = "https://www.praxis-beispiel.de/datenschutz"
PRIVACY_SECTION = f'datenschutz:\n  aufbewahrung_tage: 14\n  url: "{PRIVACY_URL}"\n'


expect.set_options(timeout=30_000)


class Site:
    def __init__(self, servers: RasaServers, web: StaticServer, web_dir, tmp) -> None:
        self.servers = servers
        self.web = web
        self.web_dir = web_dir
        self.tmp = tmp


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser-widget")
    # Conversations in SQLite, as `make run` keeps them ("Gespräch löschen" is checked there).
    servers = servers_with_test_practice(
        tmp,
        rasa_port=RASA_PORT,
        actions_port=ACTIONS_PORT,
        cors_origins=[WEB_ORIGIN],
        sqlite_tracker_store=True,
    )
    widget_practice = tmp / "practice_widget.yml"
    widget_practice.write_text(PRACTICE_TEST_YAML + PRIVACY_SECTION, encoding="utf-8")
    web_dir = prepare_site(tmp / "web", servers.url, widget_practice)
    web = StaticServer(web_dir, WEB_PORT).start()
    try:
        servers.start()
        yield Site(servers, web, web_dir, tmp)
    finally:
        web.stop()
        servers.stop()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


class Chat:
    """The demo page in one browser tab, and what a patient sees in the widget."""

    def __init__(self, page: Page, site: Site, width: int) -> None:
        self.page = page
        self.site = site
        self.width = width
        self.dialogs = []
        self.errors = []
        page.on("dialog", self._on_dialog)
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _on_dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    @property
    def launcher(self):
        return self.page.get_by_role("button", name="Chat mit dem Praxis-Assistenten")

    @property
    def dialog(self):
        return self.page.get_by_role("dialog", name="Praxis-Assistent")

    @property
    def log(self):
        return self.page.get_by_role("log", name="Gesprächsverlauf")

    @property
    def input(self):
        return self.page.get_by_label("Ihre Nachricht an den Praxis-Assistenten")

    @property
    def bot_bubbles(self):
        return self.log.locator(".pxc-msg--bot:not(.pxc-typing) .pxc-bubble")

    @property
    def user_bubbles(self):
        return self.log.locator(".pxc-msg--user .pxc-bubble")

    @property
    def typing(self):
        return self.log.locator(".pxc-typing")

    @property
    def offline_notice(self):
        return self.page.get_by_role("alert")

    def goto(self, path: str = "/") -> None:
        self.page.goto(self.site.web.url + path)

    def open(self) -> None:
        """Opens the demo page and the widget; waits for the greeting."""
        self.goto()
        self.launcher.click()
        expect(self.dialog).to_be_visible()
        expect(self.bot_bubbles.first).to_be_visible()
        self.wait_idle()

    def wait_idle(self) -> None:
        """Until every queued message is answered (the widget types until then)."""
        expect(self.typing).to_have_count(0)

    def texts(self, bubbles) -> list:
        """The bubbles' texts without the prefix for screen readers ("Sie: ", "Assistent: ")."""
        return [text.split(": ", 1)[1] for text in bubbles.all_text_contents()]

    def ask(self, message: str) -> list:
        """Types a message, presses Enter and returns the bot's new messages."""
        before = self.bot_bubbles.count()
        self.input.fill(message)
        self.input.press("Enter")
        expect(self.bot_bubbles).not_to_have_count(before)
        self.wait_idle()
        return self.texts(self.bot_bubbles)[before:]

    def sender(self) -> str:
        return self.page.evaluate("() => JSON.parse(sessionStorage.getItem('praxis-chat')).sender")

    def assert_fits_width(self) -> None:
        box = self.dialog.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= self.width + 0.5, box
        scroll_width = self.page.evaluate("() => document.documentElement.scrollWidth")
        assert scroll_width <= self.width, f"horizontal scrolling: {scroll_width} px"


def new_chat(browser, site: Site, name: str) -> Chat:
    width, height = WIDTHS[name]
    context = browser.new_context(
        viewport={"width": width, "height": height},
        is_mobile=name == "phone",
        has_touch=name == "phone",
        locale="de-DE",
    )
    return Chat(context.new_page(), site, width)


@pytest.fixture(params=list(WIDTHS))
def chat(request, browser, site):
    chat = new_chat(browser, site, request.param)
    yield chat
    chat.page.context.close()
    assert not chat.errors, f"JavaScript errors: {chat.errors}"


def assert_understood(answers: list) -> None:
    assert answers and all(answer.strip() for answer in answers), answers
    assert not any(FALLBACK in answer for answer in answers), answers


def test_opening_shows_greeting_notice_and_topic_buttons(chat):
    chat.goto()
    expect(chat.dialog).to_be_hidden()
    chat.launcher.click()
    expect(chat.dialog).to_be_visible()
    expect(chat.dialog.get_by_text("keine Diagnose")).to_be_visible()
    expect(chat.dialog.get_by_role("link", name="112")).to_have_attribute("href", "tel:112")
    expect(chat.bot_bubbles.first).to_be_visible()
    chat.wait_idle()
    assert_understood(chat.texts(chat.bot_bubbles))
    topics = chat.log.get_by_role("group", name="Antwortmöglichkeiten").get_by_role("button")
    assert topics.count() >= 3
    expect(chat.input).to_be_focused()
    chat.assert_fits_width()


def test_faq_question_is_answered(chat):
    chat.open()
    answers = chat.ask("Was ist eine Rückenschule?")
    assert_understood(answers)
    assert chat.texts(chat.user_bubbles)[-1] == "Was ist eine Rückenschule?"


def test_topic_button_asks_its_question(chat):
    chat.open()
    topic = chat.log.locator(".pxc-choice").first
    title = topic.inner_text()
    before = chat.bot_bubbles.count()
    topic.click()
    expect(chat.user_bubbles.last).to_contain_text(title)
    expect(chat.bot_bubbles).not_to_have_count(before)
    chat.wait_idle()
    assert_understood(chat.texts(chat.bot_bubbles)[before:])
    expect(topic).to_be_disabled()


def test_warning_sign_shows_112_in_the_conversation(chat):
    chat.open()
    answers = chat.ask(WARNING_SIGN)
    assert any("112" in answer for answer in answers), answers


def test_message_typed_while_busy_is_queued_and_answered(chat):
    chat.open()
    # A slow connection (600 ms per request) keeps the assistant busy for the second message.
    cdp = chat.page.context.new_cdp_session(chat.page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 600, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    first, second = "Wie bekomme ich einen Termin?", "Was ist eine Rückenschule?"
    before = chat.bot_bubbles.count()
    chat.input.fill(first)
    chat.input.press("Enter")
    expect(chat.typing).to_be_visible()
    chat.input.fill(second)
    chat.input.press("Enter")
    expect(chat.input).to_have_value("")
    assert chat.texts(chat.user_bubbles)[-2:] == [first, second]
    expect(chat.bot_bubbles).not_to_have_count(before)
    chat.wait_idle()
    assert_understood(chat.texts(chat.bot_bubbles)[before:])
    # Both reached the assistant, in order, and each got an answer.
    status, _, tracker = chat.site.servers.api("GET", f"/conversations/{chat.sender()}/tracker")
    assert status == 200
    events = [e for e in tracker["events"] if e["event"] in ("user", "bot")]
    users = [i for i, e in enumerate(events) if e["event"] == "user"]
    assert [events[i]["text"] for i in users[-2:]] == [first, second]
    assert events[users[-1] - 1]["event"] == "bot" and events[-1]["event"] == "bot"


def test_history_survives_reload_and_navigation(chat):
    chat.open()
    chat.ask("Was ist eine Rückenschule?")
    history = chat.texts(chat.log.locator(".pxc-bubble"))
    sender = chat.sender()
    chat.page.reload()
    expect(chat.dialog).to_be_visible()  # it was open, it stays open
    expect(chat.log.locator(".pxc-bubble")).to_have_count(len(history))
    assert chat.texts(chat.log.locator(".pxc-bubble")) == history
    chat.page.keyboard.press("Escape")
    chat.page.get_by_role("link", name="Chat als ganze Seite").click()
    chat.page.wait_for_url("**/chat.html")
    expect(chat.log.locator(".pxc-bubble")).to_have_count(len(history))
    assert chat.texts(chat.log.locator(".pxc-bubble")) == history
    assert chat.sender() == sender
    # The full-page chat goes on with the same conversation.
    assert_understood(chat.ask("Wie bekomme ich einen Termin?"))


def test_new_conversation_starts_afresh(chat):
    chat.open()
    chat.ask("Was ist eine Rückenschule?")
    sender = chat.sender()
    chat.dialog.get_by_role("button", name="Menü").click()
    chat.dialog.get_by_role("button", name="Neues Gespräch").click()
    expect(chat.user_bubbles).to_have_count(0)
    expect(chat.bot_bubbles.first).to_be_visible()
    chat.wait_idle()
    assert chat.sender() != sender
    expect(chat.log.get_by_text("Rückenschule")).to_have_count(0)
    expect(chat.input).to_be_focused()


def test_privacy_notice_before_the_first_message(chat):
    chat.goto()
    chat.launcher.click()
    privacy = chat.dialog.locator(".pxc-privacy")
    expect(privacy).to_be_visible()
    expect(privacy).to_contain_text("nach 14 Tagen gelöscht")
    expect(privacy).to_contain_text("„Gespräch löschen“")
    link = privacy.get_by_role("link", name="Datenschutzerklärung der Praxis")
    expect(link).to_have_attribute("href", PRIVACY_URL)
    chat.wait_idle()
    expect(privacy).to_be_in_viewport()  # in view before the first message, also on phones
    chat.assert_fits_width()
    chat.ask("Was ist eine Rückenschule?")
    # Then at the top of the conversation, where it scrolls away.
    assert privacy.evaluate("node => node.parentNode.firstElementChild === node")
    expect(chat.log.locator(".pxc-privacy")).to_have_count(1)


def stored_events(site: Site, sender: str) -> int:
    with sqlite3.connect(site.servers.log_dir / "rasa.db") as connection:
        query = "SELECT COUNT(*) FROM events WHERE sender_id = ?"
        return connection.execute(query, (sender,)).fetchone()[0]


def test_menu_shows_the_number_and_deletes_the_conversation(chat):
    chat.open()
    chat.ask("Was ist eine Rückenschule?")
    sender = chat.sender()
    assert stored_events(chat.site, sender) > 0
    menu_button = chat.dialog.get_by_role("button", name="Menü")
    menu_button.click()
    expect(menu_button).to_have_attribute("aria-expanded", "true")
    expect(chat.dialog.get_by_text(f"Ihre Gesprächsnummer: {sender[:8]}")).to_be_visible()
    chat.assert_fits_width()
    chat.dialog.get_by_role("button", name="Gespräch löschen").click()
    chat.dialog.get_by_role("button", name="Endgültig löschen").click()
    expect(chat.dialog.get_by_role("status")).to_contain_text("Ihr Gespräch wurde gelöscht")
    expect(chat.user_bubbles).to_have_count(0)
    assert stored_events(chat.site, sender) == 0
    assert chat.sender() != sender
    # Nothing of it after a reload either.
    chat.goto()
    expect(chat.dialog).to_be_visible()
    expect(chat.log.get_by_text("Rückenschule")).to_have_count(0)


def test_html_in_a_message_is_shown_as_text(chat):
    chat.open()
    attack = "<img src=x onerror=alert(1)>"
    chat.ask(attack)
    assert chat.texts(chat.user_bubbles)[-1] == attack
    expect(chat.log.locator("img")).to_have_count(0)
    assert chat.dialogs == []


def test_keyboard_only_focus_trap_and_escape(chat):
    chat.goto()
    for _ in range(30):
        chat.page.keyboard.press("Tab")
        if chat.launcher.evaluate("node => node === document.activeElement"):
            break
    expect(chat.launcher).to_be_focused()
    chat.page.keyboard.press("Enter")
    expect(chat.dialog).to_be_visible()
    expect(chat.input).to_be_focused()
    chat.wait_idle()
    for key in ["Tab"] * 15 + ["Shift+Tab"] * 15:
        chat.page.keyboard.press(key)
        assert chat.dialog.evaluate("node => node.contains(document.activeElement)"), key
    chat.input.focus()
    chat.page.keyboard.type("Was ist eine Rückenschule?")
    before = chat.bot_bubbles.count()
    chat.page.keyboard.press("Enter")
    expect(chat.bot_bubbles).not_to_have_count(before)
    chat.page.keyboard.press("Escape")
    expect(chat.dialog).to_be_hidden()
    expect(chat.launcher).to_be_focused()
    expect(chat.launcher).to_have_attribute("aria-expanded", "false")


def run_axe(page: Page) -> list:
    assert AXE_JS.exists(), f"{AXE_JS} fehlt: bitte `bash scripts/setup.sh` (npm ci) ausführen"
    page.add_script_tag(path=str(AXE_JS))
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_accessibility_audit(chat):
    chat.open()
    chat.ask("Was ist eine Rückenschule?")
    assert run_axe(chat.page) == [], "demo page with the open widget"
    chat.dialog.get_by_role("button", name="Menü").click()
    chat.dialog.get_by_role("button", name="Gespräch löschen").click()
    assert run_axe(chat.page) == [], "the open menu"
    chat.page.keyboard.press("Escape")
    assert run_axe(chat.page) == [], "demo page with the closed widget"
    chat.goto("/chat.html")
    expect(chat.bot_bubbles.first).to_be_visible()
    assert run_axe(chat.page) == [], "chat.html"


def test_lost_connection_shows_notice_and_retry_sends_the_queue(chat):
    chat.open()
    chat.page.context.set_offline(True)
    chat.input.fill("Was ist eine Rückenschule?")
    chat.input.press("Enter")
    expect(chat.offline_notice).to_be_visible()
    expect(chat.offline_notice).to_contain_text("nicht erreichbar")
    expect(chat.offline_notice).to_contain_text("Kontaktdaten auf der Webseite der Praxis")
    expect(chat.offline_notice.get_by_role("link", name="112")).to_be_visible()
    assert chat.texts(chat.user_bubbles)[-1] == "Was ist eine Rückenschule?"
    assert run_axe(chat.page) == [], "offline notice"
    chat.page.context.set_offline(False)
    before = chat.bot_bubbles.count()
    chat.offline_notice.get_by_role("button", name="Erneut versuchen").click()
    expect(chat.offline_notice).to_have_count(0)
    expect(chat.bot_bubbles).not_to_have_count(before)
    chat.wait_idle()
    assert_understood(chat.texts(chat.bot_bubbles)[before:])


def test_widget_contact_file_from_practice_file(tmp_path):
    practice_file = tmp_path / "practice.yml"
    practice_file.write_text(PRACTICE_TEST_YAML, encoding="utf-8")
    output = tmp_path / "praxis-kontakt.json"
    write_widget_contact(practice_file, output)
    assert json.loads(output.read_text(encoding="utf-8")) == {
        "telefon": "",
        "notruf": "112",
        "aufbewahrung_tage": 30,
        "datenschutz_url": "",
    }


# Last in this module: it stops the Rasa server.
def test_server_stopped_shows_offline_notice_with_phone(browser, site):
    practice_file = site.tmp / "practice_with_phone.yml"
    practice_file.write_text(
        PRACTICE_TEST_YAML.replace('telefon: ""', f'telefon: "{TEST_PHONE}"'), encoding="utf-8"
    )
    write_widget_contact(practice_file, site.web_dir / "praxis-kontakt.json")
    chats = [new_chat(browser, site, name) for name in WIDTHS]
    for chat in chats:
        chat.open()
    site.servers.stop()
    for chat in chats:
        chat.input.fill("Wann ist die Praxis geöffnet?")
        chat.input.press("Enter")
        notice = chat.offline_notice
        expect(notice).to_be_visible()
        expect(notice).to_contain_text("nicht erreichbar")
        expect(notice.get_by_role("link", name=TEST_PHONE)).to_have_attribute(
            "href", "tel:04000011122"
        )
        expect(notice.get_by_role("link", name="112")).to_be_visible()
        # The message stays in the conversation, waiting to be sent.
        assert chat.texts(chat.user_bubbles)[-1] == "Wann ist die Praxis geöffnet?"
        notice.get_by_role("button", name="Erneut versuchen").click()
        expect(chat.offline_notice).to_be_visible()
        chat.assert_fits_width()
        assert not chat.errors, chat.errors
        chat.page.context.close()
