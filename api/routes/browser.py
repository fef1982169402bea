"""The web graph browser: ``/`` (the page), ``/login`` (takes a token from ``#token=``),
``/static/...`` (its script, styles and vis-network, served by us: no CDN, no build step) and
``/api/v1/me`` (the token's account, so the page knows the role).

Every answer carries a strict Content-Security-Policy: scripts only from this server (no inline
script), requests only to this server. The page itself holds no data; it asks ``/api/v1``
with the token the user gave (kept in ``sessionStorage``).
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from fastapi import APIRouter, HTTPException
from fastapi.responses import HTMLResponse, Response

from api.deps import CurrentUser
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
#: script is ES modules (app.js imports the others), loaded as ``<script type="module">``: a module
#: from this origin passes ``script-src 'self'`` and must come with a JavaScript content type.
MODULES = ("app.js", "state.js", "i18n.js", "page.js", "api.js", "labels.js", "graph.js", "explain.js",
           "panels.js", "export.js", "edit.js", "map.js", "need.js", "table.js", "tableview.js",
           "anliegen.js", "focus.js", "memory.js", "similar.js",
           "survey.js")  # survey.js: h/survey-desk (issue 17)
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


@lru_cache(maxsize=16)
def _file(name: str) -> str:
    if name == "vis-network.min.js":
        return vis_js()
    if name == "model.js":
        return _model_js()
    return (resources.files("api") / "browser" / name).read_text("utf-8")


@router.get("/", include_in_schema=False)
def page() -> HTMLResponse:
    return HTMLResponse(_file("index.html"), headers=HEADERS)


@router.get("/login", include_in_schema=False)
def login() -> HTMLResponse:
    """Takes the token from the link's fragment; never stored by a cache."""
    return HTMLResponse(_file("login.html"), headers={**HEADERS, "Cache-Control": "no-store"})


@router.get("/static/{name}", include_in_schema=False)
def static(name: str) -> Response:
    if name not in STATIC:
        raise HTTPException(404, f"no static file {name!r}")
    suffix = name[name.rfind("."):]
    headers = HEADERS
    if name == "vis-network.min.js":  # pinned by the pyvis package: cached for a day
        headers = {**HEADERS, "Cache-Control": "public, max-age=86400"}
    return Response(_file(name), media_type=TYPES[suffix], headers=headers)


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    """The icon a browser asks for by itself (the pages name /static/favicon.svg)."""
    return static("favicon.svg")


@router.get("/api/v1/me", response_model=Me, tags=["account"], summary="Who am I (name, role, areas)",
            responses=problems(401, 503))
async def me(user: CurrentUser) -> dict:
    return {"name": user.name, "role": user.role, "areas": list(user.areas),
            "read_scoped": user.read_scoped}
