"""The REST channel of the chat page, with checks on what strangers send.

Rasa's RestInput answers some bad bodies with a 500 (an empty body, a JSON list),
lets an empty message crash the NLU pipeline (the answer is empty) and spends
seconds of the one event loop on a 100,000-character message, during which nobody
else gets an answer. This channel keeps Rasa's webhook (same URL
/webhooks/rest/webhook, same answers) and, before it runs, refuses what no chat
page sends (4xx with a German reason) and answers an empty message like an
unclear one (the fallback answer from domain.yml).
"""

from typing import Any, Awaitable, Callable, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME, INTENT_MESSAGE_PREFIX
from sanic import Blueprint, response
from sanic.exceptions import InvalidUsage
from sanic.request import Request

# The chat widget (web/) allows 1,000 characters; longer messages come from other
# clients. The pipeline's cost grows with the text (100,000 characters took about 9 s
# of the one event loop, 2,000 well under a second), so longer ones are refused.
MAX_MESSAGE_CHARS = 2000
MAX_SENDER_CHARS = 200
FALLBACK_MESSAGE = INTENT_MESSAGE_PREFIX + DEFAULT_NLU_FALLBACK_INTENT_NAME


def refusal(status: int, reason: str) -> response.HTTPResponse:
    return response.json({"status": status, "message": reason}, status=status)


def check_body(body: Any) -> Optional[response.HTTPResponse]:
    """A refusal for a body the chat page never sends, else None."""
    if not isinstance(body, dict):
        return refusal(
            400, "Ungültige Anfrage: erwartet wird ein JSON-Objekt mit sender und message."
        )
    message, sender = body.get("message"), body.get("sender")
    if not isinstance(message, str):
        return refusal(400, "Ungültige Anfrage: message fehlt oder ist kein Text.")
    if sender is not None and not (isinstance(sender, str) and 0 < len(sender) <= MAX_SENDER_CHARS):
        return refusal(400, "Ungültige Anfrage: sender muss ein kurzer Text sein.")
    if body.get("metadata") is not None and not isinstance(body["metadata"], dict):
        return refusal(400, "Ungültige Anfrage: metadata muss ein JSON-Objekt sein.")
    if len(message) > MAX_MESSAGE_CHARS:
        return refusal(413, f"Die Nachricht ist zu lang (höchstens {MAX_MESSAGE_CHARS} Zeichen).")
    return None


class PraxisRestInput(RestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest"  # keeps the URL /webhooks/rest/webhook of the chat page

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = super().blueprint(on_new_message)

        # Blueprint middleware runs before the blueprint's own routes only.
        @webhook.middleware("request")
        async def checked(request: Request) -> Optional[response.HTTPResponse]:
            if request.method != "POST":
                return None
            try:
                body = request.json
            except InvalidUsage:
                body = None  # not JSON at all
            refused = check_body(body)
            if refused or body["message"].strip():
                return refused
            # An empty message: answered as one the assistant did not understand.
            collector = CollectingOutputChannel()
            await on_new_message(
                UserMessage(
                    FALLBACK_MESSAGE,
                    collector,
                    body.get("sender"),  # None: Rasa's default sender, as RestInput
                    input_channel=self.name(),
                    metadata=body.get("metadata"),
                )
            )
            return response.json(collector.messages)

        return webhook
