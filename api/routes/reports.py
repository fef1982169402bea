"""``/api/v1/reports/{area}``: the Quartierbericht of an area (:mod:`api.report`) as PDF or HTML.

The same document as ``quartiernetz report`` writes, cached by the store's version like the
analyses. Roles and area scope as for the analyses: any account may ask; a read-scoped account
only for its own areas, and its report is computed on the part of the network it may read
(header ``X-Quartiernetz-Scope``). Contact persons are never in a report (the snapshot is taken
without personal data). The HTML is sent with a Content-Security-Policy that forbids every request.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from api import records
from api.deps import AnalysesDep, CurrentUser, Lang, Run, StoreDep
from api.errors import problems, request_language
from api.report import REPORT_CSP, build_report
from api.report.records import contacts_section, needs_section
from api.routes.views import AcceptLanguage, AsOf
from api.schemas import SLUG
from graph.analysis.evidence import cared_units
from graph.model import OptionalDate

router = APIRouter(prefix="/reports", tags=["reports"], responses=problems(400, 401, 403, 404, 413, 422, 503))

MEDIA = {"pdf": "application/pdf", "html": "text/html; charset=utf-8"}
DOCUMENT: dict[int | str, dict[str, Any]] = {200: {
    "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}},
                "text/html": {"schema": {"type": "string"}}},
    "description": "the report as a PDF (A4) or one offline HTML page"}}


@router.get("/{area}", response_class=Response, responses=DOCUMENT,
            summary="The Quartierbericht of an area, as PDF or HTML",
            description="Key figures, strengths, gaps and changes since `since` (default: one year "
                        "before `as_of`) of an area and its sub-areas." + records.SCOPE_NOTE)
async def report(
    analyses: AnalysesDep, store: StoreDep, run: Run, user: CurrentUser,
    area: Annotated[str, Path(pattern=SLUG, max_length=120)],
    format: Annotated[Literal["pdf", "html"], Query(description="pdf (default) or html")] = "pdf",
    since: Annotated[OptionalDate, Query(
        description="start of the period (YYYY-MM-DD or DD.MM.YYYY)")] = None,
    as_of: AsOf = None, lang: Lang = None, accept_language: AcceptLanguage = None,
) -> Any:
    scope = await run(records.check_area_read, store, user, area)
    words = request_language(lang, accept_language)
    day = as_of or date.today()
    def _memory(version: int) -> list[Any]:  # the needs and contacts this reader may see
        S = analyses.snapshot(version, scope=scope)
        return [needs_section([n for n in store.all_needs() if scope.holds(n.areas)]),
                contacts_section(store.last_contact(cared_units(S)))]

    body = await analyses.get(
        "report", {"area": area, "format": format, "since": since, "as_of": day, "lang": words},
        lambda v: build_report(analyses.snapshot(v, scope=scope), area, as_of=day, since=since,
                               lang=words, fmt=format, sections=_memory(v)), scope=scope)
    headers = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
               "Content-Disposition": f'inline; filename="quartierbericht-{area}.{format}"'}
    if format == "html":
        headers["Content-Security-Policy"] = REPORT_CSP + "; frame-ancestors 'self'"
    return records.mark_scope(Response(body, media_type=MEDIA[format], headers=headers), scope)
