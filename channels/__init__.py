"""Input channels of the Rasa server (credentials.yml)."""
