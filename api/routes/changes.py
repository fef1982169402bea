"""``/api/v1/changes``: what changed in the network between two days (the CLI's ``changes``).

Computed off the event loop and cached by the store's version, like the analyses; a read-scoped
account's answer is judged on the part of the network it may read.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query

from api import records
from api.deps import AnalysesDep, CurrentUser, Lang, Run, StoreDep
from api.errors import problems
from api.responses import json_response
from api.routes.analyses import NOTE, Area
from api.schemas_analysis import Changes
from graph.analysis.changes import need_days, network_changes
from graph.errors import InvalidInputError, Problem
from graph.i18n import current_language
from graph.model import OptionalDate
from graph.words import worded

router = APIRouter(tags=["analyses"], responses=problems(400, 401, 403, 404, 422, 503))


@router.get("/changes", response_model=Changes, summary="What changed between two days",
            description="Ties gained and lost, actors who became isolated or stopped brokering, "
                        "forums that lost a sector, needs opened and closed, from `since` to "
                        "`until` (default today)." + NOTE)
async def changes(
    analyses: AnalysesDep, store: StoreDep, run: Run, user: CurrentUser,
    since: Annotated[OptionalDate, Query(description="first day (YYYY-MM-DD or DD.MM.YYYY)")],
    until: Annotated[OptionalDate, Query(description="last day; default today")] = None,
    area: Area = None, lang: Lang = None,
) -> Any:
    last = until or date.today()
    if since is None or last < since:
        raise InvalidInputError([Problem("bad_period", {"since": str(since or ""), "until": last.isoformat()},
                                         field="since")])
    scope = await run(records.check_area_read, store, user, area)
    words = current_language(lang)

    def compute(version: int) -> Any:
        below = store.area_and_below(area) if area else None
        needs = [n for n in store.stored_needs() if scope.holds(n["areas"])]
        return worded(network_changes(analyses.snapshot(version, scope=scope), since=since,
                                      until=last, area=area, needs=need_days(needs, below)), words)

    return records.mark_scope(json_response(await analyses.get(
        "changes", {"area": area, "since": since, "until": last, "lang": words}, compute,
        scope=scope)), scope)
