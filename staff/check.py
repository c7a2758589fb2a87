"""Checks every file the practice staff edit, without training: `make check`.

Reports each problem in German on one line, with file and line number, then a
summary "N Fehler, M Warnungen." and exits with 1 when there is an error.

What it checks:
- YAML syntax (and keys written twice) of data/*.yml, domain.yml, config.yml,
  practice.yml, red_flags.yml and red_flag_corpus/train/*.yml;
- every topic (faq/<key> in data/nlu.yml) has an answer (utter_faq/<key> in
  domain.yml) and every answer a topic; every intent with examples is listed in
  domain.yml under "intents", and every listed intent has examples;
- at least 10 example questions per intent, and no example question under two
  intents (compared lower-cased, whitespace collapsed);
- buttons: "/intent" payloads name a domain intent; text payloads are parsed by the
  trained model (models/praxis-assistent.tar.gz) when it exists;
- no answer text in domain.yml is longer than 80 words;
- practice.yml (actions.practice), red_flags.yml (components.red_flags) and the
  corpus files in red_flag_corpus/train/ (components.red_flag_model) load;
- finally `rasa data validate --fail-on-warnings --quiet`.

Line numbers come from yaml.compose: every node keeps its start_mark. Example
questions inside a block scalar (`examples: |`) are counted from the line after the
scalar's "|".

Besides, it checks that red_flags.yml keeps every group the learned detector knows
and that "woerter" and "wendungen" are lists, warns about example lines Rasa would
skip (no "- " in front), and warns about a button read as a warning sign.

Loading the model takes about half a minute, rasa data validate about ten seconds
(it runs while the other checks do); the rest takes about a second.

Usage:
    .venv/bin/python -m staff.check [--ohne-modell] [--ohne-rasa]
    --ohne-modell: do not check text buttons with the trained model
    --ohne-rasa:   do not run rasa data validate (the tests use both)
"""

import argparse
import asyncio
import io
import logging
import os
import re
import subprocess
import sys
import warnings
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Sequence, Tuple

import yaml

from actions.practice import PracticeFileError, load_practice
from components.languages import GERMAN, LANGUAGE_NAMES
from components.red_flag_labels import CHECK_INTENT, LANGUAGE_SLOT, RED_FLAG_INTENT
from components.red_flag_model import GROUPS, CorpusError, read_corpus_file
from components.red_flags import TIERS, RedFlagFileError, RedFlagMatcher, load_red_flag_config
from staff import personal_data

CODE_DIR = Path(__file__).resolve().parent.parent
MODEL_FILE = "models/praxis-assistent.tar.gz"
NLU_FILE = "data/nlu.yml"
DOMAIN_FILE = "domain.yml"
PRACTICE_FILE = "practice.yml"
RED_FLAGS_FILE = "red_flags.yml"
CORPUS_FOLDER = "red_flag_corpus/train"
RASA_VALIDATE = "rasa data validate"

# The answers that tell a patient what to do in an emergency (and the safety question).
EMERGENCY_RESPONSES = ("utter_red_flag", "utter_red_flag_check")
# ... and every language version of these, in the patient's language first.
MUST_NAME_112 = (*EMERGENCY_RESPONSES, "utter_only_german")
EMERGENCY_NUMBER = re.compile(r"(?<!\d)112(?!\d)")
# Words that name an emergency sign (bladder, bowel, paralysis, saddle numbness):
# an answer that names one must also say to call 112.
EMERGENCY_SIGN = re.compile(r"\w*(?:blase|darm|lähm|laehm|reithose|inkontinen)\w*", re.IGNORECASE)

MIN_EXAMPLES = 10
MAX_ANSWER_WORDS = 80
MIN_BUTTON_CONFIDENCE = 0.5
FALLBACK_INTENT = "nlu_fallback"
RED_FLAG_INTENTS = (RED_FLAG_INTENT, CHECK_INTENT)
RESPONSE_PREFIX = "utter_"

# "[Rücken](body_part)" or "[Rücken]{...}" in an example is read as "Rücken".
ENTITY_ANNOTATION = re.compile(r"\[([^\]]+)\](\([^)]*\)|\{[^}]*\})")
# Rasa's own pattern for a button that sends an intent: "/intent", "/intent{...}".
INTENT_PAYLOAD = re.compile(r"^/([^{@]*)")
# libyaml's loader is much faster and keeps the line numbers as well.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
ANSI_COLOUR = re.compile(r"\x1b\[[0-9;]*m")
PYTHON_WARNING_HEADER = re.compile(r"^\S+\.py:\d+: (\w+): ?(.*)$")
# Rasa says this on every run because of the retrieval intent "faq"; it means nothing.
HARMLESS_RASA_MESSAGES = ("duplicated intents have been found across multiple domain files: faq",)


# ---------------------------------------------------------------------------
# Problems and the report
# ---------------------------------------------------------------------------


@dataclass
class Problem:
    file: str  # relative to the project folder, e.g. "data/nlu.yml"
    line: Optional[int]
    message: str
    is_error: bool = True
    details: List[str] = field(default_factory=list)  # printed indented below

    def __str__(self) -> str:
        place = f"{self.file}:{self.line}" if self.line else self.file
        label = "" if self.is_error else "Warnung: "
        lines = [f"{place}: {label}{self.message}"]
        lines += [f"    {detail}" for detail in self.details]
        return "\n".join(lines)


class Report:
    def __init__(self) -> None:
        self.problems: List[Problem] = []

    def error(self, file: str, line: Optional[int], message: str, details=()) -> None:
        # One message per mistake: a second check that trips over the same line
        # (a key written twice, the YAML error a tab causes) adds nothing.
        if line is not None and any(
            p.is_error and p.file == file and p.line == line for p in self.problems
        ):
            return
        self.problems.append(Problem(file, line, message, True, list(details)))

    def warning(self, file: str, line: Optional[int], message: str) -> None:
        self.problems.append(Problem(file, line, message, False))

    @property
    def error_count(self) -> int:
        return sum(1 for problem in self.problems if problem.is_error)

    @property
    def warning_count(self) -> int:
        return len(self.problems) - self.error_count


# ---------------------------------------------------------------------------
# Reading YAML with line numbers
# ---------------------------------------------------------------------------


def line_of(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def compose_file(project_dir: Path, relative: str, report: Report) -> Optional[yaml.Node]:
    """The file's YAML tree, or None (and a reported error) when it cannot be read."""
    path = project_dir / relative
    if not path.exists():
        report.error(relative, None, "Die Datei fehlt.")
        return None
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        report.error(
            relative,
            data[: error.start].count(b"\n") + 1,
            "Die Datei ist nicht als UTF-8 gespeichert (Umlaute?). Bitte im Editor "
            "mit der Kodierung UTF-8 speichern.",
        )
        return None
    for number, line in enumerate(text.splitlines(), start=1):
        if "\t" in line:
            report.error(
                relative,
                number,
                "In dieser Zeile steht ein Tabulator. Bitte ihn durch Leerzeichen ersetzen "
                "(die Einrückung immer mit Leerzeichen).",
            )
    try:
        root = yaml.compose(text, Loader=YAML_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        # An unclosed bracket or quote is noticed at the end of the file.
        line = min(mark.line + 1, len(text.splitlines()) or 1) if mark else None
        technical = str(getattr(error, "problem", None) or error)
        hint = "Bitte Leerzeichen statt Tabulator verwenden. " if "tab" in technical else ""
        report.error(
            relative,
            line,
            "Die Datei ist nicht richtig aufgebaut (YAML-Fehler), in dieser Zeile oder "
            f"kurz davor. {hint}Bitte Einrückung, Doppelpunkte, Bindestriche und "
            f"Anführungszeichen prüfen. (Technisch: {technical})",
        )
        return None
    if root is None:
        report.error(relative, 1, "Die Datei ist leer.")
        return None
    check_duplicate_keys(root, relative, report)
    return root


def check_duplicate_keys(node: yaml.Node, relative: str, report: Report) -> None:
    """A key written twice in one section: only one of them would count."""
    seen_nodes = set()
    waiting = [node]
    while waiting:
        current = waiting.pop()
        if id(current) in seen_nodes:  # anchors (&name) are shared
            continue
        seen_nodes.add(id(current))
        if isinstance(current, yaml.MappingNode):
            first_line_of_key: Dict[str, int] = {}
            for key_node, value_node in current.value:
                key = str(key_node.value)
                if isinstance(key_node, yaml.ScalarNode) and key in first_line_of_key:
                    report.error(
                        relative,
                        line_of(key_node),
                        f"„{key}“ steht in diesem Abschnitt zweimal (auch in Zeile "
                        f"{first_line_of_key[key]}). Bitte zusammenführen oder einen "
                        "der beiden Einträge löschen.",
                    )
                first_line_of_key.setdefault(key, line_of(key_node))
                waiting.append(value_node)
        elif isinstance(current, yaml.SequenceNode):
            waiting.extend(current.value)


def mapping_items(node: Optional[yaml.Node]) -> List[Tuple[yaml.Node, yaml.Node]]:
    return list(node.value) if isinstance(node, yaml.MappingNode) else []


def sequence_items(node: Optional[yaml.Node]) -> List[yaml.Node]:
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def get(node: Optional[yaml.Node], key: str) -> Optional[yaml.Node]:
    for key_node, value_node in mapping_items(node):
        if key_node.value == key:
            return value_node
    return None


def text_of(node: Optional[yaml.Node]) -> str:
    return str(node.value) if isinstance(node, yaml.ScalarNode) else ""


# ---------------------------------------------------------------------------
# Intents and example questions (data/*.yml)
# ---------------------------------------------------------------------------


@dataclass
class Example:
    text: str
    line: int


@dataclass
class IntentBlock:
    name: str
    file: str
    line: int
    examples: List[Example]


def example_lines(node: yaml.Node) -> Iterator[Tuple[int, str]]:
    """(line number, line) of each line of an `examples` block."""
    if isinstance(node, yaml.ScalarNode):
        if node.style in ("|", ">"):
            # The block starts on the line after "examples: |".
            first_line = line_of(node) + 1
        else:
            first_line = line_of(node)
        for index, line in enumerate(node.value.splitlines()):
            yield first_line + index, line
    else:
        # The other form Rasa reads: a list of "- text: ..." entries.
        for item in sequence_items(node):
            text_node = get(item, "text") if isinstance(item, yaml.MappingNode) else item
            yield line_of(item), "- " + text_of(text_node)


def read_intent_blocks(root: yaml.Node, relative: str, report: Report) -> List[IntentBlock]:
    blocks = []
    for item in sequence_items(get(root, "nlu")):
        name_node = get(item, "intent")
        if name_node is None:
            continue  # synonym, regex or lookup table
        name = text_of(name_node).strip()
        examples_node = get(item, "examples")
        examples = []
        if examples_node is not None:
            for line, text in example_lines(examples_node):
                if not text.strip():
                    continue
                # Like Rasa: a line is an example only if it starts with "-".
                if not text.startswith("-"):
                    report.warning(
                        relative,
                        line,
                        f"Diese Zeile unter „{name}“ beginnt nicht mit „- “ (oder ist "
                        "anders eingerückt als die anderen) und wird deshalb nicht als "
                        "Beispielfrage gelesen.",
                    )
                    continue
                example = ENTITY_ANNOTATION.sub(r"\1", text[1:].strip())
                if example:
                    examples.append(Example(example, line))
        blocks.append(IntentBlock(name, relative, line_of(name_node), examples))
    return blocks


def normalized(text: str) -> str:
    return " ".join(text.lower().split())


def check_examples(blocks: Sequence[IntentBlock], report: Report) -> None:
    for block in blocks:
        if len(block.examples) < MIN_EXAMPLES:
            report.error(
                block.file,
                block.line,
                f"Das Thema „{block.name}“ hat nur {len(block.examples)} "
                f"{'Beispielfrage' if len(block.examples) == 1 else 'Beispielfragen'}; "
                f"es braucht mindestens {MIN_EXAMPLES}.",
            )

    first_place: Dict[str, Tuple[IntentBlock, Example]] = {}
    for block in blocks:
        for example in block.examples:
            key = normalized(example.text)
            if key not in first_place:
                first_place[key] = (block, example)
                continue
            other_block, other_example = first_place[key]
            if other_block.name == block.name:
                continue  # the same question twice under one topic does no harm
            where = f"Zeile {other_example.line}"
            if other_block.file != block.file:
                where = f"{other_block.file}, {where}"
            report.error(
                block.file,
                example.line,
                f"Die Beispielfrage „{example.text}“ steht auch unter "
                f"„{other_block.name}“ ({where}).",
            )


# ---------------------------------------------------------------------------
# Domain: intents, responses, buttons
# ---------------------------------------------------------------------------


@dataclass
class Response:
    name: str
    file: str
    line: int
    texts: List[Tuple[str, int, str]]  # (text, line, language) of each variant
    buttons: List[Tuple[str, str, int]]  # (title, payload, line)


def read_domain_intents(root: yaml.Node) -> Dict[str, int]:
    """Intent name -> line in domain.yml. Entries are "- name" or "- name: {...}"."""
    intents = {}
    for item in sequence_items(get(root, "intents")):
        if isinstance(item, yaml.MappingNode) and item.value:
            key_node = item.value[0][0]
            intents.setdefault(text_of(key_node), line_of(key_node))
        elif isinstance(item, yaml.ScalarNode):
            intents.setdefault(item.value, line_of(item))
    return intents


def variant_language(variant: yaml.Node) -> str:
    """The language a response variant is for (its `language` slot condition)."""
    for condition in sequence_items(get(variant, "condition")):
        if text_of(get(condition, "name")) == LANGUAGE_SLOT:
            return text_of(get(condition, "value"))
    return GERMAN


def split_language_version(text: str, language: str) -> Tuple[str, str]:
    """(the part in the patient's language, the German part) of a variant's text.
    A version in another language starts with one paragraph in that language;
    the German text follows on a new line (after a blank line in domain.yml)."""
    if language == GERMAN:
        return "", text
    own, _, german = text.strip().partition("\n")
    return own, german.strip()


def read_responses(root: yaml.Node, relative: str) -> List[Response]:
    responses = []
    for name_node, variants_node in mapping_items(get(root, "responses")):
        texts, buttons = [], []
        for variant in sequence_items(variants_node):
            text_node = get(variant, "text")
            if isinstance(text_node, yaml.ScalarNode):
                texts.append((text_node.value, line_of(text_node), variant_language(variant)))
            for button in sequence_items(get(variant, "buttons")):
                payload_node = get(button, "payload")
                if payload_node is not None:
                    buttons.append(
                        (
                            text_of(get(button, "title")),
                            text_of(payload_node),
                            line_of(payload_node),
                        )
                    )
        responses.append(Response(text_of(name_node), relative, line_of(name_node), texts, buttons))
    return responses


def word_count(text: str) -> int:
    """Words with at least one letter or digit (bullets and dashes do not count)."""
    return sum(1 for word in text.split() if any(c.isalnum() for c in word))


def check_answer_lengths(responses: Sequence[Response], report: Report) -> None:
    for response in responses:
        for text, line, language in response.texts:
            words = word_count(split_language_version(text, language)[1])
            if words > MAX_ANSWER_WORDS:
                report.error(
                    response.file,
                    line,
                    f"Die Antwort „{response.name}“ hat {words} Wörter; erlaubt sind "
                    f"höchstens {MAX_ANSWER_WORDS}. Bitte kürzen.",
                )


def check_safety_texts(responses: Sequence[Response], report: Report) -> None:
    """The texts that must never break: no empty answer, 112 in the emergency
    answers and the safety question, and in every answer naming an emergency sign."""
    by_name = {response.name: response for response in responses}
    for name in EMERGENCY_RESPONSES:
        if name not in by_name:
            report.error(
                DOMAIN_FILE,
                None,
                f"Die Antwort „{name}“ fehlt unter „responses“. Sie ist der Hinweis bei "
                "einem möglichen Notfall und darf nicht gelöscht werden.",
            )
    for response in responses:
        if not response.texts and not response.buttons:
            report.error(
                response.file,
                response.line,
                f"Die Antwort „{response.name}“ ist leer. Bitte einen Text eintragen.",
            )
        for text, line, language in response.texts:
            if language != GERMAN:
                check_language_version(response, text, line, language, report)
            if not text.strip():
                if response.buttons:
                    continue  # buttons alone, e.g. after a text in the same answer
                report.error(
                    response.file,
                    line,
                    f"Die Antwort „{response.name}“ hat einen leeren Text. Bitte einen Text "
                    "eintragen.",
                )
            elif EMERGENCY_NUMBER.search(text):
                continue
            elif response.name in EMERGENCY_RESPONSES:
                report.error(
                    response.file,
                    line,
                    f"Die Antwort „{response.name}“ muss den Notruf 112 nennen: Sie ist der "
                    "Hinweis bei einem möglichen Notfall. Bitte „112“ wieder in den Text "
                    "aufnehmen.",
                )
            elif EMERGENCY_SIGN.search(text):
                sign = EMERGENCY_SIGN.search(text).group(0)
                report.error(
                    response.file,
                    line,
                    f"Die Antwort „{response.name}“ nennt ein Notfall-Warnzeichen "
                    f"(„{sign}“), aber nicht den Notruf 112. Wer ein solches Zeichen hat, "
                    "muss sofort 112 anrufen; bitte das im Text sagen.",
                )


def check_language_version(
    response: Response, text: str, line: int, language: str, report: Report
) -> None:
    """A version for another language: its own paragraph first (with 112 where
    the German one must name it), then the German text."""
    name = LANGUAGE_NAMES.get(language)
    if name is None:
        report.error(
            response.file,
            line,
            f"Die Antwort „{response.name}“ hat eine Fassung für die Sprache „{language}“, "
            f"die der Assistent nicht kennt. Möglich sind: {', '.join(LANGUAGE_NAMES)}.",
        )
        return
    own, german = split_language_version(text, language)
    if not german.strip():
        report.error(
            response.file,
            line,
            f"Die Fassung auf {name} der Antwort „{response.name}“ braucht nach dem Absatz "
            f"auf {name} eine Leerzeile und danach den deutschen Text.",
        )
    if response.name in MUST_NAME_112 and not EMERGENCY_NUMBER.search(own):
        report.error(
            response.file,
            line,
            f"Die Fassung auf {name} der Antwort „{response.name}“ muss schon im ersten "
            f"Absatz (auf {name}) den Notruf 112 nennen.",
        )


PERSONAL_DATA_HINT = (
    "Bitte keine echten Daten von Patientinnen und Patienten übernehmen: kürzen und "
    "Angaben ändern (docs/praxisteam.md, Abschnitt 7)."
)


def check_personal_data(file: str, line: int, text: str, what: str, report: Report) -> None:
    """A warning where a staff file holds what looks like a patient's data."""
    kinds = personal_data.find(text)
    if kinds:
        report.warning(
            file,
            line,
            f"{what} enthält etwas, das wie {' und '.join(kinds)} aussieht. {PERSONAL_DATA_HINT}",
        )


def check_corpus_personal_data(relative: str, root: yaml.Node, report: Report) -> None:
    for key in ("warnzeichen", "harmlos", "faq"):
        for item in sequence_items(get(root, key)):
            text_node = get(item, "text") if isinstance(item, yaml.MappingNode) else item
            if isinstance(text_node, yaml.ScalarNode):
                check_personal_data(
                    relative, line_of(text_node), text_node.value, "Dieser Beispielsatz", report
                )


def check_emergency_number(practice_root: yaml.Node, report: Report) -> None:
    number = get(get(practice_root, "notfall"), "notruf")
    if number is not None and text_of(number).strip() != "112":
        report.error(
            PRACTICE_FILE,
            line_of(number),
            f"Die Notrufnummer muss 112 sein (steht hier: „{text_of(number)}“). Bitte "
            '„notruf: "112"“ eintragen: 112 gilt für Rettungsdienst und Notarzt.',
        )


def check_topics_and_answers(
    blocks: Sequence[IntentBlock],
    responses: Sequence[Response],
    domain_intents: Dict[str, int],
    report: Report,
) -> None:
    response_names = {response.name for response in responses}
    first_block: Dict[str, IntentBlock] = {}
    for block in blocks:
        first_block.setdefault(block.name, block)

    for name, block in first_block.items():
        if "/" in name and RESPONSE_PREFIX + name not in response_names:
            report.error(
                block.file,
                block.line,
                f"Das Thema „{name}“ hat keine Antwort: In {DOMAIN_FILE} fehlt unter "
                f"„responses“ die Antwort „{RESPONSE_PREFIX}{name}“.",
            )
    for response in responses:
        topic = response.name[len(RESPONSE_PREFIX) :]
        if response.name.startswith(RESPONSE_PREFIX) and "/" in topic and topic not in first_block:
            report.error(
                response.file,
                response.line,
                f"Die Antwort „{response.name}“ gehört zu keinem Thema: In {NLU_FILE} "
                f"fehlt „- intent: {topic}“ mit Beispielfragen.",
            )

    # Retrieval intents ("faq/physio_not_helping") are listed as "faq" in the domain.
    base_intents_with_examples = set()
    for name, block in first_block.items():
        base = name.split("/")[0]
        base_intents_with_examples.add(base)
        if base not in domain_intents:
            report.error(
                block.file,
                block.line,
                f"Das Thema „{base}“ fehlt in {DOMAIN_FILE} unter „intents“.",
            )
    for name, line in domain_intents.items():
        if name != FALLBACK_INTENT and name not in base_intents_with_examples:
            report.error(
                DOMAIN_FILE,
                line,
                f"Das Thema „{name}“ steht unter „intents“, hat aber keine "
                f"Beispielfragen in data/ (z. B. {NLU_FILE}).",
            )


def unique_buttons(responses: Sequence[Response]) -> List[Tuple[str, str, str, int]]:
    """(title, payload, file, line) of each different payload, first place only."""
    buttons = {}
    for response in responses:
        for title, payload, line in response.buttons:
            buttons.setdefault(payload, (title, payload, response.file, line))
    return list(buttons.values())


def check_intent_buttons(buttons, domain_intents, topic_names, report: Report) -> None:
    """Buttons whose payload is "/intent" must name a domain intent."""
    for title, payload, file, line in buttons:
        match = INTENT_PAYLOAD.match(payload)
        if not match:
            continue
        intent = match.group(1).strip()
        known = intent.split("/")[0] in domain_intents and (
            "/" not in intent or intent in topic_names
        )
        if not known:
            report.error(
                file,
                line,
                f"Der Knopf „{title}“ schickt „{payload}“, aber das Thema „{intent}“ "
                f"gibt es in {DOMAIN_FILE} nicht.",
            )


def check_text_buttons_with_model(
    project_dir: Path, buttons, report: Report, model_path: Optional[Path] = None
) -> None:
    """Text payloads: does the trained model (by default the project's) understand them?"""
    text_buttons = [button for button in buttons if not button[1].startswith("/")]
    if not text_buttons:
        return
    new_model = model_path is not None
    model_path = model_path or project_dir / MODEL_FILE
    if not model_path.exists():
        report.warning(
            MODEL_FILE,
            None,
            "Es gibt noch kein trainiertes Modell; die Knöpfe mit Text konnten nicht "
            "geprüft werden (erst „make run“ oder „make test“ trainiert es).",
        )
        return
    nlu_path = project_dir / NLU_FILE
    if (
        not new_model
        and nlu_path.exists()
        and model_path.stat().st_mtime < nlu_path.stat().st_mtime
    ):
        report.warning(
            MODEL_FILE,
            None,
            f"Das Modell ist älter als {NLU_FILE} und kennt die neuesten Änderungen "
            "vielleicht nicht; die Prüfung der Knöpfe kann deshalb veraltet sein.",
        )
    print(
        "Das trainierte Modell wird geladen, um die Knöpfe zu prüfen (etwa eine halbe "
        "Minute; schneller: --ohne-modell) ...",
        file=sys.stderr,
        flush=True,
    )
    try:
        results = parse_with_model(model_path, [button[1] for button in text_buttons])
    except Exception as error:  # a broken or half-written model file
        report.warning(
            MODEL_FILE,
            None,
            f"Das Modell konnte nicht geladen werden ({type(error).__name__}: {error}); "
            "die Knöpfe mit Text wurden nicht geprüft.",
        )
        return
    for title, payload, file, line in text_buttons:
        intent = results[payload]["intent"]
        label = intent.get("full_retrieval_intent_name") or intent.get("name")
        confidence = intent.get("confidence") or 0.0
        understood = f"erkannt als „{label}“ mit Sicherheit {confidence:.2f}"
        if label == FALLBACK_INTENT or confidence < MIN_BUTTON_CONFIDENCE:
            report.error(
                file,
                line,
                f"Den Knopf „{title}“ versteht der Assistent nicht sicher: „{payload}“ "
                f"wird {understood} (nötig: {MIN_BUTTON_CONFIDENCE:.2f}). Bitte den Text "
                f"ändern oder als Beispielfrage in {NLU_FILE} aufnehmen.",
            )
        elif label in RED_FLAG_INTENTS:
            report.warning(
                file,
                line,
                f"Der Knopf „{title}“ wird als mögliches Warnzeichen gelesen "
                f"({understood}); wer ihn anklickt, bekommt den Hinweis auf Notruf "
                "oder Arzt.",
            )


@contextmanager
def quiet_rasa(level: int = logging.WARNING) -> Iterator[None]:
    """Rasa, TensorFlow and spaCy talk a lot while loading a model; staff need none of it."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    logging.disable(level)
    chatter = io.StringIO()
    try:
        with warnings.catch_warnings(), redirect_stdout(chatter), redirect_stderr(chatter):
            warnings.simplefilter("ignore")
            from rasa.utils.log_utils import configure_structlog

            configure_structlog(logging.ERROR)
            yield
    finally:
        logging.disable(logging.NOTSET)


def parse_with_model(model_path: Path, texts: Sequence[str]) -> Dict[str, dict]:
    """The trained assistant's reading of each text (Rasa's parse result)."""
    with quiet_rasa():
        from rasa.core.agent import Agent

        agent = Agent.load(str(model_path))

        async def parse_all() -> Dict[str, dict]:
            return {text: await agent.parse_message(text) for text in texts}

        return asyncio.run(parse_all())


# ---------------------------------------------------------------------------
# practice.yml, red_flags.yml and the warning-sign corpus
# ---------------------------------------------------------------------------


def check_practice_file(project_dir: Path, report: Report) -> None:
    try:
        load_practice(project_dir / PRACTICE_FILE)
    except PracticeFileError as error:
        report.error(PRACTICE_FILE, error.line, error.reason)


def check_red_flags_file(project_dir: Path, root: yaml.Node, report: Report) -> None:
    path = project_dir / RED_FLAGS_FILE
    try:
        config = load_red_flag_config(path)
    except RedFlagFileError as error:
        message = str(error)
        if message.startswith(f"{path}: "):
            message = message[len(f"{path}: ") :]
        report.error(RED_FLAGS_FILE, red_flag_error_line(root, message), sentence(message))
        return

    groups = get(root, "gruppen")
    for key_node, group in mapping_items(groups):
        for list_key in ("woerter", "wendungen"):
            value = get(group, list_key)
            if value is not None and not isinstance(value, yaml.SequenceNode) and text_of(value):
                report.error(
                    RED_FLAGS_FILE,
                    line_of(value),
                    f"In der Gruppe „{key_node.value}“ muss „{list_key}“ eine Liste sein "
                    "(jeder Eintrag in einer eigenen Zeile mit „- “ davor).",
                )
    for group in GROUPS:
        if group not in config["gruppen"]:
            report.error(
                RED_FLAGS_FILE,
                line_of(groups) if groups is not None else None,
                f"Die Gruppe „{group}“ fehlt unter „gruppen“. Gruppennamen bitte nicht "
                "ändern: das gelernte Erkennungsmodell nennt sie so.",
            )
    try:
        RedFlagMatcher(config)
    except Exception as error:
        report.error(
            RED_FLAGS_FILE,
            None,
            f"Die Warnzeichen-Liste lässt sich nicht verwenden ({type(error).__name__}: "
            f"{error}).",
        )


def red_flag_error_line(root: yaml.Node, message: str) -> Optional[int]:
    """The line a message of load_red_flag_config is about: its group, or the key
    the message names inside the group."""
    group_match = re.search(r"Gruppe '([^']+)'", message)
    if not group_match:
        groups = get(root, "gruppen")
        return line_of(groups) if groups is not None else 1
    for key_node, group in mapping_items(get(root, "gruppen")):
        if str(key_node.value) != group_match.group(1):
            continue
        for key in ("dringlichkeit", "name"):
            value = get(group, key)
            if f"'{key}" in message and value is not None:
                return line_of(value)
        return line_of(key_node)
    return None


def sentence(message: str) -> str:
    return message[:1].upper() + message[1:]


def check_corpus_file(project_dir: Path, relative: str, root: yaml.Node, report: Report) -> None:
    try:
        read_corpus_file(project_dir / relative)
    except CorpusError as error:
        # "<path>: warnzeichen #3: gruppe/stufe x/y?"
        number = re.search(r"warnzeichen #(\d+)", str(error))
        items = sequence_items(get(root, "warnzeichen"))
        index = int(number.group(1)) - 1 if number else len(items)
        report.error(
            relative,
            line_of(items[index]) if index < len(items) else None,
            "Unbekannte „gruppe“ oder „stufe“ in diesem Beispielsatz. Erlaubt sind die "
            f"Gruppen {', '.join(GROUPS)} und die Stufen {' und '.join(TIERS)}.",
        )
    except Exception as error:  # e.g. an entry without "text"
        report.error(
            relative,
            None,
            "Die Beispielsätze lassen sich nicht lesen; jeder Eintrag braucht ein "
            f"„text:“. (Technisch: {type(error).__name__}: {error})",
        )


# ---------------------------------------------------------------------------
# rasa data validate
# ---------------------------------------------------------------------------


def start_rasa_validate(project_dir: Path) -> subprocess.Popen:
    """Starts `rasa data validate` (about 10 s), which runs while the other checks do."""
    rasa = Path(sys.executable).with_name("rasa")
    command = [str(rasa)] if rasa.exists() else [sys.executable, "-m", "rasa"]
    command += ["data", "validate", "--fail-on-warnings", "--quiet"]
    environment = dict(
        os.environ,
        RASA_TELEMETRY_ENABLED="false",
        TF_CPP_MIN_LOG_LEVEL="2",
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
        # The custom components in config.yml live in the code folder.
        PYTHONPATH=os.pathsep.join(filter(None, [str(CODE_DIR), os.environ.get("PYTHONPATH")])),
    )
    return subprocess.Popen(
        command,
        cwd=project_dir,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def report_rasa_validate(process: subprocess.Popen, report: Report) -> None:
    output, errors = process.communicate()
    if process.returncode == 0:
        return
    report.error(
        RASA_VALIDATE,
        None,
        "Rasas eigene Prüfung der Trainingsdaten ist fehlgeschlagen; ihre Meldungen (englisch):",
        rasa_messages(output + "\n" + errors),
    )


def rasa_messages(output: str, limit: int = 40) -> List[str]:
    """Rasa's own warnings and errors, without Python's deprecation noise (a
    warning other than UserWarning, up to the next warning)."""
    messages = []
    skipping = False
    for line in ANSI_COLOUR.sub("", output).splitlines():
        header = PYTHON_WARNING_HEADER.match(line)
        if header:
            skipping = header.group(1) != "UserWarning"
            line = header.group(2)
        if skipping or not line.strip() or line.strip().startswith("More info at"):
            continue
        if any(harmless in line for harmless in HARMLESS_RASA_MESSAGES):
            continue
        messages.append(line.strip())
    if not messages:
        messages = ["(keine Meldung; bitte „make test“ ausführen)"]
    return messages[:limit]


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------


def data_files(project_dir: Path) -> List[str]:
    return sorted(
        path.relative_to(project_dir).as_posix() for path in (project_dir / "data").glob("*.yml")
    )


def corpus_files(project_dir: Path) -> List[str]:
    return sorted(
        path.relative_to(project_dir).as_posix()
        for path in (project_dir / CORPUS_FOLDER).glob("*.yml")
    )


def check_project(
    project_dir: Path, use_model: bool, use_rasa: bool, model_path: Optional[Path] = None
) -> Report:
    report = Report()
    rasa_validate = start_rasa_validate(project_dir) if use_rasa else None
    data_roots = {
        relative: compose_file(project_dir, relative, report)
        for relative in data_files(project_dir)
    }
    domain_root = compose_file(project_dir, DOMAIN_FILE, report)
    compose_file(project_dir, "config.yml", report)
    practice_root = compose_file(project_dir, PRACTICE_FILE, report)
    red_flags_root = compose_file(project_dir, RED_FLAGS_FILE, report)
    corpus_roots = {
        relative: compose_file(project_dir, relative, report)
        for relative in corpus_files(project_dir)
    }

    blocks = []
    for relative, root in data_roots.items():
        if root is not None:
            blocks += read_intent_blocks(root, relative, report)
    check_examples(blocks, report)
    for block in blocks:
        for example in block.examples:
            check_personal_data(
                block.file, example.line, example.text, "Diese Beispielfrage", report
            )

    if domain_root is not None:
        domain_intents = read_domain_intents(domain_root)
        responses = read_responses(domain_root, DOMAIN_FILE)
        check_answer_lengths(responses, report)
        check_safety_texts(responses, report)
        for response in responses:
            for text, line, _ in response.texts:
                check_personal_data(response.file, line, text, "Diese Antwort", report)
        if NLU_FILE in data_roots and None not in data_roots.values():
            check_topics_and_answers(blocks, responses, domain_intents, report)
            buttons = unique_buttons(responses)
            topic_names = {block.name for block in blocks}
            check_intent_buttons(buttons, domain_intents, topic_names, report)
            if use_model:
                check_text_buttons_with_model(project_dir, buttons, report, model_path)

    if practice_root is not None:
        check_emergency_number(practice_root, report)
        check_practice_file(project_dir, report)
    if red_flags_root is not None:
        check_red_flags_file(project_dir, red_flags_root, report)
    for relative, root in corpus_roots.items():
        if root is not None:
            check_corpus_file(project_dir, relative, root, report)
            check_corpus_personal_data(relative, root, report)

    if rasa_validate is not None:
        report_rasa_validate(rasa_validate, report)
    return report


def main(argv: Optional[Sequence[str]] = None, project_dir: Optional[Path] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="make check",
        description="Prüft alle Dateien, die das Praxisteam pflegt (ohne Training).",
    )
    parser.add_argument(
        "--ohne-modell",
        action="store_true",
        help="Knöpfe mit Text nicht mit dem trainierten Modell prüfen (schneller).",
    )
    parser.add_argument(
        "--ohne-rasa", action="store_true", help="„rasa data validate“ nicht ausführen."
    )
    args = parser.parse_args(argv)
    project_dir = Path(project_dir) if project_dir else CODE_DIR

    report = check_project(project_dir, use_model=not args.ohne_modell, use_rasa=not args.ohne_rasa)
    print_report(report)
    return 1 if report.error_count else 0


def print_report(report: Report) -> None:
    """Every problem by file and line, Rasa's own check last, then the counts."""
    own_problems = [p for p in report.problems if p.file != RASA_VALIDATE]
    rasa_problems = [p for p in report.problems if p.file == RASA_VALIDATE]
    for problem in sorted(own_problems, key=lambda p: (p.file, p.line or 0)) + rasa_problems:
        print(problem)
    warning_word = "Warnung" if report.warning_count == 1 else "Warnungen"
    print(f"{report.error_count} Fehler, {report.warning_count} {warning_word}.")


if __name__ == "__main__":
    sys.exit(main())
