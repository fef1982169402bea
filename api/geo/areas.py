"""The map's shapes matched to the network's areas, and the figures the map is coloured by.

- :func:`match`: which area is each drawn Quartier and Kreis. A Quartier is the area of level
  ``quartier`` whose id is the slug of its name (the Zurich sample's ids) or whose name is the
  Quartier's name (accents and case aside); a Kreis is ``kreis-N`` or the ``kreis`` area whose
  name starts with "Kreis N".
- :func:`quartiere_of`: for every other area (Kreise, Sozialregionen, Schulkreise, the
  Quartierkoordination areas, ...) the Quartiere it covers, through ``parent`` links and
  ``covers`` lists (:func:`graph.validation.descendants`): the browser draws such an area as the
  union of those Quartiere.
- :func:`figures`: per area the figures a coordinator picks on the map, each computed by the
  analysis the API already serves for it (nothing is counted twice in two ways):

  ``actors``    actors of the area and its sub-areas (:func:`~graph.analysis.projection.area_members`,
                the actors ``/api/v1/graph?area=`` draws inside the area);
  ``isolated``  rows of :func:`~graph.analysis.isolated_actors` for the area (the number of rows
                ``/api/v1/analyses/isolates?area=`` answers, same defaults);
  ``brokers``   how many of the city's first :data:`TOP_BROKERS` brokers
                (:func:`~graph.analysis.broker_scores` on the whole analysis graph: the rows
                ``/api/v1/analyses/brokers`` answers by default), those on some shortest
                path between others (betweenness above 0, as the browser marks them), are
                active in the area: where the actors sit who hold the city's network together;
  ``gaps``      pairs of sectors present in the area without any tie between them there
                (``sectors`` of :func:`~graph.analysis.coordination_gaps`, as
                ``/api/v1/analyses/gaps?area=`` answers).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from datetime import date
from typing import Any

import networkx as nx

from api.geo import city_map
from graph.analysis import analysis_graph, broker_scores, coordination_gaps, isolated_actors
from graph.analysis.projection import area_members
from graph.model import search_key, slugify
from graph.validation import descendants

#: The figures, in the order the browser offers them.
FIGURES = ("actors", "isolated", "brokers", "gaps")
#: How many of the city's brokers the ``brokers`` figure places (the brokers route's default).
TOP_BROKERS = 20


def match(quartiere: Iterable[Mapping[str, Any]], kreise: Iterable[Mapping[str, Any]],
          areas: Mapping[str, Mapping[str, Any]]) -> tuple[dict[int, str], dict[int, str]]:
    """Area ids of the drawn Quartiere and Kreise, by number (shapes without an area left out)."""
    by_name = {search_key(a.get("name") or ""): i for i, a in areas.items() if a.get("level") == "quartier"}
    q_ids: dict[int, str] = {}
    for q in quartiere:
        slug = slugify(q["name"])
        if slug in areas and areas[slug].get("level") == "quartier":
            q_ids[q["number"]] = slug
        elif search_key(q["name"]) in by_name:
            q_ids[q["number"]] = by_name[search_key(q["name"])]
    k_ids: dict[int, str] = {}
    for k in kreise:
        n = k["number"]
        if f"kreis-{n}" in areas:
            k_ids[n] = f"kreis-{n}"
            continue
        pattern = re.compile(rf"kreis {n}(?!\d)")
        found = sorted(i for i, a in areas.items()
                       if a.get("level") == "kreis" and pattern.match(search_key(a.get("name") or "")))
        if found:
            k_ids[n] = found[0]
    return q_ids, k_ids


def quartiere_of(areas: Mapping[str, Mapping[str, Any]], drawn: Iterable[str]) -> dict[str, list[str]]:
    """For each area covering at least one drawn Quartier (given by area id): those Quartiere,
    sorted. A Quartier covers itself; the city covers them all."""
    drawn = set(drawn)
    rows = list(areas.values())
    out = {}
    for area_id in sorted(areas):
        inside = sorted(descendants(rows, area_id) & drawn)
        if inside:
            out[area_id] = inside
    return out


def figures(S: nx.MultiDiGraph, area_ids: Iterable[str], *, as_of: date | None = None,
            stale_months: int = 24, top_brokers: int = TOP_BROKERS) -> dict[str, dict[str, int]]:
    """Each figure of :data:`FIGURES` for each area of ``area_ids`` in ``S``'s areas.

    ``S`` is a snapshot with every tie (as the isolates route reads it); the other figures look
    at the ties valid on ``as_of`` (default today), as the brokers and gaps routes do by
    default. Areas unknown to ``S`` are left out. Isolated actors are judged once on the whole
    network and counted per area (what ``isolated_actors(..., area=)`` does for one area); the
    brokers are ranked once, city-wide (or on the part of the network ``S`` holds).

    Examples
    --------
    >>> S = nx.MultiDiGraph(areas={"q": {"id": "q", "name": "Q", "level": "quartier"}}, topics={})
    >>> S.add_node("a", name="A", kind="association", sector="civil_society", areas=["q"], topics=[])
    >>> figures(S, ["q"])["q"]
    {'actors': 1, 'isolated': 1, 'brokers': 0, 'gaps': 0}
    """
    day = as_of or date.today()
    known = S.graph.get("areas") or {}
    city = analysis_graph(S, as_of=day)
    isolated = {r["id"] for r in isolated_actors(S, as_of=day, stale_months=stale_months)}
    brokers = {r["id"] for r in broker_scores(city, top=top_brokers) if r["betweenness"] > 0}
    # without an area, coordination_gaps looks at every area of the network: its sector gaps
    # per area are those it gives for each area alone (one pass instead of one per area)
    gaps: dict[str, int] = {}
    for row in coordination_gaps(city)["sectors"]:
        gaps[row["area"]] = gaps.get(row["area"], 0) + 1
    out: dict[str, dict[str, int]] = {}
    for area in sorted(set(area_ids)):
        if area not in known:
            continue
        members = area_members(S, area)
        out[area] = {
            "actors": len(members),
            "isolated": len(members & isolated),
            "brokers": len(members & brokers),
            "gaps": gaps.get(area, 0),
        }
    return out


def map_view(S: nx.MultiDiGraph, readable: Collection[str] | None, *,
             as_of: date | None = None) -> dict[str, Any]:
    """What ``/api/v1/map`` answers: the shapes of :func:`api.geo.city_map` with the area id of
    each Quartier and Kreis, ``areas`` (every area covering a drawn Quartier, with those
    Quartiere), and ``figures`` for the areas in ``readable`` (all for None): the geometry is
    the city's public data, the figures only for what the reader may read."""
    shapes = city_map()
    known = S.graph.get("areas") or {}
    q_ids, k_ids = match(shapes["quartiere"], shapes["kreise"], known)
    covered = quartiere_of(known, q_ids.values())
    wanted = [a for a in covered if readable is None or a in readable]
    return {
        "viewBox": shapes["viewBox"],
        "quartiere": [{**q, "area": q_ids.get(q["number"])} for q in shapes["quartiere"]],
        "kreise": [{**k, "area": k_ids.get(k["number"])} for k in shapes["kreise"]],
        "lake": shapes["lake"],
        "areas": [{"id": a, "name": known[a].get("name") or a, "level": known[a].get("level"),
                   "scheme": known[a].get("scheme"), "quartiere": covered[a]} for a in covered],
        "figures": figures(S, wanted, as_of=as_of),
        "as_of": (as_of or date.today()).isoformat(),
    }


def map_positions(areas: Mapping[str, Mapping[str, Any]], *,
                  scale: float = 2.0) -> dict[str, tuple[float, float]]:
    """Where each drawn Quartier and each Kreis lies on the map (its centre; a Kreis: the mean of
    its Quartiere's centres), in the map's units times ``scale``: the overview of the city
    (:func:`graph.focus.area_overview`) places its areas as the city lies."""
    shapes = city_map()
    q_ids, k_ids = match(shapes["quartiere"], shapes["kreise"], areas)
    centre = {q_ids[q["number"]]: (q["centre"][0] * scale, q["centre"][1] * scale)
              for q in shapes["quartiere"] if q["number"] in q_ids}
    out = dict(centre)
    for q in shapes["quartiere"]:
        kreis = k_ids.get(q["kreis"])
        if kreis is None or q["number"] not in q_ids:
            continue
        members = [centre[q_ids[o["number"]]] for o in shapes["quartiere"]
                   if o["kreis"] == q["kreis"] and o["number"] in q_ids]
        out[kreis] = (sum(x for x, _ in members) / len(members), sum(y for _, y in members) / len(members))
    return out
