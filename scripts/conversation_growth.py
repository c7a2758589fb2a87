"""Does a message cost more late in a long conversation? (issue 11, section 3)

One conversation of 200 messages; the same 20 texts are sent ten times over, so
messages 1-20 and 181-200 are the same texts and only the conversation's length
differs. Returns the median REST round trip of the first and the last 20.

    from scripts.conversation_growth import conversation_growth
    growth = conversation_growth(servers.say)      # any say(sender, text)
    print(growth.summary())

Standalone, against a running server (e.g. `make run`, or nginx of `make run-prod`):
    .venv/bin/python scripts/conversation_growth.py --url http://127.0.0.1:5005
"""

import argparse
import statistics
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, List, Optional, Sequence

PROJECT = Path(__file__).resolve().parent.parent
if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))

from tests.nlu_heldout_data import held_out_examples  # noqa: E402
from tests.rasa_servers import post_json  # noqa: E402

LENGTH = 200
WINDOW = 20


@dataclass
class Growth:
    first_ms: List[float]  # round trips of messages 1-20
    last_ms: List[float]  # round trips of the last 20 messages

    @property
    def first(self) -> float:
        return statistics.median(self.first_ms)

    @property
    def last(self) -> float:
        return statistics.median(self.last_ms)

    @property
    def ratio(self) -> float:
        return self.last / self.first

    def summary(self) -> str:
        return (
            f"message {LENGTH - WINDOW + 1}-{LENGTH} vs 1-{WINDOW} of one conversation: "
            f"p50 {self.last:5.1f} ms vs {self.first:5.1f} ms ({self.ratio:.2f}x)"
        )


def growth_texts(count: int = WINDOW) -> List[str]:
    """Everyday questions from the development set (no warning signs, so no
    safety question changes the path), one per label as far as possible."""
    chosen, labels = [], set()
    examples = [(t, label) for t, label in held_out_examples() if not label.startswith("red_flag")]
    for text, label in examples:
        if label not in labels:
            labels.add(label)
            chosen.append(text)
    for text, _ in examples:
        if len(chosen) >= count:
            break
        if text not in chosen:
            chosen.append(text)
    return chosen[:count]


def conversation_growth(
    say: Callable[[str, str], object],
    texts: Optional[Sequence[str]] = None,
    length: int = LENGTH,
    window: int = WINDOW,
    sender: Optional[str] = None,
) -> Growth:
    """Sends `length` messages in one conversation; times the first and last `window`."""
    texts = list(texts or growth_texts(window))
    sender = sender or f"growth-{uuid.uuid4().hex[:8]}"
    times = []
    for number in range(length):
        start = time.perf_counter()
        say(sender, texts[number % len(texts)])
        times.append((time.perf_counter() - start) * 1000)
    return Growth(first_ms=times[:window], last_ms=times[-window:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:5005", help="Rasa server or nginx")
    args = parser.parse_args()
    webhook = args.url.rstrip("/") + "/webhooks/rest/webhook"

    def say(sender: str, text: str):
        return post_json(webhook, {"sender": sender, "message": text})

    say("growth-warm-up", "Hallo")
    print(conversation_growth(say).summary())


if __name__ == "__main__":
    main()
