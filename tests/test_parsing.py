"""Tests for actions/parsing.py: reading day, part of the day and clock time."""

from datetime import date, datetime, time

import pytest

from actions.clock import BERLIN
from actions.parsing import WEEKDAY_DATE, parse_time_request

# Reference week: Monday 30.11.2026 to Sunday 6.12.2026 (no holidays).
NOW_MONDAY_MORNING = datetime(2026, 11, 30, 9, 30, tzinfo=BERLIN)


# ---------------------------------------------------------------------------
# Days, parts of the day, "now" (now: Monday 30.11.2026 09:30)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, day, kind, part",
    [
        ("Haben Sie heute auf?", date(2026, 11, 30), "today", None),
        ("Und morgen?", date(2026, 12, 1), "tomorrow", None),
        ("übermorgen", date(2026, 12, 2), "day_after_tomorrow", None),
        ("uebermorgen", date(2026, 12, 2), "day_after_tomorrow", None),
        ("ubermorgen", date(2026, 12, 2), "day_after_tomorrow", None),
        ("Haben Sie am Dienstag auf?", date(2026, 12, 1), "weekday", None),
        ("dienstags", date(2026, 12, 1), "weekday", None),
        ("DONNERSTAG", date(2026, 12, 3), "weekday", None),
        ("am Mi", date(2026, 12, 2), "weekday", None),
        ("Montag", date(2026, 11, 30), "weekday", None),  # today is Monday
        ("sonntags", date(2026, 12, 6), "weekday", None),
        ("Sonnabend", date(2026, 12, 5), "weekday", None),
        ("Mitwoch", date(2026, 12, 2), "weekday", None),  # typo
        ("Donerstag", date(2026, 12, 3), "weekday", None),  # typo
        ("Mittwochnachmittag", date(2026, 12, 2), "weekday", "nachmittag"),
        ("freitagvormittag", date(2026, 12, 4), "weekday", "vormittag"),
        ("Montagmorgen", date(2026, 11, 30), "weekday", "vormittag"),
        ("am Montag Morgen", date(2026, 11, 30), "weekday", "vormittag"),
        ("Freitag Nachmittag", date(2026, 12, 4), "weekday", "nachmittag"),
        ("morgen früh", date(2026, 12, 1), "tomorrow", "vormittag"),
        ("morgen frueh", date(2026, 12, 1), "tomorrow", "vormittag"),
        ("heute morgen", date(2026, 11, 30), "today", "vormittag"),
        ("heute Abend", date(2026, 11, 30), "today", "abend"),
        ("morgen Mittag", date(2026, 12, 1), "tomorrow", "mittag"),
        ("morgens", None, None, "vormittag"),
        ("am Morgen", None, None, "vormittag"),
        ("vormittags", None, None, "vormittag"),
        ("nachmittags", None, None, "nachmittag"),
        ("am Nachmitag", None, None, "nachmittag"),  # typo
        ("abends", None, None, "abend"),
        ("Guten Morgen, wann haben Sie geöffnet?", None, None, None),
        ("Wann sind Ihre Öffnungszeiten?", None, None, None),
        ("25.12.", date(2026, 12, 25), "date", None),
        ("Haben Sie am 24.12.2026 geöffnet?", date(2026, 12, 24), "date", None),
        ("am 1.1.", date(2027, 1, 1), "date", None),  # next occurrence
        ("am 25. Dezember", date(2026, 12, 25), "date", None),
        ("Freitag, 25.12.", date(2026, 12, 25), "date", None),  # date wins
    ],
)
def test_parse_day_and_part(text, day, kind, part):
    request = parse_time_request(text, NOW_MONDAY_MORNING)
    assert (request.day, request.day_kind, request.part_of_day) == (day, kind, part)
    assert request.at_time is None
    assert not request.is_now


def test_weekday_earlier_in_the_week_means_next_week():
    wednesday = datetime(2026, 12, 2, 10, 0, tzinfo=BERLIN)
    assert parse_time_request("Dienstag", wednesday).day == date(2026, 12, 8)
    assert parse_time_request("Mittwoch", wednesday).day == date(2026, 12, 2)


@pytest.mark.parametrize(
    "text",
    [
        "Haben Sie jetzt auf?",
        "Ist die Praxis gerade offen?",
        "aktuell geöffnet?",
        "Sind Sie im Moment da?",
        "Haben Sie noch auf?",
    ],
)
def test_parse_now(text):
    request = parse_time_request(text, NOW_MONDAY_MORNING)
    assert request.is_now
    assert request.day is None


def test_noch_without_opening_word_is_not_now():
    assert not parse_time_request("Ich habe noch eine Frage", NOW_MONDAY_MORNING).is_now


@pytest.mark.parametrize(
    "text, day, clock_time",
    [
        ("um 9", None, time(9, 0)),
        ("Haben Sie um 16:30 auf?", None, time(16, 30)),
        ("9 Uhr", None, time(9, 0)),
        ("am Donnerstag um 9 Uhr", date(2026, 12, 3), time(9, 0)),
        ("um 4 nachmittags", None, time(16, 0)),
        ("um 4", None, time(16, 0)),
        ("halb 10", None, time(9, 30)),
        ("am 24.12. um 10:15", date(2026, 12, 24), time(10, 15)),
    ],
)
def test_parse_time(text, day, clock_time):
    request = parse_time_request(text, NOW_MONDAY_MORNING)
    assert request.day == day
    assert request.at_time == clock_time


# ---------------------------------------------------------------------------
# "nächsten Montag", "nächste Woche Dienstag" (issue 8, 4.1 and 4.2)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, day",
    [
        ("Haben Sie nächsten Montag auf?", date(2026, 12, 7)),  # today is Monday
        ("nächster Montag", date(2026, 12, 7)),
        ("am kommenden Montag", date(2026, 12, 7)),
        ("naechsten montag", date(2026, 12, 7)),
        ("am nächsten Mo", date(2026, 12, 7)),
        ("übernächsten Montag", date(2026, 12, 14)),
        ("nächsten Dienstag", date(2026, 12, 1)),  # the coming Tuesday
        ("Haben Sie nächste Woche Dienstag auf?", date(2026, 12, 8)),
        ("Dienstag nächste Woche", date(2026, 12, 8)),
        ("nachste woche dienstag", date(2026, 12, 8)),
        ("am Dienstag der nächsten Woche", date(2026, 12, 8)),
        ("kommende Woche Montag", date(2026, 12, 7)),
        ("übernächste Woche Mittwoch", date(2026, 12, 16)),
    ],
)
def test_weekday_with_next_is_one_later_date(text, day):
    request = parse_time_request(text, NOW_MONDAY_MORNING)
    assert (request.day, request.day_kind) == (day, WEEKDAY_DATE)


def test_next_week_means_the_next_calendar_week():
    sunday = datetime(2026, 12, 6, 10, 0, tzinfo=BERLIN)
    assert parse_time_request("nächste Woche Dienstag", sunday).day == date(2026, 12, 8)
    assert parse_time_request("nächsten Dienstag", sunday).day == date(2026, 12, 8)
    wednesday = datetime(2026, 12, 2, 10, 0, tzinfo=BERLIN)
    assert parse_time_request("nächste Woche Dienstag", wednesday).day == date(2026, 12, 8)
    assert parse_time_request("nächste Woche Mittwoch", wednesday).day == date(2026, 12, 9)


def test_next_week_without_weekday_is_no_day():
    assert parse_time_request("Haben Sie nächste Woche auf?", NOW_MONDAY_MORNING).day is None


# ---------------------------------------------------------------------------
# Clock hours: the reading within the practice day (issue 8, 4.3)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, clock_time",
    [
        ("halb 1", time(12, 30)),
        ("Haben Sie um halb 1 auf?", time(12, 30)),
        ("halb 8", time(7, 30)),
        ("halb 5", time(16, 30)),
        ("halb 7", time(18, 30)),
        ("halb 12", time(11, 30)),
        ("um 7", time(7, 0)),
        ("um 6", time(18, 0)),
        ("um 12", time(12, 0)),
        ("um 18 Uhr", time(18, 0)),
        ("morgens um 6", time(6, 0)),  # a part of the day decides
        ("um halb 8 abends", time(19, 30)),
    ],
)
def test_clock_hour_is_read_within_the_practice_day(text, clock_time):
    assert parse_time_request(text, NOW_MONDAY_MORNING).at_time == clock_time


# ---------------------------------------------------------------------------
# Clock times in words (issue 8, 4.4)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, clock_time",
    [
        ("Haben Sie um neun Uhr auf?", time(9, 0)),
        ("neun Uhr", time(9, 0)),
        ("um neun", time(9, 0)),
        ("halb neun", time(8, 30)),
        ("viertel nach neun", time(9, 15)),
        ("viertel vor zehn", time(9, 45)),
        ("um viertel vor 10 Uhr", time(9, 45)),
        ("viertel nach 4", time(16, 15)),
        ("viertel vor eins", time(12, 45)),
        ("um eins", time(13, 0)),
        ("um ein Uhr", time(13, 0)),
        ("um zwei", time(14, 0)),
        ("um drei", time(15, 0)),
        ("um vier", time(16, 0)),
        ("um fünf", time(17, 0)),
        ("um funf", time(17, 0)),
        ("um sechs", time(18, 0)),
        ("um sieben", time(7, 0)),
        ("um acht", time(8, 0)),
        ("um zehn", time(10, 0)),
        ("um elf", time(11, 0)),
        ("um zwölf", time(12, 0)),
        ("um zwoelf Uhr", time(12, 0)),
        ("um sieben abends", time(19, 0)),
    ],
)
def test_clock_time_in_words(text, clock_time):
    assert parse_time_request(text, NOW_MONDAY_MORNING).at_time == clock_time


@pytest.mark.parametrize(
    "text",
    ["Ich kümmere mich um ein Rezept", "Achtung, wann haben Sie auf?", "Ich habe zwei Fragen"],
)
def test_number_words_without_clock_are_no_time(text):
    assert parse_time_request(text, NOW_MONDAY_MORNING).at_time is None


# ---------------------------------------------------------------------------
# Times of the patient's own plans (issue 8, 4.5)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, day, clock_time",
    [
        ("habe um 10 Physio, haben Sie Mittwoch auf?", date(2026, 12, 2), None),
        ("Ich bin bis 11 beim Arzt, haben Sie Donnerstag auf?", date(2026, 12, 3), None),
        ("Ich arbeite bis 17 Uhr. Wann haben Sie geöffnet?", None, None),
        ("Um 10 habe ich Physio, haben Sie Mittwoch auf?", date(2026, 12, 2), None),
        ("hab um 10 physio haben sie mittwoch auf", date(2026, 12, 2), None),
        # the question's own time counts
        ("habe um 10 Physio, haben Sie Mittwoch um 12 auf?", date(2026, 12, 2), time(12, 0)),
        ("Ich arbeite bis 17 Uhr, haben Sie um halb 7 auf?", None, time(18, 30)),
        # the question points back to the patient's time
        ("Ich arbeite bis 17 Uhr, haben Sie danach noch auf?", None, time(17, 0)),
        (
            "Ich bin bis 11 beim Arzt, haben Sie Mittwoch dann noch auf?",
            date(2026, 12, 2),
            time(11, 0),
        ),
        # "habe"/"bin" of another clause, or with the practice addressed in between
        ("Ich habe eine Frage: haben Sie um 10 auf?", None, time(10, 0)),
        ("Ich habe eine Frage haben Sie um 10 auf", None, time(10, 0)),
        ("Ich bin Patientin, haben Sie Mittwoch um 9 auf?", date(2026, 12, 2), time(9, 0)),
    ],
)
def test_time_of_own_plans_is_not_asked_about(text, day, clock_time):
    request = parse_time_request(text, NOW_MONDAY_MORNING)
    assert (request.day, request.at_time) == (day, clock_time)
