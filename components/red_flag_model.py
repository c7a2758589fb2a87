"""The learned second net for warning signs.

Three logistic regressions on the same features: the message's sentence
embedding (`sentence_embedder`: paraphrases) next to TF-IDF word and character
n-grams (context words such as "damals", "meine Oma", "wieder gut", and typos).
Measured on the development set, the n-grams and the embedding together beat
either alone (scripts/red_flag_eval.py).
- sign:  does the message describe a warning sign the patient has now?
- group: which of the guideline's groups (for the patient's answer and the logs)?
- tier:  an emergency (112 now) or urgent (a doctor today)?

They learn from `red_flag_corpus/`: messages written for this purpose,
independently of the term list in `red_flags.yml`. Free of Rasa, so it can be
trained and measured on its own (scripts/red_flag_eval.py).
"""

import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence

import numpy as np
import yaml
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from components.linear_models import with_fast_sparse_prediction
from components.normalize import fold_umlauts
from components.red_flags import EMERGENCY, TIERS
from components.sentence_embedder import embed, embed_many

PROJECT = Path(__file__).resolve().parent.parent
CORPUS_DIR = PROJECT / "red_flag_corpus"

# The guideline's groups, as the corpus labels them (names: red_flags.yml).
GROUPS = (
    "cauda_equina",
    "myelopathy",
    "neuro_deficit",
    "infection",
    "after_surgery",
    "night_pain",
    "fracture",
    "tumour",
    "vascular",
    "stroke_like",
)


@dataclass(frozen=True)
class LabelledMessage:
    text: str
    is_sign: bool
    group: Optional[str] = None  # known for most warning signs
    tier: Optional[str] = None
    kind: Optional[str] = None  # harmless messages: why (see red_flag_corpus/README.md)


@dataclass(frozen=True)
class Prediction:
    sign: float  # probability of a current warning sign
    groups: Dict[str, float]  # probability of each group, given a sign
    emergency: float  # probability of the emergency tier, given a sign

    @property
    def group(self) -> str:
        return max(self.groups, key=self.groups.get)


class CorpusError(ValueError):
    pass


def read_corpus_file(path: Path) -> List[LabelledMessage]:
    """Messages of one file: `warnzeichen` (text, gruppe, stufe), `harmlos`
    (text, art) and `faq` or `fragen` (ordinary questions, plain texts)."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    messages = []
    for number, item in enumerate(data.get("warnzeichen") or [], start=1):
        group, tier = item.get("gruppe"), item.get("stufe")
        if group not in (None, *GROUPS) or tier not in (None, *TIERS):
            raise CorpusError(f"{path}: warnzeichen #{number}: gruppe/stufe {group}/{tier}?")
        messages.append(LabelledMessage(str(item["text"]), True, group, tier))
    for item in data.get("harmlos") or []:
        text, kind = (item["text"], item.get("art")) if isinstance(item, dict) else (item, None)
        messages.append(LabelledMessage(str(text), False, kind=kind))
    for item in (data.get("faq") or []) + (data.get("fragen") or []):
        text = item["text"] if isinstance(item, dict) else item
        messages.append(LabelledMessage(str(text), False, kind="faq"))
    return messages


def read_corpus(paths: Iterable[Path]) -> List[LabelledMessage]:
    messages = []
    for path in paths:
        messages += read_corpus_file(path)
    return messages


def training_files(directory: Path = CORPUS_DIR) -> List[Path]:
    """Everything in red_flag_corpus/train/: the files the detector learns from."""
    return sorted((Path(directory) / "train").glob("*.yml"))


def _logistic_regression(C: float, balanced: bool) -> LogisticRegression:
    return LogisticRegression(
        C=C, max_iter=2000, class_weight="balanced" if balanced else None, random_state=0
    )


class RedFlagModel:
    def __init__(self, words, characters, sign, group, tier) -> None:
        self._words = words
        self._characters = characters
        self._sign = sign
        self._group = group
        self._tier = tier

    def _features(self, texts: Sequence[str], embeddings: np.ndarray):
        folded = [fold_umlauts(t) for t in texts]
        return hstack(
            [
                self._words.transform(folded),
                self._characters.transform(folded),
                csr_matrix(embeddings),
            ]
        ).tocsr()

    @classmethod
    def train(
        cls,
        messages: Sequence[LabelledMessage],
        embeddings: Optional[np.ndarray] = None,
        C: float = 32.0,
    ) -> "RedFlagModel":
        """`embeddings`: the messages' embeddings, when the caller has them already."""
        if embeddings is None:
            embeddings = embed_many(m.text for m in messages)
        folded = [fold_umlauts(m.text) for m in messages]
        words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit(folded)
        characters = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2
        ).fit(folded)
        model = cls(words, characters, None, None, None)
        vectors = model._features([m.text for m in messages], embeddings)
        is_sign = np.array([m.is_sign for m in messages])
        if is_sign.all() or not is_sign.any():
            raise CorpusError("the corpus needs warning signs and harmless messages")
        sign = _logistic_regression(C, balanced=True).fit(vectors, is_sign)

        grouped = [i for i, m in enumerate(messages) if m.group]
        group = _logistic_regression(C, balanced=True).fit(
            vectors[grouped], [messages[i].group for i in grouped]
        )
        tiered = [i for i, m in enumerate(messages) if m.tier]
        tier = _logistic_regression(C, balanced=True).fit(
            vectors[tiered], [messages[i].tier == EMERGENCY for i in tiered]
        )
        model._sign, model._group, model._tier = sign, group, tier
        return model._with_fast_sparse_prediction()

    def _with_fast_sparse_prediction(self) -> "RedFlagModel":
        for regression in (self._sign, self._group, self._tier):
            with_fast_sparse_prediction(regression)
        return self

    def predict_embedded(self, text: str, embedding: np.ndarray) -> Prediction:
        row = self._features([text], embedding.reshape(1, -1))
        sign = float(self._sign.predict_proba(row)[0][list(self._sign.classes_).index(True)])
        groups = dict(zip(self._group.classes_, map(float, self._group.predict_proba(row)[0])))
        emergency = float(self._tier.predict_proba(row)[0][list(self._tier.classes_).index(True)])
        return Prediction(sign, groups, emergency)

    def predict(self, text: str) -> Prediction:
        return self.predict_embedded(text, embed(text))

    def save(self, path: Path) -> None:
        with open(path, "wb") as file:
            pickle.dump(self.__dict__, file)

    @classmethod
    def load(cls, path: Path) -> "RedFlagModel":
        model = cls(None, None, None, None, None)
        with open(path, "rb") as file:
            model.__dict__.update(pickle.load(file))
        return model._with_fast_sparse_prediction()
