"""The Cypher of the surveys (h/survey-store): constants with ``$parameters``, under the rules
of :mod:`graph.store.neo4j.queries` (which imports every name of this module, so
``queries.NAME`` and ``queries.all_queries()`` hold them).

Nodes, no relationships (every relationship in the graph stays a tie, ALL_TIES):
``(:Survey {id, status, data})``; ``(:SurveyInvite {key, survey, actor, nonce, token_hash})``
with ``key`` ``survey|actor`` and ``token_hash`` absent until the key made it (never the token);
``(:SurveyAnswer {key, survey, actor, state, named, data})`` with ``named`` every actor the
answer names (an actor's deletion finds them); ``(:SurveyDecision {key, survey, source, target,
data})`` with ``key`` ``survey|kind:source:target`` or ``survey|proposal:<id>``.
"""

from __future__ import annotations

CREATE_SURVEY_ID = ("CREATE CONSTRAINT survey_id IF NOT EXISTS "
                    "FOR (s:Survey) REQUIRE s.id IS UNIQUE")
CREATE_SURVEY_INVITE_KEY = ("CREATE CONSTRAINT survey_invite_key IF NOT EXISTS "
                            "FOR (i:SurveyInvite) REQUIRE i.key IS UNIQUE")
# not unique: an invite without a hash yet has no such property (and ArcadeDB's unique
# indexes count absent values)
CREATE_SURVEY_INVITE_HASH = ("CREATE INDEX survey_invite_hash IF NOT EXISTS "
                             "FOR (i:SurveyInvite) ON (i.token_hash)")
CREATE_SURVEY_INVITE_ACTOR = ("CREATE INDEX survey_invite_actor IF NOT EXISTS "
                              "FOR (i:SurveyInvite) ON (i.actor)")
CREATE_SURVEY_ANSWER_KEY = ("CREATE CONSTRAINT survey_answer_key IF NOT EXISTS "
                            "FOR (a:SurveyAnswer) REQUIRE a.key IS UNIQUE")
CREATE_SURVEY_ANSWER_SURVEY = ("CREATE INDEX survey_answer_survey IF NOT EXISTS "
                               "FOR (a:SurveyAnswer) ON (a.survey)")
CREATE_SURVEY_DECISION_KEY = ("CREATE CONSTRAINT survey_decision_key IF NOT EXISTS "
                              "FOR (d:SurveyDecision) REQUIRE d.key IS UNIQUE")
CREATE_SURVEY_DECISION_SURVEY = ("CREATE INDEX survey_decision_survey IF NOT EXISTS "
                                 "FOR (d:SurveyDecision) ON (d.survey)")

WRITE_SURVEY = """
MERGE (s:Survey {id: $row.id})
SET s = $row
"""

GET_SURVEYS = """
UNWIND $ids AS id
MATCH (s:Survey {id: id})
RETURN s.data AS data
ORDER BY s.id
"""

ALL_SURVEYS = "MATCH (s:Survey) RETURN s.data AS data ORDER BY s.id"

WRITE_SURVEY_INVITES = """
UNWIND $rows AS row
MERGE (i:SurveyInvite {key: row.key})
SET i = row
"""

SURVEY_INVITES = """
MATCH (i:SurveyInvite {survey: $survey})
RETURN i.survey AS survey, i.actor AS actor, i.nonce AS nonce, i.token_hash AS token_hash
ORDER BY i.actor
"""

SURVEY_INVITE_BY_HASH = """
MATCH (i:SurveyInvite {token_hash: $hash})
RETURN i.survey AS survey, i.actor AS actor, i.nonce AS nonce, i.token_hash AS token_hash
"""

DELETE_SURVEY_INVITES_OF = "MATCH (i:SurveyInvite {actor: $actor}) DELETE i"

WRITE_SURVEY_ANSWER = """
MERGE (a:SurveyAnswer {key: $row.key})
SET a = $row
"""

# A null parameter means "no filter".
SURVEY_ANSWERS = """
MATCH (a:SurveyAnswer)
WHERE ($survey IS NULL OR a.survey = $survey) AND ($actor IS NULL OR a.actor = $actor)
RETURN a.data AS data
ORDER BY a.survey, a.actor
"""

SURVEY_ANSWERS_NAMING = """
MATCH (a:SurveyAnswer)
WHERE $actor IN a.named
RETURN a.data AS data
ORDER BY a.survey, a.actor
"""

DELETE_SURVEY_ANSWER = "MATCH (a:SurveyAnswer {key: $key}) DELETE a"

WRITE_SURVEY_DECISION = """
MERGE (d:SurveyDecision {key: $row.key})
SET d = $row
"""

SURVEY_DECISIONS = """
MATCH (d:SurveyDecision)
WHERE $survey IS NULL OR d.survey = $survey
RETURN d.data AS data
ORDER BY d.survey, d.key
"""

DELETE_SURVEY_DECISIONS_NAMING = """
MATCH (d:SurveyDecision)
WHERE d.source = $actor OR d.target = $actor
DELETE d
"""
