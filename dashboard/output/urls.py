"""Every path the app serves, built in one place and under the configured prefix.

Routes are registered with ``Urls.route(...)`` and links are written with the
other methods, so moving the app under ``/conflict/`` moves both at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata
from urllib.parse import quote, urlencode

from dashboard.output.plotly_bundle import bundle_version
from dashboard.query.view_state import ViewState

BOOTSTRAP_VERSION = metadata.version("Bootstrap-Flask")


@dataclass(frozen=True)
class Urls:
    """Paths under ``prefix`` (which starts and ends with "/"), and absolute addresses under ``public``, the
    dashboard's public address ("" when not configured: the address a browser used)."""

    prefix: str = "/"
    public: str = ""

    def absolute(self, path: str, used: str = "") -> str:
        """``path`` (one of this object's) as an absolute address: under the public address when configured,
        else under ``used`` — the address a request came to (its root, e.g. ``request.host_url``)."""
        if self.public:
            return self.public + "/" + path[len(self.prefix):]
        return used.rstrip("/") + path

    def route(self, rule: str) -> str:
        """A Flask rule under the prefix: ``route("export/<name>.<fmt>")``."""
        return self.prefix + rule.lstrip("/")

    def path(self, *parts: str, query: str | Iterable[tuple[str, str]] = "") -> str:
        """``prefix/part/part?query``; parts are percent-encoded, the query written as given (or encoded)."""
        text = query if isinstance(query, str) else urlencode(list(query))
        joined = "/".join(quote(p, safe="") for p in parts)
        return self.prefix + joined + (f"?{text}" if text else "")

    def page(self, state: ViewState | None = None) -> str:
        """The dashboard at a view."""
        return self.path(query=state.to_query() if state else "")

    def export(self, name: str, state: ViewState | None = None, size: Iterable[tuple[str, str]] = ()) -> str:
        """A download: ``export/events.csv``, ``export/timeline.png`` (with optional size pairs)."""
        pairs = (state.query_pairs() if state else []) + list(size)
        return self.path("export", name, query=pairs)

    def embed(self, chart: str, state: ViewState | None = None) -> str:
        """The embeddable page of a chart."""
        return self.path("embed", chart, query=state.to_query() if state else "")

    def static(self, name: str) -> str:
        """A file of the app's own (embed script and styles, vendored libraries)."""
        return self.path("files", name)

    def plotly_js(self) -> str:
        """The app's plotly.js, its URL changing with its content (so it can be cached for a year)."""
        return self.path("vendor", "plotly.min.js", query=[("v", bundle_version())])

    def bootstrap_css(self) -> str:
        return self.path("vendor", "bootstrap", "bootstrap.min.css", query=[("v", BOOTSTRAP_VERSION)])
