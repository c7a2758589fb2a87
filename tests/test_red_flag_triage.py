"""How the two signals (term list, learned detector) decide, as a table."""

import pytest

from components.red_flag_model import Prediction
from components.red_flag_triage import ALARM, CHECK, NONE, Thresholds, triage

THRESHOLDS = Thresholds(alarm=0.9, check=0.4, listed_alarm=0.6, listed_check=0.2, emergency=0.35)
TIERS = {"cauda_equina": "notfall", "infection": "dringend", "tumour": "dringend"}


def prediction(sign, emergency=0.1, group="infection"):
    groups = {"infection": 0.1, "tumour": 0.1, "cauda_equina": 0.1}
    groups[group] = 0.8
    return Prediction(sign=sign, groups=groups, emergency=emergency)


@pytest.mark.parametrize(
    "listed, sign, decision",
    [
        ([], 0.95, ALARM),  # the detector alone, sure
        ([], 0.5, CHECK),  # the detector alone, unsure: ask
        ([], 0.1, NONE),
        (["infection"], 0.7, ALARM),  # both signals
        (["infection"], 0.3, CHECK),  # the list, the detector doubts: ask
        (["infection"], 0.05, NONE),  # the detector vetoes ("wie gelähmt vor Müdigkeit")
    ],
)
def test_decision(listed, sign, decision):
    assert triage(listed, prediction(sign), TIERS, THRESHOLDS).decision == decision


def test_an_emergency_group_in_the_list_makes_the_emergency_tier():
    result = triage(["cauda_equina"], prediction(0.95, emergency=0.0), TIERS, THRESHOLDS)
    assert result.tier == "notfall" and result.groups == ["cauda_equina"]


def test_the_detector_can_raise_an_urgent_group_to_an_emergency_never_lower():
    raised = triage(["infection"], prediction(0.95, emergency=0.8), TIERS, THRESHOLDS)
    assert raised.tier == "notfall"
    kept = triage(["cauda_equina", "infection"], prediction(0.95), TIERS, THRESHOLDS)
    assert kept.tier == "notfall"


def test_without_a_listed_group_the_detector_names_its_own():
    result = triage([], prediction(0.95, group="tumour"), TIERS, THRESHOLDS)
    assert result.groups == ["tumour"] and result.tier == "dringend"


def test_an_emergency_group_named_by_the_detector_makes_the_emergency_tier():
    result = triage([], prediction(0.95, emergency=0.1, group="cauda_equina"), TIERS, THRESHOLDS)
    assert result.tier == "notfall" and result.groups == ["cauda_equina"]


def test_a_history_that_counts_is_never_below_the_safety_question():
    vetoed = triage(["tumour"], prediction(0.01), TIERS, THRESHOLDS)
    own = triage(["tumour"], prediction(0.01), TIERS, THRESHOLDS, own_history=["tumour"])
    assert (vetoed.decision, own.decision) == (NONE, CHECK)
    sure = triage(["tumour"], prediction(0.95), TIERS, THRESHOLDS, own_history=["tumour"])
    assert sure.decision == ALARM
