"""What patients asked that the assistant did not understand, for the practice staff.

    make review ARGS="--since 2026-11-01 --bis 2026-11-30 --schwelle 0.6"

Reads the stored conversations (the tracker store named in endpoints.yml) and
prints, in German:
1. the messages the assistant did not understand (nlu_fallback) or was unsure
   about (confidence below --schwelle; for an FAQ also the confidence of the
   chosen topic), grouped by similar wording, with the label it guessed;
2. the same lines as a snippet for data/nlu.yml, to be moved under the right topic;
3. how many conversations got a warning-sign answer (red_flag) or the safety
   question (red_flag_check), by group and by urgency.
Privacy: no sender ids and no times of day are printed, only dates; names, phone
numbers, e-mail addresses, dates and street addresses in the messages are masked
(staff/personal_data.py), in the list and in the block for data/nlu.yml.
Button clicks (messages starting with "/") are not questions and are skipped in 1 and 2.
"""

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Dict, List, Optional, Sequence

from actions.practice import PracticeFileError, get_practice
from components.normalize import fold_umlauts
from components.red_flag_labels import CHECK_INTENT, RED_FLAG_ENTITY, RED_FLAG_INTENT, TIER_ENTITY
from components.red_flags import TIERS
from staff import personal_data
from staff.tracker_events import (
    TrackerStoreError,
    UserMessage,
    add_endpoints_argument,
    open_sql_tracker_store,
    read_user_messages,
    sqlite_file_is_missing,
    tracker_store_config,
)

DEFAULT_THRESHOLD = 0.6
# Two messages belong to one group when their word sets overlap this much (Jaccard).
SIMILAR_WORDING = 0.6
FALLBACK_INTENT = "nlu_fallback"
FAQ_INTENT = "faq"
# Never a guessed label: the classifier's red_flag guesses are the detector's to decide.
NOT_A_GUESS = {FALLBACK_INTENT, RED_FLAG_INTENT, CHECK_INTENT}


# ---------------------------------------------------------------------------
# 1. Messages the assistant did not understand
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class UncertainMessage:
    text: str
    label: str  # what the assistant guessed: an intent, or faq/<topic>
    day: date


def faq_response(parse_data: Dict[str, Any]) -> Dict[str, Any]:
    return ((parse_data.get("response_selector") or {}).get(FAQ_INTENT) or {}).get("response") or {}


def guessed_label(parse_data: Dict[str, Any]) -> str:
    """The intent the assistant chose or, for nlu_fallback, the classifier's best
    guess; for an FAQ the topic (faq/<topic>) that was picked."""
    intent = (parse_data.get("intent") or {}).get("name") or FALLBACK_INTENT
    if intent == FALLBACK_INTENT:
        guesses = [
            ranked.get("name")
            for ranked in parse_data.get("intent_ranking") or []
            if ranked.get("name") not in NOT_A_GUESS
        ]
        intent = guesses[0] if guesses else FALLBACK_INTENT
    if intent == FAQ_INTENT:
        return faq_response(parse_data).get("intent_response_key") or FAQ_INTENT
    return intent


def confidence(parse_data: Dict[str, Any]) -> float:
    """The intent's confidence; for an FAQ the lower of it and the topic's."""
    intent = parse_data.get("intent") or {}
    value = float(intent.get("confidence") or 0.0)
    topic_confidence = faq_response(parse_data).get("confidence")
    if intent.get("name") == FAQ_INTENT and topic_confidence is not None:
        value = min(value, float(topic_confidence))
    return value


def is_uncertain(parse_data: Dict[str, Any], threshold: float) -> bool:
    intent = (parse_data.get("intent") or {}).get("name")
    if intent in (RED_FLAG_INTENT, CHECK_INTENT):
        return False  # the detector's decisions, counted in part 3
    return intent == FALLBACK_INTENT or confidence(parse_data) < threshold


def uncertain_messages(messages: Sequence[UserMessage], threshold: float) -> List[UncertainMessage]:
    return [
        UncertainMessage(
            personal_data.mask(one_line(message.text)),
            guessed_label(message.parse_data),
            message.day,
        )
        for message in messages
        if one_line(message.text)
        and not message.text.strip().startswith("/")
        and is_uncertain(message.parse_data, threshold)
    ]


def one_line(text: str) -> str:
    """The message on one line, without control characters."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())


def normalise(text: str) -> str:
    """Lower case, umlauts folded, punctuation removed: "Rücken, weh!" -> "ruecken weh"."""
    return " ".join(re.sub(r"[^\w\s]|_", " ", fold_umlauts(text)).split())


def jaccard(first: frozenset, second: frozenset) -> float:
    if not first and not second:
        return 1.0
    return len(first & second) / len(first | second)


@dataclass
class MessageGroup:
    """Messages with similar wording; `words` are those of the first (most frequent) one."""

    words: frozenset
    wordings: Counter = field(default_factory=Counter)
    labels: Counter = field(default_factory=Counter)
    last_day: Optional[date] = None

    def add(self, message: UncertainMessage) -> None:
        self.wordings[message.text] += 1
        self.labels[message.label] += 1
        self.last_day = message.day if self.last_day is None else max(self.last_day, message.day)

    @property
    def count(self) -> int:
        return sum(self.wordings.values())

    @property
    def label(self) -> str:
        return self.labels.most_common(1)[0][0]


def group_similar(
    messages: Sequence[UncertainMessage], min_overlap: float = SIMILAR_WORDING
) -> List[MessageGroup]:
    """Groups messages whose normalised word sets overlap by at least `min_overlap`
    (identical normalised text always does), largest group first."""
    frequency = Counter(normalise(message.text) for message in messages)
    most_frequent_first = sorted(messages, key=lambda m: -frequency[normalise(m.text)])
    groups: List[MessageGroup] = []
    for message in most_frequent_first:
        words = frozenset(normalise(message.text).split())
        group = next((g for g in groups if jaccard(g.words, words) >= min_overlap), None)
        if group is None:
            group = MessageGroup(words)
            groups.append(group)
        group.add(message)
    return sorted(groups, key=lambda g: -g.count)


def times(count: int) -> str:
    return f"{count}-mal"


def counted(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def format_groups(groups: Sequence[MessageGroup], threshold: float) -> List[str]:
    total = sum(group.count for group in groups)
    lines = [
        "1. Nicht verstanden oder unsicher "
        f"(Sicherheit unter {german_number(threshold)}): "
        f"{counted(total, 'Nachricht', 'Nachrichten')}, "
        f"{counted(len(groups), 'Gruppe', 'Gruppen')} ähnlicher Wortwahl",
        "",
    ]
    if not groups:
        lines.append("   Keine. Der Assistent war sich bei allen Fragen sicher.")
    for number, group in enumerate(groups, start=1):
        (wording, count), *others = group.wordings.most_common()
        lines.append(f"   {number:>2}. {times(group.count):>7}  „{wording}“")
        lines.append(f"                vermutet: {group.label}, zuletzt am {group.last_day}")
        for other, other_count in others:
            lines.append(f"                ähnlich ({times(other_count)}): „{other}“")
    return lines


def german_number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


# ---------------------------------------------------------------------------
# 2. Snippet for data/nlu.yml
# ---------------------------------------------------------------------------


def nlu_snippet(groups: Sequence[MessageGroup]) -> str:
    """`- intent: ???` blocks in the format of data/nlu.yml, one per guessed label."""
    lines_by_label: Dict[str, List[str]] = {}
    for group in groups:
        lines = lines_by_label.setdefault(group.label, [])
        lines.extend(text for text, _ in group.wordings.most_common() if text not in lines)
    snippet = [
        "# Fragen, die der Assistent nicht sicher verstanden hat. Bitte jede Zeile in",
        "# data/nlu.yml unter das richtige Thema verschieben (z. B. unter",
        "# „- intent: faq/physio_not_helping“). Zeilen, die zu keinem Thema passen,",
        "# löschen. „intent: ???“ darf nicht in data/nlu.yml stehen bleiben.",
    ]
    if not lines_by_label:
        snippet.append("# (keine)")
    for label, texts in lines_by_label.items():
        snippet.append(f"# Der Assistent hat „{label}“ vermutet; das kann falsch sein.")
        snippet.append("- intent: ???")
        snippet.append("  examples: |")
        snippet.extend(f"    - {text}" for text in texts)
    return "\n".join(snippet) + "\n"


# ---------------------------------------------------------------------------
# 3. Warning signs
# ---------------------------------------------------------------------------

ALL = "alle"
BY_GROUP = "gruppe"
BY_TIER = "dringlichkeit"


def warning_sign_counts(messages: Sequence[UserMessage]) -> Counter:
    """Number of conversations per (intent, ALL/BY_GROUP/BY_TIER, value), for the
    intents red_flag and red_flag_check; a conversation counts once per key."""
    seen = set()
    for message in messages:
        intent = (message.parse_data.get("intent") or {}).get("name")
        if intent not in (RED_FLAG_INTENT, CHECK_INTENT):
            continue
        seen.add((intent, ALL, "", message.conversation))
        for entity in message.parse_data.get("entities") or []:
            kind = {RED_FLAG_ENTITY: BY_GROUP, TIER_ENTITY: BY_TIER}.get(entity.get("entity"))
            if kind:
                seen.add((intent, kind, str(entity.get("value")), message.conversation))
    return Counter((intent, kind, value) for intent, kind, value, _ in seen)


def format_warning_signs(counts: Counter) -> List[str]:
    lines = [
        "3. Warnzeichen (Anzahl Gespräche)",
        "",
        f"   Gespräche mit Warnzeichen-Antwort (red_flag):      {counts[(RED_FLAG_INTENT, ALL, '')]:>4}",
        f"   Gespräche mit Sicherheitsfrage (red_flag_check):   {counts[(CHECK_INTENT, ALL, '')]:>4}",
    ]
    for kind, heading in ((BY_GROUP, "nach Gruppe"), (BY_TIER, "nach Dringlichkeit")):
        values = sorted(
            {value for _, k, value in counts if k == kind},
            key=lambda v: (TIERS.index(v) if v in TIERS else len(TIERS), v),
        )
        lines += ["", f"   {heading:<22} {'Warnzeichen':>12} {'Sicherheitsfrage':>17}"]
        if not values:
            lines.append("   (keine)")
        for value in values:
            lines.append(
                f"   {value:<22} {counts[(RED_FLAG_INTENT, kind, value)]:>12}"
                f" {counts[(CHECK_INTENT, kind, value)]:>17}"
            )
    return lines


# ---------------------------------------------------------------------------
# Report and command line
# ---------------------------------------------------------------------------


def period_text(first_day: Optional[date], last_day: Optional[date]) -> str:
    if first_day and last_day:
        return f"vom {first_day} bis {last_day}"
    if first_day:
        return f"ab {first_day}"
    if last_day:
        return f"bis {last_day}"
    return "alles Gespeicherte"


def format_report(
    messages: Sequence[UserMessage],
    threshold: float,
    first_day: Optional[date] = None,
    last_day: Optional[date] = None,
) -> str:
    groups = group_similar(uncertain_messages(messages, threshold))
    conversations = len({message.conversation for message in messages})
    lines = [
        f"Auswertung der Chat-Gespräche, Zeitraum: {period_text(first_day, last_day)}",
        f"{counted(conversations, 'Gespräch', 'Gespräche')}, "
        f"{counted(len(messages), 'Nachricht', 'Nachrichten')} von Patientinnen und "
        "Patienten (ohne Absender und Uhrzeit).",
        "",
    ]
    lines += format_groups(groups, threshold)
    lines += ["", "2. Zum Einsortieren in data/nlu.yml", "", nlu_snippet(groups)]
    lines += format_warning_signs(warning_sign_counts(messages))
    return "\n".join(lines) + "\n"


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"„{text}“ ist kein gültiges Datum. Bitte JJJJ-MM-TT angeben, z. B. 2026-11-01."
        )


def parse_threshold(text: str) -> float:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(
            f"„{text}“ ist keine gültige Schwelle. Bitte eine Zahl von 0 bis 1 angeben, z. B. 0.6."
        )
    return value


def argument_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="make review",
        description="Zeigt, welche Fragen der Assistent nicht verstanden hat, "
        "und wie oft Warnzeichen erkannt wurden.",
    )
    parser.add_argument(
        "--since", type=parse_day, metavar="JJJJ-MM-TT", help="erster Tag (eingeschlossen)"
    )
    parser.add_argument(
        "--bis", type=parse_day, metavar="JJJJ-MM-TT", help="letzter Tag (eingeschlossen)"
    )
    parser.add_argument(
        "--schwelle",
        type=parse_threshold,
        default=DEFAULT_THRESHOLD,
        help=f"unsicher unter dieser Sicherheit (Standard {DEFAULT_THRESHOLD})",
    )
    add_endpoints_argument(parser)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = argument_parser().parse_args(argv)
    if args.since and args.bis and args.since > args.bis:
        print("Fehler: Das Datum bei --since liegt nach dem Datum bei --bis.", file=sys.stderr)
        return 2
    try:
        config = tracker_store_config(args.endpoints)
        if sqlite_file_is_missing(config):
            print("Noch keine Gespräche gespeichert (die Datenbank gibt es noch nicht).")
            return 0
        timezone = get_practice().timezone
        store = open_sql_tracker_store(config)
        messages = read_user_messages(store, timezone, args.since, args.bis)
    except (TrackerStoreError, PracticeFileError) as error:
        print(f"Fehler: {error}", file=sys.stderr)
        return 1
    print(format_report(messages, args.schwelle, args.since, args.bis), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
