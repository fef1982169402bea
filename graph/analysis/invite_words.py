"""Words of "who to invite": roles, reasons, requirements and their "why", in German and English.

German is de-CH ("ss", never the sharp s). Each sentence has a stable code (for JSON clients and
tests); :func:`say` fills it in the language asked for (``lang=``, else ``QUARTIERNETZ_LANG``,
else German).
"""

from __future__ import annotations

from typing import Any

from graph.i18n import current_language

ROLES: dict[str, tuple[str, str]] = {
    "responsible_unit": ("zuständige Dienstabteilung", "responsible city unit"),
    "responsible_department": ("zuständiges Departement", "responsible department"),
    "bridge": ("Brücke zu isolierten Gruppen", "bridge to isolated groups"),
    "isolated_self": ("Stimme einer isolierten Gruppe", "voice of an isolated group"),
    "residents": ("Vertretung der Bewohnerschaft", "voice of the residents"),
    "civil_society": ("Vertretung der Zivilgesellschaft", "voice of civil society"),
    "institution": ("Institution mit Angebot zum Thema", "institution working on the topic"),
    "private": ("privater Träger mit Angebot zum Thema", "private provider working on the topic"),
    "administration": ("weitere Verwaltungsstelle", "further city office"),
    "hub": ("Vernetzung im Quartier", "local connector"),
}

TEMPLATES: dict[str, dict[str, str]] = {
    # reasons for a seat
    "must": {
        "de": "fest gesetzt (Vorgabe der Koordination)",
        "en": "seated by the coordinator (must)",
    },
    "responsible_here": {
        "de": "zuständig für {topics} in {area}",
        "en": "responsible for {topics} in {area}",
    },
    "responsible_wide": {
        "de": "zuständig für {topics} in {where} (umfasst {area})",
        "en": "responsible for {topics} in {where} (which includes {area})",
    },
    "topics": {
        "de": "arbeitet zu {topics}",
        "en": "works on {topics}",
    },
    "local": {
        "de": "aktiv in {where}",
        "en": "active in {where}",
    },
    "wide": {
        "de": "tätig in {where} (umfasst {area})",
        "en": "active in {where} (which includes {area})",
    },
    "activity": {
        "de": "{count} Beziehungen zu relevanten Akteuren (Stärke {strength})",
        "en": "{count} ties to relevant actors (strength {strength})",
    },
    "activity_one": {
        "de": "1 Beziehung zu einem relevanten Akteur (Stärke {strength})",
        "en": "1 tie to a relevant actor (strength {strength})",
    },
    "reaches": {
        "de": "erreicht {new} weitere relevante Akteure ({total} insgesamt in Reichweite)",
        "en": "reaches {new} more relevant actors ({total} within reach in all)",
    },
    "reaches_one": {
        "de": "erreicht 1 weiteren relevanten Akteur ({total} insgesamt in Reichweite)",
        "en": "reaches 1 more relevant actor ({total} within reach in all)",
    },
    "brings_isolated": {
        "de": "bringt {count} sonst unverbundene Akteure an den Tisch: {names}",
        "en": "brings {count} otherwise unconnected actors to the table: {names}",
    },
    "brings_isolated_one": {
        "de": "bringt 1 sonst unverbundenen Akteur an den Tisch: {names}",
        "en": "brings 1 otherwise unconnected actor to the table: {names}",
    },
    "is_isolated": {
        "de": "selbst kaum verbunden: {reason}",
        "en": "hardly connected itself: {reason}",
    },
    "fills": {
        "de": "erfüllt die Vorgabe «{requirement}»",
        "en": "meets the requirement '{requirement}'",
    },
    # requirements
    "req_sector": {
        "de": "mindestens {k} aus dem Sektor {value}",
        "en": "at least {k} from the {value} sector",
    },
    "req_kind": {
        "de": "mindestens {k} der Art {value}",
        "en": "at least {k} of kind {value}",
    },
    "req_unit": {
        "de": "mindestens {k} von «{value}» (oder einer Stelle darunter)",
        "en": "at least {k} from '{value}' (or an office under it)",
    },
    "req_area": {
        "de": "mindestens {k} aus {value}",
        "en": "at least {k} from {value}",
    },
    "req_responsible": {
        "de": "die für {value} zuständige Dienstabteilung",
        "en": "the city unit responsible for {value}",
    },
    "req_isolated": {
        "de": "{k} Plätze für Brücken zu isolierten Gruppen",
        "en": "{k} seats for bridges to isolated groups",
    },
    "req_isolated_one": {
        "de": "1 Platz für eine Brücke zu isolierten Gruppen",
        "en": "1 seat for a bridge to isolated groups",
    },
    # why a requirement is not met
    "why_no_responsible": {
        "de": "keine Dienstabteilung ist für {topic} in {area} zuständig",
        "en": "no city unit is responsible for {topic} in {area}",
    },
    "why_none": {
        "de": "kein Akteur {what} ist in {area} aktiv oder arbeitet von ausserhalb zu {topics}",
        "en": "no actor {what} is active in {area} or works on {topics} from outside",
    },
    "why_unit_none": {
        "de": "«{value}» und die Stellen darunter können nicht eingeladen werden (ausgeschlossen "
        "oder keine aktuellen Angaben)",
        "en": "'{value}' and the offices under it cannot be invited (excluded or no current "
        "record)",
    },
    "why_too_few": {
        "de": "nur {found} von {k} nötigen Akteuren vorhanden ({what})",
        "en": "only {found} of the {k} actors needed exist ({what})",
    },
    "why_excluded": {
        "de": "{count} passende Akteure sind ausgeschlossen: {names}",
        "en": "{count} matching actors are excluded: {names}",
    },
    "why_excluded_one": {
        "de": "der einzige passende Akteur ist ausgeschlossen: {names}",
        "en": "the only matching actor is excluded: {names}",
    },
    "why_no_seats": {
        "de": "keine Plätze mehr frei: {seats} Plätze, belegt durch frühere Vorgaben; "
        "mehr Plätze (--seats) geben oder Vorgaben senken",
        "en": "no seats left: all {seats} seats taken by earlier requirements; "
        "add seats (--seats) or lower the requirements",
    },
    "why_no_isolated": {
        "de": "in {area} gibt es keine isolierten Gruppen; die Plätze gingen an andere",
        "en": "there are no isolated groups in {area}; the seats went to others",
    },
    "why_isolated_left": {
        "de": "{count} isolierte Akteure bleiben unerreicht: {names}; keiner der möglichen "
        "Gäste ist mit ihnen verbunden",
        "en": "{count} isolated actors stay unreached: {names}; none of the possible guests "
        "is tied to them",
    },
    "why_isolated_seats": {
        "de": "nur {found} Plätze für Brücken frei; {count} isolierte Akteure bleiben unerreicht: "
        "{names}",
        "en": "only {found} seats free for bridges; {count} isolated actors stay unreached: {names}",
    },
    # unreached
    "no_tie_to_table": {
        "de": "keine aktuelle Beziehung zu jemandem am Tisch",
        "en": "no current tie to anyone at the table",
    },
    # method
    "method": {
        "de": "gierige Auswahl (Nemhauser, Wolsey & Fisher 1978): mindestens {share} des "
        "bestmöglichen Nutzens bei gleicher Platzzahl",
        "en": "greedy choice (Nemhauser, Wolsey & Fisher 1978): at least {share} of the best "
        "possible value for the same number of seats",
    },
    # need finder
    "need_responsible": {
        "de": "zuständig für {topic} in {where}",
        "en": "responsible for {topic} in {where}",
    },
    "need_active": {
        "de": "bereits zu {topic} aktiv in {where}",
        "en": "already active on {topic} in {where}",
    },
    "need_partners": {
        "de": "arbeitet mit {count} Akteuren zusammen, die hier zu {topic} aktiv sind: {names}",
        "en": "works with {count} actors active on {topic} here: {names}",
    },
    "need_partner_one": {
        "de": "arbeitet mit {names} zusammen, hier zu {topic} aktiv",
        "en": "works with {names}, active on {topic} here",
    },
    "need_elsewhere": {
        "de": "Erfahrung mit {topic} anderswo: {where}",
        "en": "experience with {topic} elsewhere: {where}",
    },
    "need_present": {
        "de": "im Gebiet präsent ({where})",
        "en": "present in the area ({where})",
    },
    "need_keywords": {
        "de": "Stichworte gefunden: {words}",
        "en": "keywords found: {words}",
    },
    # introduction path
    "hop_tie": {
        "de": "{a} {verb} {b} (Stärke {weight}{when})",
        "en": "{a} {verb} {b} (strength {weight}{when})",
    },
    "hop_forum": {
        "de": "{a} und {b} sitzen beide in {forums}",
        "en": "{a} and {b} both sit in {forums}",
    },
    "confirmed": {
        "de": ", bestätigt {day}",
        "en": ", confirmed {day}",
    },
    "since": {
        "de": ", seit {day}",
        "en": ", since {day}",
    },
    "path_found": {
        "de": "{hops} Schritte von {a} zu {b}",
        "en": "{hops} steps from {a} to {b}",
    },
    "path_direct": {
        "de": "{a} und {b} kennen sich direkt",
        "en": "{a} and {b} know each other directly",
    },
    "no_path": {
        "de": "keine Verbindung von {a} zu {b} über aktuelle Beziehungen",
        "en": "no connection from {a} to {b} through current ties",
    },
    "no_ties_at_all": {
        "de": "{who} hat keine aktuellen Beziehungen",
        "en": "{who} has no current ties",
    },
    "nearest": {
        "de": "von {a} erreichbar ({hops} {steps}), teilt mit {b}: {shared}",
        "en": "reachable from {a} ({hops} {steps}), shares with {b}: {shared}",
    },
    "nearest_plain": {
        "de": "von {a} erreichbar ({hops} {steps})",
        "en": "reachable from {a} ({hops} {steps})",
    },
}

_WORDS: dict[str, tuple[str, str]] = {
    "and": ("und", "and"),
    "of_sector": ("des Sektors {value}", "of the {value} sector"),
    "of_kind": ("der Art {value}", "of kind {value}"),
    "from_area": ("aus {value}", "from {value}"),
    "matching": ("passende", "matching"),
    "area": ("Gebiet", "area"),
    "topic": ("Thema", "topic"),
}


def say(code: str, lang: str | None = None, **params: Any) -> str:
    """The sentence ``code`` in the chosen language, filled with ``params``."""
    return TEMPLATES[code][current_language(lang)].format(**params)


def role(code: str, lang: str | None = None) -> str:
    de, en = ROLES[code]
    return en if current_language(lang) == "en" else de


def word(key: str, lang: str | None = None, **params: Any) -> str:
    de, en = _WORDS[key]
    return (en if current_language(lang) == "en" else de).format(**params)


def either(lang: str | None, de: str, en: str) -> str:
    """``de`` or ``en``, for a sentence made once in one place (an input error)."""
    return en if current_language(lang) == "en" else de


def steps(count: int, lang: str | None = None) -> str:
    """``"Schritt"``/``"Schritte"`` for a count."""
    if current_language(lang) == "en":
        return "step" if count == 1 else "steps"
    return "Schritt" if count == 1 else "Schritte"


def join(items: list[str], lang: str | None = None, limit: int = 4) -> str:
    """``"A, B und C"``; more than ``limit`` items end in ``"... (+3)"``."""
    items = list(items)
    extra = len(items) - limit
    if extra > 0:
        return ", ".join(items[:limit]) + f" (+{extra})"
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word('and', lang)} " + items[-1]
