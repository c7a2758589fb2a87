"""Reads the held-out NLU examples (tests/data/nlu_heldout.yml)."""

from pathlib import Path
from typing import List, Tuple

import yaml

HELD_OUT = Path(__file__).resolve().parent / "data" / "nlu_heldout.yml"


def held_out_examples() -> List[Tuple[str, str]]:
    """(text, label) pairs."""
    data = yaml.safe_load(HELD_OUT.read_text(encoding="utf-8"))
    examples = []
    for block in data["nlu"]:
        for line in block["examples"].splitlines():
            line = line.strip()
            if line.startswith("- "):
                examples.append((line[2:], block["intent"]))
    return examples


def held_out_texts() -> List[str]:
    return [text for text, _ in held_out_examples()]
