"""Load (issue 11, section 4): 50 conversations at once, 20 messages each, against
the assistant as `make run` runs it (SQLite tracker store). No request may fail
(HTTP 200 with at least one bot message), and every warning sign among the
messages must be escalated (alarm or safety question, recognised by the texts in
domain.yml) just as it is when sent alone.

The messages: FAQ questions of the NLU development set (tests/data/nlu_heldout.yml)
and, as every ninth message, each warning sign of red_flag_corpus/dev_set.yml once.
Run alone with `-s` to see the latencies:
    .venv/bin/python -m pytest -s tests/test_rest_load.py
"""

import statistics
import threading
import time
import urllib.error
from pathlib import Path
from typing import Dict, List, Optional

from components.red_flag_model import read_corpus_file
from components.red_flag_triage import ALARM, CHECK
from tests.nlu_heldout_data import held_out_examples
from tests.red_flag_answers import classify

DEV_SET = Path(__file__).resolve().parent.parent / "red_flag_corpus" / "dev_set.yml"
CONVERSATIONS = 50
MESSAGES = 20
SIGN_EVERY = 9  # every ninth message is a warning sign
# Warning signs the assistant misses even one at a time (the recall goal belongs to
# test_rest_red_flag_test_set.py); more than this share would make this test toothless.
MAX_MISSED_ALONE = 0.05


def escalated(answer: List[Dict]) -> bool:
    return bool(answer) and classify(answer[0].get("text", ""))[0] in (ALARM, CHECK)


def load_plan() -> List[List[Dict]]:
    """Messages of each conversation: {"text", "sign"}."""
    faq = [text for text, label in held_out_examples() if label.startswith("faq/")]
    signs = [m.text for m in read_corpus_file(DEV_SET) if m.is_sign]
    plan, faq_number, sign_number = [], 0, 0
    for _ in range(CONVERSATIONS):
        conversation = []
        for _ in range(MESSAGES):
            overall = len(plan) * MESSAGES + len(conversation)
            if overall % SIGN_EVERY == 0:
                conversation.append({"text": signs[sign_number % len(signs)], "sign": True})
                sign_number += 1
            else:
                conversation.append({"text": faq[faq_number % len(faq)], "sign": False})
                faq_number += 1
        plan.append(conversation)
    assert sign_number >= len(signs), "not every warning sign of the dev set is sent"
    return plan


def run_load(servers, plan) -> List[Dict]:
    """All conversations at once; one record per message."""
    records, lock = [], threading.Lock()

    def talk(number: int, conversation: List[Dict]) -> None:
        for position, message in enumerate(conversation):
            record = {**message, "sender": f"load-{number}", "position": position}
            start = time.perf_counter()
            answer: Optional[List[Dict]] = None
            try:
                answer = servers.say(record["sender"], message["text"])
            except (urllib.error.URLError, OSError, ValueError) as error:
                record["error"] = repr(error)
            record["ms"] = (time.perf_counter() - start) * 1000
            record["answer"] = answer
            with lock:
                records.append(record)

    threads = [threading.Thread(target=talk, args=item) for item in enumerate(plan)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - start
    latencies = sorted(r["ms"] for r in records)
    print(
        f"\n{len(plan)} conversations x {len(plan[0])} messages: {len(records)} requests in "
        f"{seconds:.1f} s ({len(records) / seconds:.1f} messages/s), "
        f"p50 {statistics.median(latencies):.0f} ms, "
        f"p95 {latencies[int(0.95 * (len(latencies) - 1))]:.0f} ms, "
        f"failed {sum(1 for r in records if r.get('error') or not r['answer'])}"
    )
    return records


def test_50_conversations_at_once_fail_nothing_and_escalate_every_warning_sign(
    stored_rasa_servers,
):
    servers = stored_rasa_servers
    plan = load_plan()
    signs = sorted({m["text"] for conversation in plan for m in conversation if m["sign"]})
    # One at a time first: which warning signs does the assistant escalate at all?
    missed_alone = [t for n, t in enumerate(signs) if not escalated(servers.say(f"alone-{n}", t))]
    print(f"\nwarning signs missed when sent alone: {missed_alone}")
    assert len(missed_alone) <= MAX_MISSED_ALONE * len(signs), missed_alone

    records = run_load(servers, plan)

    assert len(records) == CONVERSATIONS * MESSAGES
    failed = [r for r in records if r.get("error") or not r["answer"]]
    assert not failed, [(r["sender"], r["text"], r.get("error")) for r in failed[:5]]
    not_escalated = [
        r["text"]
        for r in records
        if r["sign"] and not escalated(r["answer"]) and r["text"] not in missed_alone
    ]
    assert not not_escalated, f"warning signs not escalated under load: {not_escalated}"
