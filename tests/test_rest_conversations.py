"""Conversations over the REST channel, as a patient has them (clock: Monday 09:00)."""

from tests.rasa_servers import bot_text


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
