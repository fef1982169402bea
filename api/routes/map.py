"""``/api/v1/map``: the city's map for the browser's start view, with figures per area.

The shapes (34 statistische Quartiere, 12 Kreise, the lake) are Statistik Stadt Zürich's public
geometry as SVG paths (:mod:`api.geo`); each Quartier and Kreis names its area, and every area
covering drawn Quartiere lists them (the browser draws it as their union). The figures
(:mod:`api.geo.areas`) are computed once per network version and read scope, off the event
loop (:mod:`api.compute`), and only for the areas the account may read. :func:`warm` computes the
city-wide answer when the server starts (``create_app(warm=True)``), so the first coordinator's
start view does not wait for the snapshot and the figures.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from api import records
from api.auth import Scope
from api.compute import Analyses
from api.deps import AnalysesDep, CurrentUser, Run, StoreDep
from api.errors import problems
from api.geo.areas import map_view
from api.responses import json_response

router = APIRouter(prefix="/map", tags=["map"], responses=problems(401, 503))


class MapQuartier(BaseModel):
    number: int = Field(description="the city's Quartier number (11 Rathaus ... 123 Hirzenbach)")
    name: str
    kreis: int
    path: str = Field(description="SVG path in the viewBox's units, each ring closed (Z)")
    centre: list[float] = Field(description="where a label goes (x, y)")
    area: str | None = Field(description="the network's area for this Quartier, if there is one")


class MapKreis(BaseModel):
    number: int
    name: str
    path: str
    area: str | None


class MapArea(BaseModel):
    id: str
    name: str
    level: str | None
    scheme: str | None
    quartiere: list[str] = Field(description="area ids of the Quartiere it covers (drawn as their union)")


class MapFigures(BaseModel):
    actors: int = Field(description="actors of the area and its sub-areas")
    isolated: int = Field(description="isolated actors (as /analyses/isolates?area= counts them)")
    brokers: int = Field(description="of the city's 20 first brokers (/analyses/brokers), those with "
                         "betweenness above 0 active here")
    gaps: int = Field(description="pairs of sectors present without any tie between them (/analyses/gaps)")


class CityMap(BaseModel):
    viewBox: str
    quartiere: list[MapQuartier]
    kreise: list[MapKreis]
    lake: str
    areas: list[MapArea]
    figures: dict[str, MapFigures] = Field(description="per area id, only areas the account may read")
    as_of: str
    scope: list[str] | None = None


@router.get("", response_model=CityMap, summary="The city's map with figures per area",
            description="Quartiere, Kreise and the lake as SVG paths (Statistik Stadt Zürich, "
            "BSD-3-Clause), the areas they belong to, and per area: actors, isolated actors, "
            "brokers, sector pairs without a tie." + records.SCOPE_NOTE)
async def city_map(analyses: AnalysesDep, store: StoreDep, run: Run, user: CurrentUser) -> Any:
    scope = await run(records.scope_for, store, user)
    return records.mark_scope(json_response(await _answer(analyses, scope)), scope)


async def _answer(analyses: Analyses, scope: Scope) -> bytes:
    """The map's answer as JSON bytes, computed once per network version, day and scope."""
    day = date.today()
    return await analyses.get(  # type: ignore[no-any-return]
        "map", {"as_of": day}, lambda v: map_view(analyses.snapshot(v, scope=scope), scope.areas,
                                                  as_of=day), scope=scope, raw=True)


async def warm(analyses: Analyses) -> None:
    """The city-wide map (the snapshot and every area's figures) computed now, in a worker
    thread: what an account that reads the whole city is answered first (0.3-0.9 s otherwise)."""
    await _answer(analyses, Scope(None))
