"""Tests for actions/opening_hours.py and actions/clock.py (all with fixed times)."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from actions import clock
from actions.clock import BERLIN
from actions.opening_hours import (
    address_text,
    answer_opening_question,
    appointment_text,
    closed_reason,
    contact_text,
    describe_week,
    next_opening,
    status_at,
    status_now_text,
)
from actions.practice import load_practice

# Reference week: Monday 30.11.2026 to Sunday 6.12.2026 (no holidays).
MONDAY = date(2026, 11, 30)
NOW_MONDAY_MORNING = datetime(2026, 11, 30, 9, 30, tzinfo=BERLIN)
UTC = ZoneInfo("UTC")


def at(day_of_month: int, hour: int, minute: int = 0, month: int = 11, year: int = 2026):
    return datetime(year, month, day_of_month, hour, minute, tzinfo=BERLIN)


# ---------------------------------------------------------------------------
# status_at: every weekday and every boundary
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "moment, is_open, by_appointment",
    [
        # Monday 30.11.2026: 08:00-10:00 and 15:00-18:00
        (at(30, 7, 59), False, False),
        (at(30, 8, 0), True, False),
        (at(30, 10, 0), True, False),
        (at(30, 10, 1), False, False),
        (at(30, 14, 59), False, False),
        (at(30, 15, 0), True, False),
        (at(30, 18, 0), True, False),
        (at(30, 18, 1), False, False),
        # Tuesday 1.12.: closed
        (at(1, 9, 0, month=12), False, False),
        (at(1, 16, 0, month=12), False, False),
        # Wednesday 2.12.: 08:00-13:00, afterwards by appointment
        (at(2, 7, 59, month=12), False, False),
        (at(2, 8, 0, month=12), True, False),
        (at(2, 13, 0, month=12), True, False),
        (at(2, 13, 1, month=12), False, True),
        (at(2, 16, 0, month=12), False, True),
        # Thursday 3.12.: 08:00-13:00
        (at(3, 7, 59, month=12), False, False),
        (at(3, 8, 0, month=12), True, False),
        (at(3, 13, 0, month=12), True, False),
        (at(3, 13, 1, month=12), False, False),
        # Friday 4.12.: only by appointment
        (at(4, 9, 0, month=12), False, True),
        (at(4, 15, 0, month=12), False, True),
        # Weekend
        (at(5, 10, 0, month=12), False, False),
        (at(6, 10, 0, month=12), False, False),
    ],
)
def test_status_at_boundaries(practice_facts, moment, is_open, by_appointment):
    status = status_at(practice_facts, moment)
    assert status.is_open is is_open
    assert status.by_appointment_only is by_appointment
    assert status.closed_reason is None


def test_status_uses_minute_granularity(practice_facts):
    assert status_at(practice_facts, datetime(2026, 11, 30, 10, 0, 59, tzinfo=BERLIN)).is_open
    assert not status_at(practice_facts, datetime(2026, 11, 30, 7, 59, 59, tzinfo=BERLIN)).is_open


def test_status_accepts_naive_and_other_time_zones(practice_facts):
    assert status_at(practice_facts, datetime(2026, 11, 30, 9, 0)).is_open
    # Berlin is UTC+1 in winter: 07:30 UTC is 08:30, 06:30 UTC is 07:30 in Berlin.
    assert status_at(practice_facts, datetime(2026, 11, 30, 7, 30, tzinfo=UTC)).is_open
    assert not status_at(practice_facts, datetime(2026, 11, 30, 6, 30, tzinfo=UTC)).is_open


def test_open_status_has_end_of_interval(practice_facts):
    status = status_at(practice_facts, at(30, 16, 0))
    assert status.open_until == at(30, 18, 0)
    assert status.next_opening is None


@pytest.mark.parametrize(
    "moment, expected",
    [
        (at(30, 7, 59), at(30, 8, 0)),
        (at(30, 10, 1), at(30, 15, 0)),
        (at(30, 18, 1), at(2, 8, 0, month=12)),  # Tuesday closed
        (at(2, 13, 1, month=12), at(3, 8, 0, month=12)),
        (at(3, 13, 1, month=12), at(7, 8, 0, month=12)),  # Friday has no fixed hours
        (at(5, 10, 0, month=12), at(7, 8, 0, month=12)),
    ],
)
def test_next_opening(practice_facts, moment, expected):
    assert status_at(practice_facts, moment).next_opening == expected
    assert next_opening(practice_facts, moment) == expected


# ---------------------------------------------------------------------------
# Holidays in Hamburg and staff closure days
# ---------------------------------------------------------------------------


def test_christmas_day_is_closed_even_on_an_appointment_friday(practice_facts):
    status = status_at(practice_facts, at(25, 10, 0, month=12))
    assert not status.is_open
    assert not status.by_appointment_only
    assert status.closed_reason == "Erster Weihnachtstag"
    assert status.next_opening == at(28, 8, 0, month=12)


@pytest.mark.parametrize(
    "day, name",
    [
        (date(2024, 10, 31), "Reformationstag"),  # Thursday, holiday in Hamburg
        (date(2024, 10, 3), "Tag der Deutschen Einheit"),  # Thursday
        (date(2026, 5, 14), "Christi Himmelfahrt"),  # Thursday
    ],
)
def test_hamburg_holiday_on_a_working_day(practice_facts, day, name):
    moment = datetime.combine(day, time(9, 0), tzinfo=BERLIN)
    status = status_at(practice_facts, moment)
    assert not status.is_open
    assert status.closed_reason == name


def test_holiday_of_other_states_does_not_close_the_practice(practice_facts):
    # Fronleichnam (4.6.2026, Thursday) is no public holiday in Hamburg.
    assert closed_reason(practice_facts, date(2026, 6, 4)) is None
    assert status_at(practice_facts, datetime(2026, 6, 4, 9, 0, tzinfo=BERLIN)).is_open


def test_staff_closure_days(practice_file_factory):
    path = practice_file_factory(
        {
            "schliesstage:\n": (
                "schliesstage:\n"
                "  - datum: 2026-11-30\n"
                '    grund: "Praxisurlaub"\n'
                '  - von: "2.12.2026"\n'
                "    bis: 2026-12-03\n"
                '    grund: "Fortbildung"\n'
            )
        }
    )
    practice = load_practice(path)
    monday = status_at(practice, at(30, 9, 0))
    assert not monday.is_open
    assert monday.closed_reason == "Praxisurlaub"
    # Tuesday closed, Wednesday/Thursday closure, Friday no fixed hours.
    assert monday.next_opening == at(7, 8, 0, month=12)
    wednesday = status_at(practice, at(2, 15, 0, month=12))
    assert wednesday.closed_reason == "Fortbildung"
    assert not wednesday.by_appointment_only
    assert status_at(practice, at(7, 9, 0, month=12)).is_open

    answer = answer_opening_question(practice, "Haben Sie am 30.11. auf?", at(29, 12, 0))
    assert answer.startswith("Am 30.11. ist die Praxis geschlossen (Praxisurlaub).")
    assert "am Montag, 7.12., um 08:00 Uhr" in answer


# ---------------------------------------------------------------------------
# Texts
# ---------------------------------------------------------------------------


def test_describe_week(practice_facts):
    text = describe_week(practice_facts)
    lines = text.splitlines()
    assert lines[1:8] == [
        "Montag: 08:00–10:00 und 15:00–18:00 Uhr",
        "Dienstag: geschlossen",
        "Mittwoch: 08:00–13:00 Uhr und nach Vereinbarung",
        "Donnerstag: 08:00–13:00 Uhr",
        "Freitag: nur nach Vereinbarung",
        "Samstag: geschlossen",
        "Sonntag: geschlossen",
    ]
    assert "nur mit einem vorher vereinbarten Termin" in text
    assert "Feiertagen in Hamburg ist die Praxis geschlossen" in text


def test_status_now_text_open(practice_facts):
    assert (
        status_now_text(practice_facts, at(2, 9, 0, month=12))
        == "Die Praxis ist jetzt geöffnet (bis 13:00 Uhr)."
    )


def test_status_now_text_closed(practice_facts):
    assert (
        status_now_text(practice_facts, at(28, 11, 0))  # Saturday
        == "Die Praxis ist jetzt geschlossen; sie öffnet wieder am Montag, 30.11., um 08:00 Uhr."
    )
    assert (
        status_now_text(practice_facts, at(30, 12, 0))
        == "Die Praxis ist jetzt geschlossen; sie öffnet wieder heute um 15:00 Uhr."
    )


def test_status_now_text_by_appointment_and_holiday(practice_facts):
    wednesday = status_now_text(practice_facts, at(2, 15, 0, month=12))
    assert "nur nach Vereinbarung" in wednesday
    assert "Donnerstag, 3.12., um 08:00 Uhr" in wednesday
    christmas = status_now_text(practice_facts, at(25, 10, 0, month=12))
    assert christmas == (
        "Die Praxis ist jetzt geschlossen (Erster Weihnachtstag); "
        "sie öffnet wieder am Montag, 28.12., um 08:00 Uhr."
    )


def test_address_text(practice_facts):
    assert "Dr. med. Klase Neurochirurgie, Rothenbaumchaussee 3, 20148 Hamburg" in address_text(
        practice_facts
    )


def test_contact_text_without_contact_details_points_to_website(practice_facts):
    text = contact_text(practice_facts)
    assert "Webseite der Praxis" in text
    assert "Telefon:" not in text and "E-Mail:" not in text
    assert "Rothenbaumchaussee 3, 20148 Hamburg" in text
    assert "112" in text and "116117" in text


def test_contact_and_appointment_text_show_filled_details(practice_file_factory):
    path = practice_file_factory(
        {
            'telefon: ""': 'telefon: "040 000 TEST"',
            'email: ""': 'email: "test@example.org"',
            'termin_link: ""': 'termin_link: "https://example.org/termin"',
        }
    )
    practice = load_practice(path)
    contact = contact_text(practice)
    assert "Telefon: 040 000 TEST" in contact
    assert "E-Mail: test@example.org" in contact
    assert "Webseite der Praxis" not in contact
    appointment = appointment_text(practice)
    assert "https://example.org/termin" in appointment
    assert "040 000 TEST" in appointment


def test_appointment_text_without_details(practice_facts):
    text = appointment_text(practice_facts)
    assert "Webseite der Praxis" in text
    assert "am Mittwoch nach 13:00 Uhr und am Freitag" in text
    assert "nur mit vorher vereinbartem Termin" in text


# ---------------------------------------------------------------------------
# answer_opening_question
# ---------------------------------------------------------------------------


def test_answer_without_day_describes_the_week(practice_facts):
    answer = answer_opening_question(practice_facts, "Wann haben Sie geöffnet?", NOW_MONDAY_MORNING)
    assert answer == describe_week(practice_facts)


def test_answer_week_mentions_holiday_in_the_coming_days(practice_facts):
    answer = answer_opening_question(
        practice_facts, "Wann haben Sie geöffnet?", at(21, 9, 0, month=12)
    )
    assert answer.startswith(describe_week(practice_facts))
    assert "Freitag, 25.12.: geschlossen (Erster Weihnachtstag)" in answer


def test_answer_closed_weekday_with_next_opening(practice_facts):
    answer = answer_opening_question(
        practice_facts, "Haben Sie am Dienstag auf?", NOW_MONDAY_MORNING
    )
    assert answer == (
        "Dienstags ist die Praxis geschlossen. "
        "Die nächste feste Sprechzeit beginnt am Mittwoch, 2.12., um 08:00 Uhr."
    )


@pytest.mark.parametrize(
    "text, expected_start",
    [
        (
            "Montag?",
            "Montags ist die Praxis von 08:00 bis 10:00 Uhr und von 15:00 bis 18:00 Uhr geöffnet.",
        ),
        (
            "Mittwoch?",
            "Mittwochs ist die Praxis von 08:00 bis 13:00 Uhr und anschließend nur nach Vereinbarung geöffnet.",
        ),
        ("Donnerstag?", "Donnerstags ist die Praxis von 08:00 bis 13:00 Uhr geöffnet."),
        (
            "Freitag?",
            "Freitags ist die Praxis nur nach Vereinbarung geöffnet. Bitte vereinbaren Sie vorher einen Termin.",
        ),
        (
            "Samstag?",
            "Samstags ist die Praxis geschlossen. Die nächste feste Sprechzeit beginnt am Montag, 7.12., um 08:00 Uhr.",
        ),
        ("Sonntag?", "Sonntags ist die Praxis geschlossen."),
    ],
)
def test_answer_each_weekday(practice_facts, text, expected_start):
    answer = answer_opening_question(practice_facts, text, NOW_MONDAY_MORNING)
    assert answer.startswith(expected_start)


def test_answer_holiday_date(practice_facts):
    answer = answer_opening_question(
        practice_facts, "Haben Sie am 25.12. geöffnet?", NOW_MONDAY_MORNING
    )
    assert answer == (
        "Am 25.12. ist die Praxis geschlossen (Erster Weihnachtstag). "
        "Die nächste feste Sprechzeit beginnt am Montag, 28.12., um 08:00 Uhr."
    )


def test_answer_weekday_that_is_a_holiday(practice_facts):
    answer = answer_opening_question(
        practice_facts, "Haben Sie Freitag auf?", at(21, 9, 0, month=12)
    )
    assert answer.startswith(
        "Am Freitag, 25.12., ist die Praxis geschlossen (Erster Weihnachtstag)."
    )


def test_answer_friday_afternoon(practice_facts):
    answer = answer_opening_question(
        practice_facts, "Haben Sie Freitagnachmittag auf?", NOW_MONDAY_MORNING
    )
    assert answer == (
        "Freitags ist die Praxis nur nach Vereinbarung geöffnet. "
        "Bitte vereinbaren Sie vorher einen Termin."
    )


def test_answer_wednesday_afternoon(practice_facts):
    answer = answer_opening_question(practice_facts, "Mittwochnachmittag?", NOW_MONDAY_MORNING)
    assert answer.startswith("Mittwochnachmittags ist die Praxis nur nach Vereinbarung geöffnet.")
    assert "vorher einen Termin" in answer
    assert "am Mittwoch von 08:00 bis 13:00 Uhr" in answer


def test_answer_monday_afternoon(practice_facts):
    answer = answer_opening_question(
        practice_facts, "Haben Sie montags nachmittags auf?", NOW_MONDAY_MORNING
    )
    assert answer == "Montagnachmittags ist die Praxis von 15:00 bis 18:00 Uhr geöffnet."


def test_answer_thursday_afternoon_is_closed(practice_facts):
    answer = answer_opening_question(practice_facts, "Donnerstag nachmittag?", NOW_MONDAY_MORNING)
    assert answer.startswith("Donnerstagnachmittags ist die Praxis geschlossen.")
    assert "am Donnerstag von 08:00 bis 13:00 Uhr" in answer
    assert "Montag, 7.12., um 08:00 Uhr" in answer


def test_answer_tomorrow_morning_closed_tuesday(practice_facts):
    answer = answer_opening_question(
        practice_facts, "Haben Sie morgen früh auf?", NOW_MONDAY_MORNING
    )
    assert answer.startswith("Morgen (Dienstag, 1.12.) ist die Praxis geschlossen.")


def test_answer_today_includes_current_status(practice_facts):
    answer = answer_opening_question(practice_facts, "Haben Sie heute auf?", at(30, 12, 0))
    assert answer == (
        "Heute (Montag, 30.11.) ist die Praxis von 08:00 bis 10:00 Uhr und von "
        "15:00 bis 18:00 Uhr geöffnet. Die Praxis ist jetzt geschlossen; sie öffnet "
        "wieder heute um 15:00 Uhr."
    )


@pytest.mark.parametrize(
    "moment, expected",
    [
        (NOW_MONDAY_MORNING, "Die Praxis ist jetzt geöffnet (bis 10:00 Uhr)."),
        (
            at(1, 9, 0, month=12),
            "Die Praxis ist jetzt geschlossen; sie öffnet wieder am Mittwoch, 2.12., um 08:00 Uhr.",
        ),
    ],
)
def test_answer_now(practice_facts, moment, expected):
    assert answer_opening_question(practice_facts, "Haben Sie jetzt geöffnet?", moment) == expected


def test_answer_exact_time_on_a_day(practice_facts):
    open_answer = answer_opening_question(practice_facts, "Montag um 9 Uhr?", NOW_MONDAY_MORNING)
    assert open_answer == "Montags um 09:00 Uhr ist die Praxis von 08:00 bis 10:00 Uhr geöffnet."
    closed_answer = answer_opening_question(
        practice_facts, "Donnerstag um 14 Uhr?", NOW_MONDAY_MORNING
    )
    assert closed_answer.startswith("Donnerstags um 14:00 Uhr ist die Praxis geschlossen.")
    appointment_answer = answer_opening_question(
        practice_facts, "Mittwoch um 15 Uhr?", NOW_MONDAY_MORNING
    )
    assert appointment_answer.startswith(
        "Mittwochs um 15:00 Uhr ist die Praxis nur nach Vereinbarung geöffnet."
    )


def test_answer_exact_time_at_end_of_fixed_hours(practice_facts):
    at_end = answer_opening_question(practice_facts, "Mittwoch um 13 Uhr?", NOW_MONDAY_MORNING)
    assert at_end == "Mittwochs um 13:00 Uhr ist die Praxis von 08:00 bis 13:00 Uhr geöffnet."
    after_end = answer_opening_question(
        practice_facts, "Mittwoch um 13:01 Uhr?", NOW_MONDAY_MORNING
    )
    assert after_end.startswith(
        "Mittwochs um 13:01 Uhr ist die Praxis nur nach Vereinbarung geöffnet."
    )


def test_answer_part_of_day_without_day_lists_the_week(practice_facts):
    answer = answer_opening_question(
        practice_facts, "Haben Sie nachmittags auf?", NOW_MONDAY_MORNING
    )
    assert "Montag: 15:00–18:00 Uhr" in answer
    assert "Mittwoch: nur nach Vereinbarung" in answer
    assert "Freitag: nur nach Vereinbarung" in answer
    assert "Donnerstag" not in answer and "Dienstag" not in answer


# ---------------------------------------------------------------------------
# Answers that were wrong (issue 8, section 4); now: Monday 30.11.2026 09:30
# ---------------------------------------------------------------------------


def test_answer_next_monday_asked_on_a_monday(practice_facts):
    # It used to answer for today ("Montags ... Die Praxis ist jetzt geöffnet").
    answer = answer_opening_question(
        practice_facts, "Haben Sie nächsten Montag auf?", NOW_MONDAY_MORNING
    )
    assert answer == (
        "Am Montag, 7.12., ist die Praxis von 08:00 bis 10:00 Uhr und von 15:00 bis 18:00 Uhr geöffnet."
    )
    with_time = answer_opening_question(practice_facts, "nächsten Montag um 9?", NOW_MONDAY_MORNING)
    assert (
        with_time
        == "Am Montag, 7.12., um 09:00 Uhr ist die Praxis von 08:00 bis 10:00 Uhr geöffnet."
    )


def test_answer_next_weekday_on_a_holiday(practice_facts):
    answer = answer_opening_question(
        practice_facts, "Haben Sie nächsten Freitag auf?", at(21, 9, 0, month=12)
    )
    assert answer.startswith(
        "Am Freitag, 25.12., ist die Praxis geschlossen (Erster Weihnachtstag)."
    )


def test_answer_next_week_tuesday(practice_facts):
    # It used to answer for tomorrow, Tuesday 1.12.
    answer = answer_opening_question(
        practice_facts, "Haben Sie nächste Woche Dienstag auf?", NOW_MONDAY_MORNING
    )
    assert answer == (
        "Am Dienstag, 8.12., ist die Praxis geschlossen. "
        "Die nächste feste Sprechzeit beginnt am Mittwoch, 9.12., um 08:00 Uhr."
    )


def test_answer_half_past_twelve(practice_facts):
    # "halb 1" used to be 00:30.
    answer = answer_opening_question(
        practice_facts, "Haben Sie Mittwoch um halb 1 auf?", NOW_MONDAY_MORNING
    )
    assert answer == "Mittwochs um 12:30 Uhr ist die Praxis von 08:00 bis 13:00 Uhr geöffnet."
    week = answer_opening_question(practice_facts, "Haben Sie um halb 1 auf?", NOW_MONDAY_MORNING)
    assert week.startswith(
        "Um 12:30 Uhr hat die Praxis diese Sprechzeiten:\nMittwoch: 08:00–13:00 Uhr\n"
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Haben Sie Montag um neun Uhr auf?",
            "Montags um 09:00 Uhr ist die Praxis von 08:00 bis 10:00 Uhr geöffnet.",
        ),
        (
            "Montag halb neun?",
            "Montags um 08:30 Uhr ist die Praxis von 08:00 bis 10:00 Uhr geöffnet.",
        ),
        (
            "Montag viertel nach neun?",
            "Montags um 09:15 Uhr ist die Praxis von 08:00 bis 10:00 Uhr geöffnet.",
        ),
        (
            "Montag viertel vor zehn?",
            "Montags um 09:45 Uhr ist die Praxis von 08:00 bis 10:00 Uhr geöffnet.",
        ),
    ],
)
def test_answer_time_in_words(practice_facts, text, expected):
    # The time in words used to be ignored: the answer was the whole Monday.
    assert answer_opening_question(practice_facts, text, NOW_MONDAY_MORNING) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "habe um 10 Physio, haben Sie Mittwoch auf?",
            "Mittwochs ist die Praxis von 08:00 bis 13:00 Uhr und anschließend nur nach "
            "Vereinbarung geöffnet. Bitte vereinbaren Sie vorher einen Termin.",
        ),
        (
            "Ich bin bis 11 beim Arzt, haben Sie Donnerstag auf?",
            "Donnerstags ist die Praxis von 08:00 bis 13:00 Uhr geöffnet.",
        ),
    ],
)
def test_answer_ignores_the_time_of_own_plans(practice_facts, text, expected):
    # The 10:00 and 11:00 used to be taken as the time asked about.
    assert answer_opening_question(practice_facts, text, NOW_MONDAY_MORNING) == expected


def test_answer_ignores_working_hours_but_keeps_the_part_of_day(practice_facts):
    answer = answer_opening_question(
        practice_facts, "Ich arbeite bis 17 Uhr, haben Sie abends auf?", NOW_MONDAY_MORNING
    )
    assert answer.startswith(
        "Abends hat die Praxis diese Sprechzeiten:\nMittwoch: nur nach Vereinbarung"
    )
    assert "17:00" not in answer


def test_answer_by_appointment_after_fixed_hours_reads_naturally(practice_facts):
    # It used to read "08:00–13:00 Uhr, danach nach Vereinbarung".
    week = answer_opening_question(practice_facts, "Haben Sie mittags auf?", NOW_MONDAY_MORNING)
    assert "Mittwoch: 08:00–13:00 Uhr und nach Vereinbarung" in week
    noon = answer_opening_question(practice_facts, "Mittwochmittag?", NOW_MONDAY_MORNING)
    assert noon == (
        "Mittwochmittags ist die Praxis von 08:00 bis 13:00 Uhr und anschließend nur nach "
        "Vereinbarung geöffnet. Bitte vereinbaren Sie vorher einen Termin."
    )
    for answer in (week, noon, describe_week(practice_facts)):
        assert "danach" not in answer


# ---------------------------------------------------------------------------
# clock
# ---------------------------------------------------------------------------


def test_clock_can_be_fixed_and_reset(fixed_clock, monkeypatch):
    monkeypatch.delenv("PRAXIS_NOW", raising=False)
    fixed_clock(datetime(2026, 11, 30, 9, 30))
    assert clock.now() == NOW_MONDAY_MORNING
    assert clock.now().tzinfo is not None
    clock.reset()
    assert clock.now() != NOW_MONDAY_MORNING
    assert clock.now().utcoffset() == datetime.now(BERLIN).utcoffset()


def test_clock_reads_praxis_now(monkeypatch):
    monkeypatch.setenv("PRAXIS_NOW", "2026-11-30T09:30")
    assert clock.now() == NOW_MONDAY_MORNING
    assert clock.now().tzinfo == BERLIN
