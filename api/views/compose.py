"""The four views, each a pure function from NetworkX graphs (and analysis rows) to one HTML page.

- :func:`network_view`: the whole analysis graph (or an area's, see :func:`area_view`);
- :func:`ego_view`: an actor and the actors within a few ties (from :func:`~graph.analysis.ego.ego_network`);
- :func:`round_table_view`: the seated actors of an invitation's table, whom they reach, and the
  relevant actors they do not reach.

Each chooses the nodes, their marks and tooltip lines and the heading; :func:`api.views.data.page`
turns them into what the page draws, :func:`api.views.render.render_page` into HTML. The analyses
(brokers, isolated actors, the ego network, the table) come in as arguments: see
:func:`api.views.inputs.view_inputs` for computing them from a snapshot.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

from api.views.data import Marks, Node, page, weighted_edges, with_names
from api.views.render import render_page
from api.views.style import CENTER, DIM, FIXED, SEATED, UNREACHED
from api.views.words import join_words, tie_label, word
from graph.analysis.layout import PHYSICS_LIMIT, round_table_layout
from graph.i18n import current_language


def network_view(
    G: nx.Graph,
    *,
    brokers: Iterable[Mapping[str, Any]] = (),
    isolated: Iterable[Mapping[str, Any]] = (),
    title: str | None = None,
    mark_brokers: int = 10,
    lang: str | None = None,
    physics_limit: int = PHYSICS_LIMIT,
    seed: int = 0,
) -> str:
    """The whole network (or the graph given) as one offline HTML page.

    Parameters
    ----------
    G : networkx.Graph
        An analysis graph (:func:`~graph.analysis.projection.analysis_graph`): nodes with
        ``name, kind, areas, topics`` (``outside=True`` is drawn faint), edges with ``weight``,
        ``kinds`` and ``forums``; ``G.graph`` with ``areas`` and ``topics`` (id -> fields).
    brokers : iterable of dict
        Rows of :func:`~graph.analysis.brokers.broker_scores` (best first): their
        ``betweenness`` sizes the nodes, the first ``mark_brokers`` are marked with their reasons.
    isolated : iterable of dict
        Rows of :func:`~graph.analysis.isolates.isolated_actors`; those with a code in
        :data:`~graph.analysis.isolates.ISOLATION_CODES` are marked with their reasons.
    title : str, optional
        The heading (default "Netzwerk"/"Network").
    mark_brokers : int
        How many of the best brokers to mark.
    lang : str, optional
        ``"de"`` or ``"en"`` (default: :func:`~graph.i18n.current_language`).
    physics_limit : int
        Above this many nodes the precomputed layout stays (physics off).
    seed : int
        Seed of the layout's jitter.

    Returns
    -------
    str
        A complete HTML document without any external resource.

    Examples
    --------
    >>> G = nx.Graph(areas={}, topics={})
    >>> G.add_edge("a", "b", weight=2.0)
    >>> G.nodes["a"].update(name="Quartierverein", kind="association")
    >>> "Quartierverein" in network_view(G)
    True
    """
    lang = current_language(lang)
    marks = Marks.of(brokers, isolated, mark_brokers)
    graph = with_names(G.graph, G)
    nodes = []
    for v in sorted(G, key=str):
        node = Node(v, G.nodes[v])
        if G.nodes[v].get("outside"):
            node.flags |= DIM
            node.lines.append(word("outside", lang))
        marks.apply(node, lang)
        nodes.append(node)
    small = len(nodes) <= physics_limit
    edges = weighted_edges(G, graph, lang, titles=small)
    return render_page(page(nodes, edges, graph=graph, marks=marks, title=title or word("network", lang),
                            lang=lang, physics_limit=physics_limit,
                            seed=seed))


def area_view(
    G: nx.Graph,
    area: str,
    *,
    brokers: Iterable[Mapping[str, Any]] = (),
    isolated: Iterable[Mapping[str, Any]] = (),
    mark_brokers: int = 10,
    lang: str | None = None,
    physics_limit: int = PHYSICS_LIMIT,
    seed: int = 0,
) -> str:
    """An area's network: ``G`` is ``analysis_graph(S, area=area)`` (partners outside faint).

    Parameters as for :func:`network_view`; the heading names the area.
    """
    lang = current_language(lang)
    name = str(((G.graph.get("areas") or {}).get(area) or {}).get("name") or area)
    return network_view(G, brokers=brokers, isolated=isolated, title=word("area", lang, name=name),
                        mark_brokers=mark_brokers, lang=lang, physics_limit=physics_limit, seed=seed)


def ego_view(
    S: nx.MultiDiGraph,
    ego: Mapping[str, Any],
    *,
    brokers: Iterable[Mapping[str, Any]] = (),
    isolated: Iterable[Mapping[str, Any]] = (),
    mark_brokers: int = 10,
    lang: str | None = None,
    physics_limit: int = PHYSICS_LIMIT,
    seed: int = 0,
) -> str:
    """An actor's surroundings, as :func:`~graph.analysis.ego.ego_network` found them.

    Parameters
    ----------
    S : networkx.MultiDiGraph
        The snapshot the ego network was taken from (for names, kinds, areas, topics).
    ego : dict
        The result of ``ego_network(S, actor, hops=...)``.
    brokers, isolated, mark_brokers, lang, physics_limit, seed
        As for :func:`network_view` (brokers from the whole network: sizes compare with it).

    Returns
    -------
    str
        The HTML page; the actor in the middle is a star, each other actor says how far away it
        is and through which kinds of tie.
    """
    lang = current_language(lang)
    marks = Marks.of(brokers, isolated, mark_brokers)
    center = ego["center"]["id"]
    H = nx.Graph()
    H.add_node(center)
    for row in ego["actors"]:
        H.add_node(row["id"])
    for tie in ego["ties"]:
        u, v = tie["source"], tie["target"]
        if H.has_edge(u, v):
            e = H[u][v]
            e["weight"] += float(tie.get("weight") or 1)
            e["kinds"].append(tie["kind"])
        else:
            H.add_edge(u, v, weight=float(tie.get("weight") or 1), kinds=[tie["kind"]], forums=[])
    for _, _, e in H.edges(data=True):
        e["kinds"] = sorted(set(e["kinds"]))
    graph = {**S.graph, "names": {v: S.nodes[v].get("name", v) for v in H}}
    nodes = [Node(center, S.nodes[center], CENTER, [word("center", lang)])]
    for row in ego["actors"]:
        node = Node(row["id"], S.nodes[row["id"]])
        via = join_words([tie_label(k, lang) for k in row.get("via") or []], lang)
        node.lines.append(word("distance", lang, hops=row["distance"], via=via))
        nodes.append(node)
    for node in nodes:
        marks.apply(node, lang)
    edges = weighted_edges(H, graph, lang, titles=len(nodes) <= physics_limit)
    title = word("ego", lang, name=str(ego["center"].get("name") or center), hops=ego.get("hops", "?"))
    return render_page(page(nodes, edges, graph=graph, marks=marks, title=title,
                            lang=lang, physics_limit=physics_limit,
                            seed=seed))


def round_table_view(
    G: nx.Graph,
    table: Any,
    *,
    brokers: Iterable[Mapping[str, Any]] = (),
    isolated: Iterable[Mapping[str, Any]] = (),
    mark_brokers: int = 10,
    lang: str | None = None,
    physics_limit: int = PHYSICS_LIMIT,
    seed: int = 0,
) -> str:
    """A round table: the seated actors, whom they reach, and the relevant actors not reached.

    Parameters
    ----------
    G : networkx.Graph
        The analysis graph the table was composed on (``prepare(S).G``).
    table : InviteTable or dict
        The result of :func:`~graph.analysis.invite.invite_table` (or its ``to_dict()``).
    brokers, isolated, mark_brokers, lang, physics_limit, seed
        As for :func:`network_view`.

    Returns
    -------
    str
        The HTML page: seats as squares with their role and reasons, reached actors with the
        seats that reach them, unreached relevant actors faint and dashed, with the reason.
    """
    lang = current_language(lang)
    result = table.to_dict() if hasattr(table, "to_dict") else dict(table)
    marks = Marks.of(brokers, isolated, mark_brokers)
    graph = with_names(G.graph, G)
    names = graph["names"]
    nodes: dict[Any, Node] = {}
    for seat in result["seats"]:
        node = Node(seat["id"], G.nodes[seat["id"]] if seat["id"] in G else seat, SEATED)
        node.lines.append(word("seated_line", lang, role=seat.get("role") or ""))
        node.lines += [f"– {r}" for r in seat.get("reasons") or []]
        nodes[seat["id"]] = node
    for row in result["reached"]:
        node = nodes.get(row["id"]) or Node(row["id"], G.nodes[row["id"]] if row["id"] in G else row)
        via = [str(names.get(s, s)) for s in row.get("via") or [] if s != row["id"]]
        if via:
            node.lines.append(word("reached_line", lang, names=", ".join(via)))
        nodes[row["id"]] = node
    for row in result["unreached"]:
        if row["id"] in nodes:
            continue
        node = Node(row["id"], G.nodes[row["id"]] if row["id"] in G else row, DIM | UNREACHED)
        node.lines.append(word("unreached_line", lang, reasons="; ".join(row.get("why") or [])))
        nodes[row["id"]] = node
    for node in nodes.values():
        marks.apply(node, lang)
    keep = set(nodes)
    H = G.subgraph(keep)
    edges = weighted_edges(H, graph, lang, titles=len(keep) <= physics_limit)
    topics = G.graph.get("topics") or {}
    areas = G.graph.get("areas") or {}
    topic_names = [str((topics.get(t) or {}).get("name") or t) for t in result["topics"]]
    area_names = [str((areas.get(a) or {}).get("name") or a) for a in result["areas"]]
    title = word("table", lang, topics=join_words(topic_names, lang), areas=join_words(area_names, lang))
    ordered = sorted(nodes.values(), key=lambda nd: (not nd.flags & SEATED, str(nd.id)))
    subtitle = result.get("method") or ""
    placed = round_table_layout([s["id"] for s in result["seats"]],
                                {r["id"]: r.get("via") or [] for r in result["reached"]},
                                [nd.id for nd in ordered if nd.flags & UNREACHED])
    for nd in ordered:
        if nd.flags & SEATED:
            nd.flags |= FIXED
    return render_page(page(ordered, edges, graph=graph, marks=marks, title=title,
                            lang=lang, physics_limit=physics_limit,
                            seed=seed, subtitle=subtitle, placed=placed))
