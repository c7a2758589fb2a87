"""Personal data in what patients type: names, phone numbers, e-mail addresses,
dates (of birth), street addresses. German patterns, tested in
tests/test_personal_data.py.

`mask` replaces each with a placeholder, for `make review`, which shows staff what
patients asked (and a block to paste into data/nlu.yml, which goes into git and
every model). `find` names what looks like a phone number, an e-mail address or a
date of birth, for the warnings of `make check`.

Names are found by what stands around them ("ich heiße ...", "Frau ...", "Gruß,
...", "mein Sohn ..."), not by a list of names, which would miss most; a name
without such a cue stays. That is why review output is for staff only, and why
docs/praxisteam.md asks to shorten and change a real message before it becomes an
example.
"""

import re
from typing import List, Tuple

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# +49 40 1234567, 0049-40-..., 040 123 456 7, 0171/1234567, (040) 123456
PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)\d{1,3}[\s/-]?(?:\(0\)\s?)?|\(?0\d{1,5}\)?)" r"(?:[\s/-]?\d){5,}(?!\w)"
)
MONTHS = (
    "januar|jan|februar|feb|märz|maerz|mär|april|apr|mai|juni|jun|juli|jul|august|aug|"
    "september|sept|sep|oktober|okt|november|nov|dezember|dez"
)
# 12.03.1956, 12.3.56, 1956-03-12, 12. März 1956
DATE = re.compile(
    rf"(?<!\d)(?:\d{{1,2}}\.\s?\d{{1,2}}\.\s?(?:\d{{4}}|\d{{2}})(?!\d)"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|\d{{1,2}}\.\s?(?:{MONTHS})\.?\s+\d{{4}})",
    re.IGNORECASE,
)
BIRTH_CUE = re.compile(r"\b(?:geb\.|geboren|geburtsdatum|jahrgang)\s*(?:am|im|:)?\s*", re.I)
# A birth year: a date with a year before 2016 (appointments are later).
BIRTH_YEAR = re.compile(r"(?:19\d\d|200\d|201[0-5])$")
# Numbers anyone may name: emergency, on-call service, Telefonseelsorge.
PUBLIC_NUMBERS = {"112", "110", "116117", "08001110111", "08001110222"}
STREET_SUFFIX = (
    r"straße|strasse|str\.|weg|allee|platz|gasse|ring|damm|chaussee|ufer|stieg|twiete|"
    r"kamp|redder|markt|berg|hof|brücke|deich|wall|grund|höhe|pfad|steig"
)
STREET = re.compile(
    rf"\b[A-ZÄÖÜa-zäöüß][\wäöüß-]*(?:{STREET_SUFFIX})\s*\d{{1,4}}\s?[a-zA-Z]?\b"
    rf"|\b[A-ZÄÖÜ][\wäöüß-]+\s+(?:{STREET_SUFFIX})\s*\d{{1,4}}\s?[a-zA-Z]?\b"
    rf"|\b(?:Am|An der|An dem|Auf dem|Im|In der|Zum|Zur)\s+[A-ZÄÖÜ][\wäöüß-]+\s+\d{{1,4}}\s?[a-z]?\b",
    re.IGNORECASE,
)
POSTCODE_CITY = re.compile(r"\b\d{5}\s+[A-ZÄÖÜ][\wäöüß-]+")
# What precedes a name; the name is the next one to three words.
NAME_CUE = re.compile(
    r"\b(?:ich\s+hei(?:ß|ss)e|mein\s+name\s+ist|mein\s+name:|name:|hier\s+ist|hier\s+schreibt|"
    r"ich\s+bin\s+(?:der|die)|mit\s+freundlichen\s+grü(?:ß|ss)en|freundliche\s+grü(?:ß|ss)e|"
    r"viele\s+grü(?:ß|ss)e|liebe\s+grü(?:ß|ss)e|beste\s+grü(?:ß|ss)e|grü(?:ß|ss)e|gru(?:ß|ss)|"
    r"mfg|lg|vg|herrn?|frau|hr\.|fr\.|"
    r"(?:mein(?:e|em|er)?|unser(?:e|em|er)?)\s+(?:sohn|tochter|mann|frau|mutter|vater|"
    r"oma|opa|bruder|schwester|enkel(?:in)?|freund(?:in)?|nachbar(?:in)?)"
    r")\s*[,:]?\s+",
    re.IGNORECASE,
)
NAME_WORD = re.compile(r"(?:Dr\.\s+)?([A-ZÄÖÜ][a-zäöüß'-]+|[a-zäöüß][a-zäöüß'-]+)")
# Words after a cue that are not names ("Frau Doktor", "mein Mann hat ...").
NOT_NAMES = {
    "doktor", "dr", "und", "oder", "hat", "ist", "war", "wird", "kann", "hatte", "habe",
    "hab", "sie", "er", "ich", "die", "der", "das", "den", "dem", "seit", "mit", "auch",
    "noch", "schon", "bei", "von", "aus", "in", "im", "am", "an", "auf", "zu", "nicht",
    "sehr", "so", "ja", "nein", "leider", "heute", "gestern", "morgen", "jetzt", "wieder",
    "immer", "mal", "bitte", "danke", "schmerzen", "rücken", "rückenschmerzen", "patient",
    "patientin", "praxis", "team", "praxisteam", "aus", "wegen", "weil", "dass", "wie",
    "was", "wann", "wo", "warum", "ob", "als", "nach", "vor", "über", "unter", "klase",
}  # fmt: skip

PLACEHOLDERS = {
    "email": "[E-MAIL]",
    "phone": "[TELEFON]",
    "date": "[DATUM]",
    "address": "[ADRESSE]",
    "name": "[NAME]",
}


def _name_spans(text: str) -> List[Tuple[int, int]]:
    spans = []
    for cue in NAME_CUE.finditer(text):
        position, end = cue.end(), None
        for _ in range(3):
            word = NAME_WORD.match(text, position)
            if not word or word.group(1).lower() in NOT_NAMES:
                break
            end = word.end()
            position = end
            while position < len(text) and text[position] == " ":
                position += 1
        if end is not None:
            spans.append((cue.end(), end))
    return spans


def _spans(text: str) -> List[Tuple[int, int, str]]:
    """(start, end, kind) of everything personal, longest first where they overlap."""
    found = [(m.start(), m.end(), "email") for m in EMAIL.finditer(text)]
    found += [(m.start(), m.end(), "date") for m in DATE.finditer(text)]
    found += [(m.start(), m.end(), "phone") for m in PHONE.finditer(text)]
    found += [(m.start(), m.end(), "address") for m in STREET.finditer(text)]
    found += [(m.start(), m.end(), "address") for m in POSTCODE_CITY.finditer(text)]
    found += [(start, end, "name") for start, end in _name_spans(text)]
    chosen: List[Tuple[int, int, str]] = []
    for start, end, kind in sorted(found, key=lambda s: (s[0], -(s[1] - s[0]))):
        if chosen and start < chosen[-1][1]:
            continue  # inside one already chosen (an e-mail holds a name, a date digits)
        chosen.append((start, end, kind))
    return chosen


def mask(text: str) -> str:
    """The text with each piece of personal data replaced by a placeholder."""
    pieces, last = [], 0
    for start, end, kind in _spans(text):
        pieces += [text[last:start], PLACEHOLDERS[kind]]
        last = end
    return "".join(pieces + [text[last:]])


def find(text: str) -> List[str]:
    """German names of what in the text looks like a phone number, an e-mail address
    or a date of birth (for `make check`: such things do not belong in staff files)."""
    kinds = []
    for start, end, kind in _spans(text):
        piece = text[start:end]
        if kind == "email":
            kinds.append("eine E-Mail-Adresse")
        elif kind == "phone" and re.sub(r"\D", "", piece) not in PUBLIC_NUMBERS:
            kinds.append("eine Telefonnummer")
        elif kind == "date" and (
            BIRTH_YEAR.search(piece.strip()) or BIRTH_CUE.search(text[max(0, start - 20) : start])
        ):
            kinds.append("ein Geburtsdatum")
    return sorted(set(kinds))
