"""Deletes conversations older than the retention period (privacy).

    make purge                                 # days from practice.yml (datenschutz)
    .venv/bin/python -m staff.purge --tage 14  # other number of days

What patients write about their symptoms is health data, so it is not kept
longer than needed. A conversation (all events of one sender id, in every
session) is deleted as a whole when its last event is older than the retention
period. The start scripts run this before the servers start, and the running
server does it once a day (channels/privacy.py); a running server also drops
what this deleted from its memory within a minute.
"""

import argparse
import sys
from typing import Optional, Sequence

from actions.practice import PracticeFileError, get_practice
from staff.tracker_events import (
    TrackerStoreError,
    add_endpoints_argument,
    open_sql_tracker_store,
    purge,
    sqlite_file_is_missing,
    tracker_store_config,
)


def conversations_text(count: int) -> str:
    return "1 Gespräch" if count == 1 else f"{count} Gespräche"


def positive_days(text: str) -> int:
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(
            f"„{text}“ ist keine gültige Anzahl von Tagen (ganze Zahl ab 1)."
        )
    return int(text)


def argument_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="make purge",
        description="Löscht Gespräche, deren letzte Nachricht älter als die "
        "Aufbewahrungsfrist ist (practice.yml, Abschnitt datenschutz).",
    )
    parser.add_argument(
        "--tage",
        type=positive_days,
        metavar="N",
        help="Aufbewahrungsfrist in Tagen (statt practice.yml)",
    )
    add_endpoints_argument(parser)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = argument_parser().parse_args(argv)
    try:
        days = args.tage or get_practice().retention_days
        config = tracker_store_config(args.endpoints)
        if sqlite_file_is_missing(config):
            print("Datenschutz: noch keine Gespräche gespeichert, nichts zu löschen.")
            return 0
        deleted = purge(open_sql_tracker_store(config), days)
    except (TrackerStoreError, PracticeFileError) as error:
        print(f"Fehler: {error}", file=sys.stderr)
        return 1
    if deleted:
        print(
            f"Datenschutz: {conversations_text(deleted)} gelöscht, deren letzte "
            f"Nachricht älter als {days} Tage ist."
        )
    else:
        print(f"Datenschutz: keine Gespräche älter als {days} Tage, nichts gelöscht.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
