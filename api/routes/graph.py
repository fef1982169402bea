"""``/api/v1/graph``: nodes and edges for the web graph browser (filters, neighbours, named actors).

Answers come from the cached snapshot (:mod:`api.compute`), so a repeated view or a neighbour
page costs no store query. Read-limited accounts see only actors of their areas; contact persons
are never part of the answer.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query

from api import records
from api.auth import Scope
from api.deps import AnalysesDep, CurrentUser, Run, StoreDep
from api.errors import problems
from api.geo.areas import map_positions
from api.responses import json_response
from api.schemas import SLUG
from api.schemas_graph import GraphPiece, GraphView, Neighbourhood, Neighbours, Overview
from graph.browse import actor_rows, browse_graph, neighbour_rows
from graph.focus import area_overview, neighbourhood
from graph.model import ActorKind, OptionalDate, Sector, TieKind

router = APIRouter(prefix="/graph", tags=["graph"], responses=problems(400, 401, 403, 404, 422, 503))

AsOf = Annotated[OptionalDate, Query(description="only ties valid on this day (YYYY-MM-DD)")]
TieKinds = Annotated[list[TieKind] | None, Query(description="only ties of these kinds")]


def _values(items: list[Any] | None) -> list[str] | None:
    return sorted({i.value for i in items}) if items else None


def _areas(scope: Scope) -> list[str] | None:
    return sorted(scope.areas) if scope.areas is not None else None


@router.get("", response_model=GraphView, summary="The network for the browser, filtered",
            description="Actors matching the filters and the ties among them." + records.SCOPE_NOTE)
async def graph_view(
    analyses: AnalysesDep, store: StoreDep, run: Run, user: CurrentUser,
    area: Annotated[str | None, Query(pattern=SLUG, max_length=120, description="with its sub-areas")] = None,
    kind: Annotated[list[ActorKind] | None, Query()] = None,
    sector: Annotated[list[Sector] | None, Query()] = None,
    topic: Annotated[list[str] | None, Query(max_length=20)] = None,
    tie_kind: TieKinds = None, as_of: AsOf = None,
    partners: Annotated[bool, Query(description="with area: also partners outside it")] = True,
    limit: Annotated[int, Query(ge=1, le=5000, description="at most this many actors")] = 2500,
) -> Any:
    scope = await run(records.check_area_read, store, user, area)
    options: dict[str, Any] = {"area": area, "kinds": _values(kind), "sectors": _values(sector),
               "topics": sorted(set(topic)) if topic else None, "tie_kinds": _values(tie_kind),
               "scope": _areas(scope), "partners": partners, "limit": limit}
    return records.mark_scope(json_response(await analyses.get(
        "browse", {**options, "as_of": as_of},
        lambda v: browse_graph(analyses.snapshot(v, as_of, scope), **options), scope=scope)), scope)


@router.get("/neighbours/{actor_id}", response_model=Neighbours, summary="One page of an actor's neighbours",
            description="An actor's neighbours, the strongest tie first." + records.SCOPE_NOTE)
async def graph_neighbours(
    analyses: AnalysesDep, store: StoreDep, run: Run, user: CurrentUser,
    actor_id: Annotated[str, Path(pattern=SLUG, max_length=120)],
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 25,
    tie_kind: TieKinds = None, as_of: AsOf = None,
) -> Any:
    scope = await run(records.scope_for, store, user)
    options: dict[str, Any] = {"offset": offset, "limit": limit, "tie_kinds": _values(tie_kind),
               "scope": _areas(scope)}
    return records.mark_scope(json_response(await analyses.get(
        "browse_neighbours", {**options, "actor": actor_id, "as_of": as_of},
        lambda v: neighbour_rows(analyses.snapshot(v, as_of, scope), actor_id, **options),
        scope=scope)), scope)


@router.get("/actors", response_model=GraphPiece, summary="Named actors with their ties (seats, links)",
            description="The named actors (unknown ones left out) and their ties."
            + records.SCOPE_NOTE)
async def graph_actors(
    analyses: AnalysesDep, store: StoreDep, run: Run, user: CurrentUser,
    id: Annotated[list[str], Query(min_length=1, max_length=200)],
    tie_kind: TieKinds = None, as_of: AsOf = None,
) -> Any:
    scope = await run(records.scope_for, store, user)
    options = {"tie_kinds": _values(tie_kind), "scope": _areas(scope)}
    return records.mark_scope(json_response(await analyses.get(
        "browse_actors", {**options, "ids": id, "as_of": as_of},
        lambda v: actor_rows(analyses.snapshot(v, as_of, scope), id, **options), scope=scope)),
        scope)


@router.get("/overview", response_model=Overview, summary="The whole city as areas and the ties between them",
            description="One entry per area of the level (Kreis or Quartier) with its actors, and per "
            "pair of areas the number of ties between their actors; areas placed as they lie on "
            "the city's map." + records.SCOPE_NOTE)
async def graph_overview(
    analyses: AnalysesDep, store: StoreDep, run: Run, user: CurrentUser,
    level: Annotated[Literal["kreis", "quartier"], Query(description="Kreise or Quartiere")] = "kreis",
    tie_kind: TieKinds = None, as_of: AsOf = None,
) -> Any:
    scope = await run(records.scope_for, store, user)
    options: dict[str, Any] = {"level": level, "tie_kinds": _values(tie_kind), "scope": _areas(scope)}

    def compute(v: int) -> dict[str, Any]:
        S = analyses.snapshot(v, as_of, scope)
        return area_overview(S, **options, positions=map_positions(S.graph.get("areas") or {}))

    return records.mark_scope(json_response(await analyses.get(
        "browse_overview", {**options, "as_of": as_of}, compute, scope=scope)), scope)


@router.get("/neighbourhood/{actor_id}", response_model=Neighbourhood,
            summary="An actor and everyone within one or two ties of it",
            description="The actor, the actors within ``depth`` ties (either direction) and the ties "
            "among them, with final positions (a seeded layout: the same view looks the same each "
            "time)." + records.SCOPE_NOTE)
async def graph_neighbourhood(
    analyses: AnalysesDep, store: StoreDep, run: Run, user: CurrentUser,
    actor_id: Annotated[str, Path(pattern=SLUG, max_length=120)],
    depth: Annotated[int, Query(ge=1, le=2, description="1: its partners; 2: and theirs")] = 1,
    tie_kind: TieKinds = None, as_of: AsOf = None,
    limit: Annotated[int, Query(ge=1, le=1000, description="at most this many actors")] = 400,
) -> Any:
    scope = await run(records.scope_for, store, user)
    options: dict[str, Any] = {"depth": depth, "tie_kinds": _values(tie_kind), "scope": _areas(scope),
                               "limit": limit}
    return records.mark_scope(json_response(await analyses.get(
        "browse_neighbourhood", {**options, "actor": actor_id, "as_of": as_of},
        lambda v: neighbourhood(analyses.snapshot(v, as_of, scope), actor_id, **options),
        scope=scope)), scope)
