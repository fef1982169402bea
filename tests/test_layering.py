"""The house's layering (STYLE.md), checked with ast over the tree.

graph/ never imports api/ or loaders/; only graph/store/neo4j imports neo4j; only api/ imports
fastapi; analyses never import a store. And no module is longer than :data:`MAX_LINES` (issue 12,
"oversized modules"): a longer one gets a cohesive part moved into a module of its own.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: The longest a module under graph/, api/ or loaders/ may be (STYLE.md: about 400 lines at most).
MAX_LINES = 400


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found |= {node.module.split(".")[0], node.module}
    return found


def modules(*packages: str) -> list[Path]:
    return [p for pkg in packages for p in sorted((ROOT / pkg).rglob("*.py"))]


def test_the_tree_has_the_packages_it_checks():
    assert len(modules("graph")) >= 8 and modules("api") and modules("loaders")


def test_graph_never_imports_api_or_loaders():
    offenders = [str(p.relative_to(ROOT)) for p in modules("graph")
                 if imports(p) & {"api", "loaders"}]
    assert offenders == []


def test_only_the_neo4j_store_imports_neo4j():
    offenders = [str(p.relative_to(ROOT)) for p in modules("graph", "api", "loaders")
                 if "neo4j" in imports(p) and "graph/store/neo4j" not in p.as_posix()]
    assert offenders == []


def test_only_api_imports_fastapi():
    offenders = [str(p.relative_to(ROOT)) for p in modules("graph", "loaders")
                 if "fastapi" in imports(p)]
    assert offenders == []


def test_analyses_never_touch_a_store():
    offenders = [str(p.relative_to(ROOT)) for p in modules("graph/analysis")
                 if any(m.startswith("graph.store") for m in imports(p))]
    assert offenders == []


def test_the_checker_sees_imports():
    """Guard against a checker that cannot fail: it must see a planted import."""
    probe = ROOT / "tests" / "_probe_layering.py"
    probe.write_text("import neo4j\nfrom api.cli import app\n", encoding="utf-8")
    try:
        assert {"neo4j", "api", "api.cli"} <= imports(probe)
    finally:
        probe.unlink()


def oversized(paths: list[Path], root: Path = ROOT) -> list[str]:
    """``"path: N lines"`` for every file longer than :data:`MAX_LINES` (lines as ``wc -l``)."""
    found = []
    for path in paths:
        count = len(path.read_text(encoding="utf-8").splitlines())
        if count > MAX_LINES:
            found.append(f"{path.relative_to(root).as_posix()}: {count} lines")
    return found


def test_no_module_is_longer_than_400_lines():
    assert oversized(modules("graph", "api", "loaders")) == []


def test_the_line_check_names_a_long_module_and_its_count(tmp_path):
    """Guard against a check that cannot fail: 401 lines are named, 400 are not."""
    (tmp_path / "pkg").mkdir()
    long, short = tmp_path / "pkg" / "long.py", tmp_path / "pkg" / "short.py"
    long.write_text("x = 1\n" * (MAX_LINES + 1), encoding="utf-8")
    short.write_text("x = 1\n" * MAX_LINES, encoding="utf-8")
    assert oversized([long, short], tmp_path) == ["pkg/long.py: 401 lines"]
