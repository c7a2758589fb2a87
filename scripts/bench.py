"""Benchmark: training time, NLU parse latency, REST latency and throughput, memory.

Run with `make bench` (not part of the tests). Prints one block of numbers.
"""

import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from tests.nlu_heldout_data import held_out_texts  # noqa: E402
from tests.rasa_servers import RASA, RasaServers  # noqa: E402

MESSAGES_PER_CONVERSATION = 30


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def train_seconds() -> float:
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        subprocess.run(
            [RASA, "train", "--force", "--out", out],
            cwd=PROJECT,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return time.perf_counter() - start


def timed(call) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def conversations(servers, texts, count):
    """`count` conversations at once; returns (latencies in ms, messages per second)."""
    latencies, lock = [], threading.Lock()

    def talk(number):
        for i in range(MESSAGES_PER_CONVERSATION):
            text = texts[(number * 7 + i) % len(texts)]
            ms = timed(lambda: servers.say(f"bench-{count}-{number}", text))
            with lock:
                latencies.append(ms)

    threads = [threading.Thread(target=talk, args=(n,)) for n in range(count)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, len(latencies) / (time.perf_counter() - start)


def resident_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    texts = held_out_texts()
    print("Training (rasa train --force) ...", flush=True)
    training = train_seconds()
    with tempfile.TemporaryDirectory() as logs:
        servers = RasaServers(Path(logs), sqlite_tracker_store=True).start()
        try:
            for text in texts[:20]:  # warm-up
                servers.parse(text)
            parse_ms = [timed(lambda t=text: servers.parse(t)) for text in texts]
            one, one_rate = conversations(servers, texts, 1)
            ten, ten_rate = conversations(servers, texts, 10)
            memory = resident_mb(servers.rasa.pid)
        finally:
            servers.stop()
    print(f"full training:            {training:6.1f} s")
    print(
        f"NLU parse (/model/parse): p50 {statistics.median(parse_ms):5.1f} ms, "
        f"p95 {percentile(parse_ms, 0.95):5.1f} ms ({len(parse_ms)} messages)"
    )
    print(
        f"REST, 1 conversation:     p50 {statistics.median(one):5.1f} ms, "
        f"p95 {percentile(one, 0.95):5.1f} ms, {one_rate:5.1f} messages/s"
    )
    print(
        f"REST, 10 conversations:   p50 {statistics.median(ten):5.1f} ms, "
        f"p95 {percentile(ten, 0.95):5.1f} ms, {ten_rate:5.1f} messages/s"
    )
    print(f"Rasa server memory (RSS): {memory:6.0f} MB")


if __name__ == "__main__":
    main()
