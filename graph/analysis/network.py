"""The prepared network shared by "who to invite", the need finder and introduction paths.

:func:`prepare` builds the analysis graph, the isolated actors and the indexes of a snapshot once
(cache it by store version); :func:`~graph.analysis.invite.invite_table`,
:func:`~graph.analysis.need.need_finder` and
:func:`~graph.analysis.introduction.introduction_path` all take the same :class:`Network`, or a
bare snapshot that :func:`network_of` prepares for them. The path costs (:func:`tie_cost`) are
set on the analysis graph here, so that every prepared network can answer a path question.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import networkx as nx

from graph.analysis.isolates import ISOLATION_CODES, isolated_actors
from graph.analysis.projection import analysis_graph
from graph.errors import InvalidInputError, NotFoundError, Problem
from graph.model import search_key, search_text, slugify
from graph.validation import descendants


class InviteInputError(InvalidInputError):
    """A query that cannot be answered as asked (a read: nothing was going to be written)."""

    def __str__(self) -> str:
        return "\n".join(p.render(self.lang) for p in self.problems)


@dataclass
class Network:
    """A snapshot prepared for the "who to invite" queries: build once, ask many times.

    ``G`` is the analysis graph (:func:`~graph.analysis.projection.analysis_graph`) on ``as_of``;
    ``isolated`` maps isolated actors to their :func:`~graph.analysis.isolates.isolated_actors`
    codes; the indexes map areas and topics to actors.
    """

    S: nx.MultiDiGraph
    G: nx.Graph
    as_of: date
    isolated: dict[str, list[str]]
    isolated_reasons: dict[str, dict[str, Any]]  # actor -> its first isolation reason (a message)
    below: dict[str, frozenset[str]]
    by_area: dict[str, set[str]]
    by_topic: dict[str, set[str]]
    parents: dict[str, str]
    _children: dict[str, set[str]] = field(default_factory=dict)
    _ties: dict[str, dict[str, Any]] = field(default_factory=dict)
    _texts: dict[str, str] = field(default_factory=dict)

    def texts(self) -> dict[str, str]:
        """Every actor's name, description and tags for a keyword search (built on first use)."""
        if not self._texts:
            for u, data in self.S.nodes(data=True):
                self._texts[u] = search_text(str(data.get("name") or ""),
                                             str(data.get("description") or ""),
                                             " ".join(str(t) for t in data.get("tags") or ()))
        return self._texts

    def text(self, v: str) -> str:
        """An actor's name, description and tags for a keyword search."""
        return self.texts().get(v, "")

    def tie_index(self) -> dict[str, dict[str, Any]]:
        """Every tie of the snapshot by id (built on first use)."""
        if not self._ties:
            self._ties = {key: {**data, "id": key, "source": u, "target": v}
                          for u, v, key, data in self.S.edges(keys=True, data=True)}
        return self._ties

    @property
    def areas(self) -> dict[str, dict[str, Any]]:
        return self.G.graph.get("areas") or {}

    @property
    def topics(self) -> dict[str, dict[str, Any]]:
        return self.G.graph.get("topics") or {}

    def name(self, v: str) -> str:
        data = self.G.nodes[v] if v in self.G else self.S.nodes[v] if v in self.S else {}
        return str(data.get("name") or v)

    def area_name(self, a: str) -> str:
        return str((self.areas.get(a) or {}).get("name") or a)

    def topic_name(self, t: str) -> str:
        return str((self.topics.get(t) or {}).get("name") or t)

    def members(self, areas: Iterable[str]) -> set[str]:
        """Actors in these areas or below them (forums included)."""
        found: set[str] = set()
        for a in areas:
            for b in self.below.get(a, (a,)):
                found |= self.by_area.get(b, set())
        return found

    def above(self, areas: Iterable[str]) -> set[str]:
        """Areas that contain one of ``areas`` (without the areas below them)."""
        wanted = set(areas)
        inside = {b for a in wanted for b in self.below.get(a, (a,))}
        return {x for x, d in self.below.items() if d & wanted} - inside

    def under(self, unit: str) -> set[str]:
        """``unit`` and every city unit ``part_of`` it, directly or further down."""
        if not self._children:
            for child, parent in self.parents.items():
                self._children.setdefault(parent, set()).add(child)
        found = {unit}
        todo = [unit]
        while todo:
            for child in self._children.get(todo.pop(), ()):
                if child not in found:
                    found.add(child)
                    todo.append(child)
        return found

    # -- input -------------------------------------------------------------------------------
    def topic_id(self, text: str) -> str:
        """A topic by id, name or slug of its name (``"Jugend"`` -> ``"jugend"``)."""
        if text in self.topics:
            return text
        key, slug = search_key(text), slugify(text)
        for tid, row in sorted(self.topics.items()):
            if search_key(str(row.get("name") or "")) == key or tid == slug:
                return tid
        raise InviteInputError([Problem("unknown_topic", {"id": text}, field="topic")])

    def area_id(self, text: str) -> str:
        """An area by id, name or slug of its name (``"Kreis 10"`` -> ``"kreis-10"``)."""
        if text in self.areas:
            return text
        key, slug = search_key(text), slugify(text)
        matches = [aid for aid, row in sorted(self.areas.items())
                   if search_key(str(row.get("name") or "")) == key or aid == slug]
        if matches:
            return matches[0]
        # a name with a qualifier ("Kreis 10 (Wipkingen, Höngg)") by its leading words
        prefixed = [aid for aid, row in sorted(self.areas.items())
                    if search_key(str(row.get("name") or "")).startswith(key + " ")]
        if len(prefixed) == 1:
            return prefixed[0]
        raise InviteInputError([Problem("unknown_area", {"id": text}, field="area")])

    def actor_id(self, text: str) -> str:
        if text in self.S and self.S.nodes[text].get("kind") is not None:
            return text
        raise NotFoundError("actor", text)


def attribute(net: Network, v: str, key: str) -> Any:
    """Field ``key`` of actor ``v`` (from the analysis graph, else the snapshot; None if unknown)."""
    if v in net.G:
        return net.G.nodes[v].get(key)
    return net.S.nodes[v].get(key) if v in net.S else None


def prepare(S: nx.MultiDiGraph, *, as_of: date | None = None) -> Network:
    """Prepare a snapshot for :func:`~graph.analysis.invite.invite_table`,
    :func:`~graph.analysis.need.need_finder` and
    :func:`~graph.analysis.introduction.introduction_path`.

    Parameters
    ----------
    S : networkx.MultiDiGraph
        A snapshot (``Store.snapshot()``); with every tie, so that stale ones are seen.
    as_of : datetime.date, optional
        The day of the question (default: today): only ties valid then count.

    Returns
    -------
    Network
    """
    as_of = as_of or date.today()
    G = analysis_graph(S, as_of=as_of)
    areas = S.graph.get("areas") or {}
    rows = list(areas.values())
    below = {a: frozenset(descendants(rows, a)) for a in areas}
    by_area: dict[str, set[str]] = {}
    by_topic: dict[str, set[str]] = {}
    for v, data in S.nodes(data=True):
        for a in data.get("areas") or ():
            by_area.setdefault(a, set()).add(v)
        for t in data.get("topics") or ():
            by_topic.setdefault(t, set()).add(v)
    isolated: dict[str, list[str]] = {}
    reasons: dict[str, dict[str, Any]] = {}
    for row in isolated_actors(S, as_of=as_of):
        codes = [c for c in row["codes"] if c in ISOLATION_CODES]
        if codes:
            isolated[row["id"]] = codes
            reasons[row["id"]] = row["reasons"][row["codes"].index(codes[0])]
    net = Network(S=S, G=G, as_of=as_of, isolated=isolated, isolated_reasons=reasons,
                  below=below, by_area=by_area, by_topic=by_topic,
                  parents=dict(G.graph.get("part_of") or {}))
    add_path_costs(net)
    net.texts()  # the keyword index of the need finder
    return net


def network_of(S: nx.MultiDiGraph | Network, as_of: date | None) -> Network:
    """``S`` if it is prepared (for the same day, if ``as_of`` is given), else ``prepare(S)``."""
    if isinstance(S, Network):
        if as_of is not None and as_of != S.as_of:
            raise ValueError(f"the network was prepared for {S.as_of}, not {as_of}")
        return S
    return prepare(S, as_of=as_of)


# ---------------------------------------------------------------------------------------------
# path costs

#: A tie confirmed (``asserted_on``, else ``since``) within this many years counts in full;
#: older ones lose FADE_PER_YEAR of their strength per year, down to FRESH_MIN.
FRESH_YEARS, FADE_PER_YEAR, FRESH_MIN = 1.0, 0.125, 0.5

#: The edge attribute of the analysis graph that holds :func:`tie_cost` (set by add_path_costs).
COST = "introduction_cost"


def tie_cost(weight: float, age_years: float | None) -> float:
    """Length of a tie for the path search: ``1 + 1 / (weight * freshness)``.

    Every hop costs at least 1 (fewer introductions are better); a strong, recently confirmed tie
    adds little to that, a weak or old one more. Freshness is 1 up to one year after the last
    confirmation, then falls by 1/8 per year to 0.5 (an unknown date counts as fresh).

    Examples
    --------
    >>> tie_cost(4, 0.5), tie_cost(4, 5.0)
    (1.25, 1.5)
    """
    fresh = 1.0
    if age_years is not None and age_years > FRESH_YEARS:
        fresh = max(FRESH_MIN, 1.0 - FADE_PER_YEAR * (age_years - FRESH_YEARS))
    return 1.0 + 1.0 / (max(weight, 1e-9) * fresh)


def add_path_costs(net: Network) -> None:
    """Give every tie of ``net.G`` its :func:`tie_cost` (once; :func:`prepare` does it)."""
    if net.G.graph.get(COST):
        return
    ties = net.tie_index()
    for _, _, e in net.G.edges(data=True):
        e[COST] = tie_cost(float(e.get("weight") or 1.0), _age(e, ties, net.as_of))
    net.G.graph[COST] = True


def tie_day(data: dict[str, Any], as_of: date | None = None) -> date | None:
    """The day a tie was last confirmed (``asserted_on``, else ``since``) or, if later, last
    seen in a shared meeting or contact (``last_seen``, the evidence; not after ``as_of``),
    if known."""
    days = [d if not isinstance(d, str) else date.fromisoformat(d)
            for d in (data.get("asserted_on") or data.get("since"), data.get("last_seen"))]
    if as_of is not None and isinstance(days[1], date) and days[1] > as_of:
        days[1] = None
    known = [d for d in days if isinstance(d, date)]
    return max(known) if known else None


def _age(e: dict[str, Any], ties: dict[str, dict[str, Any]], as_of: date) -> float | None:
    days = [d for d in (tie_day(ties[t], as_of) for t in e.get("ties") or () if t in ties)
            if d is not None]
    if not days:
        return None
    return max(0.0, (as_of - max(days)).days / 365.25)
