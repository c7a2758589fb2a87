"""Throughput of the production profile: one Rasa instance vs nginx with two.

With `make run-prod` running, sends the same 10 concurrent conversations (30
messages each, from the development set) to each address and prints messages per
second and round-trip p50/p95:

    .venv/bin/python scripts/prod_throughput.py                       # 5405, then 8405
    .venv/bin/python scripts/prod_throughput.py --url http://127.0.0.1:8405
"""

import argparse
import statistics
import sys
import uuid
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))

from scripts.bench import MESSAGES_PER_CONVERSATION as MESSAGES  # noqa: E402
from scripts.bench import conversations, percentile  # noqa: E402
from tests.nlu_heldout_data import held_out_texts  # noqa: E402
from tests.rasa_servers import post_json  # noqa: E402

CONVERSATIONS = 10


def measure(url: str):
    """Returns (messages per second, p50 ms, p95 ms, failed requests)."""
    webhook = url.rstrip("/") + "/webhooks/rest/webhook"
    failures = []

    def say(sender: str, text: str) -> None:
        try:
            post_json(webhook, {"sender": sender, "message": text})
        except OSError as error:
            failures.append(error)  # list.append is thread-safe

    latencies, rate = conversations(
        say, held_out_texts(), CONVERSATIONS, f"durchsatz-{uuid.uuid4().hex[:6]}"
    )
    return rate, statistics.median(latencies), percentile(latencies, 0.95), len(failures)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--url",
        action="append",
        help="address to measure (repeatable); default: one instance (5405), then nginx (8405)",
    )
    args = parser.parse_args()
    urls = args.url or ["http://127.0.0.1:5405", "http://127.0.0.1:8405"]
    for url in urls:
        post_json(
            url.rstrip("/") + "/webhooks/rest/webhook", {"sender": "warm", "message": "Hallo"}
        )
        rate, p50, p95, failed = measure(url)
        print(
            f"{url}: {CONVERSATIONS} conversations x {MESSAGES} messages: {rate:5.1f} messages/s, "
            f"p50 {p50:6.1f} ms, p95 {p95:6.1f} ms, {failed} failed",
            flush=True,
        )


if __name__ == "__main__":
    main()
