"""The web graph browser: ``/`` (the page), ``/login`` (takes a token from ``#token=``),
``/static/...`` (its script, styles and vis-network, served by us: no CDN, no build step) and
``/api/v1/me`` (the token's account, so the page knows the role).

Every answer carries a strict Content-Security-Policy: scripts only from this server (no inline
script), requests only to this server. The page itself holds no data; it asks ``/api/v1``
with the token the user gave (kept in ``sessionStorage``).
"""

from __future__ import annotations

import hashlib
import html
import json
from datetime import UTC, datetime
from functools import lru_cache, partial
from importlib import resources

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from api.auth import SESSION_COOKIE, session_of
from api.deps import CurrentUser, run_with_timeout
from api.errors import problems
from api.schemas_graph import Me
from api.views import NODE_STYLE, vis_js
from graph.analysis.layout import PHYSICS_LIMIT
from graph.i18n import LANGUAGES, catalogue
from graph.model import ActorKind, Method, Sector, TieKind
from graph.model.needs import NeedStatus

router = APIRouter()

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
       "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
           "Referrer-Policy": "no-referrer", "Cache-Control": "no-cache"}
TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
         ".html": "text/html; charset=utf-8", ".svg": "image/svg+xml"}
#: The static files (a fixed list: nothing else under api/browser is reachable). The browser's
#: script is ES modules (app.js imports the map's few, workspace.js the rest, loaded by app.js with
#: ``import()`` after the map is drawn), loaded as ``<script type="module">``: a module
#: from this origin passes ``script-src 'self'`` and must come with a JavaScript content type.
MODULES = ("app.js", "state.js", "i18n.js", "page.js", "api.js", "labels.js", "graph.js", "explain.js",
           "panels.js", "export.js", "edit.js", "map.js", "need.js", "table.js", "tableview.js",
           "anliegen.js", "focus.js", "memory.js", "similar.js", "nodelist.js", "survey.js",
           "workspace.js")
STATIC = (*MODULES, "app.css", "boot.js", "login.js", "model.js", "vis-network.min.js",
          "favicon.svg")


def browser_words() -> dict[str, dict[str, str]]:
    """The browser's words (catalogue context ``browser``), one dictionary per language."""
    return {lang: {code: str(text) for (context, code), text in catalogue(lang).items()
                   if context == "browser"} for lang in LANGUAGES}


def _model_js() -> str:
    """The model's labels (German, English), the one node style table
    (:data:`api.views.style.NODE_STYLE`: colours, marks) and the browser's words, as the page
    reads them."""
    labels = {name: {m.value: [m.label("de"), m.label("en")] for m in enum}
              for name, enum in (("kinds", ActorKind), ("sectors", Sector), ("tieKinds", TieKind),
                                 ("methods", Method), ("needStatuses", NeedStatus))}
    model = {**labels, "style": NODE_STYLE, "physicsLimit": PHYSICS_LIMIT, "words": browser_words()}
    return "window.QN_MODEL = " + json.dumps(model, ensure_ascii=False).replace("<", "\\u003c") + ";\n"


@lru_cache(maxsize=32)
def _file(name: str) -> str:
    if name == "vis-network.min.js":
        return vis_js()
    if name == "model.js":
        return _model_js()
    return (resources.files("api") / "browser" / name).read_text("utf-8")


@lru_cache(maxsize=32)
def _asset(name: str) -> tuple[bytes, str]:
    """A static file as the bytes sent and its ETag (a hash of them): a browser that has it
    asks with ``If-None-Match`` and gets a 304 without the body."""
    body = _file(name).encode("utf-8")
    return body, '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


def warm() -> None:
    """Read and hash every static file and the page now (at server start), so that the first
    coordinator's page does not wait for the model's words or vis-network to be read."""
    for name in (*STATIC, "index.html", "login.html"):
        _asset(name)


#: Where the page names its session (index.html); boot.js reads it.
SESSION_META = '<meta name="qn-session" content="">'


@router.get("/", include_in_schema=False)
async def page(request: Request) -> HTMLResponse:
    """The page. Sent with a valid session cookie, it carries the session's answer (what
    ``GET /api/v1/session`` says: account, role, expiry, ``csrf``) in ``<meta name="qn-session">``,
    so that boot.js asks for the start view's data at once instead of first asking whether it is
    signed in (a round trip behind the static files); then it is never stored by a cache. Without
    a valid cookie the meta element is empty and boot.js asks as before (the token form on 401)."""
    cookie = request.cookies.get(SESSION_COOKIE)
    session = None
    if cookie and not request.headers.get("authorization"):
        app = request.app
        session = await run_with_timeout(app.state.settings.query_timeout,
                                         partial(session_of, app.state.store, cookie))
    if session is None:
        return HTMLResponse(_file("index.html"), headers=HEADERS)
    answer = json.dumps({"account": session.account.name, "role": session.account.role,
                         "expires_at": datetime.fromtimestamp(session.expiry, UTC).isoformat(),
                         "csrf": session.csrf})
    text = _file("index.html").replace(
        SESSION_META, f'<meta name="qn-session" content="{html.escape(answer, quote=True)}">', 1)
    return HTMLResponse(text, headers={**HEADERS, "Cache-Control": "no-store"})


@router.get("/login", include_in_schema=False)
def login() -> HTMLResponse:
    """Takes the token from the link's fragment; never stored by a cache."""
    return HTMLResponse(_file("login.html"), headers={**HEADERS, "Cache-Control": "no-store"})


def _static(name: str, if_none_match: str) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body of static file ``name`` (one of :data:`STATIC`): ``no-cache``
    with an ETag (the browser keeps it and revalidates: a 304 without the body when unchanged),
    vis-network (pinned by the pyvis package) cached for a day."""
    body, etag = _asset(name)
    headers = {**HEADERS, "ETag": etag}
    if name == "vis-network.min.js":
        headers["Cache-Control"] = "public, max-age=86400"
    if etag in if_none_match:
        return 304, headers, b""
    headers["Content-Type"] = TYPES[name[name.rfind("."):]]
    return 200, headers, body


@router.get("/static/{name}", include_in_schema=False)
async def static(name: str, request: Request) -> Response:
    """A static file (:func:`_static`; :class:`StaticFiles` answers these before the router)."""
    if name not in STATIC:
        raise HTTPException(404, f"no static file {name!r}")
    status, headers, body = _static(name, request.headers.get("if-none-match", ""))
    return Response(body, status_code=status, headers=headers)


class StaticFiles:
    """Pure ASGI, in front of the router: ``GET``/``HEAD /static/<name>`` for the page's own
    files from memory, without routing through every API route and FastAPI's request handling
    (a page asks for about 25 of them at once: 0.3 ms each instead of several on a busy
    machine). Anything else goes on to the app (an unknown name there gets its 404)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        name = path[len("/static/"):] if path.startswith("/static/") else ""
        if name not in STATIC or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        match = b""
        for key, value in scope["headers"]:
            if key == b"if-none-match":
                match = value
        status, headers, body = _static(name, match.decode("latin-1"))
        raw = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
        raw.append((b"content-length", str(len(body)).encode("ascii")))
        await send({"type": "http.response.start", "status": status, "headers": raw})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})


@router.get("/favicon.ico", include_in_schema=False)
async def favicon(request: Request) -> Response:
    """The icon a browser asks for by itself (the pages name /static/favicon.svg)."""
    return await static("favicon.svg", request)


@router.get("/api/v1/me", response_model=Me, tags=["account"], summary="Who am I (name, role, areas)",
            responses=problems(401, 503))
async def me(user: CurrentUser) -> dict:
    return {"name": user.name, "role": user.role, "areas": list(user.areas),
            "read_scoped": user.read_scoped}
