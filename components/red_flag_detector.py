"""Rasa NLU component that turns any message with a warning sign into `red_flag`.

It runs after the intent classifiers, so a warning sign is caught even when the
classifier picked an FAQ ("Physio hilft nicht und ich kann kein Wasser lassen")
or was unsure. It needs no action server. The classifier's ranking is kept for
the logs; the recognised signs are added as `red_flag` entities. The detector
is the only judge of `red_flag`: when the classifier predicts it but no listed
warning sign is found, the classifier's next intent is used.
"""

import logging
import shutil
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import (
    ENTITIES,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.red_flags import RED_FLAGS_FILE, RedFlagMatcher, Token

logger = logging.getLogger(__name__)

RED_FLAG_INTENT = "red_flag"
FALLBACK_INTENT = "nlu_fallback"
RED_FLAG_ENTITY = "red_flag"
FILE_NAME = "red_flags.yml"
# Intents the detector never falls back to when it vetoes a negated red flag.
NOT_A_REPLACEMENT = {RED_FLAG_INTENT, FALLBACK_INTENT}


@DefaultV1Recipe.register(
    [
        DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER,
        DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR,
    ],
    is_trainable=True,
)
class RedFlagDetector(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            # The staff-maintained term list; copied into the model when training.
            "red_flags_file": str(RED_FLAGS_FILE),
            # Below this confidence the classifier's next intent becomes
            # nlu_fallback (keep equal to the FallbackClassifier's threshold).
            "fallback_threshold": 0.5,
        }

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        matcher: Optional[RedFlagMatcher] = None,
    ) -> None:
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self._matcher = matcher

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "RedFlagDetector":
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        source = Path(self._config["red_flags_file"])
        RedFlagMatcher.from_file(source)  # fail training on a broken file
        with self._model_storage.write_to(self._resource) as directory:
            shutil.copy(source, directory / FILE_NAME)
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "RedFlagDetector":
        with model_storage.read_from(resource) as directory:
            matcher = RedFlagMatcher.from_file(directory / FILE_NAME)
        return cls(config, model_storage, resource, matcher)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._process_message(message)
        return messages

    def _process_message(self, message: Message) -> None:
        rasa_tokens = message.get(TOKENS_NAMES[TEXT]) or []
        if not rasa_tokens or self._matcher is None:
            return
        tokens = [Token(t.text, t.lemma or t.text) for t in rasa_tokens]
        found, negated = self._matcher.find(tokens)

        if found:
            classifier_intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            logger.info(
                "Red flag %s overrides intent '%s'.",
                [m.category for m in found],
                classifier_intent,
            )
            message.set(
                INTENT,
                {INTENT_NAME_KEY: RED_FLAG_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0},
                add_to_output=True,
            )
            entities = list(message.get(ENTITIES) or [])
            for match in found:
                entities.append(
                    {
                        "entity": RED_FLAG_ENTITY,
                        "value": match.category,
                        "start": rasa_tokens[match.start].start,
                        "end": rasa_tokens[match.end - 1].end,
                        "confidence_entity": 1.0,
                        "extractor": self.__class__.__name__,
                    }
                )
            message.set(ENTITIES, entities, add_to_output=True)
        elif self._classifier_chose_red_flag(message):
            # The staff-maintained list decides what is a warning sign. The
            # classifier alone raises too many false alarms ("Ich habe kein
            # Fieber", "Verspannungen im Nacken"): take its next guess instead.
            logger.info(
                "Classifier chose red_flag without a listed warning sign "
                "(negated: %s); using its next intent.",
                [m.category for m in negated],
            )
            self._use_next_intent(message, self._config["fallback_threshold"])

    @staticmethod
    def _classifier_chose_red_flag(message: Message) -> bool:
        """red_flag on top, or nlu_fallback because red_flag was (nearly) on top."""
        ranking = [
            r for r in message.get(INTENT_RANKING_KEY) or []
            if r.get(INTENT_NAME_KEY) != FALLBACK_INTENT
        ]
        intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
        return intent == RED_FLAG_INTENT or (
            intent == FALLBACK_INTENT
            and bool(ranking)
            and ranking[0].get(INTENT_NAME_KEY) == RED_FLAG_INTENT
        )

    @staticmethod
    def _use_next_intent(message: Message, fallback_threshold: float) -> None:
        """The classifier's best other intent, with its confidence taken among
        the intents that remain once red_flag is ruled out."""
        ranking = message.get(INTENT_RANKING_KEY) or []
        red_flag_confidence = sum(
            r.get(PREDICTED_CONFIDENCE_KEY, 0)
            for r in ranking
            if r.get(INTENT_NAME_KEY) == RED_FLAG_INTENT
        )
        candidates = [r for r in ranking if r.get(INTENT_NAME_KEY) not in NOT_A_REPLACEMENT]
        remaining = max(1.0 - red_flag_confidence, 1e-9)
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
