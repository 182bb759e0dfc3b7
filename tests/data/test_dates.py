"""Relative dates resolved against the publication date, and the curated data's use of them."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.data.dates import DateWindow, resolve_date_text

PUBLISHED = date(2023, 5, 14)  # a Sunday


@pytest.mark.parametrize("text, expected", [
    ("Thursday", DateWindow(date(2023, 5, 11), date(2023, 5, 11), "day")),
    ("Friday", DateWindow(date(2023, 5, 12), date(2023, 5, 12), "day")),
    ("Saturday evening", DateWindow(date(2023, 5, 13), date(2023, 5, 13), "day")),
    ("Sunday morning", DateWindow(date(2023, 5, 14), date(2023, 5, 14), "day")),
    ("on Monday", DateWindow(date(2023, 5, 8), date(2023, 5, 8), "day")),
    ("23 April", DateWindow(date(2023, 4, 23), date(2023, 4, 23), "day")),
    ("early May", DateWindow(date(2023, 5, 1), date(2023, 5, 10), "approximate")),
    ("late February", DateWindow(date(2023, 2, 21), date(2023, 2, 28), "approximate")),
    ("the autumn of 2020", DateWindow(date(2020, 9, 1), date(2020, 12, 21), "approximate")),
    ("2020", DateWindow(date(2020, 1, 1), date(2020, 12, 31), "year")),
    ("early 1990s", DateWindow(date(1990, 1, 1), date(1994, 12, 31), "approximate")),
    ("for several months", DateWindow(date(2022, 5, 14), date(2023, 5, 14), "approximate")),
])
def test_resolves_past_wording(text, expected):
    assert resolve_date_text(text, PUBLISHED) == expected


@pytest.mark.parametrize("text, expected", [
    ("1 June", date(2023, 6, 1)),
    ("Thursday", date(2023, 5, 18)),
    ("Sunday", date(2023, 5, 14)),
])
def test_resolves_future_wording_forwards(text, expected):
    window = resolve_date_text(text, PUBLISHED, future=True)
    assert window.start == window.end == expected


def test_a_past_day_after_publication_is_last_year():
    assert resolve_date_text("1 June", PUBLISHED).start == date(2022, 6, 1)


@pytest.mark.parametrize("text", ["not stated", "since then", "more than three decades ago", "Thursday week", ""])
def test_unknown_wording_is_not_guessed(text):
    assert resolve_date_text(text, PUBLISHED) is None


def _article_window(event):
    return resolve_date_text(event.date_text, event.source_date.date(), future=event.status == "scheduled")


def test_dates_resolved_from_the_article_match_the_wording(bundled_events):
    """Events dated from the article alone store exactly the window its words allow."""
    checked = 0
    for event in bundled_events.itertuples():
        if event.date_basis.startswith(("Resolved from the publication date", "Stated in the article")):
            window = _article_window(event)
            assert window is not None, f"{event.event_id}: cannot resolve {event.date_text!r}"
            assert (event.date_start.date(), event.date_end.date(), event.date_precision) == (
                window.start, window.end, window.precision), event.event_id
            checked += 1
    assert checked >= 7


def test_refined_dates_name_their_source_and_agree_with_the_article(bundled_events):
    """A date more precise than the article's words says where the precision comes from."""
    refined = bundled_events[bundled_events["date_basis"].str.contains("[Rr]efined from")]
    assert len(refined) >= 8
    for event in refined.itertuples():
        assert any(ch.isdigit() for ch in event.date_basis.split("efined from", 1)[1]), event.event_id
        window = _article_window(event)
        if window is not None:  # where the article's words resolve, the refinement overlaps them
            assert event.date_start.date() <= window.end and event.date_end.date() >= window.start, event.event_id


def test_every_date_has_a_basis_and_wording(bundled_events):
    assert bundled_events["date_basis"].notna().all()
    assert bundled_events["date_text"].notna().all()
