"""The parts of publishing (publishing/) that need no server: settings, versions,
the summary of changes, nginx's upstream switch. tests/test_publish.py runs it all
for real; tests/test_publish_safety.py runs the safety test on the trained model.
"""

import json
import re
import shutil
import threading
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from publishing.changes import summarize
from publishing.live_switch import SwitchError, mark_down
from publishing.settings import SettingsError, load_settings, read_settings_file
from publishing.versions import VersionStore, staff_files
from staff.publish import go_live
from tests.conftest import PRACTICE_TEST_YAML
from tests.project_copy import replace_response
from tests.rasa_servers import PROJECT

STAFF_FILES = ("domain.yml", "config.yml", "red_flags.yml", "data", "red_flag_corpus")


@pytest.fixture
def project(tmp_path):
    """The staff files of the project (the test practice file), in tmp_path/projekt."""
    directory = tmp_path / "projekt"
    directory.mkdir()
    for name in STAFF_FILES:
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, directory / name)
        else:
            shutil.copy(source, directory / name)
    (directory / "practice.yml").write_text(PRACTICE_TEST_YAML, encoding="utf-8")
    return directory


def fake_model(tmp_path: Path) -> Path:
    model = tmp_path / "neu.tar.gz"
    model.write_bytes(b"a model")
    return model


# --- settings.env ------------------------------------------------------------


def test_settings_file_values_and_environment_overrides(tmp_path):
    path = tmp_path / "settings.env"
    path.write_text(
        '# Kommentar\n\nPRAXIS_CORS_ORIGINS="https://a.de https://b.de"\nPRAXIS_RUN_PORT=5005\n'
        "PRAXIS_REDIS_PASSWORD=\n",
        encoding="utf-8",
    )
    assert read_settings_file(path) == {
        "PRAXIS_CORS_ORIGINS": "https://a.de https://b.de",
        "PRAXIS_RUN_PORT": "5005",
        "PRAXIS_REDIS_PASSWORD": "",
    }
    settings = load_settings({"PRAXIS_SETTINGS": str(path), "PRAXIS_RUN_PORT": "6000"})
    assert settings["PRAXIS_RUN_PORT"] == "6000"
    assert settings["PRAXIS_CORS_ORIGINS"] == "https://a.de https://b.de"


def test_a_settings_line_that_is_not_name_equals_value(tmp_path):
    path = tmp_path / "settings.env"
    path.write_text("PRAXIS_RUN_PORT=5005\nPRAXIS_RUN_PORT 5006\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="settings.env:2"):
        read_settings_file(path)


def test_the_projects_settings_file_has_every_setting_the_scripts_read():
    settings = read_settings_file(PROJECT / "settings.env")
    sources = [
        *PROJECT.glob("scripts/*.sh"),
        *(PROJECT / "deploy").rglob("*"),
        *PROJECT.glob("*.yml"),
    ]
    text = "\n".join(path.read_text(encoding="utf-8") for path in sources if path.is_file())
    read = set(re.findall(r"\bPRAXIS_[A-Z_]+[A-Z]\b", text))
    made_by_the_scripts = {
        "PRAXIS_PROJECT", "PRAXIS_SERVICE_USER", "PRAXIS_HTTPS_BACKEND",
        "PRAXIS_NGINX_UPSTREAMS", "PRAXIS_ACTION_URL", "PRAXIS_DB_PASSWORD",
        "PRAXIS_SETTINGS", "PRAXIS_MODEL", "PRAXIS_FILE", "PRAXIS_NOW",
    }  # fmt: skip
    assert read - made_by_the_scripts - set(settings) == set()


# --- versions ------------------------------------------------------------------


def test_versions_keep_model_facts_and_files_and_point_live_at_one(project, tmp_path):
    store = VersionStore(tmp_path / "versionen")
    assert store.live() is None and store.all() == []
    first = store.create(project, fake_model(tmp_path), ["Erste"], datetime(2026, 12, 3, 10, 0))
    store.set_live(first)
    assert first.model.read_bytes() == b"a model"
    assert first.practice_file.read_text(encoding="utf-8") == PRACTICE_TEST_YAML
    assert sorted(staff_files(first.files)) == staff_files(project)
    second = store.create(project, fake_model(tmp_path), ["Zweite"], datetime(2026, 12, 3, 11, 0))
    assert second.previous == first.id
    store.set_live(second)
    assert store.live().id == second.id
    assert store.before(second).id == first.id and store.before(first) is None
    # Published twice in the same second: a second folder, not an overwrite.
    third = store.create(project, fake_model(tmp_path), [], datetime(2026, 12, 3, 11, 0))
    assert third.id != second.id and len(store.all()) == 3
    # Through the link, readers see the live version's files.
    link_file = store.root / "live" / "practice.yml"
    assert link_file.resolve() == second.practice_file.resolve()


def test_an_interrupted_publish_leaves_no_version(project, tmp_path):
    store = VersionStore(tmp_path / "versionen")
    store.root.mkdir()
    (store.root / ".2026-12-03_10-00-00.unfertig").mkdir()
    (store.root / ".training-123").mkdir()
    assert store.all() == []
    store.clear_unfinished()
    assert not (store.root / ".2026-12-03_10-00-00.unfertig").exists()


# --- the summary of changes -------------------------------------------------


def test_summary_names_answers_examples_facts_and_warning_signs(project, tmp_path):
    old = tmp_path / "alt"
    shutil.copytree(project, old)
    assert summarize(None, project) == ["Erste veröffentlichte Version."]
    assert summarize(old, project) == ["Keine inhaltliche Änderung (erneut veröffentlicht)."]

    replace_response(project / "domain.yml", "utter_thank", "Sehr gern.")
    with open(project / "data" / "nlu.yml", "a", encoding="utf-8") as nlu:
        nlu.write("\n- intent: faq/heat_therapy\n  examples: |\n    - Hilft Wärme?\n")
    practice = project / "practice.yml"
    practice.write_text(
        practice.read_text(encoding="utf-8").replace('telefon: ""', 'telefon: "040 1"'),
        encoding="utf-8",
    )
    flags = project / "red_flags.yml"
    text = flags.read_text(encoding="utf-8")
    group = re.search(r"^  (\w+):\s*\n(?:    .*\n)*?    woerter:\s*\n", text, re.MULTILINE)
    flags.write_text(text[: group.end()] + "      - Sattelanästhesie\n" + text[group.end() :])
    assert summarize(old, project) == [
        "Antworten geändert: utter_thank",
        "Beispielfragen: faq/heat_therapy (+1)",
        "Praxisdaten geändert: kontakt.telefon",
        f"Warnzeichen-Liste geändert: {group.group(1)}",
    ]


# --- nginx ------------------------------------------------------------------------


def test_nginx_upstream_marked_down_and_back():
    config = (
        "upstream rasa {\n"
        "        server 127.0.0.1:5405 max_fails=1 fail_timeout=10s;\n"
        "        server 127.0.0.1:5406 max_fails=1 fail_timeout=10s;\n}\n"
    )
    down = mark_down(config, 5405, True)
    assert "server 127.0.0.1:5405 max_fails=1 fail_timeout=10s down;" in down
    assert "server 127.0.0.1:5406 max_fails=1 fail_timeout=10s;" in down
    assert mark_down(down, 5405, False) == config
    assert mark_down(mark_down(down, 5405, True), 5405, False) == config
    with pytest.raises(SwitchError):
        mark_down(config, 5407, True)


# --- switching running servers (a stand-in for Rasa's HTTP API) --------------


class FakeRasa:
    """Answers GET /status with its model's file name and PUT /model like Rasa,
    or refuses every new model (`refuse`)."""

    def __init__(self, model_file: str, refuse: bool = False) -> None:
        self.model_file, self.refuse, self.loaded = model_file, refuse, []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                body = json.dumps({"model_file": fake.model_file}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(body)

            def do_PUT(self):
                payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if fake.refuse and not payload["model_file"].endswith(fake.model_file):
                    self.send_response(500)
                    self.end_headers()
                    return
                fake.loaded.append(payload["model_file"])
                fake.model_file = Path(payload["model_file"]).name
                self.send_response(204)
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()


def two_versions(project, tmp_path):
    store = VersionStore(tmp_path / "versionen")
    old = store.create(project, fake_model(tmp_path), ["alt"], datetime(2026, 12, 3, 10, 0))
    store.set_live(old)
    new = store.create(project, fake_model(tmp_path), ["neu"], datetime(2026, 12, 3, 11, 0))
    return store, old, new


def switch_settings(port: int, tmp_path) -> dict:
    return {
        "PRAXIS_RUN_PORT": str(port),
        "PRAXIS_RASA_PORTS": "",
        "PRAXIS_PROD_DIR": str(tmp_path / "run"),
    }


def test_the_running_server_is_switched_to_the_new_version(project, tmp_path):
    store, old, new = two_versions(project, tmp_path)
    rasa = FakeRasa(old.model.name)
    try:
        servers = go_live(
            store, new, old, switch_settings(rasa.port, tmp_path), "token", tmp_path / "k.json"
        )
    finally:
        rasa.close()
    assert [server.port for server in servers] == [rasa.port]
    assert rasa.loaded == [str(new.model)]
    assert store.live().id == new.id
    assert json.loads((tmp_path / "k.json").read_text())["notruf"] == "112"


def test_a_refused_switch_leaves_the_previous_version_live(project, tmp_path):
    store, old, new = two_versions(project, tmp_path)
    rasa = FakeRasa(old.model.name, refuse=True)
    try:
        with pytest.raises(SwitchError):
            go_live(
                store, new, old, switch_settings(rasa.port, tmp_path), "token", tmp_path / "k.json"
            )
    finally:
        rasa.close()
    assert store.live().id == old.id
    assert rasa.model_file == old.model.name
