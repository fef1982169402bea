"""Generic graphs (from Gephi, yEd, igraph, UCINET, NetworkX) as actors and ties, with the
coordinator's explicit choices (issue 13 item 2).

A file from another tool knows nothing of actor kinds, tie kinds or our ids. :class:`ImportChoices`
says what to do (``--default-kind``, ``--kind-from`` with ``--map``, ``--name-from``,
``--tie-kind``, ``--id-prefix`` on the command line and in ``POST /imports``);
:func:`add_records` turns the nodes and edges a reader found (:class:`loaders.xmlgraph.FileGraph`)
into raw records with their lines:

- node ids that are not our slugs (``A``, ``12``, ``Jean Valjean``) are stored under an id
  derived from them (umlauts spelled out, other characters ``-``; the prefix first), the original
  kept as ``source_id``; two originals that derive the same id are an error naming both;
- a node without a kind is an error saying which node, its line, the allowed kinds and the
  option that would load it;
- an edge without a kind is ``--tie-kind``, else ``cooperates_with`` if undirected, ``informs``
  if directed; a missing weight is 1.0 (GEXF's default);
- edges of one kind between the same ends are merged and their weights summed (counts add up);
  the import's notes say how many.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from graph.model import SLUG_RE, ActorKind, TieKind, derive_id, tie_id
from loaders.columns import field_for, row_maker
from loaders.excel import _cell_text
from loaders.sheets import FileProblem, LoadError, Records
from loaders.xmlgraph import FileGraph, FileNode


@dataclass(frozen=True)
class ImportChoices:
    """What to do with a graph whose nodes and edges do not say what Quartiernetz needs.

    ``default_kind``: the kind of every node without one. ``kind_from``: the node attribute
    whose value (through ``kind_map``, else as a kind id or label) gives the kind.
    ``name_from``: the node attribute holding the name (else ``name``, the label, the id).
    ``tie_kind``: the kind of every edge without one (default: ``cooperates_with`` for
    undirected edges, ``informs`` for directed ones). ``id_prefix``: put before every node id,
    to keep two files' numeric ids apart."""

    default_kind: str | None = None
    kind_from: str | None = None
    kind_map: dict[str, str] = field(default_factory=dict)
    name_from: str | None = None
    tie_kind: str | None = None
    id_prefix: str | None = None


def _bad_option(problem: FileProblem) -> Exception:
    return LoadError([problem])


def parse_choices(
    *,
    default_kind: str | None = None,
    kind_from: str | None = None,
    maps: list[str] | None = None,
    name_from: str | None = None,
    tie_kind: str | None = None,
    id_prefix: str | None = None,
) -> ImportChoices:
    """The choices as given on the command line or in ``POST /imports``, checked: kinds by id or
    German label, ``--map`` as ``VALUE=KIND``, the prefix a slug. A LoadError (``bad_option``)
    names the option, what is wrong and what is allowed."""

    def kind(option: str, value: str, enum: Any) -> str:
        try:
            return str(enum.parse(value).value)
        except Exception:
            allowed = ", ".join(k.value for k in enum)
            raise _bad_option(
                FileProblem("bad_option", {"detail": f"{option} {value!r}: {allowed}"})
            ) from None

    mapping: dict[str, str] = {}
    for item in maps or []:
        value, sep, target = item.partition("=")
        if not sep or not value.strip():
            raise _bad_option(FileProblem("bad_option", {"detail": f"--map {item!r}: VALUE=KIND"}))
        mapping[value.strip()] = kind("--map", target.strip(), ActorKind)
    if mapping and not kind_from:
        raise _bad_option(FileProblem("bad_option", {"detail": "--map needs --kind-from ATTR"}))
    if id_prefix is not None and not SLUG_RE.match(id_prefix):
        raise _bad_option(FileProblem("bad_option", {"detail": f"--id-prefix {id_prefix!r}: a-z, 0-9 and -"}))
    return ImportChoices(
        default_kind=kind("--default-kind", default_kind, ActorKind) if default_kind else None,
        kind_from=kind_from or None,
        kind_map=mapping,
        name_from=name_from or None,
        tie_kind=kind("--tie-kind", tie_kind, TieKind) if tie_kind else None,
        id_prefix=id_prefix or None,
    )


_NODE_RECORDS = ("area", "topic")


def add_records(fg: FileGraph, records: Records, label: str, choices: ImportChoices | None = None) -> None:
    """Add the actors (and areas, topics) and ties of ``fg`` to ``records``, each with its line.

    Node ids that are not our slugs (``A``, ``12``, ``Jean Valjean``) get an id derived from
    them (``id_prefix`` first), the original kept as ``source_id``; two originals deriving the
    same id are an error naming both. Edges of one kind between the same ends are merged, their
    weights summed; the count goes into a note."""
    choices = choices or ImportChoices()
    records.columns.setdefault(label, {})
    ids: dict[str, str] = {}
    taken: dict[str, tuple[str, int | None]] = {}
    for node in fg.nodes:
        attrs = dict(node.attrs)
        record = attrs.pop("record", "actor")
        if record in _NODE_RECORDS:
            attrs["id"] = node.id.removeprefix(record + ":")
            if "name" not in attrs and node.label is not None:
                attrs["name"] = node.label
            records.add(record, _raw(record, attrs), label, node.line)
            continue
        stored = _stored_id(node.id, choices.id_prefix)
        first = taken.setdefault(stored, (node.id, node.line))
        if first[0] != node.id:
            records.problems.append(
                FileProblem(
                    "id_clash",
                    {"id": stored, "first": first[0], "second": node.id, "first_line": first[1] or "?"},
                    record="actor",
                    field="id",
                    file=label,
                    line=node.line,
                    column="id",
                )
            )
            continue
        ids[node.id] = stored
        raw = _actor(node, attrs, stored, choices, records, label)
        if raw is not None:
            records.add("actor", raw, label, node.line)
    merged = 0
    kept: dict[str, dict[str, Any]] = {}
    for edge in fg.edges:
        attrs = dict(edge.attrs)
        kind = (
            attrs.pop("kind", None)
            or _our_kind(edge.kind)
            or choices.tie_kind
            or ("informs" if edge.directed else "cooperates_with")
        )
        source, target = ids.get(edge.source, edge.source), ids.get(edge.target, edge.target)
        attrs.update(source=source, target=target, kind=kind)
        if edge.weight is not None:
            attrs["weight"] = edge.weight
        elif "weight" not in attrs:
            attrs["weight"] = "1"  # the GEXF specification's default
        for field_name, value in (("since", edge.since), ("until", edge.until)):
            if value is not None and field_name not in attrs:
                attrs[field_name] = value
        raw = _raw("tie", attrs)
        tie = _tie_key(kind, source, target)
        before = kept.get(tie) if tie else None
        if before is not None and _add_weight(before, raw):
            merged += 1
            continue
        if tie:
            kept[tie] = raw
        records.add("tie", raw, label, edge.line)
    if merged:
        records.notes.append(FileProblem("merged_parallel", {"count": merged}, record="tie", file=label))


def _stored_id(original: str, prefix: str | None) -> str:
    """The id an actor is stored under: the original if it is one of our slugs (and there is
    no prefix), else derived from it (umlauts spelled out, other characters as ``-``); an
    original with no a-z spelling at all becomes ``n-`` and a stable hash of it."""
    text = f"{prefix}-{original}" if prefix else original
    if SLUG_RE.match(text):
        return text
    try:
        derived = derive_id(text)
    except Exception:  # a name with letters that have no a-z spelling
        derived = ""
    if derived and SLUG_RE.match(derived):
        return derived
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    return f"{derive_id(prefix)}-n-{digest}" if prefix else f"n-{digest}"


def _actor(
    node: FileNode, attrs: dict[str, str], stored: str, choices: ImportChoices, records: Records, label: str
) -> dict[str, Any] | None:
    if choices.name_from:
        name = attrs.pop(choices.name_from, None)
        if name is not None:
            attrs["name"] = name
    if not attrs.get("name"):
        attrs["name"] = node.label if node.label else node.id
    if "kind" not in attrs and choices.kind_from is not None:
        value = attrs.get(choices.kind_from)
        if value is not None:
            attrs["kind"] = choices.kind_map.get(value, value)
    if "kind" not in attrs:
        if choices.default_kind is None:
            records.problems.append(
                FileProblem(
                    "kind_missing_node",
                    {"id": node.id, "kinds": ", ".join(k.value for k in ActorKind)},
                    record="actor",
                    field="kind",
                    file=label,
                    line=node.line,
                    column="kind",
                )
            )
            return None
        attrs["kind"] = choices.default_kind
    attrs["id"] = stored
    if stored != node.id:
        attrs["source_id"] = node.id
    return _raw("actor", attrs)


def _our_kind(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return TieKind.parse(value).value
    except Exception:
        return None


def _tie_key(kind: str, source: str, target: str) -> str | None:
    try:
        return tie_id(TieKind.parse(kind), source, target)
    except Exception:
        return None


def _add_weight(before: dict[str, Any], raw: dict[str, Any]) -> bool:
    """Add ``raw``'s weight to ``before`` (a parallel edge); False if either is no number."""
    try:
        a, b = float(before.get("weight", 1)), float(raw.get("weight", 1))
    except (TypeError, ValueError):
        return False
    total = a + b
    before["weight"] = int(total) if total.is_integer() and abs(total) < 1e15 else total
    return True


@lru_cache(maxsize=1024)
def _maker(record: str, names: tuple[str, ...]) -> Callable[[list[Any]], dict[str, Any]]:
    """The row maker of a set of attribute names (a file repeats the same few sets: looking up
    the field of every name on every node took three quarters of the reading time)."""
    return row_maker(record, [field_for(record, n) for n in names])


def _raw(record: str, attrs: dict[str, Any]) -> dict[str, Any]:
    names = tuple(attrs)
    return _maker(record, names)([_cell_text(attrs[n]) for n in names])
