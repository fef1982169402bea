"""A survey campaign's dashboard: who answered, who has not, and where the two sides of a tie
disagree (issue 17, item 4).

Pure: it takes what the store gives (the campaign, its answers, the perspectives) and the actors'
fields (``dict(store.snapshot().nodes(data=True))`` will do), never a store. Numbers and codes
only; words are made by the CLI and the browser.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

#: The sectors in the order a coordinator reads them; ``none`` for kinds outside the sectors
#: (forums). Unknown sectors follow in alphabetical order.
SECTOR_ORDER = ("population", "civil_society", "institution", "private", "administration", "none")


def _get(obj: Any, key: str, default: Any = None) -> Any:
    """A field of a model (attribute) or of a dict (key): the store's records or their JSON."""
    if isinstance(obj, Mapping):
        return obj.get(key, default)
    return getattr(obj, key, default)


def _value(x: Any) -> Any:
    """An enum's value, or the thing itself."""
    return getattr(x, "value", x)


def _rate(answered: int, invited: int) -> dict[str, Any]:
    return {"invited": invited, "answered": answered,
            "percent": round(100.0 * answered / invited, 1) if invited else 0.0}


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def _kinds(claims: list[tuple[str, str, str, int]]) -> list[dict[str, str]]:
    """What one end names a pair as: ``[{kind, source, target}]`` (cooperation unordered)."""
    return [{"kind": k, "source": s, "target": t} for k, s, t in sorted({c[:3] for c in claims})]


def dashboard(survey: Any, answers: Iterable[Any], actors: Mapping[str, Mapping[str, Any]],
              perspectives: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """The dashboard of one campaign.

    Parameters
    ----------
    survey
        The campaign (:class:`graph.model.surveys.Survey` or its JSON): ``id``, ``actors`` (the
        invited), ``status``, ``until``.
    answers
        Its answers (``Answer`` or JSON): ``actor`` and ``state`` (``draft`` | ``submitted``).
        Only submitted answers count as answered; a draft is "not answered (draft kept)".
    actors
        Actor id -> fields (``name``, ``sector``, ``areas``), e.g. a snapshot's node data. An
        invited actor missing here (deleted since) is counted under sector and area ``none``.
    perspectives
        :meth:`Store.perspectives` of the campaign: per pair and kind ``{source, target, kind,
        assertions: [{asserted_by, weight, state, ...}], status}``. Assertions not submitted
        and assertions by someone who is neither end are ignored.

    Returns
    -------
    dict
        ``total``: ``{invited, answered, percent, drafts}``;
        ``by_sector`` and ``by_area``: ``[{sector|area, invited, answered, percent}]`` (an actor
        counts in each of its areas; sectors in :data:`SECTOR_ORDER`, areas by id);
        ``not_answered``: ``[{id, name, sector, areas, draft}]`` by name then id (for a reminder);
        ``one_sided``: ``[{source, target, named_by, other, kinds, weight, other_answered,
        decided}]``:
        unordered pairs named by one end only (``source`` < ``target``; ``kinds``:
        ``[{kind, source, target}]`` as named, ``weight`` the strongest; ``other_answered``:
        whether the silent end submitted an answer at all, so "does not name it" differs from
        "has not answered"; ``decided``: every kind of the pair reconciled or rejected);
        ``disagreements``: ``[{source, target, weights, difference, kinds, kind_disagreement,
        decided}]``:
        pairs named by both ends whose strongest weights differ (``difference`` = |strongest
        weight one end gives the pair - the other's|) or whose kinds differ (the set of
        ``{kind, source, target}`` each end names: "A informs B" and "B informs A" differ;
        ``decided`` as above), largest ``difference`` first, then kind disagreements, then
        by ``source``, ``target``; ``weights`` and ``kinds`` are keyed by the asserting actor.

    Examples
    --------
    >>> survey = {"id": "umfrage-1", "actors": ["a", "b", "c"]}
    >>> answers = [{"actor": "a", "state": "submitted"}, {"actor": "b", "state": "draft"}]
    >>> actors = {"a": {"name": "A", "sector": "population", "areas": ["x"]},
    ...           "b": {"name": "B", "sector": "population", "areas": ["x"]},
    ...           "c": {"name": "C", "sector": None, "areas": []}}
    >>> d = dashboard(survey, answers, actors, [])
    >>> d["total"], [r["id"] for r in d["not_answered"]]
    ({'invited': 3, 'answered': 1, 'percent': 33.3, 'drafts': 1}, ['b', 'c'])
    """
    invited = list(dict.fromkeys(_get(survey, "actors") or []))
    states = {str(_get(a, "actor")): str(_value(_get(a, "state"))) for a in answers}
    submitted = {a for a, s in states.items() if s == "submitted"}

    def fields(actor_id: str) -> tuple[str, str, list[str]]:
        f = actors.get(actor_id) or {}
        return (str(f.get("name") or actor_id), str(_value(f.get("sector")) or "none"),
                [str(x) for x in f.get("areas") or []])

    by_sector: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_area: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    not_answered = []
    for actor_id in invited:
        name, sector, areas = fields(actor_id)
        done = actor_id in submitted
        for bucket in (by_sector[sector], *(by_area[a] for a in (areas or ["none"]))):
            bucket[0] += 1
            bucket[1] += done
        if not done:
            not_answered.append({"id": actor_id, "name": name, "sector": sector, "areas": areas,
                                 "draft": states.get(actor_id) == "draft"})
    not_answered.sort(key=lambda r: (r["name"].casefold(), r["id"]))

    def sector_key(s: str) -> tuple[int, str]:
        return (SECTOR_ORDER.index(s) if s in SECTOR_ORDER else len(SECTOR_ORDER), s)

    # what each end says about each unordered pair: {pair: {asserter: [(kind, from, to, weight)]}}
    said: dict[tuple[str, str], dict[str, list[tuple[str, str, str, int]]]] = defaultdict(
        lambda: defaultdict(list))
    still_open: set[tuple[str, str]] = set()  # pairs with a kind not yet reconciled or rejected
    for p in perspectives:
        source, target, kind = str(p["source"]), str(p["target"]), str(_value(p["kind"]))
        pair = _pair(source, target)
        if p.get("status", "open") == "open":
            still_open.add(pair)
        for a in p.get("assertions") or []:
            asserter = str(a.get("asserted_by"))
            if asserter not in (source, target) or str(_value(a.get("state", "submitted"))) != "submitted":
                continue
            ends = pair if kind == "cooperates_with" else (source, target)
            said[pair][asserter].append((kind, *ends, int(a["weight"])))

    one_sided: list[dict[str, Any]] = []
    disagreements: list[dict[str, Any]] = []
    for (a, b), by in sorted(said.items()):
        if len(by) == 1:
            (named_by, claims), = by.items()
            other = b if named_by == a else a
            one_sided.append({"source": a, "target": b, "named_by": named_by, "other": other,
                              "kinds": _kinds(claims), "weight": max(c[3] for c in claims),
                              "other_answered": other in submitted,
                              "decided": (a, b) not in still_open})
            continue
        weights = {x: max(c[3] for c in by[x]) for x in (a, b)}
        kinds = {x: _kinds(by[x]) for x in (a, b)}
        difference = abs(weights[a] - weights[b])
        kind_disagreement = kinds[a] != kinds[b]
        if difference or kind_disagreement:
            disagreements.append({"source": a, "target": b, "weights": weights,
                                  "difference": difference, "kinds": kinds,
                                  "kind_disagreement": kind_disagreement,
                                  "decided": (a, b) not in still_open})
    disagreements.sort(key=lambda r: (-r["difference"], not r["kind_disagreement"], r["source"],
                                      r["target"]))
    return {
        "survey": _get(survey, "id"),
        "total": {**_rate(len(submitted & set(invited)), len(invited)),
                  "drafts": sum(1 for a in invited if states.get(a) == "draft")},
        "by_sector": [{"sector": s, **_rate(n[1], n[0])}
                      for s, n in sorted(by_sector.items(), key=lambda kv: sector_key(kv[0]))],
        "by_area": [{"area": s, **_rate(n[1], n[0])} for s, n in sorted(by_area.items())],
        "not_answered": not_answered,
        "one_sided": one_sided,
        "disagreements": disagreements,
    }
