"""A year of changes for the memory benchmark (bench/memory.py, the ``changes`` row): a tenth
of the ties start within the year 2025 and a tenth end in it, so that ties are gained and lost,
actors become isolated and brokers fall back."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

SINCE, UNTIL = date(2025, 1, 1), date(2026, 1, 1)


def a_year_of_changes(ties: list[dict[str, Any]], seed: int = 1) -> None:
    """Give a tenth of ``ties`` (store rows, ISO days) a start and a tenth an end within 2025."""
    rng = random.Random(seed)
    for tie in ties:
        roll = rng.random()
        if roll < 0.1:
            tie["since"] = f"2025-{rng.randint(1, 12):02d}-15"
        elif roll < 0.2:
            tie["until"] = f"2025-{rng.randint(1, 12):02d}-15"
