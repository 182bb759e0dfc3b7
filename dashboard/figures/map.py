"""The map: located events over country outlines, coloured by type and sized by stated casualties.

A small view (up to ``KEY_LIMIT`` located events) numbers its markers in date
order and lists them in a key — readable on paper, where nobody can hover.
Events at one place are one mark there with their count, which spreads them
around the place (each on a thin line to it) when clicked: no mark is ever
drawn away from where its source puts it until a reader asks.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.basemap import MAP_HEIGHT, STYLES, Basemap, add_outlines, bounds_of, load_basemap, map_layout
from dashboard.figures.labels import event_label, text_width
from dashboard.figures.names import Name, Sheet, add_names
from dashboard.figures.style import INK, MUTED, SELECTED_OUTLINE, plotly_text, text_colour_on, type_colour, type_label
from dashboard.language import _, formats, ngettext
from dashboard.language.wording import casualties_text, event_window_text, place_text, when_text

#: Up to this many located events, markers are numbered and keyed.
KEY_LIMIT = 40
#: Width (CSS px) a map is laid out for when none is given; from this width the key sits beside the map.
DEFAULT_WIDTH = 1000
KEY_BESIDE_FROM = 900
#: Below this width (a phone's) the key leaves out the dates, to fit.
COMPACT_BELOW = 600
NUMBERED_SIZE = 20
#: Space (pixels) between a shared place's mark and its events spread around it, so the place stays in
#: sight and a click on it folds them back.
FAN_GAP_PX = 8
#: Events this close on the drawn map (pixels) share a place: one mark with their count.
SAME_PLACE_PX = 2
GROUP_SIZE = 24
#: Events a shared place's hover names before "and N more".
GROUP_HOVER_LINES = 12


def map_figure(events: pd.DataFrame, *, selected: str | None = None, extent: str = "region",
               basemap: Basemap | None = None, style: str = "light", width: int = DEFAULT_WIDTH,
               anchor: pd.DataFrame | None = None) -> go.Figure:
    """A map of the located ``events``, coloured by type and sized by stated casualties.

    ``extent`` "region" fits the main cluster of events; "all" fits every
    located event. ``style`` is "light" or "contrast". ``width`` (CSS px) is
    what the figure will be drawn at: it decides where the key goes. Each
    marker carries its event id as ``customdata[0]``. ``anchor`` (located
    events, e.g. an article's) sets the main region instead of the densest
    cluster of all.
    """
    basemap = basemap or load_basemap()
    located = events.dropna(subset=["latitude", "longitude"])
    bounds = bounds_of(located, extent, anchor=anchor)
    numbered = 0 < len(located) <= KEY_LIMIT
    key = ("right" if width >= KEY_BESIDE_FROM else "below") if numbered else "inside"
    figure = go.Figure()
    land, border, water = STYLES[style]
    names = add_outlines(figure, basemap, bounds, land, border)
    outlines = len(figure.data)
    if numbered:
        located = numbered_events(located)
    sheet = Sheet(bounds, width * (0.62 if key == "right" else 1.0), MAP_HEIGHT)
    located = located.assign(place=_places(located, sheet))
    alone = located[~located["place"].duplicated(keep=False)]
    for n, (event_type, of_type) in enumerate(located.groupby("event_type", sort=False, observed=True)):
        trace = _markers(alone[alone["event_type"] == event_type], str(event_type), numbered, first=n == 0,
                         key_beside=key == "right")
        if len(trace.lon) == 0:  # all its events share places: still keyed, by a point drawn nowhere
            trace.update(lon=[None], lat=[None], customdata=None, text=None, hoverinfo="skip", marker_size=11)
        figure.add_trace(trace)
    _add_groups(figure, located[located["place"].duplicated(keep=False)], sheet, numbered)
    add_names(figure, names + _region_names(located, bounds), sheet, under=outlines)
    if selected is not None:
        _add_selection(figure, located[located["event_id"] == selected])
    if numbered:
        # below the map, a long entry (French, Russian words) wraps rather than running past the figure's edge
        extra = _add_key(figure, located, bounds, titled=key == "right", dated=width >= COMPACT_BELOW,
                         room=width - 40 if key == "below" else None)
    missing = len(events) - len(events.dropna(subset=["latitude", "longitude"]))
    notes = [ngettext("{n} event without a location not shown", "{n} events without a location not shown",
                      missing).format(n=formats.number(missing))] if missing else []
    entries = [t.name for t in figure.data if t.showlegend is not False and t.name not in (None, "borders")]
    columns = 2 if max((text_width(e, 12) for e in entries), default=0) + 40 <= width / 2 else 1
    figure.update_layout(**map_layout(bounds, notes, water, key=key, columns=columns, key_height=_key_height(
        key, len(located) + (extra if numbered else 0), located["event_type"].nunique(), columns)))
    return figure


def _key_height(key: str, events: int, types: int, columns: int) -> int:
    """Pixels the legend with its key needs: a line per entry beside the map, ``columns`` of them below it."""
    if key == "right":
        return 40 + 21 * (events + types) + 30
    if key == "below":
        return 36 + 20 * (math.ceil(events / columns) + math.ceil(types / columns))
    return 0


def numbered_events(located: pd.DataFrame) -> pd.DataFrame:
    """``located`` with the ``number`` a small map's key gives each event: 1, 2, … in date order."""
    order = located.sort_values(["date_start", "event_id"]).index
    return located.assign(number=pd.Series(range(1, len(order) + 1), index=order)).loc[located.index]


def _places(located: pd.DataFrame, sheet: Sheet) -> pd.Series:
    """Each event's place on the drawn map: events in one square of ``SAME_PLACE_PX`` pixels share one, drawn as
    one mark with their count at their mean (a town a source names for many events) — within
    ``SAME_PLACE_PX``·√2 pixels of each."""
    x, y = sheet.pixels(located["longitude"], located["latitude"])
    return pd.Series([f"{a},{b}" for a, b in zip(np.floor(x / SAME_PLACE_PX).astype(int),
                                                np.floor(y / SAME_PLACE_PX).astype(int), strict=True)],
                     index=located.index)


def _add_groups(figure: go.Figure, grouped: pd.DataFrame, sheet: Sheet, numbered: bool) -> None:
    """One mark for the events that share a place, at the place, with their count; and, hidden until the mark
    is clicked (``static/map-groups.js``), the same events spread around it on thin lines to the place."""
    degrees_per_px = sheet.degrees_per_px
    spread_them = _("click to spread them")
    for k, (_place, members) in enumerate(grouped.groupby("place", sort=False)):
        members = members.sort_values(["date_start", "event_id"])
        lat, lon = float(members["latitude"].mean()), float(members["longitude"].mean())
        types = members["event_type"].astype(str).value_counts()
        listed = [f"{getattr(e, 'number', '')} {'· ' if numbered else ''}{plotly_text(event_label(e))}"
                  for e in members.head(GROUP_HOVER_LINES).itertuples()]
        more = len(members) - len(listed)
        place = plotly_text(place_text(next(members.itertuples())))
        count = formats.number(len(members))
        heading = ngettext("{n} event at {place}", "{n} events at {place}", len(members)).format(n=count, place=place)
        hover = (f"<b>{heading}</b> — {spread_them}<br>" + "<br>".join(listed)
                 + ("<br>" + ngettext("… and {n} more", "… and {n} more", more).format(n=formats.number(more))
                    if more > 0 else ""))
        text = number_ranges(members["number"]) if numbered else count
        size = max(min(GROUP_SIZE + 2 * math.sqrt(len(members)), 40), text_width(text, 11) + 4)
        figure.add_trace(go.Scattergeo(
            lon=[lon], lat=[lat], mode="markers+text", name=f"group:{k}", showlegend=False, text=[text],
            textfont=dict(size=11, color=text_colour_on(type_colour(types.index[0]))), customdata=[[None]],
            meta={"events": members["event_id"].astype(str).tolist()},  # played through time (assets/playback.js)
            hovertemplate=hover + "<extra></extra>",
            marker=dict(size=size, color=type_colour(types.index[0]),
                        line=dict(color="white", width=2), opacity=0.95)))
        widest = float(np.max(_mark_sizes(members, numbered)))
        radius = degrees_per_px * max(size / 2 + widest / 2 + FAN_GAP_PX,
                                      (widest + 3) / (2 * math.sin(math.pi / len(members))))
        angles = [math.pi / 2 - 2 * math.pi * i / len(members) for i in range(len(members))]
        spread = members.assign(
            longitude=[lon + radius * math.cos(a) for a in angles],
            latitude=[lat + radius * math.sin(a) * math.cos(math.radians(lat)) for a in angles])
        lines_lon = [v for x in spread["longitude"] for v in (lon, x, None)]
        lines_lat = [v for y in spread["latitude"] for v in (lat, y, None)]
        figure.add_trace(go.Scattergeo(lon=lines_lon, lat=lines_lat, mode="lines", line=dict(color=MUTED, width=1),
                                       hoverinfo="skip", showlegend=False, name=f"spread-lines:{k}", visible=False))
        for event_type, of_type in spread.groupby("event_type", sort=False, observed=True):
            trace = _markers(of_type, str(event_type), numbered, first=False, key_beside=False)
            figure.add_trace(trace.update(name=f"spread:{k}", showlegend=False, visible=False))


def number_ranges(numbers) -> str:
    """The key numbers of events drawn as one mark, as a reader looks them up: "2–4", "2,5", "1–3,7"."""
    ordered = sorted(int(n) for n in numbers)
    runs: list[list[int]] = []
    for n in ordered:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ",".join(f"{r[0]}–{r[-1]}" if len(r) > 2 else ",".join(map(str, r)) for r in runs)


def _mark_sizes(rows: pd.DataFrame, numbered: bool) -> np.ndarray:
    """Each event's mark size (pixels): larger with more stated casualties, the smallest when none are stated."""
    casualties = rows["fatalities"].fillna(0).astype(float) + rows["injuries"].fillna(0).astype(float)
    known = rows["fatalities"].notna() | rows["injuries"].notna()
    smallest = NUMBERED_SIZE if numbered else 11
    return np.where(known, np.clip(smallest + 5 * np.sqrt(casualties), smallest, 40), smallest)


def _markers(rows: pd.DataFrame, event_type: str, numbered: bool, first: bool, key_beside: bool) -> go.Scattergeo:
    colour = type_colour(event_type)
    size = _mark_sizes(rows, numbered)
    not_stated = _("casualties not stated")
    hover = [[e.event_id, plotly_text(str(e.title)), plotly_text(when_text(e)), plotly_text(place_text(e)),
              plotly_text(casualties_text(e) or not_stated)] for e in rows.itertuples()]
    numbers = dict(text=rows["number"].astype(str), mode="markers+text", textposition="middle center",
                   textfont=dict(size=11, color=text_colour_on(colour))) if numbered else dict(mode="markers")
    return go.Scattergeo(
        lon=rows["longitude"], lat=rows["latitude"], name=plotly_text(type_label(event_type)),
        legendgroup="types" if numbered else event_type, customdata=hover,
        legendgrouptitle_text=_("Event types") if numbered and first and key_beside else None,
        hovertemplate="<b>%{customdata[1]}</b><br>%{customdata[2]}<br>%{customdata[3]}<br>%{customdata[4]}<extra></extra>",
        marker=dict(color=colour, size=size, opacity=0.95 if numbered else 0.9, line=dict(color="white", width=1.2)),
        **numbers,
    )


def _add_key(figure: go.Figure, located: pd.DataFrame, bounds, titled: bool, dated: bool = True,
             room: float | None = None) -> int:
    """The key to the numbers: "3 · Washington talks, 1–4 May 2023" (without the date when ``dated`` is
    False, on a phone), marked when the place is off the map; an entry wider than ``room`` px wraps. Returns
    the lines wrapping added."""
    added = 0
    west, south, east, north = bounds
    title = _("Events")
    for e in located.sort_values("number").itertuples():
        label = event_label(e)
        off = not (west <= e.longitude <= east and south <= e.latitude <= north)
        when = f", {event_window_text(e)}" if dated else ""
        text = f"{e.number} · {label}{when}"
        if off:
            # Translators: a key entry whose place lies beyond the map's edges
            text = _("{entry} (off map)").format(entry=text)
        lines = _wrapped(text, room) if room else [text]
        added += len(lines) - 1
        figure.add_trace(go.Scattergeo(
            lon=[None], lat=[None], mode="markers", name="<br>".join(plotly_text(line) for line in lines),
            legendgroup="key", legendgrouptitle_text=title if titled and e.number == 1 else None, hoverinfo="skip",
            marker=dict(color=type_colour(str(e.event_type)), size=9)))
    return added


def _wrapped(text: str, room: float) -> list[str]:
    """``text`` in lines of at most ``room`` px of 12 px type, broken between words."""
    lines, line = [], ""
    for word in text.split(" "):
        trial = f"{line} {word}" if line else word
        if line and text_width(trial, 12) > room:
            lines.append(line)
            line = word
        else:
            line = trial
    return lines + [line]


def _region_names(located: pd.DataFrame, bounds) -> list[Name]:
    """The names of the regions events are placed in (e.g. Nagorno-Karabakh), which have no outline of their
    own, in italics; one name per region, none on a map of a continent or more."""
    west, south, east, north = bounds
    at_region = located[located["geo_precision"] == "region"]
    if max(east - west, north - south) >= 30 or at_region.empty:
        return []
    placed: list[Name] = []
    for name in at_region["location"].astype("str").value_counts().index:
        row = at_region[at_region["location"] == name].iloc[0]
        x, y = float(row["longitude"]), float(row["latitude"])
        if all(math.hypot(x - p.lon, y - p.lat) > 0.8 for p in placed):
            placed.append(Name(name, x, y, INK, shown=f"<i>{plotly_text(name)}</i>"))
    return placed


def _add_selection(figure: go.Figure, rows: pd.DataFrame) -> None:
    if rows.empty:
        return
    figure.add_trace(go.Scattergeo(lon=rows["longitude"], lat=rows["latitude"], mode="markers", showlegend=False,
                                   name="Selected", hoverinfo="skip",
                                   marker=dict(size=32, symbol="circle-open", color=SELECTED_OUTLINE,
                                               line=dict(width=3, color=SELECTED_OUTLINE))))
