"""The RedFlagDetector NLU component on messages as the pipeline hands them over.

Its learned detector is trained on a small fixture corpus and its list is the
fixture list, so these tests show the component's plumbing, not its accuracy
(that is test_rest_red_flag_test_set.py)."""

from pathlib import Path

import pytest
from rasa.shared.nlu.training_data.message import Message

from components.german_tokenizer import GermanSpacyTokenizer
from components.red_flag_detector import RedFlagDetector
from components.red_flag_model import RedFlagModel, read_corpus_file
from components.red_flags import RedFlagMatcher, group_tiers, load_red_flag_config

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="module")
def detector():
    list_config = load_red_flag_config(DATA / "red_flags_fixture.yml")
    model = RedFlagModel.train(read_corpus_file(DATA / "red_flag_corpus_fixture.yml"))
    config = {
        **RedFlagDetector.get_default_config(),
        "fallback_threshold": 0.4,
        "thresholds": {"alarm": 0.8, "check": 0.5, "listed_alarm": 0.5, "listed_check": 0.3},
    }
    return RedFlagDetector(
        config, None, None, RedFlagMatcher(list_config), model, group_tiers(list_config)
    )


def classified(text, ranking):
    """A tokenized message as the classifiers leave it."""
    message = Message(data={"text": text})
    tokenizer = GermanSpacyTokenizer(GermanSpacyTokenizer.get_default_config())
    tokenizer.process([message])
    ranking = [{"name": name, "confidence": confidence} for name, confidence in ranking]
    message.set("intent", dict(ranking[0]))
    message.set("intent_ranking", ranking)
    return message


def entities(message, name):
    return [e["value"] for e in message.get("entities") or [] if e["entity"] == name]


def test_warning_sign_overrides_faq_and_keeps_the_ranking(detector):
    text = "Physio hilft nicht und seit gestern kann ich kein Wasser mehr lassen"
    message = classified(text, [("faq", 0.9), ("red_flag", 0.1)])
    detector.process([message])
    assert message.get("intent") == {"name": "red_flag", "confidence": 1.0}
    assert message.get("intent_ranking")[0]["name"] == "faq"
    assert message.get("classifier_intent")["name"] == "faq"
    assert entities(message, "red_flag") == ["cauda_equina"]
    assert entities(message, "red_flag_tier") == ["notfall"]
    entity = message.get("entities")[0]
    assert "Wasser" in text[entity["start"] : entity["end"]]


def test_the_detector_reports_its_signals(detector):
    message = classified("mein Bein ist seit heute morgen gelähmt", [("faq", 0.9)])
    detector.process([message])
    signals = message.get("red_flag_detector")
    assert signals["decision"] == "alarm" and signals["listed"] == ["neuro_deficit"]
    assert 0.8 <= signals["sign"] <= 1.0


def test_ordinary_questions_are_left_alone(detector):
    message = classified("Wann haben Sie geöffnet?", [("ask_opening_hours", 0.95)])
    detector.process([message])
    assert message.get("intent") == {"name": "ask_opening_hours", "confidence": 0.95}
    assert not message.get("entities")
    assert message.get("red_flag_detector")["decision"] == "none"


def test_negated_sign_vetoes_the_classifiers_red_flag(detector):
    message = classified("Ich habe kein Fieber", [("red_flag", 0.8), ("deny", 0.15)])
    detector.process([message])
    assert message.get("intent")["name"] == "deny"
    assert message.get("intent")["confidence"] == pytest.approx(0.75)
    assert not message.get("entities")


def test_vetoed_red_flag_without_a_confident_alternative_is_unsure(detector):
    ranking = [("red_flag_check", 0.5), ("greet", 0.1), ("affirm", 0.1), ("faq", 0.1)]
    message = classified("Mir geht es nicht gut, der Rücken ist verspannt", ranking)
    detector.process([message])
    assert message.get("intent") == {"name": "nlu_fallback", "confidence": 0.4}
