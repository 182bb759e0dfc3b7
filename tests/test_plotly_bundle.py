"""The partial plotly.js: rebuilt from the pinned packages it is the same bytes, at plotly.py's version,
and it holds every trace type any chart draws."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys

import pytest
from plotly.offline import get_plotlyjs_version

from dashboard.charts import CHARTS, Canvas
from dashboard.query.dataset import load_dataset
from dashboard.output.plotly_bundle import BUNDLE, bundle_text
from dashboard.query.view import resolve_view
from tests.support.synthetic import synthetic_dataset

REPO = BUNDLE.parents[2]


def test_the_bundle_is_what_the_pinned_packages_build(tmp_path):
    out = tmp_path / "plotly.min.js"
    subprocess.run([sys.executable, str(REPO / "scripts" / "build_plotly_bundle.py"), "--out", str(out)], check=True,
                   timeout=600)
    assert hashlib.sha256(out.read_bytes()).hexdigest() == hashlib.sha256(BUNDLE.read_bytes()).hexdigest(), \
        "dashboard/static/plotly.min.js is not what scripts/build_plotly_bundle.py builds: rebuild and commit it"


def test_the_bundle_is_plotly_pys_version_and_a_fraction_of_the_full_build():
    assert bundle_text().startswith(f"/* plotly.js {get_plotlyjs_version()}, partial bundle")
    assert len(bundle_text()) < 1_600_000


@pytest.fixture(scope="module")
def large():
    return synthetic_dataset(5000)


def drawn_types(dataset, queries) -> set[str]:
    types = set()
    for name, chart in CHARTS.items():
        for query in queries:
            for on_paper in (False, True):
                figure = chart.figure(dataset, resolve_view(dataset, query), Canvas(width=1000, on_paper=on_paper))
                types |= {trace.type for trace in figure.data}
    return types


def test_every_trace_type_the_charts_draw_is_in_the_bundle(large):
    used = drawn_types(load_dataset(), ["", "type=talks", "group=actor"]) | drawn_types(large, ["", "type=Riots"])
    assert used == {"scatter", "bar", "scattergeo"}
    registered = set(re.findall(r'moduleType:"trace",name:"(\w+)"', bundle_text()))
    assert used <= registered, f"missing from the bundle: {used - registered} (add them to scripts/plotly-bundle/entry.js)"
