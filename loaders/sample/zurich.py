"""The Zurich sample as one batch: the areas and topics, the actors from the facts (departments
and their units, organisations, forums), and the illustrative ties."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from graph.model import search_key, slugify
from loaders.sample.facts import areas_of, data_dir, org_kind, read_rows, short_id, topics_of, with_source
from loaders.sample.ties import illustrative_ties


def build_zurich(folder: Path | None = None) -> dict[str, list[dict[str, Any]]]:
    """The Zurich sample as a batch for :meth:`Store.apply` (deterministic)."""
    folder = folder or data_dir()
    areas, places = areas_of(folder)
    topics, topics_for = topics_of(folder)
    actors: dict[str, dict[str, Any]] = {}
    names: dict[str, str] = {}
    hierarchy: list[tuple[str, str, str]] = []  # (unit, department, source)

    def add_actor(
        name: str, kind: str, *, where: str, text: str, source: str, tags: list[str], topic_text: str = ""
    ) -> str | None:
        key = search_key(name)
        if key in names:
            return names[key]
        aid = short_id(name)
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
            "description": with_source(text, source),
            "tags": [t for t in tags if t],
        }
        names[key] = aid
        return aid

    departments: dict[str, str] = {}
    mandates: list[tuple[str, str]] = []
    for row in read_rows(folder, "departments.csv"):
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
    for row in read_rows(folder, "organisations.csv"):
        if row["name"].startswith("("):
            continue  # a placeholder row, not an organisation
        note = row["note"]
        level = confidence.search(note)
        add_actor(
            row["name"],
            org_kind(row["name"], row["kind"]),
            where=row["quartier_or_kreis"],
            text=confidence.sub("", note),
            source=row["source"],
            tags=["öffentliche Angaben", row["kind"], f"Konfidenz: {level.group(1)}" if level else ""],
            topic_text=row["kind"],
        )
    for row in read_rows(folder, "forums.csv"):
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

    ties = illustrative_ties(actors, areas, hierarchy, mandates, names)
    return {
        "areas": areas,
        "topics": topics,
        "actors": sorted(actors.values(), key=lambda a: a["id"]),
        "ties": ties,
    }
