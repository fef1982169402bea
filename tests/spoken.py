"""The analyses as a person reads them: each one's result put in words by the i18n layer
(:func:`graph.words.worded`), the way the API, the CLI and the views show it.

The analyses return messages (codes with parameters); the tests written against their
sentences call these wrappers, which take ``lang=`` as the analyses once did and leave out the
``*_codes`` fields the API adds beside the words.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from graph import analysis
from graph.analysis import introduction, need
from graph.analysis.invite import table as invite_module
from graph.errors import QuartiernetzError
from graph.i18n import current_language
from graph.words import worded


class Said:
    """An :class:`~graph.analysis.invite.InviteTable` with its messages in words: ``seats``,
    ``requirements``, ``unreached``, ``method`` read in words, everything else as it is."""

    def __init__(self, table: Any, lang: str | None = None) -> None:
        self.table = table
        self.words = worded(table.to_dict(), lang, codes=False)

    def __getattr__(self, name: str) -> Any:
        words = self.__dict__["words"]
        return words[name] if name in words else getattr(self.__dict__["table"], name)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.words)


def said(result: Any, lang: str | None = None) -> Any:
    """``result`` in words (``lang``, else the current language)."""
    if hasattr(result, "to_dict"):
        return Said(result, lang)
    return worded(result, lang, codes=False)


def spoken(fn: Callable[..., Any], *, errors: bool = True) -> Callable[..., Any]:
    """``fn`` (an analysis) with a ``lang=`` keyword: its result in words, an input error it
    raises in that language (with ``errors``; the need finder's errors once spoke the process
    language whatever ``lang`` said, and the recorded answers keep that)."""

    @wraps(fn)
    def call(*args: Any, lang: str | None = None, **kwargs: Any) -> Any:
        words = current_language(lang)
        try:
            return said(fn(*args, **kwargs), words)
        except QuartiernetzError as exc:
            if errors:
                exc.lang = exc.lang or words
            raise

    return call


broker_scores = spoken(analysis.broker_scores)
isolated_actors = spoken(analysis.isolated_actors)
coordination_gaps = spoken(analysis.coordination_gaps)
invite_table = spoken(invite_module.invite_table)
need_finder = spoken(need.need_finder, errors=False)
introduction_path = spoken(introduction.introduction_path)
