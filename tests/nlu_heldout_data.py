"""Reads labelled NLU files: the development sets (tests/data/nlu_heldout.yml,
tests/data/nlu_dev_set_2.yml, tests/data/nlu_dev_set_3.yml) and the blind test
sets (tests/data/nlu_test_set_*.yml).
How each was written and used: README, "Intent accuracy"."""

from pathlib import Path
from typing import List, Tuple

import yaml

DATA = Path(__file__).resolve().parent / "data"
HELD_OUT = DATA / "nlu_heldout.yml"
DEV_SET_2 = DATA / "nlu_dev_set_2.yml"
TEST_SET_1 = DATA / "nlu_test_set_1.yml"
DEV_SET_3 = DATA / "nlu_dev_set_3.yml"
TEST_SET_4 = DATA / "nlu_test_set_4.yml"


def held_out_examples() -> List[Tuple[str, str]]:
    return labelled_examples(HELD_OUT)


def labelled_examples(path: Path) -> List[Tuple[str, str]]:
    """(text, label) pairs."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    examples = []
    for block in data["nlu"]:
        for line in block["examples"].splitlines():
            line = line.strip()
            if line.startswith("- "):
                examples.append((line[2:], block["intent"]))
    return examples


def held_out_texts() -> List[str]:
    return [text for text, _ in held_out_examples()]
