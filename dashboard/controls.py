"""Translation between the page's control values and the view state (pure, no Dash)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from dashboard.view_state import GROUPS, MAX_TEXT, ViewState


def state_from_controls(current: ViewState, *, q: str | None, types: list | None, actors: list | None,
                        start: str | None, end: str | None, group: str | None) -> ViewState:
    """The state the controls describe; the selection carries over from ``current``."""
    date_from, date_to = _iso(start), _iso(end)
    if date_from and date_to and date_to < date_from:
        date_from, date_to = date_to, date_from
    return replace(
        current,
        q=(q or "").strip()[:MAX_TEXT],
        types=tuple(types or ()),
        actors=tuple(actors or ()),
        date_from=date_from,
        date_to=date_to,
        group=group if group in GROUPS else "type",
    )


def controls_from_state(state: ViewState) -> tuple:
    """(q, types, actors, start, end, group) for the controls, in that order."""
    return (state.q, list(state.types), list(state.actors),
            state.date_from.isoformat() if state.date_from else None,
            state.date_to.isoformat() if state.date_to else None, state.group)


def clicked_event(click_data: dict | None) -> str | None:
    """The event id of a clicked timeline or map point (``customdata[0]``), if any."""
    try:
        point = click_data["points"][0]
        custom = point.get("customdata")
        return str(custom[0]) if custom else None
    except (KeyError, IndexError, TypeError):
        return None


def selected_row_event(rows: list | None) -> str | None:
    """The event id of the table's selected row, if any."""
    if rows and isinstance(rows, list) and isinstance(rows[0], dict):
        return rows[0].get("event_id")
    return None


def _iso(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(str(text)[:10])
    except ValueError:
        return None
