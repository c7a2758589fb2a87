"""The headline number: warning signs on the blind test set, through the running assistant.

tests/data/red_flag_test_set_*.yml were written by authors who never saw the
term list, the training corpus, the development set or the code (README,
"Warnzeichen: wie gemessen"). Nothing was tuned on their sentences; sets a and b
were looked at during issue 7 and count as development sets since, set c is fresh. Every message is sent
over REST in a new conversation; a safety question is answered "Ja", which must
then escalate. Goals (issue 7): at least 95 % of warning signs caught, the
emergency tier's first answer names 112 (and for at least 95 % says
"112 now"), at most 10 % of hard harmless
messages escalate and 25 % get the safety question, at most 2 % of FAQ questions
get either.
"""

from pathlib import Path

import pytest

from components.red_flag_evaluation import Evaluation
from components.red_flag_model import read_corpus_file
from components.red_flag_triage import ALARM, CHECK
from components.red_flags import EMERGENCY
from tests.red_flag_answers import classify, is_escalation, says_112

DATA = Path(__file__).resolve().parent / "data"
TEST_SETS = sorted(DATA.glob("red_flag_test_set_*.yml"))


def run_test_set(servers, prefix) -> Evaluation:
    evaluation = Evaluation()
    number = 0
    for path in TEST_SETS:
        for message in read_corpus_file(path):
            number += 1
            sender = f"{prefix}-{number}"
            answer = servers.say(sender, message.text)
            decision, tier = classify(answer[0]["text"]) if answer else (None, None)
            if decision == CHECK and message.is_sign:
                # The patient answers the safety question; "Ja" must escalate.
                after_yes = servers.say(sender, "Ja")
                assert is_escalation(after_yes), f"'Ja' did not escalate: {message.text!r}"
            if message.is_sign and decision in (ALARM, CHECK) and message.tier == EMERGENCY:
                assert says_112(answer[0]["text"]), f"no 112 first: {message.text!r}"
            evaluation.add_message(message, decision, tier)
    return evaluation


def test_the_blind_test_set_meets_the_goals(rasa_servers):
    assert TEST_SETS, "no test set in tests/data"
    evaluation = run_test_set(rasa_servers, "testset")
    print("\n" + evaluation.table())
    misses = [f"{g}: {t}" for g, c in evaluation.signs.items() for t in c.misses]
    alarms = [f"{k}: {t}" for k, c in evaluation.harmless.items() for t in c.false_alarms]
    print("\n".join(["missed:"] + misses + ["harmless with alarm/question:"] + alarms))
    assert not evaluation.failures(), evaluation.failures()


@pytest.fixture
def action_server_down(rasa_servers):
    rasa_servers.stop_actions()
    yield rasa_servers
    rasa_servers.start_actions()


def test_escalation_and_its_urgency_need_no_action_server(action_server_down):
    """The same decisions with the action server stopped: the first answer is static."""
    evaluation = run_test_set(action_server_down, "down")
    assert not evaluation.failures(), evaluation.failures()
