"""Analyses for the API: off the event loop, cached by the store's version, computed once.

- Every analysis runs in a worker thread, so the event loop keeps answering other requests.
- Results are kept under ``(store version, analysis, options)``: a repeated question with no
  write in between is answered from memory; the first write makes every entry stale.
- Concurrent requests for the same analysis share one computation (single flight): the second
  request awaits the first one's result instead of starting its own. The snapshot and the
  prepared invitation network are shared the same way between different analyses.
- A computation that takes longer than ``query_timeout`` answers 503; it finishes in the
  background and its result is kept for the next request.
- ``raw=True`` keeps the answer as the JSON bytes the route sends (:mod:`api.responses`): no
  second pass over a large answer (an ego network of a hub is up to 0.5 MB) per request.
- An account limited to its areas for reading (``read_scoped``) gets analyses of the part of
  the network it may read: ``snapshot``, ``around`` and ``network`` take the account's
  :class:`~api.auth.Scope` and give, for a limited one, the actors whose areas meet it and the
  ties among them (a graph of its own, cached as a shared input keyed by the scope). Actors
  outside are unknown to every analysis (an id of one is a 404 like any unknown id), and the
  scope is part of every cache key, so two accounts with different scopes never share an answer.
"""

from __future__ import annotations

import asyncio
import gc
import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import date, datetime
from typing import Any, TypeVar

import anyio
import networkx as nx

from api.auth import Scope
from api.deps import run_with_timeout
from api.errors import QueryTimeoutError
from api.responses import dumps
from graph import nxdicts
from graph.analysis.cache import AnalysisCache
from graph.analysis.invite import Network, prepare
from graph.errors import QuartiernetzError
from graph.store import Store
from graph.words import worded

T = TypeVar("T")

#: Set by ``quartiernetz serve`` (:func:`api.cli.serve.served_app`): after a snapshot or prepared
#: network is built, move the process's objects out of the cyclic GC's reach (see
#: :func:`_keep_out_of_gc`). Off in tests and scripts, which make many small networks.
FREEZE_GC = False

#: How many shared inputs (snapshots, prepared networks, also those cut to a scope) are kept.
SHARED_INPUTS = 8

#: ``scope=None`` (the default) means city-wide, as for an account that reads everything.
AnyScope = Scope | None


def scope_key(scope: AnyScope) -> tuple[str, ...] | None:
    """What a scope adds to a cache key: the sorted area ids, or None for city-wide."""
    if scope is None or scope.areas is None:
        return None
    return tuple(sorted(scope.areas))


class Analyses:
    """One per app: the cache, the computations in flight, and the shared inputs."""

    def __init__(self, store: Store, timeout: float, size: int = 2048) -> None:
        self.store = store
        self.timeout = timeout
        self.size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        #: snapshots and prepared networks: few, large and shared, never pushed out by results
        self._inputs: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._key_locks: dict[Hashable, threading.Lock] = {}
        self._flights: dict[Hashable, asyncio.Future[Any]] = {}
        self.computed = 0  # how many computations ran (for tests and the benchmark)

    # -- the synchronous memo (threads) -------------------------------------------------------
    def memo(self, version: int, name: str, options: dict[str, Any], compute: Callable[[], T],
             *, shared: bool = False) -> T:
        """The value for the key, computed at most once even when threads ask together.

        ``shared`` values (snapshots, prepared networks) are kept apart from the results, a few
        per version, so that many small results cannot push them out.
        """
        key = AnalysisCache.key(version, name, options)
        items, size = (self._inputs, SHARED_INPUTS) if shared else (self._items, self.size)
        with self._lock:
            if key in items:
                items.move_to_end(key)
                return items[key]  # type: ignore[no-any-return]
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        with key_lock:
            with self._lock:
                if key in items:
                    return items[key]  # type: ignore[no-any-return]
            value = compute()
            with self._lock:
                self.computed += 1
                stale = [k for k in items if k[0] != version]  # type: ignore[index]
                for old in stale:
                    del items[old]
                items[key] = value
                while len(items) > size:
                    items.popitem(last=False)
                self._key_locks.pop(key, None)
            if shared and FREEZE_GC:
                _keep_out_of_gc(collect=bool(stale))
        return value

    def peek(self, version: int, name: str, options: dict[str, Any]) -> tuple[bool, Any]:
        key = AnalysisCache.key(version, name, options)
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return True, self._items[key]
        return False, None

    # -- shared inputs ---------------------------------------------------------------------
    def snapshot(self, version: int, as_of: date | None = None,
                 scope: AnyScope = None, *, with_survey: bool = False) -> nx.MultiDiGraph:
        """The store's snapshot; for a limited ``scope`` only the actors whose areas meet it and
        the ties among them (a graph of its own sharing the snapshot's attribute dicts).
        ``with_survey``: with the survey answers not yet reconciled as ties
        (:meth:`Store.snapshot`), made afresh (answers do not change the store's version)."""
        if with_survey:
            fresh = self.store.snapshot(as_of, with_survey=True)
            areas = scope_key(scope)
            return fresh if areas is None else scoped(fresh, frozenset(areas))
        whole = self.memo(version, "snapshot", {"as_of": as_of},
                          lambda: self.store.snapshot(as_of), shared=True)
        areas = scope_key(scope)
        if areas is None:
            return whole
        return self.memo(version, "snapshot", {"as_of": as_of, "scope": areas},
                         lambda: scoped(whole, frozenset(areas)), shared=True)

    def around(self, version: int, actor: str, hops: int, as_of: date | None = None,
               scope: AnyScope = None, *, with_survey: bool = False) -> nx.MultiDiGraph:
        """The snapshot cut down to the actors within ``hops`` ties of ``actor`` (either direction,
        any kind or date) and the ties among them: everything an ego network of at most ``hops``
        can reach, so :func:`~graph.analysis.ego_network` gives the same answer on it without
        walking every tie of the city.

        A graph of its own (not a subgraph view: walking a filtered view cost a third of an
        ego network), whose node and tie attribute dicts are the snapshot's own: read it only.
        With a limited ``scope``, the walk stays inside the scope's part of the network.
        """
        S = self.snapshot(version, as_of, scope, with_survey=with_survey)
        if actor not in S:
            return S
        seen = {actor}
        frontier = [actor]
        succ, pred = S.succ, S.pred
        for _ in range(hops):
            nxt = []
            for v in frontier:
                for u in (*succ[v], *pred[v]):
                    if u not in seen:
                        seen.add(u)
                        nxt.append(u)
            frontier = nxt
        return _induced(S, seen)

    def network(self, version: int, as_of: date | None, scope: AnyScope = None) -> Network:
        """The invitation network (:func:`~graph.analysis.invite.prepare`), of the scope's part
        of the network for a limited ``scope``: built once for every language (the answers are
        put in words after it, :func:`spoken`)."""
        day = as_of or date.today()
        return self.memo(version, "invite_network", {"as_of": day, "scope": scope_key(scope)},
                         lambda: prepare(self.snapshot(version, scope=scope), as_of=day),
                         shared=True)

    # -- the async entry point -------------------------------------------------------------
    async def get(self, name: str, options: dict[str, Any],
                  compute: Callable[[int], Any], *, scope: AnyScope = None, raw: bool = False,
                  fresh: bool = False) -> Any:
        """``compute(version)`` for the current store version, cached and single-flight;
        with ``raw`` as the JSON bytes of the answer.

        ``scope`` (the account's read scope, which ``compute`` must hand to :meth:`snapshot`,
        :meth:`around` or :meth:`network`) is part of the cache key; for a limited scope an
        answer that is one JSON object also says so in a top-level ``scope`` field (the areas
        the account is limited to). ``fresh``: computed now, never from or into the cache (an
        analysis with survey answers: they do not change the store's version).
        """
        if raw:
            name += "/json"  # bytes, kept apart from the same answer as a value
        options = {**options, "scope": scope_key(scope)}
        if scope_key(scope) is not None:
            compute = _marked(compute, scope)  # type: ignore[arg-type]
        version = await run_with_timeout(self.timeout, self.store.version)
        if fresh:
            finish_now = _json if raw else clean
            return await run_with_timeout(self.timeout, lambda: finish_now(compute(version)))
        hit, value = self.peek(version, name, options)
        if hit:
            return value  # type: ignore[no-any-return]
        key = AnalysisCache.key(version, name, options)
        flight = self._flights.get(key)
        if flight is None:
            finish = _json if raw else clean
            work = anyio.to_thread.run_sync(
                lambda: self.memo(version, name, options, lambda: finish(compute(version))),
                abandon_on_cancel=True)
            flight = asyncio.ensure_future(work)
            self._flights[key] = flight
            flight.add_done_callback(lambda done: self._landed(key, done))
        try:
            return await asyncio.wait_for(asyncio.shield(flight), self.timeout)  # type: ignore[no-any-return]
        except TimeoutError:
            raise QueryTimeoutError(seconds=f"{self.timeout:g}") from None

    def _landed(self, key: Hashable, done: asyncio.Future[Any]) -> None:
        self._flights.pop(key, None)
        if not done.cancelled():
            done.exception()  # retrieved: nobody may be waiting any more


def _keep_out_of_gc(*, collect: bool) -> None:
    """Move everything alive (the new snapshot or prepared network above all) out of the cyclic
    garbage collector's reach: a full collection walked the cached graphs (0.4 s at 10,000
    actors) in the middle of whatever request happened to trigger it. Old snapshots hold
    reference cycles, so when they were just dropped, collect them first."""
    if collect:
        gc.unfreeze()
        gc.collect()
    gc.freeze()


def scoped(S: nx.MultiDiGraph, areas: frozenset[str]) -> nx.MultiDiGraph:
    """The part of ``S`` a read-scoped account reads: the actors active in ``areas`` (sub-areas
    included) and the ties among them."""
    return _induced(S, _in_scope(S, areas))


def _in_scope(S: nx.MultiDiGraph, areas: frozenset[str]) -> set[str]:
    """The actors of ``S`` active in at least one of ``areas``."""
    return {v for v, data in S.nodes(data=True) if areas.intersection(data.get("areas") or ())}


def spoken(lang: str, compute: Callable[[int], Any]) -> Callable[[int], Any]:
    """``compute``, its answer put in words in ``lang`` (:func:`graph.words.worded`: every
    message becomes a sentence, its code and parameters kept beside it); an input error it
    raises speaks ``lang`` too. The analysis itself, and the network it runs on, know no
    language: cached once, they serve every language."""

    def run(version: int) -> Any:
        try:
            return worded(compute(version), lang)
        except QuartiernetzError as exc:
            exc.lang = exc.lang or lang
            raise

    return run


def _marked(compute: Callable[[int], Any], scope: Scope) -> Callable[[int], Any]:
    """``compute`` whose answer, if it is one JSON object, carries ``scope``: the areas it was
    computed on (the account's own, as named on the account)."""
    def marked(version: int) -> Any:
        value = compute(version)
        if hasattr(value, "to_dict"):
            value = value.to_dict()
        if isinstance(value, dict):
            value = {**value, "scope": list(scope.named)}
        return value

    return marked


def _induced(S: nx.MultiDiGraph, nodes: set[Any]) -> nx.MultiDiGraph:
    """The nodes and the ties among them, as a MultiDiGraph that shares the attribute dicts and
    key dicts of ``S`` (built in a few ms where ``S.subgraph(nodes).copy()`` takes tens)."""
    G = nx.MultiDiGraph(**S.graph)
    node, succ, pred = nxdicts.nodes(G), nxdicts.successors(G), nxdicts.predecessors(G)
    source_nodes, source_succ = nxdicts.nodes(S), nxdicts.successors(S)
    for v in nodes:
        node[v] = source_nodes[v]
        succ[v] = {}
        pred[v] = {}
    for v in nodes:
        out = succ[v]
        for u, keys in source_succ[v].items():
            if u in nodes:
                out[u] = keys
                pred[u][v] = keys
    return G


def _json(value: Any) -> bytes:
    """The JSON bytes :func:`clean` and the route's serialiser would give, in one pass: orjson
    writes NaN and infinity as null and dates as ISO text; sets, dataclasses and ``to_dict``
    objects go through :func:`clean` (a dataclass's ``to_dict`` says what it shows)."""
    return dumps(value, default=clean, dataclasses=False)


def clean(value: Any) -> Any:
    """JSON-ready: NaN and infinity become None, dates ISO strings, tuples and sets lists."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [clean(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if isinstance(value, datetime | date):
        return value.isoformat()
    if hasattr(value, "to_dict"):
        return clean(value.to_dict())
    return value
