"""Intent accuracy of the trained model on a labelled NLU file, without a server.

    .venv/bin/python scripts/nlu_eval.py tests/data/nlu_heldout.yml [--model models/praxis-assistent.tar.gz]

Prints the accuracy, the confusions (expected -> predicted) and each error.
Labels are intents, or faq/<topic> for the FAQ topics, as /model/parse reports them.
"""

import argparse
import asyncio
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rasa.core.agent import Agent  # noqa: E402

from tests.nlu_heldout_data import labelled_examples  # noqa: E402
from tests.rasa_servers import predicted_label  # noqa: E402


async def evaluate(model: Path, path: Path) -> float:
    agent = Agent.load(str(model))
    examples = labelled_examples(path)
    confusions = Counter()
    for text, label in examples:
        predicted = predicted_label(await agent.parse_message(text))
        if predicted != label:
            confusions[(label, predicted)] += 1
            print(f"  {label} -> {predicted}: {text}")
    accuracy = 1 - sum(confusions.values()) / len(examples)
    print(f"\n{path}: accuracy {accuracy:.3f} on {len(examples)} examples")
    for (label, predicted), count in confusions.most_common(15):
        print(f"  {count:3d}  {label} -> {predicted}")
    return accuracy


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("path", type=Path)
    parser.add_argument("--model", type=Path, default=Path("models/praxis-assistent.tar.gz"))
    args = parser.parse_args()
    asyncio.run(evaluate(args.model, args.path))
