"""Messages in other languages: their language, and a version of each warning-sign
answer per language (the measurement over REST: tests/test_rest_languages.py)."""

from pathlib import Path

import pytest
import yaml

from components.languages import GERMAN, SUPPORTED, identify_language
from tests.red_flag_answers import language_versions, says_112, variant_conditions

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
        # Russian and Ukrainian in Latin letters, spelt back into Cyrillic
        ("zdravstvuyte, u menya uzhe nedelyu bolit poyasnica", "ru"),
        ("dobryi den, chy mozhna zapysatysya na pryiom u chetver", "uk"),
        # German words borrowed into another language do not make it German
        ("do i need an Überweisung from my Hausarzt?", "en"),
        ("Krankenkasse'm AOK, Termin alabilir miyim acaba?", "tr"),
        ("Brauche ich eine Überweisung vom Hausarzt?", GERMAN),
        # ... nor do German nouns nobody listed, or a doctor's name
        ("my Schwiegermutter asked whether the Zuzahlung is the same for everyone", "en"),
        ("can you tell me if Dr. Klase treats Skoliose in adults?", "en"),
        ("Ich habe eine Frage zur Rechnung von Dr. Klase", GERMAN),
        ("Was kostet eine Zweitmeinung bei Ihnen?", GERMAN),
        # German that reads as Russian word by word ("вер", "мачт" are in the dictionary)
        ("wer is dr klase", GERMAN),
        ("was macht dr klase heute", GERMAN),
        ("kann ich morgen kommen", GERMAN),
    ],
)
def test_the_language_of_a_message(text, language):
    assert identify_language(text) == language


@pytest.mark.parametrize(
    "response", ["utter_red_flag", "utter_red_flag_check", "utter_only_german"]
)
def test_every_language_has_its_version_with_112_first(response):
    versions = language_versions(response)
    assert set(versions) == set(SUPPORTED)
    for language, by_tier in versions.items():
        for variant in by_tier.values():
            assert says_112(variant["text"]), (response, language)


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
