"""Charts and data that stand alone in a report: titles, filters in words, source, date made.

Pure functions shared by the export endpoints, the embed pages and the CLI.
Events are written in chunks of ``CHUNK_ROWS``, so an export of a million of
them streams in constant memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa
import pyarrow.compute as pc
import plotly.io as pio

from dashboard.data.native import ARROW_TYPES, arrow_events, events_csv_text
from dashboard.data.schema import COLUMN_NAMES, COLUMNS
from dashboard.query.dataset import Dataset
from dashboard.figures.style import MUTED, plotly_text
from dashboard.output.plotly_bundle import bundle_text
from dashboard.query.view import View
from dashboard.query.view_state import describe_filters
from dashboard.language import _, formats
from dashboard.language.charts import chart_config

PRINT_FONT = 14
CHUNK_ROWS = 5_000
#: The project's CSV header line.
CSV_HEADER = events_csv_text(arrow_events(pd.DataFrame()), header=True)
#: Pixels a standalone chart's title block takes above the figure's own top margin.
TITLE_BLOCK = 95
#: A line of the title block's small print.
LINE_HEIGHT = 17

__all__ = ["caption", "describe_filters", "events_csv_chunks", "events_json_chunks", "notebook_html",
           "standalone_figure", "standalone_html"]


def caption(view: View, dataset: Dataset) -> str:
    """One line under an embedded chart: count, filters, source (the view's ``credit`` where it cites another)."""
    source = _("Source: {sources}").format(sources=view.state.value("credit") or dataset.sources_of(view.filter))
    return f"{view.count_text} · {describe_filters(view.state)} · {source}"


def source_words(view: View, dataset: Dataset) -> str:
    """The full credit of a single source (the curated data's citation), else every dataset the view shows."""
    return dataset.caption if len(dataset.origins) < 2 else dataset.sources_of(view.filter)


def standalone_figure(figure: go.Figure, view: View, dataset: Dataset, *, chart: str, made: date) -> go.Figure:
    """A copy of ``figure`` with a title (the view's ``title``, else ``chart`` — the chart's name as shown — and
    the count), the view's ``subtitle``, the filters in words, the source (the view's ``credit`` where it cites
    another), the date made and the view's ``note``, in print sizes.

    The title block sits in a margin of its own above the figure's, so it never covers data or notes; it grows
    by a line for each of your own lines.
    """
    out = go.Figure(figure)
    state = view.state
    # Translators: a standalone chart's title, "Timeline: 5 of 19 events"
    title = state.value("title") or _("{chart}: {count}").format(chart=chart, count=view.count_text)
    source = _("Source: {sources}").format(sources=state.value("credit") or source_words(view, dataset))
    made_with = _("Made {day} with the conflict timeline dashboard").format(day=formats.long_day(made))
    own = [line for line in (state.value("subtitle"), state.value("note")) if line]
    lines = [state.value("subtitle"), describe_filters(state), source, made_with, state.value("note")]
    subtitle = "<br>".join(plotly_text(line) for line in lines if line)
    block = TITLE_BLOCK + LINE_HEIGHT * len(own)
    top = out.layout.margin.t or 10
    out.update_layout(
        title=dict(text=f"<b>{plotly_text(title)}</b>", subtitle=dict(text=subtitle, font=dict(size=12, color=MUTED)),
                   x=0.01, xanchor="left", y=0.99, yanchor="top", yref="container", font=dict(size=20)),
        margin=dict(t=top + block),
        height=(out.layout.height or 600) + block,
        font=dict(size=PRINT_FONT),
        uirevision=None,
    )
    return out


def standalone_html(figure: go.Figure, *, title: str, height: int) -> str:
    """A self-contained HTML page of ``figure``, the app's partial plotly.js inlined: it opens from disk
    with no network."""
    html = pio.to_html(figure, full_html=True, include_plotlyjs=False, default_width="100%",
                       default_height=f"{height}px", config=chart_config({"displaylogo": False, "responsive": True}),
                       validate=False)
    return html.replace("<head>", f"<head><title>{plotly_text(title)}</title><script>{_library()}</script>", 1)


def notebook_html(figure: go.Figure) -> str:
    """``figure`` as one piece of HTML for a Jupyter or Quarto output: the app's partial plotly.js inline (run
    only where no Plotly is loaded yet), no CDN and no require.js (the bundle sets ``window.Plotly`` and nothing
    else), so it draws in a notebook, in a page Quarto renders, and from disk with no network. A chart wider
    than the cell scrolls rather than being cut."""
    chart = pio.to_html(figure, full_html=False, include_plotlyjs=False,
                        config=chart_config({"displaylogo": False}), validate=False)
    return (f'<div class="conflict-timeline-figure" style="max-width:100%;overflow-x:auto">'
            f"<script>if (!window.Plotly) {{\n{_library()}\n}}</script>{chart}</div>")


def _library() -> str:
    """The partial plotly.js as the text of an inline ``<script>`` element."""
    return bundle_text().replace("</script", "<\\/script")


def events_csv_chunks(dataset: Dataset, view: View) -> Iterator[str]:
    """The view's events as the project's CSV (what ``validate`` and ``load_events`` read back), in chunks."""
    yield CSV_HEADER
    for chunk in dataset.engine.chunks_arrow(view.filter, CHUNK_ROWS):
        yield events_csv_text(chunk, header=False)


def events_json_chunks(dataset: Dataset, view: View, *, made: date) -> Iterator[str]:
    """The view's events as one JSON document, in chunks: metadata, then ``events``, one object per event
    with every schema column (dates ``YYYY-MM-DD``, ``actors``/``people`` arrays, missing values ``null``)."""
    head = {
        "filters": describe_filters(view.state),
        "query": view.state.to_query(),
        "source": source_words(view, dataset),
        "generated": made.isoformat(),
        "count": view.count,
        "total": view.total,
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "events": ['
    first = True
    for chunk in dataset.engine.chunks_arrow(view.filter, CHUNK_ROWS):
        lines = [json.dumps(record, ensure_ascii=False) for record in event_records(chunk)]
        yield ("\n" if first else ",\n") + ",\n".join(lines)
        first = False
    yield "\n]}\n"


def event_records(events: pa.Table) -> list[dict]:
    """One JSON-ready dict per event (an Arrow table of contract columns), every schema column, in order:
    dates as ``YYYY-MM-DD``, lists as lists (empty when missing), missing values as None."""
    arrays = []
    for column in COLUMNS:
        if column.name not in events.column_names:
            arrays.append(pa.nulls(events.num_rows, ARROW_TYPES[column.kind]))
            continue
        values = events.column(column.name)
        if column.kind == "list":
            values = pc.if_else(pc.is_null(values), pa.scalar([], ARROW_TYPES["list"]), values)
        elif column.kind == "date":
            values = pc.strftime(values, "%Y-%m-%d")
        arrays.append(values)
    return pa.Table.from_arrays(arrays, names=list(COLUMN_NAMES)).to_pylist()
