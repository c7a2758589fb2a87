"""The REST channel of the chat page, with checks on what strangers send.

Rasa's RestInput answers some bad bodies with a 500 (an empty body, a JSON list),
lets an empty message crash the NLU pipeline (the answer is empty) and spends
seconds of the one event loop on a 100,000-character message, during which nobody
else gets an answer. This channel keeps Rasa's webhook (same URL
/webhooks/rest/webhook, same answers) and, before it runs, refuses what no chat
page sends (4xx with a German reason). An empty message passes: the intent
classifier gives it no intent, so it gets the fallback answer like an unclear one.

It also serves the patient's "Gespräch löschen": DELETE
/webhooks/rest/conversations/<sender_id> deletes the conversation (204; 404 for an
unknown one). No token: whoever holds the random sender id wrote the conversation.
And it starts the server's privacy housekeeping (channels/privacy.py).
"""

from typing import Any, Awaitable, Callable, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.exceptions import InvalidUsage
from sanic.request import Request

from channels.privacy import delete_conversation, housekeeping

# The chat widget (web/) allows 1,000 characters; longer messages come from other
# clients. The pipeline's cost grows with the text (100,000 characters took about 9 s
# of the one event loop, 2,000 well under a second), so longer ones are refused.
MAX_MESSAGE_CHARS = 2000
MAX_SENDER_CHARS = 200


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
            return check_body(body)

        @webhook.route("/conversations/<sender_id:str>", methods=["DELETE"])
        async def delete(request: Request, sender_id: Text) -> response.HTTPResponse:
            if len(sender_id) > MAX_SENDER_CHARS:
                return refusal(400, "Ungültige Anfrage: sender muss ein kurzer Text sein.")
            removed = await delete_conversation(request.app.ctx.agent, sender_id)
            if not removed:
                return refusal(404, "Dieses Gespräch gibt es nicht (mehr).")
            return response.empty(status=204)

        @webhook.listener("after_server_start")
        async def start_housekeeping(app, _loop) -> None:
            app.add_task(housekeeping(app))

        return webhook
