"""make purge (staff/purge.py) and the retention setting in practice.yml (datenschutz)."""

import asyncio
import time

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from actions.practice import DEFAULT_RETENTION_DAYS, PracticeFileError, load_practice
from components.tracker_store import purge as purge_expired
from staff import purge

DAY = 24 * 60 * 60
EMERGENCY_SECTION = 'notfall:\n  notruf: "112"\n  bereitschaftsdienst: "116117"\n'


def with_privacy_section(section: str) -> dict:
    """Replacement for practice_file_factory: appends a datenschutz section."""
    return {EMERGENCY_SECTION: EMERGENCY_SECTION + section}


def save_conversation(store: SQLTrackerStore, sender_id: str, *days_ago: float) -> None:
    """A conversation with one question and answer per entry of `days_ago`."""
    tracker = DialogueStateTracker(sender_id, slots=[])
    for age in days_ago:
        timestamp = time.time() - age * DAY
        tracker.update(UserUttered("Ich habe seit Tagen Rückenschmerzen.", timestamp=timestamp))
        tracker.update(ActionExecuted("utter_faq", timestamp=timestamp))
    asyncio.run(store.save(tracker))


def stored_conversations(store: SQLTrackerStore) -> list:
    return sorted(asyncio.run(store.keys()))


@pytest.fixture
def store_and_endpoints(tmp_path):
    """An SQLite tracker store (Rasa's own) with three conversations, and an
    endpoints file naming it."""
    database = tmp_path / "rasa.db"
    store = SQLTrackerStore(dialect="sqlite", db=str(database))
    save_conversation(store, "old", 40)
    save_conversation(store, "today", 0)
    save_conversation(store, "old-but-continued", 40, 2)
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(
        f'tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: "{database}"\n', encoding="utf-8"
    )
    return store, endpoints


def test_purge_deletes_only_conversations_whose_last_event_is_too_old(store_and_endpoints, capsys):
    store, endpoints = store_and_endpoints
    assert purge.main(["--tage", "30", "--endpoints", str(endpoints)]) == 0
    assert capsys.readouterr().out == (
        "Datenschutz: 1 Gespräch gelöscht, deren letzte Nachricht älter als 30 Tage ist.\n"
    )
    assert stored_conversations(store) == ["old-but-continued", "today"]
    # The continued conversation is kept whole, including its 40-day-old events.
    with store.session_scope() as session:
        kept_events = (
            session.query(store.SQLEvent)
            .filter(store.SQLEvent.sender_id == "old-but-continued")
            .count()
        )
        old_events = session.query(store.SQLEvent).filter(store.SQLEvent.sender_id == "old").count()
    assert (kept_events, old_events) == (4, 0)


def test_nothing_left_to_delete_on_a_second_run(store_and_endpoints, capsys):
    store, endpoints = store_and_endpoints
    assert purge_expired(store, 30) == 1
    assert purge.main(["--tage", "30", "--endpoints", str(endpoints)]) == 0
    assert "keine Gespräche älter als 30 Tage" in capsys.readouterr().out


def test_days_default_to_the_practice_file(
    store_and_endpoints, practice_file_factory, monkeypatch, capsys
):
    store, endpoints = store_and_endpoints
    practice = practice_file_factory(
        with_privacy_section("datenschutz:\n  aufbewahrung_tage: 50\n")
    )
    monkeypatch.setenv("PRAXIS_FILE", str(practice))
    assert purge.main(["--endpoints", str(endpoints)]) == 0
    assert "keine Gespräche älter als 50 Tage" in capsys.readouterr().out
    assert len(stored_conversations(store)) == 3

    assert purge.main(["--endpoints", str(endpoints), "--tage", "1"]) == 0
    assert "2 Gespräche gelöscht" in capsys.readouterr().out
    assert stored_conversations(store) == ["today"]


def test_days_must_be_a_positive_number(store_and_endpoints, capsys):
    _, endpoints = store_and_endpoints
    with pytest.raises(SystemExit):
        purge.main(["--endpoints", str(endpoints), "--tage", "0"])
    assert "keine gültige Anzahl von Tagen" in capsys.readouterr().err


def test_missing_database_is_not_created(tmp_path, capsys):
    database = tmp_path / "rasa.db"
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(f'tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: "{database}"\n')
    assert purge.main(["--tage", "30", "--endpoints", str(endpoints)]) == 0
    assert "nichts zu löschen" in capsys.readouterr().out
    assert not database.exists()


# ---------------------------------------------------------------------------
# practice.yml: datenschutz / aufbewahrung_tage
# ---------------------------------------------------------------------------


def test_retention_defaults_to_30_days(practice_facts):
    assert practice_facts.retention_days == DEFAULT_RETENTION_DAYS == 30


def test_retention_days_are_read(practice_file_factory):
    path = practice_file_factory(with_privacy_section("datenschutz:\n  aufbewahrung_tage: 14\n"))
    assert load_practice(path).retention_days == 14


def test_empty_privacy_section_means_the_default(practice_file_factory):
    path = practice_file_factory(with_privacy_section("datenschutz:\n"))
    assert load_practice(path).retention_days == 30


@pytest.mark.parametrize(
    "section, line_snippet, message_part",
    [
        (
            "datenschutz:\n  aufbewahrung_tage: 0\n",
            "aufbewahrung_tage",
            "„0“ ist keine gültige Anzahl von Tagen",
        ),
        (
            "datenschutz:\n  aufbewahrung_tage: -5\n",
            "aufbewahrung_tage",
            "„-5“ ist keine gültige Anzahl",
        ),
        (
            "datenschutz:\n  aufbewahrung_tage: 2.5\n",
            "aufbewahrung_tage",
            "„2.5“ ist keine gültige Anzahl",
        ),
        ("datenschutz:\n  aufbewahrung_tage: dreißig\n", "aufbewahrung_tage", "„dreißig“"),
        ("datenschutz:\n  aufbewahrung_tage:\n", "aufbewahrung_tage", "fehlt der Wert"),
        ("datenschutz:\n  aufbewahrungstage: 30\n", "aufbewahrungstage", "Unbekannter Eintrag"),
        ("datenschutz: 30\n", "datenschutz", "„schlüssel: wert“"),
    ],
)
def test_bad_retention_names_the_line(practice_file_factory, section, line_snippet, message_part):
    path = practice_file_factory(with_privacy_section(section))
    lines = path.read_text(encoding="utf-8").splitlines()
    expected_line = next(n for n, line in enumerate(lines, start=1) if line_snippet in line)
    with pytest.raises(PracticeFileError) as caught:
        load_practice(path)
    assert caught.value.line == expected_line
    assert message_part in str(caught.value)
