"""Translation between the page's control values and the view state (pure, no Dash).

The page offers a control for each declared parameter with a ``Control`` (``dashboard.query.params``); its
values come back by parameter key and are read exactly as a URL is (``ViewState.from_query``), so the page
and a typed URL cannot disagree about what a value means.
"""

from __future__ import annotations

from collections.abc import Mapping
from numbers import Number

from dashboard.query import params
from dashboard.query.view_state import ViewState


def controlled(place: str | None = None) -> tuple[params.Param, ...]:
    """The declared parameters the page offers a control for (at ``place``: "filters" or a chart's name)."""
    return tuple(p for p in params.PARAMS if p.control and (place is None or p.control.place == place))


def state_from_controls(current: ViewState, values: Mapping[str, object]) -> ViewState:
    """The state the controls describe: ``values`` holds each control's value by its parameter's key; what
    has no control (the selection, ``near``) carries over from ``current``. Values a URL could not hold are
    dropped, as a URL's would be."""
    query = {p.key: p.texts(current.value(p)) for p in params.PARAMS if p.key not in values}
    query.update({key: _texts(value) for key, value in values.items()})
    return ViewState.from_query(query)[0]


def controls_from_state(state: ViewState) -> dict[str, object]:
    """Each control's value for ``state``, by its parameter's key."""
    return {p.key: _control_value(p, state.value(p)) for p in controlled()}


def _control_value(param: params.Param, value):
    if param.multiple:
        return list(value)
    if value is None or param.control.kind == "number":
        return value
    return param.write(value)


def _texts(value) -> list[str]:
    """A control's value as URL texts; anything a control cannot send (from a forged request) is dropped."""
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str) and v]
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, Number):
        return [f"{value:g}"]
    return [value] if isinstance(value, str) else []


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
