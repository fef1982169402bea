"""What GraphML and GEXF share: a safe streaming parse, the graph a file describes, escaping.

The readers in :mod:`loaders.gexf` and :mod:`loaders.graphml` follow their specifications (not
one library's reading of them) and hand a :class:`FileGraph` to
:func:`loaders.generic.add_records`, which applies the coordinator's choices (kinds, names, id
prefix) and merges parallel edges.

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

from loaders.columns import COLUMNS, CONTACT_COLUMNS
from loaders.sheets import FileError, FileProblem

FORMAT_NAME = {"graphml": "GraphML", "gexf": "GEXF"}
#: Actor and tie fields written as node and edge attributes (GraphML and GEXF).
NODE_KEYS = (
    "label",
    "name",
    "kind",
    "sector",
    "areas",
    "topics",
    "description",
    "website",
    "tags",
    "source_id",
    *CONTACT_COLUMNS,
    "created_at",
    "updated_at",
)
#: the tie's columns (loaders/columns.py) without its ends, and whether it is directed
EDGE_KEYS = (
    *(c for c in COLUMNS["tie"] if c not in ("source", "target", "created_at", "updated_at")),
    "directed",
    "created_at",
    "updated_at",
)


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


_TAGS: dict[str, tuple[str, str]] = {}


def split_tag(tag: Any) -> tuple[str, str]:
    """``{namespace}local`` as (namespace, local); comments and the like as ("", "").

    Remembered per tag: a file repeats a dozen tags a million times."""
    found = _TAGS.get(tag) if isinstance(tag, str) else ("", "")
    if found is None:
        if tag[:1] == "{":
            ns, _, name = tag[1:].partition("}")
            found = (ns, name)
        else:
            found = ("", tag)
        if len(_TAGS) < 10_000:  # a hostile file's endless distinct tags are not kept
            _TAGS[tag] = found
    return found


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


def measure_types_of(measures: dict[str, dict[str, Any]] | None) -> dict[str, str]:
    """Each measure's GEXF type, from the values it has (in the order first seen)."""
    types: dict[str, str] = {}
    for values in (measures or {}).values():
        for key, value in values.items():
            if value is None:
                continue
            kind = (
                "boolean"
                if isinstance(value, bool)
                else "integer"
                if isinstance(value, int)
                else "double"
                if isinstance(value, float)
                else "string"
            )
            if types.get(key, kind) != kind:
                kind = "double" if {kind, types[key]} == {"integer", "double"} else "string"
            types[key] = kind
    return types
