"""Who to invite: an explainable round table for topics in an area.

:func:`invite_table` composes a cross-departmental round table: the responsible city units, the
actors active on the topics, bridges to isolated groups, under the coordinator's requirements.
:func:`prepare` builds the analysis graph and the indexes once (cache it by store version); the
need finder (:mod:`graph.analysis.need`) and introduction paths (:mod:`graph.analysis.introduction`)
use the same prepared network.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations
from typing import Any

import networkx as nx

from graph.analysis.invite_words import join, role, say, word
from graph.analysis.isolates import isolated_actors
from graph.analysis.projection import analysis_graph
from graph.errors import InvalidInputError, NotFoundError, Problem
from graph.i18n import current_language
from graph.model import ActorKind, Sector, search_key, search_text, slugify
from graph.validation import descendants

#: isolated_actors codes that mean "cut off from the neighbourhood" (not just "in no forum").
ISOLATION_CODES = ("no_ties", "no_admin_in_component", "admin_unreachable", "own_sector_only")

#: Weights of the relevance score (see invite_table).
W_TOPIC, W_LOCAL, W_WIDE, W_RESPONSIBLE, W_ACTIVITY = 2.0, 1.0, 0.5, 2.0, 1.0
#: Tie strength to relevant actors at which the activity part of relevance is full.
ACTIVITY_FULL = 10.0

GREEDY_BOUND = 1 - 1 / math.e


class InviteInputError(InvalidInputError):
    """A query that cannot be answered as asked (a read: nothing was going to be written)."""

    def __str__(self) -> str:
        return "\n".join(p.render(self.lang) for p in self.problems)


def _bad(detail: str, field: str) -> InviteInputError:
    return InviteInputError([Problem("bad_value", {"detail": detail}, field=field)])


# ---------------------------------------------------------------------------------------------
# the prepared network


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
    isolated_reasons: dict[str, str]
    below: dict[str, frozenset[str]]
    by_area: dict[str, set[str]]
    by_topic: dict[str, set[str]]
    parents: dict[str, str]
    _children: dict[str, set[str]] = field(default_factory=dict)
    _ties: dict[str, dict[str, Any]] = field(default_factory=dict)
    _texts: dict[str, str] = field(default_factory=dict)

    def text(self, v: str) -> str:
        """An actor's name, description and tags for a keyword search (built on first use)."""
        if not self._texts:
            for u, data in self.S.nodes(data=True):
                self._texts[u] = search_text(str(data.get("name") or ""),
                                             str(data.get("description") or ""),
                                             " ".join(str(t) for t in data.get("tags") or ()))
        return self._texts.get(v, "")

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


def prepare(S: nx.MultiDiGraph, *, as_of: date | None = None, lang: str | None = None) -> Network:
    """Prepare a snapshot for :func:`invite_table`, :func:`~graph.analysis.need.need_finder` and
    :func:`~graph.analysis.introduction.introduction_path`.

    Parameters
    ----------
    S : networkx.MultiDiGraph
        A snapshot (``Store.snapshot()``); with every tie, so that stale ones are seen.
    as_of : datetime.date, optional
        The day of the question (default: today): only ties valid then count.
    lang : str, optional
        Language of the isolation reasons kept for the answers.

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
    reasons: dict[str, str] = {}
    for row in isolated_actors(S, as_of=as_of, lang=lang):
        codes = [c for c in row["codes"] if c in ISOLATION_CODES]
        if codes:
            isolated[row["id"]] = codes
            reasons[row["id"]] = row["reasons"][row["codes"].index(codes[0])]
    net = Network(S=S, G=G, as_of=as_of, isolated=isolated, isolated_reasons=reasons,
                  below=below, by_area=by_area, by_topic=by_topic,
                  parents=dict(G.graph.get("part_of") or {}))
    from graph.analysis.introduction import add_path_costs  # (imports this module)

    add_path_costs(net)
    net.text("")  # the keyword index of the need finder
    return net


def _network(S: nx.MultiDiGraph | Network, as_of: date | None, lang: str | None) -> Network:
    if isinstance(S, Network):
        if as_of is not None and as_of != S.as_of:
            raise ValueError(f"the network was prepared for {S.as_of}, not {as_of}")
        return S
    return prepare(S, as_of=as_of, lang=lang)


# ---------------------------------------------------------------------------------------------
# requirements


_REQ_RE = re.compile(r"^\s*(sector|kind|unit|area)\s*=\s*(.+?)\s*(?::\s*(\d+)\s*)?$", re.I)


@dataclass(frozen=True)
class Requirement:
    """At least ``k`` seats for actors of a sector, a kind, a city unit (or below it) or an area.

    ``what`` is ``sector``, ``kind``, ``unit`` or ``area``; ``value`` the id (sector and kind
    labels are accepted by :meth:`parse`).
    """

    what: str
    value: str
    k: int = 1

    @classmethod
    def parse(cls, text: str) -> Requirement:
        """``"sector=Verwaltung:2"``, ``"kind=Verein"``, ``"unit=sozialdepartement"``,
        ``"area=hoengg:1"`` (the count defaults to 1)."""
        m = _REQ_RE.match(text)
        if not m:
            raise _bad(f"«{text}» ist keine Vorgabe; Form: sector=Verwaltung:2, kind=Verein:1, "
                       "unit=ID oder area=ID:1" if current_language() == "de" else
                       f"'{text}' is not a requirement; use sector=administration:2, "
                       "kind=association:1, unit=ID or area=ID:1", "require")
        what, value, k = m.group(1).lower(), m.group(2), int(m.group(3) or 1)
        enum = {"sector": Sector, "kind": ActorKind}.get(what)
        if enum is not None:
            try:
                value = enum.parse(value).value
            except Exception as exc:
                allowed = ", ".join(f"{e.value} ({e.label('de')})" for e in enum)
                raise InviteInputError([Problem("unknown_choice", {"value": value, "allowed": allowed},
                                                field="require")]) from exc
        return cls(what, value, k)

    def __str__(self) -> str:
        return f"{self.what}={self.value}:{self.k}"


# ---------------------------------------------------------------------------------------------
# the round table


@dataclass
class InviteTable:
    """The answer of :func:`invite_table`; :meth:`to_dict` gives the JSON shape."""

    seats: list[dict[str, Any]]
    requirements: list[dict[str, Any]]
    reached: list[dict[str, Any]]
    unreached: list[dict[str, Any]]
    topics: list[str]
    areas: list[str]
    objective: float
    method: str
    #: relevance of every candidate and the relevant actors each one reaches (for checks)
    relevance: dict[str, float] = field(repr=False, default_factory=dict)
    cover: dict[str, frozenset[str]] = field(repr=False, default_factory=dict)
    relevant: frozenset[str] = field(repr=False, default_factory=frozenset)

    @property
    def ids(self) -> list[str]:
        return [s["id"] for s in self.seats]

    def to_dict(self) -> dict[str, Any]:
        return {
            "topics": self.topics,
            "areas": self.areas,
            "seats": self.seats,
            "requirements": self.requirements,
            "reached": self.reached,
            "unreached": self.unreached,
            "objective": round(self.objective, 3),
            "method": self.method,
        }


def table_value(ids: Iterable[str], relevance: dict[str, float], cover: dict[str, frozenset[str]]) -> float:
    """The objective of a table: its seats' relevance plus the number of relevant actors reached."""
    seated = list(ids)
    reached: set[str] = set()
    for v in seated:
        reached |= cover[v]
    return sum(relevance[v] for v in seated) + len(reached)


class _Greedy:
    """State of the greedy choice: seats, how often each relevant actor is reached."""

    def __init__(self, relevance: dict[str, float], cover: dict[str, frozenset[str]]) -> None:
        self.relevance = relevance
        self.cover = cover
        self.seated: list[str] = []
        self.count: dict[str, int] = {}

    def gain(self, c: str) -> float:
        return self.relevance[c] + sum(1 for u in self.cover[c] if not self.count.get(u))

    def new(self, c: str) -> list[str]:
        return sorted(u for u in self.cover[c] if not self.count.get(u))

    def add(self, c: str) -> None:
        self.seated.append(c)
        for u in self.cover[c]:
            self.count[u] = self.count.get(u, 0) + 1

    def remove(self, c: str) -> None:
        for u in self.cover[c]:
            self.count[u] -= 1

    def best(self, eligible: Iterable[str], key_extra: Any = None) -> str | None:
        best, best_key = None, None
        seated = set(self.seated)
        for c in eligible:
            if c in seated:
                continue
            extra = key_extra(c) if key_extra else 0
            key = (-extra, -self.gain(c), -self.relevance[c], c)
            if best_key is None or key < best_key:
                best, best_key = c, key
        return best


def invite_table(
    S: nx.MultiDiGraph | Network,
    *,
    topics: Sequence[str],
    areas: Sequence[str],
    seats: int,
    requirements: Sequence[Requirement | str] = (),
    must: Sequence[str] = (),
    exclude: Sequence[str] = (),
    reach_isolated: int = 0,
    responsible: bool = True,
    as_of: date | None = None,
    alternates: int = 2,
    lang: str | None = None,
) -> InviteTable:
    """Compose a round table for ``topics`` in ``areas``: who to invite, in which role, and why.

    **Relevant actors** ``P``: every actor (not a forum) that works on one of the topics and is
    active in one of the areas or below them (*local*), or in an area that contains one of them,
    such as a city-wide unit (*wide*). **Candidates** are the relevant actors and every other
    local actor (a well-tied one may be the best way to reach the others).

    **Relevance** of a candidate ``v``::

        r(v) = 2 * (share of the topics v works on)
             + 1 if local, 0.5 if wide
             + 2 if responsible (a city unit or department that is relevant)
             + min(1, strength of v's ties to relevant actors / 10)   (activity)

    **Objective** of a table ``T`` (a weighted maximum coverage): the relevance of its seats
    plus the number of relevant actors it reaches (seated, or one current tie away from a seat)::

        f(T) = sum(r(v) for v in T) + |P ∩ N[T]|

    ``f`` is monotone and submodular, so choosing one seat at a time by the largest gain in ``f``
    reaches at least ``1 - 1/e`` (63 %) of the best table of the same size (Nemhauser, Wolsey &
    Fisher 1978). Seats are filled in this order, each step greedy within what it may choose:

    1. ``must`` (always seated, in the order given);
    2. for each topic, the responsible city unit (if ``responsible``), then each requirement,
       while fewer than ``k`` seated actors meet it (a seated actor counts for every
       requirement it meets);
    3. ``reach_isolated`` seats for bridges: the candidate that reaches the most isolated
       actors (cut off per :func:`~graph.analysis.isolates.isolated_actors`) not yet reached;
    4. the remaining seats by gain in ``f``.

    A requirement that cannot be met is reported with the reason, never dropped. The guarantee
    holds for step 4 given steps 1-3.

    Parameters
    ----------
    S : networkx.MultiDiGraph or Network
        A snapshot (``Store.snapshot()``), or a :func:`prepare`-d one (cache that).
    topics, areas : sequence of str
        Ids or names; areas include their sub-areas (``parent`` and ``covers``).
    seats : int
        At most this many seats.
    requirements : sequence of Requirement or str
        ``"sector=administration:2"``, ``"kind=Verein"``, ``"unit=ID"``, ``"area=ID:1"``.
    must, exclude : sequence of str
        Actor ids always seated / never seated.
    reach_isolated : int
        Seats reserved for bridges to isolated groups (returned to the others if none is needed).
    responsible : bool
        Seat the responsible city unit of each topic (a requirement of its own).
    as_of : datetime.date, optional
        The day (default: today, or the prepared network's day).
    alternates : int
        How many alternates per seat.
    lang : str, optional
        Language of roles and reasons.

    Returns
    -------
    InviteTable
        ``seats`` (``id, name, kind, sector, role, role_code, reasons, alternates, gain``),
        ``requirements`` (``requirement, text, k, met, count, seated, why``), ``reached``,
        ``unreached`` (``id, name, kind, why``), ``objective`` and ``method``.

    Raises
    ------
    InvalidInputError
        for an unknown topic or area, ``seats`` below 1, an id in both ``must`` and ``exclude``,
        more ``must`` ids than seats, or a malformed requirement.
    NotFoundError
        for an unknown actor id.

    Examples
    --------
    >>> S = nx.MultiDiGraph(areas={"k": {"id": "k", "name": "Kreis"}},
    ...                     topics={"jugend": {"id": "jugend", "name": "Jugend"}})
    >>> S.add_node("amt", name="Jugendamt", kind="city_unit", sector="administration",
    ...            areas=["k"], topics=["jugend"])
    >>> S.add_node("oja", name="OJA", kind="association", sector="civil_society",
    ...            areas=["k"], topics=["jugend"])
    >>> _ = S.add_edge("amt", "oja", key="c", kind="cooperates_with", weight=3)
    >>> invite_table(S, topics=["jugend"], areas=["k"], seats=1, as_of=date(2025, 1, 1)).ids
    ['amt']

    References
    ----------
    .. [1] G. L. Nemhauser, L. A. Wolsey and M. L. Fisher, "An analysis of approximations for
       maximizing submodular set functions - I", Math. Programming 14, 265-294 (1978).
    .. [2] S. Khuller, A. Moss and J. Naor, "The budgeted maximum coverage problem",
       Inf. Process. Lett. 70(1), 39-45 (1999).
    """
    net = _network(S, as_of, lang)
    G = net.G
    problems: list[Problem] = []
    if seats < 1:
        problems.append(Problem("bad_value", {"detail": _t(
            lang, f"mindestens 1 Platz nötig, nicht {seats}", f"at least 1 seat needed, not {seats}")},
            field="seats"))
    if reach_isolated < 0:
        problems.append(Problem("bad_value", {"detail": _t(
            lang, "--reach-isolated darf nicht negativ sein", "--reach-isolated must not be negative")},
            field="reach_isolated"))
    if not topics:
        problems.append(Problem("bad_value", {"detail": _t(
            lang, "mindestens ein Thema angeben (--topic)", "give at least one topic (--topic)")},
            field="topic"))
    if not areas:
        problems.append(Problem("bad_value", {"detail": _t(
            lang, "mindestens ein Gebiet angeben (--area)", "give at least one area (--area)")},
            field="area"))
    topic_ids: list[str] = []
    for t in topics:
        try:
            topic_ids.append(net.topic_id(t))
        except InvalidInputError as exc:
            problems += exc.problems
    area_ids: list[str] = []
    for a in areas:
        try:
            area_ids.append(net.area_id(a))
        except InvalidInputError as exc:
            problems += exc.problems
    reqs: list[Requirement] = []
    for r in requirements:
        try:
            reqs.append(r if isinstance(r, Requirement) else Requirement.parse(r))
        except InvalidInputError as exc:
            problems += exc.problems
    for r in reqs:
        if r.k < 1:
            problems.append(Problem("bad_value", {"detail": _t(
                lang, f"«{r}»: die Anzahl muss mindestens 1 sein", f"'{r}': the count must be at least 1")},
                field="require"))
    must = list(dict.fromkeys(must))
    exclude_set = set(exclude)
    both = [m for m in must if m in exclude_set]
    if both:
        problems.append(Problem("bad_value", {"detail": _t(
            lang, f"{_ids(both)} steht in --must und in --exclude; einen der beiden Einträge entfernen",
            f"{_ids(both)} is in both --must and --exclude; remove one of them")}, field="must"))
    if seats >= 1 and len(must) > seats:
        problems.append(Problem("bad_value", {"detail": _t(
            lang, f"{len(must)} fest gesetzte Akteure (--must), aber nur {seats} Plätze; "
            "--seats erhöhen oder --must kürzen",
            f"{len(must)} actors must be seated (--must), but there are only {seats} seats; "
            "raise --seats or shorten --must")}, field="must"))
    if problems:
        raise InviteInputError(problems, lang=lang)
    for v in [*must, *exclude]:
        net.actor_id(v)
    for r in reqs:
        if r.what == "unit":
            net.actor_id(r.value)
        elif r.what == "area":
            object.__setattr__(r, "value", net.area_id(r.value))
    topic_ids = list(dict.fromkeys(topic_ids))
    area_ids = list(dict.fromkeys(area_ids))

    # -- relevance ---------------------------------------------------------------------------
    tset = set(topic_ids)
    below = {b for a in area_ids for b in net.below.get(a, (a,))}
    above = net.above(area_ids)
    local = {v for v in net.members(area_ids) if v in G}
    wide = {v for a in above for v in net.by_area.get(a, ()) if v in G} - local
    topical = {v for t in topic_ids for v in net.by_topic.get(t, ()) if v in G}
    relevant = frozenset((local | wide) & topical)
    candidates = set(relevant | local) - exclude_set
    for m in must:  # a must outside the area is seated all the same
        if m in G:
            candidates.add(m)
    relevance: dict[str, float] = {}
    responsible_of: dict[str, list[str]] = {}
    info: dict[str, dict[str, Any]] = {}
    for v in sorted(candidates | set(must)):
        data = G.nodes[v] if v in G else net.S.nodes[v]
        mine = tset.intersection(data.get("topics") or ())
        strength, count = 0.0, 0
        if v in G:
            for u, e in G.adj[v].items():
                if u in relevant:
                    strength += e.get("weight", 1.0)
                    count += 1
        is_resp = v in relevant and data.get("sector") == "administration"
        area_part = W_LOCAL if v in local else W_WIDE if v in wide else 0.0
        relevance[v] = (W_TOPIC * len(mine) / len(tset) + area_part
                        + (W_RESPONSIBLE if is_resp else 0.0)
                        + W_ACTIVITY * min(1.0, strength / ACTIVITY_FULL))
        if is_resp:
            responsible_of[v] = sorted(mine)
        info[v] = {"topics": sorted(mine), "strength": strength, "count": count,
                   "areas": [a for a in data.get("areas") or () if a in below]
                   if v in local else [a for a in data.get("areas") or () if a in above]}
    cover = {v: frozenset(({v} | set(G.adj[v]) if v in G else {v}) & relevant) for v in relevance}
    greedy = _Greedy(relevance, cover)
    why: dict[str, list[str]] = {v: [] for v in relevance}
    slot: dict[str, tuple[str, Any]] = {}
    gains: dict[str, tuple[float, int, int]] = {}

    def seat(v: str, kind: str, detail: Any = None) -> None:
        gains[v] = (greedy.gain(v), len(greedy.new(v)), len(cover[v]))
        greedy.add(v)
        slot[v] = (kind, detail)

    for m in must:
        seat(m, "must")

    # -- requirements ------------------------------------------------------------------------
    admin = {v for v in candidates if (G.nodes[v] if v in G else {}).get("sector") == "administration"}

    def matching(r: Requirement) -> set[str]:
        pool = set(relevance)
        if r.what == "sector":
            return {v for v in pool if _attr(net, v, "sector") == r.value}
        if r.what == "kind":
            return {v for v in pool if _attr(net, v, "kind") == r.value}
        if r.what == "area":
            inside = net.members([r.value])
            return {v for v in pool if v in inside}
        # unit: the unit itself and the offices under it, wherever they work
        under = net.under(r.value)
        for v in under - set(relevance):
            if v in G and _attr(net, v, "kind") != "forum":
                relevance[v] = W_ACTIVITY * 0.0
                cover[v] = frozenset(({v} | set(G.adj[v])) & relevant)
                info[v] = {"topics": [], "strength": 0.0, "count": 0, "areas": []}
                why[v] = []
        return {v for v in under if v in relevance} | {v for v in under if v in exclude_set}

    report: list[dict[str, Any]] = []
    wanted: list[tuple[str, Requirement | None, str | None]] = []
    if responsible:
        wanted += [("responsible", None, t) for t in topic_ids]
    wanted += [("requirement", r, None) for r in reqs]
    area_label = join([net.area_name(a) for a in area_ids], lang)
    topics_label = join([net.topic_name(t) for t in topic_ids], lang)
    for kind, req, topic in wanted:
        if req is None:
            assert topic is not None
            eligible = {v for v in admin if topic in responsible_of.get(v, ())}
            k, code = 1, f"responsible={topic}"
            text = say("req_responsible", lang, value=net.topic_name(topic))
            blocked = {v for v in exclude_set if v in G and _attr(net, v, "sector") == "administration"
                       and v in (local | wide) and topic in (_attr(net, v, "topics") or ())}
        else:
            found = matching(req)
            blocked = {v for v in found if v in exclude_set}
            eligible = found - exclude_set
            k, code = req.k, str(req)
            value = _req_value(net, req, lang)
            text = say(f"req_{req.what}", lang, k=req.k, value=value)
        while sum(1 for v in greedy.seated if v in eligible) < k and len(greedy.seated) < seats:
            pick = greedy.best(eligible)
            if pick is None:
                break
            seat(pick, "requirement", text)
        seated_ok = [v for v in greedy.seated if v in eligible]
        met = len(seated_ok) >= k
        reason = None
        if not met:
            reason = _why_unmet(net, kind, req, topic, eligible, blocked, seats, k, area_label,
                                topics_label, lang)
        for v in seated_ok:
            msg = say("fills", lang, requirement=text)
            if msg not in why[v]:
                why[v].append(msg)
        report.append({"requirement": code, "text": text, "k": k, "met": met,
                       "count": len(seated_ok), "seated": seated_ok, "why": reason})

    # -- bridges to isolated groups ----------------------------------------------------------
    isolated = {v for v in local if v in net.isolated}
    if reach_isolated > 0:
        cover_iso = {v: frozenset(({v} | set(G.adj[v]) if v in G else {v}) & isolated)
                     for v in relevance}

        def iso_left() -> set[str]:
            seen: set[str] = set()
            for s in greedy.seated:
                seen |= cover_iso[s]
            return isolated - seen

        bridges = 0
        while bridges < reach_isolated and len(greedy.seated) < seats:
            left = iso_left()
            pick = greedy.best([c for c in candidates if cover_iso[c] & left],
                               key_extra=lambda c, left=left: len(cover_iso[c] & left))
            if pick is None:
                break
            brought = sorted((cover_iso[pick] & left) - {pick})
            seat(pick, "bridge", brought)
            bridges += 1
        left = iso_left()
        text = (say("req_isolated_one", lang) if reach_isolated == 1 else
                say("req_isolated", lang, k=reach_isolated))
        met = not left or bridges >= reach_isolated
        reason = None
        if not isolated:
            reason = say("why_no_isolated", lang, area=area_label)
        elif not met:
            names = join([net.name(v) for v in sorted(left)], lang)
            reason = (say("why_isolated_seats", lang, found=bridges, count=len(left), names=names)
                      if len(greedy.seated) >= seats else
                      say("why_isolated_left", lang, count=len(left), names=names))
        report.append({"requirement": f"reach_isolated={reach_isolated}", "text": text,
                       "k": reach_isolated, "met": met, "count": bridges,
                       "seated": [v for v in greedy.seated if slot[v][0] == "bridge"],
                       "why": reason})

    # -- the remaining seats -----------------------------------------------------------------
    while len(greedy.seated) < seats:
        pick = greedy.best(candidates)
        if pick is None or greedy.gain(pick) <= 0:
            break
        seat(pick, "free")

    # -- the answer --------------------------------------------------------------------------
    seated = list(greedy.seated)
    out_seats = []
    for v in seated:
        kind, detail = slot[v]
        out_seats.append(_seat_row(net, v, kind, detail, info[v], responsible_of, gains[v],
                                   why[v], relevance[v], area_ids, local, lang))
    for row in out_seats:
        row["alternates"] = _alternates(net, greedy, row["id"], slot[row["id"]], candidates,
                                        report, isolated, relevance, alternates)
    reached_by: dict[str, list[str]] = {}
    for v in seated:
        for u in cover[v]:
            reached_by.setdefault(u, []).append(v)
    reached = [{"id": u, "name": net.name(u), "kind": _attr(net, u, "kind"),
                "via": sorted(reached_by[u])} for u in sorted(reached_by)]
    unreached = []
    for u in sorted(relevant - set(reached_by)):
        reasons = [say("no_tie_to_table", lang)]
        if u in net.isolated_reasons:
            reasons.append(net.isolated_reasons[u])
        if u in exclude_set:
            reasons.insert(0, _t(lang, "ausgeschlossen (--exclude)", "excluded (--exclude)"))
        unreached.append({"id": u, "name": net.name(u), "kind": _attr(net, u, "kind"),
                          "why": reasons})
    return InviteTable(
        seats=out_seats, requirements=report, reached=reached, unreached=unreached,
        topics=topic_ids, areas=area_ids, objective=table_value(seated, relevance, cover),
        method=say("method", lang, share=f"{GREEDY_BOUND * 100:.0f} %"),
        relevance=dict(relevance), cover=dict(cover), relevant=relevant)


# ---------------------------------------------------------------------------------------------
# helpers


def _t(lang: str | None, de: str, en: str) -> str:
    return en if current_language(lang) == "en" else de


def _ids(ids: list[str]) -> str:
    return ", ".join(f"«{i}»" for i in ids)


def _attr(net: Network, v: str, key: str) -> Any:
    if v in net.G:
        return net.G.nodes[v].get(key)
    return net.S.nodes[v].get(key) if v in net.S else None


def _req_value(net: Network, req: Requirement, lang: str | None) -> str:
    if req.what == "sector":
        return Sector(req.value).label(lang)
    if req.what == "kind":
        return ActorKind(req.value).label(lang)
    if req.what == "area":
        return net.area_name(req.value)
    return net.name(req.value)


def _why_unmet(net: Network, kind: str, req: Requirement | None, topic: str | None,
               eligible: set[str], blocked: set[str], seats: int, k: int, area_label: str,
               topics_label: str, lang: str | None) -> str:
    if kind == "responsible":
        assert topic is not None
        if blocked and not eligible:
            return _excluded(net, blocked, lang)
        if not eligible:
            return say("why_no_responsible", lang, topic=net.topic_name(topic), area=area_label)
        return say("why_no_seats", lang, seats=seats)
    assert req is not None
    value = _req_value(net, req, lang)
    if len(eligible) >= k:
        return say("why_no_seats", lang, seats=seats)
    if blocked:
        return _excluded(net, blocked, lang)
    if req.what == "unit":
        return say("why_unit_none", lang, value=value)
    what = word({"sector": "of_sector", "kind": "of_kind", "area": "from_area"}[req.what], lang,
                value=value)
    if not eligible:
        return say("why_none", lang, area=area_label, topics=topics_label, what=what)
    return say("why_too_few", lang, found=len(eligible), k=k, what=what)


def _excluded(net: Network, blocked: set[str], lang: str | None) -> str:
    names = join([net.name(v) for v in sorted(blocked)], lang)
    if len(blocked) == 1:
        return say("why_excluded_one", lang, names=names)
    return say("why_excluded", lang, count=len(blocked), names=names)


def _seat_row(net: Network, v: str, kind: str, detail: Any, info: dict[str, Any],
              responsible_of: dict[str, list[str]], gain: tuple[float, int, int], extra: list[str],
              relevance: float, area_ids: list[str], local: set[str],
              lang: str | None) -> dict[str, Any]:
    sector = _attr(net, v, "sector")
    actor_kind = _attr(net, v, "kind")
    area_label = join([net.area_name(a) for a in area_ids], lang)
    reasons: list[str] = []
    if kind == "must":
        reasons.append(say("must", lang))
    topics = join([net.topic_name(t) for t in info["topics"]], lang)
    if v in responsible_of:
        code = "responsible_department" if actor_kind == "department" else "responsible_unit"
        if v in local:
            where = join([net.area_name(a) for a in info["areas"]], lang)
            reasons.append(say("responsible_here", lang, topics=topics, area=where or area_label))
        else:
            where = join([net.area_name(a) for a in info["areas"]], lang)
            reasons.append(say("responsible_wide", lang, topics=topics, where=where, area=area_label))
    else:
        if kind == "bridge":
            code = "bridge" if detail else "isolated_self"
        elif not info["topics"]:
            code = "hub" if sector != "population" else "residents"
        else:
            code = {"population": "residents", "civil_society": "civil_society",
                    "institution": "institution", "private": "private",
                    "administration": "administration"}.get(sector or "", "hub")
        if info["topics"]:
            reasons.append(say("topics", lang, topics=topics))
        if info["areas"]:
            where = join([net.area_name(a) for a in info["areas"]], lang)
            reasons.append(say("local", lang, where=where) if v in local else
                           say("wide", lang, where=where, area=area_label))
    if kind == "bridge" and detail:
        names = join([net.name(u) for u in detail], lang)
        reasons.append(say("brings_isolated_one", lang, names=names) if len(detail) == 1 else
                       say("brings_isolated", lang, count=len(detail), names=names))
        if v in net.isolated_reasons:
            reasons.append(say("is_isolated", lang, reason=net.isolated_reasons[v]))
    if info["count"]:
        strength = _num(info["strength"])
        reasons.append(say("activity_one", lang, strength=strength) if info["count"] == 1 else
                       say("activity", lang, count=info["count"], strength=strength))
    _, new, total = gain
    if new:
        reasons.append(say("reaches_one", lang, total=total) if new == 1 else
                       say("reaches", lang, new=new, total=total))
    reasons += extra
    return {
        "id": v,
        "name": net.name(v),
        "kind": actor_kind,
        "sector": sector,
        "role": role(code, lang),
        "role_code": code,
        "reasons": reasons,
        "alternates": [],
        "relevance": round(relevance, 3),
        "gain": round(gain[0], 3),
    }


def _num(x: float) -> str:
    return f"{x:.0f}" if abs(x - round(x)) < 0.05 else f"{x:.1f}"


def _alternates(net: Network, greedy: _Greedy, v: str, slot: tuple[str, Any], candidates: set[str],
                report: list[dict[str, Any]], isolated: set[str], relevance: dict[str, float],
                limit: int) -> list[dict[str, Any]]:
    """Who would take seat ``v`` best: unseated candidates of the same kind of slot, by the gain
    they would bring to the table without ``v``."""
    if limit <= 0:
        return []
    kind, detail = slot
    seated = set(greedy.seated)
    sector = _attr(net, v, "sector")
    pool: Iterable[str]
    if kind == "requirement":
        holders = [r for r in report if v in r["seated"] and r["text"] == detail]
        pool = [c for c in candidates if c not in seated and _same_slot(net, c, v, holders)]
    elif kind == "bridge":
        pool = [c for c in candidates if c not in seated
                and ({c} | set(net.G.adj[c] if c in net.G else ())) & isolated]
    else:
        pool = [c for c in candidates if c not in seated and _attr(net, c, "sector") == sector]
    greedy.remove(v)
    try:
        ranked = sorted(pool, key=lambda c: (-greedy.gain(c), -relevance[c], c))[:limit]
        return [{"id": c, "name": net.name(c), "kind": _attr(net, c, "kind"),
                 "gain": round(greedy.gain(c), 3)} for c in ranked]
    finally:
        for u in greedy.cover[v]:
            greedy.count[u] = greedy.count.get(u, 0) + 1


def _same_slot(net: Network, c: str, v: str, holders: list[dict[str, Any]]) -> bool:
    """``c`` could fill the requirement seat of ``v``: same kind for a responsible unit, same
    sector otherwise (the requirement's own test is in invite_table)."""
    if not holders:
        return _attr(net, c, "sector") == _attr(net, v, "sector")
    code = holders[0]["requirement"]
    if code.startswith("responsible="):
        topic = code.split("=", 1)[1]
        return (_attr(net, c, "sector") == "administration"
                and topic in (_attr(net, c, "topics") or ()))
    what, _, rest = code.partition("=")
    value = rest.rsplit(":", 1)[0]
    if what == "sector":
        return _attr(net, c, "sector") == value
    if what == "kind":
        return _attr(net, c, "kind") == value
    if what == "area":
        return c in net.members([value])
    if what == "unit":
        return c in net.under(value)
    return False


def brute_force_best(relevance: dict[str, float], cover: dict[str, frozenset[str]], size: int,
                     pool: Iterable[str] | None = None) -> tuple[float, tuple[str, ...]]:
    """The best table of exactly ``size`` seats by trying every one (for tests on small pools)."""
    ids = sorted(pool if pool is not None else relevance)
    best: tuple[float, tuple[str, ...]] = (-1.0, ())
    for combo in combinations(ids, min(size, len(ids))):
        value = table_value(combo, relevance, cover)
        if value > best[0] + 1e-12:
            best = (value, combo)
    return best
