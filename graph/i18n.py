"""Words a coordinator reads: German (de-CH, "ss" not "ß") by default, English available.

Messages are looked up by a stable code and formatted with named parameters, so a test or an API
client can rely on the code while a person reads the sentence in their language. The language is
chosen per call (``lang=``), else by ``QUARTIERNETZ_LANG`` (``de`` or ``en``), else German.
"""

from __future__ import annotations

import os
from typing import Any

LANGUAGES = ("de", "en")

MESSAGES: dict[str, dict[str, str]] = {
    # record validation
    "missing": {
        "de": "Pflichtfeld fehlt",
        "en": "required field is missing",
    },
    "control_character": {
        "de": "enthält ein unsichtbares Steuerzeichen ({char}), das keine Datei (Excel, GraphML, "
        "GEXF) aufnehmen kann: entfernen Sie es",
        "en": "contains an invisible control character ({char}) that no file (Excel, GraphML, "
        "GEXF) can hold: remove it",
    },
    "empty_name": {
        "de": "Name darf nicht leer sein",
        "en": "name must not be empty",
    },
    "bad_slug": {
        "de": "«{value}» ist keine gültige Kennung: erlaubt sind Kleinbuchstaben a-z, Ziffern und "
        "Bindestriche (z.B. «gz-wipkingen»)",
        "en": "'{value}' is not a valid id: use lower-case letters a-z, digits and hyphens "
        "(e.g. 'gz-wipkingen')",
    },
    "mixed_script": {
        "de": "das Wort «{word}» mischt Schriften ({scripts_de}): {letters}. Solche Zeichen sehen "
        "aus wie lateinische Buchstaben, werden aber bei der Suche nicht gefunden; bitte das Wort "
        "in einer Schrift schreiben",
        "en": "the word '{word}' mixes scripts ({scripts}): {letters}. Such characters look like "
        "Latin letters but are not found by a search; write the word in one script",
    },
    "id_not_derivable": {
        "de": "aus dem Namen «{value}» lässt sich keine Kennung ableiten, ohne Zeichen wegzulassen "
        "({letters}); bitte eine Kennung angeben (Feld id, z.B. «tamil-verein»)",
        "en": "no id can be derived from the name '{value}' without leaving out characters "
        "({letters}); give an id (field id, e.g. 'tamil-association')",
    },
    "bad_url": {
        "de": "«{value}» ist keine Webadresse: erlaubt sind nur Adressen mit http:// oder https:// "
        "und einem Host, ohne Zeilenumbrüche und unsichtbare Steuerzeichen (z.B. "
        "«https://www.gz-zh.ch»)",
        "en": "'{value}' is not a web address: only http:// or https:// addresses with a host, "
        "without line breaks or invisible control characters, are allowed (e.g. "
        "'https://www.gz-zh.ch')",
    },
    "unknown_choice": {
        "de": "unbekannter Wert «{value}»; erlaubt: {allowed}",
        "en": "unknown value '{value}'; allowed: {allowed}",
    },
    "unknown_grouping": {
        "de": "kein Akteur hat das Merkmal «{value}»; Gruppierung möglich nach: {allowed}",
        "en": "no actor has the attribute '{value}'; group by one of: {allowed}",
    },
    "weight_range": {
        "de": "Gewicht {value} liegt ausserhalb von 1 bis 5",
        "en": "weight {value} is outside 1 to 5",
    },
    "weight_not_positive": {
        "de": "Gewicht {value} ist nicht grösser als 0: eine Beziehung braucht ein positives Gewicht "
        "(von Hand 1 bis 5, aus Dateien jede positive Zahl)",
        "en": "weight {value} is not greater than 0: a tie needs a positive weight "
        "(by hand 1 to 5, from files any positive number)",
    },
    "weight_not_finite": {
        "de": "Gewicht «{value}» ist keine endliche Zahl: eine positive Zahl angeben",
        "en": "weight '{value}' is not a finite number: give a positive number",
    },
    "until_before_since": {
        "de": "Enddatum «bis» ({until}) liegt vor dem Startdatum «von» ({since})",
        "en": "end date 'until' ({until}) is before start date 'since' ({since})",
    },
    "self_tie": {
        "de": "eine Beziehung von «{value}» zu sich selbst ist nicht möglich",
        "en": "a tie from '{value}' to itself is not allowed",
    },
    "self_parent": {
        "de": "ein Gebiet kann nicht sein eigenes übergeordnetes Gebiet sein",
        "en": "an area cannot be its own parent",
    },
    "not_a_number": {
        "de": "«{value}» ist keine Zahl (erwartet: eine positive Zahl, von Hand 1 bis 5)",
        "en": "'{value}' is not a number (expected: a positive number, by hand 1 to 5)",
    },
    "bad_date": {
        "de": "«{value}» ist kein gültiges Datum (JJJJ-MM-TT oder TT.MM.JJJJ)",
        "en": "'{value}' is not a valid date (YYYY-MM-DD or DD.MM.YYYY)",
    },
    "bad_value": {
        "de": "ungültiger Wert: {detail}",
        "en": "invalid value: {detail}",
    },
    "extra_field": {
        "de": "unbekanntes Feld",
        "en": "unknown field",
    },
    # cross-record validation
    "duplicate_in_batch": {
        "de": "die Kennung «{id}» kommt in dieser Lieferung mehrfach mit unterschiedlichem Inhalt "
        "vor (zuerst als Eintrag {first})",
        "en": "id '{id}' occurs more than once in this batch with different content "
        "(first as record {first})",
    },
    "unknown_actor": {
        "de": "unbekannter Akteur «{id}»: weder gespeichert noch in dieser Lieferung; "
        "zuerst den Akteur erfassen oder die Kennung korrigieren",
        "en": "unknown actor '{id}': neither stored nor in this batch; "
        "add the actor first or correct the id",
    },
    "unknown_area": {
        "de": "unbekanntes Gebiet «{id}»: zuerst das Gebiet erfassen oder die Kennung korrigieren",
        "en": "unknown area '{id}': add the area first or correct the id",
    },
    "unknown_topic": {
        "de": "unbekanntes Thema «{id}»: zuerst das Thema erfassen oder die Kennung korrigieren",
        "en": "unknown topic '{id}': add the topic first or correct the id",
    },
    "area_cycle": {
        "de": "die Gebiete bilden einen Kreis über «parent»/«covers»: {path}",
        "en": "the areas form a cycle through 'parent'/'covers': {path}",
    },
    "tie_endpoint_kind": {
        "de": "eine Beziehung «{tie_kind}» braucht als {end} {expected}, «{id}» ist aber {actual}",
        "en": "a '{tie_kind}' tie needs {expected} as its {end}, but '{id}' is {actual}",
    },
    "kind_change_breaks_tie": {
        "de": "die Art von «{id}» kann nicht zu {actual} werden: die Beziehung «{tie}» braucht "
        "dort {expected}",
        "en": "'{id}' cannot become {actual}: tie '{tie}' needs {expected} there",
    },
    # store and lookups
    "not_found": {
        "de": "{what} «{id}» nicht gefunden",
        "en": "{what} '{id}' not found",
    },
    "in_use": {
        "de": "{what} «{id}» wird noch verwendet ({count} Verweise: {examples}); zuerst diese "
        "Verweise ändern",
        "en": "{what} '{id}' is still in use ({count} references: {examples}); change those first",
    },
    "duplicate": {
        "de": "{what} «{id}» gibt es schon; zum Ändern die bestehende Kennung verwenden",
        "en": "{what} '{id}' already exists; change the existing one instead",
    },
    "account_revoked": {
        "de": "das Konto «{id}» ist gesperrt und bekommt kein neues Token; ein neues Konto "
        "anlegen: quartiernetz users add NAME --role ROLLE",
        "en": "account '{id}' is revoked and gets no new token; add a new account: "
        "quartiernetz users add NAME --role ROLE",
    },
    "expiry_past": {
        "de": "das Ablaufdatum {value} liegt nicht in der Zukunft; z.B. --expires 90d, 12h, 2w "
        "oder ein Datum wie 2027-03-31",
        "en": "the expiry {value} is not in the future; e.g. --expires 90d, 12h, 2w or a date "
        "such as 2027-03-31",
    },
    "hops_range": {
        "de": "Schritte (hops) müssen zwischen 1 und 3 liegen, nicht {value}",
        "en": "hops must be between 1 and 3, not {value}",
    },
    "batch_invalid": {
        "de": "{count} Fehler, nichts wurde gespeichert:",
        "en": "{count} error(s), nothing was stored:",
    },
    "too_large": {
        "de": "zu gross ({count} Grenze(n) überschritten), nichts wurde gespeichert:",
        "en": "too large ({count} limit(s) exceeded), nothing was stored:",
    },
    "store_unavailable": {
        "de": "Datenbank nicht erreichbar ({target}): {detail}",
        "en": "store not reachable ({target}): {detail}",
    },
    "store_busy": {
        "de": "die Datenbank ist durch einen anderen Schreibvorgang gesperrt ({seconds} s "
        "gewartet); nichts wurde gespeichert, bitte gleich noch einmal versuchen",
        "en": "the database is locked by another write (waited {seconds} s); nothing was "
        "stored, please try again in a moment",
    },
    "store_waiting": {
        "de": "Die Datenbank ist durch einen anderen Schreibvorgang gesperrt; warte (höchstens "
        "{seconds} s) ...",
        "en": "The database is locked by another write; waiting (at most {seconds} s) ...",
    },
    "precondition_failed": {
        "de": "{what} «{id}» wurde inzwischen von jemand anderem geändert; bitte neu laden "
        "und die Änderung noch einmal machen",
        "en": "{what} '{id}' was changed by someone else meanwhile; reload it and make the "
        "change again",
    },
    "schema_too_new": {
        "de": "die Datenbank {path} hat Schema-Version {found}, diese Version von Quartiernetz "
        "kennt nur bis {known}; bitte Quartiernetz aktualisieren",
        "en": "database {path} has schema version {found}, this Quartiernetz knows up to "
        "{known}; please upgrade Quartiernetz",
    },
    "not_a_database": {
        "de": "«{path}» ist keine Quartiernetz-Datenbank ({detail})",
        "en": "'{path}' is not a Quartiernetz database ({detail})",
    },
}

RECORD_WORDS: dict[str, dict[str, str]] = {
    "actor": {"de": "Akteur", "en": "actor"},
    "tie": {"de": "Beziehung", "en": "tie"},
    "area": {"de": "Gebiet", "en": "area"},
    "topic": {"de": "Thema", "en": "topic"},
    "account": {"de": "Konto", "en": "account"},
}


_chosen: str | None = None


def set_language(lang: str | None) -> None:
    """Set the language for this process (the CLI's ``--lang``); None falls back to the env."""
    global _chosen
    _chosen = lang


def current_language(lang: str | None = None) -> str:
    """The language to speak: ``lang`` if given, else the one set by :func:`set_language`,
    else ``QUARTIERNETZ_LANG``, else German."""
    chosen = (lang or _chosen or os.environ.get("QUARTIERNETZ_LANG") or "de").lower()[:2]
    return chosen if chosen in LANGUAGES else "de"


def translate(code: str, params: dict[str, Any] | None = None, lang: str | None = None) -> str:
    """The message ``code`` in ``lang``, filled with ``params`` (unknown codes pass through)."""
    entry = MESSAGES.get(code)
    if entry is None:
        return code if not params else f"{code}: {params}"
    template = entry[current_language(lang)]
    try:
        return template.format(**(params or {}))
    except (KeyError, IndexError):
        return template


def word(record: str, lang: str | None = None) -> str:
    """The German or English word for a record type (actor, tie, area, topic)."""
    entry = RECORD_WORDS.get(record)
    return entry[current_language(lang)] if entry else record
