"""The RedFlagDetector NLU component on messages as the pipeline hands them over."""

import pytest
from rasa.shared.nlu.training_data.message import Message

from components.german_tokenizer import GermanSpacyTokenizer
from components.red_flag_detector import RedFlagDetector
from components.red_flags import RedFlagMatcher


@pytest.fixture(scope="module")
def detector():
    config = {**RedFlagDetector.get_default_config(), "fallback_threshold": 0.4}
    return RedFlagDetector(config, None, None, RedFlagMatcher.from_file())


def classified(text, ranking):
    """A tokenized message as the classifiers leave it."""
    message = Message(data={"text": text})
    tokenizer = GermanSpacyTokenizer(GermanSpacyTokenizer.get_default_config())
    tokenizer.process([message])
    ranking = [{"name": name, "confidence": confidence} for name, confidence in ranking]
    message.set("intent", dict(ranking[0]))
    message.set("intent_ranking", ranking)
    return message


def test_warning_sign_overrides_faq_and_keeps_the_ranking(detector):
    text = "Physio hilft nicht und seit gestern kann ich kein Wasser mehr lassen"
    message = classified(text, [("faq", 0.9), ("red_flag", 0.1)])
    detector.process([message])
    assert message.get("intent") == {"name": "red_flag", "confidence": 1.0}
    assert message.get("intent_ranking")[0]["name"] == "faq"
    entity = message.get("entities")[0]
    assert entity["entity"] == "red_flag" and entity["value"] == "bladder_bowel"
    assert "Wasser" in text[entity["start"]:entity["end"]]


def test_warning_sign_overrides_an_unsure_classifier(detector):
    message = classified("bein taub seit heute", [("nlu_fallback", 0.4), ("greet", 0.2)])
    detector.process([message])
    assert message.get("intent")["name"] == "red_flag"


def test_negated_sign_vetoes_the_classifiers_red_flag(detector):
    message = classified("Ich habe kein Fieber", [("red_flag", 0.8), ("deny", 0.15)])
    detector.process([message])
    assert message.get("intent")["name"] == "deny"
    assert message.get("intent")["confidence"] == pytest.approx(0.75)
    assert not message.get("entities")


def test_vetoed_red_flag_without_a_confident_alternative_is_unsure(detector):
    ranking = [("red_flag", 0.5), ("greet", 0.1), ("affirm", 0.1), ("faq", 0.1)]
    message = classified("Mir geht es nicht gut", ranking)
    detector.process([message])
    assert message.get("intent") == {"name": "nlu_fallback", "confidence": 0.4}


def test_vetoed_red_flag_falls_back_to_the_next_confident_intent(detector):
    message = classified(
        "Nach den Übungen habe ich mehr Schmerzen", [("red_flag", 0.5), ("faq", 0.45)]
    )
    detector.process([message])
    assert message.get("intent") == {"name": "faq", "confidence": 0.9}


def test_other_intents_are_left_alone(detector):
    message = classified("Wann haben Sie geöffnet?", [("ask_opening_hours", 0.95)])
    detector.process([message])
    assert message.get("intent") == {"name": "ask_opening_hours", "confidence": 0.95}
