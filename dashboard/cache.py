"""Memoised figure work: in-process by default, shared through Redis when configured.

Keys carry a fingerprint of the dataset, so hosts serving different data can
share one Redis without mixing their figures. A cache that fails (Redis down)
is skipped, never an error for the user.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from flask import Flask
from flask_caching import Cache

from dashboard.settings import Settings

LOG = logging.getLogger(__name__)


def cache_config(settings: Settings) -> dict:
    """flask-caching configuration for the settings."""
    kind = settings.cache
    if kind == "auto":
        kind = "redis" if settings.redis_url else "memory"
    if kind == "redis" and not settings.redis_url:
        raise ValueError("DASHBOARD_CACHE=redis needs REDIS_URL")
    config = {"CACHE_DEFAULT_TIMEOUT": settings.cache_timeout}
    if kind == "redis":
        return {**config, "CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": settings.redis_url,
                "CACHE_KEY_PREFIX": "conflict-timeline:"}
    if kind == "memory":
        return {**config, "CACHE_TYPE": "SimpleCache", "CACHE_THRESHOLD": 500}
    return {**config, "CACHE_TYPE": "NullCache"}


class FigureCache:
    """``get_or_build(kind, key, build)``: the cached value, or ``build()`` stored for next time."""

    def __init__(self, server: Flask, settings: Settings, fingerprint: str):
        self._cache = Cache(server, config=cache_config(settings))
        self._fingerprint = fingerprint

    def get_or_build(self, kind: str, key: str, build: Callable[[], Any]) -> Any:
        full_key = f"{self._fingerprint}:{kind}:{key}"
        try:
            hit = self._cache.get(full_key)
        except Exception as error:  # a cache backend that is down must not take the page with it
            LOG.warning("cache read failed: %s", error)
            return build()
        if hit is not None:
            return hit
        value = build()
        try:
            self._cache.set(full_key, value)
        except Exception as error:
            LOG.warning("cache write failed: %s", error)
        return value
