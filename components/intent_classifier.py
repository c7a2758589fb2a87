"""One logistic regression for every label, FAQ topics included.

Rasa's usual split is an intent classifier that says "faq" and a ResponseSelector
(a TensorFlow model) that then picks the topic (faq/<key>). Here one logistic
regression learns all labels at once: the FAQ topics, neighbours such as
faq/when_surgery and faq/surgery_procedure, and the other intents are told apart
by the same model. It reports the topic in the ResponseSelector's output format,
so the `utter_faq` rule, `rasa test` and the actions read it unchanged.

Why: on tests/data/nlu_heldout.yml it was as accurate as the two-stage version
(see README), training takes seconds instead of about 90, and no TensorFlow
model is loaded at run time (less memory, less CPU per message).

Rasa's built-in LogisticRegressionClassifier always weighs classes "balanced";
here every example counts the same (class_weight null), because balancing shrank
the confidence of short, common questions below the fallback threshold.

Tried and left out: scaling each message's n-gram counts to length 1 gained two
development-set messages but made gibberish ("blubb fasel xyz") confident, where
it must fall back: its few known n-grams then weigh as much as a whole sentence.
"""

import json
import logging
import warnings
from collections import defaultdict
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import (
    LogisticRegressionClassifier,
)
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import csr_matrix

from components.fingerprint import ProjectFingerprint
from components.linear_models import with_fast_sparse_prediction

logger = logging.getLogger(__name__)

# Rasa warns that FAQ examples need a ResponseSelector; this classifier is the one
# that uses them (the validator only knows Rasa's own class).
warnings.filterwarnings(
    "ignore",
    message="You have defined training data with examples for training a response selector",
)

RESPONSES_FILE = "responses.json"


def label_of(example: Message) -> Optional[Text]:
    """faq/<key> for FAQ examples, else the intent."""
    return example.get("intent_response_key") or example.get("intent")


def retrieval_intent_of(label: Text) -> Optional[Text]:
    """ "faq" for "faq/when_surgery", None for an ordinary intent."""
    return label.split("/", 1)[0] if "/" in label else None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class IntentAndFaqClassifier(ProjectFingerprint, LogisticRegressionClassifier):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            **LogisticRegressionClassifier.get_default_config(),
            # Inverse regularisation strength.
            "C": 1.0,
            # null: every example counts the same; "balanced": as in Rasa.
            "class_weight": None,
        }

    def __init__(
        self,
        config: Dict[Text, Any],
        name: Text,
        model_storage: ModelStorage,
        resource: Resource,
    ) -> None:
        super().__init__(config, name, model_storage, resource)
        self.clf.set_params(C=self.config["C"], class_weight=self.config["class_weight"])
        # utter_faq/<key> -> its responses, for the ResponseSelector output.
        self.responses: Dict[Text, List[Dict[Text, Any]]] = {}

    def _create_training_matrix(self, training_data: TrainingData) -> Tuple[csr_matrix, List[str]]:
        examples = [e for e in training_data.intent_examples if label_of(e) and e.get("text")]
        return self._create_X(examples), [label_of(e) for e in examples]

    def train(self, training_data: TrainingData) -> Resource:
        self.responses = dict(training_data.responses)
        resource = super().train(training_data)
        with_fast_sparse_prediction(self.clf)
        return resource

    def process(self, messages: List[Message]) -> List[Message]:
        if not hasattr(self.clf, "classes_"):
            return messages  # nothing was trained
        # A message without features (empty text) has nothing to classify: no
        # intent, so the FallbackClassifier answers it as not understood.
        readable = []
        for message in messages:
            if message.get_sparse_features(attribute=TEXT)[1] is not None:
                readable.append(message)
            else:
                message.set("intent", {"name": None, "confidence": 0.0}, add_to_output=True)
                message.set("intent_ranking", [], add_to_output=True)
        if readable:
            probabilities = self.clf.predict_proba(self._create_X(readable))
            for message, row in zip(readable, probabilities):
                self._set_prediction(message, dict(zip(self.clf.classes_, row)))
        return messages

    def _set_prediction(self, message: Message, label_confidence: Dict[Text, float]) -> None:
        # An intent's confidence is the sum over its labels, so "faq" competes
        # with the other intents as one intent, as with a ResponseSelector.
        intent_confidence: Dict[Text, float] = defaultdict(float)
        topics: Dict[Text, Dict[Text, float]] = defaultdict(dict)
        for label, confidence in label_confidence.items():
            retrieval_intent = retrieval_intent_of(label)
            intent_confidence[retrieval_intent or label] += float(confidence)
            if retrieval_intent:
                topics[retrieval_intent][label] = float(confidence)

        ranking = sorted(
            ({"name": name, "confidence": value} for name, value in intent_confidence.items()),
            key=lambda entry: -entry["confidence"],
        )
        message.set("intent", ranking[0], add_to_output=True)
        if self.config["ranking_length"] > 0:
            ranking = ranking[: self.config["ranking_length"]]
        message.set("intent_ranking", ranking, add_to_output=True)

        selector = {"all_retrieval_intents": sorted(topics)}
        for retrieval_intent, confidences in topics.items():
            selector[retrieval_intent] = self._selector_output(confidences)
        message.set("response_selector", selector, add_to_output=True)

    def _selector_output(self, confidences: Dict[Text, float]) -> Dict[Text, Any]:
        """The topic within one retrieval intent, as Rasa's ResponseSelector reports it:
        confidences relative to the retrieval intent."""
        total = sum(confidences.values()) or 1.0
        ranking = sorted(
            (
                {"intent_response_key": label, "confidence": value / total}
                for label, value in confidences.items()
            ),
            key=lambda entry: -entry["confidence"],
        )
        best = ranking[0]["intent_response_key"]
        utter_action = f"utter_{best}"
        return {
            "response": {
                "responses": self.responses.get(utter_action, []),
                "confidence": ranking[0]["confidence"],
                "intent_response_key": best,
                "utter_action": utter_action,
            },
            "ranking": ranking[: self.config["ranking_length"] or None],
        }

    def persist(self) -> None:
        super().persist()
        with self._model_storage.write_to(self._resource) as model_dir:
            (model_dir / RESPONSES_FILE).write_text(
                json.dumps(self.responses, ensure_ascii=False), encoding="utf-8"
            )

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "IntentAndFaqClassifier":
        component = super().load(config, model_storage, resource, execution_context, **kwargs)
        with_fast_sparse_prediction(component.clf)
        try:
            with model_storage.read_from(resource) as model_dir:
                component.responses = json.loads(
                    (model_dir / RESPONSES_FILE).read_text(encoding="utf-8")
                )
        except (ValueError, FileNotFoundError):
            logger.debug("No FAQ responses stored for %s.", resource.name)
        return component
