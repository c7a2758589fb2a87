"""Messages in other languages: their language, their warning signs, a reply in their language.

tests/data/red_flag_languages/<code>.yml were written by one author per language
who never saw the training data, the term list or the code (README there). The
German file is a fresh German set for the groups added with them. They were
measured once (README.md, "Warnzeichen in anderen Sprachen"); since then they
guard against getting worse (goals: components/red_flag_evaluation.py). Every
message goes over REST into a new conversation; a safety question is answered
"Ja" (the button's payload), which must then escalate in the same language.
"""

from pathlib import Path

import pytest
import yaml

from components.languages import GERMAN, SUPPORTED, identify_language
from components.red_flag_evaluation import GERMAN_GOALS, LANGUAGE_GOALS, Evaluation
from components.red_flag_model import read_corpus_file
from components.red_flag_triage import ALARM, CHECK
from components.red_flags import EMERGENCY
from tests.red_flag_answers import answer_of, says_112, variant_conditions

TEST_SETS = Path(__file__).resolve().parent / "data" / "red_flag_languages"
DOMAIN = Path(__file__).resolve().parent.parent / "domain.yml"


@pytest.mark.parametrize(
    "text",
    ["ok", "Ja", "Rücken?", "Termin", "danke schön", "Moin", "hi", "Hallo"],
)
def test_a_message_too_short_to_tell_has_no_language(text):
    assert identify_language(text) is None


@pytest.mark.parametrize(
    "text, language",
    [
        ("Mein Rücken tut seit Wochen weh und die Physio hilft nicht", GERMAN),
        ("moin, mien rüch is seid montag übel, wat kann ich tun", GERMAN),
        ("Im Befund steht Protrusion L4/L5 mit Kontakt zur Wurzel L5, was heißt das?", GERMAN),
        ("hi, can you help me with my back pain?", "en"),
        ("Merhaba, randevu almak istiyorum, Krankenkasse AOK", "tr"),
        ("Dzień dobry, czy mogę umówić wizytę w przyszłym tygodniu?", "pl"),
        ("Здравствуйте, болит спина уже месяц", "ru"),
        ("Доброго дня, у мене болить спина вже місяць", "uk"),
        ("مرحبا، عندي ألم في الظهر", "ar"),
        ("نعم", "ar"),
        ("salam, 3andi wja3 f dahri mn 3 simanat", "ar"),
        ("Принимаете и private, и gesetzliche Versicherung?", "ru"),
    ],
)
def test_the_language_of_a_message(text, language):
    assert identify_language(text) == language


def language_versions(response: str) -> dict:
    """language -> tier -> variant of a response in domain.yml."""
    responses = yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))["responses"]
    versions = {}
    for variant in responses[response]:
        conditions = variant_conditions(variant)
        language = conditions.get("language", GERMAN)
        versions.setdefault(language, {})[conditions.get("red_flag_tier")] = variant
    return versions


@pytest.mark.parametrize(
    "response", ["utter_red_flag", "utter_red_flag_check", "utter_only_german"]
)
def test_every_language_has_its_version_with_112_first(response):
    versions = language_versions(response)
    assert set(versions) == set(SUPPORTED)
    for language, by_tier in versions.items():
        for variant in by_tier.values():
            assert says_112(variant["text"]), (response, language)


def run_language_set(servers, language: str) -> Evaluation:
    evaluation = Evaluation()
    wrong_language = []
    for number, message in enumerate(read_corpus_file(TEST_SETS / f"{language}.yml")):
        sender = f"language-{language}-{number}"
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
        if message.is_sign:
            evaluation.add_sign(
                message.text, message.group, message.tier, decision, tier, EMERGENCY
            )
        else:
            evaluation.add_harmless(message.text, message.kind or "faq", decision)
            if language != GERMAN and decision not in (ALARM, CHECK):
                texts = [reply.get("text", "") for reply in replies]
                if not texts or texts[0] not in only_german_texts(language):
                    wrong_language.append(f"not answered in its language: {message.text}")
    print(f"\n{language}: {len(wrong_language)} replies not in the message's language")
    print("\n".join(wrong_language))
    assert len(wrong_language) <= 0.05 * (
        evaluation.all_signs.total + evaluation.everything_harmless.total
    ), wrong_language
    return evaluation


def only_german_texts(language: str) -> set:
    version = language_versions("utter_only_german")[language][None]
    return {version["text"]}


@pytest.mark.parametrize("language", SUPPORTED)
def test_warning_signs_in_each_language_meet_the_goals(rasa_servers, language):
    evaluation = run_language_set(rasa_servers, language)
    print(f"\n{language}:\n" + evaluation.table())
    misses = [f"{g}: {t}" for g, c in evaluation.signs.items() for t in c.misses]
    alarms = [f"{k}: {t}" for k, c in evaluation.harmless.items() for t in c.false_alarms]
    alarms += [f"faq: {t}" for t in evaluation.faq.false_alarms]
    print("\n".join(["missed:"] + misses + ["harmless with alarm/question:"] + alarms))
    goals = GERMAN_GOALS if language == GERMAN else LANGUAGE_GOALS
    assert not evaluation.failures(goals), evaluation.failures(goals)


@pytest.mark.parametrize("response", ["utter_red_flag", "utter_red_flag_check"])
def test_exactly_one_version_fits_each_language_and_urgency(response):
    """Rasa picks at random among the variants whose conditions hold."""
    variants = yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))["responses"][response]
    for language in SUPPORTED:
        for tier in ("notfall", "dringend"):
            slots = {"language": language, "red_flag_tier": tier}
            fitting = [
                v
                for v in variants
                if v.get("condition")
                and all(slots.get(c["name"]) == c["value"] for c in v["condition"])
            ]
            if not fitting:
                fitting = [v for v in variants if not v.get("condition")]
            assert len(fitting) == 1, (language, tier)
            assert (language == GERMAN) == (
                not variant_conditions(fitting[0]).get("language")
                or variant_conditions(fitting[0])["language"] == GERMAN
            )


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
