"""The safety test `make publish` runs on every new model (publishing/safety_test.py),
here on the trained model of the tests: it passes, and it fails where it should."""

import yaml

from publishing.safety_test import MESSAGES_FILE, run_safety_test
from tests.rasa_servers import MODEL


def test_the_trained_model_passes_the_safety_test():
    assert run_safety_test(MODEL) == []


def test_the_safety_test_fails_a_model_that_misses_a_sign_or_a_question(tmp_path):
    messages = yaml.safe_load(MESSAGES_FILE.read_text(encoding="utf-8"))
    sign = messages["warnzeichen"][0]["text"]
    wrong = tmp_path / "falsch.yml"
    wrong.write_text(
        yaml.safe_dump(
            {
                # A harmless question expected as a warning sign, and a warning sign
                # expected to get the answer to "Danke".
                "warnzeichen": [{"text": "Danke!", "gruppe": "tumour", "stufe": "dringend"}],
                "fragen": [{"text": sign, "antwort": "utter_thank"}],
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    failures = run_safety_test(MODEL, wrong)
    assert [failure.message for failure in failures] == ["Danke!", sign]
    assert failures[0].expected == "Warnzeichen-Antwort"
    assert "utter_red_flag" in failures[1].got
