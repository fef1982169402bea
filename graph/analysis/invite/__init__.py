"""Who to invite: an explainable round table for topics in an area.

:func:`invite_table` composes a cross-departmental round table: the responsible city units, the
actors active on the topics, bridges to isolated groups, under the coordinator's requirements.
It runs in phases, one module each:

- :mod:`~graph.analysis.invite.validate`: the question (topics, areas, requirements) checked;
- :mod:`~graph.analysis.invite.relevance`: relevant actors, candidates, relevance and cover;
- :mod:`~graph.analysis.invite.requirements`: responsible units and the coordinator's requirements;
- :mod:`~graph.analysis.invite.bridges`: seats for bridges to isolated groups;
- :mod:`~graph.analysis.invite.fill`: the greedy choice (Nemhauser, Wolsey & Fisher 1978);
- :mod:`~graph.analysis.invite.explain`: roles, reasons, alternates, why a requirement is unmet;
- :mod:`~graph.analysis.invite.table`: :func:`invite_table`, the phases in order.

The prepared network (:func:`~graph.analysis.network.prepare`) is shared with the need finder
(:mod:`graph.analysis.need`) and introduction paths (:mod:`graph.analysis.introduction`).
"""

from graph.analysis.invite.fill import GREEDY_BOUND, brute_force_best, table_value
from graph.analysis.invite.relevance import (
    ACTIVITY_FULL,
    W_ACTIVITY,
    W_LOCAL,
    W_RESPONSIBLE,
    W_TOPIC,
    W_WIDE,
)
from graph.analysis.invite.table import InviteTable, invite_table
from graph.analysis.invite.validate import Requirement
from graph.analysis.isolates import ISOLATION_CODES
from graph.analysis.network import InviteInputError, Network, prepare

__all__ = [
    "ACTIVITY_FULL",
    "GREEDY_BOUND",
    "ISOLATION_CODES",
    "W_ACTIVITY",
    "W_LOCAL",
    "W_RESPONSIBLE",
    "W_TOPIC",
    "W_WIDE",
    "InviteInputError",
    "InviteTable",
    "Network",
    "Requirement",
    "brute_force_best",
    "invite_table",
    "prepare",
    "table_value",
]
