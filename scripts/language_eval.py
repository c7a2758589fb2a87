"""How well `components.languages.identify_language` names the language, without a server.

German: every German sentence the project has outside the test sets (NLU data,
NLU development sets, the warning-sign corpus and development set) must stay
German. Other languages: the development sets red_flag_corpus/dev_<code>.yml.
Use it for tuning on these only; the test sets (tests/data/red_flag_languages_*/)
are measured by tests/test_rest_languages.py.

    .venv/bin/python scripts/language_eval.py [--errors]
"""

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rasa.shared.nlu.training_data.loading import load_data  # noqa: E402

from components.languages import GERMAN, SUPPORTED, identify_language, warm_up  # noqa: E402
from components.red_flag_labels import OTHER_LANGUAGE_INTENT  # noqa: E402
from components.red_flag_model import read_corpus_file  # noqa: E402

PROJECT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT / "red_flag_corpus"


def german_texts():
    texts = []
    for path in [
        PROJECT / "data" / "nlu.yml",
        *sorted((PROJECT / "tests" / "data").glob("nlu_dev_set_*.yml")),
    ]:
        examples = load_data(str(path)).intent_examples
        texts += [m.get("text") for m in examples if m.get("intent") != OTHER_LANGUAGE_INTENT]
    for path in [CORPUS / "dev_set.yml", *sorted((CORPUS / "train").glob("*.yml"))]:
        # language_<code>*.yml hold that language, *_languages.yml all seven
        other = path.stem.startswith("language_") and not path.stem.startswith("language_de")
        if not other and not path.stem.endswith("_languages"):
            texts += [m.text for m in read_corpus_file(path)]
    return texts


def labelled_texts():
    pairs = [(GERMAN, text) for text in german_texts()]
    for code in SUPPORTED[1:]:
        pairs += [(code, m.text) for m in read_corpus_file(CORPUS / f"dev_{code}.yml")]
    return pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list every wrong message")
    args = parser.parse_args()
    warm_up()
    pairs = labelled_texts()
    right, total, errors = Counter(), Counter(), []
    started = time.perf_counter()
    for expected, text in pairs:
        found = identify_language(text) or GERMAN
        total[expected] += 1
        right[expected] += found == expected
        if found != expected:
            errors.append(f"{expected} -> {found}: {text}")
    per_message = (time.perf_counter() - started) / len(pairs) * 1000
    for code in SUPPORTED:
        print(f"{code}: {right[code]}/{total[code]} ({right[code] / total[code]:.1%})")
    print(f"{per_message:.2f} ms per message ({len(pairs)} messages)")
    if args.errors:
        print("\n".join(errors))


if __name__ == "__main__":
    main()
