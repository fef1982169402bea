"""The public facts of the Zurich sample, read from ``loaders/data/zurich/``: the areas (and
which areas a free-text place names), the topics (and which topics a text is about), and the
kind of an organisation."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from graph.model import slugify

CITY = "zuerich"


def data_dir() -> Path:
    """The folder with the Zurich facts, inside the installed package."""
    return Path(str(resources.files("loaders") / "data" / "zurich"))


def read_rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def with_source(text: str, source: str) -> str:
    text = text.strip()
    return f"{text}\nQuelle: {source}" if source else text


def short_id(name: str) -> str:
    """An id from a name without its parenthesised parts: ``"Soziale Dienste (SOD)"`` ->
    ``"soziale-dienste"``."""
    return slugify(re.sub(r"\([^)]*\)", " ", name)) or slugify(name)


# ---------------------------------------------------------------------------------------------
# areas


class Places:
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


def areas_of(folder: Path) -> tuple[list[dict[str, Any]], Places]:
    rows = read_rows(folder, "kreise_quartiere.csv")
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
    for row in read_rows(folder, "regions.csv"):
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
    return areas, Places(quartiere, region_names)


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
    ("AHV", ("alter", "armut-existenzsicherung")),
    ("Kita", ("kinderbetreuung",)),
    ("Quartier", ("nachbarschaft-zusammenleben",)),
]

#: Keywords that match only at the start of a word (see topics_of).
_WORD_START = frozenset({"Pflege", "Alter", "AHV", "Kita"})

#: A mention of partners in a role ("Leistungsvereinbarungen with ~200 private providers (e.g.
#: ZGZ, OJA, ELCH, Quartiertreffs)") names whom a unit works with, not what it is responsible
#: for: left out when a unit's topics are read from its role.
_EXAMPLES = re.compile(r"\((?:e\.g\.|z\. ?B\.|incl\.|including)[^)]*\)", re.I)


def topics_of(folder: Path) -> tuple[list[dict[str, Any]], Callable[[str, str], list[str]]]:
    rows = read_rows(folder, "topics.csv")
    topics = []
    matchers: list[tuple[re.Pattern[str], str]] = []
    expand = {"QV": "Quartierverein", "GZ": "GZ", "BSS": "Sozialraum"}
    for row in rows:
        tid = slugify(row["topic"])
        topics.append(
            {
                "id": tid,
                "name": row["topic"],
                "description": with_source(
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

    # A keyword matches anywhere ("Gesundheit" in "Schulgesundheitsdienste"), except those of
    # _WORD_START, which only start a word: "Pflege" is not in "Schulpflege" (a school board)
    # or "Denkmalpflege", "Alter" not in "Schulalter".
    keywords = [(re.compile(("(?<!\\w)" if k in _WORD_START else "") + re.escape(k), re.I), tids)
                for k, tids in _KIND_TOPICS]

    def topics_for(*texts: str) -> list[str]:
        joined = _EXAMPLES.sub(" ", " ".join(texts))
        found = [tid for pattern, tid in matchers if pattern.search(joined)]
        for pattern, tids in keywords:
            if pattern.search(joined):
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


def org_kind(name: str, kind: str) -> str:
    for keyword, ours in _ORG_KINDS:
        if keyword in kind:
            return ours
    if "(Verein)" in name or "Trägerverein" in name:
        return "association"
    return "institution"

