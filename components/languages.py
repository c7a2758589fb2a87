"""Which language a patient's message is written in.

One function, `identify_language`, over the languages the assistant supports.
German is the default: an unclear message counts as German, and one too short
to tell ("ok", "Rücken?", "Termin") has no language of its own, so that nothing
German is answered as a foreign message.
The library (lingua, offline, statistical n-gram models) only decides between
the supported languages; two plain rules come first:
- Arabic script is Arabic, Cyrillic is Russian or Ukrainian;
- Arabic written in Latin letters with digits for sounds ("3andi", "7ess",
  "ma3ad"), and Russian written in Latin letters ("u menya bolit spina"), which
  no library recognises, are recognised by their own marks.
Free of Rasa, so that it can be measured on its own (scripts/language_eval.py).
"""

import re
from functools import lru_cache
from typing import Optional

from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

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
# Russian in Latin letters: words no German, English, Turkish or Polish
# message uses (Polish writes "mnie", "boli", "kiedy", "tylko").
_TRANSLIT_RUSSIAN = frozenset(
    "chto eto menya mne bolit bolyat spina spinu posle kogda mozhno seichas sejchas "
    "ochen uzhe segodnya vchera nochyu silno tozhe tolko nichego zdravstvuite "
    "zdravstvujte spasibo pozhaluista pozhaluysta pomogite nogu nogah onemenie "
    "poyasnica poyasnice vracha sdelat delat privet vopros nuzhna nuzhen vsyo teper "
    "mozhete pomogayut pomogaet plohoi srochno srochnaya".split()
)
_TRANSLIT_MIN_WORDS = 2


@lru_cache(maxsize=None)
def _detector(codes: tuple):
    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in codes]
    return (
        LanguageDetectorBuilder.from_languages(*languages).with_preloaded_language_models().build()
    )


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
    if len(_TRANSLIT_RUSSIAN.intersection(words)) >= _TRANSLIT_MIN_WORDS:
        return "ru"
    if len(words) < MIN_WORDS:
        return None
    code, confidence = _best(text, _LATIN)
    return code if confidence >= MIN_CONFIDENCE else GERMAN


def is_other_language(code: Optional[str]) -> bool:
    """A language of its own that is not German (None: too short to tell)."""
    return code not in (None, GERMAN)


def warm_up() -> None:
    """Loads the language models now rather than with the first message."""
    _detector(_LATIN)
    _detector(_CYRILLIC)
