"""Accuracy on the held-out German questions in tests/data/nlu_heldout.yml.

These examples are never used for training. The test asks the running server
(`POST /model/parse`) exactly as the evaluation does.
"""

from collections import Counter
from pathlib import Path

from tests.nlu_heldout_data import held_out_examples
from tests.rasa_servers import predicted_label

MIN_ACCURACY = 0.90


def test_held_out_examples_are_not_in_the_training_data():
    training = Path(__file__).resolve().parent.parent / "data" / "nlu.yml"
    trained = training.read_text(encoding="utf-8").lower()
    overlap = [text for text, _ in held_out_examples() if f"- {text.lower()}\n" in trained]
    assert not overlap


def test_held_out_accuracy(rasa_servers):
    errors = Counter()
    examples = held_out_examples()
    for text, label in examples:
        predicted = predicted_label(rasa_servers.parse(text))
        if predicted != label:
            errors[(label, predicted)] += 1
            print(f"{label} -> {predicted}: {text}")
    accuracy = 1 - sum(errors.values()) / len(examples)
    print(f"held-out accuracy: {accuracy:.3f} on {len(examples)} examples")
    assert accuracy >= MIN_ACCURACY
