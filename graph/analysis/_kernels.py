"""Fast kernels for the broker measures: a small C library, with pure-Python fallbacks.

The C source (``_kernel.c`` beside this file) is compiled when the package is installed
(``setup.py``: a setuptools ``Extension``, built by ``pip install``) into a shared library beside
this file, and loaded with :mod:`ctypes`; nothing is compiled at run time. Where the library is
missing (a source tree without an install) the same measures run in pure Python
(:mod:`graph.analysis._kernels_python`: same formulas, 30-100 times slower) and one warning is
logged; ``QUARTIERNETZ_KERNEL=python`` chooses that on purpose (the tests use it as the
reference). :func:`kernel_name` says which one runs.

Both take an undirected graph as CSR arrays built by :func:`to_csr`: node ``i`` is the
``i``-th node of ``G`` (in ``G``'s order), arcs run both ways, self-loops are dropped.
"""

from __future__ import annotations

import ctypes
import gc
import importlib.machinery
import logging
import math
import os
import threading
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import networkx as nx

from graph import nxdicts
from graph.analysis._kernels_python import burt_python, dependencies_python

_lib: Any = None
_tried = False
_loading = threading.Lock()
log = logging.getLogger("quartiernetz")


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while building large graphs.

    Building a few million small dicts and sets triggers a collection every few thousand
    allocations, each walking every object alive: at 100,000 actors that doubled the time of
    the projection. Nothing built here forms reference cycles that need collecting.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass(frozen=True)
class CSR:
    """An undirected graph as arrays: ``indices[indptr[i]:indptr[i+1]]`` are i's neighbours."""

    nodes: list[Any]
    indptr: array  # int64, n + 1
    indices: array  # int32, 2 m
    weight: array  # float64, 2 m (1.0 where a tie has no weight)

    @property
    def n(self) -> int:
        return len(self.nodes)

    @cached_property
    def length(self) -> array:
        """Edge lengths ``1 / weight`` (computed once, for betweenness)."""
        return array("d", [1.0 / w for w in self.weight])


def to_csr(G: nx.Graph, weight: str | None = "weight") -> CSR:
    """CSR arrays of an undirected simple graph (self-loops dropped, weights as floats).

    Raises
    ------
    ValueError
        if a weight is not a positive finite number.
    """
    nodes = list(G)
    index = {v: i for i, v in enumerate(nodes)}
    at = index.__getitem__
    offsets = [0]
    targets: list[int] = []
    values: list[Any] = []
    adj = nxdicts.adjacency(G)  # no view object per row
    for v in nodes:
        row = adj[v]
        if v in row:
            row = {u: d for u, d in row.items() if u != v}
        targets.extend(map(at, row))
        if weight:
            values.extend([d.get(weight, 1.0) for d in row.values()])
        offsets.append(len(targets))
    if not weight:
        values = [1.0] * len(targets)
    try:
        weights = array("d", values)
    except TypeError:
        weights = array("d", map(float, values))
    if weights and not (min(weights) > 0 and math.isfinite(max(weights))
                        and not math.isnan(sum(weights))):
        bad = [w for w in weights if not (w > 0 and math.isfinite(w))]
        raise ValueError(f"a tie has weight {bad[0]!r}; weights must be positive numbers")
    indptr = array("q", offsets)
    indices = array("i", targets)
    return CSR(nodes, indptr, indices, weights)


def library_path() -> Path | None:
    """The shared library ``pip install`` built beside this file, or None."""
    here = Path(__file__).parent
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        candidate = here / f"_kernel{suffix}"
        if candidate.exists():
            return candidate
    return None


def _load() -> Any:
    """The compiled library, or None (not built, or ``QUARTIERNETZ_KERNEL=python``).

    Loaded once per process under a lock, so that concurrent first calls all get the library.
    """
    global _lib, _tried
    if _tried:
        return _lib
    with _loading:
        if _tried:
            return _lib
        _lib = _open()
        _tried = True
    return _lib


def _open() -> Any:
    if os.environ.get("QUARTIERNETZ_KERNEL", "").lower() == "python":
        return None
    target = library_path()
    try:
        if target is None:
            raise OSError("not built")
        lib = ctypes.CDLL(str(target))
    except OSError as exc:
        log.warning("Quartiernetz: C kernel not available (%s); the analyses run in pure Python, "
                    "30-100x slower. Reinstall the package with a C compiler (pip install .).", exc)
        return None
    p64, p32, pd = (ctypes.POINTER(ctypes.c_int64), ctypes.POINTER(ctypes.c_int32),
                    ctypes.POINTER(ctypes.c_double))
    lib.qn_betweenness.argtypes = [ctypes.c_int, p64, p32, pd, p32, ctypes.c_int, ctypes.c_int,
                                   ctypes.c_int, pd]
    lib.qn_betweenness.restype = ctypes.c_int
    lib.qn_burt.argtypes = [ctypes.c_int, p64, p32, pd, ctypes.c_int, pd, pd]
    lib.qn_burt.restype = ctypes.c_int
    lib.qn_roles.argtypes = [ctypes.c_int, p64, p32, p32, ctypes.c_int,
                             ctypes.POINTER(ctypes.c_int64)]
    lib.qn_roles.restype = ctypes.c_int
    lib.qn_droles.argtypes = [ctypes.c_int, p64, p32, p64, p32, p32, ctypes.c_int,
                              ctypes.POINTER(ctypes.c_int64)]
    lib.qn_droles.restype = ctypes.c_int
    lib.qn_bridges.argtypes = [ctypes.c_int, p64, p32, p32, ctypes.c_int, p32, p32, p32,
                               ctypes.c_int, p32, ctypes.c_int, p64, p64]
    lib.qn_bridges.restype = ctypes.c_int
    return lib


def kernel_name() -> str:
    """``"c"`` if the compiled kernel is in use, else ``"python"``."""
    return "c" if _load() is not None else "python"


def _threads() -> int:
    return max(1, min(os.cpu_count() or 1, int(os.environ.get("QUARTIERNETZ_THREADS", "0")) or 64))


def _ptr(buf: array, ctype: Any) -> Any:
    address, _ = buf.buffer_info()
    return ctypes.cast(address, ctypes.POINTER(ctype)) if len(buf) else None


def dependencies(csr: CSR, sources: list[int], *, weighted: bool, linear: bool = False
                 ) -> list[float]:
    """Brandes' dependency of every node, summed over ``sources`` (ordered pairs, raw).

    With ``weighted``, the length of a tie is ``1 / weight``; else every tie has length 1.
    With ``linear``, node ``v`` on a shortest ``s``-``t`` path gets only ``d(s,v) / d(s,t)`` of
    the pair's share (Geisberger, Sanders & Schultes 2008): twice the sum over all sources is
    the exact value, and estimates from a sample of sources vary much less.
    """
    if any(not 0 <= s < csr.n for s in sources):
        raise IndexError(f"source index outside 0..{csr.n - 1}")
    lengths = csr.length if weighted else None
    lib = _load()
    if lib is None:
        return dependencies_python(csr.indptr, csr.indices, sources, lengths, linear)
    out = array("d", bytes(8 * csr.n))
    src = array("i", sources)
    rc = lib.qn_betweenness(
        csr.n, _ptr(csr.indptr, ctypes.c_int64), _ptr(csr.indices, ctypes.c_int32),
        _ptr(lengths, ctypes.c_double) if lengths is not None else None,
        _ptr(src, ctypes.c_int32), len(src), int(linear), _threads(), _ptr(out, ctypes.c_double))
    if rc != 0:
        raise MemoryError("betweenness kernel ran out of memory")
    return out.tolist()


def burt(csr: CSR) -> tuple[list[float], list[float]]:
    """Burt's constraint and effective size of every node (NaN for nodes without ties)."""
    lib = _load()
    if lib is None:
        return burt_python(csr.indptr, csr.indices, csr.weight)
    constraint = array("d", bytes(8 * csr.n))
    esize = array("d", bytes(8 * csr.n))
    rc = lib.qn_burt(csr.n, _ptr(csr.indptr, ctypes.c_int64), _ptr(csr.indices, ctypes.c_int32),
                     _ptr(csr.weight, ctypes.c_double), _threads(),
                     _ptr(constraint, ctypes.c_double), _ptr(esize, ctypes.c_double))
    if rc != 0:
        raise MemoryError("Burt kernel ran out of memory")
    return constraint.tolist(), esize.tolist()


def roles(csr: CSR, groups: list[int]) -> list[tuple[int, ...]] | None:
    """Gould-Fernandez role counts per node (coordinator, itinerant, gatekeeper,
    representative, liaison) for integer group ids; None without the compiled kernel."""
    lib = _load()
    if lib is None:
        return None
    group = array("i", groups)
    out = array("q", bytes(8 * 5 * csr.n))
    rc = lib.qn_roles(csr.n, _ptr(csr.indptr, ctypes.c_int64), _ptr(csr.indices, ctypes.c_int32),
                      _ptr(group, ctypes.c_int32), max(groups, default=0) + 1,
                      _ptr(out, ctypes.c_int64))
    if rc != 0:
        raise MemoryError("roles kernel ran out of memory")
    flat = out.tolist()
    return [tuple(flat[5 * i:5 * i + 5]) for i in range(csr.n)]


def directed_roles(out: list[list[int]], inn: list[list[int]], groups: list[int]
                   ) -> list[tuple[int, ...]] | None:
    """Gould-Fernandez role counts per node on directed ties (out- and in-partners by node
    number), in :func:`roles`' order; None without the compiled kernel."""
    if _load() is None:
        return None

    def csr(rows: list[list[int]]) -> tuple[array, array]:
        ptr, flat = array("q", [0]), array("i")
        for row in rows:
            flat.extend(row)
            ptr.append(len(flat))
        return ptr, flat

    (op, ox), (ip, ix) = csr(out), csr(inn)
    return directed_roles_arrays(op, ox, ip, ix, groups)


def directed_roles_arrays(op: Any, ox: Any, ip: Any, ix: Any, groups: list[int]
                          ) -> list[tuple[int, ...]] | None:
    """:func:`directed_roles` on out- and in-partners already in CSR form (``op``/``ip``
    int64 offsets, ``ox``/``ix`` the partners' numbers, as ``array`` or NumPy arrays)."""
    lib = _load()
    if lib is None:
        return None
    n = len(groups)
    op, ip = array("q", bytes(memoryview(op).cast("B"))), array("q", bytes(memoryview(ip).cast("B")))
    ox = array("i", bytes(memoryview(_int32(ox)).cast("B")))
    ix = array("i", bytes(memoryview(_int32(ix)).cast("B")))
    if len(op) != n + 1 or len(ip) != n + 1:
        raise ValueError("offsets must have one entry per node and one more")
    group = array("i", groups)
    counts = array("q", bytes(8 * 5 * n))
    rc = lib.qn_droles(n, _ptr(op, ctypes.c_int64), _ptr(ox, ctypes.c_int32),
                       _ptr(ip, ctypes.c_int64), _ptr(ix, ctypes.c_int32),
                       _ptr(group, ctypes.c_int32), max(groups, default=0) + 1,
                       _ptr(counts, ctypes.c_int64))
    if rc != 0:
        raise MemoryError("directed roles kernel ran out of memory")
    flat = counts.tolist()
    return [tuple(flat[5 * i:5 * i + 5]) for i in range(n)]


def _int32(values: Any) -> Any:
    """``values`` as 4-byte integers (an ``array("i")`` as it is; a NumPy array converted)."""
    if isinstance(values, array):
        return values
    return values.astype("int32", copy=False)


def bridges(csr: CSR, groups: list[int], keyrank: list[int], strrank: list[int],
            kinds: list[int], nkinds: int, which: list[int]
            ) -> tuple[list[int], list[int]] | None:
    """Per node in ``which``: the pair of groups it bridges most (see ``qn_bridges`` in
    ``_kernel.c``), as 5 ints per node, and the kinds of the partners on each side, as
    ``2 * nkinds`` ints per node; None without the compiled kernel."""
    lib = _load()
    if lib is None:
        return None
    group = array("i", groups)
    kind = array("i", kinds)
    nodes = array("i", which)
    keys = array("i", keyrank)  # kept in locals: the pointers below do not hold the arrays
    names = array("i", strrank)
    best = array("q", bytes(8 * 5 * len(which)))
    counts = array("q", bytes(8 * 2 * nkinds * len(which)))
    rc = lib.qn_bridges(csr.n, _ptr(csr.indptr, ctypes.c_int64), _ptr(csr.indices, ctypes.c_int32),
                        _ptr(group, ctypes.c_int32), len(keyrank),
                        _ptr(keys, ctypes.c_int32), _ptr(names, ctypes.c_int32),
                        _ptr(kind, ctypes.c_int32),
                        nkinds, _ptr(nodes, ctypes.c_int32), len(nodes),
                        _ptr(best, ctypes.c_int64), _ptr(counts, ctypes.c_int64))
    if rc != 0:
        raise MemoryError("bridges kernel ran out of memory")
    return best.tolist(), counts.tolist()
