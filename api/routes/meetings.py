"""``/api/v1/meetings``, ``/contacts``, ``/ties/suggested`` (confirm, dismiss),
``/kontaktpflege`` and ``/forums/{id}/health``: the network's memory (:mod:`api.memory`)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from api import memory, records
from api.deps import AnalysesDep, CurrentUser, Editor, Run, StoreDep, Write
from api.errors import problems
from api.responses import json_response
from api.schemas import SLUG, TiePublic
from api.schemas_memory import (
    ContactCreate,
    EncounterPublic,
    EncountersPublic,
    ForumHealth,
    KontaktpflegeRow,
    MeetingCreate,
    SuggestionPublic,
)
from graph.analysis.evidence import CONTACT_MONTHS
from graph.model import OptionalDate
from graph.store.meetings import SUGGEST_AFTER

router = APIRouter(tags=["memory"], responses=problems(400, 401, 403, 404, 413, 422, 503))

ActorQ = Annotated[str | None, Query(pattern=SLUG, max_length=120, description="of this actor")]
Day = Annotated[OptionalDate, Query(description="YYYY-MM-DD or DD.MM.YYYY")]
Offset = Annotated[int, Query(ge=0, le=records.MAX_OFFSET)]
Limit = Annotated[int, Query(ge=1, le=1000)]
MinEvidence = Annotated[int, Query(ge=1, le=1000, description="shared meetings needed")]
SuggestionId = Annotated[str, Path(pattern=r"^[a-z0-9_-]+\+[a-z0-9_-]+$", max_length=250,
                                   description="source+target, e.g. gz-hoengg+qv-hoengg")]


@router.post("/meetings", status_code=201, response_model=EncounterPublic,
             summary="Record a meeting")
async def create_meeting(body: MeetingCreate, store: StoreDep, write: Write, user: Editor) -> Any:
    item = await write(memory.record, store, user, "meeting", body.model_dump())
    return item.model_dump(mode="json")


@router.get("/meetings", response_model=EncountersPublic, summary="List meetings")
async def list_meetings(store: StoreDep, run: Run, user: CurrentUser, actor: ActorQ = None,
                        forum: ActorQ = None, since: Day = None, until: Day = None,
                        offset: Offset = 0, limit: Limit = 50) -> Any:
    return await run(memory.list_encounters, store, user, "meeting", actor=actor, forum=forum,
                     since=since, until=until, offset=offset, limit=limit)


@router.post("/contacts", status_code=201, response_model=EncounterPublic,
             summary="Record a contact", description=ContactCreate.__doc__)
async def create_contact(body: ContactCreate, store: StoreDep, write: Write, user: Editor) -> Any:
    item = await write(memory.record, store, user, "contact_entry", body.model_dump())
    return item.model_dump(mode="json")


@router.get("/contacts", response_model=EncountersPublic, summary="List the contact log")
async def list_contacts(store: StoreDep, run: Run, user: CurrentUser, actor: ActorQ = None,
                        since: Day = None, until: Day = None, offset: Offset = 0,
                        limit: Limit = 50) -> Any:
    return await run(memory.list_encounters, store, user, "contact_entry", actor=actor,
                     forum=None, since=since, until=until, offset=offset, limit=limit)


@router.get("/ties/suggested", response_model=list[SuggestionPublic],
            summary="Suggested ties (actors without a tie who met repeatedly)")
async def suggested_ties(store: StoreDep, run: Run, user: CurrentUser,
                         min_evidence: MinEvidence = SUGGEST_AFTER,
                         limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> Any:
    return await run(memory.suggestions, store, user, min_evidence=min_evidence, limit=limit)


@router.post("/ties/suggested/{suggestion}/confirm", status_code=201, response_model=TiePublic,
             summary="Confirm a suggested tie (creates it, method evidence)",
             responses=problems(409))
async def confirm_suggestion(suggestion: SuggestionId, store: StoreDep, write: Write,
                             user: Editor, min_evidence: MinEvidence = SUGGEST_AFTER) -> Any:
    tie = await write(memory.confirm, store, user, suggestion, min_evidence=min_evidence)
    return records.public("tie", tie)


@router.post("/ties/suggested/{suggestion}/dismiss", response_model=SuggestionPublic | dict,
             summary="Dismiss a suggested tie (back only with new evidence)")
async def dismiss_suggestion(suggestion: SuggestionId, store: StoreDep, write: Write,
                             user: Editor, min_evidence: MinEvidence = SUGGEST_AFTER) -> Any:
    return await write(memory.dismiss, store, user, suggestion, min_evidence=min_evidence)


@router.get("/kontaktpflege", response_model=list[KontaktpflegeRow],
            summary="City units and departments not in contact for months",
            description="Most important (broker score) first." + records.SCOPE_NOTE)
async def kontaktpflege(
    analyses: AnalysesDep, store: StoreDep, run: Run, user: CurrentUser,
    area: Annotated[str | None, Query(pattern=SLUG, max_length=120)] = None,
    months: Annotated[int, Query(ge=0, le=600)] = CONTACT_MONTHS, as_of: Day = None,
) -> Any:
    scope = await run(records.check_area_read, store, user, area)
    day = as_of or date.today()
    rows = await run(lambda: memory.kontaktpflege_of(
        store, analyses.snapshot(store.version(), day, scope), area=area, months=months, as_of=day))
    return records.mark_scope(json_response(rows), scope)


@router.get("/forums/{forum_id}/health", response_model=ForumHealth, summary="A forum's health",
            description="Members and attendance, sectors present and missing, trend, who "
                        "should join." + records.SCOPE_NOTE)
async def forum_health(
    analyses: AnalysesDep, store: StoreDep, run: Run, user: CurrentUser,
    forum_id: Annotated[str, Path(pattern=SLUG, max_length=120)], as_of: Day = None,
) -> Any:
    scope = await run(records.scope_for, store, user)
    day = as_of or date.today()
    result = await run(lambda: memory.health_of(
        store, user, analyses.snapshot(store.version(), day, scope), forum_id, day))
    return records.mark_scope(json_response(result), scope)
