"""The analyses a view shows, computed from a store snapshot in one place, and the view of them.

:func:`view_inputs` turns a question (the whole network, an area, an actor's surroundings, a
round table) into the graph to draw and the analysis rows to mark on it; :func:`snapshot_view`
draws them. The command line (``quartiernetz view``) and the API (``/api/v1/views/...``) call
:func:`snapshot_view`; the renderer itself computes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx

from api.views.compose import area_view, ego_view, network_view, round_table_view
from graph.analysis import analysis_graph, broker_scores, ego_network, isolated_actors
from graph.analysis.invite import invite_table, prepare
from graph.errors import NotFoundError, QuartiernetzError
from graph.i18n import current_language
from graph.model import search_key, slugify
from graph.words import worded

#: Up to this many actors a view's node sizes come from exact betweenness, above it from sampled
#: sources. Lower than the analyses' ``brokers.EXACT_LIMIT``: a view is asked for interactively
#: and only sizes its nodes by betweenness, so it does not wait for exact values on a large network.
VIEW_EXACT_LIMIT = 2000


@dataclass
class ViewInputs:
    """One view's graph and the analysis rows it marks.

    ``view`` is ``"network"``, ``"area"``, ``"ego"`` or ``"table"``; ``graph`` is the analysis
    graph to draw (for ``"ego"`` the snapshot, for ``"table"`` the invitation's graph);
    ``brokers`` and ``isolated`` are rows of ``broker_scores`` and ``isolated_actors``; ``area``,
    ``ego`` and ``table`` hold the area id, the ego network and the invitation table.
    """

    view: str
    graph: nx.Graph
    brokers: list[dict[str, Any]]
    isolated: list[dict[str, Any]]
    area: str | None = None
    ego: dict[str, Any] | None = None
    table: Any = None


def find_area(S: nx.Graph, text: str) -> str:
    """An area by id, name or slug of its name (``"Kreis 10"`` -> ``"kreis-10"``).

    Raises
    ------
    NotFoundError
        If no area has that id or name.
    """
    areas = S.graph.get("areas") or {}
    if text in areas:
        return text
    key, slug = search_key(text), slugify(text)
    for aid, row in sorted(areas.items()):
        if aid == slug or search_key(str(row.get("name") or "")) == key:
            return aid
    raise NotFoundError("area", text)


def view_inputs(
    S: nx.MultiDiGraph,
    *,
    area: str | None = None,
    ego: str | None = None,
    hops: int = 2,
    invite: Mapping[str, Any] | None = None,
    network: Any = None,
    as_of: date | None = None,
    lang: str | None = None,
) -> ViewInputs:
    """The graph of one view of snapshot ``S`` and the analyses it marks: brokers (betweenness
    exact up to :data:`VIEW_EXACT_LIMIT` actors, sampled above), isolated actors, and the ego
    network or the invitation table. Parameters as for :func:`snapshot_view`.

    Raises
    ------
    NotFoundError
        For an unknown area or actor.
    InvalidInputError
        For an invitation the invite module refuses (unknown topic, bad requirement).
    """
    day = as_of or date.today()
    lang = current_language(lang)

    def brokers(G: nx.Graph) -> list[dict[str, Any]]:
        method = "exact" if G.number_of_nodes() <= VIEW_EXACT_LIMIT else "sampled"
        return worded(broker_scores(G, method=method), lang)

    def isolated(area: str | None = None) -> list[dict[str, Any]]:
        return worded(isolated_actors(S, as_of=day, area=area), lang)  # type: ignore[no-any-return]

    if invite is not None:
        net = network if network is not None else prepare(S, as_of=day)
        try:
            table = worded(invite_table(net, **invite).to_dict(), lang)
        except QuartiernetzError as exc:
            exc.lang = exc.lang or lang
            raise
        return ViewInputs("table", net.G, brokers(net.G), isolated(), table=table)
    if ego is not None:
        found = ego_network(S, ego, hops=hops, as_of=day)
        return ViewInputs("ego", S, brokers(analysis_graph(S, as_of=day)), isolated(), ego=found)
    if area is not None:
        aid = find_area(S, area)
        G = analysis_graph(S, as_of=day, area=aid)
        return ViewInputs("area", G, brokers(G), isolated(aid), area=aid)
    G = analysis_graph(S, as_of=day)
    return ViewInputs("network", G, brokers(G), isolated())


def draw(inputs: ViewInputs, *, mark_brokers: int = 10, lang: str | None = None) -> str:
    """The HTML page of ``inputs`` (see :mod:`api.views.compose`)."""
    marks: dict[str, Any] = {"brokers": inputs.brokers, "isolated": inputs.isolated,
                             "mark_brokers": mark_brokers, "lang": lang}
    if inputs.view == "table":
        return round_table_view(inputs.graph, inputs.table, **marks)
    if inputs.view == "ego":
        assert inputs.ego is not None
        return ego_view(inputs.graph, inputs.ego, **marks)
    if inputs.view == "area":
        assert inputs.area is not None
        return area_view(inputs.graph, inputs.area, **marks)
    return network_view(inputs.graph, **marks)


def snapshot_view(
    S: nx.MultiDiGraph,
    *,
    area: str | None = None,
    ego: str | None = None,
    hops: int = 2,
    invite: Mapping[str, Any] | None = None,
    network: Any = None,
    as_of: date | None = None,
    mark_brokers: int = 10,
    lang: str | None = None,
) -> str:
    """One view of a store snapshot, with its brokers and isolated actors (:func:`view_inputs`).

    Parameters
    ----------
    S : networkx.MultiDiGraph
        A store snapshot.
    area : str, optional
        An area id or name: :func:`~api.views.compose.area_view` (without ``ego`` and ``invite``).
    ego : str, optional
        An actor id: :func:`~api.views.compose.ego_view` with ``hops`` (1 to 3).
    invite : mapping, optional
        Keyword arguments of :func:`~graph.analysis.invite.invite_table` (``topics``, ``areas``,
        ``seats``, ``requirements``, ``must``, ``exclude``, ``reach_isolated``, ``responsible``):
        :func:`~api.views.compose.round_table_view`.
    network : Network, optional
        ``prepare(S, as_of=...)`` when the caller keeps one (for ``invite``).
    as_of : date, optional
        The day the ties must be valid on (default today).
    mark_brokers, lang
        As for :func:`~api.views.compose.network_view`. Betweenness (node size) is exact up to
        :data:`VIEW_EXACT_LIMIT` actors and estimated from sampled sources above it.

    Returns
    -------
    str
        The HTML page.

    Raises
    ------
    NotFoundError
        For an unknown area or actor.
    InvalidInputError
        For an invitation the invite module refuses (unknown topic, bad requirement).
    """
    lang = current_language(lang)
    inputs = view_inputs(S, area=area, ego=ego, hops=hops, invite=invite, network=network,
                         as_of=as_of, lang=lang)
    return draw(inputs, mark_brokers=mark_brokers, lang=lang)
