"""The Zurich sample network, built from public facts shipped in ``loaders/data/zurich/``.

Facts (see that folder's README and each row's ``source``): the 12 Stadtkreise and 34
Quartiere, the Sozialregionen, Schulkreise, reformed Kirchenkreise and the former
Quartierkoordination areas; the 9 departments and their units (Dienstabteilungen); the
Gemeinschaftszentren, Quartiervereine, Quartiertreffs, parishes, cooperatives, NGOs, care
centres, Sozialzentren, local papers; the forums; the topics. Each actor and topic keeps its
source in its description (``Quelle: ...``); areas have no field for it, the data folder does.

Ties between organisations are **not** public facts. The ones here are made up, deterministically
(by shared area, topic and kind), to make the sample look like a working network: every tie has
``method = illustrative`` and says so in its note. Even ``part_of`` (a unit belongs to its
department), which follows the public structure, is marked illustrative, because the files
hold no relationships.
"""

from __future__ import annotations

import csv
import random
import re
from collections.abc import Callable
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

from graph.model import search_key, slugify
from graph.store.base import ApplyResult, Store

ASSERTED_BY = "Quartiernetz-Beispielnetz"
NOTE_ILLUSTRATIVE = (
    "Illustrativ: für das Beispielnetz erfunden, keine öffentliche Tatsache (method = illustrative)."
)
NOTE_STRUCTURE = (
    "Illustrativ: folgt der öffentlich beschriebenen Struktur der Stadtverwaltung "
    "(Quelle: {source}); die Daten enthalten keine Beziehungen."
)
CITY = "zuerich"
SEED = 8004


def data_dir() -> Path:
    """The folder with the Zurich facts, inside the installed package."""
    return Path(str(resources.files("loaders") / "data" / "zurich"))


def _read(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def _with_source(text: str, source: str) -> str:
    text = text.strip()
    return f"{text}\nQuelle: {source}" if source else text


def _short_id(name: str) -> str:
    """An id from a name without its parenthesised parts: ``"Soziale Dienste (SOD)"`` ->
    ``"soziale-dienste"``."""
    return slugify(re.sub(r"\([^)]*\)", " ", name)) or slugify(name)


# ---------------------------------------------------------------------------------------------
# areas


class _Places:
    """Finds the areas a free-text place (``"Affoltern (Kreis 11)"``, ``"Kreise 4 und 5"``,
    ``"stadtweit"``, ``"Schulkreis Glattal"``) names."""

    def __init__(self, quartiere: dict[str, tuple[str, int]], regions: dict[str, str]) -> None:
        self.quartiere = [
            (re.compile(rf"(?<!\w){re.escape(name)}(?!\w)"), qid, kreis)
            for name, (qid, kreis) in quartiere.items()
        ]
        self.regions = [
            (re.compile(rf"(?<!\w){re.escape(name)}(?!\w)"), rid) for name, rid in regions.items()
        ]

    def __call__(self, text: str) -> list[str]:
        found: list[str] = []
        kreise_hit: set[int] = set()
        for pattern, qid, kreis in self.quartiere:
            if pattern.search(text):
                found.append(qid)
                kreise_hit.add(kreis)
        for match in re.finditer(r"Kreise?\s+([\d][\d\s,/+&]*(?:\s*und\s*\d+)?)", text):
            for number in re.findall(r"\d+", match.group(1)):
                k = int(number)
                if 1 <= k <= 12 and k not in kreise_hit:
                    kreise_hit.add(k)
                    found.append(f"kreis-{k}")
        for pattern, rid in self.regions:
            if pattern.search(text):
                found.append(rid)
        if "Zürich Nord" in text and not found:
            found += ["kreis-11", "kreis-12"]
        if not found or re.search(r"stadtweit|Kanton|national", text):
            if not found or "stadtweit" in text:
                found.append(CITY)
        return list(dict.fromkeys(found))


def _areas(folder: Path) -> tuple[list[dict[str, Any]], _Places]:
    rows = _read(folder, "kreise_quartiere.csv")
    areas: list[dict[str, Any]] = [
        {"id": CITY, "name": "Stadt Zürich", "level": "city", "scheme": "stadtkreise"}
    ]
    quartiere: dict[str, tuple[str, int]] = {}
    by_kreis: dict[int, list[str]] = {}
    for row in rows:
        kreis = int(row["kreis"])
        if kreis not in by_kreis:
            label = row["kreis_name"]
            name = f"Kreis {kreis}" + ("" if label.startswith("(") else f" ({label})")
            areas.append(
                {
                    "id": f"kreis-{kreis}",
                    "name": name,
                    "level": "kreis",
                    "parent": CITY,
                    "scheme": "stadtkreise",
                }
            )
            by_kreis[kreis] = []
        qid = slugify(row["quartier"])
        quartiere[row["quartier"]] = (qid, kreis)
        by_kreis[kreis].append(qid)
        areas.append(
            {
                "id": qid,
                "name": row["quartier"],
                "level": "quartier",
                "parent": f"kreis-{kreis}",
                "scheme": "stadtkreise",
            }
        )

    schemes = {
        "Sozialregion": "sozialregionen",
        "Schulkreis": "schulkreise",
        "Reformierter Kirchenkreis": "kirchenkreise",
        "Quartierkoordination": "quartierkoordination",
    }
    regions: dict[str, dict[str, Any]] = {}
    q_names = {name: qid for name, (qid, _) in quartiere.items()}
    for row in _read(folder, "regions.csv"):
        scheme = next((s for prefix, s in schemes.items() if row["region_type"].startswith(prefix)), None)
        if scheme is None:
            continue  # pilot drop-in points are organisations, not areas
        name = re.split(r"\s+[–-]\s+|\s+\(", row["region"])[0].strip()
        rid = slugify(name)
        area = regions.setdefault(
            rid, {"id": rid, "name": name, "level": "region", "scheme": scheme, "covers": []}
        )
        kreis = int(row["kreis"])
        plain = re.sub(r"\([^)]*\)", " ", row["quartier_or_note"])
        named = [
            qid
            for qname, qid in q_names.items()
            if re.search(rf"(?<!\w){re.escape(qname)}(?!\w)", plain) and qid in by_kreis[kreis]
        ]
        if scheme == "sozialregionen" and named and len(named) < len(by_kreis[kreis]):
            area["covers"] += named
        else:
            area["covers"].append(f"kreis-{kreis}")
    for area in regions.values():
        area["covers"] = list(dict.fromkeys(area["covers"]))
    areas += sorted(regions.values(), key=lambda a: (a["scheme"], a["id"]))
    region_names = {a["name"]: a["id"] for a in regions.values()}
    return areas, _Places(quartiere, region_names)


# ---------------------------------------------------------------------------------------------
# topics


#: Keywords in an organisation's kind (or a forum's name) -> topic ids they work on.
_KIND_TOPICS: list[tuple[str, tuple[str, ...]]] = [
    ("Quartierverein", ("nachbarschaft-zusammenleben", "partizipation-mitwirkung")),
    ("Gemeinschaftszentrum", ("kultur-soziokultur", "nachbarschaft-zusammenleben")),
    ("Quartiertreff", ("kultur-soziokultur", "nachbarschaft-zusammenleben")),
    ("Jugend", ("jugend",)),
    ("OJA", ("jugend",)),
    ("Famili", ("familie-fruehe-foerderung",)),
    ("Eltern", ("schule-schulraum-bildung",)),
    ("Schul", ("schule-schulraum-bildung",)),
    ("Pfarrei", ("nachbarschaft-zusammenleben", "freiwilligenarbeit-engagement")),
    ("Kirch", ("nachbarschaft-zusammenleben", "freiwilligenarbeit-engagement")),
    ("katholisch", ("freiwilligenarbeit-engagement",)),
    ("Wohnbau", ("wohnen-bezahlbarer-wohnraum",)),
    ("Alter", ("alter", "gesundheit")),
    ("Pflege", ("alter", "gesundheit")),
    ("Spitex", ("alter", "gesundheit")),
    ("Gesundheit", ("gesundheit",)),
    ("Sozialzentrum", ("armut-existenzsicherung",)),
    ("Armut", ("armut-existenzsicherung",)),
    ("Integration", ("integration",)),
    ("Arbeitsintegration", ("arbeitsintegration",)),
    ("Behinderung", ("gleichstellung-diversitaet",)),
    ("Obdach", ("sucht-randstaendigkeit-obdach",)),
    ("Randständige", ("sucht-randstaendigkeit-obdach",)),
    ("Nachbarschaftshilfe", ("nachbarschaft-zusammenleben", "freiwilligenarbeit-engagement")),
    ("Gewerbe", ("lokales-gewerbe-quartierzentrum",)),
    ("Zwischennutzung", ("freiraum-gruenraum", "kultur-soziokultur")),
    ("Freiwilligenarbeit", ("freiwilligenarbeit-engagement",)),
    ("Zeitung", ("information-zugang-zu-angeboten-digitalisierung",)),
    ("Stadtmagazin", ("information-zugang-zu-angeboten-digitalisierung",)),
    ("Beilage", ("information-zugang-zu-angeboten-digitalisierung",)),
    ("Mitwirkung", ("partizipation-mitwirkung",)),
    ("Partizip", ("partizipation-mitwirkung",)),
    ("Nachtleben", ("nachtleben-laerm",)),
    ("nachtbarschaft", ("nachtleben-laerm",)),
    ("Frühe Förderung", ("familie-fruehe-foerderung",)),
    ("Quartier", ("nachbarschaft-zusammenleben",)),
]


def _topics(folder: Path) -> tuple[list[dict[str, Any]], Callable[[str, str], list[str]]]:
    rows = _read(folder, "topics.csv")
    topics = []
    matchers: list[tuple[re.Pattern[str], str]] = []
    expand = {"QV": "Quartierverein", "GZ": "GZ", "BSS": "Sozialraum"}
    for row in rows:
        tid = slugify(row["topic"])
        topics.append(
            {
                "id": tid,
                "name": row["topic"],
                "description": _with_source(
                    f"{row['description']}. Typisch zuständig: {row['typical_city_units_or_actor_types']}.",
                    row["source"],
                ),
            }
        )
        for token in re.split(r"[,;]", row["typical_city_units_or_actor_types"]):
            token = re.sub(r"\([^)]*\)", "", token).strip()
            token = expand.get(token, token)
            if len(token) >= 3 or token == "GZ":
                matchers.append((re.compile(rf"(?<!\w){re.escape(token)}(?!\w)", re.I), tid))
    known = {t["id"] for t in topics}

    def topics_for(*texts: str) -> list[str]:
        joined = " ".join(texts)
        found = [tid for pattern, tid in matchers if pattern.search(joined)]
        for keyword, tids in _KIND_TOPICS:
            if keyword.casefold() in joined.casefold():
                found += [t for t in tids if t in known]
        return list(dict.fromkeys(found))[:4]

    return topics, topics_for


# ---------------------------------------------------------------------------------------------
# actors

#: The kind of an organisation, by the first matching keyword of its kind in the facts.
_ORG_KINDS: list[tuple[str, str]] = [
    ("Elternrat", "resident_group"),
    ("Nachbarschaftshilfe", "resident_group"),
    ("Sozialzentrum", "city_unit"),
    ("Schulbehörde", "city_unit"),
    ("Stiftung / Trägerin", "private_provider"),
    ("Wohnbau", "private_provider"),
    ("Spitex", "private_provider"),
    ("Zeitung", "private_provider"),
    ("Stadtmagazin", "private_provider"),
    ("Beilage", "private_provider"),
    ("(Verein)", "association"),
    ("Trägerverein", "association"),
    ("Quartierverein", "association"),
    ("Dachverband", "association"),
    ("NGO", "association"),
    ("Gewerbeverein", "association"),
    ("Fachstelle Freiwilligenarbeit", "association"),
    ("private, städtischer Auftrag", "association"),
]


def _org_kind(name: str, kind: str) -> str:
    for keyword, ours in _ORG_KINDS:
        if keyword in kind:
            return ours
    if "(Verein)" in name or "Trägerverein" in name:
        return "association"
    return "institution"


def build_zurich(folder: Path | None = None) -> dict[str, list[dict[str, Any]]]:
    """The Zurich sample as a batch for :meth:`Store.apply` (deterministic)."""
    folder = folder or data_dir()
    areas, places = _areas(folder)
    topics, topics_for = _topics(folder)
    actors: dict[str, dict[str, Any]] = {}
    names: dict[str, str] = {}
    hierarchy: list[tuple[str, str, str]] = []  # (unit, department, source)

    def add_actor(
        name: str, kind: str, *, where: str, text: str, source: str, tags: list[str], topic_text: str = ""
    ) -> str | None:
        key = search_key(name)
        if key in names:
            return names[key]
        aid = _short_id(name)
        if aid in actors:
            aid = slugify(name)
        if aid in actors:
            return None
        actors[aid] = {
            "id": aid,
            "name": name,
            "kind": kind,
            "areas": places(where),
            "topics": topics_for(name, topic_text),
            "description": _with_source(text, source),
            "tags": [t for t in tags if t],
        }
        names[key] = aid
        return aid

    departments: dict[str, str] = {}
    mandates: list[tuple[str, str]] = []
    for row in _read(folder, "departments.csv"):
        dept, unit = row["department"], row["unit"]
        tags = ["öffentliche Angaben", f"Konfidenz: {row['confidence']}"]
        if unit == "(Departement)":
            departments[dept] = (
                add_actor(
                    dept, "department", where="stadtweit", text=row["role"], source=row["source"], tags=tags
                )
                or ""
            )
            continue
        if dept.startswith("mandated by"):
            mandates.append((unit, row["source"]))
            continue
        aid = add_actor(
            unit,
            "city_unit",
            where="stadtweit",
            text=row["role"],
            source=row["source"],
            tags=tags,
            topic_text=row["role"],
        )
        if aid and dept in departments:
            hierarchy.append((aid, departments[dept], row["source"]))

    confidence = re.compile(r"\s*\[([^\]]+)\]\s*$")
    for row in _read(folder, "organisations.csv"):
        if row["name"].startswith("("):
            continue  # a placeholder row, not an organisation
        note = row["note"]
        level = confidence.search(note)
        add_actor(
            row["name"],
            _org_kind(row["name"], row["kind"]),
            where=row["quartier_or_kreis"],
            text=confidence.sub("", note),
            source=row["source"],
            tags=["öffentliche Angaben", row["kind"], f"Konfidenz: {level.group(1)}" if level else ""],
            topic_text=row["kind"],
        )
    for row in _read(folder, "forums.csv"):
        add_actor(
            row["name"],
            "forum",
            where=row["scope"],
            text=row["description"],
            source=row["source"],
            tags=["öffentliche Angaben", row["kind"], row["status"]],
            topic_text=row["kind"] + " " + row["description"],
        )
    for actor in actors.values():
        if not actor["topics"]:
            actor["topics"] = ["nachbarschaft-zusammenleben"]

    ties = _ties(actors, areas, hierarchy, mandates, names)
    return {
        "areas": areas,
        "topics": topics,
        "actors": sorted(actors.values(), key=lambda a: a["id"]),
        "ties": ties,
    }


# ---------------------------------------------------------------------------------------------
# illustrative ties


def _ties(
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


SAMPLES: dict[str, Callable[[], dict[str, list[dict[str, Any]]]]] = {"zurich": build_zurich}


def load_sample(store: Store, name: str = "zurich", *, dry_run: bool = False) -> ApplyResult:
    """Load a sample network (``zurich``) into ``store``; loading it again changes nothing."""
    return store.apply(SAMPLES[name](), dry_run=dry_run)
