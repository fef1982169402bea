"""The questionnaire at an actor's personal link, outside ``/api/v1`` and outside the OpenAPI
document (no account, no bearer token, no cookie):

- ``GET /s/{token}``: the page (German; ``?lang=en`` English; a switch on the page);
- ``GET /s/{token}/form``: what the page shows (:func:`api.survey.form.form`);
- ``POST /s/{token}/answers``: ``{"partners": [...], "record"?: {...}, "submit": bool}``;
- ``GET /s/assets/{name}``: the page's script, styles and words.

Security (issue 17, item 5): the token opens this actor's questionnaire in this campaign and
nothing else. Unknown, revoked and malformed tokens answer 404 alike and count as failures per
client address (:class:`api.auth.FailureLimit`, the settings of wrong API tokens): after too
many, 429 with ``Retry-After`` before the token is looked at. A closed or ended campaign: 410,
as a German page or problem JSON. The POST needs ``Content-Type: application/json`` (415; a
cross-site HTML form cannot send it without a CORS preflight, which nothing here answers) and
is refused (403) when ``Origin`` names another origin or ``Sec-Fetch-Site`` says
``cross-site``. No cookie is read or set. Every page has the strict CSP of the graph browser
(scripts and requests only to this server) and ``Referrer-Policy: no-referrer`` (the token is
in the address).
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, PackageLoader, StrictUndefined, Template
from pydantic import ValidationError

from api.auth import FailureLimit
from api.deps import Run, StoreDep, Write
from api.errors import problem_response, request_language
from api.responses import json_response
from api.routes.browser import CSP
from api.schemas_survey import AnswerIn
from api.survey import form
from graph.errors import GoneError, NotFoundError
from graph.i18n import say

router = APIRouter(include_in_schema=False)

HEADERS = {"Content-Security-Policy": CSP, "Referrer-Policy": "no-referrer",
           "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"}
ASSETS = {"questionnaire.js": "text/javascript; charset=utf-8",
          "questionnaire.css": "text/css; charset=utf-8",
          "words.js": "text/javascript; charset=utf-8"}


class LinkProblem(Exception):
    """A link that opens nothing: ``unknown`` (404), ``gone`` (410), ``too_many`` (429)."""

    def __init__(self, what: str, seconds: int | None = None) -> None:
        self.what, self.seconds = what, seconds


@lru_cache(maxsize=1)
def _template() -> Template:
    env = Environment(loader=PackageLoader("api.survey", "."), autoescape=True,
                      undefined=StrictUndefined, keep_trailing_newline=True)
    return env.get_template("questionnaire.html")


@lru_cache(maxsize=8)
def _asset(name: str) -> str:
    if name == "words.js":
        words = json.dumps(form.words(), ensure_ascii=False).replace("<", "\\u003c")
        return f"window.QS_WORDS = {words};\n"
    return (resources.files("api.survey") / name).read_text("utf-8")


def _lang(request: Request) -> str:
    return "en" if request.query_params.get("lang") == "en" else "de"


def _page(lang: str, view: str, status: int = 200, **params: Any) -> HTMLResponse:
    text = dict(form.words()[lang])
    headers = dict(HEADERS)
    if params.get("seconds"):
        text["too_many_text"] = say("too_many_text", lang, context="survey", **params)
        headers["Retry-After"] = str(params["seconds"])
    return HTMLResponse(_template().render(lang=lang, view=view, w=text), status_code=status,
                        headers=headers)


async def _respondent(request: Request, store: Any, run: Run, token: str) -> tuple[Any, str]:
    """The survey and actor of the token, or LinkProblem; unknown tokens counted per client."""
    failures: FailureLimit = request.app.state.survey_failures
    client = request.client.host if request.client else ""
    wait = failures.retry_after(client)
    if wait is not None:
        raise LinkProblem("too_many", wait)
    try:
        return await run(form.respondent, store, token)
    except NotFoundError:
        failures.failed(client)
        raise LinkProblem("unknown") from None
    except GoneError:
        raise LinkProblem("gone") from None


def _json_problem(request: Request, problem: LinkProblem) -> Response:
    lang = request_language(request.query_params.get("lang"), request.headers.get("accept-language"))
    if problem.what == "too_many":
        return problem_response(429, code="too_many_attempts",
                                detail=say("survey_too_many", lang, seconds=problem.seconds),
                                headers={"Retry-After": str(problem.seconds)})
    if problem.what == "gone":
        return problem_response(410, code="survey_closed",
                                detail=say("gone_heading", lang, context="survey") + ". "
                                + say("gone_text", lang, context="survey"))
    return problem_response(404, code="survey_link_unknown", detail=say("survey_link_unknown", lang))


@router.get("/s/assets/{name}")
def asset(name: str) -> Response:
    if name not in ASSETS:
        raise HTTPException(404, f"no file {name!r}")
    return Response(_asset(name), media_type=ASSETS[name],
                    headers={**HEADERS, "Cache-Control": "no-cache"})


@router.get("/s/{token}")
async def questionnaire(token: str, request: Request, store: StoreDep, run: Run) -> Response:
    lang = _lang(request)
    try:
        await _respondent(request, store, run, token)
    except LinkProblem as problem:
        status = {"unknown": 404, "gone": 410, "too_many": 429}[problem.what]
        return _page(lang, problem.what, status, seconds=problem.seconds or 0)
    return _page(lang, "form")


@router.get("/s/{token}/form")
async def questionnaire_form(token: str, request: Request, store: StoreDep, run: Run) -> Response:
    try:
        survey, actor = await _respondent(request, store, run, token)
    except LinkProblem as problem:
        return _json_problem(request, problem)
    return json_response(await run(form.form, store, survey, actor))


def _own_origins(request: Request) -> set[str]:
    from_request = urlsplit(str(request.base_url))
    origins = {f"{from_request.scheme}://{from_request.netloc}"}
    public = request.app.state.settings.public_url
    if public:
        parts = urlsplit(public)
        origins.add(f"{parts.scheme}://{parts.netloc}")
    return origins


def _refused(request: Request) -> Response | None:
    """415 without a JSON body, 403 from another site (CSRF), else None."""
    lang = request_language(request.query_params.get("lang"), request.headers.get("accept-language"))
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype != "application/json":
        return problem_response(415, code="unsupported_media_type",
                                detail=say("survey_needs_json", lang))
    origin = request.headers.get("origin")
    site = request.headers.get("sec-fetch-site", "").lower()
    if site == "cross-site" or (origin is not None and origin not in _own_origins(request)):
        return problem_response(403, code="cross_site", detail=say("survey_cross_site", lang))
    return None


def _field(loc: tuple[Any, ...]) -> str:
    """``("partners", 2, "weight")`` -> ``partners[2].weight``, as the store names fields."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _body(raw: bytes, lang: str) -> dict[str, Any] | Response:
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:  # bad JSON, too deep, a number too long
        return problem_response(400, code="bad_json",
                                detail=say("survey_bad_json", lang, why=type(exc).__name__))
    try:
        return AnswerIn.model_validate(data).model_dump()
    except ValidationError as exc:
        errors = [{"code": e["type"], "field": _field(tuple(e["loc"])), "message": e["msg"]}
                  for e in exc.errors(include_url=False, include_input=False)]
        return problem_response(422, code="request_invalid",
                                detail=say("request_invalid", lang, count=len(errors)),
                                errors=errors)


@router.post("/s/{token}/answers")
async def save_answers(token: str, request: Request, store: StoreDep, run: Run,
                       write: Write) -> Response:
    refused = _refused(request)
    if refused is not None:
        return refused
    try:
        survey, actor = await _respondent(request, store, run, token)
    except LinkProblem as problem:
        return _json_problem(request, problem)
    lang = request_language(request.query_params.get("lang"), request.headers.get("accept-language"))
    body = _body(await request.body(), lang)
    if isinstance(body, Response):
        return body
    return json_response(await write(form.save, store, survey, actor, body))
