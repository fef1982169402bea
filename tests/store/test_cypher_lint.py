"""Every Cypher constant passes Neo4j's own linter, and only graph/store/neo4j imports neo4j.

The Bolt contract run uses ArcadeDB as a stand-in, which accepts some Cypher that Neo4j would
reject or deprecate; Neo4j's linter (@neo4j-cypher/language-support, under Node) is the second
check. It needs `npm ci --prefix tests/cypher_lint` once; without it this test fails (it must
run in CI, never be skipped).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from graph.model import TieKind
from graph.store.neo4j import queries
from tests.cypher_lint import run as cypher_lint

ROOT = Path(__file__).resolve().parents[2]
NEO4J_PACKAGE = ROOT / "graph" / "store" / "neo4j"


def test_queries_collects_every_constant_including_per_kind_ones():
    found = queries.all_queries()
    constants = [n for n, v in vars(queries).items()
                 if n.isupper() and not n.startswith("_") and isinstance(v, str)]
    assert set(constants) <= set(found)
    for name in ("WRITE_TIES", "CREATE_TIE_ID"):
        assert {f"{name}[{k}]" for k in TieKind} <= set(found)
    for kind in TieKind:
        assert f"`{kind.rel_type}`" in queries.WRITE_TIES[kind]


def test_every_cypher_constant_passes_the_neo4j_linter():
    if not cypher_lint.available():
        pytest.fail("Neo4j's Cypher linter is not installed: run "
                    "`npm ci --prefix tests/cypher_lint` (needs node 20+ on PATH)")
    results = cypher_lint.lint(queries.all_queries())
    assert set(results) == set(queries.all_queries())
    bad = {name: [f"{d['severity']} {d['line']}:{d['character']} {d['message']}" for d in diags
                  if d["severity"] in ("error", "warning")]
           for name, diags in results.items()}
    bad = {name: diags for name, diags in bad.items() if diags}
    assert bad == {}, "Cypher that Neo4j rejects or deprecates:\n" + "\n".join(
        f"{name}: {d}" for name, diags in bad.items() for d in diags)


def test_cypher_keeps_to_what_runs_on_neo4j_and_arcadedb():
    forbidden = [
        (r"\bid\s*\(", "id()"),
        (r"\belementId\s*\(", "elementId()"),
        (r"\bapoc\.", "APOC"),
        (r"(?i)\bfulltext\b", "fulltext indexes"),
        (r"(?i)CALL\s*\{", "CALL { ... } without a scope clause"),
    ]
    problems = [f"{name}: {label}" for name, query in queries.all_queries().items()
                for pattern, label in forbidden if re.search(pattern, query)]
    assert problems == []


def _imports_neo4j(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        if any(n == "neo4j" or n.startswith("neo4j.") for n in names):
            lines.append(node.lineno)
    return lines


def test_only_the_neo4j_store_imports_neo4j():
    offenders = []
    for top in ("graph", "api", "loaders"):
        for path in sorted((ROOT / top).rglob("*.py")):
            if NEO4J_PACKAGE in path.parents:
                continue
            offenders += [f"{path.relative_to(ROOT)}:{line}" for line in _imports_neo4j(path)]
    assert offenders == []
    # the check itself works: the store package does import it
    assert _imports_neo4j(NEO4J_PACKAGE / "__init__.py")
