"""``graph.analysis`` has no import cycle and imports no private name of another module.

The imports are read with ast, every one of them: at the top of a module and inside functions
(a lazy import is still a cycle, only a hidden one). ``from package import name`` counts as an
import of ``package.name`` when that is a module, else of ``package``. A package's ``__init__``
importing its submodules and those importing each other is not a cycle (Python finishes the
package first); a module that imports a module that imports it back is.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parents[2]


def module_names(root: Path, package: str) -> dict[str, Path]:
    """Dotted name -> file, for every module of ``package`` under ``root``."""
    base = root / package.replace(".", "/")
    names = {}
    for path in sorted(base.rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def imported(name: str, path: Path, known: dict[str, Path]) -> list[tuple[str, str, int]]:
    """``(module imported, name imported or "", line)`` for every import in the module."""
    is_package = path.name == "__init__.py"
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, "", node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:  # relative: from the package this module is in
                here = name.split(".") if is_package else name.split(".")[:-1]
                here = here[:len(here) - (node.level - 1)]
                module = ".".join(here + ([module] if module else []))
            for alias in node.names:
                sub = f"{module}.{alias.name}"
                found.append((sub, "", node.lineno) if sub in known else
                             (module, alias.name, node.lineno))
    return found


def import_graph(root: Path, package: str) -> nx.DiGraph:
    """Modules of ``package`` and who imports whom among them (``names``: the names imported)."""
    known = module_names(root, package)
    G = nx.DiGraph()
    G.add_nodes_from(known)
    for name, path in known.items():
        for target, what, line in imported(name, path, known):
            if target in known and target != name:
                if not G.has_edge(name, target):
                    G.add_edge(name, target, names=[], line=line)
                if what:
                    G[name][target]["names"].append(what)
    return G


def cycles(G: nx.DiGraph) -> list[list[str]]:
    """Import cycles, leaving out a package and its own submodules importing each other."""
    H = G.copy()
    H.remove_edges_from([(u, v) for u, v in G.edges if u.startswith(v + ".") or v.startswith(u + ".")])
    return sorted(sorted(c) for c in nx.simple_cycles(H))


def private_imports(G: nx.DiGraph) -> list[str]:
    return sorted(f"{u} imports {n} from {v}" for u, v, names in G.edges(data="names")
                  for n in names if n.startswith("_"))


@pytest.mark.parametrize("package", ["graph.analysis", "graph"])
def test_no_import_cycle(package):
    G = import_graph(ROOT, package)
    assert {"graph.analysis.invite.table", "graph.analysis.network"} <= set(G)  # sees the tree
    assert G.has_edge("graph.analysis.introduction", "graph.analysis.network")
    assert cycles(G) == []


def test_no_module_of_graph_analysis_imports_a_private_name_of_another():
    assert private_imports(import_graph(ROOT, "graph.analysis")) == []


def test_invite_need_and_introduction_share_the_network_not_each_other():
    G = import_graph(ROOT, "graph.analysis")
    users = {"graph.analysis.need", "graph.analysis.introduction", "graph.analysis.invite.table"}
    assert all(G.has_edge(u, "graph.analysis.network") for u in users)
    assert not any(nx.has_path(G, "graph.analysis.network", u) for u in users)
    invite = {m for m in G if m.startswith("graph.analysis.invite.") or m == "graph.analysis.invite"}
    used = set(G.successors("graph.analysis.need")) | set(G.successors("graph.analysis.introduction"))
    assert not used & invite


def test_the_checker_finds_a_lazy_cycle_and_a_private_import(tmp_path):
    """Guard against a checker that cannot fail: a cycle closed by an import inside a function
    (as invite.prepare once imported introduction), and a private name imported."""
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("from pkg.a import f\n", encoding="utf-8")
    (pkg / "a.py").write_text("def f():\n    from pkg.sub.b import g\n    return g()\n",
                              encoding="utf-8")
    (pkg / "sub" / "__init__.py").write_text("", encoding="utf-8")
    (pkg / "sub" / "b.py").write_text("from ..a import _helper\n", encoding="utf-8")
    G = import_graph(tmp_path, "pkg")
    assert cycles(G) == [["pkg.a", "pkg.sub.b"]]
    assert private_imports(G) == ["pkg.sub.b imports _helper from pkg.a"]
