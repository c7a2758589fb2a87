"""Publishing staff changes to the running assistant: versions, safety test, switch."""
