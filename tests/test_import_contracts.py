"""The layer rules in pyproject.toml ([tool.importlinter]), checked by import-linter.

import-linter builds the import graph with grimp (function-level imports included) and checks
each contract: graph imports neither api nor loaders, loaders not api, the store not the
analyses, only the Neo4j store the driver, and no import cycles inside graph, api or loaders.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_import_contract_is_kept():
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True,
                            timeout=300, check=False)
    assert "Contracts:" in result.stdout, result.stdout + result.stderr
    assert result.returncode == 0, result.stdout[-3000:]
    summary = result.stdout.split("Contracts:")[-1].splitlines()[0]
    assert summary.strip().startswith("7 kept, 0 broken"), summary
