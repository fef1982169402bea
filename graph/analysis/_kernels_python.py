"""The pure-Python fallbacks of the kernels in :mod:`graph.analysis._kernels`: the same
formulas, the same floating-point expressions as the C library (``_kernel.c``), 30-100 times
slower. They run where the compiled library is missing, or with ``QUARTIERNETZ_KERNEL=python``
(the tests' reference).

Both read an undirected graph as the CSR arrays of :class:`~graph.analysis._kernels.CSR`
(``indices[indptr[i]:indptr[i+1]]`` are i's neighbours, arcs both ways, no self-loops).
"""

from __future__ import annotations

import heapq
import math
from array import array


def dependencies_python(ip: array, ix: array, sources: list[int], lengths: array | None,
                        linear: bool = False) -> list[float]:
    """:func:`~graph.analysis._kernels.dependencies` in pure Python, on the CSR arrays
    ``ip`` (indptr), ``ix`` (indices) and ``lengths`` (None: every tie has length 1)."""
    n = len(ip) - 1
    out = [0.0] * n
    for s in sources:
        dist: dict[int, float] = {s: 0.0}
        sigma: dict[int, float] = {s: 1.0}
        order: list[int] = []
        if lengths is None:
            queue = [s]
            for v in queue:
                order.append(v)
                dv = dist[v] + 1.0
                for e in range(ip[v], ip[v + 1]):
                    w = ix[e]
                    if w not in dist:
                        dist[w] = dv
                        sigma[w] = 0.0
                        queue.append(w)
                    if dist[w] == dv:
                        sigma[w] += sigma[v]
        else:
            done: set[int] = set()
            heap = [(0.0, s)]
            while heap:
                d, v = heapq.heappop(heap)
                if v in done or d != dist[v]:
                    continue
                done.add(v)
                order.append(v)
                for e in range(ip[v], ip[v + 1]):
                    w = ix[e]
                    if w in done:
                        continue
                    vw = d + lengths[e]
                    if w not in dist or vw < dist[w]:
                        dist[w] = vw
                        sigma[w] = sigma[v]
                        heapq.heappush(heap, (vw, w))
                    elif vw == dist[w]:
                        sigma[w] += sigma[v]
        delta = dict.fromkeys(order, 0.0)
        for w in reversed(order):
            dw = dist[w]
            if linear:
                coeff, reach = 1.0 / sigma[w], (1.0 / dw if dw else 0.0)
            else:
                coeff = (1.0 + delta[w]) / sigma[w]
            for e in range(ip[w], ip[w + 1]):
                v = ix[e]
                if v not in dist:
                    continue
                if dist[v] + (1.0 if lengths is None else lengths[e]) == dw:
                    if linear:  # delta: sum of sigma_st(v) / sigma_st / d(s,t)
                        delta[v] += sigma[v] * coeff * (reach + delta[w])
                    else:
                        delta[v] += sigma[v] * coeff
            if w != s:
                out[w] += dw * delta[w] if linear else delta[w]
    return out


def burt_python(ip: array, ix: array, wt: array) -> tuple[list[float], list[float]]:
    """:func:`~graph.analysis._kernels.burt` in pure Python, on the CSR arrays ``ip`` (indptr),
    ``ix`` (indices) and ``wt`` (weights)."""
    n = len(ip) - 1
    strength = [sum(wt[ip[i]:ip[i + 1]]) for i in range(n)]
    strongest = [max(wt[ip[i]:ip[i + 1]], default=0.0) for i in range(n)]
    constraint = [math.nan] * n
    esize = [math.nan] * n
    for i in range(n):
        if ip[i] == ip[i + 1]:
            continue
        p = {ix[e]: wt[e] / strength[i] for e in range(ip[i], ip[i + 1])}
        c = es = 0.0
        for e in range(ip[i], ip[i + 1]):
            j = ix[e]
            indirect = redundancy = 0.0
            for f in range(ip[j], ip[j + 1]):
                q = ix[f]
                pq = p.get(q)
                if pq is None or q == i:
                    continue
                indirect += pq * (wt[f] / strength[q])
                redundancy += pq * (wt[f] / strongest[j])
            local = p[j] + indirect
            c += local * local
            es += 1.0 - redundancy
        constraint[i] = c
        esize[i] = es
    return constraint, esize
