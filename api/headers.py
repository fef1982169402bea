"""Headers on every answer: ``X-Content-Type-Options: nosniff`` always, and
``Cache-Control: no-store`` unless the route chose its own caching (the browser's static files
and pages do; every API answer, errors included, is never stored by a cache).

Pure ASGI, like :mod:`api.limits`, so it covers answers from routes, error handlers and the
body limit alike. (An unexpected exception's 500 is sent by Starlette outside all middleware:
:func:`api.errors._unexpected` adds :data:`ALWAYS` itself.)
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: What every answer carries unless it sets the header itself.
ALWAYS: dict[str, str] = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
_ALWAYS = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in ALWAYS.items()]


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers}
                headers += [(name, value) for name, value in _ALWAYS if name not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
