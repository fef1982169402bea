"""Text rules for ids and search: the slug rule, ids derived from names, accent-blind search keys."""

from __future__ import annotations

import re
import unicodedata

from pydantic_core import PydanticCustomError

from graph.names import describe, slug_of, untransliterable

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "ø": "oe"})
#: An id (and an account name): lower-case letters, digits, ``-`` and ``_``, at most 120
#: characters, starting and ending with a letter or digit.
SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9_-]{0,118}[a-z0-9])?$")


def _strip_accents(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    return _strip_accents(text.strip().casefold())


def slugify(text: str) -> str:
    """A stable URL-safe id from a name: ``"GZ Höngg"`` -> ``"gz-hoengg"``.

    For looking names up; letters without an a-z spelling are left out. A record's id is
    derived with :func:`derive_id`, which refuses to leave anything out.
    """
    return slug_of(text)


def derive_id(name: str) -> str:
    """The id of a record given only a name, without losing a letter: umlauts spelled out
    (``ä`` -> ``ae``), accents dropped, punctuation and spaces as ``-``; a name with letters
    that have no a-z spelling (Cyrillic, Tamil, Han, ...) gets no derived id (``PydanticCustomError``
    ``id_not_derivable``: give an id).

    >>> derive_id("GZ Höngg / Café Œuvre")
    'gz-hoengg-cafe-oeuvre'
    """
    lost = untransliterable(name)
    slug = slug_of(name)
    if lost or not slug:
        raise PydanticCustomError(
            "id_not_derivable", "no id can be derived from '{value}'",
            {"value": name, "letters": describe(lost) if lost else "-"})
    return slug


def search_key(text: str) -> str:
    """Normalise a search query: case- and accent-blind (``"Hongg"`` -> ``"hongg"``)."""
    return " ".join(fold(text).split())


def search_text(*parts: str | None) -> str:
    """The text a free-text query is matched against.

    Holds each part twice, once with accents stripped (``höngg`` -> ``hongg``) and once with
    German umlauts spelled out (``hoengg``), so both spellings find it.
    """
    joined = " ".join(p for p in parts if p)
    plain = search_key(joined)
    spelled = search_key(joined.casefold().translate(_UMLAUTS))
    return plain if plain == spelled else f"{plain} | {spelled}"
