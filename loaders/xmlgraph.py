"""What GraphML and GEXF share: a safe streaming parse, the graph a file describes, and how its
nodes and edges become actors and ties.

The readers in :mod:`loaders.gexf` and :mod:`loaders.graphml` follow their specifications (not
one library's reading of them) and hand a :class:`FileGraph` to :func:`add_records`, which applies
the coordinator's :class:`ImportChoices` (kinds, names, id prefix) and merges parallel edges.

Safety: a file with a DOCTYPE (where entities are declared) is refused before anything is
resolved, so an external entity (XXE) or an entity bomb is never expanded; no network, no DTD,
no huge trees (lxml refuses nesting deeper than 256 levels).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from graph.model import SLUG_RE, ActorKind, TieKind, derive_id, tie_id
from loaders.columns import field_for, record_from_cells
from loaders.excel import _cell_text
from loaders.sheets import Budget, FileError, FileProblem, Records

FORMAT_NAME = {"graphml": "GraphML", "gexf": "GEXF"}


# ---------------------------------------------------------------------------------------------
# The graph a file describes


@dataclass(slots=True)
class FileNode:
    id: str
    line: int | None
    label: str | None = None
    #: attribute name (GraphML ``attr.name``, GEXF ``title``) -> value as text
    attrs: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class FileEdge:
    source: str
    target: str
    line: int | None
    directed: bool
    id: str | None = None
    #: the weight as written (None: the file gives none)
    weight: str | None = None
    since: str | None = None
    until: str | None = None
    #: GEXF 1.3 ``kind`` of an edge (used when it names one of our tie kinds)
    kind: str | None = None
    attrs: dict[str, str] = field(default_factory=dict)


@dataclass
class FileGraph:
    nodes: list[FileNode] = field(default_factory=list)
    edges: list[FileEdge] = field(default_factory=list)
    #: graph-level data (GraphML ``<data>`` of the graph)
    data: dict[str, str] = field(default_factory=dict)


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

    def given(self) -> bool:
        return any(
            (self.default_kind, self.kind_from, self.kind_map, self.name_from, self.tie_kind, self.id_prefix)
        )


# ---------------------------------------------------------------------------------------------
# Parsing


def iter_xml(path: Path, label: str, fmt: str) -> Iterator[tuple[str, Any]]:
    """``(event, element)`` of ``path``, streaming; refuses a DOCTYPE and says a syntax error
    in our words (file, line). The caller clears the elements it is done with."""
    from lxml import etree

    checked = False
    with path.open("rb") as handle:
        try:
            for event, element in etree.iterparse(
                handle,
                events=("start", "end"),
                resolve_entities=False,
                no_network=True,
                load_dtd=False,
                huge_tree=False,
                remove_comments=True,
                remove_pis=True,
            ):
                if not checked:
                    checked = True
                    docinfo = element.getroottree().docinfo
                    if docinfo.doctype or docinfo.internalDTD is not None:
                        raise FileError(FileProblem("xml_entities", file=label, line=1))
                yield event, element
        except etree.XMLSyntaxError as exc:
            if "Entity" in str(exc) or "DOCTYPE" in str(exc):
                raise FileError(FileProblem("xml_entities", file=label, line=exc.lineno)) from exc
            raise bad_xml(fmt, label, exc.msg, exc.lineno) from exc
    if not checked:
        raise FileError(FileProblem("file_empty", file=label))


def bad_xml(fmt: str, label: str, detail: str, line: int | None = None) -> FileError:
    return FileError(
        FileProblem("bad_xml", {"format": FORMAT_NAME[fmt], "detail": detail}, file=label, line=line)
    )


def split_tag(tag: Any) -> tuple[str, str]:
    """``{namespace}local`` as (namespace, local); comments and the like as ("", "")."""
    if not isinstance(tag, str):
        return "", ""
    if tag[:1] == "{":
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return "", tag


def local(tag: Any) -> str:
    return split_tag(tag)[1]


def release(element: Any) -> None:
    """Free a finished element and the siblings before it (a big file stays small in memory)."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


_INT = re.compile(r"[+-]?\d+")


def typed(fmt: str, label: str, value: str, kind: str, line: int | None, name: str) -> str:
    """``value`` checked against its declared type (int, double, boolean); the text is kept
    (lists and dates are read by the record checks). A value that is not of its type is an
    error of the file, named with its line."""
    text = value.strip()
    kind = kind.lower()
    ok = True
    if kind in ("int", "integer", "long", "short", "byte", "biginteger"):
        ok = _INT.fullmatch(text) is not None and len(text) <= 30
    elif kind in ("float", "double", "bigdecimal"):
        try:
            float(text)
        except ValueError:
            ok = False
    elif kind == "boolean":
        ok = text.lower() in ("true", "false", "1", "0")
    if not ok:
        short = text if len(text) <= 40 else f"{text[:20]}... ({len(text)})"
        raise bad_xml(fmt, label, f"{name} = «{short}» is not of type {kind}", line)
    return text


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def as_day(value: str | None) -> str | None:
    """The ISO day of a time value (``2021-03-01`` or ``2021-03-01T10:00:00``); None for times
    given as numbers (GEXF ``timeformat`` integer or double), which are no dates."""
    if value is None:
        return None
    text = value.strip()
    return text[:10] if _DATE.match(text) else None


# ---------------------------------------------------------------------------------------------
# Nodes and edges as records


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
        for key, value in (("since", edge.since), ("until", edge.until)):
            if value is not None and key not in attrs:
                attrs[key] = value
        raw = _raw("tie", attrs)
        key = _tie_key(kind, source, target)
        before = kept.get(key) if key else None
        if before is not None and _add_weight(before, raw):
            merged += 1
            continue
        if key:
            kept[key] = raw
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
    import hashlib

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


def _raw(record: str, attrs: dict[str, Any]) -> dict[str, Any]:
    names = list(attrs)
    fields = [field_for(record, n) for n in names]
    return record_from_cells(record, fields, [_cell_text(attrs[n]) for n in names])


# ---------------------------------------------------------------------------------------------
# Writing


_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SPECIAL = re.compile('[&<>"\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]')
_ATTR_WHITESPACE = {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}


def text(value: Any) -> str:
    """A value as XML text or attribute content (escaped; characters XML forbids dropped)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = "|".join(value)
    out = value if isinstance(value, str) else str(value)
    if _SPECIAL.search(out) is None:
        return out
    return escape(_INVALID_XML.sub("", out), {'"': "&quot;"})


def quoteattr(value: Any) -> str:
    """An XML attribute value in quotes; line breaks and tabs as references, since a parser
    turns them into spaces otherwise."""
    out = text(value)
    if "\n" in out or "\r" in out or "\t" in out:
        out = "".join(_ATTR_WHITESPACE.get(ch, ch) for ch in out)
    return f'"{out}"'


def write_graph(
    path: Path, tables: dict[str, list[dict[str, Any]]], *, fmt: str, include_personal: bool, **shape: Any
) -> None:
    if fmt == "graphml":
        from loaders.graphml import write_graphml

        write_graphml(path, tables, include_personal=include_personal, **shape)
    else:
        from loaders.gexf import write_gexf

        write_gexf(path, tables, include_personal=include_personal, **shape)


def read_graph(
    path: Path,
    records: Records,
    *,
    fmt: str,
    label: str | None = None,
    limits: Any = None,
    choices: ImportChoices | None = None,
) -> None:
    """Add the records of a GraphML or GEXF file to ``records``, each with its line."""
    label = label or path.name
    if path.stat().st_size == 0:
        raise FileError(FileProblem("file_empty", file=label))
    budget = Budget(limits, label)
    if fmt == "graphml":
        from loaders.graphml import add_graph_data, parse_graphml

        fg = parse_graphml(path, label, budget)
        add_graph_data(fg, records, label)
    else:
        from loaders.gexf import parse_gexf

        fg = parse_gexf(path, label, budget)
    add_records(fg, records, label, choices)
