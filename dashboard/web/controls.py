"""Translation between the page's control values and the view state (pure, no Dash)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from dashboard.query.view_state import EXTENTS, GROUPS, MAX_TEXT, ViewState


def state_from_controls(current: ViewState, *, q: str | None, types: list | None, actors: list | None,
                        start: str | None, end: str | None, group: str | None, extent: str | None,
                        sources: list | None = None) -> ViewState:
    """The state the controls describe; the selection carries over from ``current``."""
    date_from, date_to = _iso(start), _iso(end)
    if date_from and date_to and date_to < date_from:
        date_from, date_to = date_to, date_from
    return replace(
        current,
        q=q.strip()[:MAX_TEXT] if isinstance(q, str) else "",
        types=_strings(types),
        actors=_strings(actors),
        sources=_strings(sources),
        date_from=date_from,
        date_to=date_to,
        group=group if isinstance(group, str) and group in GROUPS else "type",
        extent=extent if isinstance(extent, str) and extent in EXTENTS else "region",
    )


def controls_from_state(state: ViewState) -> tuple:
    """(q, types, actors, start, end, group, extent, sources) for the controls, in that order."""
    return (state.q, list(state.types), list(state.actors),
            state.date_from.isoformat() if state.date_from else None,
            state.date_to.isoformat() if state.date_to else None, state.group, state.extent, list(state.sources))


def clicked_event(click_data: dict | None) -> str | None:
    """The event id of a clicked timeline or map point (``customdata[0]``), if any."""
    try:
        custom = click_data["points"][0].get("customdata")
        return custom[0] if custom and isinstance(custom[0], str) else None
    except (KeyError, IndexError, TypeError, AttributeError):
        return None


def clicked_row_event(cell: dict | None) -> str | None:
    """The event id of the table row a person clicked (the grid's ``cellClicked``), if any.

    The grid's ``selectedRows`` is not used for this: it also changes when the
    page itself highlights the selection, and would echo stale selections back.
    """
    if isinstance(cell, dict) and isinstance(cell.get("rowId"), str):
        return cell["rowId"]
    return None


def _strings(values) -> tuple[str, ...]:
    """Checklist values as a tuple of strings; anything else (from a forged request) is dropped."""
    if not isinstance(values, list):
        return ()
    return tuple(dict.fromkeys(v for v in values if isinstance(v, str) and v))


def _iso(text) -> date | None:
    if not text or not isinstance(text, str):
        return None
    try:
        return date.fromisoformat(str(text)[:10])
    except ValueError:
        return None
