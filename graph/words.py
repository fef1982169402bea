"""Analysis results in words: the one place where codes with parameters become sentences.

The analyses (:mod:`graph.analysis`) speak no language: a reason, a requirement's "why" or a
method is a message as data, ``{"code": ..., "params": {...}}`` (:func:`graph.i18n.message`).
The API, the CLI and the views call :func:`worded` on a result to add the sentences in the
language asked for; labels of sectors and kinds come from :mod:`graph.model`.

:func:`worded` keeps the structure and, for every field holding a message (or a list of them),
puts the sentence(s) in that field and the message(s) beside it under ``<field>_codes``::

    {"reasons": [{"code": "no_forum", "params": {}}]}
    -> {"reasons": ["in keinem Gremium vertreten"],
        "reasons_codes": [{"code": "no_forum", "params": {}}]}
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graph.i18n import current_language, is_message, render, say
from graph.model import ActorKind, Sector, TieKind

_ENUMS = {"sector": Sector, "kind": ActorKind, "tie": TieKind}


def label(by: str, value: Any, lang: str | None = None) -> str:
    """The label of a sector, actor kind or tie kind; a group without value is "ohne"/"none";
    anything else is its value.

    >>> label("sector", "civil_society", "en"), label("kind", None, "de"), label("area", "x")
    ('civil society', 'ohne', 'x')
    """
    if value is None:
        return say("none", lang, context="term")
    enum = _ENUMS.get(by)
    if enum is None:
        return str(value)
    try:
        return enum(value).label(lang)
    except ValueError:
        return str(value)


def text(msg: Mapping[str, Any], lang: str | None = None) -> str:
    """The sentence of one message (the few hundred sentences a long answer repeats are made
    once: kept by the message's repr and the language)."""
    words = current_language(lang)
    key = (words, repr(msg))
    found = _SAID.get(key)
    if found is None:
        if len(_SAID) >= _SAID_SIZE:
            _SAID.clear()
        found = _SAID[key] = render(msg, words, labels=label)
    return found


_SAID: dict[tuple[str, str], str] = {}
_SAID_SIZE = 20_000


def worded(result: Any, lang: str | None = None, *, codes: bool = True) -> Any:
    """``result`` (dicts and lists, as an analysis returns them) with every message in words;
    the messages themselves stay beside them under ``<field>_codes`` (unless ``codes=False``).

    >>> from graph.i18n import message
    >>> worded({"id": "a", "reasons": [message("no_forum")]}, "en")
    {'id': 'a', 'reasons': ['member of no forum'], 'reasons_codes': [{'code': 'no_forum', 'params': {}}]}
    """
    if type(result) is list:
        return [worded(x, lang, codes=codes) for x in result]
    if type(result) is not dict:
        return result
    if is_message(result):
        return text(result, lang)
    out: dict[str, Any] = {}
    for key, value in result.items():
        kind = type(value)
        if kind is dict:
            if not is_message(value):
                out[key] = worded(value, lang, codes=codes)
                continue
            out[key] = text(value, lang)
        elif kind is list and value and type(value[0]) in (dict, list):
            if not is_message(value[0]):
                out[key] = [worded(v, lang, codes=codes) for v in value]
                continue
            out[key] = [text(v, lang) for v in value]
        else:  # a number, a text, a list of them: as it is
            out[key] = value
            continue
        if codes:
            out[f"{key}_codes"] = value
    return out
