"""Placing short labels next to marks so that nothing overlaps: pure geometry in pixels.

Marks sit in lanes; a lane may grow rows. Each mark is tried row by row with
its label inside it (a long bar), to its right, or to its left; the first
place where neither the mark nor the label touches anything already in that
row wins. A label that fits nowhere in the plot's width makes the caller fall
back to numbers with a key (``Packing.complete`` is False).
"""

from __future__ import annotations

from dataclasses import dataclass

#: Label font size in pixels, and the space kept between a mark and its label, and between neighbours.
LABEL_SIZE = 11
MARK_GAP = 4
NEIGHBOUR_GAP = 6
#: Room taken by the arrowhead drawn where a mark is cut at the plot's edge.
CUT_ARROW = 12
#: A label longer than this many characters is shortened at a word.
LABEL_CHARACTERS = 30
#: A label (a curator's, an importer's) is shown whole up to this many characters.
LABEL_MOST = 48

# Advance widths (in ems) of DejaVu Sans — the widest of the usual sans-serif fallbacks, so that a label
# measured here is never wider on screen or in an exported image.
_NARROW, _WIDE, _CAPS, _OTHER = 0.32, 0.92, 0.72, 0.6


def text_width(text: str, size: float = LABEL_SIZE) -> float:
    """Estimated width in pixels of ``text`` at font ``size`` (generous rather than tight)."""
    total = 0.0
    for char in text:
        if char in "iljtfrI.,;:!'|()[] ":
            total += _NARROW
        elif char in "mwMW—–@%":
            total += _WIDE
        elif char.isupper() or char.isdigit():
            total += _CAPS
        else:
            total += _OTHER
    return total * size + 4


def short_label(text: str, limit: int = LABEL_CHARACTERS) -> str:
    """``text`` cut at a word to at most ``limit`` characters, with an ellipsis when cut."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:–—-")
    return (cut or text[: limit - 1]) + "…"


def event_label(event, limit: int = LABEL_CHARACTERS) -> str:
    """The few words naming ``event`` (a row) on a chart: its label (a curator's, or an importer's "Shelling:
    Berd"), up to ``LABEL_MOST`` characters, else its title cut at a word to ``limit``. A label too long that
    names a kind and a place ("kind: place") is cut in the kind, so the place always reads."""
    label = getattr(event, "label", None)
    given = isinstance(label, str) and bool(label.strip())
    text = " ".join(str(label if given else event.title).split())
    limit = LABEL_MOST if given else limit
    if len(text) <= limit:
        return text
    kind, colon, place = text.rpartition(": ")
    if not colon or not kind:
        return short_label(text, limit)
    first = kind.split(" ", 1)[0]
    if len(first) + len(place) + 3 <= limit:  # the kind cut at a word, the place whole
        return f"{short_label(kind, limit - len(place) - 2)}: {place}"
    return f"{short_label(first, limit // 2)}: {short_label(place, limit - min(len(first), limit // 2) - 3)}"


@dataclass(frozen=True)
class Mark:
    """One mark to place: its lane, its horizontal extent in pixels, and its label's width (0: no label).

    ``bar`` says the label may sit inside the mark when it is long enough.
    """

    lane: int
    x0: float
    x1: float
    label_width: float = 0.0
    bar: bool = False


@dataclass(frozen=True)
class Place:
    """Where a mark went: its row in the lane, and its label's side ("inside", "right", "left" or "")
    with the label's left and right edges in pixels."""

    row: int
    side: str
    left: float
    right: float


@dataclass(frozen=True)
class Packing:
    places: tuple[Place, ...]
    rows: tuple[int, ...]      # rows used by each lane (at least one)
    complete: bool             # every label found a place


def pack(marks: list[Mark], lanes: int, plot_width: float) -> Packing:
    """Place ``marks`` (label widths in pixels) within ``0..plot_width``; see the module's docstring."""
    rows: list[list[list[tuple[float, float]]]] = [[] for _ in range(lanes)]
    places: list[Place | None] = [None] * len(marks)
    complete = True
    order = sorted(range(len(marks)), key=lambda i: (marks[i].lane, marks[i].x0, marks[i].x1))
    for i in order:
        mark = marks[i]
        options = _label_boxes(mark, plot_width)
        if mark.label_width and not options:
            complete = False
        lane_rows = rows[mark.lane]
        for number in range(len(lane_rows) + 1):
            if number == len(lane_rows):
                lane_rows.append([])
            taken = lane_rows[number]
            if _hits(taken, (mark.x0, mark.x1), MARK_GAP):
                continue
            fits = next((box for box in options if not _hits(taken, box[1:], NEIGHBOUR_GAP)), None)
            if options and fits is None:
                continue
            taken.append((mark.x0, mark.x1))
            if fits:
                taken.append(fits[1:])
                places[i] = Place(number, *fits)
            else:
                places[i] = Place(number, "", mark.x1, mark.x1)
            break
    return Packing(tuple(places), tuple(max(len(r), 1) for r in rows), complete)


def _label_boxes(mark: Mark, plot_width: float) -> list[tuple[str, float, float]]:
    """(side, left, right) of each place the label could take inside the plot, in order of preference."""
    width = mark.label_width
    if not width:
        return []
    boxes = []
    # A mark cut at the plot's edge shows an arrowhead there (it continues): keep clear of it.
    visible_left = mark.x0 if mark.x0 >= 0 else CUT_ARROW
    visible_right = mark.x1 if mark.x1 <= plot_width else plot_width - CUT_ARROW
    if mark.bar and visible_right - visible_left >= width + 2 * MARK_GAP:
        boxes.append(("inside", visible_left + MARK_GAP, visible_left + MARK_GAP + width))
    right = mark.x1 + MARK_GAP
    if right >= 0 and right + width <= plot_width:
        boxes.append(("right", right, right + width))
    left = mark.x0 - MARK_GAP
    if left - width >= 0 and left <= plot_width:
        boxes.append(("left", left - width, left))
    return boxes


def _hits(taken: list[tuple[float, float]], box: tuple[float, float], gap: float) -> bool:
    left, right = box
    return any(left < b + gap and a - gap < right for a, b in taken)
