"""JSON answers as prepared bytes, for the routes a busy client calls most.

FastAPI validates a route's return value against its ``response_model`` and serialises it
again; for a page of 50 actors or a large ego network that was the biggest cost of a request
(measured by ``bench/api.py``). Routes that build their answer from already validated records
(store reads, cached analyses) return :func:`json_response` instead: the bytes go out as they
are, while ``response_model`` stays on the route for the OpenAPI document. A test checks that
every such answer equals what the response model would have produced.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson
from fastapi import Response

#: NaN and infinity come out as null (as :func:`api.compute.clean` makes them); dict keys
#: that are not strings (dates, numbers) as strings.
_OPTIONS = orjson.OPT_NON_STR_KEYS


def dumps(content: Any, default: Callable[[Any], Any] | None = None, *,
          dataclasses: bool = True) -> bytes:
    """JSON bytes; ``dataclasses=False`` hands dataclasses to ``default`` instead of writing
    every field."""
    option = _OPTIONS if dataclasses else _OPTIONS | orjson.OPT_PASSTHROUGH_DATACLASS
    return orjson.dumps(content, default=default, option=option)


class JSONBytes(Response):
    """``application/json`` from a value (serialised with orjson) or from ready bytes."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return content if isinstance(content, bytes) else dumps(content)


def json_response(content: Any, status_code: int = 200,
                  headers: dict[str, str] | None = None) -> JSONBytes:
    return JSONBytes(content, status_code=status_code, headers=headers)
