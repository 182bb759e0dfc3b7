"""Nothing a reader needs is cut off or spills out of its card, at a desktop, laptop, tablet and phone width,
on the bundled events and on the article beside real exports."""

from __future__ import annotations

import pytest

from dashboard import ids

from dashboard.web import layout
from dashboard.web.app import create_app
from dashboard.data import BUNDLED_EVENTS
from dashboard.query.dataset import load_dataset
from dashboard.settings import Settings
from tests.conftest import FIXTURES

from .conftest import show_table, wait_idle

pytestmark = pytest.mark.browser
WIDTHS = (1440, 1280, 1024, 390)

#: Every box of text inside a card (or the header) that pokes out of it, and every text cut short by its box
#: without a title or tooltip to read it whole; the page itself must not scroll sideways.
SPILLS = """
const out = [], seen = new Set();
if (document.documentElement.scrollWidth > window.innerWidth + 1)
  out.push(['page scrolls sideways', document.documentElement.scrollWidth, window.innerWidth]);
for (const box of document.querySelectorAll('.card, header.navbar, .navbar')) {
  const edge = box.getBoundingClientRect();
  if (edge.width === 0) continue;
  for (const el of box.querySelectorAll('span, label, small, h1, h2, h3, p, a, button, .count')) {
    if (el.closest('svg, .js-plotly-plot, .ag-root-wrapper, .modal, [hidden]') || seen.has(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
    seen.add(el);
    const scroller = el.closest('.overflow-auto, .actor-list, [style*="overflow"]');
    if (scroller && scroller !== box && box.contains(scroller)) continue;  // scrolls within its card
    if (r.right > edge.right + 1 || r.left < edge.left - 1)
      out.push(['spills', el.textContent.trim().slice(0, 40), Math.round(r.left), Math.round(r.right),
                Math.round(edge.left), Math.round(edge.right)]);
    const style = getComputedStyle(el);
    if (style.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1 && !el.title
        && !el.closest('[title]'))
      out.push(['cut without its whole text', el.textContent.trim().slice(0, 40)]);
  }
}
for (const legend of document.querySelectorAll('.js-plotly-plot .legend')) {
  const bg = legend.querySelector('.bg').getBoundingClientRect(), bar = legend.querySelector('.scrollbar');
  if (bar && bar.getBoundingClientRect().height > 0) continue;  // a key that scrolls within its card
  for (const entry of legend.querySelectorAll('.traces')) {
    const r = entry.getBoundingClientRect();
    if (r.height > 0 && r.bottom > bg.bottom + 1) out.push(['key entry cut', entry.textContent.slice(0, 40)]);
  }
}
return out;
"""

#: Grid cells cut short must show their whole text on hover (a tooltip) — the grid renders them itself.
CUT_CELLS = """
return Array.from(document.querySelectorAll('#%s .ag-center-cols-container .ag-cell'))
  .filter(c => { const v = c.querySelector('.ag-cell-value') || c; return v.scrollWidth > v.clientWidth + 1; })
  .map(c => c.getAttribute('col-id'));
"""


@pytest.fixture(scope="module")
def mixed(ucdp_sample):
    return load_dataset([BUNDLED_EVENTS, FIXTURES / "acled" / "hdx_armenia_worldwide.csv", ucdp_sample])


@pytest.fixture(params=["bundled", "mixed"])
def served(request, dash_duo, dataset):
    data = dataset if request.param == "bundled" else request.getfixturevalue("mixed")
    dash_duo.driver.set_window_size(1440, 1000)
    dash_duo.start_server(create_app(Settings(), dataset=data))
    dash_duo.wait_for_contains_text(f"#{ids.EVENT_COUNT}", "events")
    return dash_duo


def test_nothing_is_cut_off_or_spills_at_four_widths(served):
    for width in WIDTHS:
        served.driver.set_window_size(width, 1000)
        served.driver.get(served.server_url)
        served.wait_for_contains_text(f"#{ids.EVENT_COUNT}", "events")
        wait_idle(served)
        if width > 600:
            show_table(served)
            wait_idle(served)
            cut = set(served.driver.execute_script(CUT_CELLS % ids.TABLE))
            assert cut <= _tooltip_columns(), (width, sorted(cut - _tooltip_columns()))
        problems = served.driver.execute_script(SPILLS)
        assert problems == [], (width, problems)


def _tooltip_columns() -> set[str]:
    """Columns whose cells show their whole text in a tooltip."""
    return {c["field"] for c in layout.event_grid().columnDefs if c.get("tooltipField") == c["field"]}
