"""Benchmark of the view files, with pyvis's own ``Network.from_nx`` + ``write_html`` beside it.

    .venv/bin/python bench/views.py                       # 1,000 and 10,000 nodes
    .venv/bin/python bench/views.py --sizes 10000 --no-reference
    .venv/bin/python bench/views.py --sizes 10000 --spring  # also time nx.spring_layout

The synthetic network of ``bench/analysis.py`` with forums kept as nodes, so that ``n`` actors
give an ``n``-node graph (about ``5 n`` ties). Brokers (sampled betweenness) and isolated actors
are computed once, outside the timing: the view file is what is timed, layout included.
pyvis's reference gets the same graph with the same tooltips (``title``), sizes and colours as
node attributes, and writes with ``cdn_resources="in_line"``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from analysis import snapshot_of, synthetic  # noqa: E402

from api.views import KIND_COLOURS, network_view  # noqa: E402
from graph.analysis import analysis_graph, broker_scores, isolated_actors  # noqa: E402
from graph.analysis.layout import PHYSICS_LIMIT, layout  # noqa: E402


def pyvis_reference(G: nx.Graph, folder: Path) -> tuple[float, float]:
    """Seconds for pyvis's ``from_nx`` and for its ``write_html`` on a copy of ``G``."""
    from pyvis.network import Network

    H = nx.Graph()
    for v, d in G.nodes(data=True):
        H.add_node(v, label=str(d.get("name", v)), title=str(d.get("name", v)),
                   color=KIND_COLOURS.get(d.get("kind"), "#BBBBBB"), size=10)
    H.add_edges_from((u, v, {"weight": d.get("weight", 1.0)}) for u, v, d in G.edges(data=True))
    net = Network(height="800px", width="100%", cdn_resources="in_line")
    t0 = time.perf_counter()
    net.from_nx(H)
    from_nx = time.perf_counter() - t0
    here = os.getcwd()
    os.chdir(folder)  # pyvis writes a lib/ folder beside the file in some modes
    try:
        t0 = time.perf_counter()
        net.write_html(str(folder / "pyvis.html"))
        write = time.perf_counter() - t0
    finally:
        os.chdir(here)
    return from_nx, write


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--no-reference", action="store_true", help="skip pyvis's from_nx")
    parser.add_argument("--spring", action="store_true", help="also time nx.spring_layout")
    args = parser.parse_args()
    headers = ["nodes / edges", "view file s", "of it layout s", "MB", "physics",
               "pyvis from_nx + write_html s", "ratio", "nx.spring_layout s", "goal"]
    widths = [max(len(h), 16) for h in headers]
    widths[0] = widths[5] = 28

    def line(cells: list[str]) -> None:  # a row as soon as it is measured
        print("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip(), flush=True)

    line(headers)
    line(["-" * w for w in widths])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for n in (int(s) for s in args.sizes.split(",")):
            S = snapshot_of(synthetic(n))
            G = analysis_graph(S, keep_forums=True)
            brokers = broker_scores(G, method="sampled", samples=64)
            isolated = isolated_actors(S)
            t0 = time.perf_counter()
            layout(G)
            lay = time.perf_counter() - t0
            t0 = time.perf_counter()
            page = network_view(G, brokers=brokers, isolated=isolated)
            (folder / "ours.html").write_text(page, "utf-8")
            ours = time.perf_counter() - t0
            size = (folder / "ours.html").stat().st_size / 1e6
            ref = "-"
            ratio = ""
            if not args.no_reference:
                from_nx, write = pyvis_reference(G, folder)
                ref = f"{from_nx:.2f} + {write:.2f}"
                ratio = f"{(from_nx + write) / ours:.0f}x"
            spring = "-"
            if args.spring:
                t0 = time.perf_counter()
                nx.spring_layout(G, seed=0)
                spring = f"{time.perf_counter() - t0:.1f}"
            physics = "on, stops" if G.number_of_nodes() <= PHYSICS_LIMIT else "off"
            goal = "" if n < 10000 else ("< 2 s ok" if ours < 2 else "< 2 s MISSED")
            line([f"{G.number_of_nodes():,} / {G.number_of_edges():,}", f"{ours:.2f}",
                  f"{lay:.2f}", f"{size:.1f}", physics, ref, ratio, spring, goal])


if __name__ == "__main__":
    main()
