"""Python front for tests/cypher_lint/lint.mjs (Neo4j's Cypher linter under Node).

    from tests.cypher_lint.run import lint          # or load this file by path
    lint({"by_id": "MATCH (a:Actor {id: $id}) RETURN a"})
    # -> {"by_id": []}
    lint({"old": "MATCH (n) WHERE id(n) = 1 RETURN n"})
    # -> {"old": [{"severity": "warning", "message": "The query used a deprecated
    #              function. ('id' has been replaced by ...)", "line": 1, "character": 17}]}

Each diagnostic is {"severity": "error"|"warning"|..., "message", "line", "character"}
(1-based). "Parameter $x is not defined." diagnostics are filtered out.
Needs `node` (20+) on PATH and `npm ci --prefix tests/cypher_lint` run once.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "lint.mjs"
PACKAGE_DIR = HERE / "node_modules" / "@neo4j-cypher" / "language-support"


def available() -> bool:
    """True when node and the linter's node_modules are present."""
    return shutil.which("node") is not None and PACKAGE_DIR.is_dir()


def lint(queries: dict[str, str], timeout: float = 120.0) -> dict[str, list[dict]]:
    """Lint every query; return {name: [diagnostic, ...]} (empty list = clean)."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node is not on PATH; the Cypher linter needs Node 20+")
    if not PACKAGE_DIR.is_dir():
        raise RuntimeError(
            f"{PACKAGE_DIR} is missing: run `npm ci --prefix tests/cypher_lint` "
            "(from the repo root) to install the Cypher linter"
        )
    proc = subprocess.run(
        [node, str(SCRIPT)],
        input=json.dumps(queries),
        capture_output=True,
        text=True,
        cwd=HERE,
        timeout=timeout,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"lint.mjs exited {proc.returncode}: {proc.stderr.strip() or proc.stdout.strip()}")
    return json.loads(proc.stdout)


if __name__ == "__main__":  # python tests/cypher_lint/run.py < queries.json
    import sys

    sys.stdout.write(json.dumps(lint(json.load(sys.stdin)), indent=2) + "\n")
