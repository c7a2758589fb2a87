"""Names, phone numbers, e-mail addresses, dates and street addresses in what
patients type (staff/personal_data.py): masked for `make review`, found for the
warnings of `make check`; ordinary questions stay as they are."""

import pytest

from staff.personal_data import find, mask

MASKED = [
    ("Hallo, ich heiße Peter Müller und habe Rückenschmerzen",
     "Hallo, ich heiße [NAME] und habe Rückenschmerzen"),
    ("mein name ist anna schmidt, geb. 12.03.1956", "mein name ist [NAME], geb. [DATUM]"),
    ("Rufen Sie mich an: +49 40 123 45 67", "Rufen Sie mich an: [TELEFON]"),
    ("meine nummer 0171/2345678 danke", "meine nummer [TELEFON] danke"),
    ("Tel. (040) 555 1234", "Tel. [TELEFON]"),
    ("0049-40-1234567 bitte", "[TELEFON] bitte"),
    ("mail an peter.mueller@web.de bitte", "mail an [E-MAIL] bitte"),
    ("Ich wohne Hauptstraße 12a in Eimsbüttel", "Ich wohne [ADRESSE] in Eimsbüttel"),
    ("Adresse: Eppendorfer Weg 7, 20259 Hamburg", "Adresse: [ADRESSE], [ADRESSE]"),
    ("Meine Tochter Lisa hat Schmerzen im Rücken", "Meine Tochter [NAME] hat Schmerzen im Rücken"),
    ("mein mann klaus hat seit gestern fieber", "mein mann [NAME] hat seit gestern fieber"),
    ("Danke und LG Klaus", "Danke und LG [NAME]"),
    ("Mit freundlichen Grüßen\nErika Mustermann", "Mit freundlichen Grüßen\n[NAME]"),
    ("Termin für Frau Yilmaz am Montag?", "Termin für Frau [NAME] am Montag?"),
    ("geboren am 3. März 1948, seit Jahren Rücken", "geboren am [DATUM], seit Jahren Rücken"),
]  # fmt: skip

UNCHANGED = [
    "Wann ist die Praxis geöffnet?",
    "Ich habe seit 3 Wochen Rückenschmerzen und die Physio hilft nicht",
    "Bandscheibenvorfall L5/S1 seit 2019, brauche ich eine OP?",
    "Mein Mann hat seit gestern Fieber",
    "Termin am Montag um 10 Uhr möglich?",
    "Frau Doktor, was kostet eine Spritze?",
    "kann seit heute morgen kein wasser mehr lassen",
    "Schmerzen 8 von 10, seit 14 Tagen",
]


@pytest.mark.parametrize("text,masked", MASKED)
def test_personal_data_is_masked(text, masked):
    assert mask(text) == masked


@pytest.mark.parametrize("text", UNCHANGED)
def test_ordinary_messages_stay_as_they_are(text):
    assert mask(text) == text
    assert find(text) == []


def test_find_names_phone_numbers_e_mail_addresses_and_dates_of_birth():
    assert find("Rückruf bitte unter 0171 2345678") == ["eine Telefonnummer"]
    assert find("bin erreichbar unter anna@example.org") == ["eine E-Mail-Adresse"]
    assert find("geb. 12.03.1956, Schmerzen seit Jahren") == ["ein Geburtsdatum"]
    assert find("Meine Mutter, 02.11.1941, hat Schmerzen") == ["ein Geburtsdatum"]
    # Appointments and public numbers are not a patient's data.
    assert find("Haben Sie am 24.12.2026 offen?") == []
    assert find("Im Notfall 112, außerhalb der Sprechzeiten 116117") == []
    assert find("Telefonseelsorge 0800 111 0 111") == []
