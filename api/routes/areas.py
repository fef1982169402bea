"""``/api/v1/areas`` and ``/api/v1/topics``: the reference lists actors point to."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from api import records
from api.deps import CurrentUser, Editor, Run, SettingsDep, StoreDep, Write
from api.errors import problems
from api.responses import json_response
from api.routes.actors import IfMatch
from api.schemas import (
    SLUG,
    AreaCreate,
    AreaPublic,
    AreasPublic,
    AreaUpdate,
    TopicCreate,
    TopicPublic,
    TopicsPublic,
    TopicUpdate,
)

areas = APIRouter(prefix="/areas", tags=["areas"], responses=problems(400, 401, 403, 404, 413, 422, 503))
topics = APIRouter(prefix="/topics", tags=["topics"], responses=problems(400, 401, 403, 404, 413, 422, 503))

RecordId = Annotated[str, records.ID_PATH]
Q = Annotated[str | None, Query(max_length=200, description="free text in id and name")]
Offset = Annotated[int, Query(ge=0, le=records.MAX_OFFSET)]
Limit = Annotated[int, Query(ge=1, le=1000)]


@areas.get("", response_model=AreasPublic, summary="List areas")
async def list_areas(store: StoreDep, run: Run, _user: CurrentUser, settings: SettingsDep,
                     q: Q = None, scheme: Annotated[str | None, Query(pattern=SLUG)] = None,
                     offset: Offset = 0, limit: Limit = 100) -> dict:
    page = await run(records.list_reference, store, "area", q=q, scheme=scheme, offset=offset,
                     limit=min(limit, settings.max_page_size))
    return {"data": [records.public("area", a) for a in page.items], "count": page.total,
            "offset": page.offset, "limit": page.limit}


@areas.get("/{area_id}", response_model=AreaPublic, summary="Read an area", responses=problems(404))
async def get_area(area_id: RecordId, store: StoreDep, run: Run, _user: CurrentUser) -> Response:
    item = await run(store.get_area, area_id)
    return json_response(records.public("area", item), headers={"ETag": records.etag_header(item)})


@areas.post("", status_code=201, response_model=AreaPublic, summary="Create an area",
            responses=problems(409))
async def create_area(body: AreaCreate, store: StoreDep, write: Write, user: Editor,
                      response: Response) -> dict:
    area = await write(records.create, store, user, "area", body.model_dump(mode="json"))
    response.headers["Location"] = f"{records.PREFIX}/areas/{area.id}"
    response.headers["ETag"] = records.etag_header(area)
    return records.public("area", area)


@areas.patch("/{area_id}", response_model=AreaPublic, summary="Change an area",
             responses=problems(404, 412))
async def update_area(area_id: RecordId, body: AreaUpdate, store: StoreDep, write: Write,
                      user: Editor, response: Response, if_match: IfMatch = None) -> dict:
    changes = body.model_dump(mode="json", exclude_unset=True)
    item = await write(records.update, store, user, "area", area_id, changes, if_match=if_match)
    response.headers["ETag"] = records.etag_header(item)
    return records.public("area", item)


@areas.delete("/{area_id}", status_code=204, summary="Delete an area nothing refers to",
              responses=problems(404, 409, 412))
async def delete_area(area_id: RecordId, store: StoreDep, write: Write, user: Editor,
                       if_match: IfMatch = None) -> Response:
    await write(records.delete, store, user, "area", area_id, if_match=if_match)
    return Response(status_code=204, headers=write.headers)


@topics.get("", response_model=TopicsPublic, summary="List topics")
async def list_topics(store: StoreDep, run: Run, _user: CurrentUser, settings: SettingsDep,
                      q: Q = None, offset: Offset = 0, limit: Limit = 100) -> dict:
    page = await run(records.list_reference, store, "topic", q=q, offset=offset,
                     limit=min(limit, settings.max_page_size))
    return {"data": [records.public("topic", t) for t in page.items], "count": page.total,
            "offset": page.offset, "limit": page.limit}


@topics.get("/{topic_id}", response_model=TopicPublic, summary="Read a topic",
            responses=problems(404))
async def get_topic(topic_id: RecordId, store: StoreDep, run: Run, _user: CurrentUser) -> Response:
    item = await run(store.get_topic, topic_id)
    return json_response(records.public("topic", item), headers={"ETag": records.etag_header(item)})


@topics.post("", status_code=201, response_model=TopicPublic, summary="Create a topic",
             responses=problems(409))
async def create_topic(body: TopicCreate, store: StoreDep, write: Write, user: Editor,
                       response: Response) -> dict:
    topic = await write(records.create, store, user, "topic", body.model_dump(mode="json", exclude_none=True))
    response.headers["Location"] = f"{records.PREFIX}/topics/{topic.id}"
    response.headers["ETag"] = records.etag_header(topic)
    return records.public("topic", topic)


@topics.patch("/{topic_id}", response_model=TopicPublic, summary="Change a topic",
              responses=problems(404, 412))
async def update_topic(topic_id: RecordId, body: TopicUpdate, store: StoreDep, write: Write,
                       user: Editor, response: Response, if_match: IfMatch = None) -> dict:
    changes = body.model_dump(mode="json", exclude_unset=True)
    item = await write(records.update, store, user, "topic", topic_id, changes, if_match=if_match)
    response.headers["ETag"] = records.etag_header(item)
    return records.public("topic", item)


@topics.delete("/{topic_id}", status_code=204, summary="Delete a topic no actor works on",
               responses=problems(404, 409, 412))
async def delete_topic(topic_id: RecordId, store: StoreDep, write: Write, user: Editor,
                       if_match: IfMatch = None) -> Response:
    await write(records.delete, store, user, "topic", topic_id, if_match=if_match)
    return Response(status_code=204, headers=write.headers)
