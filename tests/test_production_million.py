"""#28's acceptance at its own scale: gunicorn from the Procfile (2 workers) on 1,000,000 synthetic ACLED events
and 50,000 synthetic UCDP GED events in one store (``benchmarks/hardening.py`` measures the same and more).

Slow on purpose (the data is made and imported once for the module, about a minute): these are the
numbers the issue asks for, where they matter.
"""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.conftest import REPO
from tests.support.load import fresh_download_while_stalled, status_of
from tests.support.server import procfile_server, rss_mb, workers_of
from tests.support.synthetic import generate_ucdp
from tests.support.traffic import WIDEST_PAIRS

pytestmark = pytest.mark.production


@pytest.fixture(scope="module")
def million(tmp_path_factory, ucdp_sample, acled_million):
    folder = tmp_path_factory.mktemp("million")
    ucdp, store = folder / "ucdp.csv", folder / "store.duckdb"
    generate_ucdp(50_000, ucdp_sample).to_csv(ucdp, index=False)
    subprocess.run([sys.executable, "-m", "dashboard", "import", str(acled_million), str(ucdp), "--into", str(store)],
                   cwd=REPO, check=True, capture_output=True)
    with procfile_server(workers=2, wait_s=180, extra_env={"DASHBOARD_STORE": str(store)}) as served:
        yield served


def test_four_stalled_csv_readers_at_a_million_events_leave_a_fresh_download_its_file(million):
    base, _ = million
    # each holds a heavy slot: both workers' two
    stalled, status, seconds = fresh_download_while_stalled(base, "1994-01", "1994-02-01")
    assert stalled == 4 and status == 200, f"still {status} {seconds:.1f} s after {stalled} readers stalled"


def test_the_widest_comparison_answers_within_five_seconds_with_bounded_memory(million):
    base, process = million
    workers = workers_of(process.pid)
    for view in ("", "from=2020-01-01&to=2020-12-31&", "from=2020-06-01&to=2020-06-30&"):
        before = {w: rss_mb(w) for w in workers}
        status, seconds = status_of(f"{base}/export/pairs.csv?{view}{WIDEST_PAIRS}")
        after = {w: rss_mb(w) for w in workers}
        assert status in (200, 400, 503) and seconds <= 5, (view, status, seconds)
        assert max(after[w] - before[w] for w in workers) <= 300, (view, before, after)


def test_a_video_of_a_million_events_is_made_within_its_time(million):
    """Sixty frames of the whole million (each a view: a counted timeline) through the route: within the video's
    own time budget (30 s), every frame there. Drawing each frame on a fresh page took 0.4 s a frame at this
    size — past the budget."""
    import imageio.v3 as iio

    base, _ = million
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(f"{base}/export/playback.mp4?frames=60", timeout=60) as response:
            content = response.read()
    except urllib.error.HTTPError as error:
        pytest.fail(f"{error.code} after {time.perf_counter() - started:.1f} s: {error.read()[:300]!r}")
    assert len(iio.imread(content, index=None, extension=".mp4")) == 60


def test_ten_comparisons_at_once_leave_health_quick(million):
    base, _ = million
    urls = [f"{base}/export/pairs.csv?from=2019-{m:02d}-01&to=2019-{m:02d}-28&{WIDEST_PAIRS}" for m in range(1, 11)]
    with ThreadPoolExecutor(10) as pool:
        answers = [pool.submit(status_of, url) for url in urls]
        time.sleep(0.1)
        waits = []
        while not all(a.done() for a in answers):
            status, seconds = status_of(f"{base}/health", timeout=10)
            assert status == 200
            waits.append(seconds)
            time.sleep(0.1)
        statuses = [a.result()[0] for a in answers]
    assert set(statuses) <= {200, 400, 503} and statuses.count(200) >= 1, statuses
    assert waits and max(waits) < 1, waits
