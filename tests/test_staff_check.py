"""Tests for staff/check.py (`make check`).

Each test copies the files staff edit into tmp_path, breaks the copy in one way
and checks the German message and its line number. The copy is made from the
real files as they are now, so the tests find their places in them (first intent,
"responses:" line, ...) instead of assuming fixed line numbers.
"""

import os
import re
import shutil
from pathlib import Path

import pytest

from staff import check
from staff.check import main, rasa_messages

PROJECT_DIR = Path(__file__).resolve().parent.parent
COPIED_FILES = ("domain.yml", "config.yml", "practice.yml", "red_flags.yml")
COPIED_FOLDERS = ("data", "red_flag_corpus")
FAST = ("--ohne-modell", "--ohne-rasa")


@pytest.fixture
def project(tmp_path):
    """A copy of the files staff edit (no model, no code)."""
    for folder in COPIED_FOLDERS:
        shutil.copytree(PROJECT_DIR / folder, tmp_path / folder)
    for name in COPIED_FILES:
        shutil.copy(PROJECT_DIR / name, tmp_path / name)
    return tmp_path


def run_check(project_dir, capsys, *flags):
    """(exit code, printed lines) of the checker on `project_dir`."""
    exit_code = main(list(flags or FAST), project_dir)
    return exit_code, capsys.readouterr().out.splitlines()


# --- Editing the copy --------------------------------------------------------


def read_lines(path):
    return path.read_text(encoding="utf-8").splitlines()


def write_lines(path, lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def line_number(lines, condition) -> int:
    """1-based number of the first line for which condition(line) is true."""
    for number, line in enumerate(lines, start=1):
        if condition(line):
            return number
    raise AssertionError("test setup: line not found")


def insert_after_responses(project_dir, new_lines) -> int:
    """Inserts lines right after "responses:" in domain.yml; returns the number of
    the first inserted line."""
    path = project_dir / "domain.yml"
    lines = read_lines(path)
    responses = line_number(lines, lambda line: line.rstrip() == "responses:")
    write_lines(path, lines[:responses] + list(new_lines) + lines[responses:])
    return responses + 1


def append_to_nlu(project_dir, new_lines) -> int:
    """Appends lines to data/nlu.yml; returns the number of the first one."""
    path = project_dir / "data" / "nlu.yml"
    lines = read_lines(path)
    write_lines(path, lines + list(new_lines))
    return len(lines) + 1


def intent_blocks(lines):
    """[(intent, line of "- intent:", [(line, example), ...])] of data/nlu.yml."""
    blocks = []
    for number, line in enumerate(lines, start=1):
        match = re.match(r"- intent: (\S+)", line)
        if match:
            blocks.append((match.group(1), number, []))
        elif blocks and line.startswith("    - "):
            blocks[-1][2].append((number, line[len("    - ") :].strip()))
    return blocks


def new_topic_lines(topic, count):
    lines = [f"- intent: {topic}", "  examples: |"]
    lines += [f"    - Ausgedachte Testfrage Nummer {n} zum Thema {topic}" for n in range(count)]
    return lines


# --- The intact copy ----------------------------------------------------------


def test_the_intact_copy_passes_including_rasa_data_validate(project, capsys):
    """If this fails, the real files have a problem: the output says which."""
    exit_code, lines = run_check(project, capsys, "--ohne-modell")
    assert lines[-1] == "0 Fehler, 0 Warnungen.", "\n".join(lines)
    assert exit_code == 0


def test_without_a_model_the_text_buttons_are_a_warning_not_an_error(project, capsys):
    exit_code, lines = run_check(project, capsys, "--ohne-rasa")
    assert (
        "models/praxis-assistent.tar.gz: Warnung: Es gibt noch kein trainiertes Modell; "
        "die Knöpfe mit Text konnten nicht geprüft werden" in "\n".join(lines)
    )
    assert lines[-1] == "0 Fehler, 1 Warnung."
    assert exit_code == 0


# --- One mistake at a time --------------------------------------------------


@pytest.mark.parametrize(
    "relative",
    ["domain.yml", "data/nlu.yml", "config.yml", "practice.yml", "red_flags.yml"],
)
def test_a_yaml_error_names_file_and_line(project, capsys, relative):
    path = project / relative
    lines = read_lines(path)
    # A colon too many: "mapping values are not allowed here".
    write_lines(path, lines + ["Hinweis: Achtung: zwei Doppelpunkte"])
    exit_code, output = run_check(project, capsys)
    assert exit_code == 1
    assert any(
        printed.startswith(
            f"{relative}:{len(lines) + 1}: Die Datei ist nicht richtig aufgebaut (YAML-Fehler)"
        )
        for printed in output
    ), "\n".join(output)


def test_a_yaml_error_in_a_corpus_file(project, capsys):
    path = sorted((project / "red_flag_corpus" / "train").glob("*.yml"))[0]
    lines = read_lines(path)
    lines.insert(1, '- text: "ohne Einrückung": x')
    write_lines(path, lines)
    exit_code, output = run_check(project, capsys)
    assert exit_code == 1
    assert f"red_flag_corpus/train/{path.name}:2: Die Datei ist nicht richtig aufgebaut" in (
        "\n".join(output)
    )


@pytest.mark.parametrize(
    "relative", ["practice.yml", "domain.yml", "red_flags.yml", "red_flag_corpus/train"]
)
def test_a_tab_gets_one_clear_message_with_its_line(project, capsys, relative):
    path = project / relative
    if path.is_dir():
        path = sorted(path.glob("*.yml"))[0]
        relative = f"{relative}/{path.name}"
    lines = read_lines(path)
    number = line_number(lines, lambda text: text.startswith("  ") and text.strip())
    lines[number - 1] = "\t" + lines[number - 1].lstrip(" ")
    write_lines(path, lines)
    exit_code, output = run_check(project, capsys)
    assert exit_code == 1
    about_the_file = [printed for printed in output if printed.startswith(relative)]
    assert about_the_file == [
        f"{relative}:{number}: In dieser Zeile steht ein Tabulator. Bitte ihn durch "
        "Leerzeichen ersetzen (die Einrückung immer mit Leerzeichen)."
    ], "\n".join(output)


def test_topic_without_answer(project, capsys):
    line = append_to_nlu(project, new_topic_lines("faq/neues_thema", 10))
    exit_code, output = run_check(project, capsys)
    assert exit_code == 1
    assert (
        f"data/nlu.yml:{line}: Das Thema „faq/neues_thema“ hat keine Antwort: In "
        "domain.yml fehlt unter „responses“ die Antwort „utter_faq/neues_thema“."
    ) in output


def test_answer_without_topic(project, capsys):
    line = insert_after_responses(
        project, ["  utter_faq/ohne_thema:", "  - text: Eine Antwort ohne Beispielfragen."]
    )
    exit_code, output = run_check(project, capsys)
    assert exit_code == 1
    assert (
        f"domain.yml:{line}: Die Antwort „utter_faq/ohne_thema“ gehört zu keinem Thema: "
        "In data/nlu.yml fehlt „- intent: faq/ohne_thema“ mit Beispielfragen."
    ) in output


def test_intent_with_examples_missing_from_the_domain_and_the_reverse(project, capsys):
    line = append_to_nlu(project, new_topic_lines("frage_nach_parkplatz", 10))
    domain = project / "domain.yml"
    lines = read_lines(domain)
    intents = line_number(lines, lambda text: text.rstrip() == "intents:")
    write_lines(domain, lines[:intents] + ["  - ohne_beispiele"] + lines[intents:])
    exit_code, output = run_check(project, capsys)
    assert exit_code == 1
    assert (
        f"data/nlu.yml:{line}: Das Thema „frage_nach_parkplatz“ fehlt in domain.yml "
        "unter „intents“."
    ) in output
    assert (
        f"domain.yml:{intents + 1}: Das Thema „ohne_beispiele“ steht unter „intents“, hat "
        "aber keine Beispielfragen in data/ (z. B. data/nlu.yml)."
    ) in output


def test_a_topic_with_only_nine_examples(project, capsys):
    path = project / "data" / "nlu.yml"
    lines = read_lines(path)
    intent, intent_line, examples = intent_blocks(lines)[0]
    assert len(examples) >= 10, "test setup: the first topic needs 10 examples"
    removed = {number for number, _ in examples[9:]}
    write_lines(path, [line for n, line in enumerate(lines, start=1) if n not in removed])
    exit_code, output = run_check(project, capsys)
    assert exit_code == 1
    assert (
        f"data/nlu.yml:{intent_line}: Das Thema „{intent}“ hat nur 9 Beispielfragen; "
        "es braucht mindestens 10."
    ) in output


def test_the_same_example_under_two_topics(project, capsys):
    """Compared lower-cased and with whitespace collapsed."""
    path = project / "data" / "nlu.yml"
    lines = read_lines(path)
    blocks = intent_blocks(lines)
    first_intent, _, first_examples = blocks[0]
    first_line, question = first_examples[0]
    _, second_intent_line, _ = blocks[1]
    # Under the second topic, right after its "examples: |" line.
    copy = "  ".join(question.lower().split())
    duplicate_line = second_intent_line + 2
    lines.insert(duplicate_line - 1, f"    - {copy}")
    write_lines(path, lines)
    exit_code, output = run_check(project, capsys)
    assert exit_code == 1
    assert (
        f"data/nlu.yml:{duplicate_line}: Die Beispielfrage „{copy}“ steht auch unter "
        f"„{first_intent}“ (Zeile {first_line})."
    ) in output


def test_a_button_with_an_unknown_intent(project, capsys):
    line = insert_after_responses(
        project,
        [
            "  utter_test_knopf:",
            "  - text: Bitte wählen Sie.",
            "    buttons:",
            '    - title: "Vielleicht"',
            '      payload: "/vielleicht"',
            '    - title: "Ja"',
            '      payload: "/affirm"',
        ],
    )
    exit_code, output = run_check(project, capsys)
    assert exit_code == 1
    assert (
        f"domain.yml:{line + 4}: Der Knopf „Vielleicht“ schickt „/vielleicht“, aber das "
        "Thema „vielleicht“ gibt es in domain.yml nicht."
    ) in output
    assert not any("„/affirm“" in printed for printed in output)


def test_an_answer_with_81_words(project, capsys):
    line = insert_after_responses(
        project,
        [
            "  utter_test_80_woerter:",
            "  - text: " + " ".join(["Wort"] * 80),
            "  utter_test_81_woerter:",
            "  - text: >-",
            "      " + " ".join(["Wort"] * 40),
            "      " + " ".join(["Wort"] * 40) + " – Ende.",
        ],
    )
    exit_code, output = run_check(project, capsys)
    assert exit_code == 1
    assert (
        f"domain.yml:{line + 3}: Die Antwort „utter_test_81_woerter“ hat 81 Wörter; "
        "erlaubt sind höchstens 80. Bitte kürzen."
    ) in output
    assert not any("utter_test_80_woerter" in printed for printed in output)


def test_a_broken_practice_file(project, capsys):
    path = project / "practice.yml"
    lines = read_lines(path)
    line = line_number(lines, lambda text: text.startswith("zeitzone:"))
    lines[line - 1] = 'zeitzone: "Europe/Hamburg"'
    write_lines(path, lines)
    exit_code, output = run_check(project, capsys)
    assert exit_code == 1
    assert (
        f"practice.yml:{line}: Die Zeitzone „Europe/Hamburg“ ist unbekannt "
        "(richtig: Europe/Berlin)."
    ) in output


def test_a_broken_red_flags_file(project, capsys):
    path = project / "red_flags.yml"
    lines = read_lines(path)
    line = line_number(lines, lambda text: text.strip().startswith("dringlichkeit:"))
    group_line = max(n for n in range(1, line) if re.match(r"^  \w+:\s*$", lines[n - 1]))
    group = lines[group_line - 1].strip().rstrip(":")
    lines[line - 1] = lines[line - 1].split(":")[0] + ": sofort"
    write_lines(path, lines)
    exit_code, output = run_check(project, capsys)
    assert exit_code == 1
    assert (
        f"red_flags.yml:{line}: Die Gruppe '{group}' braucht 'dringlichkeit: notfall' "
        "oder 'dringlichkeit: dringend'."
    ) in output


def test_a_red_flags_group_renamed(project, capsys):
    path = project / "red_flags.yml"
    text = path.read_text(encoding="utf-8")
    assert "\n  tumour:" in text, "test setup: group tumour not found"
    path.write_text(text.replace("\n  tumour:", "\n  krebs:"), encoding="utf-8")
    exit_code, output = run_check(project, capsys)
    assert exit_code == 1
    missing_group = "Die Gruppe „tumour“ fehlt unter „gruppen“."
    assert any(missing_group in printed for printed in output), "\n".join(output)


def test_an_unknown_tier_in_a_corpus_file(project, capsys):
    path = project / "red_flag_corpus" / "train" / "staff_test.yml"
    path.write_text(
        "warnzeichen:\n"
        '  - text: "kann seit heute nicht mehr pinkeln"\n'
        "    gruppe: cauda_equina\n"
        "    stufe: notfall\n"
        '  - text: "fieber und rücken"\n'
        "    gruppe: infection\n"
        "    stufe: sofort\n",
        encoding="utf-8",
    )
    exit_code, output = run_check(project, capsys)
    assert exit_code == 1
    assert any(
        printed.startswith(
            "red_flag_corpus/train/staff_test.yml:5: Unbekannte „gruppe“ oder „stufe“"
        )
        for printed in output
    ), "\n".join(output)


def test_a_key_written_twice(project, capsys):
    line = insert_after_responses(
        project,
        ["  utter_doppelt:", "  - text: Eins.", "  utter_doppelt:", "  - text: Zwei."],
    )
    exit_code, output = run_check(project, capsys)
    assert exit_code == 1
    assert (
        f"domain.yml:{line + 2}: „utter_doppelt“ steht in diesem Abschnitt zweimal "
        f"(auch in Zeile {line}). Bitte zusammenführen oder einen der beiden Einträge "
        "löschen."
    ) in output


def test_a_key_written_twice_in_practice_yml_is_one_message(project, capsys):
    path = project / "practice.yml"
    lines = read_lines(path)
    first = line_number(lines, lambda text: text.startswith("name:"))
    write_lines(path, lines + ['name: "Noch ein Name"'])
    exit_code, output = run_check(project, capsys)
    assert exit_code == 1
    assert [printed for printed in output if printed.startswith("practice.yml")] == [
        f"practice.yml:{len(lines) + 1}: „name“ steht in diesem Abschnitt zweimal (auch in "
        f"Zeile {first}). Bitte zusammenführen oder einen der beiden Einträge löschen."
    ]


def response_block(project_dir, name):
    """(lines of domain.yml, index of "  name:", index of the next response)."""
    lines = read_lines(project_dir / "domain.yml")
    start = lines.index(f"  {name}:")
    end = start + 1
    while end < len(lines) and not re.match(r"^  [a-z_/]+:\s*$", lines[end]):
        end += 1
    return lines, start, end


@pytest.mark.parametrize("name", ["utter_red_flag", "utter_red_flag_check"])
def test_an_emergency_answer_without_112(project, capsys, name):
    lines, start, end = response_block(project, name)
    changed = [n for n in range(start, end) if "112" in lines[n]]
    assert changed, f"test setup: no 112 in {name}"
    for n in range(start, end):
        lines[n] = re.sub(r"\b112\b", "", lines[n])
    write_lines(project / "domain.yml", lines)
    exit_code, output = run_check(project, capsys)
    assert exit_code == 1
    messages = [
        printed for printed in output if f"Die Antwort „{name}“ muss den Notruf 112" in printed
    ]
    assert messages, "\n".join(output)
    text_lines = {
        n + 1 for n in range(start, end) if lines[n].strip().startswith(("- text", "text"))
    }
    assert all(int(m.split(":")[1]) in text_lines for m in messages), messages


def test_an_emergency_answer_deleted(project, capsys):
    lines, start, end = response_block(project, "utter_red_flag")
    write_lines(project / "domain.yml", lines[:start] + lines[end:])
    exit_code, output = run_check(project, capsys)
    assert exit_code == 1
    assert any("Die Antwort „utter_red_flag“ fehlt" in printed for printed in output)


def test_an_emergency_number_other_than_112(project, capsys):
    path = project / "practice.yml"
    lines = read_lines(path)
    line = line_number(lines, lambda text: text.strip().startswith("notruf:"))
    lines[line - 1] = '  notruf: "110"'
    write_lines(path, lines)
    exit_code, output = run_check(project, capsys)
    assert exit_code == 1
    assert [printed for printed in output if printed.startswith("practice.yml")] == [
        f"practice.yml:{line}: Die Notrufnummer muss 112 sein (steht hier: „110“). Bitte "
        '„notruf: "112"“ eintragen: 112 gilt für Rettungsdienst und Notarzt.'
    ]


def test_an_empty_answer_is_one_message(project, capsys):
    line = insert_after_responses(project, ["  utter_leer:", '  - text: ""'])
    exit_code, output = run_check(project, capsys)
    assert exit_code == 1
    about_it = [printed for printed in output if "utter_leer" in printed]
    assert about_it == [
        f"domain.yml:{line + 1}: Die Antwort „utter_leer“ hat einen leeren Text. Bitte "
        "einen Text eintragen."
    ]


def test_an_answer_naming_an_emergency_sign_without_112(project, capsys):
    line = insert_after_responses(
        project,
        [
            "  utter_zeichen:",
            "  - text: Bei Problemen mit der Blase lassen Sie sich bitte bald untersuchen.",
            "  utter_zeichen_mit_notruf:",
            "  - text: Bei Problemen mit der Blase rufen Sie sofort den Notruf 112 an.",
        ],
    )
    exit_code, output = run_check(project, capsys)
    assert exit_code == 1
    assert (
        f"domain.yml:{line + 1}: Die Antwort „utter_zeichen“ nennt ein Notfall-Warnzeichen "
        "(„Blase“), aber nicht den Notruf 112. Wer ein solches Zeichen hat, muss sofort 112 "
        "anrufen; bitte das im Text sagen."
    ) in output
    assert not any("utter_zeichen_mit_notruf" in printed for printed in output)


def test_personal_data_in_examples_answers_and_the_corpus_is_a_warning(project, capsys):
    line = append_to_nlu(project, new_topic_lines("faq/neues_thema", 9))
    nlu = project / "data" / "nlu.yml"
    write_lines(nlu, read_lines(nlu) + ["    - Rückruf bitte unter 0171 2345678"])
    example_line = line + 11
    answer_line = insert_after_responses(
        project, ["  utter_faq/neues_thema:", "  - text: Schreiben Sie an anna@example.org."]
    )
    corpus = project / "red_flag_corpus" / "train" / "staff_test.yml"
    corpus.write_text(
        'warnzeichen:\n  - text: "Mutter geb. 02.11.1941 kann kein Wasser lassen"\n'
        "    gruppe: cauda_equina\n    stufe: notfall\n",
        encoding="utf-8",
    )
    exit_code, output = run_check(project, capsys)
    assert exit_code == 0, "\n".join(output)  # warnings, not errors
    hint = check.PERSONAL_DATA_HINT
    assert (
        f"data/nlu.yml:{example_line}: Warnung: Diese Beispielfrage enthält etwas, das wie "
        f"eine Telefonnummer aussieht. {hint}"
    ) in output
    assert (
        f"domain.yml:{answer_line + 1}: Warnung: Diese Antwort enthält etwas, das wie eine "
        f"E-Mail-Adresse aussieht. {hint}"
    ) in output
    assert (
        "red_flag_corpus/train/staff_test.yml:2: Warnung: Dieser Beispielsatz enthält etwas, "
        f"das wie ein Geburtsdatum aussieht. {hint}"
    ) in output


def test_an_example_line_without_dash_is_a_warning(project, capsys):
    lines = new_topic_lines("faq/neues_thema", 10) + ["    Frage ohne Bindestrich"]
    first = append_to_nlu(project, lines)
    insert_after_responses(project, ["  utter_faq/neues_thema:", "  - text: Antwort."])
    exit_code, output = run_check(project, capsys)
    assert exit_code == 0
    assert any(
        printed.startswith(
            f"data/nlu.yml:{first + 12}: Warnung: Diese Zeile unter „faq/neues_thema“"
        )
        for printed in output
    ), "\n".join(output)


# --- Text buttons and the trained model (the model itself is replaced) -------


def test_text_buttons_the_model_does_not_understand(project, capsys, monkeypatch):
    line = insert_after_responses(
        project,
        [
            "  utter_test_knopf:",
            "  - text: Bitte wählen Sie.",
            "    buttons:",
            '    - title: "Blubb"',
            '      payload: "Blubb blubb"',
            '    - title: "Unsicher"',
            '      payload: "Eher unsicher"',
        ],
    )
    model = project / "models" / "praxis-assistent.tar.gz"
    model.parent.mkdir()
    model.write_bytes(b"")
    old = (project / "data" / "nlu.yml").stat().st_mtime - 60
    os.utime(model, (old, old))

    def parse_with_model(model_path, texts):
        assert model_path == model
        results = {
            text: {
                "intent": {
                    "name": "faq",
                    "confidence": 0.99,
                    "full_retrieval_intent_name": "faq/alternatives",
                }
            }
            for text in texts
        }
        results["Blubb blubb"] = {"intent": {"name": "nlu_fallback", "confidence": 0.5}}
        results["Eher unsicher"] = {"intent": {"name": "affirm", "confidence": 0.42}}
        return results

    monkeypatch.setattr(check, "parse_with_model", parse_with_model)
    exit_code, output = run_check(project, capsys, "--ohne-rasa")
    assert exit_code == 1
    assert (
        f"domain.yml:{line + 4}: Den Knopf „Blubb“ versteht der Assistent nicht sicher: "
        "„Blubb blubb“ wird erkannt als „nlu_fallback“ mit Sicherheit 0.50 (nötig: 0.50). "
        "Bitte den Text ändern oder als Beispielfrage in data/nlu.yml aufnehmen."
    ) in output
    assert any(
        printed.startswith(
            f"domain.yml:{line + 6}: Den Knopf „Unsicher“ versteht der Assistent "
            "nicht sicher: „Eher unsicher“ wird erkannt als „affirm“ mit Sicherheit 0.42"
        )
        for printed in output
    )
    assert (
        "models/praxis-assistent.tar.gz: Warnung: Das Modell ist älter als data/nlu.yml "
        "und kennt die neuesten Änderungen vielleicht nicht; die Prüfung der Knöpfe kann "
        "deshalb veraltet sein."
    ) in output
    assert output[-1] == "2 Fehler, 1 Warnung."


def test_rasa_messages_keep_rasas_warnings_and_drop_deprecation_noise():
    output = (
        "\x1b[91mProject validation completed with errors.\x1b[0m\n"
        "/x/site-packages/pkg_resources/__init__.py:3117: DeprecationWarning: Deprecated call\n"
        "Implementing implicit namespace packages is preferred\n"
        "  declare_namespace(pkg)\n"
        "\x1b[93m/x/site-packages/rasa/shared/utils/io.py:100: UserWarning: Issue found in "
        "'data/rules.yml': \n"
        "Found intent 'denyx' in stories which is not part of the domain.\n"
        "  More info at https://rasa.com/docs/rasa/stories\n"
        "\x1b[0m\x1b[93m/x/rasa/shared/utils/io.py:100: UserWarning: The following "
        "duplicated intents have been found across multiple domain files: faq\n"
    )
    assert rasa_messages(output) == [
        "Project validation completed with errors.",
        "Issue found in 'data/rules.yml':",
        "Found intent 'denyx' in stories which is not part of the domain.",
    ]


def test_the_buttons_of_the_real_answers_pass_the_trained_model(project, capsys):
    """The model path itself, with the model `make test` trained (no stand-in)."""
    model = PROJECT_DIR / "models" / "praxis-assistent.tar.gz"
    if not model.exists():
        pytest.skip("no trained model (make train)")
    (project / "models").mkdir()
    (project / "models" / model.name).symlink_to(model)
    exit_code, output = run_check(project, capsys, "--ohne-rasa")
    assert exit_code == 0, output
    assert not any("versteht der Assistent nicht sicher" in line for line in output)


def language_version_text(lines, start, end, language, tier):
    """Indexes of the text line and of the first paragraph of one language version."""
    for n in range(start, end - 4):
        if lines[n].strip() == f"value: {language}" and lines[n + 3].strip() == f"value: {tier}":
            text = next(i for i in range(n, end) if lines[i].strip().startswith("text:"))
            paragraph = []
            for i in range(text + 1, end):
                if not lines[i].strip():
                    break
                paragraph.append(i)
            return text, paragraph
    raise AssertionError(f"test setup: no {language}/{tier} version")


def test_a_language_version_without_112_in_the_patients_language(project, capsys):
    lines, start, end = response_block(project, "utter_red_flag")
    text, paragraph = language_version_text(lines, start, end, "tr", "notfall")
    for n in paragraph:
        lines[n] = re.sub(r"\b112\b", "", lines[n])
    write_lines(project / "domain.yml", lines)
    exit_code, output = run_check(project, capsys)
    assert exit_code == 1
    messages = [printed for printed in output if "Fassung auf Türkisch" in printed]
    assert len(messages) == 1, "\n".join(output)
    assert "112" in messages[0] and f":{text + 1}:" in messages[0]


def test_a_language_version_without_its_german_text(project, capsys):
    lines, start, end = response_block(project, "utter_red_flag")
    text, paragraph = language_version_text(lines, start, end, "pl", "dringend")
    german = range(paragraph[-1] + 2, end)
    last = next(n for n in german if not lines[n].startswith("      "))
    write_lines(project / "domain.yml", lines[: paragraph[-1] + 1] + lines[last:])
    exit_code, output = run_check(project, capsys)
    assert exit_code == 1
    assert any(
        "Fassung auf Polnisch" in printed and "deutschen Text" in printed for printed in output
    ), "\n".join(output)
