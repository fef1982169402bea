"""A synthetic network for scale tests: deterministic for a seed, valid by construction.

Shape, after what Quartierkoordination networks look like: 12 Kreise with 34 Quartiere and
five Sozialregionen; actors in realistic sector shares (about a quarter residents' groups, a
third associations, then institutions, city units, private providers, nine departments and a
few percent forums); actors live in dense neighbourhood clusters of about 40 within one
Quartier, a few brokers tie clusters together, about 1% are isolated groups; city units are
``part_of`` a department, forums have members from their cluster; ties carry weights 1..5 and
validity dates (some ended).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from loaders.columns import COLUMNS
from loaders.csvfile import write_csv

KREISE = 12
QUARTIERE_PER_KREIS = (4, 3, 3, 3, 2, 2, 4, 3, 2, 2, 3, 3)  # 34, as in Zurich
REGIONS = {
    "region-uto": (1, 2, 3, 7, 8),
    "region-limmattal": (4, 5),
    "region-letzi": (9,),
    "region-waidberg": (6, 10),
    "region-glattal": (11, 12),
}
TOPICS = (
    "Alter",
    "Jugend",
    "Familie",
    "Integration",
    "Wohnen",
    "Nachbarschaft",
    "Sicherheit",
    "Verkehr",
    "Freiraum",
    "Gesundheit",
    "Kultur",
    "Schule",
)
#: Shares of the actors that are not departments or forums.
SHARES = (
    ("resident_group", 0.26),
    ("association", 0.32),
    ("institution", 0.16),
    ("city_unit", 0.14),
    ("private_provider", 0.12),
)
PREFIX = {
    "resident_group": "gruppe",
    "association": "verein",
    "institution": "institution",
    "city_unit": "dienst",
    "private_provider": "traeger",
    "department": "departement",
    "forum": "gremium",
}
LABEL = {
    "resident_group": "Bewohnergruppe",
    "association": "Verein",
    "institution": "Institution",
    "city_unit": "Dienstabteilung",
    "private_provider": "Träger",
    "department": "Departement",
    "forum": "Gremium",
}
CLUSTER = 40
FORUM_SHARE = 0.03
ISOLATED_SHARE = 0.01
BROKER_SHARE = 0.03
DEPARTMENTS = 9


@dataclass
class Generated:
    path: Path
    counts: dict[str, int]
    seed: int


def generate(directory: Path, *, actors: int, seed: int = 1, ties: int | None = None) -> Generated:
    """Write ``areas.csv``, ``topics.csv``, ``actors.csv``, ``ties.csv`` into ``directory``.

    ``ties`` defaults to five per actor (fewer if the clusters cannot hold that many).
    """
    if actors < DEPARTMENTS + 2:
        raise ValueError(f"at least {DEPARTMENTS + 2} actors")
    rng = random.Random(seed)
    wanted_ties = 5 * actors if ties is None else ties
    directory.mkdir(parents=True, exist_ok=True)

    # areas
    areas = [["stadt", "Stadt", "city", "", "stadtkreise", ""]]
    quartiere: list[str] = []
    for k in range(1, KREISE + 1):
        areas.append([f"kreis-{k}", f"Kreis {k}", "kreis", "stadt", "stadtkreise", ""])
        for q in range(1, QUARTIERE_PER_KREIS[k - 1] + 1):
            qid = f"quartier-{k}-{q}"
            quartiere.append(qid)
            areas.append([qid, f"Quartier {k}.{q}", "quartier", f"kreis-{k}", "stadtkreise", ""])
    for rid, kreise in REGIONS.items():
        name = "Sozialregion " + rid.removeprefix("region-").capitalize()
        areas.append([rid, name, "region", "", "sozialregionen", "|".join(f"kreis-{k}" for k in kreise)])
    topic_ids = [t.lower() for t in TOPICS]
    topics = [[tid, name, ""] for tid, name in zip(topic_ids, TOPICS, strict=True)]

    # actors: departments, forums, then the rest by shares, each in a cluster
    n_forums = max(1, int(actors * FORUM_SHARE))
    rest = actors - DEPARTMENTS - n_forums
    kinds: list[str] = []
    for kind, share in SHARES:
        kinds += [kind] * int(round(rest * share))
    kinds = (kinds + ["association"] * rest)[:rest]
    rng.shuffle(kinds)
    kinds = ["department"] * DEPARTMENTS + kinds + ["forum"] * n_forums
    n_clusters = max(1, (actors - DEPARTMENTS) // CLUSTER)
    cluster_quartier = [quartiere[c % len(quartiere)] for c in range(n_clusters)]
    counters: dict[str, int] = {}
    actor_rows = []
    ids: list[str] = []
    cluster_of: list[int] = []
    members: list[list[int]] = [[] for _ in range(n_clusters)]
    for i, kind in enumerate(kinds):
        counters[kind] = counters.get(kind, 0) + 1
        aid = f"{PREFIX[kind]}-{counters[kind]:06d}"
        ids.append(aid)
        if kind == "department":
            cluster, area = -1, "stadt"
        else:
            cluster = rng.randrange(n_clusters)
            area = cluster_quartier[cluster]
            if kind == "city_unit" and rng.random() < 0.3:
                area = "kreis-" + area.split("-")[1]
            members[cluster].append(i)
        cluster_of.append(cluster)
        chosen = rng.sample(topic_ids, k=rng.choice((1, 1, 2, 2, 3)))
        actor_rows.append(
            [aid, f"{LABEL[kind]} {counters[kind]}", kind, area, "|".join(chosen), "", "", "synthetisch"]
        )

    # ties
    seen: set[tuple[str, int, int]] = set()
    tie_rows: list[list[object]] = []
    start = date(2015, 1, 1)

    def add(kind: str, a: int, b: int) -> bool:
        if a == b:
            return False
        key = (kind, min(a, b), max(a, b)) if kind == "cooperates_with" else (kind, a, b)
        if key in seen:
            return False
        seen.add(key)
        since = start + timedelta(days=rng.randrange(3650))
        until = since + timedelta(days=rng.randrange(180, 2000)) if rng.random() < 0.1 else None
        tie_rows.append(
            [
                ids[a],
                ids[b],
                kind,
                rng.choice((1, 2, 2, 3, 3, 3, 4, 4, 5)),
                since.isoformat(),
                until.isoformat() if until else "",
                "generator",
                rng.choice(("survey", "interview", "meeting", "document")),
                (since + timedelta(days=30)).isoformat(),
                "",
            ]
        )
        return True

    departments = list(range(DEPARTMENTS))
    for i, kind in enumerate(kinds):
        if kind == "city_unit":
            add("part_of", i, rng.choice(departments))
    isolated = {
        i for i, kind in enumerate(kinds) if kind == "resident_group" and rng.random() < ISOLATED_SHARE * 4
    }
    for group in members:
        forums = [i for i in group if kinds[i] == "forum"]
        others = [i for i in group if kinds[i] != "forum" and i not in isolated]
        for forum in forums:
            for member in rng.sample(others, k=min(len(others), 8)):
                add("member_of", member, forum)
    brokers = [
        i
        for i in range(DEPARTMENTS, len(kinds))
        if i not in isolated and kinds[i] != "forum" and rng.random() < BROKER_SHARE
    ]
    for broker in brokers:
        for _ in range(3):
            other = rng.randrange(DEPARTMENTS, len(kinds))
            if other not in isolated and kinds[other] != "forum":
                add("cooperates_with", broker, other)
    pools = [[i for i in c if i not in isolated and kinds[i] != "forum"] for c in members]
    pools = [p for p in pools if len(p) > 1]
    capacity = sum(len(p) * (len(p) - 1) // 2 for p in pools)
    target = min(wanted_ties, len(tie_rows) + int(capacity * 0.9))
    misses = 0
    while len(tie_rows) < target and pools and misses < 100_000:
        pool = pools[rng.randrange(len(pools))]
        a, b = rng.sample(pool, 2)
        roll = rng.random()
        if roll < 0.8:
            ok = add("cooperates_with", a, b)
        elif roll < 0.9:
            funder = rng.choice(departments) if kinds[a] != "city_unit" else a
            ok = add("funds", funder, b)
        else:
            ok = add("informs", a, b)
        misses = 0 if ok else misses + 1

    counts = {
        "area": write_csv(directory / "areas.csv", COLUMNS["area"][:6], areas),
        "topic": write_csv(directory / "topics.csv", COLUMNS["topic"][:3], topics),
        "actor": write_csv(directory / "actors.csv", COLUMNS["actor"][:8], actor_rows),
        "tie": write_csv(directory / "ties.csv", COLUMNS["tie"][:10], tie_rows),
    }
    return Generated(directory, counts, seed)
