"""GraphML and GEXF in and out: NetworkX's readers, and streaming writers of our own.

The NetworkX writers build the whole XML tree first (several GB and minutes for 600,000
elements); ours write element by element and are read back by NetworkX in the round-trip tests.

Both are what Gephi reads and writes. Actors are nodes (id = actor id, ``label`` = name for
Gephi), ties are edges keyed by the tie id, and every field travels as an attribute: list
fields as ``a|b|c``, dates as ISO text, the derived ``sector`` and ``directed`` for colouring
(ignored on the way in). Areas and topics have no place in a graph drawing:

- GraphML keeps them as graph data (``quartiernetz_areas``, ``quartiernetz_topics``: JSON).
- GEXF has no graph data in NetworkX, so they are nodes ``area:<id>`` and ``topic:<id>`` with
  the attribute ``record`` set to ``area`` or ``topic`` (filter on ``record`` in Gephi).

Safety: a file with a DOCTYPE (where entities are declared) is refused before any parser that
would expand them sees it, so an external entity (XXE) or an entity bomb is never resolved.
Line numbers come from a streaming pass with lxml (entities off, no network).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import networkx as nx

from graph.config import FileLimits
from loaders.columns import CONTACT_COLUMNS, field_for, record_from_cells
from loaders.excel import _cell_text
from loaders.sheets import Budget, FileError, FileProblem, Records

GRAPH_AREAS = "quartiernetz_areas"
GRAPH_TOPICS = "quartiernetz_topics"
_FORMAT_NAME = {"graphml": "GraphML", "gexf": "GEXF"}


# ---------------------------------------------------------------------------------------------
# out


def write_graph(
    path: Path, tables: dict[str, list[dict[str, Any]]], *, fmt: str, include_personal: bool
) -> None:
    if fmt == "graphml":
        write_graphml(path, tables, include_personal=include_personal)
    else:
        write_gexf(path, tables, include_personal=include_personal)


_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NODE_KEYS = (
    "label",
    "name",
    "kind",
    "sector",
    "areas",
    "topics",
    "description",
    "website",
    "tags",
    *CONTACT_COLUMNS,
    "created_at",
    "updated_at",
)
_EDGE_KEYS = (
    "kind",
    "weight",
    "since",
    "until",
    "asserted_by",
    "method",
    "asserted_on",
    "note",
    "directed",
    "created_at",
    "updated_at",
)
_TYPES = {"weight": "int", "directed": "boolean"}


_SPECIAL = re.compile('[&<>"\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]')


def _text(value: Any) -> str:
    """A value as XML text or attribute content (escaped; characters XML forbids dropped)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = "|".join(value)
    text = value if isinstance(value, str) else str(value)
    if _SPECIAL.search(text) is None:
        return text
    return escape(_INVALID_XML.sub("", text), {'"': "&quot;"})


_ATTR_WHITESPACE = {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}


def quoteattr(value: Any) -> str:
    """An XML attribute value in quotes; line breaks and tabs as references, since a parser
    turns them into spaces otherwise."""
    text = _text(value)
    if "\n" in text or "\r" in text or "\t" in text:
        text = "".join(_ATTR_WHITESPACE.get(ch, ch) for ch in text)
    return f'"{text}"'


def write_graphml(path: Path, tables: dict[str, list[dict[str, Any]]], *, include_personal: bool) -> None:
    """Stream GraphML (what :func:`nx.read_graphml` and Gephi read) without building a graph:
    the NetworkX writer takes several times longer on a big network."""
    from graph.model import ActorKind

    sectors = {k.value: (k.sector.value if k.sector else None) for k in ActorKind}
    node_keys = [k for k in _NODE_KEYS if include_personal or k not in CONTACT_COLUMNS]
    with path.open("w", encoding="utf-8", newline="\n") as out:
        w = out.write
        w(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
            'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
        )
        for key in (GRAPH_AREAS, GRAPH_TOPICS):
            w(f'<key id="{key}" for="graph" attr.name="{key}" attr.type="string"/>\n')
        for key in node_keys:
            w(f'<key id="n_{key}" for="node" attr.name="{key}" attr.type="string"/>\n')
        for key in _EDGE_KEYS:
            w(f'<key id="e_{key}" for="edge" attr.name="{key}" attr.type="{_TYPES.get(key, "string")}"/>\n')
        w('<graph edgedefault="directed">\n')
        for key, record in ((GRAPH_AREAS, "area"), (GRAPH_TOPICS, "topic")):
            data = json.dumps(tables.get(record, []), ensure_ascii=False, sort_keys=True)
            w(f'<data key="{key}">{_text(data)}</data>\n')
        for row in tables.get("actor", []):
            values = dict(row)
            values["label"] = row["name"]
            values["sector"] = sectors[row["kind"]]
            contact = row.get("contact") or {}
            if include_personal:
                for col in CONTACT_COLUMNS:
                    values[col] = contact.get(col.removeprefix("contact_"))
            parts = [f"<node id={quoteattr(row['id'])}>"]
            for key in node_keys:
                value = values.get(key)
                if value is None or value == [] or value == "":
                    continue
                parts.append(f'<data key="n_{key}">{_text(value)}</data>')
            parts.append("</node>\n")
            w("".join(parts))
        for row in tables.get("tie", []):
            values = dict(row)
            values["directed"] = row["kind"] != "cooperates_with"
            parts = [
                f"<edge id={quoteattr(row['id'])} source={quoteattr(row['source'])} "
                f"target={quoteattr(row['target'])}>"
            ]
            for key in _EDGE_KEYS:
                value = values.get(key)
                if value is None or value == "":
                    continue
                parts.append(f'<data key="e_{key}">{_text(value)}</data>')
            parts.append("</edge>\n")
            w("".join(parts))
        w("</graph>\n</graphml>\n")


# ---------------------------------------------------------------------------------------------
# in


def _scan(
    path: Path, label: str, fmt: str, budget: Budget | None = None
) -> tuple[dict[str, int], dict[str, int]]:
    """Lines of nodes and edges (by id), streaming; refuses a DOCTYPE (XXE), and a file with
    more nodes and edges than the limits allow before NetworkX builds its tree."""
    budget = budget or Budget(None, label)
    from lxml import etree

    nodes: dict[str, int] = {}
    edges: dict[str, int] = {}
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
            ):
                if not checked:
                    checked = True
                    docinfo = element.getroottree().docinfo
                    if docinfo.doctype or docinfo.internalDTD is not None:
                        raise FileError(FileProblem("xml_entities", file=label, line=1))
                tag = etree.QName(element).localname
                if event == "start":
                    if tag in ("node", "edge"):
                        budget.take(len(element.attrib), element.sourceline)
                    if tag == "node" and element.get("id") is not None:
                        nodes.setdefault(element.get("id"), element.sourceline)
                    elif tag == "edge":
                        edge_id = element.get("id")
                        if edge_id is not None:
                            edges.setdefault(edge_id, element.sourceline)
                elif tag in ("node", "edge"):
                    element.clear(keep_tail=False)
        except etree.XMLSyntaxError as exc:
            if "Entity" in str(exc) or "DOCTYPE" in str(exc):
                raise FileError(FileProblem("xml_entities", file=label, line=exc.lineno)) from exc
            raise FileError(
                FileProblem(
                    "bad_xml", {"format": _FORMAT_NAME[fmt], "detail": exc.msg}, file=label, line=exc.lineno
                )
            ) from exc
    if not checked:
        raise FileError(FileProblem("file_empty", file=label))
    return nodes, edges


def _raw(record: str, attrs: dict[str, Any]) -> dict[str, Any]:
    names = list(attrs)
    fields = [field_for(record, n) for n in names]
    return record_from_cells(record, fields, [_cell_text(attrs[n]) for n in names])


def read_graph(
    path: Path, records: Records, *, fmt: str, label: str | None = None, limits: FileLimits | None = None
) -> None:
    """Add the records of a GraphML or GEXF file to ``records``, each with its line."""
    label = label or path.name
    if path.stat().st_size == 0:
        raise FileError(FileProblem("file_empty", file=label))
    node_lines, edge_lines = _scan(path, label, fmt, Budget(limits, label))
    try:
        if fmt == "graphml":
            graph = nx.read_graphml(path, force_multigraph=True)
        else:
            graph = nx.read_gexf(path)
    except Exception as exc:  # NetworkX raises many kinds; say it once, in our words
        raise FileError(
            FileProblem("bad_xml", {"format": _FORMAT_NAME[fmt], "detail": str(exc)}, file=label)
        ) from exc
    records.columns.setdefault(label, {})
    for key, record in ((GRAPH_AREAS, "area"), (GRAPH_TOPICS, "topic")):
        if key in graph.graph:
            try:
                rows = json.loads(graph.graph[key])
            except json.JSONDecodeError as exc:
                raise FileError(FileProblem("bad_json", {"detail": exc.msg}, file=label, column=key)) from exc
            except (RecursionError, ValueError, TypeError) as exc:  # too deep, 4,300 digits
                detail = f"{type(exc).__name__}: {str(exc)[:120]}"
                raise FileError(FileProblem("bad_json", {"detail": detail}, file=label, column=key)) from exc
            for row in rows if isinstance(rows, list) else []:
                records.add(record, row, label, None)
    for node, data in graph.nodes(data=True):
        attrs = dict(data)
        record = attrs.pop("record", "actor")
        label_text = attrs.pop("label", None)
        line = node_lines.get(str(node))
        if record in ("area", "topic"):
            attrs["id"] = str(node).removeprefix(record + ":")
            records.add(record, _raw(record, attrs), label, line)
            continue
        attrs["id"] = str(node)
        if "name" not in attrs and label_text is not None:
            attrs["name"] = label_text
        records.add("actor", _raw("actor", attrs), label, line)
    # NetworkX's GEXF reader returns a plain DiGraph when no two edges share their ends
    edges = (
        graph.edges(keys=True, data=True)
        if graph.is_multigraph()
        else ((u, v, None, d) for u, v, d in graph.edges(data=True))
    )
    for source, target, edge_key, data in edges:
        attrs = dict(data)
        edge_id = attrs.pop("id", None)
        attrs.pop("networkx_key", None)
        line = edge_lines.get(str(edge_id if edge_id is not None else edge_key))
        attrs["source"], attrs["target"] = str(source), str(target)
        records.add("tie", _raw("tie", attrs), label, line)


_GEXF_AREA_KEYS = ("level", "parent", "scheme", "covers")
_GEXF_EDGE_KEYS = tuple(k for k in _EDGE_KEYS if k != "weight")


def write_gexf(path: Path, tables: dict[str, list[dict[str, Any]]], *, include_personal: bool) -> None:
    """Stream GEXF 1.2 (what Gephi and :func:`nx.read_gexf` read) without building a graph.

    Areas and topics are nodes ``area:<id>`` / ``topic:<id>`` with ``record`` set, since GEXF
    (as NetworkX reads it) has no graph data; they have no edges.
    """
    from graph.model import ActorKind

    sectors = {k.value: (k.sector.value if k.sector else None) for k in ActorKind}
    actor_keys = [k for k in _NODE_KEYS if k != "label" and (include_personal or k not in CONTACT_COLUMNS)]
    node_keys = ["record", *actor_keys, *_GEXF_AREA_KEYS]
    with path.open("w", encoding="utf-8", newline="\n") as out:
        w = out.write
        w(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2">\n'
            "<meta><creator>Quartiernetz</creator></meta>\n"
            '<graph defaultedgetype="directed" mode="static">\n<attributes class="node" mode="static">\n'
        )
        for key in node_keys:
            w(f'<attribute id="{key}" title="{key}" type="string"/>\n')
        w('</attributes>\n<attributes class="edge" mode="static">\n')
        for key in _GEXF_EDGE_KEYS:
            kind = "boolean" if key == "directed" else "string"
            w(f'<attribute id="{key}" title="{key}" type="{kind}"/>\n')
        w("</attributes>\n<nodes>\n")

        def node(node_id: str, label: str, values: dict[str, Any], keys: list[str]) -> None:
            parts = [f"<node id={quoteattr(node_id)} label={quoteattr(label)}><attvalues>"]
            for key in keys:
                value = values.get(key)
                if value is None or value == [] or value == "":
                    continue
                parts.append(f'<attvalue for="{key}" value={quoteattr(value)}/>')
            parts.append("</attvalues></node>\n")
            w("".join(parts))

        for record in ("area", "topic"):
            for row in tables.get(record, []):
                values = {**row, "record": record}
                node(f"{record}:{row['id']}", row["name"], values, node_keys)
        for row in tables.get("actor", []):
            values = {**row, "record": "actor", "sector": sectors[row["kind"]]}
            contact = row.get("contact") or {}
            if include_personal:
                for col in CONTACT_COLUMNS:
                    values[col] = contact.get(col.removeprefix("contact_"))
            node(row["id"], row["name"], values, node_keys)
        w("</nodes>\n<edges>\n")
        for row in tables.get("tie", []):
            values = {**row, "directed": row["kind"] != "cooperates_with"}
            parts = [
                f"<edge id={quoteattr(row['id'])} source={quoteattr(row['source'])} "
                f'target={quoteattr(row["target"])} weight="{int(row.get("weight") or 3)}"><attvalues>'
            ]
            for key in _GEXF_EDGE_KEYS:
                value = values.get(key)
                if value is None or value == "":
                    continue
                parts.append(f'<attvalue for="{key}" value={quoteattr(value)}/>')
            parts.append("</attvalues></edge>\n")
            w("".join(parts))
        w("</edges>\n</graph>\n</gexf>\n")
