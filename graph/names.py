"""Names, ids and web addresses as a person types them (no I/O).

- :func:`ascii_letters` spells a name in a-z without losing a letter where a standard
  transliteration exists (``ä`` -> ``ae``, ``ß`` -> ``ss``, ``é`` -> ``e``, ``ł`` -> ``l``,
  ``œ`` -> ``oe``); :func:`untransliterable` lists the letters that have none (Cyrillic, Greek,
  Tamil, Han, ...): an id derived from such a name would drop them, so it must be given.
- :func:`mixed_script_words` finds words that mix scripts (``Wірkingen`` with Cyrillic ``і``
  and ``р``): they look like another word and are not found by searching for it.
- :func:`web_url_problem` accepts only ``http://`` and ``https://`` addresses with a host.

The mixed-script rule is Unicode's "Highly Restrictive" level (UTS #39, section 5.2), applied
per word: the letters of one word come from one script, or from Latin with Han and the Japanese
kanas, with Han and Bopomofo, or with Han and Hangul. A letter's script is taken from its name in
Python's own Unicode database (``CYRILLIC SMALL LETTER I`` -> Cyrillic) after NFKC, which folds
compatibility forms (fullwidth ``Ａ``, ``µ``, ``ª``) into their plain letters. For the scripts
that matter here this agrees with the Unicode Script property; digits, marks and punctuation
belong to no script and never make a word mixed. A library (``confusable_homoglyphs``) was not
taken: it checks whole strings, not words, treats Japanese as mixed, and ships its own,
older copy of the Unicode data.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

#: Letters with a standard Latin spelling that Unicode's decomposition does not give (German
#: umlauts spelled out as Zurich does; Nordic, Polish, Croatian, Icelandic, Turkish letters).
TRANSLITERATION = str.maketrans({
    "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "ø": "oe", "œ": "oe", "ł": "l",
    "đ": "d", "ð": "d", "þ": "th", "ı": "i", "ħ": "h", "ŀ": "l", "ŧ": "t", "ŋ": "ng", "ĸ": "k",
    "ſ": "s", "ƒ": "f",
})

#: First words of character names that are not scripts (modifier letters, marks of several
#: scripts): such letters never make a word mixed.
_NOT_A_SCRIPT = frozenset({"MODIFIER", "VERTICAL", "TURNED", "IDEOGRAPHIC", "CARON", "ROMAN", "MASU",
                           "KATAKANA-HIRAGANA", "VEDIC", "SCRIPT", "DOUBLE-STRUCK", "BLACK-LETTER"})
_NAMES = {"LATIN": "Latin", "CYRILLIC": "Cyrillic", "GREEK": "Greek", "CJK": "Han",
          "HIRAGANA": "Hiragana", "KATAKANA": "Katakana", "HANGUL": "Hangul", "BOPOMOFO": "Bopomofo"}
#: Script sets a single word may combine (UTS #39, Highly Restrictive).
_ALLOWED_MIXES = (frozenset({"Latin", "Han", "Hiragana", "Katakana"}),
                  frozenset({"Latin", "Han", "Bopomofo"}),
                  frozenset({"Latin", "Han", "Hangul"}))


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def ascii_letters(text: str) -> str:
    """Lower case, umlauts spelled out, accents dropped: ``"GZ Höngg"`` -> ``"gz hoengg"``.
    Letters without a transliteration stay as they are (see :func:`untransliterable`).

    >>> ascii_letters("Café Łódź Straße")
    'cafe lodz strasse'
    """
    # NFKC first (fullwidth, ligatures, "№" -> "No"), so that case folding sees plain letters
    lowered = unicodedata.normalize("NFKC", text).casefold().translate(TRANSLITERATION)
    return lowered if lowered.isascii() else _strip_accents(lowered).casefold()


def untransliterable(text: str) -> list[str]:
    """The letters and digits of ``text`` that have no a-z spelling, in order of appearance.

    >>> untransliterable("GZ Wірkingen")
    ['і', 'р']
    >>> untransliterable("Zürich 2")
    []
    """
    folded = ascii_letters(text)
    seen: dict[str, None] = {}
    for ch in folded:
        if not ch.isascii() and ch.isalnum():
            seen.setdefault(ch)
    # report them as written (upper case where the name has it), not as folded
    written = {ascii_letters(ch): ch for ch in unicodedata.normalize("NFKC", text)}
    return [written.get(ch, ch) for ch in seen]


def script_of(ch: str) -> str | None:
    """The script of a letter (``"Latin"``, ``"Cyrillic"``, ...), None for anything else."""
    if not ch.isalpha():
        return None
    first = unicodedata.name(ch, "").split(" ", 1)[0]
    if not first or first in _NOT_A_SCRIPT:
        return None
    return _NAMES.get(first, first.title())


def _words(text: str) -> list[str]:
    """Runs of letters and marks (digits, spaces and punctuation separate words)."""
    words, current = [], []
    for ch in text:
        if ch.isalpha() or unicodedata.category(ch).startswith("M"):
            current.append(ch)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return words


def mixed_script_words(text: str) -> list[tuple[str, list[str], list[str]]]:
    """Words of ``text`` whose letters come from scripts that do not go together in one word:
    (the word as written, its scripts sorted, the letters not in the word's main script).

    >>> mixed_script_words("GZ Wірkingen")
    [('Wірkingen', ['Cyrillic', 'Latin'], ['і', 'р'])]
    >>> mixed_script_words("Tamil Sangam தமிழ் சங்கம், 東京 Tokyo, ラーメン大好き")
    []
    """
    found = []
    for word in _words(text):
        letters = [(ch, script_of(unicodedata.normalize("NFKC", ch)[:1] or ch)) for ch in word]
        scripts = {s for _, s in letters if s}
        if len(scripts) <= 1 or any(scripts <= allowed for allowed in _ALLOWED_MIXES):
            continue
        counts = {s: sum(1 for _, x in letters if x == s) for s in scripts}
        main = max(sorted(scripts), key=lambda s: (s == "Latin", counts[s]))
        odd = list(dict.fromkeys(ch for ch, s in letters if s and s != main))
        found.append((word, sorted(scripts), odd))
    return found


def describe(letters: list[str], most: int = 4) -> str:
    """``і (U+0456 CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I), ...`` for a message."""
    shown = ", ".join(f"{ch} (U+{ord(ch):04X} {unicodedata.name(ch, '?')})" for ch in letters[:most])
    return shown + (f", … (+{len(letters) - most})" if len(letters) > most else "")


#: German names of the scripts a message names most often (others keep Unicode's name).
SCRIPTS_DE = {"Latin": "lateinisch", "Cyrillic": "kyrillisch", "Greek": "griechisch",
              "Armenian": "armenisch", "Arabic": "arabisch", "Hebrew": "hebräisch",
              "Han": "chinesisch (Han)", "Coptic": "koptisch", "Georgian": "georgisch"}


def script_names(scripts: list[str], lang: str) -> str:
    """``["Cyrillic", "Latin"]`` -> ``"kyrillisch, lateinisch"`` (de) or ``"Cyrillic, Latin"``."""
    return ", ".join(SCRIPTS_DE.get(s, s) if lang == "de" else s for s in scripts)


_SLUG_SEPARATORS = re.compile(r"[^a-z0-9]+")


def slug_of(text: str) -> str:
    """The id spelled from ``text`` (letters without a spelling are left out: see
    :func:`untransliterable` before deriving an id from it)."""
    ascii_text = ascii_letters(text).encode("ascii", "ignore").decode()
    return _SLUG_SEPARATORS.sub("-", ascii_text).strip("-")[:120].rstrip("-")


def web_url_problem(value: str) -> str | None:
    """Why ``value`` is not a web address a browser may open as a link (None if it is one):
    ``scheme`` (not http or https), ``host`` (none) or ``space`` (a line break, tab or other
    invisible control such as a bidi override, which could make a link look like another;
    a plain blank is harmless and allowed).

    >>> [web_url_problem(v) for v in ("https://gz-zh.ch/x?a=1", "javascript:alert(1)", "www.gz-zh.ch")]
    [None, 'scheme', 'scheme']
    """
    if any(ch != " " and (ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp"))
           for ch in value):
        return "space"
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:  # an invalid IPv6 literal or port
        return "host"
    if parts.scheme.lower() not in ("http", "https"):
        return "scheme"
    if not host:
        return "host"
    return None
