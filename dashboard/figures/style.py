"""Colours, fonts and sizes shared by every figure, on screen and in print."""

from __future__ import annotations

from dashboard.data import vocabulary
from dashboard.data.formats import event_types
from dashboard.data.vocabulary import FALLBACK_COLOURS

type_label = vocabulary.type_label  # re-exported: figures read labels from here
#: The charts' fonts: the reader's UI font, then fonts with every script the dashboard writes in (Latin with
#: Azerbaijani's ə, Cyrillic, Armenian), which exported SVG files name too: Noto (Debian's fonts-noto-core,
#: installed by ./dev.sh) and DejaVu.
FONT_FAMILY = ("system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans Armenian', 'DejaVu Sans', "
               "'Helvetica Neue', Arial, sans-serif")
INK = "#212529"
MUTED = "#6c757d"
GRID = "#e9ecef"
SELECTED_OUTLINE = "#000000"


def plotly_text(text: str) -> str:
    """Text made inert for Plotly's label markup: ``&``, ``<`` and ``>`` as entities, quotes as they are."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def type_colour(event_type: str) -> str:
    """The colour of an event type, as the import format whose events carry it declares it; unknown types get a
    stable palette colour."""
    known = event_types().get(event_type)
    if known is not None:
        return known.colour
    return FALLBACK_COLOURS[sum(event_type.encode("utf-8")) % len(FALLBACK_COLOURS)]


def with_alpha(hex_colour: str, alpha: float) -> str:
    """``#rrggbb`` as ``rgba(r,g,b,alpha)``."""
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def text_colour_on(hex_colour: str) -> str:
    """Black or white, whichever reads better on the colour (WCAG relative luminance)."""
    def channel(c: int) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(hex_colour[i:i + 2], 16)) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#000000" if (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) else "#ffffff"


def base_layout(**overrides) -> dict:
    """Layout settings every figure starts from."""
    layout = dict(
        font=dict(family=FONT_FAMILY, size=13, color=INK),
        paper_bgcolor="white", plot_bgcolor="white",
        margin=dict(l=10, r=10, t=10, b=10),
        hoverlabel=dict(font=dict(family=FONT_FAMILY, size=13), align="left"),
    )
    layout.update(overrides)
    return layout
