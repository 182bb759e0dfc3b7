"""Answers kept by key, at most a number of them (the oldest go first); safe across threads."""

from __future__ import annotations

import threading
from collections import OrderedDict


class Remembered:
    """``get(key, compute)``: the answer kept for ``key``, or ``compute()`` kept for next time."""

    def __init__(self, limit: int):
        self._limit, self._lock, self._known = limit, threading.Lock(), OrderedDict()

    def get(self, key, compute):
        with self._lock:
            if key in self._known:
                self._known.move_to_end(key)
                return self._known[key]
        value = compute()  # outside the lock: two threads may both compute a new key, and agree
        with self._lock:
            self._known[key] = value
            while len(self._known) > self._limit:
                self._known.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._known.clear()
