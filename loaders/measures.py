"""Our analysis of each actor, for the node attributes of a GraphML or GEXF export (so that
opening the file in Gephi shows the measures Quartiernetz computed, not Gephi's own reading of a
graph it sees differently: Gephi counts every tie kind and does not project forums).

The measures are the ones ``quartiernetz brokers``, ``communities`` and ``isolated`` report, on
the same analysis graph (:func:`graph.analysis.projection.analysis_graph`, today's ties):
``betweenness``, ``constraint``, ``effective_size``, ``community`` (``c1``, ``c2``, ...; empty
for an actor without ties), ``isolated`` (true/false) with ``isolated_why`` (reason codes,
``a|b``), and the five brokerage counts of Gould and Fernandez by sector (``coordinator``,
``gatekeeper``, ``representative``, ``consultant``, ``liaison``).
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from graph.analysis.brokers import broker_scores
from graph.analysis.communities import communities
from graph.analysis.isolates import isolated_actors
from graph.analysis.projection import analysis_graph

ROLES = ("coordinator", "gatekeeper", "representative", "consultant", "liaison")


def actor_measures(S: nx.MultiDiGraph) -> dict[str, dict[str, Any]]:
    """Actor id -> {measure: value} for every actor of the snapshot ``S``."""
    G = analysis_graph(S)
    out: dict[str, dict[str, Any]] = {v: {"isolated": False} for v in S.nodes}
    if G.number_of_nodes():
        for row in broker_scores(G):
            values = out.setdefault(row["id"], {"isolated": False})
            values["betweenness"] = float(row["betweenness"])
            for key in ("constraint", "effective_size"):
                if row[key] is not None:
                    values[key] = float(row[key])
            for role in ROLES:
                values[role] = int(row["brokerage"].get(role, 0))
        for found in communities(G)["communities"]:
            for v in found["members"]:
                out.setdefault(v, {"isolated": False})["community"] = found["id"]
    for row in isolated_actors(S):
        values = out.setdefault(row["id"], {})
        values["isolated"] = True
        values["isolated_why"] = "|".join(row["codes"])
    return out
