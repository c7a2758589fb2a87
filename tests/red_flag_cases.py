"""The red-flag test sets in tests/data, shared by the matcher and REST tests."""

from pathlib import Path
from typing import List, Tuple

import yaml

DATA = Path(__file__).resolve().parent / "data"
CASE_FILES = [
    "red_flag_messages.yml",
    "red_flag_messages_2.yml",
    "red_flag_messages_3.yml",
    "red_flag_messages_4.yml",
]
# At most this share of the must-not-escalate messages may raise an alarm.
MAX_FALSE_ALARM_RATE = 0.05


def must_escalate() -> List[Tuple[str, str]]:
    """(text, category) pairs."""
    cases = []
    for name in CASE_FILES:
        data = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
        cases += [(case["text"], case["category"]) for case in data["must_escalate"]]
    return cases


def must_not_escalate() -> List[str]:
    texts = []
    for name in CASE_FILES:
        data = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
        texts += data["must_not_escalate"]
    return texts
