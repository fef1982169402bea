"""``/api/v1/views/...``: the network views of :mod:`api.views` as HTML pages.

The same pages as ``quartiernetz view`` writes: one self-contained file each (no request to any
other host), sent with the page's Content-Security-Policy as a header too. They are cached by
the store's version like the analyses; ``lang`` (de or en) picks the language, else the
browser's ``Accept-Language``, else the server's default. For a read-scoped account a view
shows only the part of the network it may read (header ``X-Quartiernetz-Scope``).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Query
from fastapi.responses import HTMLResponse

from api import records
from api.auth import Scope
from api.deps import AnalysesDep, CurrentUser, Lang, Run, SettingsDep, StoreDep
from api.errors import problems, request_language
from api.schemas import SLUG
from api.schemas_analysis import InviteRequest
from api.views import page_csp, snapshot_view
from graph.model import OptionalDate

router = APIRouter(prefix="/views", tags=["views"], responses=problems(400, 401, 403, 404, 413, 422, 503))

HTML: dict[int | str, dict[str, Any]] = {200: {"content": {"text/html": {"schema": {"type": "string"}}},
              "description": "the view as one offline HTML page"}}
AcceptLanguage = Annotated[str | None, Header(max_length=500, include_in_schema=False)]
Marked = Annotated[int, Query(ge=0, le=100, description="how many brokers to mark")]
AsOf = Annotated[OptionalDate, Query(description="day (YYYY-MM-DD or DD.MM.YYYY); default today")]


def _page(text: str, scope: Scope) -> HTMLResponse:
    page = HTMLResponse(text, headers={"Content-Security-Policy": page_csp() + "; frame-ancestors 'self'",
                                       "X-Content-Type-Options": "nosniff",
                                       "Referrer-Policy": "no-referrer"})
    return records.mark_scope(page, scope)


@router.get("/network", response_class=HTMLResponse, responses=HTML,
            summary="The whole network or an area's, as an HTML page",
            description="The network view of ``quartiernetz view``." + records.SCOPE_NOTE)
async def network(
    analyses: AnalysesDep, store: StoreDep, run: Run, user: CurrentUser,
    area: Annotated[str | None, Query(pattern=SLUG, max_length=120,
                                      description="only this area and below")] = None,
    as_of: AsOf = None, brokers: Marked = 10, lang: Lang = None,
    accept_language: AcceptLanguage = None,
) -> Any:
    scope = await run(records.check_area_read, store, user, area)
    chosen = request_language(lang, accept_language)
    return _page(await analyses.get(
        "view", {"area": area, "as_of": as_of, "brokers": brokers, "lang": chosen},
        lambda v: snapshot_view(analyses.snapshot(v, as_of, scope), area=area, as_of=as_of,
                                mark_brokers=brokers, lang=chosen), scope=scope), scope)


@router.get("/ego/{actor_id}", response_class=HTMLResponse, responses=HTML,
            summary="An actor's surroundings, as an HTML page",
            description="An actor's ego network as a view." + records.SCOPE_NOTE)
async def ego(
    analyses: AnalysesDep, store: StoreDep, run: Run, user: CurrentUser,
    actor_id: Annotated[str, Path(pattern=SLUG, max_length=120)],
    hops: Annotated[int, Query(ge=1, le=3)] = 2, as_of: AsOf = None, brokers: Marked = 10,
    lang: Lang = None, accept_language: AcceptLanguage = None,
) -> Any:
    await run(records.get_visible, store, user, "actor", actor_id)
    scope = await run(records.scope_for, store, user)
    chosen = request_language(lang, accept_language)
    return _page(await analyses.get(
        "view_ego", {"actor": actor_id, "hops": hops, "as_of": as_of, "brokers": brokers,
                     "lang": chosen},
        lambda v: snapshot_view(analyses.snapshot(v, as_of, scope), ego=actor_id, hops=hops,
                                as_of=as_of, mark_brokers=brokers, lang=chosen), scope=scope), scope)


@router.post("/invite", response_class=HTMLResponse, responses=HTML,
             summary="A round table (the invite API's input), as an HTML page",
             description="The round table of ``POST /invite`` as a view." + records.SCOPE_NOTE)
async def invite(
    body: InviteRequest, analyses: AnalysesDep, store: StoreDep, run: Run, user: CurrentUser,
    settings: SettingsDep, brokers: Marked = 10, lang: Lang = None,
    accept_language: AcceptLanguage = None,
) -> Any:
    scope = await run(records.scope_for, store, user)
    for area in body.areas:
        await run(records.check_area_read, store, user, area)
    chosen = request_language(lang, accept_language)
    table = body.table_options(settings.max_seats)
    return _page(await analyses.get(
        "view_invite", {**body.model_dump(mode="json"), "seats": table["seats"], "brokers": brokers,
                        "lang": chosen},
        lambda v: snapshot_view(analyses.snapshot(v, scope=scope), invite=table,
                                network=analyses.network(v, body.as_of, scope),
                                as_of=body.as_of, mark_brokers=brokers, lang=chosen),
        scope=scope), scope)
