"""Rasa NLU component: decides whether a message describes a warning sign.

It runs after the intent classifiers, so a warning sign is caught even when the
classifier picked an FAQ ("Physio hilft nicht und ich kann kein Wasser lassen")
or was unsure, and it needs no action server. Two signals decide
(`red_flag_triage`): the staff's term list (`red_flags.yml`) and a learned
detector on sentence embeddings (`red_flag_model`, trained on `red_flag_corpus/`).

- a warning sign: intent `red_flag`;
- unsure: intent `red_flag_check` (the assistant asks one safety question);
- in both cases a `red_flag` entity for each recognised group and one
  `red_flag_tier` entity (`notfall` or `dringend`), so that the first answer
  fits the urgency without the action server.

The classifier's ranking is kept, and its choice (after the veto below) is
reported as `classifier_intent`, so that "Nein" to the safety question can
answer the original question. The detector is the only judge of warning signs:
when the classifier predicts `red_flag` or `red_flag_check` and the detector
finds none, the classifier's next intent is used.
"""

import logging
import shutil
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
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components import red_flag_triage
from components.fingerprint import ProjectFingerprint
from components.intent_ranking import chose, use_next_intent
from components.languages import identify_language, is_other_language
from components.red_flag_labels import (
    CHECK_INTENT,
    CLASSIFIER_INTENT_KEY,
    DECIDED_AFTER_CLASSIFIER,
    DETECTOR_KEY,
    RED_FLAG_ENTITY,
    RED_FLAG_INTENT,
    TIER_ENTITY,
)
from components.red_flag_model import LabelledMessage, RedFlagModel, read_corpus, training_files
from components.red_flag_triage import Thresholds, triage
from components.red_flags import (
    RED_FLAGS_FILE,
    RedFlagMatcher,
    Token,
    group_tiers,
    load_red_flag_config,
)

logger = logging.getLogger(__name__)

LIST_FILE = "red_flags.yml"
MODEL_FILE = "red_flag_model.pkl"
# Intents only the detector may decide.
DETECTOR_INTENTS = {RED_FLAG_INTENT, CHECK_INTENT}


def training_examples(training_data: TrainingData) -> List[LabelledMessage]:
    """The NLU examples as the learned detector sees them: `red_flag` examples
    are warning signs, all other questions are not."""
    return [
        LabelledMessage(example.get(TEXT), example.get(INTENT) == RED_FLAG_INTENT)
        for example in training_data.intent_examples
        if example.get(TEXT) and example.get(INTENT) != CHECK_INTENT
    ]


@DefaultV1Recipe.register(
    [
        DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER,
        DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR,
    ],
    is_trainable=True,
)
class RedFlagDetector(ProjectFingerprint, GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            # The staff-maintained term list; copied into the model when training.
            # Relative to the project folder, so that Rasa's training cache serves
            # a copy of the project too (the config is part of the fingerprint).
            "red_flags_file": RED_FLAGS_FILE.name,
            # Below this confidence the classifier's next intent becomes
            # nlu_fallback (keep equal to the FallbackClassifier's threshold).
            "fallback_threshold": 0.5,
            # Thresholds of the decision (see red_flag_triage.Thresholds).
            "thresholds": {},
            # ... changed for messages in another language, which the German
            # term list cannot read (only the learned detector does).
            "other_language_thresholds": {},
            # Inverse regularisation of the learned detector's regressions.
            "C": 32.0,
        }

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        matcher: Optional[RedFlagMatcher] = None,
        model: Optional[RedFlagModel] = None,
        tiers: Optional[Dict[str, str]] = None,
    ) -> None:
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self._matcher = matcher
        self._model = model
        self._tiers = tiers or {}
        german = config.get("thresholds", {})
        self._thresholds = Thresholds(**german)
        self._other_language_thresholds = Thresholds(
            **{**german, **config.get("other_language_thresholds", {})}
        )

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
        source = RED_FLAGS_FILE.parent / self._config["red_flags_file"]
        RedFlagMatcher.from_file(source)  # fail training on a broken file
        messages = read_corpus(training_files()) + training_examples(training_data)
        model = RedFlagModel.train(messages, C=self._config["C"])
        with self._model_storage.write_to(self._resource) as directory:
            shutil.copy(source, directory / LIST_FILE)
            model.save(directory / MODEL_FILE)
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
            list_config = load_red_flag_config(directory / LIST_FILE)
            model = RedFlagModel.load(directory / MODEL_FILE)
        return cls(
            config,
            model_storage,
            resource,
            RedFlagMatcher(list_config),
            model,
            group_tiers(list_config),
        )

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._process_message(message)
        return messages

    def _process_message(self, message: Message) -> None:
        rasa_tokens = message.get(TOKENS_NAMES[TEXT]) or []
        if not rasa_tokens or self._matcher is None or self._model is None:
            return
        tokens = [Token(t.text, t.lemma or t.text) for t in rasa_tokens]
        other_language = is_other_language(identify_language(message.get(TEXT)))
        # The term list is German: in another language its matches are chance
        # ("spine", "temperatura"), and only the detector decides.
        found, negated = ([], []) if other_language else self._matcher.find(tokens)
        prediction = self._model.predict(message.get(TEXT))
        result = triage(
            [m.category for m in found],
            prediction,
            self._tiers,
            self._other_language_thresholds if other_language else self._thresholds,
            self._matcher.own_history(tokens, found),
        )

        if chose(message, DETECTOR_INTENTS):
            # The detector decides what is a warning sign; the classifier's
            # guess of one is replaced by its next intent.
            use_next_intent(message, DECIDED_AFTER_CLASSIFIER, self._config["fallback_threshold"])
        message.set(CLASSIFIER_INTENT_KEY, message.get(INTENT), add_to_output=True)
        message.set(
            DETECTOR_KEY,
            {
                "decision": result.decision,
                "tier": result.tier,
                "sign": round(prediction.sign, 3),
                "emergency": round(prediction.emergency, 3),
                "listed": [m.category for m in found],
                "negated": [m.category for m in negated],
            },
            add_to_output=True,
        )
        if result.decision == red_flag_triage.NONE:
            return

        intent = RED_FLAG_INTENT if result.decision == red_flag_triage.ALARM else CHECK_INTENT
        logger.info(
            "%s (%s, groups %s, sign %.2f) overrides intent '%s'.",
            intent,
            result.tier,
            result.groups,
            prediction.sign,
            message.get(CLASSIFIER_INTENT_KEY, {}).get(INTENT_NAME_KEY),
        )
        message.set(
            INTENT, {INTENT_NAME_KEY: intent, PREDICTED_CONFIDENCE_KEY: 1.0}, add_to_output=True
        )
        spans = {m.category: (m.start, m.end) for m in found}
        entities = list(message.get(ENTITIES) or [])
        for group in result.groups:
            first, end = spans.get(group, (0, len(rasa_tokens)))
            entities.append(self._entity(RED_FLAG_ENTITY, group, rasa_tokens, first, end))
        entities.append(self._entity(TIER_ENTITY, result.tier, rasa_tokens, 0, len(rasa_tokens)))
        message.set(ENTITIES, entities, add_to_output=True)

    def _entity(self, name, value, rasa_tokens, first, end) -> Dict[Text, Any]:
        return {
            "entity": name,
            "value": value,
            "start": rasa_tokens[first].start,
            "end": rasa_tokens[end - 1].end,
            "confidence_entity": 1.0,
            "extractor": self.__class__.__name__,
        }
