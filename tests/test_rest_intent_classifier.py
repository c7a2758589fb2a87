"""What the trained classifier (components/intent_classifier.py) reports over
/model/parse: the FAQ topic in the ResponseSelector's format, and no intent for
an empty message."""


def test_the_trained_model_answers_faq_questions_with_a_topic_and_its_text(rasa_servers):
    parse = rasa_servers.parse("Wann ist bei Rückenschmerzen eine Operation sinnvoll?")
    assert parse["intent"]["name"] == "faq"
    response = parse["response_selector"]["faq"]["response"]
    assert response["intent_response_key"].startswith("faq/")
    assert response["utter_action"] == "utter_" + response["intent_response_key"]
    assert response["responses"] and response["responses"][0]["text"]
    ranking = parse["response_selector"]["faq"]["ranking"]
    assert sum(entry["confidence"] for entry in ranking) <= 1.0 + 1e-6
    intents = [entry["name"] for entry in parse["intent_ranking"]]
    assert len(intents) == len(set(intents)) and not any("/" in name for name in intents)


def test_an_empty_message_is_answered_as_not_understood(rasa_servers):
    parse = rasa_servers.parse("")
    assert parse["intent"]["name"] == "nlu_fallback"
