"""``POST /api/v1/invite`` (a round table) and ``POST /api/v1/need`` (who takes on a need).

For a read-scoped account both run on the part of the network it may read: an actor outside
it, named in ``must`` or anywhere else, is as unknown as an id that does not exist.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api import records
from api.compute import spoken
from api.deps import AnalysesDep, CurrentUser, Lang, Run, SettingsDep, StoreDep
from api.errors import problems
from api.responses import json_response
from api.schemas_analysis import Invitation, InviteRequest, NeedRequest, NeedRow
from graph.analysis.invite import invite_table
from graph.analysis.need import need_finder
from graph.i18n import current_language

router = APIRouter(tags=["invitations"], responses=problems(400, 401, 403, 404, 413, 422, 503))


@router.post("/invite", response_model=Invitation, summary="Who to invite to a round table",
             description="The seats of a round table, each with its reasons." + records.SCOPE_NOTE)
async def invite(body: InviteRequest, analyses: AnalysesDep, store: StoreDep, run: Run,
                 user: CurrentUser, settings: SettingsDep, lang: Lang = None) -> Any:
    scope = await run(records.scope_for, store, user)
    for area in body.areas:
        await run(records.check_area_read, store, user, area)
    table = body.table_options(settings.max_seats)
    words = current_language(lang)
    options = {**body.model_dump(mode="json"), "seats": table["seats"], "lang": words}
    return records.mark_scope(json_response(await analyses.get("invite", options, spoken(
        words, lambda v: invite_table(analyses.network(v, body.as_of, scope), **table).to_dict()),
        scope=scope, raw=True)), scope)


@router.post("/need", response_model=list[NeedRow], summary="Who is suited or responsible for a need",
             description="Actors suited or responsible for a need, best first." + records.SCOPE_NOTE)
async def need(body: NeedRequest, analyses: AnalysesDep, store: StoreDep, run: Run,
               user: CurrentUser, lang: Lang = None) -> Any:
    scope = await run(records.check_area_read, store, user, body.area)
    words = current_language(lang)
    return records.mark_scope(json_response(await analyses.get(
        "need", {**body.model_dump(mode="json"), "lang": words}, spoken(words, lambda v: need_finder(
            analyses.network(v, body.as_of, scope), topic=body.topic, area=body.area,
            keywords=body.keywords, top=body.top)), scope=scope, raw=True)), scope)
