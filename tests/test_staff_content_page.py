"""Tests for staff/content_page.py (`make content`).

The page is written from a copy of the files staff edit in tmp_path and read back
with html.parser: the text a browser shows, and the tags.
"""

import shutil
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import practice_actions
from actions.opening_hours import answer_opening_question
from actions.practice import load_practice
from actions.practice_actions import PRACTICE_ANSWERS
from staff.content_page import main

PROJECT_DIR = Path(__file__).resolve().parent.parent
COPIED_FILES = ("domain.yml", "practice.yml", "red_flags.yml", "data/nlu.yml", "data/rules.yml")
FIXED_NOW = datetime(2026, 11, 30, 9, 0)  # a Monday, the practice is open
ESCAPED_TOPIC = "utter_faq/back_pain_prevalence"
HTML_IN_ANSWER = "Rückenschmerzen sind <b>sehr</b> häufig & oft harmlos."


class PageReader(HTMLParser):
    """Collects the visible text and the names of all start tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts = []
        self.tags = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if not self._in_style:
            self.texts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.texts).split())


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def project(tmp_path):
    """A copy of the files the page is built from."""
    for name in COPIED_FILES:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(PROJECT_DIR / name, tmp_path / name)
    return tmp_path


@pytest.fixture
def page(project, tmp_path, fixed_clock, capsys):
    """The page written from the copy, read back."""
    fixed_clock(FIXED_NOW)
    output = tmp_path / "ausgabe" / "inhalte.html"
    assert main(["--ausgabe", str(output)], project) == 0
    assert str(output) in capsys.readouterr().out
    reader = PageReader()
    reader.feed(output.read_text(encoding="utf-8"))
    return reader


def domain_responses():
    return yaml.safe_load((PROJECT_DIR / "domain.yml").read_text(encoding="utf-8"))["responses"]


def test_every_faq_topic_appears_with_its_answer(page):
    faq_answers = {
        name: variants
        for name, variants in domain_responses().items()
        if name.startswith("utter_faq/")
    }
    assert len(faq_answers) >= 20
    for name, variants in faq_answers.items():
        assert name in page.text
        assert name.replace("utter_", "") in page.text  # the topic faq/<key>
        for variant in variants:
            assert flat(variant["text"]) in page.text, name


def test_every_response_text_of_domain_appears(page):
    for name, variants in domain_responses().items():
        for variant in variants:
            assert flat(variant["text"]) in page.text, name


def test_red_flag_variants_are_labelled_with_their_urgency(page):
    assert "bei dringend:" in page.text
    assert "bei Notfall" in page.text


def test_example_questions_appear(page):
    nlu = yaml.safe_load((PROJECT_DIR / "data/nlu.yml").read_text(encoding="utf-8"))
    first_examples = [
        item["examples"].splitlines()[0][2:].strip() for item in nlu["nlu"] if "intent" in item
    ]
    for example in first_examples:
        assert flat(example) in page.text


def test_every_red_flag_group_appears(page):
    groups = yaml.safe_load((PROJECT_DIR / "red_flags.yml").read_text(encoding="utf-8"))["gruppen"]
    for key, group in groups.items():
        assert flat(group["name"]) in page.text, key
        assert group["woerter"][0] in page.text, key


def test_opening_hours_text_appears(page, project):
    practice = load_practice(project / "practice.yml")
    hours = answer_opening_question(practice, practice_actions.ASK_OPENING_HOURS, FIXED_NOW)
    assert "Montag:" in hours
    assert flat(hours) in page.text
    assert "Montag, 30.11.2026" in page.text  # generation date
    assert "Erster Weihnachtstag" in page.text  # next holidays


def test_html_in_an_answer_is_escaped(project, tmp_path, fixed_clock):
    fixed_clock(FIXED_NOW)
    domain_file = project / "domain.yml"
    domain = domain_file.read_text(encoding="utf-8")
    old_text = domain_responses()[ESCAPED_TOPIC][0]["text"]
    first_line = old_text.split(" Laut")[0]
    assert first_line in domain, "test setup: answer text not found in domain.yml"
    domain_file.write_text(domain.replace(first_line, HTML_IN_ANSWER), encoding="utf-8")

    output = tmp_path / "inhalte.html"
    assert main(["--ausgabe", str(output)], project) == 0
    html_text = output.read_text(encoding="utf-8")
    reader = PageReader()
    reader.feed(html_text)
    assert "b" not in reader.tags
    assert HTML_IN_ANSWER in reader.text
    assert "&lt;b&gt;sehr&lt;/b&gt; häufig &amp; oft" in html_text


def test_page_is_self_contained(page):
    assert "script" not in page.tags
    assert "link" not in page.tags
    assert "style" in page.tags


def test_default_output_is_web_inhalte_html(project, fixed_clock, capsys):
    fixed_clock(FIXED_NOW)
    assert main([], project) == 0
    output = project / "web" / "inhalte.html"
    assert output.exists()
    assert str(output) in capsys.readouterr().out


def test_broken_file_gives_a_german_message(project, capsys):
    (project / "domain.yml").write_text("responses: [\n", encoding="utf-8")
    assert main(["--ausgabe", str(project / "inhalte.html")], project) == 1
    assert "make check" in capsys.readouterr().err


@pytest.mark.parametrize("action_name", sorted(PRACTICE_ANSWERS))
def test_buttons_of_practice_actions_match_the_actions(action_name, fixed_clock):
    """The page's table of follow-up buttons says what actions/practice_actions.py sends."""
    fixed_clock(FIXED_NOW)
    action = next(
        cls()
        for cls in vars(practice_actions).values()
        if isinstance(cls, type)
        and issubclass(cls, practice_actions.Action)
        and cls is not practice_actions.Action
        and cls().name() == action_name
    )
    tracker = Tracker(
        "test", {}, {"text": practice_actions.ASK_OPENING_HOURS}, [], False, None, {}, None
    )
    dispatcher = CollectingDispatcher()
    action.run(dispatcher, tracker, {})
    sent = [button["title"] for button in dispatcher.messages[0]["buttons"]]
    assert sent == list(PRACTICE_ANSWERS[action_name][1])
