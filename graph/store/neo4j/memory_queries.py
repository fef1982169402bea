"""The Cypher of the needs (``(:Need)``) and the memory (``(:Encounter)``, ``(:PairEvidence)``):
constants with ``$parameters``, under the rules of :mod:`graph.store.neo4j.queries` (which
imports every name of this module, so ``queries.NAME`` and ``queries.all_queries()`` hold them).
"""

from __future__ import annotations

# -- needs (Anliegen): appended by h/needs ---------------------------------------------------
# A need is a (:Need) node keyed by ``id``: ``data`` holds the record as JSON (history, steps,
# assignments are nested: no map-valued properties), beside it ``status``, ``raised_on``,
# ``areas``, ``topics`` (filtered on) and ``actors`` (every actor the need names, for an actor's
# deletion). No relationships: every relationship in the graph stays a tie (ALL_TIES).

CREATE_NEED_ID = "CREATE CONSTRAINT need_id IF NOT EXISTS FOR (n:Need) REQUIRE n.id IS UNIQUE"
CREATE_NEED_STATUS = "CREATE INDEX need_status IF NOT EXISTS FOR (n:Need) ON (n.status)"

WRITE_NEEDS = """
UNWIND $rows AS row
MERGE (n:Need {id: row.id})
SET n = row
"""

GET_NEEDS = "UNWIND $ids AS id MATCH (n:Need {id: id}) RETURN n.data AS data"

ALL_NEEDS = "MATCH (n:Need) RETURN n.data AS data ORDER BY n.id"

NEEDS_NAMING = """
MATCH (n:Need)
WHERE $actor IN n.actors
RETURN n.data AS data
ORDER BY n.id
"""

# A null parameter means "no filter"; $areas includes the sub-areas; $before is an ISO day.
_NEED_FILTER = """
MATCH (n:Need)
WHERE ($statuses IS NULL OR n.status IN $statuses)
  AND ($areas IS NULL OR any(x IN n.areas WHERE x IN $areas))
  AND ($topics IS NULL OR any(x IN n.topics WHERE x IN $topics))
  AND ($before IS NULL OR n.raised_on <= $before)
"""

QUERY_NEEDS = _NEED_FILTER + """
RETURN n.data AS data
ORDER BY n.raised_on, n.id
SKIP $offset LIMIT $limit
"""

COUNT_NEEDS = _NEED_FILTER + "RETURN count(n) AS total\n"
# -- h/memory: contact log and meetings (:Encounter), pair evidence (:PairEvidence) ---------
# (graph.store.neo4j.meetings). Encounters are nodes with the actors present as a list
# property, not relationships: every relationship in the graph is a tie (ALL_TIES).

CREATE_ENCOUNTER_ID = ("CREATE CONSTRAINT encounter_id IF NOT EXISTS "
                       "FOR (e:Encounter) REQUIRE e.id IS UNIQUE")
CREATE_ENCOUNTER_DAY = "CREATE INDEX encounter_day IF NOT EXISTS FOR (e:Encounter) ON (e.day)"
CREATE_ENCOUNTER_FORUM = ("CREATE INDEX encounter_forum IF NOT EXISTS "
                          "FOR (e:Encounter) ON (e.forum)")
CREATE_PAIR_KEY = ("CREATE CONSTRAINT pair_evidence_key IF NOT EXISTS "
                   "FOR (p:PairEvidence) REQUIRE p.key IS UNIQUE")
CREATE_PAIR_COUNT = ("CREATE INDEX pair_evidence_count IF NOT EXISTS "
                     "FOR (p:PairEvidence) ON (p.count)")

#: One encounter: $row holds id, type, day, forum, actors (the ids present) and data (JSON).
INSERT_ENCOUNTER = """
MERGE (e:Encounter {id: $row.id})
SET e = $row
"""

#: One more encounter on $day for each pair ($pairs: {key, a, b}).
ADD_PAIRS = """
UNWIND $pairs AS p
MERGE (x:PairEvidence {key: p.key})
ON CREATE SET x.a = p.a, x.b = p.b, x.count = 0, x.first_seen = $day, x.last_seen = $day
SET x.count = x.count + 1,
    x.first_seen = CASE WHEN $day < x.first_seen THEN $day ELSE x.first_seen END,
    x.last_seen = CASE WHEN $day > x.last_seen THEN $day ELSE x.last_seen END
"""

#: Many encounters at once ($rows as for INSERT_ENCOUNTER; an import, in BATCH_SIZE chunks).
INSERT_ENCOUNTERS = """
UNWIND $rows AS row
MERGE (e:Encounter {id: row.id})
SET e = row
"""

#: Each pair's encounters added up ($pairs: {key, a, b, count, first, last}, each key once).
#: A new pair is written once (ON CREATE with its values, not created and then set again:
#: on the Bolt test server the commit of 2,500 imported encounters took 36 s instead of 2.6 s).
ADD_PAIR_COUNTS = """
UNWIND $pairs AS p
MERGE (x:PairEvidence {key: p.key})
ON CREATE SET x.a = p.a, x.b = p.b, x.count = p.count, x.first_seen = p.first,
              x.last_seen = p.last
ON MATCH SET x.count = x.count + p.count,
             x.first_seen = CASE WHEN p.first < x.first_seen THEN p.first ELSE x.first_seen END,
             x.last_seen = CASE WHEN p.last > x.last_seen THEN p.last ELSE x.last_seen END
"""

#: The stored encounters of $ids (those that exist).
GET_ENCOUNTERS = "UNWIND $ids AS id MATCH (e:Encounter {id: id}) RETURN e.data AS data"

_ENCOUNTER_FILTER = """
MATCH (e:Encounter)
WHERE ($type IS NULL OR e.type = $type)
  AND ($actor IS NULL OR $actor IN e.actors)
  AND ($forum IS NULL OR e.forum = $forum)
  AND ($since IS NULL OR e.day >= $since)
  AND ($until IS NULL OR e.day <= $until)
"""

QUERY_ENCOUNTERS = _ENCOUNTER_FILTER + """
RETURN e.data AS data
ORDER BY e.day DESC, e.id
SKIP $offset LIMIT $limit
"""

COUNT_ENCOUNTERS = _ENCOUNTER_FILTER + "RETURN count(e) AS total\n"

GET_ENCOUNTER = "MATCH (e:Encounter {id: $id}) RETURN e.data AS data"

#: Every encounter an actor took part in.
ENCOUNTERS_OF_ACTOR = """
MATCH (e:Encounter)
WHERE $id IN e.actors
RETURN e.data AS data
ORDER BY e.id
"""

#: Overwrite encounters ($rows: {id, actors, data}).
REPLACE_ENCOUNTERS = """
UNWIND $rows AS row
MATCH (e:Encounter {id: row.id})
SET e.actors = row.actors, e.data = row.data
"""

DELETE_ENCOUNTERS = """
UNWIND $ids AS id
MATCH (e:Encounter {id: id})
DELETE e
"""

#: The latest day each of $ids took part in an encounter.
LAST_CONTACT = """
UNWIND $ids AS id
MATCH (e:Encounter)
WHERE id IN e.actors
RETURN id, max(e.day) AS day
"""

PAIRS_AT_LEAST = """
MATCH (x:PairEvidence)
WHERE x.count >= $count
RETURN x.a AS a, x.b AS b, x.count AS count, x.first_seen AS first_seen,
       x.last_seen AS last_seen, x.dismissed_at AS dismissed_at
ORDER BY x.count DESC, x.last_seen DESC, x.a, x.b
"""

PAIRS_OF = """
UNWIND $keys AS key
MATCH (x:PairEvidence {key: key})
RETURN x.a AS a, x.b AS b, x.count AS count, x.first_seen AS first_seen,
       x.last_seen AS last_seen, x.dismissed_at AS dismissed_at
"""

DISMISS_PAIR = """
MATCH (x:PairEvidence {key: $key})
SET x.dismissed_at = x.count
RETURN x.count AS count
"""

#: The two ends of every tie (for the suggested ties: pairs that have one are left out).
TIE_ENDS = "MATCH (s:Actor)-[r]->(t:Actor) RETURN s.id AS source, t.id AS target"

DELETE_PAIRS_OF = """
MATCH (x:PairEvidence)
WHERE x.a = $id OR x.b = $id
DELETE x
"""
