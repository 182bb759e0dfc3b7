"""ACLED and UCDP compared month by month: paired events, events only one source has, and pairs whose
fatality figures disagree."""

from __future__ import annotations

from functools import cache

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.style import MUTED, base_layout
from dashboard.language import N_, _, formats, ngettext
from dashboard.language.wording import events_count

#: What each count is called (a marked text, shown translated) and drawn in.
SERIES = (("paired", N_("Paired (likely the same event)"), "#08519C"), ("ACLED only", N_("ACLED only"), "#B2182B"),
          ("UCDP only", N_("UCDP GED only"), "#FC8D59"))


def comparison_figure(months: pd.DataFrame, *, width: int = 900) -> go.Figure:
    """Stacked monthly bars of ``compare.monthly``'s counts, with the pairs whose fatalities disagree as a
    line of their own."""
    figure = go.Figure()
    x = months["month"].dt.to_timestamp() if len(months) else []
    counted = cache(events_count)
    for column, name, colour in SERIES:
        values = months[column].to_numpy() if len(months) else []
        figure.add_trace(go.Bar(x=x, y=values, name=_(name), marker_color=colour,
                                customdata=[counted(int(n)) for n in values],
                                hovertemplate=f"<b>{_(name)}</b><br>%{{x|%B %Y}}: %{{customdata}}<extra></extra>"))
    disagree = months["fatalities disagree"].to_numpy() if len(months) else []
    figure.add_trace(go.Scatter(
        x=x, y=disagree, name=_("Pairs whose fatalities disagree"),
        mode="lines+markers", line=dict(color="#000000", width=1.5, dash="dot"), marker=dict(size=6),
        customdata=[ngettext("{n} pair", "{n} pairs", int(n)).format(n=formats.number(int(n))) for n in disagree],
        hovertemplate=f"<b>{_('Fatalities disagree')}</b><br>%{{x|%B %Y}}: %{{customdata}}<extra></extra>"))
    figure.update_layout(**base_layout(
        height=420, width=None, barmode="stack", bargap=0.1, margin=dict(l=10, r=10, t=30, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0),
        xaxis=dict(type="date", showgrid=False),
        yaxis=dict(title=dict(text=_("events per month")), gridcolor="#eef0f2", rangemode="tozero"),
        annotations=[] if len(months) else [dict(text=_("No ACLED or UCDP events in this view"), showarrow=False,
                                                 xref="paper", yref="paper", x=0.5, y=0.5,
                                                 font=dict(color=MUTED))],
    ))
    return figure
