"""Opens the tracker store named in endpoints.yml and reads stored user messages.

Shared by `staff.review` and `staff.purge`. The store is created by Rasa itself
(`TrackerStore.create` with the `tracker_store` section of the endpoints file),
so SQLite (the default, rasa.db) and PostgreSQL are read the same way: through
the SQLAlchemy engine and the `events` table of Rasa's SQLTrackerStore.
Only SQL stores are supported; a relative SQLite path is relative to the
current directory, as for the Rasa server (`make` runs in the project folder).
"""

import contextlib
import io
import json
import warnings
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Dict, List, Optional
from zoneinfo import ZoneInfo

from publishing.settings import export_settings

# Importing Rasa's tracker store prints deprecation notices (SQLAlchemy 2.0,
# pkg_resources) that mean nothing to staff; errors still raise.
with warnings.catch_warnings(), contextlib.redirect_stderr(io.StringIO()):
    warnings.simplefilter("ignore")
    from rasa.core.tracker_store import SQLTrackerStore, TrackerStore
    from rasa.utils.endpoints import EndpointConfig, read_endpoint_config

    # Re-exported for the staff tools, which import them from here, quietly.
    from components.tracker_store import delete_events, purge, sql_store_of  # noqa: F401

PROJECT = Path(__file__).resolve().parent.parent
DEFAULT_ENDPOINTS = PROJECT / "endpoints.yml"


def add_endpoints_argument(parser) -> None:
    """The --endpoints option of the tools that read the tracker store."""
    parser.add_argument(
        "--endpoints",
        type=Path,
        default=DEFAULT_ENDPOINTS,
        help="Datei mit dem Abschnitt tracker_store (Standard endpoints.yml)",
    )


USER_EVENT = "user"


class TrackerStoreError(Exception):
    """The tracker store cannot be read. The message is German."""


@dataclass(frozen=True)
class UserMessage:
    """One stored user message. `conversation` (the sender id) is only used to
    count conversations; it is never printed."""

    conversation: str
    day: date
    text: str
    parse_data: Dict[str, Any]


def tracker_store_config(endpoints_path: Path) -> EndpointConfig:
    endpoints_path = Path(endpoints_path)
    if not endpoints_path.is_file():
        raise TrackerStoreError(f"Die Datei {endpoints_path} wurde nicht gefunden.")
    export_settings()  # endpoints.yml names the action server's port from settings.env
    config = read_endpoint_config(str(endpoints_path), "tracker_store")
    if config is None:
        raise TrackerStoreError(
            f"In {endpoints_path.name} ist kein Abschnitt „tracker_store“ eingetragen: "
            "Gespräche werden dann nur im Arbeitsspeicher gehalten, nicht gespeichert."
        )
    return config


def sqlite_file_is_missing(config: EndpointConfig) -> bool:
    """True for an SQLite store whose database file does not exist yet
    (nothing stored so far; opening it would create an empty file)."""
    if config.kwargs.get("dialect", "sqlite") != "sqlite" or config.url:
        return False
    return not Path(config.kwargs.get("db", "rasa.db")).exists()


def open_sql_tracker_store(config: EndpointConfig) -> SQLTrackerStore:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SQLAlchemy deprecation notices
        store = TrackerStore.create(config)
    store = sql_store_of(store)
    if not isinstance(store, SQLTrackerStore):
        raise TrackerStoreError(
            f"Der Tracker-Store „{config.type}“ ist keine SQL-Datenbank. Gelesen werden "
            "nur SQL-Datenbanken (SQLite wie rasa.db oder PostgreSQL)."
        )
    return store


def day_start(day: date, timezone: str) -> float:
    """Epoch seconds of midnight at the start of `day` in the practice's time zone."""
    return datetime.combine(day, time(0, 0), tzinfo=ZoneInfo(timezone)).timestamp()


def read_user_messages(
    store: SQLTrackerStore,
    timezone: str,
    first_day: Optional[date] = None,
    last_day: Optional[date] = None,
) -> List[UserMessage]:
    """User messages stored from `first_day` through `last_day` (both included),
    in the order they were stored."""
    event = store.SQLEvent
    zone = ZoneInfo(timezone)
    with store.session_scope() as session:
        query = session.query(event.sender_id, event.timestamp, event.data).filter(
            event.type_name == USER_EVENT, event.timestamp.isnot(None)
        )
        if first_day is not None:
            query = query.filter(event.timestamp >= day_start(first_day, timezone))
        if last_day is not None:
            query = query.filter(
                event.timestamp < day_start(last_day + timedelta(days=1), timezone)
            )
        rows = query.order_by(event.id).all()

    messages = []
    for sender_id, timestamp, data in rows:
        stored = json.loads(data)
        messages.append(
            UserMessage(
                conversation=sender_id,
                day=datetime.fromtimestamp(timestamp, zone).date(),
                text=stored.get("text") or "",
                parse_data=stored.get("parse_data") or {},
            )
        )
    return messages
