"""Everyday staff edits keep `make check` and the tests green (issue 9).

A copy of the project gets the edits the staff guide describes: a phone number
and an e-mail address, new opening hours, a closure week, a new topic with its
answer and 10 example questions, a new warning-sign word. Then the checker and
the tests that need no trained model run in the copy. (The tests against a
running server need a model trained on the edited data; `make test` after a
real edit does that.)
"""

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


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def edited_copy(tmp_path_factory):
    copy = tmp_path_factory.mktemp("staff-edits") / "projekt"
    shutil.copytree(PROJECT, copy, ignore=NOT_COPIED)
    practice = copy / "practice.yml"
    edit(practice, 'telefon: ""', 'telefon: "040 1234567"')
    edit(practice, 'email: ""', 'email: "praxis@beispiel.de"')
    edit(practice, 'Donnerstag: ["08:00-13:00"]', 'Donnerstag: ["08:00-12:00", "14:00-17:00"]')
    edit(
        practice,
        "\nschliesstage:\n",
        '\nschliesstage:\n  - von: 2026-12-28\n    bis: 2027-01-01\n    grund: "Praxisurlaub"\n',
    )
    examples = "".join(f"    - {text}\n" for text in NEW_TOPIC_EXAMPLES)
    with open(copy / "data" / "nlu.yml", "a", encoding="utf-8") as nlu:
        nlu.write(f"\n- intent: faq/heat_therapy\n  examples: |\n{examples}")
    edit(
        copy / "domain.yml",
        "  utter_faq/back_pain_prevalence:",
        "  utter_faq/heat_therapy:\n  - text: >-\n      Wärmebehandlungen können helfen, "
        "die Muskulatur zu lockern und die\n      Durchblutung zu fördern.\n\n"
        "  utter_faq/back_pain_prevalence:",
    )
    edit(
        copy / "red_flags.yml",
        "      - Reithosenanästhesie\n",
        "      - Reithosenanästhesie\n      - Sattelanästhesie\n",
    )
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
    )
    assert result.returncode == 0, result.stdout[-3000:]
