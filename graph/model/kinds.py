"""The kinds of actors, sectors, ties, methods and area levels, each with a German and an
English label. Input may use the identifier or either label: ``Verein`` and ``association`` are
the same kind.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic_core import PydanticCustomError

from graph.i18n import current_language
from graph.model.text import fold

_CHOICES: dict[type, dict[str, Any]] = {}


class Labelled(StrEnum):
    """A StrEnum whose members carry a German and an English label."""

    @classmethod
    def _labels(cls) -> dict[str, tuple[str, str]]:  # value -> (de, en)
        raise NotImplementedError

    def label(self, lang: str | None = None) -> str:
        de, en = self._labels()[self.value]
        return en if current_language(lang) == "en" else de

    @classmethod
    def parse(cls, value: Any) -> Any:
        """Accept the id, the German or the English label, in any case; else return as is."""
        if isinstance(value, cls) or not isinstance(value, str):
            return value
        member = cls._value2member_map_.get(value)
        if member is not None:
            return member
        lookup = _CHOICES.get(cls)
        if lookup is None:
            lookup = {}
            for m in cls:
                de, en = cls._labels()[m.value]
                lookup.update({fold(m.value): m, fold(de): m, fold(en): m})
            _CHOICES[cls] = lookup
        member = lookup.get(fold(value))
        if member is not None:
            return member
        allowed = ", ".join(f"{m.value} ({cls._labels()[m.value][0]})" for m in cls)
        raise PydanticCustomError(
            "unknown_choice",
            "unknown value '{value}'; allowed: {allowed}",
            {"value": value, "allowed": allowed},
        )


class ActorKind(Labelled):
    resident_group = "resident_group"
    association = "association"
    institution = "institution"
    private_provider = "private_provider"
    city_unit = "city_unit"
    department = "department"
    forum = "forum"

    @classmethod
    def _labels(cls) -> dict[str, tuple[str, str]]:
        return _ACTOR_KIND_LABELS

    @property
    def sector(self) -> Sector | None:
        return _SECTOR_OF_KIND[self]


_ACTOR_KIND_LABELS = {
    "resident_group": ("Bewohnergruppe", "residents' group"),
    "association": ("Verein", "association"),
    "institution": ("Institution", "institution"),
    "private_provider": ("Privater Träger", "private provider"),
    "city_unit": ("Dienstabteilung", "city unit"),
    "department": ("Departement", "department"),
    "forum": ("Gremium", "forum"),
}


class Sector(Labelled):
    population = "population"
    civil_society = "civil_society"
    institution = "institution"
    private = "private"
    administration = "administration"

    @classmethod
    def _labels(cls) -> dict[str, tuple[str, str]]:
        return _SECTOR_LABELS


_SECTOR_LABELS = {
    "population": ("Bevölkerung", "population"),
    "civil_society": ("Zivilgesellschaft", "civil society"),
    "institution": ("Institution", "institution"),
    "private": ("Privat", "private"),
    "administration": ("Verwaltung", "administration"),
}

_SECTOR_OF_KIND: dict[ActorKind, Sector | None] = {
    ActorKind.resident_group: Sector.population,
    ActorKind.association: Sector.civil_society,
    ActorKind.institution: Sector.institution,
    ActorKind.private_provider: Sector.private,
    ActorKind.city_unit: Sector.administration,
    ActorKind.department: Sector.administration,
    ActorKind.forum: None,
}


class TieKind(Labelled):
    cooperates_with = "cooperates_with"
    member_of = "member_of"
    part_of = "part_of"
    funds = "funds"
    informs = "informs"

    @classmethod
    def _labels(cls) -> dict[str, tuple[str, str]]:
        return _TIE_KIND_LABELS

    @property
    def directed(self) -> bool:
        return self is not TieKind.cooperates_with

    @property
    def rel_type(self) -> str:
        """The relationship type in a graph database (``COOPERATES_WITH``)."""
        return self.value.upper()


_TIE_KIND_LABELS = {
    "cooperates_with": ("arbeitet zusammen mit", "cooperates with"),
    "member_of": ("ist Mitglied von", "member of"),
    "part_of": ("gehört zu", "part of"),
    "funds": ("finanziert", "funds"),
    "informs": ("informiert", "informs"),
}

#: Which actor kinds may stand at each end of a tie kind (None: any kind).
TIE_ENDPOINTS: dict[TieKind, tuple[frozenset[ActorKind] | None, frozenset[ActorKind] | None]] = {
    TieKind.cooperates_with: (None, None),
    TieKind.member_of: (frozenset(ActorKind) - {ActorKind.forum}, frozenset({ActorKind.forum})),
    TieKind.part_of: (
        frozenset({ActorKind.city_unit}),
        frozenset({ActorKind.city_unit, ActorKind.department}),
    ),
    TieKind.funds: (None, None),
    TieKind.informs: (None, None),
}


class Method(Labelled):
    interview = "interview"
    survey = "survey"
    meeting = "meeting"
    document = "document"
    illustrative = "illustrative"
    #: suggested by shared meetings and contacts, confirmed by a coordinator (h/memory)
    evidence = "evidence"

    @classmethod
    def _labels(cls) -> dict[str, tuple[str, str]]:
        return _METHOD_LABELS


_METHOD_LABELS = {
    "interview": ("Interview", "interview"),
    "survey": ("Umfrage", "survey"),
    "meeting": ("Sitzung", "meeting"),
    "document": ("Dokument", "document"),
    "illustrative": ("illustrativ", "illustrative"),
    "evidence": ("Belege aus Sitzungen und Kontakten", "evidence from meetings and contacts"),
}


class AreaLevel(Labelled):
    city = "city"
    region = "region"
    kreis = "kreis"
    quartier = "quartier"

    @classmethod
    def _labels(cls) -> dict[str, tuple[str, str]]:
        return _LEVEL_LABELS


_LEVEL_LABELS = {
    "city": ("Stadt", "city"),
    "region": ("Region", "region"),
    "kreis": ("Kreis", "district"),
    "quartier": ("Quartier", "quarter"),
}
