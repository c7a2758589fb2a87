"""The staff-edited red_flags.yml and the detector's corpus are valid.

Only validated: what they contain is the staff's and the corpus authors' business;
the matcher's behaviour is tested on a fixture list (test_red_flag_matcher.py)."""

from components.red_flag_model import GROUPS, read_corpus_file, training_files
from components.red_flags import RED_FLAGS_FILE, TIERS, RedFlagMatcher, load_red_flag_config


def test_the_real_list_loads_and_every_group_has_an_urgency():
    config = load_red_flag_config(RED_FLAGS_FILE)
    RedFlagMatcher(config)
    assert all(group["dringlichkeit"] in TIERS for group in config["gruppen"].values())


def test_every_group_the_detector_learns_has_a_name_for_the_patient():
    """The learned detector names its group from red_flags.yml."""
    assert set(GROUPS) <= set(load_red_flag_config(RED_FLAGS_FILE)["gruppen"])


def test_the_training_corpus_is_valid_and_has_both_kinds_in_every_group():
    messages = [m for path in training_files() for m in read_corpus_file(path)]
    signs = [m for m in messages if m.is_sign]
    assert len(signs) >= 500 and len(messages) - len(signs) >= 500
    assert {m.group for m in signs if m.group} == set(GROUPS)
