"""Benchmark of the network analyses, with NetworkX's time from the same run beside ours.

    .venv/bin/python bench/analysis.py                    # 1,000 / 10,000 / 100,000 actors
    .venv/bin/python bench/analysis.py --sizes 1000,10000 --full-reference

A synthetic Zurich-like network: ``n`` actors (7 kinds), ``5 n`` ties (cooperation weighted
1..5, mostly within a Kreis, forum memberships, funding, information), 12 Kreise with 34
Quartiere, 8 topics. NetworkX's time for the slow references (exact betweenness, constraint and
effective size with ``nodes=``) is measured on a part and scaled up unless ``--full-reference``
is given; the table says which ("x n/k"). The cached repeat runs against a real SQLite store.

Prints one table: size, analysis, our seconds, NetworkX seconds, ratio (NetworkX / ours).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph.analysis import (  # noqa: E402
    CACHE,
    analysis_graph,
    betweenness,
    broker_scores,
    brokerage_roles,
    burt_measures,
    communities,
    isolated_actors,
)
from graph.analysis._kernels import kernel_name  # noqa: E402

KINDS = [("resident_group", 0.30), ("association", 0.25), ("institution", 0.15),
         ("private_provider", 0.12), ("city_unit", 0.08), ("department", 0.02),
         ("forum", 0.08)]
SECTOR = {"resident_group": "population", "association": "civil_society",
          "institution": "institution", "private_provider": "private",
          "city_unit": "administration", "department": "administration", "forum": None}
TOPICS = ["alter", "jugend", "integration", "wohnen", "gesundheit", "kultur", "sport", "umwelt"]


def synthetic(n: int, seed: int = 1) -> dict[str, list[dict[str, Any]]]:
    """A batch of ``n`` actors and ``5 n`` ties (as ``Store.apply`` takes it)."""
    rng = random.Random(seed)
    areas = [{"id": "stadt", "name": "Stadt Zürich", "level": "city"}]
    quartiere = []
    for k in range(1, 13):
        areas.append({"id": f"kreis-{k}", "name": f"Kreis {k}", "level": "kreis",
                      "parent": "stadt"})
        for q in range(3 if k <= 10 else 2):
            qid = f"q-{k}-{q}"
            quartiere.append((qid, f"kreis-{k}"))
            areas.append({"id": qid, "name": f"Quartier {k}.{q}", "level": "quartier",
                          "parent": f"kreis-{k}"})
    topics = [{"id": t, "name": t.capitalize()} for t in TOPICS]
    kinds, weights = zip(*KINDS, strict=True)
    actors = []
    by_kreis: dict[str, list[str]] = {}
    forums, units, others = [], [], []
    for i in range(n):
        kind = rng.choices(kinds, weights)[0]
        quartier, kreis = rng.choice(quartiere)
        aid = f"a{i:06d}"
        actors.append({"id": aid, "name": f"Akteur {i}", "kind": kind,
                       "areas": [quartier] if kind != "department" else ["stadt"],
                       "topics": rng.sample(TOPICS, rng.randint(1, 3))})
        if kind == "forum":
            forums.append(aid)
        else:
            by_kreis.setdefault(kreis, []).append(aid)
            (units if kind == "city_unit" else others).append(aid)
    everyone = units + others
    ties: dict[str, dict[str, Any]] = {}
    target = 5 * n
    members = int(target * 0.08)
    while len(ties) < target - members:
        kreis = rng.choice(list(by_kreis))
        local = by_kreis[kreis]
        a = rng.choice(local)
        b = rng.choice(local) if rng.random() < 0.8 else rng.choice(everyone)
        if a == b:
            continue
        kind = rng.choices(["cooperates_with", "funds", "informs"], [0.8, 0.08, 0.12])[0]
        if kind == "cooperates_with" and a > b:
            a, b = b, a
        key = f"{kind}:{a}:{b}"
        tie: dict[str, Any] = {"source": a, "target": b, "kind": kind,
                               "weight": rng.randint(1, 5)}
        if rng.random() < 0.05:
            tie["until"] = "2020-12-31"
        ties[key] = tie
    while members and len(ties) < target:
        a, f = rng.choice(everyone), rng.choice(forums)
        ties[f"member_of:{a}:{f}"] = {"source": a, "target": f, "kind": "member_of",
                                      "weight": rng.randint(1, 5)}
    return {"areas": areas, "topics": topics, "actors": actors, "ties": list(ties.values())}


def snapshot_of(batch: dict[str, list[dict[str, Any]]]) -> nx.MultiDiGraph:
    """The graph ``Store.snapshot()`` would return for ``batch`` (without a store)."""
    from datetime import date

    S = nx.MultiDiGraph(version=1, as_of=None)
    S.graph["areas"] = {a["id"]: {"parent": None, "covers": [], **a} for a in batch["areas"]}
    S.graph["topics"] = {t["id"]: t for t in batch["topics"]}
    for a in batch["actors"]:
        S.add_node(a["id"], **{k: v for k, v in a.items() if k != "id"},
                   sector=SECTOR[a["kind"]])
    for t in batch["ties"]:
        key = f"{t['kind']}:{t['source']}:{t['target']}"
        data = dict(t)
        if "until" in data:
            data["until"] = date.fromisoformat(data["until"])
        S.add_edge(t["source"], t["target"], key=key, id=key,
                   directed=t["kind"] != "cooperates_with", **data)
    return S


def timed(fn: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def nx_betweenness_time(G: nx.Graph, weighted: bool, full: bool, k: int) -> tuple[float, str]:
    """NetworkX's exact betweenness time: measured, or from k sources scaled by n/k."""
    if weighted:
        for _, _, d in G.edges(data=True):
            d["_length"] = 1.0 / d["weight"]
    weight = "_length" if weighted else None
    n = G.number_of_nodes()
    if full or k >= n:
        seconds, _ = timed(lambda: nx.betweenness_centrality(G, weight=weight))
        return seconds, "measured"
    seconds, _ = timed(lambda: nx.betweenness_centrality(G, k=k, weight=weight, seed=0))
    return seconds * n / k, f"x n/k, k={k}"


def nx_burt_time(G: nx.Graph, full: bool, k: int) -> tuple[float, str]:
    """NetworkX's constraint + effective size with nodes= (the path that is right weighted)."""
    nodes = list(G)
    if not full and k < len(nodes):
        nodes = random.Random(0).sample(nodes, k)
    seconds, _ = timed(lambda: (nx.constraint(G, nodes=nodes, weight="weight"),
                                nx.effective_size(G, nodes=nodes, weight="weight")))
    if len(nodes) == G.number_of_nodes():
        return seconds, "measured"
    return seconds * G.number_of_nodes() / len(nodes), f"x n/k, k={len(nodes)}"


def cached_repeat(n: int) -> tuple[float, float]:
    """First and repeated broker report through the version cache on a real SQLite store."""
    from graph.store.sqlite import SqliteStore

    with tempfile.TemporaryDirectory() as tmp:
        store = SqliteStore(Path(tmp) / "bench.db")
        store.init()
        store.apply(synthetic(n, seed=2))

        def call() -> Any:
            return CACHE.get_or_compute(
                store.version(), "brokers", {"bench": n},
                lambda: broker_scores(analysis_graph(store.snapshot()), top=20))

        CACHE.clear()
        first, _ = timed(call)
        again, _ = timed(call, repeat=5)
        store.close()
    return first, again


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--full-reference", action="store_true",
                        help="run NetworkX's slow references in full (10,000: about 15 min)")
    parser.add_argument("--no-reference", action="store_true",
                        help="skip NetworkX's references (quick run of our side only)")
    parser.add_argument("--samples", type=int, default=256)
    parser.add_argument("--cache-size", type=int, default=10_000,
                        help="actors in the SQLite store for the cached-repeat row")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    rows: list[list[str]] = []

    def row(n: int, m: int, what: str, ours: float, ref: float | None = None, note: str = "",
            goal: str = "") -> None:
        ratio = f"{ref / ours:,.0f}x" if ref else ""
        rows.append([f"{n:,} / {m:,}", what, f"{ours:.3f}", f"{ref:.2f}" if ref else "", ratio,
                     goal, note])
        print("  ".join(rows[-1]), file=sys.stderr, flush=True)

    for n in sizes:
        batch = synthetic(n)
        S = snapshot_of(batch)
        ties = len(batch["ties"])
        t_graph, G = timed(lambda S=S: analysis_graph(S))
        m = G.number_of_edges()
        row(n, ties, f"analysis graph ({m:,} edges)", t_graph)
        exact_ok = n <= 20_000
        k_ref = 1000 if n <= 1000 else (100 if n <= 20_000 else 4)
        for weighted in (False, True):
            label = "weighted" if weighted else "unweighted"
            if exact_ok:
                t, _ = timed(lambda w=weighted, G=G: betweenness(G, weight="weight" if w else None))
                ref, note = (None, "") if args.no_reference else \
                    nx_betweenness_time(G, weighted, args.full_reference, k_ref)
                row(n, ties, f"betweenness exact, {label}", t, ref, note)
            t, b = timed(lambda w=weighted, G=G: betweenness(
                G, weight="weight" if w else None, method="sampled", samples=args.samples))
            k_nx = min(args.samples, k_ref * 4, n)
            scaled = "" if k_nx == args.samples else f" (x {args.samples}/{k_nx})"
            ref = None
            if not args.no_reference:
                ref, _ = nx_betweenness_time(G, weighted, False, k_nx)
                ref = ref * args.samples / n if n > args.samples else ref
            row(n, ties, f"betweenness sampled k={args.samples}, {label}", t, ref,
                f"NetworkX k={args.samples}{scaled}; our max s.e. {b.max_error:.4f}")
        t, _ = timed(lambda G=G: burt_measures(G))
        ref, note = (None, "") if args.no_reference else \
            nx_burt_time(G, args.full_reference, 200 if n <= 1000 else 50)
        row(n, ties, "constraint + effective size", t, ref, note + " (nodes=)")
        t, _ = timed(lambda G=G: brokerage_roles(G))
        row(n, ties, "brokerage roles (Gould-Fernandez)", t)
        goal_exact = "< 1 s" if n <= 1000 else ("< 10 s" if n <= 10_000 else "")
        if exact_ok:
            t, _ = timed(lambda G=G: broker_scores(G, method="exact"))
            row(n, ties, "broker report, exact (all actors)", t, goal=goal_exact)
        t, rows_ = timed(lambda G=G: broker_scores(G, method="sampled", samples=args.samples))
        row(n, ties, f"broker report, sampled k={args.samples}", t,
            goal="< 1 s" if n <= 10_000 else "",
            note=f"max s.e. {max((r['betweenness_error'] for r in rows_), default=0):.2g}")
        if n > 10_000:
            row(n, ties, "same, with the analysis graph built first", t_graph + t, goal="< 30 s")
        t, _ = timed(lambda G=G: broker_scores(G, method="sampled", samples=args.samples, top=20))
        row(n, ties, "same, reasons for the top 20 only (CLI default)", t)
        t, _ = timed(lambda S=S: isolated_actors(S))
        row(n, ties, "isolated actors", t)
        t, _ = timed(lambda G=G: communities(G))
        row(n, ties, "communities (Louvain, NetworkX)", t)
    if args.cache_size:
        first, again = cached_repeat(args.cache_size)
        n = args.cache_size
        row(n, 5 * n, "broker report via SQLite, first call", first)
        row(n, 5 * n, "same, repeated (version cache)", again, goal="< 50 ms")

    headers = ["actors / ties", "analysis", "ours (s)", "NetworkX (s)", "ratio", "goal",
               "NetworkX note"]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    print(f"kernel: {kernel_name()}; machine load at end: {open('/proc/loadavg').read().split()[0]}")
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip())
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip())


if __name__ == "__main__":
    main()
