"""The words of the view pages (de-CH and English): headings, legend, tooltip lines."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graph.model import ActorKind, TieKind

#: key -> (German, English); ``{name}`` fields are filled by :func:`word`.
WORDS: dict[str, tuple[str, str]] = {
    "actors": ("Akteure", "actors"),
    "ties": ("Beziehungen", "ties"),
    "kind": ("Art", "kind"),
    "areas": ("Gebiete", "areas"),
    "topics": ("Themen", "topics"),
    "legend": ("Legende", "Legend"),
    "broker": ("Broker", "broker"),
    "broker_rank": ("Broker (Rang {rank})", "Broker (rank {rank})"),
    "isolated": ("isoliert", "isolated"),
    "isolated_line": ("Isoliert: {reasons}", "Isolated: {reasons}"),
    "betweenness": ("Betweenness: {value}", "Betweenness: {value}"),
    "outside": ("Partner ausserhalb des Gebiets", "partner outside the area"),
    "seated": ("am Tisch", "seated"),
    "seated_line": ("Am Tisch: {role}", "Seated: {role}"),
    "reached": ("erreicht (eine Beziehung vom Tisch)", "reached (one tie from the table)"),
    "reached_line": ("Erreicht über: {names}", "Reached through: {names}"),
    "unreached": ("relevant, nicht erreicht", "relevant, not reached"),
    "unreached_line": ("Nicht erreicht: {reasons}", "Not reached: {reasons}"),
    "center": ("im Zentrum", "in the centre"),
    "distance": ("Abstand: {hops} (über {via})", "Distance: {hops} (through {via})"),
    "strength": ("Stärke {value}", "strength {value}"),
    "forums": ("gemeinsame Gremien: {names}", "shared forums: {names}"),
    "size_note": ("Grösse: Betweenness", "size: betweenness"),
    "layout_physics": ("Layout: Physik, hält an, sobald stabil", "layout: physics, stops once stable"),
    "layout_fixed": ("Layout: vorberechnet (Physik aus)", "layout: precomputed (physics off)"),
    "details": ("Details (Klick auf einen Knoten)", "Details (click a node)"),
    "network": ("Netzwerk", "Network"),
    "area": ("Gebiet {name}", "Area {name}"),
    "ego": ("Umfeld von {name} ({hops} Schritte)", "Surroundings of {name} ({hops} steps)"),
    "table": ("Runder Tisch: {topics} in {areas}", "Round table: {topics} in {areas}"),
    "and": ("und", "and"),
    "noscript": ("Diese Ansicht braucht JavaScript.", "This view needs JavaScript."),
}


def word(key: str, lang: str, **params: Any) -> str:
    """The words for ``key`` in ``lang`` (``"en"``, else German), with ``params`` filled in.

    >>> word("broker_rank", "de", rank=2)
    'Broker (Rang 2)'
    """
    de, en = WORDS[key]
    text = en if lang == "en" else de
    return text.format(**params) if params else text


def join_words(items: Sequence[str], lang: str) -> str:
    """``"A, B und C"`` (empty items left out).

    >>> join_words(["A", "", "B", "C"], "de")
    'A, B und C'
    """
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word('and', lang)} " + items[-1]


def kind_label(kind: Any, lang: str) -> str:
    """An actor kind's label (the code itself if it is not one of ours, ``?`` if missing)."""
    try:
        return ActorKind(kind).label(lang)
    except ValueError:
        return str(kind or "?")


def tie_label(kind: Any, lang: str) -> str:
    """A tie kind's label (the code itself if it is not one of ours)."""
    try:
        return TieKind(kind).label(lang)
    except ValueError:
        return str(kind)


def number(x: float) -> str:
    """A strength: whole numbers without decimals, else one.

    >>> number(3.0), number(2.5)
    ('3', '2.5')
    """
    return f"{x:.0f}" if abs(x - round(x)) < 0.05 else f"{x:.1f}"
