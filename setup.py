"""Builds the C kernel of the broker measures when the package is installed.

Everything else about the package is in ``pyproject.toml``. ``_kernel.c`` is plain C (no Python
API): it is built as a shared library beside ``graph/analysis/_kernels.py`` and loaded there with
:mod:`ctypes`; nothing is compiled at run time.
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension(
    "graph.analysis._kernel",
    sources=["graph/analysis/_kernel.c"],
    extra_compile_args=["-O2", "-pthread"],
    extra_link_args=["-pthread"],
    libraries=["m"],
)])
