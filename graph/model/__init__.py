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

One purpose per module: :mod:`~graph.model.kinds` (the labelled kinds), :mod:`~graph.model.text`
(the slug rule, derived ids, search keys), :mod:`~graph.model.dates` (the date rule and the
tie-validity rule), :mod:`~graph.model.fields` (field types) and :mod:`~graph.model.records` (the
records). Every name is importable from ``graph.model`` as before.
"""

from graph.model.dates import parse_day, valid_between
from graph.model.fields import (
    CONTROL_FREE,
    INPUT,
    Clean,
    Name,
    OptionalDate,
    OptionalSlug,
    OptionalStr,
    Slug,
    SlugList,
    StrList,
    Text,
    WebUrl,
)
from graph.model.kinds import (
    TIE_ENDPOINTS,
    ActorKind,
    AreaLevel,
    Labelled,
    Method,
    Sector,
    TieKind,
)
from graph.model.records import (
    PERSONAL_FIELDS,
    RECORD_TYPES,
    Actor,
    Area,
    Contact,
    Tie,
    Topic,
    tie_id,
)
from graph.model.text import SLUG_RE, derive_id, search_key, search_text, slugify

__all__ = [
    "CONTROL_FREE",
    "INPUT",
    "PERSONAL_FIELDS",
    "RECORD_TYPES",
    "SLUG_RE",
    "TIE_ENDPOINTS",
    "Actor",
    "ActorKind",
    "Area",
    "AreaLevel",
    "Clean",
    "Contact",
    "Labelled",
    "Method",
    "Name",
    "OptionalDate",
    "OptionalSlug",
    "OptionalStr",
    "Sector",
    "Slug",
    "SlugList",
    "StrList",
    "Text",
    "Tie",
    "TieKind",
    "Topic",
    "WebUrl",
    "derive_id",
    "parse_day",
    "search_key",
    "search_text",
    "slugify",
    "tie_id",
    "valid_between",
]
