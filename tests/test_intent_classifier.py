"""The one classifier for intents and FAQ topics (components/intent_classifier.py).

Its output must look like Rasa's ResponseSelector's: the `utter_faq` rule, the
actions (safety question), `rasa test` and the staff review read it.
"""

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from scipy.sparse import random as sparse_random
from sklearn.linear_model import LogisticRegression

from components.intent_classifier import IntentAndFaqClassifier
from components.linear_models import with_fast_sparse_prediction


@pytest.fixture
def classifier(tmp_path):
    component = IntentAndFaqClassifier.create(
        IntentAndFaqClassifier.get_default_config(),
        LocalModelStorage(tmp_path),
        Resource("intent_classifier"),
        ExecutionContext(GraphSchema({}), "test"),
    )
    component.responses = {"utter_faq/when_surgery": [{"text": "Antwort zur Operation"}]}
    return component


def test_faq_topics_compete_as_one_intent(classifier):
    message = Message(data={"text": "Wann muss operiert werden?"})
    classifier._set_prediction(
        message,
        {"faq/when_surgery": 0.3, "faq/surgery_procedure": 0.2, "greet": 0.45, "deny": 0.05},
    )
    assert message.get("intent")["name"] == "faq"
    assert message.get("intent")["confidence"] == pytest.approx(0.5)
    names = [entry["name"] for entry in message.get("intent_ranking")]
    assert names == ["faq", "greet", "deny"]

    selector = message.get("response_selector")
    assert selector["all_retrieval_intents"] == ["faq"]
    response = selector["faq"]["response"]
    assert response["intent_response_key"] == "faq/when_surgery"
    assert response["utter_action"] == "utter_faq/when_surgery"
    assert response["responses"] == [{"text": "Antwort zur Operation"}]
    assert response["confidence"] == pytest.approx(0.6)  # 0.3 of the FAQ's 0.5
    ranking = selector["faq"]["ranking"]
    assert [entry["intent_response_key"] for entry in ranking] == [
        "faq/when_surgery",
        "faq/surgery_procedure",
    ]


def test_an_ordinary_intent_wins_over_a_split_faq(classifier):
    message = Message(data={"text": "Hallo"})
    classifier._set_prediction(
        message, {"faq/when_surgery": 0.2, "faq/orthosis": 0.2, "greet": 0.6}
    )
    assert message.get("intent") == {"name": "greet", "confidence": pytest.approx(0.6)}


def test_coefficients_are_kept_column_major_for_fast_sparse_prediction():
    # components/linear_models.py: scipy copies `coef_.T` for every message
    # unless it is row-major; the probabilities must not change.

    X = sparse_random(60, 500, density=0.05, format="csr", random_state=0)
    y = np.arange(60) % 4
    model = LogisticRegression(max_iter=200).fit(X, y)
    before = model.predict_proba(X[:5])
    with_fast_sparse_prediction(model)
    assert model.coef_.T.flags["C_CONTIGUOUS"]
    assert np.allclose(model.predict_proba(X[:5]), before)
