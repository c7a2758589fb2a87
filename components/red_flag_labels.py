"""The names the warning-sign detector writes into a parse result.

components/red_flag_detector.py sets them; the actions (actions/) and the staff
tools (staff/) read them. This module imports nothing, so that those can share
the names without loading Rasa's NLU pipeline.
"""

# Intents: a warning sign, or maybe one (the assistant asks the safety question).
RED_FLAG_INTENT = "red_flag"
CHECK_INTENT = "red_flag_check"
# Entities: one per recognised group, and one with the urgency (notfall/dringend).
RED_FLAG_ENTITY = "red_flag"
TIER_ENTITY = "red_flag_tier"
# Parse-result keys: the classifier's own choice, and the detector's signals (for the logs).
CLASSIFIER_INTENT_KEY = "classifier_intent"
DETECTOR_KEY = "red_flag_detector"
# Any message in a language other than German that is not a warning sign.
OTHER_LANGUAGE_INTENT = "other_language"
# Entity with the message's language, an ISO 639-1 code, and the slot it fills.
LANGUAGE_ENTITY = "language"
LANGUAGE_SLOT = LANGUAGE_ENTITY
# Intents the classifier learns but later components decide (the RedFlagDetector,
# the LanguageIdentifier): never the replacement when one of them is ruled out.
DECIDED_AFTER_CLASSIFIER = frozenset({RED_FLAG_INTENT, CHECK_INTENT, OTHER_LANGUAGE_INTENT})
