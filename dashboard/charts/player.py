"""The player on the timeline's card (#24): play the view through time, pause, step, scrub, choose a speed.

The bar is plain controls; ``static/playback.js`` plays them. Pressing Play fetches what to play once
(``/playback/frames.json``, ``dashboard.output.play``) and the browser draws every frame itself — the map
and the timeline fade their marks, a band shows the window on the timeline, the count says what is shown —
with no request per frame. Pausing writes the frame's day into the URL (``at``), so the server draws the
paused frame like any view: shared, embedded and exported as it is.
"""

from __future__ import annotations

import json
from datetime import date

import dash_bootstrap_components as dbc
from dash import html

from dashboard import ids
from dashboard.language import _, formats
from dashboard.query.playback import SPEED_PRESETS, speed_words


def player_bar(first: date, last: date) -> html.Div:
    """Play/Pause, a step either way, the scrubber, the speed (presets and a typed value) and the player's
    status, with the ids ``static/playback.js`` plays them by. ``first`` and ``last`` are the data's days: the
    scrubber's until the timeline is drawn."""
    targets = {"data-at-control": ids.control("at"), "data-timeline": ids.TIMELINE, "data-map": ids.MAP,
               "data-count": ids.EVENT_COUNT, "data-play-words": _("Play"), "data-pause-words": _("Pause"),
               "data-first": first.isoformat(), "data-last": last.isoformat(),
               "data-months": json.dumps([formats.month_short(date(2000, m, 1)) for m in range(1, 13)])}
    return html.Div([
        html.Button("⏮", id=ids.STEP_BACK, type="button",
                    className="btn btn-sm btn-light border player-step player-back",
                    title=_("Step back one window (←)"), **{"aria-label": _("Step back one window")}),
        html.Button([html.Span("▶", className="player-icon me-1", **{"aria-hidden": "true"}),
                     html.Span(_("Play"), className="player-label")], id=ids.PLAY, type="button",
                    className="btn btn-sm btn-primary player-play text-nowrap", title=_("Play through time (Space)"),
                    **{"aria-pressed": "false"}),
        html.Button("⏭", id=ids.STEP_FORWARD, type="button",
                    className="btn btn-sm btn-light border player-step player-forward",
                    title=_("Step forward one window (→)"), **{"aria-label": _("Step forward one window")}),
        dbc.Label(_("Day of the frame"), html_for=ids.SCRUB, className="visually-hidden"),
        dbc.Input(id=ids.SCRUB, type="range", min=0, max=1, step=1, value=0, className="form-range player-scrub"),
        html.Div([
            html.Label(_("Speed"), htmlFor=ids.SPEED, className="small mb-0 me-1",
                       title=_("Time per second: a number and d, w, m or y (e.g. 2w)")),
            dbc.Input(id=ids.SPEED, type="text", size="sm", list=ids.SPEED_PRESETS, autocomplete="off", maxLength=8,
                      className="player-speed", placeholder=_("e.g. 1w")),
            html.Datalist([html.Option(value=str(s), label=speed_words(s)) for s in SPEED_PRESETS],
                          id=ids.SPEED_PRESETS),
            html.Output(id=ids.SPEED_WORDS, className="small text-muted ms-1 player-speed-words"),
        ], className="d-flex align-items-center"),
        html.Output(id=ids.PLAY_STATUS, className="small fw-semibold player-status", **{"aria-live": "polite"}),
    ], id=ids.PLAYER, role="group", tabIndex=-1, className="player d-flex flex-wrap align-items-center gap-2 px-2 py-1",
        **{"aria-label": _("Play through time")}, **targets)
