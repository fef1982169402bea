"""Small snapshots for the view tests: hostile names, names in many scripts, a synthetic network."""

from __future__ import annotations

import json
import random
import re
from datetime import date
from typing import Any

import networkx as nx

from graph.model import ActorKind

KINDS = [k.value for k in ActorKind if k is not ActorKind.forum]

#: 20 names and descriptions a careless page would run as code (pyvis's template does).
HOSTILE = [
    "<script>alert('name')</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(2)>",
    '"><script>alert(document.domain)</script>',
    "</script><script>alert(3)</script>",
    '<a href="javascript:alert(4)">Klick</a>',
    "javascript:alert(5)",
    'Titel mit href: <a href="https://example.org">Link</a>',
    "<body onload=alert(6)>",
    '<iframe src="javascript:alert(7)"></iframe>',
    "'><img src=x onerror=alert(8)//",
    '<div onmouseover="alert(9)">darüberfahren</div>',
    "{{7*7}} ${alert(10)} {% raw %}",
    "<style>body{display:none}</style>",
    "<!-- --><script>alert(11)</script>",
    "&lt;b&gt; &amp; <b>fett</b>",
    "<details open ontoggle=alert(12)>",
    "<input autofocus onfocus=alert(13)>",
    "\u2028<script>alert(14)</script>\u2029",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(15)>",
]

#: Names in several scripts, and de-CH spellings.
UNICODE = [
    "Quartierverein Höngg",
    "Bäckerei Müller & Söhne",
    "Grüne Oase Würzgraben",
    "Ελληνική Κοινότητα Ζυρίχης",
    "Русский культурный клуб",
    "جمعية الجالية العربية",
    "Türk Kültür Derneği",
    "Associació Catalana — «Vila»",
    "Ukraïnska hromada · Українська громада",
    "Polski Klub Łódź–Zürich",
]


def snapshot(names: list[str], *, descriptions: list[str] | None = None, area_name: str = "Wipkingen",
             topic_name: str = "Jugend", lonely: int = 1) -> nx.MultiDiGraph:
    """A snapshot (as ``Store.snapshot()`` returns it): a chain of actors with the given names,
    the last ``lonely`` of them without ties; one area, one topic, one city unit hub."""
    S = nx.MultiDiGraph(version=1, as_of=None)
    S.graph["areas"] = {"quartier": {"id": "quartier", "name": area_name, "parent": None, "covers": []}}
    S.graph["topics"] = {"thema": {"id": "thema", "name": topic_name}}
    ids = [f"a{i:02d}" for i in range(len(names))]
    for i, (aid, name) in enumerate(zip(ids, names, strict=True)):
        kind = KINDS[i % len(KINDS)]
        S.add_node(aid, name=name, kind=kind, sector=ActorKind(kind).sector.value,
                   areas=["quartier"], topics=["thema"],
                   description=(descriptions or names)[i], tags=[])
    S.add_node("hub", name="Stadtentwicklung", kind="city_unit", sector="administration",
               areas=["quartier"], topics=["thema"], description="", tags=[])
    tied = ids[:len(ids) - lonely]
    for a, b in zip(tied, tied[1:], strict=False):
        _tie(S, a, b)
    for a in tied[::3]:
        _tie(S, a, "hub")
    return S


def _tie(S: nx.MultiDiGraph, a: str, b: str, weight: int = 3) -> None:
    u, v = sorted((a, b))
    key = f"cooperates_with:{u}:{v}"
    S.add_edge(u, v, key=key, id=key, kind="cooperates_with", weight=weight, since=None, until=None,
               asserted_on=date(2025, 1, 15), directed=False, source=u, target=v)


def synthetic(n: int, seed: int = 3) -> nx.Graph:
    """An analysis-graph-like network of ``n`` actors and about ``3 n`` ties in 12 groups."""
    rng = random.Random(seed)
    G = nx.Graph(areas={f"k{k}": {"name": f"Kreis {k}"} for k in range(12)},
                 topics={"jugend": {"name": "Jugend"}})
    for i in range(n):
        G.add_node(f"s{i:05d}", name=f"Akteur {i}", kind=rng.choice(KINDS),
                   areas=[f"k{i % 12}"], topics=["jugend"])
    nodes = list(G)
    while G.number_of_edges() < 3 * n:
        a = rng.randrange(n)
        b = a + 12 * rng.randint(-3, 3) if rng.random() < 0.85 else rng.randrange(n)
        if 0 <= b < n and a != b:
            G.add_edge(nodes[a], nodes[b], weight=float(rng.randint(1, 5)), kinds=["cooperates_with"],
                       forums=[])
    return G


def page_data(page: str) -> dict[str, Any]:
    """The JSON data block of a view page."""
    m = re.search(r'<script type="application/json" id="qn-data">(.*?)</script>', page, re.S)
    assert m, "no data block"
    return json.loads(m.group(1))


def markup(page: str) -> str:
    """The page without its data block and scripts: what the HTML parser reads as markup."""
    return re.sub(r"<script\b[^>]*>.*?</script>", "", page, flags=re.S)
