"""How tall a figure's legend will be, so that figures can make room for it instead of letting Plotly
push the plot into less space (which moves every label placed for the plot's height)."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard.figures.labels import text_width

ENTRY_HEIGHT = 20
GROUP_GAP = 10
SYMBOL_WIDTH = 50


def legend_groups(figure: go.Figure) -> list[tuple[str | None, list[str]]]:
    """(title, entry names) of each legend group of ``figure``, in order."""
    groups: dict[str, tuple[str | None, list[str]]] = {}
    for number, trace in enumerate(figure.data):
        if trace.showlegend is False or not trace.name:
            continue
        key = trace.legendgroup or f"trace-{number}"
        title = trace.legendgrouptitle.text if trace.legendgrouptitle else None
        entry = groups.setdefault(key, (title, []))
        if title and not entry[0]:
            groups[key] = (title, entry[1])
        groups[key][1].append(trace.name)
    return list(groups.values())


def legend_height(figure: go.Figure, width: float, size: int = 12) -> int:
    """Estimated height in pixels of ``figure``'s horizontal legend at ``width``: groups side by side,
    wrapping onto new rows; a group's entries stacked under its title."""
    total = row = 0.0
    x = 0.0
    for title, entries in legend_groups(figure):
        group_width = max(text_width(e, size) for e in [*entries, title or ""]) + SYMBOL_WIDTH
        group_height = (len(entries) + (1 if title else 0)) * ENTRY_HEIGHT
        if x and x + group_width > width:
            total += row + GROUP_GAP
            x = row = 0.0
        x += group_width + GROUP_GAP
        row = max(row, group_height)
    return int(total + row + 10)
