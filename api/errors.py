"""Every error the API answers with, as ``application/problem+json`` (RFC 9457), in one place.

Domain errors (:mod:`graph.errors`) are mapped here and nowhere else:

=============================  ======  ==========================================================
``InvalidInputError``          422     ``errors`` lists every problem (record, index, id, field,
                                       file, line, column, code, message)
``TooLargeError``              413     a file over a limit (bytes, unpacked bytes, rows, cells);
                                       ``errors`` name the file and the limit
``NotFoundError``              404
``ConflictError``              409     a duplicate id, or a record still in use
``PreconditionFailedError``    412     ``If-Match`` names an older version (someone else changed it)
``StoreBusyError``             503     with ``Retry-After``: another write held the lock too long
``StoreUnavailableError``      503     with ``Retry-After``
``StoreSchemaError``           503
``QueryTimeoutError``          503     with ``Retry-After``
``ForbiddenError``             403     the account's role or areas do not allow it
``GoneError``                  410     a survey link of a closed or expired campaign
=============================  ======  ==========================================================

Request validation (FastAPI) gives 422 with the same ``errors`` shape; HTTP errors (401, 404 for an
unknown path, 405, 413) keep their status. An unexpected exception gives a 500 problem without
internals (and is logged without the request body, which may hold personal data).
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from graph.errors import (
    ConflictError,
    GoneError,
    InvalidInputError,
    NotFoundError,
    PreconditionFailedError,
    QuartiernetzError,
    StoreSchemaError,
    StoreUnavailableError,
    TooLargeError,
)
from graph.i18n import current_language, say, word

log = logging.getLogger("quartiernetz.api")

PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "urn:quartiernetz:problem:"


class ForbiddenError(QuartiernetzError):
    """The account may not do this (its role, or an editor's areas): ``why`` names the sentence
    (``forbidden_<why>`` in the catalogue) that says why and what to do instead."""

    code = "forbidden"

    def __init__(self, why: str, lang: str | None = None, **params: Any) -> None:
        self.why, self.why_params = why, params
        super().__init__("forbidden", lang=lang, detail=say(f"forbidden_{why}", lang, **params))


class QueryTimeoutError(QuartiernetzError):
    """A query or an analysis took longer than ``query_timeout``."""

    code = "timeout"
    retry_after = 5


#: Codes only the API raises (their sentences are in the catalogues, ``graph/locale``).
_API_CODES = ("forbidden", "timeout")


class ProblemItem(BaseModel):
    """One thing wrong with one record, field or row."""

    model_config = ConfigDict(extra="allow")

    code: str
    message: str
    record: str | None = None
    index: int | None = None
    id: str | None = None
    field: str | None = None
    file: str | None = None
    line: int | None = None
    column: str | None = None


class Problem(BaseModel):
    """An error answer (RFC 9457 problem details)."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "type": "urn:quartiernetz:problem:batch_invalid", "title": "Unprocessable Content",
        "status": 422, "detail": "1 Fehler, nichts wurde gespeichert:", "code": "batch_invalid",
        "errors": [{"code": "unknown_area", "record": "actor", "index": 0, "id": "gz-hoengg",
                    "field": "areas", "message": "unbekanntes Gebiet «kreis-99»: ..."}]}]})

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    code: str | None = None
    errors: list[ProblemItem] = Field(default_factory=list)


def _message(exc: QuartiernetzError) -> str:
    if exc.code == "csrf_missing":
        return say(exc.code, exc.lang)
    if exc.code not in _API_CODES:
        return str(exc)
    if type(exc) is ForbiddenError:  # the reason in the request's language too
        return say(exc.code, exc.lang, detail=say(f"forbidden_{exc.why}", exc.lang, **exc.why_params))
    return say(exc.code, exc.lang, **exc.params)


def problem_response(
    status: int,
    *,
    code: str | None = None,
    detail: str | None = None,
    errors: list[dict[str, Any]] | None = None,
    instance: str | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": TYPE_BASE + code if code else "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
    }
    if detail is not None:
        body["detail"] = detail
    if instance is not None:
        body["instance"] = instance
    if code is not None:
        body["code"] = code
    body["errors"] = errors or []
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _status(exc: QuartiernetzError) -> int:
    if isinstance(exc, TooLargeError):
        return 413
    if isinstance(exc, InvalidInputError):
        return 422
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, ConflictError):
        return 409
    if isinstance(exc, ForbiddenError):
        return 403
    if isinstance(exc, PreconditionFailedError):
        return 412
    if isinstance(exc, GoneError):  # h/survey-store
        return 410
    if isinstance(exc, StoreUnavailableError | StoreSchemaError | QueryTimeoutError):
        return 503
    return 400


def request_language(lang: str | None, accept: str | None) -> str:
    """``lang`` if it is de or en, else the first of de/en in ``Accept-Language``, else the
    server's default."""
    if lang in ("de", "en"):
        return lang
    for part in (accept or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in ("de", "en"):
            return code
    return current_language()


async def _domain(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, QuartiernetzError)
    if exc.lang is None:  # in the language the request asked for (?lang=, Accept-Language)
        exc.lang = request_language(request.query_params.get("lang"),
                                    request.headers.get("accept-language"))
    status = _status(exc)
    headers = None
    if status == 503:
        headers = {"Retry-After": str(getattr(exc, "retry_after", 5))}
        # The detail of a store error names the server, never a record: safe to log.
        log.warning("store unavailable on %s %s: %s", request.method, request.url.path, exc)
    errors = None
    if isinstance(exc, InvalidInputError):
        errors = [p.to_dict(exc.lang) for p in exc.problems]
        detail = _message(exc).splitlines()[0]
    elif isinstance(exc, NotFoundError):
        detail = say("not_found", exc.lang, what=word(exc.record, exc.lang), id=exc.id)
        errors = [{"code": "not_found", "record": exc.record, "id": exc.id, "message": detail}]
    else:
        detail = _message(exc)
    return problem_response(status, code=exc.code, detail=detail, errors=errors,
                            instance=request.url.path, headers=headers)


def _field(loc: tuple[Any, ...] | list[Any]) -> tuple[str | None, str]:
    """``("body", "contact", "email")`` -> ``("body", "contact.email")``."""
    where = str(loc[0]) if loc else None
    rest = [str(x) for x in loc[1:]]
    return where, ".".join(rest)


async def _validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = []
    for err in exc.errors():
        where, field = _field(err.get("loc", ()))
        code = {"extra_forbidden": "extra_field", "missing": "missing"}.get(err.get("type", ""),
                                                                          err.get("type", "invalid"))
        item: dict[str, Any] = {"code": code, "message": err.get("msg", ""), "field": field or where}
        if where in ("query", "path", "header"):
            item["in"] = where
        errors.append(item)
    n = len(errors)
    detail = say("request_invalid", count=n)
    return problem_response(422, code="request_invalid", detail=detail, errors=errors,
                            instance=request.url.path)


async def _http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else None
    code = {401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
            413: "body_too_large", 429: "too_many_attempts"}.get(exc.status_code)
    return problem_response(exc.status_code, code=code, detail=detail, instance=request.url.path,
                            headers=dict(exc.headers or {}))


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.error("unexpected %s on %s %s", type(exc).__name__, request.method, request.url.path,
              exc_info=exc)
    # Sent by Starlette outside every middleware: the headers api.headers adds elsewhere.
    return problem_response(500, code="internal", detail="internal error; it has been logged",
                            instance=request.url.path,
                            headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})


def install(app: FastAPI) -> None:
    """Register the handlers on ``app``."""
    app.add_exception_handler(QuartiernetzError, _domain)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(Exception, _unexpected)


#: ``responses=`` for routes: the error answers every route may give.
def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {s: {"description": HTTPStatus(s).phrase,
                "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}}
            for s in statuses}
