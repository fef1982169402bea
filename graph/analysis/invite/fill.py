"""The greedy choice of seats (Nemhauser, Wolsey & Fisher 1978) and the state of a table.

**Objective** of a table ``T`` (a weighted maximum coverage): the relevance of its seats plus the
number of relevant actors it reaches (seated, or one current tie away from a seat)::

    f(T) = sum(r(v) for v in T) + |P ∩ N[T]|

``f`` is monotone and submodular, so choosing one seat at a time by the largest gain in ``f``
reaches at least ``1 - 1/e`` (63 %) of the best table of the same size. Every phase seats with
:meth:`Greedy.best` within what it may choose; :func:`fill_free` is the last phase, for which the
guarantee holds given the seats before it. :func:`brute_force_best` is the check on small pools.

References
----------
.. [1] G. L. Nemhauser, L. A. Wolsey and M. L. Fisher, "An analysis of approximations for
   maximizing submodular set functions - I", Math. Programming 14, 265-294 (1978).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from itertools import combinations
from typing import Any

from graph.analysis.invite.relevance import Scope

GREEDY_BOUND = 1 - 1 / math.e


def table_value(ids: Iterable[str], relevance: dict[str, float], cover: dict[str, frozenset[str]]) -> float:
    """The objective of a table: its seats' relevance plus the number of relevant actors reached.

    Examples
    --------
    >>> table_value(["a"], {"a": 1.5, "b": 1.0}, {"a": frozenset("ab"), "b": frozenset("b")})
    3.5
    """
    seated = list(ids)
    reached: set[str] = set()
    for v in seated:
        reached |= cover[v]
    return sum(relevance[v] for v in seated) + len(reached)


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


class Greedy:
    """State of the greedy choice: seats, how often each relevant actor is reached."""

    def __init__(self, relevance: dict[str, float], cover: dict[str, frozenset[str]]) -> None:
        self.relevance = relevance
        self.cover = cover
        self.seated: list[str] = []
        self.count: dict[str, int] = {}

    def gain(self, c: str) -> float:
        """What seating ``c`` adds to the objective."""
        return self.relevance[c] + sum(1 for u in self.cover[c] if not self.count.get(u))

    def new(self, c: str) -> list[str]:
        """The relevant actors ``c`` would reach that no seat reaches yet."""
        return sorted(u for u in self.cover[c] if not self.count.get(u))

    def add(self, c: str) -> None:
        self.seated.append(c)
        for u in self.cover[c]:
            self.count[u] = self.count.get(u, 0) + 1

    def remove(self, c: str) -> None:
        """Forget what ``c`` reaches (its seat stays in ``seated``; :meth:`restore` undoes it)."""
        for u in self.cover[c]:
            self.count[u] -= 1

    def restore(self, c: str) -> None:
        for u in self.cover[c]:
            self.count[u] = self.count.get(u, 0) + 1

    def best(self, eligible: Iterable[str], key_extra: Callable[[str], float] | None = None) -> str | None:
        """The unseated candidate of ``eligible`` with the largest gain (first by ``key_extra``),
        ties broken by relevance, then id; None if there is none."""
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


class Seating:
    """A table being filled: the greedy state, and per seat its slot, its gain and extra reasons.

    ``slot[v]`` is ``(kind, detail)``: ``("must", None)``, ``("requirement", text)``,
    ``("bridge", [isolated actors it brings])`` or ``("free", None)``. ``gains[v]`` is
    ``(gain, relevant actors newly reached, relevant actors reached)`` when ``v`` was seated.
    """

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.greedy = Greedy(scope.relevance, scope.cover)
        self.why: dict[str, list[dict[str, Any]]] = {v: [] for v in scope.relevance}
        self.slot: dict[str, tuple[str, Any]] = {}
        self.gains: dict[str, tuple[float, int, int]] = {}

    @property
    def seated(self) -> list[str]:
        return self.greedy.seated

    def seat(self, v: str, kind: str, detail: Any = None) -> None:
        g = self.greedy
        self.gains[v] = (g.gain(v), len(g.new(v)), len(self.scope.cover[v]))
        g.add(v)
        self.slot[v] = (kind, detail)


def fill_free(seating: Seating, seats: int) -> None:
    """The remaining seats, each to the candidate with the largest gain (none without a gain)."""
    greedy = seating.greedy
    while len(greedy.seated) < seats:
        pick = greedy.best(seating.scope.candidates)
        if pick is None or greedy.gain(pick) <= 0:
            break
        seating.seat(pick, "free")
