"""Words a coordinator reads: German (de-CH, "ss" not "ß") by default, English available.

Every sentence lives in one gettext catalogue per language (domain ``quartiernetz``):
``graph/locale/{de,en}/LC_MESSAGES/quartiernetz.po``, read at run time with Babel
(:func:`babel.messages.pofile.read_po`, once per process). The ``msgid`` is the stable code
(API clients and tests rely on the code, a person reads the sentence); a ``msgctxt`` separates
short words that share a code with a sentence (``record``, ``role``, ``view``, ``table``, ``term``,
``invite``, ``kind.acc``/``kind.dat``). Placeholders are ``str.format`` fields (``{count}``).

The public API:

- :func:`say` -- the sentence for a code, filled with named parameters;
- :func:`plural` -- the form for a count (``msgid_plural`` entries; ``count`` is passed on);
- :func:`number` -- de-CH numbers: ``10'000``, ``2.5`` -- always the ASCII apostrophe ``'`` (CLDR
  writes ``’`` in some versions), in both languages, as Swiss coordinators write it;
- :func:`percent` -- ``"12 %"``;
- :func:`join` -- lists, "A, B und C" / "A, B and C" (:func:`babel.lists.format_list`);
- :func:`render` -- a message as data (``{"code": ..., "params": {...}}``, see :func:`message`)
  into a sentence; parameters that are messages or lists are rendered too.

The language is chosen per call (``lang=``), else by :func:`set_language` (the CLI's
``--lang``), else ``QUARTIERNETZ_LANG`` (``de`` or ``en``), else German.

A new code is added to both ``.po`` files (``python tools/catalogue.py add ...``) and checked
with ``python tools/catalogue.py check`` (same codes, same placeholders, no "ß").
"""

from __future__ import annotations

import os
import string
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from babel.lists import format_list
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

LANGUAGES = ("de", "en")
DOMAIN = "quartiernetz"
LOCALE_DIR = Path(__file__).parent / "locale"

#: The Babel locales for lists and numbers.
_LIST_LOCALE = {"de": "de_CH", "en": "en_GB"}  # en_GB: "A, B and C" (no serial comma)

_chosen: str | None = None

#: One catalogue: (msgctxt, msgid) -> msgstr, or a tuple of plural forms.
Catalogue = dict[tuple[str | None, str], "str | tuple[str, ...]"]


def set_language(lang: str | None) -> None:
    """Set the language for this process (the CLI's ``--lang``); None falls back to the env."""
    global _chosen
    _chosen = lang


def current_language(lang: str | None = None) -> str:
    """The language to speak: ``lang`` if given, else the one set by :func:`set_language`,
    else ``QUARTIERNETZ_LANG``, else German."""
    chosen = (lang or _chosen or os.environ.get("QUARTIERNETZ_LANG") or "de").lower()[:2]
    return chosen if chosen in LANGUAGES else "de"


def po_path(lang: str) -> Path:
    """Where the catalogue of ``lang`` lives."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def catalogue(lang: str) -> Catalogue:
    """The catalogue of ``lang`` (read once per process)."""
    with po_path(lang).open("rb") as fh:
        cat = read_po(fh, locale=lang, domain=DOMAIN)
    out: Catalogue = {}
    for m in cat:
        if not m.id:
            continue
        key = str(m.id[0] if isinstance(m.id, tuple | list) else m.id)
        text = m.string
        out[(m.context, key)] = (tuple(text) if isinstance(text, tuple | list) else str(text or ""))
    return out


def placeholders(text: str) -> set[str]:
    """The ``{names}`` in a template.

    >>> sorted(placeholders("{a} und {b}"))
    ['a', 'b']
    """
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _fill(template: str, params: Mapping[str, Any]) -> str:
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template


def say(code: str, lang: str | None = None, *, context: str | None = None, **params: Any) -> str:
    """The sentence ``code`` in ``lang``, filled with ``params`` (unknown codes pass through).

    >>> say("weight_range", "en", value=7)
    'weight 7 is outside 1 to 5'
    >>> say("actor", "de", context="record")
    'Akteur'
    """
    entry = catalogue(current_language(lang)).get((context, code))
    if entry is None:
        return code if not params else f"{code}: {params}"
    if isinstance(entry, tuple):  # a plural entry asked for without a count: the "other" form
        entry = entry[-1]
    return _fill(entry, params)


def plural(code: str, count: int, lang: str | None = None, *, context: str | None = None,
           **params: Any) -> str:
    """The form of ``code`` for ``count`` (German and English: one form for 1, one for the rest).

    >>> plural("actor", 1, "de", context="term"), plural("actor", 3, "en", context="term")
    ('1 Akteur', '3 actors')
    """
    entry = catalogue(current_language(lang)).get((context, code))
    if entry is None:
        return say(code, lang, context=context, count=count, **params)
    forms = entry if isinstance(entry, tuple) else (entry,)
    # both catalogues say "Plural-Forms: nplurals=2; plural=(n != 1)" (tools/catalogue.py checks)
    form = forms[0] if count == 1 or len(forms) == 1 else forms[1]
    return _fill(form, {"count": count, **params})


def number(value: float, digits: int | None = None) -> str:
    """A number the Swiss way: ``10'000``, ``2.5`` (the same in German and English).

    >>> number(10000), number(2.5), number(0.12346, digits=4)
    ("10'000", '2.5', '0.1235')
    """
    pattern = "#,##0.###" if digits is None else "#,##0." + "0" * digits
    # de-CH writes "." for decimals and "'" for thousands. Babel 2.19 with locale "de_CH" drops
    # the grouping from a million up (its "'" is read as a quote in the pattern: 1000000 ->
    # "1000000"), so we format with the English symbols and swap the grouping sign.
    return format_decimal(value, format=pattern, locale="en").replace(",", "'")


def percent(value: float) -> str:
    """A share as percent, Swiss style (a space before the sign): 0.123 -> ``"12 %"``.

    >>> percent(0.123), percent(0.004), percent(0)
    ('12 %', '0.4 %', '0 %')
    """
    share = value * 100
    return f"{share:.0f} %" if share >= 1 or share == 0 else f"{share:.1f} %"


def join(items: Iterable[Any], lang: str | None = None, *, limit: int | None = None) -> str:
    """``"A, B und C"`` / ``"A, B and C"`` (empty items left out); more than ``limit`` items
    end in ``"(+3)"``.

    >>> join(["A", "", "B", "C"], "de"), join(["A", "B", "C"], "en"), join("ABCDE", limit=2)
    ('A, B und C', 'A, B and C', 'A, B (+3)')
    """
    words = [str(i) for i in items if i not in (None, "")]
    if limit is not None and len(words) > limit:
        return ", ".join(words[:limit]) + f" (+{len(words) - limit})"
    if len(words) <= 1:
        return "".join(words)
    if len(words) == 2:  # the common case, without Babel's pattern walk: "A und B"
        return _pair_pattern(current_language(lang)).format(*words)
    return format_list(words, locale=_LIST_LOCALE[current_language(lang)])


@cache
def _pair_pattern(lang: str) -> str:
    """Babel's pattern for a list of two ("{0} und {1}"), looked up once."""
    return format_list(["{0}", "{1}"], locale=_LIST_LOCALE[lang])


def message(code: str, /, *, context: str | None = None, count: int | None = None,
            **params: Any) -> dict[str, Any]:
    """A sentence as data, for an analysis to return: ``{"code": ..., "params": {...}}``
    (``count`` chooses the plural form; ``context`` the msgctxt). :func:`render` makes words.

    >>> message("stale", count=2, months=24)
    {'code': 'stale', 'params': {'months': 24, 'count': 2}}
    """
    out: dict[str, Any] = {"code": code, "params": dict(params)}
    if count is not None:
        out["params"]["count"] = count
    if context is not None:
        out["context"] = context
    return out


def listing(items: Iterable[Any], limit: int | None = None) -> dict[str, Any]:
    """A list for a sentence that shows at most ``limit`` items (the rest as ``"(+3)"``)."""
    return {"items": list(items), "limit": limit}


def is_message(value: Any) -> bool:
    """True for what :func:`message` makes."""
    return type(value) is dict and "code" in value and "params" in value


def label(by: str, value: Any) -> dict[str, Any]:
    """A label for a sentence (a sector's, a kind's), looked up when rendered (``labels=``)."""
    return {"label": by, "value": value}


#: ``labels(by, value, lang)``: the words for a :func:`label` (see :mod:`graph.words`).
Labeller = Callable[[str, Any, "str | None"], str]


def render(msg: Mapping[str, Any], lang: str | None = None, labels: Labeller | None = None) -> str:
    """The words of a message (:func:`message`): nested messages are rendered, lists joined
    with :func:`join` (a :func:`listing` with its limit); an int ``count`` chooses the plural.

    >>> render(message("stale", count=1, months=24), "en")
    'its only tie expired or is older than 24 months'
    >>> render(message("why_excluded", count=2, names=["A", "B"]), "de")
    '2 passende Akteure sind ausgeschlossen: A und B'
    """
    params = {k: render_value(v, lang, labels) for k, v in msg.get("params", {}).items()}
    count = params.pop("count", None)
    if isinstance(count, int):
        return plural(msg["code"], count, lang, context=msg.get("context"), **params)
    if count is not None:
        params["count"] = count
    return say(msg["code"], lang, context=msg.get("context"), **params)


def render_value(value: Any, lang: str | None = None, labels: Labeller | None = None) -> Any:
    """A parameter for a sentence: a message rendered, a list joined, a label looked up,
    anything else as it is."""
    kind = type(value)
    if kind is dict:
        if "code" in value and "params" in value:
            return render(value, lang, labels)
        if "items" in value:
            return join((render_value(v, lang, labels) for v in value["items"]), lang,
                        limit=value.get("limit"))
        if "label" in value:
            return labels(value["label"], value["value"], lang) if labels else str(value["value"])
    if kind is list or kind is tuple:
        return join((render_value(v, lang, labels) for v in value), lang)
    return value


def translate(code: str, params: dict[str, Any] | None = None, lang: str | None = None) -> str:
    """The message ``code`` in ``lang``, filled with ``params`` (the errors' entry point);
    a parameter that is itself a message is rendered first."""
    return render({"code": code, "params": params or {}}, lang)


def word(record: str, lang: str | None = None) -> str:
    """The German or English word for a record type (actor, tie, area, topic, account)."""
    return say(record, lang, context="record")


# -- h/memory --------------------------------------------------------------------------------
def month_year(day: Any, lang: str | None = None) -> str:
    """A month in words: ``März 2026`` / ``March 2026`` (for "since" in the suggested ties).

    >>> import datetime
    >>> month_year(datetime.date(2026, 3, 4), "de"), month_year(datetime.date(2026, 3, 4), "en")
    ('März 2026', 'March 2026')
    """
    from babel.dates import format_date

    return format_date(day, "MMMM y", locale=_LIST_LOCALE[current_language(lang)])
