"""Deletes one conversation on a patient's request (GDPR Art. 17): `make delete`.

    make delete CODE=3f9a1c07
    .venv/bin/python -m staff.delete 3f9a1c07 [--endpoints endpoints.prod.yml]

The chat window shows the patient a conversation number: the first 8 characters of
its random sender id. A patient who asks by phone or letter tells the practice that
number; this deletes the one conversation whose sender id starts with it and says
how many entries it removed. A number that matches no conversation or several
deletes nothing. A running server drops the conversation from its memory within a
minute (channels/privacy.py).
"""

import argparse
import re
import sys
from typing import List, Optional, Sequence

from staff.tracker_events import (
    SQLTrackerStore,
    TrackerStoreError,
    add_endpoints_argument,
    delete_events,
    open_sql_tracker_store,
    sqlite_file_is_missing,
    tracker_store_config,
)

MIN_CODE_LENGTH = 6
CODE_PATTERN = re.compile(r"^[A-Za-z0-9-]+$")


def matching_conversations(store: SQLTrackerStore, code: str) -> List[str]:
    event = store.SQLEvent
    with store.session_scope() as session:
        rows = (
            session.query(event.sender_id)
            .filter(event.sender_id.startswith(code, autoescape=True))
            .distinct()
            .all()
        )
    return sorted(sender_id for (sender_id,) in rows)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="make delete CODE=<nummer>",
        description="Löscht ein Gespräch anhand der Gesprächsnummer aus dem Chat-Fenster.",
    )
    parser.add_argument("code", nargs="?", default="", help="die Gesprächsnummer (8 Zeichen)")
    add_endpoints_argument(parser)
    args = parser.parse_args(argv)
    code = args.code.strip()
    if len(code) < MIN_CODE_LENGTH or not CODE_PATTERN.match(code):
        print(
            "Bitte die Gesprächsnummer angeben, wie sie im Chat-Fenster steht (8 Zeichen, "
            "z. B. make delete CODE=3f9a1c07). Nichts gelöscht.",
            file=sys.stderr,
        )
        return 1
    try:
        config = tracker_store_config(args.endpoints)
        if sqlite_file_is_missing(config):
            print(f"Kein Gespräch mit der Nummer {code} gefunden. Nichts gelöscht.")
            return 1
        store = open_sql_tracker_store(config)
        found = matching_conversations(store, code)
        if not found:
            print(
                f"Kein Gespräch mit der Nummer {code} gefunden (vielleicht schon gelöscht: "
                "nach der Aufbewahrungsfrist oder im Chat mit „Gespräch löschen“). "
                "Nichts gelöscht."
            )
            return 1
        if len(found) > 1:
            print(
                f"Die Nummer {code} passt zu {len(found)} Gesprächen. Bitte mehr Zeichen "
                "der Nummer angeben. Nichts gelöscht."
            )
            return 1
        removed = delete_events(store, found)
    except TrackerStoreError as error:
        print(f"Fehler: {error}", file=sys.stderr)
        return 1
    print(f"Gespräch {code} gelöscht ({removed} Einträge entfernt).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
