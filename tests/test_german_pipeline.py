"""Both German pipelines: the announced fallback always, de_core_news_sm where installed."""

import logging
import subprocess
import sys
from pathlib import Path

import pytest
import spacy

from components import german_nlp
from components.german_nlp import (
    FALLBACK_PIPELINE,
    PREFERRED_PIPELINE,
    build_fallback_pipeline,
    installed_pipeline_name,
)

PROJECT = Path(__file__).resolve().parent.parent


def lemmas(nlp, text):
    return [t.lemma_ for t in nlp(text)]


def test_fallback_pipeline_gives_german_lemmas():
    nlp = build_fallback_pipeline()
    assert nlp.lang == "de"
    assert nlp.meta["name"] != PREFERRED_PIPELINE.replace("de_", "", 1)
    assert lemmas(nlp, "Beine gelähmt Schmerzen") == ["Bein", "lähmen", "Schmerz"]


def test_fallback_pipeline_reads_its_dictionary_before_the_first_message():
    # In a fresh process, since simplemma keeps its dictionary once read. Before,
    # the first message after start-up took about 1.1 s instead of 0.03 s.
    script = (
        "import time; from components.german_nlp import build_fallback_pipeline; "
        "nlp = build_fallback_pipeline(); start = time.perf_counter(); "
        "nlp('Wann haben Sie geöffnet? Meine Rückenschmerzen werden schlimmer'); "
        "print(time.perf_counter() - start)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT, capture_output=True, text=True, check=True
    )
    assert float(result.stdout.strip().splitlines()[-1]) < 0.3


def test_fallback_is_announced_loudly(monkeypatch, caplog):
    monkeypatch.setattr(german_nlp, "installed_pipeline_name", lambda: FALLBACK_PIPELINE)
    german_nlp.load_german_pipeline.cache_clear()
    try:
        with caplog.at_level(logging.WARNING):
            _, name = german_nlp.load_german_pipeline()
        assert name == FALLBACK_PIPELINE
        assert PREFERRED_PIPELINE in caplog.text and "fallback" in caplog.text
    finally:
        german_nlp.load_german_pipeline.cache_clear()


@pytest.mark.skipif(
    not spacy.util.is_package(PREFERRED_PIPELINE), reason="de_core_news_sm not installed"
)
def test_de_core_news_sm_gives_german_lemmas():
    nlp = spacy.load(PREFERRED_PIPELINE, exclude=german_nlp.UNUSED_COMPONENTS)
    assert "Bein" in lemmas(nlp, "Die Beine tun weh")


def test_installed_pipeline_is_one_of_the_two():
    assert installed_pipeline_name() in {PREFERRED_PIPELINE, FALLBACK_PIPELINE}
