"""Request body limit: refuse bodies over ``max_body_bytes`` with 413, before reading them whole.

A ``Content-Length`` over the limit is answered at once; a body without one (chunked) is counted
as it arrives and refused as soon as it passes the limit. Pure ASGI, so it works for JSON bodies
and file uploads alike.
"""

from __future__ import annotations

import json

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import PROBLEM_JSON, TYPE_BASE


def _detail(limit: int) -> str:
    return f"request body larger than {limit} bytes; split the file or ask for a higher limit"


class BodyLimit:
    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.limit = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    length = int(value)
                except ValueError:
                    length = 0
                if length > self.limit:
                    await _refuse(send, self.limit, scope.get("path", ""))
                    return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise HTTPException(413, _detail(self.limit))
            return message

        await self.app(scope, counted, send)


async def _refuse(send: Send, limit: int, path: str) -> None:
    body = json.dumps({"type": TYPE_BASE + "body_too_large", "title": "Content Too Large",
                       "status": 413, "detail": _detail(limit), "instance": path,
                       "code": "body_too_large", "errors": []}).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", PROBLEM_JSON.encode()),
                            (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
