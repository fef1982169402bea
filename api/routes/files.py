"""``POST /api/v1/imports`` (upload files) and ``GET /api/v1/exports/{format}`` (download)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Query, Response, UploadFile
from pydantic import BaseModel, ConfigDict

from api import files
from api.deps import CurrentUser, Editor, Run, SettingsDep, StoreDep, Write
from api.errors import problems
from api.schemas import SLUG
from graph.config import FileLimits

router = APIRouter(tags=["files"], responses=problems(400, 401, 403, 404, 413, 422, 503))

Format = Literal["csv", "xlsx", "json", "graphml", "gexf"]


class Counts(BaseModel):
    created: int
    updated: int
    unchanged: int


class ImportReport(BaseModel):
    model_config = ConfigDict(extra="allow")

    dry_run: bool
    version: int
    files: list[str]
    rows: int
    #: per record: actor, tie, area, topic and, from JSON and Excel files, need and encounter
    #: (meetings and contacts)
    counts: dict[str, Counts]
    skipped: list[dict[str, Any]]
    notes: list[str]


_UPLOAD_EXAMPLE = {"requestBody": {"content": {"multipart/form-data": {"example": {
    "upload": ["id,name,kind,areas\ngz-hoengg,GZ Höngg,institution,hoengg\n"]}}}}}


@router.post("/imports", response_model=ImportReport, summary="Load files (all or nothing)",
             description="The network and, in JSON and Excel files, its memory (needs, meetings, "
             "contacts), in one transaction. An editor limited to areas may load only needs "
             "whose areas are all among them and meetings and contacts with an actor of them "
             "(403 naming every record refused); nothing is stored then.",
             openapi_extra=_UPLOAD_EXAMPLE)
async def import_files(
    upload: Annotated[list[UploadFile], File(description="CSV, XLSX, JSON, GraphML or GEXF files")],
    store: StoreDep, write: Write, user: Editor, settings: SettingsDep,
    format: Annotated[Format | None, Query(description="else by file ending")] = None,
    dry_run: Annotated[bool, Query(description="only check and report")] = False,
    skip_invalid: Annotated[bool, Query(description="leave out invalid rows, load the rest")] = False,
    default_kind: Annotated[str | None, Query(description="kind of every node without one")] = None,
    kind_from: Annotated[str | None, Query(description="node attribute giving the kind")] = None,
    map: Annotated[list[str] | None, Query(description="with kind_from: VALUE=KIND (repeatable)")] = None,
    name_from: Annotated[str | None, Query(description="GraphML/GEXF: node attribute with the name")] = None,
    tie_kind: Annotated[str | None, Query(description="GraphML/GEXF: kind of every edge without one")] = None,
    id_prefix: Annotated[str | None, Query(description="GraphML/GEXF: put before every node id")] = None,
) -> Any:
    data = [(f.filename, await f.read()) for f in upload]
    choices = {"default_kind": default_kind, "kind_from": kind_from, "maps": map, "name_from": name_from,
               "tie_kind": tie_kind, "id_prefix": id_prefix}
    return await write(files.import_files, store, user, data, fmt=format, dry_run=dry_run,
                       skip_invalid=skip_invalid, limits=FileLimits.from_settings(settings),
                       choices=choices)


_DOWNLOAD: dict[int | str, dict[str, Any]] = {200: {
    "description": "the file (CSV: a zip of four files)", "content": {
    media: {"schema": {"type": "object"} if media == "application/json"
            else {"type": "string", "format": "binary"}}
    for media in sorted({m for m, _ in files.MEDIA.values()})}}}


@router.get("/exports/{format}", response_class=Response, summary="Download the network as a file",
            description="The network, or the actors of one area and the ties among them. A "
            "read-scoped account must name one of its areas (403 otherwise).",
            responses={**_DOWNLOAD, **problems(404)})
async def export(
    format: Format, store: StoreDep, run: Run, user: CurrentUser,
    area: Annotated[str | None, Query(pattern=SLUG, max_length=120)] = None,
    include_personal: Annotated[bool, Query(description=(
        "with contacts: editors and admins, and only for an area within the areas the account "
        "may change (every actor exported is then one it may change); else 403"))] = False,
    with_areas_topics: Annotated[bool, Query(description=(
        "GEXF: areas and topics as nodes tied to their actors (the older shape) instead of "
        "node attributes"))] = False,
    with_hierarchy: Annotated[bool, Query(description=(
        "GraphML/GEXF: the part_of hierarchy of city units too"))] = False,
    measures: Annotated[bool | None, Query(description=(
        "GraphML/GEXF: our measures as node attributes (default: up to 10,000 actors); "
        "computed on the network the account reads"))] = None,
) -> Response:
    data, media, name = await run(files.export_file, store, user, format, area=area,
                                  include_personal=include_personal,
                                  with_areas_topics=with_areas_topics,
                                  with_hierarchy=with_hierarchy, with_measures=measures)
    return Response(data, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
