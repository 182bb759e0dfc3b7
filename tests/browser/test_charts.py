"""Charts as a reader sees them: the frame the timeline opens on, and labels that name every event of a small
view without covering each other or any mark — on the page, in an embed and in an exported SVG."""

from __future__ import annotations

import json
import time
import urllib.request

import pandas as pd
import pytest

from dashboard import ids

from .conftest import open_view

pytestmark = pytest.mark.browser

TALK_LABELS = {"Washington talks", "Michel meets Pashinian", "Michel meets Aliyev", "Brussels trilateral",
               "Moldova meeting (planned)"}

#: Boxes (viewport pixels) of a Plotly chart's annotations, point markers and bars, under ``root``.
BOXES = """
const root = arguments[0] ? document.querySelector(arguments[0]) : document;
const box = (el) => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
return JSON.stringify({
  labels: Array.from(root.querySelectorAll('g.annotation')).map(g => ({
      text: g.textContent, box: box(g.querySelector('.annotation-text-g') || g)})),
  points: Array.from(root.querySelectorAll('.cartesianlayer .scatterlayer .points path.point'))
      .map(box).filter(b => b[2] > b[0]),
  bars: Array.from(root.querySelectorAll('.cartesianlayer .barlayer .point path')).map(box).filter(b => b[2] > b[0]),
});
"""


def overlap(a, b, slack: float = 0.5) -> bool:
    return a[0] + slack < b[2] and b[0] + slack < a[2] and a[1] + slack < b[3] and b[1] + slack < a[3]


def inside(a, b) -> bool:
    """Label box ``a`` sits within bar ``b`` (a label written on its own bar)."""
    middle = (a[1] + a[3]) / 2
    return b[0] - 1 <= a[0] and a[2] <= b[2] + 1 and b[1] - 2 <= middle <= b[3] + 2


def check_labels(driver, root: str | None, expected: set[str]) -> None:
    found = json.loads(driver.execute_script(BOXES, root))
    texts = {label["text"] for label in found["labels"]}
    assert expected <= texts, f"missing labels: {expected - texts}"
    labels = [label["box"] for label in found["labels"]]
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            assert not overlap(a, b), f"labels overlap: {a} {b}"
        for point in found["points"]:
            assert not overlap(a, point), f"a label covers a mark: {a} {point}"
        for bar in found["bars"]:
            assert not overlap(a, bar) or inside(a, bar), f"a label covers a bar: {a} {bar}"


def axis_range(duo) -> tuple[pd.Timestamp, pd.Timestamp]:
    duo.wait_for_element(f"#{ids.TIMELINE} .js-plotly-plot .xtick", timeout=15)
    found = duo.driver.execute_script(
        f"return document.querySelector('#{ids.TIMELINE} .js-plotly-plot')._fullLayout.xaxis.range")
    return tuple(pd.Timestamp(x) for x in found)


def test_the_default_view_frames_the_dense_events(dashboard):
    open_view(dashboard, "")
    start, end = axis_range(dashboard)
    assert pd.Timestamp("2023-04-01") < start < pd.Timestamp("2023-04-23")
    assert pd.Timestamp("2023-06-01") < end < pd.Timestamp("2023-06-30")
    assert "earlier events" in dashboard.find_element(f"#{ids.TIMELINE}").text


def test_from_and_to_frame_the_timeline_and_all_shows_the_whole_history(dashboard):
    open_view(dashboard, "from=2023-04-01&to=2023-06-30")
    assert axis_range(dashboard) == (pd.Timestamp("2023-04-01"), pd.Timestamp("2023-07-01"))
    dashboard.driver.find_element("css selector", """[id='{"index":0,"type":"range-preset"}']""").click()
    deadline = time.monotonic() + 10
    while axis_range(dashboard)[0] > pd.Timestamp("1990-01-01") and time.monotonic() < deadline:
        time.sleep(0.2)
    assert axis_range(dashboard)[0] < pd.Timestamp("1990-01-01"), "the All button shows the whole history"


def test_every_talk_is_labelled_on_the_page_without_overlaps(dashboard):
    open_view(dashboard, "type=talks")
    dashboard.wait_for_contains_text(f"#{ids.TIMELINE}", "Brussels trilateral", timeout=15)
    check_labels(dashboard.driver, f"#{ids.TIMELINE}", TALK_LABELS)
    assert dashboard.get_logs() == []


def test_every_talk_is_labelled_in_the_embed(dashboard):
    dashboard.driver.get(f"{dashboard.server_url}/embed/timeline?type=talks")
    dashboard.wait_for_contains_text("#chart", "Brussels trilateral", timeout=15)
    check_labels(dashboard.driver, "#chart", TALK_LABELS)


def test_every_talk_is_labelled_in_the_exported_svg(dashboard, tmp_path):
    svg = urllib.request.urlopen(f"{dashboard.server_url}/export/timeline.svg?type=talks").read()
    path = tmp_path / "talks.svg"
    path.write_bytes(svg)
    dashboard.driver.get(path.as_uri())
    check_labels(dashboard.driver, None, TALK_LABELS)


def test_the_map_numbers_small_views_and_keys_them(dashboard):
    open_view(dashboard, "type=talks&extent=all")
    dashboard.wait_for_contains_text(f"#{ids.MAP}", "1 · Washington talks", timeout=15)
    numbers = dashboard.driver.execute_script(
        f"return Array.from(document.querySelectorAll('#{ids.MAP} .scattergeo text'))"
        ".map(t => t.textContent).filter(t => /^[0-9][0-9,–]*$/.test(t))")
    shown = [int(n) for text in numbers for part in text.split(",")
             for n in (range(int(part.split("–")[0]), int(part.split("–")[-1]) + 1))]
    assert sorted(shown) == [1, 2, 3, 4, 5]  # one each, or a shared place's mark naming its events' numbers
