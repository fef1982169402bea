"""GEXF in and out, as the specification says (GEXF 1.1draft, 1.2draft and 1.3; the 1.3 primer
and schema at gexf.net).

Reading (streaming, with the line of every node and edge):

- the namespaces of 1.1draft, 1.2draft and 1.3 (``http://gexf.net/1.3`` and the older
  ``http://www.gexf.net/1.3``), or none;
- ``defaultedgetype`` (the specification's default: undirected) and each edge's ``type``
  (directed, undirected, mutual: mutual is read as undirected);
- ``<attributes>`` with their ``<default>``s; ``<attvalue for=...>`` (``id=`` in old files);
  a dynamic attribute with several values keeps the last;
- an edge without ``weight`` weighs 1.0 (the specification's default);
- ``start``/``end`` of an edge, or its ``<spells>`` (the earliest start, the latest end), become
  the tie's ``since``/``until`` where they are dates; times given as numbers are left out;
- ``viz`` elements (colour, position, size, shape) are ignored; hierarchies (nodes in nodes,
  ``pid``) are read flat.

Writing: GEXF 1.3 (``http://gexf.net/1.3``), valid against the 1.3 schema. By default actors
only, with their areas and topics as node attributes, ``part_of`` ties left out, cooperation
edges ``type="undirected"``, and the measures of :mod:`loaders.measures` as node attributes;
``with_areas_topics`` writes areas and topics as nodes ``area:<id>`` / ``topic:<id>`` (attribute
``record``), ``with_hierarchy`` the ``part_of`` ties: with both, a re-import gives the same
network.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from loaders.columns import CONTACT_COLUMNS
from loaders.sheets import Budget
from loaders.xmlgraph import (
    EDGE_KEYS,
    NODE_KEYS,
    FileEdge,
    FileGraph,
    FileNode,
    as_day,
    bad_xml,
    iter_xml,
    measure_types_of,
    quoteattr,
    release,
    split_tag,
    typed,
)

NAMESPACES = {
    "http://www.gexf.net/1.1draft": "1.1draft",
    "http://www.gexf.net/1.2draft": "1.2draft",
    "http://gexf.net/1.2": "1.2",
    "http://www.gexf.net/1.2": "1.2",
    "http://gexf.net/1.3": "1.3",
    "http://www.gexf.net/1.3": "1.3",
    "": "none",
}
NS = "http://gexf.net/1.3"


# ---------------------------------------------------------------------------------------------
# in


class _Attr:
    __slots__ = ("default", "title", "type")

    def __init__(self, title: str, type_: str) -> None:
        self.title, self.type = title, type_
        self.default: str | None = None


def parse_gexf(path: Path, label: str, budget: Budget | None = None) -> FileGraph:
    """The graph of a GEXF file (see the module docstring for how it is read)."""
    budget = budget or Budget(None, label)
    fg = FileGraph()
    declared: dict[str, dict[str, _Attr]] = {"node": {}, "edge": {}}
    klass = "node"
    current: _Attr | None = None
    default_directed = False
    root_seen = graph_seen = False
    for event, element in iter_xml(path, label, "gexf"):
        ns, tag = split_tag(element.tag)
        if not root_seen:
            root_seen = True
            if tag != "gexf" or ns not in NAMESPACES:
                where = f" ({ns})" if ns else ""
                raise bad_xml(
                    "gexf",
                    label,
                    f"the root element is <{tag}>{where}, not GEXF's <gexf> "
                    "(namespace of GEXF 1.1draft, 1.2draft or 1.3)",
                    element.sourceline,
                )
        if ns != "" and ns not in NAMESPACES:
            if event == "end":  # viz and other extensions: ignored
                element.clear(keep_tail=False)
            continue
        if event == "start":
            if tag == "graph":
                graph_seen = True
                default_directed = (element.get("defaultedgetype") or "undirected").strip() == "directed"
            elif tag == "attributes":
                klass = (element.get("class") or "node").strip()
                declared.setdefault(klass, {})
            elif tag == "attribute":
                key = element.get("id") or element.get("title") or ""
                current = _Attr(element.get("title") or key, element.get("type") or "string")
                declared.setdefault(klass, {})[key] = current
            elif tag in ("node", "edge"):
                budget.take(len(element.attrib), element.sourceline)
            continue
        if tag == "default" and current is not None:
            current.default = element.text or ""
        elif tag == "attribute":
            current = None
        elif tag == "node":
            fg.nodes.append(_node(element, declared["node"], label))
            release(element)
        elif tag == "edge":
            fg.edges.append(_edge(element, declared.get("edge", {}), default_directed, label))
            release(element)
    if not graph_seen:
        raise bad_xml("gexf", label, "no <graph> element")
    return fg


def _children(element: Any, name: str) -> list[Any]:
    return [c for c in element if split_tag(c.tag)[1] == name]


def _values(element: Any, declared: dict[str, _Attr], label: str) -> dict[str, str]:
    """Attribute title -> value: the declared defaults, then the element's ``<attvalue>``s."""
    values: dict[str, str] = {a.title: a.default for a in declared.values() if a.default is not None}
    for box in _children(element, "attvalues"):
        for value in _children(box, "attvalue"):
            key = value.get("for") or value.get("id")
            if key is None or value.get("value") is None:
                continue
            attr = declared.get(key)
            title = attr.title if attr else key
            values[title] = typed(
                "gexf", label, value.get("value"), attr.type if attr else "string", value.sourceline, title
            )
    return values


def _node(element: Any, declared: dict[str, _Attr], label: str) -> FileNode:
    node_id = element.get("id")
    if node_id is None:
        raise bad_xml("gexf", label, "a <node> without id", element.sourceline)
    return FileNode(node_id, element.sourceline, element.get("label"), _values(element, declared, label))


def _edge(element: Any, declared: dict[str, _Attr], default_directed: bool, label: str) -> FileEdge:
    source, target = element.get("source"), element.get("target")
    if source is None or target is None:
        raise bad_xml("gexf", label, "an <edge> without source or target", element.sourceline)
    kind = (element.get("type") or "").strip()
    directed = default_directed if not kind else kind == "directed"
    attrs = _values(element, declared, label)
    weight = element.get("weight")
    if weight is None:
        weight = attrs.pop("weight", None)  # the dynamic weight: an attribute titled "weight"
    else:
        attrs.pop("weight", None)
    starts = [element.get("start") or element.get("startopen")]
    ends = [element.get("end") or element.get("endopen")]
    for box in _children(element, "spells"):
        for spell in _children(box, "spell"):
            starts.append(spell.get("start") or spell.get("startopen"))
            ends.append(spell.get("end") or spell.get("endopen"))
    since = [d for s in starts if (d := as_day(s))]
    until = [d for e in ends if (d := as_day(e))]
    return FileEdge(
        source,
        target,
        element.sourceline,
        directed,
        element.get("id"),
        weight=weight,
        since=min(since) if since else None,
        until=max(until) if until else None,
        kind=element.get("kind"),
        attrs=attrs,
    )


# ---------------------------------------------------------------------------------------------
# out


def write_gexf(
    path: Path,
    tables: dict[str, list[dict[str, Any]]],
    *,
    include_personal: bool,
    with_areas_topics: bool = False,
    with_hierarchy: bool = False,
    measures: dict[str, dict[str, Any]] | None = None,
) -> None:
    """Stream GEXF 1.3 without building a graph (see the module docstring for its shape).

    ``measures``: actor id -> {measure: value}, written as node attributes of their type."""
    from graph.model import ActorKind

    sectors = {k.value: (k.sector.value if k.sector else None) for k in ActorKind}
    actor_keys = [k for k in NODE_KEYS if k != "label" and (include_personal or k not in CONTACT_COLUMNS)]
    area_keys = ["level", "parent", "scheme", "covers"] if with_areas_topics else []
    node_keys = (["record"] if with_areas_topics else []) + actor_keys + area_keys
    measure_types = measure_types_of(measures)
    edge_keys = [k for k in EDGE_KEYS if k != "weight"]
    with path.open("w", encoding="utf-8", newline="\n") as out:
        w = out.write
        w(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<gexf xmlns="{NS}" version="1.3">\n'
            "<meta><creator>Quartiernetz</creator></meta>\n"
            '<graph defaultedgetype="directed" mode="static">\n<attributes class="node" mode="static">\n'
        )
        for key in node_keys:
            w(f'<attribute id="{key}" title="{key}" type="string"/>\n')
        for key, kind in measure_types.items():
            w(f'<attribute id="{key}" title="{key}" type="{kind}"/>\n')
        w('</attributes>\n<attributes class="edge" mode="static">\n')
        for key in edge_keys:
            kind = "boolean" if key == "directed" else "string"
            w(f'<attribute id="{key}" title="{key}" type="{kind}"/>\n')
        w("</attributes>\n<nodes>\n")

        def node(node_id: str, name: str, values: dict[str, Any]) -> None:
            parts = [f"<node id={quoteattr(node_id)} label={quoteattr(name)}><attvalues>"]
            for key in (*node_keys, *measure_types):
                value = values.get(key)
                if value is None or value == [] or value == "":
                    continue
                parts.append(f'<attvalue for="{key}" value={quoteattr(value)}/>')
            parts.append("</attvalues></node>\n")
            w("".join(parts))

        if with_areas_topics:
            for record in ("area", "topic"):
                for row in tables.get(record, []):
                    node(f"{record}:{row['id']}", row["name"], {**row, "record": record})
        for row in tables.get("actor", []):
            values = {**row, "record": "actor", "sector": sectors[row["kind"]]}
            values.update((measures or {}).get(row["id"], {}))
            contact = row.get("contact") or {}
            if include_personal:
                for col in CONTACT_COLUMNS:
                    values[col] = contact.get(col.removeprefix("contact_"))
            node(row["id"], row["name"], values)
        w("</nodes>\n<edges>\n")
        for row in tables.get("tie", []):
            if row["kind"] == "part_of" and not with_hierarchy:
                continue
            directed = row["kind"] != "cooperates_with"
            values = {**row, "directed": directed}
            weight = row.get("weight")
            parts = [
                f"<edge id={quoteattr(row['id'])} source={quoteattr(row['source'])} "
                f"target={quoteattr(row['target'])}"
                + ("" if directed else ' type="undirected"')
                + (f' weight="{_number(weight)}"' if weight is not None else "")
                + "><attvalues>"
            ]
            for key in edge_keys:
                value = values.get(key)
                if value is None or value == "":
                    continue
                parts.append(f'<attvalue for="{key}" value={quoteattr(value)}/>')
            parts.append("</attvalues></edge>\n")
            w("".join(parts))
        w("</edges>\n</graph>\n</gexf>\n")


def _number(value: Any) -> str:
    number = float(value)
    return str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)
