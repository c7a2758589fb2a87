"""Shared fixtures for the practice-facts tests (practice file and clock)."""

import pytest

from actions import clock
from actions.practice import load_practice

# A fixed copy of the practice facts, so tests do not depend on staff edits
# of the real practice.yml (test_practice_file checks the real file).
PRACTICE_TEST_YAML = """\
name: "Dr. med. Klase Neurochirurgie"
adresse:
  strasse: "Rothenbaumchaussee 3"
  plz: "20148"
  ort: "Hamburg"
zeitzone: "Europe/Berlin"
oeffnungszeiten:
  Montag: ["08:00-10:00", "15:00-18:00"]
  Dienstag: geschlossen
  Mittwoch: ["08:00-13:00", "nach Vereinbarung"]
  Donnerstag: ["08:00-13:00"]
  Freitag: nach Vereinbarung
  Samstag: geschlossen
  Sonntag: geschlossen
feiertage:
  land: "DE"
  bundesland: "HH"
schliesstage:
kontakt:
  telefon: ""
  email: ""
  termin_link: ""
  webseite: ""
notfall:
  notruf: "112"
  bereitschaftsdienst: "116117"
"""


@pytest.fixture
def practice_file_factory(tmp_path):
    """Write a practice file to tmp_path and return its path.

    replacements: {old text: new text} applied to PRACTICE_TEST_YAML.
    """
    counter = {"files": 0}

    def write(replacements=None):
        content = PRACTICE_TEST_YAML
        for old, new in (replacements or {}).items():
            assert old in content, f"test setup: {old!r} not in the test file"
            content = content.replace(old, new)
        counter["files"] += 1
        path = tmp_path / f"practice_{counter['files']}.yml"
        path.write_text(content, encoding="utf-8")
        return path

    return write


@pytest.fixture
def practice_facts(practice_file_factory):
    """The practice loaded from the unchanged test file."""
    return load_practice(practice_file_factory())


@pytest.fixture
def fixed_clock():
    """Returns clock.set_fixed_now; the clock is reset after the test."""
    yield clock.set_fixed_now
    clock.reset()


def servers_with_test_practice(directory, **options):
    """Rasa and action server (not started yet, logs in `directory`) whose actions
    read the test practice file, never the staff's practice.yml."""
    from tests.rasa_servers import RasaServers

    practice_file = directory / "practice.yml"
    practice_file.write_text(PRACTICE_TEST_YAML, encoding="utf-8")
    return RasaServers(directory, practice_file=practice_file, **options)


@pytest.fixture(scope="session")
def rasa_servers(tmp_path_factory):
    """The trained assistant with its action server, reachable over REST."""
    servers = servers_with_test_practice(tmp_path_factory.mktemp("rasa-servers")).start()
    yield servers
    servers.stop()


@pytest.fixture(scope="session")
def stored_rasa_servers(tmp_path_factory):
    """The assistant as `make run` keeps conversations (SQLite tracker store), on
    its own ports 5505/5555: for the load and bad-input tests."""
    servers = servers_with_test_practice(
        tmp_path_factory.mktemp("stored-rasa-servers"),
        sqlite_tracker_store=True,
        rasa_port=5505,
        actions_port=5555,
    ).start()
    yield servers
    servers.stop()
