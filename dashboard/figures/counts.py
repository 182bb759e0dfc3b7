"""The timeline of a view too large to draw event by event: stacked counts per day, week, month or year."""

from __future__ import annotations

from datetime import date
from functools import cache

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.labels import event_label
from dashboard.figures.style import FALLBACK_COLOURS, MUTED, base_layout, plotly_text, type_colour, type_label
from dashboard.figures.time_axis import NOTE_MARGIN, date_axis, publication_line
from dashboard.query.framing import mark_kinds, middles
from dashboard.language import N_, _, formats, ngettext
from dashboard.language.wording import events_count

DAY_MS = 86_400_000
#: How a bin's period reads in the hover, from the bar's middle (plotly.js writes the date, d3 time format): no
#: list of labels to send. A week's words are a marked text with the date as ``{day}``.
PERIOD_WORDS = {"day": "%{x|%-d %b %Y}", "week": N_("week around {day}"), "month": "%{x|%B %Y}", "year": "%{x|%Y}"}
#: The counts' axis title, by bin.
AXIS_TITLES = {"day": N_("events per day"), "week": N_("events per week"), "month": N_("events per month"),
               "year": N_("events per year")}
#: "1,239 events counted per month", by bin.
COUNTED = {
    "day": lambda n: ngettext("{n} event counted per day", "{n} events counted per day", n),
    "week": lambda n: ngettext("{n} event counted per week", "{n} events counted per week", n),
    "month": lambda n: ngettext("{n} event counted per month", "{n} events counted per month", n),
    "year": lambda n: ngettext("{n} event counted per year", "{n} events counted per year", n),
}


def timeline_counts_figure(counts, *, shown: int, published: date | None = None, x_range=None, history=None,
                           width: int = 1000, slider: bool = True) -> go.Figure:
    """A timeline of counts (``aggregate.TimelineCounts``): stacked bars per bin, one colour per lane.

    ``shown`` is how many events the bars count. ``x_range`` is the frame
    (default: the bins' extent), ``history`` the range slider's extent.
    Zooming in far enough brings the events back.
    """
    figure = go.Figure()
    width_ms = ((counts.ends - counts.starts).days.to_numpy() + 1) * DAY_MS * 0.92
    # Bar middles as milliseconds (a date axis reads numbers so): a compact typed array, not date strings.
    middle = counts.starts + (counts.ends + pd.Timedelta(days=1) - counts.starts) / 2
    middle_ms = middle.as_unit("ms").asi8.astype(float)
    period = _period_words(counts.unit)
    counted = cache(events_count)  # "1,239 events", written once per count for every lane
    for lane, (name, kind) in enumerate(zip(counts.lanes, counts.lane_types, strict=True)):
        values = counts.counts[lane]
        if not values.any():
            continue
        colour = type_colour(kind) if kind else FALLBACK_COLOURS[lane % len(FALLBACK_COLOURS)]
        label = plotly_text(type_label(kind) if kind else name)
        figure.add_trace(go.Bar(
            x=middle_ms, y=values, width=width_ms, name=label,
            marker=dict(color=colour, line=dict(width=0)), offsetgroup="counts",
            customdata=[counted(int(n)) for n in values],
            hovertemplate=f"<b>{label}</b><br>{period}<br>%{{customdata}}<extra></extra>",
        ))
    if x_range is None:
        x_range = (counts.starts[0], counts.ends[-1] + pd.Timedelta(days=1)) if len(counts.starts) else None
    notes = [dict(text=_counted_note(shown, counts.unit),
                  xref="paper", yref="paper", x=0, y=1, xanchor="left", yanchor="bottom", yshift=14,
                  showarrow=False, font=dict(size=12, color=MUTED), name="counted")]
    shapes = []
    if published is not None:
        line, note = publication_line(published, x_range, width - 80)
        shapes.append(line)
        notes += [note] if note else []
    figure.update_layout(**base_layout(
        height=440, margin=dict(l=10, r=20, t=NOTE_MARGIN + 6, b=10), barmode="stack", bargap=0.05,
        hovermode="closest", dragmode="zoom",
        legend=dict(orientation="h", yanchor="top", y=-0.3, x=0, font=dict(size=12)),
        xaxis=date_axis(x_range, history, slider=slider, plot_width=width - 80),
        yaxis=dict(title=dict(text=_(AXIS_TITLES[counts.unit])), fixedrange=True, rangemode="tozero",
                   gridcolor="#eef0f2"),
        annotations=notes, shapes=shapes,
    ))
    return figure


def _period_words(unit: str) -> str:
    words = PERIOD_WORDS[unit]
    return _(words).format(day=PERIOD_WORDS["day"]) if unit == "week" else words


def _counted_note(shown: int, unit: str) -> str:
    """"1,239 events counted per month: zoom in or filter to see them one by one"."""
    counted = COUNTED[unit](shown).format(n=formats.number(shown))
    return _("{counted}: zoom in or filter to see them one by one").format(counted=counted)


def add_overlay(figure: go.Figure, events: pd.DataFrame, *, name: str, selected: str | None = None,
                labelled: int = 12) -> go.Figure:
    """Draw a small source's ``events`` on top of the counts as marks of their own (a trace named ``name``),
    in a band above the bars: the few events a reader came for are never folded into them. Up to
    ``labelled`` events carry their label; all have a hover and a click that selects them."""
    if events.empty:
        return figure
    middle = middles(events)
    texts = [plotly_text(event_label(e)) for e in events.itertuples()]
    colours = [type_colour(str(t)) for t in events["event_type"]]
    rows = [0.55 + 0.4 * (i % 3) / 2 for i in range(len(events))]  # three rows, so neighbours' labels part
    kinds = mark_kinds(events)
    # the marks mean what the Marks key says: a bar for a span, a hollow dot over a faint band for a loosely
    # known window, a dot for a day, a diamond for what was scheduled
    # Translators: a source's events drawn over the counts of the others, "ACLED: 4 events, drawn one by one"
    entry = plotly_text(ngettext("{source}: {n} event, drawn one by one", "{source}: {n} events, drawn one by one",
                                 len(events)).format(source=name, n=formats.number(len(events))))
    for kind in ("span", "window"):
        for colour in dict.fromkeys(colours):
            kept = [i for i in range(len(events)) if kinds.iloc[i] == kind and colours[i] == colour]
            if not kept:
                continue
            xs = [x for i in kept for x in (events["date_start"].iloc[i], events["date_end"].iloc[i]
                                            + pd.Timedelta(days=1), None)]
            figure.add_trace(go.Scatter(
                x=xs, y=[y for i in kept for y in (rows[i], rows[i], None)], yaxis="y2", mode="lines",
                showlegend=False, hoverinfo="skip", name=f"{name} {kind}s", opacity=1.0 if kind == "span" else 0.3,
                line=dict(width=7 if kind == "span" else 11, color=colour)))
    symbols = ["diamond" if events["status"].iloc[i] == "scheduled" else
               {"span": "line-ns", "window": "circle-open", "point": "circle"}[kinds.iloc[i]] for i in range(len(events))]
    figure.add_trace(go.Scatter(
        x=middle, y=rows, yaxis="y2", name=entry,
        legendgroup="overlay", showlegend=False,
        mode="markers+text" if len(events) <= labelled else "markers", text=texts, textposition="middle right",
        textfont=dict(size=11), cliponaxis=False,
        marker=dict(symbol=symbols, size=11, color=colours, line=dict(width=2, color=colours)),
        customdata=[[event_id] for event_id in events["event_id"]],
        hovertemplate="<b>%{text}</b><br>%{x|%-d %b %Y}<extra>" + plotly_text(name) + "</extra>",
    ))
    figure.add_trace(go.Scatter(  # its legend entry, a plain dot (the marks' shapes are the Marks key's)
        x=[None], y=[None], yaxis="y2", mode="markers", legendgroup="overlay", hoverinfo="skip",
        name=entry,
        marker=dict(symbol="circle", size=10, color=MUTED)))
    if selected is not None and selected in set(events["event_id"]):
        at = list(events["event_id"]).index(selected)
        figure.add_trace(go.Scatter(x=[middle.iloc[at]], y=[rows[at]], yaxis="y2", mode="markers", name="Selected",
                                    showlegend=False, hoverinfo="skip", customdata=[[selected]],
                                    marker=dict(size=24, symbol="circle-open", color="#000000",
                                                line=dict(width=3, color="#000000"))))
    figure.update_layout(
        yaxis=dict(domain=[0, 0.78]),
        yaxis2=dict(domain=[0.8, 1], range=[0.3, 1.15], visible=False, fixedrange=True),
    )
    return figure

