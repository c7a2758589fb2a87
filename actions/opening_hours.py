"""Opening hours and practice answers in German. Pure logic, no Rasa imports.

Rules:
- Minute granularity. An interval "08:00-10:00" is open from 08:00 through
  10:00 (10:00 open, 10:01 closed).
- "nach Vereinbarung" (by appointment only) on a day with fixed hours means
  after the last fixed interval of that day; on a day without fixed hours it
  means the whole day.
- Public holidays (holidays library) and staff closure days close the practice.
- `next_opening` is the start of the next fixed interval (appointment-only
  times do not count).

All datetimes handed in are converted to the practice time zone; naive
datetimes are taken as practice local time.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Dict, List, Optional, Sequence, Tuple
from zoneinfo import ZoneInfo

import holidays

from actions.practice import WEEKDAYS, DayHours, Interval, Practice

APPOINTMENT_HINT = "Bitte vereinbaren Sie vorher einen Termin."
APPOINTMENT_MEANING = (
    "„Nach Vereinbarung“ bedeutet: nur mit einem vorher vereinbarten Termin."
)

# How far ahead to look for the next opening (covers long practice holidays).
SEARCH_DAYS = 400

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
WEEKDAY = "weekday"
DATE = "date"

RELATIVE_DAY_WORDS = {TODAY: "Heute", TOMORROW: "Morgen", DAY_AFTER_TOMORROW: "Übermorgen"}


@dataclass(frozen=True)
class OpeningStatus:
    is_open: bool
    by_appointment_only: bool  # a "nach Vereinbarung" time
    closed_reason: Optional[str]  # holiday name or staff closure reason
    next_opening: Optional[datetime]  # start of the next fixed interval (if not open)
    open_until: Optional[datetime] = None  # end of the current interval (if open)


@dataclass(frozen=True)
class TimeRequest:
    """What a message asks about. day None means the whole week."""

    day: Optional[date] = None
    day_kind: Optional[str] = None  # TODAY, TOMORROW, DAY_AFTER_TOMORROW, WEEKDAY, DATE
    part_of_day: Optional[str] = None  # a key of PARTS_OF_DAY
    at_time: Optional[time] = None
    is_now: bool = False


# ---------------------------------------------------------------------------
# Calendar: holidays and closures
# ---------------------------------------------------------------------------


@lru_cache(maxsize=32)
def _holidays_of_year(country: str, subdivision: str, year: int) -> Dict[date, str]:
    calendar = holidays.country_holidays(
        country, subdiv=subdivision or None, years=year, language="de"
    )
    return dict(calendar.items())


def holiday_name(practice: Practice, day: date) -> Optional[str]:
    """German name of the public holiday on `day`, or None."""
    year_holidays = _holidays_of_year(
        practice.holiday_country, practice.holiday_subdivision, day.year
    )
    return year_holidays.get(day)


def closed_reason(practice: Practice, day: date) -> Optional[str]:
    """Why the practice is closed all day on `day` (closure or holiday), or None."""
    for closure in practice.closures:
        if closure.covers(day):
            return closure.reason
    return holiday_name(practice, day)


@lru_cache(maxsize=8)
def _region_name(country: str, subdivision: str) -> str:
    aliases = getattr(holidays.country_holidays(country), "subdivisions_aliases", {})
    if subdivision in aliases:
        return subdivision
    for name, code in aliases.items():
        if code == subdivision:
            return name
    return subdivision


# ---------------------------------------------------------------------------
# Status at a moment
# ---------------------------------------------------------------------------


def status_at(practice: Practice, moment: datetime) -> OpeningStatus:
    """Is the practice open at `moment`?"""
    moment = _local(practice, moment)
    day = moment.date()
    minute = _minute_of(moment.time())
    reason = closed_reason(practice, day)
    hours = practice.hours_on(day)
    if reason is None:
        for interval in hours.intervals:
            if _start(interval) <= minute <= _end(interval):
                return OpeningStatus(
                    is_open=True,
                    by_appointment_only=False,
                    closed_reason=None,
                    next_opening=None,
                    open_until=_combine(practice, day, interval.end),
                )
    return OpeningStatus(
        is_open=False,
        by_appointment_only=reason is None
        and _appointment_overlaps(hours, minute, minute),
        closed_reason=reason,
        next_opening=next_opening(practice, moment),
    )


def next_opening(practice: Practice, after: datetime) -> Optional[datetime]:
    """Start of the first fixed interval strictly after `after` (to the minute)."""
    after = _local(practice, after).replace(second=0, microsecond=0)
    for offset in range(SEARCH_DAYS):
        day = after.date() + timedelta(days=offset)
        if closed_reason(practice, day) is not None:
            continue
        for interval in practice.hours_on(day).intervals:
            start = _combine(practice, day, interval.start)
            if start > after:
                return start
    return None


def status_now_text(practice: Practice, now: datetime) -> str:
    """One sentence: is the practice open right now?"""
    now = _local(practice, now)
    status = status_at(practice, now)
    if status.is_open:
        return f"Die Praxis ist jetzt geöffnet (bis {_hm(status.open_until)} Uhr)."
    if status.by_appointment_only:
        text = (
            "Die Praxis ist jetzt nur nach Vereinbarung geöffnet, also nur mit "
            "einem vorher vereinbarten Termin"
        )
        if status.next_opening:
            text += f"; die nächste feste Sprechzeit beginnt {_when(status.next_opening, now)}"
        return text + "."
    text = "Die Praxis ist jetzt geschlossen"
    if status.closed_reason:
        text += f" ({status.closed_reason})"
    if status.next_opening:
        text += f"; sie öffnet wieder {_when(status.next_opening, now)}"
    return text + "."


# ---------------------------------------------------------------------------
# Week overview
# ---------------------------------------------------------------------------


def describe_week(practice: Practice) -> str:
    """The regular week, one line per weekday, plus notes."""
    lines = ["Die Sprechzeiten der Praxis:"]
    for hours in practice.week:
        lines.append(f"{hours.name}: {_day_summary(hours)}")
    notes = []
    if any(hours.by_appointment for hours in practice.week):
        notes.append(APPOINTMENT_MEANING)
    region = _region_name(practice.holiday_country, practice.holiday_subdivision)
    if region:
        notes.append(f"An gesetzlichen Feiertagen in {region} ist die Praxis geschlossen.")
    else:
        notes.append("An gesetzlichen Feiertagen ist die Praxis geschlossen.")
    lines.append(" ".join(notes))
    return "\n".join(lines)


def _day_summary(hours: DayHours) -> str:
    if hours.is_closed:
        return "geschlossen"
    if hours.appointment_only:
        return "nur nach Vereinbarung"
    text = " und ".join(_span(interval) for interval in hours.intervals) + " Uhr"
    if hours.by_appointment:
        text += ", danach nach Vereinbarung"
    return text


def _upcoming_closures(practice: Practice, now: datetime, days: int = 7) -> List[str]:
    """Lines for holidays/closures in the next days that fall on working days."""
    lines = []
    for offset in range(days):
        day = now.date() + timedelta(days=offset)
        reason = closed_reason(practice, day)
        if reason and not practice.hours_on(day).is_closed:
            lines.append(f"- {_weekday_and_date(day, now)}: geschlossen ({reason})")
    return lines


# ---------------------------------------------------------------------------
# Understanding a German question about time
# ---------------------------------------------------------------------------

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
_WORDS_BEFORE_ABBREVIATION = {"am", "jeden", "naechsten", "kommenden", "diesen"}

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
    "januar": 1, "jan": 1, "februar": 2, "feb": 2, "maerz": 3, "marz": 3,
    "april": 4, "apr": 4, "mai": 5, "juni": 6, "juli": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "oktober": 10, "okt": 10,
    "november": 11, "nov": 11, "dezember": 12, "dez": 12,
}

_NUMERIC_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})?")
_NUMERIC_DATE_AFTER_AM = re.compile(r"\b(?:am|den|vom|zum)\s+(\d{1,2})\.(\d{1,2})\b(?![.:\d])")
_MONTH_NAME_DATE = re.compile(
    r"\b(\d{1,2})\.?\s*(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b\.?"
    r"(?:\s*(\d{4})\b)?"
)
_HALF_HOUR = re.compile(r"\bhalb\s+(\d{1,2})\b")
_TIME_PATTERNS = (
    re.compile(r"\b(?:um|ab|bis|gegen)\s+(\d{1,2})(?:[:.](\d{2}))?(?:\s*uhr)?\b"),
    re.compile(r"\b(\d{1,2})(?:[:.](\d{2}))?\s*uhr\b"),
    re.compile(r"\b(\d{1,2}):(\d{2})\b"),
)


def parse_time_request(text: str, now: datetime) -> TimeRequest:
    """Find day, part of day, time and "now" in a German message."""
    today = now.date()
    text = _normalize(text)

    day, text = _find_date(text, today)
    at_time, text = _find_time(text)

    weekday: Optional[int] = None
    relative: Optional[str] = None
    part: Optional[str] = None
    is_now = False

    words = re.findall(r"[a-z]+", text)
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
        elif _part_of_word(word) is not None:
            part = part or _part_of_word(word)
        elif word in _WEEKDAY_ABBREVIATIONS and previous in _WORDS_BEFORE_ABBREVIATION:
            if weekday is None:
                weekday = _WEEKDAY_ABBREVIATIONS[word]
        else:
            found = _weekday_of(word)
            if found is not None and weekday is None:
                weekday, suffix_part = found
                part = part or suffix_part

    if at_time is not None:
        at_time = _adjust_hour(at_time, part)

    if day is not None:
        kind: Optional[str] = DATE
    elif weekday is not None:
        day, kind = today + timedelta(days=(weekday - today.weekday()) % 7), WEEKDAY
    elif relative is not None:
        offsets = {TODAY: 0, TOMORROW: 1, DAY_AFTER_TOMORROW: 2}
        day, kind = today + timedelta(days=offsets[relative]), relative
    else:
        kind = None
    return TimeRequest(day=day, day_kind=kind, part_of_day=part, at_time=at_time, is_now=is_now)


def _normalize(text: str) -> str:
    text = text.lower()
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, plain)
    return text


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


def _find_time(text: str) -> Tuple[Optional[time], str]:
    """First clock time in the text and the text without it."""
    match = _HALF_HOUR.search(text)
    if match and 1 <= int(match.group(1)) <= 24:
        hour = int(match.group(1)) - 1
        return time(hour, 30), text[: match.start()] + " " + text[match.end() :]
    for pattern in _TIME_PATTERNS:
        for match in pattern.finditer(text):
            hour = int(match.group(1))
            minute = int(match.group(2) or 0)
            if hour <= 23 and minute <= 59:
                return time(hour, minute), text[: match.start()] + " " + text[match.end() :]
    return None, text


def _adjust_hour(at_time: time, part: Optional[str]) -> time:
    """'um 4' means 16:00; 'um 7 abends' means 19:00."""
    if at_time.hour >= 12:
        return at_time
    afternoon = part in ("nachmittag", "abend") or (
        1 <= at_time.hour <= 6 and part != "vormittag"
    )
    return at_time.replace(hour=at_time.hour + 12) if afternoon else at_time


def _part_of_word(word: str) -> Optional[str]:
    if word in _PART_WORDS:
        return _PART_WORDS[word]
    if len(word) >= 8:  # cheap typo tolerance for "nachmitag", "vormitags"
        for known, part in _PART_WORDS.items():
            if len(known) >= 8 and _within_one_edit(word, known):
                return part
    return None


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
# Answering a question about opening hours
# ---------------------------------------------------------------------------


def answer_opening_question(practice: Practice, text: str, now: datetime) -> str:
    """German answer to a question about opening hours in `text`."""
    now = _local(practice, now)
    request = parse_time_request(text, now)
    if request.day is None:
        if request.at_time is not None or request.part_of_day is not None:
            return _week_window_answer(practice, request)
        if request.is_now:
            return status_now_text(practice, now)
        return _week_answer(practice, now)
    return _day_answer(practice, request, now)


def _week_answer(practice: Practice, now: datetime) -> str:
    text = describe_week(practice)
    upcoming = _upcoming_closures(practice, now)
    if upcoming:
        text += "\nBitte beachten Sie in den nächsten Tagen:\n" + "\n".join(upcoming)
    return text


def _day_answer(practice: Practice, request: TimeRequest, now: datetime) -> str:
    day = request.day
    hours = practice.hours_on(day)
    reason = closed_reason(practice, day)
    if reason is not None:
        sentences = [f"{_closure_label(request, now)} ist die Praxis geschlossen ({reason})."]
        sentences.append(_next_opening_sentence(practice, _day_start(practice, day, now), now))
        return _join(sentences)

    if request.at_time is not None or request.part_of_day is not None:
        return _window_answer(practice, request, now)

    sentences = [_day_sentence(_day_label(request, now), hours)]
    if hours.is_closed:
        sentences.append(_next_opening_sentence(practice, _day_start(practice, day, now), now))
    elif day == now.date() and hours.intervals:
        sentences.append(status_now_text(practice, now))
    return _join(sentences)


def _window_answer(practice: Practice, request: TimeRequest, now: datetime) -> str:
    """Answer for one day and a part of the day or a clock time."""
    day = request.day
    hours = practice.hours_on(day)
    if hours.appointment_only or hours.is_closed:
        return _day_answer(practice, _whole_day(request), now)

    first, last = _window(request)
    label = _day_label(request, now)
    overlapping = [i for i in hours.intervals if _start(i) <= last and _end(i) >= first]
    appointment = _appointment_overlaps(hours, first, last)

    if overlapping:
        text = f"{label} ist die Praxis {_spans_sentence(overlapping)} geöffnet"
        if appointment:
            return f"{text}, danach nur nach Vereinbarung. {APPOINTMENT_HINT}"
        return text + "."
    weekday_hours = f"am {hours.name} {_spans_sentence(hours.intervals)}"
    if appointment:
        return _join(
            [
                f"{label} ist die Praxis nur nach Vereinbarung geöffnet.",
                APPOINTMENT_HINT,
                f"Die festen Sprechzeiten sind {weekday_hours}.",
            ]
        )
    window_start = _combine(practice, day, _time_of(first))
    return _join(
        [
            f"{label} ist die Praxis geschlossen.",
            f"Geöffnet ist sie {weekday_hours}.",
            _next_opening_sentence(practice, max(window_start, now), now),
        ]
    )


def _week_window_answer(practice: Practice, request: TimeRequest) -> str:
    """Answer for a part of the day or a clock time without a day."""
    first, last = _window(request)
    if request.at_time is not None:
        adverb = f"um {_hm(request.at_time)} Uhr"
    else:
        adverb = f"{request.part_of_day}s"
    lines = []
    any_appointment = False
    for hours in practice.week:
        overlapping = [i for i in hours.intervals if _start(i) <= last and _end(i) >= first]
        appointment = _appointment_overlaps(hours, first, last)
        any_appointment = any_appointment or appointment
        if overlapping:
            line = " und ".join(_span(i) for i in overlapping) + " Uhr"
            if appointment:
                line += ", danach nach Vereinbarung"
            lines.append(f"{hours.name}: {line}")
        elif appointment:
            lines.append(f"{hours.name}: nur nach Vereinbarung")
    if not lines:
        return f"{_capitalize(adverb)} ist die Praxis geschlossen.\n" + describe_week(practice)
    text = f"{_capitalize(adverb)} hat die Praxis diese Sprechzeiten:\n" + "\n".join(lines)
    if len(lines) < 7:
        text += f"\nAn den übrigen Tagen ist die Praxis {adverb} geschlossen."
    if any_appointment:
        text += f"\n{APPOINTMENT_MEANING}"
    return text


def _day_sentence(label: str, hours: DayHours) -> str:
    if hours.is_closed:
        return f"{label} ist die Praxis geschlossen."
    if hours.appointment_only:
        return f"{label} ist die Praxis nur nach Vereinbarung geöffnet. {APPOINTMENT_HINT}"
    text = f"{label} ist die Praxis {_spans_sentence(hours.intervals)} geöffnet"
    if hours.by_appointment:
        return f"{text}, danach nur nach Vereinbarung. {APPOINTMENT_HINT}"
    return text + "."


def _next_opening_sentence(practice: Practice, after: datetime, now: datetime) -> str:
    moment = next_opening(practice, after)
    if moment is None:
        return ""
    return f"Die nächste feste Sprechzeit beginnt {_when(moment, now)}."


def _whole_day(request: TimeRequest) -> TimeRequest:
    return TimeRequest(day=request.day, day_kind=request.day_kind, is_now=request.is_now)


def _window(request: TimeRequest) -> Tuple[int, int]:
    if request.at_time is not None:
        minute = _minute_of(request.at_time)
        return minute, minute
    return PARTS_OF_DAY[request.part_of_day]


def _appointment_overlaps(hours: DayHours, first: int, last: int) -> bool:
    """Does the "nach Vereinbarung" time of the day overlap first..last?"""
    if not hours.by_appointment:
        return False
    if not hours.intervals:
        return True
    return last > _end(hours.intervals[-1])


# ---------------------------------------------------------------------------
# Labels for days in answers
# ---------------------------------------------------------------------------


def _day_label(request: TimeRequest, now: datetime) -> str:
    """'Dienstags', 'Montagnachmittags', 'Heute (Montag, 30.11.)', 'Am 25.12. um 09:00 Uhr'."""
    day = request.day
    part = request.part_of_day
    clock = f" um {_hm(request.at_time)} Uhr" if request.at_time is not None else ""
    if request.day_kind in RELATIVE_DAY_WORDS:
        word = RELATIVE_DAY_WORDS[request.day_kind]
        if part and not clock:
            word += f" {part.capitalize()}"
        return f"{word} ({_weekday_and_date(day, now)}){clock}"
    if request.day_kind == WEEKDAY:
        name = WEEKDAYS[day.weekday()]
        if part and not clock:
            return f"{name}{part}s"
        return f"{name}s{clock}"
    text = f"Am {_date_text(day, now)}"
    if part and not clock:
        return f"{text} {part}s"
    return text + clock


def _closure_label(request: TimeRequest, now: datetime) -> str:
    """Label for one concrete day: 'Am Freitag, 25.12.,' or 'Am 25.12.'."""
    if request.day_kind == WEEKDAY:
        return f"Am {_weekday_and_date(request.day, now)},"
    return _day_label(_whole_day(request), now)


# ---------------------------------------------------------------------------
# Contact, address, appointments
# ---------------------------------------------------------------------------


def address_line(practice: Practice) -> str:
    address = practice.address
    return f"{practice.name}, {address.street}, {address.postcode} {address.city}"


def address_text(practice: Practice) -> str:
    return f"Die Adresse der Praxis lautet: {address_line(practice)}."


def contact_text(practice: Practice) -> str:
    contact = practice.contact
    details = []
    if contact.phone:
        details.append(f"Telefon: {contact.phone}")
    if contact.email:
        details.append(f"E-Mail: {contact.email}")
    if contact.booking_link:
        details.append(f"Online-Terminbuchung: {contact.booking_link}")
    if contact.website:
        details.append(f"Webseite: {contact.website}")
    if contact.phone or contact.email:
        text = "So erreichen Sie die Praxis:\n" + "\n".join(details)
    else:
        text = (
            "Telefonnummer und E-Mail-Adresse der Praxis kann ich Ihnen hier leider "
            "noch nicht nennen. Bitte nutzen Sie die Kontaktdaten auf der Webseite "
            "der Praxis."
        )
        if details:
            text += "\n" + "\n".join(details)
    return "\n".join([text, f"Anschrift: {address_line(practice)}", _emergency_sentence(practice)])


def appointment_text(practice: Practice) -> str:
    contact = practice.contact
    lines = [
        "Einen Termin vereinbaren Sie bitte direkt mit der Praxis; "
        "hier im Chat kann ich leider keine Termine buchen."
    ]
    if contact.booking_link:
        lines.append(f"Online-Terminbuchung: {contact.booking_link}")
    if contact.phone:
        lines.append(f"Telefon: {contact.phone}")
    if contact.email:
        lines.append(f"E-Mail: {contact.email}")
    if not (contact.booking_link or contact.phone or contact.email):
        hint = "Bitte nutzen Sie dafür die Kontaktdaten auf der Webseite der Praxis"
        if contact.website:
            hint += f" ({contact.website})"
        lines.append(hint + ".")
    appointment_times = _appointment_times(practice)
    if appointment_times:
        lines.append(
            f"Nach Vereinbarung, also nur mit vorher vereinbartem Termin, ist die "
            f"Praxis {_join_words(appointment_times)} für Sie da."
        )
    return "\n".join(lines)


def _appointment_times(practice: Practice) -> List[str]:
    """E.g. ['am Mittwoch nach 13:00 Uhr', 'am Freitag']."""
    result = []
    for hours in practice.week:
        if hours.appointment_only:
            result.append(f"am {hours.name}")
        elif hours.by_appointment:
            result.append(f"am {hours.name} nach {_hm(hours.intervals[-1].end)} Uhr")
    return result


def _emergency_sentence(practice: Practice) -> str:
    emergency = practice.emergency
    return (
        f"In einem medizinischen Notfall rufen Sie bitte sofort den Notruf "
        f"{emergency.emergency_number} an. Außerhalb der Sprechzeiten erreichen Sie "
        f"den ärztlichen Bereitschaftsdienst unter {emergency.on_call_number}."
    )


# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------


def _local(practice: Practice, moment: datetime) -> datetime:
    zone = ZoneInfo(practice.timezone)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=zone)
    return moment.astimezone(zone)


def _combine(practice: Practice, day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=ZoneInfo(practice.timezone))


def _day_start(practice: Practice, day: date, now: datetime) -> datetime:
    """Start of `day`, or now if that is later."""
    return max(_combine(practice, day, time(0, 0)), now)


def _minute_of(clock: time) -> int:
    return clock.hour * 60 + clock.minute


def _time_of(minute: int) -> time:
    return time(minute // 60, minute % 60)


def _start(interval: Interval) -> int:
    return _minute_of(interval.start)


def _end(interval: Interval) -> int:
    return _minute_of(interval.end)


def _hm(moment) -> str:
    return f"{moment:%H:%M}"


def _span(interval: Interval) -> str:
    return f"{_hm(interval.start)}–{_hm(interval.end)}"


def _spans_sentence(intervals: Sequence[Interval]) -> str:
    """'von 08:00 bis 10:00 Uhr und von 15:00 bis 18:00 Uhr'."""
    return " und ".join(f"von {_hm(i.start)} bis {_hm(i.end)} Uhr" for i in intervals)


def _date_text(day: date, now: datetime) -> str:
    """'25.12.' in the current year, else '1.1.2027'."""
    text = f"{day.day}.{day.month}."
    return text if day.year == now.year else f"{text}{day.year}"


def _weekday_and_date(day: date, now: datetime) -> str:
    return f"{WEEKDAYS[day.weekday()]}, {_date_text(day, now)}"


def _when(moment: datetime, now: datetime) -> str:
    """'heute um 15:00 Uhr' or 'am Montag, 30.11., um 08:00 Uhr'."""
    if moment.date() == now.date():
        return f"heute um {_hm(moment)} Uhr"
    return f"am {_weekday_and_date(moment.date(), now)}, um {_hm(moment)} Uhr"


def _join(sentences: Sequence[str]) -> str:
    return " ".join(sentence for sentence in sentences if sentence)


def _join_words(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " und " + words[-1]


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]
