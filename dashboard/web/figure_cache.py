"""Memoised figure work: in-process by default, shared through Redis when configured.

What is cached is kept pickled, so the in-process cache knows each entry's
size exactly and is bounded in bytes (``DASHBOARD_CACHE_BYTES``), least
recently used first out; a value too large for the bound is simply not
kept. Only what is cheap to keep is offered to it: figures, embed pages and
small exports — never streamed downloads or files that carry plotly.js.

Keys carry a fingerprint of the dataset, so hosts serving different data can
share one Redis without mixing their figures. A cache that fails (Redis down)
is skipped, never an error for the user.
"""

from __future__ import annotations

import logging
import pickle
import threading
from collections.abc import Callable
from typing import Any

from cachetools import TTLCache
from flask import Flask
from flask_caching import Cache

from dashboard.settings import Settings
from dashboard.language import language

LOG = logging.getLogger(__name__)


def cache_config(settings: Settings) -> dict:
    """flask-caching configuration for the shared (Redis) cache, or None when the cache is in-process/off."""
    kind = cache_kind(settings)
    if kind != "redis":
        return {"CACHE_TYPE": "NullCache"}
    return {"CACHE_DEFAULT_TIMEOUT": settings.cache_timeout, "CACHE_TYPE": "RedisCache",
            "CACHE_REDIS_URL": settings.redis_url, "CACHE_KEY_PREFIX": "conflict-timeline:"}


def cache_kind(settings: Settings) -> str:
    """"memory", "redis" or "none", resolving "auto". Raises ``ValueError`` for redis without a URL."""
    kind = settings.cache
    if kind == "auto":
        kind = "redis" if settings.redis_url else "memory"
    if kind == "redis" and not settings.redis_url:
        raise ValueError("DASHBOARD_CACHE=redis needs REDIS_URL")
    return kind


class BytesBoundedCache:
    """A thread-safe in-process cache of pickled values, bounded by their total size in bytes."""

    def __init__(self, max_bytes: int, timeout: int):
        self._entries = TTLCache(maxsize=max_bytes, ttl=timeout, getsizeof=len)
        self._lock = threading.Lock()
        self.max_bytes = max_bytes

    def get(self, key: str) -> bytes | None:
        with self._lock:
            return self._entries.get(key)

    def set(self, key: str, value: bytes) -> None:
        if len(value) > self.max_bytes:
            return
        with self._lock:
            self._entries[key] = value

    @property
    def size(self) -> int:
        """Bytes held now."""
        with self._lock:
            return int(self._entries.currsize)


class FigureCache:
    """``get_or_build(kind, key, build)``: the cached value, or ``build()`` stored for next time."""

    def __init__(self, server: Flask, settings: Settings, fingerprint: str):
        kind = cache_kind(settings)
        self._shared = Cache(server, config=cache_config(settings)) if kind == "redis" else None
        self._local = BytesBoundedCache(settings.cache_bytes, settings.cache_timeout) if kind == "memory" else None
        self._fingerprint = fingerprint

    def get_or_build(self, kind: str, key: str, build: Callable[[], Any]) -> Any:
        full_key = f"{self._fingerprint}:{language()}:{kind}:{key}"  # words differ by language
        try:
            hit = self._read(full_key)
        except Exception as error:  # a cache backend that is down must not take the page with it
            LOG.warning("cache read failed: %s", error)
            return build()
        if hit is not None:
            return pickle.loads(hit)
        value = build()
        try:
            self._write(full_key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        except Exception as error:
            LOG.warning("cache write failed: %s", error)
        return value

    @property
    def held_bytes(self) -> int:
        """Bytes the in-process cache holds (0 for Redis or no cache)."""
        return self._local.size if self._local else 0

    def _read(self, key: str) -> bytes | None:
        if self._local is not None:
            return self._local.get(key)
        if self._shared is not None:
            return self._shared.get(key)
        return None

    def _write(self, key: str, value: bytes) -> None:
        if self._local is not None:
            self._local.set(key, value)
        elif self._shared is not None:
            self._shared.set(key, value)
