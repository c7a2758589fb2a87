"""Replacing the classifier's intent by its next best one.

Some intents are decided by a later component, not by the classifier: a warning
sign by the RedFlagDetector, another language by the LanguageIdentifier. When
the classifier picked one of them and that component disagrees, the message gets
the classifier's best intent that none of them decides (a warning sign ruled out
must not become "other language", nor the reverse).
"""

from typing import Collection

from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
)
from rasa.shared.nlu.training_data.message import Message

FALLBACK_INTENT = "nlu_fallback"


def use_next_intent(
    message: Message, ruled_out: Collection[str], fallback_threshold: float
) -> None:
    """The classifier's best intent not in `ruled_out`, with its confidence taken
    among the intents that remain; nlu_fallback when that is below the threshold."""
    ranking = message.get(INTENT_RANKING_KEY) or []
    ruled_out_confidence = sum(
        r.get(PREDICTED_CONFIDENCE_KEY, 0) for r in ranking if r.get(INTENT_NAME_KEY) in ruled_out
    )
    candidates = [r for r in ranking if r.get(INTENT_NAME_KEY) not in {*ruled_out, FALLBACK_INTENT}]
    remaining = max(1.0 - ruled_out_confidence, 1e-9)
    best = dict(candidates[0]) if candidates else None
    if best:
        best[PREDICTED_CONFIDENCE_KEY] = min(1.0, best[PREDICTED_CONFIDENCE_KEY] / remaining)
    if best and best[PREDICTED_CONFIDENCE_KEY] >= fallback_threshold:
        message.set(INTENT, best, add_to_output=True)
    else:
        message.set(
            INTENT,
            {INTENT_NAME_KEY: FALLBACK_INTENT, PREDICTED_CONFIDENCE_KEY: fallback_threshold},
            add_to_output=True,
        )


def chose(message: Message, intents: Collection[str]) -> bool:
    """One of `intents` on top, or nlu_fallback because one of them was (nearly) on top."""
    ranking = [
        r
        for r in message.get(INTENT_RANKING_KEY) or []
        if r.get(INTENT_NAME_KEY) != FALLBACK_INTENT
    ]
    intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
    return intent in intents or (
        intent == FALLBACK_INTENT and bool(ranking) and ranking[0].get(INTENT_NAME_KEY) in intents
    )
