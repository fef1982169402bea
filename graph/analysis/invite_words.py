"""Words of "who to invite", the need finder and the introduction path: thin helpers over
:mod:`graph.i18n` (the sentences are in the catalogues, ``graph/locale``)."""

from __future__ import annotations

from typing import Any

from graph.i18n import current_language, plural, say
from graph.i18n import join as _join

__all__ = ["either", "join", "role", "say", "steps", "word"]


def role(code: str, lang: str | None = None) -> str:
    return say(code, lang, context="role")


def word(key: str, lang: str | None = None, **params: Any) -> str:
    return say(key, lang, context="invite", **params)


def either(lang: str | None, de: str, en: str) -> str:
    """``de`` or ``en``, for a sentence made once in one place (an input error)."""
    return en if current_language(lang) == "en" else de


def steps(count: int, lang: str | None = None) -> str:
    """``"Schritt"``/``"Schritte"`` for a count."""
    return plural("step", count, lang, context="term")


def join(items: list[str], lang: str | None = None, limit: int = 4) -> str:
    """``"A, B und C"``; more than ``limit`` items end in ``"... (+3)"``."""
    return _join(items, lang, limit=limit)
