"""Results cached by the store's version: a repeated call with no write in between is free.

The analyses are pure functions of a snapshot; a snapshot is a function of the store's
``version()`` (it changes on every write that changes something) and of the options. So a
result can be kept under ``(version, name, options)`` and handed out again until the version
moves. The cache lives in the process (the API server, a notebook); the command line starts a
new process each time and so computes afresh.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class AnalysisCache:
    """A small least-recently-used cache of analysis results keyed by store version.

    Examples
    --------
    >>> cache = AnalysisCache()
    >>> cache.get_or_compute(7, "brokers", {"top": 5}, lambda: [1, 2])
    [1, 2]
    >>> cache.get_or_compute(7, "brokers", {"top": 5}, lambda: [3])  # same version: cached
    [1, 2]
    """

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    @staticmethod
    def key(version: Any, name: str, options: dict[str, Any]) -> Hashable:
        return (version, name, tuple(sorted((k, repr(v)) for k, v in options.items())))

    def get_or_compute(self, version: Any, name: str, options: dict[str, Any],
                       compute: Callable[[], T]) -> T:
        """The cached result for ``(version, name, options)``, else ``compute()`` (then kept).

        Entries of older versions are dropped as soon as a newer version is seen.
        """
        key = self.key(version, name, options)
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                self.hits += 1
                return self._items[key]  # type: ignore[no-any-return]
        value = compute()
        with self._lock:
            self.misses += 1
            for old in [k for k in self._items if k[0] != version]:  # type: ignore[index]
                del self._items[old]
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


#: The process-wide cache used by the command line and the API.
CACHE = AnalysisCache()
