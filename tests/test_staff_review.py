"""make review (staff/review.py): what the assistant did not understand, and warning signs.

The end-to-end tests talk to the trained assistant over REST with an SQLite
tracker store, stop it and review the database it wrote (one server start).
"""

import asyncio
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from staff import review
from staff.review import UncertainMessage
from staff.tracker_events import read_user_messages

PROJECT = Path(__file__).resolve().parent.parent
BERLIN = "Europe/Berlin"
# Sender ids that must never appear in the report.
CONVERSATIONS = {
    "review-7f3a-faq": ["Warum hilft Physiotherapie nicht?"],
    "review-91c2-unclear": ["blorf knatz wuppdi"],
    "review-44be-unclear": ["Blorf knatz wuppdi zong?"],
    "review-5d0e-warning": ["Seit heute kann ich kein Wasser mehr lassen"],
    "review-28b4-check": [
        '/red_flag_check{"red_flag_tier": "dringend", "red_flag": "infection"}',
        "Ja",
    ],
}
TIME_OF_DAY = re.compile(r"\b\d{1,2}:\d{2}\b")


def faq_parse(intent_confidence, topic_confidence, topic="faq/physio_not_helping"):
    return {
        "intent": {"name": "faq", "confidence": intent_confidence},
        "intent_ranking": [{"name": "faq", "confidence": intent_confidence}],
        "response_selector": {
            "faq": {"response": {"intent_response_key": topic, "confidence": topic_confidence}}
        },
    }


def section(report: str, number: int) -> str:
    """The text of part `number` of the report, without its heading."""
    start = report.index(f"\n{number}. ")
    end = report.find(f"\n{number + 1}. ", start)
    body = report[start + 1 : end if end >= 0 else len(report)]
    return body.split("\n", 1)[1]


def known_labels() -> set:
    """Intent names and faq/<topic> keys of data/nlu.yml."""
    nlu = yaml.safe_load((PROJECT / "data" / "nlu.yml").read_text(encoding="utf-8"))["nlu"]
    return {block["intent"] for block in nlu if "intent" in block}


# ---------------------------------------------------------------------------
# The pieces, on made-up parse results
# ---------------------------------------------------------------------------


def test_normalise_folds_case_umlauts_and_punctuation():
    assert (
        review.normalise("Rücken-Schmerzen,  SEHR   schlimm!!") == "ruecken schmerzen sehr schlimm"
    )


def test_guessed_label_of_an_faq_is_its_topic():
    assert review.guessed_label(faq_parse(0.9, 0.9)) == "faq/physio_not_helping"


def test_guessed_label_of_a_fallback_is_the_best_other_intent():
    parse = faq_parse(0.4, 0.3, topic="faq/orthosis")
    parse["intent"] = {"name": "nlu_fallback", "confidence": 0.5}
    parse["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.5},
        {"name": "red_flag", "confidence": 0.45},
        {"name": "faq", "confidence": 0.4},
    ]
    assert review.guessed_label(parse) == "faq/orthosis"


def test_unsure_means_fallback_or_low_confidence_of_intent_or_topic():
    assert not review.is_uncertain(faq_parse(0.95, 0.9), 0.6)
    assert review.is_uncertain(faq_parse(0.95, 0.4), 0.6)  # topic unsure
    assert review.is_uncertain(faq_parse(0.55, 0.9), 0.6)
    assert review.is_uncertain({"intent": {"name": "nlu_fallback", "confidence": 0.5}}, 0.3)
    assert not review.is_uncertain({"intent": {"name": "red_flag", "confidence": 1.0}}, 0.6)


def test_similar_wordings_are_grouped():
    day = date(2026, 11, 2)
    texts = [
        "Kann ich mein Fahrrad vor der Praxis abstellen?",
        "blorf knatz wuppdi",
        "Blorf, knatz wuppdi!",
        "blorf knatz wuppdi zong",  # 3 of 4 words shared: similar
        "knatz",  # 1 of 3: not similar
    ]
    messages = [UncertainMessage(text, "affirm", day) for text in texts]
    groups = review.group_similar(messages)
    assert [sorted(group.wordings) for group in groups] == [
        ["Blorf, knatz wuppdi!", "blorf knatz wuppdi", "blorf knatz wuppdi zong"],
        ["Kann ich mein Fahrrad vor der Praxis abstellen?"],
        ["knatz"],
    ]
    assert groups[0].count == 3


def test_personal_data_is_masked_in_the_list_and_the_snippet():
    day = date(2026, 11, 2)
    text = "Ich heiße Anna Schmidt, geb. 12.03.1956, Tel 0171 2345678, Hauptstraße 5"
    messages = [review.UserMessage("x", day, text, {"intent": {"name": "nlu_fallback"}})]
    report = review.format_report(messages, 0.6, None, None)
    assert "Ich heiße [NAME], geb. [DATUM], Tel [TELEFON], [ADRESSE]" in report
    for personal in ("Anna", "Schmidt", "1956", "2345678", "Hauptstraße"):
        assert personal not in report


def test_nlu_snippet_has_one_block_per_label_and_parses():
    day = date(2026, 11, 2)
    messages = [
        UncertainMessage("Was kostet: ein Termin?", "ask_costs_insurance", day),
        UncertainMessage("Hilft eine Bandage - oder nicht?", "faq/orthosis", day),
        UncertainMessage("hilft eine bandage oder nicht", "faq/orthosis", day),
    ]
    snippet = review.nlu_snippet(review.group_similar(messages))
    blocks = yaml.safe_load(snippet)
    assert [block["intent"] for block in blocks] == ["???", "???"]
    assert [block["examples"] for block in blocks] == [
        "- Hilft eine Bandage - oder nicht?\n- hilft eine bandage oder nicht\n",
        "- Was kostet: ein Termin?\n",
    ]
    assert "„faq/orthosis“ vermutet" in snippet
    assert "richtige Thema" in snippet


def test_days_are_counted_in_the_practice_time_zone(tmp_path):
    store = SQLTrackerStore(dialect="sqlite", db=str(tmp_path / "rasa.db"))
    tracker = DialogueStateTracker("patient", slots=[])
    for text, moment in [
        ("spät am Abend", datetime(2026, 10, 31, 23, 30, tzinfo=ZoneInfo(BERLIN))),
        ("kurz nach Mitternacht", datetime(2026, 11, 1, 0, 30, tzinfo=ZoneInfo(BERLIN))),
    ]:
        tracker.update(UserUttered(text, timestamp=moment.timestamp()))
    asyncio.run(store.save(tracker))

    everything = read_user_messages(store, BERLIN)
    assert [(m.text, m.day) for m in everything] == [
        ("spät am Abend", date(2026, 10, 31)),
        ("kurz nach Mitternacht", date(2026, 11, 1)),
    ]
    since = read_user_messages(store, BERLIN, first_day=date(2026, 11, 1))
    until = read_user_messages(store, BERLIN, last_day=date(2026, 10, 31))
    assert [m.text for m in since] == ["kurz nach Mitternacht"]
    assert [m.text for m in until] == ["spät am Abend"]


# ---------------------------------------------------------------------------
# End to end: real conversations over REST, then the review of their database
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reviewed_endpoints(tmp_path_factory):
    """Endpoints file naming the SQLite store of a finished test run of the assistant."""
    from tests.rasa_servers import ACTIONS_PORT, RASA_PORT, RasaServers

    log_dir = tmp_path_factory.mktemp("review-servers")
    # Own ports: the session's servers (conftest.rasa_servers) may be running.
    servers = RasaServers(
        log_dir, sqlite_tracker_store=True, rasa_port=RASA_PORT + 2, actions_port=ACTIONS_PORT + 2
    )
    try:
        servers.start()
        for sender, messages in CONVERSATIONS.items():
            for message in messages:
                servers.say(sender, message)
    finally:
        servers.stop()
    return log_dir / "endpoints.yml"


def run_review(capsys, endpoints, *args):
    assert review.main(["--endpoints", str(endpoints), *args]) == 0
    return capsys.readouterr().out


def test_review_groups_what_was_not_understood(reviewed_endpoints, capsys):
    report = run_review(capsys, reviewed_endpoints)
    unclear = section(report, 1)
    assert re.search(r"2-mal  „blorf knatz wuppdi“\n", unclear), report
    assert "ähnlich (1-mal): „Blorf knatz wuppdi zong?“" in unclear
    guessed = re.search(r"vermutet: (\S+), zuletzt am (\S+)", unclear)
    assert guessed.group(1) in known_labels()
    today = datetime.now(ZoneInfo(BERLIN)).date()
    assert guessed.group(2) == str(today)
    # Confident answers, warning signs and button clicks are not listed.
    for confident in ["Physiotherapie", "Wasser", "red_flag_check", "„Ja“"]:
        assert confident not in unclear
    assert "5 Gespräche" in report


def test_review_yaml_snippet_parses(reviewed_endpoints, capsys):
    snippet = section(run_review(capsys, reviewed_endpoints), 2)
    blocks = yaml.safe_load(snippet)
    assert all(block["intent"] == "???" for block in blocks)
    assert any(
        block["examples"].startswith("- blorf knatz wuppdi\n- Blorf knatz wuppdi zong?\n")
        for block in blocks
    ), snippet


def test_review_counts_warning_signs_by_group_and_tier(reviewed_endpoints, capsys):
    warnings = section(run_review(capsys, reviewed_endpoints), 3)
    assert re.search(r"Warnzeichen-Antwort \(red_flag\):\s+1\n", warnings), warnings
    assert re.search(r"Sicherheitsfrage \(red_flag_check\):\s+1\n", warnings)
    for value, escalated, asked in [
        ("cauda_equina", 1, 0),
        ("infection", 0, 1),
        ("notfall", 1, 0),
        ("dringend", 0, 1),
    ]:
        assert re.search(rf"^\s+{value}\s+{escalated}\s+{asked}$", warnings, re.MULTILINE), warnings


def test_review_shows_no_sender_ids_and_no_times(reviewed_endpoints, capsys):
    report = run_review(capsys, reviewed_endpoints)
    for sender in CONVERSATIONS:
        assert sender not in report
    assert "review-" not in report
    assert not TIME_OF_DAY.search(report), TIME_OF_DAY.search(report)


def test_review_period_options(reviewed_endpoints, capsys):
    today = datetime.now(ZoneInfo(BERLIN)).date()
    tomorrow, yesterday = today + timedelta(days=1), today - timedelta(days=1)
    assert "5 Gespräche" in run_review(
        capsys, reviewed_endpoints, "--since", str(today), "--bis", str(today)
    )
    assert "0 Gespräche" in run_review(capsys, reviewed_endpoints, "--since", str(tomorrow))
    assert "0 Gespräche" in run_review(capsys, reviewed_endpoints, "--bis", str(yesterday))


def test_review_without_a_database_says_so(tmp_path, capsys):
    database = tmp_path / "rasa.db"
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(f'tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: "{database}"\n')
    assert "Noch keine Gespräche gespeichert" in run_review(capsys, endpoints)
    assert not database.exists()
