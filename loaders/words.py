"""What the loaders say to a coordinator: German (de-CH, "ss" never "ß") by default, English too.

Messages are looked up by a stable code (tests and the API rely on the code, people read the
sentence); the sentences are in the catalogues (``graph/locale``). The language follows
:func:`graph.i18n.current_language`. This module only names the loaders' own codes (files,
columns, the load as a whole) and their table words (context ``table``).
"""

from __future__ import annotations

from typing import Any

from graph.i18n import say as _say


def say(code: str, lang: str | None = None, **params: Any) -> str:
    """The message ``code`` in the current language, filled with ``params``."""
    return _say(code, lang, **params)


def word(key: str, lang: str | None = None) -> str:
    """A table header or row label (catalogue context ``table``)."""
    return _say(key, lang, context="table")
