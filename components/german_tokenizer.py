"""Rasa tokenizer around the German spaCy pipeline (see `german_nlp`)."""

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.training_data.message import Message

from components.fingerprint import ProjectFingerprint
from components.german_nlp import load_german_pipeline
from components.normalize import fold_umlauts


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class GermanSpacyTokenizer(ProjectFingerprint, Tokenizer):
    """Splits German text with spaCy and gives each token a normalised lemma.

    The lemma is lower-cased with umlauts spelled out ("ü" -> "ue"), so that
    "Rückenschmerzen" and "Rueckenschmerzen" share their word features.
    """

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "intent_tokenization_flag": False,
            "intent_split_symbol": "_",
            "token_pattern": None,
            "prefix_separator_symbol": None,
        }

    @staticmethod
    def required_packages() -> List[Text]:
        return ["spacy", "simplemma"]

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GraphComponent:
        load_german_pipeline()  # load (and announce a fallback) at start-up
        return cls(config)

    def tokenize(self, message: Message, attribute: Text) -> List[Token]:
        nlp, _ = load_german_pipeline()
        doc = nlp(message.get(attribute))
        tokens = [
            Token(t.text, t.idx, lemma=fold_umlauts(t.lemma_ or t.text))
            for t in doc
            if t.text.strip()
        ]
        return self._apply_token_pattern(tokens)
