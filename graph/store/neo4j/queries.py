"""Every Cypher statement the Neo4j store runs, as constants with ``$parameters``.

Runs on Neo4j 5.26+ and on ArcadeDB's Bolt plugin (the test stand-in), so only the portable
subset is used: no ``id()``/``elementId()``, no APOC, no fulltext indexes, no map-valued
properties, ``DETACH DELETE``. Labels and relationship types are fixed words or come from
:class:`~graph.model.TieKind` (backtick-quoted, built here at import time), never from input.

Graph layout: ``(:Actor)``, ``(:Area)``, ``(:Topic)`` nodes keyed by ``id``; a tie is a
relationship ``(:Actor)-[:COOPERATES_WITH {id, ...}]->(:Actor)`` whose type is its kind's
``rel_type``; one ``(:Meta {key: 'meta'})`` node holds the version and the schema number.
Each row's properties are exactly the record's fields (``contact`` as a JSON string) plus, on
actors, ``sector``, ``sort_key`` and ``search`` for filtering and sorting.
"""

from __future__ import annotations

from graph.model import TieKind

# -- schema --------------------------------------------------------------------------------

CREATE_ACTOR_ID = "CREATE CONSTRAINT actor_id IF NOT EXISTS FOR (a:Actor) REQUIRE a.id IS UNIQUE"
CREATE_AREA_ID = "CREATE CONSTRAINT area_id IF NOT EXISTS FOR (a:Area) REQUIRE a.id IS UNIQUE"
CREATE_TOPIC_ID = "CREATE CONSTRAINT topic_id IF NOT EXISTS FOR (t:Topic) REQUIRE t.id IS UNIQUE"
CREATE_META_KEY = "CREATE CONSTRAINT meta_key IF NOT EXISTS FOR (m:Meta) REQUIRE m.key IS UNIQUE"
CREATE_ACTOR_SORT = "CREATE INDEX actor_sort_key IF NOT EXISTS FOR (a:Actor) ON (a.sort_key)"
CREATE_ACTOR_KIND = "CREATE INDEX actor_kind IF NOT EXISTS FOR (a:Actor) ON (a.kind)"

CREATE_ACCOUNT_NAME = ("CREATE CONSTRAINT account_name IF NOT EXISTS "
                       "FOR (a:Account) REQUIRE a.name IS UNIQUE")
CREATE_ACCOUNT_TOKEN = ("CREATE CONSTRAINT account_token IF NOT EXISTS "
                        "FOR (a:Account) REQUIRE a.token_hash IS UNIQUE")
CREATE_AUDIT_SEQ = "CREATE CONSTRAINT audit_seq IF NOT EXISTS FOR (e:AuditEntry) REQUIRE e.seq IS UNIQUE"
CREATE_AUDIT_RECORD = "CREATE INDEX audit_record_id IF NOT EXISTS FOR (e:AuditEntry) ON (e.record_id)"

#: An index on the tie id, one per relationship type.
CREATE_TIE_ID: dict[TieKind, str] = {
    kind: (f"CREATE INDEX tie_id_{kind.value} IF NOT EXISTS "
           f"FOR ()-[r:`{kind.rel_type}`]-() ON (r.id)")
    for kind in TieKind
}

#: The singleton meta node: created with version 0 and the schema number, else left alone.
ENSURE_META = """
MERGE (m:Meta {key: 'meta'})
ON CREATE SET m.version = 0, m.schema = $schema
RETURN m.version AS version, m.schema AS schema
"""

# -- version ------------------------------------------------------------------------------

GET_VERSION = "MATCH (m:Meta {key: 'meta'}) RETURN m.version AS version"

BUMP_VERSION = """
MATCH (m:Meta {key: 'meta'})
SET m.version = m.version + 1
RETURN m.version AS version
"""

#: First statement of every write transaction: writing to the meta node serialises writers, as
#: SQLite's ``BEGIN IMMEDIATE`` does (Neo4j holds the node's write lock until commit; ArcadeDB
#: fails the later of two concurrent transactions with a transient error, and the driver
#: retries it), so a batch is checked against what is stored when it commits.
LOCK_META = """
MATCH (m:Meta {key: 'meta'})
SET m.writes = coalesce(m.writes, 0) + 1
RETURN m.version AS version
"""

# -- writes: UNWIND $rows (at most 5,000), MERGE on our ids, replace every property ------

WRITE_ACTORS = """
UNWIND $rows AS row
MERGE (a:Actor {id: row.id})
SET a = row
"""

WRITE_AREAS = """
UNWIND $rows AS row
MERGE (a:Area {id: row.id})
SET a = row
"""

WRITE_TOPICS = """
UNWIND $rows AS row
MERGE (t:Topic {id: row.id})
SET t = row
"""

#: Upsert ties of one kind (the relationship type); both ends exist (the batch was checked).
WRITE_TIES: dict[TieKind, str] = {
    kind: f"""
UNWIND $rows AS row
MATCH (s:Actor {{id: row.source}})
MATCH (t:Actor {{id: row.target}})
MERGE (s)-[r:`{kind.rel_type}` {{id: row.id}}]->(t)
SET r = row
"""
    for kind in TieKind
}

# -- reads by id ----------------------------------------------------------------------------

# One index lookup per id (UNWIND) rather than `WHERE a.id IN $ids`: ArcadeDB checks IN against
# the whole list for every node (7 s instead of 1.8 s for 10,000 actors).
GET_ACTORS = "UNWIND $ids AS id MATCH (a:Actor {id: id}) RETURN properties(a) AS row"
GET_AREAS = "UNWIND $ids AS id MATCH (a:Area {id: id}) RETURN properties(a) AS row"
GET_TOPICS = "UNWIND $ids AS id MATCH (t:Topic {id: id}) RETURN properties(t) AS row"

#: Ties by id; ``$keys`` are ``{id, source}`` maps (the source is part of the tie id), so each
#: lookup starts from the source actor's index entry.
GET_TIES = """
UNWIND $keys AS key
MATCH (:Actor {id: key.source})-[r]->(:Actor)
WHERE r.id = key.id
RETURN properties(r) AS row
"""

# Whole-table reads are sorted by id in Python: ORDER BY over 50,000 rows cost ArcadeDB 30-40 %.
ALL_ACTORS = "MATCH (a:Actor) RETURN properties(a) AS row"
ALL_AREAS = "MATCH (a:Area) RETURN properties(a) AS row ORDER BY a.id"
ALL_TOPICS = "MATCH (t:Topic) RETURN properties(t) AS row ORDER BY t.id"
#: Every relationship in the graph is a tie (areas, topics and the meta node have none).
ALL_TIES = "MATCH ()-[r]->() RETURN properties(r) AS row"

# -- lists ----------------------------------------------------------------------------------

# A null parameter means "no filter"; $areas is a list of area ids (sub-areas included) and an
# empty list matches nothing; $text is already folded (graph.model.search_key).
_ACTOR_FILTER = """
MATCH (a:Actor)
WHERE ($kinds IS NULL OR a.kind IN $kinds)
  AND ($sectors IS NULL OR a.sector IN $sectors)
  AND ($areas IS NULL OR any(x IN a.areas WHERE x IN $areas))
  AND ($topics IS NULL OR any(x IN a.topics WHERE x IN $topics))
  AND ($text IS NULL OR a.search CONTAINS $text)
"""

QUERY_ACTORS = _ACTOR_FILTER + """
RETURN properties(a) AS row
ORDER BY a.sort_key, a.id
SKIP $offset LIMIT $limit
"""

COUNT_ACTORS = _ACTOR_FILTER + "RETURN count(a) AS total\n"

_TIE_FILTER = """
MATCH (:Actor)-[r]->(:Actor)
WHERE ($kinds IS NULL OR r.kind IN $kinds)
"""

QUERY_TIES = _TIE_FILTER + """
RETURN properties(r) AS row
ORDER BY r.id
SKIP $offset LIMIT $limit
"""

COUNT_TIES = _TIE_FILTER + "RETURN count(r) AS total\n"

_ACTOR_TIE_FILTER = """
MATCH (:Actor {id: $actor})-[r]-(:Actor)
WHERE ($kinds IS NULL OR r.kind IN $kinds)
"""

QUERY_ACTOR_TIES = _ACTOR_TIE_FILTER + """
RETURN properties(r) AS row
ORDER BY r.id
SKIP $offset LIMIT $limit
"""

COUNT_ACTOR_TIES = _ACTOR_TIE_FILTER + "RETURN count(r) AS total\n"

#: Ties with either end in $ids (a tie between two of them once), optionally of $kinds.
TIES_TOUCHING = """
UNWIND $ids AS id
MATCH (:Actor {id: id})-[r]-(:Actor)
WHERE $kinds IS NULL OR r.kind IN $kinds
WITH DISTINCT r
RETURN properties(r) AS row
ORDER BY row.id
"""

# -- deletes --------------------------------------------------------------------------------

DELETE_ACTOR = """
MATCH (a:Actor {id: $id})
DETACH DELETE a
RETURN 1 AS deleted
"""

DELETE_AREA = """
MATCH (a:Area {id: $id})
DETACH DELETE a
RETURN 1 AS deleted
"""

DELETE_TOPIC = """
MATCH (t:Topic {id: $id})
DETACH DELETE t
RETURN 1 AS deleted
"""

DELETE_TIE = """
MATCH (:Actor {id: $source})-[r]->(:Actor)
WHERE r.id = $id
DELETE r
RETURN 1 AS deleted
"""

# -- accounts (API tokens, stored as hashes) and the audit log ----------------------------

#: Create the account unless the name is taken; returns a row only if it was created.
INSERT_ACCOUNT = """
OPTIONAL MATCH (old:Account {name: $row.name})
WITH old
WHERE old IS NULL
CREATE (a:Account)
SET a = $row
RETURN a.name AS name
"""

ALL_ACCOUNTS = "MATCH (a:Account) RETURN a {.*, token_hash: null} AS row ORDER BY a.name"

#: The account found by a token hash, and the hash as stored (compared again by the caller).
ACCOUNT_BY_HASH = ("MATCH (a:Account {token_hash: $hash}) "
                   "RETURN a {.*, token_hash: null} AS row, a.token_hash AS token_hash")

#: The account with this name, and its token hash (the key of its browser sessions).
ACCOUNT_BY_NAME = ("MATCH (a:Account {name: $name}) "
                   "RETURN a {.*, token_hash: null} AS row, a.token_hash AS token_hash")

#: Overwrite an account's fields (areas, role, revoked_at), keeping its token hash.
REPLACE_ACCOUNT = """
MATCH (a:Account {name: $row.name})
SET a += $row
RETURN a.name AS name
"""

#: Give an account a new token hash (the old token stops working) and overwrite its fields.
REPLACE_TOKEN = """
MATCH (a:Account {name: $row.name})
SET a += $row, a.token_hash = $hash
RETURN a.name AS name
"""

#: Append entries with consecutive numbers from the meta node's counter (the caller holds the
#: meta node's lock, so numbers never repeat); before/after/detail are JSON strings.
APPEND_AUDIT = """
MATCH (m:Meta {key: 'meta'})
SET m.audit_seq = coalesce(m.audit_seq, 0) + size($rows)
WITH m.audit_seq - size($rows) AS first
UNWIND range(0, size($rows) - 1) AS i
CREATE (e:AuditEntry)
SET e = $rows[i], e.seq = first + i + 1
"""

_AUDIT_FILTER = """
MATCH (e:AuditEntry)
WHERE ($user IS NULL OR e.user = $user)
  AND ($action IS NULL OR e.action = $action)
  AND ($record IS NULL OR e.record = $record)
  AND ($record_id IS NULL OR e.record_id = $record_id)
  AND ($since IS NULL OR e.at >= $since)
  AND ($until IS NULL OR e.at <= $until)
"""

QUERY_AUDIT = _AUDIT_FILTER + """
RETURN properties(e) AS row
ORDER BY e.seq DESC
SKIP $offset LIMIT $limit
"""

COUNT_AUDIT = _AUDIT_FILTER + "RETURN count(e) AS total\n"

AUDIT_OF_RECORD = """
MATCH (e:AuditEntry {record_id: $record_id})
WHERE e.record = $record
RETURN properties(e) AS row
ORDER BY e.seq
"""

#: Replace before/after of entries (erasure of personal data); $rows: {seq, before, after}.
REWRITE_AUDIT = """
UNWIND $rows AS row
MATCH (e:AuditEntry {seq: row.seq})
SET e.before = row.before, e.after = row.after
"""

#: Delete up to $batch nodes (with their relationships); run until it returns 0.
WIPE_BATCH = """
MATCH (n)
WITH n LIMIT $batch
DETACH DELETE n
RETURN count(*) AS deleted
"""

PING = "RETURN 1 AS ok"


# The needs' and the memory's statements (the same rules) live beside this module; imported here
# so that every statement is in this module's namespace (all_queries, the linter test).
from graph.store.neo4j.memory_queries import *  # noqa: E402, F403
from graph.store.neo4j.survey_queries import *  # noqa: E402, F403  # h/survey-store


def all_queries() -> dict[str, str]:
    """Every constant above by name (per-kind ones as ``NAME[kind]``), e.g. for the linter."""
    out: dict[str, str] = {}
    for name, value in globals().items():
        if not name.isupper() or name.startswith("_"):
            continue
        if isinstance(value, str):
            out[name] = value
        elif isinstance(value, dict):
            for key, query in value.items():
                out[f"{name}[{key}]"] = query
    return out
