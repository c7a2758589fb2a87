"""Everyday staff edits keep `make check` and the tests green, from any state of the
staff files.

A copy of the project gets the edits the staff guide describes: a phone number
and an e-mail address, new opening hours, a closure week, a new topic with its
answer and 10 example questions, a new warning-sign word. Then the checker and
the tests that need no trained model run in the copy. (The tests against a
running server need a model trained on the edited data; `make test` after a
real edit does that.) The edits are made whatever the files say now, and once more
from a practice.yml with every field filled in, as a real practice's will be.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
NOT_COPIED = shutil.ignore_patterns(
    ".venv", ".git", "models", ".rasa", "results", "logs", "__pycache__", "*.db", ".pytest_cache"
)

NEW_TOPIC_EXAMPLES = [
    "Hilft Wärme bei Rückenschmerzen?",
    "Soll ich eine Wärmflasche auf den Rücken legen?",
    "wärme oder kälte bei verspannungen",
    "Bringt eine Wärmebehandlung etwas?",
    "ist fango gut für den rücken",
    "Was bewirkt Wärme bei verspannten Muskeln?",
    "waerme pflaster sinnvoll?",
    "Tut Wärme dem verspannten Nacken gut?",
    "Warum hilft Wärme gegen Verspannungen?",
    "Rotlicht bei Rückenschmerzen, hilft das?",
]


def set_line(path: Path, key: str, value: str) -> None:
    """Sets the first `key: ...` line to `key: value`, whatever it said before."""
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(rf"^([ \t]*){re.escape(key)}:.*$", re.MULTILINE)
    assert pattern.search(text), f"test setup: no line '{key}:' in {path.name}"
    path.write_text(pattern.sub(lambda m: f"{m.group(1)}{key}: {value}", text, 1), encoding="utf-8")


def insert_after(path: Path, line_pattern: str, new_lines: str) -> None:
    """Inserts lines after the first line matching line_pattern (its indentation is
    available as {indent} in new_lines)."""
    text = path.read_text(encoding="utf-8")
    match = re.search(line_pattern, text, re.MULTILINE)
    assert match, f"test setup: {line_pattern!r} not in {path.name}"
    indent = re.match(r"[ \t]*", match.group(0)).group(0)
    insertion = new_lines.format(indent=indent)
    path.write_text(text[: match.end()] + "\n" + insertion + text[match.end() :], encoding="utf-8")


def fill_every_field(practice: Path) -> None:
    """A practice.yml as a real practice has it: every contact and info field filled,
    other hours, a closure (the state the edits below start from, too)."""
    for key, value in {
        "telefon": '"040 7654321"',
        "email": '"empfang@praxis-klase.de"',
        "termin_link": '"https://termine.praxis-klase.de"',
        "webseite": '"https://www.praxis-klase.de"',
        "versicherung": '"Die Praxis behandelt gesetzlich und privat Versicherte."',
        "ueberweisung": '"Eine Überweisung ist nicht nötig."',
        "anfahrt": '"U1 bis Hallerstraße, dann fünf Minuten zu Fuß."',
        "parken": '"Parkplätze gibt es im Hof."',
        "barrierefreiheit": '"Die Praxis liegt im Erdgeschoss, stufenlos."',
        "Montag": '["07:30-12:00", "14:00-18:00"]',
        "aufbewahrung_tage": "14",
    }.items():
        set_line(practice, key, value)
    set_line(practice, "schliesstage", "")
    insert_after(
        practice,
        r"^schliesstage:.*$",
        '  - datum: 2026-12-24\n    grund: "Heiligabend"',
    )


@pytest.fixture(scope="module", params=["as_is", "every_field_filled"])
def edited_copy(request, tmp_path_factory):
    copy = tmp_path_factory.mktemp("staff-edits") / "projekt"
    shutil.copytree(PROJECT, copy, ignore=NOT_COPIED)
    practice = copy / "practice.yml"
    if request.param == "every_field_filled":
        fill_every_field(practice)
    set_line(practice, "telefon", '"040 1234567"')
    set_line(practice, "email", '"praxis@beispiel.de"')
    set_line(practice, "Donnerstag", '["08:00-12:00", "14:00-17:00"]')
    insert_after(
        practice,
        r"^schliesstage:.*$",
        '  - von: 2026-12-28\n    bis: 2027-01-01\n    grund: "Praxisurlaub"',
    )
    examples = "".join(f"    - {text}\n" for text in NEW_TOPIC_EXAMPLES)
    with open(copy / "data" / "nlu.yml", "a", encoding="utf-8") as nlu:
        nlu.write(f"\n- intent: faq/heat_therapy\n  examples: |\n{examples}")
    insert_after(
        copy / "domain.yml",
        r"^responses:[ \t]*$",
        "  utter_faq/heat_therapy:\n  - text: >-\n      Wärmebehandlungen können helfen, "
        "die Muskulatur zu lockern und die\n      Durchblutung zu fördern.\n",
    )
    insert_after(copy / "red_flags.yml", r"^[ \t]+woerter:[ \t]*$", "{indent}  - Sattelanästhesie")
    return copy


def run(copy: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=copy, capture_output=True, text=True, timeout=900
    )


def test_make_check_passes_after_the_edits(edited_copy):
    result = run(edited_copy, "-m", "staff.check", "--ohne-modell")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_tests_stay_green_after_the_edits(edited_copy):
    result = run(
        edited_copy,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:warnings",
        "-p",
        "no:cacheprovider",
        "--ignore-glob=tests/test_rest_*",
        "--ignore=tests/test_nlu_heldout.py",
        "--ignore=tests/test_staff_review.py",
        "--ignore=tests/test_staff_edits.py",
        # These need the trained model, which the copy does not have.
        "--ignore=tests/test_browser_widget.py",
        "--ignore=tests/test_tracker_store_policies.py",
        "--ignore=tests/test_publish_safety.py",
        # Run the project's scripts with its .venv, which the copy does not have.
        "--ignore=tests/test_publish.py",
        "--ignore=tests/test_deploy.py",
    )
    assert result.returncode == 0, result.stdout[-3000:]
