"""Decides what to do with a message from the two warning-sign signals.

- the term list (`red_flags.RedFlagMatcher`): what staff wrote down, readable
  and extendable, but blind to wording nobody listed;
- the learned detector (`red_flag_model.RedFlagModel`): catches paraphrases and
  knows context (past, other people, idioms), but cannot be read.

Both agree and are sure: escalate. They disagree or are weak: ask one safety
question. Neither: answer the question as usual. The thresholds are tuned on the
development set (red_flag_corpus/dev_set.yml) only; see scripts/red_flag_eval.py.
"""

from dataclasses import dataclass, field
from typing import Dict, List, Sequence

from components.red_flag_model import Prediction
from components.red_flags import EMERGENCY, URGENT

ALARM = "alarm"  # escalate now
CHECK = "check"  # ask the safety question
NONE = "none"


@dataclass(frozen=True)
class Thresholds:
    # The detector alone escalates at or above `alarm` and asks at or above `check`.
    alarm: float = 0.9
    check: float = 0.4
    # A sign found in the list escalates when the detector gives it at least
    # `listed_alarm`; below that it asks, unless the detector is below
    # `listed_check` (an idiom, something long past: the detector vetoes).
    listed_alarm: float = 0.6
    listed_check: float = 0.2
    # Emergency tier at or above this probability (errs towards 112).
    emergency: float = 0.35
    # The detector's own group is named when it is at least this likely.
    group: float = 0.3


@dataclass(frozen=True)
class Triage:
    decision: str
    tier: str = URGENT
    groups: List[str] = field(default_factory=list)  # keys of red_flags.yml groups


def triage(
    listed_groups: Sequence[str],
    prediction: Prediction,
    group_tiers: Dict[str, str],
    thresholds: Thresholds = Thresholds(),
    own_history: Sequence[str] = (),
) -> Triage:
    """`listed_groups`: groups whose terms the list found (not negated);
    `group_tiers`: the least tier of each group of red_flags.yml;
    `own_history`: listed groups whose history counts however long ago, in a
    message about nobody else (never below the safety question)."""
    sign = prediction.sign
    listed = bool(listed_groups)
    if sign >= thresholds.alarm or (listed and sign >= thresholds.listed_alarm):
        decision = ALARM
    elif sign >= thresholds.check or (listed and sign >= thresholds.listed_check) or own_history:
        decision = CHECK
    else:
        return Triage(NONE)

    groups = list(dict.fromkeys(listed_groups))
    if not groups and prediction.groups[prediction.group] >= thresholds.group:
        groups = [prediction.group]
    # A group's least urgency holds whoever named it, the list or the detector.
    emergency = prediction.emergency >= thresholds.emergency or any(
        group_tiers.get(group) == EMERGENCY for group in groups
    )
    return Triage(decision, EMERGENCY if emergency else URGENT, groups)
