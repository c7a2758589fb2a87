"""Load and validate practice.yml, the single source of practice facts.

practice.yml is edited by practice staff. Every problem in it is reported as a
`PracticeFileError` with a German message that names the line in the file.
The file is read with `yaml.compose`, which keeps the line number of every
value, and converted by hand into frozen dataclasses.

Usage:
    practice = get_practice()            # cached, path from PRAXIS_FILE or default
    practice = load_practice(some_path)  # not cached, e.g. for tests

Staff can check the file with:
    .venv/bin/python -m actions.practice [pfad/zur/practice.yml]
"""

import os
import re
import sys
from dataclasses import dataclass
from datetime import date, time
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays
import yaml

ENV_VARIABLE = "PRAXIS_FILE"
DEFAULT_PATH = Path(__file__).resolve().parent.parent / "practice.yml"

# Index 0 is Monday, like date.weekday().
WEEKDAYS = (
    "Montag",
    "Dienstag",
    "Mittwoch",
    "Donnerstag",
    "Freitag",
    "Samstag",
    "Sonntag",
)

CLOSED_WORD = "geschlossen"
# Days a conversation is kept when practice.yml does not say (section "datenschutz").
DEFAULT_RETENTION_DAYS = 30
APPOINTMENT_WORD = "nach Vereinbarung"
PRIVACY_KEYS = ("aufbewahrung_tage", "url")

_TIME_PATTERN = re.compile(r"(\d{1,2}):(\d{2})")
_GERMAN_DATE_PATTERN = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_YAML_NULL_TAG = "tag:yaml.org,2002:null"


class PracticeFileError(Exception):
    """practice.yml is missing or malformed. The message is German."""

    def __init__(
        self, reason: str, line: Optional[int] = None, path: Optional[Path] = None
    ) -> None:
        self.reason = reason
        self.line = line
        self.path = path
        super().__init__(self._message())

    def _message(self) -> str:
        file_name = self.path.name if self.path else "practice.yml"
        if self.line is None:
            return f"{file_name}: {self.reason}"
        return f"{file_name}, Zeile {self.line}: {self.reason}"


@dataclass(frozen=True)
class Interval:
    """Fixed opening hours, open from `start` through `end` (both included)."""

    start: time
    end: time


@dataclass(frozen=True)
class DayHours:
    """Regular hours of one weekday.

    by_appointment: "nach Vereinbarung". On a day with intervals this means
    after the last interval; on a day without intervals the whole day.
    """

    weekday: int
    intervals: Tuple[Interval, ...]
    by_appointment: bool

    @property
    def name(self) -> str:
        return WEEKDAYS[self.weekday]

    @property
    def is_closed(self) -> bool:
        return not self.intervals and not self.by_appointment

    @property
    def appointment_only(self) -> bool:
        return not self.intervals and self.by_appointment


@dataclass(frozen=True)
class Closure:
    """Days the practice is closed (staff entry), first and last day included."""

    first_day: date
    last_day: date
    reason: str

    def covers(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day


@dataclass(frozen=True)
class Address:
    street: str
    postcode: str
    city: str


@dataclass(frozen=True)
class Contact:
    """Empty strings mean: not filled in by the practice yet."""

    phone: str
    email: str
    booking_link: str
    website: str


@dataclass(frozen=True)
class PracticeInfo:
    """Facts patients ask about; empty strings mean: not filled in yet."""

    insurance: str = ""  # which patients the practice treats (insurance)
    referral: str = ""  # whether a referral is needed
    transit: str = ""  # bus and train
    parking: str = ""
    accessibility: str = ""  # floor, lift, barrier-free access


@dataclass(frozen=True)
class Emergency:
    emergency_number: str
    on_call_number: str


@dataclass(frozen=True)
class Practice:
    name: str
    address: Address
    timezone: str
    week: Tuple[DayHours, ...]  # 7 entries, index 0 = Monday
    holiday_country: str
    holiday_subdivision: str  # "" = only nationwide holidays
    closures: Tuple[Closure, ...]
    contact: Contact
    emergency: Emergency
    info: PracticeInfo = PracticeInfo()
    # Conversations whose last message is older are deleted (staff/purge.py).
    retention_days: int = DEFAULT_RETENTION_DAYS
    # The practice's privacy policy page, linked in the chat's notice ("" = none).
    privacy_url: str = ""

    def hours_on(self, day: date) -> DayHours:
        return self.week[day.weekday()]


# ---------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------


def practice_file_path() -> Path:
    """Path of practice.yml: PRAXIS_FILE if set, else the project root file."""
    from_env = os.environ.get(ENV_VARIABLE, "").strip()
    return Path(from_env) if from_env else DEFAULT_PATH


def get_practice() -> Practice:
    """The practice, loaded once and reloaded only when the file changes."""
    # Resolved: a published version's file is read through the `live` link, which
    # `make publish` and `make rollback` point elsewhere.
    path = practice_file_path().resolve()
    try:
        modified = path.stat().st_mtime_ns
    except OSError:
        modified = 0  # load_practice reports the missing file
    return _load_cached(str(path), modified)


@lru_cache(maxsize=8)
def _load_cached(path: str, modified: int) -> Practice:
    return load_practice(Path(path))


def load_practice(path: Path) -> Practice:
    """Read and validate one practice file (not cached)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        raise PracticeFileError(
            f"Die Datei {path} wurde nicht gefunden oder kann nicht gelesen werden.",
            path=path,
        )
    try:
        return parse_practice(text)
    except PracticeFileError as error:
        raise PracticeFileError(error.reason, error.line, path) from None


def parse_practice(text: str) -> Practice:
    """Build a Practice from the text of a practice file."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = mark.line + 1 if mark else None
        raise PracticeFileError(
            "Die Datei ist nicht richtig aufgebaut (YAML-Fehler), in dieser Zeile "
            "oder kurz davor. Bitte Einrückung, Doppelpunkte, Klammern und "
            "Anführungszeichen prüfen. "
            f"Technische Meldung: {getattr(error, 'problem', error)}",
            line,
        )
    if root is None:
        raise PracticeFileError("Die Datei ist leer.", 1)

    entries = _entries(
        root,
        "Die Datei",
        required=(
            "name",
            "adresse",
            "zeitzone",
            "oeffnungszeiten",
            "feiertage",
            "notfall",
        ),
        optional=("schliesstage", "kontakt", "praxisinfo", "datenschutz"),
    )
    country, subdivision = _parse_holidays(entries["feiertage"])
    return Practice(
        name=_required_text(entries["name"], "name"),
        address=_parse_address(entries["adresse"]),
        timezone=_parse_timezone(entries["zeitzone"]),
        week=_parse_week(entries["oeffnungszeiten"]),
        holiday_country=country,
        holiday_subdivision=subdivision,
        closures=_parse_closures(entries.get("schliesstage")),
        contact=_parse_contact(entries.get("kontakt")),
        emergency=_parse_emergency(entries["notfall"]),
        info=_parse_info(entries.get("praxisinfo")),
        retention_days=_parse_retention_days(entries.get("datenschutz")),
        privacy_url=_parse_privacy_url(entries.get("datenschutz")),
    )


# ---------------------------------------------------------------------------
# Sections of the file
# ---------------------------------------------------------------------------


def _parse_address(node: yaml.Node) -> Address:
    entries = _entries(node, "Der Abschnitt „adresse“", required=("strasse", "plz", "ort"))
    return Address(
        street=_required_text(entries["strasse"], "strasse"),
        postcode=_required_text(entries["plz"], "plz"),
        city=_required_text(entries["ort"], "ort"),
    )


def _parse_timezone(node: yaml.Node) -> str:
    name = _required_text(node, "zeitzone")
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise _error(node, f"Die Zeitzone „{name}“ ist unbekannt (richtig: Europe/Berlin).")
    return name


def _parse_week(node: yaml.Node) -> Tuple[DayHours, ...]:
    if not isinstance(node, yaml.MappingNode):
        raise _error(node, "Unter „oeffnungszeiten“ werden die Wochentage erwartet.")
    found: Dict[int, DayHours] = {}
    for key_node, value_node in node.value:
        key = _text(key_node)
        weekday = _weekday_index(key)
        if weekday is None:
            raise _error(
                key_node,
                f"„{key}“ ist kein Wochentag. Erlaubt sind: {', '.join(WEEKDAYS)}.",
            )
        if weekday in found:
            raise _error(key_node, f"Der Wochentag „{key}“ steht doppelt in der Datei.")
        found[weekday] = _parse_day(weekday, value_node)
    missing = [WEEKDAYS[i] for i in range(7) if i not in found]
    if missing:
        raise _error(
            node,
            f"Bei den Öffnungszeiten fehlt: {', '.join(missing)}. "
            "Bitte jeden Wochentag eintragen (ggf. mit „geschlossen“).",
        )
    return tuple(found[i] for i in range(7))


def _parse_day(weekday: int, node: yaml.Node) -> DayHours:
    if isinstance(node, yaml.ScalarNode) and not _is_empty(node):
        items = [node]
    elif isinstance(node, yaml.SequenceNode) and node.value:
        items = list(node.value)
    else:
        raise _error(node, _day_hint(WEEKDAYS[weekday]))

    intervals: List[Tuple[Interval, yaml.Node]] = []
    by_appointment = False
    for item in items:
        text = _text(item)
        if _same_words(text, CLOSED_WORD):
            if len(items) > 1:
                raise _error(
                    item,
                    f"„geschlossen“ darf bei {WEEKDAYS[weekday]} nicht zusammen "
                    "mit anderen Angaben stehen.",
                )
            return DayHours(weekday, (), False)
        if _same_words(text, APPOINTMENT_WORD):
            by_appointment = True
            continue
        intervals.append((_parse_interval(item, WEEKDAYS[weekday]), item))

    intervals.sort(key=lambda pair: pair[0].start)
    for (earlier, _), (later, later_node) in zip(intervals, intervals[1:]):
        if later.start <= earlier.end:
            raise _error(
                later_node,
                f"Die Zeiträume „{_interval_text(earlier)}“ und "
                f"„{_interval_text(later)}“ am {WEEKDAYS[weekday]} überschneiden "
                "sich. Bitte zu einem Zeitraum zusammenfassen oder korrigieren.",
            )
    return DayHours(weekday, tuple(i for i, _ in intervals), by_appointment)


def _parse_interval(node: yaml.Node, weekday_name: str) -> Interval:
    text = _text(node)
    parts = re.split(r"\s*[-–]\s*", text)
    if len(parts) != 2:
        raise _error(node, _day_hint(weekday_name, text))
    start = _parse_time(node, parts[0])
    end = _parse_time(node, parts[1])
    if start >= end:
        raise _error(
            node,
            f"Im Zeitraum „{text}“ ({weekday_name}) liegt der Beginn nicht vor dem Ende.",
        )
    return Interval(start, end)


def _parse_time(node: yaml.Node, text: str) -> time:
    match = _TIME_PATTERN.fullmatch(text.strip())
    if match:
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour <= 23 and minute <= 59:
            return time(hour, minute)
    raise _error(
        node,
        f"Die Uhrzeit „{text}“ ist ungültig. Bitte im Format HH:MM angeben "
        "(00:00 bis 23:59), z. B. „08:00-10:00“.",
    )


def _parse_holidays(node: yaml.Node) -> Tuple[str, str]:
    entries = _entries(
        node, "Der Abschnitt „feiertage“", required=("land",), optional=("bundesland",)
    )
    country = _required_text(entries["land"], "land").upper()
    subdivision_node = entries.get("bundesland")
    subdivision = _text(subdivision_node) if subdivision_node is not None else ""
    try:
        holidays.country_holidays(country, subdiv=subdivision or None)
    except NotImplementedError:
        bad_node = entries["land"]
        if subdivision_node is not None and _country_exists(country):
            bad_node = subdivision_node
        raise _error(
            bad_node,
            f"Feiertage für „{country}“ / „{subdivision}“ sind nicht bekannt. "
            'Für Hamburg bitte land: "DE" und bundesland: "HH" eintragen.',
        )
    return country, subdivision


def _country_exists(country: str) -> bool:
    try:
        holidays.country_holidays(country)
    except NotImplementedError:
        return False
    return True


def _parse_closures(node: Optional[yaml.Node]) -> Tuple[Closure, ...]:
    if node is None or _is_empty(node):
        return ()
    if not isinstance(node, yaml.SequenceNode):
        raise _error(
            node,
            "Unter „schliesstage“ wird eine Liste erwartet, jeder Eintrag beginnt "
            "mit „- datum:“ oder „- von:“.",
        )
    closures = []
    for item in node.value:
        entries = _entries(
            item,
            "Ein Schließtag",
            required=("grund",),
            optional=("datum", "von", "bis"),
        )
        reason = _required_text(entries["grund"], "grund")
        if "datum" in entries:
            if "von" in entries or "bis" in entries:
                raise _error(item, "Bitte entweder „datum“ oder „von“/„bis“ angeben, nicht beides.")
            day = _parse_date(entries["datum"])
            closures.append(Closure(day, day, reason))
        elif "von" in entries and "bis" in entries:
            first_day = _parse_date(entries["von"])
            last_day = _parse_date(entries["bis"])
            if first_day > last_day:
                raise _error(entries["bis"], "Das Datum bei „bis“ liegt vor dem Datum bei „von“.")
            closures.append(Closure(first_day, last_day, reason))
        else:
            raise _error(
                item,
                "Bei einem Schließtag fehlt das Datum. Bitte „datum:“ oder "
                "„von:“ und „bis:“ angeben.",
            )
    return tuple(closures)


def _parse_date(node: yaml.Node) -> date:
    text = _text(node)
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    match = _GERMAN_DATE_PATTERN.fullmatch(text)
    if match:
        day, month, year = (int(group) for group in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            pass
    raise _error(
        node,
        f"„{text}“ ist kein gültiges Datum. Bitte im Format JJJJ-MM-TT angeben, "
        "z. B. 2026-12-24.",
    )


def _parse_contact(node: Optional[yaml.Node]) -> Contact:
    if node is None or _is_empty(node):
        return Contact("", "", "", "")
    entries = _entries(
        node,
        "Der Abschnitt „kontakt“",
        optional=("telefon", "email", "termin_link", "webseite"),
    )

    def value(key: str) -> str:
        return _text(entries[key]) if key in entries else ""

    email = value("email")
    if email and "@" not in email:
        raise _error(entries["email"], f"„{email}“ ist keine gültige E-Mail-Adresse.")
    for key in ("termin_link", "webseite"):
        link = value(key)
        if link and not link.startswith(("https://", "http://")):
            raise _error(
                entries[key],
                f"Die Internetadresse bei „{key}“ muss mit https:// beginnen.",
            )
    return Contact(
        phone=value("telefon"),
        email=email,
        booking_link=value("termin_link"),
        website=value("webseite"),
    )


# practice.yml key -> PracticeInfo field
INFO_FIELDS = {
    "versicherung": "insurance",
    "ueberweisung": "referral",
    "anfahrt": "transit",
    "parken": "parking",
    "barrierefreiheit": "accessibility",
}


def _parse_info(node: Optional[yaml.Node]) -> PracticeInfo:
    if node is None or _is_empty(node):
        return PracticeInfo()
    entries = _entries(node, "Der Abschnitt „praxisinfo“", optional=tuple(INFO_FIELDS))
    return PracticeInfo(
        **{field: _text(entries[key]) for key, field in INFO_FIELDS.items() if key in entries}
    )


def _parse_retention_days(node: Optional[yaml.Node]) -> int:
    if node is None or _is_empty(node):
        return DEFAULT_RETENTION_DAYS
    entries = _entries(node, "Der Abschnitt „datenschutz“", optional=PRIVACY_KEYS)
    if "aufbewahrung_tage" not in entries:
        return DEFAULT_RETENTION_DAYS
    value_node = entries["aufbewahrung_tage"]
    text = _required_text(value_node, "aufbewahrung_tage")
    if not re.fullmatch(r"\d+", text) or int(text) < 1:
        raise _error(
            value_node,
            f"„{text}“ ist keine gültige Anzahl von Tagen. Bitte eine ganze Zahl "
            "ab 1 eintragen, z. B. „aufbewahrung_tage: 30“.",
        )
    return int(text)


def _parse_privacy_url(node: Optional[yaml.Node]) -> str:
    if node is None or _is_empty(node):
        return ""
    entries = _entries(node, "Der Abschnitt „datenschutz“", optional=PRIVACY_KEYS)
    url = _text(entries["url"]) if "url" in entries else ""
    if url and not url.startswith(("https://", "http://")):
        raise _error(entries["url"], "Die Internetadresse bei „url“ muss mit https:// beginnen.")
    return url


def _parse_emergency(node: yaml.Node) -> Emergency:
    entries = _entries(node, "Der Abschnitt „notfall“", required=("notruf", "bereitschaftsdienst"))
    numbers = []
    for key in ("notruf", "bereitschaftsdienst"):
        number = _required_text(entries[key], key)
        if not re.fullmatch(r"[0-9][0-9 /-]*", number):
            raise _error(entries[key], f"„{number}“ ist keine gültige Telefonnummer.")
        numbers.append(number)
    return Emergency(emergency_number=numbers[0], on_call_number=numbers[1])


# ---------------------------------------------------------------------------
# Small helpers for yaml nodes
# ---------------------------------------------------------------------------


def _error(node: yaml.Node, reason: str) -> PracticeFileError:
    return PracticeFileError(reason, node.start_mark.line + 1)


def _text(node: yaml.Node) -> str:
    """The text of a single value exactly as written (no yaml type guessing)."""
    if not isinstance(node, yaml.ScalarNode):
        raise _error(node, "Hier wird ein einzelner Wert erwartet, keine Liste.")
    if node.tag == _YAML_NULL_TAG:
        return ""
    return node.value.strip()


def _required_text(node: yaml.Node, key: str) -> str:
    text = _text(node)
    if not text:
        raise _error(node, f"Bei „{key}“ fehlt der Wert.")
    return text


def _is_empty(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and _text(node) == ""


def _entries(
    node: yaml.Node,
    what: str,
    required: Sequence[str] = (),
    optional: Sequence[str] = (),
) -> Dict[str, yaml.Node]:
    """Check a mapping's keys and return key -> value node."""
    if not isinstance(node, yaml.MappingNode):
        raise _error(node, f"{what} muss Einträge der Form „schlüssel: wert“ enthalten.")
    allowed = list(required) + list(optional)
    result: Dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        key = _text(key_node)
        if key not in allowed:
            raise _error(
                key_node,
                f"Unbekannter Eintrag „{key}“. Erlaubt sind hier: {', '.join(allowed)}.",
            )
        if key in result:
            raise _error(key_node, f"Der Eintrag „{key}“ steht doppelt.")
        result[key] = value_node
    for key in required:
        if key not in result:
            raise _error(node, f"{what} ist unvollständig: Der Eintrag „{key}“ fehlt.")
    return result


def _weekday_index(name: str) -> Optional[int]:
    for index, weekday in enumerate(WEEKDAYS):
        if name.strip().lower() == weekday.lower():
            return index
    return None


def _same_words(text: str, expected: str) -> bool:
    return " ".join(text.lower().split()) == expected.lower()


def _interval_text(interval: Interval) -> str:
    return f"{interval.start:%H:%M}-{interval.end:%H:%M}"


def _day_hint(weekday_name: str, text: Optional[str] = None) -> str:
    start = (
        f"„{text}“ ist keine gültige Angabe für {weekday_name}. "
        if text
        else (f"Die Angabe für {weekday_name} ist ungültig. ")
    )
    return start + (
        'Erlaubt sind Zeiträume wie ["08:00-10:00", "15:00-18:00"], '
        "„geschlossen“ oder „nach Vereinbarung“."
    )


# ---------------------------------------------------------------------------
# Command line check for staff
# ---------------------------------------------------------------------------


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    path = Path(args[0]) if args else practice_file_path()
    try:
        load_practice(path)
    except PracticeFileError as error:
        print(f"Fehler: {error}", file=sys.stderr)
        return 1
    print(f"{path.name} ist gültig.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
