"""The plotly.js the app ships: a partial bundle with just the trace types its charts draw.

Built from the pinned npm packages by ``scripts/build_plotly_bundle.py`` at the
plotly.js version plotly.py carries, and used everywhere plotly.js runs: the
page, the embeds, the exported HTML files and the server's image renderer.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from dashboard.paths import STATIC

BUNDLE = STATIC / "plotly.min.js"


@lru_cache(maxsize=1)
def bundle_text() -> str:
    """The bundle's source (read once: it never changes while the app runs)."""
    return BUNDLE.read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def bundle_version() -> str:
    """A short digest of the bundle, to put in its URL so that browsers may keep it for a year."""
    return hashlib.sha256(BUNDLE.read_bytes()).hexdigest()[:12]
