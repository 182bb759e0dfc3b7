"""The phone's agenda: every event in date order with its marker, spans as rails, large views counted."""

from __future__ import annotations


from dashboard.web.agenda import agenda
from dashboard.query.dataset import load_dataset
from dashboard.query.view import resolve_view
from tests.support.synthetic import synthetic_dataset


def walk(component):
    yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children] if children is not None else []:
        if hasattr(child, "to_plotly_json"):
            yield from walk(child)


def classes(component) -> set[str]:
    return set((getattr(component, "className", "") or "").split())


def test_every_event_is_a_row_with_the_marker_its_date_deserves():
    dataset = load_dataset()
    tree = list(walk(agenda(dataset, resolve_view(dataset, ""))))
    buttons = [c for c in tree if "agenda-item" in classes(c)]
    assert len(buttons) == 19
    marks = {b.id["event"]: next(c for c in walk(b) if "agenda-mark" in classes(c)) for b in buttons}
    assert "mark-open" in classes(marks["armenia-complains-peacekeepers"])  # a loose window ("for several months")
    assert "mark-dot" in classes(marks["karabakh-secession"])             # a day (2 September 1991, from its sources)
    assert "mark-bar" in classes(marks["nagorno-karabakh-blockade"])      # a span
    assert "mark-diamond" in classes(marks["moldova-epc-meeting-2023-06-01"])  # scheduled
    assert "mark-dot" in classes(marks["border-clash-2023-05-11"])        # an exact day


def test_spans_run_on_as_rails_beside_the_rows_they_last_through():
    dataset = load_dataset()
    tree = list(walk(agenda(dataset, resolve_view(dataset, ""))))
    rows = [c for c in tree if "agenda-row" in classes(c)]
    rails = [[classes(r) for r in walk(row) if "rail" in classes(r)] for row in rows]
    through = sum(1 for row in rails for rail in row if "rail-through" in rail)
    assert through > 10  # the peacekeepers and the blockade run alongside the spring's events
    assert all(len(row) == len(rails[0]) for row in rails)


def test_a_view_too_large_to_list_is_counted_per_period():
    dataset = synthetic_dataset(3000)
    tree = list(walk(agenda(dataset, resolve_view(dataset, ""))))
    assert not [c for c in tree if "agenda-item" in classes(c)]
    counts = [int(str(c.children).replace(",", "")) for c in tree if "agenda-count" in classes(c)]
    notes = [c.children for c in tree if isinstance(getattr(c, "children", None), str) and "earlier" in c.children]
    if len(counts) < 120:
        assert sum(counts) == 3000
    else:  # the ten most recent years of months are listed; the rest is said in a note
        assert len(counts) == 120 and notes and "earlier months with events" in notes[0]
    view = resolve_view(dataset, "from=2020-01-01")
    listed = [int(str(c.children).replace(",", "")) for c in walk(agenda(dataset, view))
              if "agenda-count" in classes(c)]
    assert sum(listed) == view.count
