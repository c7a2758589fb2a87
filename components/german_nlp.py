"""Loads the German spaCy pipeline used for tokens and lemmas.

The preferred pipeline is spaCy's `de_core_news_sm`. It is only published on
GitHub, so where it cannot be installed we build a replacement from registry
packages: a blank German spaCy tokenizer plus lemmas from `simplemma`. The
replacement is announced loudly, because its lemmas differ from the real model.
"""

import logging
from functools import lru_cache
from typing import Tuple

import spacy
from spacy.language import Language
from spacy.tokens import Doc

logger = logging.getLogger(__name__)

PREFERRED_PIPELINE = "de_core_news_sm"
FALLBACK_PIPELINE = "de_blank_simplemma"

# Components of de_core_news_sm that we do not need for tokens and lemmas.
UNUSED_COMPONENTS = ["parser", "ner"]

FALLBACK_WARNING = (
    "\n" + "!" * 78 + "\n"
    f"!!  spaCy model '{PREFERRED_PIPELINE}' is not installed.\n"
    f"!!  Using the fallback pipeline '{FALLBACK_PIPELINE}':\n"
    "!!  spacy.blank('de') tokenizer + simplemma lemmatizer.\n"
    f"!!  Install '{PREFERRED_PIPELINE}' 3.4.0 and retrain to use the real model.\n" + "!" * 78
)


@Language.component("simplemma_lemmatizer")
def simplemma_lemmatizer(doc: Doc) -> Doc:
    """Sets German lemmas from simplemma (dictionary-based, no model download)."""
    from simplemma import lemmatize

    for token in doc:
        if token.is_alpha:
            token.lemma_ = lemmatize(token.text, lang="de")
        else:
            token.lemma_ = token.text
    return doc


def build_fallback_pipeline() -> Language:
    nlp = spacy.blank("de")
    nlp.add_pipe("simplemma_lemmatizer")
    nlp.meta["name"] = FALLBACK_PIPELINE.replace("de_", "", 1)
    # simplemma reads its German dictionary on first use (about 1 s here): read
    # it now, at start-up, not while the first patient waits for an answer.
    nlp("Rücken")
    return nlp


def installed_pipeline_name() -> str:
    """The name of the pipeline that `load_german_pipeline` will use."""
    if spacy.util.is_package(PREFERRED_PIPELINE):
        return PREFERRED_PIPELINE
    return FALLBACK_PIPELINE


@lru_cache(maxsize=None)
def load_german_pipeline() -> Tuple[Language, str]:
    """Returns the German pipeline and its name, loading it once per process."""
    name = installed_pipeline_name()
    if name == PREFERRED_PIPELINE:
        return spacy.load(PREFERRED_PIPELINE, exclude=UNUSED_COMPONENTS), name
    logger.warning(FALLBACK_WARNING)
    return build_fallback_pipeline(), name
