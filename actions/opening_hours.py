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

Reading the question (day, part of the day, clock time) is actions/parsing.py.

All datetimes handed in are converted to the practice time zone; naive
datetimes are taken as practice local time.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Dict, List, Optional, Sequence, Tuple
from zoneinfo import ZoneInfo

import holidays

from actions.parsing import (
    DAY_AFTER_TOMORROW,
    PARTS_OF_DAY,
    TODAY,
    TOMORROW,
    WEEKDAY,
    WEEKDAY_DATE,
    TimeRequest,
    parse_time_request,
)
from actions.practice import WEEKDAYS, DayHours, Interval, Practice

APPOINTMENT_HINT = "Bitte vereinbaren Sie vorher einen Termin."
APPOINTMENT_MEANING = "„Nach Vereinbarung“ bedeutet: nur mit einem vorher vereinbarten Termin."

# How far ahead to look for the next opening (covers long practice holidays).
SEARCH_DAYS = 400

RELATIVE_DAY_WORDS = {TODAY: "Heute", TOMORROW: "Morgen", DAY_AFTER_TOMORROW: "Übermorgen"}


@dataclass(frozen=True)
class OpeningStatus:
    is_open: bool
    by_appointment_only: bool  # a "nach Vereinbarung" time
    closed_reason: Optional[str]  # holiday name or staff closure reason
    next_opening: Optional[datetime]  # start of the next fixed interval (if not open)
    open_until: Optional[datetime] = None  # end of the current interval (if open)


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
        by_appointment_only=reason is None and _appointment_overlaps(hours, minute, minute),
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
    return _spans_line(hours.intervals, hours.by_appointment)


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
        return _open_sentence(label, overlapping, appointment)
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
            lines.append(f"{hours.name}: {_spans_line(overlapping, appointment)}")
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
    return _open_sentence(label, hours.intervals, hours.by_appointment)


def _open_sentence(label: str, intervals: Sequence[Interval], then_by_appointment: bool) -> str:
    """'Mittwochs ist die Praxis von 08:00 bis 13:00 Uhr und anschließend nur nach
    Vereinbarung geöffnet.' ("danach nur nach Vereinbarung" read badly.)"""
    spans = _spans_sentence(intervals)
    if then_by_appointment:
        return (
            f"{label} ist die Praxis {spans} und anschließend nur nach Vereinbarung "
            f"geöffnet. {APPOINTMENT_HINT}"
        )
    return f"{label} ist die Praxis {spans} geöffnet."


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
    """'Dienstags', 'Montagnachmittags', 'Heute (Montag, 30.11.)', 'Am 25.12. um 09:00 Uhr',
    'Am Montag, 7.12., nachmittags'."""
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
    if request.day_kind == WEEKDAY_DATE:
        # "nächsten Montag" is one particular day: name its date, so the patient
        # sees which Monday the answer is about.
        text = f"Am {_weekday_and_date(day, now)},"
    else:
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


def _spans_line(intervals: Sequence[Interval], then_by_appointment: bool) -> str:
    """'08:00–13:00 Uhr und nach Vereinbarung', as the practice's own page writes it."""
    text = " und ".join(_span(interval) for interval in intervals) + " Uhr"
    return text + " und nach Vereinbarung" if then_by_appointment else text


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
