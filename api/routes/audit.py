"""``GET /api/v1/audit``: who changed, imported or exported what, when (admins only)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel

from api.deps import Admin, Run, SettingsDep, StoreDep
from api.errors import problems
from api.records import MAX_OFFSET

router = APIRouter(tags=["audit"], responses=problems(400, 401, 403, 404, 413, 422, 503))


class AuditEntry(BaseModel):
    seq: int
    at: datetime
    user: str
    action: str
    record: str | None
    record_id: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    detail: dict[str, Any]


class AuditPage(BaseModel):
    data: list[AuditEntry]
    count: int
    offset: int
    limit: int


@router.get("/audit", response_model=AuditPage, summary="The audit log, newest first")
async def audit_log(
    store: StoreDep, run: Run, _admin: Admin, settings: SettingsDep,
    user: Annotated[str | None, Query(max_length=120, description="account name")] = None,
    action: Literal["create", "update", "delete", "import", "export"] | None = None,
    record: Literal["actor", "tie", "area", "topic"] | None = None,
    record_id: Annotated[str | None, Query(max_length=300)] = None,
    since: datetime | None = None,
    until: datetime | None = None,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
) -> Any:
    page = await run(store.audit_log, user=user, action=action, record=record, record_id=record_id,
                     since=since, until=until, offset=offset,
                     limit=min(limit, settings.max_page_size))
    return {"data": page.items, "count": page.total, "offset": page.offset, "limit": page.limit}
