"""What ``/api/v1/graph`` answers: nodes and edges for the web graph browser (no personal data)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from graph.model import ActorKind, Sector, TieKind

_NODE: dict[str, Any] = {"id": "gz-wipkingen", "name": "GZ Wipkingen", "kind": "institution",
                         "sector": "institution",
         "areas": ["wipkingen"], "topics": ["jugend"], "degree": 7, "x": 120.5, "y": -40.0}
_EDGE: dict[str, Any] = {"id": "cooperates_with:gz-wipkingen:qv-wipkingen", "source": "gz-wipkingen",
         "target": "qv-wipkingen", "kind": "cooperates_with", "weight": 3, "directed": False,
         "illustrative": True}


class GraphNode(BaseModel):
    """An actor as the browser draws it."""

    model_config = ConfigDict(json_schema_extra={"examples": [_NODE]})

    id: str
    name: str
    kind: ActorKind
    sector: Sector | None
    areas: list[str]
    topics: list[str]
    degree: int = Field(description="ties in the answer (graph) or in all (neighbours, actors)")
    outside: bool = Field(False, description="a partner outside the area asked for")
    x: float | None = Field(description="server layout position (pixels at zoom 1), if computed")
    y: float | None


class GraphEdge(BaseModel):
    """A tie; ``illustrative`` when it was made up for a sample (``method = illustrative``)."""

    model_config = ConfigDict(json_schema_extra={"examples": [_EDGE]})

    id: str
    source: str
    target: str
    kind: TieKind
    weight: int | float
    directed: bool
    illustrative: bool


class GraphView(BaseModel):
    """The actors matching the filters (at most ``limit``) and the ties among them."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "nodes": [_NODE], "edges": [], "count": 1, "omitted": 0, "illustrative": 0,
        "layout": "physics"}]})

    nodes: list[GraphNode]
    edges: list[GraphEdge]
    count: int = Field(description="actors matching the filters")
    omitted: int = Field(description="matching actors left out by the limit")
    illustrative: int = Field(description="shown ties that are illustrative, not facts")
    layout: Literal["server", "physics"] = Field(
        description="server: positions are final (physics off); physics: positions are a start")


class GraphPiece(BaseModel):
    """Actors to add to a view, with every tie touching them (keep those whose ends are shown)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"nodes": [_NODE], "edges": [_EDGE]}]})

    nodes: list[GraphNode]
    edges: list[GraphEdge]


class Neighbours(GraphPiece):
    """One page of an actor's neighbours (the actor first), strongest tie first."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "center": "gz-wipkingen", "nodes": [_NODE], "edges": [_EDGE], "total": 30, "offset": 0,
        "omitted": 5}]})

    center: str
    total: int = Field(description="neighbours in all")
    offset: int
    omitted: int = Field(description="neighbours after this page")


class Me(BaseModel):
    """The account of the token: what the browser may offer (editors and admins write)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "name": "koordination-k10", "role": "editor", "areas": ["kreis-10"], "read_scoped": False}]})

    name: str
    role: Literal["viewer", "editor", "admin"]
    areas: list[str] = Field(description="an editor may change only actors of these areas")
    read_scoped: bool = Field(description="reads, too, are limited to these areas")


class OverviewArea(BaseModel):
    """An area of the overview: its actors (with those of its sub-areas) and where it is drawn."""

    id: str
    name: str
    actors: int = Field(description="actors of the area and its sub-areas")
    within: int = Field(description="ties with both ends among its actors")
    x: float = Field(description="where it lies (the city's map, or a circle for areas not on it)")
    y: float


class OverviewLink(BaseModel):
    source: str
    target: str
    ties: int = Field(description="ties with one end an actor of source, the other of target")


class OverviewRest(BaseModel):
    area: str
    ties: int = Field(description="ties between city-wide actors (of no area of the level) and the area")


class Overview(BaseModel):
    """The whole city as its areas of one level and the number of ties between them."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "level": "kreis", "areas": [{"id": "kreis-10", "name": "Kreis 10", "actors": 16, "within": 28,
                                     "x": 410.0, "y": 220.0}],
        "links": [], "actors": 273, "unassigned": 116, "unassigned_within": 80,
        "unassigned_links": [{"area": "kreis-10", "ties": 12}]}]})

    level: Literal["kreis", "quartier"]
    areas: list[OverviewArea]
    links: list[OverviewLink]
    actors: int = Field(description="actors the reader sees")
    unassigned: int = Field(description="actors of no area of the level (city-wide ones)")
    unassigned_within: int = Field(description="ties among those actors")
    unassigned_links: list[OverviewRest]


class FocusNode(GraphNode):
    hops: int = Field(description="ties between the actor and the one in the middle")


class Neighbourhood(BaseModel):
    """An actor and everyone within ``depth`` ties of it; positions final (seeded layout)."""

    center: str
    depth: int
    nodes: list[FocusNode]
    edges: list[GraphEdge]
    count: int = Field(description="actors within depth")
    omitted: int = Field(description="of them left out by the limit (the farthest, least tied)")
    illustrative: int
    layout: Literal["server", "physics"]
