"""Server-side PNG and SVG rendering with kaleido, in one long-lived browser per process."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field

import plotly.graph_objects as go


class ImagesUnavailable(RuntimeError):
    """No Chromium or Chrome could be found or started for image export."""


@dataclass
class ImageRenderer:
    """Renders figures to PNG or SVG through kaleido.

    The browser starts on the first image and stays up (kaleido's sync server)
    so later images take a fraction of a second. ``browser_path`` overrides
    the search of the PATH; a path that is not an executable makes the
    renderer unavailable rather than failing per request.
    """

    browser_path: str = ""
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _started: bool = field(default=False, repr=False)

    def find_browser(self) -> str | None:
        """The browser that would be used, or None."""
        if self.browser_path:
            return self.browser_path if os.access(self.browser_path, os.X_OK) else None
        from choreographer.browsers.chromium import Chromium

        return Chromium.find_browser(skip_local=False)

    def render(self, figure: go.Figure, fmt: str, *, width: int, height: int, scale: float) -> bytes:
        """Image bytes of ``figure``. Raises ``ImagesUnavailable`` when no browser can do it."""
        import kaleido

        path = self.find_browser()
        if path is None:
            raise ImagesUnavailable("Image export needs Chromium or Chrome: install it, or set BROWSER_PATH.")
        with self._lock:
            if not self._started:
                try:
                    kaleido.start_sync_server(path=path, mathjax=False, silence_warnings=True)
                except Exception as error:  # kaleido reports a missing or broken browser in several ways
                    raise ImagesUnavailable(f"Could not start the browser for image export: {error}") from None
                self._started = True
        try:
            return kaleido.calc_fig_sync(figure, opts={"format": fmt, "width": width, "height": height,
                                                       "scale": scale})
        except Exception as error:
            raise ImagesUnavailable(f"The browser could not render the image: {error}") from None
