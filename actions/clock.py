"""The one clock of the assistant.

All code asks `now()` for the current time. Tests fix the time with
`set_fixed_now()`; a running action server can be fixed with the
environment variable PRAXIS_NOW (e.g. PRAXIS_NOW=2026-11-30T09:30,
read as Europe/Berlin time).
"""

import os
from datetime import datetime
from typing import Optional
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")
ENV_VARIABLE = "PRAXIS_NOW"

_fixed_now: Optional[datetime] = None


def to_berlin(moment: datetime) -> datetime:
    """Return `moment` as an aware Berlin datetime (naive means Berlin time)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=BERLIN)
    return moment.astimezone(BERLIN)


def now() -> datetime:
    """Current time in Europe/Berlin (aware datetime)."""
    if _fixed_now is not None:
        return _fixed_now
    from_env = os.environ.get(ENV_VARIABLE, "").strip()
    if from_env:
        try:
            return to_berlin(datetime.fromisoformat(from_env))
        except ValueError as error:
            raise ValueError(
                f"{ENV_VARIABLE}={from_env!r} is not an ISO datetime " "like 2026-11-30T09:30"
            ) from error
    return datetime.now(BERLIN)


def set_fixed_now(moment: datetime) -> None:
    """Freeze the clock at `moment` (naive datetimes are Berlin time)."""
    global _fixed_now
    _fixed_now = to_berlin(moment)


def reset() -> None:
    """Undo `set_fixed_now()`; the clock follows PRAXIS_NOW or real time again."""
    global _fixed_now
    _fixed_now = None
