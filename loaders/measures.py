"""Our analysis of each actor, for the node attributes of a GraphML or GEXF export (so that
opening the file in Gephi shows the measures Quartiernetz computed, not Gephi's own reading of a
graph it sees differently: Gephi counts every tie kind and does not project forums).

The measures are the ones ``quartiernetz brokers``, ``communities`` and ``isolated`` report, on
the same analysis graph (:func:`graph.analysis.projection.analysis_graph`, today's ties):
``betweenness``, ``constraint``, ``effective_size``, ``community`` (``c1``, ``c2``, ...; empty
for an actor without ties), ``isolated`` (true/false) with ``isolated_why`` (reason codes,
``a|b``), and the five brokerage counts of Gould and Fernandez by sector, on directed ties as
``quartiernetz brokers`` counts them (``coordinator``, ``itinerant`` (consultant),
``gatekeeper``, ``representative``, ``liaison``).
"""

from __future__ import annotations

import math
from typing import Any

import networkx as nx

from graph.analysis.brokers import betweenness, brokerage_roles, burt_measures
from graph.analysis.communities import communities
from graph.analysis.directed import ROLES  # coordinator, itinerant, gatekeeper, ...
from graph.analysis.isolates import isolated_actors
from graph.analysis.projection import analysis_graph

#: Up to this many actors an export carries the measures unless told otherwise; above it only
#: with ``with_measures=True``. Measured 2026-11-28 at 10,000 actors / 51,000 analysis ties on
#: the shared 2-core machine: GEXF export 2.4 s without, exact betweenness 16 s, Louvain 10 s,
#: isolation 2 s, constraint and brokerage 0.4 s.
MEASURES_LIMIT = 10_000


def actor_measures(S: nx.MultiDiGraph) -> dict[str, dict[str, Any]]:
    """Actor id -> {measure: value} for every actor of the snapshot ``S``."""
    G = analysis_graph(S)
    out: dict[str, dict[str, Any]] = {v: {"isolated": False} for v in S.nodes}
    if G.number_of_nodes():
        between = betweenness(G).values
        constraint, size = burt_measures(G)
        roles = brokerage_roles(G, group_by="sector")
        for v in G.nodes:
            values = out.setdefault(v, {"isolated": False})
            values["betweenness"] = float(between[v])
            for key, found in (("constraint", constraint), ("effective_size", size)):
                if not math.isnan(found[v]):
                    values[key] = float(found[v])
            for role in ROLES:
                values[role] = int(roles[v][role])
        for found in communities(G)["communities"]:
            for v in found["members"]:
                out.setdefault(v, {"isolated": False})["community"] = found["id"]
    for row in isolated_actors(S):
        values = out.setdefault(row["id"], {})
        values["isolated"] = True
        values["isolated_why"] = "|".join(row["codes"])
    return out
