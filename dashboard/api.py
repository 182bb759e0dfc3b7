"""The dashboard from Python, in one import — for scripts, Jupyter and Quarto.

``dashboard.open()`` gives the data (the bundled events, your files, a prepared store or an engine's URL);
``.view(…)`` a view of it, by the dashboard's own query string or by keywords; the view's count, events,
figures, files and address are those of every other door (the page, an embed, ``/export``, the CLI)::

    >>> import dashboard
    >>> talks = dashboard.open().view(type="talks", start="2023-04-01", end="2023-06-30")
    >>> talks.count
    5
    >>> figure = talks.timeline(title="Talks before Brussels")   # a plotly Figure, framed for paper
    >>> talks.export("talks.svg")                                # .png .svg .pdf .html .csv .json
    PosixPath('talks.svg')
    >>> talks.report("talks-report.pdf", paper="letter")         # one page: charts, events, sources
    PosixPath('talks-report.pdf')
    >>> talks.url("https://dashboard.example.org")
    'https://dashboard.example.org/?type=talks&from=2023-04-01&to=2023-06-30'

Keywords are the URL's parameters (``python -m dashboard export --help`` lists them), with ``start`` and
``end`` for ``from`` and ``to`` (Python's ``from`` is taken) and a list for a repeatable one
(``actor=["Armenia", "Azerbaijan"]``). A parameter the dashboard does not know, or a value it cannot use,
raises ``ValueError`` with the reason.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import CHARTS, Canvas
from dashboard.output.exports import ExportError, export, image_size, report_paper, write_to
from dashboard.output.exports import chart_figure
from dashboard.output.images import ImageRenderer
from dashboard.output.report import notebook_html
from dashboard.query.dataset import Dataset, load_dataset
from dashboard.query.view import View as _View
from dashboard.query.view import resolve_view

#: Keywords that stand for a URL parameter Python cannot spell.
ALIASES = {"start": "from", "end": "to"}
#: What a file's suffix exports (the chart for an image or a page; the events for data).
SUFFIXES = {".png": "png", ".svg": "svg", ".pdf": "pdf", ".html": "html", ".csv": "csv", ".json": "json"}


class Figure(go.Figure):
    """A plotly ``Figure`` (every plotly method works on it) that draws itself in Jupyter and Quarto with the
    dashboard's own partial plotly.js, inline: no CDN, no require.js, nothing fetched — the notebook or the
    rendered report works offline and from disk."""

    def _repr_html_(self) -> str:
        return notebook_html(self)

    def _repr_mimebundle_(self, include=None, exclude=None, **kwargs) -> dict:
        return {"text/html": notebook_html(self), "text/plain": repr(self)}

    def _ipython_display_(self) -> None:  # plotly's own would choose a renderer (and a CDN) by itself
        from IPython.display import display

        display(self._repr_mimebundle_(), raw=True)

    def __repr__(self) -> str:
        title = self.layout.title.text or ""
        return f"<dashboard figure {re.sub('<[^>]+>', '', title)!r}: {len(self.data)} traces>"


class Data:
    """Events to explore: what ``open`` returns. ``dataset`` is the engine-backed dataset every door reads."""

    def __init__(self, dataset: Dataset):
        self.dataset = dataset
        # one browser draws every image and report of this data (started on the first; one per export would
        # leave a Chromium behind each time)
        self.renderer = ImageRenderer()

    @property
    def total(self) -> int:
        """How many events the data holds."""
        return self.dataset.total

    def view(self, query: str = "", /, **values) -> View:
        """A view of the data: a query string as in the dashboard's address (``"type=talks&from=2023-04-01"``,
        with or without "?", or a whole URL), and/or keywords (``type="talks", start="2023-04-01"``)."""
        query = query.split("?", 1)[1] if "?" in query else query
        pairs = [(ALIASES.get(key, key), item) for key, value in values.items() if value is not None
                 for item in (value if isinstance(value, (list, tuple, set)) else [value])]
        text = "&".join(part for part in (query, urlencode([(k, _text(v)) for k, v in pairs])) if part)
        view = resolve_view(self.dataset, text)
        if view.notices:
            raise ValueError(" ".join(view.notices))
        return View(self.dataset, view, self.renderer)

    def __repr__(self) -> str:
        return f"<dashboard data: {self.total:,} events>"


class View:
    """One view of the data: what the dashboard shows for an address."""

    def __init__(self, dataset: Dataset, view: _View, renderer: ImageRenderer | None = None):
        self.dataset, self._view = dataset, view
        self.renderer = renderer or ImageRenderer()

    @property
    def count(self) -> int:
        """How many events the view keeps."""
        return self._view.count

    @property
    def query(self) -> str:
        """The view as the dashboard's query string."""
        return self._view.state.to_query()

    @property
    def events(self) -> pd.DataFrame:
        """The view's events in date order, in the project's columns (the data contract)."""
        return self.dataset.engine.rows(self._view.filter)

    def figure(self, chart: str, *, width: int | None = None, on_paper: bool = True, title: str | None = None,
               subtitle: str | None = None, note: str | None = None, credit: str | None = None) -> go.Figure:
        """The ``chart`` (``"timeline"``, ``"map"``, ``"trends-map"``, ``"trends-timeline"``) of the view as
        every door draws it, laid out ``width`` pixels wide (default: the chart's export width). On paper (the
        default) it is framed as an exported file: a title (yours, else the chart and its count), your
        subtitle, the filters, the source (your ``credit`` where you cite something else), the date, your note —
        and no range slider."""
        record = CHARTS.get(chart)
        if record is None:
            raise ValueError(f"unknown chart {chart!r}: expected one of {', '.join(CHARTS)}")
        view = self._worded(title, subtitle, note, credit)
        canvas = Canvas(width=width or record.size[0], on_paper=on_paper)
        if on_paper:
            return Figure(chart_figure(record, self.dataset, view, canvas, made=date.today()))
        return Figure(record.figure(self.dataset, view, canvas))

    def timeline(self, **options) -> go.Figure:
        """The timeline (``figure("timeline", …)``)."""
        return self.figure("timeline", **options)

    def map(self, **options) -> go.Figure:
        """The map (``figure("map", …)``)."""
        return self.figure("map", **options)

    def url(self, base: str = "") -> str:
        """The view's address in the dashboard at ``base`` (e.g. "https://dashboard.example.org")."""
        return f"{base.rstrip('/')}/?{self.query}" if self.query else f"{base.rstrip('/')}/"

    def export(self, path: str | Path, *, chart: str = "timeline", width: int | None = None,
               height: int | None = None, scale: float | None = None, title: str | None = None,
               subtitle: str | None = None, note: str | None = None, credit: str | None = None,
               paper: str = "a4") -> Path:
        """Write the view to ``path``, by its suffix: ``.png``, ``.svg``, ``.pdf`` or ``.html`` — the ``chart``
        (the timeline unless said; ``chart="report"`` with ``.pdf`` is the one-page report, see ``report``),
        exactly as ``/export`` and the CLI make it — or ``.csv``, ``.json`` — its events. Returns the path."""
        path = Path(path)
        fmt = SUFFIXES.get(path.suffix.lower())
        if fmt is None:
            raise ValueError(f"{path}: expected a file ending in {', '.join(SUFFIXES)}")
        name = "events" if fmt in ("csv", "json") else chart
        sizes = {k: str(v) for k, v in (("width", width), ("height", height), ("scale", scale)) if v is not None}
        try:
            size = image_size(name, sizes) if name in CHARTS else None
            made = export(self.dataset, self._worded(title, subtitle, note, credit), name, fmt, size=size,
                          made=date.today(), paper=report_paper({"paper": paper}), renderer=self.renderer)
        except ExportError as error:
            raise ValueError(str(error)) from None
        write_to(made.content, path)
        return path

    def report(self, path: str | Path, *, paper: str = "a4", title: str | None = None, subtitle: str | None = None,
               note: str | None = None, credit: str | None = None) -> Path:
        """Write the one-page report of the view to ``path`` (a PDF, on ``paper`` "a4" or "letter"): your title
        (else "Report" and the count), subtitle and note, the caption, the timeline, the map and the view's events
        with their dates and sources — as many as the page holds, saying how many of how many."""
        if Path(path).suffix.lower() != ".pdf":
            raise ValueError(f"{path}: a report is a PDF (.pdf)")
        return self.export(path, chart="report", paper=paper, title=title, subtitle=subtitle, note=note,
                           credit=credit)

    def _worded(self, title, subtitle, note, credit) -> _View:
        """The view with your own words on its charts (``title``, ``subtitle``, ``note``, ``credit``), checked as
        the URL's."""
        words = {key: value for key, value in (("title", title), ("subtitle", subtitle), ("note", note),
                                               ("credit", credit)) if value}
        if not words:
            return self._view
        return resolve_view(self.dataset, "&".join(p for p in (self.query, urlencode(words)) if p))

    def __repr__(self) -> str:
        return f"<dashboard view {self.query or '(everything)'}: {self._view.count_text}>"


def open(files=None, *, store: str | Path | None = None, engine: str | None = None,  # noqa: A001 - the API's name
         **options) -> Data:
    """The data to explore: the bundled events (no argument), your files (``files``: a path or a list of them —
    the project's CSV, an ACLED or a UCDP GED export), a prepared ``store`` (``python -m dashboard import …
    --into``) or an ``engine``'s URL (e.g. ``"duckdb:///events.duckdb"``). ``options`` are
    ``load_dataset``'s (``fmt``, ``strict``, …)."""
    if isinstance(files, (str, Path)):
        files = [files]
    return Data(load_dataset(files, store=store, engine=engine, **options))


def serve(data: Data | None = None, *, jupyter_mode: str = "inline", port: int = 8050, **settings) -> None:
    """Run the whole dashboard on ``data`` (default: the bundled events) inside a notebook (Dash's own
    ``jupyter_mode``: "inline", "tab", "jupyterlab" or "external") or, with ``jupyter_mode=None``, as a local
    server. ``settings`` are ``dashboard.settings.Settings`` fields (``cache="none"``, …)."""
    from dashboard.settings import Settings
    from dashboard.web.app import create_app

    app = create_app(Settings(**settings), dataset=(data or open()).dataset)
    if jupyter_mode is None:
        app.run(port=port)
    else:
        app.run(jupyter_mode=jupyter_mode, port=port)


def _text(value) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)
