"""Words of the analyses (brokers, isolated actors, gaps): thin helpers over :mod:`graph.i18n`.

The sentences themselves are in the catalogues (``graph/locale``); these helpers are kept only
while an analysis still renders its own words.
"""

from __future__ import annotations

from typing import Any

from graph.i18n import join, percent, plural, say
from graph.model import ActorKind, Sector

__all__ = ["actors_count", "group_label", "kind_count", "members_phrase", "percent", "say"]


def kind_count(kind: str, count: int, lang: str | None = None, case: str = "acc") -> str:
    """``"4 Bewohnergruppen"``, ``"1 Dienstabteilung"``; German ``case`` "acc" or "dat"."""
    return plural(kind, count, lang, context=f"kind.{case}")


def actors_count(count: int, lang: str | None = None) -> str:
    """``"1 Akteur"``, ``"3 Akteure"``."""
    return plural("actor", count, lang, context="term")


def group_label(by: str, value: Any, lang: str | None = None) -> str:
    """A group's name: a sector's or kind's label, else the value itself."""
    if value is None:
        return say("none", lang, context="term")
    if by == "sector":
        try:
            return Sector(value).label(lang)
        except ValueError:
            return str(value)
    if by == "kind":
        try:
            return ActorKind(value).label(lang)
        except ValueError:
            return str(value)
    return str(value)


def members_phrase(kinds: dict[str, int], lang: str | None = None, case: str = "acc") -> str:
    """``{"resident_group": 4}`` -> ``"4 Bewohnergruppen"``; several kinds joined with "und"."""
    ordered = sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))
    return join([kind_count(k, c, lang, case) for k, c in ordered], lang)
