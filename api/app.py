"""The HTTP API: :func:`create_app` builds it; ``quartiernetz serve`` runs it with uvicorn.

Everything is under ``/api/v1`` (``/health`` and ``/version`` also at the root); Swagger UI at
``/docs`` (served from here: :mod:`api.routes.docs`), the OpenAPI document at ``/openapi.json``.
Errors are ``application/problem+json`` (:mod:`api.errors`); every route but ``/health`` and
``/version`` needs a bearer token (:mod:`api.auth`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
from fastapi import APIRouter, FastAPI
from fastapi.openapi.utils import get_openapi

from api import errors
from api.auth import FailureLimit
from api.compute import Analyses
from api.deps import TokenCache
from api.errors import PROBLEM_JSON, Problem
from api.geo import city_map
from api.headers import SecurityHeaders
from api.limits import BodyLimit
from graph.analysis._kernels import kernel_name
from graph.config import Settings
from graph.store import Store, open_store

DESCRIPTION = """\
Das Netzwerk der Quartierkoordination: Akteure, Beziehungen, Gebiete, Themen, Analysen und
Einladungen. / The network of Zurich's neighbourhood coordination.

Send `Authorization: Bearer <token>` (create one with `quartiernetz users add NAME --role viewer`).
Errors are `application/problem+json` (RFC 9457) naming the field or row at fault.
"""


def create_app(settings: Settings | None = None, *, store: Store | None = None) -> FastAPI:
    """The API for the store the settings name (or ``store``, which the caller then owns)."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        own = app.state.store is None
        if own:
            app.state.store = await anyio.to_thread.run_sync(open_store, settings)
        # Load the analysis kernel now: a missing C kernel is logged once at start, not in the
        # middle of the first analysis.
        await anyio.to_thread.run_sync(kernel_name)
        # Decode the city's map once now (0.2 s), not in the first coordinator's start view.
        await anyio.to_thread.run_sync(city_map)
        app.state.analyses = Analyses(app.state.store, settings.query_timeout)
        app.state.tokens = TokenCache(settings.token_cache_seconds)
        app.state.auth_failures = FailureLimit(settings.auth_max_failures,
                                               settings.auth_failure_window)
        app.state.survey_failures = FailureLimit(settings.auth_max_failures,  # h/survey-web
                                                 settings.auth_failure_window)
        try:
            yield
        finally:
            if own:
                app.state.store.close()
                app.state.store = None

    app = FastAPI(title="Quartiernetz", version="1", description=DESCRIPTION, lifespan=lifespan,
                  docs_url=None, redoc_url=None)  # /docs: api.routes.docs
    app.state.settings = settings
    app.state.store = store
    app.state.tokens = TokenCache(settings.token_cache_seconds)
    app.state.auth_failures = FailureLimit(settings.auth_max_failures, settings.auth_failure_window)
    # wrong survey links (/s/{token}), counted apart from wrong API tokens (h/survey-web)
    app.state.survey_failures = FailureLimit(settings.auth_max_failures, settings.auth_failure_window)
    errors.install(app)
    app.add_middleware(BodyLimit, max_body_bytes=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders)  # added last: outermost, so 413s carry them too

    from api.routes import (
        actors,
        analyses,
        areas,
        audit,
        browser,
        changes,
        docs,
        files,
        graph,
        invite,
        map,
        meetings,  # h/memory: before ties (/ties/suggested, not a tie id)
        reports,
        session,
        system,
        ties,
        views,
    )

    v1 = APIRouter(prefix="/api/v1")
    for router in (meetings.router, system.router, actors.router, ties.router, areas.areas, areas.topics,
                   analyses.router, invite.router, views.router, files.router, audit.router,
                   graph.router, map.router, session.router, reports.router,
                   changes.router):
        v1.include_router(router)
    # -- appended by h/needs: needs (Anliegen) --
    from api.routes import anliegen

    v1.include_router(anliegen.router)
    # -- appended by h/survey-web: network surveys (issue 17) --
    from api.routes import questionnaire, surveys

    v1.include_router(surveys.router)
    app.include_router(questionnaire.router)  # /s/{token}: outside /api/v1, no account
    app.include_router(v1)
    app.include_router(docs.router)  # Swagger UI at /docs, served from here (before /static/{name})
    app.include_router(browser.router)  # the web graph browser at /, with /login
    app.include_router(system.router, include_in_schema=False)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _openapi(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI document, with the Problem schema and the bearer scheme."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(title=app.title, version=app.version, description=app.description,
                         routes=app.routes)
    components = schema.setdefault("components", {})
    components.setdefault("schemas", {})["Problem"] = Problem.model_json_schema(
        ref_template="#/components/schemas/{model}")
    defs = components["schemas"]["Problem"].pop("$defs", {})
    components["schemas"].update(defs)
    components["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer"}}
    for path, ops in schema.get("paths", {}).items():
        if path.endswith(("/health", "/version")) and "{" not in path:  # not /forums/{id}/health
            continue
        for op in ops.values():
            op["security"] = [{"bearer": []}]
            # any route with a token: too many wrong tokens from one address (api.auth.FailureLimit)
            op.setdefault("responses", {}).setdefault("429", {
                "description": "Too Many Requests (wrong tokens); see Retry-After",
                "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}})
    app.openapi_schema = schema
    return schema
