"""``/api/v1/anliegen``: needs (Anliegen) listed, raised, read, changed, stepped through their
life and handed on; the time city units take to answer, and the needs no one is responsible
for. Roles and areas as for actors (see :mod:`api.needs`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Response

from api import needs, records
from api.deps import CurrentUser, Editor, Run, SettingsDep, StoreDep, Write
from api.errors import problems
from api.responses import json_response
from api.schemas import SLUG
from api.schemas_needs import (
    NeedAssign,
    NeedCreate,
    NeedGap,
    NeedPublic,
    NeedsPublic,
    NeedStepIn,
    NeedUpdate,
    ResponseTime,
)

router = APIRouter(prefix="/anliegen", tags=["anliegen"],
                   responses=problems(400, 401, 403, 404, 413, 422, 503))

NeedId = Annotated[str, records.ID_PATH]
IfMatch = Annotated[str | None, Header(description="the ETag read before: 412 if the need "
                                                   "changed since")]


@router.get("", response_model=NeedsPublic, summary="List needs")
async def list_needs(
    store: StoreDep, run: Run, user: CurrentUser, settings: SettingsDep,
    status: Annotated[list[str] | None, Query(max_length=20)] = None,
    area: Annotated[str | None, Query(pattern=SLUG, description="with its sub-areas")] = None,
    topic: Annotated[list[str] | None, Query(max_length=50)] = None,
    open_only: Annotated[bool, Query(alias="open", description="only open needs")] = False,
    older_than: Annotated[int | None, Query(ge=0, le=100_000, description="days")] = None,
    offset: Annotated[int, Query(ge=0, le=records.MAX_OFFSET)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
) -> Response:
    page = await run(needs.list_needs, store, user, status=status, area=area, topic=topic,
                     open_only=open_only, older_than=older_than, offset=offset,
                     limit=min(limit, settings.max_page_size))
    data = await run(needs.shown, store, user, page.items)
    return json_response({"data": data, "count": page.total, "offset": page.offset,
                          "limit": page.limit})


@router.get("/response-times", response_model=list[ResponseTime],
            summary="Median days to first answer per city unit")
async def response_times(store: StoreDep, run: Run, user: CurrentUser) -> Response:
    return json_response(await run(needs.times, store, user))


@router.get("/gaps", response_model=list[NeedGap],
            summary="Open needs no actor is responsible for")
async def gaps(store: StoreDep, run: Run, user: CurrentUser) -> Response:
    return json_response(await run(needs.gaps, store, user))


@router.post("", status_code=201, response_model=NeedPublic, summary="Raise a need",
             responses=problems(409))
async def create_need(body: NeedCreate, store: StoreDep, write: Write, run: Run, user: Editor,
                      response: Response) -> dict:
    need = await write(needs.add, store, user, body.model_dump(mode="json", exclude_none=True))
    response.headers["Location"] = f"{records.PREFIX}/anliegen/{need.id}"
    response.headers["ETag"] = records.etag_header(need)
    return (await run(needs.shown, store, user, [need]))[0]


@router.get("/{need_id}", response_model=NeedPublic, summary="Read a need")
async def get_need(need_id: NeedId, store: StoreDep, run: Run, user: CurrentUser) -> Response:
    need = await run(needs.get_visible, store, user, need_id)
    (data,) = await run(needs.shown, store, user, [need])
    return json_response(data, headers={"ETag": records.etag_header(need)})


@router.patch("/{need_id}", response_model=NeedPublic, summary="Change a need",
              responses=problems(412))
async def update_need(need_id: NeedId, body: NeedUpdate, store: StoreDep, write: Write,
                      run: Run, user: Editor, response: Response,
                      if_match: IfMatch = None) -> dict:
    changes = body.model_dump(mode="json", exclude_unset=True)
    need = await write(needs.update, store, user, need_id, changes, records.etags(if_match))
    response.headers["ETag"] = records.etag_header(need)
    return (await run(needs.shown, store, user, [need]))[0]


@router.post("/{need_id}/steps", response_model=NeedPublic, summary="Take a need's next step",
             responses=problems(412))
async def step_need(need_id: NeedId, body: NeedStepIn, store: StoreDep, write: Write, run: Run,
                    user: Editor, response: Response, if_match: IfMatch = None) -> dict:
    need = await write(needs.step, store, user, need_id, body.model_dump(exclude_unset=True),
                       records.etags(if_match))
    response.headers["ETag"] = records.etag_header(need)
    return (await run(needs.shown, store, user, [need]))[0]


@router.post("/{need_id}/assign", response_model=NeedPublic, summary="Hand a need to actors",
             responses=problems(412))
async def assign_need(need_id: NeedId, body: NeedAssign, store: StoreDep, write: Write,
                      run: Run, user: Editor, response: Response,
                      if_match: IfMatch = None) -> dict:
    need = await write(needs.assign, store, user, need_id, body.model_dump(exclude_unset=True),
                       records.etags(if_match))
    response.headers["ETag"] = records.etag_header(need)
    return (await run(needs.shown, store, user, [need]))[0]
