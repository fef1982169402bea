"""Queries over needs (Anliegen): the actors to propose, the time city units take to answer, and
the needs no one is responsible for (a gap the administration should hear about).

The needs come from the store (:meth:`graph.store.needs.NeedStore.all_needs`), the network as a
snapshot: these functions take both and do no I/O.

**First answer** (the definition :func:`response_times` measures): a need handed to a city unit
or department on day *d* (its assignment, ``vermittelt`` or a later ``assign`` step) is answered
by that unit on the day of the first status step recorded after that assignment that was taken
by or for that unit (the step's ``actor``) or for the need as a whole (no ``actor``):
``in_bearbeitung``, ``erledigt`` or ``nicht_umsetzbar``. Its time to first answer is that day
minus *d*, in days (0 when answered the same day). A need not answered yet counts as waiting.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from statistics import median
from typing import Any

import networkx as nx

from graph.analysis.need import need_finder
from graph.analysis.network import Network, network_of
from graph.model.needs import Need

#: Actor kinds that are the city's administration (the mediation measured).
CITY_KINDS = ("city_unit", "department")


def proposed_actors(S: nx.MultiDiGraph | Network, need: Need, *, top: int = 5,
                    as_of: date | None = None) -> list[str]:
    """The actors the need finder proposes for a need: the best ``top`` over its topics and
    areas (each pair asked, scores of an actor added up), by score descending then id.

    Example
    -------
    >>> S = nx.MultiDiGraph(areas={"k": {"id": "k", "name": "Kreis"}},
    ...                     topics={"alter": {"id": "alter", "name": "Alter"}})
    >>> S.add_node("fa", name="Fachstelle Alter", kind="city_unit", sector="administration",
    ...            areas=["k"], topics=["alter"])
    >>> need = Need(id="n", title="Bank", raised_on=date(2026, 1, 1), areas=["k"],
    ...             topics=["alter"])
    >>> proposed_actors(S, need, as_of=date(2026, 1, 1))
    ['fa']
    """
    net = network_of(S, as_of)
    scores: dict[str, float] = {}
    for topic in need.topics:
        for area in need.areas:
            for row in _found(net, topic, area):
                scores[row["id"]] = scores.get(row["id"], 0.0) + row["score"]
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    return [actor for actor, _ in ranked[:max(0, top)]]


def response_times(needs: Iterable[Need], kinds: dict[str, str]) -> list[dict[str, Any]]:
    """Per city unit (or department) the needs handed to it and its median days to first
    answer (see the module's definition).

    Parameters
    ----------
    needs : iterable of Need
    kinds : dict
        actor id -> kind (from a snapshot's nodes); actors of another kind are left out.

    Returns
    -------
    list of dict
        ``actor, handed, answered, waiting, median_days`` (None if none answered yet) and
        ``days`` (each answered need's days, ascending); slowest median first, then id.

    Example
    -------
    >>> from graph.model.needs import NeedStep
    >>> step = lambda s, d, **k: NeedStep(status=s, on=date(2026, 1, d), by="a", **k)
    >>> n = Need(id="n", title="Bank", raised_on=date(2026, 1, 1), areas=["k"], topics=["t"],
    ...          assigned=[{"actor": "amt", "on": "2026-01-02"}],
    ...          history=[step("neu", 1), step("vermittelt", 2), step("in_bearbeitung", 9)])
    >>> [(r["actor"], r["median_days"]) for r in response_times([n], {"amt": "city_unit"})]
    [('amt', 7)]
    """
    days: dict[str, list[int]] = {}
    waiting: dict[str, int] = {}
    for need in needs:
        for assignment in need.assigned:
            unit = assignment.actor
            if kinds.get(unit) not in CITY_KINDS:
                continue
            answered = first_answer(need, unit, assignment.on)
            if answered is None:
                waiting[unit] = waiting.get(unit, 0) + 1
                days.setdefault(unit, [])
            else:
                days.setdefault(unit, []).append((answered - assignment.on).days)
    rows: list[dict[str, Any]] = []
    for unit, found in days.items():
        found.sort()
        rows.append({"actor": unit, "handed": len(found) + waiting.get(unit, 0),
                     "answered": len(found), "waiting": waiting.get(unit, 0),
                     "median_days": _median(found), "days": found})
    rows.sort(key=_slowest_first)
    return rows


def _slowest_first(row: dict[str, Any]) -> tuple[float, str]:
    """Slowest median first (none answered yet: last), then id."""
    median_days = row["median_days"]
    return (-float(median_days) if median_days is not None else 1.0, str(row["actor"]))


def first_answer(need: Need, unit: str, handed_on: date) -> date | None:
    """The day of the first answer by or for ``unit`` to a need handed to it on ``handed_on``
    (see the module's definition), or None."""
    start = next((i for i, step in enumerate(need.history) if step.on == handed_on and (
        step.action == "assign" or (step.action == "step" and step.status.value == "vermittelt"))),
        None)
    if start is None:
        return None
    for step in need.history[start + 1:]:
        if step.action == "step" and step.status.value in ANSWERS and step.actor in (None, unit):
            return step.on
    return None


#: The statuses that answer a need.
ANSWERS = ("in_bearbeitung", "erledigt", "nicht_umsetzbar")


def need_gaps(S: nx.MultiDiGraph | Network, needs: Iterable[Need], *,
              as_of: date | None = None) -> list[dict[str, Any]]:
    """Open needs for which the need finder finds no responsible actor (no city unit or
    department working on one of its topics in or above one of its areas): a gap the
    administration should hear about.

    Returns ``id, title, topics, areas, raised_on, suited`` (the best three actors the need
    finder still finds, if any), oldest first, then id.

    Example
    -------
    >>> S = nx.MultiDiGraph(areas={"k": {"id": "k", "name": "Kreis"}},
    ...                     topics={"wohnen": {"id": "wohnen", "name": "Wohnen"}})
    >>> n = Need(id="n", title="Mieten", raised_on=date(2026, 1, 1), areas=["k"],
    ...          topics=["wohnen"])
    >>> [g["id"] for g in need_gaps(S, [n], as_of=date(2026, 1, 1))]
    ['n']
    """
    net = network_of(S, as_of)
    gaps = []
    for need in needs:
        if not need.status.open:
            continue
        rows = [row for topic in need.topics for area in need.areas
                for row in _found(net, topic, area)]
        if any("responsible" in row["codes"] for row in rows):
            continue
        best: dict[str, float] = {}
        for row in rows:
            best[row["id"]] = max(best.get(row["id"], 0.0), row["score"])
        suited = [a for a, _ in sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))[:3]]
        gaps.append({"id": need.id, "title": need.title, "topics": list(need.topics),
                     "areas": list(need.areas), "raised_on": need.raised_on.isoformat(),
                     "suited": suited})
    gaps.sort(key=lambda g: (g["raised_on"], g["id"]))
    return gaps


def _found(net: Network, topic: str, area: str) -> Sequence[dict[str, Any]]:
    """The need finder's rows, or none when the topic or area is not in the network (a need
    may name an area deleted since)."""
    if topic not in net.topics or area not in net.areas:
        return []
    return need_finder(net, topic=topic, area=area, top=None)


def _median(values: list[int]) -> float | int | None:
    if not values:
        return None
    m = median(values)
    return int(m) if float(m).is_integer() else float(m)
