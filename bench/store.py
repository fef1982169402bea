"""Store benchmark: upsert a synthetic 10,000 actors + 50,000 ties, then take a snapshot.

Runs on both stores (SQLite in a temp file; the Bolt store against NEO4J_URI if set, else the
ArcadeDB stand-in started here) and prints a table with the ratio of each store to SQLite and of
the snapshot to the reference: plain NetworkX building the same MultiDiGraph from in-memory rows.

    .venv/bin/python bench/store.py [--actors 10000] [--ties 50000] [--skip-bolt]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph.store.sqlite import SqliteStore  # noqa: E402

KINDS = ["resident_group", "association", "institution", "private_provider", "city_unit",
         "department", "forum"]


def synthetic(n_actors: int, n_ties: int, seed: int = 7) -> dict[str, list[dict]]:
    rng = random.Random(seed)
    areas = [{"id": "stadt", "name": "Stadt", "level": "city"}]
    areas += [{"id": f"kreis-{k}", "name": f"Kreis {k}", "level": "kreis", "parent": "stadt"}
              for k in range(1, 13)]
    areas += [{"id": f"q-{k}-{q}", "name": f"Quartier {k}.{q}", "level": "quartier",
               "parent": f"kreis-{k}"} for k in range(1, 13) for q in range(1, 4)]
    quartiere = [a["id"] for a in areas if a["level"] == "quartier"]
    topics = [{"id": f"thema-{t}", "name": f"Thema {t}"} for t in range(20)]
    actors = []
    for i in range(n_actors):
        kind = rng.choices(KINDS, weights=[30, 30, 15, 10, 8, 1, 6])[0]
        actors.append({"id": f"a{i:06d}", "name": f"Akteur {i} Zürich", "kind": kind,
                       "areas": rng.sample(quartiere, rng.randint(1, 2)),
                       "topics": [t["id"] for t in rng.sample(topics, rng.randint(0, 3))],
                       "description": "synthetisch", "tags": ["bench"]})
    forums = [a["id"] for a in actors if a["kind"] == "forum"]
    non_forum = [a["id"] for a in actors if a["kind"] != "forum"]
    ties, seen = [], set()
    while len(ties) < n_ties:
        if rng.random() < 0.15 and forums:
            s, t, kind = rng.choice(non_forum), rng.choice(forums), "member_of"
        else:
            s, t = rng.sample(non_forum, 2)
            kind = rng.choice(["cooperates_with", "cooperates_with", "funds", "informs"])
        key = (kind, *sorted((s, t))) if kind == "cooperates_with" else (kind, s, t)
        if key in seen:
            continue
        seen.add(key)
        ties.append({"source": s, "target": t, "kind": kind, "weight": rng.randint(1, 5),
                     "since": f"20{rng.randint(10, 24)}-0{rng.randint(1, 9)}-01"})
    return {"areas": areas, "topics": topics, "actors": actors, "ties": ties}


def reference_snapshot(batch: dict[str, list[dict]]) -> float:
    """Plain NetworkX: build the same MultiDiGraph from rows already in memory."""
    start = time.perf_counter()
    g = nx.MultiDiGraph()
    for a in batch["actors"]:
        g.add_node(a["id"], **a)
    for t in batch["ties"]:
        g.add_edge(t["source"], t["target"], key=f'{t["kind"]}:{t["source"]}:{t["target"]}', **t)
    return time.perf_counter() - start


def measure(store, batch) -> dict[str, float]:
    start = time.perf_counter()
    store.apply(batch)
    upsert = time.perf_counter() - start
    start = time.perf_counter()
    store.apply(batch)
    again = time.perf_counter() - start
    start = time.perf_counter()
    graph = store.snapshot()
    snap = time.perf_counter() - start
    assert graph.number_of_nodes() == len(batch["actors"])
    assert graph.number_of_edges() == len(batch["ties"])
    return {"upsert": upsert, "upsert unchanged": again, "snapshot": snap}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--actors", type=int, default=10_000)
    parser.add_argument("--ties", type=int, default=50_000)
    parser.add_argument("--skip-bolt", action="store_true")
    args = parser.parse_args()
    batch = synthetic(args.actors, args.ties)
    ref = reference_snapshot(batch)
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        with SqliteStore(Path(tmp) / "bench.db") as store:
            results["sqlite"] = measure(store, batch)
    if not args.skip_bolt:
        from graph.store.neo4j import Neo4jStore

        if os.environ.get("NEO4J_URI"):
            store = Neo4jStore(os.environ["NEO4J_URI"], os.environ.get("NEO4J_USER", "neo4j"),
                               os.environ.get("NEO4J_PASSWORD", "neo4j"),
                               database=os.environ.get("NEO4J_DATABASE"))
            store.wipe()
            label = "neo4j"
            server = None
        else:
            from tests.bolt_server import BoltServer

            server = BoltServer()
            server.start()
            server.create_database("bench")
            store = Neo4jStore(server.uri, server.user, server.password, database="bench")
            label = "bolt (ArcadeDB)"
        try:
            results[label] = measure(store, batch)
        finally:
            store.close()
            if server:
                server.stop()
    print(f"{args.actors:,} actors + {args.ties:,} ties; reference: plain NetworkX builds the "
          f"same MultiDiGraph from memory in {ref:.2f} s")
    print(f"{'store':<18}{'upsert s':>10}{'unchanged s':>13}{'snapshot s':>12}"
          f"{'upsert / sqlite':>17}{'snapshot / nx':>15}")
    base = results["sqlite"]
    for name, r in results.items():
        print(f"{name:<18}{r['upsert']:>10.2f}{r['upsert unchanged']:>13.2f}{r['snapshot']:>12.2f}"
              f"{r['upsert'] / base['upsert']:>16.1f}x{r['snapshot'] / ref:>14.1f}x")


if __name__ == "__main__":
    main()
