"""Reading a German question about opening hours: which day, part of the day
and clock time it asks about. Pure logic, no Rasa imports.

Rules:
- A date ("25.12.", "am 1. Mai") wins over a weekday, a weekday over
  "heute", "morgen" and "übermorgen".
- "Montag" is today or the coming Monday; "nächsten Montag" is the coming
  Monday, never today; "nächste Woche Dienstag" is the Tuesday of the next
  calendar week.
- A clock hour below 12 is read within the practice day 07:00-18:59
  ("halb 1" is 12:30, "um 4" 16:00, "halb 8" 07:30), unless a part of the
  day says otherwise ("um 7 abends").
- A time in a clause about the patient's own plans ("habe um 10 Physio",
  "bin bis 11 beim Arzt", "arbeite bis 17 Uhr") is not the time asked about,
  unless the question points back to it ("haben Sie danach noch auf?").

`now` is the current time in the practice's time zone.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Dict, List, Optional, Tuple

from components.normalize import fold_umlauts

# Parts of the day as (first minute, last minute), both included.
# "nachmittag" starts at 13:01 so that hours ending at 13:00 count as morning.
PARTS_OF_DAY: Dict[str, Tuple[int, int]] = {
    "vormittag": (6 * 60, 11 * 60 + 59),
    "mittag": (12 * 60, 13 * 60 + 59),
    "nachmittag": (13 * 60 + 1, 17 * 60 + 59),
    "abend": (18 * 60 + 1, 23 * 60 + 59),
}

# Kinds of day reference in a TimeRequest.
TODAY = "today"
TOMORROW = "tomorrow"
DAY_AFTER_TOMORROW = "day_after_tomorrow"
WEEKDAY = "weekday"  # "Montag": the weekday in general, `day` is the next one
WEEKDAY_DATE = "weekday_date"  # "nächsten Montag": one particular Monday
DATE = "date"


@dataclass(frozen=True)
class TimeRequest:
    """What a message asks about. day None means the whole week."""

    day: Optional[date] = None
    day_kind: Optional[str] = None  # one of the kinds above
    part_of_day: Optional[str] = None  # a key of PARTS_OF_DAY
    at_time: Optional[time] = None
    is_now: bool = False


@dataclass(frozen=True)
class _ClockMention:
    """A clock time in the message and where it stands."""

    at_time: time
    start: int
    end: int


_WEEKDAY_STEMS = (
    ("donnerstag", 3),
    ("sonnabend", 5),
    ("dienstag", 1),
    ("mittwoch", 2),
    ("freitag", 4),
    ("samstag", 5),
    ("sonntag", 6),
    ("montag", 0),
)
_WEEKDAY_ABBREVIATIONS = {"mo": 0, "di": 1, "mi": 2, "do": 3, "fr": 4, "sa": 5, "so": 6}
_WORDS_BEFORE_ABBREVIATION = {"am", "jeden", "diesen"}

# "nächsten"/"kommenden" (one week on) and "übernächsten" (two), with or without umlauts.
_AHEAD_WORD = re.compile(r"(ueber|uber)?(naechst|nachst|kommend)(e|en|er|es)?")

_PART_WORDS = {
    "vormittag": "vormittag",
    "vormittags": "vormittag",
    "morgens": "vormittag",
    "frueh": "vormittag",
    "fruh": "vormittag",
    "mittag": "mittag",
    "mittags": "mittag",
    "mittagszeit": "mittag",
    "mittagspause": "mittag",
    "nachmittag": "nachmittag",
    "nachmittags": "nachmittag",
    "abend": "abend",
    "abends": "abend",
    "feierabend": "abend",
}
# Endings after a weekday name: "dienstags", "mittwochnachmittag", "montagmorgen".
_WEEKDAY_SUFFIXES = dict(_PART_WORDS, morgen="vormittag")
_WEEKDAY_SUFFIXES.update({"": None, "s": None, "e": None, "en": None})

# Words before "morgen" that make it "the morning" instead of "tomorrow".
_MORNING_CONTEXT = {"am", "heute", "jeden", "den", "der", "diesen", "morgen", "gestern"}
_NOW_WORDS = {"jetzt", "gerade", "aktuell", "momentan", "derzeit", "zurzeit", "grad"}
_OPEN_WORDS = {"auf", "offen", "geoeffnet", "geoffnet", "da", "erreichbar"}

_MONTHS = {
    "januar": 1,
    "jan": 1,
    "februar": 2,
    "feb": 2,
    "maerz": 3,
    "marz": 3,
    "april": 4,
    "apr": 4,
    "mai": 5,
    "juni": 6,
    "juli": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "dezember": 12,
    "dez": 12,
}

_NUMERIC_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})?")
_NUMERIC_DATE_AFTER_AM = re.compile(r"\b(?:am|den|vom|zum)\s+(\d{1,2})\.(\d{1,2})\b(?![.:\d])")
_MONTH_NAME_DATE = re.compile(
    r"\b(\d{1,2})\.?\s*(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b\.?"
    r"(?:\s*(\d{4})\b)?"
)

# Hours written as words, after umlaut folding and also typed without umlauts.
_HOUR_WORDS = {
    "eins": 1,
    "ein": 1,
    "zwei": 2,
    "zwo": 2,
    "drei": 3,
    "vier": 4,
    "fuenf": 5,
    "funf": 5,
    "sechs": 6,
    "sieben": 7,
    "acht": 8,
    "neun": 9,
    "zehn": 10,
    "elf": 11,
    "zwoelf": 12,
    "zwolf": 12,
}
# An hour in digits or words. "ein" only before "Uhr": "um ein Rezept" is no time.
_HOUR = (
    r"(\d{1,2}|ein(?=\s*uhr)|"
    + "|".join(sorted((word for word in _HOUR_WORDS if word != "ein"), key=len, reverse=True))
    + ")"
)
_QUARTER_HOUR = re.compile(rf"\bviertel\s+(nach|vor)\s+{_HOUR}\b")
_HALF_HOUR = re.compile(rf"\bhalb\s+{_HOUR}\b")
_TIME_PATTERNS = (
    re.compile(rf"\b(?:um|ab|bis|gegen)\s+{_HOUR}(?:[:.]([0-5]\d))?(?:\s*uhr)?\b"),
    re.compile(rf"\b{_HOUR}(?:[:.]([0-5]\d))?\s*uhr\b"),
    re.compile(r"\b(\d{1,2}):([0-5]\d)\b"),
)

# A clock hour below 12 has two readings ("um 4": 04:00 or 16:00); we take the
# one within the practice day 07:00-18:59, twelve hours, so exactly one fits.
_PRACTICE_DAY_START = time(7, 0)

# Verbs of the patient's own plans ("habe um 10 Physio", "arbeite bis 17 Uhr").
_OWN_PLAN_VERBS = {"habe", "hab", "bin", "arbeite"}
# Addressing the practice: "ich habe eine Frage haben Sie um 10 auf" asks about 10.
_ADDRESS_WORDS = {"sie", "ihr"}
# Words that point back to the patient's own time: "haben Sie danach noch auf?"
_POINTING_BACK = {"danach", "dann", "anschliessend", "hinterher"}
_CLAUSE_BREAK = re.compile(r"[,;:.!?]")


def parse_time_request(text: str, now: datetime) -> TimeRequest:
    """Find day, part of day, time and "now" in a German message."""
    today = now.date()
    text = fold_umlauts(text)

    day, text = _find_date(text, today)
    at_time, text = _find_asked_time(text)

    weekday: Optional[int] = None
    weekday_steps = 0  # 1 for "nächsten Montag", 2 for "übernächsten Montag"
    weeks_ahead = 0  # 1 for "nächste Woche", 2 for "übernächste Woche"
    relative: Optional[str] = None
    part: Optional[str] = None
    is_now = False

    words = _words(text)
    for index, word in enumerate(words):
        previous = words[index - 1] if index > 0 else ""
        following = words[index + 1 : index + 4]

        if word in ("uebermorgen", "ubermorgen"):
            relative = relative or DAY_AFTER_TOMORROW
        elif word in ("heute", "heut"):
            relative = relative or TODAY
        elif word == "morgen":
            if previous == "guten":
                continue  # greeting "Guten Morgen"
            if previous in _MORNING_CONTEXT or _weekday_of(previous) is not None:
                part = part or "vormittag"
            else:
                relative = relative or TOMORROW
        elif word in _NOW_WORDS or (word == "moment" and previous == "im"):
            is_now = True
        elif word == "zeit" and previous == "zur":
            is_now = True
        elif word == "noch" and _OPEN_WORDS.intersection(following):
            is_now = True
        elif word == "woche" and _steps_ahead(previous):
            weeks_ahead = weeks_ahead or _steps_ahead(previous)
        elif _part_of_word(word) is not None:
            part = part or _part_of_word(word)
        elif word in _WEEKDAY_ABBREVIATIONS and (
            previous in _WORDS_BEFORE_ABBREVIATION or _steps_ahead(previous)
        ):
            if weekday is None:
                weekday = _WEEKDAY_ABBREVIATIONS[word]
                weekday_steps = _steps_ahead(previous)
        else:
            found = _weekday_of(word)
            if found is not None and weekday is None:
                weekday, suffix_part = found
                part = part or suffix_part
                weekday_steps = _steps_ahead(previous)

    if at_time is not None:
        at_time = _within_practice_day(at_time, part)

    if day is not None:
        kind: Optional[str] = DATE
    elif weekday is not None:
        day = _weekday_date(today, weekday, weekday_steps, weeks_ahead)
        kind = WEEKDAY_DATE if weekday_steps or weeks_ahead else WEEKDAY
    elif relative is not None:
        offsets = {TODAY: 0, TOMORROW: 1, DAY_AFTER_TOMORROW: 2}
        day, kind = today + timedelta(days=offsets[relative]), relative
    else:
        kind = None
    return TimeRequest(day=day, day_kind=kind, part_of_day=part, at_time=at_time, is_now=is_now)


def _words(text: str) -> List[str]:
    return re.findall(r"[a-z]+", text)


# ---------------------------------------------------------------------------
# Days
# ---------------------------------------------------------------------------


def _find_date(text: str, today: date) -> Tuple[Optional[date], str]:
    """First date in the text (next occurrence if no year) and the text without it."""
    for pattern in (_NUMERIC_DATE, _MONTH_NAME_DATE, _NUMERIC_DATE_AFTER_AM):
        for match in pattern.finditer(text):
            day_number = int(match.group(1))
            month_text = match.group(2)
            month = _MONTHS[month_text] if month_text in _MONTHS else int(month_text)
            year_text = match.group(3) if pattern.groups >= 3 else None
            found = _make_date(day_number, month, year_text, today)
            if found is not None:
                return found, text[: match.start()] + " " + text[match.end() :]
    return None, text


def _make_date(day: int, month: int, year_text: Optional[str], today: date) -> Optional[date]:
    try:
        if year_text:
            year = int(year_text)
            return date(year + 2000 if year < 100 else year, month, day)
        found = date(today.year, month, day)
        if found < today:
            found = date(today.year + 1, month, day)
        return found
    except ValueError:
        return None


def _weekday_date(today: date, weekday: int, weekday_steps: int, weeks_ahead: int) -> date:
    """The date a weekday name stands for.

    "Montag": today or the coming Monday. "nächsten Montag": the coming one,
    never today ("übernächsten": a week later). "nächste Woche Dienstag": the
    Tuesday of the calendar week after this one.
    """
    if weeks_ahead:
        this_monday = today - timedelta(days=today.weekday())
        return this_monday + timedelta(weeks=weeks_ahead, days=weekday)
    days = (weekday - today.weekday()) % 7
    if weekday_steps:
        days = (days or 7) + 7 * (weekday_steps - 1)
    return today + timedelta(days=days)


def _steps_ahead(word: str) -> int:
    """1 for "nächste(n)"/"kommende(n)", 2 for "übernächste(n)", else 0."""
    match = _AHEAD_WORD.fullmatch(word)
    if match is None:
        return 0
    return 2 if match.group(1) else 1


def _weekday_of(word: str) -> Optional[Tuple[int, Optional[str]]]:
    """(weekday index, part of day from a compound) if `word` names a weekday."""
    for stem, index in _WEEKDAY_STEMS:
        if word.startswith(stem) and word[len(stem) :] in _WEEKDAY_SUFFIXES:
            return index, _WEEKDAY_SUFFIXES[word[len(stem) :]]
    # Typos like "mitwoch", "donerstag", "dienstgs", also in compounds.
    for suffix, part in _WEEKDAY_SUFFIXES.items():
        if not word.endswith(suffix):
            continue
        head = word[: len(word) - len(suffix)]
        if len(head) < 6:
            continue
        for stem, index in _WEEKDAY_STEMS:
            if _within_one_edit(head, stem):
                return index, part
    return None


def _part_of_word(word: str) -> Optional[str]:
    if word in _PART_WORDS:
        return _PART_WORDS[word]
    if len(word) >= 8:  # cheap typo tolerance for "nachmitag", "vormitags"
        for known, part in _PART_WORDS.items():
            if len(known) >= 8 and _within_one_edit(word, known):
                return part
    return None


def _within_one_edit(first: str, second: str) -> bool:
    """True if the words differ by at most one inserted, deleted or changed letter."""
    if abs(len(first) - len(second)) > 1:
        return False
    if len(first) > len(second):
        first, second = second, first
    for position in range(len(first)):
        if first[position] != second[position]:
            if len(first) == len(second):
                return first[position + 1 :] == second[position + 1 :]
            return first[position:] == second[position + 1 :]
    return True


# ---------------------------------------------------------------------------
# Clock times
# ---------------------------------------------------------------------------


def _find_asked_time(text: str) -> Tuple[Optional[time], str]:
    """The clock time the question asks about, and the text without any clock time."""
    mentions = _clock_mentions(text)
    # Blank out every clock time, keeping positions: the "." in "9.30" must not
    # end a clause, and "um"/"uhr" are no words for the day reading.
    for mention in mentions:
        text = text[: mention.start] + " " * (mention.end - mention.start) + text[mention.end :]
    own_plans = [mention for mention in mentions if _is_own_plan(text, mention)]
    asked = [mention for mention in mentions if mention not in own_plans]
    if asked:
        return asked[0].at_time, text
    if own_plans and _POINTING_BACK.intersection(_words(text)):
        return own_plans[-1].at_time, text
    return None, text


def _clock_mentions(text: str) -> List[_ClockMention]:
    """Every clock time in the text, in order. Where matches overlap ("um 9 Uhr"
    and "9 Uhr"), the first pattern wins."""
    found: List[Tuple[int, int, int]] = []  # (start, end, minute of the day)
    for match in _QUARTER_HOUR.finditer(text):
        offset = 15 if match.group(1) == "nach" else -15
        found.append((match.start(), match.end(), _hour(match.group(2)) * 60 + offset))
    for match in _HALF_HOUR.finditer(text):  # "halb 10" is 09:30
        found.append((match.start(), match.end(), _hour(match.group(1)) * 60 - 30))
    for pattern in _TIME_PATTERNS:
        for match in pattern.finditer(text):
            minute = _hour(match.group(1)) * 60 + int(match.group(2) or 0)
            found.append((match.start(), match.end(), minute))

    mentions: List[_ClockMention] = []
    for start, end, minute in found:
        if not 0 <= minute < 24 * 60:
            continue
        if any(start < mention.end and mention.start < end for mention in mentions):
            continue
        mentions.append(_ClockMention(time(minute // 60, minute % 60), start, end))
    return sorted(mentions, key=lambda mention: mention.start)


def _hour(text: str) -> int:
    return int(text) if text.isdigit() else _HOUR_WORDS[text]


def _is_own_plan(text: str, mention: _ClockMention) -> bool:
    """Is the time part of the patient's own plans? Yes if, in its clause, an
    own-plan verb comes before it without the practice being addressed in
    between ("habe um 10 Physio"), or right after it with "ich" ("um 10 habe
    ich Physio")."""
    before = _words(_CLAUSE_BREAK.split(text[: mention.start])[-1])
    after = _words(_CLAUSE_BREAK.split(text[mention.end :])[0])
    for index, word in enumerate(before):
        if word in _OWN_PLAN_VERBS and not _ADDRESS_WORDS.intersection(before[index + 1 :]):
            return True
    return len(after) >= 2 and after[0] in _OWN_PLAN_VERBS and after[1] == "ich"


def _within_practice_day(at_time: time, part: Optional[str]) -> time:
    """'um 4' is 16:00, 'halb 1' 12:30, 'halb 8' 07:30; 'um 7 abends' 19:00."""
    if at_time.hour >= 12 or part == "vormittag":
        return at_time
    afternoon = at_time.replace(hour=at_time.hour + 12)
    if part in ("nachmittag", "abend"):
        return afternoon
    return at_time if at_time >= _PRACTICE_DAY_START else afternoon
