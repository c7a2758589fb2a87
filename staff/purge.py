"""Deletes conversations older than the retention period (privacy).

    make purge                                 # days from practice.yml (datenschutz)
    .venv/bin/python -m staff.purge --tage 14  # other number of days

What patients write about their symptoms is health data, so it is not kept
longer than needed. A conversation (all events of one sender id, in every
session) is deleted as a whole when its last event is older than the retention
period. scripts/run.sh runs this before the servers start. Run while the server
is up, a deleted conversation may stay in the server's memory cache
(components/tracker_store.py) until the next start, but not in the database.
"""

import argparse
import sys
import time
from typing import List, Optional, Sequence

import sqlalchemy as sa

from actions.practice import PracticeFileError, get_practice
from staff.tracker_events import (
    SQLTrackerStore,
    TrackerStoreError,
    add_endpoints_argument,
    open_sql_tracker_store,
    sqlite_file_is_missing,
    tracker_store_config,
)

SECONDS_PER_DAY = 24 * 60 * 60
# Conversations deleted per DELETE statement (databases limit the parameters).
DELETE_BATCH = 500


def old_conversations(store: SQLTrackerStore, days: int, now: float) -> List[str]:
    """Sender ids whose last event is more than `days` days before `now`."""
    event = store.SQLEvent
    cutoff = now - days * SECONDS_PER_DAY
    with store.session_scope() as session:
        rows = (
            session.query(event.sender_id)
            .group_by(event.sender_id)
            .having(sa.func.max(event.timestamp) < cutoff)
            .all()
        )
    return [sender_id for (sender_id,) in rows]


def delete_conversations(store: SQLTrackerStore, sender_ids: Sequence[str]) -> None:
    """Deletes all events of these conversations. SQLite then rewrites its file
    (VACUUM), so the deleted text does not linger in free pages."""
    event = store.SQLEvent
    with store.session_scope() as session:
        for start in range(0, len(sender_ids), DELETE_BATCH):
            batch = list(sender_ids[start : start + DELETE_BATCH])
            session.query(event).filter(event.sender_id.in_(batch)).delete(
                synchronize_session=False
            )
        session.commit()
    if sender_ids and store.engine.dialect.name == "sqlite":
        with store.engine.execution_options(isolation_level="AUTOCOMMIT").connect() as connection:
            connection.exec_driver_sql("VACUUM")


def purge(store: SQLTrackerStore, days: int, now: Optional[float] = None) -> int:
    """Deletes conversations older than `days` days; returns how many."""
    old = old_conversations(store, days, time.time() if now is None else now)
    delete_conversations(store, old)
    return len(old)


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
