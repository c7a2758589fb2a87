"""Which language a patient's message is written in.

One function, `identify_language`, over the languages the assistant supports.
German is the default: an unclear message counts as German, and one too short
to tell ("ok", "Rücken?", "Termin") has no language of its own, so that nothing
German is answered as a foreign message.
The library (lingua, offline, statistical n-gram models) only decides between
the supported languages; three plain rules come first:
- Arabic script is Arabic, Cyrillic is Russian or Ukrainian;
- Arabic written in Latin letters with digits for sounds ("3andi", "7ess",
  "ma3ad"), which no library recognises, by those digits;
- Russian or Ukrainian written in Latin letters ("u menya bolit spina") by
  spelling it into Cyrillic and looking its words up in a dictionary.
Free of Rasa, so that it can be measured on its own (scripts/language_eval.py).
"""

import re
from functools import lru_cache
from typing import Optional

from lingua import IsoCode639_1, Language, LanguageDetectorBuilder
from simplemma import in_target_language

GERMAN = "de"
# ISO 639-1 codes; the order is the order of the language versions in domain.yml.
SUPPORTED = ("de", "en", "tr", "pl", "ru", "ar", "uk")

# The languages' German names, for staff (make check, the content page).
LANGUAGE_NAMES = {
    "de": "Deutsch",
    "en": "Englisch",
    "tr": "Türkisch",
    "pl": "Polnisch",
    "ru": "Russisch",
    "ar": "Arabisch",
    "uk": "Ukrainisch",
}

# A Latin-script message is foreign only when it has this many words and the
# library is this sure (tuned on the development sets: scripts/language_eval.py).
MIN_WORDS = 3
MIN_CONFIDENCE = 0.7

_SCRIPT_SHARE = 0.25
_LATIN = ("de", "en", "tr", "pl")
_CYRILLIC = ("ru", "uk")
_WORD = re.compile(r"\w+", re.UNICODE)
_ARABIC_LETTER = re.compile(r"[\u0600-\u06FF\u0750-\u077F]")
_CYRILLIC_LETTER = re.compile(r"[\u0400-\u04FF]")
_LATIN_LETTER = re.compile(r"[A-Za-zÀ-ɏ]")
# Arabic chat alphabet: a digit standing for a sound inside or before a word.
# Not "L5", "C5-C6" or "Th12": spinal levels are one or two letters and a number.
_ARABIZI_WORD = re.compile(r"^(?:[a-z]*[235789][a-z]+|[a-z]{2,}[235789])$")
_ARABIZI_MIN_WORDS = 2
# Russian or Ukrainian in Latin letters ("u menya bolit spina"), which the library
# does not know: the message is spelt into Cyrillic, and it is Russian (or
# Ukrainian) when that language's dictionary (simplemma's) knows clearly more of
# its words than the dictionary of any Latin-script language knows of the message
# as written. The dictionaries are generous with short words, so only messages
# of four words of three letters or more are counted (tuned on the development
# sets with scripts/language_eval.py: German sentences reach 0.5 with two long
# words, "wer is dr klase"; with four, German reached 0.25 and Russian 0.36).
_TRANSLIT_MIN_WORDS = 4
_TRANSLIT_MARGIN = 0.3
# German words that patients writing another language borrow ("Termin",
# "Krankenkasse'si", "Hausarzta"): their long letters would outweigh the rest
# of the message, so the library does not see them.
_BORROWED_GERMAN = re.compile(
    r"\b(?:termin|krankenkasse|überweisung|ueberweisung|hausarzt|physio|reha|rückenschule"
    r"|praxis|gesetzlich|privat|versichert|rothenbaumchaussee|hauptbahnhof)\w*(?:'\w+)?",
    re.IGNORECASE,
)
# Other German words borrowed into an English, Turkish or Polish message are mostly
# nouns ("my Rechnung", "Spinalkanalstenose'yi"), capitalised inside a sentence, or
# a doctor's name ("Dr. Klase"). When the library reads a message as German or is
# unsure, it reads it once more without them, with the same bar for another
# language. German sentences keep enough lower-case words to stay German (all
# 7249 of scripts/language_eval.py do).
_CAPITALISED_INSIDE = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-ZÄÖÜ][a-zäöüß]+\w*(?:'\w+)?")
_DOCTORS_NAME = re.compile(r"\bDr\.?\s*\w+")
# Common chat spellings, longest first; "y" after a vowel is й ("moy", "dobryi").
# fmt: off
_LATIN_TO_CYRILLIC = {
    "shch": "щ", "sch": "щ", "zh": "ж", "kh": "х", "ts": "ц", "ch": "ч", "sh": "ш",
    "ya": "я", "ja": "я", "yu": "ю", "ju": "ю", "yo": "е", "jo": "е", "ye": "е",
    "iy": "ий", "yy": "ый", "yi": "ый", "y'": "ь", "'": "ь",
    "a": "а", "b": "б", "v": "в", "w": "в", "g": "г", "d": "д", "e": "е", "z": "з",
    "i": "и", "j": "й", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п",
    "r": "р", "s": "с", "t": "т", "u": "у", "f": "ф", "h": "х", "c": "ц", "y": "ы",
    "x": "кс",
}
# Ukrainian spells some of the same sounds with its own letters ("chy", "mozhna", "khrebet").
_LATIN_TO_UKRAINIAN = {
    **_LATIN_TO_CYRILLIC,
    "y": "и", "i": "і", "yi": "ї", "ji": "ї", "ye": "є", "je": "є", "h": "г", "yy": "ий",
}
# fmt: on
_LATIN_SPELLING = re.compile(
    "|".join(sorted(map(re.escape, _LATIN_TO_UKRAINIAN), key=len, reverse=True))
)
_VOWEL_Y = re.compile(r"([аеиоуыэюяі])[ыи]\b")


@lru_cache(maxsize=None)
def _detector(codes: tuple):
    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in codes]
    return (
        LanguageDetectorBuilder.from_languages(*languages).with_preloaded_language_models().build()
    )


def _in_cyrillic(text: str, letters: dict) -> str:
    spelt = _LATIN_SPELLING.sub(lambda m: letters.get(m.group(0), m.group(0)), text.lower())
    return _VOWEL_Y.sub(r"\1й", spelt)


def _transliterated(text: str) -> Optional[str]:
    """ "ru" or "uk" for Russian or Ukrainian written in Latin letters, else None."""
    latin = max(in_target_language(text.lower(), lang=code) for code in _LATIN)
    share, code = max(
        (in_target_language(_in_cyrillic(text, letters), lang=code), code)
        for code, letters in (("ru", _LATIN_TO_CYRILLIC), ("uk", _LATIN_TO_UKRAINIAN))
    )
    return code if share - latin >= _TRANSLIT_MARGIN else None


def _best(text: str, codes: tuple):
    """(code, confidence) of the most likely language among `codes`."""
    best = _detector(codes).compute_language_confidence_values(text)[0]
    return best.language.iso_code_639_1.name.lower(), best.value


@lru_cache(maxsize=64)  # the RedFlagDetector and the LanguageIdentifier ask for each message
def identify_language(text: str) -> Optional[str]:
    """The ISO 639-1 code of the message's language: GERMAN when unclear, None
    when a Latin-script message is too short to tell ("ok", "Ja", "Rücken?")."""
    arabic = len(_ARABIC_LETTER.findall(text))
    cyrillic = len(_CYRILLIC_LETTER.findall(text))
    letters = arabic + cyrillic + len(_LATIN_LETTER.findall(text))
    # German words in an Arabic or Russian message ("Termin", "Krankenkasse")
    # do not make it German.
    if arabic and arabic >= cyrillic and arabic >= _SCRIPT_SHARE * letters:
        return "ar"
    if cyrillic and cyrillic >= _SCRIPT_SHARE * letters:
        return _best(text, _CYRILLIC)[0]
    words = [w.lower() for w in _WORD.findall(text)]
    if sum(bool(_ARABIZI_WORD.match(w)) for w in words) >= _ARABIZI_MIN_WORDS:
        return "ar"
    if len(words) < MIN_WORDS:
        return None
    long_words = sum(len(w) >= 3 for w in words)  # not "u", "v", "dr"
    if long_words >= _TRANSLIT_MIN_WORDS and (code := _transliterated(text)):
        return code
    unborrowed = _BORROWED_GERMAN.sub(" ", text)
    if len(_WORD.findall(unborrowed)) >= MIN_WORDS:
        text = unborrowed
    code, confidence = _best(text, _LATIN)
    if code != GERMAN and confidence >= MIN_CONFIDENCE:
        return code
    return _without_nouns(text) or GERMAN


def _without_nouns(text: str) -> Optional[str]:
    """Another Latin-script language when the message, without its capitalised
    words and doctors' names, is surely that language; else None."""
    rest = _CAPITALISED_INSIDE.sub(" ", _DOCTORS_NAME.sub(" ", text))
    if len(_WORD.findall(rest)) < MIN_WORDS:
        return None
    code, confidence = _best(rest, _LATIN)
    return code if code != GERMAN and confidence >= MIN_CONFIDENCE else None


def is_other_language(code: Optional[str]) -> bool:
    """A language of its own that is not German (None: too short to tell)."""
    return code not in (None, GERMAN)


def warm_up() -> None:
    """Loads the language models now rather than with the first message."""
    _detector(_LATIN)
    _detector(_CYRILLIC)
    _transliterated("loads the dictionaries")
