"""GraphML in and out, as the GraphML specification (graphml.graphdrawing.org) says.

Reading (streaming, with the line of every node and edge, with or without an edge id):

- ``<key>`` declarations with their ``<default>`` (applied to every node or edge without that
  data), ``for`` node, edge, graph or all; values checked against ``attr.type``;
- ``edgedefault`` of the graph and each edge's ``directed``;
- yEd's graphics data (``yfiles.type="nodegraphics"``): the text of the node's ``<y:NodeLabel>``
  is its label, used as the name when there is no ``name``;
- graph-level ``<data>`` (Quartiernetz keeps areas and topics there as JSON); nested graphs are
  read flat; ports and hyperedges are ignored.

Writing streams element by element (the NetworkX writer builds the whole tree first: several GB
and minutes for 600,000 elements). Actors are nodes (``label`` = name), ties are edges with the
tie id, every field an attribute; areas and topics are graph data (``quartiernetz_areas``,
``quartiernetz_topics``: JSON), so a re-import gives the same network; ``part_of`` ties only with
``with_hierarchy``; the measures (if given) as node attributes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from loaders.columns import CONTACT_COLUMNS
from loaders.sheets import Budget, FileError, FileProblem, Records
from loaders.xmlgraph import (
    EDGE_KEYS,
    NODE_KEYS,
    FileEdge,
    FileGraph,
    FileNode,
    bad_xml,
    iter_xml,
    measure_types_of,
    quoteattr,
    release,
    split_tag,
    text,
    typed,
)

GRAPH_AREAS = "quartiernetz_areas"
GRAPH_TOPICS = "quartiernetz_topics"
NS = "http://graphml.graphdrawing.org/xmlns"
_TYPES = {"weight": "double", "directed": "boolean"}


# ---------------------------------------------------------------------------------------------
# in


class _Key:
    __slots__ = ("default", "domain", "name", "type", "yfiles")

    def __init__(self, element: Any) -> None:
        self.name = element.get("attr.name") or element.get("id") or ""
        self.type = element.get("attr.type") or "string"
        self.domain = element.get("for") or "all"
        self.yfiles = element.get("yfiles.type")
        self.default: str | None = None


def parse_graphml(path: Path, label: str, budget: Budget | None = None) -> FileGraph:
    """The graph of a GraphML file (see the module docstring for how it is read)."""
    budget = budget or Budget(None, label)
    fg = FileGraph()
    keys: dict[str, _Key] = {}
    directed_by_default: list[bool] = []
    root_seen = graph_seen = False
    for event, element in iter_xml(path, label, "graphml"):
        ns, tag = split_tag(element.tag)
        if not root_seen:
            root_seen = True
            if tag != "graphml" or ns not in (NS, ""):
                where = f" ({ns})" if ns else ""
                raise bad_xml(
                    "graphml", label, f"the root element is <{tag}>{where}, not <graphml>", element.sourceline
                )
        if ns not in (NS, ""):
            continue  # yEd's and other extensions: read where they belong (labels), else ignored
        if event == "start":
            if tag == "graph":
                graph_seen = True
                directed_by_default.append((element.get("edgedefault") or "undirected").strip() == "directed")
            elif tag in ("node", "edge"):
                budget.take(len(element.attrib), element.sourceline)
            continue
        if tag == "key":
            key = _Key(element)
            for child in element:
                if split_tag(child.tag)[1] == "default":
                    key.default = child.text or ""
            keys[element.get("id") or key.name] = key
        elif tag == "graph":
            directed_by_default.pop()
        elif (
            tag == "data"
            and element.getparent() is not None
            and split_tag(element.getparent().tag)[1] == "graph"
        ):
            known = keys.get(element.get("key") or "")
            fg.data[known.name if known else element.get("key") or ""] = element.text or ""
        elif tag == "node":
            node_id = element.get("id")
            if node_id is None:
                raise bad_xml("graphml", label, "a <node> without id", element.sourceline)
            values, node_label = _values(element, keys, "node", label)
            fg.nodes.append(FileNode(node_id, element.sourceline, node_label, values))
            release(element)
        elif tag == "edge":
            fg.edges.append(
                _edge(element, keys, directed_by_default[-1] if directed_by_default else False, label)
            )
            release(element)
    if not graph_seen:
        raise bad_xml("graphml", label, "no <graph> element")
    return fg


def _values(
    element: Any, keys: dict[str, _Key], domain: str, label: str
) -> tuple[dict[str, str], str | None]:
    values = {
        k.name: k.default
        for k in keys.values()
        if k.default is not None and k.domain in (domain, "all") and not k.yfiles
    }
    found_label = None
    for child in element:
        if split_tag(child.tag)[1] != "data":
            continue
        key = keys.get(child.get("key") or "")
        if key is not None and key.yfiles:
            if domain == "node" and found_label is None:
                found_label = _yed_label(child)
            continue
        name = key.name if key else child.get("key") or ""
        if len(child):  # structured content we do not know
            continue
        values[name] = typed(
            "graphml", label, child.text or "", key.type if key else "string", child.sourceline, name
        )
    return values, found_label


def _yed_label(data: Any) -> str | None:
    for item in data.iter():
        if split_tag(item.tag)[1] == "NodeLabel":
            label = "".join(item.itertext()).strip()
            if label:
                return label
    return None


def _edge(element: Any, keys: dict[str, _Key], default_directed: bool, label: str) -> FileEdge:
    source, target = element.get("source"), element.get("target")
    if source is None or target is None:
        raise bad_xml("graphml", label, "an <edge> without source or target", element.sourceline)
    flag = element.get("directed")
    directed = default_directed if flag is None else flag.strip() in ("true", "1")
    values, _ = _values(element, keys, "edge", label)
    return FileEdge(
        source,
        target,
        element.sourceline,
        directed,
        element.get("id"),
        weight=values.pop("weight", None),
        attrs=values,
    )


def add_graph_data(fg: FileGraph, records: Records, label: str) -> None:
    """Areas and topics a Quartiernetz export keeps as graph data (JSON)."""
    for key, record in ((GRAPH_AREAS, "area"), (GRAPH_TOPICS, "topic")):
        if key not in fg.data:
            continue
        try:
            rows = json.loads(fg.data[key])
        except json.JSONDecodeError as exc:
            raise FileError(FileProblem("bad_json", {"detail": exc.msg}, file=label, column=key)) from exc
        except (RecursionError, ValueError, TypeError) as exc:  # too deep, 4,300 digits
            detail = f"{type(exc).__name__}: {str(exc)[:120]}"
            raise FileError(FileProblem("bad_json", {"detail": detail}, file=label, column=key)) from exc
        for row in rows if isinstance(rows, list) else []:
            records.add(record, row, label, None)


# ---------------------------------------------------------------------------------------------
# out


def write_graphml(
    path: Path,
    tables: dict[str, list[dict[str, Any]]],
    *,
    include_personal: bool,
    with_areas_topics: bool = True,
    with_hierarchy: bool = False,
    measures: dict[str, dict[str, Any]] | None = None,
) -> None:
    """Stream GraphML (see the module docstring for its shape). Areas and topics travel as graph
    data whatever ``with_areas_topics`` says: they draw nothing in Gephi or yEd."""
    del with_areas_topics  # always as graph data
    from graph.model import ActorKind

    sectors = {k.value: (k.sector.value if k.sector else None) for k in ActorKind}
    node_keys = [k for k in NODE_KEYS if include_personal or k not in CONTACT_COLUMNS]
    measure_types = {
        k: {"integer": "int", "double": "double", "boolean": "boolean"}.get(v, "string")
        for k, v in measure_types_of(measures).items()
    }
    with path.open("w", encoding="utf-8", newline="\n") as out:
        w = out.write
        w(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<graphml xmlns="{NS}" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            f'xsi:schemaLocation="{NS} '
            'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
        )
        for key in (GRAPH_AREAS, GRAPH_TOPICS):
            w(f'<key id="{key}" for="graph" attr.name="{key}" attr.type="string"/>\n')
        for key in node_keys:
            w(f'<key id="n_{key}" for="node" attr.name="{key}" attr.type="string"/>\n')
        for key, kind in measure_types.items():
            w(f'<key id="n_{key}" for="node" attr.name="{key}" attr.type="{kind}"/>\n')
        for key in EDGE_KEYS:
            w(f'<key id="e_{key}" for="edge" attr.name="{key}" attr.type="{_TYPES.get(key, "string")}"/>\n')
        w('<graph edgedefault="directed">\n')
        for key, record in ((GRAPH_AREAS, "area"), (GRAPH_TOPICS, "topic")):
            data = json.dumps(tables.get(record, []), ensure_ascii=False, sort_keys=True)
            w(f'<data key="{key}">{text(data)}</data>\n')
        for row in tables.get("actor", []):
            values = dict(row)
            values["label"] = row["name"]
            values["sector"] = sectors[row["kind"]]
            values.update((measures or {}).get(row["id"], {}))
            contact = row.get("contact") or {}
            if include_personal:
                for col in CONTACT_COLUMNS:
                    values[col] = contact.get(col.removeprefix("contact_"))
            parts = [f"<node id={_quote(row['id'])}>"]
            for key in (*node_keys, *measure_types):
                value = values.get(key)
                if value is None or value == [] or value == "":
                    continue
                parts.append(f'<data key="n_{key}">{text(value)}</data>')
            parts.append("</node>\n")
            w("".join(parts))
        for row in tables.get("tie", []):
            if row["kind"] == "part_of" and not with_hierarchy:
                continue
            values = dict(row)
            values["directed"] = row["kind"] != "cooperates_with"
            parts = [
                f"<edge id={_quote(row['id'])} source={_quote(row['source'])} target={_quote(row['target'])}>"
            ]
            for key in EDGE_KEYS:
                value = values.get(key)
                if value is None or value == "":
                    continue
                parts.append(f'<data key="e_{key}">{text(value)}</data>')
            parts.append("</edge>\n")
            w("".join(parts))
        w("</graph>\n</graphml>\n")


def _quote(value: Any) -> str:
    return quoteattr(value)
