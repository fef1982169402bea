"""Network analyses: pure functions on NetworkX graphs (never a store).

Start from a snapshot (``Store.snapshot()``), project it with :func:`analysis_graph`, then ask:

- :func:`broker_scores`: who holds the neighbourhood together (betweenness, Burt's constraint and
  effective size, Gould-Fernandez brokerage roles, a combined ranking with reasons);
- :func:`isolated_actors`: who is left out, and why;
- :func:`communities`: Louvain communities with their areas, sectors, topics and brokers;
- :func:`coordination_gaps`: actors and sectors that should know each other but do not;
- :func:`ego_network`: an actor and everyone within a few ties;
- :func:`invite_table`: who to invite to a round table, and why; :func:`need_finder`: who is
  suited or responsible for a new need; :func:`introduction_path`: the best chain of
  acquaintances from one actor to another. The three share a :func:`prepare`-d
  :class:`Network` (:mod:`graph.analysis.network`).
"""

from graph.analysis.brokers import (
    betweenness,
    broker_scores,
    brokerage_roles,
    burt_measures,
)
from graph.analysis.cache import CACHE, AnalysisCache
from graph.analysis.communities import communities
from graph.analysis.ego import ego_network
from graph.analysis.gaps import coordination_gaps
from graph.analysis.introduction import introduction_path
from graph.analysis.invite import invite_table
from graph.analysis.isolates import isolated_actors
from graph.analysis.need import need_finder
from graph.analysis.network import Network, prepare
from graph.analysis.projection import analysis_graph

__all__ = [
    "CACHE",
    "AnalysisCache",
    "Network",
    "analysis_graph",
    "betweenness",
    "broker_scores",
    "brokerage_roles",
    "burt_measures",
    "communities",
    "coordination_gaps",
    "ego_network",
    "introduction_path",
    "invite_table",
    "isolated_actors",
    "need_finder",
    "prepare",
]
