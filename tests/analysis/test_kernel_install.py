"""The C kernel is built when the package is installed, never at run time (issue 12)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import graph
from graph.analysis import _kernels

ROOT = Path(graph.__file__).resolve().parents[1]


def _without_compiler(tmp_path: Path) -> dict[str, str]:
    """The environment with a PATH that holds no C compiler (only an empty folder)."""
    empty = tmp_path / "bin"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("CC", "QUARTIERNETZ_KERNEL")}
    env["PATH"] = str(empty)
    env["HOME"] = str(tmp_path)  # no cache of an earlier run-time build either
    assert shutil.which("cc", path=env["PATH"]) is None and shutil.which("gcc", path=env["PATH"]) is None
    return env


def test_installed_package_reports_the_c_kernel_without_a_compiler(tmp_path):
    script = Path(sys.executable).parent / "quartiernetz"  # what pip installed
    result = subprocess.run([str(script), "--version"], capture_output=True,
                            text=True, env=_without_compiler(tmp_path), timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("quartiernetz ") and "(kernel c)" in result.stdout
    assert _kernels.library_path() is not None
    assert _kernels.library_path().parent == Path(_kernels.__file__).parent


def test_a_tree_without_the_built_kernel_runs_python_and_warns_once(tmp_path):
    """A source tree that was never installed: the analyses still run (pure Python, same
    answers) and one warning line says why and what to do."""
    tree = tmp_path / "src"
    shutil.copytree(ROOT / "graph", tree / "graph", ignore=shutil.ignore_patterns("*.so", "__pycache__"))
    code = ("import networkx as nx, logging; logging.basicConfig();"
            "from graph.analysis import betweenness; from graph.analysis._kernels import kernel_name;"
            "b = betweenness(nx.florentine_families_graph(), weight=None).values;"
            "betweenness(nx.path_graph(4), weight=None);"
            "print(kernel_name(), round(b['Medici'], 3))")
    env = {**_without_compiler(tmp_path), "PYTHONPATH": str(tree)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env, cwd=tmp_path, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    # Padgett & Ansell's Florentine families: Medici's normalised betweenness 0.522
    assert result.stdout.split() == ["python", "0.522"]
    warnings = [line for line in result.stderr.splitlines() if "C kernel not available" in line]
    assert len(warnings) == 1, result.stderr
    assert "pip install" in warnings[0]
