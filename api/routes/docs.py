"""``/docs``: Swagger UI, served from this service (a vendored copy of ``swagger-ui-dist``, see
``api/browser/swagger-ui/README.md``) under the graph browser's Content-Security-Policy: no
CDN, no inline script, no request to another host. The token is kept in the page's memory only
(``persistAuthorization`` off), never in ``localStorage``.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from fastapi import APIRouter, HTTPException
from fastapi.responses import HTMLResponse, Response

from api.routes.browser import HEADERS

router = APIRouter(include_in_schema=False)

#: The vendored files (a fixed list: nothing else under api/browser/swagger-ui is reachable),
#: cached for a day like vis-network: they change only with a new release of Quartiernetz.
ASSETS = {"swagger-ui-bundle.js": "text/javascript; charset=utf-8",
          "swagger-ui.css": "text/css; charset=utf-8"}


@lru_cache(maxsize=8)
def _file(*parts: str) -> bytes:
    return resources.files("api").joinpath("browser", *parts).read_bytes()


@router.get("/docs")
def docs() -> HTMLResponse:
    return HTMLResponse(_file("docs.html"), headers=HEADERS)


@router.get("/static/docs.js")
def docs_js() -> Response:
    return Response(_file("docs.js"), media_type="text/javascript; charset=utf-8", headers=HEADERS)


@router.get("/static/swagger-ui/{name}")
def swagger_asset(name: str) -> Response:
    if name not in ASSETS:
        raise HTTPException(404, f"no static file {name!r}")
    return Response(_file("swagger-ui", name), media_type=ASSETS[name],
                    headers={**HEADERS, "Cache-Control": "public, max-age=86400"})
