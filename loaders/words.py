"""What the loaders say to a coordinator: German (de-CH, "ss" never "ß") by default, English too.

Messages are looked up by a stable code (tests and the API rely on the code, people read the
sentence). The language follows :func:`graph.i18n.current_language`. Record-level messages
(``unknown_actor``, ``weight_range``, ...) come from :mod:`graph.i18n`; these are the ones about
files, columns and the load as a whole.
"""

from __future__ import annotations

from typing import Any

from graph.i18n import current_language

MESSAGES: dict[str, dict[str, str]] = {
    # files
    "file_missing": {
        "de": "Datei nicht gefunden",
        "en": "file not found",
    },
    "file_empty": {
        "de": "die Datei ist leer: sie braucht mindestens eine Kopfzeile mit Spaltennamen",
        "en": "the file is empty: it needs at least a header row with column names",
    },
    "file_binary": {
        "de": "das ist keine Textdatei (CSV), sondern Binärdaten{hint}; bitte als CSV speichern "
        "(UTF-8 oder Windows-1252)",
        "en": "this is not a text (CSV) file but binary data{hint}; please save it as CSV "
        "(UTF-8 or Windows-1252)",
    },
    "hint_xlsx": {
        "de": " (vermutlich eine Excel-Datei: Endung .xlsx verwenden oder --format xlsx)",
        "en": " (probably an Excel file: name it .xlsx or use --format xlsx)",
    },
    "bad_encoding": {
        "de": "Zeichen nicht lesbar in Kodierung {encoding} ({detail}); mit --encoding die "
        "richtige Kodierung angeben (z.B. utf-8 oder cp1252)",
        "en": "characters not readable as {encoding} ({detail}); give the right encoding with "
        "--encoding (e.g. utf-8 or cp1252)",
    },
    "unknown_encoding": {
        "de": "unbekannte Zeichenkodierung «{encoding}»",
        "en": "unknown encoding '{encoding}'",
    },
    "bad_csv": {
        "de": "die Zeile ist kein gültiges CSV: {detail}",
        "en": "this row is not valid CSV: {detail}",
    },
    "unknown_format": {
        "de": "Format nicht erkannt: Endung .csv, .xlsx, .json, .graphml oder .gexf verwenden, "
        "oder --format angeben",
        "en": "format not recognised: use the ending .csv, .xlsx, .json, .graphml or .gexf, or give --format",
    },
    "unknown_table": {
        "de": "nicht erkannt, was diese Datei enthält: der Dateiname (actors/akteure, "
        "ties/beziehungen, areas/gebiete, topics/themen) oder die Spalten (z.B. source,target,kind "
        "für Beziehungen) müssen es sagen",
        "en": "cannot tell what this file holds: its name (actors, ties, areas, topics) or its "
        "columns (e.g. source,target,kind for ties) must say",
    },
    "missing_column": {
        "de": "Pflichtspalte «{column}» fehlt (vorhanden: {found})",
        "en": "required column '{column}' is missing (found: {found})",
    },
    "duplicate_column": {
        "de": "Spalte «{column}» kommt zweimal vor",
        "en": "column '{column}' occurs twice",
    },
    "unknown_column": {
        "de": "unbekannte Spalte «{column}» wird ignoriert (bekannt: {known})",
        "en": "unknown column '{column}' is ignored (known: {known})",
    },
    "too_many_cells": {
        "de": "die Zeile hat {count} Zellen, die Kopfzeile nur {header}",
        "en": "the row has {count} cells, the header only {header}",
    },
    "not_xlsx": {
        "de": "keine gültige Excel-Datei (.xlsx): {detail}; ist sie vollständig (nicht "
        "abgeschnitten)? Bitte in Excel neu speichern",
        "en": "not a valid Excel file (.xlsx): {detail}; is it complete (not cut off)? Please "
        "save it again in Excel",
    },
    "no_sheets": {
        "de": "keine bekannten Tabellenblätter gefunden (erwartet: Akteure/actors, "
        "Beziehungen/ties, Gebiete/areas, Themen/topics; vorhanden: {found})",
        "en": "no known sheets found (expected: Akteure/actors, Beziehungen/ties, Gebiete/areas, "
        "Themen/topics; found: {found})",
    },
    "bad_json": {
        "de": "kein gültiges JSON: {detail}",
        "en": "not valid JSON: {detail}",
    },
    "json_shape": {
        "de": "erwartet wird ein Objekt mit den Listen «areas», «topics», «actors», «ties» ({detail})",
        "en": "expected an object with the lists 'areas', 'topics', 'actors', 'ties' ({detail})",
    },
    "bad_xml": {
        "de": "kein gültiges {format}: {detail}",
        "en": "not valid {format}: {detail}",
    },
    "xml_entities": {
        "de": "die Datei enthält eine DOCTYPE-/ENTITY-Deklaration; aus Sicherheitsgründen "
        "(XXE) werden solche Dateien nicht gelesen. Bitte ohne DOCTYPE speichern",
        "en": "the file contains a DOCTYPE/ENTITY declaration; for safety (XXE) such files are "
        "not read. Please save it without a DOCTYPE",
    },
    # limits (graph.config.FileLimits; 413 in the API)
    "file_too_large": {
        "de": "die Datei ist {size} gross, erlaubt sind höchstens {limit} ({setting}); bitte in "
        "mehrere Dateien aufteilen",
        "en": "the file is {size}, at most {limit} is allowed ({setting}); please split it into "
        "several files",
    },
    "unpacked_too_large": {
        "de": "die Excel-Datei wäre entpackt {size} gross, erlaubt sind höchstens {limit} "
        "({setting}); bitte in mehrere Dateien aufteilen oder die Tabellenblätter als CSV speichern",
        "en": "the Excel file would unpack to {size}, at most {limit} is allowed ({setting}); "
        "please split it or save its sheets as CSV",
    },
    "member_too_large": {
        "de": "der Teil «{member}» der Excel-Datei wäre entpackt {size} gross, erlaubt sind "
        "höchstens {limit} ({setting}); bitte in mehrere Dateien aufteilen oder als CSV speichern",
        "en": "the part '{member}' of the Excel file would unpack to {size}, at most {limit} is "
        "allowed ({setting}); please split it or save it as CSV",
    },
    "zip_ratio": {
        "de": "der Teil «{member}» der Excel-Datei ist {ratio}-fach gepackt ({size} entpackt), "
        "höchstens {limit}-fach ist erlaubt ({setting}): so packt kein Tabellenprogramm, die Datei "
        "wird nicht entpackt (Zip-Bombe?). Bitte die Tabellenblätter als CSV speichern",
        "en": "the part '{member}' of the Excel file is packed {ratio} to 1 ({size} unpacked), at "
        "most {limit} to 1 is allowed ({setting}): no spreadsheet program packs like that, the "
        "file is not unpacked (zip bomb?). Please save its sheets as CSV",
    },
    "zip_members": {
        "de": "die Excel-Datei besteht aus {count} Teilen, höchstens {limit} sind erlaubt "
        "({setting}); bitte neu speichern oder als CSV speichern",
        "en": "the Excel file has {count} parts, at most {limit} are allowed ({setting}); please "
        "save it again or save it as CSV",
    },
    "too_many_rows": {
        "de": "mehr als {limit} Zeilen in einer Datei ({setting}); hier wurde abgebrochen. Bitte "
        "in mehrere Dateien aufteilen",
        "en": "more than {limit} rows in one file ({setting}); reading stopped here. Please split "
        "it into several files",
    },
    "too_many_cells_in_file": {
        "de": "mehr als {limit} Zellen in einer Datei ({setting}); hier wurde abgebrochen. Bitte "
        "leere Spalten löschen, in mehrere Dateien aufteilen oder als CSV speichern",
        "en": "more than {limit} cells in one file ({setting}); reading stopped here. Please "
        "delete empty columns, split it into several files or save it as CSV",
    },
    # hostile or broken content
    "bad_number": {
        "de": "«{value}» ist keine verwendbare Zahl (unendlich, keine Zahl oder mehr als 15 Stellen)",
        "en": "'{value}' is not a usable number (infinite, not a number or more than 15 digits)",
    },
    "json_too_deep": {
        "de": "zu tief verschachtelt (mehr als {limit} Ebenen); ein Eintrag ist ein Objekt mit "
        "Feldern, Listen darin sind flach",
        "en": "nested too deeply (more than {limit} levels); an entry is an object of fields, "
        "lists in it are flat",
    },
    "file_unreadable": {
        "de": "die Datei kann nicht gelesen werden ({detail}); ist sie vollständig (nicht "
        "abgeschnitten) und im Format ihrer Endung gespeichert?",
        "en": "the file cannot be read ({detail}); is it complete (not cut off) and saved in the "
        "format of its ending?",
    },
    "row_of_invalid_actor": {
        "de": "der Akteur «{id}» in {where} ist ungültig, darum auch diese Beziehung",
        "en": "actor '{id}' in {where} is invalid, and so is this tie",
    },
    "duplicate_row": {
        "de": "die Kennung «{id}» kommt mehrfach mit unterschiedlichem Inhalt vor (zuerst in {first})",
        "en": "id '{id}' occurs more than once with different content (first in {first})",
    },
    "skipped_dependent": {
        "de": "übersprungen, weil «{id}» ungültig ist",
        "en": "skipped because '{id}' is invalid",
    },
    "line": {"de": "Zeile {line}", "en": "line {line}"},
    # reports
    "loaded": {
        "de": "Geladen aus {files} (Version {version}).",
        "en": "Loaded from {files} (version {version}).",
    },
    "dry_run": {
        "de": "Probelauf: nichts wurde gespeichert. So würde die Lieferung wirken:",
        "en": "Dry run: nothing was stored. This is what the load would do:",
    },
    "nothing_changed": {
        "de": "Nichts geändert: alle Einträge sind schon so gespeichert (Version {version}).",
        "en": "Nothing changed: every record is stored like this already (version {version}).",
    },
    "skipped_rows": {
        "de": "{count} ungültige Zeilen übersprungen (--skip-invalid):",
        "en": "{count} invalid rows skipped (--skip-invalid):",
    },
    "warnings": {
        "de": "Hinweise:",
        "en": "Notes:",
    },
    "exported": {
        "de": "Exportiert nach {path}: {actors} Akteure, {ties} Beziehungen, {areas} Gebiete, "
        "{topics} Themen{personal}.",
        "en": "Exported to {path}: {actors} actors, {ties} ties, {areas} areas, {topics} topics{personal}.",
    },
    "with_personal": {
        "de": " (mit Kontaktdaten: Personendaten, vertraulich behandeln)",
        "en": " (with contact details: personal data, handle confidentially)",
    },
    "generated": {
        "de": "Erzeugt in {path}: {actors} Akteure, {ties} Beziehungen, {areas} Gebiete, "
        "{topics} Themen (Seed {seed}).",
        "en": "Generated in {path}: {actors} actors, {ties} ties, {areas} areas, "
        "{topics} topics (seed {seed}).",
    },
    "sample_loaded": {
        "de": "Beispielnetz «{name}» geladen (Version {version}). Die Akteure und Gebiete sind "
        "öffentliche Angaben; die Beziehungen zwischen Organisationen sind erfunden "
        "(Methode «illustrativ») und keine Tatsachen.",
        "en": "Sample network '{name}' loaded (version {version}). Actors and areas are public "
        "facts; the ties between organisations are made up (method 'illustrative') and not "
        "facts.",
    },
    "sample_skipped": {
        "de": "Die Datenbank ist nicht leer (Version {version}); Beispielnetz nicht geladen.",
        "en": "The database is not empty (version {version}); sample network not loaded.",
    },
    "unknown_sample": {
        "de": "unbekanntes Beispielnetz «{name}»; vorhanden: {known}",
        "en": "unknown sample network '{name}'; available: {known}",
    },
    "bad_option": {
        "de": "ungültige Option: {detail}",
        "en": "invalid option: {detail}",
    },
    "kind_missing_node": {
        "de": "Knoten «{id}» hat keine Akteursart (kind); erlaubt: {kinds}. Zum Laden "
        "--default-kind ART angeben (oder --kind-from ATTRIBUT mit --map WERT=ART)",
        "en": "node '{id}' has no actor kind (kind); allowed: {kinds}. To load it, give "
        "--default-kind KIND (or --kind-from ATTRIBUTE with --map VALUE=KIND)",
    },
    "id_clash": {
        "de": "die Knoten «{first}» (Zeile {first_line}) und «{second}» ergäben dieselbe Kennung "
        "«{id}»: einen umbenennen oder mit --id-prefix laden",
        "en": "the nodes '{first}' (line {first_line}) and '{second}' would get the same id "
        "'{id}': rename one or load with --id-prefix",
    },
    "merged_parallel": {
        "de": "{count} parallele Kanten (gleiche Art, gleiche Enden) zusammengefasst, ihre Gewichte "
        "addiert",
        "en": "{count} parallel edges (same kind, same ends) merged, their weights added up",
    },
}

#: Table headers and row labels.
WORDS: dict[str, dict[str, str]] = {
    "what": {"de": "Bereich", "en": "what"},
    "created": {"de": "neu", "en": "created"},
    "updated": {"de": "geändert", "en": "updated"},
    "unchanged": {"de": "unverändert", "en": "unchanged"},
    "area": {"de": "Gebiete", "en": "areas"},
    "topic": {"de": "Themen", "en": "topics"},
    "actor": {"de": "Akteure", "en": "actors"},
    "tie": {"de": "Beziehungen", "en": "ties"},
    "reading": {"de": "Lesen", "en": "reading"},
    "rows": {"de": " Zeilen", "en": " rows"},
}


def say(code: str, lang: str | None = None, **params: Any) -> str:
    """The message ``code`` in the current language, filled with ``params``."""
    entry = MESSAGES.get(code)
    if entry is None:
        return code
    return entry[current_language(lang)].format(**params)


def word(key: str, lang: str | None = None) -> str:
    entry = WORDS.get(key)
    return entry[current_language(lang)] if entry else key
