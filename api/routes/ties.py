"""``/api/v1/ties``: list (of an actor, of kinds, pages), read, create, change, delete."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from api import records
from api.deps import CurrentUser, Editor, Run, SettingsDep, StoreDep, Write
from api.errors import problems
from api.responses import json_response
from api.routes.actors import IfMatch
from api.schemas import SLUG, TIE_ID, TieCreate, TiePublic, TiesPublic, TieUpdate
from graph.model import TieKind

router = APIRouter(prefix="/ties", tags=["ties"], responses=problems(400, 401, 403, 404, 413, 422, 503))

TieId = Annotated[str, Path(pattern=TIE_ID, max_length=300,
                            description="kind:source:target, e.g. cooperates_with:gz-hoengg:qv-hoengg")]


@router.get("", response_model=TiesPublic, summary="List ties")
async def list_ties(
    store: StoreDep, run: Run, user: CurrentUser, settings: SettingsDep,
    actor: Annotated[str | None, Query(pattern=SLUG, description="ties of this actor")] = None,
    kind: Annotated[list[TieKind] | None, Query()] = None,
    offset: Annotated[int, Query(ge=0, le=records.MAX_OFFSET)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
) -> dict:
    page = await run(records.list_ties, store, user, actor=actor, kind=kind, offset=offset,
                     limit=min(limit, settings.max_page_size))
    return {"data": [records.public("tie", t) for t in page.items], "count": page.total,
            "offset": page.offset, "limit": page.limit}


@router.get("/{tie_id}", response_model=TiePublic, summary="Read a tie", responses=problems(404))
async def get_tie(tie_id: TieId, store: StoreDep, run: Run, user: CurrentUser) -> Response:
    tie = await run(records.get_visible, store, user, "tie", tie_id)
    return json_response(records.public("tie", tie), headers={"ETag": records.etag_header(tie)})


@router.post("", status_code=201, response_model=TiePublic, summary="Create a tie",
             responses=problems(409))
async def create_tie(body: TieCreate, store: StoreDep, write: Write, user: Editor,
                     response: Response) -> dict:
    tie = await write(records.create, store, user, "tie", body.model_dump(mode="json"))
    response.headers["Location"] = f"{records.PREFIX}/ties/{tie.id}"
    response.headers["ETag"] = records.etag_header(tie)
    return records.public("tie", tie)


@router.patch("/{tie_id}", response_model=TiePublic, summary="Change a tie",
              responses=problems(404, 412))
async def update_tie(tie_id: TieId, body: TieUpdate, store: StoreDep, write: Write, user: Editor,
                     response: Response, if_match: IfMatch = None) -> dict:
    changes = body.model_dump(mode="json", exclude_unset=True)
    tie = await write(records.update, store, user, "tie", tie_id, changes, if_match=if_match)
    response.headers["ETag"] = records.etag_header(tie)
    return records.public("tie", tie)


@router.delete("/{tie_id}", status_code=204, summary="Delete a tie",
               responses=problems(404, 412))
async def delete_tie(tie_id: TieId, store: StoreDep, write: Write, user: Editor,
                     if_match: IfMatch = None) -> Response:
    await write(records.delete, store, user, "tie", tie_id, if_match=if_match)
    return Response(status_code=204, headers=write.headers)
