"""Words of the analyses: reasons and headings a coordinator reads, in German and English.

German is de-CH ("ss", never the sharp s). Each reason has a stable code (for JSON clients and
tests) and a sentence; :func:`say` fills the sentence in the language asked for
(``lang=``, else ``QUARTIERNETZ_LANG``, else German).
"""

from __future__ import annotations

from typing import Any

from graph.i18n import current_language
from graph.model import ActorKind, Sector

TEMPLATES: dict[str, dict[str, str]] = {
    # brokers
    "bridges_groups": {
        "de": "verbindet {left} mit {right}, die sonst keinen Kontakt haben",
        "en": "connects {left} with {right} who have no other contact",
    },
    "on_paths": {
        "de": "liegt auf {share} der kürzesten Wege zwischen anderen Akteuren",
        "en": "lies on {share} of the shortest paths between other actors",
    },
    "open_network": {
        "de": "offenes Netz: {partners} Partner, die wenig untereinander verbunden sind "
        "(effektive Grösse {esize})",
        "en": "open network: {partners} partners with few ties among themselves "
        "(effective size {esize})",
    },
    # isolated actors
    "no_ties": {
        "de": "keine aktuelle Beziehung zu einem anderen Akteur",
        "en": "no current tie to any other actor",
    },
    "own_sector_only": {
        "de": "Beziehungen nur innerhalb des eigenen Sektors ({sector})",
        "en": "ties only within its own sector ({sector})",
    },
    "admin_unreachable": {
        "de": "für die Verwaltung nicht erreichbar (keine Dienstabteilung in höchstens zwei "
        "Schritten)",
        "en": "out of the administration's reach (no city unit within two steps)",
    },
    "no_admin_in_component": {
        "de": "in einem Teilnetz ohne Dienstabteilung ({actors})",
        "en": "in a part of the network without any city unit ({actors})",
    },
    "no_forum": {
        "de": "in keinem Gremium vertreten",
        "en": "member of no forum",
    },
    "stale": {
        "de": "alle {count} Beziehungen abgelaufen oder älter als {months} Monate",
        "en": "all {count} ties expired or older than {months} months",
    },
    "stale_one": {
        "de": "die einzige Beziehung ist abgelaufen oder älter als {months} Monate",
        "en": "its only tie expired or is older than {months} months",
    },
    # coordination gaps
    "gap_pair": {
        "de": "beide zu «{topic}» in {area} aktiv, aber weder direkt noch über einen gemeinsamen "
        "Partner verbunden",
        "en": "both active on '{topic}' in {area}, but tied neither directly nor through a "
        "common partner",
    },
    "gap_sectors": {
        "de": "in {area} keine Beziehung zwischen {left} ({n_left}) und {right} ({n_right})",
        "en": "in {area} no tie between {left} ({n_left}) and {right} ({n_right})",
    },
    # methods
    "method_exact": {
        "de": "exakt (Brandes 2001)",
        "en": "exact (Brandes 2001)",
    },
    "method_sampled": {
        "de": "geschätzt aus {k} zufälligen Startpunkten (Brandes & Pich 2007, lineare "
        "Skalierung nach Geisberger et al. 2008), Standardfehler bis {error}",
        "en": "estimated from {k} random sources (Brandes & Pich 2007, linear scaling after "
        "Geisberger et al. 2008), standard error up to {error}",
    },
}

#: German forms of the actor kinds after a number, by case: (singular, plural).
#: ("verbindet 1 Privaten Träger mit 2 Vereinen": accusative, then dative after "mit".)
KIND_FORMS_DE: dict[str, dict[str, tuple[str, str]]] = {
    "resident_group": {"acc": ("Bewohnergruppe", "Bewohnergruppen"),
                       "dat": ("Bewohnergruppe", "Bewohnergruppen")},
    "association": {"acc": ("Verein", "Vereine"), "dat": ("Verein", "Vereinen")},
    "institution": {"acc": ("Institution", "Institutionen"),
                    "dat": ("Institution", "Institutionen")},
    "private_provider": {"acc": ("Privaten Träger", "Private Träger"),
                         "dat": ("Privaten Träger", "Privaten Trägern")},
    "city_unit": {"acc": ("Dienstabteilung", "Dienstabteilungen"),
                  "dat": ("Dienstabteilung", "Dienstabteilungen")},
    "department": {"acc": ("Departement", "Departemente"), "dat": ("Departement", "Departementen")},
    "forum": {"acc": ("Gremium", "Gremien"), "dat": ("Gremium", "Gremien")},
}

KIND_PLURALS_EN: dict[str, str] = {
    "resident_group": "residents' groups",
    "association": "associations",
    "institution": "institutions",
    "private_provider": "private providers",
    "city_unit": "city units",
    "department": "departments",
    "forum": "forums",
}

_WORDS: dict[str, tuple[str, str]] = {
    "actor": ("Akteur", "actor"),
    "actors": ("Akteure", "actors"),
    "and": ("und", "and"),
    "from": ("aus", "from"),
    "in": ("in", "in"),
    "none": ("ohne", "none"),
}


def say(code: str, lang: str | None = None, **params: Any) -> str:
    """The sentence ``code`` in the chosen language, filled with ``params``."""
    entry = TEMPLATES[code]
    return entry[current_language(lang)].format(**params)


def term(key: str, lang: str | None = None) -> str:
    de, en = _WORDS[key]
    return en if current_language(lang) == "en" else de


def kind_count(kind: str, count: int, lang: str | None = None, case: str = "acc") -> str:
    """``"4 Bewohnergruppen"``, ``"1 Dienstabteilung"``; German ``case`` "acc" or "dat"."""
    if current_language(lang) == "en":
        return f"1 {ActorKind(kind).label('en')}" if count == 1 else f"{count} {KIND_PLURALS_EN[kind]}"
    singular, plural = KIND_FORMS_DE[kind][case]
    return f"{count} {singular if count == 1 else plural}"


def actors_count(count: int, lang: str | None = None) -> str:
    """``"1 Akteur"``, ``"3 Akteure"``."""
    return f"{count} {term('actor' if count == 1 else 'actors', lang)}"


def group_label(by: str, value: Any, lang: str | None = None) -> str:
    """A group's name: a sector's or kind's label, else the value itself."""
    if value is None:
        return term("none", lang)
    if by == "sector":
        try:
            return Sector(value).label(lang)
        except ValueError:
            return str(value)
    if by == "kind":
        try:
            return ActorKind(value).label(lang)
        except ValueError:
            return str(value)
    return str(value)


def members_phrase(kinds: dict[str, int], lang: str | None = None, case: str = "acc") -> str:
    """``{"resident_group": 4}`` -> ``"4 Bewohnergruppen"``; several kinds joined with "und"."""
    ordered = sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))
    parts = [kind_count(k, c, lang, case) for k, c in ordered]
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + f" {term('and', lang)} " + parts[-1]


def percent(value: float) -> str:
    """0.123 -> ``"12 %"`` (Swiss style, a space before the sign)."""
    share = value * 100
    return f"{share:.0f} %" if share >= 1 or share == 0 else f"{share:.1f} %"
