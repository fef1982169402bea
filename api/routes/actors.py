"""``/api/v1/actors``: list (filters, free text, pages), read, create, change, delete."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Response

from api import records
from api.auth import require
from api.deps import CurrentUser, Editor, Run, SettingsDep, StoreDep, Write
from api.errors import problems
from api.responses import json_response
from api.schemas import SLUG, ActorCreate, ActorPublic, ActorsPublic, ActorUpdate
from graph.model import ActorKind, Sector

router = APIRouter(prefix="/actors", tags=["actors"], responses=problems(400, 401, 403, 404, 413, 422, 503))

ActorId = Annotated[str, records.ID_PATH]
Personal = Annotated[bool, Query(description=(
    "include contact (personal data); editors and admins, and only for actors the account may "
    "change (in its areas): the others come back with contact null"))]
IfMatch = Annotated[str | None, Header(description="the ETag read before: 412 if the record "
                                                   "changed since")]


@router.get("", response_model=ActorsPublic, summary="List actors")
async def list_actors(
    store: StoreDep, run: Run, user: CurrentUser, settings: SettingsDep,
    kind: Annotated[list[ActorKind] | None, Query()] = None,
    sector: Annotated[list[Sector] | None, Query()] = None,
    area: Annotated[str | None, Query(pattern=SLUG, description="with its sub-areas")] = None,
    topic: Annotated[list[str] | None, Query()] = None,
    q: Annotated[str | None, Query(max_length=200, description="free text, case and accents ignored")] = None,
    offset: Annotated[int, Query(ge=0, le=records.MAX_OFFSET)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000, description="capped at the server's page size")] = 50,
    include_personal: Personal = False,
) -> Response:
    if include_personal:
        require(user, "editor")
    page = await run(records.list_actors, store, user, kind=kind, sector=sector, area=area,
                     topic=topic, q=q, offset=offset, limit=min(limit, settings.max_page_size))
    data = await run(records.shown, store, user, "actor", page.items,
                     include_personal=include_personal)
    return json_response({"data": data, "count": page.total, "offset": page.offset,
                          "limit": page.limit})


@router.get("/{actor_id}", response_model=ActorPublic, summary="Read an actor",
            responses=problems(404))
async def get_actor(actor_id: ActorId, store: StoreDep, run: Run, user: CurrentUser,
                    include_personal: Personal = False) -> Response:
    if include_personal:
        require(user, "editor")
    actor = await run(records.get_visible, store, user, "actor", actor_id)
    (data,) = await run(records.shown, store, user, "actor", [actor],
                        include_personal=include_personal)
    return json_response(data, headers={"ETag": records.etag_header(actor)})


@router.post("", status_code=201, response_model=ActorPublic, summary="Create an actor",
             responses=problems(409))
async def create_actor(body: ActorCreate, store: StoreDep, write: Write, run: Run, user: Editor,
                       response: Response) -> dict:
    actor = await write(records.create, store, user, "actor", body.model_dump(mode="json", exclude_none=True))
    response.headers["Location"] = f"{records.PREFIX}/actors/{actor.id}"
    response.headers["ETag"] = records.etag_header(actor)
    return (await run(records.shown, store, user, "actor", [actor], include_personal=True))[0]


@router.patch("/{actor_id}", response_model=ActorPublic, summary="Change an actor",
              responses=problems(404, 412))
async def update_actor(actor_id: ActorId, body: ActorUpdate, store: StoreDep, write: Write,
                       run: Run, user: Editor, response: Response,
                       if_match: IfMatch = None) -> dict:
    changes = body.model_dump(mode="json", exclude_unset=True)
    actor = await write(records.update, store, user, "actor", actor_id, changes, if_match=if_match)
    response.headers["ETag"] = records.etag_header(actor)
    return (await run(records.shown, store, user, "actor", [actor], include_personal=True))[0]


@router.delete("/{actor_id}", status_code=204, summary="Delete an actor (with its ties)",
               responses=problems(404, 412))
async def delete_actor(actor_id: ActorId, store: StoreDep, write: Write, user: Editor,
                       if_match: IfMatch = None) -> Response:
    await write(records.delete, store, user, "actor", actor_id, if_match=if_match)
    return Response(status_code=204, headers=write.headers)
