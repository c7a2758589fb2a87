"""Messages in other languages: their language, their warning signs, a reply in their language.

tests/data/red_flag_languages_2/, _3/ and _5/ hold one file per language, each by its
own author who never saw the training data, the term list or the code (README there).
Each set was measured once (README.md, "Warnzeichen in anderen Sprachen"); since then
they guard against getting worse (goals: components/red_flag_evaluation.py). Every
message goes over REST into a new conversation; a safety question is answered
"Ja" (the button's payload), which must then escalate in the same language.
"""

from pathlib import Path
from typing import List, Tuple

import pytest

from components.languages import GERMAN, SUPPORTED
from components.red_flag_evaluation import GERMAN_GOALS, LANGUAGE_GOALS, Evaluation
from components.red_flag_model import read_corpus_file
from components.red_flag_triage import ALARM, CHECK
from components.red_flags import EMERGENCY
from tests.red_flag_answers import answer_of, language_versions, says_112

DATA = Path(__file__).resolve().parent / "data"
# The second, third and fifth sets (the first and fourth are training data now).
TEST_SETS = [DATA / f"red_flag_languages_{number}" for number in (2, 3, 5)]
# Replies not in the message's language (Russian in Latin letters, mostly): measured
# up to 6 of 100; the target is none.
MAX_WRONG_LANGUAGE = 0.08


def run_language_set(servers, folder: Path, language: str) -> Tuple[Evaluation, List[str]]:
    """The evaluation, and the messages whose reply was not in their language."""
    evaluation = Evaluation()
    wrong_language = []
    for number, message in enumerate(read_corpus_file(folder / f"{language}.yml")):
        sender = f"language-{folder.name}-{language}-{number}"
        replies = servers.say(sender, message.text)
        answer = answer_of(replies[0]["text"]) if replies else None
        decision, tier = (answer.decision, answer.tier) if answer else (None, None)
        if decision in (ALARM, CHECK) and answer.language != language:
            wrong_language.append(f"{answer.language}: {message.text}")
        if decision == CHECK and message.is_sign:
            after_yes = servers.say(sender, "/affirm")
            assert after_yes and answer_of(after_yes[0]["text"]).decision == ALARM, message.text
            if answer_of(after_yes[0]["text"]).language != language:
                wrong_language.append(f"after 'Ja': {message.text}")
        if message.is_sign and decision in (ALARM, CHECK) and message.tier == EMERGENCY:
            assert says_112(replies[0]["text"]), f"no 112 first: {message.text!r}"
        evaluation.add_message(message, decision, tier)
        if not message.is_sign and language != GERMAN and decision not in (ALARM, CHECK):
            texts = [reply.get("text", "") for reply in replies]
            if not texts or texts[0] not in only_german_texts(language):
                wrong_language.append(f"not answered in its language: {message.text}")
    return evaluation, wrong_language


def only_german_texts(language: str) -> set:
    version = language_versions("utter_only_german")[language][None]
    return {version["text"]}


@pytest.mark.parametrize("folder", TEST_SETS, ids=lambda folder: folder.name)
@pytest.mark.parametrize("language", SUPPORTED)
def test_warning_signs_in_each_language_meet_the_goals(rasa_servers, folder, language):
    evaluation, wrong_language = run_language_set(rasa_servers, folder, language)
    print(f"\n{folder.name}/{language}:\n" + evaluation.table())
    print(f"{len(wrong_language)} replies not in the message's language:")
    print("\n".join(wrong_language))
    misses = [f"{g}: {t}" for g, c in evaluation.signs.items() for t in c.misses]
    alarms = [f"{k}: {t}" for k, c in evaluation.harmless.items() for t in c.false_alarms]
    alarms += [f"faq: {t}" for t in evaluation.faq.false_alarms]
    print("\n".join(["missed:"] + misses + ["harmless with alarm/question:"] + alarms))
    goals = GERMAN_GOALS if language == GERMAN else LANGUAGE_GOALS
    assert not evaluation.failures(goals), evaluation.failures(goals)
    messages = evaluation.all_signs.total + evaluation.everything_harmless.total
    assert len(wrong_language) <= MAX_WRONG_LANGUAGE * messages, wrong_language


def test_another_language_gets_its_reply_and_the_contact_then_german_goes_on(rasa_servers):
    sender = "language-flow"
    replies = rasa_servers.say(sender, "Hello, do you have appointments next week?")
    assert replies[0]["text"] in only_german_texts("en")
    assert len(replies) == 2  # the practice's contact details follow
    replies = rasa_servers.say(sender, "Wann haben Sie geöffnet?")
    assert replies and replies[0]["text"] not in only_german_texts("en")
    assert answer_of(replies[0]["text"]).decision not in (ALARM, CHECK)


def test_a_warning_sign_in_another_language_needs_no_action_server(rasa_servers):
    rasa_servers.stop_actions()
    try:
        replies = rasa_servers.say(
            "language-down", "Kocam bugünden beri hiç idrar yapamıyor, beli de çok ağrıyor"
        )
    finally:
        rasa_servers.start_actions()
    answer = answer_of(replies[0]["text"])
    assert answer.decision in (ALARM, CHECK) and answer.language == "tr"
    assert says_112(replies[0]["text"])
