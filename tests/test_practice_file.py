"""Tests for actions/practice.py: loading and validating practice.yml."""

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from actions import practice as practice_module
from actions.practice import (
    DEFAULT_PATH,
    Closure,
    PracticeFileError,
    get_practice,
    load_practice,
    main,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def line_of(text: str, snippet: str) -> int:
    """1-based number of the first line of `text` containing `snippet`."""
    for number, line in enumerate(text.splitlines(), start=1):
        if snippet in line:
            return number
    raise AssertionError(f"{snippet!r} not found")


# ---------------------------------------------------------------------------
# The real practice.yml
# ---------------------------------------------------------------------------


def test_real_practice_file_is_valid():
    """Only validated: hours, contact data and closures are the staff's to change."""
    real = load_practice(DEFAULT_PATH)
    assert real.name and real.address.street and len(real.week) == 7


def test_real_practice_file_has_no_invented_links():
    contact = load_practice(DEFAULT_PATH).contact
    for link in (contact.booking_link, contact.website):
        assert link == "" or link.startswith("https://")


def test_cli_accepts_the_real_file(capsys):
    assert main([str(DEFAULT_PATH)]) == 0
    assert capsys.readouterr().out.strip() == "practice.yml ist gültig."


def test_cli_as_module_reports_errors(practice_file_factory):
    bad = practice_file_factory({'"15:00-18:00"': '"15:00-25:00"'})
    environment = dict(os.environ, PRAXIS_FILE=str(bad))
    result = subprocess.run(
        [sys.executable, "-m", "actions.practice"],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert f"Zeile {line_of(bad.read_text(encoding='utf-8'), 'Montag:')}" in result.stderr
    assert "25:00" in result.stderr


def test_cli_as_module_accepts_good_file(practice_file_factory):
    good = practice_file_factory()
    result = subprocess.run(
        [sys.executable, "-m", "actions.practice", str(good)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"{good.name} ist gültig."


# ---------------------------------------------------------------------------
# Valid variants
# ---------------------------------------------------------------------------


def test_closure_days_single_and_range(practice_file_factory):
    path = practice_file_factory(
        {
            "schliesstage:\n": (
                "schliesstage:\n"
                "  - datum: 2026-12-24\n"
                '    grund: "Praxisurlaub"\n'
                '  - von: "28.12.2026"\n'
                "    bis: 2026-12-31\n"
                '    grund: "Betriebsferien"\n'
            )
        }
    )
    closures = load_practice(path).closures
    assert closures == (
        Closure(date(2026, 12, 24), date(2026, 12, 24), "Praxisurlaub"),
        Closure(date(2026, 12, 28), date(2026, 12, 31), "Betriebsferien"),
    )
    assert closures[1].covers(date(2026, 12, 30))
    assert not closures[1].covers(date(2027, 1, 1))


def test_empty_closure_list_and_contact(practice_facts):
    assert practice_facts.closures == ()
    assert practice_facts.contact.phone == ""
    assert practice_facts.contact.booking_link == ""


def test_phone_number_keeps_leading_zero(practice_file_factory):
    path = practice_file_factory({'telefon: ""': "telefon: 0401234"})
    assert load_practice(path).contact.phone == "0401234"


# ---------------------------------------------------------------------------
# Malformed files: German message with the line number
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "replacements, line_snippet, message_part",
    [
        # time written as "8 Uhr"
        (
            {'"08:00-10:00", "15:00-18:00"': '"8 Uhr-10:00", "15:00-18:00"'},
            "Montag:",
            "„8 Uhr“ ist ungültig",
        ),
        # no time range at all
        (
            {'Donnerstag: ["08:00-13:00"]': 'Donnerstag: ["8 Uhr"]'},
            "Donnerstag:",
            "keine gültige Angabe",
        ),
        # impossible time
        (
            {'Donnerstag: ["08:00-13:00"]': 'Donnerstag: ["08:00-25:00"]'},
            "Donnerstag:",
            "„25:00“ ist ungültig",
        ),
        # unknown weekday
        ({"Freitag: nach": "Freitags: nach"}, "Freitags:", "„Freitags“ ist kein Wochentag"),
        # start after end
        (
            {'Donnerstag: ["08:00-13:00"]': 'Donnerstag: ["13:00-08:00"]'},
            "Donnerstag:",
            "Beginn nicht vor dem Ende",
        ),
        # empty interval
        (
            {'Donnerstag: ["08:00-13:00"]': 'Donnerstag: ["08:00-08:00"]'},
            "Donnerstag:",
            "Beginn nicht vor dem Ende",
        ),
        # overlapping intervals
        (
            {'"08:00-10:00", "15:00-18:00"': '"08:00-10:00", "09:30-12:00"'},
            "Montag:",
            "überschneiden sich",
        ),
        # unknown value for a day
        ({"Dienstag: geschlossen": "Dienstag: zu"}, "Dienstag:", "„zu“ ist keine gültige Angabe"),
        # a weekday is missing
        ({"  Sonntag: geschlossen\n": ""}, "Montag:", "fehlt: Sonntag"),  # section starts here
        # bad closure date
        (
            {"schliesstage:\n": 'schliesstage:\n  - datum: 2026-13-01\n    grund: "Urlaub"\n'},
            "datum: 2026-13-01",
            "„2026-13-01“ ist kein gültiges Datum",
        ),
        # closure range backwards
        (
            {
                "schliesstage:\n": 'schliesstage:\n  - von: 2026-12-31\n    bis: 2026-12-24\n    grund: "Urlaub"\n'
            },
            "bis: 2026-12-24",
            "liegt vor dem Datum",
        ),
        # closure without reason
        (
            {"schliesstage:\n": "schliesstage:\n  - datum: 2026-12-24\n"},
            "- datum: 2026-12-24",
            "„grund“ fehlt",
        ),
        # missing address
        (
            {'adresse:\n  strasse: "Rothenbaumchaussee 3"\n  plz: "20148"\n  ort: "Hamburg"\n': ""},
            "name:",
            "„adresse“ fehlt",
        ),
        # address without street
        ({'  strasse: "Rothenbaumchaussee 3"\n': ""}, "plz:", "„strasse“ fehlt"),
        # empty street
        (
            {'strasse: "Rothenbaumchaussee 3"': 'strasse: ""'},
            "strasse:",
            "Bei „strasse“ fehlt der Wert",
        ),
        # typo in a key
        ({'telefon: ""': 'telfon: ""'}, "telfon:", "Unbekannter Eintrag „telfon“"),
        # unknown federal state
        ({'bundesland: "HH"': 'bundesland: "XX"'}, "bundesland:", "Feiertage"),
        # unknown time zone
        ({'zeitzone: "Europe/Berlin"': 'zeitzone: "Europa/Hamburg"'}, "zeitzone:", "Zeitzone"),
        # invalid e-mail
        ({'email: ""': 'email: "praxis.example.org"'}, "email:", "keine gültige E-Mail-Adresse"),
        # booking link without https
        ({'termin_link: ""': 'termin_link: "www.example.org"'}, "termin_link:", "https://"),
        # yaml syntax error (unclosed list)
        ({'Donnerstag: ["08:00-13:00"]': 'Donnerstag: ["08:00-13:00"'}, "Freitag:", "YAML"),
    ],
)
def test_malformed_file_names_the_line(
    practice_file_factory, replacements, line_snippet, message_part
):
    path = practice_file_factory(replacements)
    content = path.read_text(encoding="utf-8")
    expected_line = line_of(content, line_snippet)
    with pytest.raises(PracticeFileError) as caught:
        load_practice(path)
    message = str(caught.value)
    assert caught.value.line == expected_line
    assert message.startswith(f"{path.name}, Zeile {expected_line}: ")
    assert message_part in message


def test_missing_file():
    with pytest.raises(PracticeFileError) as caught:
        load_practice(Path("/nonexistent/practice.yml"))
    assert "nicht gefunden" in str(caught.value)
    assert caught.value.line is None


def test_empty_file(tmp_path):
    path = tmp_path / "practice.yml"
    path.write_text("# nur ein Kommentar\n", encoding="utf-8")
    with pytest.raises(PracticeFileError, match="leer"):
        load_practice(path)


# ---------------------------------------------------------------------------
# Path and cache
# ---------------------------------------------------------------------------


def test_default_path_is_project_root():
    assert DEFAULT_PATH == PROJECT_ROOT / "practice.yml"


def test_get_practice_uses_praxis_file_and_caches(practice_file_factory, monkeypatch):
    path = practice_file_factory()
    monkeypatch.setenv("PRAXIS_FILE", str(path))
    assert practice_module.practice_file_path() == path
    first = get_practice()
    assert get_practice() is first

    # Staff edit the file: the next call loads the new content.
    content = path.read_text(encoding="utf-8")
    path.write_text(
        content.replace('ort: "Hamburg"', 'ort: "Hamburg-Rotherbaum"'), encoding="utf-8"
    )
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert get_practice().address.city == "Hamburg-Rotherbaum"
