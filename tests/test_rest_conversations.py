"""Conversations over the REST channel, as a patient has them (clock: Monday 09:00)."""

import pytest

from tests.rasa_servers import bot_text, predicted_label


def test_physio_question_gets_disclaimer_answer_and_buttons(rasa_servers):
    messages = rasa_servers.say("c1", "Warum hilft Physiotherapie nicht?")
    text = bot_text(messages)
    assert "ersetze keine ärztliche Beratung" in text
    assert "Gründe" in text
    assert any(m.get("buttons") for m in messages)


def test_disclaimer_is_given_once_per_conversation(rasa_servers):
    rasa_servers.say("c2", "Hallo")
    text = bot_text(rasa_servers.say("c2", "Brauche ich ein MRT?"))
    assert "ersetze keine ärztliche Beratung" not in text


def test_greeting_says_it_is_a_digital_assistant(rasa_servers):
    text = bot_text(rasa_servers.say("c3", "Guten Tag"))
    assert "digitale Assistent" in text and "kein Mensch" in text


def test_no_individual_diagnosis(rasa_servers):
    text = bot_text(rasa_servers.say("c4", "Habe ich einen Bandscheibenvorfall?"))
    assert "nicht beurteilen" in text


def test_tuesday_is_closed(rasa_servers):
    text = bot_text(rasa_servers.say("c5", "Haben Sie am Dienstag auf?"))
    assert "Dienstags ist die Praxis geschlossen" in text


def test_open_now_on_monday_morning(rasa_servers):
    text = bot_text(rasa_servers.say("c6", "Ist die Praxis jetzt offen?"))
    assert "geöffnet" in text and "10:00" in text


def test_friday_afternoon_only_by_appointment(rasa_servers):
    text = bot_text(rasa_servers.say("c7", "Kann ich Freitag Nachmittag vorbeikommen?"))
    assert "nach Vereinbarung" in text


def test_christmas_is_a_holiday(rasa_servers):
    text = bot_text(rasa_servers.say("c8", "Haben Sie am 25.12. geöffnet?"))
    assert "geschlossen" in text and "Weihnachtstag" in text


def test_address(rasa_servers):
    text = bot_text(rasa_servers.say("c9", "Wo ist die Praxis?"))
    assert "Rothenbaumchaussee 3" in text and "20148 Hamburg" in text


def test_appointment_without_invented_phone_number(rasa_servers):
    text = bot_text(rasa_servers.say("c10", "Ich möchte einen Termin"))
    assert "Webseite" in text
    assert "040" not in text


def test_unclear_message_offers_topics(rasa_servers):
    messages = rasa_servers.say("c11", "blubb fasel xyz")
    assert "nicht sicher verstanden" in bot_text(messages)
    assert len(messages[-1].get("buttons", [])) >= 3


# Questions every practice chatbot gets (issue 8): the label, and a fact the
# answer must not invent (the test practice file has no phone number).
@pytest.mark.parametrize(
    "message, label",
    [
        ("Brauche ich eine Überweisung?", "ask_referral"),
        ("Was kostet eine Behandlung?", "ask_costs_insurance"),
        ("Nehmen Sie Kassenpatienten?", "ask_costs_insurance"),
        ("Haben Sie Parkplätze?", "ask_directions"),
        ("Ich habe große Angst vor der OP", "worry"),
        ("Das ist falsch", "correct_bot"),
        ("Muss ich mich operieren lassen?", "faq/when_surgery"),
    ],
)
def test_everyday_practice_questions_are_understood(rasa_servers, message, label):
    assert predicted_label(rasa_servers.parse(message)) == label


def test_costs_and_referral_answers_invent_nothing(rasa_servers):
    text = bot_text(rasa_servers.say("c12", "Was kostet eine Behandlung?"))
    assert "Praxisteam" in text and "€" not in text and "Euro" not in text
    text = bot_text(rasa_servers.say("c13", "Brauche ich eine Überweisung?"))
    assert "Befunde" in text and "Praxisteam" in text


def test_directions_name_the_address_and_who_knows_the_rest(rasa_servers):
    text = bot_text(rasa_servers.say("c14", "Haben Sie Parkplätze?"))
    assert "Rothenbaumchaussee 3" in text and "parken" in text


def test_despair_names_the_telefonseelsorge(rasa_servers):
    text = bot_text(rasa_servers.say("c15", "Ich bin verzweifelt, nichts hilft mehr"))
    assert "0800 111 0 111" in text


def test_correction_apologises_and_offers_topics(rasa_servers):
    messages = rasa_servers.say("c16", "Das beantwortet meine Frage nicht")
    assert "Entschuldigung" in messages[-1]["text"] and messages[-1].get("buttons")


def test_a_question_about_bladder_trouble_and_surgery_shows_112(rasa_servers):
    text = bot_text(rasa_servers.say("c17", "Muss man bei Blasenstörungen sofort operieren?"))
    assert "112" in text
