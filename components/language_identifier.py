"""Rasa NLU component: the language of each message (components/languages.py).

It runs last, after the RedFlagDetector:
- it adds a `language` entity (ISO 639-1 code; the `language` slot chooses the
  language version of the warning-sign answers in domain.yml). A message too
  short to tell ("ok", "Ja") adds none, so the conversation keeps its language;
- a message in another language that is not a (possible) warning sign gets the
  intent `other_language` (the assistant answers in German only and says so in
  that language). Warning signs stay: the detector's sentence embedding is
  multilingual.
- the classifier learns `other_language` from examples too, but this component
  decides: for a German message it gets the classifier's next intent.
"""

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    ENTITIES,
    INTENT,
    INTENT_NAME_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from components.fingerprint import ProjectFingerprint
from components.intent_ranking import chose, use_next_intent
from components.languages import GERMAN, identify_language, is_other_language, warm_up
from components.red_flag_labels import (
    CHECK_INTENT,
    CLASSIFIER_INTENT_KEY,
    DECIDED_AFTER_CLASSIFIER,
    LANGUAGE_ENTITY,
    OTHER_LANGUAGE_INTENT,
    RED_FLAG_INTENT,
)


@DefaultV1Recipe.register(
    [
        DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER,
        DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR,
    ],
    is_trainable=False,
)
class LanguageIdentifier(ProjectFingerprint, GraphComponent):
    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "LanguageIdentifier":
        warm_up()
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._process_message(message)
        return messages

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # As the FallbackClassifier's threshold: below it, nlu_fallback.
        return {"fallback_threshold": 0.4}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._config = config

    def _rule_out_other_language(self, message: Message) -> None:
        """The classifier's `other_language` for a German message: its next intent,
        also as the original question a "Nein" to the safety question answers."""
        threshold = self._config["fallback_threshold"]
        other = {OTHER_LANGUAGE_INTENT}
        if chose(message, other):
            use_next_intent(message, DECIDED_AFTER_CLASSIFIER, threshold)
            message.set(CLASSIFIER_INTENT_KEY, message.get(INTENT), add_to_output=True)
        elif (message.get(CLASSIFIER_INTENT_KEY) or {}).get(INTENT_NAME_KEY) in other:
            decided = message.get(INTENT)  # a (possible) warning sign stays
            use_next_intent(message, DECIDED_AFTER_CLASSIFIER, threshold)
            message.set(CLASSIFIER_INTENT_KEY, message.get(INTENT), add_to_output=True)
            message.set(INTENT, decided, add_to_output=True)

    def _process_message(self, message: Message) -> None:
        text = message.get(TEXT) or ""
        language = identify_language(text)
        if not is_other_language(language):
            self._rule_out_other_language(message)
        if language is None:
            return
        entities = list(message.get(ENTITIES) or [])
        entities.append(
            {
                "entity": LANGUAGE_ENTITY,
                "value": language,
                "start": 0,
                "end": len(text),
                "confidence_entity": 1.0,
                "extractor": self.__class__.__name__,
            }
        )
        message.set(ENTITIES, entities, add_to_output=True)
        if language == GERMAN:
            return
        other = {INTENT_NAME_KEY: OTHER_LANGUAGE_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0}
        # "Nein" to the safety question answers the original message: in German only.
        message.set(CLASSIFIER_INTENT_KEY, other, add_to_output=True)
        if (message.get(INTENT) or {}).get(INTENT_NAME_KEY) not in (RED_FLAG_INTENT, CHECK_INTENT):
            message.set(INTENT, other, add_to_output=True)
