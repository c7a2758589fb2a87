"""The unknown-words guard (components/unknown_words_guard.py): a message none of
whose words the assistant knows gets no intent, so the fallback answers it."""

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.german_tokenizer import GermanSpacyTokenizer
from components.normalize import within_one_edit
from components.unknown_words_guard import UnknownWordsGuard

TRAINING = [
    ("Wann haben Sie Öffnungszeiten?", "ask_opening_hours"),
    ("Hilft Physiotherapie bei Rückenschmerzen?", "faq"),
    ("Tschüss", "goodbye"),
]


def context():
    return ExecutionContext(GraphSchema({}), "test")


@pytest.fixture
def tokenizer():
    return GermanSpacyTokenizer.create(
        GermanSpacyTokenizer.get_default_config(), None, None, context()
    )


@pytest.fixture
def storage(tmp_path):
    return LocalModelStorage(tmp_path)


@pytest.fixture
def guard(tokenizer, storage):
    training_data = TrainingData(
        [Message(data={"text": text, "intent": intent}) for text, intent in TRAINING]
    )
    tokenizer.process_training_data(training_data)
    component = UnknownWordsGuard.create({}, storage, Resource("guard"), context())
    component.train(training_data)
    return component


def classified(tokenizer, text):
    """A message as the intent classifier leaves it: it always names an intent."""
    message = Message(data={"text": text})
    tokenizer.process([message])
    message.set("intent", {"name": "greet", "confidence": 0.7}, add_to_output=True)
    message.set("intent_ranking", [{"name": "greet", "confidence": 0.7}], add_to_output=True)
    return message


def intent_after_guard(guard, tokenizer, text):
    message = classified(tokenizer, text)
    guard.process([message])
    return message.get("intent")


@pytest.mark.parametrize("text", ["blubb fasel xyz", "asdfgh", "qwertz uiop lorem"])
def test_a_message_without_a_known_word_gets_no_intent(guard, tokenizer, text):
    assert intent_after_guard(guard, tokenizer, text) == {"name": None, "confidence": 0.0}


def test_the_classifiers_guess_stays_in_the_ranking_for_the_staff_review(guard, tokenizer):
    message = classified(tokenizer, "asdfgh")
    guard.process([message])
    assert message.get("intent_ranking") == [{"name": "greet", "confidence": 0.7}]


@pytest.mark.parametrize(
    "text",
    [
        "öffnungszeiten",  # a known word, another case
        "Oeffnungszeiten?",  # umlaut spelled out
        "öffnugszeiten",  # one typo in a long word
        "ruckenschmerzen und blubb",  # one known word is enough
        "👍",  # no word at all: left to the classifier
    ],
)
def test_a_message_with_a_known_word_keeps_its_intent(guard, tokenizer, text):
    assert intent_after_guard(guard, tokenizer, text)["name"] == "greet"


def test_short_words_must_match_exactly(guard, tokenizer):
    # "tschuss" (7 letters) is one letter from "tschuess"; "wann" is known, but
    # "wamn" (4 letters) is not forgiven.
    assert intent_after_guard(guard, tokenizer, "tschuss")["name"] == "greet"
    assert intent_after_guard(guard, tokenizer, "wann")["name"] == "greet"
    assert intent_after_guard(guard, tokenizer, "wamn")["name"] is None


def test_the_vocabulary_is_saved_with_the_model(guard, tokenizer, storage):
    loaded = UnknownWordsGuard.load({}, storage, Resource("guard"), context())
    assert loaded.process([classified(tokenizer, "asdfgh")])[0].get("intent")["name"] is None
    assert loaded.process([classified(tokenizer, "Physio")])[0].get("intent")["name"] is None
    assert loaded.process([classified(tokenizer, "Physiotherapie")])[0].get("intent")["name"]


@pytest.mark.parametrize(
    "a, b, expected",
    [
        ("laehmung", "laehmung", True),
        ("laemung", "laehmung", True),  # a letter missing
        ("laehhmung", "laehmung", True),  # a letter too many
        ("laehmunf", "laehmung", True),  # a letter wrong
        ("leahmung", "laehmung", True),  # two letters swapped
        ("lemung", "laehmung", False),
        ("abcd", "badc", False),
    ],
)
def test_within_one_edit(a, b, expected):
    assert within_one_edit(a, b) is expected
