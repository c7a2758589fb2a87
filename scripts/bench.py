"""Benchmark (issue 11, section 3): the speed table of the issue in one run.

Run with `make bench` (not part of the tests; about 10 minutes on 2 cores), or
`make bench ARGS=--ohne-training` to skip the training time (about 5 minutes).
Measures, against the assistant as `make run` starts it (SQLite tracker store,
ports 5505/5555) and, in the same run, the stock `rasa init` assistant (trained
in a temporary folder, port 5506, no action server, in-memory tracker store):

- training time (`rasa train --force`, unless --ohne-training),
- NLU parse latency (/model/parse),
- one conversation: REST round trip p50/p95,
- 10 conversations at once: messages per second and p95, for both assistants,
- messages 181-200 against 1-20 of one conversation (scripts/conversation_growth.py),
- the Rasa server's memory (RSS) after all of that.

Prints the measured numbers next to the targets of issue 11 and exits 0: the
benchmark reports, the tests decide.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable, List, Tuple

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from scripts.conversation_growth import conversation_growth  # noqa: E402
from tests.nlu_heldout_data import held_out_texts  # noqa: E402
from tests.rasa_servers import RASA, RasaServers, post_json  # noqa: E402

MESSAGES_PER_CONVERSATION = 30
RASA_PORT, ACTIONS_PORT, RASA_INIT_PORT = 5505, 5555, 5506
Say = Callable[[str, str], object]


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


ENV = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}


def quiet(args: List[str], cwd: Path) -> None:
    subprocess.run(
        args, cwd=cwd, env=ENV, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def train_seconds() -> float:
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        quiet([RASA, "train", "--force", "--out", out], PROJECT)
        return time.perf_counter() - start


def timed(call) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def conversations(say: Say, texts: List[str], count: int, name: str) -> Tuple[List[float], float]:
    """`count` conversations at once; returns (latencies in ms, messages per second)."""
    latencies, lock = [], threading.Lock()

    def talk(number):
        for i in range(MESSAGES_PER_CONVERSATION):
            text = texts[(number * 7 + i) % len(texts)]
            ms = timed(lambda: say(f"bench-{name}-{count}-{number}", text))
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


def webhook_say(port: int) -> Say:
    url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
    return lambda sender, text: post_json(url, {"sender": sender, "message": text})


def measure_rasa_init(texts: List[str], workdir: Path) -> Tuple[List[float], float, float]:
    """The stock `rasa init` assistant: created and trained in workdir, served on
    RASA_INIT_PORT; returns its 10-conversation latencies, messages/s and memory."""
    project = workdir / "rasa-init"
    project.mkdir()
    quiet([RASA, "init", "--no-prompt", "--init-dir", str(project)], project)
    model = next((project / "models").glob("*.tar.gz"))
    log = open(workdir / "rasa-init.log", "ab")
    server = subprocess.Popen(
        [RASA, "run", "--interface", "127.0.0.1", "--port", str(RASA_INIT_PORT)]
        + ["--model", str(model), "--credentials", "credentials.yml"],
        cwd=project,
        env=ENV,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    say = webhook_say(RASA_INIT_PORT)
    try:
        deadline = time.time() + 240
        while True:
            if server.poll() is not None or time.time() > deadline:
                raise RuntimeError(f"rasa init server did not start (log: {log.name})")
            try:
                say("bench-warm-up", "hello")
                break
            except OSError:
                time.sleep(1)
        for text in texts[:20]:
            say("bench-warm-up", text)
        ten, rate = conversations(say, texts, 10, "rasa-init")
        return ten, rate, resident_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)


def row(what: str, measured: str, target: str, met=None) -> str:
    verdict = "" if met is None else ("ok" if met else "NOT MET")
    return f"{what:<38} {measured:<34} {target:<56} {verdict}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--ohne-training", action="store_true", help="skip the training time (saves ~5 min)"
    )
    args = parser.parse_args()
    texts = held_out_texts()
    training = None
    if not args.ohne_training:
        print("Training (rasa train --force) ...", flush=True)
        training = train_seconds()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        print("rasa init assistant: create, train, 10 conversations ...", flush=True)
        init_ten, init_rate, init_memory = measure_rasa_init(texts, workdir)
        print("Praxis-Assistent: parse, 1 and 10 conversations, 200 messages ...", flush=True)
        servers = RasaServers(
            workdir,
            sqlite_tracker_store=True,
            rasa_port=RASA_PORT,
            actions_port=ACTIONS_PORT,
        ).start()
        try:
            for text in texts[:20]:  # warm-up
                servers.parse(text)
                servers.say("bench-warm-up", text)
            parse_ms = [timed(lambda t=text: servers.parse(t)) for text in texts]
            one, one_rate = conversations(servers.say, texts, 1, "praxis")
            ten, ten_rate = conversations(servers.say, texts, 10, "praxis")
            growth = conversation_growth(servers.say)
            memory = resident_mb(servers.rasa.pid)
        finally:
            servers.stop()

    print()
    print(row("", "measured", "target (issue 11)"))
    print(
        row(
            "one conversation",
            f"p50 {statistics.median(one):.1f} ms, p95 {percentile(one, 0.95):.1f} ms",
            "p50 <= 40 ms",
            statistics.median(one) <= 40,
        )
    )
    ten_p95 = percentile(ten, 0.95)
    print(
        row(
            "10 conversations at once",
            f"{ten_rate:.1f} msg/s, p95 {ten_p95:.0f} ms",
            f">= 60 msg/s and >= 2x rasa init ({2 * init_rate:.1f}), p95 <= 300 ms",
            ten_rate >= 60 and ten_rate >= 2 * init_rate and ten_p95 <= 300,
        )
    )
    print(
        row(
            "  rasa init assistant, same run",
            f"{init_rate:.1f} msg/s, p95 {percentile(init_ten, 0.95):.0f} ms",
            f"(reference; {init_memory:.0f} MB RSS)",
        )
    )
    print(
        row(
            "message 181-200 vs 1-20",
            f"{growth.last:.1f} ms vs {growth.first:.1f} ms ({growth.ratio:.2f}x)",
            "<= 1.5x",
            growth.ratio <= 1.5,
        )
    )
    print(
        row(
            "Rasa server memory (RSS) after load",
            f"{memory:.0f} MB ({memory / 1000:.2f} GB)",
            "<= 1.2 GB",
            memory / 1000 <= 1.2,
        )
    )
    print(
        row(
            "NLU parse (/model/parse)",
            f"p50 {statistics.median(parse_ms):.1f} ms, p95 {percentile(parse_ms, 0.95):.1f} ms",
            f"({len(parse_ms)} messages)",
        )
    )
    print(
        row(
            "full training (rasa train --force)",
            "skipped (--ohne-training)" if training is None else f"{training:.1f} s",
            "",
        )
    )


if __name__ == "__main__":
    main()
