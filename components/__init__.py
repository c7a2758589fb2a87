"""Custom Rasa NLU components of the Praxis-Assistent."""
