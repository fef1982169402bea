"""The illustrative ties of the Zurich sample: made up, deterministically (by shared area, topic
and kind), to make the sample look like a working network. Every tie has ``method =
illustrative`` and says so in its note."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from graph.model import search_key
from loaders.sample.facts import CITY

ASSERTED_BY = "Quartiernetz-Beispielnetz"
NOTE_ILLUSTRATIVE = (
    "Illustrativ: für das Beispielnetz erfunden, keine öffentliche Tatsache (method = illustrative)."
)
NOTE_STRUCTURE = (
    "Illustrativ: folgt der öffentlich beschriebenen Struktur der Stadtverwaltung "
    "(Quelle: {source}); die Daten enthalten keine Beziehungen."
)
SEED = 8004



def illustrative_ties(
    actors: dict[str, dict[str, Any]],
    areas: list[dict[str, Any]],
    hierarchy: list[tuple[str, str, str]],
    mandates: list[tuple[str, str]],
    names: dict[str, str],
) -> list[dict[str, Any]]:
    rng = random.Random(SEED)
    kreis_of: dict[str, set[str]] = {}
    for area in areas:
        if area["level"] == "quartier":
            kreis_of[area["id"]] = {area["parent"]}
        elif area["level"] == "kreis":
            kreis_of[area["id"]] = {area["id"]}
        elif area["level"] == "region":
            found: set[str] = set()
            for covered in area["covers"]:
                found |= kreis_of.get(covered, {covered})
            kreis_of[area["id"]] = found
    everywhere = {a["id"] for a in areas if a["level"] == "kreis"}
    kreis_of[CITY] = everywhere

    def kreise(actor: dict[str, Any]) -> set[str]:
        out: set[str] = set()
        for area in actor["areas"]:
            out |= kreis_of.get(area, set())
        return out

    ties: dict[str, dict[str, Any]] = {}
    first_day = date(2019, 1, 1)

    def tie(kind: str, source: str, target: str, weight: int, note: str = NOTE_ILLUSTRATIVE) -> None:
        if source == target:
            return
        a, b = (min(source, target), max(source, target)) if kind == "cooperates_with" else (source, target)
        key = f"{kind}:{a}:{b}"
        if key in ties:
            return
        since = first_day + timedelta(days=rng.randrange(6 * 365))
        ties[key] = {
            "source": a,
            "target": b,
            "kind": kind,
            "weight": weight,
            "since": since.isoformat(),
            "asserted_by": ASSERTED_BY,
            "method": "illustrative",
            "asserted_on": "2025-01-15",
            "note": note,
        }

    ids = sorted(actors)
    local = [
        a for a in ids if actors[a]["kind"] not in ("forum", "department") and CITY not in actors[a]["areas"]
    ]
    citywide = [a for a in ids if actors[a]["kind"] not in ("forum",) and CITY in actors[a]["areas"]]
    in_kreis: dict[str, list[str]] = {}
    for aid in local:
        for k in sorted(kreise(actors[aid])):
            in_kreis.setdefault(k, []).append(aid)

    # the public structure: units belong to their department
    for unit, dept, source in hierarchy:
        tie("part_of", unit, dept, 5, NOTE_STRUCTURE.format(source=source))
    units = {actors[u]["name"]: u for u, _, _ in hierarchy}
    soziale_dienste = next((u for n, u in units.items() if n.startswith("Soziale Dienste")), None)
    schulamt = next((u for n, u in units.items() if n == "Schulamt"), None)
    for aid in ids:
        kind_tags = " ".join(actors[aid]["tags"])
        if actors[aid]["kind"] == "city_unit" and aid not in units.values():
            if "Sozialzentrum" in kind_tags and soziale_dienste:
                tie("part_of", aid, soziale_dienste, 5)
            elif "Schulbehörde" in kind_tags and schulamt:
                tie("part_of", aid, schulamt, 4)
    # mandates of the Sozialdepartement (funding)
    sozialdepartement = names.get(search_key("Sozialdepartement"))
    for unit, _source in mandates:
        target = names.get(search_key(unit))
        if sozialdepartement and target:
            tie("funds", sozialdepartement, target, 5)

    # cooperation within each Kreis: shared topics first
    for kreis in sorted(in_kreis):
        members = in_kreis[kreis]
        for aid in members:
            mine = set(actors[aid]["topics"])
            near = sorted(members, key=lambda o: (-len(mine & set(actors[o]["topics"])), o))
            near = [o for o in near if o != aid][:6]
            for other in rng.sample(near, k=min(len(near), rng.choice((1, 2, 2, 3)))):
                tie("cooperates_with", aid, other, rng.choice((2, 3, 3, 4, 4, 5)))
    # city-wide actors (units, NGOs) work with a few local actors on their topics: the brokers
    for aid in citywide:
        mine = set(actors[aid]["topics"])
        partners = [o for o in local if mine & set(actors[o]["topics"])]
        for other in rng.sample(partners, k=min(len(partners), rng.choice((2, 3, 4)))):
            kind = (
                "funds"
                if actors[aid]["kind"] in ("city_unit", "department")
                and actors[other]["kind"] in ("association", "resident_group")
                and rng.random() < 0.3
                else "cooperates_with"
            )
            tie(kind, aid, other, rng.choice((2, 3, 4)))
    # local papers inform the associations and centres of their area
    for aid in ids:
        if "Zeitung" in " ".join(actors[aid]["tags"]) or "Stadtmagazin" in " ".join(actors[aid]["tags"]):
            reach = set().union(*(in_kreis.get(k, []) for k in sorted(kreise(actors[aid]))))
            readers = sorted(
                o for o in reach if actors[o]["kind"] in ("association", "institution") and o != aid
            )
            for other in rng.sample(readers, k=min(len(readers), 4)):
                tie("informs", aid, other, rng.choice((2, 3)))
    # forums: members from their area (or city-wide, by topic)
    for fid in ids:
        forum = actors[fid]
        if forum["kind"] != "forum":
            continue
        mine = set(forum["topics"])
        area_kreise = kreise(forum)
        if CITY in forum["areas"] or not area_kreise:
            pool = [o for o in ids if actors[o]["kind"] != "forum" and mine & set(actors[o]["topics"])]
        else:
            pool = sorted({o for k in area_kreise for o in in_kreis.get(k, [])})
            pool += [o for o in citywide if mine & set(actors[o]["topics"])][:3]
        if "Quartierkonferenz Zürich" in forum["name"]:
            pool = [o for o in ids if "Quartierverein (Quartierkonferenz)" in actors[o]["tags"]]
            members = pool
        else:
            members = rng.sample(sorted(set(pool)), k=min(len(set(pool)), rng.choice((4, 6, 8))))
        for member in members:
            tie("member_of", member, fid, rng.choice((2, 3, 4)))
    return [ties[k] for k in sorted(ties)]
