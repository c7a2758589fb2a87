"""Intent accuracy on German questions the model never saw in training.

Blind test sets, written by authors who saw only the list of labels and the
practice's article, never the training data; nothing is tuned on them and their
errors are not read. Issue 8's goal is 97 %; the README has what each set
measured, and these tests guard against regressions:
- tests/data/nlu_test_set_4.yml: the newest (two authors), measured once on the final model;
- tests/data/nlu_test_set_1.yml: the first, measured after each round.
Development sets (tuned on):
- tests/data/nlu_heldout.yml: the oldest held-out set (none of it in the training data);
- tests/data/nlu_dev_set_2.yml: written as a test set, measured once (90.8 %), then
  its errors guided the fourth round of training data;
- tests/data/nlu_dev_set_3.yml: written as a test set, measured once (94.1 %), then
  its errors guided the fifth round and the model settings.
Messages an author wrote exactly as a training example ("Hallo", "Ja") are left
out of the count, so that it measures unseen wording only.

The tests ask the running server (`POST /model/parse`) exactly as the evaluation does.
"""

from collections import Counter
from pathlib import Path

import pytest

from tests.nlu_heldout_data import (
    DEV_SET_2,
    DEV_SET_3,
    HELD_OUT,
    TEST_SET_1,
    TEST_SET_4,
    labelled_examples,
)
from tests.rasa_servers import predicted_label

TRAINING = Path(__file__).resolve().parent.parent / "data" / "nlu.yml"
BLIND_SETS = (TEST_SET_4, TEST_SET_1)
# A few points below what each set measured (README), so that a worse model fails.
MIN_ACCURACY = {
    TEST_SET_4: 0.95,
    TEST_SET_1: 0.95,
    DEV_SET_3: 0.95,
    DEV_SET_2: 0.94,
    HELD_OUT: 0.95,
}


def trained_texts():
    text = TRAINING.read_text(encoding="utf-8").lower()
    return {line.strip()[2:] for line in text.splitlines() if line.strip().startswith("- ")}


def unseen_examples(path):
    trained = trained_texts()
    return [(text, label) for text, label in labelled_examples(path) if text.lower() not in trained]


def test_the_oldest_development_set_is_not_in_the_training_data():
    assert unseen_examples(HELD_OUT) == labelled_examples(HELD_OUT)


@pytest.mark.parametrize("path", list(MIN_ACCURACY), ids=lambda p: p.name)
def test_accuracy(rasa_servers, path):
    errors = Counter()
    examples = unseen_examples(path)
    for text, label in examples:
        predicted = predicted_label(rasa_servers.parse(text))
        if predicted != label:
            errors[(label, predicted)] += 1
            # A blind set's errors are not shown: whoever reads them would tune on them.
            if path not in BLIND_SETS:
                print(f"{label} -> {predicted}: {text}")
    accuracy = 1 - sum(errors.values()) / len(examples)
    print(
        f"{path.name}: accuracy {accuracy:.3f} on {len(examples)} examples "
        f"({len(labelled_examples(path)) - len(examples)} also in the training data, left out)"
    )
    assert accuracy >= MIN_ACCURACY[path]
