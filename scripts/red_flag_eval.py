"""Measures the warning-sign decision on a labelled set, without a Rasa server.

Trains the learned detector as `rasa train` does (red_flag_corpus/train/ plus
the NLU examples of data/), runs the term list on the same messages and prints
the per-group table for the thresholds in config.yml. With --sweep it lists
threshold settings that meet the goals, for tuning: use it on the development
set (red_flag_corpus/dev_set.yml) only, never on the test set.

    .venv/bin/python scripts/red_flag_eval.py red_flag_corpus/dev_set.yml [--sweep] [--misses]
    .venv/bin/python scripts/red_flag_eval.py red_flag_corpus/dev_*.yml   (one table per file)
"""

import argparse
import itertools
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rasa.shared.nlu.training_data.loading import load_data  # noqa: E402

from components.german_nlp import load_german_pipeline  # noqa: E402
from components.languages import identify_language, is_other_language  # noqa: E402
from components.red_flag_detector import RedFlagDetector, training_examples  # noqa: E402
from components.red_flag_evaluation import Evaluation  # noqa: E402
from components.red_flag_model import (  # noqa: E402
    RedFlagModel,
    read_corpus,
    read_corpus_file,
    training_files,
)
from components.red_flag_triage import Thresholds, triage  # noqa: E402
from components.red_flags import (  # noqa: E402
    EMERGENCY,
    RedFlagMatcher,
    Token,
    group_tiers,
    load_red_flag_config,
)
from components.sentence_embedder import embed_many  # noqa: E402

PROJECT = Path(__file__).resolve().parent.parent


def detector_config() -> dict:
    pipeline = yaml.safe_load((PROJECT / "config.yml").read_text(encoding="utf-8"))["pipeline"]
    own = next(c for c in pipeline if c["name"].endswith("RedFlagDetector"))
    return {**RedFlagDetector.get_default_config(), **own}


def evaluate(messages, listed, predictions, tiers, thresholds, other=None) -> Evaluation:
    """`other`: the thresholds for messages in another language, as the detector uses them."""
    evaluation = Evaluation()
    for message, (groups, own_history), prediction in zip(messages, listed, predictions):
        foreign = other and is_other_language(identify_language(message.text))
        if foreign:  # as the detector: the German term list does not read other languages
            groups, own_history = [], ()
        result = triage(groups, prediction, tiers, other if foreign else thresholds, own_history)
        if message.is_sign:
            evaluation.add_sign(
                message.text,
                message.group or "?",
                message.tier,
                result.decision,
                result.tier,
                EMERGENCY,
            )
        else:
            evaluation.add_harmless(message.text, message.kind or "?", result.decision)
    return evaluation


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("eval_files", type=Path, nargs="+")
    parser.add_argument("--sweep", action="store_true")
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args()

    config = detector_config()
    nlu = load_data(str(PROJECT / "data" / "nlu.yml"))
    corpus = read_corpus(training_files()) + training_examples(nlu)
    model = RedFlagModel.train(corpus, C=config["C"])

    list_config = load_red_flag_config()
    matcher, tiers = RedFlagMatcher(list_config), group_tiers(list_config)
    nlp, _ = load_german_pipeline()
    for eval_file in args.eval_files:
        report(eval_file, model, matcher, tiers, nlp, config, args)


def report(eval_file, model, matcher, tiers, nlp, config, args) -> None:
    messages = read_corpus_file(eval_file)
    listed = []
    for message in messages:
        tokens = [Token(t.text, t.lemma_) for t in nlp(message.text) if t.text.strip()]
        found = matcher.find(tokens)[0]
        listed.append(([m.category for m in found], matcher.own_history(tokens, found)))
    vectors = embed_many(m.text for m in messages)
    predictions = [model.predict_embedded(m.text, v) for m, v in zip(messages, vectors)]

    thresholds = Thresholds(**config["thresholds"])
    other = Thresholds(**{**config["thresholds"], **config["other_language_thresholds"]})
    evaluation = evaluate(messages, listed, predictions, tiers, thresholds, other)
    print(f"{eval_file}: {thresholds}, other languages: {other}\n")
    print(evaluation.table())
    print("\ngoals missed:", ", ".join(evaluation.failures()) or "none")
    if args.misses:
        for group, counts in sorted(evaluation.signs.items()):
            for text in counts.misses:
                print(f"MISS {group}: {text}")
        for kind, counts in sorted(evaluation.harmless.items()) + [("faq", evaluation.faq)]:
            for text in counts.false_alarms:
                print(f"FALSE {kind}: {text}")

    if args.sweep:
        grid = itertools.product(
            [0.5, 0.6, 0.7, 0.8, 0.9],
            [0.2, 0.3, 0.4, 0.5],
            [0.1, 0.2, 0.3, 0.4, 0.5, 0.6],
            [0.02, 0.05, 0.1, 0.2],
            [0.2, 0.3, 0.4, 0.5],
        )
        rows = []
        for alarm, check, listed_alarm, listed_check, emergency in grid:
            if check >= alarm or listed_check >= listed_alarm:
                continue
            candidate = Thresholds(alarm, check, listed_alarm, listed_check, emergency)
            result = evaluate(messages, listed, predictions, tiers, candidate)
            signs, harmless = result.all_signs, result.all_harmless
            rows.append(
                (
                    signs.caught / signs.total,
                    -harmless.alarm / harmless.total,
                    -harmless.check / harmless.total,
                    signs.emergency_right,
                    candidate,
                )
            )
        # Safety first: the highest recall, then the fewest false alarms.
        rows.sort(key=lambda r: (round(r[0], 2), r[3], r[1], r[2]), reverse=True)
        for recall, alarms, checks, tier_right, candidate in rows[:25]:
            print(
                f"recall {recall:.3f}  alarms {-alarms:.3f}  checks {-checks:.3f}  "
                f"tier {tier_right}  {candidate}"
            )


if __name__ == "__main__":
    main()
