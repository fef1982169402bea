"""The C kernel is built when the package is installed, never at run time (issue 12)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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


@pytest.mark.slow
def test_the_built_package_ships_the_word_catalogues(tmp_path):
    """What ``pip install .`` copies (setuptools' build of the package, with its package data)
    carries graph/locale: the words are found in the built tree, away from the sources."""
    built = subprocess.run([sys.executable, "setup.py", "-q", "build", "--build-base",
                            str(tmp_path / "build")], cwd=ROOT, capture_output=True, text=True,
                           timeout=600, check=False)
    assert built.returncode == 0, built.stderr
    lib = next((tmp_path / "build").glob("lib*"))
    for lang in ("de", "en"):
        assert (lib / "graph" / "locale" / lang / "LC_MESSAGES" / "quartiernetz.po").is_file()
    code = ("from pathlib import Path; from graph.i18n import say, LOCALE_DIR; "
            f"print(LOCALE_DIR.parent.parent == Path(r'{lib}'), "
            "say('weight_range', 'de', value=7))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(lib)}, cwd=tmp_path,
                            timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True Gewicht 7 liegt ausserhalb von 1 bis 5"
