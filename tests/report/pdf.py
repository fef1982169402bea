"""Reading a report PDF back: its text (Debian's ``pdftotext``) and its pages as PNG
(``pdftoppm``), both from poppler-utils (``.ci/run`` installs them)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest


def need_poppler() -> None:
    if not shutil.which("pdftotext") or not shutil.which("pdftoppm"):
        if os.environ.get("CI"):
            pytest.fail("pdftotext/pdftoppm missing (.ci/run installs poppler-utils)")
        pytest.skip("poppler-utils is missing: apt-get install poppler-utils")


def pdf_text(pdf: bytes, *, layout: bool = True) -> str:
    """The text of a PDF, lines as laid out (``pdftotext -layout``)."""
    need_poppler()
    args = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), "-", "-"]
    return subprocess.run(args, input=pdf, capture_output=True, check=True, timeout=60).stdout.decode("utf-8")


def pdf_png(pdf: bytes, out: Path, *, first: int, last: int | None = None, dpi: int = 80) -> list[Path]:
    """Pages ``first``..``last`` as PNG files ``out-N.png``."""
    need_poppler()
    src = out.with_suffix(".pdf")
    src.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-f", str(first), "-l", str(last or first),
                    str(src), str(out)], check=True, timeout=120)
    return sorted(out.parent.glob(out.name + "-*.png"))


def figure(text: str, label: str) -> str:
    """The value on the line of a key figure (``label   value``) in ``pdftotext -layout`` text;
    ``label`` may be the start of a label that wraps (the value stands on its first line)."""
    for line in text.splitlines():
        m = re.search(rf"{re.escape(label)}.*?\s{{2,}}(\S(?:.*\S)?)\s*$", line)
        if m:
            return m.group(1)
    raise AssertionError(f"no line {label!r} in the report's text")
