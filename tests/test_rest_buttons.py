"""Every button the assistant offers leads to the answer it promises."""

from pathlib import Path

import yaml

from tests.rasa_servers import predicted_label

DOMAIN = Path(__file__).resolve().parent.parent / "domain.yml"

# Button text -> the label it must be understood as.
BUTTON_LABELS = {
    "Warum hilft Physiotherapie nicht?": "faq/physio_not_helping",
    "Brauche ich ein MRT oder CT?": "faq/diagnosis_imaging",
    "Wann und wo entstehen Bandscheibenvorfälle?": "faq/herniated_disc",
    "Ich habe erst seit Kurzem Rückenschmerzen. Was tun?": "faq/acute_pain",
    "Hilft Physiotherapie bei Skoliose oder Spinalkanalstenose?": "faq/structural_causes",
    "Was tun bei eingeklemmten Nerven?": "faq/nerve_compression",
    "Hilft Physiotherapie bei Verschleiß und Arthrose?": "faq/wear_arthrosis",
    "Warum werden die Schmerzen durch die Übungen schlimmer?": "faq/exercise_pain",
    "Wie wichtig sind Übungen zu Hause?": "faq/home_exercise",
    "Wie wirkt Physiotherapie?": "faq/how_physio_helps",
    "Wann ist Physiotherapie sinnvoll?": "faq/when_physio_useful",
    "Wann sollte ich vor der Physiotherapie zum Arzt?": "faq/when_physio_not_advised",
    "Welche Alternativen gibt es zur Physiotherapie?": "faq/alternatives",
    "Was ist eine Injektionstherapie?": "faq/injection_therapy",
    "Was ist eine multimodale Schmerztherapie?": "faq/pain_therapy",
    "Helfen Orthesen oder Bandagen?": "faq/orthosis",
    "Kann die Psyche Rückenschmerzen beeinflussen?": "faq/psychological_support",
    "Was ist eine Rückenschule?": "faq/back_school",
    "Welche Bewegung hilft bei Rückenschmerzen?": "faq/stay_active",
    "Wann ist eine Operation nötig?": "faq/when_surgery",
    "Was passiert bei einer Operation?": "faq/surgery_procedure",
    "Wie geht es nach einer Operation weiter?": "faq/after_surgery",
    "Was bietet die Praxis bei anhaltenden Beschwerden an?": "faq/consultation",
    "Wie häufig sind Rückenschmerzen?": "faq/back_pain_prevalence",
    "Wann ist die Praxis geöffnet?": "ask_opening_hours",
    "Wo ist die Praxis?": "ask_address",
    "Wie erreiche ich die Praxis?": "ask_contact",
    "Wie bekomme ich einen Termin?": "book_appointment",
}


def domain_button_payloads():
    responses = yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))["responses"]
    return {
        button["payload"]
        for variations in responses.values()
        for variation in variations
        for button in variation.get("buttons", [])
    }


def test_intent_buttons_name_a_domain_intent():
    """ "/intent" buttons (Ja/Nein of the safety question) bypass the NLU."""
    intents = yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))["intents"]
    payloads = domain_button_payloads()
    assert {p for p in payloads if p.startswith("/")} <= {f"/{i}" for i in intents}


def test_every_button_is_understood(rasa_servers):
    """Buttons listed above lead to their topic; any other button text (staff may add
    buttons) is at least understood with confidence, as `make check` demands."""
    wrong = {}
    texts = {p for p in domain_button_payloads() if not p.startswith("/")}
    # BUTTON_LABELS also holds the buttons the actions send (opening hours ...).
    for question in sorted(texts | set(BUTTON_LABELS)):
        parse = rasa_servers.parse(question)
        label = predicted_label(parse)
        expected = BUTTON_LABELS.get(question)
        unsure = label == "nlu_fallback" or parse["intent"]["confidence"] < 0.5
        if (expected and label != expected) or unsure:
            wrong[question] = label
    assert not wrong
