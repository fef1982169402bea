"""The words of the view pages (de-CH and English): headings, legend, tooltip lines.

The words are in the catalogues (``graph/locale``, context ``view``); these helpers pick them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graph.i18n import join, say
from graph.model import ActorKind, TieKind


def word(key: str, lang: str, **params: Any) -> str:
    """The words for ``key`` in ``lang`` (``"en"``, else German), with ``params`` filled in.

    >>> word("broker_rank", "de", rank=2)
    'Broker (Rang 2)'
    """
    return say(key, lang, context="view", **params)


def join_words(items: Sequence[str], lang: str) -> str:
    """``"A, B und C"`` (empty items left out).

    >>> join_words(["A", "", "B", "C"], "de")
    'A, B und C'
    """
    return join(items, lang)


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
