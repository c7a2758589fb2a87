"""Intent accuracy on German questions the model never saw in training.

- tests/data/nlu_test_set.yml: the blind test set, written for issue 8 by an
  author who saw only the list of labels and the practice's article, never the
  training data. Nothing is tuned on it. Issue 8's goal is 97 %; measured
  93.4 % (README), so this test guards against regressions at 92 % and the goal
  stays open. Short canonical
  phrases the author wrote exactly as a training example ("Hallo", "Ja",
  "Was ist eine Rückenschule?") are left out of the count, so that it measures
  unseen wording only.
- tests/data/nlu_heldout.yml: the older held-out set. Earlier rounds tuned on
  its confusions, so it is now the development set (at least 90 %); none of its
  examples may be in the training data.

The tests ask the running server (`POST /model/parse`) exactly as the evaluation does.
"""

from collections import Counter
from pathlib import Path

import pytest

from tests.nlu_heldout_data import HELD_OUT, TEST_SET, labelled_examples
from tests.rasa_servers import predicted_label

TRAINING = Path(__file__).resolve().parent.parent / "data" / "nlu.yml"
MIN_ACCURACY = {TEST_SET: 0.92, HELD_OUT: 0.90}


def trained_texts():
    text = TRAINING.read_text(encoding="utf-8").lower()
    return {line.strip()[2:] for line in text.splitlines() if line.strip().startswith("- ")}


def unseen_examples(path):
    trained = trained_texts()
    return [(text, label) for text, label in labelled_examples(path) if text.lower() not in trained]


def test_the_development_set_is_not_in_the_training_data():
    assert unseen_examples(HELD_OUT) == labelled_examples(HELD_OUT)


@pytest.mark.parametrize("path", [TEST_SET, HELD_OUT], ids=lambda p: p.name)
def test_accuracy(rasa_servers, path):
    errors = Counter()
    examples = unseen_examples(path)
    for text, label in examples:
        predicted = predicted_label(rasa_servers.parse(text))
        if predicted != label:
            errors[(label, predicted)] += 1
            print(f"{label} -> {predicted}: {text}")
    accuracy = 1 - sum(errors.values()) / len(examples)
    print(
        f"{path.name}: accuracy {accuracy:.3f} on {len(examples)} examples "
        f"({len(labelled_examples(path)) - len(examples)} also in the training data, left out)"
    )
    assert accuracy >= MIN_ACCURACY[path]
