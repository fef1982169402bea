"""What an actor, a tie, an area and a topic are (no I/O).

Every kind has one English identifier (used in code, files and the API) and a German label (what
a coordinator reads). Input may use either: ``Verein`` and ``association`` are the same kind.

- :class:`Actor`: residents' groups, associations, institutions, private providers, city units
  (Dienstabteilungen), departments (Departemente) and forums (Gremien). The sector is derived from
  the kind; forums have none. ``contact`` is personal data: it is never exported, logged or shown
  unless asked for explicitly (see :meth:`Actor.public_dict`).
- :class:`Tie`: cooperation (undirected), membership in a forum, hierarchy (part_of), funding and
  information (directed), with a weight 1..5, validity dates and provenance. A tie's id is
  derived: ``kind:source:target``, with the ends of an undirected tie in sorted order, so the same
  relation is never stored twice.
- :class:`Area`: a node of one regionalisation (``scheme``): Stadtkreise, Sozialregionen,
  Schulkreise, ... ``parent`` is the area above in the same scheme; ``covers`` lists areas of
  other schemes that this area contains (a Sozialregion covers Kreise). A query for an area
  includes everything below it through both.
- :class:`Topic`: Alter, Jugend, Integration, Wohnen, ...
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any, ClassVar, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    computed_field,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from graph.i18n import current_language
from graph.names import (
    describe,
    mixed_script_words,
    script_names,
    slug_of,
    untransliterable,
    web_url_problem,
)

#: A day as a date or as ISO text (see :func:`valid_between`).
_Day = TypeVar("_Day", date, str)

# --------------------------------------------------------------------------------------------
# Kinds, with German and English labels


_CHOICES: dict[type, dict[str, Any]] = {}


class _Labelled(StrEnum):
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
                lookup.update({_fold(m.value): m, _fold(de): m, _fold(en): m})
            _CHOICES[cls] = lookup
        member = lookup.get(_fold(value))
        if member is not None:
            return member
        allowed = ", ".join(f"{m.value} ({cls._labels()[m.value][0]})" for m in cls)
        raise PydanticCustomError(
            "unknown_choice",
            "unknown value '{value}'; allowed: {allowed}",
            {"value": value, "allowed": allowed},
        )


class ActorKind(_Labelled):
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


class Sector(_Labelled):
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


class TieKind(_Labelled):
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


class Method(_Labelled):
    interview = "interview"
    survey = "survey"
    meeting = "meeting"
    document = "document"
    illustrative = "illustrative"

    @classmethod
    def _labels(cls) -> dict[str, tuple[str, str]]:
        return _METHOD_LABELS


_METHOD_LABELS = {
    "interview": ("Interview", "interview"),
    "survey": ("Umfrage", "survey"),
    "meeting": ("Sitzung", "meeting"),
    "document": ("Dokument", "document"),
    "illustrative": ("illustrativ", "illustrative"),
}


class AreaLevel(_Labelled):
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


# --------------------------------------------------------------------------------------------
# Text helpers: slugs and accent-blind search

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "ø": "oe"})
#: An id (and an account name): lower-case letters, digits, ``-`` and ``_``, at most 120
#: characters, starting and ending with a letter or digit.
SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9_-]{0,118}[a-z0-9])?$")


def _strip_accents(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _fold(text: str) -> str:
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
    return " ".join(_fold(text).split())


def search_text(*parts: str | None) -> str:
    """The text a free-text query is matched against.

    Holds each part twice, once with accents stripped (``höngg`` -> ``hongg``) and once with
    German umlauts spelled out (``hoengg``), so both spellings find it.
    """
    joined = " ".join(p for p in parts if p)
    plain = search_key(joined)
    spelled = search_key(joined.casefold().translate(_UMLAUTS))
    return plain if plain == spelled else f"{plain} | {spelled}"


# --------------------------------------------------------------------------------------------
# Field types


def _check_slug(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        if not SLUG_RE.match(value):
            raise PydanticCustomError("bad_slug", "'{value}' is not a valid id", {"value": value})
    return value


_SWISS_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


def parse_day(text: str) -> date:
    """A day written ISO (``2024-05-01``) or Swiss (``01.05.2024``); ValueError otherwise.

    The one date rule of the house: the model, the loaders and the command line use it.

    >>> parse_day("01.05.2024"), parse_day(" 2024-05-01 ")
    (datetime.date(2024, 5, 1), datetime.date(2024, 5, 1))
    """
    text = text.strip()
    if len(text) == 10 and text[4] == "-":  # ISO, the common case: no regex
        return date.fromisoformat(text)
    m = _SWISS_DATE.fullmatch(text)
    if m:
        return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    return date.fromisoformat(text)


def _parse_date(value: Any) -> Any:
    """ISO (``2024-05-01``) or Swiss (``01.05.2024``) dates; empty means none."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        if not value.strip():
            return None
        try:
            return parse_day(value)
        except ValueError:
            raise PydanticCustomError(
                "bad_date", "'{value}' is not a valid date", {"value": value}
            ) from None
    return value


def _split_list(value: Any) -> Any:
    """Lists may come as ``a|b|c`` strings (CSV cells); blanks are dropped."""
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split("|") if part.strip()]
    return value


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    return value


Slug = Annotated[str, BeforeValidator(_check_slug)]
OptionalSlug = Annotated[Slug | None, BeforeValidator(_blank_to_none)]
SlugList = Annotated[list[Slug], BeforeValidator(_split_list)]
OptionalDate = Annotated[date | None, BeforeValidator(_parse_date)]
#: Text without C0 control characters (tab, newline and carriage return are fine): XML formats
#: (GraphML, GEXF, xlsx) cannot hold them. Checked by pydantic's own regex engine (fast), and
#: reported as ``control_character`` (see graph.validation).
CONTROL_FREE = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f]*$"
Clean = Annotated[str, StringConstraints(pattern=CONTROL_FREE)]
StrList = Annotated[list[Clean], BeforeValidator(_split_list)]
OptionalStr = Annotated[Clean | None, BeforeValidator(_blank_to_none)]
Text = Annotated[Clean, BeforeValidator(lambda value: "" if value is None else value)]


def _choice(enum: type[_Labelled]) -> BeforeValidator:
    return BeforeValidator(enum.parse)


def _required_name(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise PydanticCustomError("empty_name", "name must not be empty")
    return value


#: The validation context of records on their way into the store (graph.validation passes it):
#: rules added after records were stored (one script per word, web addresses) apply to input
#: only, so that a record stored before them can still be read.
INPUT: dict[str, Any] = {"input": True}


def _is_input(info: ValidationInfo) -> bool:
    return bool(info.context and info.context.get("input"))


def _one_script_per_word(value: str, info: ValidationInfo) -> str:
    if _is_input(info):
        for word, scripts, letters in mixed_script_words(value):
            raise PydanticCustomError(
                "mixed_script", "the word '{word}' mixes scripts ({scripts})",
                {"word": word, "scripts": script_names(scripts, "en"),
                 "scripts_de": script_names(scripts, "de"), "letters": describe(letters)})
    return value


Name = Annotated[Clean, BeforeValidator(_required_name), AfterValidator(_one_script_per_word)]


def _web_url(value: str | None, info: ValidationInfo) -> str | None:
    if value is not None and _is_input(info):
        why = web_url_problem(value)
        if why is not None:
            raise PydanticCustomError("bad_url", "'{value}' is not an http(s) address",
                                      {"value": value, "why": why})
    return value


#: A web address: ``http://`` or ``https://`` with a host (checked on input).
WebUrl = Annotated[OptionalStr, AfterValidator(_web_url)]

_TIMESTAMPS = ("created_at", "updated_at")


def _id_from_name(data: Any) -> Any:
    """A record given without an id gets the id derived from its name (:func:`derive_id`)."""
    if isinstance(data, dict) and not (data.get("id") or "").strip():
        name = data.get("name")
        # A name mixing scripts is refused (its own problem, ``mixed_script``): no id from it.
        if isinstance(name, str) and name.strip() and not mixed_script_words(name):
            data = {**data, "id": derive_id(name.strip())}
    return data


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    #: Fields that are derived and may appear in input (exports) but are recomputed.
    _derived: ClassVar[tuple[str, ...]] = ()

    created_at: datetime | None = None
    updated_at: datetime | None = None

    @model_validator(mode="before")
    @classmethod
    def _drop_derived(cls, data: Any) -> Any:
        if isinstance(data, dict):
            derived = cls._derived
            if any(k in data for k in derived):
                data = {k: v for k, v in data.items() if k not in derived}
        return data

    def content(self) -> dict[str, Any]:
        """Everything but the timestamps, as JSON-ready values: what "changed" compares."""
        return dict(self._content)

    @cached_property
    def _content(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude={*_TIMESTAMPS, "sector"})


class Contact(BaseModel):
    """A contact person: personal data. Never exported, logged or shown unless asked for."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    name: OptionalStr = None
    role: OptionalStr = None
    email: OptionalStr = None
    phone: OptionalStr = None

    def __repr__(self) -> str:  # keep personal data out of logs and tracebacks
        return "Contact(<personal data>)"

    __str__ = __repr__


class Actor(_Record):
    """A node of the network: a group, association, institution, provider, unit or forum."""

    _derived: ClassVar[tuple[str, ...]] = ("sector",)

    id: Slug
    name: Name
    kind: Annotated[ActorKind, _choice(ActorKind)]
    areas: SlugList = Field(default_factory=list)
    topics: SlugList = Field(default_factory=list)
    description: Text = ""
    website: WebUrl = None
    tags: StrList = Field(default_factory=list)
    contact: Contact | None = Field(default=None, json_schema_extra={"personal": True})

    @model_validator(mode="before")
    @classmethod
    def _derive_id(cls, data: Any) -> Any:
        return _id_from_name(data)


    @field_validator("areas", "topics", "tags")
    @classmethod
    def _dedupe(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))

    @computed_field  # type: ignore[prop-decorator]
    @property
    def sector(self) -> Sector | None:
        return self.kind.sector

    def public_dict(self, *, include_personal: bool = False) -> dict[str, Any]:
        """JSON-ready fields; ``contact`` only with ``include_personal=True``."""
        exclude = None if include_personal else {"contact"}
        return self.model_dump(mode="json", exclude=exclude)


#: Field names that hold personal data, per record type.
PERSONAL_FIELDS = {"actor": ("contact",)}


class Tie(_Record):
    """A relation between two actors, with strength, validity and provenance."""

    _derived: ClassVar[tuple[str, ...]] = ("id", "directed")

    source: Slug
    target: Slug
    kind: Annotated[TieKind, _choice(TieKind)]
    weight: int = 3
    since: OptionalDate = None
    until: OptionalDate = None
    asserted_by: OptionalStr = None
    method: Annotated[Method | None, BeforeValidator(_blank_to_none), _choice(Method)] = None
    asserted_on: OptionalDate = None
    note: Text = ""

    @field_validator("weight", mode="before")
    @classmethod
    def _weight(cls, value: Any) -> Any:
        if type(value) is int and 1 <= value <= 5:
            return value
        if value is None or (isinstance(value, str) and not value.strip()):
            return 3
        try:
            number = float(value)
        except (TypeError, ValueError, OverflowError):  # OverflowError: an int of 400 digits
            raise PydanticCustomError(
                "not_a_number", "'{value}' is not a number", {"value": value}
            ) from None
        # not 1 <= nan <= 5, and the range is checked first: int(inf) would raise OverflowError
        if not 1 <= number <= 5 or number != int(number):
            raise PydanticCustomError("weight_range", "weight outside 1..5", {"value": value})
        return int(number)


    @model_validator(mode="after")
    def _check(self) -> Tie:
        if self.source == self.target:
            raise PydanticCustomError("self_tie", "self-tie", {"value": self.source})
        if self.since and self.until and self.until < self.since:
            raise PydanticCustomError(
                "until_before_since",
                "until before since",
                {"since": self.since.isoformat(), "until": self.until.isoformat()},
            )
        if not self.kind.directed and self.source > self.target:
            # One canonical orientation for undirected ties: the same relation has one id.
            a, b = self.target, self.source
            object.__setattr__(self, "source", a)
            object.__setattr__(self, "target", b)
        return self

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def id(self) -> str:
        return tie_id(self.kind, self.source, self.target)

    def valid_on(self, day: date) -> bool:
        """True if the tie holds on ``day`` (open ends count as valid)."""
        return valid_between(self.since, self.until, day)


def valid_between(since: _Day | None, until: _Day | None, day: _Day) -> bool:
    """The one tie-validity rule: a tie holds on ``day`` if it started on or before it and ends
    on or after it; a missing (None or empty) end is open. Both ends inclusive.

    Takes dates, or ISO date strings (``YYYY-MM-DD``, which sort as text as the dates do), the
    same kind for all three: the store compares the strings it keeps, the snapshot dates.

    >>> valid_between(date(2024, 1, 1), None, date(2024, 1, 1))
    True
    >>> valid_between("2024-01-01", "2024-12-31", "2025-01-01")
    False
    """
    return (not since or since <= day) and (not until or day <= until)


def tie_id(kind: TieKind | str, source: str, target: str) -> str:
    """The id of a tie: ``kind:source:target`` (ends sorted for cooperates_with)."""
    kind = TieKind(kind)
    if not kind.directed and source > target:
        source, target = target, source
    return f"{kind.value}:{source}:{target}"


class Area(_Record):
    """An area of one regionalisation scheme, with its parent and the areas it covers."""

    id: Slug
    name: Name
    level: Annotated[AreaLevel, _choice(AreaLevel)]
    parent: OptionalSlug = None
    scheme: Slug = "stadtkreise"
    covers: SlugList = Field(default_factory=list)

    @model_validator(mode="after")
    def _check(self) -> Area:
        if self.parent == self.id or self.id in self.covers:
            raise PydanticCustomError("self_parent", "an area cannot contain itself")
        return self


class Topic(_Record):
    """A topic a need or an actor's work is about (Alter, Jugend, Integration, ...)."""

    id: Slug
    name: Name
    description: Text = ""


    @model_validator(mode="before")
    @classmethod
    def _derive_id(cls, data: Any) -> Any:
        return _id_from_name(data)


RECORD_TYPES: dict[str, type[_Record]] = {
    "area": Area,
    "topic": Topic,
    "actor": Actor,
    "tie": Tie,
}
