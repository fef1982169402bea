"""``POST /api/v1/invite`` (a round table), ``POST /api/v1/invite/list`` (its invitation list
as CSV or Excel) and ``POST /api/v1/need`` (who takes on a need).

For a read-scoped account all run on the part of the network it may read: an actor outside
it, named in ``must`` or anywhere else, is as unknown as an id that does not exist. The
invitation list carries contact persons only where :func:`~api.auth.may_see_personal` allows
(the one rule of ``include_personal``): never for a viewer, for an editor only for the actors
it may change.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api import records
from api.compute import spoken
from api.deps import AnalysesDep, CurrentUser, Lang, Run, SettingsDep, StoreDep
from api.errors import problems
from api.invitation_list import LIST_TYPES, invitation_list, seat_contacts
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


@router.post("/invite/list", summary="A round table's invitation list (CSV or Excel)",
             response_class=Response,
             responses={200: {"content": {t: {} for t in LIST_TYPES.values()}}},
             description="The seats of the same round table as ``POST /invite``, one row each "
                         "(name, kind, sector, role, reasons); contact persons only for editors "
                         "and admins, and only for actors they may change." + records.SCOPE_NOTE)
async def invite_list(body: InviteRequest, analyses: AnalysesDep, store: StoreDep, run: Run,
                      user: CurrentUser, settings: SettingsDep, lang: Lang = None,
                      fmt: Annotated[Literal["csv", "xlsx"], Query(alias="format")] = "csv") -> Response:
    scope = await run(records.scope_for, store, user)
    for area in body.areas:
        await run(records.check_area_read, store, user, area)
    table = body.table_options(settings.max_seats)
    words = current_language(lang)
    options = {**body.model_dump(mode="json"), "seats": table["seats"], "lang": words}
    answer = await analyses.get("invite", options, spoken(
        words, lambda v: invite_table(analyses.network(v, body.as_of, scope), **table).to_dict()),
        scope=scope)
    contacts = await run(seat_contacts, store, user, [s["id"] for s in answer["seats"]])
    content, name = invitation_list(answer, contacts, fmt, words)
    return records.mark_scope(Response(content, media_type=LIST_TYPES[fmt], headers={
        "Content-Disposition": f'attachment; filename="{name}"'}), scope)


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
