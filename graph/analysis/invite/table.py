"""The round table: :func:`invite_table` runs the phases of the invitation in order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import networkx as nx

from graph.analysis.invite.bridges import seat_bridges
from graph.analysis.invite.explain import reached_rows, seat_rows, unreached_rows
from graph.analysis.invite.fill import GREEDY_BOUND, Seating, fill_free, table_value
from graph.analysis.invite.relevance import score_candidates
from graph.analysis.invite.requirements import seat_requirements
from graph.analysis.invite.validate import Requirement, validate
from graph.analysis.network import Network, network_of
from graph.i18n import message, percent


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
    method: dict[str, Any]  # a message (graph.i18n.message)
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
) -> InviteTable:
    """Compose a round table for ``topics`` in ``areas``: who to invite, in which role, and why.

    The relevant actors and the relevance of each candidate are defined in
    :mod:`graph.analysis.invite.relevance`; the objective, a weighted maximum coverage that the
    greedy choice reaches to at least ``1 - 1/e`` (63 %), in :mod:`graph.analysis.invite.fill`.
    Seats are filled in this order, each step greedy within what it may choose:

    1. ``must`` (always seated, in the order given);
    2. for each topic, the responsible city unit (if ``responsible``), then each requirement,
       while fewer than ``k`` seated actors meet it (:mod:`~graph.analysis.invite.requirements`);
    3. ``reach_isolated`` seats for bridges to isolated actors (:mod:`~graph.analysis.invite.bridges`);
    4. the remaining seats by gain in the objective (the guarantee holds for this step given 1-3).

    Parameters
    ----------
    S : networkx.MultiDiGraph or Network
        A snapshot (``Store.snapshot()``), or a :func:`~graph.analysis.network.prepare`-d one.
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

    Returns
    -------
    InviteTable
        ``seats`` (``id, name, kind, sector, role, role_code, reasons, alternates, gain``),
        ``requirements`` (``requirement, text, k, met, count, seated, why``), ``reached``,
        ``unreached`` (``id, name, kind, why``), ``objective`` and ``method``. Roles, reasons,
        texts, whys and the method are messages (code and parameters): put them in words with
        :func:`graph.words.worded` (``worded(table.to_dict(), lang)``).

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
    net = network_of(S, as_of)
    q = validate(net, topics=topics, areas=areas, seats=seats, requirements=requirements,
                 must=must, exclude=exclude, reach_isolated=reach_isolated,
                 responsible=responsible)
    scope = score_candidates(net, q)
    seating = Seating(scope)
    for m in q.must:
        seating.seat(m, "must")
    report = seat_requirements(net, q, seating)
    bridges = seat_bridges(net, q, seating)
    if bridges is not None:
        report.append(bridges)
    fill_free(seating, q.seats)
    reached, reached_ids = reached_rows(net, seating)
    return InviteTable(
        seats=seat_rows(net, q, seating, report, alternates), requirements=report,
        reached=reached, unreached=unreached_rows(net, q, seating, reached_ids),
        topics=q.topic_ids, areas=q.area_ids,
        objective=table_value(seating.seated, scope.relevance, scope.cover),
        method=message("method", share=percent(GREEDY_BOUND)),
        relevance=dict(scope.relevance), cover=dict(scope.cover), relevant=scope.relevant)
